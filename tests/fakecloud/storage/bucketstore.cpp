// Buckets and objects of the fake Cloud Storage.
#include "storage/bucketstore.h"

#include <array>
#include <chrono>
#include <ctime>
#include <set>

#include "storage/objecthashes.h"

namespace covertype::fakecloud {

namespace {

constexpr const char *kNoBucket = "The specified bucket does not exist.";
constexpr const char *kPreconditionFailed =
    "At least one of the pre-conditions you specified did not hold.";
/// Writable object fields a client may set on insert, kept and returned as given.
constexpr std::array<const char *, 6> kKeptFields = {"metadata",           "contentEncoding",
                                                     "contentDisposition", "contentLanguage",
                                                     "cacheControl",       "customTime"};

Response noSuchObject(const std::string &bucket, const std::string &name)
{
    return googleError(404, "No such object: " + bucket + "/" + name);
}

bool validUtf8(std::string_view s)
{
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
        if (n == 0 || i + n > s.size())
            return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2)
                return false;
        i += n;
    }
    return true;
}

std::optional<int64_t> parseInt64(const std::string &text)
{
    if (text.empty() || text.size() > 19)
        return std::nullopt;
    int64_t value = 0;
    size_t i = text[0] == '-' ? 1 : 0;
    if (i == text.size())
        return std::nullopt;
    for (; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return text[0] == '-' ? -value : value;
}

}  // namespace

std::string BucketStore::now()
{
    const auto t = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
    const std::time_t seconds = std::time_t(ms.count() / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  int(ms.count() % 1000));
    return buf;
}

std::string BucketStore::checkObjectName(const std::string &name)
{
    if (name.empty())
        return "Required";  // what GCS answers for a missing name
    if (name.size() > 1024)
        return "The object name is longer than 1024 bytes.";
    if (!validUtf8(name))
        return "The object name is not valid UTF-8.";
    if (name.find_first_of("\r\n") != std::string::npos)
        return "The object name contains a carriage return or line feed.";
    if (name == "." || name == "..")
        return "The object name cannot be '.' or '..'.";
    return {};
}

int64_t BucketStore::nextGeneration()
{
    // Like GCS: microseconds since the epoch, strictly increasing.
    const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    m_lastGeneration = std::max(micros, m_lastGeneration + 1);
    return m_lastGeneration;
}

bool BucketStore::createBucket(const std::string &name)
{
    const std::lock_guard lock(m_mutex);
    if (m_buckets.contains(name))
        return false;
    m_buckets[name].timeCreated = now();
    return true;
}

bool BucketStore::deleteBucket(const std::string &name, Response &error)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_buckets.find(name);
    if (it == m_buckets.end()) {
        error = googleError(404, kNoBucket);
        return false;
    }
    if (!it->second.objects.empty()) {
        error = googleError(409, "The bucket you tried to delete is not empty.");
        return false;
    }
    m_buckets.erase(it);
    return true;
}

std::optional<nlohmann::json> BucketStore::bucketResource(const std::string &name,
                                                          const std::string &origin) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_buckets.find(name);
    if (it == m_buckets.end())
        return std::nullopt;
    return nlohmann::json{{"kind", "storage#bucket"},
                          {"id", name},
                          {"selfLink", origin + "/storage/v1/b/" + name},
                          {"name", name},
                          {"projectNumber", "123456789012"},
                          {"metageneration", "1"},
                          {"location", "US-CENTRAL1"},
                          {"locationType", "region"},
                          {"storageClass", "STANDARD"},
                          {"etag", "CAE="},
                          {"timeCreated", it->second.timeCreated},
                          {"updated", it->second.timeCreated}};
}

std::vector<nlohmann::json> BucketStore::bucketResources(const std::string &origin) const
{
    std::vector<std::string> names;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto &[name, bucket] : m_buckets)
            names.push_back(name);
    }
    std::vector<nlohmann::json> out;
    for (const auto &name : names)
        if (auto r = bucketResource(name, origin))
            out.push_back(std::move(*r));
    return out;
}

