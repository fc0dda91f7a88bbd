// Datasets and tables of the fake BigQuery.
#include "bigquery/tablestore.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace covertype::fakecloud::bigquery {

namespace {

/// The REST API's names of the column types (tables.get says INTEGER for an INT64 column).
const char *legacyTypeName(ColumnType type)
{
    switch (type) {
        case ColumnType::Int64:
            return "INTEGER";
        case ColumnType::Float64:
            return "FLOAT";
        case ColumnType::Bool:
            return "BOOLEAN";
        case ColumnType::String:
            return "STRING";
    }
    return "STRING";
}

int64_t storedBytes(const Dataset &data)
{
    int64_t bytes = 0;
    for (const Column &c : data.columns())
        for (size_t row = 0; row < c.size(); ++row)
            if (!c.isNull(row))
                bytes += c.type == ColumnType::String
                             ? 2 + int64_t(c.dictionary[size_t(c.codes[row])].size())
                             : (c.type == ColumnType::Bool ? 1 : 8);
    return bytes;
}

}  // namespace

int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

nlohmann::json TableStore::schemaJson(const std::vector<Field> &schema)
{
    nlohmann::json fields = nlohmann::json::array();
    for (const Field &f : schema)
        fields.push_back(
            {{"name", f.name}, {"type", legacyTypeName(f.type)}, {"mode", "NULLABLE"}});
    return {{"fields", fields}};
}

nlohmann::json TableStore::datasetResource(const Key &key, const DatasetEntry &d)
{
    const std::string id = key.first + ":" + key.second;
    return {{"kind", "bigquery#dataset"},
            {"id", id},
            {"etag", std::to_string(d.creationTime)},
            {"selfLink", "/bigquery/v2/projects/" + key.first + "/datasets/" + key.second},
            {"datasetReference", {{"projectId", key.first}, {"datasetId", key.second}}},
            {"location", d.location},
            {"creationTime", std::to_string(d.creationTime)},
            {"lastModifiedTime", std::to_string(d.creationTime)},
            {"type", "DEFAULT"}};
}

nlohmann::json TableStore::tableResource(const TableRef &ref, const DatasetEntry &d, const Table &t)
{
    return {{"kind", "bigquery#table"},
            {"id", ref.display()},
            {"etag", std::to_string(t.lastModifiedTime)},
            {"selfLink", "/bigquery/v2/projects/" + ref.project + "/datasets/" + ref.dataset +
                             "/tables/" + ref.table},
            {"tableReference",
             {{"projectId", ref.project}, {"datasetId", ref.dataset}, {"tableId", ref.table}}},
            {"schema", schemaJson(t.data->schema())},
            {"numRows", std::to_string(t.data->rowCount())},
            {"numBytes", std::to_string(storedBytes(*t.data))},
            {"creationTime", std::to_string(t.creationTime)},
            {"lastModifiedTime", std::to_string(t.lastModifiedTime)},
            {"type", "TABLE"},
            {"location", d.location}};
}

std::expected<const TableStore::DatasetEntry *, BqError> TableStore::findDataset(
    const std::string &project, const std::string &id) const
{
    const auto it = m_datasets.find({project, id});
    if (it == m_datasets.end())
        return std::unexpected(BqError::notFound("Dataset " + project + ":" + id));
    return &it->second;
}

