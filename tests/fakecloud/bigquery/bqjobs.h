// The fake BigQuery's jobs: configurations checked at insert (jobconfig.h), states PENDING ->
// RUNNING -> DONE over a set number of polls, and the work (evaluating the query, reading or
// writing Cloud Storage, writing the destination table) done when the job turns DONE, as the
// service does it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bigquery/bqerror.h"
#include "bigquery/jobconfig.h"
#include "bigquery/sqlsubset.h"
#include "bigquery/tablestore.h"

namespace covertype::fakecloud {
class BucketStore;
}

namespace covertype::fakecloud::bigquery {

struct BigQuerySettings
{
    /// A job is PENDING for the insert answer and the next pendingPolls - 1 looks at it, then
    /// RUNNING for runningPolls looks, then DONE (0 and 0: DONE in the insert's answer). Each
    /// jobs.get, jobs.getQueryResults and the jobs.query / insert answer counts as a look.
    int pendingPolls = 1;
    int runningPolls = 1;
    /// Rows come back (query results, table data, extracted files) in an order other than the
    /// table's, as BigQuery guarantees no order without ORDER BY: a client that depends on it
    /// fails here too.
    bool scrambleRowOrder = true;
    std::string defaultLocation = "US";  ///< of jobs that name no location and no dataset
};

class JobStore
{
public:
    JobStore(TableStore &tables, BucketStore &buckets);

    [[nodiscard]] BigQuerySettings settings() const;
    void setSettings(const BigQuerySettings &settings);

    /// jobs.insert: the job resource (its first look), or 400 (unknown field, bad value, a query
    /// outside the subset), 404 (a table or dataset the job reads), 409 (the job id exists).
    [[nodiscard]] std::expected<nlohmann::json, BqError> insert(const std::string &project,
                                                                const nlohmann::json &body);
    /// jobs.get (a look). `location` empty: only jobs in the US and EU multi-regions are found.
    [[nodiscard]] std::expected<nlohmann::json, BqError> get(const std::string &project,
                                                             const std::string &jobId,
                                                             const std::string &location);
    /// jobs.cancel: {kind, job}; a job not yet DONE ends DONE with errorResult "stopped".
    [[nodiscard]] std::expected<nlohmann::json, BqError> cancel(const std::string &project,
                                                                const std::string &jobId,
                                                                const std::string &location);
    /// jobs.list: the project's jobs, newest first.
    [[nodiscard]] nlohmann::json list(const std::string &project);

    /// Paging of query results and table data.
    struct Page
    {
        int64_t maxResults = -1;  ///< -1: all rows (the fake has no 10 MB limit)
        std::optional<int64_t> startIndex;
        std::string pageToken;
    };
    /// jobs.query: {query, useLegacySql, maxResults, timeoutMs, location, defaultDataset, ...}.
    [[nodiscard]] std::expected<nlohmann::json, BqError> query(const std::string &project,
                                                               const nlohmann::json &body);
    /// jobs.getQueryResults (a look): jobComplete false until the job is DONE; a failed job
    /// answers its error.
    [[nodiscard]] std::expected<nlohmann::json, BqError> queryResults(const std::string &project,
                                                                      const std::string &jobId,
                                                                      const std::string &location,
                                                                      const Page &page);
    /// tabledata.list: {kind, totalRows, rows, pageToken}.
    [[nodiscard]] std::expected<nlohmann::json, BqError> tableData(const TableRef &ref,
                                                                   const Page &page);

private:
    struct Job
    {
        std::string project;
        std::string id;
        std::string location;
        JobSpec spec;

        int looks = 0;
        bool done = false;
        std::optional<BqError> error;
        std::vector<BqError> errors;
        int64_t creationTime = 0;
        int64_t startTime = 0;
        int64_t endTime = 0;
        nlohmann::json statistics = nlohmann::json::object();  ///< query/load/extract part
        std::shared_ptr<const Dataset> result;                 ///< a query's rows
    };

    /// Counts a look; runs the work when the job turns DONE.
    void look(Job &job);
    void finish(Job &job);
    [[nodiscard]] std::expected<void, BqError> runQuery(Job &job);
    [[nodiscard]] std::expected<void, BqError> runLoad(Job &job);
    [[nodiscard]] std::expected<void, BqError> runExtract(Job &job);
    [[nodiscard]] std::string state(const Job &job) const;
    [[nodiscard]] nlohmann::json resource(const Job &job) const;
    [[nodiscard]] std::expected<Job *, BqError> find(const std::string &project,
                                                     const std::string &jobId,
                                                     const std::string &location);
    [[nodiscard]] std::string newJobId();
    /// The rows of a page, in the order the fake answers (see scrambleRowOrder).
    [[nodiscard]] std::expected<nlohmann::json, BqError> rowsPage(const Dataset &data,
                                                                  const Page &page) const;
    [[nodiscard]] std::vector<uint32_t> rowOrder(size_t rows) const;

    TableStore &m_tables;
    BucketStore &m_buckets;
    mutable std::mutex m_mutex;
    BigQuerySettings m_settings;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<Job>> m_jobs;
    std::vector<Job *> m_order;  ///< creation order, for jobs.list
    std::mt19937_64 m_random{std::random_device{}()};
};

}  // namespace covertype::fakecloud::bigquery
