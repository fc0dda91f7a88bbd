// The local deployment registry: versions staged in a temporary directory and renamed into place.
#include "deploy/localregistry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "base/text.h"
#include "files/atomicfile.h"
#include "files/fileinput.h"
#include "training/prediction.h"

Q_LOGGING_CATEGORY(lcRegistry, "covertype.registry")

namespace covertype {

namespace {

constexpr size_t kMaxNameLength = 128;
constexpr size_t kMaxCachedModels = 16;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string errnoText()
{
    return std::strerror(errno);
}

/// Flushes a directory's entries (a rename inside it) to disk; best effort.
void syncDirectory(const std::string &dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)::fsync(fd);
    ::close(fd);
}

/// Swaps two directory entries in one step. False with errno set when the system or the file
/// system cannot (the caller then falls back to two renames).
bool exchangeEntries(const std::string &a, const std::string &b)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
#else
    errno = ENOSYS;
    return false;
#endif
}

Expected<std::string> readSmallFile(const std::string &path)
{
    auto text = readWholeFile(path, size_t(1) << 20);
    if (!text && !QFileInfo::exists(qs(path)))
        return fail(ErrorCode::NotFound, text.error().message);
    return text;
}

}  // namespace

LocalRegistry::LocalRegistry(std::string root) : m_root(std::move(root)) {}

std::string LocalRegistry::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toStdString() +
           "/registry";
}

Expected<void> LocalRegistry::checkName(const std::string &what, const std::string &name)
{
    const auto isLetter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    if (name.empty())
        return fail(ErrorCode::InvalidArgument, cat("the ", what, " name is empty"));
    if (name.size() > kMaxNameLength)
        return fail(ErrorCode::InvalidArgument,
                    cat(what, " name '", name.substr(0, 40), "...' has ", name.size(),
                        " characters (at most ", kMaxNameLength, ")"));
    if (!isLetter(name.front()))
        return fail(ErrorCode::InvalidArgument,
                    cat(what, " name '", name, "' must start with a letter"));
    for (size_t i = 1; i < name.size(); ++i) {
        const char c = name[i];
        if (!isLetter(c) && !isDigit(c) && c != '_')
            return fail(ErrorCode::InvalidArgument,
                        cat(what, " name '", name, "': character ", i + 1, " '", c,
                            "' is not allowed (letters, digits and underscores only)"));
    }
    return {};
}

Expected<std::string> LocalRegistry::defaultVersion(const std::string &model) const
{
    if (auto ok = checkName("model", model); !ok)
        return std::unexpected(ok.error());
    const std::string modelDir = cat(m_root, "/", model);
    if (!QFileInfo(qs(modelDir)).isDir())
        return fail(ErrorCode::NotFound, cat("no model '", model, "' in the registry ", m_root));
    const std::string path = modelDir + "/default";
    auto text = readSmallFile(path);
    if (!text) {
        if (text.error().code == ErrorCode::NotFound)
            return fail(ErrorCode::NotFound,
                        cat("model '", model, "' has no default version (", path, " is missing)"));
        return std::unexpected(text.error());
    }
    std::string version = *text;
    while (!version.empty() &&
           (version.back() == '\n' || version.back() == '\r' || version.back() == ' '))
        version.pop_back();
    if (auto ok = checkName("version", version); !ok)
        return fail(ErrorCode::Corrupt, cat(path, ": ", ok.error().message));
    return version;
}

Expected<std::string> LocalRegistry::modelFile(const std::string &model,
                                               const std::string &version) const
{
    if (auto ok = checkName("model", model); !ok)
        return std::unexpected(ok.error());
    std::string chosen = version;
    if (chosen.empty()) {
        auto def = defaultVersion(model);
        if (!def)
            return std::unexpected(def.error());
        chosen = std::move(*def);
    } else if (auto ok = checkName("version", chosen); !ok) {
        return std::unexpected(ok.error());
    }
    const std::string path = cat(m_root, "/", model, "/versions/", chosen, "/model.json");
    if (!QFileInfo(qs(path)).isFile()) {
        if (!QFileInfo(qs(cat(m_root, "/", model))).isDir())
            return fail(ErrorCode::NotFound,
                        cat("no model '", model, "' in the registry ", m_root));
        return fail(ErrorCode::NotFound, cat("model '", model, "' has no version '", chosen,
                                             "' in the registry ", m_root));
    }
    return path;
}

