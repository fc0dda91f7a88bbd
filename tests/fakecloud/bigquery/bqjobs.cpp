// Jobs of the fake BigQuery: configuration checks, states over polls, and the work.
#include "bigquery/bqjobs.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>

#include "bigquery/tablecsv.h"
#include "storage/bucketstore.h"

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
std::optional<std::pair<std::string, std::string>> splitGsUri(const std::string &uri)
{
    if (!uri.starts_with("gs://"))
        return std::nullopt;
    const size_t slash = uri.find('/', 5);
    if (slash == std::string::npos || slash == 5 || slash + 1 >= uri.size())
        return std::nullopt;
    return std::make_pair(uri.substr(5, slash - 5), uri.substr(slash + 1));
}

nlohmann::json tableRefJson(const TableRef &ref)
{
    return {{"projectId", ref.project}, {"datasetId", ref.dataset}, {"tableId", ref.table}};
}

std::string cellValue(const Column &column, size_t row)
{
    return column.textAt(row);
}

}  // namespace

JobStore::JobStore(TableStore &tables, BucketStore &buckets) : m_tables(tables), m_buckets(buckets)
{
}

BigQuerySettings JobStore::settings() const
{
    const std::lock_guard lock(m_mutex);
    return m_settings;
}

void JobStore::setSettings(const BigQuerySettings &settings)
{
    const std::lock_guard lock(m_mutex);
    m_settings = settings;
}

std::string JobStore::newJobId()
{
    static constexpr char kChars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string id = "job_";
    for (int i = 0; i < 28; ++i)
        id += kChars[m_random() % (sizeof kChars - 1)];
    return id;
}

std::expected<nlohmann::json, BqError> JobStore::insert(const std::string &project,
                                                        const nlohmann::json &body)
{
    if (const std::string problem = checkProjectId(project); !problem.empty())
        return std::unexpected(BqError::invalid(problem));
    if (!body.is_object())
        return std::unexpected(BqError::invalid("The job resource must be a JSON object."));
    for (const auto &[key, value] : body.items())
        if (key != "configuration" && key != "jobReference" && key != "kind")
            return std::unexpected(unknownField(key, "job"));
    const auto config = body.find("configuration");
    if (config == body.end() || !config->is_object())
        return std::unexpected(BqError::invalid("Required parameter is missing: configuration"));

    const std::lock_guard lock(m_mutex);
    auto job = std::make_unique<Job>();
    job->project = project;
    std::string location;
    if (const auto ref = body.find("jobReference"); ref != body.end()) {
        if (!ref->is_object())
            return std::unexpected(BqError::invalid("jobReference must be an object."));
        for (const auto &[key, value] : ref->items()) {
            if (key != "projectId" && key != "jobId" && key != "location")
                return std::unexpected(unknownField(key, "job.jobReference"));
            if (!value.is_string())
                return std::unexpected(BqError::invalid("Invalid value at 'job.jobReference." +
                                                        key + "' (TYPE_STRING)"));
        }
        if (ref->value("projectId", project) != project)
            return std::unexpected(BqError::invalid(
                "The project in jobReference does not match the project of the request."));
        job->id = ref->value("jobId", "");
        location = ref->value("location", "");
    }
    if (job->id.empty())
        job->id = newJobId();
    if (const std::string problem = checkJobId(job->id); !problem.empty())
        return std::unexpected(BqError::invalid(problem));
    job->location = location;
    if (auto r = configure(*job, *config); !r)
        return std::unexpected(r.error());
    if (job->location.empty())
        job->location = m_settings.defaultLocation;
    // A client-chosen id makes an insert idempotent: the second one is a duplicate.
    if (m_jobs.contains({project, job->id}))
        return std::unexpected(
            BqError::duplicate("Job " + project + ":" + job->location + "." + job->id));
    job->creationTime = nowMs();
    Job &stored = *job;
    m_order.push_back(job.get());
    m_jobs[{project, job->id}] = std::move(job);
    look(stored);
    return resource(stored);
}

