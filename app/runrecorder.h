// The CLI side of tuning runs: progress lines as trials finish, the final table, the --json
// summaries, and the trials of a stored run to resume from. Recording is core/runrecording.h.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "runs/runrecording.h"
#include "runs/runstore.h"
#include "tuning/tuner.h"

namespace covertype::cli {

/// One trial as the --json summaries list it.
nlohmann::json trialJson(const TuningSpec &spec, const TrialResult &trial);
/// {"run_id", "state", "best_trial", "trials"} for a finished tuning.
nlohmann::json tuningSummaryJson(int64_t runId, const TuningSpec &spec, const TuningResult &result);

/// A stored run to resume from (resumePreviousJobId), its values in spec order: the trials it
/// finished, which count toward maxTrials, and those it never finished (running when its
/// process was killed, or cut short by a cancel), which the resumed run runs again.
struct PreviousTrials
{
    std::vector<TrialResult> finished;
    std::vector<TrialResult> unfinished;
};
[[nodiscard]] Expected<PreviousTrials> previousTrials(RunStore &store, const TuningSpec &spec,
                                                      const std::string &runId);

/// `options` with a callback added that prints one line per finished trial (when `print`).
/// Recording in the store is core's RunRecorder (runrecording.h).
[[nodiscard]] TuningOptions printTrials(const TuningSpec &spec, TuningOptions options, bool print);

/// A metric with 6 decimals, or "-" when there is none.
std::string metricText(const std::optional<double> &value);

/// Prints the trials sorted best first (by the spec's goal; failed last).
void printTrialTable(const TuningSpec &spec, const TuningResult &result);

}  // namespace covertype::cli