std::expected<nlohmann::json, BqError> TableStore::insertDataset(const std::string &project,
                                                                 const nlohmann::json &body)
{
    if (!body.is_object())
        return std::unexpected(BqError::invalid("The dataset resource must be a JSON object."));
    static constexpr std::array<std::string_view, 7> kKnown = {
        "datasetReference", "location", "description", "friendlyName", "labels", "kind", "id"};
    for (const auto &[key, value] : body.items())
        if (std::ranges::find(kKnown, key) == kKnown.end())
            return std::unexpected(
                BqError::invalid("Invalid JSON payload received. Unknown name \"" + key +
                                 "\" at 'dataset': Cannot find field (or the fake BigQuery does "
                                 "not implement it)."));
    const auto ref = body.find("datasetReference");
    if (ref == body.end() || !ref->is_object() || !ref->contains("datasetId") ||
        !(*ref)["datasetId"].is_string())
        return std::unexpected(
            BqError::invalid("Required parameter is missing: datasetReference.datasetId"));
    const std::string id = (*ref)["datasetId"].get<std::string>();
    const std::string refProject = ref->value("projectId", project);
    if (refProject != project)
        return std::unexpected(BqError::invalid("The project " + refProject +
                                                " in the dataset reference does not match the "
                                                "project " +
                                                project + " of the request."));
    if (const std::string problem = checkDatasetId(id); !problem.empty())
        return std::unexpected(BqError::invalid(problem));
    std::string location = "US";
    if (const auto l = body.find("location"); l != body.end()) {
        if (!l->is_string() || l->get<std::string>().empty())
            return std::unexpected(BqError::invalid("Invalid value for location"));
        location = l->get<std::string>();
    }
    const std::lock_guard lock(m_mutex);
    if (m_datasets.contains({project, id}))
        return std::unexpected(BqError::duplicate("Dataset " + project + ":" + id));
    DatasetEntry &d = m_datasets[{project, id}];
    d.location = location;
    d.creationTime = nowMs();
    return datasetResource({project, id}, d);
}

std::expected<nlohmann::json, BqError> TableStore::getDataset(const std::string &project,
                                                              const std::string &id) const
{
    const std::lock_guard lock(m_mutex);
    const auto d = findDataset(project, id);
    if (!d)
        return std::unexpected(d.error());
    return datasetResource({project, id}, **d);
}

nlohmann::json TableStore::listDatasets(const std::string &project) const
{
    const std::lock_guard lock(m_mutex);
    nlohmann::json list = nlohmann::json::array();
    for (const auto &[key, d] : m_datasets) {
        if (key.first != project || key.second.starts_with('_'))
            continue;  // datasets.list leaves out hidden ones (anonymous query results)
        list.push_back({{"kind", "bigquery#dataset"},
                        {"id", key.first + ":" + key.second},
                        {"datasetReference", {{"projectId", key.first}, {"datasetId", key.second}}},
                        {"location", d.location}});
    }
    nlohmann::json out = {{"kind", "bigquery#datasetList"}, {"etag", "\"fake\""}};
    if (!list.empty())
        out["datasets"] = list;  // BigQuery leaves the field out of an empty list
    return out;
}

std::expected<void, BqError> TableStore::deleteDataset(const std::string &project,
                                                       const std::string &id, bool deleteContents)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_datasets.find({project, id});
    if (it == m_datasets.end())
        return std::unexpected(BqError::notFound("Dataset " + project + ":" + id));
    if (!it->second.tables.empty() && !deleteContents)
        return std::unexpected(BqError{
            400, "resourceInUse", "Dataset " + project + ":" + id + " is still in use", {}});
    m_datasets.erase(it);
    return {};
}

std::optional<std::string> TableStore::datasetLocation(const std::string &project,
                                                       const std::string &id) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_datasets.find({project, id});
    if (it == m_datasets.end())
        return std::nullopt;
    return it->second.location;
}

void TableStore::ensureDataset(const std::string &project, const std::string &id,
                               const std::string &location)
{
    const std::lock_guard lock(m_mutex);
    if (m_datasets.contains({project, id}))
        return;
    DatasetEntry &d = m_datasets[{project, id}];
    d.location = location;
    d.creationTime = nowMs();
}

std::expected<nlohmann::json, BqError> TableStore::getTable(const TableRef &ref) const
{
    const std::lock_guard lock(m_mutex);
    const auto d = findDataset(ref.project, ref.dataset);
    if (!d)
        return std::unexpected(d.error());
    const auto it = (*d)->tables.find(ref.table);
    if (it == (*d)->tables.end())
        return std::unexpected(BqError::notFound("Table " + ref.display()));
    return tableResource(ref, **d, it->second);
}

