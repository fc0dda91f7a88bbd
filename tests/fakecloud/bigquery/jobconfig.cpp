// Reading and checking the fake BigQuery's job configurations.
#include "bigquery/jobconfig.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace covertype::fakecloud::bigquery {

namespace {

/// The fields BigQuery's JobConfiguration* messages have (v2 REST reference). A field of this
/// list that the fake does not implement is refused as such; any other name is unknown, as the
/// service refuses it ("Invalid JSON payload received. Unknown name").
constexpr std::array<std::string_view, 27> kQueryFields = {"query",
                                                           "destinationTable",
                                                           "tableDefinitions",
                                                           "userDefinedFunctionResources",
                                                           "createDisposition",
                                                           "writeDisposition",
                                                           "defaultDataset",
                                                           "priority",
                                                           "preserveNulls",
                                                           "allowLargeResults",
                                                           "useQueryCache",
                                                           "flattenResults",
                                                           "maximumBillingTier",
                                                           "maximumBytesBilled",
                                                           "useLegacySql",
                                                           "parameterMode",
                                                           "queryParameters",
                                                           "schemaUpdateOptions",
                                                           "timePartitioning",
                                                           "rangePartitioning",
                                                           "clustering",
                                                           "destinationEncryptionConfiguration",
                                                           "scriptOptions",
                                                           "connectionProperties",
                                                           "createSession",
                                                           "continuous",
                                                           "writeIncrementalResults"};
constexpr std::array<std::string_view, 44> kLoadFields = {"destinationTable",
                                                          "sourceUris",
                                                          "createDisposition",
                                                          "writeDisposition",
                                                          "schema",
                                                          "skipLeadingRows",
                                                          "sourceFormat",
                                                          "fieldDelimiter",
                                                          "encoding",
                                                          "quote",
                                                          "maxBadRecords",
                                                          "allowQuotedNewlines",
                                                          "allowJaggedRows",
                                                          "ignoreUnknownValues",
                                                          "autodetect",
                                                          "nullMarker",
                                                          "projectionFields",
                                                          "schemaUpdateOptions",
                                                          "timePartitioning",
                                                          "rangePartitioning",
                                                          "clustering",
                                                          "destinationTableProperties",
                                                          "destinationEncryptionConfiguration",
                                                          "useAvroLogicalTypes",
                                                          "decimalTargetTypes",
                                                          "hivePartitioningOptions",
                                                          "jsonExtension",
                                                          "parquetOptions",
                                                          "preserveAsciiControlCharacters",
                                                          "referenceFileSchemaUri",
                                                          "connectionProperties",
                                                          "createSession",
                                                          "fileSetSpecType",
                                                          "columnNameCharacterMap",
                                                          "copyFilesOnly",
                                                          "nullMarkers",
                                                          "timeZone",
                                                          "dateFormat",
                                                          "datetimeFormat",
                                                          "timeFormat",
                                                          "timestampFormat",
                                                          "schemaInline",
                                                          "schemaInlineFormat",
                                                          "sourceColumnMatch"};
constexpr std::array<std::string_view, 10> kExtractFields = {
    "sourceTable",         "sourceModel",        "destinationUri",    "destinationUris",
    "printHeader",         "fieldDelimiter",     "destinationFormat", "compression",
    "useAvroLogicalTypes", "modelExtractOptions"};
constexpr std::array<std::string_view, 7> kConfigFields = {
    "query", "load", "extract", "copy", "dryRun", "jobTimeoutMs", "labels"};

template <size_t N>
bool contains(const std::array<std::string_view, N> &list, std::string_view name)
{
    return std::ranges::find(list, name) != list.end();
}

/// Every member of `object` is known; those the fake implements are in `implemented`.
template <size_t N>
std::expected<void, BqError> checkFields(const nlohmann::json &object,
                                         const std::array<std::string_view, N> &known,
                                         std::initializer_list<std::string_view> implemented,
                                         const std::string &where)
{
    if (!object.is_object())
        return std::unexpected(BqError::invalid(where + " must be a JSON object."));
    for (const auto &[key, value] : object.items()) {
        if (!contains(known, key))
            return std::unexpected(unknownField(key, where));
        // Clients send some fields with their default value (bq: "continuous": false).
        const bool isDefault = value.is_null() || value == false ||
                               (value.is_string() && value.template get<std::string>().empty()) ||
                               ((value.is_array() || value.is_object()) && value.empty());
        if (std::ranges::find(implemented, key) == implemented.end() && !isDefault)
            return std::unexpected(notImplemented(where + "." + key));
    }
    return {};
}

std::expected<std::string, BqError> stringField(const nlohmann::json &object, const char *key,
                                                const std::string &where, std::string fallback)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_string())
        return std::unexpected(
            BqError::invalid("Invalid value at '" + where + "." + key + "' (TYPE_STRING)"));
    return it->get<std::string>();
}

