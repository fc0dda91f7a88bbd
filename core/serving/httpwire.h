// HTTP details shared by the server's parts: reason phrases, header comparisons, and sending a
// reply straight to the socket.
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

/// Sends head + body on the socket's descriptor when nothing is queued in the socket (the usual
/// case), so the body is not copied into Qt's write buffer and no write notification is needed;
/// what the kernel does not take at once is queued in the socket as usual.
void sendReply(QTcpSocket *socket, std::string_view head, std::string_view body);

}  // namespace covertype::serving::wire
