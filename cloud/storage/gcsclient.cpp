// The Cloud Storage JSON API calls, with resumable uploads and resumed, verified downloads.
#include "storage/gcsclient.h"

#include <random>

#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"
#include "files/atomicfile.h"
#include "files/fileinput.h"
#include "http/encoding.h"
#include "storage/objecthash.h"

namespace covertype::cloud {

namespace {

/// The end of a "bytes=0-N" Range header plus one: how many bytes the service holds.
int64_t persistedBytes(const HttpResponse &reply)
{
    const std::string range = reply.header("Range");
    const size_t dash = range.rfind('-');
    if (range.empty() || dash == std::string::npos)
        return 0;
    return std::strtoll(range.c_str() + dash + 1, nullptr, 10) + 1;
}

std::string randomBoundary()
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::random_device random;
    std::string out = "covertype_boundary_";
    for (int i = 0; i < 24; ++i)
        out += kHex[random() & 15];
    return out;
}

/// Reads a whole local file piece by piece with pread (no partial reads left unhandled).
class LocalFile
{
public:
    static Expected<LocalFile> open(const std::string &path)
    {
        auto fd = openForReading(path);
        if (!fd)
            return std::unexpected(fd.error());
        struct stat st = {};
        if (::fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(*fd);
            return fail(ErrorCode::Io, cat(path, ": not a regular file"));
        }
        return LocalFile(path, *fd, int64_t(st.st_size));
    }
    LocalFile(LocalFile &&o) noexcept
        : m_path(o.m_path), m_fd(std::exchange(o.m_fd, -1)), m_size(o.m_size)
    {
    }
    ~LocalFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    [[nodiscard]] int64_t size() const { return m_size; }
    [[nodiscard]] Expected<std::string> read(int64_t offset, int64_t length) const
    {
        std::string out(size_t(length), '\0');
        int64_t done = 0;
        while (done < length) {
            const ssize_t n =
                ::pread(m_fd, out.data() + done, size_t(length - done), offset + done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return fail(ErrorCode::Io,
                            cat("cannot read ", m_path, ": ",
                                n == 0 ? "the file became shorter" : fileErrorText(errno, m_path)));
            done += n;
        }
        return out;
    }

private:
    LocalFile(std::string path, int fd, int64_t size)
        : m_path(std::move(path)), m_fd(fd), m_size(size)
    {
    }
    std::string m_path;
    int m_fd = -1;
    int64_t m_size = 0;
};

}  // namespace

Expected<GcsObject> gcsObjectFromJson(const nlohmann::json &r)
{
    if (!r.is_object() || !r.contains("name") || !r["name"].is_string())
        return fail(ErrorCode::Parse, "Cloud Storage answered without an object resource");
    const auto text = [&r](const char *key) {
        if (!r.contains(key))
            return std::string();
        if (r[key].is_string())
            return r[key].get<std::string>();
        if (r[key].is_number_integer())
            return std::to_string(r[key].get<int64_t>());
        return std::string();
    };
    GcsObject o;
    o.bucket = text("bucket");
    o.name = text("name");
    o.size = std::strtoll(text("size").c_str(), nullptr, 10);
    o.generation = text("generation");
    o.contentType = text("contentType");
    o.crc32c = text("crc32c");
    o.md5 = text("md5Hash");
    o.updated = text("updated");
    return o;
}

GcsClient::GcsClient(const ApiClient &api, std::string storageRoot)
    : m_api(api), m_root(std::move(storageRoot))
{
    if (!m_root.ends_with('/'))
        m_root += '/';
}

std::string GcsClient::objectUrl(const GcsUri &uri) const
{
    return cat(m_root, "storage/v1/b/", uri.bucket, "/o/", percentEncode(uri.object));
}

std::string GcsClient::mediaUrl(const GcsUri &uri) const
{
    return cat(m_root, "download/storage/v1/b/", uri.bucket, "/o/", percentEncode(uri.object));
}

Expected<GcsObject> GcsClient::stat(const GcsUri &uri) const
{
    auto doc = m_api.getJson(objectUrl(uri));
    if (!doc) {
        if (doc.error().code == ErrorCode::NotFound)
            return fail(ErrorCode::NotFound, cat(uri.toString(), ": no such object"));
        return std::unexpected(doc.error());
    }
    return gcsObjectFromJson(*doc);
}

Expected<void> GcsClient::remove(const GcsUri &uri) const
{
    ApiRequest request;
    request.method = "DELETE";
    request.url = objectUrl(uri);
    auto reply = m_api.send(request);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->status == 404)
        return fail(ErrorCode::NotFound, cat(uri.toString(), ": no such object"));
    if (!reply->succeeded())
        return std::unexpected(googleError(*reply, cat("delete ", uri.toString())));
    return {};
}

