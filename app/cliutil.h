// Shared pieces of the subcommands: error reporting, loading data, exit codes.
#pragma once

#include <string>

#include "cmdline.h"
#include "csvloader.h"
#include "error.h"

namespace covertype::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< the work failed (bad input, I/O, ...)
inline constexpr int kExitUsage = 2;    ///< the command line was wrong

/// Prints "covertype: error: ..." to stderr and returns the exit code for it.
int reportError(const Error &error);

/// Parses `args` into `cmd`. Returns an exit code when the command must stop here (help printed,
/// or a usage error reported), else -1.
int parseOrExit(CommandLine &cmd, const std::vector<std::string> &args);

/// Loads --data (with --schema when given), reporting progress on stderr for big files when
/// stderr is a terminal.
[[nodiscard]] Expected<Dataset> loadDataOption(const CommandLine &cmd,
                                               const std::string &option = "data");

}  // namespace covertype::cli
