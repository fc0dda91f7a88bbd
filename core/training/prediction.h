// The prediction contract shared by `covertype serve`, the local registry and the CLI client:
// AI Platform / Vertex AI request bodies in, {"predictions": [...]} out.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "data/dataset.h"
#include "training/model.h"

namespace covertype {

/// A parsed request body {"instances": [...], "parameters": {...}?}.
struct PredictionRequest
{
    Dataset instances;           ///< the 12 feature columns, one row per instance
    bool probabilities = false;  ///< "parameters": {"probabilities": true}
};

/// Parses and validates a request body. ErrorCode::InvalidArgument with a message naming what
/// was wrong: malformed JSON (with the byte offset), a missing or non-array "instances", and per
/// instance its index and field (wrong arity, wrong type, unknown column, missing field).
[[nodiscard]] Expected<PredictionRequest> parsePredictionRequest(std::string_view body);
/// The same for an already parsed document.
[[nodiscard]] Expected<PredictionRequest> parsePredictionRequest(const nlohmann::json &document);

/// {"predictions": [L, ...]} with one Cover_Type per instance, or with probabilities
/// {"predictions": [{"label": L, "probabilities": {"1": p1, ..., "7": p7}}, ...]}.
[[nodiscard]] Expected<nlohmann::json> predictionResponse(const Model &model,
                                                          const PredictionRequest &request);
/// The same document as predictionResponse(...).dump() (numbers written the same way), built
/// without the JSON tree: what the server sends.
[[nodiscard]] Expected<std::string> predictionResponseText(const Model &model,
                                                           const PredictionRequest &request);

}  // namespace covertype
