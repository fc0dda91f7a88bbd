// The prediction server behind `covertype serve`: AI Platform / Vertex AI prediction routes over
// Qt HttpServer, answering from an immutable model snapshot that a registry watcher swaps.
#pragma once

#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "serving/servedmodels.h"
#include "serving/serverconfig.h"
#include "serving/servingmetrics.h"

class QFileSystemWatcher;
class QTimer;

namespace covertype::serving {

class HttpService;
struct HttpRequest;
struct HttpResponse;

/// Serves predictions on host:port. Requests are answered on the thread that owns the server;
/// registry scans and model loads run on the thread pool and are published as a new snapshot
/// there, so a request always completes with the snapshot it started with.
class PredictionServer : public QObject
{
    Q_OBJECT

public:
    explicit PredictionServer(ServerConfig config, QObject *parent = nullptr);
    ~PredictionServer() override;

    /// Loads the models and starts listening. Errors: a model file that cannot be loaded, a
    /// registry directory that does not exist, an address that cannot be bound.
    [[nodiscard]] Expected<void> start();

    /// The bound port (after start()).
    [[nodiscard]] uint16_t port() const { return m_port; }
    /// "http://host:port".
    [[nodiscard]] std::string url() const;
    [[nodiscard]] const ServerConfig &config() const { return m_config; }
    /// The snapshot new requests are answered with.
    [[nodiscard]] std::shared_ptr<const ServedModels> models() const { return m_models; }
    [[nodiscard]] const ServingMetrics &metrics() const { return m_metrics; }

    /// Re-reads the registry soon (it is re-read on file-system notifications and every
    /// pollInterval anyway). Does nothing when serving a single model file.
    void rescan();

signals:
    /// A different set of models is being served; one line per change (describeChanges).
    void modelsChanged(const QStringList &changes);
    /// A registry problem (a version that does not load, an unreadable registry), reported
    /// once until it changes.
    void problem(const QString &message);

private:
    struct Reply;
    struct Target;

    HttpResponse handle(const HttpRequest &request);
    [[nodiscard]] Target classify(std::string_view path) const;
    Reply dispatch(const Target &target, const std::string &body);
    Reply predict(const std::string &body, const std::string &model, const std::string &version);
    Reply versionMetadata(const std::string &model, const std::string &version) const;
    Reply modelMetadata(const std::string &model) const;
    Reply modelList() const;
    Reply health(bool vertex) const;
    [[nodiscard]] std::string vertexModel() const;
    [[nodiscard]] bool authorized(const HttpRequest &request) const;

    void startScan();
    void publish(const Expected<RegistryScan> &scan);
    void publishSnapshot(std::shared_ptr<const ServedModels> snapshot);

    ServerConfig m_config;
    ServingMetrics m_metrics;
    std::shared_ptr<const ServedModels> m_models;
    std::unique_ptr<HttpService> m_http;
    uint16_t m_port = 0;

    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_debounce = nullptr;
    QFuture<Expected<RegistryScan>> m_scan;  ///< the running scan (waited for on destruction)
    bool m_scanning = false;
    bool m_rescanPending = false;
    std::vector<std::string> m_lastProblems;
};

}  // namespace covertype::serving
