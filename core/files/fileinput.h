// Reading an input file whole: plain bytes, or gzip / zip decompressed, detected by magic bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "base/error.h"

namespace covertype {

/// Bytes read from an input: held in memory, or a read-only mapping of a plain file (whose
/// pages are the system's file cache, not the program's memory, and can be let go once read:
/// releaseReadInput). Move-only; the view is valid while the object lives. As with any mapped
/// file, another program cutting the file short while it is being parsed ends this one
/// (SIGBUS); replacing it (a save by rename) or growing it does no harm.
class InputBytes
{
public:
    InputBytes() = default;
    InputBytes(std::string text) : m_text(std::move(text)) {}  // NOLINT: implicit by design
    /// Maps `size` bytes of the regular file open as `fd`; an error when the system refuses
    /// (the caller then reads instead).
    static Expected<InputBytes> map(int fd, size_t size);
    ~InputBytes();
    InputBytes(InputBytes &&other) noexcept;
    InputBytes &operator=(InputBytes &&other) noexcept;
    InputBytes(const InputBytes &) = delete;
    InputBytes &operator=(const InputBytes &) = delete;

    [[nodiscard]] std::string_view view() const
    {
        return m_map ? std::string_view(m_map, m_mapSize) : std::string_view(m_text);
    }
    operator std::string_view() const { return view(); }  // NOLINT: implicit by design
    [[nodiscard]] size_t size() const { return view().size(); }
    [[nodiscard]] bool empty() const { return view().empty(); }
    [[nodiscard]] bool mapped() const { return m_map != nullptr; }
    /// The bytes as a string: moved out when held in memory, copied from a mapping.
    [[nodiscard]] std::string takeString();

private:
    void unmap();

    std::string m_text;
    const char *m_map = nullptr;
    size_t m_mapSize = 0;
};

/// Says that the bytes [consumed.begin(), consumed.end()) of a mapped input were read and may
/// be read again later only at the cost of a page-cache lookup: the whole pages inside leave the
/// program's resident memory, so loading costs about the columns plus a constant, not the
/// columns plus the file. A no-op for bytes not in a live mapping (held in memory). Thread-safe.
void releaseReadInput(std::string_view consumed);

/// The bytes of an input file after decompression, and how they were stored.
struct FileBytes
{
    InputBytes data;
    std::string innerName;    ///< the entry used inside a zip, else empty
    std::string compression;  ///< "", "gzip", "zip" or "zip+gzip"
};

/// Bounds on what reading an input may cost, checked while reading (never after).
struct InputLimits
{
    /// Bytes an input may hold once decompressed: COVERTYPE_MAX_INPUT_MIB (MiB), default 1024
    /// (the full covertype table is 75 MB as CSV).
    uint64_t maxBytes = defaultMaxInputBytes();
    /// Decompressed bytes per compressed byte past which a gzip or zip is refused as damaged or
    /// a decompression bomb, once it has produced 16 MiB (covtype.data.gz expands about 7x).
    double maxExpansion = 100;
    /// Called once with the first bytes of the decompressed data (up to 64 KiB, or all of it)
    /// before the rest is read: an error stops reading there (a CSV header that cannot be the
    /// course table is refused without reading 2 GB).
    std::function<Expected<void>(std::string_view head)> checkHead;

    /// COVERTYPE_MAX_INPUT_MIB from the environment, else 1 GiB.
    [[nodiscard]] static uint64_t defaultMaxInputBytes();
};

/// Reads `path` whole; a plain regular file is mapped rather than copied (see InputBytes).
/// Compression is recognised by its magic bytes, never by the extension:
/// gzip (1f 8b) is decompressed; a zip (PK\3\4) yields one entry, chosen as `covtype.data.gz`,
/// else `covtype.data`, else the only regular file, else the only file ending .csv/.data/.gz
/// (several candidates are an error listing them); an entry that is itself gzip is decompressed
/// too ("zip+gzip"). An empty file is returned as empty data, not as an error.
/// `progress` gets the fraction done and returns false to cancel (ErrorCode::Cancelled).
/// Errors: ErrorCode::Io (missing, unreadable, directory), ErrorCode::Parse (corrupt or truncated
/// gzip / zip, no usable zip entry), ErrorCode::InvalidArgument (past `limits`), naming the path;
/// or checkHead's error.
[[nodiscard]] Expected<FileBytes> readInputFile(const std::string &path,
                                                const std::function<bool(double)> &progress = {},
                                                const InputLimits &limits = {});

/// Opens `path` for reading without ever waiting in open(2): a FIFO with no writer (which would
/// hang every command) is opened non-blocking, then read as a pipe (empty when nobody writes);
/// directories, devices and sockets are refused, saying what they are. Returns a descriptor
/// in blocking mode, which the caller closes. Errors are ErrorCode::Io, naming the path.
[[nodiscard]] Expected<int> openForReading(const std::string &path);

/// The whole of a small file (a tuning config, a model, a registry record) through
/// openForReading; more than `limit` bytes is an error naming the limit.
[[nodiscard]] Expected<std::string> readWholeFile(const std::string &path,
                                                  size_t limit = size_t(256) << 20);

}  // namespace covertype
