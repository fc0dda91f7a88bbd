// Retries: backoff growth, cap and jitter, Retry-After, which replies are retried, the deadline
// and cancelling a wait, against the fake server of tests/fakehttpserver.h.
#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <set>
#include <thread>

#include "fakehttpserver.h"
#include "http/retry.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::test::FakeHttpServer;
using covertype::test::FakeReply;
using covertype::test::FakeRequest;
using namespace std::chrono_literals;

namespace {

RetryPolicy fastPolicy()
{
    RetryPolicy policy;
    policy.initialDelay = 20ms;
    policy.maxDelay = 200ms;
    policy.deadline = 10s;
    policy.maxAttempts = 5;
    return policy;
}

/// Answers the statuses in order, then 200.
FakeHttpServer::Handler statuses(std::vector<int> list,
                                 std::vector<std::pair<QByteArray, QByteArray>> headers = {})
{
    auto next = std::make_shared<std::atomic<size_t>>(0);
    return [list, next, headers](const FakeRequest &) {
        const size_t i = (*next)++;
        FakeReply reply{i < list.size() ? list[i] : 200, R"({"ok":true})"};
        reply.headers = headers;
        return reply;
    };
}

HttpRequest get(const FakeHttpServer &server)
{
    HttpRequest request;
    request.url = server.url("/x").toStdString();
    request.timeoutMs = 5000;
    return request;
}

}  // namespace

class TestRetry : public QObject
{
    Q_OBJECT

private slots:
    void backoffGrowsAndIsCapped()
    {
        RetryPolicy policy;  // 1 s, x2, cap 60 s
        for (int i = 0; i < 200; ++i) {
            const auto first = backoffDelay(policy, 1);
            QVERIFY(first >= 500ms && first <= 1000ms);
            const auto third = backoffDelay(policy, 3);
            QVERIFY(third >= 2000ms && third <= 4000ms);
            const auto late = backoffDelay(policy, 30);
            QVERIFY(late >= 30s && late <= 60s);
        }
        // Jitter: clients that failed together do not come back together.
        std::set<int64_t> seen;
        for (int i = 0; i < 50; ++i)
            seen.insert(backoffDelay(policy, 4).count());
        QVERIFY(seen.size() > 10);
        // Retry-After wins when longer, and is capped too.
        QCOMPARE(backoffDelay(policy, 1, 7s), std::chrono::milliseconds(7s));
        QCOMPARE(backoffDelay(policy, 1, 3600s), std::chrono::milliseconds(60s));
    }

    void retryAfterForms()
    {
        QCOMPARE(*parseRetryAfter("120"), std::chrono::milliseconds(120s));
        QCOMPARE(*parseRetryAfter(" 0 "), std::chrono::milliseconds(0));
        const auto now = std::chrono::system_clock::from_time_t(1445412480);  // 07:28:00 GMT
        QCOMPARE(*parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now),
                 std::chrono::milliseconds(30s));
        QCOMPARE(*parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now),
                 std::chrono::milliseconds(0));
        QVERIFY(!parseRetryAfter("soon").has_value());
        QVERIFY(!parseRetryAfter("").has_value());
        QVERIFY(!parseRetryAfter("-5").has_value());
    }

    void retryableStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retried");
        for (int s : {408, 429, 500, 502, 503, 504})
            QTest::addRow("%d", s) << s << true;
        for (int s : {400, 401, 403, 404, 409, 412, 501})
            QTest::addRow("%d", s) << s << false;
    }
    void retryableStatuses()
    {
        QFETCH(int, status);
        QFETCH(bool, retried);
        FakeHttpServer server(statuses({status}));
        auto reply = sendRetrying(HttpClient(), get(server), fastPolicy());
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, retried ? 200L : long(status));
        QCOMPARE(server.requests().size(), retried ? size_t(2) : size_t(1));
    }

    void burstThenSuccess()
    {
        FakeHttpServer server(statuses({503, 429, 503}));
        std::vector<std::string> notices;
        auto reply = sendRetrying(HttpClient(), get(server), fastPolicy(),
                                  [&](int, std::chrono::milliseconds, const std::string &why) {
                                      notices.push_back(why);
                                  });
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, 200L);
        QCOMPARE(server.requests().size(), size_t(4));
        QCOMPARE(notices.size(), size_t(3));
        QCOMPARE(notices[1], std::string("HTTP 429"));
    }

    void givesUpAfterMaxAttempts()
    {
        FakeHttpServer server(statuses(std::vector<int>(20, 503)));
        auto reply = sendRetrying(HttpClient(), get(server), fastPolicy());
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, 503L);
        QCOMPARE(server.requests().size(), size_t(fastPolicy().maxAttempts));
    }

    void retryAfterIsHonoured()
    {
        FakeHttpServer server(statuses({429}, {{"Retry-After", "1"}}));
        QElapsedTimer timer;
        timer.start();
        auto reply = sendRetrying(HttpClient(), get(server), [] {
            RetryPolicy p = fastPolicy();
            p.maxDelay = 5s;
            return p;
        }());
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, 200L);
        QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
    }

    void deadlineStopsRetries()
    {
        FakeHttpServer server(statuses({503}, {{"Retry-After", "30"}}));
        RetryPolicy policy = fastPolicy();
        policy.maxDelay = 60s;
        policy.deadline = 2s;  // a 30 s wait would pass it: give the 503 back now
        QElapsedTimer timer;
        timer.start();
        auto reply = sendRetrying(HttpClient(), get(server), policy);
        QVERIFY(timer.elapsed() < 1500);
        QCOMPARE(reply->status, 503L);
        QCOMPARE(server.requests().size(), size_t(1));
    }

    void droppedConnectionsAreRetried()
    {
        std::atomic<int> calls = 0;
        FakeHttpServer server([&calls](const FakeRequest &) {
            FakeReply reply{200, R"({"ok":true})"};
            if (calls++ == 0) {  // announce a body, send part, hang up
                reply.sendOnly = 3;
            }
            return reply;
        });
        auto reply = sendRetrying(HttpClient(), get(server), fastPolicy());
        QVERIFY2(reply.has_value(), reply ? "" : reply.error().message.c_str());
        QCOMPARE(reply->status, 200L);
        QCOMPARE(calls.load(), 2);
    }

    void stopEndsTheWait()
    {
        FakeHttpServer server(statuses({503}, {{"Retry-After", "30"}}));
        std::stop_source stop;
        HttpRequest request = get(server);
        request.stop = stop.get_token();
        RetryPolicy policy = fastPolicy();
        policy.maxDelay = 60s;
        policy.deadline = 120s;
        std::jthread canceller([&stop] {
            std::this_thread::sleep_for(300ms);
            stop.request_stop();
        });
        QElapsedTimer timer;
        timer.start();
        auto reply = sendRetrying(HttpClient(), request, policy);
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestRetry)
#include "tst_retry.moc"
