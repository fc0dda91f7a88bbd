// Tests for covertype::serving::HttpRequestParser: request framing per RFC 9112, fed whole, byte
// by byte and pipelined; every refusal with its status; the bytes it holds stay bounded.
#include <QTest>

#include <string>
#include <vector>

#include "serving/httprequestparser.h"

using namespace covertype::serving;
using Progress = HttpRequestParser::Progress;

namespace {

/// Feeds `bytes` in pieces of `step` and collects the requests (and the failure, if any).
struct Parsed
{
    std::vector<HttpRequest> requests;
    int status = 0;
    std::string message;
    size_t maxBuffered = 0;
};

Parsed parse(std::string_view bytes, size_t step = 0, HttpLimits limits = {})
{
    HttpRequestParser parser(limits);
    Parsed out;
    if (step == 0)
        step = bytes.size() + 1;
    for (size_t at = 0; at <= bytes.size(); at += step) {
        parser.feed(bytes.substr(at, step));
        out.maxBuffered = std::max(out.maxBuffered, parser.bufferedBytes());
        for (;;) {
            const Progress p = parser.next();
            if (p == Progress::Complete) {
                out.requests.push_back(parser.take());
                continue;
            }
            if (p == Progress::Failed) {
                out.status = parser.errorStatus();
                out.message = parser.errorMessage();
                return out;
            }
            break;
        }
    }
    return out;
}

const std::string kPost =
    "POST /v1/models/m:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n{\"a\": [12]}";

}  // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void wholeAndByteByByte()
    {
        const std::string chunked =
            "\r\nPOST /v1/models/m%3Apredict?x=1 HTTP/1.1\r\nHost: x\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
            "4;ext=1\r\n{\"a\"\r\n7\r\n: [12]}\r\n0\r\nTrailer: t\r\n\r\n";
        const std::string lfOnly = "GET /healthz HTTP/1.0\nConnection: keep-alive\n\n";
        const std::string stream = kPost + chunked + lfOnly;
        for (const size_t step : {size_t(0), size_t(1), size_t(7)}) {
            const Parsed p = parse(stream, step);
            QCOMPARE(p.status, 0);
            QCOMPARE(p.requests.size(), size_t(3));
            QCOMPARE(p.requests[0].method, std::string("POST"));
            QCOMPARE(p.requests[0].path, std::string("/v1/models/m:predict"));
            QCOMPARE(p.requests[0].body, std::string("{\"a\": [12]}"));
            QCOMPARE(std::string(p.requests[0].header("content-LENGTH")), std::string("11"));
            QVERIFY(!p.requests[0].closeAfterReply);
            QCOMPARE(p.requests[1].path, std::string("/v1/models/m:predict"));  // %3A decoded
            QCOMPARE(p.requests[1].target, std::string("/v1/models/m%3Apredict?x=1"));
            QCOMPARE(p.requests[1].body, std::string("{\"a\": [12]}"));
            QCOMPARE(p.requests[2].minorVersion, 0);
            QVERIFY(!p.requests[2].closeAfterReply);  // keep-alive asked for
        }
    }

    void linesAtTheLimitWhileTheirEndIsOnTheWay()
    {
        // A line as long as allowed, received up to its '\r' before the '\n' comes, is not yet
        // too long: fed whole and fed byte by byte read the same (a fuzzer finding).
        HttpLimits limits;
        limits.maxHeadBytes = 64;
        const std::string head =
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n";
        const std::string trailer = "T: " + std::string(61, 'x');    // 64 bytes, the whole room
        const std::string chunkSize = std::string(4095, '0') + "1";  // 4096, the longest allowed
        for (const std::string &stream :
             {head + "0\r\n" + trailer + "\r\n\r\n", head + chunkSize + "\r\nd\r\n0\r\n\r\n"}) {
            for (const size_t step : {size_t(0), size_t(1)}) {
                const Parsed p = parse(stream, step, limits);
                QCOMPARE(p.message, std::string());
                QCOMPARE(p.requests.size(), size_t(1));
            }
        }
        // One byte more is too long either way.
        const Parsed whole = parse(head + "0\r\n" + trailer + "x\r\n\r\n", 0, limits);
        const Parsed bytes = parse(head + "0\r\n" + trailer + "x\r\n\r\n", 1, limits);
        QCOMPARE(whole.status, 431);
        QCOMPARE(bytes.status, 431);
    }

    void connectionOptions()
    {
        QVERIFY(parse("GET / HTTP/1.0\r\n\r\n").requests.at(0).closeAfterReply);
        QVERIFY(parse("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n")
                    .requests.at(0)
                    .closeAfterReply);
        QVERIFY(parse("GET http://h:1/healthz HTTP/1.1\r\nExpect: 100-continue\r\n\r\n")
                    .requests.at(0)
                    .expectContinue);
        QCOMPARE(parse("GET http://h:1/healthz HTTP/1.1\r\n\r\n").requests.at(0).path,
                 std::string("/healthz"));
        QCOMPARE(parse("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab").requests.at(0).body,
                 std::string("ab"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QByteArray get = "GET / HTTP/1.1\r\n";
        QTest::newRow("two lengths") << get + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                                     << 400 << "two different Content-Length headers";
        QTest::newRow("length list") << get + "Content-Length: 1, 2\r\n\r\nab" << 400
                                     << "two different Content-Length headers";
        QTest::newRow("length and chunked")
            << get + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
            << 400 << "Content-Length together with Transfer-Encoding";
        QTest::newRow("length sign") << get + "Content-Length: +5\r\n\r\n"
                                     << 400 << "Content-Length '+5' is not a number";
        QTest::newRow("length text") << get + "Content-Length: 1e3\r\n\r\n"
                                     << 400 << "is not a number";
        QTest::newRow("length huge") << get + "Content-Length: 99999999999999999999999\r\n\r\n"
                                     << 400 << "is not a number";
        QTest::newRow("over limit") << get + "Content-Length: 1572865\r\n\r\n"
                                    << 413 << "larger than the limit of 1572864 bytes";
        QTest::newRow("gzip") << get + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                              << 501 << "Transfer-Encoding 'gzip' is not supported";
        QTest::newRow("chunked twice") << get + "Transfer-Encoding: chunked, chunked\r\n\r\n"
                                       << 501 << "not supported";
        QTest::newRow("chunked in 1.0")
            << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") << 400
            << "Transfer-Encoding in an HTTP/1.0 request";
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505
                               << "HTTP/2.0 is not supported";
        QTest::newRow("no version")
            << QByteArray("GET /\r\n\r\n") << 400 << "malformed request line";
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << 400 << "malformed";
        QTest::newRow("bad version")
            << QByteArray("GET / HTTQ/1.1\r\n\r\n") << 400 << "malformed HTTP version";
        QTest::newRow("relative target")
            << QByteArray("GET healthz HTTP/1.1\r\n\r\n") << 400 << "malformed request target";
        QTest::newRow("bad escape")
            << QByteArray("GET /a%zz HTTP/1.1\r\n\r\n") << 400 << "malformed percent escape";
        QTest::newRow("method") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << 400
                                << "malformed method";
        QTest::newRow("folded") << get + "A: b\r\n  c\r\n\r\n" << 400 << "obsolete line folding";
        QTest::newRow("space before colon") << get + "Content-Length : 5\r\n\r\n"
                                            << 400 << "has a character a name cannot have";
        QTest::newRow("no colon") << get + "Nonsense\r\n\r\n" << 400 << "has no name";
        QTest::newRow("nul in value")
            << get + QByteArray("A: b\0c\r\n\r\n", 10) << 400 << "control character";
        QTest::newRow("bare cr") << get + "A: b\rc\r\n\r\n" << 400 << "bare CR";
        QTest::newRow("head too large") << get + "A: " + QByteArray(17000, 'x') + "\r\n\r\n"
                                        << 431 << "head is larger than the limit of 16384";
        QByteArray many = get;
        for (int i = 0; i < 101; ++i)
            many += "H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("many headers") << many + "\r\n" << 431 << "more than 100 header lines";
        const QByteArray chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("chunk size text") << chunked + "zz\r\n" << 400 << "is not a hex number";
        QTest::newRow("chunk size empty") << chunked + "\r\n" << 400 << "is not a hex number";
        QTest::newRow("chunk size huge") << chunked + "ffffffffffffffffffffff\r\n"
                                         << 413 << "larger than the limit";
        QTest::newRow("chunks over limit")
            << chunked + "100000\r\n" + QByteArray(0x100000, ' ') + "\r\n80001\r\n"
            << 413 << "larger than the limit of 1572864 bytes";
        QTest::newRow("chunk too long") << chunked + "2\r\nabc\r\n"
                                        << 400 << "a chunk is longer than its size says";
        QTest::newRow("chunk line too long")
            << chunked + "1;" + QByteArray(5000, 'x') << 400 << "chunk-size line is too long";
        QTest::newRow("trailer without colon") << chunked + "0\r\nbad\r\n\r\n"
                                               << 400 << "has no ':'";
    }

    void refusals()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QString, message);
        for (const size_t step : {size_t(0), size_t(1)}) {
            const Parsed p = parse(std::string_view(bytes.constData(), size_t(bytes.size())), step);
            QCOMPARE(p.status, status);
            QVERIFY2(QString::fromStdString(p.message).contains(message), p.message.c_str());
            QVERIFY(p.requests.empty());
        }
    }

    void failedStaysFailed()
    {
        HttpRequestParser parser;
        parser.feed("GET / HTTP/9.9\r\n\r\n");
        QCOMPARE(parser.next(), Progress::Failed);
        parser.feed(kPost);
        QCOMPARE(parser.next(), Progress::Failed);
        QCOMPARE(parser.bufferedBytes(), size_t(0));
    }

    void heldBytesStayBounded()
    {
        // A body sent as one-byte chunks: the framing (six times the body) is dropped as it is
        // read, so what is held stays near the body, not the bytes on the wire.
        HttpLimits limits;
        limits.maxBodyBytes = 200'000;
        std::string request = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 200'000; ++i)
            request += "1\r\nx\r\n";
        request += "0\r\n\r\n";
        const Parsed p = parse(request, 4096, limits);
        QCOMPARE(p.status, 0);
        QCOMPARE(p.requests.size(), size_t(1));
        QCOMPARE(p.requests[0].body.size(), size_t(200'000));
        QVERIFY2(p.maxBuffered < 200'000 + 70'000 + 4096,
                 qPrintable(QString::number(p.maxBuffered)));
        // And a head that never ends is refused at the limit, not held.
        const Parsed endless = parse("GET / HTTP/1.1\r\nA: " + std::string(100'000, 'x'), 1000);
        QCOMPARE(endless.status, 431);
        QVERIFY(endless.maxBuffered < 16 * 1024 + 1000);
    }

    void midRequestAndHead()
    {
        HttpRequestParser parser;
        QVERIFY(!parser.midRequest());
        parser.feed("POST / HTTP/1.1\r\nContent-");
        QCOMPARE(parser.next(), Progress::NeedMore);
        QVERIFY(parser.midRequest());
        QVERIFY(!parser.headComplete());
        parser.feed("Length: 3\r\nExpect: 100-continue\r\n\r\nab");
        QCOMPARE(parser.next(), Progress::NeedMore);
        QVERIFY(parser.headComplete());
        QVERIFY(parser.current().expectContinue);
        parser.feed("cGET");
        QCOMPARE(parser.next(), Progress::Complete);
        QCOMPARE(parser.take().body, std::string("abc"));
        QCOMPARE(parser.next(), Progress::NeedMore);
        QVERIFY(parser.midRequest());  // "GET" of the next one
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
