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

/// A job a backend runs elsewhere, told when it is created and whenever its state changes.
struct RemoteJobEvent
{
    std::string name;        ///< the service's resource name
    std::string state;       ///< e.g. JOB_STATE_RUNNING
    std::string consoleUrl;  ///< where a person can look at it
    std::string message;     ///< the service's error, when it gave one
};

class TrainingBackend
{
public:
    virtual ~TrainingBackend() = default;
    /// Told of the backend's remote jobs (on the thread running tune or train). Local work has
    /// none.
    virtual void setRemoteJobObserver(std::function<void(const RemoteJobEvent &)> observer)
    {
        (void)observer;
    }
    /// Stops transfers and waits at once and cancels the remote job (any thread). Local work
    /// is cancelled through the options' cancelRequested alone.
    virtual void requestCancel() {}
    /// Stops following the remote job and leaves it running, to be followed again with
    /// followTuning (any thread; the workbench closing). Local work has nothing to leave.
    virtual void requestDetach() {}
    /// Follows a tuning job this backend made earlier (RemoteJobEvent::name), reporting its
    /// trials as tune() does, all of them from the first. Local work cannot be followed.
    [[nodiscard]] virtual Expected<TuningResult> followTuning(const TuningSpec &spec,
                                                              const std::string &remoteJob,
                                                              const TuningOptions &options)
    {
        (void)spec;
        (void)options;
        return fail(ErrorCode::InvalidArgument,
                    "job " + remoteJob + " cannot be followed: " + name() + " runs no remote jobs");
    }
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
