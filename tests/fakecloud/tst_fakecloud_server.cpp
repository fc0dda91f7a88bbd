// Tests of the fake's HTTP server: fault rules on any route, keep-alive, 100 Continue, bounded
// bodies and reads, the request log, and a destructor that returns with clients connected.
#include <QElapsedTimer>
#include <QTest>

#include <nlohmann/json.hpp>

#include <thread>

#include "fakegooglecloud.h"
#include "testhttp.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;
using nlohmann::json;

namespace {

HttpResult getObject(FakeGoogleCloud &cloud, const std::string &token, CURL *reuse = nullptr,
                     long timeoutMs = 20'000)
{
    HttpCall call;
    call.url = cloud.baseUrl() + "/storage/v1/b/bkt/o/obj?alt=media";
    call.bearer = token;
    call.timeoutMs = timeoutMs;
    return httpCall(call, reuse);
}

HttpResult upload(FakeGoogleCloud &cloud, const std::string &token, const std::string &name,
                  const std::string &data)
{
    HttpCall call;
    call.method = "POST";
    call.url = cloud.baseUrl() + "/upload/storage/v1/b/bkt/o?uploadType=media&name=" + name;
    call.headers = {"Content-Type: text/plain"};
    call.body = data;
    call.sendBody = true;
    call.bearer = token;
    return httpCall(call);
}

}  // namespace

class TestFakeCloudServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { curl_global_init(CURL_GLOBAL_DEFAULT); }

