// Fetching a data set file into a local cache, verified by SHA-256: the interface the UI uses;
// app/ hands in an implementation (cloud/curldownloader.h), tests hand in fakes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/error.h"

namespace covertype {

/// The UCI Covertype archive (about 11 MB).
inline constexpr const char *kUciCovertypeUrl =
    "https://archive.ics.uci.edu/static/public/31/covertype.zip";
/// The name the UCI archive is cached under.
inline constexpr const char *kUciCovertypeFileName = "covertype.zip";

/// What to fetch and where to keep it: the file lands in `<cacheDir>/<fileName>`.
struct DownloadRequest
{
    std::string url;
    std::string cacheDir;
    std::string fileName = kUciCovertypeFileName;  ///< a plain name, no directory part
    std::string expectedSha256;                    ///< 64 lower-case hex digits; empty = not pinned
};

struct DownloadResult
{
    std::string path;        ///< `<cacheDir>/<fileName>`, complete and verified
    std::string sha256;      ///< of the file, 64 lower-case hex digits
    int64_t bytes = 0;       ///< size of the file
    bool fromCache = false;  ///< true when no request was made
};

/// Bytes received so far and expected in all (0 while unknown). Return false to cancel.
using DownloadProgress = std::function<bool(int64_t received, int64_t expected)>;

/// Fetches a file into a cache directory. Implementations never leave a partial or unverified
/// file under the final name, and keep a previous good copy when a download fails.
class DatasetDownloader
{
public:
    virtual ~DatasetDownloader();
    /// Blocks until the file is in the cache (run it off the GUI thread). Errors:
    /// InvalidArgument (see validateDownloadRequest), Unavailable or NotFound (the server),
    /// Corrupt (the pinned checksum differs), Io (the cache directory), Cancelled (`progress`
    /// returned false).
    [[nodiscard]] virtual Expected<DownloadResult> download(const DownloadRequest &request,
                                                            const DownloadProgress &progress) = 0;
};

/// The request for the UCI Covertype archive into `cacheDir` (not pinned).
[[nodiscard]] DownloadRequest uciCovertypeRequest(std::string cacheDir);

/// Checks what every downloader relies on: url and cacheDir not empty, fileName a plain name
/// (not empty, no '/' or '\\', not "." or ".."), expectedSha256 empty or 64 lower-case hex
/// digits. ErrorCode::InvalidArgument naming the field, its value and what was expected.
[[nodiscard]] Expected<void> validateDownloadRequest(const DownloadRequest &request);

/// True for exactly 64 characters from 0-9a-f.
[[nodiscard]] bool isSha256Hex(const std::string &text);

}  // namespace covertype
