// The HTTP/1.1 side of the prediction server: a listening socket, its connections and their
// limits. Requests are framed by HttpRequestParser and answered in order (pipelining) by a
// handler; stalled clients time out, the number of connections is capped, and running out of
// file descriptors pauses accepting instead of spinning on the listening socket.
#pragma once

#include <QObject>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "serving/httprequestparser.h"

class QSocketNotifier;
class QTcpSocket;
class QTimer;

namespace covertype::serving {

/// What a handler answers. Content-Length and, when the connection closes, "Connection: close"
/// are added by HttpService.
struct HttpResponse
{
    int status = 200;
    std::string body;
    std::string_view contentType = "application/json";
    std::string extraHeaders;  ///< complete header lines, "Name: value\r\n" each
};

struct HttpServiceConfig
{
    HttpLimits limits;
    int maxConnections = 1000;
    std::chrono::milliseconds idleTimeout{60'000};
    std::chrono::milliseconds headerTimeout{10'000};
    std::chrono::milliseconds bodyTimeout{60'000};
    std::chrono::milliseconds writeTimeout{30'000};
};

class HttpService : public QObject
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    /// Told of every answer HttpService gives itself (400/408/413/431/501/503/505), with the
    /// request path when its head was read ("" otherwise).
    using Refusals = std::function<void(int status, std::string_view path)>;
    /// A JSON error body {"error": message}, cut to a bounded length.
    using ErrorBody = std::function<std::string(std::string_view message)>;

    HttpService(HttpServiceConfig config, Handler handler, Refusals refusals, ErrorBody errorBody,
                QObject *parent = nullptr);
    ~HttpService() override;

    /// Binds host:port (port 0: any free one) and starts accepting. Returns the bound port.
    [[nodiscard]] Expected<uint16_t> listen(const std::string &host, uint16_t port);

    /// Connections being served now.
    [[nodiscard]] int openConnections() const { return m_open; }
    /// The connection cap in force: the configured one, lowered to fit the descriptor limit.
    [[nodiscard]] int connectionCap() const { return m_cap; }
    /// Times accepting paused because the process ran out of file descriptors.
    [[nodiscard]] uint64_t acceptPauses() const { return m_acceptPauses; }

private:
    class Connection;
    friend class Connection;

    void acceptPending();
    void refuseAtCapacity(int fd);
    void pauseAccepting();

    HttpServiceConfig m_config;
    Handler m_handler;
    Refusals m_refusals;
    ErrorBody m_errorBody;
    int m_listenFd = -1;
    int m_spareFd = -1;  ///< held so a client can still be refused when descriptors run out
    QSocketNotifier *m_acceptNotifier = nullptr;
    QTimer *m_acceptResume = nullptr;
    int m_open = 0;
    int m_cap = 0;
    uint64_t m_acceptPauses = 0;
};

}  // namespace covertype::serving