std::expected<bool, BqError> boolField(const nlohmann::json &object, const char *key,
                                       const std::string &where, bool fallback)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_boolean())
        return std::unexpected(
            BqError::invalid("Invalid value at '" + where + "." + key + "' (TYPE_BOOL)"));
    return it->get<bool>();
}

/// int32/int64 fields travel as numbers or strings.

std::expected<WriteDisposition, BqError> writeDisposition(const std::string &text,
                                                          const std::string &where)
{
    if (text == "WRITE_TRUNCATE")
        return WriteDisposition::Truncate;
    if (text == "WRITE_EMPTY")
        return WriteDisposition::Empty;
    if (text == "WRITE_APPEND")
        return WriteDisposition::Append;
    return std::unexpected(
        BqError::invalid("Invalid value at '" + where + ".writeDisposition': \"" + text + "\""));
}

std::expected<CreateDisposition, BqError> createDisposition(const std::string &text,
                                                            const std::string &where)
{
    if (text == "CREATE_IF_NEEDED")
        return CreateDisposition::IfNeeded;
    if (text == "CREATE_NEVER")
        return CreateDisposition::Never;
    return std::unexpected(
        BqError::invalid("Invalid value at '" + where + ".createDisposition': \"" + text + "\""));
}

/// "gs://bucket/object" -> {bucket, object}.

class Reader
{
public:
    Reader(const TableStore &tables, std::string project, std::string &location,
           std::string defaultLocation)
        : m_tables(tables),
          m_project(std::move(project)),
          m_location(location),
          m_defaultLocation(std::move(defaultLocation))
    {
    }

    std::expected<void, BqError> configure(JobSpec &job, const nlohmann::json &config);

private:
    std::expected<void, BqError> configureQuery(JobSpec &job, const nlohmann::json &q);
    std::expected<void, BqError> configureLoad(JobSpec &job, const nlohmann::json &l);
    std::expected<void, BqError> configureExtract(JobSpec &job, const nlohmann::json &e);

    const TableStore &m_tables;
    std::string m_project;
    std::string &m_location;
    std::string m_defaultLocation;
};

std::expected<void, BqError> Reader::configure(JobSpec &job, const nlohmann::json &config)
{
    for (const auto &[key, value] : config.items()) {
        if (!contains(kConfigFields, key) && key != "jobType")
            return std::unexpected(unknownField(key, "job.configuration"));
    }
    if (auto dry = boolField(config, "dryRun", "job.configuration", false); !dry)
        return std::unexpected(dry.error());
    else if (*dry)
        return std::unexpected(notImplemented("job.configuration.dryRun"));
    if (config.contains("copy"))
        return std::unexpected(notImplemented("copy jobs (job.configuration.copy)"));
    const int kinds = int(config.contains("query")) + int(config.contains("load")) +
                      int(config.contains("extract"));
    if (kinds != 1)
        return std::unexpected(BqError::invalid(
            "A job configuration must have exactly one of query, load, extract or copy."));
    job.configuration = config;
    if (config.contains("query")) {
        job.type = JobType::Query;
        job.configuration["jobType"] = "QUERY";
        return configureQuery(job, config["query"]);
    }
    if (config.contains("load")) {
        job.type = JobType::Load;
        job.configuration["jobType"] = "LOAD";
        return configureLoad(job, config["load"]);
    }
    job.type = JobType::Extract;
    job.configuration["jobType"] = "EXTRACT";
    return configureExtract(job, config["extract"]);
}

