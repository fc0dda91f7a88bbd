// The fake BigQuery API v2 under /bigquery/v2/projects/{project}/...: datasets, tables,
// tabledata.list, jobs (query, load, extract) and jobs.query / getQueryResults, answering as
// the service does, with errors[].reason on every error.
#pragma once

#include <string>

#include "bigquery/bqjobs.h"
#include "bigquery/tablestore.h"
#include "server/service.h"

namespace covertype::fakecloud::bigquery {

class BigQueryService : public Service
{
public:
    explicit BigQueryService(BucketStore &buckets);

    [[nodiscard]] bool accepts(const Request &request) const override;
    [[nodiscard]] Response handle(const Request &request) override;

    [[nodiscard]] TableStore &tables() { return m_tables; }
    [[nodiscard]] BigQuerySettings settings() const { return m_jobs.settings(); }
    void setSettings(const BigQuerySettings &settings) { m_jobs.setSettings(settings); }

private:
    TableStore m_tables;
    JobStore m_jobs;
};

}  // namespace covertype::fakecloud::bigquery
