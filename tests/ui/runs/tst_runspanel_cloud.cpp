// Tests of the Runs stage on Vertex AI against the fake Google Cloud: the backend selector and its
// estimates, a tuning run in each cloud mode charted live as trials finish (real trial processes
// in the fake), the job's states in the log and its console link, Cancel cancelling the remote
// job, a start refused when the settings lack the trainer image, and the window's event loop
// kept responsive throughout a cloud run.
#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <qcustomplot.h>

#include "charts/trialmetricchart.h"
#include "fakegooglecloud.h"
#include "runs/runbackendselector.h"
#include "runs/runcharts.h"
#include "runs/runspanel.h"
#include "runs/runstore.h"
#include "runs/trialstablemodel.h"
#include "setup/cloudconnection.h"
#include "setup/googlecloudprovider.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"
#include "thisprocess.h"
#include "vertex/vertextraining.h"

using namespace covertype;
using namespace covertype::ui;
using covertype::fakecloud::FakeGoogleCloud;

namespace {

constexpr const char *kTrainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";

}  // namespace

class TestRunsPanelCloud : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void selectorShowsEachChoicesEstimate();
    void startNeedsTheTrainerImage();
    void tuningOnVertexIsChartedLive_data();
    void tuningOnVertexIsChartedLive();
    void cancelCancelsTheRemoteJob();
    void closingLeavesTheJobAndReopeningFollowsIt_data();
    void closingLeavesTheJobAndReopeningFollowsIt();

private:
    std::unique_ptr<WorkbenchSession> makeSession(const QString &store, int trials) const;

    std::shared_ptr<const Dataset> m_data;
    QTemporaryDir m_dir;
    std::unique_ptr<FakeGoogleCloud> m_fake;
    cloud::GoogleCloudProvider m_provider;
    CloudSettings m_settings;  ///< pointing at m_fake, a key file as the credentials
};

void TestRunsPanelCloud::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    COVERTYPE_REAL_DATA(path);
    // 6,000 of the real rows: the trials are real processes reading the split from the fake.
    auto data = test::firstRows(path, 6000);
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    m_data = *data;
    qputenv("COVERTYPE_RETRY_INITIAL_MS", "20");
}

void TestRunsPanelCloud::init()
{
    m_fake = std::make_unique<FakeGoogleCloud>();
    // The trial processes the fake runs use its metadata server; the workbench a key file.
    m_settings = fakecloud::prepareWorkbenchCloud(*m_fake, m_dir.path().toStdString(),
                                                  "course-bucket", m_provider.defaults());
    QVERIFY(!m_settings.keyFile.empty());
    m_settings.trainerImage = kTrainer;
    m_fake->setContainerCommand(kTrainer, {COVERTYPE_CLI, "train"});
    m_fake->setContainerProgram(cloud::kProgramInTrainerImage, COVERTYPE_CLI);
}

void TestRunsPanelCloud::cleanup()
{
    m_fake.reset();
}

std::unique_ptr<WorkbenchSession> TestRunsPanelCloud::makeSession(const QString &store,
                                                                  int trials) const
{
    auto session = std::make_unique<WorkbenchSession>();
    session->setStorePath(m_dir.filePath(store));
    session->setDataset(m_data, QStringLiteral("covertype-6000.csv"));
    TuningSpec spec = session->tuningSpec();
    spec.maxTrials = trials;
    spec.maxParallelTrials = 2;
    session->setTuningSpec(spec, true);
    session->setCloudProvider(const_cast<cloud::GoogleCloudProvider *>(&m_provider));
    session->setCloudSettings(m_settings);
    return session;
}

void TestRunsPanelCloud::selectorShowsEachChoicesEstimate()
{
    auto session = makeSession("estimate.sqlite", 6);
    RunsPanel panel(session.get());
    RunBackendSelector *selector = panel.backendSelector();
    const QString text = selector->estimateText();
    QVERIFY2(text.contains("this computer ≈"), qPrintable(text));
    QVERIFY2(text.contains("a job per trial ≈") && text.contains("one job ≈"), qPrintable(text));
    QVERIFY2(text.contains("USD"), qPrintable(text));
    // More trials take longer on Vertex AI too: the estimate follows the Tuning stage.
    TuningSpec more = session->tuningSpec();
    more.maxTrials = 60;
    session->setTuningSpec(more, true);
    QVERIFY(selector->estimateText() != text);
    // An unknown machine says so instead of a figure.
    CloudSettings settings = session->cloudSettings();
    settings.trainingMachine = "n9-giant-1";
    session->setCloudSettings(settings);
    QVERIFY2(selector->estimateText().contains("Vertex AI: no estimate") &&
                 selector->estimateText().contains("n9-giant-1"),
             qPrintable(selector->estimateText()));
}

