// covertype cloud cp / ls / rm: Cloud Storage from the command line, with progress on stderr
// and Ctrl-C cancelling a transfer.
#include <nlohmann/json.hpp>

#include <QFileInfo>

#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"
#include "storage/gcsclient.h"

namespace covertype::cli {

namespace {

/// The arguments before the first option: `cp SRC DST --json` -> {SRC, DST}, {--json}.
std::pair<Args, Args> splitPositionals(const Args &args)
{
    Args positionals, options;
    bool inOptions = false;
    for (const std::string &arg : args) {
        inOptions = inOptions || arg.starts_with("-");
        (inOptions ? options : positionals).push_back(arg);
    }
    return {positionals, options};
}

std::string baseName(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

nlohmann::json objectJson(const cloud::GcsObject &o)
{
    return {{"uri", o.uri().toString()}, {"size", o.size}, {"generation", o.generation},
            {"crc32c", o.crc32c},        {"md5", o.md5},   {"content_type", o.contentType},
            {"updated", o.updated}};
}

}  // namespace

int runCloudCopy(const Args &args)
{
    CommandLine cmd("cloud cp", "SRC DST [--content-type TYPE] [--json]",
                    "Copies a local file to Cloud Storage, an object to a local file, or an "
                    "object to another\nobject. A DST ending in '/' (or an existing directory) "
                    "keeps SRC's name. Files above\n8 MiB are uploaded resumably and resume after "
                    "a dropped connection; downloads are\nverified with the object's CRC32C (or "
                    "MD5) and replace a local file only when complete.",
                    withCloudOptions({{"content-type", "TYPE",
                                       "Content-Type of an uploaded object (default: "
                                       "text/csv for .csv, application/json for .json, else "
                                       "application/octet-stream)"},
                                      {"json", "", "print the object copied as JSON"}}));
    auto [paths, options] = splitPositionals(args);
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    if (paths.size() != 2)
        return reportError(
            Error{ErrorCode::Usage, "covertype cloud cp: give SRC and DST (one of them gs://...)"});
    const std::string &src = paths[0];
    std::string dst = paths[1];
    const bool srcCloud = cloud::isGcsUri(src);
    const bool dstCloud = cloud::isGcsUri(dst);
    if (!srcCloud && !dstCloud)
        return reportError(
            Error{ErrorCode::Usage, "covertype cloud cp: one of SRC and DST must be gs://..."});
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::GcsClient gcs((*session)->api(), (*session)->config().storageRoot);

    cloud::GcsTransferOptions transfer;
    std::string contentType = cmd.value("content-type");
    if (contentType.empty())
        contentType = src.ends_with(".csv")    ? "text/csv"
                      : src.ends_with(".json") ? "application/json"
                                               : "application/octet-stream";
    transfer.contentType = contentType;
    TransferMeter meter(cat(src, " -> ", dst));
    transfer.progress = std::ref(meter);

    Expected<cloud::GcsObject> copied = fail(ErrorCode::Io, "nothing copied");
    if (!srcCloud) {
        auto to = cloud::parseGcsUri(dst);
        if (!to)
            return reportError(to.error());
        if (to->object.empty() || to->object.ends_with('/'))
            to->object += baseName(src);
        copied = gcs.uploadFile(src, *to, transfer);
    } else {
        auto from = cloud::parseGcsUri(src);
        if (!from)
            return reportError(from.error());
        if (from->object.empty() || from->object.ends_with('/'))
            return reportError(
                Error{ErrorCode::Usage, cat("covertype cloud cp: ", src, " names no object")});
        if (dstCloud) {
            auto to = cloud::parseGcsUri(dst);
            if (!to)
                return reportError(to.error());
            if (to->object.empty() || to->object.ends_with('/'))
                to->object += baseName(from->object);
            auto data = gcs.downloadData(*from);
            if (!data)
                return reportError(data.error());
            auto stat = gcs.stat(*from);
            if (stat && !stat->contentType.empty())
                transfer.contentType = stat->contentType;
            copied = gcs.uploadData(*data, *to, transfer);
        } else {
            if (dst.ends_with('/') || QFileInfo(QString::fromStdString(dst)).isDir()) {
                if (!dst.ends_with('/'))
                    dst += '/';
                dst += baseName(from->object);
            }
            copied = gcs.downloadFile(*from, dst, transfer);
        }
    }
    if (!copied)
        return reportError(copied.error());
    if (cmd.has("json")) {
        nlohmann::json out = objectJson(*copied);
        out["source"] = src;
        out["destination"] = srcCloud && !dstCloud ? dst : copied->uri().toString();
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("copied %s to %s (%lld bytes, crc32c %s)\n", src.c_str(),
                    (srcCloud && !dstCloud ? dst : copied->uri().toString()).c_str(),
                    static_cast<long long>(copied->size), copied->crc32c.c_str());
    }
    return kExitOk;
}

int runCloudList(const Args &args)
{
    CommandLine cmd("cloud ls", "gs://BUCKET[/PREFIX] [--recursive] [--long] [--json]",
                    "Lists the objects under a prefix; without --recursive, the \"directories\" "
                    "below it are\nlisted as PREFIX/ lines.",
                    withCloudOptions({{"recursive", "", "every object under the prefix"},
                                      {"long", "", "with size, update time and CRC32C"},
                                      {"json", "", "print the listing as JSON"}}));
    auto [paths, options] = splitPositionals(args);
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    if (paths.size() != 1)
        return reportError(Error{ErrorCode::Usage, "covertype cloud ls: give one gs:// URI"});
    auto uri = cloud::parseGcsUri(paths[0]);
    if (!uri)
        return reportError(uri.error());
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::GcsClient gcs((*session)->api(), (*session)->config().storageRoot);
    auto listing = gcs.list(*uri, cmd.has("recursive"));
    if (!listing)
        return reportError(listing.error());
    if (cmd.has("json")) {
        nlohmann::json out = {{"objects", nlohmann::json::array()},
                              {"prefixes", nlohmann::json::array()}};
        for (const auto &o : listing->objects)
            out["objects"].push_back(objectJson(o));
        for (const auto &p : listing->prefixes)
            out["prefixes"].push_back(cat("gs://", uri->bucket, "/", p));
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }
    for (const auto &p : listing->prefixes)
        std::printf("gs://%s/%s\n", uri->bucket.c_str(), p.c_str());
    for (const auto &o : listing->objects) {
        if (cmd.has("long"))
            std::printf("%12lld  %-24s  %s  %s\n", static_cast<long long>(o.size),
                        o.updated.c_str(), o.crc32c.c_str(), o.uri().toString().c_str());
        else
            std::printf("%s\n", o.uri().toString().c_str());
    }
    return kExitOk;
}

int runCloudRemove(const Args &args)
{
    CommandLine cmd("cloud rm", "gs://BUCKET/OBJECT... [--recursive]",
                    "Deletes objects; with --recursive, every object under each prefix.",
                    withCloudOptions({{"recursive", "", "delete every object under the prefix"}}));
    auto [paths, options] = splitPositionals(args);
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    if (paths.empty())
        return reportError(Error{ErrorCode::Usage, "covertype cloud rm: give gs:// URIs"});
    std::vector<cloud::GcsUri> uris;
    for (const std::string &path : paths) {
        auto uri = cloud::parseGcsUri(path);
        if (!uri)
            return reportError(uri.error());
        uris.push_back(*uri);
    }
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::GcsClient gcs((*session)->api(), (*session)->config().storageRoot);
    for (const auto &uri : uris) {
        std::vector<cloud::GcsUri> targets{uri};
        if (cmd.has("recursive")) {
            auto listing = gcs.list(uri, true);
            if (!listing)
                return reportError(listing.error());
            targets.clear();
            for (const auto &o : listing->objects)
                targets.push_back(o.uri());
        }
        for (const auto &target : targets) {
            if (auto ok = gcs.remove(target); !ok)
                return reportError(ok.error());
            std::printf("removed %s\n", target.toString().c_str());
        }
    }
    return kExitOk;
}

}  // namespace covertype::cli
