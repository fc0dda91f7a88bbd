// Served model snapshots: loading one model file, reading a registry, comparing snapshots.
#include "serving/servedmodels.h"

#include <QFileInfo>
#include <QString>

#include <sys/stat.h>

#include "base/text.h"
#include "deploy/localregistry.h"

namespace covertype::serving {

namespace {

/// Identity of a file: a replaced file (written elsewhere and renamed into place) gets a new
/// inode even when its size and modification time happen to match.
std::string fileStamp(const std::string &path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return {};
    return cat(uint64_t(st.st_dev), ":", uint64_t(st.st_ino), ":", int64_t(st.st_mtim.tv_sec), ".",
               int64_t(st.st_mtim.tv_nsec), ":", int64_t(st.st_size));
}

std::string servedNames(const ServedModels &snapshot)
{
    std::string names;
    for (const auto &[name, model] : snapshot.models)
        names += cat(names.empty() ? "" : ", ", name);
    return names.empty() ? "none" : names;
}

std::shared_ptr<const ServedVersion> previousVersion(const ServedModels *previous,
                                                     const std::string &model,
                                                     const std::string &version)
{
    if (!previous)
        return nullptr;
    const auto m = previous->models.find(model);
    if (m == previous->models.end())
        return nullptr;
    const auto v = m->second.versions.find(version);
    return v == m->second.versions.end() ? nullptr : v->second;
}

}  // namespace

Expected<std::shared_ptr<const ServedVersion>> ServedModels::find(const std::string &model,
                                                                  const std::string &version) const
{
    const auto m = models.find(model);
    if (m == models.end())
        return fail(ErrorCode::NotFound,
                    cat("model '", model, "' is not served (served: ", servedNames(*this), ")"));
    const ServedModel &served = m->second;
    const std::string &chosen = version.empty() ? served.defaultVersion : version;
    if (chosen.empty())
        return fail(ErrorCode::NotFound, cat("model '", model,
                                             "' has no default version; name "
                                             "one: /v1/models/",
                                             model, "/versions/VERSION:predict"));
    const auto v = served.versions.find(chosen);
    if (v == served.versions.end()) {
        std::string versions;
        for (const auto &[name, entry] : served.versions)
            versions += cat(versions.empty() ? "" : ", ", name);
        return fail(ErrorCode::NotFound, cat("model '", model, "' has no version '", chosen,
                                             "' (served: ", versions, ")"));
    }
    return v->second;
}

std::vector<ServedVersionInfo> ServedModels::info() const
{
    std::vector<ServedVersionInfo> out;
    for (const auto &[name, model] : models)
        for (const auto &[version, entry] : model.versions)
            out.push_back({name, version, version == model.defaultVersion});
    return out;
}

Expected<std::shared_ptr<const ServedModels>> loadModelFile(const std::string &path,
                                                            const std::string &name,
                                                            const std::string &version)
{
    if (auto ok = LocalRegistry::checkName("model", name); !ok)
        return std::unexpected(ok.error());
    if (auto ok = LocalRegistry::checkName("version", version); !ok)
        return std::unexpected(ok.error());
    auto model = Model::load(path);
    if (!model)
        return std::unexpected(model.error());
    auto entry = std::make_shared<ServedVersion>();
    entry->model = name;
    entry->version = version;
    entry->path = QFileInfo(QString::fromStdString(path)).absoluteFilePath().toStdString();
    entry->stamp = fileStamp(path);
    entry->artifact = std::make_shared<const Model>(std::move(*model));
    auto snapshot = std::make_shared<ServedModels>();
    ServedModel &served = snapshot->models[name];
    served.name = name;
    served.defaultVersion = version;
    served.versions[version] = std::move(entry);
    return snapshot;
}

Expected<RegistryScan> scanRegistry(const std::string &root, const ServedModels *previous)
{
    if (!QFileInfo(QString::fromStdString(root)).isDir())
        return fail(ErrorCode::NotFound, cat("the registry ", root, " is not a directory"));
    LocalRegistry registry(root);
    auto deployments = registry.list();
    if (!deployments)
        return std::unexpected(deployments.error());

    RegistryScan scan;
    auto snapshot = std::make_shared<ServedModels>();
    scan.directories.push_back(root);
    for (const Deployment &d : *deployments) {
        auto [it, isNew] = snapshot->models.try_emplace(d.model);
        ServedModel &served = it->second;
        if (isNew) {
            served.name = d.model;
            scan.directories.push_back(cat(root, "/", d.model));
            scan.directories.push_back(cat(root, "/", d.model, "/versions"));
        }
        scan.directories.push_back(cat(root, "/", d.model, "/versions/", d.version));

        const std::string stamp = fileStamp(d.modelPath);
        auto old = previousVersion(previous, d.model, d.version);
        if (old && !stamp.empty() && old->stamp == stamp) {
            served.versions[d.version] = std::move(old);
        } else if (auto loaded = Model::load(d.modelPath)) {
            auto entry = std::make_shared<ServedVersion>();
            entry->model = d.model;
            entry->version = d.version;
            entry->path = d.modelPath;
            entry->stamp = stamp;
            entry->createdAt = d.createdAt;
            entry->artifact = std::make_shared<const Model>(std::move(*loaded));
            served.versions[d.version] = std::move(entry);
        } else if (old) {
            scan.problems.push_back(cat(d.model, "/", d.version, ": ", loaded.error().message,
                                        " (still serving the model loaded before)"));
            served.versions[d.version] = std::move(old);
        } else {
            scan.problems.push_back(
                cat(d.model, "/", d.version, ": ", loaded.error().message, " (not served)"));
            continue;
        }
        if (d.isDefault)
            served.defaultVersion = d.version;
    }

    // A model between "version renamed into place" and "default written" has no default yet:
    // keep answering with the previous one, or with the only version there is.
    for (auto &[name, served] : snapshot->models) {
        if (!served.defaultVersion.empty() || served.versions.empty())
            continue;
        std::string previousDefault;
        if (previous)
            if (const auto before = previous->models.find(name); before != previous->models.end())
                previousDefault = before->second.defaultVersion;
        if (!previousDefault.empty() && served.versions.contains(previousDefault))
            served.defaultVersion = previousDefault;
        else if (served.versions.size() == 1)
            served.defaultVersion = served.versions.begin()->first;
    }
    std::erase_if(snapshot->models,
                  [](const auto &entry) { return entry.second.versions.empty(); });
    scan.models = std::move(snapshot);
    return scan;
}

nlohmann::json versionDocument(const ServedModels &set, const ServedVersion &v)
{
    const Model &artifact = *v.artifact;
    const Provenance &p = artifact.provenance();
    nlohmann::json features = nlohmann::json::array();
    for (const Field &f : artifact.featureSchema())
        features.push_back({{"name", f.name}, {"type", columnTypeName(f.type)}});
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto &[name, value] : p.metrics)
        metrics[name] = value;
    const auto model = set.models.find(v.model);
    nlohmann::json doc = {
        {"name", v.model},
        {"version", v.version},
        {"state", "READY"},
        {"is_default", model != set.models.end() && model->second.defaultVersion == v.version},
        {"classes", artifact.classes()},
        {"features", std::move(features)},
        {"source", v.path},
        {"provenance",
         {{"created_at", p.createdAt},
          {"program_version", p.programVersion},
          {"dataset_fingerprint", p.datasetFingerprint},
          {"training_rows", p.trainingRows},
          {"epochs", p.epochs},
          {"hyperparameters",
           {{"alpha", p.hyperparameters.alpha},
            {"max_iter", p.hyperparameters.maxIter},
            {"tol", p.hyperparameters.tol},
            {"n_iter_no_change", p.hyperparameters.nIterNoChange},
            {"seed", p.hyperparameters.seed}}},
          {"metrics", std::move(metrics)}}}};
    if (!v.createdAt.empty())
        doc["deployed_at"] = v.createdAt;
    return doc;
}

