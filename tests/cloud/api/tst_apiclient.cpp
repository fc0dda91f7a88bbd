// API calls against the fake Google Cloud: a revoked token refreshed once, 429/503 bursts
// retried, a create not repeated, and Google error bodies read into messages.
#include <QTemporaryDir>
#include <QTest>

#include "api/apiclient.h"
#include "fakegooglecloud.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::fakecloud::FakeGoogleCloud;
using covertype::fakecloud::FaultRule;
using namespace std::chrono_literals;

namespace {

RetryPolicy fastPolicy()
{
    RetryPolicy policy;
    policy.initialDelay = 10ms;
    policy.maxDelay = 100ms;
    policy.maxAttempts = 5;
    return policy;
}

struct Client
{
    QTemporaryDir dir;
    std::shared_ptr<TokenProvider> tokens;
    std::unique_ptr<ApiClient> api;

    explicit Client(FakeGoogleCloud &fake)
    {
        const std::string key = dir.filePath("key.json").toStdString();
        fake.writeServiceAccountKey(key);
        tokens = std::make_shared<TokenProvider>(std::move(*credentialsFromFile(key)));
        api = std::make_unique<ApiClient>(tokens, fastPolicy());
    }
};

std::string objectsUrl(const FakeGoogleCloud &fake, const std::string &bucket)
{
    return fake.baseUrl() + "/storage/v1/b/" + bucket + "/o";
}

}  // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private slots:
    void revokedTokenIsRefreshedOnce()
    {
        FakeGoogleCloud fake;
        fake.createBucket("bucket");
        Client client(fake);
        QVERIFY(client.api->getJson(objectsUrl(fake, "bucket")).has_value());
        QCOMPARE(client.tokens->fetches(), 1);
        fake.revokeAllTokens();
        auto listing = client.api->getJson(objectsUrl(fake, "bucket"));
        QVERIFY2(listing.has_value(), listing ? "" : listing.error().message.c_str());
        QCOMPARE(client.tokens->fetches(), 2);
    }

    void unauthorisedTwiceIsAnError()
    {
        FakeGoogleCloud fake;
        fake.createBucket("bucket");
        Client client(fake);
        FaultRule rule;
        rule.pathRegex = "/storage/v1/b/bucket/o";
        rule.status = 401;
        rule.times = 2;
        fake.addFault(rule);
        auto listing = client.api->getJson(objectsUrl(fake, "bucket"));
        QVERIFY(!listing.has_value());
        QVERIFY2(listing.error().message.find("HTTP 401") != std::string::npos,
                 listing.error().message.c_str());
        QCOMPARE(client.tokens->fetches(), 2);  // refreshed once, not in a loop
    }

    void burstsAreRetried()
    {
        FakeGoogleCloud fake;
        fake.createBucket("bucket");
        Client client(fake);
        FaultRule busy;
        busy.pathRegex = "/storage/v1/b/bucket/o";
        busy.status = 429;
        busy.headers = {{"Retry-After", "0"}};
        fake.addFault(busy);
        FaultRule down = busy;
        down.status = 503;
        down.times = 2;
        down.headers = {};
        fake.addFault(down);
        std::vector<std::string> notices;
        client.api->setRetryNotice([&](int, std::chrono::milliseconds, const std::string &why) {
            notices.push_back(why);
        });
        auto listing = client.api->getJson(objectsUrl(fake, "bucket"));
        QVERIFY2(listing.has_value(), listing ? "" : listing.error().message.c_str());
        QCOMPARE(notices.size(), size_t(3));
    }

    /// A POST that is not safe to repeat is sent once; its 503 is the caller's to judge.
    void nonIdempotentIsNotRepeated()
    {
        FakeGoogleCloud fake;
        fake.createBucket("bucket");
        Client client(fake);
        FaultRule down;
        down.pathRegex = "/upload/storage/v1/b/bucket/o";
        down.status = 503;
        fake.addFault(down);
        fake.clearRequests();
        auto reply = client.api->postJson(
            fake.baseUrl() + "/upload/storage/v1/b/bucket/o?uploadType=media&name=x", {}, false);
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Unavailable);
        size_t uploads = 0;
        for (const auto &r : fake.requests())
            uploads += r.target.starts_with("/upload/");
        QCOMPARE(uploads, size_t(1));
    }

    void slowReplyTimesOut()
    {
        FakeGoogleCloud fake;
        fake.createBucket("bucket");
        Client client(fake);
        FaultRule slow;
        slow.pathRegex = "/storage/v1/b/bucket/o";
        slow.delayMs = 3000;
        slow.times = 10;
        fake.addFault(slow);
        ApiRequest request;
        request.url = objectsUrl(fake, "bucket");
        request.timeoutMs = 300;
        const auto start = std::chrono::steady_clock::now();
        auto reply = client.api->json(request);
        QVERIFY(!reply.has_value());
        QVERIFY2(reply.error().message.find("no complete reply within 300 ms") != std::string::npos,
                 reply.error().message.c_str());
        QVERIFY(std::chrono::steady_clock::now() - start < 2900ms * fastPolicy().maxAttempts);
    }

    void malformedJsonIsNamed()
    {
        FakeGoogleCloud fake;
        fake.createBucket("bucket");
        Client client(fake);
        FaultRule broken;
        broken.pathRegex = "/storage/v1/b/bucket/o";
        broken.rawBody = R"({"items": [)";
        fake.addFault(broken);
        auto reply = client.api->getJson(objectsUrl(fake, "bucket"));
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Parse);
        QVERIFY2(reply.error().message.find("is not JSON") != std::string::npos,
                 reply.error().message.c_str());
    }

    void googleErrorsAreReadable()
    {
        HttpResponse reply;
        reply.status = 400;
        reply.body = R"({"error":{"code":400,"status":"INVALID_ARGUMENT",
            "message":"Invalid JSON payload received. Unknown name \"maxTrials\" at 'hyperparameter_tuning_job': Cannot find field.",
            "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest",
                        "fieldViolations":[{"field":"hyperparameter_tuning_job","description":"Invalid JSON payload received. Unknown name \"maxTrials\""}]}]}})";
        const Error e = googleError(reply, "create the tuning job");
        QCOMPARE(e.code, ErrorCode::InvalidArgument);
        QVERIFY2(e.message.starts_with("create the tuning job: HTTP 400 INVALID_ARGUMENT: Invalid "
                                       "JSON payload received. Unknown name \"maxTrials\""),
                 e.message.c_str());
        QVERIFY(e.message.find("[field hyperparameter_tuning_job: ") != std::string::npos);

        reply.status = 403;
        reply.body =
            R"({"error":{"code":403,"status":"PERMISSION_DENIED","message":"Permission 'aiplatform.customJobs.create' denied",
            "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED"},
                       {"@type":"type.googleapis.com/google.rpc.Help","links":[{"url":"https://cloud.google.com/vertex-ai/docs/general/access-control"}]}]}})";
        const Error denied = googleError(reply, "submit");
        QVERIFY(denied.message.find("PERMISSION_DENIED: Permission 'aiplatform.customJobs.create' "
                                    "denied (IAM_PERMISSION_DENIED) See https://") !=
                std::string::npos);
        reply.status = 404;
        reply.body = "<html>not found</html>";
        const Error missing = googleError(reply, "get");
        QCOMPARE(missing.code, ErrorCode::NotFound);
        QCOMPARE(missing.message, std::string("get: HTTP 404: <html>not found</html>"));
        reply.status = 503;
        QCOMPARE(googleError(reply, "x").code, ErrorCode::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
