// The cache (file + SHA-256 sidecar), the streamed .part file and its atomic promotion.
#include "download/curldownloader.h"

#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <QLoggingCategory>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/text.h"
#include "files/atomicfile.h"
#include "http/httpclient.h"

namespace covertype::cloud {

namespace {

Q_LOGGING_CATEGORY(lcDownload, "covertype.download")

namespace fs = std::filesystem;

std::string errnoText(int error)
{
    return std::error_code(error, std::generic_category()).message();
}

/// Incremental SHA-256 (OpenSSL EVP).
class Sha256
{
public:
    Sha256() : m_ctx(EVP_MD_CTX_new())
    {
        m_ok = m_ctx && EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) == 1;
    }
    void update(std::string_view bytes)
    {
        if (m_ok && !bytes.empty())
            m_ok = EVP_DigestUpdate(m_ctx.get(), bytes.data(), bytes.size()) == 1;
    }
    /// 64 lower-case hex digits; empty when OpenSSL failed. Ends the computation.
    [[nodiscard]] std::string hexDigest()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        if (!m_ok || EVP_DigestFinal_ex(m_ctx.get(), digest, &size) != 1)
            return {};
        m_ok = false;
        static constexpr char kHex[] = "0123456789abcdef";
        std::string hex;
        hex.reserve(size * 2);
        for (unsigned int i = 0; i < size; ++i) {
            hex.push_back(kHex[digest[i] >> 4]);
            hex.push_back(kHex[digest[i] & 0xf]);
        }
        return hex;
    }

private:
    struct CtxDeleter
    {
        void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
    };
    std::unique_ptr<EVP_MD_CTX, CtxDeleter> m_ctx;
    bool m_ok = false;
};

/// Closes a descriptor it still owns.
struct Fd
{
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

struct FileDigest
{
    std::string sha256;
    int64_t bytes = 0;
};

Expected<FileDigest> hashFile(const fs::path &path)
{
    const Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.fd < 0)
        return fail(ErrorCode::Io, cat("cannot read ", path.string(), ": ", errnoText(errno)));
    Sha256 hash;
    FileDigest digest;
    std::vector<char> buffer(size_t(1) << 20);
    for (;;) {
        const ssize_t n = ::read(file.fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(ErrorCode::Io, cat("cannot read ", path.string(), ": ", errnoText(errno)));
        if (n == 0)
            break;
        hash.update(std::string_view(buffer.data(), size_t(n)));
        digest.bytes += n;
    }
    digest.sha256 = hash.hexDigest();
    if (digest.sha256.empty())
        return fail(ErrorCode::Io, cat("cannot compute the SHA-256 of ", path.string()));
    return digest;
}

/// The hash a sidecar records ("<64 hex>  <name>" or just the hex); empty when absent or
/// malformed.
std::string readSidecar(const fs::path &path)
{
    const Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.fd < 0)
        return {};
    char text[256];
    ssize_t n = 0;
    do {
        n = ::read(file.fd, text, sizeof text);
    } while (n < 0 && errno == EINTR);
    if (n < 64)
        return {};
    const std::string hash(text, 64);
    if (!isSha256Hex(hash))
        return {};
    if (n > 64 && text[64] != ' ' && text[64] != '\n' && text[64] != '\r' && text[64] != '\t')
        return {};
    return hash;
}

bool writeAll(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        bytes.remove_prefix(size_t(n));
    }
    return true;
}

/// Makes a rename inside `dir` durable; best effort (some file systems refuse).
void syncDirectory(const fs::path &dir)
{
    const Fd handle(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (handle.fd >= 0)
        (void)::fsync(handle.fd);
}

/// The .part file of one download: removed when the download does not complete.
class PartFile
{
public:
    explicit PartFile(fs::path path) : m_path(std::move(path)) {}
    PartFile(const PartFile &) = delete;
    PartFile &operator=(const PartFile &) = delete;
    ~PartFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_promoted) {
            std::error_code ignored;
            fs::remove(m_path, ignored);
        }
    }

    [[nodiscard]] Expected<void> open()
    {
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (m_fd < 0)
            return fail(ErrorCode::Io,
                        cat("cannot create ", m_path.string(), ": ", errnoText(errno)));
        return {};
    }
    /// False with errno set on failure.
    [[nodiscard]] bool write(std::string_view bytes) const { return writeAll(m_fd, bytes); }

    /// fsync, close, then rename over `target`.
    [[nodiscard]] Expected<void> promote(const fs::path &target)
    {
        if (::fsync(m_fd) != 0)
            return fail(ErrorCode::Io,
                        cat("cannot write ", m_path.string(), ": ", errnoText(errno)));
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0)
            return fail(ErrorCode::Io,
                        cat("cannot write ", m_path.string(), ": ", errnoText(errno)));
        std::error_code ec;
        fs::rename(m_path, target, ec);
        if (ec)
            return fail(ErrorCode::Io, cat("cannot move ", m_path.string(), " to ", target.string(),
                                           ": ", ec.message()));
        m_promoted = true;
        return {};
    }

private:
    fs::path m_path;
    int m_fd = -1;
    bool m_promoted = false;
};

/// The start of a server's error page, on one line and short enough for a message.
std::string shortReason(const HttpResponse &response)
{
    if (response.body.empty())
        return {};
    std::string text = errorMessage(response);
    for (char &c : text) {
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    }
    constexpr size_t kMax = 120;
    if (text.size() > kMax)
        text = text.substr(0, kMax) + "...";
    return text;
}

}  // namespace