void TestRunsPanelCloud::startNeedsTheTrainerImage()
{
    auto session = makeSession("noimage.sqlite", 2);
    CloudSettings settings = session->cloudSettings();
    settings.trainerImage.clear();
    session->setCloudSettings(settings);
    RunsPanel panel(session.get());
    panel.backendSelector()->setChoice(RunBackendSelector::Choice::VertexTrialJobs);
    panel.startTuning();
    QVERIFY(!panel.isRunning());
    const QString log = panel.findChild<QPlainTextEdit *>("runLog")->toPlainText();
    QVERIFY2(log.contains("Cannot start the run") && log.contains("trainer image"),
             qPrintable(log));
    QVERIFY(m_fake->requests().empty());  // nothing was sent
}

void TestRunsPanelCloud::tuningOnVertexIsChartedLive_data()
{
    // A slow request spreads the trials over a few of the workbench's polls: each trial's read
    // of the training split (a job per trial), or each upload, the trial log's included (one
    // job).
    QTest::addColumn<int>("choice");
    QTest::addColumn<QString>("collection");
    QTest::addColumn<QString>("slowMethod");
    QTest::addColumn<QString>("slowPath");
    QTest::addColumn<int>("slowTimes");
    QTest::newRow("a job per trial")
        << int(RunBackendSelector::Choice::VertexTrialJobs) << "/hyperparameterTuningJobs/"
        << "GET"
        << "training%2Fdata\\.csv$" << 3;
    QTest::newRow("one job") << int(RunBackendSelector::Choice::VertexOneJob) << "/customJobs/"
                             << "POST"
                             << "^/upload/storage/v1/b/course-bucket/o$" << 8;
}

