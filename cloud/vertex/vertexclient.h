// Vertex AI through its REST API (v1): custom jobs and hyperparameter tuning jobs (created safely
// under a request label, polled to a final state), models, endpoints, deployments and
// predictions, and the long-running operations they return.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/apiclient.h"

namespace covertype::cloud {

/// Job kinds of the JobService, as their collection names.
enum class VertexJobKind { Custom, HyperparameterTuning };

/// JOB_STATE_SUCCEEDED, _FAILED, _CANCELLED, _EXPIRED, _PARTIALLY_SUCCEEDED; unknown states are
/// not final.
[[nodiscard]] bool isFinalJobState(const std::string &state);

/// The Vertex AI console page of a resource (projects/P/locations/R/<collection>/<id>: a job, a
/// model, an endpoint), for users to open; `project` and `region` stand in for what the name
/// does not say.
[[nodiscard]] std::string vertexConsoleUrl(const std::string &name, std::string project,
                                           std::string region);

class VertexClient
{
public:
    /// `root` as CloudConfig::aiplatformRoot ("https://us-central1-aiplatform.googleapis.com/").
    VertexClient(const ApiClient &api, std::string root, std::string project, std::string region);

    /// projects/P/locations/R
    [[nodiscard]] std::string parent() const;
    /// This client's project, region and endpoint through another API client (which must
    /// outlive the copy).
    [[nodiscard]] VertexClient through(const ApiClient &api) const
    {
        return {api, m_root, m_project, m_region};
    }
    [[nodiscard]] const ApiClient &api() const { return m_api; }
    /// The console page of a resource (a job, a model, an endpoint), for users to open.
    [[nodiscard]] std::string consoleUrl(const std::string &name) const;

    /// Creates a job from `job` (a CustomJob or HyperparameterTuningJob resource). The job is
    /// labelled covertype-request=`requestId`; when a create gets no clear answer (a lost
    /// connection, 5xx) the jobs carrying that label are looked up before trying again, so a
    /// create that succeeded unseen is taken, never repeated. Returns the job resource.
    [[nodiscard]] Expected<nlohmann::json> createJob(VertexJobKind kind, nlohmann::json job,
                                                     const std::string &requestId) const;
    [[nodiscard]] Expected<nlohmann::json> getJob(const std::string &name) const;
    /// Jobs of the kind in this location matching `filter` (the API's syntax, e.g.
    /// labels.covertype-run="12"), every page.
    [[nodiscard]] Expected<std::vector<nlohmann::json>> listJobs(VertexJobKind kind,
                                                                 const std::string &filter) const;
    /// Asks the service to cancel the job; works after the client's stop token was requested
    /// (a stop asks for exactly this).
    [[nodiscard]] Expected<void> cancelJob(const std::string &name) const;
    [[nodiscard]] Expected<void> deleteJob(const std::string &name) const;
    /// Polls the job (1 s, growing to 15 s) until its state is final, calling `onPoll` with each
    /// answer (trials as they finish); false from onPoll stops waiting. When the client is
    /// stopped (Ctrl-C) the job is cancelled, unless `keepRunning` says to leave it to run on
    /// (the workbench closing: it follows the job again when it opens). Returns the final
    /// resource; a FAILED job is still a result (its error is in the resource), only the
    /// transport fails this (ErrorCode::Cancelled when stopped).
    [[nodiscard]] Expected<nlohmann::json> waitForJob(
        const std::string &name, const std::function<bool(const nlohmann::json &)> &onPoll,
        std::chrono::seconds timeout, const std::function<bool()> &keepRunning = {}) const;

    /// Uploads a model (an UploadModelRequest body); waits for its operation. Returns the
    /// operation's response: {model, modelVersionId}.
    [[nodiscard]] Expected<nlohmann::json> uploadModel(const nlohmann::json &request,
                                                       std::chrono::seconds timeout) const;
    /// Creates an endpoint with the given id (so a repeated create meets ALREADY_EXISTS and takes
    /// the endpoint that exists); waits for the operation; returns the Endpoint.
    [[nodiscard]] Expected<nlohmann::json> createEndpoint(const std::string &endpointId,
                                                          const nlohmann::json &endpoint,
                                                          std::chrono::seconds timeout) const;
    [[nodiscard]] Expected<nlohmann::json> getEndpoint(const std::string &name) const;
    [[nodiscard]] Expected<std::vector<nlohmann::json>> listEndpoints(
        const std::string &filter) const;
    /// Patches the fields of `endpoint` named in `updateMask` ("trafficSplit", "labels", ...);
    /// returns the updated Endpoint.
    [[nodiscard]] Expected<nlohmann::json> updateEndpoint(const std::string &name,
                                                          const nlohmann::json &endpoint,
                                                          const std::string &updateMask) const;
    /// deployModel and wait: returns the DeployModelResponse ({deployedModel: {id, ...}}).
    /// `sent` is told of the operation before the wait (to wait for it again after a stop).
    [[nodiscard]] Expected<nlohmann::json> deployModel(
        const std::string &endpoint, const nlohmann::json &request, std::chrono::seconds timeout,
        const std::function<void(const nlohmann::json &operation)> &sent = {}) const;
    /// Undeploys one deployed model; `trafficSplit` (non-empty) becomes the endpoint's split for
    /// the models that stay, as it must when the one going takes traffic and others stay.
    [[nodiscard]] Expected<void> undeployModel(
        const std::string &endpoint, const std::string &deployedModelId,
        std::chrono::seconds timeout,
        const nlohmann::json &trafficSplit = nlohmann::json::object()) const;
    [[nodiscard]] Expected<void> deleteEndpoint(const std::string &name,
                                                std::chrono::seconds timeout) const;
    /// Models of this location matching `filter` (e.g. labels.covertype-run="3"), every page.
    [[nodiscard]] Expected<std::vector<nlohmann::json>> listModels(const std::string &filter) const;
    [[nodiscard]] Expected<void> deleteModel(const std::string &name,
                                             std::chrono::seconds timeout) const;
    /// {instances, parameters?} -> {predictions, deployedModelId, ...}
    [[nodiscard]] Expected<nlohmann::json> predict(const std::string &endpoint,
                                                   const nlohmann::json &request) const;

    /// Polls a long-running operation (0.5 s, growing to 5 s) until done; its error becomes an
    /// Error naming `what`, else returns its response (or {}).
    [[nodiscard]] Expected<nlohmann::json> waitForOperation(nlohmann::json operation,
                                                            const std::string &what,
                                                            std::chrono::seconds timeout) const;

private:
    [[nodiscard]] std::string url(const std::string &path) const;
    [[nodiscard]] static const char *collection(VertexJobKind kind);
    /// Every item under `key` of every page of parent()/collectionPath.
    [[nodiscard]] Expected<std::vector<nlohmann::json>> listAll(const std::string &collectionPath,
                                                                const std::string &key,
                                                                const std::string &filter) const;

    const ApiClient &m_api;
    std::string m_root;
    std::string m_project;
    std::string m_region;
};

}  // namespace covertype::cloud