Expected<DownloadResult> CurlDownloader::download(const DownloadRequest &request,
                                                  const DownloadProgress &progress)
{
    if (auto valid = validateDownloadRequest(request); !valid)
        return std::unexpected(valid.error());
    const fs::path dir(request.cacheDir);
    const fs::path target = dir / request.fileName;
    const fs::path sidecar = dir / (request.fileName + ".sha256");
    const std::string &pinned = request.expectedSha256;
    const std::string &url = request.url;

    std::error_code ec;
    if (fs::is_regular_file(target, ec)) {
        const std::string recorded = readSidecar(sidecar);
        const auto cached = hashFile(target);
        if (cached && !recorded.empty() && cached->sha256 == recorded) {
            if (pinned.empty() || pinned == recorded) {
                qCInfo(lcDownload) << "using cached" << target.c_str();
                if (progress && !progress(cached->bytes, cached->bytes))
                    return fail(ErrorCode::Cancelled, cat("download of ", url, " was cancelled"));
                return DownloadResult{target.string(), cached->sha256, cached->bytes, true};
            }
            // Another good version: it stays until the pinned one has arrived and matched.
            qCInfo(lcDownload) << "cached" << target.c_str() << "is not the pinned version";
        } else if (cached && !recorded.empty()) {
            qCWarning(lcDownload) << cat("discarding ", target.string(), ": SHA-256 ",
                                         cached->sha256, " differs from the recorded ", recorded)
                                         .c_str();
            fs::remove(target, ec);
            fs::remove(sidecar, ec);
        }
    }

    fs::create_directories(dir, ec);
    if (ec)
        return fail(ErrorCode::Io,
                    cat("cannot create the cache directory ", dir.string(), ": ", ec.message()));
    PartFile part(dir / (request.fileName + ".part"));
    if (auto opened = part.open(); !opened)
        return std::unexpected(opened.error());

    Sha256 hash;
    int64_t received = 0;
    int64_t expected = 0;
    int writeErrno = 0;
    const BodySink sink = [&](std::string_view piece) {
        if (!part.write(piece)) {
            writeErrno = errno;
            return false;
        }
        hash.update(piece);
        received += int64_t(piece.size());
        return true;
    };

    HttpRequest http;
    http.method = "GET";
    http.url = url;
    http.timeoutMs = 0;
    http.connectTimeoutMs = m_options.connectTimeoutMs;
    http.followRedirects = true;
    http.lowSpeedBytesPerSecond = m_options.lowSpeedBytesPerSecond;
    http.lowSpeedSeconds = m_options.lowSpeedSeconds;
    // Reports the bytes stored rather than curl's count, so a caller never sees a byte that is
    // not on disk yet.
    http.progress = [&](int64_t, int64_t total) {
        expected = total > 0 ? total : 0;
        return !progress || progress(received, expected);
    };

    const auto reply = HttpClient().stream(std::move(http), sink);
    if (!reply) {
        const Error &error = reply.error();
        if (error.code == ErrorCode::Cancelled)
            return fail(ErrorCode::Cancelled, cat("download of ", url, " was cancelled"));
        if (writeErrno != 0)
            return fail(ErrorCode::Io, cat("cannot write ", dir.string(), "/", request.fileName,
                                           ".part: ", errnoText(writeErrno)));
        // "GET <url>: <curl's message>" -> "cannot download <url>: <curl's message>"
        const std::string prefix = cat("GET ", url, ": ");
        std::string why = error.message;
        if (why.starts_with(prefix))
            why.erase(0, prefix.size());
        return fail(error.code, cat("cannot download ", url, ": ", why));
    }
    if (!reply->succeeded()) {
        const std::string reason = shortReason(*reply);
        const ErrorCode code = (reply->status == 404 || reply->status == 410)
                                   ? ErrorCode::NotFound
                                   : ErrorCode::Unavailable;
        return fail(code, cat("cannot download ", url, ": HTTP ", reply->status,
                              reason.empty() ? std::string() : cat(" (", reason, ")")));
    }

    if (progress && !progress(received, expected > 0 ? expected : received))
        return fail(ErrorCode::Cancelled, cat("download of ", url, " was cancelled"));
    const std::string actual = hash.hexDigest();
    if (actual.empty())
        return fail(ErrorCode::Io, cat("cannot compute the SHA-256 of ", url));
    if (!pinned.empty() && actual != pinned)
        return fail(ErrorCode::Corrupt,
                    cat("download of ", url, ": SHA-256 is ", actual, ", expected ", pinned,
                        " (the file on the server changed or the transfer was corrupted)"));
    if (auto promoted = part.promote(target); !promoted)
        return std::unexpected(promoted.error());
    syncDirectory(dir);
    // Without the sidecar the file is still complete and verified; the next call downloads it
    // again.
    if (auto written =
            writeFileAtomically(sidecar.string(), cat(actual, "  ", request.fileName, "\n"));
        !written)
        qCWarning(lcDownload) << written.error().message.c_str();
    qCInfo(lcDownload) << "downloaded" << url.c_str() << "to" << target.c_str() << received
                       << "bytes";
    return DownloadResult{target.string(), actual, received, false};
}

}  // namespace covertype::cloud
