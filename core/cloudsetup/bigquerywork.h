// What BigQuery work reports back, whoever runs it (the CLI, the pipeline, the workbench through
// CloudProvider): a table loaded from a local file, and the row counts of a split done there.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace covertype {

/// Told how the work goes: `step` of each job state ("query job covertype_split_x: RUNNING"),
/// `transfer` of the bytes uploaded so far and in all. Either may be empty.
struct BigQueryWorkProgress
{
    std::function<void(const std::string &)> step;
    std::function<void(int64_t done, int64_t total)> transfer;
};

struct BigQueryLoadReport
{
    std::string table;   ///< PROJECT.DATASET.TABLE
    std::string staged;  ///< gs:// URI of the CSV the load job read
    std::string job;     ///< the load job's id
    int64_t rows = 0;    ///< as BigQuery counts them in the table
    int64_t fileRows = 0;
};

struct BigQuerySplitPart
{
    std::string name;  ///< training, validation, testing
    int64_t rows = 0;  ///< as BigQuery counts them in the destination table
    std::string table, uri;
    std::optional<int64_t> localRows;  ///< the local preview's count, when compared
};

}  // namespace covertype
