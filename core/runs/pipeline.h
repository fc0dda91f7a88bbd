// The course's continuous-training pipeline, run locally: split -> tune -> best trial -> final
// training on training + validation -> evaluation on testing -> deployment gated by a threshold.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "deploy/deploymenttarget.h"
#include "split/split.h"
#include "tuning/trainingbackend.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

namespace covertype {

enum class StepState { Running, Succeeded, Failed, Skipped, Cancelled };
std::string_view stepStateName(StepState state);

struct PipelineStep
{
    int index = 0;
    std::string name;  ///< split, tune, best-trial, train, evaluate, deploy
    StepState state = StepState::Running;
    nlohmann::json output = nlohmann::json::object();
    std::string message;
    double seconds = 0;
};

/// The three splits made elsewhere (BigQuery), and what the split step records of it.
struct PipelineSplit
{
    Dataset training, validation, testing;
    nlohmann::json summary = nlohmann::json::object();
};

struct PipelineConfig
{
    SplitSpec split;
    TuningSpec tuning;
    std::string metric = "accuracy";  ///< evaluation metric: accuracy or recall
    double threshold = 0.69;          ///< deploy only if metric > threshold
    std::string outputDir;            ///< model.json goes to outputDir/model/model.json
    std::string modelName = "covertype_classifier";
    std::string version = "v01";
    bool replaceExistingVersion = false;
    uint64_t seed = 0;
    /// When set, the split step calls it instead of splitting the pipeline's data (which may
    /// then be empty): the split the course makes in BigQuery.
    std::function<Expected<PipelineSplit>()> externalSplit;
};

struct PipelineCallbacks
{
    std::function<void(const PipelineStep &)> onStepStarted;
    std::function<void(const PipelineStep &)> onStepFinished;
    /// Tuning events, forwarded from runTuning (same thread).
    TuningOptions tuning;
    std::function<bool()> cancelRequested;
};

struct PipelineResult
{
    bool succeeded = false;  ///< every step ran (the gate may still say "not deployed")
    bool cancelled = false;
    std::string message;  ///< why the pipeline stopped
    std::vector<PipelineStep> steps;
    std::optional<TuningResult> tuning;
    std::string modelPath;
    std::optional<double> metricValue;
    bool gatePassed = false;
    std::string deployTarget;  ///< the target's name ("local", "vertex"), "none", or "" before
    std::optional<Deployment> deployed;
};

/// Runs the pipeline on `data`. `target` may be null ("--deploy none"): the decision and the model
/// to deploy are still recorded. `backend` runs the tuning and the final training (null: this
/// machine). A failed step stops the pipeline with its reason; a cancelled one keeps the steps
/// finished so far.
[[nodiscard]] PipelineResult runPipeline(const Dataset &data, const PipelineConfig &config,
                                         DeploymentTarget *target,
                                         const PipelineCallbacks &callbacks = {},
                                         TrainingBackend *backend = nullptr);

}  // namespace covertype