Expected<Deployment> LocalRegistry::deploy(const std::string &modelPath, const std::string &model,
                                           const std::string &version, bool replace)
{
    if (auto ok = checkName("model", model); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkName("version", version); !ok)
        return std::unexpected(ok.error());

    // Validate exactly the bytes that will be copied, before anything is written.
    QFile source(qs(modelPath));
    if (!source.open(QIODevice::ReadOnly))
        return fail(source.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                    cat("cannot read ", modelPath, ": ", source.errorString().toStdString()));
    const QByteArray bytes = source.readAll();
    if (source.error() != QFileDevice::NoError)
        return fail(ErrorCode::Io,
                    cat("cannot read ", modelPath, ": ", source.errorString().toStdString()));
    source.close();
    {
        const nlohmann::json doc =
            nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
        if (doc.is_discarded())
            return fail(ErrorCode::Corrupt,
                        cat(modelPath, ": not valid JSON (truncated or damaged model file?)"));
        auto loaded = Model::fromJson(doc, modelPath);
        if (!loaded)
            return std::unexpected(loaded.error());
    }

    const std::string modelDir = cat(m_root, "/", model);
    const std::string versionsDir = modelDir + "/versions";
    const std::string target = cat(versionsDir, "/", version);
    if (QFileInfo::exists(qs(target)) && !replace)
        return fail(ErrorCode::Conflict,
                    cat("version '", version, "' of model '", model, "' is already deployed (",
                        target, "); deploy with replace to overwrite it"));
    if (!QDir().mkpath(qs(versionsDir)))
        return fail(ErrorCode::Io, cat("cannot create the directory ", versionsDir));

    QTemporaryDir staging(qs(cat(modelDir, "/.staging-", version, "-XXXXXX")));
    if (!staging.isValid())
        return fail(ErrorCode::Io, cat("cannot create a staging directory in ", modelDir, ": ",
                                       staging.errorString().toStdString()));
    const std::string stagingPath = staging.path().toStdString();
    Deployment deployment;
    deployment.target = name();
    deployment.model = model;
    deployment.version = version;
    deployment.modelPath = target + "/model.json";
    deployment.createdAt = utcTimestamp();
    const nlohmann::json record = {
        {"source", QFileInfo(qs(modelPath)).absoluteFilePath().toStdString()},
        {"sha256",
         QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString()},
        {"created_at", deployment.createdAt}};
    if (auto ok = writeFileAtomically(stagingPath + "/model.json",
                                      std::string_view(bytes.constData(), size_t(bytes.size())));
        !ok)
        return std::unexpected(ok.error());
    if (auto ok = writeFileAtomically(stagingPath + "/deployment.json", record.dump(2) + "\n"); !ok)
        return std::unexpected(ok.error());
    syncDirectory(stagingPath);

    if (::rename(stagingPath.c_str(), target.c_str()) != 0) {
        const int renameErrno = errno;
        if (renameErrno != EEXIST && renameErrno != ENOTEMPTY)
            return fail(ErrorCode::Io, cat("cannot move ", stagingPath, " to ", target, ": ",
                                           std::strerror(renameErrno)));
        if (!replace)  // another deployer got there first
            return fail(ErrorCode::Conflict,
                        cat("version '", version, "' of model '", model, "' is already deployed (",
                            target, "); deploy with replace to overwrite it"));
        // Swap in one step where possible: the old version lands in the staging directory,
        // which QTemporaryDir removes.
        if (!exchangeEntries(stagingPath, target)) {
            qCInfo(lcRegistry) << "RENAME_EXCHANGE unavailable (" << errnoText().c_str()
                               << "), replacing with two renames";
            QTemporaryDir aside(qs(cat(modelDir, "/.old-", version, "-XXXXXX")));
            if (!aside.isValid())
                return fail(ErrorCode::Io, cat("cannot create a directory in ", modelDir, ": ",
                                               aside.errorString().toStdString()));
            const std::string asidePath = aside.path().toStdString();
            if (::rename(target.c_str(), asidePath.c_str()) != 0)
                return fail(ErrorCode::Io, cat("cannot move ", target, " aside to ", asidePath,
                                               ": ", errnoText()));
            if (::rename(stagingPath.c_str(), target.c_str()) != 0) {
                const std::string why = errnoText();
                if (::rename(asidePath.c_str(), target.c_str()) != 0) {
                    aside.setAutoRemove(false);  // it holds the only copy of the old version
                    qCWarning(lcRegistry) << "could not restore" << target.c_str() << "from"
                                          << asidePath.c_str() << ":" << errnoText().c_str();
                }
                return fail(ErrorCode::Io,
                            cat("cannot move ", stagingPath, " to ", target, ": ", why));
            }
        }
    } else {
        staging.setAutoRemove(false);  // it is the version now
    }
    syncDirectory(versionsDir);

    // The first version becomes the default (also after a crash left a model without one).
    auto def = defaultVersion(model);
    if (!def && def.error().code == ErrorCode::NotFound) {
        if (auto ok = writeFileAtomically(modelDir + "/default", version + "\n"); !ok)
            return std::unexpected(ok.error());
        deployment.isDefault = true;
    } else {
        deployment.isDefault = def && *def == version;
    }
    qCInfo(lcRegistry) << "deployed" << modelPath.c_str() << "as" << model.c_str()
                       << version.c_str();
    return deployment;
}