void TestRunsPanelCloud::tuningOnVertexIsChartedLive()
{
    QFETCH(int, choice);
    QFETCH(QString, collection);
    QFETCH(QString, slowMethod);
    QFETCH(QString, slowPath);
    QFETCH(int, slowTimes);
    m_fake->addFault({.method = slowMethod.toStdString(),
                      .pathRegex = slowPath.toStdString(),
                      .times = slowTimes,
                      .delayMs = 1000});
    const QString store = QStringLiteral("live-%1.sqlite").arg(choice);
    auto session = makeSession(store, 3);
    TuningSpec spec = session->tuningSpec();
    spec.maxParallelTrials = 1;
    session->setTuningSpec(spec, true);
    RunsPanel panel(session.get());
    panel.resize(1280, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.backendSelector()->setChoice(RunBackendSelector::Choice(choice));
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    // Trials reach the table and the chart as they finish while the job runs, not all at the
    // end: the chart's points are counted whenever the table changes during the run.
    QList<int> pointsWhileRunning;
    const auto count = [&] {
        if (panel.isRunning())
            pointsWhileRunning << panel.charts()->metricChart()->succeededGraph()->dataCount();
    };
    connect(panel.trialsModel(), &QAbstractItemModel::rowsInserted, this, count);
    connect(panel.trialsModel(), &QAbstractItemModel::dataChanged, this, count);
    // The window never waits for the network: uploads, polls and downloads run off its thread.
    test::EventLoopProbe probe;
    probe.start();
    QTest::mouseClick(panel.findChild<QPushButton *>("startTuning"), Qt::LeftButton);
    QVERIFY(panel.isRunning());
    QVERIFY(!panel.backendSelector()->isEnabled());
    QVERIFY(finished.wait(180000));
    probe.stop();
    const QString late = probe.report(choice == int(RunBackendSelector::Choice::VertexOneJob)
                                          ? "a Vertex AI run in one job"
                                          : "a Vertex AI run, a job per trial");
    QVERIFY2(late.isEmpty(), qPrintable(late));
    const QString log = panel.findChild<QPlainTextEdit *>("runLog")->toPlainText();
    QVERIFY2(finished.at(0).at(1).value<RunState>() == RunState::Succeeded, qPrintable(log));
    QCOMPARE(panel.trialsModel()->rowCount(), 3);
    QVERIFY2(std::ranges::any_of(pointsWhileRunning, [](int n) { return n >= 1 && n < 3; }),
             qPrintable(log));
    for (const TrialResult &t : panel.trialsModel()->trials()) {
        QCOMPARE(t.state, TrialOutcome::Succeeded);
        QVERIFY(t.objective && *t.objective > 0.3);
    }
    QCOMPARE(panel.charts()->metricChart()->succeededGraph()->dataCount(), 3);
    // The job's states are in the log, and its console link can be copied.
    QVERIFY2(log.contains("Vertex AI job") && log.contains("JOB_STATE_RUNNING") &&
                 log.contains("JOB_STATE_SUCCEEDED"),
             qPrintable(log));
    QVERIFY2(panel.consoleUrl().startsWith("https://console.cloud.google.com/vertex-ai/"),
             qPrintable(panel.consoleUrl()));
    auto *copy = panel.findChild<QPushButton *>("copyConsoleLink");
    QVERIFY(copy->isEnabled());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), panel.consoleUrl());

    // Recorded as a Vertex AI run with its job, in the same store as local runs.
    auto opened = RunStore::open(m_dir.filePath(store).toStdString());
    QVERIFY(opened);
    auto details = (*opened)->loadRun(*panel.shownRun());
    QVERIFY(details);
    QCOMPARE(details->run.backend, RunBackend::Vertex);
    QCOMPARE(details->run.state, RunState::Succeeded);
    QVERIFY2(QString::fromStdString(details->run.remoteJob).contains(collection),
             details->run.remoteJob.c_str());
    QCOMPARE(details->trials.size(), size_t(3));
    // The split went to the Cloud Storage root, under the run.
    QVERIFY(m_fake->objectData(
        "course-bucket", QStringLiteral("workbench/pipeline/run-%1/datasets/training/data.csv")
                             .arg(*panel.shownRun())
                             .toStdString()));

    // Reopened from the history later, the run still links to its job's page.
    RunsPanel later(session.get());
    QSignalSpy shown(&later, &RunsPanel::runShown);
    later.openRun(*panel.shownRun());
    QTRY_VERIFY(!shown.isEmpty() && shown.last().at(0).toLongLong() == *panel.shownRun());
    QCOMPARE(later.consoleUrl(), panel.consoleUrl());
    QVERIFY(later.findChild<QPushButton *>("copyConsoleLink")->isEnabled());
}

void TestRunsPanelCloud::cancelCancelsTheRemoteJob()
{
    auto session = makeSession("cancel.sqlite", 40);
    TuningSpec spec = session->tuningSpec();
    spec.maxParallelTrials = 1;
    session->setTuningSpec(spec, true);
    RunsPanel panel(session.get());
    panel.backendSelector()->setChoice(RunBackendSelector::Choice::VertexTrialJobs);
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    QSignalSpy trial(panel.trialsModel(), &QAbstractItemModel::rowsInserted);
    panel.startTuning();
    QVERIFY(panel.isRunning());
    QVERIFY(trial.wait(60000));  // the job runs
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(panel.findChild<QPushButton *>("cancelRun"), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.at(0).at(1).value<RunState>(), RunState::Cancelled);
    // The job itself was cancelled on the service, not just left behind.
    bool cancelSent = false;
    for (const auto &request : m_fake->requests())
        cancelSent |=
            request.method == "POST" && request.target.find(":cancel") != std::string::npos;
    QVERIFY(cancelSent);
    auto opened = RunStore::open(m_dir.filePath("cancel.sqlite").toStdString());
    QVERIFY(opened);
    auto details = (*opened)->loadRun(*panel.shownRun());
    QVERIFY(details);
    QCOMPARE(details->run.state, RunState::Cancelled);
    QVERIFY(details->trials.size() < 40);
}

