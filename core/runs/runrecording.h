// Recording tuning runs in the run store, shared by the CLI and the workbench: trials as they
// start, report epochs and finish, and stored trials read back as tuning results.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runs/pipeline.h"
#include "runs/runstore.h"
#include "tuning/tuner.h"

namespace covertype {

/// The store's state for a pipeline step's state (SKIPPED is stored as CANCELLED).
[[nodiscard]] RunState runStateOf(StepState state);
/// The store's record of a pipeline step as it starts (RUNNING) and as it ends (its state,
/// output and message).
[[nodiscard]] PipelineStepRecord startedStepRecord(const PipelineStep &step);
[[nodiscard]] PipelineStepRecord finishedStepRecord(const PipelineStep &step);
/// The store's record of the model a pipeline trained (result.modelPath must be set): the best
/// trial, the file's SHA-256 and the testing metric as {"testing_<metric>": value}.
[[nodiscard]] ModelRecord pipelineModelRecord(int64_t runId, const PipelineResult &result,
                                              const std::string &metric);
/// The store's state for a trial outcome.
[[nodiscard]] TrialState storedTrialState(TrialOutcome state);
/// The outcome of a stored trial (INFEASIBLE and ACTIVE read as Failed / Active).
[[nodiscard]] TrialOutcome trialOutcomeOf(TrialState state);

/// The store's record of a trial (its values named after the spec's parameters).
[[nodiscard]] TrialRecord trialRecord(const TuningSpec &spec, const TrialResult &trial);

/// A stored trial as the tuner reports it; values in `spec` order. Error when the trial lacks a
/// parameter of the spec (it was tuned with other parameters).
[[nodiscard]] Expected<TrialResult> trialResultOf(const TuningSpec &spec, const TrialRecord &trial);

/// Records a tuning run's trials in the store as the tuner reports them. Must be used on the
/// thread that owns the store (the tuner calls its callbacks on the thread that runs it).
class RunRecorder
{
public:
    RunRecorder(RunStore &store, int64_t runId, const TuningSpec &spec);

    /// `options` with the recording callbacks added before the existing ones, and a cancel request
    /// once a write fails.
    [[nodiscard]] TuningOptions attach(TuningOptions options);
    /// The first store error, if any (recording stops at it; the run is cancelled).
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }

private:
    void check(Expected<void> result);

    RunStore &m_store;
    int64_t m_runId;
    TuningSpec m_spec;
    std::optional<Error> m_error;
};

}  // namespace covertype
