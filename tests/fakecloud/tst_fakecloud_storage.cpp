// Tests of the fake Cloud Storage JSON API: uploads of all three kinds, metadata, ranged
// downloads, listing with prefixes and pages, deletes, preconditions and errors, as a client
// written against the real service sees them.
#include <QTest>

#include <nlohmann/json.hpp>

#include "fakegooglecloud.h"
#include "server/encoding.h"
#include "storage/objecthashes.h"
#include "testhttp.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;
using nlohmann::json;

namespace {

constexpr int64_t kUnit = 256 * 1024;

QString js(const json &value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

json parsed(const HttpResult &r)
{
    return json::parse(r.body, nullptr, false);
}

/// Deterministic bytes that differ at every offset's neighbourhood (so a wrong offset shows).
std::string pattern(size_t size, unsigned seed = 7)
{
    std::string out(size, '\0');
    uint32_t x = seed;
    for (auto &c : out) {
        x = x * 1103515245u + 12345u;
        c = char(x >> 16);
    }
    return out;
}

class Client
{
public:
    explicit Client(FakeGoogleCloud &cloud) : m_cloud(cloud), m_token(cloud.issueToken()) {}

    HttpResult call(std::string method, const std::string &pathAndQuery,
                    std::vector<std::string> headers = {}, std::string body = {},
                    bool sendBody = false)
    {
        HttpCall c;
        c.method = std::move(method);
        c.url = pathAndQuery.starts_with("http") ? pathAndQuery : m_cloud.baseUrl() + pathAndQuery;
        c.headers = std::move(headers);
        c.body = std::move(body);
        c.sendBody = sendBody;
        c.bearer = m_token;
        return httpCall(c);
    }
    HttpResult media(const std::string &bucket, const std::string &name, const std::string &data,
                     const std::string &extraQuery = {})
    {
        return call("POST",
                    "/upload/storage/v1/b/" + bucket +
                        "/o?uploadType=media&name=" + percentEncode(name) + extraQuery,
                    {"Content-Type: text/csv"}, data, true);
    }
    /// Starts a resumable upload; the session URI, or "" on failure.
    std::string startResumable(const std::string &bucket, const std::string &name,
                               const std::string &query = {})
    {
        const auto r = call(
            "POST", "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable" + query,
            {"Content-Type: application/json; charset=UTF-8", "X-Upload-Content-Type: text/csv"},
            json{{"name", name}}.dump());
        return r.status == 200 ? r.header("location") : std::string();
    }
    const std::string &token() const { return m_token; }

private:
    FakeGoogleCloud &m_cloud;
    std::string m_token;
};

std::string contentRange(int64_t first, int64_t last, const std::string &total)
{
    return "Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
           total;
}

}  // namespace

class TestFakeCloudStorage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { curl_global_init(CURL_GLOBAL_DEFAULT); }

    void hashesAreGoogles()
    {
        // The CRC-32C check value (RFC 3720 B.4) and MD5 of "hello", base64 as GCS writes them.
        QCOMPARE(crc32c("123456789"), 0xE3069283u);
        QCOMPARE(crc32cBase64("123456789"), std::string("4waSgw=="));
        QCOMPARE(md5Base64("hello"), std::string("XUFAKrxLKna5cZ2REBfFkg=="));
        QCOMPARE(crc32cBase64(""), std::string("AAAAAA=="));
    }

