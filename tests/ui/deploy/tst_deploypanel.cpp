// Tests of the Deploy stage: gate, deploy + records, deployments list, query form, local server;
// and the same on a Vertex AI endpoint of the fake Google Cloud (its serving containers are real
// `covertype serve` processes): the checklist, the query, undeploy, a failed deploy undone.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>

#include "data/csvloader.h"
#include "data/labschema.h"
#include "deploy/deploychecklist.h"
#include "deploy/deploypanel.h"
#include "deploy/deployservice.h"
#include "deploy/deploytargetchooser.h"
#include "deploy/localregistry.h"
#include "deploy/localservercontrol.h"
#include "deploy/querypanel.h"
#include "fakegooglecloud.h"
#include "runs/runstore.h"
#include "setup/googlecloudprovider.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"
#include "thisprocess.h"
#include "training/trainer.h"
#include "vertex/vertexservice.h"

using namespace covertype;
using namespace covertype::ui;

class TestDeployPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void nextFreeVersionNames();
    void tuningRunWithoutModelCannotDeploy();
    void gateRefusesAndOverrideDeploys();
    void gatePassDeploysAsDefault();
    void queryFormPredictsAClassName();
    void queryRejectsBadJson();
    void listFollowsChangesAndQueryRetargets();
    void serverStartsAndStops();
    void serverReportsPortInUse();
    void screenshot();
    void vertexNeedsTheServingImage();
    void destinationIsRemembered();
    void deployToVertexChecklistQueryUndeploy();
    void failedVertexDeployIsUndone();
    void deleteEndpointTakesEveryModelOnIt();
    void cancelStopsADeployAndUndoesIt();

private:
    int64_t recordRun(bool withModel);
    /// The fake Google Cloud with a serving image (`covertype serve`) and a broken one, and the
    /// session's Cloud settings pointing at it.
    void useFakeCloud(const char *servingImage);

    std::unique_ptr<fakecloud::FakeGoogleCloud> m_fake;
    cloud::GoogleCloudProvider m_provider;
    QTemporaryDir m_dir;
    std::shared_ptr<const Dataset> m_data;
    QString m_modelPath;
    double m_accuracy = 0;
    std::unique_ptr<LocalRegistry> m_registry;
    std::unique_ptr<WorkbenchSession> m_session;
    std::unique_ptr<DeployPanel> m_panel;
    int m_case = 0;
};

void TestDeployPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    COVERTYPE_REAL_DATA(file);
    auto data = loadDataset(file.toStdString());
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    m_data = std::make_shared<const Dataset>(std::move(*data));

    // A quick model on a slice of the real rows, scored on another slice.
    std::vector<uint32_t> train(4000), test(2000);
    std::iota(train.begin(), train.end(), 0u);
    std::iota(test.begin(), test.end(), 10000u);
    TrainParams params;
    params.maxIter = 10;
    params.threads = 1;
    const Dataset trainRows = m_data->selectRows(train);
    auto trained = trainModel(trainRows, params);
    QVERIFY2(trained, trained ? "" : trained.error().message.c_str());
    auto eval = evaluateModel(trained->model, m_data->selectRows(test));
    QVERIFY(eval);
    m_accuracy = eval->accuracy;
    QVERIFY2(m_accuracy > 0.5 && m_accuracy < 0.99, QByteArray::number(m_accuracy));
    m_modelPath = m_dir.filePath(QStringLiteral("model/model.json"));
    trained->model.setMetric("testing_accuracy", m_accuracy);
    QVERIFY(trained->model.save(m_modelPath.toStdString()));
}