std::expected<void, BqError> JobStore::configure(Job &job, const nlohmann::json &config)
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
        job.type = Type::Query;
        job.configuration["jobType"] = "QUERY";
        return configureQuery(job, config["query"]);
    }
    if (config.contains("load")) {
        job.type = Type::Load;
        job.configuration["jobType"] = "LOAD";
        return configureLoad(job, config["load"]);
    }
    job.type = Type::Extract;
    job.configuration["jobType"] = "EXTRACT";
    return configureExtract(job, config["extract"]);
}

std::expected<void, BqError> JobStore::configureQuery(Job &job, const nlohmann::json &q)
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

    std::string defaultProject = job.project;
    std::string defaultDataset;
    if (const auto d = q.find("defaultDataset"); d != q.end() && !d->is_null()) {
        if (!d->is_object() || !(*d)["datasetId"].is_string())
            return std::unexpected(
                BqError::invalid("Invalid value at '" + where + ".defaultDataset'"));
        defaultProject = d->value("projectId", job.project);
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
    if (job.location.empty())
        if (const auto l = m_tables.datasetLocation(job.source.project, job.source.dataset))
            job.location = *l;
    const std::string location = job.location.empty() ? m_settings.defaultLocation : job.location;
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

std::expected<void, BqError> JobStore::configureLoad(Job &job, const nlohmann::json &l)
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
    if (job.location.empty())
        if (const auto loc = m_tables.datasetLocation(ref->project, ref->dataset))
            job.location = *loc;
    return {};
}

std::expected<void, BqError> JobStore::configureExtract(Job &job, const nlohmann::json &e)
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
    if (job.location.empty())
        if (const auto loc = m_tables.datasetLocation(ref->project, ref->dataset))
            job.location = *loc;
    const std::string location = job.location.empty() ? m_settings.defaultLocation : job.location;
    if (const auto t = m_tables.read(job.source, location); !t)
        return std::unexpected(t.error());
    return {};
}

std::string JobStore::state(const Job &job) const
{
    if (job.done)
        return "DONE";
    if (job.looks <= m_settings.pendingPolls)
        return "PENDING";
    return "RUNNING";
}

void JobStore::look(Job &job)
{
    ++job.looks;
    if (job.done)
        return;
    if (job.looks > m_settings.pendingPolls && job.startTime == 0)
        job.startTime = nowMs();
    if (job.looks > m_settings.pendingPolls + m_settings.runningPolls)
        finish(job);
}

void JobStore::finish(Job &job)
{
    if (job.startTime == 0)
        job.startTime = nowMs();
    std::expected<void, BqError> outcome;
    switch (job.type) {
        case Type::Query:
            outcome = runQuery(job);
            break;
        case Type::Load:
            outcome = runLoad(job);
            break;
        case Type::Extract:
            outcome = runExtract(job);
            break;
    }
    if (!outcome) {
        job.error = outcome.error();
        job.errors.push_back(outcome.error());
    }
    job.endTime = nowMs();
    job.done = true;
}

std::expected<void, BqError> JobStore::runQuery(Job &job)
{
    const auto table = m_tables.read(job.source, job.location);
    if (!table)
        return std::unexpected(table.error());
    if (const auto problem = checkColumns(job.select, table->data->schema()))
        return std::unexpected(BqError{400, "invalidQuery", problem->message, "query"});
    auto result = evaluateSelect(job.select, *table->data);
    if (!result)
        return std::unexpected(BqError{400, "invalidQuery", result.error(), "query"});
    const int64_t bytes = bytesProcessed(job.select, *table->data);
    job.statistics = {
        {"totalBytesProcessed", std::to_string(bytes)},
        {"totalBytesBilled", std::to_string(bytes == 0 ? 0 : std::max<int64_t>(bytes, 10 << 20))},
        {"billingTier", 1},
        {"cacheHit", false},
        {"statementType", "SELECT"},
        {"totalSlotMs", "1"}};
    // Without a destination, results go to an anonymous table in a hidden dataset.
    TableRef target = job.destination.value_or(
        TableRef{job.project, "_fake_anonymous_" + job.location, "anon_" + job.id});
    if (!job.destination)
        m_tables.ensureDataset(target.project, target.dataset, job.location);
    auto shared = std::make_shared<const Dataset>(std::move(*result));
    if (auto w = m_tables.write(target, *shared,
                                job.destination ? job.write : WriteDisposition::Truncate,
                                job.create, job.location);
        !w)
        return std::unexpected(w.error());
    job.configuration["query"]["destinationTable"] = tableRefJson(target);
    job.result = std::move(shared);
    return {};
}

