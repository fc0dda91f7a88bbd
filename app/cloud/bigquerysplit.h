// The course split where the course does it: a BigQuery query job per split into
// P.D.T_<split>, then an extract job to ROOT/datasets/<split>/data.csv (cloud split, and the
// pipeline's split step with --table).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "bigquery/bigqueryclient.h"
#include "split/split.h"
#include "storage/gcsuri.h"

namespace covertype::cli {

class CloudSession;

struct BigQuerySplitPart
{
    std::string name;  ///< training, validation, testing
    int64_t rows = 0;  ///< as BigQuery counts them in the destination table
    std::string table, uri;
    std::optional<size_t> localRows;  ///< the local preview's count, when compared
};

/// Runs the three query jobs and extract jobs (fixed job ids, safe to retry; Ctrl-C cancels the
/// job waited for) and returns each split's row count, table and exported CSV.
[[nodiscard]] Expected<std::vector<BigQuerySplitPart>> splitInBigQuery(
    CloudSession &session, const cloud::BigQueryTable &table, const cloud::GcsUri &root,
    const SplitSpec &spec, const std::string &location);

}  // namespace covertype::cli
