// Tests of the Cloud settings dialog: defaults from the environment, malformed fields named,
// saved settings, and the connection test against the fake Google Cloud (off the GUI thread,
// cancellable, failures explained).
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "cloudsetup/cloudsettingsdialog.h"
#include "cloudsetup/cloudsettingsstorage.h"
#include "fakegooglecloud.h"
#include "setup/googlecloudprovider.h"
#include "shell/workbenchsession.h"
#include "thisprocess.h"

using namespace covertype;
using covertype::fakecloud::FakeGoogleCloud;

class TestCloudSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void defaultsComeFromTheEnvironment();
    void malformedFieldsAreNamedAndNotSaved();
    void savedSettingsComeBack();
    void connectionTestShowsAccountProjectAndServices();
    void connectionTestExplainsFailures();
    void connectionTestWithoutCredentials();
    void connectionTestCanBeCancelled();

private:
    /// The defaults with the fake's service-account key chosen.
    CloudSettings keyFileSettings() const
    {
        CloudSettings settings = m_provider.defaults();
        settings.credentials = CredentialChoice::KeyFile;
        settings.keyFile = m_keyFile.toStdString();
        return settings;
    }

    template <typename T>
    T *child(QWidget *parent, const char *name)
    {
        T *w = parent->findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<FakeGoogleCloud> m_fake;
    QString m_keyFile;
    cloud::GoogleCloudProvider m_provider;
};

void TestCloudSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestCloudSettingsDialog::init()
{
    QSettings().clear();
    m_fake = std::make_unique<FakeGoogleCloud>();
    // Nothing of the user's gcloud: an empty configuration directory.
    fakecloud::pointThisProcessAt(*m_fake, m_dir.filePath(QStringLiteral("gcloud")).toStdString());
    m_keyFile = m_dir.filePath(QStringLiteral("key.json"));
    QVERIFY(!m_fake->writeServiceAccountKey(m_keyFile.toStdString()).empty());
    m_fake->createBucket("fake-bucket");
    qputenv("COVERTYPE_GCS_ROOT", "gs://fake-bucket/covertype");
    qputenv("COVERTYPE_TRAINER_IMAGE", "example.com/covertype/trainer:1");
}

void TestCloudSettingsDialog::cleanup()
{
    m_fake.reset();
}

void TestCloudSettingsDialog::defaultsComeFromTheEnvironment()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    session.setCloudSettings(ui::readCloudSettings(QSettings(), m_provider.defaults()));
    QCOMPARE(session.cloudSettings().project, std::string("fake-project"));
    QCOMPARE(session.cloudSettings().gcsRoot, std::string("gs://fake-bucket/covertype"));
    QCOMPARE(session.cloudSettings().trainerImage, std::string("example.com/covertype/trainer:1"));

    ui::CloudSettingsDialog dialog(&session);
    // A default is shown where it comes from, as the placeholder of an empty field.
    auto *project = child<QLineEdit>(&dialog, "cloudProject");
    QVERIFY(project->text().isEmpty());
    QCOMPARE(project->placeholderText(), QStringLiteral("fake-project"));
    QCOMPARE(child<QLineEdit>(&dialog, "cloudGcsRoot")->placeholderText(),
             QStringLiteral("gs://fake-bucket/covertype"));
    QCOMPARE(dialog.settings(), session.cloudSettings());
    // The machine's price is shown beside it.
    QVERIFY(child<QLabel>(&dialog, "cloudTrainingMachinePrice")->text().contains("4 vCPUs"));
}