std::optional<Response> BucketStore::checkPreconditions(const StoredObject *existing,
                                                        const Preconditions &p, bool read) const
{
    const int64_t generation = existing ? existing->generation : 0;
    if (p.ifGenerationMatch && *p.ifGenerationMatch != generation)
        return googleError(412, kPreconditionFailed, "conditionNotMet");
    // A read whose "not match" condition fails is answered 304, a write 412.
    const auto notMatch = [&]() -> Response {
        return read ? Response{304, {}, {}}
                    : googleError(412, kPreconditionFailed, "conditionNotMet");
    };
    if (p.ifGenerationNotMatch && *p.ifGenerationNotMatch == generation)
        return notMatch();
    if (p.ifMetagenerationMatch || p.ifMetagenerationNotMatch) {
        if (!existing)
            return googleError(412, kPreconditionFailed, "conditionNotMet");
        if (p.ifMetagenerationMatch && *p.ifMetagenerationMatch != existing->metageneration)
            return googleError(412, kPreconditionFailed, "conditionNotMet");
        if (p.ifMetagenerationNotMatch && *p.ifMetagenerationNotMatch == existing->metageneration)
            return notMatch();
    }
    return std::nullopt;
}

StorageResult BucketStore::insert(const std::string &bucket, ObjectUpload upload,
                                  const Preconditions &preconditions)
{
    if (const std::string problem = checkObjectName(upload.name); !problem.empty())
        return std::unexpected(
            googleError(400, problem, problem == "Required" ? "required" : "invalid"));
    StoredObject object;
    object.bucket = bucket;
    object.name = upload.name;
    object.md5 = md5Base64(upload.data);
    object.crc32c = crc32cBase64(upload.data);
    if (const auto it = upload.resource.find("md5Hash");
        it != upload.resource.end() && it->is_string() && *it != object.md5)
        return std::unexpected(googleError(400, "Provided MD5 hash \"" + it->get<std::string>() +
                                                    "\" doesn't match calculated MD5 hash \"" +
                                                    object.md5 + "\"."));
    if (const auto it = upload.resource.find("crc32c");
        it != upload.resource.end() && it->is_string() && *it != object.crc32c)
        return std::unexpected(googleError(400, "Provided CRC32C \"" + it->get<std::string>() +
                                                    "\" doesn't match calculated CRC32C \"" +
                                                    object.crc32c + "\"."));
    object.data = std::move(upload.data);
    if (!upload.contentType.empty())
        object.contentType = upload.contentType;
    for (const char *field : kKeptFields)
        if (const auto it = upload.resource.find(field);
            it != upload.resource.end() && !it->is_null())
            object.extra[field] = *it;

    const std::lock_guard lock(m_mutex);
    const auto b = m_buckets.find(bucket);
    if (b == m_buckets.end())
        return std::unexpected(googleError(404, kNoBucket));
    const auto existing = b->second.objects.find(object.name);
    if (auto failed =
            checkPreconditions(existing == b->second.objects.end() ? nullptr : &existing->second,
                               preconditions, false))
        return std::unexpected(std::move(*failed));
    object.generation = nextGeneration();
    object.timeCreated = now();
    b->second.objects[object.name] = object;
    return object;
}

StorageResult BucketStore::get(const std::string &bucket, const std::string &name,
                               std::optional<int64_t> generation,
                               const Preconditions &preconditions, bool read) const
{
    const std::lock_guard lock(m_mutex);
    const auto b = m_buckets.find(bucket);
    if (b == m_buckets.end())
        return std::unexpected(googleError(404, kNoBucket));
    const auto it = b->second.objects.find(name);
    if (it == b->second.objects.end() || (generation && *generation != it->second.generation))
        return std::unexpected(noSuchObject(bucket, name));
    if (auto failed = checkPreconditions(&it->second, preconditions, read))
        return std::unexpected(std::move(*failed));
    return it->second;
}

std::expected<void, Response> BucketStore::remove(const std::string &bucket,
                                                  const std::string &name,
                                                  std::optional<int64_t> generation,
                                                  const Preconditions &preconditions)
{
    const std::lock_guard lock(m_mutex);
    const auto b = m_buckets.find(bucket);
    if (b == m_buckets.end())
        return std::unexpected(googleError(404, kNoBucket));
    const auto it = b->second.objects.find(name);
    if (it == b->second.objects.end() || (generation && *generation != it->second.generation))
        return std::unexpected(noSuchObject(bucket, name));
    if (auto failed = checkPreconditions(&it->second, preconditions, false))
        return std::unexpected(std::move(*failed));
    b->second.objects.erase(it);
    return {};
}

