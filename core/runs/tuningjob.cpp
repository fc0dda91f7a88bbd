// A tuning run or the full pipeline on a worker thread, recorded in the run store (see
// tuningjob.h).
#include "runs/tuningjob.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <set>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "deploy/deployservice.h"
#include "runs/runrecording.h"

namespace covertype {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

}  // namespace

TuningJob::TuningJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<covertype::TrialResult>();
    qRegisterMetaType<covertype::PipelineStep>();
    qRegisterMetaType<covertype::RunState>();
    m_watcher = new QFutureWatcher<Outcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_running = false;
        const Outcome outcome = m_watcher->future().result();
        emit finished(outcome.state, outcome.message);
    });
}

TuningJob::~TuningJob()
{
    m_cancel = true;
    if (!m_detached) {
        const std::lock_guard lock(m_backendMutex);
        if (m_backend)
            m_backend->requestCancel();
    }
    m_watcher->disconnect(this);
    m_watcher->waitForFinished();
}

template <typename F>
void TuningJob::post(F &&f)
{
    QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
}

Expected<void> TuningJob::start(Request request)
{
    if (m_running)
        return fail(ErrorCode::Conflict, "a run is already in progress: cancel it first");
    if (!request.data && !request.followRun)
        return fail(ErrorCode::InvalidArgument, "no dataset is open");
    if (request.followRun && (!request.backend || request.kind != Kind::Tuning))
        return fail(ErrorCode::InvalidArgument, "only a cloud tuning run can be followed");
    if (auto ok = validateTuningSpec(request.spec); !ok)
        return ok;
    if (auto ok = request.split.validate(); !ok)
        return ok;
    if (request.storePath.empty())
        request.storePath = RunStore::defaultPath();
    m_cancel = false;
    m_detached = false;
    m_detachable = request.backend && request.kind == Kind::Tuning;
    m_running = true;
    m_kind = request.kind;
    m_runId.reset();
    m_watcher->setFuture(
        QtConcurrent::run([this, request = std::move(request)] { return work(request); }));
    return {};
}

bool TuningJob::detach()
{
    if (!canDetach()) {
        cancel();
        return false;
    }
    m_detached = true;
    const std::lock_guard lock(m_backendMutex);
    if (m_backend)
        m_backend->requestDetach();
    return true;
}

void TuningJob::cancel()
{
    m_cancel = true;
    {
        const std::lock_guard lock(m_backendMutex);
        if (m_backend)
            m_backend->requestCancel();
    }
}

TuningJob::Outcome TuningJob::work(const Request &request)
{
    // The store's connection belongs to this thread: opened, used and closed here.
    auto store = RunStore::open(request.storePath);
    if (!store)
        return {RunState::Failed, qs(cat("cannot open the run store ", request.storePath, ": ",
                                         store.error().message))};
    if (request.followRun) {
        const int64_t id = *request.followRun;
        if (auto claimed = (*store)->claimRun(id); !claimed)
            return {RunState::Failed, qs(claimed.error().message)};
        post([this, id] {
            m_runId = id;
            emit started(qint64(id));
        });
        return finish(**store, id, request, [&](TrainingBackend *backend) {
            return followJob(request, **store, id, backend);
        });
    }
    NewRun run;
    run.kind = request.kind == Kind::Tuning ? RunKind::Tune : RunKind::Pipeline;
    const std::string config = writeTuningSpec(request.spec, TuningFormat::PipelineJson);
    if (request.kind == Kind::Tuning) {
        run.configJson = config;
    } else {
        run.configJson = nlohmann::json{{"hypertune_settings", nlohmann::json::parse(config)},
                                        {"evaluation_metric_name", request.metric},
                                        {"evaluation_metric_threshold", request.threshold},
                                        {"model_id", request.modelName},
                                        {"deploy", request.target ? request.target->name()
                                                                  : std::string("none")},
                                        {"registry", request.registry}}
                             .dump();
    }
    run.splitJson = request.split.toJson().dump();
    run.datasetFingerprint = request.data->fingerprint();
    run.datasetPath = request.dataPath;
    run.state = RunState::Running;
    run.seed = request.seed;
    run.backend = request.backendKind;
    auto runId = (*store)->createRun(run);
    if (!runId)
        return {RunState::Failed, qs(cat("cannot record the run: ", runId.error().message))};
    const int64_t id = *runId;
    post([this, id] {
        m_runId = id;
        emit started(qint64(id));
    });
    return finish(**store, id, request, [&](TrainingBackend *backend) {
        return request.kind == Kind::Tuning ? runTuningJob(request, **store, id, backend)
                                            : runPipelineJob(request, **store, id, backend);
    });
}

