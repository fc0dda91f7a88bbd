// Google Cloud behind the workbench's CloudProvider interface (see googlecloudprovider.h).
#include "setup/googlecloudprovider.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "base/text.h"
#include "bigquery/coursetable.h"
#include "setup/cloudconnection.h"
#include "storage/gcsuri.h"
#include "vertex/vertexclient.h"
#include "vertex/vertexdeployment.h"
#include "vertex/vertextraining.h"

namespace covertype::cloud {

namespace {

/// A connection with the credentials, project and region `settings` choose; `stop` ends its
/// transfers and waits.
Expected<std::unique_ptr<CloudConnection>> connectionFor(const CloudSettings &settings,
                                                         std::stop_token stop)
{
    auto credentials = chosenCredentials(settings);
    if (!credentials)
        return std::unexpected(credentials.error());
    return CloudConnection::open(std::move(*credentials), {settings.project, settings.region}, true,
                                 std::move(stop));
}

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
    void requestDetach() override
    {
        m_backend.requestDetach();
        m_stop->request_stop();
    }
    [[nodiscard]] Expected<TuningResult> followTuning(const TuningSpec &spec,
                                                      const std::string &remoteJob,
                                                      const TuningOptions &options) override
    {
        return m_backend.followTuning(spec, remoteJob, options);
    }
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

/// Vertex AI endpoints as a DeploymentTarget whose connection opens on first use (finding the
/// credentials may take a moment; creating the target must not).
class GoogleDeploymentTarget : public DeploymentTarget
{
public:
    GoogleDeploymentTarget(CloudSettings settings, VertexDeploySettings deploy)
        : m_settings(std::move(settings)), m_deploySettings(std::move(deploy))
    {
    }
    [[nodiscard]] std::string name() const override { return "vertex"; }
    void setStepObserver(std::function<void(const DeployStep &)> observer) override
    {
        const std::lock_guard lock(m_mutex);
        m_observer = std::move(observer);
        if (m_opened)
            m_opened->target->setStepObserver(m_observer);
    }
    void requestCancel() override
    {
        const std::lock_guard lock(m_mutex);
        if (m_opened)
            m_opened->stop.request_stop();
    }
    [[nodiscard]] Expected<Deployment> deploy(const std::string &modelPath,
                                              const std::string &model, const std::string &version,
                                              bool replace) override
    {
        auto target = open();
        if (!target)
            return std::unexpected(target.error());
        return (*target)->deploy(modelPath, model, version, replace);
    }
    [[nodiscard]] Expected<std::vector<Deployment>> list() override
    {
        auto target = open();
        if (!target)
            return std::unexpected(target.error());
        return (*target)->list();
    }
    [[nodiscard]] Expected<void> setDefault(const std::string &model,
                                            const std::string &version) override
    {
        auto target = open();
        if (!target)
            return std::unexpected(target.error());
        return (*target)->setDefault(model, version);
    }
    [[nodiscard]] Expected<void> undeploy(const std::string &model,
                                          const std::string &version) override
    {
        auto target = open();
        if (!target)
            return std::unexpected(target.error());
        return (*target)->undeploy(model, version);
    }
    [[nodiscard]] Expected<void> deleteEndpoint(const std::string &endpoint) override
    {
        auto target = open();
        if (!target)
            return std::unexpected(target.error());
        return (*target)->deleteEndpoint(endpoint);
    }
    [[nodiscard]] Expected<nlohmann::json> predict(const std::string &model,
                                                   const std::string &version,
                                                   const nlohmann::json &request) override
    {
        auto target = open();
        if (!target)
            return std::unexpected(target.error());
        return (*target)->predict(model, version, request);
    }

private:
    /// A connection and the Vertex AI target on it; a call in flight keeps it alive.
    struct Opened
    {
        std::stop_source stop;
        std::unique_ptr<CloudConnection> connection;
        std::optional<VertexClient> vertex;
        std::optional<GcsClient> storage;
        std::unique_ptr<VertexDeploymentTarget> target;
    };

    /// The Vertex AI target, its connection opened on the first call and again after a cancel
    /// stopped it (thread-safe).
    Expected<std::shared_ptr<VertexDeploymentTarget>> open()
    {
        const std::lock_guard lock(m_mutex);
        if (!m_opened || m_opened->stop.stop_requested()) {
            auto opened = std::make_shared<Opened>();
            auto connection = connectionFor(m_settings, opened->stop.get_token());
            if (!connection)
                return std::unexpected(connection.error());
            opened->connection = std::move(*connection);
            opened->vertex.emplace(opened->connection->vertex());
            opened->storage.emplace(opened->connection->storage());
            opened->target = std::make_unique<VertexDeploymentTarget>(
                *opened->vertex, *opened->storage, m_deploySettings);
            opened->target->setStepObserver(m_observer);
            m_opened = std::move(opened);
        }
        return std::shared_ptr<VertexDeploymentTarget>(m_opened, m_opened->target.get());
    }

