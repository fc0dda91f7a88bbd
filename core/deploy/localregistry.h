// The local deployment target: a registry directory of models and versions that
// `covertype serve --registry` serves, switched atomically so a running server hot-swaps.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/error.h"
#include "deploy/deploymenttarget.h"
#include "training/model.h"

namespace covertype {

/// Layout (docs/deploying.md):
///   ROOT/<model>/versions/<version>/model.json   the deployed artifact (validated copy)
///   ROOT/<model>/versions/<version>/deployment.json  {"source", "sha256", "created_at"}
///   ROOT/<model>/default                          the default version's name, one line
/// Model and version names follow AI Platform: a letter, then letters, digits and underscores,
/// at most 128 characters. Every file is written atomically (write + rename), a version
/// directory appears by renaming a complete staging directory, so a reader never sees half a
/// deployment. Replacing a version swaps the directories in one step (renameat2 RENAME_EXCHANGE
/// where the file system supports it). predict() may be called from several threads.
class LocalRegistry : public DeploymentTarget
{
public:
    explicit LocalRegistry(std::string root);
    /// AppDataLocation/registry (the directory is created on first deploy).
    [[nodiscard]] static std::string defaultRoot();
    [[nodiscard]] const std::string &root() const { return m_root; }

    [[nodiscard]] std::string name() const override { return "local"; }
    [[nodiscard]] Expected<Deployment> deploy(const std::string &modelPath,
                                              const std::string &model, const std::string &version,
                                              bool replace) override;
    [[nodiscard]] Expected<std::vector<Deployment>> list() override;
    [[nodiscard]] Expected<void> setDefault(const std::string &model,
                                            const std::string &version) override;
    [[nodiscard]] Expected<void> undeploy(const std::string &model,
                                          const std::string &version) override;
    [[nodiscard]] Expected<nlohmann::json> predict(const std::string &model,
                                                   const std::string &version,
                                                   const nlohmann::json &request) override;

    /// Path of the deployed model.json of model/version (empty version: the default).
    /// ErrorCode::NotFound for an unknown model or version.
    [[nodiscard]] Expected<std::string> modelFile(const std::string &model,
                                                  const std::string &version) const;
    /// The default version of `model` (ErrorCode::NotFound when the model is unknown).
    [[nodiscard]] Expected<std::string> defaultVersion(const std::string &model) const;

    /// Validates a model or version name; the error names which and why.
    [[nodiscard]] static Expected<void> checkName(const std::string &what, const std::string &name);

private:
    /// The loaded model behind `path`, reloaded when the file changes (identity + mtime + size).
    [[nodiscard]] Expected<std::shared_ptr<const Model>> cachedModel(const std::string &path);

    struct CachedModel
    {
        std::string stamp;  ///< device, inode, mtime and size of the file it was loaded from
        std::shared_ptr<const Model> model;
    };

    std::string m_root;
    std::mutex m_cacheMutex;  ///< predict may be called from several threads
    std::map<std::string, CachedModel> m_cache;
};

}  // namespace covertype
