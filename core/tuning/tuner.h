// Local hyperparameter tuning: trials of the course trainer run maxParallelTrials at a time,
// proposed by a Searcher, with median early stopping, failure limits, cancel and resume.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "data/dataset.h"
#include "training/trainer.h"
#include "tuning/search.h"
#include "tuning/tuningspec.h"

namespace covertype {

/// How a trial ended (the store keeps the same states as TrialState, plus INFEASIBLE).
/// Cancelled: the run was cancelled while the trial trained (it did not fail; it may run again).
enum class TrialOutcome { Active, Succeeded, Failed, StoppedEarly, Cancelled };
enum class TuningState { Succeeded, Failed, Cancelled };

/// The message of a cancelled trial; the run store keeps such a trial as FAILED with it.
inline constexpr const char *kTrialCancelledMessage = "cancelled";

std::string_view trialOutcomeName(TrialOutcome state);  ///< "ACTIVE", "SUCCEEDED", ...
std::string_view tuningStateName(TuningState state);    ///< "SUCCEEDED", "FAILED", "CANCELLED"

struct TrialResult
{
    std::string trialId;  ///< "1", "2", ... as the services number trials
    ParameterValues values;
    TrialOutcome state = TrialOutcome::Active;
    std::optional<double> objective;   ///< the final metric; none for failed trials
    std::vector<double> intermediate;  ///< validation accuracy after each epoch
    std::string message;               ///< why it failed or stopped
    int epochs = 0;
    double seconds = 0;
};

struct TuningOptions
{
    uint64_t seed = 0;
    /// Finished trials of a previous run (resumePreviousJobId): they count toward maxTrials and
    /// inform the search; new trials are numbered after them.
    std::vector<TrialResult> previous;
    /// Trials of that run that never finished (in flight when it was killed or cancelled): run
    /// again first, with their ids and values. They do not count as previous trials.
    std::vector<TrialResult> rerun;
    /// Visit a grid in seeded random order.
    bool shuffleGrid = false;
    /// Events, all called on the thread that called runTuning(), in a deterministic order per
    /// trial. onTrialFinished is the place to persist a trial.
    std::function<void(const TrialResult &)> onTrialStarted;
    std::function<void(const TrialResult &, int epoch, double value)> onIntermediate;
    std::function<void(const TrialResult &)> onTrialFinished;
    /// Polled often (every epoch of every trial and while waiting); true cancels the run.
    std::function<bool()> cancelRequested;
};

struct TuningResult
{
    TuningState state = TuningState::Succeeded;
    std::vector<TrialResult> trials;  ///< previous trials first, then this run's, by trial id
    std::optional<size_t> best;       ///< index into trials of the best SUCCEEDED trial
    std::string message;              ///< why the run failed or was cancelled
};

/// Runs the tuning job described by `spec` (which must pass validateTuningSpec) on the course
/// trainer: each trial fits on `training` with the trial's alpha / max_iter and is scored on
/// `validation` with the spec's metric tag ("accuracy", or "recall" for macro recall).
/// Deterministic for a given seed whatever the thread timing: trial k is proposed from trials
/// 0..k-P (P = maxParallelTrials), and early stopping compares trial k at epoch e with the
/// earlier trials at epoch e.
[[nodiscard]] Expected<TuningResult> runTuning(const TuningSpec &spec, const Dataset &training,
                                               const Dataset &validation,
                                               const TuningOptions &options = {});

/// The trainer's parameters for a trial's values (alpha, max_iter; others keep their defaults).
[[nodiscard]] TrainParams trialTrainParams(const TuningSpec &spec, const ParameterValues &values,
                                           uint64_t seed);

/// A trial's values as a JSON object name -> value, in spec order.
[[nodiscard]] nlohmann::json parameterValuesJson(const TuningSpec &spec,
                                                 const ParameterValues &values);

/// Index of the best trial among those with `state == Succeeded` by the spec's goal; ties go to
/// the earlier trial.
[[nodiscard]] std::optional<size_t> bestTrial(const std::vector<TrialResult> &trials, Goal goal);

}  // namespace covertype
