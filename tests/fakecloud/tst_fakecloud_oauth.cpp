// Tests of the fake's token endpoint, token checks and metadata server: the grants a real
// client sends are accepted and every kind of bad grant or token is refused as Google does.
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "fakegooglecloud.h"
#include "oauth/rsakeys.h"
#include "server/encoding.h"
#include "testhttp.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;
using nlohmann::json;

namespace {

int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A signed JWT grant from a key file's JSON, with `change` applied to header and claims.
std::string makeAssertion(const json &key, json header, json claims)
{
    const std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(claims.dump());
    const auto signature = signRs256(key["private_key"].get<std::string>(), input);
    return input + "." + base64UrlEncode(signature.value_or(""));
}

json defaultHeader(const json &key)
{
    return {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", key["private_key_id"]}};
}

json defaultClaims(const json &key)
{
    const int64_t now = nowSeconds();
    return {{"iss", key["client_email"]},
            {"aud", key["token_uri"]},
            {"scope", "https://www.googleapis.com/auth/cloud-platform"},
            {"iat", now},
            {"exp", now + 3600}};
}

HttpResult postForm(const std::string &url, const std::string &form)
{
    HttpCall call;
    call.method = "POST";
    call.url = url;
    call.headers = {"Content-Type: application/x-www-form-urlencoded"};
    call.body = form;
    return httpCall(call);
}

HttpResult jwtGrant(const FakeGoogleCloud &cloud, const std::string &assertion)
{
    return postForm(cloud.tokenUri(),
                    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" +
                        percentEncode(assertion));
}

HttpResult listBuckets(const FakeGoogleCloud &cloud, const std::string &token)
{
    HttpCall call;
    call.url = cloud.baseUrl() + "/storage/v1/b?project=" + cloud.options().projectId;
    call.bearer = token;
    return httpCall(call);
}

/// A JSON value as text for QCOMPARE: strings as they are, anything else dumped.
QString js(const json &value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

json parsed(const HttpResult &r)
{
    return json::parse(r.body, nullptr, false);
}

}  // namespace

class TestFakeCloudOAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { curl_global_init(CURL_GLOBAL_DEFAULT); }

    void serviceAccountGrantGivesAWorkingToken()
    {
        FakeGoogleCloud cloud;
        QTemporaryDir dir;
        const std::string path = dir.filePath("key.json").toStdString();
        const json key = json::parse(cloud.writeServiceAccountKey(path));
        QCOMPARE(js(key["type"]), QString("service_account"));
        QCOMPARE(key["token_uri"].get<std::string>(), cloud.tokenUri());
        QCOMPARE(key["client_email"].get<std::string>(), cloud.options().serviceAccountEmail);
        QVERIFY(key["private_key"].get<std::string>().starts_with("-----BEGIN PRIVATE KEY-----"));
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(json::parse(file.readAll().toStdString()) == key);
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions{});

        const auto answer =
            jwtGrant(cloud, makeAssertion(key, defaultHeader(key), defaultClaims(key)));
        QCOMPARE(answer.status, 200L);
        const json body = parsed(answer);
        QCOMPARE(js(body["token_type"]), QString("Bearer"));
        QCOMPARE(body["expires_in"].get<int>(), 3600);
        const std::string token = body["access_token"].get<std::string>();
        QVERIFY(token.starts_with("ya29."));
        QCOMPARE(listBuckets(cloud, token).status, 200L);

        // The log shows the grant but never the assertion nor the token.
        for (const auto &entry : cloud.requests()) {
            QVERIFY(entry.target.find("ya29") == std::string::npos);
            QVERIFY(entry.target.find("eyJ") == std::string::npos);
        }
    }

