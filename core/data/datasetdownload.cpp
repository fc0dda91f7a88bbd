// Request checks shared by every DatasetDownloader.
#include "data/datasetdownload.h"

#include <utility>

#include "base/text.h"

namespace covertype {

DatasetDownloader::~DatasetDownloader() = default;

DownloadRequest uciCovertypeRequest(std::string cacheDir)
{
    DownloadRequest request;
    request.url = kUciCovertypeUrl;
    request.cacheDir = std::move(cacheDir);
    request.fileName = kUciCovertypeFileName;
    return request;
}

bool isSha256Hex(const std::string &text)
{
    if (text.size() != 64)
        return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

Expected<void> validateDownloadRequest(const DownloadRequest &request)
{
    if (request.url.empty())
        return fail(ErrorCode::InvalidArgument, "download: the URL is empty");
    if (request.cacheDir.empty())
        return fail(ErrorCode::InvalidArgument,
                    cat("download ", request.url, ": the cache directory is empty"));
    const std::string &name = request.fileName;
    if (name.empty() || name == "." || name == ".." ||
        name.find_first_of("/\\") != std::string::npos)
        return fail(ErrorCode::InvalidArgument,
                    cat("download ", request.url, ": file name '", name,
                        "' must be a plain file name without a directory"));
    if (!request.expectedSha256.empty() && !isSha256Hex(request.expectedSha256))
        return fail(ErrorCode::InvalidArgument,
                    cat("download ", request.url, ": expected SHA-256 '", request.expectedSha256,
                        "' must be 64 lower-case hex digits"));
    return {};
}

}  // namespace covertype
