// Error type shared by every layer: a code plus a message a user can act on.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace covertype {

enum class ErrorCode {
    Io,               ///< file cannot be opened, read or written
    Parse,            ///< malformed input (CSV, JSON, YAML, archive)
    Schema,           ///< columns or types do not match what is required
    InvalidArgument,  ///< a parameter or option is out of range or inconsistent
    MissingLabel,     ///< Cover_Type is needed (training, evaluation) but absent
    Corrupt,          ///< an artifact fails validation
    UnsupportedVersion,
    Cancelled,
    Usage,        ///< the command line itself is wrong (the CLI exits with 2)
    NotFound,     ///< a named model, version, run or route does not exist
    Conflict,     ///< the thing exists already (deploying a version twice without --replace)
    Unavailable,  ///< a server or service cannot be reached or answered with an error
};

/// What went wrong, phrased for the user: file, line, column, value and what was expected.
struct Error
{
    ErrorCode code = ErrorCode::InvalidArgument;
    std::string message;
};

template <class T>
using Expected = std::expected<T, Error>;

/// Shorthand for returning an error from a function that returns Expected<T>.
[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, std::string message)
{
    return std::unexpected(Error{code, std::move(message)});
}

}  // namespace covertype
