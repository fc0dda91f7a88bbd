// Resumable uploads: Content-Range parsing, persisting chunks, finishing into an object.
#include "storage/resumableuploads.h"

#include <charconv>

#include "oauth/tokenregistry.h"

namespace covertype::fakecloud {

namespace {

/// "bytes a-b/T", "bytes a-b/*", "bytes */T" or "bytes */*".
struct ContentRange
{
    bool hasRange = false;  ///< false: a status query ("*")
    int64_t first = 0;
    int64_t last = -1;
    std::optional<int64_t> total;
};

bool parseNumber(std::string_view text, int64_t &out)
{
    const auto res = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && res.ec == std::errc() && res.ptr == text.data() + text.size() &&
           out >= 0;
}

std::optional<ContentRange> parseContentRange(std::string_view text)
{
    if (!text.starts_with("bytes "))
        return std::nullopt;
    text.remove_prefix(6);
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    const std::string_view range = text.substr(0, slash);
    const std::string_view total = text.substr(slash + 1);
    ContentRange out;
    if (total != "*") {
        int64_t t = 0;
        if (!parseNumber(total, t))
            return std::nullopt;
        out.total = t;
    }
    if (range == "*")
        return out;
    const size_t dash = range.find('-');
    if (dash == std::string_view::npos || !parseNumber(range.substr(0, dash), out.first) ||
        !parseNumber(range.substr(dash + 1), out.last) || out.last < out.first)
        return std::nullopt;
    out.hasRange = true;
    return out;
}

std::string sessionUrl(const std::string &origin, const std::string &bucket,
                       const std::string &name, const std::string &id)
{
    return origin + "/upload/storage/v1/b/" + bucket +
           "/o?uploadType=resumable&name=" + percentEncode(name) + "&upload_id=" + id;
}

}  // namespace

Response ResumableUploads::start(const std::string &bucket, ObjectUpload upload,
                                 Preconditions preconditions, std::optional<int64_t> declaredLength,
                                 const std::string &origin)
{
    if (const std::string problem = BucketStore::checkObjectName(upload.name); !problem.empty())
        return googleError(400, problem, problem == "Required" ? "required" : "invalid");
    if (!m_store.bucketResource(bucket, origin))
        return googleError(404, "The specified bucket does not exist.");
    if (declaredLength && *declaredLength > kMaxObjectBytes)
        return googleError(413, "The object is larger than the fake takes.");
    const std::string id = "ADPycd" + TokenRegistry::randomHex(24);
    const std::string url = sessionUrl(origin, bucket, upload.name, id);
    const std::lock_guard lock(m_mutex);
    m_sessions[id] = Session{bucket, std::move(upload), preconditions, declaredLength, {}};
    Response response;
    response.status = 200;
    response.withHeader("Location", url).withHeader("X-GUploader-UploadID", id);
    return response;
}

Response ResumableUploads::incomplete(const std::string &uploadId, const Session &session) const
{
    Response response;
    response.status = 308;
    response.withHeader("X-GUploader-UploadID", uploadId);
    if (!session.upload.data.empty())
        response.withHeader("Range", "bytes=0-" + std::to_string(session.upload.data.size() - 1));
    return response;
}

std::optional<Response> ResumableUploads::append(Session &session, int64_t first,
                                                 std::string_view bytes)
{
    const int64_t persisted = int64_t(session.upload.data.size());
    if (first > persisted)
        return googleError(400,
                           "Invalid request. According to the Content-Range header, the "
                           "upload offset is " +
                               std::to_string(first) +
                               " byte(s), which exceeds already uploaded size of " +
                               std::to_string(persisted) + " byte(s).");
    // Bytes the session already holds (a chunk sent again after a lost answer) are skipped.
    const int64_t skip = persisted - first;
    if (skip < int64_t(bytes.size()))
        session.upload.data.append(bytes.substr(size_t(skip)));
    if (int64_t(session.upload.data.size()) > kMaxObjectBytes)
        return googleError(413, "The object is larger than the fake takes.");
    return std::nullopt;
}

Response ResumableUploads::finish(Session &session, const std::string &origin)
{
    ObjectUpload upload = session.upload;
    auto stored = m_store.insert(session.bucket, std::move(upload), session.preconditions);
    if (!stored)
        return stored.error();
    session.finished = *stored;
    session.upload.data.clear();
    session.upload.data.shrink_to_fit();
    return Response::json(200, BucketStore::resource(*stored, origin));
}

Response ResumableUploads::put(const std::string &uploadId, const Request &request,
                               const std::string &origin)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_sessions.find(uploadId);
    if (it == m_sessions.end())
        return googleError(404,
                           "No such upload session: the upload_id is unknown or was cancelled.");
    Session &session = it->second;
    if (session.finished)
        return Response::json(200, BucketStore::resource(*session.finished, origin));

