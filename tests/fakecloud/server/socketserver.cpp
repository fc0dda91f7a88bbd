// Thread-per-connection HTTP/1.1 serving for the fake, with faults applied between reading a
// request and answering it.
#include "server/socketserver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace covertype::fakecloud {

namespace {

std::string rawPathOf(std::string_view target)
{
    if (target.starts_with("http://") || target.starts_with("https://")) {
        target.remove_prefix(target.find("//") + 2);
        const size_t slash = target.find('/');
        target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    return std::string(target.substr(0, target.find_first_of("?#")));
}

bool sameName(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return false;
    return true;
}

}  // namespace

SocketServer::SocketServer(Options options, Handler handler, InterruptHandler interrupted,
                           FaultInjector &faults, RequestLog &log)
    : m_options(options),
      m_handler(std::move(handler)),
      m_interrupted(std::move(interrupted)),
      m_faults(faults),
      m_log(log)
{
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0)
        throw std::system_error(errno, std::generic_category(), "fakecloud: socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(m_listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
        ::listen(m_listenFd, 128) != 0 ||
        ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        const int error = errno;
        ::close(m_listenFd);
        throw std::system_error(error, std::generic_category(), "fakecloud: bind 127.0.0.1:0");
    }
    m_port = ntohs(addr.sin_port);
    m_stopFd = ::eventfd(0, EFD_CLOEXEC);
    if (m_stopFd < 0) {
        const int error = errno;
        ::close(m_listenFd);
        throw std::system_error(error, std::generic_category(), "fakecloud: eventfd");
    }
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

SocketServer::~SocketServer()
{
    m_stopping = true;
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_stopFd, &one, sizeof one);
    m_acceptThread.join();
    {
        // Wakes threads blocked in send() to a client that does not read.
        const std::lock_guard lock(m_mutex);
        for (const auto &c : m_connections)
            if (c->fd >= 0)
                ::shutdown(c->fd, SHUT_RDWR);
    }
    for (const auto &c : m_connections)
        c->thread.join();
    ::close(m_listenFd);
    ::close(m_stopFd);
}

void SocketServer::acceptLoop()
{
    while (!m_stopping) {
        pollfd fds[2] = {{m_listenFd, POLLIN, 0}, {m_stopFd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, 1000);
        reapFinished();
        if (m_stopping)
            break;
        if (ready <= 0 || !(fds[0].revents & POLLIN))
            continue;
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                sleepUnlessStopping(std::chrono::milliseconds(20));
            continue;
        }
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        timeval tv{};
        tv.tv_sec = m_options.readTimeout.count() / 1000;
        tv.tv_usec = (m_options.readTimeout.count() % 1000) * 1000;
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

        const std::lock_guard lock(m_mutex);
        if (int(m_connections.size()) >= m_options.maxConnections) {
            sendResponse(
                fd,
                googleError(503, "Too many connections to the fake").withHeader("Retry-After", "1"),
                false, true);
            ::close(fd);
            continue;
        }
        auto connection = std::make_unique<Connection>();
        Connection *raw = connection.get();
        raw->fd = fd;
        m_connections.push_back(std::move(connection));
        raw->thread = std::thread([this, raw, fd] {
            serve(fd);
            const std::lock_guard done(m_mutex);
            ::close(raw->fd);
            raw->fd = -1;
            raw->finished = true;
        });
    }
}