    void mediaUploadMetadataAndDownload()
    {
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        Client client(cloud);
        const std::string data = "a,b\n1,2\n";
        const auto put = client.media("bkt", "dir/data.csv", data);
        QCOMPARE(put.status, 200L);
        const json object = parsed(put);
        QCOMPARE(js(object["kind"]), QString("storage#object"));
        QCOMPARE(js(object["name"]), QString("dir/data.csv"));
        QCOMPARE(js(object["bucket"]), QString("bkt"));
        QVERIFY(object["size"].is_string());
        QCOMPARE(js(object["size"]), QString("8"));
        QVERIFY(object["generation"].is_string());
        QCOMPARE(js(object["metageneration"]), QString("1"));
        QCOMPARE(js(object["contentType"]), QString("text/csv"));
        QCOMPARE(object["md5Hash"].get<std::string>(), md5Base64(data));
        QCOMPARE(object["crc32c"].get<std::string>(), crc32cBase64(data));
        QVERIFY(object["timeCreated"].get<std::string>().ends_with("Z"));
        QVERIFY(object.contains("updated"));
        QCOMPARE(cloud.objectData("bkt", "dir/data.csv"), std::optional<std::string>(data));

        // The name travels escaped in paths: a%2Fb is the object "a/b".
        const auto meta = client.call("GET", "/storage/v1/b/bkt/o/dir%2Fdata.csv");
        QCOMPARE(meta.status, 200L);
        QVERIFY(parsed(meta) == object);
        const auto media = client.call("GET", "/storage/v1/b/bkt/o/dir%2Fdata.csv?alt=media");
        QCOMPARE(media.status, 200L);
        QCOMPARE(media.body, data);
        QCOMPARE(media.header("x-goog-hash"),
                 "crc32c=" + crc32cBase64(data) + ",md5=" + md5Base64(data));
        QCOMPARE(media.header("content-type"), std::string("text/csv"));
        QCOMPARE(media.header("x-goog-generation"), object["generation"].get<std::string>());
        // The mediaLink of the resource is a working download URL on the fake.
        const auto viaLink = client.call("GET", object["mediaLink"].get<std::string>());
        QCOMPARE(viaLink.status, 200L);
        QCOMPARE(viaLink.body, data);
        const auto download =
            client.call("GET", "/download/storage/v1/b/bkt/o/dir%2Fdata.csv?alt=media");
        QCOMPARE(download.body, data);

        // Missing things get Google's error body.
        const auto noObject = client.call("GET", "/storage/v1/b/bkt/o/nothing");
        QCOMPARE(noObject.status, 404L);
        QCOMPARE(parsed(noObject)["error"]["code"].get<int>(), 404);
        QVERIFY(!parsed(noObject)["error"]["message"].get<std::string>().empty());
        QCOMPARE(client.call("GET", "/storage/v1/b/nobucket/o/x").status, 404L);
        QCOMPARE(client.media("nobucket", "x", "1").status, 404L);
        // Without a token nothing is served.
        HttpCall anonymous;
        anonymous.url = cloud.baseUrl() + "/storage/v1/b/bkt/o/dir%2Fdata.csv?alt=media";
        const auto refused = httpCall(anonymous);
        QCOMPARE(refused.status, 401L);
        QVERIFY(refused.body.find(data) == std::string::npos);
    }

    void rangedDownloads()
    {
        FakeGoogleCloud cloud;
        const std::string data = pattern(1000);
        cloud.putObject("bkt", "blob", data);
        Client client(cloud);
        const auto get = [&](const std::string &range) {
            return client.call("GET", "/storage/v1/b/bkt/o/blob?alt=media", {"Range: " + range});
        };
        const auto middle = get("bytes=100-199");
        QCOMPARE(middle.status, 206L);
        QCOMPARE(middle.body, data.substr(100, 100));
        QCOMPARE(middle.header("content-range"), std::string("bytes 100-199/1000"));
        // The hashes are the whole object's, so a client can check what it assembles.
        QCOMPARE(middle.header("x-goog-hash"),
                 "crc32c=" + crc32cBase64(data) + ",md5=" + md5Base64(data));
        const auto open = get("bytes=900-");
        QCOMPARE(open.status, 206L);
        QCOMPARE(open.body, data.substr(900));
        const auto suffix = get("bytes=-10");
        QCOMPARE(suffix.status, 206L);
        QCOMPARE(suffix.body, data.substr(990));
        const auto pastEnd = get("bytes=990-5000");
        QCOMPARE(pastEnd.status, 206L);
        QCOMPARE(pastEnd.header("content-range"), std::string("bytes 990-999/1000"));
        const auto unsatisfiable = get("bytes=1000-");
        QCOMPARE(unsatisfiable.status, 416L);
        QCOMPARE(unsatisfiable.header("content-range"), std::string("bytes */1000"));
        const auto garbage = get("lines=1-2");
        QCOMPARE(garbage.status, 200L);
        QCOMPARE(garbage.body, data);
    }