std::expected<void, BqError> JobStore::runLoad(Job &job)
{
    std::vector<Field> schema = job.schema;
    if (schema.empty() && !job.autodetect) {
        const auto existing = m_tables.read(*job.destination, {});
        if (!existing)
            return std::unexpected(BqError::invalid("No schema specified on job or table."));
        schema = existing->data->schema();
    }
    std::optional<Dataset> loaded;
    int64_t inputBytes = 0;
    int files = 0;
    for (const std::string &uri : job.sourceUris) {
        const auto [bucket, pattern] = *splitGsUri(uri);
        std::vector<std::string> names;
        const size_t star = pattern.find('*');
        if (star == std::string::npos) {
            names.push_back(pattern);
        } else {
            ListQuery query;
            query.prefix = pattern.substr(0, star);
            query.maxResults = 1 << 30;
            const auto listed = m_buckets.list(bucket, query, "http://fake");
            if (!listed)
                return std::unexpected(BqError::notFound("URI " + uri));
            const std::string suffix = pattern.substr(star + 1);
            for (const auto &item : listed->value("items", nlohmann::json::array()))
                if (item["name"].get<std::string>().ends_with(suffix))
                    names.push_back(item["name"].get<std::string>());
            if (names.empty())
                return std::unexpected(BqError::notFound("URI " + uri));
        }
        for (const std::string &name : names) {
            const std::string objectUri = "gs://" + bucket + "/" + name;
            const auto object = m_buckets.get(bucket, name, std::nullopt, {}, true);
            if (!object)
                return std::unexpected(BqError::notFound("URI " + objectUri));
            inputBytes += int64_t(object->data.size());
            ++files;
            auto part = csvToTable(object->data, objectUri, CsvLoad{schema, job.skipLeadingRows});
            if (!part) {
                // As BigQuery reports it: a summary in errorResult, each bad row in errors[].
                const BqError summary = BqError::invalid(
                    "Error while reading data, error message: CSV table encountered too many "
                    "errors, giving up. Rows: 1; errors: 1. Please look into the errors[] "
                    "collection for more details. File: " +
                    objectUri);
                job.errors.push_back(summary);
                job.errors.push_back(part.error());
                job.error = summary;
                return {};
            }
            if (!loaded) {
                loaded = std::move(*part);
                continue;
            }
            if (const std::string why = schemaDifference(loaded->schema(), job.sourceUris.front(),
                                                         part->schema(), objectUri);
                !why.empty())
                return std::unexpected(BqError::invalid(why));
            loaded = Dataset::concatenate(*loaded, *part);
        }
    }
    const size_t rows = loaded->rowCount();
    if (auto w = m_tables.write(*job.destination, std::move(*loaded), job.write, job.create,
                                job.location);
        !w)
        return std::unexpected(w.error());
    job.statistics = {{"inputFiles", std::to_string(files)},
                      {"inputFileBytes", std::to_string(inputBytes)},
                      {"outputRows", std::to_string(rows)},
                      {"outputBytes", std::to_string(inputBytes)},
                      {"badRecords", "0"}};
    return {};
}

