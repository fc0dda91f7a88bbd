// The fake's endpoints: resources, deployments as real serving processes, traffic splits and
// prediction forwarding.
#include "vertex/endpoints.h"

#include <cctype>
#include <cstdlib>

#include "vertex/localhttp.h"
#include "vertex/localprocess.h"
#include "vertex/models.h"

namespace covertype::fakecloud::vertex {

namespace {

using namespace std::chrono_literals;

std::string tail(const std::string &text, size_t max = 2000)
{
    std::string out = text.size() > max ? "..." + text.substr(text.size() - max) : text;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out;
}

bool validEndpointId(const std::string &id)
{
    // Up to 10 digits (no leading 0), or a lower-case name of letters, digits and '-'.
    if (id.empty() || id.size() > 63)
        return false;
    bool digits = true;
    for (const char c : id)
        digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (digits)
        return id.size() <= 10 && id[0] != '0';
    if (!std::islower(static_cast<unsigned char>(id[0])))
        return false;
    for (const char c : id)
        if (!std::islower(static_cast<unsigned char>(c)) &&
            !std::isdigit(static_cast<unsigned char>(c)) && c != '-')
            return false;
    return id.back() != '-';
}

nlohmann::json splitJson(const std::map<std::string, int> &split)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto &[id, percent] : split)
        out[id] = percent;
    return out;
}

std::map<std::string, int> splitOf(const nlohmann::json &resource)
{
    std::map<std::string, int> out;
    const nlohmann::json split = resource.value("trafficSplit", nlohmann::json::object());
    for (const auto &[id, percent] : split.items())
        out[id] = percent.get<int>();
    return out;
}

}  // namespace

EndpointStore::EndpointStore(VertexContext &context, ModelStore &models)
    : m_context(context), m_models(models), m_random(context.settings().seed)
{
}

EndpointStore::~EndpointStore()
{
    m_shuttingDown = true;
    for (auto &t : m_threads)
        if (t.joinable())
            t.join();
    std::map<std::string, Endpoint> endpoints;
    {
        const std::lock_guard lock(m_mutex);
        endpoints.swap(m_endpoints);
    }
    for (auto &[name, endpoint] : endpoints)
        for (auto &[id, deployment] : endpoint.deployments)
            if (deployment->process)
                deployment->process->stop(500ms);
}

std::expected<nlohmann::json, RpcError> EndpointStore::create(const std::string &location,
                                                              const std::string &endpointId,
                                                              nlohmann::json endpoint)
{
    if (!endpointId.empty() && !validEndpointId(endpointId))
        return std::unexpected(invalidArgument(
            "Invalid endpoint_id '" + endpointId +
                "': up to 10 digits, or lower-case letters, digits and '-' starting with a letter.",
            {{"endpoint_id", "invalid endpoint id"}}));
    const std::string id = endpointId.empty() ? m_context.ids.next() : endpointId;
    const std::string name = m_context.parentName(location) + "/endpoints/" + id;
    const std::string now = nowRfc3339();
    endpoint["name"] = name;
    endpoint["createTime"] = now;
    endpoint["updateTime"] = now;
    endpoint["etag"] = "AMEw9yP" + m_context.ids.next();
    endpoint.erase("trafficSplit");  // nothing is deployed yet
    {
        const std::lock_guard lock(m_mutex);
        if (m_endpoints.contains(name))
            return std::unexpected(
                RpcError{RpcCode::AlreadyExists, "Endpoint " + name + " already exists.", {}});
        m_endpoints[name].resource = endpoint;
    }
    const std::string op = m_context.operations.start(
        name, "google.cloud.aiplatform.v1.CreateEndpointOperationMetadata",
        m_context.settings().operationPolls);
    m_context.operations.succeed(op, "google.cloud.aiplatform.v1.Endpoint", endpoint);
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

std::expected<nlohmann::json, RpcError> EndpointStore::get(const std::string &name) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_endpoints.find(name);
    if (it == m_endpoints.end())
        return std::unexpected(notFound("Endpoint " + name + " not found."));
    return it->second.resource;
}