std::expected<void, BqError> Reader::configureQuery(JobSpec &job, const nlohmann::json &q)
{
    const std::string where = "job.configuration.query";
    if (auto r = checkFields(q, kQueryFields,
                             {"query", "useLegacySql", "destinationTable", "writeDisposition",
                              "createDisposition", "defaultDataset", "priority", "useQueryCache",
                              "allowLargeResults", "maximumBytesBilled"},
                             where);
        !r)
        return r;
    const auto legacy = boolField(q, "useLegacySql", where, true);
    if (!legacy)
        return std::unexpected(legacy.error());
    // BigQuery's v2 API defaults to legacy SQL; the course and the product send false.
    if (*legacy)
        return std::unexpected(
            notImplemented("legacy SQL (set job.configuration.query.useLegacySql to false)"));
    const auto sql = stringField(q, "query", where, "");
    if (!sql)
        return std::unexpected(sql.error());
    if (sql->empty())
        return std::unexpected(BqError::invalid("Required parameter is missing: query"));
    auto select = parseSelect(*sql);
    if (!select) {
        BqError e{400, "invalidQuery", select.error().message, "query"};
        return std::unexpected(e);
    }
    job.select = std::move(*select);

    std::string defaultProject = m_project;
    std::string defaultDataset;
    if (const auto d = q.find("defaultDataset"); d != q.end() && !d->is_null()) {
        if (!d->is_object() || !(*d)["datasetId"].is_string())
            return std::unexpected(
                BqError::invalid("Invalid value at '" + where + ".defaultDataset'"));
        defaultProject = d->value("projectId", m_project);
        defaultDataset = (*d)["datasetId"].get<std::string>();
    }
    job.source.project = job.select.from.project.empty() ? defaultProject : job.select.from.project;
    job.source.dataset = job.select.from.dataset.empty() ? defaultDataset : job.select.from.dataset;
    job.source.table = job.select.from.table;
    if (job.source.dataset.empty())
        return std::unexpected(BqError{400, "invalidQuery",
                                       "Table \"" + job.source.table +
                                           "\" must be qualified with a dataset (e.g. "
                                           "dataset.table).",
                                       "query"});
    // The job runs where its table lives; a table elsewhere is not found.
    if (m_location.empty())
        if (const auto l = m_tables.datasetLocation(job.source.project, job.source.dataset))
            m_location = *l;
    const std::string location = m_location.empty() ? m_defaultLocation : m_location;
    const auto table = m_tables.read(job.source, location);
    if (!table)
        return std::unexpected(table.error());
    if (const auto problem = checkColumns(job.select, table->data->schema())) {
        BqError e{400, "invalidQuery", problem->message, "query"};
        return std::unexpected(e);
    }

    if (const auto d = q.find("destinationTable"); d != q.end() && !d->is_null()) {
        auto ref = readTableRef(*d, where + ".destinationTable");
        if (!ref)
            return std::unexpected(ref.error());
        job.destination = *ref;
    }
    const auto write = stringField(q, "writeDisposition", where, "WRITE_EMPTY");
    const auto create = stringField(q, "createDisposition", where, "CREATE_IF_NEEDED");
    if (!write || !create)
        return std::unexpected(!write ? write.error() : create.error());
    auto w = writeDisposition(*write, where);
    auto c = createDisposition(*create, where);
    if (!w || !c)
        return std::unexpected(!w ? w.error() : c.error());
    job.write = *w;
    job.create = *c;
    return {};
}