nlohmann::json modelDocument(const ServedModel &model)
{
    nlohmann::json versions = nlohmann::json::array();
    for (const auto &[name, entry] : model.versions)
        versions.push_back(name);
    return {{"name", model.name},
            {"default_version", model.defaultVersion},
            {"versions", std::move(versions)}};
}

nlohmann::json modelsDocument(const ServedModels &set)
{
    nlohmann::json models = nlohmann::json::array();
    for (const auto &[name, model] : set.models)
        models.push_back(modelDocument(model));
    return {{"models", std::move(models)}};
}

nlohmann::json healthDocument(const ServedModels &set)
{
    nlohmann::json models = nlohmann::json::array();
    for (const ServedVersionInfo &info : set.info())
        models.push_back(
            {{"name", info.model}, {"version", info.version}, {"default", info.isDefault}});
    return {{"status", "ok"}, {"models", std::move(models)}};
}

std::vector<std::string> describeChanges(const ServedModels &before, const ServedModels &after)
{
    std::vector<std::string> lines;
    const ServedModel empty;
    auto modelOf = [&empty](const ServedModels &set,
                            const std::string &name) -> const ServedModel & {
        const auto it = set.models.find(name);
        return it == set.models.end() ? empty : it->second;
    };
    std::vector<std::string> names;
    for (const auto &[name, m] : before.models)
        names.push_back(name);
    for (const auto &[name, m] : after.models)
        if (!before.models.contains(name))
            names.push_back(name);
    for (const std::string &name : names) {
        const ServedModel &a = modelOf(before, name);
        const ServedModel &b = modelOf(after, name);
        for (const auto &[version, entry] : a.versions) {
            const auto now = b.versions.find(version);
            if (now == b.versions.end())
                lines.push_back(cat("- ", name, "/", version));
            else if (now->second != entry)
                lines.push_back(cat("~ ", name, "/", version, " (replaced)"));
        }
        for (const auto &[version, entry] : b.versions)
            if (!a.versions.contains(version))
                lines.push_back(cat("+ ", name, "/", version));
        if (a.defaultVersion != b.defaultVersion)
            lines.push_back(cat(name, ": default ",
                                a.defaultVersion.empty() ? "(none)" : a.defaultVersion, " -> ",
                                b.defaultVersion.empty() ? "(none)" : b.defaultVersion));
    }
    return lines;
}

}  // namespace covertype::serving
