// Plain-socket HTTP/1.1 requests to the fake's children.
#include "vertex/localhttp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string_view>

namespace covertype::fakecloud::vertex {

namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline)
{
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? int(left) : 0;
}

bool waitFor(int fd, short events, Clock::time_point deadline)
{
    for (;;) {
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, msLeft(deadline));
        if (n > 0)
            return true;
        if (n == 0 || errno != EINTR)
            return false;
    }
}

sockaddr_in loopback(uint16_t port)
{
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    return addr;
}

}  // namespace

std::optional<LocalReply> localHttp(uint16_t port, const std::string &method,
                                    const std::string &path, const std::string &body,
                                    std::chrono::milliseconds timeout, size_t maxReplyBytes)
{
    const auto deadline = Clock::now() + timeout;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return std::nullopt;
    struct Closer
    {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    const sockaddr_in addr = loopback(port);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0) {
        if (errno != EINPROGRESS || !waitFor(fd, POLLOUT, deadline))
            return std::nullopt;
        int error = 0;
        socklen_t len = sizeof error;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0)
            return std::nullopt;
    }
    std::string request = method + " " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                          "\r\nConnection: close\r\n";
    if (!body.empty() || method == "POST")
        request +=
            "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n";
    request += "\r\n" + body;
    std::string_view rest = request;
    while (!rest.empty()) {
        if (!waitFor(fd, POLLOUT, deadline))
            return std::nullopt;
        const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            return std::nullopt;
        rest.remove_prefix(size_t(n));
    }
    std::string reply;
    char buf[16384];
    size_t headEnd = std::string::npos;
    std::optional<size_t> length;
    for (;;) {
        if (headEnd != std::string::npos && length && reply.size() >= headEnd + 4 + *length)
            break;
        if (!waitFor(fd, POLLIN, deadline))
            return std::nullopt;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n < 0)
            return std::nullopt;
        if (n == 0)
            break;
        reply.append(buf, size_t(n));
        if (reply.size() > maxReplyBytes)
            return std::nullopt;
        if (headEnd == std::string::npos) {
            headEnd = reply.find("\r\n\r\n");
            if (headEnd != std::string::npos) {
                std::string head = reply.substr(0, headEnd);
                for (char &c : head)
                    c = char(std::tolower(static_cast<unsigned char>(c)));
                const size_t at = head.find("\r\ncontent-length:");
                if (at != std::string::npos) {
                    size_t value = 0;
                    std::string_view v(head);
                    v.remove_prefix(at + 17);
                    while (!v.empty() && v.front() == ' ')
                        v.remove_prefix(1);
                    std::from_chars(v.data(), v.data() + v.size(), value);
                    length = value;
                }
            }
        }
    }
    if (headEnd == std::string::npos || !reply.starts_with("HTTP/1."))
        return std::nullopt;
    LocalReply out;
    std::from_chars(reply.data() + 9, reply.data() + std::min<size_t>(12, reply.size()),
                    out.status);
    out.body = reply.substr(headEnd + 4, length.value_or(std::string::npos));
    return out;
}

uint16_t freeLocalPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr = loopback(0);
    socklen_t len = sizeof addr;
    uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

}  // namespace covertype::fakecloud::vertex
