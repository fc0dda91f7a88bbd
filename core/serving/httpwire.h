// HTTP details below Qt HttpServer 6.4: reading a request head before the parser buffers the
// body, and sending a reply straight to the socket.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

class QTcpSocket;

namespace covertype::serving::wire {

/// "OK", "Bad Request", ... for the status codes the server sends.
[[nodiscard]] const char *reasonPhrase(int status);

/// `s` without leading blanks and trailing blanks or CR.
[[nodiscard]] std::string_view trimmed(std::string_view s);
/// ASCII case-insensitive equality (header names, "Bearer", "close").
[[nodiscard]] bool equalsIgnoringCase(std::string_view a, std::string_view b);
/// Compares without an early exit, so the time taken does not reveal how much of a secret
/// matched.
[[nodiscard]] bool sameSecret(std::string_view a, std::string_view b);

/// What a request head says about its body, read before the body arrives.
struct HeadInfo
{
    bool complete = false;  ///< the whole head was in the peeked bytes
    std::string path;
    int64_t contentLength = -1;
    bool expectContinue = false;
    /// Why the head cannot be framed safely (RFC 9112 6.3: two Content-Length values, or
    /// Content-Length beside Transfer-Encoding, are how requests are smuggled); "" when fine.
    std::string badFraming;
    /// HTTP/1.0 without "Connection: keep-alive": the connection closes after the answer.
    bool closeAfterReply = false;
};

/// Reads the request line and the headers that matter before the body arrives, from the first
/// bytes of a request; `complete` is false when they do not hold the whole head.
[[nodiscard]] HeadInfo inspectHead(std::string_view bytes);

/// Sends head + body on the socket's descriptor when nothing is queued in the socket (the usual
/// case), so the body is not copied into Qt's write buffer and no write notification is needed;
/// what the kernel does not take at once is queued in the socket as usual.
void sendReply(QTcpSocket *socket, std::string_view head, std::string_view body);

}  // namespace covertype::serving::wire