std::expected<nlohmann::json, Response> BucketStore::list(const std::string &bucket,
                                                          const ListQuery &query,
                                                          const std::string &origin) const
{
    std::string after;  // the page token: the last name the previous page consumed
    if (!query.pageToken.empty()) {
        const auto decoded = base64UrlDecode(query.pageToken);
        if (!decoded || !decoded->starts_with("v1:"))
            return std::unexpected(googleError(400, "Invalid page token.", "invalid"));
        after = decoded->substr(3);
    }
    const std::lock_guard lock(m_mutex);
    const auto b = m_buckets.find(bucket);
    if (b == m_buckets.end())
        return std::unexpected(googleError(404, kNoBucket));
    const auto &objects = b->second.objects;

    auto it = objects.lower_bound(std::max(query.prefix, query.startOffset));
    if (!query.pageToken.empty()) {
        const auto resume = objects.upper_bound(after);
        if (resume == objects.end() || (it != objects.end() && it->first < resume->first))
            it = resume;
    }
    nlohmann::json items = nlohmann::json::array();
    nlohmann::json prefixes = nlohmann::json::array();
    int count = 0;
    std::string lastConsumed;
    bool more = false;
    while (it != objects.end()) {
        const std::string &name = it->first;
        if (!name.starts_with(query.prefix))
            break;  // sorted: nothing after this has the prefix either
        if (!query.endOffset.empty() && name >= query.endOffset)
            break;
        if (count >= query.maxResults) {
            more = true;
            break;
        }
        const size_t cut = query.delimiter.empty()
                               ? std::string::npos
                               : name.find(query.delimiter, query.prefix.size());
        if (cut != std::string::npos) {
            // Everything under this prefix is one entry, consumed at once so it never
            // appears on two pages.
            const std::string p = name.substr(0, cut + query.delimiter.size());
            prefixes.push_back(p);
            ++count;
            for (; it != objects.end() && it->first.starts_with(p); ++it) {
                if (query.includeTrailingDelimiter && it->first == p)
                    items.push_back(resource(it->second, origin));
                lastConsumed = it->first;
            }
            continue;
        }
        items.push_back(resource(it->second, origin));
        ++count;
        lastConsumed = name;
        ++it;
    }
    nlohmann::json out = {{"kind", "storage#objects"}};
    if (!items.empty())
        out["items"] = std::move(items);
    if (!prefixes.empty())
        out["prefixes"] = std::move(prefixes);
    if (more)
        out["nextPageToken"] = base64UrlEncode("v1:" + lastConsumed);
    return out;
}

nlohmann::json BucketStore::resource(const StoredObject &object, const std::string &origin)
{
    const std::string encoded = percentEncode(object.name);
    const std::string generation = std::to_string(object.generation);
    nlohmann::json r = {
        {"kind", "storage#object"},
        {"id", object.bucket + "/" + object.name + "/" + generation},
        {"selfLink", origin + "/storage/v1/b/" + object.bucket + "/o/" + encoded},
        {"mediaLink", origin + "/download/storage/v1/b/" + object.bucket + "/o/" + encoded +
                          "?generation=" + generation + "&alt=media"},
        {"name", object.name},
        {"bucket", object.bucket},
        {"generation", generation},
        {"metageneration", std::to_string(object.metageneration)},
        {"contentType", object.contentType},
        {"storageClass", "STANDARD"},
        {"size", std::to_string(object.data.size())},
        {"md5Hash", object.md5},
        {"crc32c", object.crc32c},
        {"etag", base64Encode(generation + "/" + std::to_string(object.metageneration))},
        {"timeCreated", object.timeCreated},
        {"updated", object.timeCreated},
        {"timeStorageClassUpdated", object.timeCreated}};
    for (const auto &[key, value] : object.extra.items())
        r[key] = value;
    return r;
}

std::expected<Preconditions, Response> readPreconditions(const Request &request)
{
    Preconditions p;
    const std::pair<const char *, std::optional<int64_t> Preconditions::*> fields[] = {
        {"ifGenerationMatch", &Preconditions::ifGenerationMatch},
        {"ifGenerationNotMatch", &Preconditions::ifGenerationNotMatch},
        {"ifMetagenerationMatch", &Preconditions::ifMetagenerationMatch},
        {"ifMetagenerationNotMatch", &Preconditions::ifMetagenerationNotMatch}};
    for (const auto &[name, member] : fields) {
        const auto text = request.queryValue(name);
        if (!text)
            continue;
        const auto value = parseInt64(*text);
        if (!value)
            return std::unexpected(googleError(
                400, "Invalid argument for " + std::string(name) + ": '" + *text + "'"));
        p.*member = *value;
    }
    return p;
}

}  // namespace covertype::fakecloud
