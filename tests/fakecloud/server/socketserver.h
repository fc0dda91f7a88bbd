// The fake's HTTP/1.1 server: a blocking socket on 127.0.0.1 with a thread per connection,
// framing by the product's own HttpRequestParser, keep-alive, 100 Continue, fault injection and
// a request log; every wait is bounded and the destructor returns with clients still connected.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/exchange.h"
#include "server/faultrule.h"
#include "server/requestlog.h"

namespace covertype::fakecloud {

class SocketServer
{
public:
    struct Options
    {
        int64_t maxBodyBytes = 64 * 1024 * 1024;
        /// Longest wait for the next bytes of a request, or for the next request on an idle
        /// keep-alive connection, and for a client to take an answer.
        std::chrono::milliseconds readTimeout{30'000};
        int maxConnections = 128;  ///< more are answered 503 and closed
    };
    /// Answers a whole request (sets request.authorized for the log).
    using Handler = std::function<Response(Request &request)>;
    /// Told about a request whose body was cut off (Request::complete is false).
    using InterruptHandler = std::function<void(Request &request)>;

    /// Listens on 127.0.0.1 at an ephemeral port and serves at once. Throws std::system_error
    /// when no socket can be bound (nothing in a test could go on).
    SocketServer(Options options, Handler handler, InterruptHandler interrupted,
                 FaultInjector &faults, RequestLog &log);
    ~SocketServer();
    SocketServer(const SocketServer &) = delete;
    SocketServer &operator=(const SocketServer &) = delete;

    [[nodiscard]] uint16_t port() const { return m_port; }

private:
    struct Connection
    {
        int fd = -1;
        std::thread thread;
        std::atomic<bool> finished{false};
    };
    struct PendingFault
    {
        bool checked = false;
        std::optional<FaultRule> rule;
    };

    void acceptLoop();
    void reapFinished();
    void serve(int fd);
    /// Answers one whole request; false when the connection must close.
    bool answer(int fd, serving::HttpRequest http, PendingFault &fault);
    void interrupt(const serving::HttpRequest &http, int64_t keepBytes);
    /// 1 when `fd` has bytes, 0 on timeout, -1 when the server stops.
    int waitReadable(int fd, std::chrono::milliseconds timeout) const;
    /// Sleeps unless the server stops first (then false).
    bool sleepUnlessStopping(std::chrono::milliseconds duration) const;
    bool sendAll(int fd, std::string_view bytes) const;
    bool sendResponse(int fd, const Response &response, bool headOnly, bool close) const;

    Options m_options;
    Handler m_handler;
    InterruptHandler m_interrupted;
    FaultInjector &m_faults;
    RequestLog &m_log;
    int m_listenFd = -1;
    int m_stopFd = -1;  ///< an eventfd: readable once the server stops
    uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::mutex m_mutex;  ///< guards m_connections and each Connection::fd
    std::list<std::unique_ptr<Connection>> m_connections;
    std::thread m_acceptThread;
};

}  // namespace covertype::fakecloud
