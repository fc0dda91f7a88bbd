// Google Cloud behind the workbench's CloudProvider interface (see googlecloudprovider.h).
#include "setup/googlecloudprovider.h"

#include <cstdlib>

#include "base/text.h"
#include "setup/cloudconnection.h"
#include "storage/gcsuri.h"
#include "vertex/vertextraining.h"

namespace covertype::cloud {

namespace {

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

/// A service's API and the role that lets the workbench use it.
struct ServiceAccess
{
    const char *api;
    const char *role;
};

ServiceAccess accessOf(const std::string &service)
{
    if (service == "Cloud Storage")
        return {"storage.googleapis.com", "roles/storage.objectAdmin"};
    if (service == "BigQuery")
        return {"bigquery.googleapis.com", "roles/bigquery.user"};
    return {"aiplatform.googleapis.com", "roles/aiplatform.user"};
}

/// Vertex AI in the connection's project and region, Cloud Storage and the Vertex AI training
/// backend, with the stop source that cancels them: what one cloud run uses.
class GoogleTrainingBackend : public TrainingBackend
{
public:
    GoogleTrainingBackend(std::unique_ptr<CloudConnection> connection,
                          std::unique_ptr<std::stop_source> stop, VertexTrainingSettings settings)
        : m_stop(std::move(stop)),
          m_connection(std::move(connection)),
          m_vertex(m_connection->vertex()),
          m_storage(m_connection->storage()),
          m_backend(m_vertex, m_storage, std::move(settings))
    {
    }
    [[nodiscard]] std::string name() const override { return m_backend.name(); }
    void setRemoteJobObserver(std::function<void(const RemoteJobEvent &)> observer) override
    {
        m_backend.setRemoteJobObserver(std::move(observer));
    }
    void requestCancel() override { m_stop->request_stop(); }
    [[nodiscard]] Expected<TuningResult> tune(const TuningSpec &spec, const Dataset &training,
                                              const Dataset &validation,
                                              const TuningOptions &options) override
    {
        return m_backend.tune(spec, training, validation, options);
    }
    [[nodiscard]] Expected<TrainOutcome> train(
        const Dataset &training, const Dataset &validation, const TrainParams &params,
        const std::function<bool()> &cancelRequested) override
    {
        return m_backend.train(training, validation, params, cancelRequested);
    }

private:
    std::unique_ptr<std::stop_source> m_stop;
    std::unique_ptr<CloudConnection> m_connection;
    VertexClient m_vertex;
    GcsClient m_storage;
    VertexTrainingBackend m_backend;
};

}  // namespace

Expected<std::unique_ptr<CredentialSource>> chosenCredentials(const CloudSettings &settings)
{
    switch (settings.credentials) {
        case CredentialChoice::KeyFile:
            if (settings.keyFile.empty())
                return fail(ErrorCode::InvalidArgument, "no key file is chosen");
            return credentialsFromFile(settings.keyFile);
        case CredentialChoice::Gcloud:
            return gcloudCredentials();
        case CredentialChoice::Automatic:
            break;
    }
    return findDefaultCredentials();
}

std::string explainServiceError(const std::string &service, const std::string &message)
{
    const ServiceAccess access = accessOf(service);
    if (message.find("SERVICE_DISABLED") != std::string::npos ||
        message.find("has not been used in project") != std::string::npos ||
        message.find("accessNotConfigured") != std::string::npos)
        return cat("the ", access.api,
                   " API is not enabled in the project (gcloud services enable ", access.api,
                   "): ", message);
    if (message.find("HTTP 403") != std::string::npos ||
        message.find("PERMISSION_DENIED") != std::string::npos)
        return cat("permission denied: the account needs ", access.role, " (", message, ")");
    if (message.find("HTTP 401") != std::string::npos)
        return cat("the credentials were refused: ", message);
    return message;
}

CloudSettings GoogleCloudProvider::defaults() const
{
    CloudSettings settings;
    if (auto config = resolveCloudConfig({}, nullptr, false)) {
        settings.project = config->project;
        settings.region = config->region;
    }
    settings.gcsRoot = environment("COVERTYPE_GCS_ROOT");
    settings.trainerImage = environment("COVERTYPE_TRAINER_IMAGE");
    settings.servingImage = environment("COVERTYPE_SERVING_IMAGE");
    return settings;
}

Expected<ConnectionReport> GoogleCloudProvider::testConnection(const CloudSettings &settings,
                                                               std::stop_token stop) const
{
    auto credentials = chosenCredentials(settings);
    if (!credentials)
        return std::unexpected(credentials.error());
    auto connection = CloudConnection::open(std::move(*credentials),
                                            {settings.project, settings.region}, true, stop);
    if (!connection)
        return std::unexpected(connection.error());
    const CloudConnection &c = **connection;
    const CloudConfig &config = c.config();
    ConnectionReport report;
    report.credentials = c.tokens().source().description();
    report.account = c.tokens().source().account();
    report.project = config.project;
    report.projectSource = config.projectSource;
    report.region = config.region;
    report.regionSource = config.regionSource;
    if (auto token = c.tokens().token(stop); !token)
        return std::unexpected(token.error());

    const auto check = [&](const std::string &service, const std::string &url,
                           const std::string &what) {
        auto answer = c.api().getJson(url);
        if (!answer && answer.error().code == ErrorCode::Cancelled)
            return false;
        report.services.push_back(
            {service, answer.has_value(),
             answer ? what : explainServiceError(service, answer.error().message)});
        return true;
    };
    const std::string project = config.project;
    if (!check("Vertex AI",
               cat(config.aiplatformRoot, "v1/projects/", project, "/locations/", config.region,
                   "/customJobs?pageSize=1"),
               cat("custom jobs can be listed in ", config.region)))
        return fail(ErrorCode::Cancelled, "the connection test was cancelled");
    std::string storageUrl =
        cat(config.storageRoot, "storage/v1/b?project=", project, "&maxResults=1");
    std::string storageWhat = "buckets can be listed";
    if (auto root = parseGcsUri(settings.gcsRoot); root && !settings.gcsRoot.empty()) {
        storageUrl = cat(config.storageRoot, "storage/v1/b/", root->bucket);
        storageWhat = cat("bucket ", root->bucket, " is there");
    }
    if (!check("Cloud Storage", storageUrl, storageWhat))
        return fail(ErrorCode::Cancelled, "the connection test was cancelled");
    if (!check("BigQuery",
               cat(config.bigqueryRoot, "bigquery/v2/projects/", project, "/datasets?maxResults=1"),
               "datasets can be listed"))
        return fail(ErrorCode::Cancelled, "the connection test was cancelled");
    return report;
}

Expected<std::unique_ptr<TrainingBackend>> GoogleCloudProvider::trainingBackend(
    const CloudSettings &settings, CloudTrainingMode mode, const std::string &work,
    const std::string &runLabel) const
{
    if (auto ok = requireForTraining(settings); !ok)
        return std::unexpected(ok.error());
    auto credentials = chosenCredentials(settings);
    if (!credentials)
        return std::unexpected(credentials.error());
    auto stop = std::make_unique<std::stop_source>();
    auto connection = CloudConnection::open(
        std::move(*credentials), {settings.project, settings.region}, true, stop->get_token());
    if (!connection)
        return std::unexpected(connection.error());
    VertexTrainingSettings training;
    training.gcsRoot = settings.gcsRoot;
    training.work = work;
    training.trainerImage = settings.trainerImage;
    training.machineType = settings.trainingMachine;
    training.runLabel = runLabel;
    training.oneJob = mode == CloudTrainingMode::OneJob;
    return std::make_unique<GoogleTrainingBackend>(std::move(*connection), std::move(stop),
                                                   std::move(training));
}

}  // namespace covertype::cloud
