// Where the project, region and endpoints come from: flags, then the environment, then the
// active gcloud configuration, then the credentials; endpoints from the override variables.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "auth/credentials.h"
#include "config/cloudconfig.h"
#include "config/gcloudconfig.h"

using namespace covertype;
using namespace covertype::cloud;

namespace {

const char *const kVariables[] = {"CLOUDSDK_CORE_PROJECT",
                                  "GOOGLE_CLOUD_PROJECT",
                                  "CLOUDSDK_AI_REGION",
                                  "CLOUDSDK_ACTIVE_CONFIG_NAME",
                                  "CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM",
                                  "STORAGE_EMULATOR_HOST",
                                  "BIGQUERY_EMULATOR_HOST"};

class ProjectOnly final : public CredentialSource
{
public:
    Expected<AccessToken> fetch(std::stop_token) const override
    {
        return fail(ErrorCode::Unavailable, "not used");
    }
    std::string description() const override { return "service account key k.json"; }
    std::string projectId() const override { return "key-project"; }
};

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.write(text) == text.size());
}

}  // namespace

class TestCloudConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void init()
    {
        for (const char *name : kVariables)
            qunsetenv(name);
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
        qputenv("CLOUDSDK_CONFIG", m_dir.path().toUtf8());
    }

    void projectOrder()
    {
        const ProjectOnly key;
        // Nothing but the credential.
        auto config = resolveCloudConfig({}, &key);
        QVERIFY(config.has_value());
        QCOMPARE(config->project, std::string("key-project"));
        QCOMPARE(config->projectSource, std::string("service account key k.json"));

        writeFile(m_dir.path() + "/configurations/config_default",
                  "[core]\naccount = me@example.com\nproject = gcloud-project\n\n[ai]\nregion = "
                  "europe-west4\n");
        config = resolveCloudConfig({}, &key);
        QCOMPARE(config->project, std::string("gcloud-project"));
        QCOMPARE(config->projectSource, std::string("gcloud configuration 'default'"));
        QCOMPARE(config->region, std::string("europe-west4"));

        qputenv("GOOGLE_CLOUD_PROJECT", "google-cloud-project");
        QCOMPARE(resolveCloudConfig({}, &key)->project, std::string("google-cloud-project"));
        qputenv("CLOUDSDK_CORE_PROJECT", "cloudsdk-project");
        QCOMPARE(resolveCloudConfig({}, &key)->project, std::string("cloudsdk-project"));
        config = resolveCloudConfig({"flag-project", ""}, &key);
        QCOMPARE(config->project, std::string("flag-project"));
        QCOMPARE(config->projectSource, std::string("--project"));
    }

    void activeConfigurationIsFollowed()
    {
        writeFile(m_dir.path() + "/configurations/config_default",
                  "[core]\nproject = default-one\n");
        writeFile(m_dir.path() + "/configurations/config_work",
                  "[core]\nproject = work-project\n[ai]\nregion = asia-northeast3\n");
        writeFile(m_dir.path() + "/active_config", "work\n");
        auto config = resolveCloudConfig({}, nullptr);
        QVERIFY(config.has_value());
        QCOMPARE(config->project, std::string("work-project"));
        QCOMPARE(config->region, std::string("asia-northeast3"));
        QCOMPARE(config->regionSource, std::string("gcloud configuration 'work'"));
        qputenv("CLOUDSDK_ACTIVE_CONFIG_NAME", "default");
        QCOMPARE(resolveCloudConfig({}, nullptr)->project, std::string("default-one"));
        QCOMPARE(readActiveGcloudConfiguration().name, std::string("default"));
    }

    void regionOrder()
    {
        qputenv("CLOUDSDK_CORE_PROJECT", "some-project");
        auto config = resolveCloudConfig({}, nullptr);
        QCOMPARE(config->region, std::string("us-central1"));
        QCOMPARE(config->regionSource, std::string("the default"));
        QCOMPARE(config->aiplatformRoot,
                 std::string("https://us-central1-aiplatform.googleapis.com/"));
        qputenv("CLOUDSDK_AI_REGION", "europe-west1");
        config = resolveCloudConfig({}, nullptr);
        QCOMPARE(config->region, std::string("europe-west1"));
        QCOMPARE(config->aiplatformRoot,
                 std::string("https://europe-west1-aiplatform.googleapis.com/"));
        QCOMPARE(resolveCloudConfig({"", "us-east4"}, nullptr)->region, std::string("us-east4"));
    }

    void missingOrMalformedProject()
    {
        auto config = resolveCloudConfig({}, nullptr);
        QVERIFY(!config.has_value());
        QVERIFY(config.error().message.find("--project") != std::string::npos);
        QVERIFY(config.error().message.find("gcloud config set project") != std::string::npos);
        config = resolveCloudConfig({"Bad_Project", ""}, nullptr);
        QVERIFY(!config.has_value());
        QVERIFY(config.error().message.find("--project: 'Bad_Project' is not a project id") !=
                std::string::npos);
        config = resolveCloudConfig({"good-project", "us central"}, nullptr);
        QVERIFY(!config.has_value());
        QVERIFY(config.error().message.find("is not a region") != std::string::npos);
        QVERIFY(isValidProjectId("example.com:my-project"));
        QVERIFY(!isValidProjectId("abc"));
    }

    void endpointOverrides()
    {
        qputenv("CLOUDSDK_CORE_PROJECT", "some-project");
        qputenv("STORAGE_EMULATOR_HOST", "127.0.0.1:9023");
        qputenv("BIGQUERY_EMULATOR_HOST", "http://localhost:9050");
        qputenv("CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM", "http://127.0.0.1:9000");
        auto config = resolveCloudConfig({}, nullptr);
        QVERIFY2(config.has_value(), config ? "" : config.error().message.c_str());
        QCOMPARE(config->storageRoot, std::string("http://127.0.0.1:9023/"));
        QCOMPARE(config->bigqueryRoot, std::string("http://localhost:9050/"));
        QCOMPARE(config->aiplatformRoot, std::string("http://127.0.0.1:9000/"));

        // Plain http to anything but this machine would send tokens in the clear.
        qputenv("STORAGE_EMULATOR_HOST", "http://storage.example.com:80");
        config = resolveCloudConfig({}, nullptr);
        QVERIFY(!config.has_value());
        QVERIFY2(config.error().message.find("STORAGE_EMULATOR_HOST") != std::string::npos &&
                     config.error().message.find("plain http") != std::string::npos,
                 config.error().message.c_str());
        qputenv("STORAGE_EMULATOR_HOST", "https://storage.example.com");
        QVERIFY(resolveCloudConfig({}, nullptr).has_value());
    }
};

QTEST_GUILESS_MAIN(TestCloudConfig)
#include "tst_cloudconfig.moc"
