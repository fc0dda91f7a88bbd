// The confusion matrix of a trial's model, for the Runs stage's chart: the recorded model when
// there is one, else the trial's values retrained. Slow: call it on a worker thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "base/error.h"
#include "data/dataset.h"
#include "runs/chartseries.h"
#include "split/split.h"
#include "tuning/tuningspec.h"

namespace covertype::ui {

struct TrialEvaluationRequest
{
    std::shared_ptr<const Dataset> data;
    SplitSpec split;
    TuningSpec spec;
    ParameterValues values;  ///< the trial's values (used when modelPath is empty)
    uint64_t seed = 0;
    std::string modelPath;  ///< a model recorded by a pipeline: evaluated on the testing rows
};

/// The confusion series on the validation rows (retrained trial) or the testing rows (recorded
/// model). `cancel` is polled between epochs.
[[nodiscard]] Expected<ConfusionSeries> evaluateTrial(const TrialEvaluationRequest &request,
                                                      const std::atomic<bool> &cancel);

}  // namespace covertype::ui
