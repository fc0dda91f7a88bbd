// Vertex AI as a DeploymentTarget: a model version becomes a Vertex model (its model.json under
// the GCS root, served by the serving image) deployed on the model's endpoint; every step is
// reported, and a deploy that fails removes what it created.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "deploy/deploymenttarget.h"
#include "storage/gcsclient.h"
#include "vertex/vertexclient.h"

namespace covertype::cloud {

struct VertexDeploySettings
{
    /// The serving container (packaging/containers/serving): `covertype serve` under the
    /// custom-container contract.
    std::string servingImage;
    std::string machineType = "n1-standard-2";
    /// Where model artifacts go: {gcsRoot}/models/{model}/{version}/model.json.
    std::string gcsRoot;
    /// Labels every resource covertype-run=runId (cloud cleanup --run removes them); may be
    /// empty.
    std::string runId;
    /// The endpoint to deploy to: a full name must exist, an id is created when missing;
    /// empty: the model's own endpoint (its id from the model's name), created when missing.
    std::string endpoint;
    std::chrono::seconds timeout{1800};
};

using covertype::DeployStep;

/// A Vertex AI label value from free text: lower case, [a-z0-9_-], at most 63 characters.
[[nodiscard]] std::string vertexLabelValue(std::string_view text);
/// The endpoint id used for a model name: covertype_classifier -> covertype-classifier.
[[nodiscard]] std::string vertexEndpointId(std::string_view model);

class VertexDeploymentTarget : public DeploymentTarget
{
public:
    VertexDeploymentTarget(const VertexClient &vertex, const GcsClient &storage,
                           VertexDeploySettings settings);

    /// Called for every step as it starts and ends (on the calling thread).
    void setStepObserver(std::function<void(const DeployStep &)> observer) override;

    [[nodiscard]] std::string name() const override { return "vertex"; }
    /// Validates the model (a local path or gs://), copies it under the GCS root, uploads it as a
    /// Vertex model, creates the endpoint when needed, deploys it with all the traffic and waits
    /// until it serves. `replace` allows a version already deployed there (the old one is
    /// undeployed after the new one serves). On failure, what this call created is removed.
    [[nodiscard]] Expected<Deployment> deploy(const std::string &modelPath,
                                              const std::string &model, const std::string &version,
                                              bool replace) override;
    /// The deployed models of the endpoints this product made (label covertype-model).
    [[nodiscard]] Expected<std::vector<Deployment>> list() override;
    /// Vertex AI routes by traffic split: the version is given all of it.
    [[nodiscard]] Expected<void> setDefault(const std::string &model,
                                            const std::string &version) override;
    /// Undeploys every model of the endpoint (deleting each Vertex AI model), then the
    /// endpoint.
    [[nodiscard]] Expected<void> deleteEndpoint(const std::string &endpoint) override;
    /// Undeploys the version and deletes its Vertex model; the endpoint goes with its last one.
    [[nodiscard]] Expected<void> undeploy(const std::string &model,
                                          const std::string &version) override;
    /// Sends the request to the model's endpoint. A version other than the one taking the
    /// traffic cannot be asked by name on Vertex AI and is refused.
    [[nodiscard]] Expected<nlohmann::json> predict(const std::string &model,
                                                   const std::string &version,
                                                   const nlohmann::json &request) override;

private:
    [[nodiscard]] std::string endpointName(const std::string &model) const;
    [[nodiscard]] nlohmann::json labels(const std::string &model, const std::string &version) const;
    void report(const std::string &what, DeployStep::State state, const std::string &detail = {});
    /// The endpoint resource and the deployed model of `version` on it (null when absent).
    [[nodiscard]] Expected<std::pair<nlohmann::json, nlohmann::json>> findDeployed(
        const std::string &model, const std::string &version) const;

    const VertexClient &m_vertex;
    const GcsClient &m_storage;
    VertexDeploySettings m_settings;
    std::function<void(const DeployStep &)> m_observer;
};

}  // namespace covertype::cloud
