// Prediction instances in gcloud / AI Platform form: a list of the 12 feature values in table
// order, or an object keyed by column name.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype {

/// Converts a JSON array of instances into a Dataset with the 12 feature columns (numeric ones
/// FLOAT64, categorical ones STRING). Errors name the instance index (0-based) and the field:
/// wrong arity, wrong type, unknown column, missing field. `where` prefixes messages.
[[nodiscard]] Expected<Dataset> instancesToDataset(const nlohmann::json &instances,
                                                   const std::string &where = "instances");

/// Reads a gcloud `--json-instances` file: one JSON instance per line (blank lines skipped).
/// Errors name the file, the line and the instance index.
[[nodiscard]] Expected<Dataset> readJsonInstancesFile(const std::string &path);

}  // namespace covertype
