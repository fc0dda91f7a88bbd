// Writing a Dataset (or some of its rows) as CSV text: header, RFC 4180 quoting only where needed.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype {

/// Appends one CSV field: quoted (with quotes doubled) only when it holds a comma, a quote, CR or
/// LF, or starts with a byte-order mark. Empty text is written as nothing (which readers take for
/// NULL).
void appendCsvField(std::string &out, std::string_view text);

/// CSV text of every row: a header of the column names, then one LF-terminated line per row.
/// INT64 in decimal, FLOAT64 in shortest round-trip form (NaN, inf, -inf), BOOL true/false,
/// NULL as an empty field, STRING quoted only when needed (an empty string is written "").
[[nodiscard]] std::string datasetToCsv(const Dataset &data);

/// The same for the given rows (indices into `data`, each < rowCount()), in that order.
/// `progress` gets the fraction done and may return false to cancel (ErrorCode::Cancelled).
[[nodiscard]] Expected<std::string> rowsToCsv(const Dataset &data, std::span<const uint32_t> rows,
                                              const std::function<bool(double)> &progress = {});

}  // namespace covertype
