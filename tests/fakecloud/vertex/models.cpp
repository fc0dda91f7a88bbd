// The fake's models: uploads through operations, listing with filters, deletes guarded by
// deployments.
#include "vertex/models.h"

#include <algorithm>
#include <cstdlib>

namespace covertype::fakecloud::vertex {

namespace {

std::string withoutVersion(const std::string &name)
{
    return name.substr(0, name.find('@'));
}

}  // namespace

std::expected<nlohmann::json, RpcError> ModelStore::upload(const std::string &location,
                                                           nlohmann::json body)
{
    if (body.contains("parentModel"))
        return std::unexpected(RpcError{RpcCode::Unimplemented,
                                        "The fake Vertex AI does not upload model versions "
                                        "(parent_model).",
                                        {}});
    std::string id = body.value("modelId", "");
    if (id.empty())
        id = m_context.ids.next();
    const std::string name = m_context.parentName(location) + "/models/" + id;
    nlohmann::json model = body["model"];
    const std::string now = nowRfc3339();
    model["name"] = name;
    model["versionId"] = "1";
    model["versionAliases"] = {"default"};
    model["createTime"] = now;
    model["updateTime"] = now;
    model["versionCreateTime"] = now;
    model["versionUpdateTime"] = now;
    model["supportedDeploymentResourcesTypes"] = {"DEDICATED_RESOURCES"};
    {
        const std::lock_guard lock(m_mutex);
        if (m_models.contains(name))
            return std::unexpected(
                RpcError{RpcCode::AlreadyExists, "Model " + name + " already exists.", {}});
        m_models.emplace(name, std::move(model));
    }
    const std::string op =
        m_context.operations.start(name, "google.cloud.aiplatform.v1.UploadModelOperationMetadata",
                                   m_context.settings().operationPolls);
    m_context.operations.succeed(op, "google.cloud.aiplatform.v1.UploadModelResponse",
                                 {{"model", name}, {"modelVersionId", "1"}});
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

std::expected<nlohmann::json, RpcError> ModelStore::get(const std::string &name) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_models.find(withoutVersion(name));
    if (it == m_models.end())
        return std::unexpected(notFound("Model " + name + " not found."));
    return it->second;
}

std::expected<nlohmann::json, RpcError> ModelStore::list(const std::string &location,
                                                         const Request &request) const
{
    auto filter = ListFilter::parse(request.queryValue("filter").value_or(""));
    if (!filter)
        return std::unexpected(std::move(filter.error()));
    const std::string prefix = m_context.parentName(location) + "/models/";
    std::vector<nlohmann::json> items;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto &[name, model] : m_models)
            if (name.starts_with(prefix) && filter->matches(model))
                items.push_back(model);
    }
    return listPage(items, "models",
                    std::atoi(request.queryValue("pageSize").value_or("0").c_str()),
                    request.queryValue("pageToken").value_or(""));
}

std::expected<nlohmann::json, RpcError> ModelStore::remove(const std::string &name)
{
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_models.find(withoutVersion(name));
        if (it == m_models.end())
            return std::unexpected(notFound("Model " + name + " not found."));
        if (!it->second.value("deployedModels", nlohmann::json::array()).empty()) {
            std::string endpoints;
            for (const auto &ref : it->second["deployedModels"])
                endpoints += (endpoints.empty() ? "" : ", ") + ref.value("endpoint", "");
            return std::unexpected(failedPrecondition(
                "The model " + name +
                " is deployed or being deployed at the following endpoints: " + endpoints));
        }
        m_models.erase(it);
    }
    const auto parsed = parseResourceName(name);
    const std::string op = m_context.operations.start(
        m_context.parentName(parsed ? parsed->location : "us-central1"),
        "google.cloud.aiplatform.v1.DeleteOperationMetadata", m_context.settings().operationPolls);
    m_context.operations.succeed(op, "google.protobuf.Empty", nlohmann::json::object());
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

void ModelStore::addDeployment(const std::string &model, const std::string &endpoint,
                               const std::string &deployedModelId)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_models.find(withoutVersion(model));
    if (it != m_models.end())
        it->second["deployedModels"].push_back(
            {{"endpoint", endpoint}, {"deployedModelId", deployedModelId}});
}

void ModelStore::removeDeployment(const std::string &model, const std::string &endpoint,
                                  const std::string &deployedModelId)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_models.find(withoutVersion(model));
    if (it == m_models.end() || !it->second.contains("deployedModels"))
        return;
    auto &refs = it->second["deployedModels"];
    for (size_t i = 0; i < refs.size(); ++i)
        if (refs[i].value("endpoint", "") == endpoint &&
            refs[i].value("deployedModelId", "") == deployedModelId) {
            refs.erase(i);
            break;
        }
    if (refs.empty())
        it->second.erase("deployedModels");
}

}  // namespace covertype::fakecloud::vertex