    void multipartUpload()
    {
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        Client client(cloud);
        const std::string data = pattern(5000);
        const auto body = [&](const std::string &metadata, const std::string &lineEnd) {
            return "--XyZ" + lineEnd + "Content-Type: application/json; charset=UTF-8" + lineEnd +
                   lineEnd + metadata + lineEnd + "--XyZ" + lineEnd +
                   "Content-Type: application/octet-stream" + lineEnd + lineEnd + data + lineEnd +
                   "--XyZ--" + lineEnd;
        };
        const json metadata = {{"name", "m/one.bin"},
                               {"contentType", "application/x-model"},
                               {"metadata", {{"run", "7"}}},
                               {"crc32c", crc32cBase64(data)},
                               {"md5Hash", md5Base64(data)}};
        const auto put = client.call("POST", "/upload/storage/v1/b/bkt/o?uploadType=multipart",
                                     {"Content-Type: multipart/related; boundary=XyZ"},
                                     body(metadata.dump(), "\r\n"));
        QCOMPARE(put.status, 200L);
        const json object = parsed(put);
        QCOMPARE(js(object["contentType"]), QString("application/x-model"));
        QCOMPARE(js(object["metadata"]["run"]), QString("7"));
        QCOMPARE(cloud.objectData("bkt", "m/one.bin"), std::optional<std::string>(data));

        // gcloud (Python's email package) quotes the boundary with ' and ends lines with LF.
        const auto lf = client.call("POST", "/upload/storage/v1/b/bkt/o?uploadType=multipart",
                                    {"Content-Type: multipart/related; boundary='XyZ'"},
                                    body(json{{"name", "m/two.bin"}}.dump(), "\n"));
        QCOMPARE(lf.status, 200L);
        QCOMPARE(cloud.objectData("bkt", "m/two.bin"), std::optional<std::string>(data));

        const auto badJson = client.call("POST", "/upload/storage/v1/b/bkt/o?uploadType=multipart",
                                         {"Content-Type: multipart/related; boundary=XyZ"},
                                         body("{\"name\": \"m/three.bin\",", "\r\n"));
        QCOMPARE(badJson.status, 400L);
        QVERIFY(!cloud.objectData("bkt", "m/three.bin"));
        const auto badType = client.call("POST", "/upload/storage/v1/b/bkt/o?uploadType=multipart",
                                         {"Content-Type: multipart/related; boundary=XyZ"},
                                         body(R"({"name": "m/four.bin", "metadata": 5})", "\r\n"));
        QCOMPARE(badType.status, 400L);
        json wrongHash = metadata;
        wrongHash["name"] = "m/five.bin";
        wrongHash["crc32c"] = crc32cBase64("other");
        const auto mismatch = client.call("POST", "/upload/storage/v1/b/bkt/o?uploadType=multipart",
                                          {"Content-Type: multipart/related; boundary=XyZ"},
                                          body(wrongHash.dump(), "\r\n"));
        QCOMPARE(mismatch.status, 400L);
        QVERIFY(!cloud.objectData("bkt", "m/five.bin"));
        QCOMPARE(client
                     .call("POST", "/upload/storage/v1/b/bkt/o?uploadType=other&name=x",
                           {"Content-Type: text/plain"}, "1")
                     .status,
                 400L);
    }

