// Per-column statistics for `covertype info` and the table browser.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace covertype {

struct ColumnStats
{
    std::string name;
    ColumnType type = ColumnType::String;
    size_t nulls = 0;
    size_t distinct = 0;  ///< distinct non-NULL values
    // Numeric columns (INT64, FLOAT64, BOOL) only; NaN otherwise or when every value is NULL.
    double min = 0, max = 0, mean = 0, stddev = 0;
    bool numeric = false;
    /// Most frequent values (text form) with counts, most frequent first, at most `topN`.
    std::vector<std::pair<std::string, size_t>> top;
};

/// One pass per column. `topN` limits ColumnStats::top (0: none).
[[nodiscard]] std::vector<ColumnStats> computeColumnStats(const Dataset &data, size_t topN = 5);

/// Rows per Cover_Type value (empty when the column is absent).
[[nodiscard]] std::map<int64_t, size_t> labelCounts(const Dataset &data);

}  // namespace covertype
