// The Cloud Storage client against the fake: uploads small and resumable (resumed after a
// dropped connection), downloads resumed with Range and verified by CRC32C, listing pages,
// deletes, and what a user sees when something is missing or damaged.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <random>
#include <thread>

#include "api/apiclient.h"
#include "base/text.h"
#include "fakegooglecloud.h"
#include "storage/gcsclient.h"
#include "storage/objecthash.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::fakecloud::FakeGoogleCloud;
using covertype::fakecloud::FaultRule;
using namespace std::chrono_literals;

namespace {

std::string randomBytes(size_t n, unsigned seed)
{
    std::mt19937 random(seed);
    std::string s(n, '\0');
    for (char &c : s)
        c = char(random());
    return s;
}

struct Fixture
{
    FakeGoogleCloud fake;
    QTemporaryDir dir;
    std::shared_ptr<TokenProvider> tokens;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<GcsClient> gcs;

    explicit Fixture(std::stop_token stop = {})
    {
        fake.createBucket("bucket");
        const std::string key = dir.filePath("key.json").toStdString();
        fake.writeServiceAccountKey(key);
        tokens = std::make_shared<TokenProvider>(std::move(*credentialsFromFile(key)));
        RetryPolicy policy;
        policy.initialDelay = 10ms;
        policy.maxDelay = 100ms;
        policy.maxAttempts = 6;
        api = std::make_unique<ApiClient>(tokens, policy, stop);
        gcs = std::make_unique<GcsClient>(*api, fake.baseUrl() + "/");
    }
    std::string path(const char *name) const { return dir.filePath(name).toStdString(); }
    void writeLocal(const char *name, const std::string &data) const
    {
        QFile f(QString::fromStdString(path(name)));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(data.data(), qint64(data.size())), qint64(data.size()));
    }
    std::string readLocal(const char *name) const
    {
        QFile f(QString::fromStdString(path(name)));
        return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string("<missing>");
    }
    size_t requestsTo(const std::string &prefix) const
    {
        size_t n = 0;
        for (const auto &r : fake.requests())
            n += r.target.starts_with(prefix);
        return n;
    }
};

GcsTransferOptions smallChunks()
{
    GcsTransferOptions options;
    options.resumableThreshold = 1 << 20;
    options.chunkBytes = 256 << 10;
    return options;
}

const char *msg(const auto &e)
{
    return e ? "" : e.error().message.c_str();
}

}  // namespace

class TestGcsClient : public QObject
{
    Q_OBJECT

private slots:
    void crc32cVectors()
    {
        // RFC 3720 B.4 and the usual check value.
        QCOMPARE(crc32c("123456789"), 0xE3069283u);
        QCOMPARE(crc32c(std::string(32, '\0')), 0x8A9136AAu);
        QCOMPARE(crc32c(std::string(32, '\xff')), 0x62A8AB43u);
        ObjectHasher h;
        h.update("1234");
        h.update("56789");
        QCOMPARE(h.crc32cBase64(), std::string("4waSgw=="));
        QCOMPARE(h.md5Base64(), std::string("JfnnlDI7RTiF9RgfG2JNCw=="));
    }

    void smallRoundTrip()
    {
        Fixture f;
        const std::string data = "Elevation,Cover_Type\n2596,5\n";
        f.writeLocal("data.csv", data);
        GcsTransferOptions options;
        options.contentType = "text/csv";
        auto up = f.gcs->uploadFile(f.path("data.csv"), {"bucket", "datasets/training/data.csv"},
                                    options);
        QVERIFY2(up.has_value(), msg(up));
        QCOMPARE(up->size, int64_t(data.size()));
        QCOMPARE(up->contentType, std::string("text/csv"));
        QCOMPARE(f.fake.objectData("bucket", "datasets/training/data.csv").value_or(""), data);
        QCOMPARE(f.requestsTo("/upload/storage/v1/b/bucket/o?uploadType=multipart"), size_t(1));

        auto down =
            f.gcs->downloadFile({"bucket", "datasets/training/data.csv"}, f.path("copy.csv"));
        QVERIFY2(down.has_value(), msg(down));
        QCOMPARE(f.readLocal("copy.csv"), data);
        QCOMPARE(*f.gcs->downloadData({"bucket", "datasets/training/data.csv"}), data);
        auto stat = f.gcs->stat({"bucket", "datasets/training/data.csv"});
        QVERIFY(stat.has_value());
        QCOMPARE(stat->crc32c, up->crc32c);
    }

