// The prediction server: routing, authentication, limits and replies on Qt HttpServer, plus the
// registry watcher that publishes new model snapshots.
#include "serving/predictionserver.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "base/text.h"
#include "base/whenfinished.h"
#include "serving/httpservice.h"
#include "serving/httpwire.h"
#include "training/prediction.h"

Q_LOGGING_CATEGORY(lcServing, "covertype.serving")

namespace covertype::serving {

namespace {

using Clock = std::chrono::steady_clock;
using wire::equalsIgnoringCase;

constexpr std::string_view kPredictSuffix = ":predict";

/// Messages quote offending values; a huge value is cut so the reply stays small.
constexpr size_t kMaxErrorMessage = 2000;

std::string errorBody(std::string_view message)
{
    std::string text(message.substr(0, kMaxErrorMessage));
    if (message.size() > kMaxErrorMessage)
        text += cat("... (", message.size() - kMaxErrorMessage, " more characters)");
    // Replacement instead of an exception for bytes that are not UTF-8 (quoted from the request).
    return nlohmann::json{{"error", text}}.dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
}

}  // namespace

/// A routed request: which handler, with which model and version.
struct PredictionServer::Target
{
    enum class Kind {
        Predict,
        Version,
        Model,
        Models,
        Health,
        Metrics,
        VertexPredict,
        VertexHealth,
        Unknown
    };
    Kind kind = Kind::Unknown;
    std::string model;
    std::string version;

    /// The route label of the metrics.
    [[nodiscard]] std::string_view label() const
    {
        switch (kind) {
            case Kind::Predict:
                return "predict";
            case Kind::Version:
                return "version";
            case Kind::Model:
                return "model";
            case Kind::Models:
                return "models";
            case Kind::Health:
                return "healthz";
            case Kind::Metrics:
                return "metrics";
            case Kind::VertexPredict:
                return "vertex_predict";
            case Kind::VertexHealth:
                return "vertex_health";
            case Kind::Unknown:
                break;
        }
        return "unknown";
    }
    [[nodiscard]] bool needsPost() const
    {
        return kind == Kind::Predict || kind == Kind::VertexPredict;
    }
    [[nodiscard]] bool isHealth() const
    {
        return kind == Kind::Health || kind == Kind::VertexHealth;
    }
};

struct PredictionServer::Reply : HttpResponse
{
    uint64_t instances = 0;  ///< predicted instances (for the metrics)