Expected<GcsListing> GcsClient::list(const GcsUri &uri, bool recursive) const
{
    GcsListing listing;
    std::string pageToken;
    for (int page = 0; page < 10'000; ++page) {
        std::string url = cat(m_root, "storage/v1/b/", uri.bucket,
                              "/o?prefix=", percentEncode(uri.object), "&maxResults=1000");
        if (!recursive)
            url += "&delimiter=%2F";
        if (!pageToken.empty())
            url += "&pageToken=" + percentEncode(pageToken);
        auto doc = m_api.getJson(url);
        if (!doc) {
            if (doc.error().code == ErrorCode::NotFound)
                return fail(ErrorCode::NotFound, cat("gs://", uri.bucket, ": no such bucket"));
            return std::unexpected(doc.error());
        }
        if (doc->contains("items") && (*doc)["items"].is_array())
            for (const auto &item : (*doc)["items"]) {
                auto object = gcsObjectFromJson(item);
                if (!object)
                    return std::unexpected(object.error());
                listing.objects.push_back(std::move(*object));
            }
        if (doc->contains("prefixes") && (*doc)["prefixes"].is_array())
            for (const auto &prefix : (*doc)["prefixes"])
                if (prefix.is_string())
                    listing.prefixes.push_back(prefix.get<std::string>());
        if (!doc->contains("nextPageToken") || !(*doc)["nextPageToken"].is_string())
            return listing;
        pageToken = (*doc)["nextPageToken"].get<std::string>();
    }
    return fail(ErrorCode::Unavailable, cat(uri.toString(), ": the listing never ended"));
}

Expected<GcsObject> GcsClient::uploadData(std::string_view data, const GcsUri &to,
                                          const GcsTransferOptions &options) const
{
    if (int64_t(data.size()) <= options.resumableThreshold)
        return uploadSmall(data, to, options);
    ObjectHasher hasher;
    hasher.update(data);
    const Reader read = [data](int64_t offset, int64_t length) -> Expected<std::string> {
        return std::string(data.substr(size_t(offset), size_t(length)));
    };
    return uploadResumable(read, int64_t(data.size()), hasher.crc32cBase64(), to, options);
}

Expected<GcsObject> GcsClient::uploadFile(const std::string &localPath, const GcsUri &to,
                                          const GcsTransferOptions &options) const
{
    auto file = LocalFile::open(localPath);
    if (!file)
        return std::unexpected(file.error());
    if (file->size() <= options.resumableThreshold) {
        auto data = file->read(0, file->size());
        if (!data)
            return std::unexpected(data.error());
        return uploadSmall(*data, to, options);
    }
    // The checksum first, so the service can refuse an upload that arrived damaged.
    ObjectHasher hasher;
    for (int64_t offset = 0; offset < file->size(); offset += int64_t(8) << 20) {
        auto piece = file->read(offset, std::min(file->size() - offset, int64_t(8) << 20));
        if (!piece)
            return std::unexpected(piece.error());
        hasher.update(*piece);
    }
    const Reader read = [&file](int64_t offset, int64_t length) {
        return file->read(offset, length);
    };
    return uploadResumable(read, file->size(), hasher.crc32cBase64(), to, options);
}

