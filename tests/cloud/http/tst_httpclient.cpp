// Tests for the libcurl client against a fake server on 127.0.0.1: replies, error replies,
// unreachable servers, timeouts, cancellation and replies that are not JSON.
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "fakehttpserver.h"
#include "http/httpclient.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::test::FakeHttpServer;
using covertype::test::FakeReply;
using covertype::test::FakeRequest;

namespace {

const char *message(const Expected<HttpResponse> &r)
{
    return r ? "" : r.error().message.c_str();
}

FakeReply hangingReply()
{
    FakeReply reply;
    reply.hang = true;
    return reply;
}

/// A port nothing listens on (bound, then released).
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

}  // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private slots:
    void postJsonWithToken()
    {
        FakeHttpServer server([](const FakeRequest &r) {
            const auto body = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
            return FakeReply{
                200, QByteArray::fromStdString(
                         nlohmann::json{{"predictions", {body["instances"].size()}}}.dump())};
        });
        HttpClient::Options options;
        options.bearerToken = "s3cret";
        const HttpClient client(options);
        const std::string url = server.url("/v1/models/m:predict").toStdString();
        auto reply = client.postJson(url, {{"instances", {1, 2, 3}}});
        QVERIFY2(reply.has_value(), message(reply));
        QCOMPARE(reply->status, 200L);
        QVERIFY(reply->succeeded());
        QCOMPARE(reply->contentType, std::string("application/json"));
        auto doc = jsonBody(*reply, url);
        QVERIFY(doc.has_value());
        QCOMPARE((*doc)["predictions"][0].get<int>(), 3);

        const auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(1));
        QCOMPARE(requests[0].method, QByteArray("POST"));
        QCOMPARE(requests[0].path, QByteArray("/v1/models/m:predict"));
        QCOMPARE(requests[0].headers.value("authorization"), QByteArray("Bearer s3cret"));
        QCOMPARE(requests[0].headers.value("content-type"), QByteArray("application/json"));
        QVERIFY(!requests[0].headers.contains("expect"));
        QCOMPARE(requests[0].body, QByteArray(R"({"instances":[1,2,3]})"));
    }

    void getWithoutToken()
    {
        FakeHttpServer server([](const FakeRequest &) {
            return FakeReply{200, R"({"model": "m", "version": "v01"})"};
        });
        const HttpClient client;
        auto reply = client.get(server.url("/v1/models/m/versions/v01").toStdString());
        QVERIFY2(reply.has_value(), message(reply));
        QCOMPARE(reply->status, 200L);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(1));
        QCOMPARE(requests[0].method, QByteArray("GET"));
        QVERIFY(!requests[0].headers.contains("authorization"));
        QVERIFY(requests[0].body.isEmpty());
    }

    /// A 4xx/5xx reply is a result: the caller reads its status and error message.
    void errorReplies_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("400 ours")
            << 400 << QByteArray(R"({"error": "instance 1: field 'Aspect': expected a number"})")
            << "instance 1: field 'Aspect': expected a number";
        QTest::newRow("404") << 404 << QByteArray(R"({"error": "no model 'x'"})") << "no model 'x'";
        QTest::newRow("google style")
            << 403 << QByteArray(R"({"error": {"code": 403, "message": "Permission denied"}})")
            << "Permission denied";
        QTest::newRow("plain text 500")
            << 500 << QByteArray("upstream exploded\n") << "upstream exploded";
        QTest::newRow("empty 503") << 503 << QByteArray() << "HTTP status 503";
    }
    void errorReplies()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        FakeHttpServer server([&](const FakeRequest &) { return FakeReply{status, body}; });
        const HttpClient client;
        auto reply = client.postJson(server.url("/x").toStdString(), {{"instances", {}}});
        QVERIFY2(reply.has_value(), message(reply));
        QCOMPARE(reply->status, long(status));
        QVERIFY(!reply->succeeded());
        QCOMPARE(QString::fromStdString(errorMessage(*reply)), expected);
    }

    void connectionRefused()
    {
        const std::string url = QStringLiteral("http://127.0.0.1:%1/v1/models/m:predict")
                                    .arg(closedPort())
                                    .toStdString();
        auto reply = HttpClient().postJson(url, {{"instances", {}}});
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Unavailable);
        QVERIFY2(reply.error().message.find("POST " + url + ": ") == 0, message(reply));
        QVERIFY2(reply.error().message.find("onnect") != std::string::npos, message(reply));
    }

    void badUrl()
    {
        auto reply = HttpClient().get("nota://url");
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Unavailable);
        QVERIFY2(reply.error().message.find("nota://url") != std::string::npos, message(reply));
    }

    void timeout()
    {
        FakeHttpServer server([](const FakeRequest &) { return hangingReply(); });
        HttpClient::Options options;
        options.timeoutMs = 300;
        QElapsedTimer clock;
        clock.start();
        auto reply = HttpClient(options).get(server.url("/slow").toStdString());
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Unavailable);
        QVERIFY2(reply.error().message.find("no complete reply within 300 ms") != std::string::npos,
                 message(reply));
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(server.requests().size(), size_t(1));
    }

    void cancel()
    {
        FakeHttpServer server([](const FakeRequest &) { return hangingReply(); });
        std::atomic<bool> stop{false};
        int calls = 0;
        QElapsedTimer clock;
        clock.start();
        std::thread canceller([&] {
            QThread::msleep(200);
            stop = true;
        });
        auto reply = HttpClient().postJson(server.url("/hang").toStdString(), {{"instances", {}}},
                                           [&](int64_t, int64_t) {
                                               ++calls;
                                               return !stop.load();
                                           });
        canceller.join();
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Cancelled);
        QVERIFY2(reply.error().message.find("/hang was cancelled") != std::string::npos,
                 message(reply));
        QVERIFY(calls > 0);
        // the default timeout is 30 s: cancellation, not the timeout, ended it
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void malformedJsonReply()
    {
        FakeHttpServer server([](const FakeRequest &) {
            return FakeReply{200, R"({"predictions": [1, 2)"};
        });
        const std::string url = server.url("/v1/models/m:predict").toStdString();
        auto reply = HttpClient().postJson(url, {{"instances", {}}});
        QVERIFY2(reply.has_value(), message(reply));
        auto doc = jsonBody(*reply, url);
        QVERIFY(!doc.has_value());
        QCOMPARE(doc.error().code, ErrorCode::Parse);
        QVERIFY2(doc.error().message.find(url + ": HTTP 200 reply is not JSON") == 0,
                 doc.error().message.c_str());
    }

    void replyTooLarge()
    {
        FakeHttpServer server([](const FakeRequest &) {
            return FakeReply{200, QByteArray(100000, 'x')};
        });
        HttpClient::Options options;
        options.maxResponseBytes = 1000;
        auto reply = HttpClient(options).get(server.url("/big").toStdString());
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Unavailable);
        QVERIFY2(reply.error().message.find("larger than 1000 bytes") != std::string::npos,
                 message(reply));
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
