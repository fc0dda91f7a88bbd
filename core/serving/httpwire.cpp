// HTTP details below Qt HttpServer: request heads and direct replies.
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
        case 413:
            return "Payload Too Large";
        case 503:
            return "Service Unavailable";
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

HeadInfo inspectHead(std::string_view bytes)
{
    HeadInfo info;
    const size_t end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos)
        return info;
    info.complete = true;
    std::string_view head = bytes.substr(0, end + 2);
    size_t lineEnd = head.find("\r\n");
    const std::string_view requestLine = head.substr(0, lineEnd);
    bool http10 = false;
    if (const size_t a = requestLine.find(' '); a != std::string_view::npos) {
        const size_t b = requestLine.find(' ', a + 1);
        std::string_view target = requestLine.substr(
            a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
        info.path = std::string(target.substr(0, target.find('?')));
        http10 = b != std::string_view::npos && trimmed(requestLine.substr(b + 1)) == "HTTP/1.0";
    }
    int lengths = 0;
    bool transferEncoding = false, keepAlive = false, close = false;
    while (lineEnd != std::string_view::npos && lineEnd + 2 < head.size()) {
        const size_t start = lineEnd + 2;
        lineEnd = head.find("\r\n", start);
        const std::string_view line = head.substr(start, lineEnd - start);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = trimmed(line.substr(0, colon));
        const std::string_view value = trimmed(line.substr(colon + 1));
        if (equalsIgnoringCase(name, "content-length")) {
            int64_t n = 0;
            const auto res = std::from_chars(value.data(), value.data() + value.size(), n);
            const bool number = res.ec == std::errc() && res.ptr == value.data() + value.size();
            if (!number || n < 0)
                info.badFraming = "Content-Length is not a number";
            else if (++lengths > 1 && n != info.contentLength)
                info.badFraming = "two different Content-Length headers";
            info.contentLength = number ? n : -1;
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            transferEncoding = true;
        } else if (equalsIgnoringCase(name, "expect")) {
            info.expectContinue = equalsIgnoringCase(value, "100-continue");
        } else if (equalsIgnoringCase(name, "connection")) {
            keepAlive = keepAlive || equalsIgnoringCase(value, "keep-alive");
            close = close || equalsIgnoringCase(value, "close");
        }
    }
    if (info.badFraming.empty() && lengths > 0 && transferEncoding)
        info.badFraming = "Content-Length together with Transfer-Encoding";
    info.closeAfterReply = close || (http10 && !keepAlive);
    return info;
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
