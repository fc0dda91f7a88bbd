// Reading an input file whole: plain read(2), gzip and zip through libarchive.
#include "files/fileinput.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bigmemory.h"
#include "base/text.h"

namespace covertype {

namespace {

constexpr size_t kPlainChunk = size_t(8) << 20;       // progress granularity of a plain read
constexpr size_t kInflateChunk = size_t(1) << 20;     // bytes asked from libarchive per call
constexpr size_t kHeadBytes = size_t(64) << 10;       // what InputLimits::checkHead sees
constexpr size_t kExpansionFloor = size_t(16) << 20;  // output allowed whatever the ratio
constexpr size_t kTrustedHint = size_t(64) << 20;     // room reserved on a container's word

/// "1.5 GiB", "12.0 MiB", "900 bytes".
std::string sizeText(uint64_t bytes)
{
    char text[32];
    if (bytes >= (uint64_t(1) << 30))
        std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(1 << 30));
    else if (bytes >= (uint64_t(1) << 20))
        std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / double(1 << 20));
    else
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    return text;
}

std::unexpected<Error> overLimit(const std::string &path, const std::string &what,
                                 const InputLimits &limits)
{
    return fail(ErrorCode::InvalidArgument,
                cat("cannot read ", path, ": ", what, ", more than the ", sizeText(limits.maxBytes),
                    " an input may hold (COVERTYPE_MAX_INPUT_MIB raises the limit)"));
}

/// Maps the progress of one phase onto [from, to] of the caller's callback.
struct ProgressRange
{
    const std::function<bool(double)> &callback;
    double from = 0.0;
    double to = 1.0;

    [[nodiscard]] bool report(double fraction) const
    {
        return !callback || callback(from + (to - from) * std::clamp(fraction, 0.0, 1.0));
    }
    [[nodiscard]] ProgressRange sub(double a, double b) const
    {
        return {callback, from + (to - from) * a, from + (to - from) * b};
    }
};

std::unexpected<Error> cancelled(const std::string &path)
{
    return fail(ErrorCode::Cancelled, "reading " + path + " was cancelled");
}

std::string errnoText(int error)
{
    switch (error) {
        case ENOENT:
            return "file not found";
        case EACCES:
        case EPERM:
            return "permission denied";
        case EISDIR:
            return "it is a directory";
        default:
            return std::strerror(error);
    }
}

