// Reading an input file whole: plain bytes, or gzip / zip decompressed, detected by magic bytes.
#pragma once

#include <functional>
#include <string>

#include "base/error.h"

namespace covertype {

/// The bytes of an input file after decompression, and how they were stored.
struct FileBytes
{
    std::string data;
    std::string innerName;    ///< the entry used inside a zip, else empty
    std::string compression;  ///< "", "gzip", "zip" or "zip+gzip"
};

/// Reads `path` whole. Compression is recognised by its magic bytes, never by the extension:
/// gzip (1f 8b) is decompressed; a zip (PK\3\4) yields one entry, chosen as `covtype.data.gz`,
/// else `covtype.data`, else the only regular file, else the only file ending .csv/.data/.gz
/// (several candidates are an error listing them); an entry that is itself gzip is decompressed
/// too ("zip+gzip"). An empty file is returned as empty data, not as an error.
/// `progress` gets the fraction done and returns false to cancel (ErrorCode::Cancelled).
/// Errors: ErrorCode::Io (missing, unreadable, directory) or ErrorCode::Parse (corrupt or truncated
/// gzip / zip, no usable zip entry), naming the path.
[[nodiscard]] Expected<FileBytes> readInputFile(const std::string &path,
                                                const std::function<bool(double)> &progress = {});

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