std::expected<nlohmann::json, RpcError> EndpointStore::update(const std::string &name,
                                                              const nlohmann::json &endpoint,
                                                              const std::string &updateMask)
{
    if (updateMask.empty())
        return std::unexpected(invalidArgument("update_mask is required.",
                                               {{"update_mask", "must name the fields to set"}}));
    const std::lock_guard lock(m_mutex);
    const auto it = m_endpoints.find(name);
    if (it == m_endpoints.end())
        return std::unexpected(notFound("Endpoint " + name + " not found."));
    Endpoint &stored = it->second;
    nlohmann::json updated = stored.resource;
    for (size_t from = 0; from <= updateMask.size();) {
        const size_t comma = std::min(updateMask.find(',', from), updateMask.size());
        const std::string field = updateMask.substr(from, comma - from);
        from = comma + 1;
        const std::string key = field == "traffic_split"  ? "trafficSplit"
                                : field == "display_name" ? "displayName"
                                                          : field;
        if (key == "trafficSplit") {
            auto split =
                checkSplit(endpoint.value("trafficSplit", nlohmann::json::object()), stored, "");
            if (!split)
                return std::unexpected(std::move(split.error()));
            if (split->empty() && !stored.deployments.empty())
                return std::unexpected(
                    invalidArgument("The traffic split must add up to 100; it is empty.",
                                    {{"traffic_split", "empty while models are deployed"}}));
            updated["trafficSplit"] = splitJson(*split);
        } else if (key == "displayName" || key == "description" || key == "labels") {
            if (endpoint.contains(key))
                updated[key] = endpoint[key];
            else
                updated.erase(key);
        } else {
            return std::unexpected(
                invalidArgument("Unsupported field in update_mask: '" + field + "'.",
                                {{"update_mask", "cannot update " + field}}));
        }
    }
    if (updated.value("displayName", "").empty())
        return std::unexpected(invalidArgument("Endpoint display_name is required.",
                                               {{"endpoint.display_name", "is required"}}));
    updated["updateTime"] = nowRfc3339();
    stored.resource = std::move(updated);
    return stored.resource;
}

std::expected<nlohmann::json, RpcError> EndpointStore::list(const std::string &location,
                                                            const Request &request) const
{
    auto filter = ListFilter::parse(request.queryValue("filter").value_or(""));
    if (!filter)
        return std::unexpected(std::move(filter.error()));
    const std::string prefix = m_context.parentName(location) + "/endpoints/";
    std::vector<nlohmann::json> items;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto &[name, endpoint] : m_endpoints)
            if (name.starts_with(prefix) && filter->matches(endpoint.resource))
                items.push_back(endpoint.resource);
    }
    return listPage(items, "endpoints",
                    std::atoi(request.queryValue("pageSize").value_or("0").c_str()),
                    request.queryValue("pageToken").value_or(""));
}

std::expected<nlohmann::json, RpcError> EndpointStore::remove(const std::string &name)
{
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_endpoints.find(name);
        if (it == m_endpoints.end())
            return std::unexpected(notFound("Endpoint " + name + " not found."));
        if (!it->second.deployments.empty() || it->second.pending > 0)
            return std::unexpected(failedPrecondition(
                "Endpoint " + name +
                " has deployed or being-deployed DeployedModel(s); undeploy them first."));
        m_endpoints.erase(it);
    }
    const auto parsed = parseResourceName(name);
    const std::string op = m_context.operations.start(
        m_context.parentName(parsed ? parsed->location : "us-central1"),
        "google.cloud.aiplatform.v1.DeleteOperationMetadata", m_context.settings().operationPolls);
    m_context.operations.succeed(op, "google.protobuf.Empty", nlohmann::json::object());
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

