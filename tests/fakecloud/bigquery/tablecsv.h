// Tables to and from CSV as BigQuery's extract and load jobs write and read it, with the
// product's CSV loader (core/data/csvloader) for types, so a cell BigQuery would refuse fails.
#pragma once

#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bigquery/bqerror.h"
#include "data/dataset.h"

namespace covertype::fakecloud::bigquery {

/// CSV text of the rows in `order` (indices into `data`): an optional header of the column
/// names, LF line ends, INT64 in decimal, BOOL true/false, NULL as an empty field, an empty
/// string as "", fields quoted (quotes doubled) only when they hold the delimiter, a quote, CR
/// or LF. FLOAT64 is written in shortest round-trip form (the course table has none; BigQuery's
/// own FLOAT64 CSV spelling was not checked against the service).
[[nodiscard]] std::string tableToCsv(const Dataset &data, std::span<const uint32_t> order,
                                     bool printHeader, char delimiter);

struct CsvLoad
{
    std::vector<Field> schema;           ///< given (or the existing table's); empty: autodetect
    std::optional<int> skipLeadingRows;  ///< unset: autodetect looks for a header row
};

/// Reads one CSV object (`uri` names it in errors). With a schema, columns are taken by
/// position and `skipLeadingRows` lines skipped; with autodetect, the header (the first row
/// when every cell is a non-numeric name, or row N when skipLeadingRows = N) names the columns,
/// else they are named string_field_0, int64_field_1... by type, as BigQuery names them. A
/// bad cell is an error naming the object, line, column and value.
[[nodiscard]] std::expected<Dataset, BqError> csvToTable(std::string_view text,
                                                         const std::string &uri,
                                                         const CsvLoad &options);

}  // namespace covertype::fakecloud::bigquery
