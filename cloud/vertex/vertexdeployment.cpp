// Vertex AI as a DeploymentTarget: model.json to Cloud Storage, models.upload, the endpoint,
// deployModel; undone step by step when a later step fails.
#include "vertex/vertexdeployment.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"
#include "files/fileinput.h"
#include "storage/gcsuri.h"
#include "training/model.h"

namespace covertype::cloud {

using nlohmann::json;

namespace {

constexpr const char *kModelLabel = "covertype-model";
constexpr const char *kVersionLabel = "covertype-version";
constexpr const char *kRunLabel = "covertype-run";

std::string lastPart(const std::string &name)
{
    return name.substr(name.rfind('/') + 1);
}

/// The model.json bytes at a local path or gs:// URI.
Expected<std::string> readModelBytes(const GcsClient &storage, const std::string &path)
{
    if (path.starts_with("gs://")) {
        auto uri = parseGcsUri(path);
        if (!uri)
            return std::unexpected(uri.error());
        if (uri->object.empty() || uri->object.ends_with('/'))
            uri->object += "model.json";
        return storage.downloadData(*uri, size_t(64) << 20);
    }
    return readWholeFile(path, size_t(64) << 20);
}

}  // namespace

std::string vertexLabelValue(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            out += char(std::tolower(u));
        else if (c == '-' || c == '_')
            out += c;
        else
            out += '-';
        if (out.size() == 63)
            break;
    }
    return out;
}

std::string vertexEndpointId(std::string_view model)
{
    std::string id = vertexLabelValue(model);
    std::ranges::replace(id, '_', '-');
    if (id.empty() || !std::isalpha(static_cast<unsigned char>(id.front())))
        id = "m-" + id;
    id = id.substr(0, 63);
    while (id.ends_with('-'))
        id.pop_back();
    return id;
}

VertexDeploymentTarget::VertexDeploymentTarget(const VertexClient &vertex, const GcsClient &storage,
                                               VertexDeploySettings settings)
    : m_vertex(vertex), m_storage(storage), m_settings(std::move(settings))
{
}

void VertexDeploymentTarget::setStepObserver(std::function<void(const DeployStep &)> observer)
{
    m_observer = std::move(observer);
}

void VertexDeploymentTarget::report(const std::string &what, DeployStep::State state,
                                    const std::string &detail)
{
    if (m_observer)
        m_observer(DeployStep{what, state, detail});
}

std::string VertexDeploymentTarget::endpointName(const std::string &model) const
{
    const std::string &given = m_settings.endpoint;
    if (given.starts_with("projects/"))
        return given;
    return cat(m_vertex.parent(), "/endpoints/", given.empty() ? vertexEndpointId(model) : given);
}

json VertexDeploymentTarget::labels(const std::string &model, const std::string &version) const
{
    json out = {{kModelLabel, vertexLabelValue(model)}};
    if (!version.empty())
        out[kVersionLabel] = vertexLabelValue(version);
    if (!m_settings.runId.empty())
        out[kRunLabel] = vertexLabelValue(m_settings.runId);
    return out;
}

Expected<std::pair<json, json>> VertexDeploymentTarget::findDeployed(
    const std::string &model, const std::string &version) const
{
    auto endpoint = m_vertex.getEndpoint(endpointName(model));
    if (!endpoint)
        return std::unexpected(endpoint.error());
    for (const json &d : endpoint->value("deployedModels", json::array()))
        if (d.value("displayName", "") == version)
            return std::pair{*endpoint, d};
    return std::pair{*endpoint, json()};
}