void TestRunsPanelCloud::closingLeavesTheJobAndReopeningFollowsIt_data()
{
    QTest::addColumn<int>("choice");
    QTest::addColumn<bool>("finishedMeanwhile");
    const int perTrial = int(RunBackendSelector::Choice::VertexTrialJobs);
    const int oneJob = int(RunBackendSelector::Choice::VertexOneJob);
    QTest::newRow("a job per trial, still running") << perTrial << false;
    QTest::newRow("a job per trial, finished meanwhile") << perTrial << true;
    // The study's trial log is found where the job's own arguments say.
    QTest::newRow("one job, finished meanwhile") << oneJob << true;
}

void TestRunsPanelCloud::closingLeavesTheJobAndReopeningFollowsIt()
{
    QFETCH(int, choice);
    QFETCH(bool, finishedMeanwhile);
    // Each trial's read of the training split is slow: the job outlives the first panel.
    m_fake->addFault(
        {.method = "GET", .pathRegex = "training%2Fdata\\.csv$", .times = 4, .delayMs = 1500});
    const QString storeName =
        QStringLiteral("reattach-%1-%2.sqlite").arg(choice).arg(finishedMeanwhile);
    auto session = makeSession(storeName, 4);
    TuningSpec spec = session->tuningSpec();
    spec.maxParallelTrials = 1;
    session->setTuningSpec(spec, true);
    int64_t runId = 0;
    {
        RunsPanel panel(session.get());
        panel.backendSelector()->setChoice(RunBackendSelector::Choice(choice));
        QSignalSpy inserted(panel.trialsModel(), &QAbstractItemModel::rowsInserted);
        panel.startTuning();
        QVERIFY(inserted.wait(60000));  // the job runs and has trials
        QTRY_VERIFY(panel.shownRun().has_value());
        runId = *panel.shownRun();
    }  // the window closes mid-run
    QElapsedTimer closed;
    closed.start();
    for (const auto &request : m_fake->requests())
        QVERIFY2(request.target.find(":cancel") == std::string::npos, request.target.c_str());
    {
        auto store = RunStore::open(m_dir.filePath(storeName).toStdString());
        QVERIFY(store);
        auto details = (*store)->loadRun(runId);
        QVERIFY(details);
        QCOMPARE(details->run.state, RunState::Running);  // not cancelled, not interrupted
        QVERIFY2(
            details->run.remoteJob.find(choice == int(RunBackendSelector::Choice::VertexOneJob)
                                            ? "/customJobs/"
                                            : "/hyperparameterTuningJobs/") != std::string::npos,
            details->run.remoteJob.c_str());
        QVERIFY(details->trials.size() < 4);
        if (finishedMeanwhile) {
            // The job ends while no workbench is open (asked directly of the service).
            auto credentials = cloud::credentialsFromFile(m_settings.keyFile);
            QVERIFY(credentials);
            auto connection = cloud::CloudConnection::open(std::move(*credentials), {}, true);
            QVERIFY(connection);
            QTRY_VERIFY_WITH_TIMEOUT(
                cloud::isFinalJobState(
                    (*connection)->vertex().getJob(details->run.remoteJob)->value("state", "")),
                60000);
        }
    }

    // The workbench opens again: it follows the job, shows every trial and ends the run as the
    // job ends, without recording a trial twice.
    auto reopened = makeSession(storeName, 4);
    RunsPanel panel(reopened.get());
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    // A job that ended meanwhile is brought up to date at the first answer.
    QTRY_VERIFY(panel.isRunning() || !finished.isEmpty());
    QTRY_COMPARE(panel.shownRun().value_or(0), runId);
    QVERIFY(!finished.isEmpty() || finished.wait(120000));
    const QString log = panel.findChild<QPlainTextEdit *>("runLog")->toPlainText();
    QVERIFY2(finished.at(0).at(1).value<RunState>() == RunState::Succeeded, qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("Following run %1 again").arg(runId)), qPrintable(log));
    QCOMPARE(panel.trialsModel()->rowCount(), 4);
    auto store = RunStore::open(m_dir.filePath(storeName).toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(runId);
    QVERIFY(details);
    QCOMPARE(details->run.state, RunState::Succeeded);
    QCOMPARE(details->trials.size(), size_t(4));
    for (const TrialRecord &t : details->trials)
        QCOMPARE(t.state, TrialState::Succeeded);
}

QTEST_MAIN(TestRunsPanelCloud)
#include "tst_runspanel_cloud.moc"