int64_t TestDeployPanel::recordRun(bool withModel)
{
    auto store = RunStore::open(m_session->storePath().toStdString());
    if (!store)
        return -1;
    NewRun run;
    run.kind = withModel ? RunKind::Pipeline : RunKind::Tune;
    run.state = RunState::Running;
    const int64_t id = *(*store)->createRun(run);
    if (withModel) {
        QFile file(m_modelPath);
        file.open(QIODevice::ReadOnly);
        ModelRecord model;
        model.runId = id;
        model.path = m_modelPath.toStdString();
        model.sha256 = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                           .toHex()
                           .toStdString();
        model.metricsJson = nlohmann::json{{"testing_accuracy", m_accuracy}}.dump();
        if (!(*store)->addModel(model))
            return -1;
    }
    (void)(*store)->setRunState(id, RunState::Succeeded);
    return id;
}

void TestDeployPanel::init()
{
    ++m_case;
    const QString root = m_dir.filePath(QStringLiteral("case%1").arg(m_case));
    m_registry = std::make_unique<LocalRegistry>((root + "/registry").toStdString());
    m_session = std::make_unique<WorkbenchSession>();
    if (m_data)
        m_session->setDataset(m_data, QStringLiteral("covertype_75k.csv"));
    m_session->setStorePath(root + "/runs.sqlite");
    m_session->setRegistryPath(root + "/registry");
    m_session->setDeploymentTarget(m_registry.get());
    m_panel = std::make_unique<DeployPanel>(m_session.get());
    m_panel->setConfirm([](const QString &, const QString &) { return true; });
}

void TestDeployPanel::cleanup()
{
    m_panel.reset();
    m_session.reset();
    m_registry.reset();
    m_fake.reset();
}

namespace {

constexpr const char *kServing = "us-docker.pkg.dev/fake-project/covertype/serve:1";
constexpr const char *kBrokenServing = "us-docker.pkg.dev/fake-project/covertype/serve:broken";

}  // namespace

void TestDeployPanel::useFakeCloud(const char *servingImage)
{
    m_fake = std::make_unique<fakecloud::FakeGoogleCloud>();
    fakecloud::pointThisProcessAt(*m_fake, m_dir.filePath(QStringLiteral("gcloud")).toStdString());
    m_fake->setContainerCommand(kServing, {COVERTYPE_CLI, "serve"});
    m_fake->setContainerCommand(kBrokenServing, {"/bin/sleep", "60"});
    m_fake->createBucket("course-bucket");
    auto settings = m_fake->vertex().settings();
    settings.deployTimeout = std::chrono::milliseconds(1500);
    settings.operationPolls = 1;
    m_fake->vertex().setSettings(settings);
    const QString key = m_dir.filePath(QStringLiteral("key.json"));
    QVERIFY(!m_fake->writeServiceAccountKey(key.toStdString()).empty());
    m_session->setCloudProvider(&m_provider);
    CloudSettings cloud = m_provider.defaults();
    cloud.credentials = CredentialChoice::KeyFile;
    cloud.keyFile = key.toStdString();
    cloud.gcsRoot = "gs://course-bucket/wb";
    cloud.servingImage = servingImage;
    m_session->setCloudSettings(cloud);
    // The panel offers Vertex AI when the session has a cloud: made again with it.
    m_panel = std::make_unique<DeployPanel>(m_session.get());
    m_panel->setConfirm([](const QString &, const QString &) { return true; });
}

void TestDeployPanel::vertexNeedsTheServingImage()
{
    useFakeCloud("");
    DeployTargetChooser *chooser = m_panel->targetChooser();
    QVERIFY(!chooser->chooseVertex(QString()));
    QVERIFY2(chooser->problem().contains("serving image"), qPrintable(chooser->problem()));
    QCOMPARE(m_session->deployDestination(), WorkbenchSession::DeployDestination::LocalRegistry);
    QVERIFY(m_fake->requests().empty());
}