    const std::string_view header = request.header("content-range");
    ContentRange range;
    if (header.empty()) {
        // No Content-Range: the body is the whole object.
        range.hasRange = !request.body().empty();
        range.first = 0;
        range.last = int64_t(request.body().size()) - 1;
        range.total = int64_t(request.body().size());
    } else if (const auto parsed = parseContentRange(header)) {
        range = *parsed;
    } else {
        return googleError(400, "Failed to parse Content-Range header.");
    }
    if (range.total && session.total && *range.total != *session.total)
        return googleError(400, "The total object size changed during the upload: " +
                                    std::to_string(*session.total) + " then " +
                                    std::to_string(*range.total) + ".");
    if (range.total && *range.total > kMaxObjectBytes)
        return googleError(413, "The object is larger than the fake takes.");

    if (!range.hasRange) {
        if (!request.body().empty())
            return googleError(400, "A status query (Content-Range: bytes */...) has no body.");
        const int64_t persisted = int64_t(session.upload.data.size());
        if (range.total && *range.total < persisted)
            return googleError(400, "The total size is smaller than the bytes already uploaded.");
        if (range.total) {
            session.total = range.total;
            if (*range.total == persisted)
                return finish(session, origin);
        }
        return incomplete(uploadId, session);
    }

    if (int64_t(request.body().size()) != range.last - range.first + 1)
        return googleError(
            400, "The Content-Range header says " + std::to_string(range.last - range.first + 1) +
                     " bytes but the body has " + std::to_string(request.body().size()) + ".");
    if (range.total && range.last + 1 > *range.total)
        return googleError(400, "The Content-Range ends past the total size.");
    if (auto error = append(session, range.first, request.body()))
        return *error;
    if (range.total)
        session.total = range.total;
    const int64_t persisted = int64_t(session.upload.data.size());
    if (session.total && persisted == *session.total)
        return finish(session, origin);
    // An unfinished upload persists whole 256 KiB units only; the client learns from Range
    // where to go on.
    session.upload.data.resize(size_t(persisted / kGranularity * kGranularity));
    return incomplete(uploadId, session);
}

void ResumableUploads::interrupted(const std::string &uploadId, const Request &request)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_sessions.find(uploadId);
    if (it == m_sessions.end() || it->second.finished)
        return;
    Session &session = it->second;
    int64_t first = 0;
    if (const std::string_view header = request.header("content-range"); !header.empty()) {
        const auto range = parseContentRange(header);
        if (!range || !range->hasRange)
            return;
        first = range->first;
    }
    const size_t before = session.upload.data.size();
    if (append(session, first, request.body()))
        return;
    const size_t kept = session.upload.data.size() / size_t(kGranularity) * size_t(kGranularity);
    session.upload.data.resize(std::max(before, kept));
}

Response ResumableUploads::cancel(const std::string &uploadId)
{
    const std::lock_guard lock(m_mutex);
    if (m_sessions.erase(uploadId) == 0)
        return googleError(404,
                           "No such upload session: the upload_id is unknown or was cancelled.");
    return Response{499, {}, {}};
}

}  // namespace covertype::fakecloud
