// The set of models a prediction server answers with: an immutable snapshot, loaded from one
// model file or from a local registry, replaced as a whole when the registry changes.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "serving/servingmetrics.h"
#include "training/model.h"

namespace covertype::serving {

/// One loaded model version.
struct ServedVersion
{
    std::string model;
    std::string version;
    std::string path;       ///< the model.json it was loaded from
    std::string stamp;      ///< identity of that file when loaded (device, inode, mtime, size)
    std::string createdAt;  ///< when it was deployed (registry), else empty
    std::shared_ptr<const Model> artifact;
};

struct ServedModel
{
    std::string name;
    std::string defaultVersion;  ///< empty: requests without a version are refused
    std::map<std::string, std::shared_ptr<const ServedVersion>> versions;
};

/// Never modified once published: a request holds a shared_ptr to the snapshot it started
/// with, so a swap cannot pull a model from under it.
struct ServedModels
{
    std::map<std::string, ServedModel> models;

    /// The version answering model/version (empty version: the default). ErrorCode::NotFound
    /// naming the unknown model or version and what is served instead.
    [[nodiscard]] Expected<std::shared_ptr<const ServedVersion>> find(
        const std::string &model, const std::string &version) const;
    /// Every served version, sorted by model then version.
    [[nodiscard]] std::vector<ServedVersionInfo> info() const;
};

/// Loads one model file served as name/version. Errors name the file (Io, Corrupt, ...).
[[nodiscard]] Expected<std::shared_ptr<const ServedModels>> loadModelFile(
    const std::string &path, const std::string &name, const std::string &version);

/// The outcome of reading a registry directory.
struct RegistryScan
{
    std::shared_ptr<const ServedModels> models;
    std::vector<std::string> problems;  ///< versions left out or kept at their old state, and why
    std::vector<std::string> directories;  ///< what to watch for the next change
};

/// Reads the registry at `root` (LocalRegistry layout). Versions whose model.json did not change
/// since `previous` keep their loaded model; a version that fails to load keeps its previous
/// model when it had one and is left out otherwise (both reported in `problems`). When the
/// default file names no existing version, the previous default is kept if it is still there.
/// ErrorCode::NotFound when `root` is not a directory.
[[nodiscard]] Expected<RegistryScan> scanRegistry(const std::string &root,
                                                  const ServedModels *previous);

/// GET /v1/models/M/versions/V: name, version, state READY, is_default, classes, features,
/// source, a provenance summary, and deployed_at for registry versions.
[[nodiscard]] nlohmann::json versionDocument(const ServedModels &set, const ServedVersion &version);
/// GET /v1/models/M: {"name", "default_version", "versions"}.
[[nodiscard]] nlohmann::json modelDocument(const ServedModel &model);
/// GET /v1/models: {"models": [modelDocument, ...]}.
[[nodiscard]] nlohmann::json modelsDocument(const ServedModels &set);
/// GET /healthz: {"status": "ok", "models": [{"name", "version", "default"}, ...]}.
[[nodiscard]] nlohmann::json healthDocument(const ServedModels &set);

/// What differs between two snapshots, one line each: "+ model/version", "- model/version",
/// "~ model/version (replaced)", "model: default v1 -> v2". Empty when they serve the same.
[[nodiscard]] std::vector<std::string> describeChanges(const ServedModels &before,
                                                       const ServedModels &after);

}  // namespace covertype::serving
