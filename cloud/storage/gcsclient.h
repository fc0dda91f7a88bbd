// Cloud Storage through its JSON API: upload (resumable above a threshold, resumed after a
// dropped connection), download (ranged resume, verified with CRC32C or MD5, written atomically),
// stat, list and delete.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/apiclient.h"
#include "storage/gcsuri.h"

namespace covertype::cloud {

struct GcsObject
{
    std::string bucket;
    std::string name;
    int64_t size = 0;
    std::string generation;
    std::string contentType;
    std::string crc32c;  ///< base64, as the service spells it
    std::string md5;     ///< base64; absent for composite objects
    std::string updated;
    [[nodiscard]] GcsUri uri() const { return {bucket, name}; }
};

struct GcsListing
{
    std::vector<GcsObject> objects;
    std::vector<std::string> prefixes;  ///< "directories" under the prefix, when not recursive
};

struct GcsTransferOptions
{
    /// Bytes moved so far and in all; return false to cancel.
    TransferProgress progress;
    std::string contentType = "application/octet-stream";
    /// Files above this size are uploaded resumably, in chunks of chunkBytes (a multiple of
    /// 256 KiB), so a dropped connection costs at most one chunk.
    int64_t resumableThreshold = int64_t(8) << 20;
    int64_t chunkBytes = int64_t(8) << 20;
};

class GcsClient
{
public:
    /// `storageRoot` as CloudConfig::storageRoot ("https://storage.googleapis.com/").
    GcsClient(const ApiClient &api, std::string storageRoot);
    /// This client's endpoint through another API client (which must outlive the copy).
    [[nodiscard]] GcsClient through(const ApiClient &api) const { return {api, m_root}; }

    [[nodiscard]] Expected<GcsObject> uploadFile(const std::string &localPath, const GcsUri &to,
                                                 const GcsTransferOptions &options = {}) const;
    [[nodiscard]] Expected<GcsObject> uploadData(std::string_view data, const GcsUri &to,
                                                 const GcsTransferOptions &options = {}) const;
    /// Downloads the object's current generation to `localPath` (replaced only when the whole
    /// object arrived and its checksum matched).
    [[nodiscard]] Expected<GcsObject> downloadFile(const GcsUri &from, const std::string &localPath,
                                                   const GcsTransferOptions &options = {}) const;
    /// The object's bytes in memory; more than `maxBytes` is an error.
    [[nodiscard]] Expected<std::string> downloadData(const GcsUri &from,
                                                     int64_t maxBytes = int64_t(256) << 20) const;
    [[nodiscard]] Expected<GcsObject> stat(const GcsUri &uri) const;
    /// Objects whose names start with uri.object; not recursive: only those without a further
    /// '/', and the "directories" below as prefixes.
    [[nodiscard]] Expected<GcsListing> list(const GcsUri &uri, bool recursive = true) const;
    [[nodiscard]] Expected<void> remove(const GcsUri &uri) const;

private:
    [[nodiscard]] std::string objectUrl(const GcsUri &uri) const;
    /// Object bytes: the download host path the JSON API documents for media.
    [[nodiscard]] std::string mediaUrl(const GcsUri &uri) const;
    [[nodiscard]] Expected<GcsObject> uploadSmall(std::string_view data, const GcsUri &to,
                                                  const GcsTransferOptions &options) const;
    /// `read(offset, length)` gives the bytes of the source at offset.
    using Reader = std::function<Expected<std::string>(int64_t offset, int64_t length)>;
    [[nodiscard]] Expected<GcsObject> uploadResumable(const Reader &read, int64_t size,
                                                      const std::string &expectedCrc,
                                                      const GcsUri &to,
                                                      const GcsTransferOptions &options) const;

    const ApiClient &m_api;
    std::string m_root;
};

/// Reads an object resource of the JSON API.
[[nodiscard]] Expected<GcsObject> gcsObjectFromJson(const nlohmann::json &resource);

}  // namespace covertype::cloud
