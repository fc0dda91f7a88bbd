// The course table in BigQuery, shared by `covertype cloud bq load` / `cloud split`, the
// pipeline's split step and the workbench: a local dataset loaded into a table (staged as CSV in
// Cloud Storage, then a load job), and the course split done where the course does it (a query
// job per split into P.D.T_<split>, then an extract job to ROOT/datasets/<split>/data.csv).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/apiclient.h"
#include "bigquery/bigqueryclient.h"
#include "cloudsetup/bigquerywork.h"
#include "config/cloudconfig.h"
#include "data/dataset.h"
#include "split/split.h"
#include "storage/gcsuri.h"

namespace covertype::cloud {

/// Writes `data` as CSV to ROOT/staging/TABLE.csv, creates the dataset when missing and loads
/// the CSV into `table` (replaced) with the file's column types. The row count BigQuery reports
/// comes back with the file's; a difference is an error (ErrorCode::Corrupt). The api client's
/// stop token cancels the upload and the job.
[[nodiscard]] Expected<BigQueryLoadReport> loadIntoBigQuery(
    const ApiClient &api, const CloudConfig &config, const Dataset &data,
    const BigQueryTable &table, const GcsUri &root, const std::string &location,
    const BigQueryWorkProgress &progress);

/// Runs the three query jobs and extract jobs (fixed job ids, safe to retry; the api client's
/// stop token cancels the job waited for) and returns each split's row count, table and CSV.
[[nodiscard]] Expected<std::vector<BigQuerySplitPart>> splitInBigQuery(
    const ApiClient &api, const CloudConfig &config, const BigQueryTable &table, const GcsUri &root,
    const SplitSpec &spec, const std::string &location, const BigQueryWorkProgress &progress);

}  // namespace covertype::cloud