    static Reply json(const nlohmann::json &document)
    {
        Reply r;
        // Paths in metadata come from the file system and need not be UTF-8.
        r.body = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return r;
    }
    static Reply error(int status, std::string_view message)
    {
        Reply r;
        r.status = status;
        r.body = errorBody(message);
        return r;
    }
};

PredictionServer::PredictionServer(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_models(std::make_shared<ServedModels>())
{
}

PredictionServer::~PredictionServer()
{
    // The continuation needs this object's event loop, the scan itself does not.
    m_scan.waitForFinished();
}

std::string PredictionServer::url() const
{
    const bool v6 = m_config.host.find(':') != std::string::npos;
    return cat("http://", v6 ? "[" : "", m_config.host, v6 ? "]" : "", ":", m_port);
}

Expected<void> PredictionServer::start()
{
    if (m_http)
        return fail(ErrorCode::InvalidArgument, "the server is already running");
    if (!m_config.registryRoot.empty()) {
        // One spelling of every path, so the watcher's list compares with the scan's.
        m_config.registryRoot =
            QDir::cleanPath(
                QFileInfo(QString::fromStdString(m_config.registryRoot)).absoluteFilePath())
                .toStdString();
        auto scan = scanRegistry(m_config.registryRoot, nullptr);
        if (!scan)
            return std::unexpected(scan.error());
        publish(scan);
    } else if (!m_config.modelFile.empty()) {
        auto loaded = loadModelFile(m_config.modelFile, m_config.modelName, m_config.modelVersion);
        if (!loaded)
            return std::unexpected(loaded.error());
        publishSnapshot(*loaded);
    } else {
        return fail(ErrorCode::InvalidArgument,
                    "no model to serve: give a model file or a registry");
    }

    HttpServiceConfig http;
    http.limits.maxBodyBytes = m_config.maxBodyBytes;
    http.maxConnections = m_config.maxConnections;
    http.idleTimeout = m_config.idleTimeout;
    http.headerTimeout = m_config.headerTimeout;
    http.bodyTimeout = m_config.bodyTimeout;
    http.writeTimeout = m_config.writeTimeout;
    auto service = std::make_unique<HttpService>(
        http, [this](const HttpRequest &request) { return handle(request); },
        [this](int status, std::string_view path) {
            m_metrics.recordRequest(classify(path).label(), status, Clock::duration::zero());
        },
        errorBody);
    auto port = service->listen(m_config.host, m_config.port);
    if (!port)
        return std::unexpected(port.error());
    m_port = *port;
    m_http = std::move(service);

    if (!m_config.registryRoot.empty()) {
        m_watcher = new QFileSystemWatcher(this);
        m_debounce = new QTimer(this);
        m_debounce->setSingleShot(true);
        m_debounce->setInterval(20);
        connect(m_debounce, &QTimer::timeout, this, &PredictionServer::startScan);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_debounce,
                qOverload<>(&QTimer::start));
        connect(m_watcher, &QFileSystemWatcher::fileChanged, m_debounce,
                qOverload<>(&QTimer::start));
        m_pollTimer = new QTimer(this);
        connect(m_pollTimer, &QTimer::timeout, this, &PredictionServer::startScan);
        m_pollTimer->start(m_config.pollInterval);
        startScan();  // sets up the watcher on the directories
    }
    return {};
}

void PredictionServer::rescan()
{
    if (m_debounce)
        m_debounce->start();
}

void PredictionServer::startScan()
{
    if (m_config.registryRoot.empty())
        return;
    if (m_scanning) {
        m_rescanPending = true;
        return;
    }
    m_scanning = true;
    m_rescanPending = false;
    const std::string root = m_config.registryRoot;
    const std::shared_ptr<const ServedModels> previous = m_models;
    m_scan = QtConcurrent::run([root, previous] { return scanRegistry(root, previous.get()); });
    whenFinished(this, m_scan, [this](const Expected<RegistryScan> &scan) {
        m_scanning = false;
        publish(scan);
        if (m_rescanPending)
            startScan();
    });
}

void PredictionServer::publish(const Expected<RegistryScan> &scan)
{
    std::vector<std::string> problems;
    if (!scan) {
        problems.push_back(scan.error().message + " (still serving the models loaded before)");
    } else {
        problems = scan->problems;
        const auto changes = describeChanges(*m_models, *scan->models);
        if (!changes.empty()) {
            const bool first = m_models->models.empty() && !m_http;
            publishSnapshot(scan->models);
            if (!first) {
                m_metrics.recordModelSwap();
                QStringList lines;
                for (const std::string &line : changes) {
                    qCInfo(lcServing) << "model change:" << line.c_str();
                    lines << QString::fromStdString(line);
                }
                emit modelsChanged(lines);
            }
        }
        if (m_watcher) {
            QStringList wanted;
            for (const std::string &dir : scan->directories)
                wanted << QString::fromStdString(dir);
            QStringList stale;
            for (const QString &dir : m_watcher->directories())
                if (!wanted.contains(dir))
                    stale << dir;
            if (!stale.isEmpty())
                m_watcher->removePaths(stale);
            QStringList added;
            for (const QString &dir : wanted)
                if (!m_watcher->directories().contains(dir) && QFileInfo(dir).isDir())
                    added << dir;
            if (!added.isEmpty())
                m_watcher->addPaths(added);
        }
    }
    if (problems != m_lastProblems) {
        for (const std::string &p : problems) {
            if (std::find(m_lastProblems.begin(), m_lastProblems.end(), p) != m_lastProblems.end())
                continue;
            m_metrics.recordLoadFailure();
            qCInfo(lcServing) << "registry problem:" << p.c_str();
            emit problem(QString::fromStdString(p));
        }
        m_lastProblems = std::move(problems);
    }
}

void PredictionServer::publishSnapshot(std::shared_ptr<const ServedModels> snapshot)
{
    m_models = std::move(snapshot);
    m_metrics.setServedModels(m_models->info());
}

PredictionServer::Target PredictionServer::classify(std::string_view path) const
{
    using Kind = Target::Kind;
    Target t;
    if (!m_config.vertexPredictRoute.empty() && path == m_config.vertexPredictRoute) {
        t.kind = Kind::VertexPredict;
        return t;
    }
    if (!m_config.vertexHealthRoute.empty() && path == m_config.vertexHealthRoute) {
        t.kind = Kind::VertexHealth;
        return t;
    }
    if (path == "/healthz") {
        t.kind = Kind::Health;
        return t;
    }
    if (path == "/metrics") {
        t.kind = Kind::Metrics;
        return t;
    }
    constexpr std::string_view prefix = "/v1/models";
    if (!path.starts_with(prefix))
        return t;
    std::string_view rest = path.substr(prefix.size());
    if (rest.empty() || rest == "/") {
        t.kind = Kind::Models;
        return t;
    }
    if (rest.front() != '/')
        return t;
    rest.remove_prefix(1);
    const size_t slash = rest.find('/');
    std::string_view model = rest.substr(0, slash);
    std::string_view version;
    if (slash != std::string_view::npos) {
        std::string_view tail = rest.substr(slash + 1);
        constexpr std::string_view versions = "versions/";
        if (!tail.starts_with(versions))
            return t;
        version = tail.substr(versions.size());
        if (version.empty() || version.find('/') != std::string_view::npos)
            return t;
    }
    std::string_view &last = version.empty() ? model : version;
    const bool predict = last.ends_with(kPredictSuffix);
    if (predict)
        last.remove_suffix(kPredictSuffix.size());
    if (model.empty() || (slash != std::string_view::npos && version.empty()))
        return t;
    t.model = std::string(model);
    t.version = std::string(version);
    t.kind = predict ? Kind::Predict : version.empty() ? Kind::Model : Kind::Version;
    return t;
}

bool PredictionServer::authorized(const HttpRequest &request) const
{
    if (m_config.token.empty())
        return true;
    const std::string_view value = request.header("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    if (value.size() < scheme.size() || !equalsIgnoringCase(value.substr(0, scheme.size()), scheme))
        return false;
    return wire::sameSecret(wire::trimmed(value.substr(scheme.size())), m_config.token);
}

HttpResponse PredictionServer::handle(const HttpRequest &request)
{
    const auto started = Clock::now();
    const std::string &path = request.path;
    const Target target = classify(path);
    const bool isPost = request.method == "POST";
    const bool isGet = request.method == "GET";

    Reply reply;
    if (!target.isHealth() && !authorized(request)) {
        reply = Reply::error(401, "missing or wrong bearer token (Authorization: Bearer TOKEN)");
        reply.extraHeaders = "WWW-Authenticate: Bearer\r\n";
    } else if (target.kind == Target::Kind::Unknown) {
        reply = Reply::error(404, cat("no route for ", path,
                                      " (POST /v1/models/MODEL:predict, POST "
                                      "/v1/models/MODEL/versions/VERSION:predict, GET "
                                      "/v1/models/MODEL[/versions/VERSION], GET /healthz, GET "
                                      "/metrics)"));
    } else if (target.needsPost() ? !isPost : !isGet) {
        const char *allowed = target.needsPost() ? "POST" : "GET";
        reply = Reply::error(405, cat(path, " accepts ", allowed, " only"));
        reply.extraHeaders = cat("Allow: ", allowed, "\r\n");
    } else {
        reply = dispatch(target, request.body);
    }

    if (reply.status == 200 && reply.instances > 0) {
        const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started);
        char dur[32];
        std::snprintf(dur, sizeof dur, "%.3f", elapsed.count());
        reply.extraHeaders += cat("Server-Timing: predict;dur=", std::string_view(dur), "\r\n");
        m_metrics.addInstances(reply.instances);
    }
    m_metrics.recordRequest(target.label(), reply.status, Clock::now() - started);
    return static_cast<HttpResponse &&>(std::move(reply));
}

PredictionServer::Reply PredictionServer::dispatch(const Target &target, const std::string &body)
{
    // Nothing below is expected to throw; should it, the client gets a 500 and the exception
    // stays out of the event loop.
    try {
        Reply reply;
        switch (target.kind) {
            case Target::Kind::Predict:
                reply = predict(body, target.model, target.version);
                break;
            case Target::Kind::VertexPredict:
                reply = predict(body, vertexModel(), {});
                break;
            case Target::Kind::Version:
                reply = versionMetadata(target.model, target.version);
                break;
            case Target::Kind::Model:
                reply = modelMetadata(target.model);
                break;
            case Target::Kind::Models:
                reply = modelList();
                break;
            case Target::Kind::Health:
            case Target::Kind::VertexHealth:
                reply = health(target.kind == Target::Kind::VertexHealth);
                break;
            case Target::Kind::Metrics:
                reply.body = m_metrics.prometheusText();
                reply.contentType = "text/plain; version=0.0.4; charset=utf-8";
                break;
            case Target::Kind::Unknown:
                break;
        }
        return reply;
    } catch (const std::exception &e) {
        qCWarning(lcServing) << "internal error:" << e.what();
        return Reply::error(500, cat("internal error: ", e.what()));
    }
}

std::string PredictionServer::vertexModel() const
{
    if (m_models->models.contains(m_config.modelName) || m_models->models.size() != 1)
        return m_config.modelName;
    return m_models->models.begin()->first;
}

PredictionServer::Reply PredictionServer::predict(const std::string &body, const std::string &model,
                                                  const std::string &version)
{
    // Held until the reply is built: a swap meanwhile does not affect this request.
    const std::shared_ptr<const ServedModels> snapshot = m_models;
    auto served = snapshot->find(model, version);
    if (!served)
        return Reply::error(404, served.error().message);
    auto request = parsePredictionRequest(std::string_view(body));
    if (!request)
        return Reply::error(400, request.error().message);
    auto response = predictionResponseText(*(*served)->artifact, *request);
    if (!response) {
        const ErrorCode code = response.error().code;
        const bool badInput = code == ErrorCode::InvalidArgument || code == ErrorCode::Parse ||
                              code == ErrorCode::Schema;
        return Reply::error(badInput ? 400 : 500, response.error().message);
    }
    Reply reply;
    reply.body = std::move(*response);
    reply.instances = request->instances.rowCount();
    reply.extraHeaders =
        cat("X-Covertype-Model: ", (*served)->model, "/", (*served)->version, "\r\n");
    return reply;
}

PredictionServer::Reply PredictionServer::versionMetadata(const std::string &model,
                                                          const std::string &version) const
{
    const auto snapshot = m_models;
    auto served = snapshot->find(model, version);
    if (!served)
        return Reply::error(404, served.error().message);
    return Reply::json(versionDocument(*snapshot, **served));
}

PredictionServer::Reply PredictionServer::modelMetadata(const std::string &model) const
{
    const auto snapshot = m_models;
    const auto it = snapshot->models.find(model);
    if (it == snapshot->models.end())
        return Reply::error(404, snapshot->find(model, {}).error().message);
    return Reply::json(modelDocument(it->second));
}

PredictionServer::Reply PredictionServer::modelList() const
{
    return Reply::json(modelsDocument(*m_models));
}

PredictionServer::Reply PredictionServer::health(bool vertex) const
{
    const auto snapshot = m_models;
    if (vertex)
        if (auto served = snapshot->find(vertexModel(), {}); !served)
            return Reply::error(503, served.error().message);
    return Reply::json(healthDocument(*snapshot));
}

}  // namespace covertype::serving
