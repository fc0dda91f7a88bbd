// Application Default Credentials against the fake Google Cloud: each source in its place in the
// order, JWT grants the fake verifies, refresh tokens, the metadata server, the real gcloud as
// the last resort, the token cache, and errors that never show a secret.
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <thread>

#include "auth/credentials.h"
#include "base/text.h"
#include "fakegooglecloud.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::fakecloud::FakeGoogleCloud;
using namespace std::chrono_literals;

namespace {

const char *const kVariables[] = {
    "GOOGLE_APPLICATION_CREDENTIALS",  "GCE_METADATA_HOST",    "GCE_METADATA_IP", "NO_GCE_CHECK",
    "CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", "CLOUDSDK_CORE_ACCOUNT"};

std::string text(const Expected<std::string> &e)
{
    return e ? *e : e.error().message;
}

}  // namespace

class TestCredentials : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QByteArray m_path;

    QString file(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase() { m_path = qgetenv("PATH"); }

    void init()
    {
        for (const char *name : kVariables)
            qunsetenv(name);
        qputenv("PATH", m_path);
        // An empty gcloud configuration directory: no well-known file, nothing of the user's.
        QDir(file("gcloud")).removeRecursively();
        QDir().mkpath(file("gcloud"));
        qputenv("CLOUDSDK_CONFIG", file("gcloud").toUtf8());
        // Nothing here may wait for the real metadata address.
        qputenv("NO_GCE_CHECK", "True");
    }

    void serviceAccountKey()
    {
        FakeGoogleCloud fake;
        const QString key = file("key.json");
        QVERIFY(!fake.writeServiceAccountKey(key.toStdString()).empty());
        qputenv("GOOGLE_APPLICATION_CREDENTIALS", key.toUtf8());
        auto source = findDefaultCredentials();
        QVERIFY2(source.has_value(), source ? "" : source.error().message.c_str());
        QCOMPARE((*source)->description(), "service account key " + key.toStdString());
        QCOMPARE((*source)->account(), fake.options().serviceAccountEmail);
        QCOMPARE((*source)->projectId(), fake.options().projectId);

        TokenProvider tokens(std::move(*source));
        auto token = tokens.token();
        QVERIFY2(token.has_value(), text(token).c_str());
        QVERIFY(!token->empty());
        // Cached: the second call does not ask again.
        QCOMPARE(*tokens.token(), *token);
        QCOMPARE(tokens.fetches(), 1);
        QVERIFY(tokens.expiresAt() > std::chrono::system_clock::now() + 50min);
        // Forced (after a 401): a new one.
        QVERIFY(tokens.token({}, true).has_value());
        QCOMPARE(tokens.fetches(), 2);
    }

    /// A key whose private half does not match the public key the fake holds is refused, and
    /// the error names the endpoint and the reason, never the key.
    void wrongKeyIsRefused()
    {
        FakeGoogleCloud fake;
        const QString key = file("key.json");
        auto doc = nlohmann::json::parse(fake.writeServiceAccountKey(key.toStdString()));
        auto other =
            nlohmann::json::parse(fake.writeServiceAccountKey(file("other.json").toStdString()));
        doc["private_key"] = other["private_key"];  // the same kid and e-mail, another key
        QFile f(key);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(doc.dump()));
        f.close();
        auto source = credentialsFromFile(key.toStdString());
        QVERIFY(source.has_value());
        TokenProvider tokens(std::move(*source));
        auto token = tokens.token();
        QVERIFY(!token.has_value());
        const std::string &message = token.error().message;
        QVERIFY2(message.find(fake.tokenUri()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("invalid_grant") != std::string::npos, message.c_str());
        QVERIFY(message.find("PRIVATE KEY") == std::string::npos);
        QVERIFY(message.find(other["private_key"].get<std::string>().substr(40, 30)) ==
                std::string::npos);
    }

    void malformedFiles_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{oops") << "not a JSON credentials file";
        QTest::newRow("no type") << QByteArray("{}") << "field 'type' is missing";
        QTest::newRow("unknown type") << QByteArray("{\"type\":\"external_account\"}")
                                      << "'external_account' are not supported";
        QTest::newRow("no e-mail")
            << QByteArray("{\"type\":\"service_account\",\"private_key\":\"x\"}")
            << "field 'client_email' is missing";
        QTest::newRow("number") << QByteArray("{\"type\":\"authorized_user\",\"client_id\":5}")
                                << "field 'client_id' must be a string";
        QTest::newRow("plain http token_uri")
            << QByteArray(
                   "{\"type\":\"authorized_user\",\"client_id\":\"a\",\"client_secret\":\"b\","
                   "\"refresh_token\":\"c\",\"token_uri\":\"http://evil.example.com/token\"}")
            << "plain http is allowed only to 127.0.0.1";
    }
    void malformedFiles()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, expected);
        const QString path = file("bad.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(contents);
        f.close();
        qputenv("GOOGLE_APPLICATION_CREDENTIALS", path.toUtf8());
        auto source = findDefaultCredentials();
        QVERIFY(!source.has_value());
        const QString message = QString::fromStdString(source.error().message);
        QVERIFY2(message.contains(expected) && message.contains(path), qPrintable(message));
        QVERIFY(message.startsWith("GOOGLE_APPLICATION_CREDENTIALS: "));
    }

    /// gcloud's application_default_credentials.json (authorized_user) when the variable is
    /// not set; the variable wins when it is.
    void wellKnownFile()
    {
        FakeGoogleCloud fake;
        const QString wellKnown = file("gcloud/application_default_credentials.json");
        fake.writeAuthorizedUser(wellKnown.toStdString());
        auto source = findDefaultCredentials();
        QVERIFY2(source.has_value(), source ? "" : source.error().message.c_str());
        QCOMPARE((*source)->description(),
                 "gcloud application default credentials " + wellKnown.toStdString());
        QVERIFY(!(*source)->quotaProjectId().empty());
        TokenProvider tokens(std::move(*source));
        QVERIFY2(tokens.token().has_value(), text(tokens.token()).c_str());

        fake.writeServiceAccountKey(file("key.json").toStdString());
        qputenv("GOOGLE_APPLICATION_CREDENTIALS", file("key.json").toUtf8());
        source = findDefaultCredentials();
        QVERIFY(source.has_value());
        QVERIFY((*source)->description().starts_with("service account key "));
    }

    void metadataServer()
    {
        FakeGoogleCloud fake;
        qunsetenv("NO_GCE_CHECK");
        qputenv("GCE_METADATA_HOST", QByteArray("127.0.0.1:") + QByteArray::number(fake.port()));
        auto source = findDefaultCredentials();
        QVERIFY2(source.has_value(), source ? "" : source.error().message.c_str());
        QCOMPARE((*source)->description(), cat("metadata server 127.0.0.1:", fake.port()));
        QCOMPARE((*source)->account(), fake.options().serviceAccountEmail);
        QCOMPARE((*source)->projectId(), fake.options().projectId);
        TokenProvider tokens(std::move(*source));
        QVERIFY2(tokens.token().has_value(), text(tokens.token()).c_str());
        // NO_GCE_CHECK turns the metadata server off.
        qputenv("NO_GCE_CHECK", "True");
        qputenv("PATH", file("empty-bin").toUtf8());
        QVERIFY(!findDefaultCredentials().has_value());
    }

    /// The last resort: the real Google Cloud CLI, which reads CLOUDSDK_AUTH_ACCESS_TOKEN_FILE.
    void gcloudPrintAccessToken()
    {
        if (QStandardPaths::findExecutable("gcloud").isEmpty())
            QSKIP("gcloud is not installed");
        FakeGoogleCloud fake;
        const std::string issued = fake.issueToken();
        QFile f(file("access-token"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(issued));
        f.close();
        qputenv("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", file("access-token").toUtf8());
        qputenv("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        auto source = findDefaultCredentials();
        QVERIFY2(source.has_value(), source ? "" : source.error().message.c_str());
        QCOMPARE((*source)->description(), std::string("gcloud auth print-access-token"));
        auto token = (*source)->fetch({});
        QVERIFY2(token.has_value(), token ? "" : token.error().message.c_str());
        QCOMPARE(token->value, issued);
    }

    void nothingFound()
    {
        qputenv("PATH", file("empty-bin").toUtf8());
        auto source = findDefaultCredentials();
        QVERIFY(!source.has_value());
        const std::string &message = source.error().message;
        QVERIFY2(message.find("GOOGLE_APPLICATION_CREDENTIALS is not set") != std::string::npos &&
                     message.find("application_default_credentials.json does not exist") !=
                         std::string::npos &&
                     message.find("gcloud auth application-default login") != std::string::npos,
                 message.c_str());
    }

    /// A token close to its expiry is fetched again before it is used.
    void refreshedBeforeExpiry()
    {
        FakeGoogleCloud fake;
        fake.setTokenLifetime(4s);  // refreshed in its last second
        fake.writeServiceAccountKey(file("key.json").toStdString());
        auto source = credentialsFromFile(file("key.json").toStdString());
        QVERIFY(source.has_value());
        TokenProvider tokens(std::move(*source));
        const std::string first = *tokens.token();
        QCOMPARE(*tokens.token(), first);
        QCOMPARE(tokens.fetches(), 1);
        std::this_thread::sleep_for(3200ms);
        const std::string second = *tokens.token();
        QCOMPARE(tokens.fetches(), 2);
        QVERIFY(second != first);
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