Expected<Deployment> VertexDeploymentTarget::deploy(const std::string &modelPath,
                                                    const std::string &model,
                                                    const std::string &version, bool replace)
{
    if (m_settings.servingImage.empty())
        return fail(ErrorCode::InvalidArgument,
                    "no serving image: give the serving container's URI (packaging/containers, "
                    "docs/cloud.md)");
    if (m_settings.gcsRoot.empty() || !m_settings.gcsRoot.starts_with("gs://"))
        return fail(ErrorCode::InvalidArgument,
                    cat("the GCS root must be a gs:// URI for the model artifacts, not '",
                        m_settings.gcsRoot, "'"));
    if (model.empty() || version.empty())
        return fail(ErrorCode::InvalidArgument, "a deployment needs a model name and a version");

    // What this call made, undone in reverse order when a later step fails. A cancel stops the
    // clients: the undo goes through clients that are not stopped (same tokens and retries).
    std::optional<GcsUri> artifact;
    std::string uploadedModel;
    std::string createdEndpoint;
    std::string deployingTo;  ///< the endpoint a deployModel was sent to
    json deployOperation;     ///< its operation, when the wait for it was cut short
    const auto undo = [&](Error error) -> Expected<Deployment> {
        const ApiClient unstopped = m_vertex.api().unstopped();
        const VertexClient vertex = m_vertex.through(unstopped);
        const GcsClient storage = m_storage.through(unstopped);
        bool allRemoved = true;
        const auto removal = [&](const std::string &what, auto &&remove) {
            report(what, DeployStep::State::Started);
            const Expected<void> removed = remove();
            report(what, removed ? DeployStep::State::Removed : DeployStep::State::Failed,
                   removed ? "" : removed.error().message);
            allRemoved = allRemoved && removed.has_value();
        };
        if (!deployOperation.is_null()) {
            // A deploy whose wait was cut short goes on at Vertex AI, and the model and endpoint
            // cannot go while it does: its end is waited for, and what it deployed undeployed.
            const std::string what = "wait for the deploy in progress to end";
            report(what, DeployStep::State::Started);
            auto ended = vertex.waitForOperation(deployOperation, "the deploy in progress",
                                                 m_settings.timeout);
            report(what, DeployStep::State::Done, ended ? "it deployed" : "it failed");
            if (ended && ended->contains("deployedModel")) {
                const std::string id = (*ended)["deployedModel"].value("id", "");
                removal("undeploy " + id,
                        [&] { return vertex.undeployModel(deployingTo, id, m_settings.timeout); });
            }
        }
        if (!uploadedModel.empty())
            removal("remove model " + uploadedModel,
                    [&] { return vertex.deleteModel(uploadedModel, m_settings.timeout); });
        if (!createdEndpoint.empty())
            removal("remove endpoint " + createdEndpoint,
                    [&] { return vertex.deleteEndpoint(createdEndpoint, m_settings.timeout); });
        if (artifact)
            removal("remove " + artifact->toString(), [&] { return storage.remove(*artifact); });
        if (m_vertex.api().stopToken().stop_requested())
            error = Error{ErrorCode::Cancelled,
                          allRemoved ? "the deploy was cancelled; what it made was removed"
                                     : "the deploy was cancelled; some of what it made could not "
                                       "be removed (see its steps)"};
        return std::unexpected(std::move(error));
    };
    const auto failed = [&](const std::string &what, Error error) {
        report(what, DeployStep::State::Failed, error.message);
        error.message = cat("deploying to Vertex AI: ", what, ": ", error.message);
        return undo(std::move(error));
    };

    // 1. The model, checked before anything is made.
    std::string step = "check " + modelPath;
    report(step, DeployStep::State::Started);
    auto bytes = readModelBytes(m_storage, modelPath);
    if (!bytes)
        return failed(step, bytes.error());
    json document = json::parse(*bytes, nullptr, false);
    if (document.is_discarded())
        return failed(step, Error{ErrorCode::Corrupt, modelPath + ": not JSON"});
    if (auto checked = Model::fromJson(document, modelPath); !checked)
        return failed(step, checked.error());
    report(step, DeployStep::State::Done);

    // 2. Nothing there yet, unless replacing.
    const std::string endpoint = endpointName(model);
    step = "look up endpoint " + endpoint;
    report(step, DeployStep::State::Started);
    json existing;
    json previous;
    if (auto found = findDeployed(model, version); found) {
        existing = found->first;
        previous = found->second;
        if (!previous.is_null() && !replace)
            return failed(step, Error{ErrorCode::Conflict,
                                      cat(model, " ", version, " is already deployed on ", endpoint,
                                          " (deployed model ", previous.value("id", ""),
                                          "); replace it to deploy again")});
    } else if (found.error().code != ErrorCode::NotFound) {
        return failed(step, found.error());
    } else if (m_settings.endpoint.starts_with("projects/")) {
        return failed(step, found.error());  // a full name must exist; an id is made
    }
    report(step, DeployStep::State::Done, existing.is_null() ? "new" : "exists");

    // 3. model.json under the GCS root.
    auto root = parseGcsUri(m_settings.gcsRoot);
    if (!root)
        return failed("copy the model", root.error());
    const GcsUri directory =
        root->child(cat("models/", vertexLabelValue(model), "/", vertexLabelValue(version), "/"));
    const GcsUri target = directory.child("model.json");
    step = "copy model.json to " + target.toString();
    report(step, DeployStep::State::Started);
    GcsTransferOptions asJson;
    asJson.contentType = "application/json";
    if (auto stored = m_storage.uploadData(*bytes, target, asJson); !stored)
        return failed(step, stored.error());
    artifact = target;
    report(step, DeployStep::State::Done);

    // 4. The Vertex model, served by the serving image.
    step = "upload the model to Vertex AI";
    report(step, DeployStep::State::Started);
    const nlohmann::json upload = {{"model",
                                    {{"displayName", cat(model, "-", version)},
                                     {"description", cat("Covertype model ", model, " ", version)},
                                     {"artifactUri", directory.toString()},
                                     {"labels", labels(model, version)},
                                     {"containerSpec",
                                      {{"imageUri", m_settings.servingImage},
                                       {"predictRoute", "/predict"},
                                       {"healthRoute", "/health"},
                                       {"ports", {{{"containerPort", 8080}}}}}}}}};
    auto uploaded = m_vertex.uploadModel(upload, m_settings.timeout);
    if (!uploaded)
        return failed(step, uploaded.error());
    uploadedModel = uploaded->value("model", "");
    report(step, DeployStep::State::Done, uploadedModel);

    // 5. The endpoint.
    if (existing.is_null()) {
        step = "create endpoint " + endpoint;
        report(step, DeployStep::State::Started);
        auto created = m_vertex.createEndpoint(
            lastPart(endpoint), {{"displayName", model}, {"labels", labels(model, "")}},
            m_settings.timeout);
        if (!created)
            return failed(step, created.error());
        createdEndpoint = created->value("name", endpoint);
        existing = *created;
        report(step, DeployStep::State::Done, createdEndpoint);
    }

    // 6. Deployed with all the traffic, and serving.
    step = cat("deploy on ", m_settings.machineType, " and wait until it serves");
    report(step, DeployStep::State::Started);
    const json request = {{"deployedModel",
                           {{"model", uploadedModel},
                            {"displayName", version},
                            {"dedicatedResources",
                             {{"machineSpec", {{"machineType", m_settings.machineType}}},
                              {"minReplicaCount", 1},
                              {"maxReplicaCount", 1}}}}},
                          {"trafficSplit", {{"0", 100}}}};
    deployingTo = existing.value("name", endpoint);
    json sentOperation;
    auto deployed = m_vertex.deployModel(deployingTo, request, m_settings.timeout,
                                         [&sentOperation](const json &op) { sentOperation = op; });
    if (!deployed) {
        if (deployed.error().code == ErrorCode::Cancelled)
            deployOperation = sentOperation;
        return failed(step, deployed.error());
    }
    const std::string deployedId = (*deployed)["deployedModel"].value("id", "");
    report(step, DeployStep::State::Done, "deployed model " + deployedId);

    // 7. The version replaced, now that the new one serves (it has no traffic left).
    if (!previous.is_null()) {
        step = "undeploy the replaced " + version + " (" + previous.value("id", "") + ")";
        report(step, DeployStep::State::Started);
        auto gone = m_vertex.undeployModel(existing.value("name", endpoint),
                                           previous.value("id", ""), m_settings.timeout);
        // The new version serves: a leftover old one is reported, not rolled back.
        report(step, gone ? DeployStep::State::Done : DeployStep::State::Failed,
               gone ? "" : gone.error().message);
        if (gone && previous.contains("model"))
            (void)m_vertex.deleteModel(previous.value("model", ""), m_settings.timeout);
    }

    Deployment out;
    out.target = name();
    out.model = model;
    out.version = version;
    out.endpoint = existing.value("name", endpoint);
    out.modelPath = target.toString();
    out.createdAt = utcTimestamp();
    out.isDefault = true;
    return out;
}

