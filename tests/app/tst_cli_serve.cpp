// End-to-end tests of `covertype serve`: started as a user would on a free loopback port,
// queried over HTTP and with `covertype predict --endpoint`, hot-swapping a registry, and
// stopped with SIGTERM / SIGINT.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/resource.h>

#include <functional>
#include <memory>
#include <vector>

#include "data/labschema.h"
#include "deploy/localregistry.h"
#include "testsupport.h"
#include "training/trainer.h"

using namespace covertype;
using nlohmann::json;

namespace {

constexpr int kTimeoutMs = 20000;

/// A running `covertype serve`, killed if a test leaves it running.
class ServeProcess
{
public:
    explicit ServeProcess(const QStringList &args,
                          const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                          const std::function<void()> &inChild = {})
    {
        m_process.setProcessEnvironment(env);
        if (inChild)
            m_process.setChildProcessModifier(inChild);
        m_process.start(QStringLiteral(COVERTYPE_CLI), QStringList{"serve"} + args);
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(kTimeoutMs);
        }
    }

    /// Waits until stdout holds `pattern`; returns its first capture (or the whole match).
    QString waitFor(const QRegularExpression &pattern)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < kTimeoutMs) {
            m_out += m_process.readAllStandardOutput();
            const auto match = pattern.match(QString::fromUtf8(m_out));
            if (match.hasMatch())
                return match.lastCapturedIndex() >= 1 ? match.captured(1) : match.captured(0);
            if (m_process.state() == QProcess::NotRunning)
                break;
            m_process.waitForReadyRead(100);
        }
        return {};
    }
    /// The base URL printed on startup.
    QString url()
    {
        return waitFor(QRegularExpression("serving on (http://127\\.0\\.0\\.1:\\d+)"));
    }

    void signal(int sig) { ::kill(pid_t(m_process.processId()), sig); }
    bool waitForFinished() { return m_process.waitForFinished(kTimeoutMs); }
    QProcess &process() { return m_process; }
    QByteArray output()
    {
        m_out += m_process.readAllStandardOutput();
        return m_out;
    }

private:
    QProcess m_process;
    QByteArray m_out;
};

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QByteArray modelHeader;
    json doc() const { return json::parse(body.toStdString(), nullptr, false); }
};

HttpReply http(const QByteArray &method, const QString &url, const QByteArray &body = {},
               const QByteArray &token = {})
{
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(kTimeoutMs);
    HttpReply out{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  reply->readAll(), reply->rawHeader("X-Covertype-Model")};
    delete reply;
    return out;
}

covertype::test::ProcessResult run(
    const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env, kTimeoutMs);
}

}  // namespace

