// Deploy-stage service: the final model of a stored run, the threshold gate, the next free
// version name, and deployments recorded in the run store the way `covertype deploy` records them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "deploy/deploymenttarget.h"
#include "runs/pipeline.h"
#include "runs/runstore.h"

namespace covertype {

/// Marks the DEPLOYED local records of name/version in `registry` UNDEPLOYED with `message`
/// (all but `except`); returns how many changed.
[[nodiscard]] Expected<int> markLocalUndeployed(RunStore &store, const std::string &registry,
                                                const std::string &name, const std::string &version,
                                                const std::string &message,
                                                std::optional<int64_t> except = std::nullopt);

/// What the Deploy stage shows of a run: its newest model (none for most tuning runs) and the
/// metrics recorded with it.
struct RunModelInfo
{
    int64_t runId = 0;
    RunKind kind = RunKind::Tune;
    RunState state = RunState::Queued;
    std::optional<ModelRecord> model;
    std::vector<std::pair<std::string, double>> metrics;  ///< metric name -> value, as stored
};

/// Loads run `runId` from the store at `storePath` (opened and closed on the calling thread).
[[nodiscard]] Expected<RunModelInfo> loadRunModel(const std::string &storePath, int64_t runId);

/// The value of `metric` ("accuracy" or "recall") among the model's metrics: the testing score
/// the pipeline records, else a validation score or the bare name. nullopt when none is stored.
[[nodiscard]] std::optional<double> metricValue(const RunModelInfo &info,
                                                const std::string &metric);

/// The pipeline's gate: a model deploys when its metric is strictly above the threshold.
[[nodiscard]] bool gatePasses(double value, double threshold);

/// "v01", "v02", ...: one past the highest vNN already deployed for `model`.
[[nodiscard]] std::string nextFreeVersion(const std::vector<Deployment> &deployed,
                                          const std::string &model);

/// Deploys the run's model to `target` as model/version and records it in the store (DEPLOYING,
/// then DEPLOYED or FAILED; earlier DEPLOYED records of the same name/version in this registry
/// become UNDEPLOYED). Opens its own store connection, so it may run on a worker thread.
[[nodiscard]] Expected<Deployment> deployAndRecord(
    DeploymentTarget &target, const std::string &storePath, const ModelRecord &model,
    const std::string &registry, const std::string &name, const std::string &version, bool replace);

/// Records a deployment of model `modelId` of run `runId` to the local registry at `registry` in
/// `state`. A DEPLOYED record marks the earlier DEPLOYED records of the same name/version in that
/// registry UNDEPLOYED ("replaced"). Returns the deployment id.
[[nodiscard]] Expected<int64_t> recordLocalDeployment(RunStore &store, int64_t runId,
                                                      int64_t modelId, const std::string &registry,
                                                      const std::string &name,
                                                      const std::string &version,
                                                      DeploymentState state,
                                                      const std::string &message = {});

/// Records what pipeline run `runId` produced, for the CLI and the workbench alike: its model
/// (when the file exists) and, when it passed the gate with a target (the local `registry`, or
/// a Vertex AI endpoint: PipelineResult::deployTarget), the deployment or why the deploy step
/// failed.
[[nodiscard]] Expected<void> recordPipelineOutcome(RunStore &store, int64_t runId,
                                                   const PipelineResult &result,
                                                   const PipelineConfig &config,
                                                   const std::string &registry);

/// Marks the store's DEPLOYED records of name/version in `registry` UNDEPLOYED.
[[nodiscard]] Expected<int> recordUndeploy(const std::string &storePath,
                                           const std::string &registry, const std::string &name,
                                           const std::string &version);

}  // namespace covertype