Expected<std::vector<Deployment>> VertexDeploymentTarget::list()
{
    auto endpoints = m_vertex.listEndpoints(cat("labels.", kModelLabel, ":*"));
    if (!endpoints)
        return std::unexpected(endpoints.error());
    std::vector<Deployment> out;
    for (const json &e : *endpoints) {
        const json split = e.value("trafficSplit", json::object());
        int most = 0;
        for (const auto &[id, percent] : split.items())
            most = std::max(most, percent.get<int>());
        const std::string model =
            e.value("labels", json::object()).value(kModelLabel, e.value("displayName", ""));
        for (const json &d : e.value("deployedModels", json::array())) {
            Deployment item;
            item.target = name();
            item.model = model;
            item.version = d.value("displayName", d.value("id", ""));
            item.endpoint = e.value("name", "");
            item.modelPath = d.value("model", "");
            item.createdAt = d.value("createTime", "");
            const std::string id = d.value("id", "");
            item.isDefault = most > 0 && split.contains(id) && split[id].get<int>() == most;
            item.trafficPercent = split.contains(id) ? split[id].get<int>() : 0;
            out.push_back(std::move(item));
        }
    }
    std::ranges::sort(out, [](const Deployment &a, const Deployment &b) {
        return std::tie(a.model, a.version) < std::tie(b.model, b.version);
    });
    return out;
}