    void resumableUploadInChunks()
    {
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        Client client(cloud);
        const std::string data = pattern(size_t(2 * kUnit + 1000));
        const std::string session = client.startResumable("bkt", "big.csv");
        QVERIFY(session.find("upload_id=") != std::string::npos);
        QVERIFY(session.starts_with(cloud.baseUrl() + "/upload/storage/v1/b/bkt/o?"));

        // Nothing persisted yet: 308 without a Range header.
        const auto empty = client.call("PUT", session, {"Content-Range: bytes */*"}, {}, true);
        QCOMPARE(empty.status, 308L);
        QVERIFY(!empty.hasHeader("range"));

        const auto first = client.call("PUT", session, {contentRange(0, kUnit - 1, "*")},
                                       data.substr(0, size_t(kUnit)));
        QCOMPARE(first.status, 308L);
        QCOMPARE(first.header("range"), "bytes=0-" + std::to_string(kUnit - 1));
        // A chunk that is not a whole number of 256 KiB units persists only the whole units.
        const auto ragged = client.call("PUT", session, {contentRange(kUnit, kUnit + 1000, "*")},
                                        data.substr(size_t(kUnit), 1001));
        QCOMPARE(ragged.status, 308L);
        QCOMPARE(ragged.header("range"), "bytes=0-" + std::to_string(kUnit - 1));
        // A gap is refused.
        const auto gap = client.call("PUT", session, {contentRange(2 * kUnit, 2 * kUnit + 9, "*")},
                                     data.substr(size_t(2 * kUnit), 10));
        QCOMPARE(gap.status, 400L);
        // The rest, with the total: the object is made and returned.
        const std::string total = std::to_string(data.size());
        const auto last =
            client.call("PUT", session, {contentRange(kUnit, int64_t(data.size()) - 1, total)},
                        data.substr(size_t(kUnit)));
        QCOMPARE(last.status, 200L);
        const json object = parsed(last);
        QCOMPARE(js(object["size"]), QString::fromStdString(total));
        QCOMPARE(js(object["contentType"]), QString("text/csv"));
        QCOMPARE(object["crc32c"].get<std::string>(), crc32cBase64(data));
        QCOMPARE(cloud.objectData("bkt", "big.csv"), std::optional<std::string>(data));
        // Asking again after the end gives the object again.
        const auto again =
            client.call("PUT", session, {"Content-Range: bytes */" + total}, {}, true);
        QCOMPARE(again.status, 200L);
        QVERIFY(parsed(again)["generation"] == object["generation"]);

        // A cancelled session is gone.
        const std::string other = client.startResumable("bkt", "cancelled.csv");
        QCOMPARE(client.call("DELETE", other).status, 499L);
        QCOMPARE(client.call("PUT", other, {"Content-Range: bytes */*"}, {}, true).status, 404L);
        QCOMPARE(client
                     .call("PUT",
                           cloud.baseUrl() +
                               "/upload/storage/v1/b/bkt/o?uploadType=resumable&upload_id=nope",
                           {"Content-Range: bytes */*"}, {}, true)
                     .status,
                 404L);
    }