Expected<std::vector<Deployment>> LocalRegistry::list()
{
    std::vector<Deployment> out;
    const QDir root(qs(m_root));
    if (!root.exists())
        return out;
    for (const QString &modelName : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const std::string model = modelName.toStdString();
        if (!checkName("model", model))
            continue;  // not a model directory (left-overs of removals are dot-named anyway)
        const auto def = defaultVersion(model);
        const QDir versions(root.filePath(modelName + QStringLiteral("/versions")));
        for (const QString &versionName : versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const std::string version = versionName.toStdString();
            const QString modelJson =
                versions.filePath(versionName + QStringLiteral("/model.json"));
            if (!checkName("version", version) || !QFileInfo(modelJson).isFile())
                continue;
            Deployment d;
            d.target = name();
            d.model = model;
            d.version = version;
            d.modelPath = modelJson.toStdString();
            d.isDefault = def && *def == version;
            // A damaged deployment.json only loses the date: the version itself stays usable.
            if (auto text = readSmallFile(
                    versions.filePath(versionName + QStringLiteral("/deployment.json"))
                        .toStdString())) {
                const auto doc = nlohmann::json::parse(*text, nullptr, false);
                if (doc.is_object() && doc.contains("created_at") && doc["created_at"].is_string())
                    d.createdAt = doc["created_at"].get<std::string>();
            }
            out.push_back(std::move(d));
        }
    }
    std::ranges::sort(out, [](const Deployment &a, const Deployment &b) {
        return std::tie(a.model, a.version) < std::tie(b.model, b.version);
    });
    return out;
}

Expected<void> LocalRegistry::setDefault(const std::string &model, const std::string &version)
{
    if (version.empty())
        return fail(ErrorCode::InvalidArgument, "the version name is empty");
    auto file = modelFile(model, version);
    if (!file)
        return std::unexpected(file.error());
    if (auto ok = writeFileAtomically(cat(m_root, "/", model, "/default"), version + "\n"); !ok)
        return std::unexpected(ok.error());
    syncDirectory(cat(m_root, "/", model));
    return {};
}

Expected<void> LocalRegistry::undeploy(const std::string &model, const std::string &version)
{
    if (version.empty())
        return fail(ErrorCode::InvalidArgument, "the version name is empty");
    auto file = modelFile(model, version);
    if (!file)
        return std::unexpected(file.error());
    const std::string modelDir = cat(m_root, "/", model);
    const auto def = defaultVersion(model);
    if (!def && def.error().code != ErrorCode::NotFound)
        return std::unexpected(def.error());
    const bool isDefault = def && *def == version;
    const QStringList versions =
        QDir(qs(modelDir + "/versions")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    const bool onlyVersion = versions.size() == 1;
    if (isDefault && !onlyVersion)
        return fail(ErrorCode::Conflict,
                    cat("version '", version, "' is the default of model '", model,
                        "'; make another version the default first (", versions.size() - 1,
                        " other version", versions.size() == 2 ? "" : "s", " deployed)"));

    // Rename what goes aside first, so it disappears in one step, then delete it.
    const std::string gone = onlyVersion ? modelDir : cat(modelDir, "/versions/", version);
    const std::string parent = onlyVersion ? m_root : modelDir;
    QTemporaryDir aside(qs(cat(parent, "/.removed-", onlyVersion ? model : version, "-XXXXXX")));
    if (!aside.isValid())
        return fail(ErrorCode::Io, cat("cannot create a directory in ", parent, ": ",
                                       aside.errorString().toStdString()));
    if (::rename(gone.c_str(), aside.path().toStdString().c_str()) != 0)
        return fail(ErrorCode::Io, cat("cannot remove ", gone, ": ", errnoText()));
    syncDirectory(parent);
    qCInfo(lcRegistry) << "undeployed" << model.c_str() << version.c_str();
    return {};  // `aside` removes the old files
}

Expected<std::shared_ptr<const Model>> LocalRegistry::cachedModel(const std::string &path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                    cat("cannot read ", path, ": ", errnoText()));
    const std::string stamp =
        cat(uint64_t(st.st_dev), ":", uint64_t(st.st_ino), ":", int64_t(st.st_mtim.tv_sec), ".",
            int64_t(st.st_mtim.tv_nsec), ":", int64_t(st.st_size));
    {
        const std::lock_guard lock(m_cacheMutex);
        if (const auto it = m_cache.find(path); it != m_cache.end() && it->second.stamp == stamp)
            return it->second.model;
    }
    auto loaded = Model::load(path);  // outside the lock: loading takes a while
    if (!loaded)
        return std::unexpected(loaded.error());
    auto model = std::make_shared<const Model>(std::move(*loaded));
    const std::lock_guard lock(m_cacheMutex);
    if (m_cache.size() >= kMaxCachedModels && !m_cache.contains(path))
        m_cache.clear();
    m_cache[path] = {stamp, model};
    return model;
}

Expected<nlohmann::json> LocalRegistry::predict(const std::string &model,
                                                const std::string &version,
                                                const nlohmann::json &request)
{
    auto parsed = parsePredictionRequest(request);
    if (!parsed)
        return std::unexpected(parsed.error());
    auto path = modelFile(model, version);
    if (!path)
        return std::unexpected(path.error());
    auto loaded = cachedModel(*path);
    if (!loaded)
        return std::unexpected(loaded.error());
    return predictionResponse(**loaded, *parsed);
}

}  // namespace covertype