Expected<void> VertexDeploymentTarget::setDefault(const std::string &model,
                                                  const std::string &version)
{
    auto found = findDeployed(model, version);
    if (!found)
        return std::unexpected(found.error());
    const auto &[endpoint, deployed] = *found;
    if (deployed.is_null())
        return fail(ErrorCode::NotFound,
                    cat(model, " ", version, " is not deployed on ", endpoint.value("name", "")));
    const json patch = {{"displayName", endpoint.value("displayName", model)},
                        {"trafficSplit", {{deployed.value("id", ""), 100}}}};
    auto updated = m_vertex.updateEndpoint(endpoint.value("name", ""), patch, "trafficSplit");
    if (!updated)
        return std::unexpected(updated.error());
    return {};
}

Expected<void> VertexDeploymentTarget::undeploy(const std::string &model,
                                                const std::string &version)
{
    auto found = findDeployed(model, version);
    if (!found)
        return std::unexpected(found.error());
    const auto &[endpoint, deployed] = *found;
    const std::string endpointResource = endpoint.value("name", "");
    if (deployed.is_null())
        return fail(ErrorCode::NotFound,
                    cat(model, " ", version, " is not deployed on ", endpointResource));
    const std::string id = deployed.value("id", "");
    const size_t count = endpoint.value("deployedModels", json::array()).size();
    const json split = endpoint.value("trafficSplit", json::object());
    if (count > 1 && split.contains(id) && split[id].get<int>() > 0)
        return fail(ErrorCode::Conflict,
                    cat(model, " ", version, " takes ", split[id].get<int>(),
                        "% of the traffic; make another version the default first"));
    if (auto gone = m_vertex.undeployModel(endpointResource, id, m_settings.timeout); !gone)
        return std::unexpected(gone.error());
    if (auto removed = m_vertex.deleteModel(deployed.value("model", ""), m_settings.timeout);
        !removed && removed.error().code != ErrorCode::NotFound)
        return std::unexpected(removed.error());
    if (count == 1)
        if (auto removed = m_vertex.deleteEndpoint(endpointResource, m_settings.timeout); !removed)
            return std::unexpected(removed.error());
    return {};
}

Expected<void> VertexDeploymentTarget::deleteEndpoint(const std::string &endpoint)
{
    auto found = m_vertex.getEndpoint(endpoint);
    if (!found)
        return std::unexpected(found.error());
    // Models without traffic first: Vertex AI refuses to undeploy one that still has some while
    // others remain.
    std::vector<json> deployed = found->value("deployedModels", json::array());
    const json split = found->value("trafficSplit", json::object());
    std::ranges::stable_partition(deployed, [&split](const json &d) {
        const std::string id = d.value("id", "");
        return !split.contains(id) || split[id].get<int>() == 0;
    });
    for (const json &d : deployed) {
        if (auto gone = m_vertex.undeployModel(endpoint, d.value("id", ""), m_settings.timeout);
            !gone)
            return std::unexpected(gone.error());
        if (auto removed = m_vertex.deleteModel(d.value("model", ""), m_settings.timeout);
            !removed && removed.error().code != ErrorCode::NotFound)
            return std::unexpected(removed.error());
    }
    return m_vertex.deleteEndpoint(endpoint, m_settings.timeout);
}

Expected<json> VertexDeploymentTarget::predict(const std::string &model, const std::string &version,
                                               const json &request)
{
    if (!version.empty()) {
        auto found = findDeployed(model, version);
        if (!found)
            return std::unexpected(found.error());
        const auto &[endpoint, deployed] = *found;
        const json split = endpoint.value("trafficSplit", json::object());
        if (deployed.is_null())
            return fail(ErrorCode::NotFound, cat(model, " ", version, " is not deployed on ",
                                                 endpoint.value("name", "")));
        const std::string id = deployed.value("id", "");
        if (!split.contains(id) || split[id].get<int>() != 100)
            return fail(ErrorCode::InvalidArgument,
                        cat("Vertex AI answers by traffic split, and ", model, " ", version,
                            " does not take all of it: make it the default to query it"));
    }
    return m_vertex.predict(endpointName(model), request);
}

}  // namespace covertype::cloud
