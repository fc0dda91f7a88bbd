// Loading tables: lab-schema CSV (RFC 4180) with BigQuery-style type inference, or the UCI file.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype {

/// Progress in [0, 1]; return false to cancel.
using ProgressCallback = std::function<bool(double fraction)>;

struct LoadOptions
{
    /// Column types by name (from a BigQuery JSON schema file). Empty: infer them as BigQuery's
    /// CSV autodetection does (INT64 if every value is an integer, FLOAT64 if numeric, BOOL for
    /// true/false, else STRING; empty cells are NULL and do not vote; an all-NULL column is
    /// STRING).
    std::vector<Field> schema;
    /// Require the course table: the 12 feature columns present, numeric ones numeric, and
    /// Cover_Type (optional) an integer 1..7 on every row. Off: any table with a header.
    bool labSchema = true;
    ProgressCallback progress;
    /// Unquoted bodies from this size on are read on several threads (results are identical).
    size_t parallelMinBytes = size_t(8) << 20;
    /// Threads for that; 0 = one per core.
    unsigned threads = 0;
};

/// Parses CSV text (header row; RFC 4180 quoting; LF or CRLF; UTF-8 BOM tolerated).
/// `source` names the input in error messages. Errors name source, line, column, value and the
/// expectation; nothing half-loaded is returned.
[[nodiscard]] Expected<Dataset> parseCsv(std::string_view text, const std::string &source,
                                         const LoadOptions &options = {});

/// Loads a file: lab CSV or the original UCI covtype.data, plain, gzip or the UCI zip.
[[nodiscard]] Expected<Dataset> loadDataset(const std::string &path,
                                            const LoadOptions &options = {});

/// The line of `path` where data row `row` (0-based, as loadDataset numbers rows) starts, for
/// messages about a cell found after loading. Reads the file again: for errors only.
[[nodiscard]] Expected<size_t> sourceLineOfRow(const std::string &path, size_t row);

/// Reads a BigQuery JSON schema file: `[{"name": ..., "type": ..., "mode": ...}, ...]` or
/// `{"fields": [...]}`.
[[nodiscard]] Expected<std::vector<Field>> loadSchemaFile(const std::string &path);
/// The same from JSON text; `source` names it in errors.
[[nodiscard]] Expected<std::vector<Field>> parseSchemaJson(std::string_view text,
                                                           const std::string &source);

}  // namespace covertype
