// Glue between the tuning/pipeline services and the run store for the CLI: records trials as they
// start and finish, prints progress lines, and builds the --json summaries.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "runstore.h"
#include "tuner.h"

namespace covertype::cli {

/// One trial as the --json summaries list it.
nlohmann::json trialJson(const TuningSpec &spec, const TrialResult &trial);
/// {"run_id", "state", "best_trial", "trials"} for a finished tuning.
nlohmann::json tuningSummaryJson(int64_t runId, const TuningSpec &spec, const TuningResult &result);

/// The finished trials of a stored run, in spec order, to resume from (resumePreviousJobId).
[[nodiscard]] Expected<std::vector<TrialResult>> previousTrials(RunStore &store,
                                                                const TuningSpec &spec,
                                                                const std::string &runId);

/// Records a tuning run's trials in the store and prints one line per finished trial.
class RunRecorder
{
public:
    RunRecorder(RunStore &store, int64_t runId, const TuningSpec &spec, bool print);

    /// `options` with the recording callbacks added (existing callbacks still run).
    [[nodiscard]] TuningOptions attach(TuningOptions options);
    /// The first store error, if any (recording stops at it; the run is cancelled).
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }

private:
    void check(Expected<void> result);
    TrialRecord record(const TrialResult &trial) const;

    RunStore &m_store;
    int64_t m_runId;
    const TuningSpec &m_spec;
    bool m_print;
    std::optional<Error> m_error;
};

/// A metric with 6 decimals, or "-" when there is none.
std::string metricText(const std::optional<double> &value);

/// Prints the trials sorted best first (by the spec's goal; failed last).
void printTrialTable(const TuningSpec &spec, const TuningResult &result);

}  // namespace covertype::cli
