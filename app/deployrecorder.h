// Glue between the local deployment target and the run store for the CLI: every deploy,
// replacement and undeploy leaves a deployment record next to the model it deployed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "deploy/deploymenttarget.h"
#include "deploy/deployservice.h"
#include "runs/runstore.h"
#include "training/model.h"

namespace covertype::cli {

/// The registry directory: `option` (--registry) made absolute, or the user's default registry.
[[nodiscard]] std::string registryRoot(const std::string &option);

/// SHA-256 of a file in lower-case hex (empty when it cannot be read).
[[nodiscard]] std::string sha256OfFile(const std::string &path);

struct StoredModel
{
    int64_t runId = 0;
    int64_t modelId = 0;
};

/// The store's record of the model file: the newest model with the same SHA-256 (a model a
/// tune or pipeline run produced), else a new run of kind "train" that registers the file, with
/// the model's provenance as its config.
[[nodiscard]] Expected<StoredModel> storedModelFor(RunStore &store, const std::string &path,
                                                   const Model &model);

}  // namespace covertype::cli
