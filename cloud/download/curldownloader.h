// Downloads a data set file over HTTP(S) with libcurl into a cache directory, verified by SHA-256
// and moved into place atomically.
#pragma once

#include "data/datasetdownload.h"

namespace covertype::cloud {

/// DatasetDownloader on libcurl (HttpClient::stream). In the cache directory:
/// `<fileName>` the complete, verified file; `<fileName>.sha256` its SHA-256 in sha256sum format;
/// `<fileName>.part` only while a download runs. Holds nothing but options, so one downloader may
/// run downloads of different files on several threads at once; two downloads of the same file
/// at once are not supported.
class CurlDownloader final : public DatasetDownloader
{
public:
    struct Options
    {
        int connectTimeoutMs = 15000;
        /// A stalled transfer ends (ErrorCode::Unavailable) when fewer than
        /// lowSpeedBytesPerSecond arrive per second for lowSpeedSeconds. There is no limit on
        /// the whole transfer: the file is large and some links are slow.
        int lowSpeedBytesPerSecond = 1;
        int lowSpeedSeconds = 60;
    };

    CurlDownloader() = default;
    explicit CurlDownloader(Options options) : m_options(options) {}
    [[nodiscard]] const Options &options() const { return m_options; }

    /// A cached file whose SHA-256, recomputed, equals its sidecar (and the pinned
    /// expectedSha256, if any) is returned with fromCache = true, without a request; `progress`
    /// is then called once with (bytes, bytes). A cached file that differs from its sidecar is
    /// deleted and downloaded again. Otherwise GETs the URL (following redirects, verifying
    /// TLS), writing and hashing the body as it arrives; `progress` gets the bytes stored so far
    /// and the Content-Length (0 when the server sends none), last (bytes, bytes) once all has
    /// arrived. Errors: NotFound (HTTP 404, 410) or Unavailable (other statuses, network), both
    /// naming the URL and the status or curl's message; Corrupt naming the pinned and the actual
    /// SHA-256; Io naming the path; Cancelled. On any error the .part file is removed and a
    /// previous good copy stays as it was.
    [[nodiscard]] Expected<DownloadResult> download(const DownloadRequest &request,
                                                    const DownloadProgress &progress) override;

private:
    Options m_options;
};

}  // namespace covertype::cloud