void TestDeployPanel::destinationIsRemembered()
{
    useFakeCloud(kServing);
    QSettings().remove(QStringLiteral("deploy"));
    DeployTargetChooser *chooser = m_panel->targetChooser();
    QVERIFY2(chooser->chooseVertex(QStringLiteral("course-endpoint")),
             qPrintable(chooser->problem()));
    // The next start deploys there again.
    WorkbenchSession next;
    next.setCloudProvider(&m_provider);
    next.setCloudSettings(m_session->cloudSettings());
    restoreDeployDestination(next, QSettings());
    QCOMPARE(next.deployDestination(), WorkbenchSession::DeployDestination::VertexEndpoint);
    QCOMPARE(next.vertexEndpoint(), QStringLiteral("course-endpoint"));
    // Settings that no longer allow it leave the local registry, and say why.
    WorkbenchSession noImage;
    noImage.setCloudProvider(&m_provider);
    CloudSettings settings = m_session->cloudSettings();
    settings.servingImage.clear();
    noImage.setCloudSettings(settings);
    QSignalSpy logged(&noImage, &WorkbenchSession::logMessage);
    restoreDeployDestination(noImage, QSettings());
    QCOMPARE(noImage.deployDestination(), WorkbenchSession::DeployDestination::LocalRegistry);
    QCOMPARE(logged.count(), 1);
    QVERIFY2(logged.at(0).at(1).toString().contains("serving image"),
             qPrintable(logged.at(0).at(1).toString()));
    // Choosing the registry is remembered too.
    chooser->chooseLocal();
    WorkbenchSession third;
    third.setCloudProvider(&m_provider);
    third.setCloudSettings(m_session->cloudSettings());
    restoreDeployDestination(third, QSettings());
    QCOMPARE(third.deployDestination(), WorkbenchSession::DeployDestination::LocalRegistry);
}