std::expected<nlohmann::json, BqError> TableStore::listTables(const std::string &project,
                                                              const std::string &dataset) const
{
    const std::lock_guard lock(m_mutex);
    const auto d = findDataset(project, dataset);
    if (!d)
        return std::unexpected(d.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto &[name, t] : (*d)->tables) {
        const TableRef ref{project, dataset, name};
        list.push_back({{"kind", "bigquery#table"},
                        {"id", ref.display()},
                        {"tableReference",
                         {{"projectId", project}, {"datasetId", dataset}, {"tableId", name}}},
                        {"type", "TABLE"},
                        {"creationTime", std::to_string(t.creationTime)}});
    }
    nlohmann::json out = {
        {"kind", "bigquery#tableList"}, {"etag", "\"fake\""}, {"totalItems", int(list.size())}};
    if (!list.empty())
        out["tables"] = list;
    return out;
}

std::expected<void, BqError> TableStore::deleteTable(const TableRef &ref)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_datasets.find({ref.project, ref.dataset});
    if (it == m_datasets.end())
        return std::unexpected(BqError::notFound("Dataset " + ref.project + ":" + ref.dataset));
    if (it->second.tables.erase(ref.table) == 0)
        return std::unexpected(BqError::notFound("Table " + ref.display()));
    return {};
}

std::expected<TableSnapshot, BqError> TableStore::read(const TableRef &ref,
                                                       const std::string &location) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_datasets.find({ref.project, ref.dataset});
    if (it == m_datasets.end() || (!location.empty() && it->second.location != location))
        return std::unexpected(BqError::notFound(
            "Dataset " + ref.project + ":" + ref.dataset +
            (location.empty() ? std::string() : " was not found in location " + location)));
    const auto t = it->second.tables.find(ref.table);
    if (t == it->second.tables.end())
        return std::unexpected(BqError::notFound(
            "Table " + ref.display() +
            (location.empty() ? std::string() : " was not found in location " + location)));
    return TableSnapshot{t->second.data, it->second.location};
}

std::expected<void, BqError> TableStore::write(const TableRef &ref, Dataset data,
                                               WriteDisposition write, CreateDisposition create,
                                               const std::string &location)
{
    const std::lock_guard lock(m_mutex);
    const auto d = m_datasets.find({ref.project, ref.dataset});
    if (d == m_datasets.end() || (!location.empty() && d->second.location != location))
        return std::unexpected(BqError::notFound(
            "Dataset " + ref.project + ":" + ref.dataset +
            (location.empty() ? std::string() : " was not found in location " + location)));
    auto &tables = d->second.tables;
    const auto t = tables.find(ref.table);
    const int64_t now = nowMs();
    if (t == tables.end()) {
        if (create == CreateDisposition::Never)
            return std::unexpected(BqError::notFound("Table " + ref.display()));
        tables[ref.table] = Table{std::make_shared<const Dataset>(std::move(data)), now, now};
        return {};
    }
    Table &table = t->second;
    if (write == WriteDisposition::Empty && table.data->rowCount() > 0)
        return std::unexpected(BqError::duplicate("Table " + ref.display() +
                                                  " already exists and is not empty; "
                                                  "writeDisposition is WRITE_EMPTY"));
    if (write == WriteDisposition::Append && table.data->rowCount() > 0) {
        if (const std::string why =
                schemaDifference(table.data->schema(), "the table", data.schema(), "the new rows");
            !why.empty())
            return std::unexpected(BqError::invalid("Provided Schema does not match Table " +
                                                    ref.display() + ": " + why));
        data = Dataset::concatenate(*table.data, data);
    }
    table.data = std::make_shared<const Dataset>(std::move(data));
    table.lastModifiedTime = now;
    return {};
}

void TableStore::put(const TableRef &ref, Dataset data, const std::string &location)
{
    const std::lock_guard lock(m_mutex);
    DatasetEntry &d = m_datasets[{ref.project, ref.dataset}];
    if (d.creationTime == 0) {
        d.location = location;
        d.creationTime = nowMs();
    }
    const int64_t now = nowMs();
    d.tables[ref.table] = Table{std::make_shared<const Dataset>(std::move(data)), now, now};
}

}  // namespace covertype::fakecloud::bigquery