void SocketServer::reapFinished()
{
    std::list<std::unique_ptr<Connection>> finished;
    {
        const std::lock_guard lock(m_mutex);
        for (auto it = m_connections.begin(); it != m_connections.end();) {
            if ((*it)->finished) {
                finished.push_back(std::move(*it));
                it = m_connections.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto &c : finished)
        c->thread.join();
}

int SocketServer::waitReadable(int fd, std::chrono::milliseconds timeout) const
{
    pollfd fds[2] = {{fd, POLLIN, 0}, {m_stopFd, POLLIN, 0}};
    for (;;) {
        const int ready = ::poll(fds, 2, int(timeout.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (m_stopping || ready < 0)
            return -1;
        return ready == 0 ? 0 : 1;
    }
}

bool SocketServer::sleepUnlessStopping(std::chrono::milliseconds duration) const
{
    pollfd fd{m_stopFd, POLLIN, 0};
    const auto end = std::chrono::steady_clock::now() + duration;
    for (;;) {
        if (m_stopping)
            return false;
        const auto now = std::chrono::steady_clock::now();
        if (now >= end)
            return true;
        // Rounded up: a delay fault must never answer early (truncating let a 400 ms delay end
        // after 399.x ms, which a test measuring >= 400 ms then saw as too fast).
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(end - now);
        ::poll(&fd, 1, int(left.count()));
    }
}

bool SocketServer::sendAll(int fd, std::string_view bytes) const
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;  // gone, or SO_SNDTIMEO passed without the client reading
        bytes.remove_prefix(size_t(n));
    }
    return true;
}

bool SocketServer::sendResponse(int fd, const Response &response, bool headOnly, bool close) const
{
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (sameName(name, "Content-Length") || sameName(name, "Connection"))
            continue;  // the server writes these itself
        head += name + ": " + value + "\r\n";
    }
    const bool bodyless = response.status == 204 || response.status == 304 ||
                          (response.status >= 100 && response.status < 200);
    if (!bodyless)
        head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    if (close)
        head += "Connection: close\r\n";
    head += "\r\n";
    if (headOnly || bodyless)
        return sendAll(fd, head);
    if (response.body.size() < 64 * 1024)
        return sendAll(fd, head + response.body);
    return sendAll(fd, head) && sendAll(fd, response.body);
}

void SocketServer::serve(int fd)
{
    serving::HttpLimits limits;
    limits.maxHeadBytes = 64 * 1024;
    limits.maxBodyBytes = m_options.maxBodyBytes;
    serving::HttpRequestParser parser(limits);
    std::string buffer(64 * 1024, '\0');
    PendingFault fault;
    bool continueSent = false;

    while (!m_stopping) {
        const auto progress = parser.next();
        if (progress == serving::HttpRequestParser::Progress::Failed) {
            const auto &head = parser.current();
            sendResponse(fd, googleError(parser.errorStatus(), parser.errorMessage()), false, true);
            m_log.add(
                {head.method, RequestLog::redact(head.target), parser.errorStatus(), 0, false});
            return;
        }
        if (progress == serving::HttpRequestParser::Progress::Complete) {
            const bool keepOpen = answer(fd, parser.take(), fault);
            fault = {};
            continueSent = false;
            if (!keepOpen)
                return;
            continue;
        }
        if (parser.headComplete()) {
            const auto &head = parser.current();
            if (!fault.checked) {
                fault.checked = true;
                fault.rule = m_faults.take(head.method, rawPathOf(head.target));
            }
            if (fault.rule && fault.rule->dropAfterBodyBytes >= 0 &&
                int64_t(head.body.size()) >= fault.rule->dropAfterBodyBytes) {
                interrupt(head, fault.rule->dropAfterBodyBytes);
                return;
            }
            if (head.expectContinue && !continueSent) {
                continueSent = true;
                if (!sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n"))
                    return;
            }
        }
        const int ready = waitReadable(fd, m_options.readTimeout);
        if (ready < 0)
            return;
        if (ready == 0) {
            if (parser.midRequest())
                sendResponse(fd, googleError(408, "The request was not received in time"), false,
                             true);
            return;
        }
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (parser.headComplete())
                interrupt(parser.current(), -1);
            return;
        }
        parser.feed(std::string_view(buffer.data(), size_t(n)));
    }
}

void SocketServer::interrupt(const serving::HttpRequest &http, int64_t keepBytes)
{
    serving::HttpRequest copy = http;
    if (keepBytes >= 0 && int64_t(copy.body.size()) > keepBytes)
        copy.body.resize(size_t(keepBytes));
    const int64_t arrived = int64_t(copy.body.size());
    auto request = makeRequest(std::move(copy));
    bool authorized = false;
    if (request) {
        request->complete = false;
        m_interrupted(*request);
        authorized = request->authorized;
    }
    m_log.add({http.method, RequestLog::redact(http.target), 0, arrived, authorized});
}

bool SocketServer::answer(int fd, serving::HttpRequest http, PendingFault &fault)
{
    if (!fault.checked) {
        fault.checked = true;
        fault.rule = m_faults.take(http.method, rawPathOf(http.target));
    }
    if (fault.rule && fault.rule->dropAfterBodyBytes >= 0) {
        interrupt(http, fault.rule->dropAfterBodyBytes);
        return false;
    }
    const std::string method = http.method;
    const std::string target = RequestLog::redact(http.target);
    const int64_t bodyBytes = int64_t(http.body.size());
    auto request = makeRequest(std::move(http));
    if (!request) {
        const Response bad = googleError(400, "Malformed percent escape in the query");
        m_log.add({method, target, bad.status, bodyBytes, false});
        sendResponse(fd, bad, method == "HEAD", true);
        return false;
    }

    Response response;
    const FaultRule *rule = fault.rule ? &*fault.rule : nullptr;
    if (rule && rule->afterHandling)
        response = m_handler(*request);
    if (rule && rule->delayMs > 0 && !sleepUnlessStopping(std::chrono::milliseconds(rule->delayMs)))
        return false;
    if (rule && rule->dropConnection) {
        m_log.add({method, target, 0, bodyBytes, request->authorized});
        return false;
    }
    if (rule && (rule->status != 0 || !rule->rawBody.empty())) {
        const int status = rule->status != 0 ? rule->status : 200;
        if (!rule->rawBody.empty()) {
            response = Response::text(status, rule->rawBody, "application/json; charset=UTF-8");
        } else {
            response = googleError(
                status, std::string("Fault injected by the fake: ") + reasonPhrase(status));
        }
    } else if (!rule || !rule->afterHandling) {
        response = m_handler(*request);
    }
    if (rule)
        for (const auto &h : rule->headers)
            response.headers.push_back(h);

    const bool close = request->http.closeAfterReply;
    m_log.add({method, target, response.status, bodyBytes, request->authorized});
    const bool sent = sendResponse(fd, response, method == "HEAD", close);
    return sent && !close;
}

}  // namespace covertype::fakecloud
