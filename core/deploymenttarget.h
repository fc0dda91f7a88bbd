// Where a pipeline deploys its model: the interface; implementations (local registry, Vertex AI
// endpoint) are given by the composition root.
#pragma once

#include <string>
#include <vector>

#include "error.h"

namespace covertype {

struct Deployment
{
    std::string target;    ///< "local", "vertex", ...
    std::string model;     ///< model name, e.g. covertype_classifier
    std::string version;   ///< e.g. v01
    std::string endpoint;  ///< where to query it, when the target has one
};

class DeploymentTarget
{
public:
    virtual ~DeploymentTarget() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    /// Deploys the model file as name/version; `replace` allows overwriting an existing version.
    [[nodiscard]] virtual Expected<Deployment> deploy(const std::string &modelPath,
                                                      const std::string &model,
                                                      const std::string &version, bool replace) = 0;
    [[nodiscard]] virtual Expected<std::vector<Deployment>> list() = 0;
    [[nodiscard]] virtual Expected<void> undeploy(const std::string &model,
                                                  const std::string &version) = 0;
};

}  // namespace covertype