std::expected<std::map<std::string, int>, RpcError> EndpointStore::checkSplit(
    const nlohmann::json &split, const Endpoint &endpoint, const std::string &newId)
{
    std::map<std::string, int> out;
    int sum = 0;
    for (const auto &[key, percent] : split.items()) {
        const std::string id = key == "0" ? newId : key;
        if (id.empty() || (key != "0" && !endpoint.deployments.contains(key)))
            return std::unexpected(
                invalidArgument("Traffic split names DeployedModel '" + key +
                                    "', which the Endpoint does not have.",
                                {{"traffic_split", "unknown deployed model id " + key}}));
        const int p = percent.get<int>();
        if (p < 0 || p > 100)
            return std::unexpected(invalidArgument("Traffic split percentages must be 0-100.",
                                                   {{"traffic_split", "out of range"}}));
        sum += p;
        if (p > 0)
            out[id] = p;
    }
    if (!split.empty() && sum != 100)
        return std::unexpected(invalidArgument(
            "The traffic split must add up to 100; it adds up to " + std::to_string(sum) + ".",
            {{"traffic_split", "sum is " + std::to_string(sum)}}));
    return out;
}

std::expected<nlohmann::json, RpcError> EndpointStore::deploy(const std::string &name,
                                                              const std::string &model,
                                                              nlohmann::json request)
{
    auto modelResource = m_models.get(model);
    if (!modelResource)
        return std::unexpected(notFound("Model " + model + " not found."));
    nlohmann::json deployed = request["deployedModel"];
    const std::string id =
        deployed.value("id", "").empty() ? m_context.ids.next() : deployed.value("id", "");
    std::map<std::string, int> split;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_endpoints.find(name);
        if (it == m_endpoints.end())
            return std::unexpected(notFound("Endpoint " + name + " not found."));
        Endpoint &endpoint = it->second;
        if (endpoint.deployments.contains(id))
            return std::unexpected(
                RpcError{RpcCode::AlreadyExists, "DeployedModel " + id + " already exists.", {}});
        const nlohmann::json given = request.value("trafficSplit", nlohmann::json::object());
        auto checked = checkSplit(given, endpoint, id);
        if (!checked)
            return std::unexpected(std::move(checked.error()));
        split = given.empty() ? splitOf(endpoint.resource) : std::move(*checked);
        if (given.empty() && endpoint.deployments.empty() && endpoint.pending == 0)
            split = {{id, 100}};
        ++endpoint.pending;
    }
    deployed["id"] = id;
    deployed["model"] = model;
    deployed["modelVersionId"] = "1";
    if (!deployed.contains("displayName"))
        deployed["displayName"] = modelResource->value("displayName", "");
    m_models.addDeployment(model, name, id);

    auto deployment = std::make_shared<Deployment>();
    deployment->endpoint = name;
    deployment->deployedModelId = id;
    deployment->model = model;
    deployment->modelDisplayName = modelResource->value("displayName", "");
    const std::string op =
        m_context.operations.start(name, "google.cloud.aiplatform.v1.DeployModelOperationMetadata",
                                   m_context.settings().operationPolls);
    m_context.operations.setMetadata(op, "deploymentStage", "STARTING_MODEL_SERVER");
    const std::lock_guard lock(m_mutex);
    m_threads.emplace_back([this, deployment, deployed, resource = *modelResource, split, op] {
        runDeployment(deployment, deployed, resource, split, op);
    });
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