Expected<GcsObject> GcsClient::uploadSmall(std::string_view data, const GcsUri &to,
                                           const GcsTransferOptions &options) const
{
    ObjectHasher hasher;
    hasher.update(data);
    const nlohmann::json metadata = {{"name", to.object},
                                     {"contentType", options.contentType},
                                     {"crc32c", hasher.crc32cBase64()}};
    std::string boundary = randomBoundary();
    while (data.find(boundary) != std::string_view::npos)
        boundary = randomBoundary();
    ApiRequest request;
    request.method = "POST";
    request.url = cat(m_root, "upload/storage/v1/b/", to.bucket, "/o?uploadType=multipart");
    request.contentType = cat("multipart/related; boundary=", boundary);
    request.body = cat("--", boundary, "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n",
                       metadata.dump(), "\r\n--", boundary,
                       "\r\nContent-Type: ", options.contentType, "\r\n\r\n");
    request.body.append(data);
    request.body += cat("\r\n--", boundary, "--\r\n");
    // Writing the same bytes to the same name twice leaves one object: safe to retry.
    request.idempotent = true;
    request.timeoutMs = 0;
    request.progress = options.progress ? TransferProgress([&options, size = int64_t(data.size())](
                                                               int64_t sent, int64_t total) {
        return options.progress(std::min(sent, size), size);
        (void)total;
    })
                                        : TransferProgress();
    request.progressCountsUpload = true;
    auto doc = m_api.json(request);
    if (!doc)
        return fail(doc.error().code, cat("upload to ", to.toString(), ": ", doc.error().message));
    return gcsObjectFromJson(*doc);
}

