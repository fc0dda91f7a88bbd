// Shared pieces of the subcommands: error reporting, loading data, exit codes.
#pragma once

#include <memory>

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "base/error.h"
#include "cmdline.h"
#include "data/csvloader.h"
#include "runs/runstore.h"
#include "split/split.h"
#include "training/model.h"
#include "tuning/tuningspec.h"

namespace covertype::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< the work failed (bad input, I/O, ...)
inline constexpr int kExitUsage = 2;    ///< the command line was wrong

/// Prints "covertype: error: ..." to stderr and returns the exit code for it.
int reportError(const Error &error);

/// Parses `args` into `cmd`. Returns an exit code when the command must stop here (help printed,
/// or a usage error reported), else -1.
int parseOrExit(CommandLine &cmd, const std::vector<std::string> &args);

/// What a command does with the split: assign lots to training/validation/testing (the lists
/// must make a valid split) or only number the lots (--num-lots and --hash-column matter).
enum class SplitUse { AssignLots, NumberLots };
/// The split spec from --num-lots/--training/--validation/--testing/--hash-column (course
/// defaults otherwise); errors name the option.
[[nodiscard]] Expected<SplitSpec> splitSpecFromOptions(const CommandLine &cmd,
                                                       SplitUse use = SplitUse::AssignLots);
/// `options` with the split options inserted after the first two.
[[nodiscard]] std::vector<OptionSpec> withSplitOptions(std::vector<OptionSpec> options);

/// Loads --data (with --schema when given), reporting progress on stderr for big files when
/// stderr is a terminal.
[[nodiscard]] Expected<Dataset> loadDataOption(const CommandLine &cmd,
                                               const std::string &option = "data");

/// --config FILE parsed and validated; problems are named "FILE: field.path: message" with the
/// paths of the file's own form, one a line.
[[nodiscard]] Expected<TuningSpec> loadTuningOption(const CommandLine &cmd);

/// The instances of a --json-instances file (gcloud's format: one JSON instance per non-blank
/// line) as a JSON array; errors name the file line.
[[nodiscard]] Expected<nlohmann::json> readInstanceValues(const std::string &path);

/// Model::load of a local path or a gs:// URI (downloaded and verified first).
[[nodiscard]] Expected<Model> loadModelFile(const std::string &path);

/// Whether a command writes to the run store or only reads it (then it works on a full disk or a
/// read-only store, and changes nothing in it).
enum class StoreUse { Write, Read };
/// --store PATH, else the user's default store.
[[nodiscard]] Expected<std::unique_ptr<RunStore>> openStoreOption(const CommandLine &cmd,
                                                                  StoreUse use = StoreUse::Write);

/// --data split by the split options: all rows, and (unless `withTesting`, where the caller
/// splits) the training and validation rows.
struct TrainingData
{
    Dataset all, training, validation;
    SplitSpec split;
    std::string fingerprint, path;
};
[[nodiscard]] Expected<TrainingData> loadTrainingData(const CommandLine &cmd, bool withTesting);
/// --training and --validation: a split made before (cloud split's files, local or gs://), each
/// checked as --data is. `all` is the training rows; path and fingerprint are the training file's.
[[nodiscard]] Expected<TrainingData> loadSplitFiles(const CommandLine &cmd);

/// An error naming the file line and column of the first numeric feature cell of `data` (read
/// from `path`) the trainer cannot use (NULL, NaN, inf), before any training starts.
[[nodiscard]] Expected<void> checkFeatureCells(const Dataset &data, const std::string &path);

}  // namespace covertype::cli
