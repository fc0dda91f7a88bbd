// gs:// paths wherever the local commands take a file or a directory: inputs are downloaded
// (verified) to a temporary directory first, outputs are written there and uploaded at the end,
// so core/ only ever sees local files.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"

namespace covertype::cli {

/// A local path to read `path` from: `path` itself, or for gs://BUCKET/OBJECT a verified copy
/// in this run's temporary directory (removed when the program ends). Errors name the URI.
[[nodiscard]] Expected<std::string> localInput(const std::string &path);

/// `message` with every staged local path replaced by the gs:// URI it stands for, so errors
/// name what the user gave ("gs://b/data.csv:258: ..."), not a temporary file.
[[nodiscard]] std::string withStagedPathsNamed(std::string message);

/// Outputs that belong under gs:// URIs, staged locally until publish().
class OutputStaging
{
public:
    /// A local directory to write what belongs under `dir`: `dir` itself when it is local.
    [[nodiscard]] Expected<std::string> localDirectory(const std::string &dir);
    /// A local path for the file that belongs at `path`: `path` itself when it is local.
    [[nodiscard]] Expected<std::string> localFile(const std::string &path);
    /// Uploads every staged file to its URI (a directory's files keep their relative names),
    /// and returns the URIs written. Nothing is uploaded for local paths.
    [[nodiscard]] Expected<std::vector<std::string>> publish();

private:
    struct Staged
    {
        std::string local;
        std::string uri;
        bool directory = false;
    };
    std::vector<Staged> m_staged;
};

}  // namespace covertype::cli