template <typename Body>
TuningJob::Outcome TuningJob::finish(RunStore &store, int64_t id, const Request &request,
                                     Body &&body)
{
    auto backend = makeBackend(request, store, id);
    Outcome outcome;
    if (!backend)
        outcome = {RunState::Failed, qs(backend.error().message)};
    else
        outcome = body(backend->get());
    if (backend && *backend) {
        const std::lock_guard lock(m_backendMutex);
        m_backend = nullptr;
    }
    // The job runs on, and so does the run, without an owner: the next workbench follows it.
    // A run that could not be followed again (no credentials now) is left as it was too.
    if ((m_detached && backend && *backend) || (request.followRun && !backend)) {
        (void)store.releaseRun(id);
        return {RunState::Running,
                m_detached ? QStringLiteral("the job goes on running; followed again when the "
                                            "workbench opens")
                           : qs(cat("cannot follow it now: ", backend.error().message))};
    }
    if (auto ok = store.setRunState(id, outcome.state, outcome.message.toStdString()); !ok) {
        outcome.state = RunState::Failed;
        outcome.message = qs(cat("cannot record the end of run ", id, ": ", ok.error().message));
    }
    return outcome;
}

TuningJob::Outcome TuningJob::followJob(const Request &request, RunStore &store, int64_t runId,
                                        TrainingBackend *backend)
{
    auto details = store.loadRun(runId);
    if (!details)
        return {RunState::Failed, qs(details.error().message)};
    // Trials recorded before are shown again but not recorded twice; one left ACTIVE is
    // recorded when it finishes.
    std::set<std::string> known, ended;
    for (const TrialRecord &t : details->trials) {
        known.insert(t.trialId);
        if (t.state != TrialState::Active)
            ended.insert(t.trialId);
    }
    TuningOptions shown;
    shown.onTrialStarted = [this](const TrialResult &t) {
        post([this, t] { emit trialStarted(t); });
    };
    shown.onTrialFinished = [this](const TrialResult &t) {
        post([this, t] { emit trialFinished(t); });
    };
    shown.cancelRequested = [this] { return m_cancel.load(); };
    RunRecorder recorder(store, runId, request.spec);
    const TuningOptions recorded = recorder.attach(shown);
    TuningOptions options = recorded;
    options.onTrialStarted = [&](const TrialResult &t) {
        (known.contains(t.trialId) ? shown : recorded).onTrialStarted(t);
    };
    options.onTrialFinished = [&](const TrialResult &t) {
        (ended.contains(t.trialId) ? shown : recorded).onTrialFinished(t);
    };
    auto result = backend->followTuning(request.spec, details->run.remoteJob, options);
    return tuningOutcome(result, recorder);
}

TuningJob::Outcome TuningJob::tuningOutcome(const Expected<TuningResult> &result,
                                            const RunRecorder &recorder)
{
    if (!result)
        return {RunState::Failed, qs(result.error().message)};
    if (recorder.error())
        return {RunState::Failed, qs(cat("recording trials: ", recorder.error()->message))};
    const RunState state = result->state == TuningState::Succeeded   ? RunState::Succeeded
                           : result->state == TuningState::Cancelled ? RunState::Cancelled
                                                                     : RunState::Failed;
    return {state, qs(result->message)};
}

Expected<std::unique_ptr<TrainingBackend>> TuningJob::makeBackend(const Request &request,
                                                                  RunStore &store, int64_t runId)
{
    if (!request.backend)
        return nullptr;
    auto backend = request.backend(runId);
    if (!backend || !*backend)
        return backend;
    (*backend)->setRemoteJobObserver(
        [this, &store, runId, recorded = std::string()](const RemoteJobEvent &event) mutable {
            // Called on the worker thread, which owns the store's connection.
            if (event.name != recorded && store.setRemoteJob(runId, event.name))
                recorded = event.name;
            post([this, event] {
                emit remoteJob(qs(event.name), qs(event.state), qs(event.consoleUrl),
                               qs(event.message));
            });
        });
    const std::lock_guard lock(m_backendMutex);
    m_backend = backend->get();
    if (m_detached)
        m_backend->requestDetach();
    else if (m_cancel)
        m_backend->requestCancel();
    return backend;
}

