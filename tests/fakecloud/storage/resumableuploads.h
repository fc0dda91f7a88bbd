// Resumable upload sessions of the fake Cloud Storage: a POST opens one, PUTs with
// Content-Range add chunks (308 + Range until the last), a status query says what persisted,
// and a connection dropped mid-chunk keeps what had arrived in whole 256 KiB units, as GCS does.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "storage/bucketstore.h"

namespace covertype::fakecloud {

class ResumableUploads
{
public:
    /// GCS persists the bytes of an unfinished upload in multiples of this.
    static constexpr int64_t kGranularity = 256 * 1024;
    /// The largest object a session takes (memory bound for tests).
    static constexpr int64_t kMaxObjectBytes = int64_t(1) << 30;

    explicit ResumableUploads(BucketStore &store) : m_store(store) {}

    /// Opens a session: 200 with Location = `origin`/upload/storage/v1/b/B/o?uploadType=
    /// resumable&name=N&upload_id=ID. `declaredLength` is X-Upload-Content-Length.
    [[nodiscard]] Response start(const std::string &bucket, ObjectUpload upload,
                                 Preconditions preconditions, std::optional<int64_t> declaredLength,
                                 const std::string &origin);
    /// A PUT (or POST) to the session URI: a chunk, a status query or the last chunk.
    [[nodiscard]] Response put(const std::string &uploadId, const Request &request,
                               const std::string &origin);
    /// DELETE on the session URI: cancels the upload (499), later requests get 404.
    [[nodiscard]] Response cancel(const std::string &uploadId);
    /// A PUT whose body was cut off: keeps the whole 256 KiB units that arrived.
    void interrupted(const std::string &uploadId, const Request &request);

private:
    struct Session
    {
        std::string bucket;
        ObjectUpload upload;  ///< upload.data holds the persisted bytes
        Preconditions preconditions;
        std::optional<int64_t> total;
        std::optional<StoredObject> finished;
    };

    /// Adds `bytes` (starting at offset `first`) to the persisted data; an error answer when
    /// `first` lies past what persisted.
    [[nodiscard]] std::optional<Response> append(Session &session, int64_t first,
                                                 std::string_view bytes);
    [[nodiscard]] Response incomplete(const std::string &uploadId, const Session &session) const;
    [[nodiscard]] Response finish(Session &session, const std::string &origin);

    BucketStore &m_store;
    std::mutex m_mutex;
    std::map<std::string, Session> m_sessions;
};

}  // namespace covertype::fakecloud
