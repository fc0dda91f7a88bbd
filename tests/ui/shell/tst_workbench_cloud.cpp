// The workbench on the fake Google Cloud, driven as a user would: Cloud settings, the pipeline
// run on Vertex AI from the Runs stage (tuning and training jobs, evaluation, the gate, a deploy
// to a Vertex AI endpoint), then a query to that endpoint from the Deploy stage.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "deploy/deploypanel.h"
#include "deploy/deploytargetchooser.h"
#include "deploy/querypanel.h"
#include "fakegooglecloud.h"
#include "runs/runbackendselector.h"
#include "runs/runspanel.h"
#include "runs/runstore.h"
#include "runs/trialstablemodel.h"
#include "setup/googlecloudprovider.h"
#include "shell/mainwindow.h"
#include "shell/stagepanels.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"
#include "thisprocess.h"
#include "vertex/vertexservice.h"

using namespace covertype;
using namespace covertype::ui;

class TestWorkbenchCloud : public QObject
{
    Q_OBJECT

private slots:
    void pipelineOnVertexThenQueryTheEndpoint();
};

void TestWorkbenchCloud::pipelineOnVertexThenQueryTheEndpoint()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    COVERTYPE_REAL_DATA(path);
    auto data = test::firstRows(path, 8000);
    QVERIFY2(data, data ? "" : data.error().message.c_str());

    fakecloud::FakeGoogleCloud fake;
    fakecloud::pointThisProcessAt(fake, dir.filePath(QStringLiteral("gcloud")).toStdString());
    const char *trainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";
    const char *server = "us-docker.pkg.dev/fake-project/covertype/serve:1";
    fake.setContainerCommand(trainer, {COVERTYPE_CLI, "train"});
    fake.setContainerCommand(server, {COVERTYPE_CLI, "serve"});
    fake.createBucket("course-bucket");
    auto vertexSettings = fake.vertex().settings();
    vertexSettings.operationPolls = 1;
    fake.vertex().setSettings(vertexSettings);
    const QString key = dir.filePath(QStringLiteral("key.json"));
    QVERIFY(!fake.writeServiceAccountKey(key.toStdString()).empty());

    cloud::GoogleCloudProvider provider;
    WorkbenchSession session;
    session.setStorePath(dir.filePath(QStringLiteral("runs.sqlite")));
    session.setCloudProvider(&provider);
    CloudSettings settings = provider.defaults();
    settings.credentials = CredentialChoice::KeyFile;
    settings.keyFile = key.toStdString();
    settings.gcsRoot = "gs://course-bucket/workbench";
    settings.trainerImage = trainer;
    settings.servingImage = server;
    session.setCloudSettings(settings);
    session.setDataset(*data, QStringLiteral("covertype-8000.csv"));
    TuningSpec spec = session.tuningSpec();
    spec.maxTrials = 2;
    spec.maxParallelTrials = 2;
    session.setTuningSpec(spec, true);

    MainWindow window(&session);
    addStagePanels(window, session);
    window.resize(1440, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Deploy stage: deploys go to a Vertex AI endpoint.
    window.showStage(QStringLiteral("deploy"));
    auto *deploy = window.findChild<DeployPanel *>();
    QVERIFY(deploy);
    auto *destination = deploy->findChild<QComboBox *>(QStringLiteral("deployDestination"));
    destination->setCurrentIndex(
        destination->findData(int(WorkbenchSession::DeployDestination::VertexEndpoint)));
    QCOMPARE(session.deployDestination(), WorkbenchSession::DeployDestination::VertexEndpoint);

    // Runs stage: the pipeline on Vertex AI, a job per trial, from the same button as local.
    window.showStage(QStringLiteral("runs"));
    auto *runs = window.findChild<RunsPanel *>();
    QVERIFY(runs);
    auto *backend = runs->findChild<QComboBox *>(QStringLiteral("runBackend"));
    backend->setCurrentIndex(backend->findData(int(RunBackendSelector::Choice::VertexTrialJobs)));
    runs->findChild<QDoubleSpinBox *>(QStringLiteral("pipelineThreshold"))->setValue(0.3);
    QSignalSpy finished(runs, &RunsPanel::runFinished);
    QTest::mouseClick(runs->findChild<QPushButton *>(QStringLiteral("startPipeline")),
                      Qt::LeftButton);
    QVERIFY(runs->isRunning());
    QVERIFY(finished.wait(240000));
    const QString log = runs->findChild<QPlainTextEdit *>(QStringLiteral("runLog"))->toPlainText();
    QVERIFY2(finished.at(0).at(1).value<RunState>() == RunState::Succeeded, qPrintable(log));
    QVERIFY2(log.contains("hyperparameterTuningJobs/") && log.contains("customJobs/") &&
                 log.contains("deployed as covertype_classifier v01"),
             qPrintable(log));
    QCOMPARE(runs->trialsModel()->rowCount(), 2);

    // Recorded: a Vertex AI run, its model deployed on the endpoint.
    auto store = RunStore::open(session.storePath().toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(*runs->shownRun());
    QVERIFY(details);
    QCOMPARE(details->run.backend, RunBackend::Vertex);
    QCOMPARE(details->deployments.size(), size_t(1));
    QCOMPARE(details->deployments[0].target, DeployTarget::Vertex);
    QVERIFY(QString::fromStdString(details->deployments[0].endpoint)
                .endsWith("/endpoints/covertype-classifier"));
    QVERIFY(
        fake.objectData("course-bucket", "workbench/models/covertype_classifier/v01/model.json"));

    // Deploy stage: the endpoint is listed; the query panel asks it.
    window.showStage(QStringLiteral("deploy"));
    auto *list = deploy->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"));
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 30000);
    list->setCurrentItem(list->topLevelItem(0));
    QueryPanel *query = deploy->queryPanel();
    QSignalSpy answered(query, &QueryPanel::finished);
    QTest::mouseClick(query->findChild<QPushButton *>(QStringLiteral("sendQuery")), Qt::LeftButton);
    QVERIFY(answered.wait(30000));
    const QString status = query->findChild<QLabel *>(QStringLiteral("queryStatus"))->text();
    QVERIFY2(answered.at(0).at(0).toBool(), qPrintable(status));
    QCOMPARE(query->findChild<QTableWidget *>(QStringLiteral("queryResults"))->rowCount(), 1);
}

QTEST_MAIN(TestWorkbenchCloud)
#include "tst_workbench_cloud.moc"