TuningJob::Outcome TuningJob::runTuningJob(const Request &request, RunStore &store, int64_t runId,
                                           TrainingBackend *backend)
{
    auto lots = computeLots(*request.data, request.split.numLots, request.split.hashColumn,
                            [this](double) { return !m_cancel; });
    if (!lots)
        return {lots.error().code == ErrorCode::Cancelled ? RunState::Cancelled : RunState::Failed,
                qs(cat("split: ", lots.error().message))};
    const SplitRows rows = assignRows(*lots, request.split);
    const Dataset training = request.data->selectRows(rows.training);
    const Dataset validation = request.data->selectRows(rows.validation);

    TuningOptions options;
    options.seed = request.seed;
    options.onTrialStarted = [this](const TrialResult &t) {
        post([this, t] { emit trialStarted(t); });
    };
    options.onIntermediate = [this](const TrialResult &t, int epoch, double value) {
        post([this, id = qs(t.trialId), epoch, value] { emit intermediate(id, epoch, value); });
    };
    options.onTrialFinished = [this](const TrialResult &t) {
        post([this, t] { emit trialFinished(t); });
    };
    options.cancelRequested = [this] { return m_cancel.load(); };
    RunRecorder recorder(store, runId, request.spec);
    auto result = backend
                      ? backend->tune(request.spec, training, validation, recorder.attach(options))
                      : runTuning(request.spec, training, validation, recorder.attach(options));
    return tuningOutcome(result, recorder);
}

TuningJob::Outcome TuningJob::runPipelineJob(const Request &request, RunStore &store, int64_t runId,
                                             TrainingBackend *backend)
{
    PipelineConfig config;
    config.split = request.split;
    config.tuning = request.spec;
    config.metric = request.metric;
    config.threshold = request.threshold;
    config.seed = request.seed;
    config.modelName = request.modelName;
    if (request.target) {
        // A new version each run: a pipeline never replaces what is deployed.
        auto deployed = request.target->list();
        if (!deployed)
            return {RunState::Failed,
                    qs(cat("cannot list the deployments of ", request.target->name(), ": ",
                           deployed.error().message))};
        config.version = nextFreeVersion(*deployed, config.modelName);
    }
    config.outputDir = QFileInfo(qs(store.path()))
                           .absoluteDir()
                           .filePath(QStringLiteral("pipelines/run-%1").arg(runId))
                           .toStdString();

    std::optional<Error> storeError;
    const auto check = [&](Expected<void> r) {
        if (!r && !storeError)
            storeError = r.error();
    };
    RunRecorder recorder(store, runId, request.spec);
    TuningOptions tuning;
    tuning.onTrialStarted = [this](const TrialResult &t) {
        post([this, t] { emit trialStarted(t); });
    };
    tuning.onIntermediate = [this](const TrialResult &t, int epoch, double value) {
        post([this, id = qs(t.trialId), epoch, value] { emit intermediate(id, epoch, value); });
    };
    tuning.onTrialFinished = [this](const TrialResult &t) {
        post([this, t] { emit trialFinished(t); });
    };
    PipelineCallbacks callbacks;
    callbacks.tuning = recorder.attach(tuning);
    callbacks.cancelRequested = [&] { return m_cancel.load() || storeError.has_value(); };
    callbacks.tuning.cancelRequested = callbacks.cancelRequested;
    callbacks.onStepStarted = [&](const PipelineStep &step) {
        check(store.addPipelineStep(runId, startedStepRecord(step)));
        post([this, step] { emit stepStarted(step); });
    };
    callbacks.onStepFinished = [&](const PipelineStep &step) {
        check(store.updatePipelineStep(runId, finishedStepRecord(step)));
        post([this, step] { emit stepFinished(step); });
    };
    const PipelineResult result =
        runPipeline(*request.data, config, request.target.get(), callbacks, backend);
    check(recordPipelineOutcome(store, runId, result, config,
                                request.target ? request.registry : std::string()));
    if (recorder.error())
        storeError = recorder.error();
    if (storeError)
        return {RunState::Failed, qs(cat("recording the pipeline: ", storeError->message))};
    const RunState state = result.succeeded   ? RunState::Succeeded
                           : result.cancelled ? RunState::Cancelled
                                              : RunState::Failed;
    QString message = qs(result.message);
    if (result.succeeded && result.metricValue) {
        message = qs(cat("testing ", config.metric, " ", fixed(*result.metricValue, 4),
                         result.gatePassed ? " passed" : " did not pass", " the threshold ",
                         config.threshold));
        if (result.deployed)
            message +=
                qs(cat("; deployed as ", result.deployed->model, " ", result.deployed->version));
        else if (result.gatePassed)
            message += QStringLiteral("; not deployed (no deployment target)");
    }
    return {state, message};
}

}  // namespace covertype