void TestDeployPanel::deployToVertexChecklistQueryUndeploy()
{
    if (!m_data)
        QSKIP("needs the real data");
    useFakeCloud(kServing);
    DeployTargetChooser *chooser = m_panel->targetChooser();
    QVERIFY2(chooser->chooseVertex(QString()), qPrintable(chooser->problem()));
    QVERIFY2(
        chooser->priceText().contains("n1-standard-2") && chooser->priceText().contains("USD/h"),
        qPrintable(chooser->priceText()));
    const int64_t run = recordRun(true);
    m_session->setCurrentRun(run);
    m_panel->findChild<QDoubleSpinBox *>(QStringLiteral("gateThreshold"))->setValue(0.5);
    auto *list = m_panel->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"));
    QTRY_COMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("modelVersion"))->text(),
                 QStringLiteral("v01"));
    QSignalSpy finished(m_panel.get(), &DeployPanel::deployFinished);
    m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"))->click();
    QVERIFY(finished.wait(60000));
    const QStringList steps = m_panel->checklist()->lines();
    QVERIFY2(finished.at(0).at(0).toBool(),
             qPrintable(finished.at(0).at(1).toString() + "\n" + steps.join("\n")));
    QVERIFY2(finished.at(0).at(1).toString().contains("/endpoints/covertype-classifier"),
             qPrintable(finished.at(0).at(1).toString()));
    // Every step, done, in order: the checklist a user watched.
    QVERIFY2(
        steps.size() >= 5 &&
            std::ranges::all_of(
                steps, [](const QString &line) { return line.startsWith(QStringLiteral("✓")); }),
        qPrintable(steps.join("\n")));
    QVERIFY2(steps.filter("create endpoint").size() == 1 &&
                 steps.filter("wait until it serves").size() == 1,
             qPrintable(steps.join("\n")));
    // Listed with its endpoint and all the traffic; recorded as a Vertex AI deployment.
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("100 %"));
    QCOMPARE(list->topLevelItem(0)->text(5), QStringLiteral("covertype-classifier"));
    auto store = RunStore::open(m_session->storePath().toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(run);
    QVERIFY(details);
    QCOMPARE(details->deployments.size(), size_t(1));
    QCOMPARE(details->deployments[0].target, DeployTarget::Vertex);
    QCOMPARE(details->deployments[0].state, DeploymentState::Deployed);
    QVERIFY(QString::fromStdString(details->deployments[0].endpoint)
                .endsWith("/endpoints/covertype-classifier"));

    // The query panel asks the endpoint and shows classes, probabilities and latency.
    list->setCurrentItem(list->topLevelItem(0));
    QueryPanel *query = m_panel->queryPanel();
    QSignalSpy answered(query, &QueryPanel::finished);
    query->send();
    QVERIFY(answered.wait(30000));
    const QString status = query->findChild<QLabel *>(QStringLiteral("queryStatus"))->text();
    QVERIFY2(answered.at(0).at(0).toBool(), qPrintable(status));
    QVERIFY2(status.contains(" ms"), qPrintable(status));
    auto *results = query->findChild<QTableWidget *>(QStringLiteral("queryResults"));
    QCOMPARE(results->rowCount(), 1);
    bool predicted = false;
    for (const auto &request : m_fake->requests())
        predicted |= request.target.find(":predict") != std::string::npos && request.status == 200;
    QVERIFY(predicted);

    // Undeploy (confirmed): the model and, with its last model, the endpoint go.
    m_panel->findChild<QPushButton *>(QStringLiteral("undeployButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 0, 30000);
    QVERIFY2(m_panel->findChild<QLabel *>(QStringLiteral("deployMessage"))
                 ->text()
                 .contains("Undeployed"),
             qPrintable(m_panel->findChild<QLabel *>(QStringLiteral("deployMessage"))->text()));
}

void TestDeployPanel::cancelStopsADeployAndUndoesIt()
{
    if (!m_data)
        QSKIP("needs the real data");
    // A serving container that never answers its health route: Vertex AI gives the deploy up
    // after a while (6 s here), and the client's wait is cancelled before.
    useFakeCloud(kBrokenServing);
    auto settings = m_fake->vertex().settings();
    settings.deployTimeout = std::chrono::milliseconds(6000);
    m_fake->vertex().setSettings(settings);
    DeployTargetChooser *chooser = m_panel->targetChooser();
    QVERIFY2(chooser->chooseVertex(QString()), qPrintable(chooser->problem()));
    m_session->setCurrentRun(recordRun(true));
    m_panel->findChild<QDoubleSpinBox *>(QStringLiteral("gateThreshold"))->setValue(0.5);
    QTRY_COMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("modelVersion"))->text(),
                 QStringLiteral("v01"));
    auto *cancel = m_panel->findChild<QPushButton *>(QStringLiteral("cancelDeploy"));
    QVERIFY(!cancel->isEnabled());
    QSignalSpy finished(m_panel.get(), &DeployPanel::deployFinished);
    m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"))->click();
    QVERIFY(cancel->isVisibleTo(m_panel.get()) && cancel->isEnabled());
    // Cancelled while Vertex AI deploys the model on the endpoint it made.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_panel->checklist()->lines().filter("wait until it serves").size() == 1, 30000);
    QElapsedTimer clock;
    clock.start();
    cancel->click();
    QVERIFY(finished.wait(30000));
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    const QStringList steps = m_panel->checklist()->lines();
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(finished.at(0).at(1).toString().contains("cancelled") &&
                 finished.at(0).at(1).toString().contains("what it made was removed"),
             qPrintable(finished.at(0).at(1).toString() + "\n" + steps.join("\n")));
    QVERIFY2(
        steps.filter("remove model").size() == 1 && steps.filter("remove endpoint").size() == 1,
        qPrintable(steps.join("\n")));
    QVERIFY(!cancel->isEnabled());
    // Nothing of it is left on the service, and the target works again.
    bool deletedEndpoint = false, deletedModel = false;
    for (const auto &request : m_fake->requests()) {
        if (request.method != "DELETE" || request.status != 200)
            continue;
        deletedModel |= request.target.find("/models/") != std::string::npos;
        deletedEndpoint |= request.target.ends_with("/endpoints/covertype-classifier");
    }
    QVERIFY(deletedModel && deletedEndpoint);
    auto listed = m_session->deploymentTarget()->list();
    QVERIFY2(listed, listed ? "" : listed.error().message.c_str());
    QVERIFY(listed->empty());
}

