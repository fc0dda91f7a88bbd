// The local training backend: the tuner and the trainer of this process.
#include "tuning/trainingbackend.h"

namespace covertype {

Expected<TuningResult> LocalTrainingBackend::tune(const TuningSpec &spec, const Dataset &training,
                                                  const Dataset &validation,
                                                  const TuningOptions &options)
{
    return runTuning(spec, training, validation, options);
}

Expected<TrainOutcome> LocalTrainingBackend::train(const Dataset &training,
                                                   const Dataset &validation,
                                                   const TrainParams &params,
                                                   const std::function<bool()> &cancelRequested)
{
    const Dataset combined = Dataset::concatenate(training, validation);
    return trainModel(combined, params, nullptr,
                      [&](const EpochReport &) { return !cancelRequested || !cancelRequested(); });
}

}  // namespace covertype
