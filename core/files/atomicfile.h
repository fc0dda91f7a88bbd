// Atomic whole-file writes: a file is either the old one or the complete new one, on disk.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace covertype {

/// A file written whole beside its destination (a hidden temporary in the same directory),
/// flushed to disk, and put in place only by commit(). Every write is checked: a full disk,
/// a quota or a size limit fails write() and leaves the destination untouched. An uncommitted
/// staged file is removed by the destructor. Several staged files committed one after the
/// other replace a set of files only once all of them were written (the split export).
class StagedFile
{
public:
    /// Writes `contents` for `path`, creating parent directories. Errors name the path and
    /// the cause ("no space left on device (/data/split/datasets/training/data.csv)").
    [[nodiscard]] static Expected<StagedFile> write(const std::string &path,
                                                    std::string_view contents);
    /// An empty staged file for `path`, to be written piece by piece with append() (a download)
    /// and then committed; creates parent directories.
    [[nodiscard]] static Expected<StagedFile> open(const std::string &path);
    /// Appends to a file made by open(); every write checked, errors as write()'s.
    [[nodiscard]] Expected<void> append(std::string_view bytes);

    StagedFile(StagedFile &&other) noexcept;
    StagedFile &operator=(StagedFile &&other) noexcept;
    StagedFile(const StagedFile &) = delete;
    StagedFile &operator=(const StagedFile &) = delete;
    ~StagedFile();

    /// Flushes and closes the staged file (when still open), renames it over the destination
    /// and flushes the directory entry.
    [[nodiscard]] Expected<void> commit();
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    StagedFile(std::string path, std::string staged, int fd)
        : m_path(std::move(path)), m_staged(std::move(staged)), m_fd(fd)
    {
    }
    /// fsync and close: a full disk is reported at the latest here.
    [[nodiscard]] Expected<void> finish();
    std::string m_path;
    std::string m_staged;  ///< empty once committed or moved from
    int m_fd = -1;         ///< open while being written
};

/// Writes `contents` to `path` atomically (StagedFile::write, then commit), creating parent
/// directories. Never leaves a partial file; on failure the old file is unchanged.
[[nodiscard]] Expected<void> writeFileAtomically(const std::string &path,
                                                 std::string_view contents);

/// "no space left on device (path)" for errno `code`, as messages about files say it.
[[nodiscard]] std::string fileErrorText(int code, const std::string &path);

}  // namespace covertype
