// Vertex AI's custom-container environment applied to a server configuration.
#include "serving/serverconfig.h"

#include <QDir>
#include <QFileInfo>

#include "base/text.h"

namespace covertype::serving {

Expected<ServerConfig> applyVertexEnvironment(ServerConfig config, const QProcessEnvironment &env)
{
    const QString port = env.value(QStringLiteral("AIP_HTTP_PORT"));
    const QString predictRoute = env.value(QStringLiteral("AIP_PREDICT_ROUTE"));
    const QString healthRoute = env.value(QStringLiteral("AIP_HEALTH_ROUTE"));
    const int given =
        int(!port.isEmpty()) + int(!predictRoute.isEmpty()) + int(!healthRoute.isEmpty());
    if (given == 0)
        return config;
    if (given != 3)
        return fail(ErrorCode::InvalidArgument,
                    "Vertex AI environment incomplete: AIP_HTTP_PORT, AIP_PREDICT_ROUTE and "
                    "AIP_HEALTH_ROUTE must all be set (or none)");
    bool ok = false;
    const uint portNumber = port.toUInt(&ok);
    if (!ok || portNumber == 0 || portNumber > 65535)
        return fail(ErrorCode::InvalidArgument,
                    cat("AIP_HTTP_PORT is '", port.toStdString(), "', expected a port 1-65535"));
    for (const QString &route : {predictRoute, healthRoute})
        if (!route.startsWith(u'/'))
            return fail(ErrorCode::InvalidArgument,
                        cat("the Vertex AI route '", route.toStdString(), "' must start with '/'"));
    if (predictRoute == healthRoute)
        return fail(ErrorCode::InvalidArgument,
                    "AIP_PREDICT_ROUTE and AIP_HEALTH_ROUTE must differ");
    config.host = "0.0.0.0";
    config.port = uint16_t(portNumber);
    config.vertexPredictRoute = predictRoute.toStdString();
    config.vertexHealthRoute = healthRoute.toStdString();

    QString storage = env.value(QStringLiteral("AIP_STORAGE_URI"));
    if (storage.isEmpty()) {
        if (config.modelFile.empty() && config.registryRoot.empty())
            return fail(ErrorCode::InvalidArgument,
                        "Vertex AI: AIP_STORAGE_URI is not set and no model was given");
        return config;
    }
    // A gs:// URI was fetched to a local file by the caller (core reads local files only).
    if (storage.startsWith(QStringLiteral("gs://")))
        return fail(ErrorCode::InvalidArgument, cat("AIP_STORAGE_URI is ", storage.toStdString(),
                                                    ": fetch the model to a local file first"));
    if (storage.startsWith(QStringLiteral("file://")))
        storage = storage.mid(7);
    const QFileInfo info(storage);
    if (info.isDir()) {
        const QString file = QDir(storage).filePath(QStringLiteral("model.json"));
        if (!QFileInfo(file).isFile())
            return fail(ErrorCode::NotFound, cat("AIP_STORAGE_URI ", storage.toStdString(),
                                                 " is a directory without model.json"));
        config.modelFile = file.toStdString();
    } else if (info.isFile()) {
        config.modelFile = storage.toStdString();
    } else {
        return fail(ErrorCode::NotFound,
                    cat("AIP_STORAGE_URI ", storage.toStdString(), " does not exist"));
    }
    config.registryRoot.clear();
    return config;
}

}  // namespace covertype::serving
