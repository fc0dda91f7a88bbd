// Tests for the libcurl dataset downloader against a fake server on 127.0.0.1: streaming into the
// cache, SHA-256 sidecars, cache hits without requests, damaged caches, HTTP errors, pinned
// checksums, redirects, cancellation and stalled transfers.
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "download/curldownloader.h"
#include "fakehttpserver.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::test::FakeHttpServer;
using covertype::test::FakeReply;
using covertype::test::FakeRequest;

namespace {

const char *message(const Expected<DownloadResult> &r)
{
    return r ? "" : r.error().message.c_str();
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

/// Bytes that do not repeat (xorshift), the same for the same seed.
QByteArray payload(qsizetype size, uint32_t seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    uint32_t x = seed * 2654435761u + 1;
    for (qsizetype i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes[i] = char(x & 0xff);
    }
    return bytes;
}

std::string sha256Of(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

FakeReply fileReply(const QByteArray &body, qsizetype chunkBytes = 0, int chunkIntervalMs = 0)
{
    FakeReply reply{200, body, "application/zip"};
    reply.chunkBytes = chunkBytes;
    reply.chunkIntervalMs = chunkIntervalMs;
    return reply;
}

using ProgressCalls = std::vector<std::pair<int64_t, int64_t>>;

/// A callback recording every call and never cancelling.
DownloadProgress recordTo(ProgressCalls &calls)
{
    return [&calls](int64_t received, int64_t expected) {
        calls.emplace_back(received, expected);
        return true;
    };
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

enum class Damage { FlipByte, Truncate, Append, WrongSidecar, NoSidecar, GarbageSidecar };

}  // namespace

Q_DECLARE_METATYPE(Damage)
Q_DECLARE_METATYPE(covertype::ErrorCode)

class TestCurlDownloader : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;

    /// Not created beforehand: the downloader makes it.
    [[nodiscard]] QString cacheDir() const { return m_tmp->filePath("cache/datasets"); }
    [[nodiscard]] QString cached() const { return cacheDir() + "/covertype.zip"; }
    [[nodiscard]] QString sidecar() const { return cached() + ".sha256"; }
    [[nodiscard]] QString part() const { return cached() + ".part"; }

    [[nodiscard]] DownloadRequest request(const FakeHttpServer &server, const QString &path,
                                          std::string pinned = {}) const
    {
        DownloadRequest r;
        r.url = server.url(path).toStdString();
        r.cacheDir = cacheDir().toStdString();
        r.fileName = "covertype.zip";
        r.expectedSha256 = std::move(pinned);
        return r;
    }

    /// Puts a good copy of `bytes` (with its sidecar) into the cache.
    void seedCache(const QByteArray &bytes)
    {
        FakeHttpServer seed([&](const FakeRequest &) { return fileReply(bytes); });
        const auto r = CurlDownloader().download(request(seed, "/seed"), {});
        QVERIFY2(r.has_value(), message(r));
        QCOMPARE(readAll(cached()), bytes);
    }

    /// The cache holds exactly `bytes` with a matching sidecar and no .part file.
    void verifyCacheHolds(const QByteArray &bytes)
    {
        QCOMPARE(readAll(cached()), bytes);
        QCOMPARE(readAll(sidecar()),
                 QByteArray::fromStdString(sha256Of(bytes)) + "  covertype.zip\n");
        QVERIFY(!QFile::exists(part()));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }
    void cleanup() { m_tmp.reset(); }

    void uciRequest()
    {
        QCOMPARE(std::string(kUciCovertypeUrl),
                 std::string("https://archive.ics.uci.edu/static/public/31/covertype.zip"));
        QCOMPARE(DownloadRequest{}.fileName, std::string("covertype.zip"));
        const DownloadRequest r = uciCovertypeRequest("/tmp/c");
        QCOMPARE(r.url, std::string(kUciCovertypeUrl));
        QCOMPARE(r.cacheDir, std::string("/tmp/c"));
        QCOMPARE(r.fileName, std::string("covertype.zip"));
        QVERIFY(r.expectedSha256.empty());
        QVERIFY(validateDownloadRequest(r).has_value());
    }

    void downloadsThenServesFromCache()
    {
        const QByteArray body = payload(300 * 1024, 1);
        FakeHttpServer server([&](const FakeRequest &) { return fileReply(body, 32 * 1024, 5); });
        CurlDownloader downloader;
        ProgressCalls calls;
        bool partGrew = false;
        const auto first = downloader.download(
            request(server, "/static/covertype.zip"), [&](int64_t received, int64_t expected) {
                calls.emplace_back(received, expected);
                // streamed into <cacheDir>/<fileName>.part, every reported byte already there
                if (received > 0 && received < body.size())
                    partGrew = partGrew || QFileInfo(part()).size() == received;
                return true;
            });
        QVERIFY2(first.has_value(), message(first));
        QCOMPARE(QString::fromStdString(first->path), cached());
        QCOMPARE(first->bytes, int64_t(body.size()));
        QCOMPARE(first->sha256, sha256Of(body));
        QVERIFY(!first->fromCache);
        verifyCacheHolds(body);
        QVERIFY(partGrew);

        const auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(1));
        QCOMPARE(requests[0].method, QByteArray("GET"));
        QCOMPARE(requests[0].path, QByteArray("/static/covertype.zip"));

        QVERIFY(calls.size() > 2);
        bool midway = false;
        for (size_t i = 0; i < calls.size(); ++i) {
            const auto [received, expected] = calls[i];
            if (i > 0)
                QVERIFY2(received >= calls[i - 1].first, qPrintable(QString::number(i)));
            QVERIFY2(expected == 0 || expected == body.size(), qPrintable(QString::number(i)));
            midway = midway || (received > 0 && received < body.size());
        }
        QVERIFY(midway);
        QCOMPARE(calls.back(), std::make_pair(int64_t(body.size()), int64_t(body.size())));

        ProgressCalls again;
        const auto second =
            downloader.download(request(server, "/static/covertype.zip"), recordTo(again));
        QVERIFY2(second.has_value(), message(second));
        QVERIFY(second->fromCache);
        QCOMPARE(second->path, first->path);
        QCOMPARE(second->sha256, first->sha256);
        QCOMPARE(second->bytes, first->bytes);
        QCOMPARE(server.requests().size(), size_t(1));  // no request at all
        QCOMPARE(again, ProgressCalls({{body.size(), body.size()}}));

        // pinned to what is cached: still no request
        const auto pinned =
            downloader.download(request(server, "/static/covertype.zip", sha256Of(body)), {});
        QVERIFY2(pinned.has_value(), message(pinned));
        QVERIFY(pinned->fromCache);
        QCOMPARE(server.requests().size(), size_t(1));
    }

    void damagedCacheIsDownloadedAgain_data()
    {
        QTest::addColumn<Damage>("damage");
        QTest::newRow("flipped byte") << Damage::FlipByte;
        QTest::newRow("truncated") << Damage::Truncate;
        QTest::newRow("grown") << Damage::Append;
        QTest::newRow("sidecar of another file") << Damage::WrongSidecar;
        QTest::newRow("sidecar missing") << Damage::NoSidecar;
        QTest::newRow("sidecar garbage") << Damage::GarbageSidecar;
    }
    void damagedCacheIsDownloadedAgain()
    {
        QFETCH(Damage, damage);
        const QByteArray body = payload(200 * 1024, 2);
        FakeHttpServer server([&](const FakeRequest &) { return fileReply(body); });
        CurlDownloader downloader;
        const auto first = downloader.download(request(server, "/c.zip"), {});
        QVERIFY2(first.has_value(), message(first));

        QByteArray bytes = body;
        switch (damage) {
            case Damage::FlipByte:
                bytes[1234] = char(bytes[1234] ^ 0x01);
                writeBytes(cached(), bytes);
                break;
            case Damage::Truncate:
                writeBytes(cached(), bytes.left(bytes.size() / 2));
                break;
            case Damage::Append:
                writeBytes(cached(), bytes + "x");
                break;
            case Damage::WrongSidecar:
                writeBytes(sidecar(), QByteArray(64, 'a') + "  covertype.zip\n");
                break;
            case Damage::NoSidecar:
                QVERIFY(QFile::remove(sidecar()));
                break;
            case Damage::GarbageSidecar:
                writeBytes(sidecar(), "not a hash\n");
                break;
        }
        if (QTest::currentTestFailed())
            return;

        const auto second = downloader.download(request(server, "/c.zip"), {});
        QVERIFY2(second.has_value(), message(second));
        QVERIFY(!second->fromCache);
        QCOMPARE(second->sha256, sha256Of(body));
        QCOMPARE(server.requests().size(), size_t(2));
        verifyCacheHolds(body);
    }

    /// A .part file left by a crash is overwritten, not appended to.
    void stalePartFileIsReplaced()
    {
        const QByteArray body = payload(80 * 1024, 16);
        FakeHttpServer server([&](const FakeRequest &) { return fileReply(body); });
        QVERIFY(QDir().mkpath(cacheDir()));
        writeBytes(part(), payload(200 * 1024, 17));
        const auto r = CurlDownloader().download(request(server, "/c.zip"), {});
        QVERIFY2(r.has_value(), message(r));
        QCOMPARE(r->bytes, int64_t(body.size()));
        verifyCacheHolds(body);
    }

    void newPinnedVersionReplacesCachedOne()
    {
        const QByteArray old = payload(40 * 1024, 3);
        seedCache(old);
        if (QTest::currentTestFailed())
            return;
        const QByteArray body = payload(120 * 1024, 4);
        FakeHttpServer server([&](const FakeRequest &) { return fileReply(body); });
        const auto r = CurlDownloader().download(request(server, "/v2.zip", sha256Of(body)), {});
        QVERIFY2(r.has_value(), message(r));
        QVERIFY(!r->fromCache);
        QCOMPARE(server.requests().size(), size_t(1));
        verifyCacheHolds(body);
    }

    void httpErrorKeepsPreviousCache_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("404") << 404 << QByteArray("<html>\n<h1>Not Found</h1></html>\n")
                             << ErrorCode::NotFound;
        QTest::newRow("500") << 500 << QByteArray("upstream exploded") << ErrorCode::Unavailable;
        QTest::newRow("503 empty") << 503 << QByteArray() << ErrorCode::Unavailable;
    }
    void httpErrorKeepsPreviousCache()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(ErrorCode, code);
        const QByteArray old = payload(50 * 1024, 5);
        seedCache(old);
        if (QTest::currentTestFailed())
            return;
        FakeHttpServer server([&](const FakeRequest &) {
            return FakeReply{status, body, "text/html"};
        });
        // pinned to another version, so the cached copy does not answer it
        const DownloadRequest req = request(server, "/gone.zip", sha256Of(payload(10, 6)));
        const auto r = CurlDownloader().download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, code);
        QVERIFY2(contains(r.error().message, req.url), message(r));
        QVERIFY2(contains(r.error().message, "HTTP " + std::to_string(status)), message(r));
        QVERIFY2(r.error().message.find('\n') == std::string::npos, message(r));
        QCOMPARE(server.requests().size(), size_t(1));
        verifyCacheHolds(old);
    }

    void httpErrorLeavesNoFile()
    {
        FakeHttpServer server([](const FakeRequest &) {
            return FakeReply{404, "no such file", "text/plain"};
        });
        const DownloadRequest req = request(server, "/missing.zip");
        const auto r = CurlDownloader().download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QVERIFY2(contains(r.error().message, req.url + ": HTTP 404 (no such file)"), message(r));
        QCOMPARE(QDir(cacheDir()).entryList(QDir::Files | QDir::Hidden), QStringList());
    }

    void pinnedChecksumMismatch()
    {
        const QByteArray body = payload(100 * 1024, 7);
        FakeHttpServer server([&](const FakeRequest &) { return fileReply(body); });
        const std::string pinned(64, '0');
        const auto r = CurlDownloader().download(request(server, "/c.zip", pinned), {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Corrupt);
        QVERIFY2(contains(r.error().message, "expected " + pinned), message(r));
        QVERIFY2(contains(r.error().message, sha256Of(body)), message(r));
        QVERIFY2(contains(r.error().message, server.url("/c.zip").toStdString()), message(r));
        QCOMPARE(QDir(cacheDir()).entryList(QDir::Files | QDir::Hidden), QStringList());

        // with a good copy of another version in the cache: that copy stays
        const QByteArray old = payload(30 * 1024, 8);
        seedCache(old);
        if (QTest::currentTestFailed())
            return;
        const auto again = CurlDownloader().download(request(server, "/c.zip", pinned), {});
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::Corrupt);
        verifyCacheHolds(old);
        QCOMPARE(server.requests().size(), size_t(2));
    }

    void invalidRequests_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("withCacheDir");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("pinned");
        QTest::addColumn<QString>("mentions");
        const QString url = "http://127.0.0.1:1/c.zip";
        const QString hash(64, 'a');
        QTest::newRow("no url") << "" << true << "c.zip"
                                << ""
                                << "URL is empty";
        QTest::newRow("no cache dir") << url << false << "c.zip"
                                      << ""
                                      << "cache directory is empty";
        QTest::newRow("no file name") << url << true << ""
                                      << ""
                                      << "file name ''";
        QTest::newRow("dot dot") << url << true << ".."
                                 << ""
                                 << "file name '..'";
        QTest::newRow("directory") << url << true << "a/c.zip"
                                   << ""
                                   << "file name 'a/c.zip'";
        QTest::newRow("upper-case pin")
            << url << true << "c.zip" << hash.toUpper() << "64 lower-case hex digits";
        QTest::newRow("short pin") << url << true << "c.zip"
                                   << "abc"
                                   << "SHA-256 'abc'";
        QTest::newRow("not hex") << url << true << "c.zip" << QString(64, 'g')
                                 << "64 lower-case hex digits";
    }
    void invalidRequests()
    {
        QFETCH(QString, url);
        QFETCH(bool, withCacheDir);
        QFETCH(QString, fileName);
        QFETCH(QString, pinned);
        QFETCH(QString, mentions);
        DownloadRequest req;
        req.url = url.toStdString();
        req.cacheDir = withCacheDir ? cacheDir().toStdString() : std::string();
        req.fileName = fileName.toStdString();
        req.expectedSha256 = pinned.toStdString();
        const auto r = CurlDownloader().download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(contains(r.error().message, mentions.toStdString()), message(r));
        QVERIFY(!QFileInfo::exists(cacheDir()));
    }

    void cancelFromProgress()
    {
        const QByteArray body = payload(512 * 1024, 9);
        FakeHttpServer server([&](const FakeRequest &) { return fileReply(body, 16 * 1024, 10); });
        ProgressCalls calls;
        QElapsedTimer clock;
        clock.start();
        const DownloadRequest req = request(server, "/c.zip");
        const auto r = CurlDownloader().download(req, [&](int64_t received, int64_t expected) {
            calls.emplace_back(received, expected);
            return received < 64 * 1024;
        });
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        QVERIFY2(contains(r.error().message, req.url), message(r));
        QVERIFY(!calls.empty());
        QVERIFY(calls.back().first >= 64 * 1024);
        QVERIFY(calls.back().first < body.size());  // stopped midway
        QVERIFY(!QFile::exists(part()));
        QVERIFY(!QFile::exists(cached()));
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    }

    void cancelWhileServerHangs_data()
    {
        QTest::addColumn<qsizetype>("sendOnly");
        QTest::newRow("no reply") << qsizetype(-1);
        QTest::newRow("stalls mid-body") << qsizetype(100 * 1024);
    }
    void cancelWhileServerHangs()
    {
        QFETCH(qsizetype, sendOnly);
        const QByteArray body = payload(300 * 1024, 10);
        FakeHttpServer server([&](const FakeRequest &) {
            FakeReply reply = fileReply(body);
            if (sendOnly < 0) {
                reply.hang = true;
            } else {
                reply.sendOnly = sendOnly;
                reply.keepOpen = true;
            }
            return reply;
        });
        std::atomic<bool> stop{false};
        std::atomic<int64_t> lastReceived{0};
        QElapsedTimer clock;
        clock.start();
        std::thread canceller([&] {
            QThread::msleep(300);
            stop = true;
        });
        const auto r =
            CurlDownloader().download(request(server, "/c.zip"), [&](int64_t received, int64_t) {
                lastReceived = received;
                return !stop.load();
            });
        canceller.join();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        // the low-speed limit is 60 s: cancellation, not the limit, ended it
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(lastReceived.load(), int64_t(std::max<qsizetype>(sendOnly, 0)));
        QVERIFY(!QFile::exists(part()));
        QVERIFY(!QFile::exists(cached()));
        QCOMPARE(server.requests().size(), size_t(1));
    }

    void stalledTransferEnds()
    {
        const QByteArray body = payload(100 * 1024, 11);
        FakeHttpServer server([&](const FakeRequest &) {
            FakeReply reply = fileReply(body);
            // headers, then silence (curl averages the speed over a few seconds, so bytes sent
            // before the stall would only delay the end)
            reply.sendOnly = 0;
            reply.keepOpen = true;
            return reply;
        });
        CurlDownloader::Options options;
        options.lowSpeedSeconds = 1;
        QElapsedTimer clock;
        clock.start();
        const DownloadRequest req = request(server, "/slow.zip");
        const auto r = CurlDownloader(options).download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Unavailable);
        QVERIFY2(r.error().message.starts_with("cannot download " + req.url + ": "), message(r));
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!QFile::exists(part()));
        QVERIFY(!QFile::exists(cached()));
    }

    void truncatedTransfer()
    {
        const QByteArray old = payload(20 * 1024, 12);
        seedCache(old);
        if (QTest::currentTestFailed())
            return;
        const QByteArray body = payload(100 * 1024, 13);
        FakeHttpServer server([&](const FakeRequest &) {
            FakeReply reply = fileReply(body);
            reply.sendOnly = 60 * 1024;  // then the server closes the connection
            return reply;
        });
        const DownloadRequest req = request(server, "/cut.zip", sha256Of(body));
        const auto r = CurlDownloader().download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Unavailable);
        QVERIFY2(contains(r.error().message, req.url), message(r));
        verifyCacheHolds(old);
    }

    void connectionRefused()
    {
        DownloadRequest req;
        req.url = QStringLiteral("http://127.0.0.1:%1/c.zip").arg(closedPort()).toStdString();
        req.cacheDir = cacheDir().toStdString();
        const auto r = CurlDownloader().download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Unavailable);
        QVERIFY2(r.error().message.starts_with("cannot download " + req.url + ": "), message(r));
        QVERIFY2(contains(r.error().message, "onnect"), message(r));
        QVERIFY(!QFile::exists(part()));
    }

    void followsRedirects()
    {
        const QByteArray body = payload(64 * 1024, 14);
        FakeHttpServer server([&](const FakeRequest &r) {
            if (r.path == "/static/public/31/covertype.zip") {
                FakeReply moved{302, "moved", "text/plain"};
                moved.headers = {{"Location", "/mirror/covertype.zip"}};
                return moved;
            }
            return fileReply(body);
        });
        const auto r =
            CurlDownloader().download(request(server, "/static/public/31/covertype.zip"), {});
        QVERIFY2(r.has_value(), message(r));
        QCOMPARE(r->sha256, sha256Of(body));
        const auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(2));
        QCOMPARE(requests[1].path, QByteArray("/mirror/covertype.zip"));
        verifyCacheHolds(body);
    }

    void unknownLength()
    {
        const QByteArray body = payload(128 * 1024, 15);
        FakeHttpServer server([&](const FakeRequest &) {
            FakeReply reply = fileReply(body, 16 * 1024, 2);
            reply.sendLength = false;
            return reply;
        });
        ProgressCalls calls;
        const auto r = CurlDownloader().download(request(server, "/c.zip"), recordTo(calls));
        QVERIFY2(r.has_value(), message(r));
        QCOMPARE(r->bytes, int64_t(body.size()));
        QVERIFY(calls.size() > 1);
        for (size_t i = 0; i + 1 < calls.size(); ++i)
            QCOMPARE(calls[i].second, int64_t(0));
        QCOMPARE(calls.back(), std::make_pair(int64_t(body.size()), int64_t(body.size())));
        verifyCacheHolds(body);
    }

    void cacheDirCannotBeCreated()
    {
        FakeHttpServer server([](const FakeRequest &) { return fileReply("x"); });
        writeBytes(m_tmp->filePath("plainfile"), "x");
        DownloadRequest req = request(server, "/c.zip");
        req.cacheDir = m_tmp->filePath("plainfile/cache").toStdString();
        const auto r = CurlDownloader().download(req, {});
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Io);
        QVERIFY2(contains(r.error().message, req.cacheDir), message(r));
        QCOMPARE(server.requests().size(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestCurlDownloader)
#include "tst_curldownloader.moc"