void TestDeployPanel::deleteEndpointTakesEveryModelOnIt()
{
    if (!m_data)
        QSKIP("needs the real data");
    useFakeCloud(kServing);
    DeployTargetChooser *chooser = m_panel->targetChooser();
    QVERIFY2(chooser->chooseVertex(QString()), qPrintable(chooser->problem()));
    m_session->setCurrentRun(recordRun(true));
    m_panel->findChild<QDoubleSpinBox *>(QStringLiteral("gateThreshold"))->setValue(0.5);
    auto *list = m_panel->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"));
    auto *version = m_panel->findChild<QLineEdit *>(QStringLiteral("modelVersion"));
    auto *remove = m_panel->findChild<QPushButton *>(QStringLiteral("deleteEndpointButton"));
    QVERIFY(remove->isVisibleTo(m_panel.get()));
    QVERIFY(!remove->isEnabled());  // nothing selected
    // Two versions on the endpoint: v01, then v02 taking the traffic.
    QSignalSpy finished(m_panel.get(), &DeployPanel::deployFinished);
    for (const char *expected : {"v01", "v02"}) {
        QTRY_COMPARE(version->text(), QString::fromLatin1(expected));
        m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"))->click();
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 30000);
    list->setCurrentItem(list->topLevelItem(0));
    QVERIFY(remove->isEnabled());
    QString question;
    m_panel->setConfirm([&question](const QString &, const QString &text) {
        question = text;
        return true;
    });
    remove->click();
    QVERIFY2(question.contains("covertype-classifier") && question.contains("v01") &&
                 question.contains("v02"),
             qPrintable(question));
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 0, 30000);
    auto *message = m_panel->findChild<QLabel *>(QStringLiteral("deployMessage"));
    QTRY_VERIFY2(message->text().contains("Deleted endpoint covertype-classifier"),
                 qPrintable(message->text()));
    // Both models went from Vertex AI, then the endpoint.
    int deletedModels = 0;
    bool deletedEndpoint = false;
    for (const auto &request : m_fake->requests()) {
        if (request.method != "DELETE" || request.status != 200)
            continue;
        deletedModels += request.target.find("/models/") != std::string::npos ? 1 : 0;
        deletedEndpoint |= request.target.ends_with("/endpoints/covertype-classifier");
    }
    QCOMPARE(deletedModels, 2);
    QVERIFY(deletedEndpoint);
}

void TestDeployPanel::failedVertexDeployIsUndone()
{
    if (!m_data)
        QSKIP("needs the real data");
    useFakeCloud(kBrokenServing);
    QVERIFY(m_panel->targetChooser()->chooseVertex(QStringLiteral("course-endpoint")));
    m_session->setCurrentRun(recordRun(true));
    m_panel->findChild<QDoubleSpinBox *>(QStringLiteral("gateThreshold"))->setValue(0.5);
    QSignalSpy finished(m_panel.get(), &DeployPanel::deployFinished);
    m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"))->click();
    QVERIFY(finished.wait(60000));
    QVERIFY(!finished.at(0).at(0).toBool());
    const QStringList steps = m_panel->checklist()->lines();
    // Why it failed, at the step that failed; what the deploy made, removed again.
    QVERIFY2(steps.filter(QRegularExpression("^✗ deploy on n1-standard-2")).size() == 1,
             qPrintable(steps.join("\n")));
    QVERIFY2(steps.filter(QRegularExpression("^↩ .*endpoints/course-endpoint")).size() == 1 &&
                 steps.filter(QRegularExpression("^↩ .*gs://course-bucket/wb/models/")).size() == 1,
             qPrintable(steps.join("\n")));
    QVERIFY(!m_fake->objectData("course-bucket", "wb/models/covertype_classifier/v01/model.json"));
    QTRY_COMPARE(
        m_panel->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"))->topLevelItemCount(),
        0);
    QVERIFY(
        m_panel->findChild<QLabel *>(QStringLiteral("deployMessage"))->text().contains("failed"));
}

