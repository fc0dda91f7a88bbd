// models of the fake Vertex AI: upload (a long-running operation), get, list, delete; the
// endpoints record where each model is deployed.
#pragma once

#include <nlohmann/json.hpp>

#include <expected>
#include <map>
#include <mutex>
#include <string>

#include "server/exchange.h"
#include "vertex/rpcstatus.h"
#include "vertex/vertexcontext.h"

namespace covertype::fakecloud::vertex {

class ModelStore
{
public:
    explicit ModelStore(VertexContext &context) : m_context(context) {}

    /// `body`: the canonical UploadModelRequest. Answers the operation.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> upload(const std::string &location,
                                                                 nlohmann::json body);
    /// `name` may end in "@VERSION".
    [[nodiscard]] std::expected<nlohmann::json, RpcError> get(const std::string &name) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> list(const std::string &location,
                                                               const Request &request) const;
    /// Answers the delete operation; FAILED_PRECONDITION while the model is deployed.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> remove(const std::string &name);

    void addDeployment(const std::string &model, const std::string &endpoint,
                       const std::string &deployedModelId);
    void removeDeployment(const std::string &model, const std::string &endpoint,
                          const std::string &deployedModelId);

private:
    VertexContext &m_context;
    mutable std::mutex m_mutex;
    std::map<std::string, nlohmann::json> m_models;
};

}  // namespace covertype::fakecloud::vertex