std::expected<void, BqError> JobStore::runExtract(Job &job)
{
    const auto table = m_tables.read(job.source, job.location);
    if (!table)
        return std::unexpected(table.error());
    const auto order = rowOrder(table->data->rowCount());
    std::string csv = tableToCsv(*table->data, order, job.printHeader, job.delimiter);
    const auto [bucket, pattern] = *splitGsUri(job.destinationUri);
    std::string name = pattern;
    if (const size_t star = name.find('*'); star != std::string::npos)
        name.replace(star, 1, "000000000000");  // the first shard, as BigQuery numbers them
    ObjectUpload upload;
    upload.name = name;
    upload.contentType = "application/octet-stream";
    const size_t size = csv.size();
    upload.data = std::move(csv);
    if (const auto stored = m_buckets.insert(bucket, std::move(upload), {}); !stored) {
        BqError e = BqError::notFound("Bucket " + bucket + " (extract destination " +
                                      job.destinationUri + ")");
        e.location = job.destinationUri;
        return std::unexpected(e);
    }
    job.statistics = {{"destinationUriFileCounts", {"1"}}, {"inputBytes", std::to_string(size)}};
    return {};
}

nlohmann::json JobStore::resource(const Job &job) const
{
    nlohmann::json statistics = {{"creationTime", std::to_string(job.creationTime)}};
    if (job.startTime)
        statistics["startTime"] = std::to_string(job.startTime);
    if (job.done) {
        statistics["endTime"] = std::to_string(job.endTime);
        if (!job.error) {
            const char *part = job.type == Type::Query  ? "query"
                               : job.type == Type::Load ? "load"
                                                        : "extract";
            statistics[part] = job.statistics;
            if (job.type == Type::Query)
                statistics["totalBytesProcessed"] = job.statistics["totalBytesProcessed"];
        }
    }
    nlohmann::json status = {{"state", state(job)}};
    if (job.done && job.error) {
        status["errorResult"] = job.error->toJson();
        nlohmann::json errors = nlohmann::json::array();
        for (const BqError &e : job.errors)
            errors.push_back(e.toJson());
        status["errors"] = errors;
    }
    return {{"kind", "bigquery#job"},
            {"etag", std::to_string(job.creationTime) + "." + std::to_string(job.looks)},
            {"id", job.project + ":" + job.location + "." + job.id},
            {"selfLink", "/bigquery/v2/projects/" + job.project + "/jobs/" + job.id +
                             "?location=" + job.location},
            {"jobReference",
             {{"projectId", job.project}, {"jobId", job.id}, {"location", job.location}}},
            {"configuration", job.configuration},
            {"statistics", statistics},
            {"status", status}};
}

std::expected<JobStore::Job *, BqError> JobStore::find(const std::string &project,
                                                       const std::string &jobId,
                                                       const std::string &location)
{
    const auto it = m_jobs.find({project, jobId});
    const std::string shown = project + ":" + (location.empty() ? "US" : location) + "." + jobId;
    if (it == m_jobs.end())
        return std::unexpected(BqError::notFound("Job " + shown));
    Job &job = *it->second;
    // Jobs outside the US and EU multi-regions are found only with their location.
    const bool multiRegion = job.location == "US" || job.location == "EU";
    if ((!location.empty() && location != job.location) || (location.empty() && !multiRegion))
        return std::unexpected(BqError::notFound("Job " + shown));
    return &job;
}

std::expected<nlohmann::json, BqError> JobStore::get(const std::string &project,
                                                     const std::string &jobId,
                                                     const std::string &location)
{
    const std::lock_guard lock(m_mutex);
    const auto job = find(project, jobId, location);
    if (!job)
        return std::unexpected(job.error());
    look(**job);
    return resource(**job);
}

std::expected<nlohmann::json, BqError> JobStore::cancel(const std::string &project,
                                                        const std::string &jobId,
                                                        const std::string &location)
{
    const std::lock_guard lock(m_mutex);
    const auto job = find(project, jobId, location);
    if (!job)
        return std::unexpected(job.error());
    Job &j = **job;
    if (!j.done) {
        j.error =
            BqError{400, "stopped", "Job execution was cancelled: User requested cancellation", {}};
        j.errors = {*j.error};
        if (j.startTime == 0)
            j.startTime = nowMs();
        j.endTime = nowMs();
        j.done = true;
    }
    return nlohmann::json{{"kind", "bigquery#jobCancelResponse"}, {"job", resource(j)}};
}

