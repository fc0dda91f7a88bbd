// Tests of TuningJob: a small tuning on the real rows, recorded in a temporary store; cancel.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "data/csvloader.h"
#include "runs/runstore.h"
#include "runs/tuningjob.h"
#include "testsupport.h"

using namespace covertype;

namespace {

constexpr std::string_view kConfig = R"(trainingInput:
  hyperparameters:
    goal: MAXIMIZE
    maxTrials: 3
    maxParallelTrials: 3
    hyperparameterMetricTag: accuracy
    params:
    - parameterName: max_iter
      type: DISCRETE
      discreteValues: [5, 10]
    - parameterName: alpha
      type: DOUBLE
      minValue: 0.0001
      maxValue: 0.001
      scaleType: UNIT_LINEAR_SCALE
)";

/// A backend elsewhere, scripted: it reports a remote job, finishes one trial per poll on this
/// machine and stops only when requestCancel() says so (as a cloud job's wait does).
class ScriptedRemoteBackend : public TrainingBackend
{
public:
    std::string name() const override { return "vertex"; }
    void setRemoteJobObserver(std::function<void(const RemoteJobEvent &)> observer) override
    {
        m_observer = std::move(observer);
    }
    void requestCancel() override { m_stop = true; }
    Expected<TuningResult> tune(const TuningSpec &spec, const Dataset &training,
                                const Dataset &validation, const TuningOptions &options) override
    {
        m_observer({"projects/p/locations/r/hyperparameterTuningJobs/7",
                    "JOB_STATE_PENDING",
                    "https://console/7",
                    {}});
        m_observer({"projects/p/locations/r/hyperparameterTuningJobs/7",
                    "JOB_STATE_RUNNING",
                    "https://console/7",
                    {}});
        TuningOptions one = options;
        TuningSpec single = spec;
        single.maxTrials = 1;
        single.maxParallelTrials = 1;
        auto first = runTuning(single, training, validation, one);
        if (!first)
            return first;
        while (!m_stop)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        m_observer({"projects/p/locations/r/hyperparameterTuningJobs/7",
                    "JOB_STATE_CANCELLING",
                    "https://console/7",
                    {}});
        first->state = TuningState::Cancelled;
        first->message = "the job was cancelled";
        return first;
    }
    Expected<TrainOutcome> train(const Dataset &, const Dataset &, const TrainParams &,
                                 const std::function<bool()> &) override
    {
        return fail(ErrorCode::Unavailable, "not used");
    }

private:
    std::function<void(const RemoteJobEvent &)> m_observer;
    std::atomic<bool> m_stop = false;
};

}  // namespace

class TestTuningJob : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tuningRecordsTrialsInOrder();
    void cancelKeepsFinishedTrials();
    void refusesWithoutData();
    void remoteBackendIsRecordedAndCancelled();
    void backendThatCannotBeMadeFailsTheRun();

private:
    TuningJob::Request request(const QString &store) const;

    std::shared_ptr<const Dataset> m_data;
    QTemporaryDir m_dir;
};

void TestTuningJob::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    COVERTYPE_REAL_DATA(path);
    auto data = loadDataset(path.toStdString());
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    m_data = std::make_shared<const Dataset>(std::move(*data));
    QVERIFY(m_dir.isValid());
}

TuningJob::Request TestTuningJob::request(const QString &store) const
{
    TuningJob::Request r;
    r.data = m_data;
    r.dataPath = "covertype_75k.csv";
    auto spec = parseTuningSpec(kConfig, "test config");
    Q_ASSERT(spec);
    r.spec = *spec;
    r.storePath = m_dir.filePath(store).toStdString();
    return r;
}

void TestTuningJob::tuningRecordsTrialsInOrder()
{
    TuningJob job;
    QStringList events;
    connect(&job, &TuningJob::started, this, [&](qint64) { events << "started"; });
    connect(&job, &TuningJob::trialStarted, this, [&](const TrialResult &t) {
        events << "trialStarted " + QString::fromStdString(t.trialId);
    });
    connect(&job, &TuningJob::trialFinished, this, [&](const TrialResult &t) {
        events << "trialFinished " + QString::fromStdString(t.trialId);
    });
    connect(&job, &TuningJob::finished, this,
            [&](RunState, const QString &) { events << "finished"; });
    QSignalSpy finished(&job, &TuningJob::finished);
    QSignalSpy intermediate(&job, &TuningJob::intermediate);

    QVERIFY(job.start(request("order.sqlite")));
    QVERIFY(job.isRunning());
    QVERIFY(!job.start(request("order.sqlite")));  // one run at a time
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.at(0).at(0).value<RunState>(), RunState::Succeeded);
    QVERIFY(!job.isRunning());
    QVERIFY(intermediate.count() >= 3);

    QCOMPARE(events.first(), QStringLiteral("started"));
    QCOMPARE(events.last(), QStringLiteral("finished"));
    QCOMPARE(events.filter("trialFinished").size(), 3);
    for (const QString id : {"1", "2", "3"})
        QVERIFY(events.indexOf("trialStarted " + id) < events.indexOf("trialFinished " + id));

    QVERIFY(job.runId());
    auto store = RunStore::open(m_dir.filePath("order.sqlite").toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(*job.runId());
    QVERIFY(details);
    QCOMPARE(details->run.state, RunState::Succeeded);
    QCOMPARE(details->run.kind, RunKind::Tune);
    QCOMPARE(details->trials.size(), size_t(3));
    for (const TrialRecord &t : details->trials) {
        QCOMPARE(t.state, TrialState::Succeeded);
        QVERIFY(t.finalMetric.has_value());
        QVERIFY(!t.intermediates.empty());
    }
}

