// A tuning run or the full pipeline on a worker thread, recorded in the run store, reported to the
// GUI thread through queued Qt signals; cooperative cancel.
#pragma once

#include <QFuture>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "data/dataset.h"
#include "runs/pipeline.h"
#include "runs/runstore.h"
#include "split/split.h"
#include "tuning/trainingbackend.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

template <typename T>
class QFutureWatcher;

namespace covertype {

class RunRecorder;

class TuningJob : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Tuning, Pipeline };

    /// What to run. The dataset is shared, never copied; the job keeps it alive while it runs.
    struct Request
    {
        Kind kind = Kind::Tuning;
        std::shared_ptr<const Dataset> data;
        std::string dataPath;
        SplitSpec split;
        TuningSpec spec;
        std::string storePath;  ///< empty: RunStore::defaultPath()
        uint64_t seed = 0;
        /// Pipeline only: the evaluation metric ("accuracy" or "recall") and the deploy gate.
        std::string metric = "accuracy";
        double threshold = 0.69;
        /// Pipeline only: where a model that passes the gate is deployed (null: the deploy step
        /// is skipped and says so), as `modelName` at the next free version, and the registry
        /// path recorded with the deployment.
        std::shared_ptr<DeploymentTarget> target;
        std::string modelName = "covertype_classifier";
        std::string registry;
        /// Where tuning and the final training run (null: this machine): made on the worker
        /// thread once the run is recorded (it may look for credentials), from the run's id.
        /// Its remote jobs are recorded with the run (runs.remote_job) and reported by
        /// remoteJob(); cancel() cancels them.
        std::function<Expected<std::unique_ptr<TrainingBackend>>(int64_t runId)> backend;
        RunBackend backendKind = RunBackend::Local;  ///< what the store records
        /// Follows this recorded cloud tuning run's remote job (RunStore::cloudRunsToFollow)
        /// instead of starting a run: no data is needed; trials already recorded are shown, not
        /// recorded again; the run ends as its job does.
        std::optional<int64_t> followRun;
    };

    explicit TuningJob(QObject *parent = nullptr);
    /// Cancels a running job and waits for it (the store is left consistent: CANCELLED).
    ~TuningJob() override;

    /// Starts the job; error when one is already running or the request is unusable (no data,
    /// invalid spec). Nothing is recorded on error.
    [[nodiscard]] Expected<void> start(Request request);
    /// Asks the running job to stop at its next check (finished trials are kept).
    void cancel();
    /// Stops following a cloud tuning run and leaves its remote job running and the run
    /// RUNNING, to be followed again (the workbench closing). A local run is cancelled.
    /// Returns whether the job was left running.
    bool detach();
    /// Whether the running job is a cloud tuning run that detach() can leave running.
    [[nodiscard]] bool canDetach() const { return m_running && m_detachable; }
    [[nodiscard]] bool isRunning() const { return m_running; }
    /// The run being (or last) recorded.
    [[nodiscard]] std::optional<int64_t> runId() const { return m_runId; }
    [[nodiscard]] Kind kind() const { return m_kind; }

signals:
    /// The run was created in the store (RUNNING).
    void started(qint64 runId);
    void trialStarted(const covertype::TrialResult &trial);
    void intermediate(const QString &trialId, int epoch, double value);
    void trialFinished(const covertype::TrialResult &trial);
    void stepStarted(const covertype::PipelineStep &step);
    void stepFinished(const covertype::PipelineStep &step);
    /// A remote job of the backend was created or changed state.
    void remoteJob(const QString &name, const QString &state, const QString &consoleUrl,
                   const QString &message);
    /// The job ended: SUCCEEDED, FAILED or CANCELLED, with why (empty on success).
    void finished(covertype::RunState state, const QString &message);

private:
    struct Outcome
    {
        RunState state = RunState::Failed;
        QString message;
    };
    /// The worker's body; runs on a pool thread and only posts events to this object.
    Outcome work(const Request &request);
    Outcome runTuningJob(const Request &request, RunStore &store, int64_t runId,
                         TrainingBackend *backend);
    Outcome runPipelineJob(const Request &request, RunStore &store, int64_t runId,
                           TrainingBackend *backend);
    Outcome followJob(const Request &request, RunStore &store, int64_t runId,
                      TrainingBackend *backend);
    /// The run's end after a tuning: the result's state and message, or why it or its
    /// recording failed.
    [[nodiscard]] static Outcome tuningOutcome(const Expected<TuningResult> &result,
                                               const RunRecorder &recorder);
    /// Runs `body` with the request's backend, then records the run's end (unless detached).
    template <typename Body>
    Outcome finish(RunStore &store, int64_t id, const Request &request, Body &&body);
    /// Makes the request's backend and lets cancel() reach it; null for local work.
    [[nodiscard]] Expected<std::unique_ptr<TrainingBackend>> makeBackend(const Request &request,
                                                                         RunStore &store,
                                                                         int64_t runId);
    /// Calls `f` on this object's thread (dropped if the job is gone).
    template <typename F>
    void post(F &&f);

    QFutureWatcher<Outcome> *m_watcher = nullptr;
    std::atomic<bool> m_cancel = false;
    std::atomic<bool> m_detached = false;
    bool m_detachable = false;
    std::mutex m_backendMutex;
    TrainingBackend *m_backend = nullptr;  ///< the running request's, for cancel()
    bool m_running = false;
    Kind m_kind = Kind::Tuning;
    std::optional<int64_t> m_runId;
};

}  // namespace covertype

Q_DECLARE_METATYPE(covertype::TrialResult)
Q_DECLARE_METATYPE(covertype::PipelineStep)
Q_DECLARE_METATYPE(covertype::RunState)
