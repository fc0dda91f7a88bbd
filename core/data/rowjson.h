// BigQuery's TO_JSON_STRING(row), CAST(x AS STRING) and FARM_FINGERPRINT, bit-exact, for splits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"

namespace covertype {

/// FARM_FINGERPRINT(bytes): FarmHash Fingerprint64 of the UTF-8 bytes, reinterpreted as INT64.
[[nodiscard]] int64_t farmFingerprint(std::string_view bytes);

/// MOD(ABS(fingerprint), numLots) for numLots >= 1. std::nullopt when fingerprint is INT64_MIN,
/// where BigQuery's ABS fails with an overflow error.
[[nodiscard]] std::optional<int> lotOfFingerprint(int64_t fingerprint, int numLots);

/// Appends `text` as a JSON string literal (quotes included) the way ZetaSQL escapes it.
void appendJsonString(std::string &out, std::string_view text);
/// Appends an INT64 as TO_JSON_STRING writes it: bare within [-2^53, 2^53], else quoted.
void appendJsonInt64(std::string &out, int64_t value);
/// Appends a FLOAT64 as TO_JSON_STRING writes it: %.15g if that round-trips, else %.17g;
/// -0 as 0; "NaN", "Infinity", "-Infinity" quoted.
void appendJsonFloat64(std::string &out, double value);

/// CAST(value AS STRING) for FLOAT64: %.15g if that round-trips, else %.17g; "nan", "inf",
/// "-inf"; -0 as "0" (BigQuery: "a returned NaN or 0 will not be signed").
[[nodiscard]] std::string castFloat64ToString(double value);
/// CAST(cell AS STRING) for any column type; std::nullopt for NULL.
[[nodiscard]] std::optional<std::string> castToString(const Column &column, size_t row);

/// Encodes rows of one dataset as TO_JSON_STRING(row). Precomputes the key prefixes and the
/// escaped dictionary entries once, so encoding a row is copies and integer formatting. The
/// encoder keeps a reference to the dataset: it must outlive the encoder. Thread-safe for
/// concurrent encode() calls with distinct buffers.
class RowJsonEncoder
{
public:
    explicit RowJsonEncoder(const Dataset &data);

    /// Upper bound of the byte length of any encoded row.
    [[nodiscard]] size_t maxRowBytes() const { return m_maxRowBytes; }
    /// Writes row `row` at buffer.data() and returns its length. `buffer` is grown as needed
    /// (never shrunk); bytes past the returned length are scratch.
    size_t encode(size_t row, std::string &buffer) const;
    /// The JSON text of row `row`.
    [[nodiscard]] std::string encode(size_t row) const;

private:
    /// A byte range of m_arena; the arena ends in 16 zero bytes so copies may run over.
    struct Span
    {
        uint32_t offset = 0;
        uint32_t length = 0;
    };
    struct Part
    {
        const Column *column = nullptr;
        Span key;                ///< `{"name":` for the first column, else `,"name":`
        std::vector<Span> dict;  ///< String columns: each entry quoted and escaped
    };
    Span addToArena(std::string_view bytes);

    std::string m_arena;
    std::vector<Part> m_parts;
    size_t m_maxRowBytes = 2;
};

/// TO_JSON_STRING of one row (convenience; use RowJsonEncoder for many rows).
[[nodiscard]] std::string toJsonString(const Dataset &data, size_t row);

}  // namespace covertype
