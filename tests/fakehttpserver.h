// A fake HTTP/1.1 server on 127.0.0.1 for client tests: runs its own thread and event loop, so
// blocking clients (libcurl, a child process) can talk to it from the test's thread.
#pragma once

#include <QByteArray>
#include <QEventLoop>
#include <QHostAddress>
#include <QMap>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
#include <utility>
#include <vector>

namespace covertype::test {

struct FakeRequest
{
    QByteArray method;
    QByteArray path;                       ///< with the query, as sent
    QMap<QByteArray, QByteArray> headers;  ///< names lower-cased
    QByteArray body;
};

struct FakeReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    bool hang = false;  ///< never answer (timeouts, cancellation)
    std::vector<std::pair<QByteArray, QByteArray>> headers{};  ///< extra ones, e.g. Location
    qsizetype chunkBytes = 0;  ///< > 0: send the body in pieces of this many bytes...
    int chunkIntervalMs = 0;   ///< ...this many milliseconds apart (a slow link)
    qsizetype sendOnly = -1;   ///< >= 0: announce the whole body, send only this many bytes...
    bool keepOpen = false;     ///< ...and then keep the connection open (a stalled transfer)
    bool sendLength = true;    ///< false: no Content-Length, the body ends with the connection
};

class FakeHttpServer
{
public:
    using Handler = std::function<FakeReply(const FakeRequest &)>;

    /// Starts listening on 127.0.0.1 (any free port). `handler` runs on the server's thread.
    explicit FakeHttpServer(Handler handler) : m_handler(std::move(handler))
    {
        std::binary_semaphore ready(0);
        m_thread.reset(QThread::create([this, &ready] {
            QEventLoop loop;
            QTcpServer server;
            server.listen(QHostAddress::LocalHost, 0);
            m_port = server.serverPort();
            m_loop = &loop;
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
                while (QTcpSocket *socket = server.nextPendingConnection())
                    serve(socket);
            });
            ready.release();
            loop.exec();
            m_loop = nullptr;
        }));
        m_thread->start();
        ready.acquire();
    }

    ~FakeHttpServer()
    {
        QMetaObject::invokeMethod(m_loop, &QEventLoop::quit, Qt::QueuedConnection);
        m_thread->wait();
    }

    FakeHttpServer(const FakeHttpServer &) = delete;
    FakeHttpServer &operator=(const FakeHttpServer &) = delete;

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString url(const QString &path = {}) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    /// The requests answered (or hung) so far.
    [[nodiscard]] std::vector<FakeRequest> requests() const
    {
        const std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    void serve(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            FakeRequest request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
            request.method = start.value(0);
            request.path = start.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer->size() < headerEnd + 4 + length)
                return;
            request.body = buffer->mid(headerEnd + 4, length);
            buffer->clear();
            const FakeReply reply = m_handler(request);
            {
                const std::lock_guard lock(m_mutex);
                m_requests.push_back(request);
            }
            if (reply.hang)
                return;
            answer(socket, reply);
        });
    }

    static void answer(QTcpSocket *socket, const FakeReply &reply)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fake\r\n";
        if (!reply.contentType.isEmpty())
            out += "Content-Type: " + reply.contentType + "\r\n";
        for (const auto &[name, value] : reply.headers)
            out += name + ": " + value + "\r\n";
        if (reply.sendLength)
            out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
        out += "Connection: close\r\n\r\n";
        const QByteArray body = reply.sendOnly >= 0 ? reply.body.left(reply.sendOnly) : reply.body;
        const bool close = !reply.keepOpen;
        if (reply.chunkBytes <= 0) {
            socket->write(out + body);
            if (close)
                socket->disconnectFromHost();
            return;
        }
        socket->write(out);
        auto sent = std::make_shared<qsizetype>(0);
        auto *timer = new QTimer(socket);  // goes with the socket when the client hangs up
        timer->setInterval(reply.chunkIntervalMs);
        QObject::connect(timer, &QTimer::timeout, socket,
                         [socket, timer, sent, body, close, chunk = reply.chunkBytes] {
                             if (socket->state() != QAbstractSocket::ConnectedState) {
                                 timer->stop();
                                 return;
                             }
                             const QByteArray piece = body.mid(*sent, chunk);
                             *sent += piece.size();
                             socket->write(piece);
                             if (*sent >= body.size()) {
                                 timer->stop();
                                 if (close)
                                     socket->disconnectFromHost();
                             }
                         });
        timer->start();
    }

    Handler m_handler;
    std::unique_ptr<QThread> m_thread;
    QEventLoop *m_loop = nullptr;
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<FakeRequest> m_requests;
};

}  // namespace covertype::test
