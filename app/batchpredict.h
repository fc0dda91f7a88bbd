// Batch prediction over a CSV file of any size: read in chunks of whole records, predict each
// chunk, append to the output, commit the output only when every row is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/error.h"
#include "training/model.h"

namespace covertype::cli {

struct BatchPredictOptions
{
    bool probabilities = false;           ///< add probability_<class> columns
    size_t chunkBytes = size_t(4) << 20;  ///< input bytes per chunk (a record is never split)
};

struct BatchPredictSummary
{
    uint64_t rows = 0;
    uint64_t chunks = 0;
};

/// The name of the column holding the predicted class.
inline constexpr const char *kPredictedColumn = "predicted_Cover_Type";

/// Reads `input` (a lab-schema CSV with a header; RFC 4180 quoting, quoted newlines included)
/// chunk by chunk and writes `output`: every input record unchanged, then predicted_Cover_Type
/// (and probability_<class> per class with `probabilities`), one LF-terminated line per record.
/// Memory stays near `chunkBytes` plus the longest record, except for gzip / zip input, which
/// is decompressed in memory first. The output is written atomically: on any error nothing is
/// left at `output`. Errors name the input file and its line.
[[nodiscard]] Expected<BatchPredictSummary> predictCsvFile(const Model &model,
                                                           const std::string &input,
                                                           const std::string &output,
                                                           const BatchPredictOptions &options);

}  // namespace covertype::cli
