// The original UCI covtype.data (55 one-hot integer columns) converted to the 13 lab columns.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype {

/// True when `firstLine` (with or without its line ending) has 55 comma-separated integer fields,
/// as every line of covtype.data has (it has no header).
bool looksLikeUciCovtype(std::string_view firstLine);

/// Parses covtype.data: 10 quantitative columns, 4 one-hot wilderness areas, 40 one-hot soil types
/// and Cover_Type per line; no header; LF or CRLF; trailing newline optional. Returns the lab
/// schema (lab::labSchema() order): the numeric columns and Cover_Type INT64, Wilderness_Area
/// STRING in the course spelling (Rawah, Neota, Commanche, Cache), Soil_Type STRING "C" + ELU code
/// (soil type k -> lab::kSoilEluCodes[k-1]); strings dictionary-encoded in order of first
/// appearance. `source` names the input in messages and becomes Dataset::source().
/// Errors (ErrorCode::Parse) name source, line, column, value and what was expected; nothing
/// half-loaded is returned. `progress` gets the fraction parsed; false cancels
/// (ErrorCode::Cancelled).
[[nodiscard]] Expected<Dataset> parseUciCovtype(std::string_view text, const std::string &source,
                                                const std::function<bool(double)> &progress = {});

}  // namespace covertype
