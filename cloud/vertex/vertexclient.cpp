// The Vertex AI calls: safe creates, polling of jobs and operations, and their errors.
#include "vertex/vertexclient.h"

#include <regex>
#include <thread>

#include "base/text.h"
#include "http/encoding.h"

namespace covertype::cloud {

namespace {

/// "code N: message" of a google.rpc.Status inside an operation or a job.
std::string statusText(const nlohmann::json &status)
{
    if (!status.is_object())
        return "unknown error";
    std::string text = status.value("message", "");
    if (status.contains("code") && status["code"].is_number_integer())
        text = cat("code ", status["code"].get<int>(), ": ", text);
    return text.substr(0, 2000);
}

}  // namespace

bool isFinalJobState(const std::string &state)
{
    return state == "JOB_STATE_SUCCEEDED" || state == "JOB_STATE_FAILED" ||
           state == "JOB_STATE_CANCELLED" || state == "JOB_STATE_EXPIRED" ||
           state == "JOB_STATE_PARTIALLY_SUCCEEDED";
}

VertexClient::VertexClient(const ApiClient &api, std::string root, std::string project,
                           std::string region)
    : m_api(api),
      m_root(std::move(root)),
      m_project(std::move(project)),
      m_region(std::move(region))
{
    if (!m_root.ends_with('/'))
        m_root += '/';
}

std::string VertexClient::parent() const
{
    return cat("projects/", m_project, "/locations/", m_region);
}

std::string VertexClient::url(const std::string &path) const
{
    return m_root + "v1/" + path;
}

const char *VertexClient::collection(VertexJobKind kind)
{
    return kind == VertexJobKind::Custom ? "customJobs" : "hyperparameterTuningJobs";
}

std::string vertexConsoleUrl(const std::string &name, std::string project, std::string region)
{
    // projects/P/locations/R/<collection>/<id> -> the console's page for it. The name's own
    // project and region win over the ones given.
    static const std::regex qualified(R"(^projects/([^/]+)/locations/([^/]+)/)");
    if (std::smatch m; std::regex_search(name, m, qualified)) {
        project = m[1].str();
        region = m[2].str();
    }
    const size_t slash = name.rfind('/');
    const std::string id = slash == std::string::npos ? name : name.substr(slash + 1);
    const std::string query = "?project=" + project;
    if (name.find("/hyperparameterTuningJobs/") != std::string::npos ||
        name.find("/customJobs/") != std::string::npos)
        return cat("https://console.cloud.google.com/vertex-ai/locations/", region, "/training/",
                   id, "/cpu", query);
    if (name.find("/endpoints/") != std::string::npos)
        return cat("https://console.cloud.google.com/vertex-ai/locations/", region, "/endpoints/",
                   id, query);
    if (name.find("/models/") != std::string::npos)
        return cat("https://console.cloud.google.com/vertex-ai/models/locations/", region,
                   "/models/", id, query);
    return cat("https://console.cloud.google.com/vertex-ai", query);
}

std::string VertexClient::consoleUrl(const std::string &name) const
{
    return vertexConsoleUrl(name, m_project, m_region);
}

Expected<nlohmann::json> VertexClient::createJob(VertexJobKind kind, nlohmann::json job,
                                                 const std::string &requestId) const
{
    if (!job.contains("labels") || !job["labels"].is_object())
        job["labels"] = nlohmann::json::object();
    job["labels"]["covertype-request"] = requestId;
    const std::string what = cat("create ", collection(kind));
    const std::string filter = cat("labels.covertype-request=\"", requestId, "\"");
    Expected<nlohmann::json> created = fail(ErrorCode::Unavailable, "not tried");
    for (int attempt = 1; attempt <= m_api.retryPolicy().maxAttempts; ++attempt) {
        // Not retried inside: a create is repeated only after checking it did not happen.
        created = m_api.postJson(url(cat(parent(), "/", collection(kind))), job, false);
        if (created || created.error().code != ErrorCode::Unavailable)
            break;
        auto existing = listJobs(kind, filter);
        if (existing && !existing->empty())
            return existing->front();  // the create arrived; its answer did not
        if (!waitUnlessStopped(backoffDelay(m_api.retryPolicy(), attempt), m_api.stopToken()))
            return fail(ErrorCode::Cancelled, what + " was cancelled");
    }
    if (!created)
        return fail(created.error().code, cat(what, ": ", created.error().message));
    return created;
}

Expected<nlohmann::json> VertexClient::getJob(const std::string &name) const
{
    return m_api.getJson(url(name));
}

Expected<std::vector<nlohmann::json>> VertexClient::listAll(const std::string &collectionPath,
                                                            const std::string &key,
                                                            const std::string &filter) const
{
    std::vector<nlohmann::json> items;
    std::string pageToken;
    for (int page = 0; page < 1000; ++page) {
        std::string address = url(cat(parent(), "/", collectionPath, "?pageSize=100"));
        if (!filter.empty())
            address += "&filter=" + percentEncode(filter);
        if (!pageToken.empty())
            address += "&pageToken=" + percentEncode(pageToken);
        auto doc = m_api.getJson(address);
        if (!doc)
            return std::unexpected(doc.error());
        if (doc->contains(key) && (*doc)[key].is_array())
            for (auto &item : (*doc)[key])
                items.push_back(std::move(item));
        if (!doc->contains("nextPageToken") || !(*doc)["nextPageToken"].is_string() ||
            (*doc)["nextPageToken"].get<std::string>().empty())
            return items;
        pageToken = (*doc)["nextPageToken"].get<std::string>();
    }
    return items;
}

Expected<std::vector<nlohmann::json>> VertexClient::listJobs(VertexJobKind kind,
                                                             const std::string &filter) const
{
    return listAll(collection(kind), collection(kind), filter);
}

Expected<void> VertexClient::cancelJob(const std::string &name) const
{
    // A cancel is what a stop asks for: once the client is stopped, it goes through a client
    // that is not (same tokens and retries). Cancelling twice is harmless: retried.
    if (m_api.stopToken().stop_requested()) {
        const ApiClient unstopped = m_api.unstopped();
        return through(unstopped).cancelJob(name);
    }
    auto done = m_api.postJson(url(name + ":cancel"), nlohmann::json::object(), true);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Expected<void> VertexClient::deleteJob(const std::string &name) const
{
    ApiRequest request;
    request.method = "DELETE";
    request.url = url(name);
    auto op = m_api.json(request);
    if (!op)
        return std::unexpected(op.error());
    auto done = waitForOperation(*op, "delete " + name, std::chrono::minutes(10));
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Expected<nlohmann::json> VertexClient::waitForJob(
    const std::string &name, const std::function<bool(const nlohmann::json &)> &onPoll,
    std::chrono::seconds timeout, const std::function<bool()> &keepRunning) const
{
    const auto start = std::chrono::steady_clock::now();
    auto wait = std::chrono::milliseconds(1000);
    // The user stopped waiting: stop the job too, so nothing runs on unseen (cancelJob goes
    // through after a stop).
    const auto cancelled = [&] {
        if (keepRunning && keepRunning())
            return fail(ErrorCode::Cancelled, cat(name, " goes on running unwatched"));
        (void)cancelJob(name);
        return fail(ErrorCode::Cancelled, cat(name, " was cancelled"));
    };
    while (true) {
        auto job = getJob(name);
        if (!job && job.error().code == ErrorCode::Cancelled && m_api.stopToken().stop_requested())
            return cancelled();
        if (!job)
            return job;
        if (onPoll && !onPoll(*job))
            return job;
        if (isFinalJobState(job->value("state", "")))
            return job;
        if (std::chrono::steady_clock::now() - start > timeout)
            return fail(ErrorCode::Unavailable,
                        cat(name, " did not finish within ", timeout.count(),
                            " s (it goes on running; cancel it with covertype cloud jobs cancel)"));
        if (!waitUnlessStopped(wait, m_api.stopToken()))
            return cancelled();
        wait = std::min(wait * 3 / 2, std::chrono::milliseconds(15'000));
    }
}

Expected<nlohmann::json> VertexClient::waitForOperation(nlohmann::json operation,
                                                        const std::string &what,
                                                        std::chrono::seconds timeout) const
{
    const auto start = std::chrono::steady_clock::now();
    auto wait = std::chrono::milliseconds(500);
    while (!operation.value("done", false)) {
        const std::string name = operation.value("name", "");
        if (name.empty())
            return fail(ErrorCode::Parse, what + ": the service answered without an operation");
        if (std::chrono::steady_clock::now() - start > timeout)
            return fail(ErrorCode::Unavailable, cat(what, ": not done within ", timeout.count(),
                                                    " s (operation ", name, ")"));
        if (!waitUnlessStopped(wait, m_api.stopToken()))
            return fail(ErrorCode::Cancelled, what + " was cancelled");
        wait = std::min(wait * 2, std::chrono::milliseconds(5000));
        auto polled = m_api.getJson(url(name));
        if (!polled)
            return fail(polled.error().code, cat(what, ": ", polled.error().message));
        operation = std::move(*polled);
    }
    if (operation.contains("error"))
        return fail(ErrorCode::Unavailable, cat(what, " failed: ", statusText(operation["error"])));
    return operation.contains("response") ? operation["response"] : nlohmann::json::object();
}

Expected<nlohmann::json> VertexClient::uploadModel(const nlohmann::json &request,
                                                   std::chrono::seconds timeout) const
{
    // Uploading twice would make two models: sent once; its operation is then polled.
    auto op = m_api.postJson(url(parent() + "/models:upload"), request, false);
    if (!op)
        return fail(op.error().code, "upload the model: " + op.error().message);
    return waitForOperation(*op, "upload the model", timeout);
}

Expected<nlohmann::json> VertexClient::createEndpoint(const std::string &endpointId,
                                                      const nlohmann::json &endpoint,
                                                      std::chrono::seconds timeout) const
{
    const std::string name = cat(parent(), "/endpoints/", endpointId);
    // A fixed endpoint id makes the create safe to retry: ALREADY_EXISTS means it is there.
    auto op = m_api.postJson(
        url(cat(parent(), "/endpoints?endpointId=", percentEncode(endpointId))), endpoint, true);
    if (!op) {
        if (op.error().code == ErrorCode::Conflict)
            return getEndpoint(name);
        return fail(op.error().code, "create the endpoint: " + op.error().message);
    }
    auto done = waitForOperation(*op, "create the endpoint " + endpointId, timeout);
    if (!done)
        return done;
    return getEndpoint(done->value("name", name));
}

Expected<nlohmann::json> VertexClient::getEndpoint(const std::string &name) const
{
    return m_api.getJson(url(name));
}

Expected<std::vector<nlohmann::json>> VertexClient::listModels(const std::string &filter) const
{
    return listAll("models", "models", filter);
}

Expected<std::vector<nlohmann::json>> VertexClient::listEndpoints(const std::string &filter) const
{
    return listAll("endpoints", "endpoints", filter);
}

Expected<nlohmann::json> VertexClient::deployModel(
    const std::string &endpoint, const nlohmann::json &request, std::chrono::seconds timeout,
    const std::function<void(const nlohmann::json &operation)> &sent) const
{
    auto op = m_api.postJson(url(endpoint + ":deployModel"), request, false);
    if (!op)
        return fail(op.error().code, "deploy the model: " + op.error().message);
    if (sent)
        sent(*op);
    return waitForOperation(*op, "deploy the model to " + endpoint, timeout);
}

Expected<void> VertexClient::undeployModel(const std::string &endpoint,
                                           const std::string &deployedModelId,
                                           std::chrono::seconds timeout,
                                           const nlohmann::json &trafficSplit) const
{
    nlohmann::json body = {{"deployedModelId", deployedModelId}};
    if (!trafficSplit.empty())
        body["trafficSplit"] = trafficSplit;
    auto op = m_api.postJson(url(endpoint + ":undeployModel"), body, true);
    if (!op)
        return fail(op.error().code, "undeploy " + deployedModelId + ": " + op.error().message);
    auto done = waitForOperation(*op, "undeploy " + deployedModelId, timeout);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Expected<nlohmann::json> VertexClient::updateEndpoint(const std::string &name,
                                                      const nlohmann::json &endpoint,
                                                      const std::string &updateMask) const
{
    ApiRequest request;
    request.method = "PATCH";
    request.url = url(name) + "?updateMask=" + percentEncode(updateMask);
    request.body = endpoint.dump();
    request.contentType = "application/json";
    return m_api.json(request);  // setting the same fields twice is harmless: retried
}

Expected<void> VertexClient::deleteEndpoint(const std::string &name,
                                            std::chrono::seconds timeout) const
{
    ApiRequest request;
    request.method = "DELETE";
    request.url = url(name);
    auto op = m_api.json(request);
    if (!op)
        return std::unexpected(op.error());
    auto done = waitForOperation(*op, "delete " + name, timeout);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Expected<void> VertexClient::deleteModel(const std::string &name,
                                         std::chrono::seconds timeout) const
{
    return deleteEndpoint(name, timeout);  // the same DELETE and operation
}

Expected<nlohmann::json> VertexClient::predict(const std::string &endpoint,
                                               const nlohmann::json &request) const
{
    // A prediction changes nothing: safe to retry.
    return m_api.postJson(url(endpoint + ":predict"), request, true);
}

}  // namespace covertype::cloud
