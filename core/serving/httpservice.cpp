// The listening socket and the connections of the prediction server, with their limits.
#include "serving/httpservice.h"

#include <QHostAddress>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/text.h"
#include "serving/httpwire.h"

namespace covertype::serving {

namespace {

/// Bytes read from a socket at a time; Qt buffers no more than this per connection either, so
/// a client sending faster than it is answered is slowed by TCP, not held in memory.
constexpr qint64 kReadChunk = 64 * 1024;
/// Answers queued for a client that does not read them: past this, no further request of
/// that client is read until they drain (one answer may pass it; a batch answer is ~1 MB).
constexpr qint64 kMaxQueuedReply = 256 * 1024;
/// How long a refused client is given to read the refusal before the connection is dropped.
constexpr std::chrono::milliseconds kLinger{2000};
/// How long accepting pauses when the process is out of file descriptors.
constexpr std::chrono::milliseconds kAcceptPause{100};
/// Descriptors kept free for everything else (model files, the registry watcher, logs).
constexpr rlim_t kReservedDescriptors = 64;

std::string seconds(std::chrono::milliseconds d)
{
    return d.count() % 1000 == 0 ? cat(d.count() / 1000, " s") : cat(d.count(), " ms");
}

std::string responseHead(int status, std::string_view contentType, size_t length,
                         std::string_view extraHeaders, bool close)
{
    return cat("HTTP/1.1 ", status, " ", wire::reasonPhrase(status),
               "\r\nContent-Type: ", contentType, "\r\nContent-Length: ", length, "\r\n",
               extraHeaders, close ? "Connection: close\r\n" : "", "\r\n");
}

}  // namespace

/// One client: reads requests as they arrive, answers them in order, times out.
class HttpService::Connection : public QObject
{
public:
    Connection(HttpService &service, int fd)
        : QObject(&service), m_service(service), m_parser(service.m_config.limits)
    {
        ++m_service.m_open;
        m_socket = new QTcpSocket(this);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] { timedOut(); });
        if (!m_socket->setSocketDescriptor(fd)) {
            ::close(fd);
            deleteLater();
            return;
        }
        m_socket->setReadBufferSize(kReadChunk);
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(m_socket, &QTcpSocket::readyRead, this, [this] { pump(); });
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] { written(); });
        connect(m_socket, &QTcpSocket::disconnected, this, [this] { deleteLater(); });
        arm();
    }
    ~Connection() override { --m_service.m_open; }

private:
    enum class Wait { None, Idle, Head, Body, Writing, Closing };

    void pump()
    {
        if (m_closing) {
            m_socket->readAll();  // what a refused client still sends is dropped
            return;
        }
        for (;;) {
            if (m_socket->bytesToWrite() > kMaxQueuedReply)
                break;  // written() goes on once the client reads
            const auto progress = m_parser.next();
            if (progress == HttpRequestParser::Progress::Complete) {
                m_continueSent = false;
                m_wait = Wait::None;  // every request starts the idle (or next head) timer anew
                answer(m_parser.take());
                if (m_closing)
                    return;
                continue;
            }
            if (progress == HttpRequestParser::Progress::Failed) {
                refuse(m_parser.errorStatus(), m_parser.errorMessage());
                return;
            }
            if (m_parser.headComplete() && m_parser.current().expectContinue && !m_continueSent) {
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_continueSent = true;
            }
            const QByteArray bytes = m_socket->read(kReadChunk);
            if (bytes.isEmpty())
                break;
            m_parser.feed(std::string_view(bytes.constData(), size_t(bytes.size())));
        }
        arm();
    }

    void answer(const HttpRequest &request)
    {
        const HttpResponse response = m_service.m_handler(request);
        const bool close = request.closeAfterReply;
        m_closing = close;
        wire::sendReply(m_socket,
                        responseHead(response.status, response.contentType, response.body.size(),
                                     response.extraHeaders, close),
                        response.body);
        if (close) {
            m_wait = Wait::None;
            arm();
            m_socket->disconnectFromHost();  // after what is queued is sent
        }
    }

    /// Answers `status` itself, stops reading requests and closes the connection.
    void refuse(int status, const std::string &message)
    {
        const std::string path = m_parser.headComplete() ? m_parser.current().path : std::string();
        const std::string body = m_service.m_errorBody(message);
        const std::string out =
            responseHead(status, "application/json", body.size(), {}, true) + body;
        m_closing = true;  // first: flush() can emit bytesWritten, which must not read on
        m_wait = Wait::None;
        m_socket->write(out.data(), qint64(out.size()));
        m_socket->flush();
        // Half-close: the client reads the answer and then the end of the stream, instead of a
        // reset caused by the upload it may still be sending (drained until the linger ends).
        if (m_socket->bytesToWrite() == 0) {
            if (const auto fd = m_socket->socketDescriptor(); fd >= 0)
                ::shutdown(int(fd), SHUT_WR);
        }
        m_wait = Wait::Closing;
        m_timer->start(kLinger);
        m_socket->readAll();
        m_service.m_refusals(status, path);
    }

    void written()
    {
        if (m_wait == Wait::Writing)
            m_timer->start(m_service.m_config.writeTimeout);  // progress
        if (m_closing) {
            if (m_wait == Wait::Closing && m_socket->bytesToWrite() == 0)
                if (const auto fd = m_socket->socketDescriptor(); fd >= 0)
                    ::shutdown(int(fd), SHUT_WR);
            return;
        }
        pump();
    }

    void start(Wait wait, std::chrono::milliseconds timeout)
    {
        if (m_wait == wait)
            return;
        m_wait = wait;
        m_timer->start(timeout);
    }

    /// Starts the timer for what the connection waits for now.
    void arm()
    {
        const HttpServiceConfig &c = m_service.m_config;
        if (m_closing) {
            if (m_wait != Wait::Closing)
                start(Wait::Writing, c.writeTimeout);
        } else if (m_socket->bytesToWrite() > 0) {
            start(Wait::Writing, c.writeTimeout);
        } else if (!m_parser.midRequest()) {
            start(Wait::Idle, c.idleTimeout);
        } else if (!m_parser.headComplete()) {
            start(Wait::Head, c.headerTimeout);
        } else {
            start(Wait::Body, c.bodyTimeout);
        }
    }

    void timedOut()
    {
        const HttpServiceConfig &c = m_service.m_config;
        switch (m_wait) {
            case Wait::Head:
                refuse(408,
                       cat("the request head did not arrive within ", seconds(c.headerTimeout)));
                return;
            case Wait::Body:
                refuse(408, cat("the request body did not arrive within ", seconds(c.bodyTimeout),
                                " of its head"));
                return;
            case Wait::None:
            case Wait::Idle:
            case Wait::Writing:
            case Wait::Closing:
                break;
        }
        m_socket->abort();
        deleteLater();
    }

    HttpService &m_service;
    HttpRequestParser m_parser;
    QTcpSocket *m_socket = nullptr;
    QTimer *m_timer = nullptr;
    Wait m_wait = Wait::None;
    bool m_closing = false;
    bool m_continueSent = false;
};

