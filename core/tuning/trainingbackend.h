// Where tuning trials and the final training run: the interface the pipeline (and the workbench)
// call, with the local implementation here; the Vertex AI one lives in cloud/vertex and is chosen
// by the composition root, so neither caller knows which one runs.
#pragma once

#include <functional>
#include <string>

#include "base/error.h"
#include "data/dataset.h"
#include "training/trainer.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

namespace covertype {

class TrainingBackend
{
public:
    virtual ~TrainingBackend() = default;
    /// "local", "vertex"
    [[nodiscard]] virtual std::string name() const = 0;
    /// Runs the tuning job of `spec` on the split with `options`' seed, events and cancel, as
    /// runTuning does (events on the calling thread; trials numbered "1", "2", ...).
    [[nodiscard]] virtual Expected<TuningResult> tune(const TuningSpec &spec,
                                                      const Dataset &training,
                                                      const Dataset &validation,
                                                      const TuningOptions &options) = 0;
    /// The final training on training + validation with `params`; `cancelRequested` polled.
    [[nodiscard]] virtual Expected<TrainOutcome> train(
        const Dataset &training, const Dataset &validation, const TrainParams &params,
        const std::function<bool()> &cancelRequested) = 0;
};

/// This machine: runTuning and trainModel.
class LocalTrainingBackend : public TrainingBackend
{
public:
    [[nodiscard]] std::string name() const override { return "local"; }
    [[nodiscard]] Expected<TuningResult> tune(const TuningSpec &spec, const Dataset &training,
                                              const Dataset &validation,
                                              const TuningOptions &options) override;
    [[nodiscard]] Expected<TrainOutcome> train(
        const Dataset &training, const Dataset &validation, const TrainParams &params,
        const std::function<bool()> &cancelRequested) override;
};

}  // namespace covertype