    void badGrantsAreRefused_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("error");
        QTest::newRow("signature of other bytes") << "badSignature"
                                                  << "invalid_grant";
        QTest::newRow("signed by an unknown key") << "foreignKey"
                                                  << "invalid_grant";
        QTest::newRow("kid of no key") << "unknownKid"
                                       << "invalid_grant";
        QTest::newRow("alg none") << "algNone"
                                  << "invalid_grant";
        QTest::newRow("HS256") << "hs256"
                               << "invalid_grant";
        QTest::newRow("unknown issuer") << "otherIssuer"
                                        << "invalid_grant";
        QTest::newRow("audience of the real Google") << "googleAudience"
                                                     << "invalid_grant";
        QTest::newRow("expired") << "expired"
                                 << "invalid_grant";
        QTest::newRow("lifetime over an hour") << "tooLong"
                                               << "invalid_grant";
        QTest::newRow("issued in the future") << "future"
                                              << "invalid_grant";
        QTest::newRow("exp before iat") << "backwards"
                                        << "invalid_grant";
        QTest::newRow("iat as a string") << "stringIat"
                                         << "invalid_grant";
        QTest::newRow("no scope") << "noScope"
                                  << "invalid_scope";
        QTest::newRow("two parts") << "twoParts"
                                   << "invalid_grant";
        QTest::newRow("padded base64") << "padded"
                                       << "invalid_grant";
    }

    void badGrantsAreRefused()
    {
        QFETCH(QString, what);
        QFETCH(QString, error);
        FakeGoogleCloud cloud;
        QTemporaryDir dir;
        const json key =
            json::parse(cloud.writeServiceAccountKey(dir.filePath("k.json").toStdString()));
        json header = defaultHeader(key);
        json claims = defaultClaims(key);
        json signingKey = key;
        const int64_t now = nowSeconds();
        std::string assertion;
        const std::string w = what.toStdString();
        if (w == "foreignKey") {
            // A key the fake made for another instance: same shape, another private key.
            FakeGoogleCloud other;
            signingKey =
                json::parse(other.writeServiceAccountKey(dir.filePath("o.json").toStdString()));
        } else if (w == "unknownKid") {
            header["kid"] = "0123456789abcdef";
        } else if (w == "algNone") {
            header["alg"] = "none";
        } else if (w == "hs256") {
            header["alg"] = "HS256";
        } else if (w == "otherIssuer") {
            claims["iss"] = "someone@else.iam.gserviceaccount.com";
        } else if (w == "googleAudience") {
            claims["aud"] = "https://oauth2.googleapis.com/token";
        } else if (w == "expired") {
            claims["iat"] = now - 4000;
            claims["exp"] = now - 400;
        } else if (w == "tooLong") {
            claims["exp"] = now + 3601;
        } else if (w == "future") {
            claims["iat"] = now + 1000;
            claims["exp"] = now + 2000;
        } else if (w == "backwards") {
            claims["exp"] = now - 10;
        } else if (w == "stringIat") {
            claims["iat"] = std::to_string(now);
        } else if (w == "noScope") {
            claims.erase("scope");
        }
        assertion = makeAssertion(signingKey, header, claims);
        if (w == "badSignature") {
            // The signature of other claims pasted onto these.
            json otherClaims = claims;
            otherClaims["scope"] = "https://www.googleapis.com/auth/devstorage.read_only";
            const std::string other = makeAssertion(key, header, otherClaims);
            assertion = assertion.substr(0, assertion.rfind('.')) + other.substr(other.rfind('.'));
        } else if (w == "twoParts") {
            assertion = assertion.substr(0, assertion.rfind('.'));
        } else if (w == "padded") {
            assertion += "==";
        }
        const auto answer = jwtGrant(cloud, assertion);
        QCOMPARE(answer.status, 400L);
        const json body = parsed(answer);
        QCOMPARE(body["error"].get<std::string>(), error.toStdString());
        QVERIFY(!body["error_description"].get<std::string>().empty());
        QVERIFY(!body.contains("access_token"));
    }

    void tokenEndpointRefusesOtherRequests()
    {
        FakeGoogleCloud cloud;
        const auto wrongType = postForm(cloud.tokenUri(), "grant_type=client_credentials");
        QCOMPARE(wrongType.status, 400L);
        QCOMPARE(js(parsed(wrongType)["error"]), QString("unsupported_grant_type"));
        HttpCall asJson;
        asJson.method = "POST";
        asJson.url = cloud.tokenUri();
        asJson.headers = {"Content-Type: application/json"};
        asJson.body = R"({"grant_type":"refresh_token"})";
        QCOMPARE(httpCall(asJson).status, 400L);
        HttpCall get;
        get.url = cloud.tokenUri();
        QCOMPARE(httpCall(get).status, 405L);
        const auto noAssertion = postForm(
            cloud.tokenUri(), "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
        QCOMPARE(noAssertion.status, 400L);
        QCOMPARE(js(parsed(noAssertion)["error"]), QString("invalid_request"));
    }

    void refreshTokenGrant()
    {
        FakeGoogleCloud cloud;
        QTemporaryDir dir;
        const json user =
            json::parse(cloud.writeAuthorizedUser(dir.filePath("adc.json").toStdString()));
        QCOMPARE(js(user["type"]), QString("authorized_user"));
        QCOMPARE(user["quota_project_id"].get<std::string>(), cloud.options().projectId);
        const auto form = [&](const std::string &id, const std::string &secret,
                              const std::string &refresh) {
            return "grant_type=refresh_token&client_id=" + percentEncode(id) +
                   "&client_secret=" + percentEncode(secret) +
                   "&refresh_token=" + percentEncode(refresh);
        };
        const std::string id = user["client_id"].get<std::string>();
        const std::string secret = user["client_secret"].get<std::string>();
        const std::string refresh = user["refresh_token"].get<std::string>();
        const auto ok = postForm(cloud.tokenUri(), form(id, secret, refresh));
        QCOMPARE(ok.status, 200L);
        QCOMPARE(js(parsed(ok)["token_type"]), QString("Bearer"));
        QCOMPARE(listBuckets(cloud, parsed(ok)["access_token"].get<std::string>()).status, 200L);

        const auto badSecret = postForm(cloud.tokenUri(), form(id, secret + "x", refresh));
        QCOMPARE(badSecret.status, 401L);
        QCOMPARE(js(parsed(badSecret)["error"]), QString("invalid_client"));
        const auto badClient = postForm(cloud.tokenUri(), form("x" + id, secret, refresh));
        QCOMPARE(badClient.status, 401L);
        QCOMPARE(js(parsed(badClient)["error"]), QString("invalid_client"));
        const auto badRefresh = postForm(cloud.tokenUri(), form(id, secret, refresh + "x"));
        QCOMPARE(badRefresh.status, 400L);
        QCOMPARE(js(parsed(badRefresh)["error"]), QString("invalid_grant"));
    }

    void tokensExpireAndAreRevoked()
    {
        FakeGoogleCloud cloud;
        const auto expired = listBuckets(cloud, cloud.issueToken(std::chrono::seconds(0)));
        QCOMPARE(expired.status, 401L);
        const json body = parsed(expired);
        QCOMPARE(body["error"]["code"].get<int>(), 401);
        QCOMPARE(js(body["error"]["status"]), QString("UNAUTHENTICATED"));
        QVERIFY(!body["error"]["message"].get<std::string>().empty());
        QVERIFY(expired.header("www-authenticate").starts_with("Bearer"));

        const auto missing = listBuckets(cloud, "");
        QCOMPARE(missing.status, 401L);
        QCOMPARE(js(parsed(missing)["error"]["status"]), QString("UNAUTHENTICATED"));
        QCOMPARE(listBuckets(cloud, "ya29.never-issued").status, 401L);

        const std::string shortLived = cloud.issueToken(std::chrono::seconds(1));
        QCOMPARE(listBuckets(cloud, shortLived).status, 200L);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        QCOMPARE(listBuckets(cloud, shortLived).status, 401L);

        const std::string token = cloud.issueToken();
        QCOMPARE(listBuckets(cloud, token).status, 200L);
        cloud.revokeAllTokens();
        QCOMPARE(listBuckets(cloud, token).status, 401L);
        QCOMPARE(listBuckets(cloud, cloud.issueToken()).status, 200L);

        const auto log = cloud.requests();
        QVERIFY(!log.empty());
        QCOMPARE(log.back().authorized, true);
        QCOMPARE(log.front().authorized, false);
    }

    void metadataServer()
    {
        FakeGoogleCloud cloud;
        cloud.setTokenLifetime(std::chrono::seconds(120));
        const std::string root = cloud.baseUrl() + "/computeMetadata/v1/";
        HttpCall call;
        call.url = root + "instance/service-accounts/default/token";
        const auto noHeader = httpCall(call);
        QCOMPARE(noHeader.status, 403L);
        QVERIFY(!noHeader.body.empty());
        call.headers = {"Metadata-Flavor: Google"};
        const auto token = httpCall(call);
        QCOMPARE(token.status, 200L);
        QCOMPARE(token.header("metadata-flavor"), "Google");
        const json body = parsed(token);
        QCOMPARE(js(body["token_type"]), QString("Bearer"));
        QCOMPARE(body["expires_in"].get<int>(), 120);
        QCOMPARE(listBuckets(cloud, body["access_token"].get<std::string>()).status, 200L);

        call.url = root + "project/project-id";
        const auto project = httpCall(call);
        QCOMPARE(project.status, 200L);
        QCOMPARE(project.body, cloud.options().projectId);
        call.url = root + "instance/service-accounts/default/email";
        QCOMPARE(httpCall(call).body, cloud.options().serviceAccountEmail);
        call.url = root;
        const auto listing = httpCall(call);
        QCOMPARE(listing.status, 200L);
        QVERIFY(listing.body.find("instance/") != std::string::npos);
        QCOMPARE(listing.header("metadata-flavor"), "Google");
        call.url = root + "instance/service-accounts/default/?recursive=true";
        QCOMPARE(parsed(httpCall(call))["email"].get<std::string>(),
                 cloud.options().serviceAccountEmail);
        call.url = root + "instance/service-accounts/nobody@x.com/token";
        QCOMPARE(httpCall(call).status, 404L);
        call.url = cloud.baseUrl() + "/";
        const auto ping = httpCall(call);
        QCOMPARE(ping.status, 200L);
        QCOMPARE(ping.header("metadata-flavor"), "Google");

        // Metadata requests need no token; the environment points clients here.
        bool found = false;
        for (const auto &[name, value] : cloud.environment())
            if (name == "GCE_METADATA_HOST") {
                found = true;
                QCOMPARE(value, "127.0.0.1:" + std::to_string(cloud.port()));
            }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudOAuth)
#include "tst_fakecloud_oauth.moc"
