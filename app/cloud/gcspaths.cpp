// Staging gs:// inputs and outputs through a temporary directory.
#include "gcspaths.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>

#include <memory>
#include <mutex>

#include "base/text.h"
#include "cloudsession.h"
#include "storage/gcsclient.h"

namespace covertype::cli {

namespace {

/// One storage session and one temporary directory per program, made when first needed.
struct Staging
{
    std::unique_ptr<CloudSession> session;
    std::unique_ptr<cloud::GcsClient> gcs;
    QTemporaryDir dir{QDir::tempPath() + "/covertype-gcs-XXXXXX"};
    int next = 0;
};

Expected<Staging *> staging()
{
    static std::mutex mutex;
    static std::unique_ptr<Staging> instance;
    const std::lock_guard lock(mutex);
    if (!instance) {
        auto session = CloudSession::openForStorage();
        if (!session)
            return std::unexpected(session.error());
        auto fresh = std::make_unique<Staging>();
        if (!fresh->dir.isValid())
            return fail(ErrorCode::Io, cat("cannot make a temporary directory for gs:// files: ",
                                           fresh->dir.errorString().toStdString()));
        fresh->session = std::move(*session);
        fresh->gcs = std::make_unique<cloud::GcsClient>(fresh->session->api(),
                                                        fresh->session->config().storageRoot);
        instance = std::move(fresh);
    }
    return instance.get();
}

/// (local path, URI) of everything staged, longest local path first when replacing.
std::mutex g_namesMutex;
std::vector<std::pair<std::string, std::string>> g_names;

void remember(const std::string &local, std::string uri)
{
    const std::lock_guard lock(g_namesMutex);
    g_names.emplace_back(local, std::move(uri));
}

std::string baseName(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// A new subdirectory of the staging directory.
std::string freshSlot(Staging &s)
{
    const QString slot = s.dir.filePath(QString::number(s.next++));
    QDir().mkpath(slot);
    return slot.toStdString();
}

}  // namespace

std::string withStagedPathsNamed(std::string message)
{
    const std::lock_guard lock(g_namesMutex);
    auto names = g_names;
    std::ranges::sort(names, std::greater<>(), [](const auto &n) { return n.first.size(); });
    for (const auto &[local, uri] : names) {
        for (size_t at = message.find(local); at != std::string::npos;
             at = message.find(local, at + uri.size()))
            message.replace(at, local.size(), uri);
    }
    return message;
}

namespace {

/// A local path in this run's staging directory for the object `path` names (an error when it
/// names a bucket or a "directory"), with the staging made when first needed.
struct StagedObject
{
    Staging *staging = nullptr;
    cloud::GcsUri uri;
    std::string local;
};
Expected<StagedObject> stageObject(const std::string &path)
{
    auto uri = cloud::parseGcsUri(path);
    if (!uri)
        return std::unexpected(uri.error());
    if (uri->object.empty() || uri->object.ends_with('/'))
        return fail(ErrorCode::InvalidArgument, cat(path, ": names no object"));
    auto s = staging();
    if (!s)
        return fail(s.error().code, cat(path, ": ", s.error().message));
    std::string local = freshSlot(**s) + "/" + baseName(uri->object);
    return StagedObject{*s, std::move(*uri), std::move(local)};
}

}  // namespace

Expected<std::string> localInput(const std::string &path)
{
    if (!cloud::isGcsUri(path))
        return path;
    auto staged = stageObject(path);
    if (!staged)
        return std::unexpected(staged.error());
    auto got = staged->staging->gcs->downloadFile(staged->uri, staged->local);
    if (!got)
        return std::unexpected(got.error());
    remember(staged->local, path);
    return staged->local;
}

Expected<std::string> OutputStaging::localDirectory(const std::string &dir)
{
    if (!cloud::isGcsUri(dir))
        return dir;
    auto uri = cloud::parseGcsUri(dir);
    if (!uri)
        return std::unexpected(uri.error());
    auto s = staging();
    if (!s)
        return fail(s.error().code, cat(dir, ": ", s.error().message));
    const std::string local = freshSlot(**s);
    m_staged.push_back({local, dir, true});
    std::string base = dir;
    while (base.ends_with('/'))
        base.pop_back();
    remember(local, base);
    return local;
}

Expected<std::string> OutputStaging::localFile(const std::string &path)
{
    if (!cloud::isGcsUri(path))
        return path;
    auto staged = stageObject(path);
    if (!staged)
        return std::unexpected(staged.error());
    m_staged.push_back({staged->local, path, false});
    remember(staged->local, path);
    return staged->local;
}

Expected<std::vector<std::string>> OutputStaging::publish()
{
    std::vector<std::string> written;
    if (m_staged.empty())
        return written;
    auto s = staging();
    if (!s)
        return std::unexpected(s.error());
    for (const Staged &staged : m_staged) {
        auto uri = cloud::parseGcsUri(staged.uri);
        if (!uri)
            return std::unexpected(uri.error());
        std::vector<std::pair<std::string, cloud::GcsUri>> files;
        if (staged.directory) {
            QDirIterator it(QString::fromStdString(staged.local), QDir::Files,
                            QDirIterator::Subdirectories);
            const QDir root(QString::fromStdString(staged.local));
            while (it.hasNext()) {
                const QString file = it.next();
                files.emplace_back(file.toStdString(),
                                   uri->child(root.relativeFilePath(file).toStdString()));
            }
            std::ranges::sort(files, {}, [](const auto &f) { return f.first; });
        } else {
            files.emplace_back(staged.local, *uri);
        }
        for (const auto &[local, target] : files) {
            cloud::GcsTransferOptions options;
            options.contentType = local.ends_with(".csv")    ? "text/csv"
                                  : local.ends_with(".json") ? "application/json"
                                                             : "application/octet-stream";
            auto up = (*s)->gcs->uploadFile(local, target, options);
            if (!up)
                return std::unexpected(up.error());
            written.push_back(target.toString());
        }
    }
    return written;
}

}  // namespace covertype::cli
