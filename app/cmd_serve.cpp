// covertype serve: the local prediction server (AI Platform / Vertex AI protocol) for one model
// file or a whole local registry.
#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QSocketNotifier>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "cloud/gcspaths.h"
#include "commands.h"
#include "files/fileinput.h"
#include "serving/predictionserver.h"
#include "storage/gcsuri.h"
#include "training/model.h"

namespace covertype::cli {

namespace {

int g_signalPipe[2] = {-1, -1};

void onStopSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: the event loop reads the pipe and quits.
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

/// Makes SIGINT and SIGTERM quit the event loop (exit 0) instead of killing the process.
Expected<void> installStopHandlers()
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return fail(ErrorCode::Io, "cannot create the signal pipe");
    struct sigaction action
    {
    };
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    auto *notifier =
        new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        char buffer[16];
        while (::read(g_signalPipe[0], buffer, sizeof buffer) > 0) {
        }
        QCoreApplication::quit();
    });
    return {};
}

void printModels(const serving::ServedModels &models)
{
    if (models.models.empty())
        std::printf("  (no models yet: deploy one with covertype deploy)\n");
    for (const auto &[name, model] : models.models)
        for (const auto &[version, entry] : model.versions)
            std::printf("  %s/%s%s  %s\n", name.c_str(), version.c_str(),
                        version == model.defaultVersion ? " (default)" : "", entry->path.c_str());
}

}  // namespace

