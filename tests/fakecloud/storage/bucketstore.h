// The fake Cloud Storage's state: buckets and their objects (live versions only), with
// generations, checksums, preconditions and the JSON API's resource shapes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <expected>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/exchange.h"

namespace covertype::fakecloud {

struct StoredObject
{
    std::string bucket;
    std::string name;
    std::string data;
    std::string contentType = "application/octet-stream";
    nlohmann::json extra =
        nlohmann::json::object();  ///< metadata, contentEncoding, cacheControl...
    int64_t generation = 0;
    int64_t metageneration = 1;
    std::string md5;          ///< base64
    std::string crc32c;       ///< base64 of the big-endian CRC
    std::string timeCreated;  ///< RFC 3339 with milliseconds
};

/// ifGenerationMatch and friends from a request's query.
struct Preconditions
{
    std::optional<int64_t> ifGenerationMatch;
    std::optional<int64_t> ifGenerationNotMatch;
    std::optional<int64_t> ifMetagenerationMatch;
    std::optional<int64_t> ifMetagenerationNotMatch;
};

/// What an insert gives: the object resource as the client sent it (name, contentType,
/// metadata, md5Hash/crc32c to verify...) and the bytes.
struct ObjectUpload
{
    std::string name;
    std::string contentType;
    nlohmann::json resource = nlohmann::json::object();
    std::string data;
};

/// A Google error answer, ready to send.
using StorageResult = std::expected<StoredObject, Response>;

struct ListQuery
{
    std::string prefix;
    std::string delimiter;
    std::string startOffset;
    std::string endOffset;
    std::string pageToken;
    int maxResults = 1000;
    bool includeTrailingDelimiter = false;
};

class BucketStore
{
public:
    /// Creates an empty bucket; false when it exists already.
    bool createBucket(const std::string &name);
    [[nodiscard]] bool deleteBucket(const std::string &name, Response &error);
    [[nodiscard]] std::optional<nlohmann::json> bucketResource(const std::string &name,
                                                               const std::string &origin) const;
    [[nodiscard]] std::vector<nlohmann::json> bucketResources(const std::string &origin) const;

    /// Inserts (or replaces) an object when the bucket exists and the preconditions hold;
    /// checks md5Hash/crc32c given in the resource against the data (400 on a mismatch).
    [[nodiscard]] StorageResult insert(const std::string &bucket, ObjectUpload upload,
                                       const Preconditions &preconditions);
    /// The live object; `generation`, when given, must be its generation.
    [[nodiscard]] StorageResult get(const std::string &bucket, const std::string &name,
                                    std::optional<int64_t> generation,
                                    const Preconditions &preconditions, bool read) const;
    [[nodiscard]] std::expected<void, Response> remove(const std::string &bucket,
                                                       const std::string &name,
                                                       std::optional<int64_t> generation,
                                                       const Preconditions &preconditions);
    /// objects.list: {kind, items, prefixes, nextPageToken}.
    [[nodiscard]] std::expected<nlohmann::json, Response> list(const std::string &bucket,
                                                               const ListQuery &query,
                                                               const std::string &origin) const;

    /// The object resource the JSON API returns (size and generation as strings, links built
    /// on `origin`).
    [[nodiscard]] static nlohmann::json resource(const StoredObject &object,
                                                 const std::string &origin);
    /// Checks an object name as GCS does (1-1024 bytes, valid UTF-8, no CR/LF, not "." or
    /// ".."); the message says what is wrong, empty when valid.
    [[nodiscard]] static std::string checkObjectName(const std::string &name);
    /// The current time in RFC 3339 with milliseconds ("2026-12-04T10:00:00.123Z").
    [[nodiscard]] static std::string now();

private:
    struct Bucket
    {
        std::string timeCreated;
        std::map<std::string, StoredObject> objects;
    };

    [[nodiscard]] std::optional<Response> checkPreconditions(const StoredObject *existing,
                                                             const Preconditions &p,
                                                             bool read) const;
    int64_t nextGeneration();

    mutable std::mutex m_mutex;
    std::map<std::string, Bucket> m_buckets;
    int64_t m_lastGeneration = 0;
};

/// Reads ifGenerationMatch, ifGenerationNotMatch, ifMetagenerationMatch and
/// ifMetagenerationNotMatch; an error answer when one is not an integer.
[[nodiscard]] std::expected<Preconditions, Response> readPreconditions(const Request &request);

}  // namespace covertype::fakecloud