    void emptyObject()
    {
        Fixture f;
        auto up = f.gcs->uploadData("", {"bucket", "empty"});
        QVERIFY2(up.has_value(), msg(up));
        auto down = f.gcs->downloadFile({"bucket", "empty"}, f.path("empty"));
        QVERIFY2(down.has_value(), msg(down));
        QCOMPARE(f.readLocal("empty"), std::string());
    }

    void resumableUpload()
    {
        Fixture f;
        const std::string data = randomBytes(3 * (1 << 20) + 12345, 1);
        f.writeLocal("big.bin", data);
        std::vector<int64_t> progress;
        GcsTransferOptions options = smallChunks();
        options.progress = [&progress](int64_t done, int64_t) {
            progress.push_back(done);
            return true;
        };
        auto up = f.gcs->uploadFile(f.path("big.bin"), {"bucket", "big.bin"}, options);
        QVERIFY2(up.has_value(), msg(up));
        QCOMPARE(f.fake.objectData("bucket", "big.bin").value_or("").size(), data.size());
        QVERIFY(f.fake.objectData("bucket", "big.bin") == data);
        QVERIFY(f.requestsTo("/upload/storage/v1/b/bucket/o?uploadType=resumable") >= 13);
        QVERIFY(!progress.empty());
        QCOMPARE(progress.back(), int64_t(data.size()));
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    }

    /// The connection drops in the middle of a chunk: the client asks what arrived and goes on
    /// from there; the object is whole and nothing was sent from the start again.
    void resumableUploadSurvivesADrop()
    {
        Fixture f;
        const std::string data = randomBytes(2 * (1 << 20) + 777, 2);
        FaultRule drop;
        drop.method = "PUT";
        drop.pathRegex = "^/upload/storage/v1/b/bucket/o";
        drop.dropAfterBodyBytes = 100'000;
        drop.times = 2;
        f.fake.addFault(drop);
        FaultRule busy;
        busy.method = "PUT";
        busy.pathRegex = "^/upload/storage/v1/b/bucket/o";
        busy.status = 503;
        f.fake.addFault(busy);
        auto up = f.gcs->uploadData(data, {"bucket", "dropped.bin"}, smallChunks());
        QVERIFY2(up.has_value(), msg(up));
        QVERIFY(f.fake.objectData("bucket", "dropped.bin") == data);
        int64_t sent = 0;
        int dropped = 0, refused = 0;
        for (const auto &r : f.fake.requests())
            if (r.method == "PUT") {
                sent += r.bodyBytes;
                dropped += r.status == 0;
                refused += r.status == 503;
            }
        QCOMPARE(dropped, 2);
        QCOMPARE(refused, 1);
        // At most the dropped pieces again, never the whole object twice.
        QVERIFY2(sent < int64_t(data.size()) + 3 * (256 << 10), qPrintable(QString::number(sent)));
    }

