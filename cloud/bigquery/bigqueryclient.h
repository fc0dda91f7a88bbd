// BigQuery through its REST API (v2): datasets, tables, and jobs (query with a destination table,
// extract to Cloud Storage, load from Cloud Storage) inserted under a fixed job id, so a retried
// insert never runs a job twice, and polled until done.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/apiclient.h"

namespace covertype::cloud {

/// project.dataset.table (or project:dataset.table, bq's spelling).
struct BigQueryTable
{
    std::string project;
    std::string dataset;
    std::string table;
    [[nodiscard]] std::string toString() const { return project + "." + dataset + "." + table; }
    [[nodiscard]] nlohmann::json reference() const
    {
        return {{"projectId", project}, {"datasetId", dataset}, {"tableId", table}};
    }
};

/// Parses P.D.T or P:D.T; ErrorCode::InvalidArgument naming what is wrong.
[[nodiscard]] Expected<BigQueryTable> parseBigQueryTable(const std::string &text);

struct BigQueryJob
{
    std::string id;
    std::string location;
    std::string state;      ///< PENDING, RUNNING, DONE
    nlohmann::json status;  ///< the job's status object
    nlohmann::json statistics;
};

struct BigQueryField
{
    std::string name;
    std::string type;  ///< INTEGER, FLOAT, STRING, ...
    std::string mode = "NULLABLE";
};

class BigQueryClient
{
public:
    /// `root` as CloudConfig::bigqueryRoot; jobs run in `project` at `location` (US, EU, a region).
    BigQueryClient(const ApiClient &api, std::string root, std::string project,
                   std::string location = "US");

    /// Told of each state change and poll ("query job covertype_x: RUNNING").
    void setProgress(std::function<void(const std::string &)> progress)
    {
        m_progress = std::move(progress);
    }
    /// How long a job may take before waitForJob gives up (and cancels it).
    void setJobTimeout(std::chrono::seconds timeout) { m_jobTimeout = timeout; }

    /// Creates the dataset when it does not exist (in this client's location).
    [[nodiscard]] Expected<void> ensureDataset(const std::string &project,
                                               const std::string &dataset) const;
    /// The table's row count; NotFound when it does not exist.
    [[nodiscard]] Expected<int64_t> tableRows(const BigQueryTable &table) const;

    /// Runs `sql` (standard SQL) into `destination`, replacing it. Waits until done.
    [[nodiscard]] Expected<BigQueryJob> query(const std::string &sql,
                                              const BigQueryTable &destination,
                                              const std::string &jobIdPrefix,
                                              const nlohmann::json &labels = {}) const;
    /// Exports `table` as CSV with a header line to `gcsUri` (gs://...). Waits until done.
    [[nodiscard]] Expected<BigQueryJob> extract(const BigQueryTable &table,
                                                const std::string &gcsUri,
                                                const std::string &jobIdPrefix,
                                                const nlohmann::json &labels = {}) const;
    /// Loads CSV files (with a header line) from Cloud Storage into `table`, replacing it, with
    /// the given schema. Waits until done.
    [[nodiscard]] Expected<BigQueryJob> load(const std::vector<std::string> &gcsUris,
                                             const BigQueryTable &table,
                                             const std::vector<BigQueryField> &schema,
                                             const std::string &jobIdPrefix,
                                             const nlohmann::json &labels = {}) const;

    /// Inserts a job with configuration `configuration` under a new id `prefix_<random>`; a retry
    /// that meets 409 (the first insert arrived) takes the job that exists. Then polls it until
    /// DONE (backoff 0.5 s to 5 s), cancelling it when stopped or past the timeout; a job done
    /// with an errorResult is an error naming its reason, message and location.
    [[nodiscard]] Expected<BigQueryJob> runJob(const nlohmann::json &configuration,
                                               const std::string &jobIdPrefix,
                                               const std::string &what) const;

private:
    [[nodiscard]] std::string projectUrl(const std::string &project) const;
    [[nodiscard]] Expected<BigQueryJob> getJob(const std::string &id) const;
    void cancelJob(const std::string &id) const;

    const ApiClient &m_api;
    std::string m_root;
    std::string m_project;
    std::string m_location;
    std::chrono::seconds m_jobTimeout{6 * 3600};
    std::function<void(const std::string &)> m_progress;
};

/// A job resource read into BigQueryJob.
[[nodiscard]] Expected<BigQueryJob> bigQueryJobFromJson(const nlohmann::json &job);

}  // namespace covertype::cloud