class TestCliServe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_modelA;
    QString m_modelB;
    QString m_instancesFile;
    QByteArray m_body;
    std::vector<int64_t> m_expectedA;

    QString saveModel(uint64_t dataSeed, const QString &name)
    {
        TrainParams params;
        params.seed = 5;
        params.threads = 1;
        auto outcome = trainModel(
            test::labRows(600, dataSeed, true, 6, test::LabWilderness::LeansToClass), params);
        if (!outcome)
            qFatal("training failed: %s", outcome.error().message.c_str());
        const QString path = m_dir.filePath(name + "/model.json");
        if (!outcome->model.save(path.toStdString()))
            qFatal("cannot save %s", qPrintable(path));
        if (name == "a") {
            const Dataset rows = test::labRows(5, 31, false, 6);
            m_expectedA = *outcome->model.predict(rows);
            json instances = json::array();
            QByteArray lines;
            for (size_t r = 0; r < rows.rowCount(); ++r) {
                json instance = json::array();
                for (std::string_view column : lab::kNumericColumns)
                    instance.push_back(rows.find(column)->numberAt(r));
                for (std::string_view column : lab::kCategoricalColumns)
                    instance.push_back(rows.find(column)->textAt(r));
                lines += QByteArray::fromStdString(instance.dump()) + "\n";
                instances.push_back(std::move(instance));
            }
            m_body = QByteArray::fromStdString(json{{"instances", instances}}.dump());
            m_instancesFile = test::writeFile(m_dir.path(), "instances.jsonl", lines);
        }
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLoggingCategory::setFilterRules(QStringLiteral("covertype.*.info=false"));
        QVERIFY(m_dir.isValid());
        m_modelA = saveModel(1, "a");
        m_modelB = saveModel(9, "b");
    }

    void serveModelFile()
    {
        ServeProcess serve(
            {"--model", m_modelA, "--name", "forest", "--version", "v3", "--port", "0"});
        const QString url = serve.url();
        QVERIFY2(!url.isEmpty(), serve.output().constData());
        QVERIFY(serve.output().contains("forest/v3 (default)"));

        HttpReply reply = http("POST", url + "/v1/models/forest:predict", m_body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.doc()["predictions"].get<std::vector<int64_t>>(), m_expectedA);
        QCOMPARE(reply.modelHeader, QByteArray("forest/v3"));
        QCOMPARE(http("GET", url + "/healthz").status, 200);
        QVERIFY(http("GET", url + "/v1/models/forest/versions/v3").doc()["state"] == "READY");
        QCOMPARE(http("POST", url + "/v1/models/covertype_classifier:predict", m_body).status, 404);

        // The CLI client against the server gives what the local model gives.
        const auto remote = run({"predict", "--endpoint", url + "/v1/models/forest:predict",
                                 "--json-instances", m_instancesFile});
        QVERIFY2(remote.exitCode == 0, remote.err.constData());
        const auto local =
            run({"predict", "--model", m_modelA, "--json-instances", m_instancesFile});
        QVERIFY2(json::parse(remote.out.toStdString()) == json::parse(local.out.toStdString()),
                 remote.out.constData());

        serve.signal(SIGTERM);
        QVERIFY(serve.waitForFinished());
        QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.process().exitCode(), 0);
        QVERIFY(serve.output().contains("stopped"));
    }

    void serveRegistryAndHotSwap()
    {
        QTemporaryDir root;
        LocalRegistry registry(root.path().toStdString());
        QVERIFY(registry.deploy(m_modelA.toStdString(), "covertype_classifier", "v1", false));
        ServeProcess serve({"--registry", root.path(), "--port", "0"});
        const QString url = serve.url();
        QVERIFY2(!url.isEmpty(), serve.output().constData());
        QVERIFY(serve.output().contains("covertype_classifier/v1 (default)"));
        const QString predict = url + "/v1/models/covertype_classifier:predict";
        QCOMPARE(http("POST", predict, m_body).modelHeader, QByteArray("covertype_classifier/v1"));

        QVERIFY(registry.deploy(m_modelB.toStdString(), "covertype_classifier", "v2", false));
        QVERIFY(registry.setDefault("covertype_classifier", "v2"));
        const QString line =
            serve.waitFor(QRegularExpression("models changed: ([^\n]*default v1 -> v2)"));
        QVERIFY2(!line.isEmpty(), serve.output().constData());
        QCOMPARE(http("POST", predict, m_body).modelHeader, QByteArray("covertype_classifier/v2"));
        QCOMPARE(http("POST", url + "/v1/models/covertype_classifier/versions/v1:predict", m_body)
                     .modelHeader,
                 QByteArray("covertype_classifier/v1"));

        serve.signal(SIGINT);
        QVERIFY(serve.waitForFinished());
        QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.process().exitCode(), 0);
    }

    void token()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("COVERTYPE_TOKEN", "from-env");
        ServeProcess serve({"--model", m_modelA, "--port", "0"}, env);
        const QString url = serve.url();
        QVERIFY2(!url.isEmpty(), serve.output().constData());
        QVERIFY(serve.output().contains("bearer token required"));
        const QString predict = url + "/v1/models/covertype_classifier:predict";
        QCOMPARE(http("POST", predict, m_body).status, 401);
        QCOMPARE(http("POST", predict, m_body, "wrong").status, 401);
        QCOMPARE(http("POST", predict, m_body, "from-env").status, 200);
        serve.signal(SIGTERM);
        QVERIFY(serve.waitForFinished());
        QCOMPARE(serve.process().exitCode(), 0);

        // From a file: not on the command line, where ps shows it to every user.
        const QString file = covertype::test::writeFile(m_dir.path(), "token.txt",
                                                        "  from-file  \nignored second line\n");
        ServeProcess fromFile({"--model", m_modelA, "--port", "0", "--token-file", file},
                              QProcessEnvironment::systemEnvironment());
        const QString url2 = fromFile.url();
        QVERIFY2(!url2.isEmpty(), fromFile.output().constData());
        const QString predict2 = url2 + "/v1/models/covertype_classifier:predict";
        QCOMPARE(http("POST", predict2, m_body).status, 401);
        QCOMPARE(http("POST", predict2, m_body, "from-file").status, 200);
        QVERIFY(!fromFile.output().contains("from-file"));  // never logged
        fromFile.signal(SIGTERM);
        QVERIFY(fromFile.waitForFinished());
    }

    void refused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString model = m_dir.filePath("a/model.json");
        QTest::newRow("both sources") << QStringList{"--model", model, "--registry", m_dir.path()}
                                      << QStringList() << 2 << "either --model or --registry";
        QTest::newRow("no source")
            << QStringList{} << QStringList() << 2 << "give --model FILE or --registry DIR";
        QTest::newRow("name with registry")
            << QStringList{"--registry", m_dir.path(), "--name", "x"} << QStringList() << 2
            << "--name and --version go with --model";
        QTest::newRow("bad port") << QStringList{"--model", model, "--port", "70000"}
                                  << QStringList() << 2 << "--port must be 0-65535";
        QTest::newRow("missing model") << QStringList{"--model", m_dir.filePath("none.json")}
                                       << QStringList() << 1 << "none.json";
        QTest::newRow("missing registry") << QStringList{"--registry", m_dir.filePath("none")}
                                          << QStringList() << 1 << "is not a directory";
        QTest::newRow("bad host") << QStringList{"--model", model, "--host", "example.org"}
                                  << QStringList() << 1 << "not an IP address";
        QTest::newRow("Vertex AI with gs://")
            << QStringList{}
            << QStringList{"AIP_HTTP_PORT=8080", "AIP_PREDICT_ROUTE=/predict",
                           "AIP_HEALTH_ROUTE=/health", "AIP_STORAGE_URI=gs://bucket/model",
                           "GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/key.json"}
            << 1
            << "AIP_STORAGE_URI: gs://bucket/model/model.json: GOOGLE_APPLICATION_CREDENTIALS: ";
    }

    void refused()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, environment);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &entry : environment)
            env.insert(entry.section('=', 0, 0), entry.section('=', 1));
        const auto result = run(QStringList{"serve"} + args, env);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
    }

    void holdsAtItsDescriptorLimit()
    {
        // With only 40 file descriptors, 150 clients: each gets an answer (200, or 503 once
        // the server is full) instead of waiting, the server does not spin while they hold
        // their connections, and it serves again once they leave.
        ServeProcess serve({"--model", m_modelA, "--port", "0", "--max-connections", "100000"},
                           QProcessEnvironment::systemEnvironment(), [] {
                               const rlimit limit{40, 40};
                               ::setrlimit(RLIMIT_NOFILE, &limit);
                           });
        const QString base = serve.url();
        QVERIFY2(!base.isEmpty(), serve.output().constData());
        const quint16 port = quint16(QUrl(base).port());
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < 150; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(socket->waitForConnected(kTimeoutMs));
            socket->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            clients.push_back(std::move(socket));
        }
        std::vector<QByteArray> answers(clients.size());
        const auto answered = [&] {
            int count = 0;
            for (size_t i = 0; i < clients.size(); ++i) {
                answers[i] += clients[i]->readAll();
                count += answers[i].contains("\r\n\r\n{") ? 1 : 0;
            }
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(answered(), int(clients.size()), 10000);
        int ok = 0, full = 0;
        for (const QByteArray &answer : answers) {
            ok += answer.startsWith("HTTP/1.1 200") ? 1 : 0;
            full += answer.startsWith("HTTP/1.1 503") ? 1 : 0;
        }
        QCOMPARE(ok + full, int(clients.size()));
        QVERIFY2(ok >= 5 && full >= 100,
                 qPrintable(QString("%1 served, %2 refused").arg(ok).arg(full)));

        // CPU time of the server over 1.5 s while the served clients keep their connections.
        const auto cpuTicks = [pid = serve.process().processId()] {
            QFile stat(QString("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly))
                return -1LL;
            const QByteArray text = stat.readAll();
            const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
            return fields.value(11).toLongLong() + fields.value(12).toLongLong();  // utime+stime
        };
        const long long before = cpuTicks();
        QTest::qWait(1500);
        const long long spent = cpuTicks() - before;
        QVERIFY2(before >= 0 && spent < 30, qPrintable(QString("%1 ticks").arg(spent)));

        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(http("GET", base + "/healthz").status, 200, 10000);
    }

    void portInUse()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const auto result =
            run({"serve", "--model", m_modelA, "--port", QString::number(taken.serverPort())});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("cannot listen on 127.0.0.1:"), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliServe)
#include "tst_cli_serve.moc"
