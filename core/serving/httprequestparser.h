// HTTP/1.1 request framing (RFC 9112) for the prediction server: an incremental parser that
// takes bytes as they arrive on a connection and hands out whole requests, bounding the head,
// the body and the bytes it holds, and refusing every head whose body length is ambiguous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace covertype::serving {

/// One request as read from the wire.
struct HttpRequest
{
    std::string method;
    std::string target;    ///< as sent: "/v1/models/m:predict?x=1"
    std::string path;      ///< the target without its query
    int minorVersion = 1;  ///< HTTP/1.x
    std::vector<std::pair<std::string, std::string>> headers;  ///< in order, values trimmed
    std::string body;
    bool expectContinue = false;
    /// "Connection: close", or HTTP/1.0 without "Connection: keep-alive".
    bool closeAfterReply = false;

    /// The first header called `name` (ASCII case-insensitive), "" when there is none.
    [[nodiscard]] std::string_view header(std::string_view name) const;
};

struct HttpLimits
{
    size_t maxHeadBytes = 16 * 1024;  ///< request line and headers together
    size_t maxHeaders = 100;
    int64_t maxBodyBytes = 1'572'864;
};

/// Splits a byte stream into requests. Feed it what arrives; call next() until it says it needs
/// more. After an error the parser stays failed: the connection answers it and closes.
class HttpRequestParser
{
public:
    enum class Progress {
        NeedMore,  ///< no whole request yet
        Complete,  ///< take() returns it; the bytes after it stay for the next request
        Failed     ///< errorStatus()/errorMessage() say why; the connection must close
    };

    explicit HttpRequestParser(HttpLimits limits = {}) : m_limits(limits) {}

    /// Bytes that arrived (ignored once the parser failed).
    void feed(std::string_view bytes)
    {
        if (m_phase != Phase::Failed)
            m_buf.append(bytes);
    }
    [[nodiscard]] Progress next();
    /// The request next() completed; the parser starts on the next one.
    [[nodiscard]] HttpRequest take();

    /// True once the head of the request being read was parsed (a 100 Continue may be sent).
    [[nodiscard]] bool headComplete() const { return m_phase != Phase::Head; }
    /// The head of the request being read, valid when headComplete().
    [[nodiscard]] const HttpRequest &current() const { return m_request; }
    /// True while bytes of a request that is not complete are held (for read timeouts).
    [[nodiscard]] bool midRequest() const;
    /// Bytes held: the unparsed input plus the body read so far.
    [[nodiscard]] size_t bufferedBytes() const { return m_buf.size() + m_request.body.size(); }

    [[nodiscard]] int errorStatus() const { return m_errorStatus; }
    [[nodiscard]] const std::string &errorMessage() const { return m_errorMessage; }

private:
    enum class Phase { Head, FixedBody, ChunkSize, ChunkData, ChunkEnd, Trailers, Done, Failed };

    Progress fail(int status, std::string message);
    Progress parseHead(std::string_view head);
    /// The next line from m_pos without its line ending, or false when none is whole yet.
    bool takeLine(std::string_view &line, size_t maxLength);
    /// The length the line being received has at least, while its '\n' has not come.
    size_t unterminatedLineLength() const;
    void discardConsumed();

    HttpLimits m_limits;
    std::string m_buf;
    size_t m_pos = 0;       ///< parsed up to here in m_buf
    size_t m_scanFrom = 0;  ///< where to go on looking for the end of the head
    Phase m_phase = Phase::Head;
    HttpRequest m_request;
    int64_t m_remaining = 0;  ///< body bytes (or bytes of the current chunk) still to read
    size_t m_trailerBytes = 0;
    int m_errorStatus = 0;
    std::string m_errorMessage;
};

}  // namespace covertype::serving