    void statusFaultsApplyToMatchingRequestsOnly()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "obj", "data");
        const std::string token = cloud.issueToken();
        FaultRule busy;
        busy.method = "GET";
        busy.pathRegex = "/o/obj$";
        busy.times = 2;
        busy.status = 429;
        busy.headers = {{"Retry-After", "3"}};
        cloud.addFault(busy);

        // Another method on the same path is not affected.
        QCOMPARE(upload(cloud, token, "other", "x").status, 200L);
        for (int i = 0; i < 2; ++i) {
            const auto r = getObject(cloud, token);
            QCOMPARE(r.status, 429L);
            QCOMPARE(r.header("retry-after"), std::string("3"));
            const json body = json::parse(r.body);
            QCOMPARE(body["error"]["code"].get<int>(), 429);
            QCOMPARE(body["error"]["status"].get<std::string>(), std::string("RESOURCE_EXHAUSTED"));
        }
        const auto third = getObject(cloud, token);
        QCOMPARE(third.status, 200L);
        QCOMPARE(third.body, std::string("data"));

        // Faults reach the token endpoint and the metadata server too.
        FaultRule down;
        down.pathRegex = "^/token$";
        down.status = 503;
        cloud.addFault(down);
        HttpCall grant;
        grant.method = "POST";
        grant.url = cloud.tokenUri();
        grant.headers = {"Content-Type: application/x-www-form-urlencoded"};
        grant.body = "grant_type=refresh_token";
        QCOMPARE(httpCall(grant).status, 503L);
        QCOMPARE(httpCall(grant).status, 400L);
        cloud.addFault({.pathRegex = "computeMetadata", .status = 500});
        HttpCall metadata;
        metadata.url = cloud.baseUrl() + "/computeMetadata/v1/project/project-id";
        metadata.headers = {"Metadata-Flavor: Google"};
        QCOMPARE(httpCall(metadata).status, 500L);
        QCOMPARE(httpCall(metadata).status, 200L);

        cloud.addFault({.pathRegex = "obj", .times = 5, .status = 503});
        cloud.clearFaults();
        QCOMPARE(getObject(cloud, token).status, 200L);
    }

    void slowAnswersAndDroppedConnections()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "obj", "data");
        const std::string token = cloud.issueToken();
        cloud.addFault({.pathRegex = "obj", .delayMs = 1500});
        QElapsedTimer timer;
        timer.start();
        const auto timedOut = getObject(cloud, token, nullptr, 300);
        QCOMPARE(timedOut.code, CURLE_OPERATION_TIMEDOUT);
        QVERIFY(timer.elapsed() < 1400);
        timer.restart();
        QCOMPARE(getObject(cloud, token).status, 200L);  // the rule was used up

        cloud.addFault({.pathRegex = "obj", .delayMs = 400});
        timer.restart();
        const auto slow = getObject(cloud, token);
        QCOMPARE(slow.status, 200L);
        QVERIFY(timer.elapsed() >= 400);

        cloud.addFault({.pathRegex = "obj", .dropConnection = true});
        const auto dropped = getObject(cloud, token);
        QVERIFY(dropped.code == CURLE_GOT_NOTHING || dropped.code == CURLE_RECV_ERROR);
        QCOMPARE(getObject(cloud, token).status, 200L);
    }

    void faultAfterHandlingKeepsTheStateChange()
    {
        // "The create succeeded but its answer was lost/failed": the object exists afterwards.
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        const std::string token = cloud.issueToken();
        cloud.addFault(
            {.method = "POST", .pathRegex = "^/upload/", .status = 503, .afterHandling = true});
        const auto answered = upload(cloud, token, "made", "1");
        QCOMPARE(answered.status, 503L);
        QCOMPARE(cloud.objectData("bkt", "made"), std::optional<std::string>("1"));
        cloud.addFault({.method = "POST",
                        .pathRegex = "^/upload/",
                        .dropConnection = true,
                        .afterHandling = true});
        const auto lost = upload(cloud, token, "made2", "2");
        QVERIFY(lost.code != CURLE_OK);
        QCOMPARE(cloud.objectData("bkt", "made2"), std::optional<std::string>("2"));
        // Without afterHandling the request is not handled.
        cloud.addFault({.method = "POST", .pathRegex = "^/upload/", .status = 503});
        QCOMPARE(upload(cloud, token, "never", "3").status, 503L);
        QVERIFY(!cloud.objectData("bkt", "never"));
    }

    void rawBodies()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "obj", "data");
        const std::string token = cloud.issueToken();
        cloud.addFault({.pathRegex = "obj", .rawBody = "{\"kind\": \"storage#obj"});
        const auto malformed = getObject(cloud, token);
        QCOMPARE(malformed.status, 200L);
        QCOMPARE(malformed.body, std::string("{\"kind\": \"storage#obj"));
        cloud.addFault({.pathRegex = "obj", .status = 500, .rawBody = "<html>oops</html>"});
        const auto html = getObject(cloud, token);
        QCOMPARE(html.status, 500L);
        QCOMPARE(html.body, std::string("<html>oops</html>"));
    }

    void keepAliveAndContinue()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "obj", "data");
        const std::string token = cloud.issueToken();
        CURL *curl = curl_easy_init();
        const auto first = getObject(cloud, token, curl);
        QCOMPARE(first.status, 200L);
        QCOMPARE(first.connects, 1L);
        for (int i = 0; i < 3; ++i) {
            const auto again = getObject(cloud, token, curl);
            QCOMPARE(again.status, 200L);
            QCOMPARE(again.connects, 0L);  // the same connection, kept alive
        }
        curl_easy_cleanup(curl);

        // Expect: 100-continue is answered at once (curl would wait a second for it).
        HttpCall call;
        call.method = "POST";
        call.url = cloud.baseUrl() + "/upload/storage/v1/b/bkt/o?uploadType=media&name=c";
        call.headers = {"Content-Type: text/plain", "Expect: 100-continue"};
        call.body = std::string(200'000, 'c');
        call.bearer = token;
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(httpCall(call).status, 200L);
        QVERIFY2(timer.elapsed() < 900, "the body waited for curl's Expect timeout");
        QCOMPARE(cloud.objectData("bkt", "c"), std::optional<std::string>(call.body));

        // The same over a raw socket: 100 Continue arrives before any body byte is sent.
        const int fd = connectTo(cloud.port());
        QVERIFY(fd >= 0);
        QVERIFY(sendAll(fd,
                        "POST /upload/storage/v1/b/bkt/o?uploadType=media&name=raw HTTP/1.1\r\n"
                        "Host: 127.0.0.1\r\nAuthorization: Bearer " +
                            token +
                            "\r\n"
                            "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
        const std::string interim = readAll(fd, std::chrono::milliseconds(500));
        QVERIFY(interim.starts_with("HTTP/1.1 100 Continue\r\n\r\n"));
        QVERIFY(sendAll(fd, "abc"));
        const std::string final = readAll(fd, std::chrono::milliseconds(500));
        QVERIFY(final.starts_with("HTTP/1.1 200 OK\r\n"));
        ::close(fd);
        QCOMPARE(cloud.objectData("bkt", "raw"), std::optional<std::string>("abc"));
    }

    void boundedBodiesAndReads()
    {
        FakeGoogleCloud::Options options;
        options.maxBodyBytes = 1000;
        options.readTimeout = std::chrono::milliseconds(300);
        FakeGoogleCloud cloud(options);
        cloud.createBucket("bkt");
        const std::string token = cloud.issueToken();
        QCOMPARE(upload(cloud, token, "small", std::string(1000, 's')).status, 200L);
        QCOMPARE(upload(cloud, token, "large", std::string(1001, 'l')).status, 413L);

        // A client that stops sending mid-body gets 408 and is closed after the read timeout.
        const int fd = connectTo(cloud.port());
        QVERIFY(sendAll(fd,
                        "POST /upload/storage/v1/b/bkt/o?uploadType=media&name=s HTTP/1.1\r\n"
                        "Host: x\r\nContent-Length: 10\r\n\r\nabc"));
        QElapsedTimer timer;
        timer.start();
        const std::string answer = readAll(fd, std::chrono::milliseconds(3000));
        QVERIFY(answer.starts_with("HTTP/1.1 408 "));
        QVERIFY(timer.elapsed() < 2000);
        ::close(fd);
        // Garbage gets 400 and a closed connection.
        const int bad = connectTo(cloud.port());
        QVERIFY(sendAll(bad, "NOT HTTP\r\n\r\n"));
        QVERIFY(readAll(bad, std::chrono::milliseconds(1000)).starts_with("HTTP/1.1 400 "));
        ::close(bad);
    }

    void destructorReturnsWithClientsConnected()
    {
        QElapsedTimer timer;
        std::vector<int> sockets;
        {
            FakeGoogleCloud cloud;  // default 30 s read timeout: the destructor must not wait
            cloud.putObject("bkt", "obj", std::string(8 << 20, 'x'));
            const std::string token = cloud.issueToken();
            // Idle, mid-head, mid-body, and a client that never reads an 8 MiB answer.
            sockets.push_back(connectTo(cloud.port()));
            sockets.push_back(connectTo(cloud.port()));
            sendAll(sockets.back(), "GET /storage/v1/b HTTP/1.1\r\nHost");
            sockets.push_back(connectTo(cloud.port()));
            sendAll(sockets.back(), "POST /token HTTP/1.1\r\nContent-Length: 100\r\n\r\nab");
            sockets.push_back(connectTo(cloud.port()));
            sendAll(sockets.back(),
                    "GET /storage/v1/b/bkt/o/obj?alt=media HTTP/1.1\r\nHost: x\r\n"
                    "Authorization: Bearer " +
                        token + "\r\n\r\n");
            // One waiting in a slow fault.
            cloud.addFault({.pathRegex = "slow", .delayMs = 60'000});
            sockets.push_back(connectTo(cloud.port()));
            sendAll(sockets.back(), "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            timer.start();
        }
        QVERIFY2(timer.elapsed() < 3000, "the destructor waited for its clients");
        for (const int fd : sockets)
            ::close(fd);
    }

    void requestLogHoldsNoSecrets()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "obj", "data");
        const std::string token = cloud.issueToken();
        QCOMPARE(getObject(cloud, token).status, 200L);
        HttpCall withQueryToken;
        withQueryToken.url = cloud.baseUrl() + "/storage/v1/b/bkt/o?access_token=" + token;
        QCOMPARE(httpCall(withQueryToken).status, 401L);  // tokens in the query are not accepted
        const auto log = cloud.requests();
        QCOMPARE(log.size(), size_t(2));
        QCOMPARE(log[0].method, std::string("GET"));
        QCOMPARE(log[0].target, std::string("/storage/v1/b/bkt/o/obj?alt=media"));
        QCOMPARE(log[0].status, 200);
        QVERIFY(log[0].authorized);
        QCOMPARE(log[1].status, 401);
        QVERIFY(!log[1].authorized);
        for (const auto &entry : log)
            QVERIFY(entry.target.find(token) == std::string::npos);
        QCOMPARE(log[1].target, std::string("/storage/v1/b/bkt/o?access_token=REDACTED"));
        cloud.clearRequests();
        QVERIFY(cloud.requests().empty());
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudServer)
#include "tst_fakecloud_server.moc"