Expected<GcsObject> GcsClient::uploadResumable(const Reader &read, int64_t size,
                                               const std::string &expectedCrc, const GcsUri &to,
                                               const GcsTransferOptions &options) const
{
    const std::string where = cat("upload to ", to.toString());
    ApiRequest start;
    start.method = "POST";
    start.url = cat(m_root, "upload/storage/v1/b/", to.bucket, "/o?uploadType=resumable");
    start.contentType = "application/json; charset=UTF-8";
    start.headers = {"X-Upload-Content-Type: " + options.contentType,
                     cat("X-Upload-Content-Length: ", size)};
    start.body =
        nlohmann::json{
            {"name", to.object}, {"contentType", options.contentType}, {"crc32c", expectedCrc}}
            .dump();
    start.idempotent = true;  // a second session is harmless: only one is used
    auto started = m_api.send(start);
    if (!started)
        return fail(started.error().code, cat(where, ": ", started.error().message));
    if (!started->succeeded())
        return std::unexpected(googleError(*started, where));
    const std::string session = started->header("Location");
    if (session.empty())
        return fail(ErrorCode::Unavailable, cat(where, ": the service gave no upload session"));
    if (auto ok = checkTransportSecurity(session, "the upload session"); !ok)
        return std::unexpected(ok.error());

    const RetryPolicy &policy = m_api.retryPolicy();
    const auto finished = [&](const HttpResponse &reply) -> Expected<GcsObject> {
        auto doc = jsonBody(reply, where);
        if (!doc)
            return std::unexpected(doc.error());
        auto object = gcsObjectFromJson(*doc);
        if (object && !object->crc32c.empty() && object->crc32c != expectedCrc)
            return fail(ErrorCode::Corrupt,
                        cat(where, ": the stored object's CRC32C ", object->crc32c,
                            " is not the file's ", expectedCrc));
        return object;
    };
    int64_t offset = 0;
    int failures = 0;
    const auto begun = std::chrono::steady_clock::now();
    while (true) {
        const int64_t length = std::min(options.chunkBytes, size - offset);
        auto chunk = read(offset, length);
        if (!chunk)
            return std::unexpected(chunk.error());
        ApiRequest put;
        put.method = "PUT";
        put.url = session;
        put.body = std::move(*chunk);
        put.headers = {
            length > 0 ? cat("Content-Range: bytes ", offset, "-", offset + length - 1, "/", size)
                       : cat("Content-Range: bytes */", size)};
        put.contentType = options.contentType;
        put.idempotent = false;  // resumed below from what the service says it holds
        put.timeoutMs = 0;
        if (options.progress)
            put.progress = [&options, offset, size](int64_t sent, int64_t) {
                return options.progress(std::min(size, offset + sent), size);
            };
        put.progressCountsUpload = true;
        auto reply = m_api.send(put);
        if (reply && (reply->status == 200 || reply->status == 201))
            return finished(*reply);
        if (reply && reply->status == 308) {
            offset = persistedBytes(*reply);
            failures = 0;
            continue;
        }
        if (reply && !isRetryableStatus(reply->status))
            return std::unexpected(googleError(*reply, where));
        if (!reply && reply.error().code != ErrorCode::Unavailable)
            return std::unexpected(reply.error());
        // The connection dropped or the service is busy: ask what it holds, then go on from there.
        ++failures;
        const auto wait = backoffDelay(policy, failures);
        if (failures >= policy.maxAttempts ||
            std::chrono::steady_clock::now() - begun + wait > policy.deadline * 4)
            return fail(ErrorCode::Unavailable,
                        cat(where, ": gave up after ", failures, " failed attempts: ",
                            reply ? googleError(*reply, "").message : reply.error().message));
        if (!waitUnlessStopped(wait, m_api.stopToken()))
            return fail(ErrorCode::Cancelled, cat(where, " was cancelled"));
        ApiRequest query;
        query.method = "PUT";
        query.url = session;
        query.headers = {cat("Content-Range: bytes */", size)};
        query.idempotent = true;
        auto status = m_api.send(query);
        if (status && (status->status == 200 || status->status == 201))
            return finished(*status);
        if (status && status->status == 308)
            offset = persistedBytes(*status);
        else if (status && (status->status == 404 || status->status == 410))
            return fail(ErrorCode::Unavailable,
                        cat(where, ": the upload session expired; run the upload again"));
        // Otherwise the query failed too: the next attempt sends from the same offset.
    }
}