nlohmann::json JobStore::list(const std::string &project)
{
    const std::lock_guard lock(m_mutex);
    nlohmann::json jobs = nlohmann::json::array();
    for (auto it = m_order.rbegin(); it != m_order.rend(); ++it) {
        const Job &job = **it;
        if (job.project != project)
            continue;
        nlohmann::json r = resource(job);
        r.erase("selfLink");
        r.erase("etag");
        r["state"] = r["status"]["state"];
        if (job.error)
            r["errorResult"] = job.error->toJson();
        jobs.push_back(std::move(r));
    }
    nlohmann::json out = {{"kind", "bigquery#jobList"}, {"etag", "\"fake\""}};
    if (!jobs.empty())
        out["jobs"] = jobs;
    return out;
}

std::vector<uint32_t> JobStore::rowOrder(size_t rows) const
{
    std::vector<uint32_t> order(rows);
    std::iota(order.begin(), order.end(), 0u);
    if (m_settings.scrambleRowOrder) {
        std::mt19937 shuffle(uint32_t(rows) * 2654435761u + 1);
        std::ranges::shuffle(order, shuffle);
    }
    return order;
}

std::expected<nlohmann::json, BqError> JobStore::rowsPage(const Dataset &data,
                                                          const Page &page) const
{
    int64_t start = page.startIndex.value_or(0);
    if (!page.pageToken.empty()) {
        const auto r = std::from_chars(page.pageToken.data() + 1,
                                       page.pageToken.data() + page.pageToken.size(), start);
        if (!page.pageToken.starts_with("r") || r.ec != std::errc() ||
            r.ptr != page.pageToken.data() + page.pageToken.size())
            return std::unexpected(BqError::invalid("Invalid page token: " + page.pageToken));
    }
    const int64_t total = int64_t(data.rowCount());
    if (start < 0 || start > total)
        return std::unexpected(BqError::invalid("Invalid start index " + std::to_string(start)));
    const int64_t count =
        page.maxResults < 0 ? total - start : std::min(page.maxResults, total - start);
    const auto order = rowOrder(data.rowCount());
    nlohmann::json rows = nlohmann::json::array();
    for (int64_t i = start; i < start + count; ++i) {
        nlohmann::json cells = nlohmann::json::array();
        const uint32_t row = order[size_t(i)];
        for (const Column &c : data.columns())
            cells.push_back({{"v", c.isNull(row) ? nlohmann::json(nullptr)
                                                 : nlohmann::json(cellValue(c, row))}});
        rows.push_back({{"f", cells}});
    }
    nlohmann::json out = {{"totalRows", std::to_string(total)}};
    if (!rows.empty())
        out["rows"] = rows;
    if (start + count < total)
        out["pageToken"] = "r" + std::to_string(start + count);
    return out;
}

