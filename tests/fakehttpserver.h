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

#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
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
            QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fake\r\n";
            if (!reply.contentType.isEmpty())
                out += "Content-Type: " + reply.contentType + "\r\n";
            out += "Content-Length: " + QByteArray::number(reply.body.size()) +
                   "\r\nConnection: close\r\n\r\n" + reply.body;
            socket->write(out);
            socket->disconnectFromHost();
        });
    }

    Handler m_handler;
    std::unique_ptr<QThread> m_thread;
    QEventLoop *m_loop = nullptr;
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<FakeRequest> m_requests;
};

}  // namespace covertype::test