void EndpointStore::runDeployment(std::shared_ptr<Deployment> deployment,
                                  nlohmann::json deployedModel, nlohmann::json modelResource,
                                  std::map<std::string, int> split, std::string operation)
{
    const auto fail = [&](const std::string &message) {
        if (deployment->process)
            deployment->process->stop(1000ms);
        m_models.removeDeployment(deployment->model, deployment->endpoint,
                                  deployment->deployedModelId);
        {
            const std::lock_guard lock(m_mutex);
            if (const auto it = m_endpoints.find(deployment->endpoint); it != m_endpoints.end())
                --it->second.pending;
        }
        m_context.operations.fail(operation, RpcError{RpcCode::InvalidArgument, message, {}});
    };
    const nlohmann::json container = modelResource.value("containerSpec", nlohmann::json::object());
    const std::string image = container.value("imageUri", "");
    const auto prefix = m_context.containerCommand(image);
    if (!prefix)
        return fail(VertexContext::unknownImage(image));
    const std::string endpointId = deployment->endpoint.substr(deployment->endpoint.rfind('/') + 1);
    const std::string base =
        "/v1/endpoints/" + endpointId + "/deployedModels/" + deployment->deployedModelId;
    deployment->predictRoute = container.value("predictRoute", base + ":predict");
    deployment->healthRoute = container.value("healthRoute", base);
    deployment->port = freeLocalPort();
    std::vector<std::string> argv = *prefix;
    if (const auto command = container.value("command", nlohmann::json::array()); !command.empty())
        argv = command.get<std::vector<std::string>>();
    for (const auto &arg : container.value("args", nlohmann::json::array()))
        argv.push_back(arg.get<std::string>());
    EnvList env;
    for (const auto &e : container.value("env", nlohmann::json::array()))
        env.emplace_back(e.value("name", ""), e.value("value", ""));
    env.insert(env.end(), {{"AIP_HTTP_PORT", std::to_string(deployment->port)},
                           {"AIP_HEALTH_ROUTE", deployment->healthRoute},
                           {"AIP_PREDICT_ROUTE", deployment->predictRoute},
                           {"AIP_STORAGE_URI", modelResource.value("artifactUri", "")},
                           {"AIP_MODE", "PREDICTION"},
                           {"AIP_ENDPOINT_ID", endpointId},
                           {"AIP_DEPLOYED_MODEL_ID", deployment->deployedModelId}});
    const VertexSettings settings = m_context.settings();
    deployment->process =
        std::make_unique<LocalProcess>(argv, m_context.containerEnv(env), settings.outputCap);
    if (!deployment->process->started())
        return fail("Model server could not start: " + deployment->process->startError());
    const auto deadline = std::chrono::steady_clock::now() + settings.deployTimeout;
    for (;;) {
        if (m_shuttingDown)
            return fail("The fake is shutting down.");
        if (deployment->process->wait(200ms))
            return fail("Model server exited unexpectedly with status " +
                        std::to_string(deployment->process->exitCode().value_or(-1)) +
                        ". Model server logs:\n" + tail(deployment->process->stderrTail()));
        const auto health = localHttp(deployment->port, "GET", deployment->healthRoute, "", 1000ms);
        if (health && health->status == 200)
            break;
        if (std::chrono::steady_clock::now() > deadline)
            return fail("Model server never became ready within " +
                        std::to_string(settings.deployTimeout.count() / 1000.0).substr(0, 5) +
                        " s: " + deployment->healthRoute +
                        " did not answer 200. Model server "
                        "logs:\n" +
                        tail(deployment->process->stderrTail()));
    }
    deployedModel["createTime"] = nowRfc3339();
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_endpoints.find(deployment->endpoint);
        if (it == m_endpoints.end())
            return;  // cannot happen: deletes wait for pending deployments
        Endpoint &endpoint = it->second;
        --endpoint.pending;
        deployment->ready = true;
        endpoint.deployments[deployment->deployedModelId] = deployment;
        endpoint.resource["deployedModels"].push_back(deployedModel);
        endpoint.resource["trafficSplit"] = splitJson(split);
        endpoint.resource["updateTime"] = deployedModel["createTime"];
    }
    m_context.operations.setMetadata(operation, "deploymentStage", "DEPLOYMENT_TERMINATED");
    m_context.operations.succeed(operation, "google.cloud.aiplatform.v1.DeployModelResponse",
                                 {{"deployedModel", deployedModel}});
}