void TestTuningJob::cancelKeepsFinishedTrials()
{
    TuningJob job;
    auto r = request("cancel.sqlite");
    r.spec.maxTrials = 50;
    r.spec.maxParallelTrials = 1;
    QSignalSpy finished(&job, &TuningJob::finished);
    QSignalSpy trialFinished(&job, &TuningJob::trialFinished);
    QVERIFY(job.start(r));
    QVERIFY(trialFinished.wait(120000));  // at least one trial done
    job.cancel();
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.at(0).at(0).value<RunState>(), RunState::Cancelled);

    auto store = RunStore::open(m_dir.filePath("cancel.sqlite").toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(*job.runId());
    QVERIFY(details);
    QCOMPARE(details->run.state, RunState::Cancelled);
    QVERIFY(details->trials.size() < 50);
    int succeeded = 0;
    for (const TrialRecord &t : details->trials)
        succeeded += t.state == TrialState::Succeeded;
    QVERIFY(succeeded >= 1);
}

void TestTuningJob::refusesWithoutData()
{
    TuningJob job;
    auto r = request("none.sqlite");
    r.data.reset();
    const auto started = job.start(r);
    QVERIFY(!started);
    QVERIFY(!job.isRunning());
    QVERIFY(!QFileInfo::exists(m_dir.filePath("none.sqlite")));
}

void TestTuningJob::remoteBackendIsRecordedAndCancelled()
{
    TuningJob job;
    auto r = request("remote.sqlite");
    r.backendKind = RunBackend::Vertex;
    int64_t madeFor = -1;
    r.backend = [&madeFor](int64_t runId) -> Expected<std::unique_ptr<TrainingBackend>> {
        madeFor = runId;
        return std::make_unique<ScriptedRemoteBackend>();
    };
    QSignalSpy finished(&job, &TuningJob::finished);
    QSignalSpy trialFinished(&job, &TuningJob::trialFinished);
    QSignalSpy remote(&job, &TuningJob::remoteJob);
    QVERIFY(job.start(r));
    QVERIFY(trialFinished.wait(120000));
    QTRY_VERIFY(remote.count() >= 2);
    QCOMPARE(remote.at(1).at(1).toString(), QStringLiteral("JOB_STATE_RUNNING"));
    QCOMPARE(remote.at(1).at(2).toString(), QStringLiteral("https://console/7"));
    // Without requestCancel the backend would wait for ever: cancel() must reach it.
    job.cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).value<RunState>(), RunState::Cancelled);
    QCOMPARE(remote.last().at(1).toString(), QStringLiteral("JOB_STATE_CANCELLING"));
    QCOMPARE(madeFor, *job.runId());

    auto store = RunStore::open(m_dir.filePath("remote.sqlite").toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(*job.runId());
    QVERIFY(details);
    QCOMPARE(details->run.backend, RunBackend::Vertex);
    QCOMPARE(details->run.remoteJob,
             std::string("projects/p/locations/r/hyperparameterTuningJobs/7"));
    QCOMPARE(details->run.state, RunState::Cancelled);
    QCOMPARE(details->trials.size(), size_t(1));
}

void TestTuningJob::backendThatCannotBeMadeFailsTheRun()
{
    TuningJob job;
    auto r = request("nobackend.sqlite");
    r.backendKind = RunBackend::Vertex;
    r.backend = [](int64_t) -> Expected<std::unique_ptr<TrainingBackend>> {
        return fail(ErrorCode::InvalidArgument, "no credentials were found");
    };
    QSignalSpy finished(&job, &TuningJob::finished);
    QVERIFY(job.start(r));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).value<RunState>(), RunState::Failed);
    QVERIFY(finished.at(0).at(1).toString().contains("no credentials were found"));
    auto store = RunStore::open(m_dir.filePath("nobackend.sqlite").toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(*job.runId());
    QVERIFY(details);
    QCOMPARE(details->run.state, RunState::Failed);
    QCOMPARE(details->run.message, std::string("no credentials were found"));
}

QTEST_GUILESS_MAIN(TestTuningJob)
#include "tst_tuningjob.moc"