void TestDeployPanel::nextFreeVersionNames()
{
    std::vector<Deployment> list;
    QCOMPARE(nextFreeVersion(list, "m"), std::string("v01"));
    const auto deployment = [](std::string model, std::string version) {
        Deployment d;
        d.model = std::move(model);
        d.version = std::move(version);
        return d;
    };
    list.push_back(deployment("m", "v09"));
    list.push_back(deployment("other", "v30"));
    list.push_back(deployment("m", "beta"));
    QCOMPARE(nextFreeVersion(list, "m"), std::string("v10"));
    QVERIFY(gatePasses(0.7, 0.69));
    QVERIFY(!gatePasses(0.69, 0.69));
}

void TestDeployPanel::tuningRunWithoutModelCannotDeploy()
{
    auto *deploy = m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"));
    QVERIFY(deploy);
    QVERIFY(!deploy->isEnabled());
    m_session->setCurrentRun(recordRun(false));
    QVERIFY(!deploy->isEnabled());
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("modelLabel"))
                ->text()
                .contains(QStringLiteral("no final model")));
}

void TestDeployPanel::gateRefusesAndOverrideDeploys()
{
    if (!m_data)
        QSKIP("needs the real data");
    m_session->setCurrentRun(recordRun(true));
    auto *deploy = m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"));
    auto *anyway = m_panel->findChild<QPushButton *>(QStringLiteral("deployAnywayButton"));
    auto *threshold = m_panel->findChild<QDoubleSpinBox *>(QStringLiteral("gateThreshold"));
    auto *list = m_panel->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"));
    QVERIFY(deploy->isEnabled());
    threshold->setValue(0.99);
    QVERIFY(!m_panel->gatePassed());
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("gateLabel"))->text().contains("FAIL"));
    QSignalSpy finished(m_panel.get(), &DeployPanel::deployFinished);
    deploy->click();
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("deployMessage"))
                ->text()
                .contains(QStringLiteral("fails the gate")));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(list->topLevelItemCount(), 0);

    // Declining the confirmation deploys nothing; accepting it deploys.
    m_panel->setConfirm([](const QString &, const QString &) { return false; });
    anyway->click();
    QCOMPARE(finished.count(), 0);
    bool asked = false;
    m_panel->setConfirm([&asked](const QString &, const QString &) { return asked = true; });
    QVERIFY(anyway->isEnabled());
    anyway->click();
    QVERIFY(asked);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QTRY_COMPARE(list->topLevelItemCount(), 1);  // listed off the GUI thread
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("v01"));
}

void TestDeployPanel::gatePassDeploysAsDefault()
{
    if (!m_data)
        QSKIP("needs the real data");
    const int64_t run = recordRun(true);
    m_session->setCurrentRun(run);
    m_panel->findChild<QDoubleSpinBox *>(QStringLiteral("gateThreshold"))->setValue(0.5);
    QVERIFY(m_panel->gatePassed());
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("gateLabel"))->text().contains("PASS"));
    QSignalSpy finished(m_panel.get(), &DeployPanel::deployFinished);
    m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"))->click();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));

    auto *list = m_panel->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"));
    QAbstractItemModelTester tester(list->model());
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("covertype_classifier"));
    QVERIFY(!list->topLevelItem(0)->text(2).isEmpty());  // marked default
    QTRY_COMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("modelVersion"))->text(),
                 QStringLiteral("v02"));

    // Recorded in the store as the CLI records it.
    auto store = RunStore::open(m_session->storePath().toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(run);
    QVERIFY(details);
    QCOMPARE(details->deployments.size(), size_t(1));
    QCOMPARE(details->deployments[0].state, DeploymentState::Deployed);
    QCOMPARE(details->deployments[0].version, std::string("v01"));

    // Deploying v01 again without replace is refused and recorded as failed.
    m_panel->findChild<QLineEdit *>(QStringLiteral("modelVersion"))->setText("v01");
    m_panel->findChild<QPushButton *>(QStringLiteral("deployButton"))->click();
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY(!finished.at(1).at(0).toBool());
}