void TestCloudSettingsDialog::malformedFieldsAreNamedAndNotSaved()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    ui::CloudSettingsDialog dialog(&session);
    auto *save = child<QDialogButtonBox>(&dialog, "")->button(QDialogButtonBox::Save);
    QVERIFY(save->isEnabled());
    child<QLineEdit>(&dialog, "cloudGcsRoot")->setText(QStringLiteral("fake-bucket/covertype"));
    auto *problems = child<QLabel>(&dialog, "cloudProblems");
    QVERIFY(problems->text().contains("Cloud Storage root"));
    QVERIFY(problems->text().contains("fake-bucket/covertype"));
    QVERIFY(!save->isEnabled());
    child<QLineEdit>(&dialog, "cloudBigQueryTable")->setText(QStringLiteral("only.two"));
    QVERIFY(problems->text().contains("PROJECT.DATASET.TABLE"));
    dialog.accept();  // refused: nothing saved
    QVERIFY(!QSettings().contains(QStringLiteral("cloud/gcsRoot")));
    QCOMPARE(session.cloudSettings(), CloudSettings{});
}

void TestCloudSettingsDialog::savedSettingsComeBack()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    {
        ui::CloudSettingsDialog dialog(&session);
        child<QLineEdit>(&dialog, "cloudRegion")->setText(QStringLiteral("europe-west4"));
        child<QLineEdit>(&dialog, "cloudServingImage")->setText(QStringLiteral("example.com/s:2"));
        auto *credentials = child<QComboBox>(&dialog, "cloudCredentials");
        credentials->setCurrentIndex(credentials->findData(int(CredentialChoice::KeyFile)));
        QVERIFY(!child<QLabel>(&dialog, "cloudProblems")->text().isEmpty());  // no key file yet
        child<QLineEdit>(&dialog, "cloudKeyFile")->setText(m_keyFile);
        child<QComboBox>(&dialog, "cloudTrainingMachine")
            ->setCurrentText(QStringLiteral("n1-standard-8"));
        QSignalSpy changed(&session, &ui::WorkbenchSession::cloudSettingsChanged);
        dialog.accept();
        QCOMPARE(changed.count(), 1);
    }
    QCOMPARE(session.cloudSettings().region, std::string("europe-west4"));
    QCOMPARE(session.cloudSettings().credentials, CredentialChoice::KeyFile);
    // Stored: what the user chose, never a secret; the defaults stay defaults.
    const QSettings stored;
    QCOMPARE(stored.value("cloud/region").toString(), QStringLiteral("europe-west4"));
    QCOMPARE(stored.value("cloud/keyFile").toString(), m_keyFile);
    QCOMPARE(stored.value("cloud/gcsRoot").toString(), QString());
    for (const QString &key : stored.allKeys())
        QVERIFY2(!stored.value(key).toString().contains("PRIVATE KEY"), qPrintable(key));
    const CloudSettings back = ui::readCloudSettings(stored, m_provider.defaults());
    QCOMPARE(back, session.cloudSettings());
    QCOMPARE(back.trainingMachine, std::string("n1-standard-8"));
    QCOMPARE(back.gcsRoot, std::string("gs://fake-bucket/covertype"));
}

void TestCloudSettingsDialog::connectionTestShowsAccountProjectAndServices()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    CloudSettings settings = keyFileSettings();
    session.setCloudSettings(settings);
    ui::CloudSettingsDialog dialog(&session);
    QSignalSpy tested(&dialog, &ui::CloudSettingsDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(&dialog, "testConnection"), Qt::LeftButton);
    QVERIFY(tested.wait(30000));
    QCOMPARE(tested.at(0).at(0).toBool(), true);
    const QString text = dialog.connectionText();
    QVERIFY2(text.contains("trainer@fake-project.iam.gserviceaccount.com"), qPrintable(text));
    QVERIFY2(text.contains("Project: fake-project"), qPrintable(text));
    QVERIFY2(text.contains("✓ Vertex AI"), qPrintable(text));
    QVERIFY2(text.contains("✓ Cloud Storage: bucket fake-bucket is there"), qPrintable(text));
    QVERIFY2(text.contains("✓ BigQuery"), qPrintable(text));
    // The services were really asked, with a token.
    bool askedVertex = false;
    for (const auto &request : m_fake->requests())
        askedVertex |=
            request.authorized && request.target.find("/customJobs") != std::string::npos;
    QVERIFY(askedVertex);
}

