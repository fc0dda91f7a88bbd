// libFuzzer harness of the prediction server's HTTP/1.1 request framing (HttpRequestParser): the
// bytes are framed whole and again in pieces cut where the input's first byte says; both must
// give the same requests and the same refusal, inside the limits, holding a bounded buffer.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzzsupport.h"
#include "serving/httprequestparser.h"

using namespace covertype;
using namespace covertype::serving;

namespace {

struct Framed
{
    std::vector<HttpRequest> requests;
    int status = 0;
    std::string message;
};

Framed frame(std::string_view bytes, size_t piece, const HttpLimits &limits)
{
    HttpRequestParser parser(limits);
    Framed out;
    for (size_t at = 0; at < bytes.size() || at == 0; at += piece) {
        parser.feed(bytes.substr(at, piece));
        // Fed in pieces, what is held is the body so far plus at most a head (or a chunk-size
        // line), the parsed framing not yet dropped (under 64 KiB) and two pieces.
        COVERTYPE_FUZZ_REQUIRE(
            piece > bytes.size() ||
                parser.bufferedBytes() <= size_t(limits.maxBodyBytes) +
                                              std::max<size_t>(limits.maxHeadBytes, 4096) +
                                              64 * 1024 + 2 * piece,
            "the parser holds more than its limits allow");
        for (;;) {
            const auto progress = parser.next();
            if (progress == HttpRequestParser::Progress::Complete) {
                HttpRequest request = parser.take();
                COVERTYPE_FUZZ_REQUIRE(int64_t(request.body.size()) <= limits.maxBodyBytes,
                                       "a body over the limit was accepted");
                COVERTYPE_FUZZ_REQUIRE(request.minorVersion == 0 || request.minorVersion == 1,
                                       "an HTTP version other than 1.0 or 1.1");
                COVERTYPE_FUZZ_REQUIRE(!request.method.empty() && !request.target.empty(),
                                       "a request without method or target");
                out.requests.push_back(std::move(request));
                continue;
            }
            if (progress == HttpRequestParser::Progress::Failed) {
                out.status = parser.errorStatus();
                out.message = parser.errorMessage();
                COVERTYPE_FUZZ_REQUIRE(out.status == 400 || out.status == 413 ||
                                           out.status == 431 || out.status == 501 ||
                                           out.status == 505,
                                       "an unexpected refusal status");
                COVERTYPE_FUZZ_REQUIRE(!out.message.empty() && out.message.size() < 512,
                                       "a refusal without a short message");
                return out;
            }
            break;
        }
        if (bytes.empty())
            break;
    }
    return out;
}

bool same(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.path == b.path &&
           a.minorVersion == b.minorVersion && a.headers == b.headers && a.body == b.body &&
           a.expectContinue == b.expectContinue && a.closeAfterReply == b.closeAfterReply;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    // Small limits, so the fuzzer reaches them.
    HttpLimits limits;
    limits.maxHeadBytes = 512;
    limits.maxHeaders = 8;
    limits.maxBodyBytes = 1024;
    const size_t piece = 1 + data[0] % 17;
    const std::string_view bytes = fuzz::bytesText(data + 1, size - 1);
    const Framed whole = frame(bytes, bytes.size() + 1, limits);
    const Framed pieces = frame(bytes, piece, limits);
    COVERTYPE_FUZZ_REQUIRE(whole.status == pieces.status, "whole and in pieces refuse differently");
    COVERTYPE_FUZZ_REQUIRE(whole.requests.size() == pieces.requests.size(),
                           "whole and in pieces give different requests");
    for (size_t i = 0; i < whole.requests.size(); ++i)
        COVERTYPE_FUZZ_REQUIRE(same(whole.requests[i], pieces.requests[i]),
                               "whole and in pieces read a request differently");
    return 0;
}
