// Atomic whole-file writes with POSIX calls: every write checked, fsync before the rename.
#include "files/atomicfile.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"

namespace covertype {

namespace {

/// The process's umask, read without changing it: umask(2) can only be read by setting it, which
/// would give files other threads create meanwhile the wrong permissions. Linux reports it in
/// /proc/self/status; where it does not, 022.
mode_t currentUmask()
{
    static const mode_t mask = [] {
        const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return mode_t(022);
        char buffer[4096];
        const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
        ::close(fd);
        if (n <= 0)
            return mode_t(022);
        buffer[n] = '\0';
        const char *line = std::strstr(buffer, "\nUmask:");
        return line ? mode_t(std::strtoul(line + 7, nullptr, 8) & 0777) : mode_t(022);
    }();
    return mask;
}

/// Permissions for a new file: the old file's, else what open(0666) under the umask gives.
mode_t newFileMode(const std::string &path)
{
    struct stat old = {};
    if (::stat(path.c_str(), &old) == 0)
        return old.st_mode & 07777;
    return 0666 & ~currentUmask();
}

/// Flushes the directory holding `path`, so a rename in it survives a crash. Best effort:
/// some file systems cannot sync a directory.
void syncParent(const std::string &path)
{
    const std::string dir = QFileInfo(QString::fromStdString(path)).absolutePath().toStdString();
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)::fsync(fd);
    ::close(fd);
}

}  // namespace

std::string fileErrorText(int code, const std::string &path)
{
    switch (code) {
        case ENOSPC:
            return cat("no space left on device (", path, ")");
        case EDQUOT:
            return cat("disk quota exceeded (", path, ")");
        case EFBIG:
            return cat("file too large for the file system or the process's limit (", path, ")");
        case EROFS:
            return cat("read-only file system (", path, ")");
        case EACCES:
        case EPERM:
            return cat("permission denied (", path, ")");
        default:
            return cat(std::strerror(code), " (", path, ")");
    }
}

Expected<StagedFile> StagedFile::open(const std::string &path)
{
    const QFileInfo info(QString::fromStdString(path));
    if (!QDir().mkpath(info.absolutePath()))
        return fail(ErrorCode::Io, cat("cannot create the directory ",
                                       info.absolutePath().toStdString(), " for ", path));
    std::string staged =
        cat(info.absolutePath().toStdString(), "/.", info.fileName().toStdString(), ".XXXXXX");
    const int fd = ::mkstemp(staged.data());
    if (fd < 0)
        return fail(ErrorCode::Io, cat("cannot write ", path, ": ", fileErrorText(errno, path)));
    StagedFile file(path, staged, fd);  // removes the temporary on every early return below
    if (::fchmod(fd, newFileMode(path)) != 0)
        return fail(ErrorCode::Io, cat("cannot write ", path, ": ", fileErrorText(errno, path)));
    return file;
}

Expected<void> StagedFile::append(std::string_view bytes)
{
    if (m_fd < 0)
        return fail(ErrorCode::Io, cat("cannot write ", m_path, ": the staged file is closed"));
    const char *at = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, at, std::min<size_t>(left, size_t(1) << 30));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(ErrorCode::Io, cat("cannot write ", m_path, ": ",
                                           fileErrorText(n == 0 ? EIO : errno, m_path)));
        at += n;
        left -= size_t(n);
    }
    return {};
}

Expected<void> StagedFile::finish()
{
    if (m_fd < 0)
        return {};
    const int fd = std::exchange(m_fd, -1);
    // Delayed allocation reports a full disk at fsync or close at the latest: both are checked.
    if (::fsync(fd) != 0) {
        const int code = errno;
        ::close(fd);
        return fail(ErrorCode::Io, cat("cannot write ", m_path, ": ", fileErrorText(code, m_path)));
    }
    if (::close(fd) != 0)
        return fail(ErrorCode::Io,
                    cat("cannot write ", m_path, ": ", fileErrorText(errno, m_path)));
    return {};
}

Expected<StagedFile> StagedFile::write(const std::string &path, std::string_view contents)
{
    auto file = open(path);
    if (!file)
        return std::unexpected(file.error());
    if (auto ok = file->append(contents); !ok)
        return std::unexpected(ok.error());
    if (auto ok = file->finish(); !ok)
        return std::unexpected(ok.error());
    return file;
}

StagedFile::StagedFile(StagedFile &&other) noexcept
    : m_path(std::move(other.m_path)),
      m_staged(std::exchange(other.m_staged, {})),
      m_fd(std::exchange(other.m_fd, -1))
{
}

StagedFile &StagedFile::operator=(StagedFile &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_staged.empty())
            ::unlink(m_staged.c_str());
        m_path = std::move(other.m_path);
        m_staged = std::exchange(other.m_staged, {});
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

StagedFile::~StagedFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_staged.empty())
        ::unlink(m_staged.c_str());
}

Expected<void> StagedFile::commit()
{
    if (m_staged.empty())
        return fail(ErrorCode::Io, cat("cannot save ", m_path, ": nothing staged"));
    if (auto ok = finish(); !ok)
        return ok;
    if (::rename(m_staged.c_str(), m_path.c_str()) != 0)
        return fail(ErrorCode::Io, cat("cannot save ", m_path, ": ", fileErrorText(errno, m_path)));
    m_staged.clear();
    syncParent(m_path);
    return {};
}

Expected<void> writeFileAtomically(const std::string &path, std::string_view contents)
{
    auto staged = StagedFile::write(path, contents);
    if (!staged)
        return std::unexpected(staged.error());
    return staged->commit();
}

}  // namespace covertype