HttpService::HttpService(HttpServiceConfig config, Handler handler, Refusals refusals,
                         ErrorBody errorBody, QObject *parent)
    : QObject(parent),
      m_config(config),
      m_handler(std::move(handler)),
      m_refusals(std::move(refusals)),
      m_errorBody(std::move(errorBody))
{
}

HttpService::~HttpService()
{
    // Connections count themselves out of this object: they go while it is whole.
    const QObjectList kids = children();  // a copy: deleting one changes children()
    for (QObject *child : kids)
        if (auto *connection = dynamic_cast<Connection *>(child))
            delete connection;
    delete m_acceptNotifier;
    if (m_listenFd >= 0)
        ::close(m_listenFd);
    if (m_spareFd >= 0)
        ::close(m_spareFd);
}

Expected<uint16_t> HttpService::listen(const std::string &host, uint16_t port)
{
    QHostAddress address;
    if (host == "localhost")
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(QString::fromStdString(host)))
        return fail(ErrorCode::InvalidArgument, cat("host '", host, "' is not an IP address"));

    sockaddr_storage storage{};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        length = sizeof(sockaddr_in6);
    }
    const auto failure = [&](const char *what) {
        const int error = errno;
        if (m_listenFd >= 0)
            ::close(m_listenFd);
        m_listenFd = -1;
        return fail(ErrorCode::Unavailable, cat("cannot listen on ", host, ":", port, ": ", what,
                                                ": ", std::strerror(error)));
    };
    m_listenFd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0)
        return failure("socket");
    const int on = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(m_listenFd, reinterpret_cast<sockaddr *>(&storage), length) != 0)
        return failure("bind");
    if (::listen(m_listenFd, SOMAXCONN) != 0)
        return failure("listen");
    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&bound), &boundLength);
    const uint16_t boundPort =
        ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in *>(&bound)->sin_port
                                         : reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port);

    m_cap = std::max(1, m_config.maxConnections);
    if (rlimit limit{};
        ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const rlim_t usable = limit.rlim_cur > 2 * kReservedDescriptors
                                  ? limit.rlim_cur - kReservedDescriptors
                                  : limit.rlim_cur / 2;
        m_cap = int(std::max<rlim_t>(1, std::min<rlim_t>(rlim_t(m_cap), usable)));
    }
    m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

    m_acceptNotifier = new QSocketNotifier(m_listenFd, QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, [this] { acceptPending(); });
    m_acceptResume = new QTimer(this);
    m_acceptResume->setSingleShot(true);
    connect(m_acceptResume, &QTimer::timeout, this, [this] {
        m_acceptNotifier->setEnabled(true);
        acceptPending();
    });
    return boundPort;
}

void HttpService::acceptPending()
{
    // Bounded, so a flood of clients cannot keep the event loop from answering requests.
    for (int i = 0; i < 256; ++i) {
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            if (m_open >= m_cap)
                refuseAtCapacity(fd);
            else
                new Connection(*this, fd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        if (errno == EMFILE || errno == ENFILE) {
            // Out of descriptors: the waiting clients are refused with the one held in
            // reserve, then the listening socket is left alone for a moment. Watching it on
            // would spin: it stays readable while clients wait.
            for (int k = 0; k < 64 && m_spareFd >= 0; ++k) {
                ::close(m_spareFd);
                const int client = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
                if (client >= 0)
                    refuseAtCapacity(client);
                m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
                if (client < 0)
                    break;
            }
        }
        pauseAccepting();
        return;
    }
}

void HttpService::pauseAccepting()
{
    ++m_acceptPauses;
    m_acceptNotifier->setEnabled(false);
    m_acceptResume->start(kAcceptPause);
}

void HttpService::refuseAtCapacity(int fd)
{
    const std::string body =
        m_errorBody(cat("the server is serving its limit of ", m_cap, " connections; try again"));
    const std::string out =
        responseHead(503, "application/json", body.size(), "Retry-After: 1\r\n", true) + body;
    // What the client already sent is read first, so closing sends FIN, not a reset that could
    // make it lose the answer.
    char sink[4096];
    for (int i = 0; i < 16 && ::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
    }
    [[maybe_unused]] const ssize_t n =
        ::send(fd, out.data(), out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
    m_refusals(503, {});
}

}  // namespace covertype::serving