std::expected<nlohmann::json, RpcError> EndpointStore::undeploy(const std::string &name,
                                                                const nlohmann::json &request)
{
    const std::string id = request.value("deployedModelId", "");
    std::shared_ptr<Deployment> deployment;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_endpoints.find(name);
        if (it == m_endpoints.end())
            return std::unexpected(notFound("Endpoint " + name + " not found."));
        Endpoint &endpoint = it->second;
        const auto found = endpoint.deployments.find(id);
        if (found == endpoint.deployments.end())
            return std::unexpected(notFound("DeployedModel " + id + " not found in " + name + "."));
        Endpoint remaining;
        remaining.deployments = endpoint.deployments;
        remaining.deployments.erase(id);
        const nlohmann::json given = request.value("trafficSplit", nlohmann::json::object());
        auto split = checkSplit(given, remaining, "");
        if (!split)
            return std::unexpected(std::move(split.error()));
        if (given.empty()) {
            *split = splitOf(endpoint.resource);
            const int share = split->contains(id) ? (*split)[id] : 0;
            split->erase(id);
            if (share > 0 && !remaining.deployments.empty())
                return std::unexpected(failedPrecondition(
                    "DeployedModel " + id + " has " + std::to_string(share) +
                    "% of the Endpoint's traffic; give a traffic_split for the models that stay."));
        }
        deployment = found->second;
        endpoint.deployments.erase(found);
        auto &list = endpoint.resource["deployedModels"];
        for (size_t i = 0; i < list.size(); ++i)
            if (list[i].value("id", "") == id) {
                list.erase(i);
                break;
            }
        if (list.empty())
            endpoint.resource.erase("deployedModels");
        if (split->empty())
            endpoint.resource.erase("trafficSplit");
        else
            endpoint.resource["trafficSplit"] = splitJson(*split);
        endpoint.resource["updateTime"] = nowRfc3339();
    }
    deployment->process->stop(2000ms);
    m_models.removeDeployment(deployment->model, name, id);
    const std::string op = m_context.operations.start(
        name, "google.cloud.aiplatform.v1.UndeployModelOperationMetadata",
        m_context.settings().operationPolls);
    m_context.operations.succeed(op, "google.cloud.aiplatform.v1.UndeployModelResponse",
                                 nlohmann::json::object());
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

std::expected<nlohmann::json, RpcError> EndpointStore::predict(const std::string &name,
                                                               const nlohmann::json &request)
{
    std::shared_ptr<Deployment> chosen;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_endpoints.find(name);
        if (it == m_endpoints.end())
            return std::unexpected(notFound("Endpoint " + name + " not found."));
        const Endpoint &endpoint = it->second;
        if (endpoint.deployments.empty())
            return std::unexpected(
                failedPrecondition("Endpoint " + name + " does not have any deployed models."));
        const auto split = splitOf(endpoint.resource);
        int total = 0;
        for (const auto &[id, p] : split)
            total += p;
        if (total <= 0)
            return std::unexpected(failedPrecondition("Endpoint " + name +
                                                      " sends no traffic to any deployed model."));
        int pick = std::uniform_int_distribution<int>(0, total - 1)(m_random);
        for (const auto &[id, p] : split) {
            if (pick < p) {
                const auto d = endpoint.deployments.find(id);
                if (d != endpoint.deployments.end())
                    chosen = d->second;
                break;
            }
            pick -= p;
        }
        if (!chosen)
            return std::unexpected(RpcError{RpcCode::Internal, "traffic split out of date", {}});
    }
    nlohmann::json forward = {{"instances", request.value("instances", nlohmann::json::array())}};
    if (request.contains("parameters"))
        forward["parameters"] = request["parameters"];
    const auto reply = localHttp(chosen->port, "POST", chosen->predictRoute, forward.dump(), 60s);
    if (!reply)
        return std::unexpected(RpcError{
            RpcCode::Unavailable,
            "The model server of DeployedModel " + chosen->deployedModelId + " did not answer.",
            {}});
    if (reply->status != 200)
        return std::unexpected(
            RpcError{reply->status >= 500 ? RpcCode::Internal : RpcCode::FailedPrecondition,
                     "The model server answered " + std::to_string(reply->status) + ": " +
                         tail(reply->body, 4000),
                     {}});
    const auto body = nlohmann::json::parse(reply->body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("predictions"))
        return std::unexpected(
            RpcError{RpcCode::Internal,
                     "The model server's answer has no \"predictions\": " + tail(reply->body, 1000),
                     {}});
    return nlohmann::json{{"predictions", body["predictions"]},
                          {"deployedModelId", chosen->deployedModelId},
                          {"model", chosen->model},
                          {"modelVersionId", "1"},
                          {"modelDisplayName", chosen->modelDisplayName}};
}

}  // namespace covertype::fakecloud::vertex