    void resumableUploadResumesAfterADrop()
    {
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        Client client(cloud);
        const std::string data = pattern(size_t(3 * kUnit + 500), 11);
        const std::string session = client.startResumable("bkt", "resumed.bin");
        const std::string total = std::to_string(data.size());
        // The connection drops after 2.5 units of the single whole-object PUT arrived.
        FaultRule drop;
        drop.method = "PUT";
        drop.pathRegex = "^/upload/storage/v1/b/bkt/o$";
        drop.dropAfterBodyBytes = 2 * kUnit + kUnit / 2;
        cloud.addFault(drop);
        const auto cut =
            client.call("PUT", session, {contentRange(0, int64_t(data.size()) - 1, total)}, data);
        QVERIFY(cut.code != CURLE_OK);
        QCOMPARE(cut.status, 0L);
        QVERIFY(!cloud.objectData("bkt", "resumed.bin"));

        // The status query says what persisted: the two whole units that arrived.
        const auto status =
            client.call("PUT", session, {"Content-Range: bytes */" + total}, {}, true);
        QCOMPARE(status.status, 308L);
        QCOMPARE(status.header("range"), "bytes=0-" + std::to_string(2 * kUnit - 1));
        const auto rest =
            client.call("PUT", session, {contentRange(2 * kUnit, int64_t(data.size()) - 1, total)},
                        data.substr(size_t(2 * kUnit)));
        QCOMPARE(rest.status, 200L);
        QCOMPARE(cloud.objectData("bkt", "resumed.bin"), std::optional<std::string>(data));
        // The log shows the cut request as unanswered with the bytes that arrived.
        bool sawCut = false;
        for (const auto &entry : cloud.requests())
            sawCut = sawCut || (entry.method == "PUT" && entry.status == 0 &&
                                entry.bodyBytes == 2 * kUnit + kUnit / 2);
        QVERIFY(sawCut);
    }

    void resumedChunkOverlapsWhatPersisted()
    {
        // A client that lost the answer sends a chunk again from an earlier offset: the bytes
        // already held are skipped, not doubled.
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        Client client(cloud);
        const std::string data = pattern(size_t(2 * kUnit), 3);
        const std::string session = client.startResumable("bkt", "twice.bin");
        QCOMPARE(client
                     .call("PUT", session, {contentRange(0, kUnit - 1, "*")},
                           data.substr(0, size_t(kUnit)))
                     .status,
                 308L);
        const auto whole = client.call(
            "PUT", session, {contentRange(0, 2 * kUnit - 1, std::to_string(2 * kUnit))}, data);
        QCOMPARE(whole.status, 200L);
        QCOMPARE(cloud.objectData("bkt", "twice.bin"), std::optional<std::string>(data));
    }

    void preconditions()
    {
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        Client client(cloud);
        QCOMPARE(client.media("bkt", "once", "1", "&ifGenerationMatch=0").status, 200L);
        const auto second = client.media("bkt", "once", "2", "&ifGenerationMatch=0");
        QCOMPARE(second.status, 412L);
        QCOMPARE(parsed(second)["error"]["code"].get<int>(), 412);
        QCOMPARE(cloud.objectData("bkt", "once"), std::optional<std::string>("1"));
        const std::string generation =
            parsed(client.call("GET", "/storage/v1/b/bkt/o/once"))["generation"].get<std::string>();
        QCOMPARE(client.media("bkt", "once", "3", "&ifGenerationMatch=" + generation).status, 200L);
        QCOMPARE(client.media("bkt", "once", "4", "&ifGenerationMatch=" + generation).status, 412L);
        QCOMPARE(cloud.objectData("bkt", "once"), std::optional<std::string>("3"));
        QCOMPARE(client.media("bkt", "once", "5", "&ifGenerationMatch=abc").status, 400L);
        // A resumable upload checks the precondition when it finishes.
        const std::string session = client.startResumable("bkt", "once", "&ifGenerationMatch=0");
        QCOMPARE(client.call("PUT", session, {"Content-Range: bytes 0-0/1"}, "6").status, 412L);
        QCOMPARE(cloud.objectData("bkt", "once"), std::optional<std::string>("3"));
    }

