// The fake Cloud Storage JSON API v1: buckets, objects get/list/delete, downloads with ranges,
// and media, multipart and resumable uploads, under /storage/v1, /upload/storage/v1 and
// /download/storage/v1.
#pragma once

#include <optional>
#include <string>

#include "server/service.h"
#include "storage/bucketstore.h"
#include "storage/resumableuploads.h"

namespace covertype::fakecloud {

class StorageService : public Service
{
public:
    StorageService(BucketStore &store, std::string projectId);

    [[nodiscard]] bool accepts(const Request &request) const override;
    [[nodiscard]] Response handle(const Request &request) override;
    void interrupted(const Request &request) override;

private:
    /// A request path taken apart: /[upload|download]/storage/v1/b[/BUCKET[/o[/OBJECT]]].
    struct Route
    {
        enum class Kind { Upload, Download, Json } kind = Kind::Json;
        bool bucketCollection = false;  ///< ".../b"
        std::string bucket;
        bool objectCollection = false;  ///< ".../b/B/o"
        std::optional<std::string> object;
    };
    [[nodiscard]] static std::optional<Route> parseRoute(const std::string &rawPath);

    [[nodiscard]] Response buckets(const Route &route, const Request &request);
    [[nodiscard]] Response objectsList(const Route &route, const Request &request) const;
    [[nodiscard]] Response objectGet(const Route &route, const Request &request) const;
    [[nodiscard]] Response objectDelete(const Route &route, const Request &request);
    [[nodiscard]] Response upload(const Route &route, const Request &request);
    [[nodiscard]] static Response media(const StoredObject &object, const Request &request);

    BucketStore &m_store;
    ResumableUploads m_resumable;
    std::string m_projectId;
};

}  // namespace covertype::fakecloud
