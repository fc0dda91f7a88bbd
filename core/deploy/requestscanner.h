// Reading a prediction request body {"instances": [...], "parameters": {...}?} straight into
// the feature columns, without building a JSON tree (the fast path of parsePredictionRequest).
#pragma once

#include <string_view>

#include "data/dataset.h"

namespace covertype {

/// Deeper nesting is refused outright: the JSON tree's error messages print offending values
/// recursively, and a body of 1 MB of '[' would exhaust the stack.
inline constexpr int kMaxRequestDepth = 64;

enum class RequestScan {
    Ok,        ///< a valid request; `instances` and `probabilities` are filled
    Fallback,  ///< not plainly valid: the JSON tree must decide (and explain)
    TooDeep,   ///< nested deeper than kMaxRequestDepth
};

/// Scans `body` strictly: it gives up (Fallback) on anything that is not plainly valid — bad
/// JSON, a wrong instance, repeated keys, numbers out of range, non-ASCII strings — and never
/// accepts what the JSON tree would reject or read differently. On Ok, `instances` holds the 12
/// feature columns exactly as instancesToDataset builds them.
[[nodiscard]] RequestScan scanPredictionRequest(std::string_view body, Dataset &instances,
                                                bool &probabilities);

/// Nesting depth of `body`, counting brackets outside strings; stops counting past `limit`.
[[nodiscard]] int nestingDepth(std::string_view body, int limit);

}  // namespace covertype