void TestCloudSettingsDialog::connectionTestExplainsFailures()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    CloudSettings settings = keyFileSettings();
    settings.gcsRoot = "gs://missing-bucket/x";
    session.setCloudSettings(settings);
    m_fake->addFault(
        {.method = "GET",
         .pathRegex = "/customJobs",
         .status = 403,
         .rawBody = R"({"error": {"code": 403, "message": "Vertex AI API has not been used in )"
                    R"(project 123456789012 before or it is disabled.", "status": )"
                    R"("PERMISSION_DENIED", "details": [{"@type": )"
                    R"("type.googleapis.com/google.rpc.ErrorInfo", "reason": )"
                    R"("SERVICE_DISABLED", "domain": "googleapis.com"}]}})"});
    m_fake->addFault({.method = "GET", .pathRegex = "/datasets", .status = 403});
    ui::CloudSettingsDialog dialog(&session);
    QSignalSpy tested(&dialog, &ui::CloudSettingsDialog::connectionTested);
    dialog.testConnection();
    QVERIFY(tested.wait(30000));
    QCOMPARE(tested.at(0).at(0).toBool(), false);
    const QString text = dialog.connectionText();
    QVERIFY2(text.contains("✗ Vertex AI: the aiplatform.googleapis.com API is not enabled"),
             qPrintable(text));
    QVERIFY2(text.contains("gcloud services enable aiplatform.googleapis.com"), qPrintable(text));
    QVERIFY2(text.contains("✗ Cloud Storage"), qPrintable(text));
    QVERIFY2(text.contains("missing-bucket"), qPrintable(text));
    QVERIFY2(text.contains("✗ BigQuery: permission denied: the account needs roles/bigquery.user"),
             qPrintable(text));
}

void TestCloudSettingsDialog::connectionTestWithoutCredentials()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    CloudSettings settings = m_provider.defaults();
    settings.credentials = CredentialChoice::KeyFile;
    settings.keyFile = m_dir.filePath(QStringLiteral("no-such-key.json")).toStdString();
    session.setCloudSettings(settings);
    ui::CloudSettingsDialog dialog(&session);
    QSignalSpy tested(&dialog, &ui::CloudSettingsDialog::connectionTested);
    QSignalSpy logged(&session, &ui::WorkbenchSession::logMessage);
    dialog.testConnection();
    QVERIFY(tested.wait(30000));
    QCOMPARE(tested.at(0).at(0).toBool(), false);
    QVERIFY2(dialog.connectionText().startsWith("No connection:"),
             qPrintable(dialog.connectionText()));
    QVERIFY(dialog.connectionText().contains("no-such-key.json"));
    QVERIFY(!logged.isEmpty());  // and in the log
}

void TestCloudSettingsDialog::connectionTestCanBeCancelled()
{
    ui::WorkbenchSession session;
    session.setCloudProvider(&m_provider);
    CloudSettings settings = keyFileSettings();
    session.setCloudSettings(settings);
    m_fake->addFault({.method = "GET", .pathRegex = "/customJobs", .delayMs = 20000});
    ui::CloudSettingsDialog dialog(&session);
    QSignalSpy tested(&dialog, &ui::CloudSettingsDialog::connectionTested);
    auto *button = child<QPushButton>(&dialog, "testConnection");
    QTest::mouseClick(button, Qt::LeftButton);
    // The window keeps answering while the service is slow.
    QTest::qWait(300);
    QVERIFY(dialog.isTesting());
    QVERIFY(tested.isEmpty());
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(button, Qt::LeftButton);  // now "Cancel Test"
    QVERIFY(tested.wait(10000));
    QVERIFY(clock.elapsed() < 5000);
    QCOMPARE(tested.at(0).at(0).toBool(), false);
    QVERIFY2(dialog.connectionText().contains("cancelled"), qPrintable(dialog.connectionText()));
}

QTEST_MAIN(TestCloudSettingsDialog)
#include "tst_cloudsettingsdialog.moc"
