// HTTP details shared by the server's parts: reason phrases, comparisons, direct replies.
#include "serving/httpwire.h"

#include <QTcpSocket>

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <charconv>

namespace covertype::serving::wire {

const char *reasonPhrase(int status)
{
    switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 413:
            return "Content Too Large";
        case 431:
            return "Request Header Fields Too Large";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Internal Server Error";
    }
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

bool sameSecret(std::string_view a, std::string_view b)
{
    unsigned diff = a.size() == b.size() ? 0u : 1u;
    for (size_t i = 0; i < a.size(); ++i)
        diff |= unsigned(uint8_t(a[i]) ^ uint8_t(i < b.size() ? b[i] : 0));
    return diff == 0;
}

void sendReply(QTcpSocket *socket, std::string_view head, std::string_view body)
{
    size_t sent = 0;
    const auto fd = socket->socketDescriptor();
    if (fd >= 0 && socket->bytesToWrite() == 0 &&
        socket->state() == QAbstractSocket::ConnectedState) {
        iovec parts[2] = {{const_cast<char *>(head.data()), head.size()},
                          {const_cast<char *>(body.data()), body.size()}};
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = 2;
        const ssize_t n = ::sendmsg(int(fd), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent = size_t(n);
    }
    if (sent < head.size()) {
        socket->write(head.data() + sent, qint64(head.size() - sent));
        sent = head.size();
    }
    if (sent - head.size() < body.size())
        socket->write(body.data() + (sent - head.size()),
                      qint64(body.size() - (sent - head.size())));
}

}  // namespace covertype::serving::wire
