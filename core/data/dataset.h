// Columnar in-memory table: typed columns, dictionary-encoded strings, optional NULLs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bigmemory.h"

namespace covertype {

/// BigQuery column types the product understands.
enum class ColumnType { Int64, Float64, Bool, String };

/// "INT64", "FLOAT64", "BOOL", "STRING".
std::string_view columnTypeName(ColumnType type);
/// Accepts BigQuery spellings and legacy aliases (INTEGER, FLOAT, BOOLEAN, NUMERIC is not
/// accepted).
std::optional<ColumnType> columnTypeFromName(std::string_view name);

struct Field
{
    std::string name;
    ColumnType type = ColumnType::String;
    bool operator==(const Field &) const = default;
};

/// The first difference between two schemas, said for a user ("column 'Elevation' is INT64 in
/// training.csv but FLOAT64 in validation.csv (...)"); empty when they are the same.
[[nodiscard]] std::string schemaDifference(const std::vector<Field> &a, std::string_view aName,
                                           const std::vector<Field> &b, std::string_view bName);

/// One column. Exactly one of the value vectors is used, chosen by `type`:
/// Int64 -> ints, Float64 -> doubles, Bool -> bools (0/1), String -> codes into dictionary.
/// `nulls` is empty when the column has no NULL, else one byte per row (1 = NULL; the value slot
/// then holds 0 / 0.0 / false / code 0 and must be ignored).
struct Column
{
    std::string name;
    ColumnType type = ColumnType::String;
    ColumnVector<int64_t> ints;
    ColumnVector<double> doubles;
    ColumnVector<uint8_t> bools;
    ColumnVector<int32_t> codes;
    std::vector<std::string> dictionary;  ///< distinct strings in order of first appearance
    ColumnVector<uint8_t> nulls;

    [[nodiscard]] size_t size() const;
    [[nodiscard]] bool isNull(size_t row) const { return !nulls.empty() && nulls[row] != 0; }
    [[nodiscard]] bool hasNulls() const;
    /// Numeric value of an Int64/Float64/Bool cell (NaN for NULL or String).
    [[nodiscard]] double numberAt(size_t row) const;
    /// The cell as text the way CSV export writes it (empty for NULL); FLOAT64 in shortest form.
    [[nodiscard]] std::string textAt(size_t row) const;
    /// FLOAT64 text: shortest round-trip digits; "NaN", "inf", "-inf".
    [[nodiscard]] static std::string formatDouble(double value);
    /// Bytes held by the value vectors, dictionary and null map.
    [[nodiscard]] size_t memoryBytes() const;
    /// Appends an empty cell marking it NULL (allocating the null map on first use).
    void appendNull();
};

/// A loaded table. Immutable after loading; cheap to move, copy is explicit.
class Dataset
{
public:
    Dataset() = default;
    explicit Dataset(std::vector<Column> columns, std::string source = {});

    [[nodiscard]] size_t rowCount() const { return m_rowCount; }
    [[nodiscard]] size_t columnCount() const { return m_columns.size(); }
    [[nodiscard]] const std::vector<Column> &columns() const { return m_columns; }
    [[nodiscard]] const Column &column(size_t index) const { return m_columns[index]; }
    /// Index of the column with this exact name, or -1.
    [[nodiscard]] int columnIndex(std::string_view name) const;
    [[nodiscard]] const Column *find(std::string_view name) const;
    [[nodiscard]] std::vector<Field> schema() const;
    /// Where the rows came from (a path), for messages.
    [[nodiscard]] const std::string &source() const { return m_source; }

    /// Stable hash of schema and content, "fp64:" + 16 hex digits. Equal data -> equal fingerprint
    /// regardless of file formatting (quoting, CRLF, BOM, gzip) or dictionary order. Computed on
    /// each call (a pass over the data): callers keep it.
    [[nodiscard]] std::string fingerprint() const;
    [[nodiscard]] size_t memoryBytes() const;

    /// A new dataset holding the given rows (indices into this one), in that order.
    [[nodiscard]] Dataset selectRows(const std::vector<uint32_t> &rows) const;
    /// Rows of `a` followed by rows of `b`; both must have the same schema.
    [[nodiscard]] static Dataset concatenate(const Dataset &a, const Dataset &b);

private:
    std::vector<Column> m_columns;
    std::string m_source;
    size_t m_rowCount = 0;
};

}  // namespace covertype
