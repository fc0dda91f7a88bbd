// Internal to the CSV loader: reading a large unquoted CSV body on several threads straight into
// preallocated columns (no per-thread copies, so memory stays near the columnar size).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "data/csvcells.h"
#include "data/dataset.h"

namespace covertype::csv {

struct ParallelColumn
{
    std::string name;
    ColumnType type = ColumnType::String;  ///< settled by a first look at the leading records
    ColumnRole role;
};

/// Reads `body` (no quote characters; records end with LF, CRLF; blank lines skipped) whose
/// first line is file line `firstLine`. Returns the columns; nullopt when the sequential reader
/// must do the work (a value does not fit the settled type, a lone CR, a cancelled count); an
/// error for bad input, with the same messages and line numbers as the sequential reader.
/// `progress` gets bytes consumed (approximate) and may be called from a worker thread.
[[nodiscard]] Expected<std::optional<std::vector<Column>>> readUnquotedParallel(
    std::string_view body, size_t firstLine, const std::vector<ParallelColumn> &columns,
    const std::string &source, const std::function<bool(size_t)> &progress, unsigned threads);

}  // namespace covertype::csv
