// Shared by the libFuzzer harnesses: the invariants parsed values must keep, and a small real
// model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "data/dataset.h"
#include "training/model.h"
#include "tuning/tuningspec.h"

namespace covertype::fuzz {

/// The input bytes as text.
[[nodiscard]] inline std::string_view bytesText(const uint8_t *data, size_t size)
{
    return {reinterpret_cast<const char *>(data), size};
}

/// A finding: prints `what` (and `detail`) and aborts, so libFuzzer saves the input. Harness
/// invariants are checked in every build, independent of NDEBUG.
[[noreturn]] void violated(const char *what, std::string_view detail = {});

#define COVERTYPE_FUZZ_REQUIRE(condition, detail)              \
    do {                                                       \
        if (!(condition))                                      \
            ::covertype::fuzz::violated(#condition, (detail)); \
    } while (false)

/// Checks that `data` is well formed: every column holds rowCount() values in the vector its type
/// uses (the others empty), the null map is empty or one byte per row with 0 in a NULL's slot,
/// BOOL cells are 0/1, string codes index a dictionary of distinct strings in order of first
/// appearance, and column names are unique and not empty. Reads every cell as text.
void checkDataset(const Dataset &data);

/// True when `x` and `y` have the same name, type, NULLs, dictionary (in order) and cells;
/// doubles compare bit for bit (NaN equals NaN).
[[nodiscard]] bool sameColumn(const Column &x, const Column &y);

/// True when `a` and `b` hold the same columns (names, types, NULLs, dictionaries in the same
/// order) and the same cells; doubles compare bit for bit (NaN equals NaN).
[[nodiscard]] bool sameDataset(const Dataset &a, const Dataset &b);

/// The schema and rows of `data` for a finding's message.
[[nodiscard]] std::string dump(const Dataset &data);

/// Writes `data` as CSV (datasetToCsv, as split export does) and reads it back with its schema:
/// the rows must come back with the same fingerprint.
void checkCsvRoundTrip(const Dataset &data);

/// The tuning-config harnesses: parses `text`, validates what parses, and for a valid spec checks
/// that writing it in the form it was read from (and in `form`, for the fields both carry) and
/// parsing that again gives the same spec.
void checkTuningConfig(std::string_view text, TuningFormat form);

/// A model trained once (on first use) on 42 real rows of covertype_75k.csv, 6 per class.
[[nodiscard]] const Model &smallModel();

/// The 42 rows smallModel() was trained on, with their labels.
[[nodiscard]] const Dataset &smallTable();

}  // namespace covertype::fuzz
