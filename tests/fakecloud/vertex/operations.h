// Long-running operations of the fake Vertex AI: {name, metadata, done, error|response}. An
// operation reports done once its work has finished and it has been polled a set number of
// times, so clients must poll as they do against the real service.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "vertex/names.h"
#include "vertex/rpcstatus.h"

namespace covertype::fakecloud::vertex {

class OperationStore
{
public:
    /// Starts an operation named `resource` + "/operations/ID" (e.g. under the model it makes,
    /// or under "projects/P/locations/L"); metadata is `metadataType` with genericMetadata.
    /// `polls`: the GET that first answers done (1 = the first poll after the work finished;
    /// GETs while the work runs count too).
    [[nodiscard]] std::string start(const std::string &resource, const std::string &metadataType,
                                    int polls);
    /// The work succeeded: `response` (its @type is set to `responseType`).
    void succeed(const std::string &name, const std::string &responseType, nlohmann::json response);
    void fail(const std::string &name, const RpcError &error);
    /// Extra metadata fields (deploymentStage, ...).
    void setMetadata(const std::string &name, const std::string &key, nlohmann::json value);

    /// GET: counts a poll; nullopt when no such operation. `name` may also be
    /// "projects/P/locations/L/operations/ID" for an operation nested under a resource.
    [[nodiscard]] std::optional<nlohmann::json> poll(const std::string &name);
    /// The operation as it stands, without counting a poll.
    [[nodiscard]] std::optional<nlohmann::json> peek(const std::string &name) const;
    [[nodiscard]] bool remove(const std::string &name);

private:
    struct Operation
    {
        nlohmann::json metadata;
        std::optional<nlohmann::json> response;
        std::optional<RpcError> error;
        int pollsNeeded = 1;
        int polls = 0;
    };
    /// The operation called `name`, or named by its location and id; end() when none.
    [[nodiscard]] std::map<std::string, Operation>::iterator find(const std::string &name);
    [[nodiscard]] static nlohmann::json render(const std::string &name, const Operation &op,
                                               bool done);

    mutable std::mutex m_mutex;
    std::map<std::string, Operation> m_operations;
    IdSource m_ids;
};

}  // namespace covertype::fakecloud::vertex
