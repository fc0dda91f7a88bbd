// The GoogleSQL subset the fake BigQuery evaluates: the course's split queries (SELECT *, COUNT(*)
// or columns FROM one table WHERE lot conditions on MOD(ABS(FARM_FINGERPRINT(...)), N)), parsed
// strictly; anything else is refused with the position BigQuery would name ("[line:column]").
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace covertype::fakecloud::bigquery {

/// A query the subset does not cover, or a malformed one: the message ends in " at [L:C]".
struct SqlError
{
    std::string message;
    int line = 1;
    int column = 1;
};

/// `project.dataset.table` as written in FROM (project or dataset may be empty: the job's
/// project and the default dataset fill them in).
struct TablePath
{
    std::string project;
    std::string dataset;
    std::string table;
};

/// MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(row) | CAST(col AS STRING))), modulus) compared with
/// constants.
/// A column named in the query, with where it was written (for "Unrecognized name" errors).
struct ColumnRef
{
    std::string name;
    int line = 1;
    int column = 1;
};

struct LotCondition
{
    enum class Op { In, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Between };
    std::optional<ColumnRef> hashColumn;  ///< nullopt: TO_JSON_STRING of the whole row
    int64_t modulus = 1;
    Op op = Op::In;
    std::vector<int64_t> values;  ///< In: the list; Between: {low, high}; else one value
    [[nodiscard]] bool holds(int64_t lot) const;
};

struct SelectQuery
{
    enum class Kind { Star, Count, Columns } kind = Kind::Star;
    std::vector<ColumnRef> columns;  ///< Columns: names as written (the output names)
    std::string countAlias = "f0_";  ///< Count: the output column
    TablePath from;
    std::string alias;  ///< the row's name in TO_JSON_STRING(...): AS alias, else the table id
    std::vector<LotCondition> where;  ///< all must hold (AND); empty: every row
};

/// Parses `sql` (keywords case-insensitive, `--` and `#` comments, one trailing `;`).
[[nodiscard]] std::expected<SelectQuery, SqlError> parseSelect(const std::string &sql);

/// Checks the columns the query names against the table's (case-insensitively, as BigQuery
/// does): "Unrecognized name: x at [L:C]", or duplicate output names.
[[nodiscard]] std::optional<SqlError> checkColumns(const SelectQuery &query,
                                                   const std::vector<Field> &schema);

/// The result of a query over `table` (checkColumns passed): rows of `table` that satisfy
/// every condition, in table order, projected as the query says. The error is BigQuery's
/// run-time one: ABS of INT64_MIN overflows.
[[nodiscard]] std::expected<Dataset, std::string> evaluateSelect(const SelectQuery &query,
                                                                 const Dataset &table);

/// The bytes BigQuery bills for reading the columns a query uses (INT64 and FLOAT64 8 bytes,
/// BOOL 1, STRING 2 + its UTF-8 length; NULL 0).
[[nodiscard]] int64_t bytesProcessed(const SelectQuery &query, const Dataset &table);

}  // namespace covertype::fakecloud::bigquery
