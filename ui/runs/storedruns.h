// Reading runs back from the store for the Runs stage; meant to be called on a worker thread (each
// call opens its own connection, as RunStore requires).
#pragma once

#include <QString>

#include <optional>
#include <vector>

#include "base/error.h"
#include "runs/runstore.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

namespace covertype::ui {

/// One line of the run history.
struct StoredRunSummary
{
    RunSummary summary;
    std::optional<double> bestMetric;  ///< best SUCCEEDED trial by the run's goal
    QString metricTag;
};

/// A run with its trials as the tuner reports them.
struct StoredRun
{
    RunDetails details;
    TuningSpec spec;
    std::vector<TrialResult> trials;
    std::optional<size_t> best;
};

/// The tuning spec a run was recorded with (the pipeline's hypertune_settings for pipelines).
[[nodiscard]] Expected<TuningSpec> storedRunSpec(const RunRecord &run);

/// Every run of the store at `storePath`, newest first, with its best metric.
[[nodiscard]] Expected<std::vector<StoredRunSummary>> listStoredRuns(const QString &storePath);

/// One run and its trials.
[[nodiscard]] Expected<StoredRun> loadStoredRun(const QString &storePath, int64_t runId);

}  // namespace covertype::ui
