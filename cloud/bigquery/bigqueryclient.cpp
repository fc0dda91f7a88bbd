// BigQuery jobs: insert under a fixed id, poll, read the error a done job carries.
#include "bigquery/bigqueryclient.h"

#include <random>
#include <regex>

#include "base/text.h"
#include "http/encoding.h"

namespace covertype::cloud {

namespace {

std::string randomSuffix()
{
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device random;
    std::string out;
    for (int i = 0; i < 16; ++i)
        out += kAlphabet[random() % 36];
    return out;
}

/// "reason: message (location)" of a BigQuery error proto.
std::string describeError(const nlohmann::json &e)
{
    if (!e.is_object())
        return "unknown error";
    std::string text = e.value("reason", "");
    if (const std::string message = e.value("message", ""); !message.empty())
        text += (text.empty() ? "" : ": ") + message.substr(0, 1000);
    if (const std::string location = e.value("location", ""); !location.empty())
        text += " (" + location.substr(0, 200) + ")";
    return text;
}

}  // namespace

Expected<BigQueryTable> parseBigQueryTable(const std::string &text)
{
    static const std::regex pattern(
        R"(^([a-z][a-z0-9-]{4,28}[a-z0-9]|[a-z0-9.-]+:[a-z][a-z0-9-]{4,28}[a-z0-9])[.:]([A-Za-z0-9_]{1,1024})\.([A-Za-z0-9_$-]{1,1024})$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern))
        return fail(ErrorCode::InvalidArgument,
                    cat("'", text.substr(0, 200),
                        "' is not a BigQuery table: give PROJECT.DATASET.TABLE (letters, digits "
                        "and '_' in the dataset name)"));
    return BigQueryTable{m[1].str(), m[2].str(), m[3].str()};
}

Expected<BigQueryJob> bigQueryJobFromJson(const nlohmann::json &job)
{
    if (!job.is_object() || !job.contains("jobReference") || !job["jobReference"].is_object())
        return fail(ErrorCode::Parse, "BigQuery answered without a job resource");
    BigQueryJob out;
    out.id = job["jobReference"].value("jobId", "");
    out.location = job["jobReference"].value("location", "");
    if (job.contains("status") && job["status"].is_object()) {
        out.status = job["status"];
        out.state = job["status"].value("state", "");
    }
    if (job.contains("statistics"))
        out.statistics = job["statistics"];
    return out;
}

BigQueryClient::BigQueryClient(const ApiClient &api, std::string root, std::string project,
                               std::string location)
    : m_api(api),
      m_root(std::move(root)),
      m_project(std::move(project)),
      m_location(std::move(location))
{
    if (!m_root.ends_with('/'))
        m_root += '/';
}

std::string BigQueryClient::projectUrl(const std::string &project) const
{
    return cat(m_root, "bigquery/v2/projects/", percentEncode(project));
}

Expected<void> BigQueryClient::ensureDataset(const std::string &project,
                                             const std::string &dataset) const
{
    auto got = m_api.getJson(cat(projectUrl(project), "/datasets/", percentEncode(dataset)));
    if (got)
        return {};
    if (got.error().code != ErrorCode::NotFound)
        return std::unexpected(got.error());
    const nlohmann::json body = {
        {"datasetReference", {{"projectId", project}, {"datasetId", dataset}}},
        {"location", m_location}};
    // Creating twice is refused with 409, never done twice: safe to retry.
    auto made = m_api.postJson(projectUrl(project) + "/datasets", body, true);
    if (!made && made.error().code != ErrorCode::Conflict)
        return std::unexpected(made.error());
    return {};
}

Expected<int64_t> BigQueryClient::tableRows(const BigQueryTable &table) const
{
    auto doc =
        m_api.getJson(cat(projectUrl(table.project), "/datasets/", percentEncode(table.dataset),
                          "/tables/", percentEncode(table.table)));
    if (!doc) {
        if (doc.error().code == ErrorCode::NotFound)
            return fail(ErrorCode::NotFound,
                        cat("BigQuery table ", table.toString(), " does not exist"));
        return std::unexpected(doc.error());
    }
    const auto &rows = (*doc)["numRows"];
    if (rows.is_string())
        return std::strtoll(rows.get<std::string>().c_str(), nullptr, 10);
    if (rows.is_number_integer())
        return rows.get<int64_t>();
    return fail(ErrorCode::Parse, cat("BigQuery table ", table.toString(), ": no numRows"));
}

Expected<BigQueryJob> BigQueryClient::getJob(const std::string &id) const
{
    auto doc = m_api.getJson(cat(projectUrl(m_project), "/jobs/", percentEncode(id),
                                 "?location=", percentEncode(m_location)));
    if (!doc)
        return std::unexpected(doc.error());
    return bigQueryJobFromJson(*doc);
}

void BigQueryClient::cancelJob(const std::string &id) const
{
    // Best effort, and not under the stop token that may have asked for it.
    (void)m_api.unstopped().postJson(cat(projectUrl(m_project), "/jobs/", percentEncode(id),
                                         "/cancel?location=", percentEncode(m_location)),
                                     nlohmann::json::object(), true);
}

Expected<BigQueryJob> BigQueryClient::runJob(const nlohmann::json &configuration,
                                             const std::string &jobIdPrefix,
                                             const std::string &what) const
{
    const std::string id = jobIdPrefix + "_" + randomSuffix();
    const nlohmann::json body = {
        {"jobReference", {{"projectId", m_project}, {"jobId", id}, {"location", m_location}}},
        {"configuration", configuration}};
    // A fixed job id makes the insert safe to retry: a second insert of it is 409 duplicate.
    auto inserted = m_api.postJson(projectUrl(m_project) + "/jobs", body, true);
    BigQueryJob job;
    if (inserted) {
        auto read = bigQueryJobFromJson(*inserted);
        if (!read)
            return std::unexpected(read.error());
        job = std::move(*read);
    } else if (inserted.error().code == ErrorCode::Conflict) {
        auto existing = getJob(id);  // our first insert arrived; its answer was lost
        if (!existing)
            return std::unexpected(existing.error());
        job = std::move(*existing);
    } else {
        return fail(inserted.error().code, cat(what, ": ", inserted.error().message));
    }

    const auto start = std::chrono::steady_clock::now();
    auto wait = std::chrono::milliseconds(500);
    std::string lastState;
    while (job.state != "DONE") {
        if (job.state != lastState && m_progress)
            m_progress(cat(what, " (job ", id, "): ", job.state));
        lastState = job.state;
        if (std::chrono::steady_clock::now() - start > m_jobTimeout) {
            cancelJob(id);
            return fail(ErrorCode::Unavailable, cat(what, " (job ", id, ") did not finish within ",
                                                    m_jobTimeout.count(), " s; it was cancelled"));
        }
        if (!waitUnlessStopped(wait, m_api.stopToken())) {
            cancelJob(id);
            return fail(ErrorCode::Cancelled, cat(what, " (job ", id, ") was cancelled"));
        }
        wait = std::min(wait * 2, std::chrono::milliseconds(5000));
        auto polled = getJob(id);
        if (!polled)
            return fail(polled.error().code,
                        cat(what, " (job ", id, "): ", polled.error().message));
        job = std::move(*polled);
    }
    if (m_progress)
        m_progress(cat(what, " (job ", id, "): DONE"));
    if (job.status.contains("errorResult") && job.status["errorResult"].is_object()) {
        std::string text =
            cat(what, " failed (job ", id, "): ", describeError(job.status["errorResult"]));
        if (job.status.contains("errors") && job.status["errors"].is_array()) {
            int shown = 0;
            for (const auto &e : job.status["errors"]) {
                if (++shown > 5)
                    break;
                const std::string line = describeError(e);
                if (line != describeError(job.status["errorResult"]))
                    text += "; " + line;
            }
        }
        return fail(ErrorCode::InvalidArgument, text);
    }
    return job;
}

Expected<BigQueryJob> BigQueryClient::query(const std::string &sql,
                                            const BigQueryTable &destination,
                                            const std::string &jobIdPrefix,
                                            const nlohmann::json &labels) const
{
    nlohmann::json configuration = {{"query",
                                     {{"query", sql},
                                      {"useLegacySql", false},
                                      {"destinationTable", destination.reference()},
                                      {"writeDisposition", "WRITE_TRUNCATE"},
                                      {"createDisposition", "CREATE_IF_NEEDED"}}}};
    if (labels.is_object() && !labels.empty())
        configuration["labels"] = labels;
    return runJob(configuration, jobIdPrefix, cat("query into ", destination.toString()));
}

Expected<BigQueryJob> BigQueryClient::extract(const BigQueryTable &table, const std::string &gcsUri,
                                              const std::string &jobIdPrefix,
                                              const nlohmann::json &labels) const
{
    nlohmann::json configuration = {{"extract",
                                     {{"sourceTable", table.reference()},
                                      {"destinationUris", {gcsUri}},
                                      {"destinationFormat", "CSV"},
                                      {"printHeader", true}}}};
    if (labels.is_object() && !labels.empty())
        configuration["labels"] = labels;
    return runJob(configuration, jobIdPrefix, cat("extract of ", table.toString(), " to ", gcsUri));
}

Expected<BigQueryJob> BigQueryClient::load(const std::vector<std::string> &gcsUris,
                                           const BigQueryTable &table,
                                           const std::vector<BigQueryField> &schema,
                                           const std::string &jobIdPrefix,
                                           const nlohmann::json &labels) const
{
    nlohmann::json fields = nlohmann::json::array();
    for (const BigQueryField &f : schema)
        fields.push_back({{"name", f.name}, {"type", f.type}, {"mode", f.mode}});
    nlohmann::json configuration = {{"load",
                                     {{"sourceUris", gcsUris},
                                      {"destinationTable", table.reference()},
                                      {"sourceFormat", "CSV"},
                                      {"skipLeadingRows", 1},
                                      {"schema", {{"fields", fields}}},
                                      {"writeDisposition", "WRITE_TRUNCATE"},
                                      {"createDisposition", "CREATE_IF_NEEDED"}}}};
    if (labels.is_object() && !labels.empty())
        configuration["labels"] = labels;
    return runJob(configuration, jobIdPrefix, cat("load into ", table.toString()));
}

}  // namespace covertype::cloud
