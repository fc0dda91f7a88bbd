// HTTP/1.1 request framing: request line, header fields, Content-Length and chunked bodies
// (RFC 9112 sections 2-7), with every length bounded.
#include "serving/httprequestparser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/text.h"
#include "serving/httpwire.h"

namespace covertype::serving {

namespace {

using wire::equalsIgnoringCase;

/// A chunk-size line with extensions may be this long before it is refused.
constexpr size_t kMaxChunkLine = 4096;
/// Parsed bytes are dropped from the front of the buffer once this many have piled up.
constexpr size_t kCompactAfter = 64 * 1024;

/// RFC 9110 5.6.2 token characters (method and field names).
bool isTokenChar(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos;
}

bool isToken(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return isTokenChar(c); });
}

std::string_view trimBlanks(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// Calls `f` on each comma-separated element of a list-valued field, trimmed, empty ones skipped.
template <typename F>
void forEachElement(std::string_view value, F f)
{
    while (!value.empty()) {
        const size_t comma = value.find(',');
        const std::string_view element = trimBlanks(value.substr(0, comma));
        if (!element.empty())
            f(element);
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/// A value quoted in a message: at most 40 characters, control bytes shown as '?'.
std::string quoted(std::string_view s)
{
    std::string out;
    for (const char c : s.substr(0, 40))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (s.size() > 40)
        out += "...";
    return cat("'", out, "'");
}

/// Decodes %XX escapes in a path; false when an escape is malformed.
bool percentDecode(std::string_view in, std::string &out)
{
    out.clear();
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size())
            return false;
        const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
        if (hi < 0 || lo < 0)
            return false;
        out += char(hi * 16 + lo);
        i += 2;
    }
    return true;
}

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const
{
    for (const auto &[n, v] : headers)
        if (equalsIgnoringCase(n, name))
            return v;
    return {};
}

bool HttpRequestParser::midRequest() const
{
    return m_phase != Phase::Head || m_pos < m_buf.size();
}

HttpRequestParser::Progress HttpRequestParser::fail(int status, std::string message)
{
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorMessage = std::move(message);
    m_buf.clear();
    m_buf.shrink_to_fit();
    m_request.body.clear();
    m_pos = 0;
    return Progress::Failed;
}

size_t HttpRequestParser::unterminatedLineLength() const
{
    // A '\r' last may yet be the start of the line's "\r\n", so it does not count.
    const size_t held = m_buf.size() - m_pos;
    return held > 0 && m_buf.back() == '\r' ? held - 1 : held;
}

bool HttpRequestParser::takeLine(std::string_view &line, size_t maxLength)
{
    const size_t nl = m_buf.find('\n', m_pos);
    if (nl == std::string::npos)
        return false;
    size_t end = nl;
    if (end > m_pos && m_buf[end - 1] == '\r')
        --end;
    line = std::string_view(m_buf).substr(m_pos, end - m_pos);
    if (line.size() > maxLength)
        return true;  // the caller sees the length and refuses it
    m_pos = nl + 1;
    return true;
}

void HttpRequestParser::discardConsumed()
{
    if (m_pos == m_buf.size() || m_pos >= kCompactAfter) {
        m_buf.erase(0, m_pos);
        m_scanFrom -= std::min(m_scanFrom, m_pos);
        m_pos = 0;
    }
}

HttpRequestParser::Progress HttpRequestParser::next()
{
    for (;;) {
        switch (m_phase) {
            case Phase::Failed:
                return Progress::Failed;
            case Phase::Done:
                return Progress::Complete;
            case Phase::Head: {
                // RFC 9112 2.2: empty lines before a request line are ignored.
                while (m_pos < m_buf.size() && (m_buf[m_pos] == '\n' || m_buf[m_pos] == '\r')) {
                    if (m_buf[m_pos] == '\r' && m_pos + 1 >= m_buf.size())
                        return Progress::NeedMore;
                    if (m_buf[m_pos] == '\r' && m_buf[m_pos + 1] != '\n')
                        return fail(400, "a bare CR before the request line");
                    m_pos += m_buf[m_pos] == '\r' ? 2 : 1;
                }
                if (m_pos > 0 && m_pos == m_buf.size()) {
                    m_buf.clear();
                    m_pos = m_scanFrom = 0;
                }
                // The head ends with an empty line: "\n\n" or "\n\r\n".
                size_t end = std::string::npos;
                size_t from = std::max(m_scanFrom, m_pos);
                while (true) {
                    const size_t nl = m_buf.find('\n', from);
                    if (nl == std::string::npos || nl + 1 >= m_buf.size()) {
                        m_scanFrom = nl == std::string::npos ? m_buf.size() : nl;
                        break;
                    }
                    if (m_buf[nl + 1] == '\n') {
                        end = nl + 2;
                        break;
                    }
                    if (m_buf[nl + 1] == '\r') {
                        if (nl + 2 >= m_buf.size()) {
                            m_scanFrom = nl;
                            break;
                        }
                        if (m_buf[nl + 2] == '\n') {
                            end = nl + 3;
                            break;
                        }
                    }
                    from = nl + 1;
                }
                const size_t headBytes = (end == std::string::npos ? m_buf.size() : end) - m_pos;
                if (headBytes > m_limits.maxHeadBytes)
                    return fail(431, cat("the request head is larger than the limit of ",
                                         m_limits.maxHeadBytes, " bytes"));
                if (end == std::string::npos)
                    return Progress::NeedMore;
                const std::string_view head = std::string_view(m_buf).substr(m_pos, end - m_pos);
                if (const Progress p = parseHead(head); p == Progress::Failed)
                    return p;
                m_pos = end;
                m_scanFrom = 0;
                break;
            }
            case Phase::FixedBody:
            case Phase::ChunkData: {
                const size_t available = m_buf.size() - m_pos;
                const size_t take = size_t(std::min<int64_t>(m_remaining, int64_t(available)));
                m_request.body.append(m_buf, m_pos, take);
                m_pos += take;
                m_remaining -= int64_t(take);
                discardConsumed();
                if (m_remaining > 0)
                    return Progress::NeedMore;
                m_phase = m_phase == Phase::FixedBody ? Phase::Done : Phase::ChunkEnd;
                break;
            }
            case Phase::ChunkSize: {
                std::string_view line;
                if (!takeLine(line, kMaxChunkLine)) {
                    if (unterminatedLineLength() > kMaxChunkLine)
                        return fail(400, "a chunk-size line is too long");
                    return Progress::NeedMore;
                }
                if (line.size() > kMaxChunkLine)
                    return fail(400, "a chunk-size line is too long");
                const std::string_view digits = trimBlanks(line.substr(0, line.find(';')));
                uint64_t size = 0;
                if (digits.empty())
                    return fail(400, cat("chunk size ", quoted(line), " is not a hex number"));
                for (const char c : digits) {
                    const int v = hexValue(c);
                    if (v < 0)
                        return fail(400, cat("chunk size ", quoted(line), " is not a hex number"));
                    if (size > (uint64_t(1) << 40))
                        return fail(413, cat("the request body is larger than the limit of ",
                                             m_limits.maxBodyBytes, " bytes"));
                    size = size * 16 + uint64_t(v);
                }
                if (size == 0) {
                    m_phase = Phase::Trailers;
                    break;
                }
                if (int64_t(m_request.body.size()) + int64_t(size) > m_limits.maxBodyBytes ||
                    size > uint64_t(m_limits.maxBodyBytes))
                    return fail(413, cat("the request body is larger than the limit of ",
                                         m_limits.maxBodyBytes, " bytes"));
                m_remaining = int64_t(size);
                m_phase = Phase::ChunkData;
                break;
            }
            case Phase::ChunkEnd: {
                std::string_view line;
                if (!takeLine(line, 0)) {
                    if (m_buf.size() - m_pos >= 2)
                        return fail(400, "a chunk is longer than its size says");
                    return Progress::NeedMore;
                }
                if (!line.empty())
                    return fail(400, "a chunk is longer than its size says");
                m_phase = Phase::ChunkSize;
                discardConsumed();
                break;
            }
            case Phase::Trailers: {
                std::string_view line;
                const size_t room =
                    m_limits.maxHeadBytes - std::min(m_limits.maxHeadBytes, m_trailerBytes);
                if (!takeLine(line, room)) {
                    if (unterminatedLineLength() > room)
                        return fail(431, "the trailer fields are too large");
                    return Progress::NeedMore;
                }
                if (line.size() > room)
                    return fail(431, "the trailer fields are too large");
                if (line.empty()) {
                    m_phase = Phase::Done;
                    break;
                }
                m_trailerBytes += line.size() + 2;
                if (line.find(':') == std::string_view::npos)
                    return fail(400, cat("trailer line ", quoted(line), " has no ':'"));
                break;
            }
        }
    }
}

HttpRequestParser::Progress HttpRequestParser::parseHead(std::string_view head)
{
    HttpRequest &r = m_request;
    std::vector<std::string_view> lines;
    while (!head.empty()) {
        const size_t nl = head.find('\n');
        std::string_view line = head.substr(0, nl);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find('\r') != std::string_view::npos)
            return fail(400, "a bare CR in the request head");
        if (!line.empty())
            lines.push_back(line);
        head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
    }
    if (lines.empty())
        return fail(400, "an empty request head");

    // request-line = method SP request-target SP HTTP-version
    const std::string_view requestLine = lines.front();
    const size_t a = requestLine.find(' ');
    const size_t b = a == std::string_view::npos ? a : requestLine.find(' ', a + 1);
    if (b == std::string_view::npos || requestLine.find(' ', b + 1) != std::string_view::npos)
        return fail(400, cat("malformed request line ", quoted(requestLine)));
    const std::string_view method = requestLine.substr(0, a);
    const std::string_view target = requestLine.substr(a + 1, b - a - 1);
    const std::string_view version = requestLine.substr(b + 1);
    if (!isToken(method))
        return fail(400, cat("malformed method ", quoted(method)));
    if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) {
            return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
        }))
        return fail(400, cat("malformed request target ", quoted(target)));
    if (version == "HTTP/1.1") {
        r.minorVersion = 1;
    } else if (version == "HTTP/1.0") {
        r.minorVersion = 0;
    } else if (version.size() == 8 && version.starts_with("HTTP/") && version[6] == '.' &&
               std::isdigit(static_cast<unsigned char>(version[5])) &&
               std::isdigit(static_cast<unsigned char>(version[7]))) {
        return fail(505, cat(version, " is not supported (HTTP/1.1 or HTTP/1.0)"));
    } else {
        return fail(400, cat("malformed HTTP version ", quoted(version)));
    }
    r.method = std::string(method);
    r.target = std::string(target);
    std::string_view pathPart = target;
    if (pathPart.starts_with("http://") || pathPart.starts_with("https://")) {
        // absolute-form (RFC 9112 3.2.2): the path starts after the authority.
        pathPart.remove_prefix(pathPart.find("//") + 2);
        const size_t slash = pathPart.find('/');
        pathPart = slash == std::string_view::npos ? std::string_view("/") : pathPart.substr(slash);
    } else if (!pathPart.starts_with('/') && pathPart != "*") {
        return fail(400, cat("malformed request target ", quoted(target)));
    }
    pathPart = pathPart.substr(0, pathPart.find_first_of("?#"));
    if (!percentDecode(pathPart, r.path))
        return fail(400, cat("malformed percent escape in ", quoted(target)));

    int lengths = 0;
    int64_t contentLength = -1;
    bool chunked = false, transferEncoding = false, keepAlive = false;
    for (size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.front() == ' ' || line.front() == '\t')
            return fail(400, "a header line starts with white space (obsolete line folding)");
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(400, cat("header line ", quoted(line), " has no name"));
        const std::string_view name = line.substr(0, colon);
        if (!isToken(name))
            return fail(400,
                        cat("header name ", quoted(name), " has a character a name cannot have"));
        const std::string_view value = trimBlanks(line.substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), [](char c) {
                return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
            }))
            return fail(400, cat("the value of ", name, " has a control character"));
        if (r.headers.size() >= m_limits.maxHeaders)
            return fail(431, cat("more than ", m_limits.maxHeaders, " header lines"));
        r.headers.emplace_back(std::string(name), std::string(value));

        if (equalsIgnoringCase(name, "content-length")) {
            // A list of equal values ("5, 5") is one length (RFC 9110 8.6); anything else is not.
            bool number = !value.empty(), differs = false;
            forEachElement(value, [&](std::string_view element) {
                int64_t n = 0;
                const char *end = element.data() + element.size();
                const auto res = std::from_chars(element.data(), end, n);
                if (res.ec != std::errc() || res.ptr != end || element.front() == '-') {
                    number = false;
                    return;
                }
                differs = differs || (lengths > 0 && n != contentLength);
                contentLength = n;
                ++lengths;
            });
            if (!number)
                return fail(400, cat("Content-Length ", quoted(value), " is not a number"));
            if (differs)
                return fail(400, "two different Content-Length headers");
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            // Only "chunked", once, is understood; it must be the last coding (RFC 9112 6.1).
            transferEncoding = true;
            std::string unsupported;
            forEachElement(value, [&](std::string_view coding) {
                if (equalsIgnoringCase(coding, "chunked") && !chunked)
                    chunked = true;
                else if (unsupported.empty())
                    unsupported = std::string(coding);
            });
            if (!unsupported.empty() || !chunked)
                return fail(501, cat("Transfer-Encoding ",
                                     quoted(unsupported.empty() ? value : unsupported),
                                     " is not supported (chunked is)"));
        } else if (equalsIgnoringCase(name, "expect")) {
            r.expectContinue = equalsIgnoringCase(value, "100-continue");
        } else if (equalsIgnoringCase(name, "connection")) {
            forEachElement(value, [&](std::string_view option) {
                if (equalsIgnoringCase(option, "close"))
                    r.closeAfterReply = true;
                else if (equalsIgnoringCase(option, "keep-alive"))
                    keepAlive = true;
            });
        }
    }
    // RFC 9112 6.3: a body length given two ways is how requests are smuggled.
    if (transferEncoding && lengths > 0)
        return fail(400, "Content-Length together with Transfer-Encoding");
    if (transferEncoding && r.minorVersion == 0)
        return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (contentLength > m_limits.maxBodyBytes)
        return fail(413, cat("the request body is larger than the limit of ", m_limits.maxBodyBytes,
                             " bytes"));
    if (r.minorVersion == 0 && !keepAlive)
        r.closeAfterReply = true;

    if (chunked) {
        m_phase = Phase::ChunkSize;
    } else if (contentLength > 0) {
        m_phase = Phase::FixedBody;
        m_remaining = contentLength;
        m_request.body.reserve(size_t(contentLength));
    } else {
        m_phase = Phase::Done;
    }
    return Progress::NeedMore;
}

HttpRequest HttpRequestParser::take()
{
    HttpRequest out = std::move(m_request);
    m_request = HttpRequest{};
    m_buf.erase(0, m_pos);
    m_pos = 0;
    m_scanFrom = 0;
    m_remaining = 0;
    m_trailerBytes = 0;
    m_phase = Phase::Head;
    return out;
}

}  // namespace covertype::serving
