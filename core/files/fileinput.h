// Reading an input file whole: plain bytes, or gzip / zip decompressed, detected by magic bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace covertype {

/// The bytes of an input file after decompression, and how they were stored.
struct FileBytes
{
    std::string data;
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

/// Reads `path` whole. Compression is recognised by its magic bytes, never by the extension:
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