std::expected<void, BqError> Reader::configureLoad(JobSpec &job, const nlohmann::json &l)
{
    const std::string where = "job.configuration.load";
    if (auto r =
            checkFields(l, kLoadFields,
                        {"destinationTable", "sourceUris", "createDisposition", "writeDisposition",
                         "schema", "skipLeadingRows", "sourceFormat", "fieldDelimiter", "encoding",
                         "quote", "maxBadRecords", "allowQuotedNewlines", "allowJaggedRows",
                         "ignoreUnknownValues", "autodetect", "nullMarker"},
                        where);
        !r)
        return r;
    const auto uris = l.find("sourceUris");
    if (uris == l.end() || !uris->is_array() || uris->empty())
        return std::unexpected(BqError::invalid("Required parameter is missing: sourceUris"));
    for (const auto &uri : *uris) {
        if (!uri.is_string() || !splitGsUri(uri.get<std::string>()))
            return std::unexpected(BqError::invalid(
                "Source URI must be a Google Cloud Storage location: " + uri.dump()));
        if (std::ranges::count(uri.get<std::string>(), '*') > 1)
            return std::unexpected(
                BqError::invalid("Source URI may hold one wildcard: " + uri.get<std::string>()));
        job.sourceUris.push_back(uri.get<std::string>());
    }
    const auto dest = l.find("destinationTable");
    if (dest == l.end())
        return std::unexpected(BqError::invalid("Required parameter is missing: destinationTable"));
    auto ref = readTableRef(*dest, where + ".destinationTable");
    if (!ref)
        return std::unexpected(ref.error());
    job.destination = *ref;

    // Each option the fake implements only with the value the course data needs.
    const std::array<std::tuple<const char *, std::string, std::string>, 4> fixed = {
        std::tuple{"sourceFormat", std::string("CSV"), std::string("CSV")},
        {"fieldDelimiter", ",", ","},
        {"encoding", "UTF-8", "UTF-8"},
        {"quote", "\"", "\""}};
    for (const auto &[key, fallback, only] : fixed) {
        const auto v = stringField(l, key, where, fallback);
        if (!v)
            return std::unexpected(v.error());
        if (*v != only && !(std::string_view(key) == "fieldDelimiter" && *v == "comma"))
            return std::unexpected(
                notImplemented(where + "." + key + " other than \"" + only + "\""));
    }
    if (const auto marker = stringField(l, "nullMarker", where, ""); !marker || !marker->empty())
        return std::unexpected(!marker ? marker.error() : notImplemented(where + ".nullMarker"));
    for (const char *key : {"allowJaggedRows", "ignoreUnknownValues"}) {
        const auto v = boolField(l, key, where, false);
        if (!v)
            return std::unexpected(v.error());
        if (*v)
            return std::unexpected(notImplemented(where + "." + key));
    }
    if (const auto v = boolField(l, "allowQuotedNewlines", where, false); !v)
        return std::unexpected(v.error());
    const auto maxBad = intField(l, "maxBadRecords", where);
    if (!maxBad)
        return std::unexpected(maxBad.error());
    if (maxBad->value_or(0) != 0)
        return std::unexpected(notImplemented(where + ".maxBadRecords other than 0"));
    const auto skip = intField(l, "skipLeadingRows", where);
    if (!skip)
        return std::unexpected(skip.error());
    if (*skip && (**skip < 0 || **skip > 1'000'000))
        return std::unexpected(BqError::invalid("Invalid value for skipLeadingRows"));
    if (*skip)
        job.skipLeadingRows = int(**skip);
    const auto autodetect = boolField(l, "autodetect", where, false);
    if (!autodetect)
        return std::unexpected(autodetect.error());
    job.autodetect = *autodetect;
    if (const auto s = l.find("schema"); s != l.end() && !s->is_null()) {
        const auto fields = s->is_object() ? s->find("fields") : s->end();
        if (fields == s->end() || !fields->is_array() || fields->empty())
            return std::unexpected(BqError::invalid("Invalid value at '" + where + ".schema'"));
        for (const auto &f : *fields) {
            if (!f.is_object() || !f.contains("name") || !f["name"].is_string())
                return std::unexpected(BqError::invalid("Invalid schema field: " + f.dump()));
            for (const auto &[key, value] : f.items())
                if (key != "name" && key != "type" && key != "mode" && key != "description")
                    return std::unexpected(notImplemented(where + ".schema.fields[]." + key));
            const auto type = columnTypeFromName(f.value("type", "STRING"));
            if (!type)
                return std::unexpected(BqError::invalid(
                    "The fake BigQuery does not implement "
                    "the field type " +
                    f.value("type", "") + " (" + f["name"].get<std::string>() + ")"));
            const std::string mode = f.value("mode", "NULLABLE");
            if (mode != "NULLABLE")
                return std::unexpected(notImplemented("field mode " + mode));
            job.schema.push_back({f["name"].get<std::string>(), *type});
        }
    }
    const auto write = stringField(l, "writeDisposition", where, "WRITE_APPEND");
    const auto create = stringField(l, "createDisposition", where, "CREATE_IF_NEEDED");
    if (!write || !create)
        return std::unexpected(!write ? write.error() : create.error());
    auto w = writeDisposition(*write, where);
    auto c = createDisposition(*create, where);
    if (!w || !c)
        return std::unexpected(!w ? w.error() : c.error());
    job.write = *w;
    job.create = *c;
    if (m_location.empty())
        if (const auto loc = m_tables.datasetLocation(ref->project, ref->dataset))
            m_location = *loc;
    return {};
}