void TestDeployPanel::queryFormPredictsAClassName()
{
    if (!m_data)
        QSKIP("needs the real data");
    QVERIFY(m_registry->deploy(m_modelPath.toStdString(), "covertype_classifier", "v01", false));
    QueryPanel *query = m_panel->queryPanel();
    // Ranges come from the data.
    auto *elevation = query->findChild<QDoubleSpinBox *>(QStringLiteral("Elevation"));
    QVERIFY(elevation->minimum() > 1000 && elevation->maximum() < 4000);
    QVERIFY(query->findChild<QComboBox *>(QStringLiteral("Soil_Type"))->count() > 5);
    QSignalSpy finished(query, &QueryPanel::finished);
    query->findChild<QPushButton *>(QStringLiteral("sendQuery"))->click();
    QTRY_COMPARE(finished.count(), 1);
    auto *status = query->findChild<QLabel *>(QStringLiteral("queryStatus"));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(status->text()));
    auto *results = query->findChild<QTableWidget *>(QStringLiteral("queryResults"));
    QCOMPARE(results->rowCount(), 1);
    const int cls = results->item(0, 1)->text().toInt();
    QVERIFY(cls >= 1 && cls <= 7);
    QCOMPARE(results->item(0, 2)->text().toStdString(), lab::coverTypeName(cls));
    QVERIFY(results->item(0, 3));  // probabilities shown
    QVERIFY(status->text().contains(QStringLiteral("ms")));

    // Selected rows go through the JSON editor.
    m_session->setSelectedRows({0, 1, 2});
    query->findChild<QPushButton *>(QStringLiteral("useSelectedRows"))->click();
    query->send();
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(results->rowCount(), 3);
}

void TestDeployPanel::queryRejectsBadJson()
{
    QueryPanel *query = m_panel->queryPanel();
    query->findChild<QTabWidget *>(QStringLiteral("queryTabs"))->setCurrentIndex(1);
    query->findChild<QPlainTextEdit *>(QStringLiteral("instancesJson"))->setPlainText("[{");
    QSignalSpy finished(query, &QueryPanel::finished);
    query->send();
    QCOMPARE(finished.count(), 1);
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY(query->findChild<QLabel *>(QStringLiteral("queryStatus"))
                ->text()
                .contains(QStringLiteral("not valid JSON")));

    // A well-formed instance the model rejects: the target's message is shown.
    query->findChild<QPlainTextEdit *>(QStringLiteral("instancesJson"))
        ->setPlainText(R"([{"Elevation": "high"}])");
    QVERIFY(m_registry->deploy(m_modelPath.toStdString(), "covertype_classifier", "v01", false) ||
            !m_data);
    query->send();
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY(!finished.at(1).at(0).toBool());
    QVERIFY(query->findChild<QLabel *>(QStringLiteral("queryStatus"))
                ->text()
                .contains(QStringLiteral("Prediction failed")));
}

