// Long-running operations: created by a call, finished by its work, reported done after polls.
#include "vertex/operations.h"

namespace covertype::fakecloud::vertex {

namespace {

constexpr const char *kTypePrefix = "type.googleapis.com/";

}  // namespace

std::string OperationStore::start(const std::string &resource, const std::string &metadataType,
                                  int polls)
{
    const std::string name = resource + "/operations/" + m_ids.next();
    Operation op;
    const std::string now = nowRfc3339();
    op.metadata = {{"@type", kTypePrefix + metadataType},
                   {"genericMetadata", {{"createTime", now}, {"updateTime", now}}}};
    op.pollsNeeded = polls;
    const std::lock_guard lock(m_mutex);
    m_operations.emplace(name, std::move(op));
    return name;
}

void OperationStore::succeed(const std::string &name, const std::string &responseType,
                             nlohmann::json response)
{
    response["@type"] = kTypePrefix + responseType;
    const std::lock_guard lock(m_mutex);
    const auto it = m_operations.find(name);
    if (it == m_operations.end() || it->second.response || it->second.error)
        return;
    it->second.response = std::move(response);
    it->second.metadata["genericMetadata"]["updateTime"] = nowRfc3339();
}

void OperationStore::fail(const std::string &name, const RpcError &error)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_operations.find(name);
    if (it == m_operations.end() || it->second.response || it->second.error)
        return;
    it->second.error = error;
    it->second.metadata["genericMetadata"]["updateTime"] = nowRfc3339();
}

void OperationStore::setMetadata(const std::string &name, const std::string &key,
                                 nlohmann::json value)
{
    const std::lock_guard lock(m_mutex);
    if (const auto it = m_operations.find(name); it != m_operations.end())
        it->second.metadata[key] = std::move(value);
}

nlohmann::json OperationStore::render(const std::string &name, const Operation &op, bool done)
{
    nlohmann::json out = {{"name", name}, {"metadata", op.metadata}};
    if (!done)
        return out;
    out["done"] = true;
    if (op.error)
        out["error"] = op.error->status();
    else
        out["response"] = *op.response;
    return out;
}

std::map<std::string, OperationStore::Operation>::iterator OperationStore::find(
    const std::string &name)
{
    auto it = m_operations.find(name);
    if (it != m_operations.end())
        return it;
    // "projects/P/locations/L/operations/ID" also names an operation nested under a resource
    // of that location (gcloud ai operations describe ID does this).
    const auto parsed = parseResourceName(name);
    if (!parsed || parsed->collection != "operations" ||
        name != parsed->parent() + "/operations/" + parsed->id)
        return m_operations.end();
    for (it = m_operations.begin(); it != m_operations.end(); ++it)
        if (it->first.starts_with(parsed->parent() + "/") &&
            it->first.ends_with("/operations/" + parsed->id))
            return it;
    return m_operations.end();
}

std::optional<nlohmann::json> OperationStore::poll(const std::string &name)
{
    const std::lock_guard lock(m_mutex);
    const auto it = find(name);
    if (it == m_operations.end())
        return std::nullopt;
    Operation &op = it->second;
    ++op.polls;
    return render(it->first, op, (op.response || op.error) && op.polls >= op.pollsNeeded);
}

std::optional<nlohmann::json> OperationStore::peek(const std::string &name) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_operations.find(name);
    if (it == m_operations.end())
        return std::nullopt;
    const Operation &op = it->second;
    return render(name, op, (op.response || op.error) && op.polls >= op.pollsNeeded);
}

bool OperationStore::remove(const std::string &name)
{
    const std::lock_guard lock(m_mutex);
    return m_operations.erase(name) > 0;
}

}  // namespace covertype::fakecloud::vertex