    void listingWithPrefixesAndPages()
    {
        FakeGoogleCloud cloud;
        for (const char *name : {"a/1", "a/2", "a/b/3", "b/4", "c", "d", "e/"})
            cloud.putObject("bkt", name, name);
        Client client(cloud);
        const auto list = [&](const std::string &query) {
            return parsed(client.call("GET", "/storage/v1/b/bkt/o" + query));
        };
        const auto names = [](const json &page) {
            std::vector<std::string> out;
            for (const auto &item : page.value("items", json::array()))
                out.push_back(item["name"].get<std::string>());
            return out;
        };
        const json all = list("");
        QCOMPARE(js(all["kind"]), QString("storage#objects"));
        QCOMPARE(names(all).size(), size_t(7));
        QVERIFY(!all.contains("nextPageToken"));

        const json top = list("?delimiter=%2F");
        QCOMPARE(names(top), (std::vector<std::string>{"c", "d"}));
        QVERIFY(top["prefixes"] == json({"a/", "b/", "e/"}));
        const json underA = list("?delimiter=%2F&prefix=a%2F");
        QCOMPARE(names(underA), (std::vector<std::string>{"a/1", "a/2"}));
        QVERIFY(underA["prefixes"] == json({"a/b/"}));
        QVERIFY(!list("?prefix=zzz").contains("items"));

        // Pages of two, following nextPageToken, give everything once in order.
        std::vector<std::string> seen;
        std::string token;
        int pages = 0;
        do {
            const json page =
                list("?maxResults=2" + (token.empty() ? "" : "&pageToken=" + percentEncode(token)));
            const auto got = names(page);
            QVERIFY(got.size() <= 2);
            seen.insert(seen.end(), got.begin(), got.end());
            token = page.value("nextPageToken", "");
            ++pages;
        } while (!token.empty() && pages < 10);
        QCOMPARE(pages, 4);
        QCOMPARE(seen, (std::vector<std::string>{"a/1", "a/2", "a/b/3", "b/4", "c", "d", "e/"}));

        // Prefixes count toward maxResults and are never repeated on the next page.
        const json first = list("?delimiter=%2F&maxResults=2");
        QVERIFY(first["prefixes"] == json({"a/", "b/"}));
        const json second = list("?delimiter=%2F&maxResults=2&pageToken=" +
                                 percentEncode(first["nextPageToken"].get<std::string>()));
        QCOMPARE(names(second), (std::vector<std::string>{"c", "d"}));
        const json third = list("?delimiter=%2F&maxResults=2&pageToken=" +
                                percentEncode(second["nextPageToken"].get<std::string>()));
        QVERIFY(third["prefixes"] == json({"e/"}));
        QVERIFY(!third.contains("nextPageToken"));

        QCOMPARE(client.call("GET", "/storage/v1/b/bkt/o?pageToken=garbage!").status, 400L);
        QCOMPARE(client.call("GET", "/storage/v1/b/bkt/o?maxResults=0").status, 400L);
        QCOMPARE(client.call("GET", "/storage/v1/b/none/o").status, 404L);
    }

    void deleteAndBuckets()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "x/y", "1");
        Client client(cloud);
        const auto removed = client.call("DELETE", "/storage/v1/b/bkt/o/x%2Fy");
        QCOMPARE(removed.status, 204L);
        QVERIFY(removed.body.empty());
        QVERIFY(!cloud.objectData("bkt", "x/y"));
        QCOMPARE(client.call("DELETE", "/storage/v1/b/bkt/o/x%2Fy").status, 404L);

        const auto bucket = client.call("GET", "/storage/v1/b/bkt");
        QCOMPARE(bucket.status, 200L);
        QCOMPARE(js(parsed(bucket)["name"]), QString("bkt"));
        QCOMPARE(client.call("GET", "/storage/v1/b/other").status, 404L);
        const auto created = client.call("POST", "/storage/v1/b?project=fake-project",
                                         {"Content-Type: application/json"}, R"({"name":"new"})");
        QCOMPARE(created.status, 200L);
        QCOMPARE(client
                     .call("POST", "/storage/v1/b?project=fake-project",
                           {"Content-Type: application/json"}, R"({"name":"new"})")
                     .status,
                 409L);
        const json buckets = parsed(client.call("GET", "/storage/v1/b?project=fake-project"));
        QCOMPARE(buckets["items"].size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudStorage)
#include "tst_fakecloud_storage.moc"