class Fd
{
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    /// Gives the descriptor up: the caller closes it.
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

bool isGzip(std::string_view bytes)
{
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

/// An end-of-central-directory record first: a zip with no entries (libarchive does not bid).
bool isEmptyZip(std::string_view bytes)
{
    return bytes.starts_with(std::string_view("PK\x05\x06", 4));
}

bool isZip(std::string_view bytes)
{
    return bytes.starts_with(std::string_view("PK\x03\x04", 4)) || isEmptyZip(bytes);
}

/// read(2) retrying on EINTR; returns bytes read, 0 at end of file, -1 with errno set.
ssize_t readSome(int fd, char *buffer, size_t size)
{
    for (;;) {
        const ssize_t n = ::read(fd, buffer, size);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

/// A plain regular file is mapped (its pages are file cache the loaders let go as they read);
/// anything else, or a file the system will not map, is read into one buffer sized from fstat
/// (no zero fill), then whatever follows if the file grew or reports no size (pipes, /proc). A
/// plain file's read is the whole job and gets the whole progress bar; a compressed one's is
/// quick next to inflating it and gets a tenth.
Expected<InputBytes> readPlain(const std::string &path, const std::function<bool(double)> &callback,
                               const InputLimits &limits)
{
    auto opened = openForReading(path);
    if (!opened)
        return std::unexpected(opened.error());
    const Fd fd(*opened);
    struct stat st = {};
    if (::fstat(fd.get(), &st) != 0)
        return fail(ErrorCode::Io, cat("cannot read ", path, ": ", errnoText(errno)));

    const size_t expected = S_ISREG(st.st_mode) && st.st_size > 0 ? size_t(st.st_size) : 0;
    if (expected > limits.maxBytes)
        return overLimit(path, cat("it holds ", sizeText(expected)), limits);
    std::optional<InputBytes> mapping;
    if (expected > 0)
        if (auto mapped = InputBytes::map(fd.get(), expected))
            mapping = std::move(*mapped);
    std::string head;
    if (!mapping && expected > 0) {
        head.resize(std::min(expected, kHeadBytes));
        const ssize_t headSize = ::pread(fd.get(), head.data(), head.size(), 0);
        head.resize(size_t(std::max<ssize_t>(headSize, 0)));
    }
    const std::string_view headView =
        mapping ? mapping->view().substr(0, kHeadBytes) : std::string_view(head);
    const std::string_view magic = headView.substr(0, 4);
    // A plain file's first line is judged before the rest is read.
    if (limits.checkHead && !isGzip(magic) && !isZip(magic) && !headView.empty())
        if (auto ok = limits.checkHead(headView); !ok)
            return std::unexpected(ok.error());
    const ProgressRange progress{callback, 0.0, isGzip(magic) || isZip(magic) ? 0.1 : 1.0};
    if (mapping) {
        // Nothing is read yet: the pages come in as the caller reads them.
        if (!progress.report(0.0))
            return cancelled(path);
        return std::move(*mapping);
    }
    std::string data;
    int readError = 0;
    bool stopped = false;
    data.resize_and_overwrite(expected, [&](char *buffer, size_t size) {
        adviseHugePages(buffer, size);
        size_t done = 0;
        while (done < size) {
            const ssize_t n = readSome(fd.get(), buffer + done, std::min(kPlainChunk, size - done));
            if (n < 0) {
                readError = errno;
                break;
            }
            if (n == 0)
                break;  // the file shrank while we read it
            done += size_t(n);
            if (!progress.report(double(done) / double(size))) {
                stopped = true;
                break;
            }
        }
        return done;
    });
    if (readError == 0 && !stopped && data.size() == expected) {
        char chunk[64 * 1024];
        for (;;) {
            const ssize_t n = readSome(fd.get(), chunk, sizeof chunk);
            if (n < 0)
                readError = errno;
            if (n <= 0)
                break;
            if (data.size() + size_t(n) > limits.maxBytes)
                return overLimit(path, cat("it holds more than ", sizeText(limits.maxBytes)),
                                 limits);
            data.append(chunk, size_t(n));
        }
    }
    if (readError != 0)
        return fail(ErrorCode::Io, cat("cannot read ", path, ": ", errnoText(readError)));
    if (stopped)
        return cancelled(path);
    if (!progress.report(1.0))
        return cancelled(path);
    return InputBytes(std::move(data));
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

ArchivePtr newReader()
{
    ArchivePtr a(archive_read_new(), &archive_read_free);
    if (!a)
        throw std::bad_alloc();
    return a;
}

std::string archiveMessage(archive *a)
{
    const char *text = archive_error_string(a);
    return text && *text ? std::string(text) : std::string("unknown libarchive error");
}

/// Room to reserve for decompressed output: the size the container claims, unless it is
/// implausible for the compressed size (deflate cannot exceed ~1032:1).
size_t plausibleSize(uint64_t claimed, size_t compressed)
{
    const uint64_t limit = uint64_t(compressed) * 1100 + (uint64_t(1) << 16);
    return size_t(claimed <= limit ? claimed : uint64_t(compressed) * 4);
}

/// Reads the current entry's data into a string; `fractionDone(bytesOut)` turns the output so far
/// into progress. `what` names the data in errors ("unreadable <kind>: <what>: ...").
/// Output is bounded by `limits` (size, expansion over `compressedSize`), and its first bytes
/// go to limits.checkHead unless they are gzip again (the inner stream is checked instead).
template <class FractionDone>
Expected<std::string> readEntryData(archive *a, size_t sizeHint, const std::string &kind,
                                    const std::string &what, const std::string &path,
                                    const ProgressRange &progress, FractionDone fractionDone,
                                    size_t compressedSize, const InputLimits &limits)
{
    const double expansionLimit =
        std::max(double(kExpansionFloor), limits.maxExpansion * double(compressedSize));
    sizeHint = size_t(std::min({double(sizeHint), double(limits.maxBytes), expansionLimit}));
    bool headChecked = !limits.checkHead;
    const auto checkHead = [&](size_t used, const std::string &out) -> Expected<void> {
        headChecked = true;
        const std::string_view head(out.data(), std::min(used, kHeadBytes));
        if (isGzip(head))
            return {};
        return limits.checkHead(head);
    };
    // The size the container claims is not trusted with more than 64 MiB up front; past that
    // the buffer grows as data really arrives. Reads are a chunk at a time, so the limits and
    // the head are checked as the output grows, not after one huge read.
    std::string out;
    out.resize(std::min(sizeHint, kTrustedHint) + kInflateChunk);
    size_t used = 0;
    for (;;) {
        if (out.size() - used < kInflateChunk)
            out.resize(std::max(out.size() + out.size() / 2, used + kInflateChunk));
        const la_ssize_t n = archive_read_data(a, out.data() + used, kInflateChunk);
        if (n < 0)
            return fail(ErrorCode::Parse,
                        cat("unreadable ", kind, ": ", what, ": ", archiveMessage(a)));
        if (n == 0)
            break;
        used += size_t(n);
        if (used > limits.maxBytes)
            return overLimit(
                path,
                cat("its ", kind, " data decompresses to more than ", sizeText(limits.maxBytes)),
                limits);
        if (double(used) > expansionLimit)
            return fail(
                ErrorCode::InvalidArgument,
                cat("cannot read ", path, ": its ", kind, " data expands more than ",
                    limits.maxExpansion, " times (", sizeText(compressedSize), " compressed, ",
                    sizeText(used), " so far): a damaged file or a decompression bomb"));
        if (!headChecked && used >= kHeadBytes)
            if (auto ok = checkHead(used, out); !ok)
                return std::unexpected(ok.error());
        if (!progress.report(fractionDone(used)))
            return cancelled(path);
    }
    if (!headChecked && used > 0)
        if (auto ok = checkHead(used, out); !ok)
            return std::unexpected(ok.error());
    out.resize(used);
    // Copying 70 MB to drop a little slack is not worth it; a wrong size hint's half buffer is.
    if (out.capacity() - used > used / 8 + kInflateChunk)
        out.shrink_to_fit();
    return out;
}

/// Decompresses a gzip stream (one or more members) held in memory.
Expected<std::string> gunzip(std::string_view compressed, const std::string &what,
                             const std::string &path, const ProgressRange &progress,
                             const InputLimits &limits)
{
    ArchivePtr a = newReader();
    // Forcing the gzip filter (rather than letting filters bid) turns a damaged header into an
    // error instead of a silent pass-through of the compressed bytes by the raw format.
    if (archive_read_append_filter(a.get(), ARCHIVE_FILTER_GZIP) != ARCHIVE_OK ||
        archive_read_support_format_raw(a.get()) != ARCHIVE_OK ||
        archive_read_open_memory(a.get(), compressed.data(), compressed.size()) != ARCHIVE_OK)
        return fail(ErrorCode::Parse,
                    cat("unreadable gzip: ", what, ": ", archiveMessage(a.get())));
    archive_entry *entry = nullptr;
    const int header = archive_read_next_header(a.get(), &entry);
    if (header == ARCHIVE_EOF)
        return std::string();
    if (header != ARCHIVE_OK && header != ARCHIVE_WARN)
        return fail(ErrorCode::Parse,
                    cat("unreadable gzip: ", what, ": ", archiveMessage(a.get())));

    // The trailer's ISIZE is the size of the last member modulo 2^32: a hint, not a promise.
    uint32_t isize = 0;
    if (compressed.size() >= 18) {
        const auto *tail =
            reinterpret_cast<const unsigned char *>(compressed.data()) + compressed.size() - 4;
        isize = uint32_t(tail[0]) | uint32_t(tail[1]) << 8 | uint32_t(tail[2]) << 16 |
                uint32_t(tail[3]) << 24;
    }
    const double total = double(std::max<size_t>(compressed.size(), 1));
    return readEntryData(
        a.get(), plausibleSize(isize, compressed.size()), "gzip", what, path, progress,
        [&](size_t) {
            // Compressed bytes consumed: the output size is unknown up front.
            return double(archive_filter_bytes(a.get(), -1)) / total;
        },
        compressed.size(), limits);
}

struct ZipEntry
{
    std::string name;
    bool regular = false;
    bool encrypted = false;
    int64_t size = -1;  ///< uncompressed size, -1 when the zip does not say
};

Expected<ArchivePtr> openZip(std::string_view bytes, const std::string &path)
{
    ArchivePtr a = newReader();
    // The seekable reader trusts the central directory, as unzip does.
    archive_read_support_format_zip_seekable(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
        return fail(ErrorCode::Parse, cat("unreadable zip: ", path, ": ", archiveMessage(a.get())));
    return a;
}

Expected<std::vector<ZipEntry>> listZip(std::string_view bytes, const std::string &path)
{
    auto opened = openZip(bytes, path);
    if (!opened)
        return std::unexpected(opened.error());
    ArchivePtr a = std::move(*opened);
    std::vector<ZipEntry> entries;
    for (;;) {
        archive_entry *entry = nullptr;
        const int r = archive_read_next_header(a.get(), &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
            return fail(ErrorCode::Parse,
                        cat("unreadable zip: ", path, ": ", archiveMessage(a.get())));
        ZipEntry e;
        const char *name = archive_entry_pathname(entry);
        e.name = name ? name : "";
        e.regular = archive_entry_filetype(entry) == AE_IFREG;
        e.encrypted = archive_entry_is_encrypted(entry) != 0;
        e.size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
        entries.push_back(std::move(e));
        if (archive_read_data_skip(a.get()) != ARCHIVE_OK)
            return fail(ErrorCode::Parse,
                        cat("unreadable zip: ", path, ": ", archiveMessage(a.get())));
    }
    return entries;
}

std::string_view baseName(std::string_view name)
{
    const size_t slash = name.find_last_of('/');
    return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

std::string joinNames(const std::vector<ZipEntry> &entries, const std::vector<size_t> &which)
{
    std::string out;
    for (const size_t i : which) {
        if (!out.empty())
            out += ", ";
        out += entries[i].name;
    }
    return out;
}

/// Index of the entry to read, by the rules documented in fileinput.h.
Expected<size_t> chooseZipEntry(const std::vector<ZipEntry> &entries, const std::string &path)
{
    std::vector<size_t> files;
    for (size_t i = 0; i < entries.size(); ++i) {
        // Finder's resource forks sit beside the real files and are never data.
        if (entries[i].regular && !entries[i].name.starts_with("__MACOSX/"))
            files.push_back(i);
    }
    if (files.empty())
        return fail(ErrorCode::Parse, cat("no usable entry in zip ", path, ": it holds no file"));

    const auto pick = [&](auto predicate) {
        std::vector<size_t> hits;
        for (const size_t i : files)
            if (predicate(entries[i].name))
                hits.push_back(i);
        return hits;
    };
    const auto tooMany = [&](const std::vector<size_t> &hits) {
        return fail(ErrorCode::Parse, cat("ambiguous zip ", path, ": several candidate entries (",
                                          joinNames(entries, hits), "); expected one"));
    };
    for (const std::string_view wanted : {"covtype.data.gz", "covtype.data"}) {
        const auto hits = pick([&](std::string_view n) { return baseName(n) == wanted; });
        if (hits.size() == 1)
            return hits.front();
        if (hits.size() > 1)
            return tooMany(hits);
    }
    if (files.size() == 1)
        return files.front();
    const auto hits = pick([](std::string_view n) {
        return n.ends_with(".csv") || n.ends_with(".data") || n.ends_with(".gz");
    });
    if (hits.size() == 1)
        return hits.front();
    if (hits.size() > 1)
        return tooMany(hits);
    return fail(ErrorCode::Parse,
                cat("no usable entry in zip ", path, ": it holds ", joinNames(entries, files),
                    "; expected covtype.data.gz, covtype.data or a single .csv/.data/.gz file"));
}

Expected<std::string> extractZipEntry(std::string_view bytes, size_t index, const ZipEntry &wanted,
                                      const std::string &path, const ProgressRange &progress,
                                      const InputLimits &limits)
{
    const std::string what = cat(path, " (entry ", wanted.name, ")");
    if (wanted.encrypted)
        return fail(ErrorCode::Parse, cat("unreadable zip: ", what, ": the entry is encrypted"));
    auto opened = openZip(bytes, path);
    if (!opened)
        return std::unexpected(opened.error());
    ArchivePtr a = std::move(*opened);
    archive_entry *entry = nullptr;
    for (size_t i = 0; i <= index; ++i) {
        const int r = archive_read_next_header(a.get(), &entry);
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
            return fail(ErrorCode::Parse,
                        cat("unreadable zip: ", path, ": ", archiveMessage(a.get())));
    }
    const size_t hint = wanted.size > 0 ? plausibleSize(uint64_t(wanted.size), bytes.size()) : 0;
    const double total = double(std::max<int64_t>(wanted.size, 1));
    return readEntryData(
        a.get(), hint, "zip", what, path, progress,
        [&](size_t used) { return wanted.size > 0 ? double(used) / total : 0.0; }, bytes.size(),
        limits);
}

Expected<FileBytes> readInputFileImpl(const std::string &path,
                                      const std::function<bool(double)> &callback,
                                      const InputLimits &limits)
{
    const ProgressRange all{callback, 0.0, 1.0};
    auto raw = readPlain(path, callback, limits);
    if (!raw)
        return std::unexpected(raw.error());

    FileBytes result;
    if (isGzip(*raw)) {
        auto data = gunzip(*raw, path, path, all.sub(0.1, 1.0), limits);
        if (!data)
            return std::unexpected(data.error());
        result.data = std::move(*data);
        result.compression = "gzip";
    } else if (isEmptyZip(*raw)) {
        return fail(ErrorCode::Parse, cat("no usable entry in zip ", path, ": it holds no file"));
    } else if (isZip(*raw)) {
        auto entries = listZip(*raw, path);
        if (!entries)
            return std::unexpected(entries.error());
        const auto index = chooseZipEntry(*entries, path);
        if (!index)
            return std::unexpected(index.error());
        const ZipEntry &chosen = (*entries)[*index];
        // Inflating a gzip entry dominates; plan the bar by the entry's name, check by its bytes.
        const double extracted = chosen.name.ends_with(".gz") ? 0.3 : 1.0;
        auto data = extractZipEntry(*raw, *index, chosen, path, all.sub(0.1, extracted), limits);
        if (!data)
            return std::unexpected(data.error());
        result.innerName = chosen.name;
        if (isGzip(*data)) {
            std::string inner = std::move(*data);
            *raw = InputBytes();
            auto unpacked = gunzip(inner, cat(path, " (entry ", chosen.name, ")"), path,
                                   all.sub(extracted, 1.0), limits);
            if (!unpacked)
                return std::unexpected(unpacked.error());
            result.data = std::move(*unpacked);
            result.compression = "zip+gzip";
        } else {
            result.data = std::move(*data);
            result.compression = "zip";
        }
    } else {
        result.data = std::move(*raw);
    }
    if (!all.report(1.0))
        return cancelled(path);
    return result;
}

}  // namespace

namespace {

/// The live mappings, so releaseReadInput can tell a mapped range from memory it must not drop.
struct Mappings
{
    std::mutex mutex;
    std::vector<std::pair<const char *, size_t>> live;
};

Mappings &mappings()
{
    static Mappings m;
    return m;
}

}  // namespace

Expected<InputBytes> InputBytes::map(int fd, size_t size)
{
    void *at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (at == MAP_FAILED)
        return fail(ErrorCode::Io, std::strerror(errno));
    ::madvise(at, size, MADV_SEQUENTIAL);
    InputBytes bytes;
    bytes.m_map = static_cast<const char *>(at);
    bytes.m_mapSize = size;
    Mappings &m = mappings();
    const std::lock_guard lock(m.mutex);
    m.live.emplace_back(bytes.m_map, size);
    return bytes;
}

void InputBytes::unmap()
{
    if (!m_map)
        return;
    {
        Mappings &m = mappings();
        const std::lock_guard lock(m.mutex);
        std::erase_if(m.live, [&](const auto &entry) { return entry.first == m_map; });
    }
    ::munmap(const_cast<char *>(m_map), m_mapSize);
    m_map = nullptr;
    m_mapSize = 0;
}

InputBytes::~InputBytes()
{
    unmap();
}

InputBytes::InputBytes(InputBytes &&other) noexcept
    : m_text(std::move(other.m_text)),
      m_map(std::exchange(other.m_map, nullptr)),
      m_mapSize(std::exchange(other.m_mapSize, 0))
{
}

InputBytes &InputBytes::operator=(InputBytes &&other) noexcept
{
    if (this != &other) {
        unmap();
        m_text = std::move(other.m_text);
        m_map = std::exchange(other.m_map, nullptr);
        m_mapSize = std::exchange(other.m_mapSize, 0);
    }
    return *this;
}

std::string InputBytes::takeString()
{
    if (m_map) {
        std::string copy(view());
        unmap();
        return copy;
    }
    return std::move(m_text);
}

void releaseReadInput(std::string_view consumed)
{
    static const auto pageSize = size_t(::sysconf(_SC_PAGESIZE));
    const auto from = reinterpret_cast<uintptr_t>(consumed.data());
    const uintptr_t to = from + consumed.size();
    // Whole pages only: the partial ones at either end still hold bytes not yet read.
    const uintptr_t first = (from + pageSize - 1) / pageSize * pageSize;
    const uintptr_t last = to / pageSize * pageSize;
    if (consumed.empty() || last <= first)
        return;
    Mappings &m = mappings();
    const std::lock_guard lock(m.mutex);
    for (const auto &[base, size] : m.live) {
        const auto b = reinterpret_cast<uintptr_t>(base);
        if (from >= b && to <= b + size) {
            // A private, never written file mapping: dropped pages read back the file's bytes.
            ::madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
            return;
        }
    }
}

Expected<int> openForReading(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return fail(ErrorCode::Io, cat("cannot open ", path, ": ", errnoText(errno)));
    Fd guard(fd);
    struct stat st = {};
    if (::fstat(fd, &st) != 0)
        return fail(ErrorCode::Io, cat("cannot read ", path, ": ", errnoText(errno)));
    const char *what = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : nullptr;
    if (what)
        return fail(ErrorCode::Io,
                    cat("cannot read ", path, ": it is ", what, ", not a regular file"));
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
        return fail(ErrorCode::Io, cat("cannot read ", path, ": ", errnoText(errno)));
    return guard.release();
}

Expected<std::string> readWholeFile(const std::string &path, size_t limit)
{
    auto opened = openForReading(path);
    if (!opened)
        return std::unexpected(opened.error());
    const Fd fd(*opened);
    std::string data;
    char buffer[65536];
    for (;;) {
        const ssize_t n = readSome(fd.get(), buffer, sizeof buffer);
        if (n < 0)
            return fail(ErrorCode::Io, cat("cannot read ", path, ": ", errnoText(errno)));
        if (n == 0)
            return data;
        if (data.size() + size_t(n) > limit)
            return fail(ErrorCode::InvalidArgument, cat(path, ": larger than ", limit >> 20,
                                                        " MiB, which is more than a file of "
                                                        "this kind can be"));
        data.append(buffer, size_t(n));
    }
}

uint64_t InputLimits::defaultMaxInputBytes()
{
    constexpr uint64_t kDefaultMiB = 1024;
    const char *text = std::getenv("COVERTYPE_MAX_INPUT_MIB");
    if (!text || !*text)
        return kDefaultMiB << 20;
    char *end = nullptr;
    const unsigned long long mib = std::strtoull(text, &end, 10);
    // A value that is not a whole number of MiB keeps the default rather than lifting the limit.
    if (*end != '\0' || mib == 0 || mib > (uint64_t(1) << 24))
        return kDefaultMiB << 20;
    return uint64_t(mib) << 20;
}

Expected<FileBytes> readInputFile(const std::string &path,
                                  const std::function<bool(double)> &progress,
                                  const InputLimits &limits)
{
    try {
        return readInputFileImpl(path, progress, limits);
    } catch (const std::bad_alloc &) {
        return fail(ErrorCode::Io, cat("cannot read ", path, ": out of memory"));
    } catch (const std::length_error &) {
        return fail(ErrorCode::Io, cat("cannot read ", path, ": too large for memory"));
    }
}

}  // namespace covertype
