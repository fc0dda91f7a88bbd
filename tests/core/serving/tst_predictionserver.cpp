// Tests for covertype::serving::PredictionServer in-process on 127.0.0.1: every route and error
// code, limits, metrics, the Vertex AI contract, registry hot swap under load, and a bounded
// load test mixing good and bad requests.
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "data/labschema.h"
#include "deploy/localregistry.h"
#include "serving/predictionserver.h"
#include "testsupport.h"
#include "training/trainer.h"

using namespace covertype;
using namespace covertype::serving;
using nlohmann::json;

namespace {

constexpr int kTimeoutMs = 10000;

#define QCOMPARE_JSON(actual, expected) \
    QVERIFY2(                           \
        (actual) == (expected),         \
        qPrintable(QString::fromStdString(json(actual).dump() + " != " + json(expected).dump())))

Model trainOn(uint64_t dataSeed, uint64_t seed)
{
    TrainParams params;
    params.seed = seed;
    params.threads = 1;
    auto outcome = trainModel(
        test::labRows(600, dataSeed, true, 6, test::LabWilderness::LeansToClass), params);
    if (!outcome)
        qFatal("training failed: %s", outcome.error().message.c_str());
    return std::move(outcome->model);
}

/// Instances in list form from labelled rows, with the labels the model predicts for them.
struct Fixture
{
    std::vector<json> instances;
    std::vector<int64_t> expected;
};

Fixture fixtureFor(const Model &model, size_t count, uint64_t seed)
{
    const Dataset rows = test::labRows(count, seed, false, 6, test::LabWilderness::LeansToClass);
    Fixture f;
    for (size_t r = 0; r < count; ++r) {
        json instance = json::array();
        for (std::string_view name : lab::kNumericColumns)
            instance.push_back(rows.find(name)->numberAt(r));
        for (std::string_view name : lab::kCategoricalColumns)
            instance.push_back(rows.find(name)->textAt(r));
        f.instances.push_back(std::move(instance));
    }
    auto labels = model.predict(rows);
    if (!labels)
        qFatal("predict failed: %s", labels.error().message.c_str());
    f.expected = *labels;
    return f;
}

QByteArray requestBody(const std::vector<json> &instances, const json &parameters = nullptr)
{
    json body = {{"instances", instances}};
    if (!parameters.is_null())
        body["parameters"] = parameters;
    return QByteArray::fromStdString(body.dump());
}

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QMap<QByteArray, QByteArray> headers;  ///< names lower-cased
    QString error;

    [[nodiscard]] json doc() const { return json::parse(body.toStdString(), nullptr, false); }
    [[nodiscard]] std::string message() const
    {
        const json d = doc();
        return d.is_object() && d.contains("error") ? d["error"].get<std::string>() : std::string();
    }
};

/// Blocking HTTP over QNetworkAccessManager (the event loop runs while waiting, so an
/// in-process server answers).
class Client
{
public:
    Client() { m_nam.setProxy(QNetworkProxy::NoProxy); }

    QNetworkReply *start(const QByteArray &method, const QString &url, const QByteArray &body = {},
                         const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request{QUrl(url)};
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        return m_nam.sendCustomRequest(request, method, body);
    }

    static HttpReply collect(QNetworkReply *reply)
    {
        HttpReply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            out.headers.insert(name.toLower(), value);
        if (reply->error() != QNetworkReply::NoError && out.status == 0)
            out.error = reply->errorString();
        reply->deleteLater();
        return out;
    }

    HttpReply send(const QByteArray &method, const QString &url, const QByteArray &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkReply *reply = start(method, url, body, headers);
        if (!reply->isFinished()) {
            QSignalSpy done(reply, &QNetworkReply::finished);
            if (!done.wait(kTimeoutMs))
                qWarning("request %s %s timed out", method.constData(), qPrintable(url));
        }
        return collect(reply);
    }

private:
    QNetworkAccessManager m_nam;
};

/// Sends raw bytes on a fresh connection; returns everything received until the server closes
/// it or `expectClose` is false and a whole response (by Content-Length) arrived.
QByteArray rawExchange(quint16 port, const QByteArray &bytes, bool expectClose,
                       bool *closed = nullptr)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(kTimeoutMs))
        return {};
    socket.write(bytes);
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kTimeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            received += socket.readAll();
            break;
        }
        QSignalSpy ready(&socket, &QTcpSocket::readyRead);
        QSignalSpy gone(&socket, &QTcpSocket::disconnected);
        if (socket.bytesAvailable() == 0 && ready.isEmpty() && gone.isEmpty())
            ready.wait(200);
        received += socket.readAll();
        if (!expectClose) {
            const qsizetype end = received.indexOf("\r\n\r\n");
            if (end >= 0) {
                const qsizetype at = received.toLower().indexOf("content-length: ");
                const qsizetype lineEnd = received.indexOf("\r\n", at);
                const qsizetype length = received.mid(at + 16, lineEnd - at - 16).toLongLong();
                if (received.size() >= end + 4 + length)
                    break;
            }
        }
    }
    if (closed)
        *closed =
            socket.state() != QAbstractSocket::ConnectedState || socket.waitForDisconnected(2000);
    return received;
}

int statusOf(const QByteArray &response)
{
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

}  // namespace

class TestPredictionServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Model m_modelA;
    Model m_modelB;
    QString m_modelAPath;
    QString m_modelBPath;
    Fixture m_fixtureA;
    Fixture m_fixtureB;

    std::unique_ptr<PredictionServer> startServer(ServerConfig config)
    {
        config.host = "127.0.0.1";
        config.port = 0;
        auto server = std::make_unique<PredictionServer>(std::move(config));
        auto ok = server->start();
        if (!ok)
            qFatal("server did not start: %s", ok.error().message.c_str());
        return server;
    }

    std::unique_ptr<PredictionServer> startModelServer(const std::string &token = {})
    {
        ServerConfig config;
        config.modelFile = m_modelAPath.toStdString();
        config.token = token;
        return startServer(config);
    }

    static QString url(const PredictionServer &server, const QString &path)
    {
        return QString::fromStdString(server.url()) + path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLoggingCategory::setFilterRules(QStringLiteral("covertype.*.info=false"));
        QVERIFY(m_dir.isValid());
        m_modelA = trainOn(1, 3);
        m_modelB = trainOn(7, 11);
        m_modelAPath = m_dir.filePath(QStringLiteral("a/model.json"));
        m_modelBPath = m_dir.filePath(QStringLiteral("b/model.json"));
        QVERIFY(m_modelA.save(m_modelAPath.toStdString()));
        QVERIFY(m_modelB.save(m_modelBPath.toStdString()));
        m_fixtureA = fixtureFor(m_modelA, 40, 21);
        m_fixtureB = fixtureFor(m_modelB, 40, 21);
        QVERIFY2(m_fixtureA.expected != m_fixtureB.expected,
                 "the two test models should disagree on some rows");
    }

    void predictRoutes_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("default version") << "/v1/models/covertype_classifier:predict";
        QTest::newRow("named version") << "/v1/models/covertype_classifier/versions/v1:predict";
    }

    void predictRoutes()
    {
        QFETCH(QString, path);
        auto server = startModelServer();
        Client client;
        const std::vector<json> instances(m_fixtureA.instances.begin(),
                                          m_fixtureA.instances.begin() + 10);
        const HttpReply reply = client.send("POST", url(*server, path), requestBody(instances));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(reply.headers.value("x-covertype-model"), QByteArray("covertype_classifier/v1"));
        QVERIFY(reply.headers.value("server-timing").startsWith("predict;dur="));
        const json doc = reply.doc();
        QVERIFY2(doc.is_object(), reply.body.constData());
        QCOMPARE(doc.size(), size_t(1));
        const std::vector<int64_t> expected(m_fixtureA.expected.begin(),
                                            m_fixtureA.expected.begin() + 10);
        QCOMPARE(doc["predictions"].get<std::vector<int64_t>>(), expected);
    }

    void probabilitiesAndObjects()
    {
        auto server = startModelServer();
        Client client;
        json object = json::object();
        for (size_t f = 0; f < lab::kFeatureColumns.size(); ++f)
            object[std::string(lab::kFeatureColumns[f])] = m_fixtureA.instances[0][f];
        const HttpReply reply =
            client.send("POST", url(*server, "/v1/models/covertype_classifier:predict"),
                        requestBody({object, m_fixtureA.instances[1]}, {{"probabilities", true}}));
        QCOMPARE(reply.status, 200);
        const json predictions = reply.doc()["predictions"];
        QCOMPARE(predictions.size(), size_t(2));
        for (size_t i = 0; i < 2; ++i) {
            QCOMPARE(predictions[i]["label"].get<int64_t>(), m_fixtureA.expected[i]);
            double sum = 0;
            for (const auto &[cls, p] : predictions[i]["probabilities"].items())
                sum += p.get<double>();
            QVERIFY(std::abs(sum - 1.0) < 1e-9);
        }
    }

    void metadataRoutes()
    {
        auto server = startModelServer();
        Client client;
        HttpReply reply =
            client.send("GET", url(*server, "/v1/models/covertype_classifier/versions/v1"));
        QCOMPARE(reply.status, 200);
        json doc = reply.doc();
        QCOMPARE_JSON(doc["name"], json("covertype_classifier"));
        QCOMPARE_JSON(doc["version"], json("v1"));
        QCOMPARE_JSON(doc["state"], json("READY"));
        QCOMPARE_JSON(doc["is_default"], json(true));
        QCOMPARE(doc["classes"].get<std::vector<int64_t>>(), m_modelA.classes());
        QCOMPARE(doc["features"].size(), lab::kFeatureColumns.size());
        QCOMPARE_JSON(doc["provenance"]["dataset_fingerprint"],
                      json(m_modelA.provenance().datasetFingerprint));
        QCOMPARE_JSON(doc["provenance"]["hyperparameters"]["seed"], json(3));
        QVERIFY(!doc.contains("deployed_at"));  // only registry versions have a deployment date

        reply = client.send("GET", url(*server, "/v1/models/covertype_classifier"));
        QCOMPARE(reply.status, 200);
        QCOMPARE_JSON(reply.doc()["default_version"], json("v1"));
        QCOMPARE_JSON(reply.doc()["versions"], json({"v1"}));

        reply = client.send("GET", url(*server, "/v1/models"));
        QCOMPARE(reply.status, 200);
        QCOMPARE_JSON(reply.doc()["models"][0]["name"], json("covertype_classifier"));

        reply = client.send("GET", url(*server, "/healthz"));
        QCOMPARE(reply.status, 200);
        QCOMPARE_JSON(reply.doc()["status"], json("ok"));
        QCOMPARE_JSON(reply.doc()["models"][0]["version"], json("v1"));
        QCOMPARE_JSON(reply.doc()["models"][0]["default"], json(true));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QString predict = "/v1/models/covertype_classifier:predict";
        QTest::newRow("malformed JSON")
            << QByteArray("POST") << predict << QByteArray(R"({"instances": [)") << 400
            << "malformed JSON at byte";
        QTest::newRow("wrong arity")
            << QByteArray("POST") << predict << QByteArray(R"({"instances": [[1, 2, 3]]})") << 400
            << "instances: instance 0: expected 12 values in table order";
        QTest::newRow("wrong type")
            << QByteArray("POST") << predict
            << QByteArray(R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "Rawah", "C2702"],)"
                          R"( [1, 2, 3, 4, 5, 6, "x", 8, 9, 10, "Rawah", "C2702"]]})")
            << 400 << "instance 1: field 6 'Hillshade_9am': expected a number, got a string \"x\"";
        QTest::newRow("unknown column")
            << QByteArray("POST") << predict << QByteArray(R"({"instances": [{"Colour": 1}]})")
            << 400 << "instance 0: unknown column 'Colour'";
        QTest::newRow("missing field")
            << QByteArray("POST") << predict << QByteArray(R"({"instances": [{"Elevation": 1}]})")
            << 400 << "instance 0: missing field 'Aspect'";
        QTest::newRow("no instances")
            << QByteArray("POST") << predict << QByteArray(R"({"rows": []})") << 400
            << "no \"instances\" field";
        QTest::newRow("unknown model")
            << QByteArray("POST") << "/v1/models/other:predict"
            << QByteArray(R"({"instances": []})") << 404
            << "model 'other' is not served (served: covertype_classifier)";
        QTest::newRow("unknown version")
            << QByteArray("POST") << "/v1/models/covertype_classifier/versions/v7:predict"
            << QByteArray(R"({"instances": []})") << 404
            << "model 'covertype_classifier' has no version 'v7' (served: v1)";
        QTest::newRow("unknown version metadata")
            << QByteArray("GET") << "/v1/models/covertype_classifier/versions/v7" << QByteArray()
            << 404 << "has no version 'v7'";
        QTest::newRow("unknown model metadata") << QByteArray("GET") << "/v1/models/nope"
                                                << QByteArray() << 404 << "'nope' is not served";
        QTest::newRow("unknown route") << QByteArray("GET") << "/v2/things" << QByteArray() << 404
                                       << "no route for /v2/things";
        QTest::newRow("bad versions path")
            << QByteArray("GET") << "/v1/models/covertype_classifier/other/v1" << QByteArray()
            << 404 << "no route for";
        QTest::newRow("GET on predict")
            << QByteArray("GET") << predict << QByteArray() << 405 << "accepts POST only";
        QTest::newRow("PUT on predict")
            << QByteArray("PUT") << predict << QByteArray("{}") << 405 << "accepts POST only";
        QTest::newRow("POST on metadata") << QByteArray("POST") << "/v1/models/covertype_classifier"
                                          << QByteArray("{}") << 405 << "accepts GET only";
        QTest::newRow("DELETE on healthz")
            << QByteArray("DELETE") << "/healthz" << QByteArray() << 405 << "accepts GET only";
    }

    void errors()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        auto server = startModelServer();
        Client client;
        const HttpReply reply = client.send(method, url(*server, path), body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.headers.value("content-type"), QByteArray("application/json"));
        QVERIFY2(QString::fromStdString(reply.message()).contains(message), reply.body.constData());
        if (status == 405)
            QVERIFY(!reply.headers.value("allow").isEmpty());
        // The server is unaffected.
        const HttpReply good =
            client.send("POST", url(*server, "/v1/models/covertype_classifier:predict"),
                        requestBody({m_fixtureA.instances[0]}));
        QCOMPARE(good.status, 200);
        QCOMPARE(good.doc()["predictions"][0].get<int64_t>(), m_fixtureA.expected[0]);
    }

    void token()
    {
        auto server = startModelServer("s3cret");
        Client client;
        const QString predict = url(*server, "/v1/models/covertype_classifier:predict");
        const QByteArray body = requestBody({m_fixtureA.instances[0]});
        HttpReply reply = client.send("POST", predict, body);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.headers.value("www-authenticate"), QByteArray("Bearer"));
        QVERIFY(reply.message().find("bearer token") != std::string::npos);
        reply = client.send("POST", predict, body, {{"Authorization", "Bearer wrong"}});
        QCOMPARE(reply.status, 401);
        reply = client.send("POST", predict, body, {{"Authorization", "Bearer s3cre"}});
        QCOMPARE(reply.status, 401);
        reply = client.send("POST", predict, body, {{"Authorization", "Basic s3cret"}});
        QCOMPARE(reply.status, 401);
        // Unknown routes and metadata need the token too: nothing is revealed without it.
        QCOMPARE(client.send("GET", url(*server, "/v1/models/covertype_classifier")).status, 401);
        QCOMPARE(client.send("GET", url(*server, "/nothing")).status, 401);
        QCOMPARE(client.send("GET", url(*server, "/metrics")).status, 401);

        reply = client.send("POST", predict, body, {{"Authorization", "Bearer s3cret"}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.doc()["predictions"][0].get<int64_t>(), m_fixtureA.expected[0]);
        reply = client.send("POST", predict, body, {{"authorization", "bearer s3cret"}});
        QCOMPARE(reply.status, 200);
        // Health checks (load balancers, Vertex AI) come without credentials.
        QCOMPARE(client.send("GET", url(*server, "/healthz")).status, 200);
    }

    void bodyLimit()
    {
        auto server = startModelServer();
        Client client;
        const QString predict = url(*server, "/v1/models/covertype_classifier:predict");
        // Exactly at the limit: accepted (a valid body padded with spaces).
        QByteArray body = requestBody({m_fixtureA.instances[0]});
        body += QByteArray(kDefaultMaxBodyBytes - body.size(), ' ');
        HttpReply reply = client.send("POST", predict, body);
        QCOMPARE(reply.status, 200);
        // One byte over: refused from the Content-Length alone.
        body += ' ';
        reply = client.send("POST", predict, body);
        QCOMPARE(reply.status, 413);
        QVERIFY(reply.message().find("larger than the limit of 1572864 bytes") !=
                std::string::npos);
        // Far over, with Expect: 100-continue: refused before the body is sent.
        bool closed = false;
        const QByteArray response =
            rawExchange(server->port(),
                        "POST /v1/models/covertype_classifier:predict HTTP/1.1\r\nHost: x\r\n"
                        "Content-Type: application/json\r\nContent-Length: 100000000\r\n"
                        "Expect: 100-continue\r\n\r\n",
                        true, &closed);
        QCOMPARE(statusOf(response), 413);
        QVERIFY(closed);
        // Chunked (no Content-Length): refused at the first chunk past the limit, and the
        // connection closes (the rest of the body is never parsed as requests).
        const auto chunked = [](int chunks, int last) {
            QByteArray request =
                "POST /v1/models/covertype_classifier:predict HTTP/1.1\r\n"
                "Host: x\r\nTransfer-Encoding: chunked\r\n\r\n";
            const QByteArray chunk(64 * 1024, ' ');
            for (int i = 0; i < chunks; ++i)
                request += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
            request += QByteArray::number(last, 16) + "\r\n" + QByteArray(last, ' ') + "\r\n";
            return request + "0\r\n\r\n";
        };
        QCOMPARE(kDefaultMaxBodyBytes, 24 * 64 * 1024);
        closed = false;
        const QByteArray slightlyOver =
            rawExchange(server->port(), chunked(24, 1000), true, &closed);
        QCOMPARE(statusOf(slightlyOver), 413);
        QVERIFY(slightlyOver.contains("Connection: close"));
        QVERIFY(closed);
        QCOMPARE(statusOf(rawExchange(server->port(), chunked(23, 1000), false)), 400);
        closed = false;
        QCOMPARE(statusOf(rawExchange(server->port(), chunked(40, 1), true, &closed)), 413);
        QVERIFY(closed);
        // And the server still answers.
        reply = client.send("POST", predict, requestBody({m_fixtureA.instances[1]}));
        QCOMPARE(reply.status, 200);
        QCOMPARE(server->metrics().requests("predict", 413), uint64_t(4));
    }

    void framingAndHttp10()
    {
        // RFC 9112: a request whose body length is ambiguous is refused and the connection
        // closed, so nothing of it can be read as a second, smuggled request.
        auto server = startModelServer();
        const QByteArray body = requestBody({m_fixtureA.instances[0]});
        const QByteArray predict =
            "POST /v1/models/covertype_classifier:predict HTTP/1.1\r\nHost: x\r\n";
        const QByteArray smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        bool closed = false;
        QByteArray response = rawExchange(
            server->port(),
            predict + "Content-Length: " + QByteArray::number(body.size()) +
                "\r\nContent-Length: " + QByteArray::number(body.size() + smuggled.size()) +
                "\r\n\r\n" + body + smuggled,
            true, &closed);
        QCOMPARE(statusOf(response), 400);
        QVERIFY2(response.contains("two different Content-Length headers"), response.constData());
        QCOMPARE(response.count("HTTP/1.1 "), 1);  // no second answer
        QVERIFY(closed);

        closed = false;
        response = rawExchange(server->port(),
                               predict + "Content-Length: " + QByteArray::number(body.size()) +
                                   "\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
                               true, &closed);
        QCOMPARE(statusOf(response), 400);
        QVERIFY2(response.contains("Content-Length together with Transfer-Encoding"),
                 response.constData());
        QVERIFY(closed);

        // HTTP/1.0 closes after the answer unless the client asks to keep it open.
        closed = false;
        response = rawExchange(server->port(), "GET /healthz HTTP/1.0\r\n\r\n", true, &closed);
        QCOMPARE(statusOf(response), 200);
        QVERIFY2(response.contains("Connection: close"), response.constData());
        QVERIFY(closed);
        closed = true;
        response =
            rawExchange(server->port(), "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                        false, &closed);
        QCOMPARE(statusOf(response), 200);
        QVERIFY(!closed);

        // The server still answers everyone else.
        Client client;
        QCOMPARE(client.send("POST", url(*server, "/v1/models/covertype_classifier:predict"), body)
                     .status,
                 200);
    }

    void connectionHandling()
    {
        auto server = startModelServer();
        const QByteArray body = requestBody({m_fixtureA.instances[0]});
        const QByteArray request =
            "POST /v1/models/covertype_classifier:predict HTTP/1.1\r\n"
            "Host: x\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body;
        // Keep-alive: two requests, two answers, on one connection.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(kTimeoutMs));
        for (int i = 0; i < 2; ++i) {
            socket.write(request);
            QByteArray received;
            QElapsedTimer timer;
            timer.start();
            while (!received.contains("{\"predictions\"") || !received.endsWith("]}")) {
                QVERIFY(timer.elapsed() < kTimeoutMs);
                QSignalSpy ready(&socket, &QTcpSocket::readyRead);
                if (socket.bytesAvailable() == 0)
                    ready.wait(200);
                received += socket.readAll();
            }
            QCOMPARE(statusOf(received), 200);
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        // Connection: close is honoured.
        bool closed = false;
        QByteArray closing = request;
        closing.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
        const QByteArray response = rawExchange(server->port(), closing, true, &closed);
        QCOMPARE(statusOf(response), 200);
        QVERIFY(response.contains("Connection: close"));
        QVERIFY(closed);
    }

    void pipeliningPastTheBodyLimit()
    {
        // Requests sent back to back on one connection add up to three times what one body
        // may hold: each is answered, in order, none with 413.
        auto server = startModelServer();
        const QByteArray body = requestBody({m_fixtureA.instances[0]});
        const QByteArray one =
            "POST /v1/models/covertype_classifier:predict HTTP/1.1\r\n"
            "Host: x\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body;
        QByteArray stream;
        int count = 0;
        while (stream.size() < 3 * kDefaultMaxBodyBytes) {
            stream += one;
            ++count;
        }
        stream += "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        bool closed = false;
        const QByteArray response = rawExchange(server->port(), stream, true, &closed);
        QCOMPARE(response.count("HTTP/1.1 413"), 0);
        QCOMPARE(response.count("HTTP/1.1 200 OK"), count + 1);
        const QByteArray prediction =
            "{\"predictions\":[" + QByteArray::number(qlonglong(m_fixtureA.expected[0])) + "]}";
        QCOMPARE(response.count(prediction), count);
        QVERIFY(closed);
        QCOMPARE(server->metrics().requests("predict", 200), uint64_t(count));
    }

    void stalledClientsAreClosed()
    {
        // Each kind of stalled client is closed: one that sends nothing, one that stops in the
        // head, one that trickles its head (a deadline, not reset by progress), one that stops
        // in the body, and a keep-alive connection left idle after its answer.
        ServerConfig config;
        config.modelFile = m_modelAPath.toStdString();
        config.idleTimeout = std::chrono::milliseconds(400);
        config.headerTimeout = std::chrono::milliseconds(400);
        config.bodyTimeout = std::chrono::milliseconds(400);
        auto server = startServer(config);
        const QByteArray head =
            "POST /v1/models/covertype_classifier:predict HTTP/1.1\r\n"
            "Host: x\r\nContent-Length: 100\r\n\r\n";
        struct Stalled
        {
            QByteArray sent;
            int status;  ///< 0: closed without an answer
        };
        const std::vector<Stalled> kinds = {
            {"", 0},
            {head.left(20), 408},
            {head + "{\"instances\"", 408},
            {"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200},
        };
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (const Stalled &kind : kinds) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(socket->waitForConnected(kTimeoutMs));
            socket->write(kind.sent);
            sockets.push_back(std::move(socket));
        }
        // The trickler sends a byte of its head every 100 ms.
        QTcpSocket trickler;
        trickler.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(trickler.waitForConnected(kTimeoutMs));
        QElapsedTimer timer;
        timer.start();
        int sent = 0;
        while (trickler.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000) {
            trickler.write(head.mid(sent++, 1));
            QTest::qWait(100);
        }
        QCOMPARE(trickler.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(sent <= 10, qPrintable(QString::number(sent)));
        QCOMPARE(statusOf(trickler.readAll()), 408);

        for (size_t i = 0; i < kinds.size(); ++i) {
            QTcpSocket &socket = *sockets[i];
            QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
            const QByteArray answer = socket.readAll();
            QCOMPARE(statusOf(answer), kinds[i].status);
            if (kinds[i].status == 408)
                QVERIFY2(answer.contains("did not arrive within 400 ms"), answer.constData());
        }
        // The path is known once a head is whole: the two cut short in the head are "unknown".
        QCOMPARE(server->metrics().requests("predict", 408), uint64_t(1));
        QCOMPARE(server->metrics().requests("unknown", 408), uint64_t(2));
        // Everyone else is still served.
        Client client;
        QCOMPARE(client.send("GET", url(*server, "/healthz")).status, 200);
    }

    void busyKeepAliveOutlivesTheIdleTimeout()
    {
        // The idle timeout counts from the last answer, not from the first request: a client
        // asking every 100 ms for 1.5 s keeps a 400 ms-idle connection (it was dropped at 400 ms).
        ServerConfig config;
        config.modelFile = m_modelAPath.toStdString();
        config.idleTimeout = std::chrono::milliseconds(400);
        auto server = startServer(config);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(kTimeoutMs));
        for (int i = 0; i < 15; ++i) {
            socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            QByteArray received;
            QElapsedTimer timer;
            timer.start();
            while (!received.endsWith("}") && timer.elapsed() < kTimeoutMs &&
                   socket.state() == QAbstractSocket::ConnectedState) {
                QSignalSpy ready(&socket, &QTcpSocket::readyRead);
                if (socket.bytesAvailable() == 0)
                    ready.wait(50);
                received += socket.readAll();
            }
            QVERIFY2(statusOf(received) == 200, qPrintable(QString("request %1").arg(i)));
            QTest::qWait(100);
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        // Left alone, it is closed.
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    }

    void connectionCap()
    {
        // Past the cap a client is told 503 at once and closed; a freed slot is used again.
        ServerConfig config;
        config.modelFile = m_modelAPath.toStdString();
        config.maxConnections = 3;
        auto server = startServer(config);
        const QByteArray health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        const auto exchange = [&](QTcpSocket &socket) {
            socket.connectToHost(QHostAddress::LocalHost, server->port());
            if (!socket.waitForConnected(kTimeoutMs))
                return QByteArray();
            socket.write(health);
            QByteArray received;
            QElapsedTimer timer;
            timer.start();
            while (!received.contains("\r\n\r\n{") && timer.elapsed() < kTimeoutMs) {
                QSignalSpy ready(&socket, &QTcpSocket::readyRead);
                if (socket.bytesAvailable() == 0 &&
                    socket.state() == QAbstractSocket::ConnectedState)
                    ready.wait(100);
                received += socket.readAll();
            }
            QTest::qWait(20);
            return received + socket.readAll();
        };
        QTcpSocket held[3];
        for (QTcpSocket &socket : held)
            QCOMPARE(statusOf(exchange(socket)), 200);
        QTcpSocket extra;
        const QByteArray refused = exchange(extra);
        QCOMPARE(statusOf(refused), 503);
        QVERIFY(refused.contains("Retry-After: 1"));
        QVERIFY2(refused.contains("limit of 3 connections"), refused.constData());
        QTRY_COMPARE_WITH_TIMEOUT(extra.state(), QAbstractSocket::UnconnectedState, 5000);
        held[0].disconnectFromHost();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QTcpSocket again;
                return statusOf(exchange(again)) == 200;
            }(),
            5000);
        QVERIFY(server->metrics().requests("unknown", 503) >= 1);
    }

    void metrics()
    {
        auto server = startModelServer();
        Client client;
        const QString predict = url(*server, "/v1/models/covertype_classifier:predict");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client
                         .send("POST", predict,
                               requestBody({m_fixtureA.instances[0], m_fixtureA.instances[1]}))
                         .status,
                     200);
        QCOMPARE(client.send("POST", predict, "{").status, 400);
        QCOMPARE(client.send("POST", url(*server, "/v1/models/x:predict"), "{}").status, 404);
        QCOMPARE(client.send("GET", url(*server, "/healthz")).status, 200);
        const HttpReply reply = client.send("GET", url(*server, "/metrics"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        const QString text = QString::fromUtf8(reply.body);
        for (const char *line : {"covertype_requests_total{route=\"predict\",code=\"200\"} 3\n",
                                 "covertype_requests_total{route=\"predict\",code=\"400\"} 1\n",
                                 "covertype_requests_total{route=\"predict\",code=\"404\"} 1\n",
                                 "covertype_requests_total{route=\"healthz\",code=\"200\"} 1\n",
                                 "covertype_instances_predicted_total 6\n",
                                 "covertype_request_duration_seconds_count 6\n",
                                 "covertype_request_duration_seconds_bucket{le=\"+Inf\"} 6\n",
                                 "covertype_model_info{model=\"covertype_classifier\",version="
                                 "\"v1\",default=\"true\"} "
                                 "1\n",
                                 "# TYPE covertype_request_duration_seconds histogram\n"})
            QVERIFY2(text.contains(QLatin1String(line)), line);
        QCOMPARE(server->metrics().requests("metrics", 200), uint64_t(1));
    }

    void vertexContract()
    {
        // The environment Vertex AI gives a custom container.
        QProcessEnvironment env;
        env.insert("AIP_HTTP_PORT", "8080");
        env.insert("AIP_PREDICT_ROUTE", "/v1/endpoints/123/deployedModels/456:predict");
        env.insert("AIP_HEALTH_ROUTE", "/v1/endpoints/123/deployedModels/456");
        env.insert("AIP_STORAGE_URI", QFileInfo(m_modelAPath).absolutePath());
        auto config = applyVertexEnvironment(ServerConfig{}, env);
        QVERIFY2(config, config ? "" : config.error().message.c_str());
        QCOMPARE(config->host, std::string("0.0.0.0"));
        QCOMPARE(config->port, uint16_t(8080));
        QCOMPARE(QFileInfo(QString::fromStdString(config->modelFile)).canonicalFilePath(),
                 QFileInfo(m_modelAPath).canonicalFilePath());

        // Served here on 127.0.0.1 and a free port: the routes are what is being tested.
        auto server = startServer(*config);
        Client client;
        HttpReply reply =
            client.send("POST", url(*server, "/v1/endpoints/123/deployedModels/456:predict"),
                        requestBody({m_fixtureA.instances[2]}));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.doc()["predictions"][0].get<int64_t>(), m_fixtureA.expected[2]);
        reply = client.send("GET", url(*server, "/v1/endpoints/123/deployedModels/456"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(
            client.send("GET", url(*server, "/v1/endpoints/123/deployedModels/456:predict")).status,
            405);
        // The legacy routes stay available.
        QCOMPARE(client
                     .send("POST", url(*server, "/v1/models/covertype_classifier:predict"),
                           requestBody({m_fixtureA.instances[2]}))
                     .status,
                 200);

        // A model file instead of a directory; then what is refused.
        env.insert("AIP_STORAGE_URI", m_modelAPath);
        QVERIFY(applyVertexEnvironment(ServerConfig{}, env));
        env.insert("AIP_STORAGE_URI", "gs://bucket/models/covertype");
        auto gs = applyVertexEnvironment(ServerConfig{}, env);
        QVERIFY(!gs);
        QVERIFY2(
            gs.error().message.find("fetch the model to a local file first") != std::string::npos,
            gs.error().message.c_str());
        env.insert("AIP_STORAGE_URI", m_dir.filePath("missing"));
        QVERIFY(!applyVertexEnvironment(ServerConfig{}, env));
        env.insert("AIP_STORAGE_URI", m_dir.path());  // a directory without model.json
        QVERIFY(!applyVertexEnvironment(ServerConfig{}, env));
        env.remove("AIP_STORAGE_URI");
        QVERIFY(!applyVertexEnvironment(ServerConfig{}, env));  // no model at all
        env.insert("AIP_HTTP_PORT", "http");
        QVERIFY(!applyVertexEnvironment(ServerConfig{}, env));
        env.remove("AIP_HTTP_PORT");
        QVERIFY(!applyVertexEnvironment(ServerConfig{}, env));  // incomplete
        // Outside Vertex AI nothing changes.
        auto plain = applyVertexEnvironment(ServerConfig{}, QProcessEnvironment());
        QVERIFY(plain);
        QCOMPARE(plain->host, std::string("127.0.0.1"));
        QVERIFY(plain->vertexPredictRoute.empty());
    }

    void startErrors()
    {
        ServerConfig config;
        config.registryRoot = m_dir.filePath("no-registry").toStdString();
        PredictionServer missingRegistry(config);
        auto ok = missingRegistry.start();
        QVERIFY(!ok);
        QCOMPARE(ok.error().code, ErrorCode::NotFound);

        config = {};
        config.modelFile = m_dir.filePath("nothing.json").toStdString();
        PredictionServer missingModel(config);
        QVERIFY(!missingModel.start());

        config = {};
        config.modelFile = m_modelAPath.toStdString();
        config.modelName = "bad name";
        PredictionServer badName(config);
        QVERIFY(!badName.start());

        auto running = startModelServer();
        config = {};
        config.modelFile = m_modelAPath.toStdString();
        config.port = running->port();
        PredictionServer busy(config);
        ok = busy.start();
        QVERIFY(!ok);
        QCOMPARE(ok.error().code, ErrorCode::Unavailable);
    }

    void registryServesEveryVersion()
    {
        QTemporaryDir root;
        LocalRegistry registry(root.path().toStdString());
        QVERIFY(registry.deploy(m_modelAPath.toStdString(), "covertype_classifier", "v1", false));
        QVERIFY(registry.deploy(m_modelBPath.toStdString(), "covertype_classifier", "v2", false));
        QVERIFY(registry.deploy(m_modelBPath.toStdString(), "other_model", "first", false));
        // A version that does not load is left out and reported; the rest is served.
        QDir().mkpath(root.filePath("covertype_classifier/versions/v3"));
        test::writeFile(root.filePath("covertype_classifier/versions/v3"), "model.json", "{");

        ServerConfig config;
        config.registryRoot = root.path().toStdString();
        PredictionServer server(config);
        QSignalSpy problems(&server, &PredictionServer::problem);
        QVERIFY(server.start());
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0][0].toString().contains("covertype_classifier/v3"));

        Client client;
        const QByteArray body = requestBody({m_fixtureA.instances[3]});
        HttpReply reply =
            client.send("POST", url(server, "/v1/models/covertype_classifier:predict"), body);
        QCOMPARE(reply.headers.value("x-covertype-model"), QByteArray("covertype_classifier/v1"));
        QCOMPARE(reply.doc()["predictions"][0].get<int64_t>(), m_fixtureA.expected[3]);
        reply = client.send(
            "POST", url(server, "/v1/models/covertype_classifier/versions/v2:predict"), body);
        QCOMPARE(reply.doc()["predictions"][0].get<int64_t>(), m_fixtureB.expected[3]);
        reply = client.send("POST", url(server, "/v1/models/other_model:predict"), body);
        QCOMPARE(reply.headers.value("x-covertype-model"), QByteArray("other_model/first"));
        reply = client.send(
            "POST", url(server, "/v1/models/covertype_classifier/versions/v3:predict"), body);
        QCOMPARE(reply.status, 404);
        reply = client.send("GET", url(server, "/v1/models/covertype_classifier/versions/v2"));
        QCOMPARE(reply.status, 200);
        QCOMPARE_JSON(reply.doc()["is_default"], json(false));
        QVERIFY(!reply.doc()["deployed_at"].get<std::string>().empty());
        QCOMPARE_JSON(
            client.send("GET", url(server, "/v1/models/covertype_classifier")).doc()["versions"],
            json({"v1", "v2"}));
    }

    void hotSwapUnderLoad()
    {
        QTemporaryDir root;
        LocalRegistry registry(root.path().toStdString());
        QVERIFY(registry.deploy(m_modelAPath.toStdString(), "covertype_classifier", "v1", false));
        ServerConfig config;
        config.registryRoot = root.path().toStdString();
        config.pollInterval = std::chrono::milliseconds(250);
        auto server = startServer(config);
        QSignalSpy changed(server.get(), &PredictionServer::modelsChanged);

        // Four requests in flight at all times; each remembers whether it was sent after the
        // server had published the new default.
        struct Outcome
        {
            bool sentAfterSwap = false;
            HttpReply reply;
            size_t row = 0;
        };
        std::vector<Outcome> outcomes;
        Client client;
        const QString predict = url(*server, "/v1/models/covertype_classifier:predict");
        size_t sent = 0;
        size_t done = 0;
        size_t doneAtSwap = 0;
        bool deployed = false;
        std::function<void()> sendOne = [&] {
            const size_t index = sent++;
            const size_t row = index % m_fixtureA.instances.size();
            outcomes.push_back({!changed.isEmpty(), {}, row});
            QNetworkReply *reply =
                client.start("POST", predict, requestBody({m_fixtureA.instances[row]}));
            connect(reply, &QNetworkReply::finished, this, [&, reply, index] {
                outcomes[index].reply = Client::collect(reply);
                ++done;
                if (done == 100 && !deployed) {
                    // Deploy v2 and make it the default while requests keep coming.
                    deployed = true;
                    QVERIFY(registry.deploy(m_modelBPath.toStdString(), "covertype_classifier",
                                            "v2", false));
                    QVERIFY(registry.setDefault("covertype_classifier", "v2"));
                }
                if (!changed.isEmpty() && doneAtSwap == 0)
                    doneAtSwap = done;
                if (doneAtSwap == 0 || done < doneAtSwap + 200)
                    sendOne();
            });
        };
        for (int i = 0; i < 4; ++i)
            sendOne();
        QTRY_VERIFY_WITH_TIMEOUT(doneAtSwap > 0 && done == sent, 15000);

        QCOMPARE(changed.size(), 1);
        const QStringList lines = changed[0][0].toStringList();
        QVERIFY2(lines.contains("+ covertype_classifier/v2"), qPrintable(lines.join("; ")));
        QVERIFY2(lines.contains("covertype_classifier: default v1 -> v2"),
                 qPrintable(lines.join("; ")));
        size_t byNew = 0;
        for (const Outcome &o : outcomes) {
            QCOMPARE(o.reply.status, 200);
            const QByteArray version = o.reply.headers.value("x-covertype-model");
            const bool isNew = version == "covertype_classifier/v2";
            QVERIFY(isNew || version == "covertype_classifier/v1");
            if (o.sentAfterSwap)
                QVERIFY2(isNew, "a request sent after the swap was answered by the old version");
            const Fixture &f = isNew ? m_fixtureB : m_fixtureA;
            QCOMPARE(o.reply.doc()["predictions"][0].get<int64_t>(), f.expected[o.row]);
            byNew += isNew ? 1 : 0;
        }
        QVERIFY(byNew >= 200);
        QCOMPARE(server->metrics().modelSwaps(), uint64_t(1));

        // Removing the old version is noticed too.
        QVERIFY(registry.undeploy("covertype_classifier", "v1"));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 5000);
        QVERIFY(changed[1][0].toStringList().contains("- covertype_classifier/v1"));
        QCOMPARE(
            client
                .send("POST", url(*server, "/v1/models/covertype_classifier/versions/v1:predict"),
                      requestBody({m_fixtureA.instances[0]}))
                .status,
            404);
    }

    void loadMixOfGoodAndBad()
    {
        auto server = startModelServer();
        Client client;
        const QString base = QString::fromStdString(server->url());
        std::mt19937_64 random(5);

        struct Planned
        {
            QByteArray method;
            QString path;
            QByteArray body;
            int status = 200;
            std::vector<int64_t> expected;
        };
        std::vector<Planned> plan;
        std::map<std::pair<std::string, int>, uint64_t> counts;
        const QString predict = "/v1/models/covertype_classifier:predict";
        const size_t rows = m_fixtureA.instances.size();
        for (int i = 0; i < 1200; ++i) {
            Planned p{"POST", predict, {}, 200, {}};
            const int kind = int(random() % 20);
            std::string route = "predict";
            if (kind < 12) {  // one instance
                const size_t r = random() % rows;
                p.body = requestBody({m_fixtureA.instances[r]});
                p.expected = {m_fixtureA.expected[r]};
            } else if (kind < 14) {  // a batch
                std::vector<json> batch;
                for (size_t k = 0; k < 100; ++k) {
                    const size_t r = (k * 7 + size_t(i)) % rows;
                    batch.push_back(m_fixtureA.instances[r]);
                    p.expected.push_back(m_fixtureA.expected[r]);
                }
                p.body = requestBody(batch);
            } else if (kind == 14) {
                p.body = R"({"instances": [[1, 2]]})";
                p.status = 400;
            } else if (kind == 15) {
                p.body = R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "a", )";
                p.status = 400;
            } else if (kind == 16) {
                p.path = "/v1/models/covertype_classifier/versions/v9:predict";
                p.body = requestBody({m_fixtureA.instances[0]});
                p.status = 404;
            } else if (kind == 17) {
                p.method = "GET";
                p.status = 405;
            } else if (kind == 18) {
                p.method = "GET";
                p.path = "/healthz";
                route = "healthz";
            } else {
                p.body = R"({"instances": [{"Elevation": "high"}]})";
                p.status = 400;
            }
            if (i % 300 == 150) {  // a few oversized bodies, which also close their connection
                p.method = "POST";
                p.path = predict;
                p.body = QByteArray(int(kDefaultMaxBodyBytes) + 10, ' ');
                p.status = 413;
                p.expected.clear();
                route = "predict";
            }
            ++counts[{route, p.status}];
            plan.push_back(std::move(p));
        }

        std::vector<HttpReply> replies(plan.size());
        size_t next = 0;
        size_t finished = 0;
        std::function<void()> sendNext = [&] {
            if (next >= plan.size())
                return;
            const size_t index = next++;
            const Planned &p = plan[index];
            QNetworkReply *reply = client.start(p.method, base + p.path, p.body);
            connect(reply, &QNetworkReply::finished, this, [&, reply, index] {
                replies[index] = Client::collect(reply);
                ++finished;
                sendNext();
            });
        };
        for (int i = 0; i < 8; ++i)
            sendNext();
        QTRY_COMPARE_WITH_TIMEOUT(finished, plan.size(), 20000);

        for (size_t i = 0; i < plan.size(); ++i) {
            const HttpReply &r = replies[i];
            QVERIFY2(r.status == plan[i].status,
                     qPrintable(QString("request %1: status %2, expected %3 (%4)")
                                    .arg(i)
                                    .arg(r.status)
                                    .arg(plan[i].status)
                                    .arg(r.error)));
            if (plan[i].status == 200 && plan[i].path == predict)
                QCOMPARE(r.doc()["predictions"].get<std::vector<int64_t>>(), plan[i].expected);
            else if (plan[i].status != 200)
                QVERIFY(!r.message().empty());
        }
        for (const auto &[key, count] : counts)
            QCOMPARE(server->metrics().requests(key.first, key.second), count);
    }
};

QTEST_GUILESS_MAIN(TestPredictionServer)
#include "tst_predictionserver.moc"
