// Routing and answers of the fake Cloud Storage JSON API.
#include "storage/storageservice.h"

#include <array>
#include <charconv>

#include "storage/multipart.h"

namespace covertype::fakecloud {

namespace {

constexpr std::string_view kUploadPrefix = "/upload/storage/v1/";
/// The discovery document's resumable path (apitools, so gcloud, sends resumable starts here).
constexpr std::string_view kResumablePrefix = "/resumable/upload/storage/v1/";
constexpr std::string_view kDownloadPrefix = "/download/storage/v1/";
constexpr std::string_view kJsonPrefix = "/storage/v1/";

std::optional<int64_t> parseInt(std::string_view text)
{
    int64_t value = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || res.ec != std::errc() || res.ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

Response unimplemented(const Request &request)
{
    return googleError(501, "The fake Cloud Storage does not implement " + request.method() + " " +
                                request.rawPath);
}

/// Checks the writable fields of an object resource the client sent; the message names the
/// field that is wrong, empty when the resource is fine.
std::string checkResource(const nlohmann::json &resource)
{
    if (!resource.is_object())
        return "The object metadata must be a JSON object.";
    static constexpr std::array<const char *, 9> kStrings = {
        "name",         "contentType",        "md5Hash",         "crc32c",    "contentEncoding",
        "cacheControl", "contentDisposition", "contentLanguage", "customTime"};
    for (const char *field : kStrings)
        if (const auto it = resource.find(field);
            it != resource.end() && !it->is_string() && !it->is_null())
            return std::string("Invalid value for ") + field + ": a string is expected.";
    if (const auto it = resource.find("metadata"); it != resource.end() && !it->is_null()) {
        if (!it->is_object())
            return "Invalid value for metadata: an object of strings is expected.";
        for (const auto &[key, value] : it->items())
            if (!value.is_string() && !value.is_null())
                return "Invalid value for metadata." + key + ": a string is expected.";
    }
    return {};
}

std::string stringField(const nlohmann::json &resource, const char *field)
{
    const auto it = resource.find(field);
    return it != resource.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// Parses a JSON object resource from a body ("" is an empty resource).
std::expected<nlohmann::json, Response> resourceFromBody(std::string_view body)
{
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return nlohmann::json::object();
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded())
        return std::unexpected(
            googleError(400, "Parse Error: the object metadata is not JSON.", "parseError"));
    if (const std::string problem = checkResource(json); !problem.empty())
        return std::unexpected(googleError(400, problem));
    return json;
}

}  // namespace

StorageService::StorageService(BucketStore &store, std::string projectId)
    : m_store(store), m_resumable(store), m_projectId(std::move(projectId))
{
}

bool StorageService::accepts(const Request &request) const
{
    return request.rawPath.starts_with(kJsonPrefix) || request.rawPath.starts_with(kUploadPrefix) ||
           request.rawPath.starts_with(kResumablePrefix) ||
           request.rawPath.starts_with(kDownloadPrefix);
}

std::optional<StorageService::Route> StorageService::parseRoute(const std::string &rawPath)
{
    Route route;
    std::string_view rest = rawPath;
    if (rest.starts_with(kUploadPrefix)) {
        route.kind = Route::Kind::Upload;
        rest.remove_prefix(kUploadPrefix.size());
    } else if (rest.starts_with(kResumablePrefix)) {
        route.kind = Route::Kind::Upload;
        rest.remove_prefix(kResumablePrefix.size());
    } else if (rest.starts_with(kDownloadPrefix)) {
        route.kind = Route::Kind::Download;
        rest.remove_prefix(kDownloadPrefix.size());
    } else if (rest.starts_with(kJsonPrefix)) {
        rest.remove_prefix(kJsonPrefix.size());
    } else {
        return std::nullopt;
    }
    if (rest == "b") {
        route.bucketCollection = true;
        return route;
    }
    if (!rest.starts_with("b/"))
        return std::nullopt;
    rest.remove_prefix(2);
    const size_t slash = rest.find('/');
    const auto bucket = percentDecode(rest.substr(0, slash), false);
    if (!bucket || bucket->empty())
        return std::nullopt;
    route.bucket = *bucket;
    if (slash == std::string_view::npos)
        return route;
    rest.remove_prefix(slash + 1);
    if (rest == "o") {
        route.objectCollection = true;
        return route;
    }
    if (!rest.starts_with("o/"))
        return std::nullopt;
    // The object name is the rest of the path, its slashes escaped as %2F by clients.
    const auto object = percentDecode(rest.substr(2), false);
    if (!object)
        return std::nullopt;
    route.object = *object;
    return route;
}

Response StorageService::handle(const Request &request)
{
    const auto route = parseRoute(request.rawPath);
    if (!route)
        return googleError(404, "Not Found");
    const std::string &method = request.method();
    if (route->kind == Route::Kind::Upload) {
        if (!route->objectCollection)
            return unimplemented(request);
        if (const auto uploadId = request.queryValue("upload_id")) {
            if (method == "PUT" || method == "POST")
                return m_resumable.put(*uploadId, request, request.origin());
            if (method == "DELETE")
                return m_resumable.cancel(*uploadId);
            return unimplemented(request);
        }
        if (method == "POST")
            return upload(*route, request);
        return unimplemented(request);
    }
    if (route->kind == Route::Kind::Download) {
        if (!route->object || method != "GET")
            return unimplemented(request);
        return objectGet(*route, request);
    }
    if (route->bucketCollection || (!route->objectCollection && !route->object))
        return buckets(*route, request);
    if (route->objectCollection) {
        if (method == "GET")
            return objectsList(*route, request);
        if (method == "POST")
            return googleError(400,
                               "Upload requests must include an uploadType URL parameter and a URL "
                               "path beginning with /upload/",
                               "wrongUrlForUpload");
        return unimplemented(request);
    }
    if (method == "GET")
        return objectGet(*route, request);
    if (method == "DELETE")
        return objectDelete(*route, request);
    return unimplemented(request);
}

void StorageService::interrupted(const Request &request)
{
    const auto route = parseRoute(request.rawPath);
    const auto uploadId = request.queryValue("upload_id");
    if (route && route->kind == Route::Kind::Upload && uploadId &&
        (request.method() == "PUT" || request.method() == "POST"))
        m_resumable.interrupted(*uploadId, request);
}

Response StorageService::buckets(const Route &route, const Request &request)
{
    const std::string &method = request.method();
    const std::string origin = request.origin();
    if (route.bucketCollection) {
        const auto project = request.queryValue("project");
        if (method == "GET" || method == "POST") {
            if (!project || project->empty())
                return googleError(400, "Required parameter: project", "required");
            if (*project != m_projectId)
                return googleError(403, "The project " + *project + " is not the fake's project " +
                                            m_projectId + ".");
        }
        if (method == "GET") {
            nlohmann::json out = {{"kind", "storage#buckets"}};
            const auto all = m_store.bucketResources(origin);
            if (!all.empty())
                out["items"] = all;
            return Response::json(200, out);
        }
        if (method == "POST") {
            const auto resource = nlohmann::json::parse(request.body(), nullptr, false);
            if (resource.is_discarded() || !resource.is_object())
                return googleError(400, "Parse Error", "parseError");
            const std::string name = stringField(resource, "name");
            if (name.empty())
                return googleError(400, "Required", "required");
            if (!m_store.createBucket(name))
                return googleError(409,
                                   "Your previous request to create the named bucket succeeded "
                                   "and you already own it.",
                                   "conflict");
            return Response::json(200, *m_store.bucketResource(name, origin));
        }
        return unimplemented(request);
    }
    if (method == "GET") {
        if (auto resource = m_store.bucketResource(route.bucket, origin))
            return Response::json(200, *resource);
        return googleError(404, "The specified bucket does not exist.");
    }
    if (method == "DELETE") {
        Response error;
        if (!m_store.deleteBucket(route.bucket, error))
            return error;
        return Response{204, {}, {}};
    }
    return unimplemented(request);
}

Response StorageService::objectsList(const Route &route, const Request &request) const
{
    ListQuery query;
    query.prefix = request.queryValue("prefix").value_or("");
    query.delimiter = request.queryValue("delimiter").value_or("");
    query.startOffset = request.queryValue("startOffset").value_or("");
    query.endOffset = request.queryValue("endOffset").value_or("");
    query.pageToken = request.queryValue("pageToken").value_or("");
    query.includeTrailingDelimiter = request.queryValue("includeTrailingDelimiter") == "true";
    if (const auto max = request.queryValue("maxResults")) {
        const auto value = parseInt(*max);
        if (!value || *value < 1)
            return googleError(400, "Invalid value for maxResults: '" + *max + "'");
        query.maxResults = int(std::min<int64_t>(*value, 1000));
    }
    auto listed = m_store.list(route.bucket, query, request.origin());
    if (!listed)
        return listed.error();
    return Response::json(200, *listed);
}

Response StorageService::objectGet(const Route &route, const Request &request) const
{
    std::optional<int64_t> generation;
    if (const auto text = request.queryValue("generation")) {
        generation = parseInt(*text);
        if (!generation)
            return googleError(400, "Invalid value for generation: '" + *text + "'");
    }
    const auto preconditions = readPreconditions(request);
    if (!preconditions)
        return preconditions.error();
    const auto object = m_store.get(route.bucket, *route.object, generation, *preconditions, true);
    if (!object)
        return object.error();
    const bool media = route.kind == Route::Kind::Download || request.queryValue("alt") == "media";
    if (media)
        return StorageService::media(*object, request);
    return Response::json(200, BucketStore::resource(*object, request.origin()));
}

Response StorageService::media(const StoredObject &object, const Request &request)
{
    const int64_t size = int64_t(object.data.size());
    Response response;
    response.withHeader("Content-Type", object.contentType)
        .withHeader("x-goog-hash", "crc32c=" + object.crc32c + ",md5=" + object.md5)
        .withHeader("x-goog-generation", std::to_string(object.generation))
        .withHeader("x-goog-metageneration", std::to_string(object.metageneration))
        .withHeader("x-goog-stored-content-length", std::to_string(size))
        .withHeader("x-goog-stored-content-encoding", "identity")
        .withHeader("x-goog-storage-class", "STANDARD")
        .withHeader("Accept-Ranges", "bytes")
        .withHeader("ETag", "\"" + base64Encode(std::to_string(object.generation)) + "\"");

    // One range "bytes=a-b", "bytes=a-" or "bytes=-n"; anything else is ignored (RFC 9110
    // 14.2 lets a server answer the whole object).
    std::string_view range = request.header("range");
    if (range.starts_with("bytes=") && range.find(',') == std::string_view::npos && size > 0) {
        range.remove_prefix(6);
        const size_t dash = range.find('-');
        if (dash != std::string_view::npos) {
            const auto first = parseInt(range.substr(0, dash));
            const auto last = parseInt(range.substr(dash + 1));
            int64_t from = -1, to = size - 1;
            bool valid = true;
            if (dash == 0 && last) {  // the last n bytes
                if (*last == 0)
                    from = size;  // unsatisfiable
                else
                    from = std::max<int64_t>(0, size - *last);
            } else if (first && first >= 0 &&
                       (dash + 1 == range.size() || (last && *last >= *first))) {
                from = *first;
                if (last)
                    to = std::min(*last, size - 1);
            } else {
                valid = false;
            }
            if (valid && from >= size) {
                Response unsatisfiable =
                    googleError(416, "The requested range cannot be satisfied.",
                                "requestedRangeNotSatisfiable");
                return unsatisfiable.withHeader("Content-Range", "bytes */" + std::to_string(size));
            }
            if (valid) {
                response.status = 206;
                response.withHeader("Content-Range", "bytes " + std::to_string(from) + "-" +
                                                         std::to_string(to) + "/" +
                                                         std::to_string(size));
                response.body = object.data.substr(size_t(from), size_t(to - from + 1));
                return response;
            }
        }
    }
    response.status = 200;
    response.body = object.data;
    return response;
}

Response StorageService::objectDelete(const Route &route, const Request &request)
{
    std::optional<int64_t> generation;
    if (const auto text = request.queryValue("generation")) {
        generation = parseInt(*text);
        if (!generation)
            return googleError(400, "Invalid value for generation: '" + *text + "'");
    }
    const auto preconditions = readPreconditions(request);
    if (!preconditions)
        return preconditions.error();
    if (auto removed = m_store.remove(route.bucket, *route.object, generation, *preconditions);
        !removed)
        return removed.error();
    return Response{204, {}, {}};
}

Response StorageService::upload(const Route &route, const Request &request)
{
    const auto preconditions = readPreconditions(request);
    if (!preconditions)
        return preconditions.error();
    const auto uploadType = request.queryValue("uploadType");
    const std::string queryName = request.queryValue("name").value_or("");
    const std::string origin = request.origin();
    ObjectUpload upload;

    if (uploadType == "media") {
        upload.name = queryName;
        upload.contentType = std::string(request.header("content-type"));
        upload.data = request.body();
    } else if (uploadType == "multipart") {
        const auto boundary = multipartBoundary(request.header("content-type"));
        if (!boundary)
            return googleError(400,
                               "Invalid multipart request: the Content-Type must be "
                               "multipart/related with a boundary.");
        auto parts = parseMultipart(request.body(), *boundary);
        if (!parts || parts->size() != 2)
            return googleError(400,
                               "Invalid multipart request: expected a metadata part and a "
                               "media part.");
        auto resource = resourceFromBody((*parts)[0].body);
        if (!resource)
            return resource.error();
        upload.resource = std::move(*resource);
        upload.name = stringField(upload.resource, "name");
        if (upload.name.empty())
            upload.name = queryName;
        upload.contentType = stringField(upload.resource, "contentType");
        if (upload.contentType.empty())
            upload.contentType = (*parts)[1].header("content-type");
        upload.data = std::move((*parts)[1].body);
        if ((*parts)[1].header("content-transfer-encoding") == "base64") {
            std::string text;
            for (const char c : upload.data)
                if (c != '\r' && c != '\n')
                    text += c == '+' ? '-' : c == '/' ? '_' : c;
            while (!text.empty() && text.back() == '=')
                text.pop_back();
            const auto decoded = base64UrlDecode(text);
            if (!decoded)
                return googleError(400, "The media part is not valid base64.");
            upload.data = *decoded;
        }
    } else if (uploadType == "resumable") {
        auto resource = resourceFromBody(request.body());
        if (!resource)
            return resource.error();
        upload.resource = std::move(*resource);
        upload.name = stringField(upload.resource, "name");
        if (upload.name.empty())
            upload.name = queryName;
        upload.contentType = std::string(request.header("x-upload-content-type"));
        if (upload.contentType.empty())
            upload.contentType = stringField(upload.resource, "contentType");
        std::optional<int64_t> declared;
        if (const std::string_view length = request.header("x-upload-content-length");
            !length.empty()) {
            declared = parseInt(length);
            if (!declared || *declared < 0)
                return googleError(400, "Invalid X-Upload-Content-Length.");
        }
        return m_resumable.start(route.bucket, std::move(upload), *preconditions, declared, origin);
    } else {
        return googleError(400,
                           uploadType ? "Invalid upload type: '" + *uploadType + "'"
                                      : std::string("Upload requests must include an "
                                                    "uploadType URL parameter."),
                           "invalidParameter");
    }
    auto stored = m_store.insert(route.bucket, std::move(upload), *preconditions);
    if (!stored)
        return stored.error();
    return Response::json(200, BucketStore::resource(*stored, origin));
}

}  // namespace covertype::fakecloud