namespace {

/// One download, resumed with Range after a dropped connection; `append` takes the bytes in
/// order, `restart` throws away what arrived when the service ignored a Range.
Expected<GcsObject> downloadInto(const ApiClient &api, const std::string &url, const GcsUri &from,
                                 const GcsObject &object, const GcsTransferOptions &options,
                                 const std::function<Expected<void>(std::string_view)> &append,
                                 const std::function<Expected<void>()> &restart)
{
    const std::string where = cat("download of ", from.toString());
    auto hasher = std::make_unique<ObjectHasher>();
    int64_t offset = 0;
    int failures = 0;
    std::optional<Error> sinkError;
    for (bool first = true; first || offset < object.size; first = false) {
        ApiRequest request;
        request.url = cat(url, "?alt=media&generation=", object.generation);
        if (offset > 0)
            request.headers = {cat("Range: bytes=", offset, "-")};
        request.timeoutMs = 0;
        if (options.progress)
            request.progress = [&options, &offset, &object](int64_t, int64_t) {
                return options.progress(offset, object.size);
            };
        const int64_t askedFrom = offset;
        std::optional<Error> restartError;
        // A 200 where a range was asked for is the whole object again: start over.
        request.onBodyStatus = [&](long status) {
            if (askedFrom > 0 && status == 200) {
                if (auto ok = restart(); !ok)
                    restartError = ok.error();
                hasher = std::make_unique<ObjectHasher>();
                offset = 0;
            }
        };
        auto reply = api.stream(request, [&](std::string_view piece) {
            if (restartError)
                return false;
            if (auto ok = append(piece); !ok) {
                sinkError = ok.error();
                return false;
            }
            hasher->update(piece);
            offset += int64_t(piece.size());
            return offset <= object.size;  // more than the object holds: it changed
        });
        if (restartError)
            return fail(restartError->code, cat(where, ": ", restartError->message));
        if (sinkError)
            return fail(sinkError->code, cat(where, ": ", sinkError->message));
        if (reply && reply->succeeded()) {
            if (offset != object.size)
                return fail(ErrorCode::Corrupt,
                            cat(where, ": got ", offset, " bytes of ", object.size));
            break;
        }
        if (reply && !isRetryableStatus(reply->status)) {
            if (reply->status == 404)
                return fail(ErrorCode::NotFound,
                            cat(from.toString(), ": no such object (or it changed meanwhile)"));
            return std::unexpected(googleError(*reply, where));
        }
        if (!reply && reply.error().code != ErrorCode::Unavailable)
            return std::unexpected(reply.error());
        ++failures;
        const auto wait = backoffDelay(api.retryPolicy(), failures);
        if (failures >= api.retryPolicy().maxAttempts)
            return fail(ErrorCode::Unavailable,
                        cat(where, ": gave up after ", failures, " failed attempts: ",
                            reply ? googleError(*reply, "").message : reply.error().message));
        if (!waitUnlessStopped(wait, api.stopToken()))
            return fail(ErrorCode::Cancelled, cat(where, " was cancelled"));
    }
    // Verified against what the service says it holds: CRC32C always, MD5 when there is one.
    if (!object.crc32c.empty()) {
        const std::string got = hasher->crc32cBase64();
        if (got != object.crc32c)
            return fail(ErrorCode::Corrupt, cat(where, ": CRC32C ", got, " does not match the ",
                                                "object's ", object.crc32c, "; nothing was kept"));
    } else if (!object.md5.empty()) {
        const std::string got = hasher->md5Base64();
        if (got != object.md5)
            return fail(ErrorCode::Corrupt, cat(where, ": MD5 ", got, " does not match the ",
                                                "object's ", object.md5, "; nothing was kept"));
    }
    return object;
}

}  // namespace

Expected<GcsObject> GcsClient::downloadFile(const GcsUri &from, const std::string &localPath,
                                            const GcsTransferOptions &options) const
{
    auto object = stat(from);
    if (!object)
        return std::unexpected(object.error());
    auto staged = StagedFile::open(localPath);
    if (!staged)
        return std::unexpected(staged.error());
    auto done = downloadInto(
        m_api, mediaUrl(from), from, *object, options,
        [&staged](std::string_view piece) { return staged->append(piece); },
        [&staged, &localPath]() -> Expected<void> {
            auto fresh = StagedFile::open(localPath);
            if (!fresh)
                return std::unexpected(fresh.error());
            *staged = std::move(*fresh);
            return {};
        });
    if (!done)
        return done;
    if (auto ok = staged->commit(); !ok)
        return std::unexpected(ok.error());
    return done;
}

Expected<std::string> GcsClient::downloadData(const GcsUri &from, int64_t maxBytes) const
{
    auto object = stat(from);
    if (!object)
        return std::unexpected(object.error());
    if (object->size > maxBytes)
        return fail(ErrorCode::InvalidArgument,
                    cat(from.toString(), ": ", object->size, " bytes, more than the ", maxBytes,
                        " this reads into memory"));
    std::string data;
    auto done = downloadInto(
        m_api, mediaUrl(from), from, *object, {},
        [&data](std::string_view piece) -> Expected<void> {
            data.append(piece);
            return {};
        },
        [&data]() -> Expected<void> {
            data.clear();
            return {};
        });
    if (!done)
        return std::unexpected(done.error());
    return data;
}

}  // namespace covertype::cloud