std::expected<void, BqError> Reader::configureExtract(JobSpec &job, const nlohmann::json &e)
{
    const std::string where = "job.configuration.extract";
    if (auto r = checkFields(e, kExtractFields,
                             {"sourceTable", "destinationUri", "destinationUris", "printHeader",
                              "fieldDelimiter", "destinationFormat", "compression"},
                             where);
        !r)
        return r;
    const auto source = e.find("sourceTable");
    if (source == e.end())
        return std::unexpected(BqError::invalid("Required parameter is missing: sourceTable"));
    auto ref = readTableRef(*source, where + ".sourceTable");
    if (!ref)
        return std::unexpected(ref.error());
    job.source = *ref;
    std::vector<std::string> uris;
    if (const auto u = e.find("destinationUris"); u != e.end() && u->is_array())
        for (const auto &uri : *u)
            uris.push_back(uri.is_string() ? uri.get<std::string>() : uri.dump());
    if (const auto u = e.find("destinationUri"); u != e.end() && u->is_string())
        uris.push_back(u->get<std::string>());
    if (uris.empty())
        return std::unexpected(BqError::invalid("Required parameter is missing: destinationUris"));
    if (uris.size() > 1)
        return std::unexpected(notImplemented("more than one destination URI"));
    if (!splitGsUri(uris[0]) || std::ranges::count(uris[0], '*') > 1)
        return std::unexpected(BqError::invalid(
            "Extract destination must be a Google Cloud Storage URI with at most one wildcard: " +
            uris[0]));
    job.destinationUri = uris[0];
    for (const auto &[key, only] :
         {std::pair{"destinationFormat", "CSV"}, std::pair{"compression", "NONE"}}) {
        const auto v = stringField(e, key, where, only);
        if (!v)
            return std::unexpected(v.error());
        if (*v != only)
            return std::unexpected(notImplemented(where + "." + key + " " + *v));
    }
    const auto header = boolField(e, "printHeader", where, true);
    if (!header)
        return std::unexpected(header.error());
    job.printHeader = *header;
    const auto delimiter = stringField(e, "fieldDelimiter", where, ",");
    if (!delimiter)
        return std::unexpected(delimiter.error());
    if (*delimiter == "\\t" || *delimiter == "tab" || *delimiter == "\t")
        job.delimiter = '\t';
    else if (delimiter->size() == 1)
        job.delimiter = (*delimiter)[0];
    else
        return std::unexpected(notImplemented("a field delimiter other than one byte"));
    if (m_location.empty())
        if (const auto loc = m_tables.datasetLocation(ref->project, ref->dataset))
            m_location = *loc;
    const std::string location = m_location.empty() ? m_defaultLocation : m_location;
    if (const auto t = m_tables.read(job.source, location); !t)
        return std::unexpected(t.error());
    return {};
}

}  // namespace

BqError unknownField(const std::string &name, const std::string &where)
{
    return BqError::invalid("Invalid JSON payload received. Unknown name \"" + name + "\" at '" +
                            where + "': Cannot find field.");
}

BqError notImplemented(const std::string &field)
{
    return BqError::invalid("The fake BigQuery does not implement " + field +
                            " (remove it, or give it its default value)");
}

std::expected<std::optional<int64_t>, BqError> intField(const nlohmann::json &object,
                                                        const char *key, const std::string &where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::optional<int64_t>();
    if (it->is_number_integer())
        return std::optional<int64_t>(it->get<int64_t>());
    if (it->is_string()) {
        const std::string s = it->get<std::string>();
        int64_t v = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size())
            return std::optional<int64_t>(v);
    }
    return std::unexpected(
        BqError::invalid("Invalid value at '" + where + "." + key + "' (TYPE_INT64)"));
}

std::optional<std::pair<std::string, std::string>> splitGsUri(const std::string &uri)
{
    if (!uri.starts_with("gs://"))
        return std::nullopt;
    const size_t slash = uri.find('/', 5);
    if (slash == std::string::npos || slash == 5 || slash + 1 >= uri.size())
        return std::nullopt;
    return std::make_pair(uri.substr(5, slash - 5), uri.substr(slash + 1));
}

std::expected<JobSpec, BqError> readJobConfiguration(const nlohmann::json &config,
                                                     const std::string &project,
                                                     std::string &location,
                                                     const TableStore &tables,
                                                     const std::string &defaultLocation)
{
    JobSpec spec;
    Reader reader(tables, project, location, defaultLocation);
    if (auto r = reader.configure(spec, config); !r)
        return std::unexpected(r.error());
    return spec;
}

}  // namespace covertype::fakecloud::bigquery