int runServe(const Args &args)
{
    CommandLine cmd(
        "serve",
        "--model FILE [--name NAME] [--version VERSION] | --registry DIR  [--host ADDRESS] "
        "[--port PORT] [--token TOKEN | --token-file FILE] [--max-connections N] "
        "[--idle-timeout S] [--read-timeout S]",
        "Serves predictions over HTTP with the AI Platform / Vertex AI protocol:\n"
        "  POST /v1/models/NAME:predict, POST /v1/models/NAME/versions/VERSION:predict,\n"
        "  GET /v1/models/NAME[/versions/VERSION], GET /healthz, GET /metrics\n"
        "with {\"instances\": [...]} in and {\"predictions\": [...]} out. --registry serves every\n"
        "deployed model and version and follows the registry while running (a new default\n"
        "version is picked up without dropping requests). In a Vertex AI custom container\n"
        "(AIP_HTTP_PORT, AIP_PREDICT_ROUTE, AIP_HEALTH_ROUTE set) it listens on\n"
        "0.0.0.0:$AIP_HTTP_PORT, serves those routes and loads the model from AIP_STORAGE_URI.\n"
        "Ctrl-C stops it.",
        {{"model", "FILE", "model.json to serve"},
         {"name", "NAME", "model name for --model (default covertype_classifier)"},
         {"version", "VERSION", "version name for --model (default v1)"},
         {"registry", "DIR", "serve a local registry (covertype deploy) instead"},
         {"host", "ADDRESS", "address to listen on (default 127.0.0.1)"},
         {"port", "PORT", "port to listen on, 0 for any free one (default 8080)"},
         {"token", "TOKEN",
          "require Authorization: Bearer TOKEN (default $COVERTYPE_TOKEN, if set; a command "
          "line is visible to every user in ps: prefer --token-file or the variable)"},
         {"token-file", "FILE", "read the token from FILE (its first line)"},
         {"max-connections", "N",
          "connections served at once; more get 503 (default 1000, and always below the "
          "process's file-descriptor limit)"},
         {"idle-timeout", "SECONDS", "close a keep-alive connection idle this long (default 60)"},
         {"read-timeout", "SECONDS",
          "a request's body must arrive within this long of its head (default 60), and the "
          "head within this long or 10 s, the shorter; else 408 and the connection closes"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;

    serving::ServerConfig config;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const bool vertex = env.contains(QStringLiteral("AIP_HTTP_PORT"));
    if (cmd.has("model") && cmd.has("registry"))
        return reportError({ErrorCode::Usage, "give either --model or --registry, not both"});
    if (!cmd.has("model") && !cmd.has("registry") && !vertex)
        return reportError({ErrorCode::Usage, "give --model FILE or --registry DIR"});
    if (cmd.has("registry") && (cmd.has("name") || cmd.has("version")))
        return reportError(
            {ErrorCode::Usage, "--name and --version go with --model (a registry names its own)"});
    config.modelFile = cmd.value("model");
    config.registryRoot = cmd.value("registry");
    config.modelName = cmd.value("name", config.modelName);
    config.modelVersion = cmd.value("version", config.modelVersion);
    config.host = cmd.value("host", config.host);
    auto port = cmd.integer("port", 8080);
    if (!port)
        return reportError(port.error());
    if (*port < 0 || *port > 65535)
        return reportError({ErrorCode::Usage, cat("--port must be 0-65535, got ", *port)});
    config.port = uint16_t(*port);
    if (cmd.has("token") && cmd.has("token_file"))
        return reportError({ErrorCode::Usage, "give either --token or --token-file, not both"});
    config.token = cmd.value("token", env.value(QStringLiteral("COVERTYPE_TOKEN")).toStdString());
    if (cmd.has("token_file")) {
        auto text = readWholeFile(cmd.value("token_file"), 4096);
        if (!text)
            return reportError(text.error());
        const std::string line = text->substr(0, text->find_first_of("\r\n"));
        const auto first = line.find_first_not_of(" \t");
        const auto last = line.find_last_not_of(" \t");
        if (first == std::string::npos)
            return reportError(
                {ErrorCode::InvalidArgument,
                 cat("--token-file ", cmd.value("token_file"), ": the first line holds no token")});
        config.token = line.substr(first, last - first + 1);
    }
    auto maxConnections = cmd.integer("max_connections", config.maxConnections);
    if (!maxConnections)
        return reportError(maxConnections.error());
    if (*maxConnections < 1 || *maxConnections > 1'000'000)
        return reportError(
            {ErrorCode::Usage, cat("--max-connections must be 1-1000000, got ", *maxConnections)});
    config.maxConnections = int(*maxConnections);
    const auto seconds =
        [&cmd](const char *flag, const char *name,
               std::chrono::milliseconds fallback) -> Expected<std::chrono::milliseconds> {
        auto value = cmd.number(flag, double(fallback.count()) / 1000.0);
        if (!value)
            return std::unexpected(value.error());
        if (!(*value >= 0.05 && *value <= 86400))
            return fail(ErrorCode::Usage, cat(name, " must be 0.05-86400 seconds, got ", *value));
        return std::chrono::milliseconds{int64_t(*value * 1000.0)};
    };
    auto idle = seconds("idle_timeout", "--idle-timeout", config.idleTimeout);
    if (!idle)
        return reportError(idle.error());
    auto read = seconds("read_timeout", "--read-timeout", config.bodyTimeout);
    if (!read)
        return reportError(read.error());
    config.idleTimeout = *idle;
    config.bodyTimeout = *read;
    config.headerTimeout = std::min(*read, config.headerTimeout);
    // Vertex AI hands the model directory as a gs:// URI: fetch model.json from it first.
    QProcessEnvironment served = env;
    if (const QString storage = env.value(QStringLiteral("AIP_STORAGE_URI"));
        storage.startsWith(QStringLiteral("gs://"))) {
        std::string uri = storage.toStdString();
        if (!uri.ends_with(".json"))
            uri = (uri.ends_with('/') ? uri : uri + "/") + "model.json";
        auto local = localInput(uri);
        if (!local)
            return reportError({local.error().code, "AIP_STORAGE_URI: " + local.error().message});
        served.insert(QStringLiteral("AIP_STORAGE_URI"), QString::fromStdString(*local));
    }
    if (cloud::isGcsUri(config.modelFile)) {
        auto local = localInput(config.modelFile);
        if (!local)
            return reportError(local.error());
        config.modelFile = *local;
    }
    auto applied = serving::applyVertexEnvironment(std::move(config), served);
    if (!applied)
        return reportError(applied.error());

    serving::PredictionServer server(std::move(*applied));
    QObject::connect(&server, &serving::PredictionServer::modelsChanged,
                     [](const QStringList &changes) {
                         std::printf("%s models changed: %s\n", utcTimestamp().c_str(),
                                     changes.join(QStringLiteral("; ")).toUtf8().constData());
                         std::fflush(stdout);
                     });
    QObject::connect(&server, &serving::PredictionServer::problem, [](const QString &message) {
        std::fprintf(stderr, "covertype: warning: %s\n", message.toUtf8().constData());
    });
    if (auto ok = installStopHandlers(); !ok)
        return reportError(ok.error());
    if (auto ok = server.start(); !ok)
        return reportError(ok.error());

    const serving::ServerConfig &running = server.config();
    std::printf("serving on %s%s\n", server.url().c_str(),
                running.token.empty() ? "" : " (bearer token required)");
    if (!running.vertexPredictRoute.empty())
        std::printf("Vertex AI routes: POST %s, GET %s\n", running.vertexPredictRoute.c_str(),
                    running.vertexHealthRoute.c_str());
    if (!running.registryRoot.empty())
        std::printf("registry %s:\n", running.registryRoot.c_str());
    printModels(*server.models());
    std::printf("Ctrl-C to stop\n");
    std::fflush(stdout);

    QCoreApplication::exec();
    std::printf("stopped\n");
    return kExitOk;
}

}  // namespace covertype::cli