void TestDeployPanel::listFollowsChangesAndQueryRetargets()
{
    if (!m_data)
        QSKIP("needs the real data");
    auto *list = m_panel->findChild<QTreeWidget *>(QStringLiteral("deploymentsList"));
    const auto defaults = [list] {
        QStringList marked;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (!list->topLevelItem(i)->text(2).isEmpty())
                marked << list->topLevelItem(i)->text(1);
        return marked;
    };
    // Deployed elsewhere (the pipeline, the CLI): the list follows the session's notification.
    QVERIFY(m_registry->deploy(m_modelPath.toStdString(), "covertype_classifier", "v01", false));
    QVERIFY(m_registry->deploy(m_modelPath.toStdString(), "covertype_classifier", "v02", false));
    m_session->notifyDeploymentsChanged();
    QTRY_COMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(defaults(), QStringList{QStringLiteral("v01")});

    // Set default: one default, the new one, and the selection stays on it.
    list->setCurrentItem(list->topLevelItem(1));
    m_panel->findChild<QPushButton *>(QStringLiteral("setDefaultButton"))->click();
    QTRY_COMPARE(defaults(), QStringList{QStringLiteral("v02")});
    QVERIFY(list->currentItem());
    QCOMPARE(list->currentItem()->text(1), QStringLiteral("v02"));

    // The query targets the selected version and answers.
    QueryPanel *query = m_panel->queryPanel();
    QCOMPARE(query->version(), QStringLiteral("v02"));
    QSignalSpy finished(query, &QueryPanel::finished);
    query->send();
    QTRY_COMPARE(finished.count(), 1);
    auto *results = query->findChild<QTableWidget *>(QStringLiteral("queryResults"));
    QCOMPARE(results->rowCount(), 1);

    // Undeploying the queried version moves the query to the model's default, which answers.
    QVERIFY(m_registry->setDefault("covertype_classifier", "v01"));
    m_session->notifyDeploymentsChanged();
    QTRY_COMPARE(defaults(), QStringList{QStringLiteral("v01")});
    list->setCurrentItem(list->topLevelItem(1));
    QCOMPARE(query->version(), QStringLiteral("v02"));
    m_panel->findChild<QPushButton *>(QStringLiteral("undeployButton"))->click();
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    QVERIFY2(query->version().isEmpty(), qPrintable(query->version()));
    query->send();
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY2(finished.at(1).at(0).toBool(),
             qPrintable(query->findChild<QLabel *>(QStringLiteral("queryStatus"))->text()));

    // A failed query does not leave the previous answer under its error.
    QCOMPARE(results->rowCount(), 1);
    query->findChild<QTabWidget *>(QStringLiteral("queryTabs"))->setCurrentIndex(1);
    query->findChild<QPlainTextEdit *>(QStringLiteral("instancesJson"))
        ->setPlainText(R"([{"Elevation": "high"}])");
    query->send();
    QTRY_COMPARE(finished.count(), 3);
    QVERIFY(!finished.at(2).at(0).toBool());
    QCOMPARE(results->rowCount(), 0);
}

void TestDeployPanel::serverStartsAndStops()
{
    LocalServerControl *server = m_panel->serverControl();
    server->findChild<QSpinBox *>(QStringLiteral("serverPort"))->setValue(0);
    QVERIFY(server->start());
    QVERIFY(server->isRunning());
    QVERIFY(server->port() > 0);
    QVERIFY(server->url().startsWith(QStringLiteral("http://127.0.0.1:")));
    QVERIFY(server->findChild<QLabel *>(QStringLiteral("serverState"))->text().contains("Running"));
    server->stop();
    QVERIFY(!server->isRunning());
    QVERIFY(server->findChild<QLabel *>(QStringLiteral("serverState"))->text().contains("Stopped"));
}

void TestDeployPanel::serverReportsPortInUse()
{
    QTcpServer busy;
    QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
    LocalServerControl *server = m_panel->serverControl();
    server->findChild<QSpinBox *>(QStringLiteral("serverPort"))->setValue(busy.serverPort());
    QVERIFY(!server->start());
    QVERIFY(!server->isRunning());
    QVERIFY(server->findChild<QLabel *>(QStringLiteral("serverState"))
                ->text()
                .contains(QStringLiteral("Cannot start")));
}

void TestDeployPanel::screenshot()
{
    if (!m_data)
        QSKIP("needs the real data");
    m_session->setCurrentRun(recordRun(true));
    QVERIFY(m_registry->deploy(m_modelPath.toStdString(), "covertype_classifier", "v01", false));
    m_panel->refreshDeployments();
    QSignalSpy finished(m_panel->queryPanel(), &QueryPanel::finished);
    m_panel->queryPanel()->send();
    QTRY_COMPARE(finished.count(), 1);
    m_panel->resize(1280, 800);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QVERIFY(m_panel->grab().save(m_dir.filePath(QStringLiteral("shot-deploy.png"))));
}

QTEST_MAIN(TestDeployPanel)
#include "tst_deploypanel.moc"