    void downloadResumesWithRange()
    {
        Fixture f;
        const std::string data = randomBytes(600'000, 3);
        f.fake.putObject("bucket", "model/model.json", data);
        FaultRule drop;
        drop.method = "GET";
        drop.pathRegex = "^/download/storage/v1/b/bucket/o/model%2Fmodel.json$";
        drop.dropConnection = true;
        f.fake.addFault(drop);
        FaultRule busy = drop;
        busy.dropConnection = false;
        busy.status = 503;
        f.fake.addFault(busy);
        auto down = f.gcs->downloadFile({"bucket", "model/model.json"}, f.path("model.json"));
        QVERIFY2(down.has_value(), msg(down));
        QVERIFY(f.readLocal("model.json") == data);
        QCOMPARE(f.requestsTo("/download/storage/v1/b/bucket/o/model%2Fmodel.json"), size_t(3));
    }

    /// Bytes that do not match the object's CRC32C are refused and the old local file stays.
    void damagedDownloadKeepsTheOldFile()
    {
        Fixture f;
        f.fake.putObject("bucket", "o", "the real object");
        f.writeLocal("o", "old contents");
        FaultRule damaged;
        damaged.method = "GET";
        damaged.pathRegex = "^/download/storage/v1/b/bucket/o/o$";
        damaged.rawBody = "the real 0bject";
        f.fake.addFault(damaged);
        auto down = f.gcs->downloadFile({"bucket", "o"}, f.path("o"));
        QVERIFY(!down.has_value());
        QCOMPARE(down.error().code, ErrorCode::Corrupt);
        QVERIFY2(down.error().message.find("does not match") != std::string::npos,
                 down.error().message.c_str());
        QCOMPARE(f.readLocal("o"), std::string("old contents"));
    }

    void listPagesAndPrefixes()
    {
        Fixture f;
        for (int i = 0; i < 1203; ++i)
            f.fake.putObject("bucket", cat("runs/r1/trial_", i, ".json"), "{}");
        f.fake.putObject("bucket", "runs/r2/model.json", "{}");
        f.fake.putObject("bucket", "runs/readme.txt", "x");
        auto all = f.gcs->list({"bucket", "runs/"}, true);
        QVERIFY2(all.has_value(), msg(all));
        QCOMPARE(all->objects.size(), size_t(1205));
        auto top = f.gcs->list({"bucket", "runs/"}, false);
        QVERIFY(top.has_value());
        QCOMPARE(top->objects.size(), size_t(1));
        QCOMPARE(top->objects[0].name, std::string("runs/readme.txt"));
        QCOMPARE(top->prefixes, (std::vector<std::string>{"runs/r1/", "runs/r2/"}));
    }

    void removeAndMissing()
    {
        Fixture f;
        f.fake.putObject("bucket", "a b/c.csv", "x");
        QVERIFY(f.gcs->remove({"bucket", "a b/c.csv"}).has_value());
        QVERIFY(!f.fake.objectData("bucket", "a b/c.csv").has_value());
        auto again = f.gcs->remove({"bucket", "a b/c.csv"});
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::NotFound);
        QCOMPARE(again.error().message, std::string("gs://bucket/a b/c.csv: no such object"));
        auto down = f.gcs->downloadFile({"bucket", "nothing"}, f.path("nothing"));
        QVERIFY(!down.has_value());
        QCOMPARE(down.error().code, ErrorCode::NotFound);
        auto list = f.gcs->list({"no-such-bucket", ""});
        QVERIFY(!list.has_value());
        QVERIFY2(list.error().message.find("no-such-bucket") != std::string::npos,
                 list.error().message.c_str());
    }

    void cancelStopsAnUpload()
    {
        std::stop_source stop;
        Fixture f(stop.get_token());
        FaultRule slow;
        slow.method = "PUT";
        slow.pathRegex = "^/upload/";
        slow.delayMs = 5000;
        slow.times = 100;
        f.fake.addFault(slow);
        const std::string data = randomBytes(2 << 20, 4);
        std::jthread canceller([&stop] {
            std::this_thread::sleep_for(300ms);
            stop.request_stop();
        });
        const auto start = std::chrono::steady_clock::now();
        auto up = f.gcs->uploadData(data, {"bucket", "x"}, smallChunks());
        QVERIFY(!up.has_value());
        QCOMPARE(up.error().code, ErrorCode::Cancelled);
        QVERIFY(std::chrono::steady_clock::now() - start < 3s);
        QVERIFY(!f.fake.objectData("bucket", "x").has_value());
    }
};

QTEST_GUILESS_MAIN(TestGcsClient)
#include "tst_gcsclient.moc"
