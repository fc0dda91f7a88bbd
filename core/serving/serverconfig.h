// What a prediction server serves and how: address, limits, token, model source, and the
// Vertex AI custom-container environment that overrides them.
#pragma once

#include <QProcessEnvironment>

#include <chrono>
#include <cstdint>
#include <string>

#include "base/error.h"

namespace covertype::serving {

inline constexpr int64_t kDefaultMaxBodyBytes = 1'572'864;  ///< 1.5 MiB, as AI Platform

struct ServerConfig
{
    std::string host = "127.0.0.1";
    uint16_t port = 0;  ///< 0: any free port (PredictionServer::port() tells which)
    std::string token;  ///< when set, requests need "Authorization: Bearer <token>"
    int64_t maxBodyBytes = kDefaultMaxBodyBytes;

    /// Open connections served at once; past it a new client gets 503 and is closed. The
    /// server also stays below its file-descriptor limit (RLIMIT_NOFILE) whatever this says.
    int maxConnections = 1000;
    /// A keep-alive connection with no request under way is closed after this long.
    std::chrono::milliseconds idleTimeout{60'000};
    /// A request head (request line and headers) must arrive whole within this long of its
    /// first byte, and its body within bodyTimeout of the head; else 408 and the connection
    /// closes. Neither is reset by progress, so a client trickling bytes cannot hold a slot.
    std::chrono::milliseconds headerTimeout{10'000};
    std::chrono::milliseconds bodyTimeout{60'000};
    /// A client that stops reading its answers is dropped after this long without progress.
    std::chrono::milliseconds writeTimeout{30'000};

    /// The models: one model file served as modelName/modelVersion, or (when registryRoot is
    /// set) every model and version of a local registry, followed while running.
    std::string modelFile;
    std::string modelName = "covertype_classifier";
    std::string modelVersion = "v1";
    std::string registryRoot;

    /// Vertex AI custom-container routes (AIP_PREDICT_ROUTE, AIP_HEALTH_ROUTE), empty when not
    /// running as one. The predict route answers with modelName's default version (with the
    /// only served model when modelName is not served).
    std::string vertexPredictRoute;
    std::string vertexHealthRoute;

    /// How often the registry is re-read besides file-system notifications.
    std::chrono::milliseconds pollInterval{1000};
};

/// Applies Vertex AI's custom-container environment: when AIP_HTTP_PORT, AIP_PREDICT_ROUTE and
/// AIP_HEALTH_ROUTE are all set, listens on 0.0.0.0:$AIP_HTTP_PORT and serves those routes;
/// AIP_STORAGE_URI (when set) names the model: a local model.json or a directory holding one.
/// Returns `config` unchanged outside Vertex AI. Errors: a bad port, a route not starting with
/// '/', a gs:// URI (the CLI fetches it to a local file first), a missing model.
[[nodiscard]] Expected<ServerConfig> applyVertexEnvironment(ServerConfig config,
                                                            const QProcessEnvironment &env);

}  // namespace covertype::serving
