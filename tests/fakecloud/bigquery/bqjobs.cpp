// Jobs of the fake BigQuery: configuration checks, states over polls, and the work.
#include "bigquery/bqjobs.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>

#include "bigquery/jobconfig.h"
#include "bigquery/tablecsv.h"
#include "storage/bucketstore.h"

namespace covertype::fakecloud::bigquery {

namespace {

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
    auto spec =
        readJobConfiguration(*config, project, location, m_tables, m_settings.defaultLocation);
    if (!spec)
        return std::unexpected(spec.error());
    job->spec = std::move(*spec);
    job->location = location;
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
    switch (job.spec.type) {
        case JobType::Query:
            outcome = runQuery(job);
            break;
        case JobType::Load:
            outcome = runLoad(job);
            break;
        case JobType::Extract:
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
    const auto table = m_tables.read(job.spec.source, job.location);
    if (!table)
        return std::unexpected(table.error());
    if (const auto problem = checkColumns(job.spec.select, table->data->schema()))
        return std::unexpected(BqError{400, "invalidQuery", problem->message, "query"});
    auto result = evaluateSelect(job.spec.select, *table->data);
    if (!result)
        return std::unexpected(BqError{400, "invalidQuery", result.error(), "query"});
    const int64_t bytes = bytesProcessed(job.spec.select, *table->data);
    job.statistics = {
        {"totalBytesProcessed", std::to_string(bytes)},
        {"totalBytesBilled", std::to_string(bytes == 0 ? 0 : std::max<int64_t>(bytes, 10 << 20))},
        {"billingTier", 1},
        {"cacheHit", false},
        {"statementType", "SELECT"},
        {"totalSlotMs", "1"}};
    // Without a destination, results go to an anonymous table in a hidden dataset.
    TableRef target = job.spec.destination.value_or(
        TableRef{job.project, "_fake_anonymous_" + job.location, "anon_" + job.id});
    if (!job.spec.destination)
        m_tables.ensureDataset(target.project, target.dataset, job.location);
    auto shared = std::make_shared<const Dataset>(std::move(*result));
    if (auto w = m_tables.write(target, *shared,
                                job.spec.destination ? job.spec.write : WriteDisposition::Truncate,
                                job.spec.create, job.location);
        !w)
        return std::unexpected(w.error());
    job.spec.configuration["query"]["destinationTable"] = tableRefJson(target);
    job.result = std::move(shared);
    return {};
}

std::expected<void, BqError> JobStore::runLoad(Job &job)
{
    std::vector<Field> schema = job.spec.schema;
    if (schema.empty() && !job.spec.autodetect) {
        const auto existing = m_tables.read(*job.spec.destination, {});
        if (!existing)
            return std::unexpected(BqError::invalid("No schema specified on job or table."));
        schema = existing->data->schema();
    }
    std::optional<Dataset> loaded;
    int64_t inputBytes = 0;
    int files = 0;
    for (const std::string &uri : job.spec.sourceUris) {
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
            auto part =
                csvToTable(object->data, objectUri, CsvLoad{schema, job.spec.skipLeadingRows});
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
            if (const std::string why = schemaDifference(
                    loaded->schema(), job.spec.sourceUris.front(), part->schema(), objectUri);
                !why.empty())
                return std::unexpected(BqError::invalid(why));
            loaded = Dataset::concatenate(*loaded, *part);
        }
    }
    const size_t rows = loaded->rowCount();
    if (auto w = m_tables.write(*job.spec.destination, std::move(*loaded), job.spec.write,
                                job.spec.create, job.location);
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
    const auto table = m_tables.read(job.spec.source, job.location);
    if (!table)
        return std::unexpected(table.error());
    const auto order = rowOrder(table->data->rowCount());
    std::string csv = tableToCsv(*table->data, order, job.spec.printHeader, job.spec.delimiter);
    const auto [bucket, pattern] = *splitGsUri(job.spec.destinationUri);
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
                                      job.spec.destinationUri + ")");
        e.location = job.spec.destinationUri;
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
            const char *part = job.spec.type == JobType::Query  ? "query"
                               : job.spec.type == JobType::Load ? "load"
                                                                : "extract";
            statistics[part] = job.statistics;
            if (job.spec.type == JobType::Query)
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
            {"configuration", job.spec.configuration},
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
        if (std::ranges::find(kKnown, key) == kKnown.end())
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
    if (job.spec.type != JobType::Query)
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