    CloudSettings m_settings;
    VertexDeploySettings m_deploySettings;
    std::mutex m_mutex;
    std::function<void(const DeployStep &)> m_observer;
    std::shared_ptr<Opened> m_opened;
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
    auto connection = connectionFor(settings, stop);
    if (!connection)
        return std::unexpected(connection.error());
    const CloudConnection &c = **connection;
    const CloudConfig &config = c.config();
    ConnectionReport report;
    report.credentials = c.tokens().source().description();
    report.account = c.tokens().source().account();
    report.project = config.project;
    // What the command line calls --project is the Cloud settings here.
    const auto source = [](const std::string &where) {
        return where.starts_with("--") ? std::string("the Cloud settings") : where;
    };
    report.projectSource = source(config.projectSource);
    report.region = config.region;
    report.regionSource = source(config.regionSource);
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
    auto stop = std::make_unique<std::stop_source>();
    auto connection = connectionFor(settings, stop->get_token());
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

namespace covertype::cloud {

Expected<std::shared_ptr<DeploymentTarget>> GoogleCloudProvider::deploymentTarget(
    const CloudSettings &settings, const std::string &endpoint) const
{
    if (auto ok = requireForDeploy(settings); !ok)
        return std::unexpected(ok.error());
    if (!endpoint.empty() && vertexEndpointId(endpoint) != endpoint)
        return fail(ErrorCode::InvalidArgument,
                    cat("'", endpoint,
                        "' is not an endpoint id: lower-case letters, digits and "
                        "'-', starting with a letter (e.g. ",
                        vertexEndpointId(endpoint), ")"));
    VertexDeploySettings deploy;
    deploy.servingImage = settings.servingImage;
    deploy.machineType = settings.servingMachine;
    deploy.gcsRoot = settings.gcsRoot;
    deploy.endpoint = endpoint;
    return std::make_shared<GoogleDeploymentTarget>(settings, std::move(deploy));
}

}  // namespace covertype::cloud

namespace covertype::cloud {

namespace {

/// A connection for BigQuery work, with the table (DATASET.TABLE is in the connection's project)
/// and the Cloud Storage root it needs.
struct BigQueryWork
{
    std::unique_ptr<CloudConnection> connection;
    BigQueryTable table;
    GcsUri root;
};

Expected<BigQueryWork> openBigQueryWork(const CloudSettings &settings, const std::string &table,
                                        std::stop_token stop)
{
    CloudSettings needed = settings;
    needed.bigQueryTable = table;
    if (auto ok = requireForBigQuery(needed); !ok)
        return std::unexpected(ok.error());
    auto root = parseGcsUri(settings.gcsRoot);  // GcsUri::child adds the '/' a folder needs
    if (!root)
        return std::unexpected(root.error());
    auto connection = connectionFor(settings, stop);
    if (!connection)
        return std::unexpected(connection.error());
    const bool projectGiven = std::ranges::count(table, '.') + std::ranges::count(table, ':') >= 2;
    auto parsed =
        parseBigQueryTable(projectGiven ? table : (*connection)->config().project + "." + table);
    if (!parsed)
        return std::unexpected(parsed.error());
    return BigQueryWork{std::move(*connection), std::move(*parsed), std::move(*root)};
}

}  // namespace

std::string GoogleCloudProvider::consoleUrl(const std::string &remoteJob) const
{
    // Only full resource names say their project and region.
    if (!remoteJob.starts_with("projects/"))
        return {};
    return vertexConsoleUrl(remoteJob, {}, {});
}

Expected<BigQueryLoadReport> GoogleCloudProvider::loadIntoBigQuery(
    const CloudSettings &settings, const Dataset &data, const BigQueryWorkProgress &progress,
    std::stop_token stop) const
{
    auto work = openBigQueryWork(settings, settings.bigQueryTable, stop);
    if (!work)
        return std::unexpected(work.error());
    return cloud::loadIntoBigQuery(work->connection->api(), work->connection->config(), data,
                                   work->table, work->root, settings.bigQueryLocation, progress);
}

Expected<std::vector<BigQuerySplitPart>> GoogleCloudProvider::splitInBigQuery(
    const CloudSettings &settings, const std::string &table, const SplitSpec &spec,
    const BigQueryWorkProgress &progress, std::stop_token stop) const
{
    auto work = openBigQueryWork(settings, table, stop);
    if (!work)
        return std::unexpected(work.error());
    return cloud::splitInBigQuery(work->connection->api(), work->connection->config(), work->table,
                                  work->root, spec, settings.bigQueryLocation, progress);
}

}  // namespace covertype::cloud
