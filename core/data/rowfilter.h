// Which rows of a Dataset the table browser shows, and in what order: a filter of column
// conditions and a sort key, applied as an index permutation so the table itself is never copied.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype {

/// One test on one column. Numeric columns compare by value (ranges inclusive); STRING columns
/// compare the text exactly (case-insensitive). NULL cells never pass.
struct RowCondition
{
    enum class Op { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Range };

    int column = -1;
    Op op = Op::Equal;
    double lo = 0;     ///< the value for the comparisons, the lower bound of Range
    double hi = 0;     ///< the upper bound of Range
    std::string text;  ///< the value as written (STRING columns compare this)
};

/// Conditions that must all hold; empty passes every row.
struct RowFilter
{
    std::vector<RowCondition> conditions;

    [[nodiscard]] bool empty() const { return conditions.empty(); }
    /// Whether row `row` of `data` passes (data must be the table the filter was parsed for).
    [[nodiscard]] bool matches(const Dataset &data, size_t row) const;
};

/// Parses a filter typed by a user: conditions joined by "," , ";" or " and ", each one of
///   `Column lo..hi` (inclusive; either bound may be left out: `Elevation ..3000`),
///   `Column = v`, `!=`, `<`, `<=`, `>`, `>=` (`=` also written `==`).
/// Column names match case-insensitively. Errors (InvalidArgument) name the unknown column, the
/// bad number or the operator a STRING column cannot take. Blank text gives an empty filter.
[[nodiscard]] Expected<RowFilter> parseRowFilter(const Dataset &data, std::string_view text);

struct SortKey
{
    int column = -1;  ///< -1: dataset order
    bool ascending = true;
};

/// Called with the fraction done in [0, 1]; returning false cancels.
using RowOrderProgress = std::function<bool(double)>;

/// Indices of the rows passing `filter`, ordered by `key`: stable (ties keep dataset order), NULLs
/// last in either direction, STRING columns by text. Errors: Cancelled when `progress` says so,
/// InvalidArgument for a sort column out of range.
[[nodiscard]] Expected<std::vector<uint32_t>> computeRowOrder(
    const Dataset &data, const RowFilter &filter, SortKey key,
    const RowOrderProgress &progress = {});

}  // namespace covertype
