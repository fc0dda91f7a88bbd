// Where a model is deployed: the interface; implementations (local registry, Vertex AI endpoint)
// are created by the composition root and handed to the pipeline and the UI.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.h"

namespace covertype {

struct Deployment
{
    std::string target;       ///< "local", "vertex", ...
    std::string model;        ///< model name, e.g. covertype_classifier
    std::string version;      ///< e.g. v01
    std::string endpoint;     ///< where to query it, when the target has one
    std::string modelPath;    ///< the deployed artifact (a registry path, a gs:// URI, ...)
    std::string createdAt;    ///< UTC, ISO 8601
    bool isDefault = false;   ///< the version requests without a version go to
    int trafficPercent = -1;  ///< its share of the endpoint's requests; -1: not split by traffic
};

/// One step of a deploy, as the CLI prints it and the workbench shows it in its checklist.
struct DeployStep
{
    enum class State { Started, Done, Failed, Removed };
    std::string what;  ///< "upload model.json", "create endpoint ...", ...
    State state = State::Started;
    std::string detail;  ///< a resource name, or why it failed
};

class DeploymentTarget
{
public:
    virtual ~DeploymentTarget() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    /// Told of every step of the next deploys as it starts and ends (on the deploying thread);
    /// a target whose deploy is one step reports none. Set it while no deploy runs.
    virtual void setStepObserver(std::function<void(const DeployStep &)> observer)
    {
        (void)observer;
    }
    /// Asks a deploy in progress (on another thread) to stop: it undoes what it made and fails
    /// with ErrorCode::Cancelled. Calls after it work again. A target whose deploy is one quick
    /// local step ignores it.
    virtual void requestCancel() {}
    /// Deploys the model file as name/version; `replace` allows overwriting an existing version.
    /// The first version of a model becomes its default.
    [[nodiscard]] virtual Expected<Deployment> deploy(const std::string &modelPath,
                                                      const std::string &model,
                                                      const std::string &version, bool replace) = 0;
    /// Every deployed version of every model, sorted by model then version.
    [[nodiscard]] virtual Expected<std::vector<Deployment>> list() = 0;
    /// Makes `version` the one requests without a version are answered by.
    [[nodiscard]] virtual Expected<void> setDefault(const std::string &model,
                                                    const std::string &version) = 0;
    /// Removes a version. The default version can only go when it is the model's last one.
    [[nodiscard]] virtual Expected<void> undeploy(const std::string &model,
                                                  const std::string &version) = 0;
    /// Deletes an endpoint (as Deployment::endpoint names it) with every version deployed on
    /// it, for targets whose versions live on endpoints; others have none to delete.
    [[nodiscard]] virtual Expected<void> deleteEndpoint(const std::string &endpoint)
    {
        return fail(ErrorCode::InvalidArgument,
                    "the " + name() + " target has no endpoint to delete ('" + endpoint + "')");
    }
    /// Answers a prediction request body ({"instances": [...], "parameters": {...}?}) with the
    /// given version (empty: the default) exactly as the serving endpoint would:
    /// {"predictions": [...]}. Bad instances are ErrorCode::InvalidArgument naming index and field.
    [[nodiscard]] virtual Expected<nlohmann::json> predict(const std::string &model,
                                                           const std::string &version,
                                                           const nlohmann::json &request) = 0;
};

}  // namespace covertype