std::expected<nlohmann::json, BqError> JobStore::query(const std::string &project,
                                                       const nlohmann::json &body)
{
    if (!body.is_object())
        return std::unexpected(BqError::invalid("The query request must be a JSON object."));
    static constexpr std::array<std::string_view, 22> kKnown = {
        "kind",
        "query",
        "maxResults",
        "defaultDataset",
        "timeoutMs",
        "dryRun",
        "preserveNulls",
        "useQueryCache",
        "useLegacySql",
        "parameterMode",
        "queryParameters",
        "location",
        "formatOptions",
        "connectionProperties",
        "labels",
        "maximumBytesBilled",
        "requestId",
        "createSession",
        "jobCreationMode",
        "continuous",
        "destinationEncryptionConfiguration",
        "jobTimeoutMs"};
    nlohmann::json queryConfig = nlohmann::json::object();
    std::string location;
    Page page;
    for (const auto &[key, value] : body.items()) {
        if (!contains(kKnown, key))
            return std::unexpected(unknownField(key, "query_request"));
        if (key == "query" || key == "useLegacySql" || key == "defaultDataset" ||
            key == "useQueryCache" || key == "maximumBytesBilled")
            queryConfig[key] = value;
        else if (key == "location" && value.is_string())
            location = value.get<std::string>();
        else if (key == "maxResults") {
            const auto m = intField(body, "maxResults", "query_request");
            if (!m)
                return std::unexpected(m.error());
            page.maxResults = m->value_or(-1);
        } else if (key == "dryRun" && value == true)
            return std::unexpected(notImplemented("dryRun"));
        else if (key == "queryParameters" && !(value.is_array() && value.empty()))
            return std::unexpected(notImplemented("query parameters"));
    }
    // jobs.query's useLegacySql defaults to true as well.
    if (!queryConfig.contains("useLegacySql"))
        queryConfig["useLegacySql"] = true;
    nlohmann::json job = {{"configuration", {{"query", queryConfig}}}};
    if (!location.empty())
        job["jobReference"] = {{"location", location}};
    const auto inserted = insert(project, job);
    if (!inserted)
        return std::unexpected(inserted.error());
    const auto &ref = (*inserted)["jobReference"];
    auto results = [&]() -> std::expected<nlohmann::json, BqError> {
        const std::lock_guard lock(m_mutex);
        auto found =
            find(project, ref["jobId"].get<std::string>(), ref["location"].get<std::string>());
        if (!found)
            return std::unexpected(found.error());
        Job &j = **found;
        nlohmann::json out = {
            {"kind", "bigquery#queryResponse"}, {"jobReference", ref}, {"jobComplete", j.done}};
        if (!j.done)
            return out;
        if (j.error)
            return std::unexpected(*j.error);
        auto rows = rowsPage(*j.result, page);
        if (!rows)
            return std::unexpected(rows.error());
        out.update(*rows);
        out["schema"] = TableStore::schemaJson(j.result->schema());
        out["totalBytesProcessed"] = j.statistics["totalBytesProcessed"];
        out["cacheHit"] = false;
        return out;
    }();
    return results;
}

std::expected<nlohmann::json, BqError> JobStore::queryResults(const std::string &project,
                                                              const std::string &jobId,
                                                              const std::string &location,
                                                              const Page &page)
{
    const std::lock_guard lock(m_mutex);
    const auto found = find(project, jobId, location);
    if (!found)
        return std::unexpected(found.error());
    Job &job = **found;
    if (job.type != Type::Query)
        return std::unexpected(BqError::invalid("Job " + project + ":" + job.location + "." +
                                                jobId + " is not a query job"));
    look(job);
    nlohmann::json out = {
        {"kind", "bigquery#getQueryResultsResponse"},
        {"etag", std::to_string(job.creationTime)},
        {"jobReference", {{"projectId", project}, {"jobId", jobId}, {"location", job.location}}},
        {"jobComplete", job.done}};
    if (!job.done)
        return out;
    if (job.error)
        return std::unexpected(*job.error);
    auto rows = rowsPage(*job.result, page);
    if (!rows)
        return std::unexpected(rows.error());
    out.update(*rows);
    out["schema"] = TableStore::schemaJson(job.result->schema());
    out["totalBytesProcessed"] = job.statistics["totalBytesProcessed"];
    out["cacheHit"] = false;
    return out;
}

std::expected<nlohmann::json, BqError> JobStore::tableData(const TableRef &ref, const Page &page)
{
    const auto table = m_tables.read(ref, {});
    if (!table)
        return std::unexpected(table.error());
    const std::lock_guard lock(m_mutex);
    auto rows = rowsPage(*table->data, page);
    if (!rows)
        return std::unexpected(rows.error());
    rows->update({{"kind", "bigquery#tableDataList"}, {"etag", "\"fake\""}});
    return rows;
}

}  // namespace covertype::fakecloud::bigquery
