// endpoints of the fake Vertex AI: create/get/list/delete, deployModel starting a real serving
// process from the model's container (done once its health route answers 200), undeployModel
// stopping it, and :predict forwarded to a deployed model's process per the traffic split.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <expected>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "server/exchange.h"
#include "vertex/rpcstatus.h"
#include "vertex/vertexcontext.h"

namespace covertype::fakecloud::vertex {

class LocalProcess;
class ModelStore;

class EndpointStore
{
public:
    /// The largest :predict request body, as on public endpoints (1.5 MB).
    static constexpr size_t kMaxPredictBytes = 1572864;

    EndpointStore(VertexContext &context, ModelStore &models);
    /// Stops every serving process and joins every deployment.
    ~EndpointStore();
    EndpointStore(const EndpointStore &) = delete;
    EndpointStore &operator=(const EndpointStore &) = delete;

    /// Answers the create operation; `endpointId` "" for a generated one.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> create(const std::string &location,
                                                                 const std::string &endpointId,
                                                                 nlohmann::json endpoint);
    [[nodiscard]] std::expected<nlohmann::json, RpcError> get(const std::string &name) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> list(const std::string &location,
                                                               const Request &request) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> remove(const std::string &name);
    /// UpdateEndpoint: the fields named in `updateMask` (trafficSplit, displayName, description,
    /// labels) taken from `endpoint`; any other field is refused, as output-only or unsupported.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> update(const std::string &name,
                                                                 const nlohmann::json &endpoint,
                                                                 const std::string &updateMask);
    /// `request`: the canonical DeployModelRequest; `model` its model's canonical name.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> deploy(const std::string &name,
                                                                 const std::string &model,
                                                                 nlohmann::json request);
    [[nodiscard]] std::expected<nlohmann::json, RpcError> undeploy(const std::string &name,
                                                                   const nlohmann::json &request);
    [[nodiscard]] std::expected<nlohmann::json, RpcError> predict(const std::string &name,
                                                                  const nlohmann::json &request);

private:
    struct Deployment
    {
        std::string endpoint;
        std::string deployedModelId;
        std::string model;
        std::string modelDisplayName;
        std::string predictRoute, healthRoute;
        uint16_t port = 0;
        std::unique_ptr<LocalProcess> process;
        bool ready = false;
    };
    struct Endpoint
    {
        nlohmann::json resource;
        std::map<std::string, std::shared_ptr<Deployment>> deployments;  ///< by deployed id
        int pending = 0;  ///< deployments still starting
    };

    void runDeployment(std::shared_ptr<Deployment> deployment, nlohmann::json deployedModel,
                       nlohmann::json modelResource, std::map<std::string, int> split,
                       std::string operation);
    [[nodiscard]] static std::expected<std::map<std::string, int>, RpcError> checkSplit(
        const nlohmann::json &split, const Endpoint &endpoint, const std::string &newId);

    VertexContext &m_context;
    ModelStore &m_models;
    mutable std::mutex m_mutex;
    std::map<std::string, Endpoint> m_endpoints;
    std::list<std::thread> m_threads;
    std::atomic<bool> m_shuttingDown{false};
    std::mt19937_64 m_random;
};

}  // namespace covertype::fakecloud::vertex
