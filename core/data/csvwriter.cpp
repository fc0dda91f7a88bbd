// CSV export of a Dataset: per-column formatters writing into one growing buffer.
#include "data/csvwriter.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

#include "data/fastformat.h"

namespace covertype {

namespace {

using namespace fastformat;

/// A comma, a quote, CR or LF, or a leading byte-order mark, which a reader drops when it is
/// unquoted at the start of a file (the first column's name would lose it).
bool needsQuotes(std::string_view text)
{
    return text.find_first_of(",\"\r\n") != std::string_view::npos ||
           text.starts_with("\xEF\xBB\xBF");
}

size_t decimalLength(int64_t value)
{
    uint64_t v = value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value);
    size_t n = value < 0 ? 2 : 1;
    while (v >= 10) {
        v /= 10;
        ++n;
    }
    return n;
}

constexpr size_t kMaxFloat64Bytes = 24;  // shortest round-trip, e.g. -2.2250738585072014e-308

char *writeLiteral(char *p, std::string_view text)
{
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
}

char *writeDouble(char *p, double v)
{
    if (std::isnan(v))
        return writeLiteral(p, "NaN");
    if (std::isinf(v))
        return writeLiteral(p, v > 0 ? "inf" : "-inf");
    return std::to_chars(p, p + kMaxFloat64Bytes, v).ptr;
}

/// Per-column output: string dictionaries are formatted (and quoted) once into a padded arena.
class CsvFormatter
{
public:
    explicit CsvFormatter(const Dataset &data)
    {
        m_columns.reserve(data.columnCount());
        for (const Column &column : data.columns()) {
            Entry e;
            e.column = &column;
            if (column.type == ColumnType::String) {
                std::string field;
                for (const std::string &value : column.dictionary) {
                    field.clear();
                    if (value.empty())
                        field = "\"\"";  // keep an empty string apart from NULL
                    else
                        appendCsvField(field, value);
                    e.dict.push_back({m_arena.size(), field.size()});
                    m_arena.append(field);
                }
            }
            m_columns.push_back(std::move(e));
        }
        m_arena.append(kCopyChunk, '\0');
    }

    /// Exact bytes of the line of `row`, newline included.
    size_t lineLength(size_t row) const
    {
        size_t n = m_columns.empty() ? 1 : m_columns.size();  // separators and newline
        for (const Entry &e : m_columns) {
            const Column &c = *e.column;
            if (c.isNull(row))
                continue;
            switch (c.type) {
                case ColumnType::Int64:
                    n += decimalLength(c.ints[row]);
                    break;
                case ColumnType::Float64: {
                    char buf[kMaxFloat64Bytes];
                    n += size_t(writeDouble(buf, c.doubles[row]) - buf);
                    break;
                }
                case ColumnType::Bool:
                    n += c.bools[row] ? 4 : 5;
                    break;
                case ColumnType::String:
                    n += e.dict[size_t(c.codes[row])].second;
                    break;
            }
        }
        return n;
    }

    /// Writes the line of `row`; may write up to kCopyChunk - 1 bytes of scratch past its end.
    char *writeLine(char *p, size_t row) const
    {
        bool first = true;
        for (const Entry &e : m_columns) {
            if (!first)
                *p++ = ',';
            first = false;
            const Column &c = *e.column;
            if (c.isNull(row))
                continue;
            switch (c.type) {
                case ColumnType::Int64:
                    p = writeSigned(p, c.ints[row]);
                    break;
                case ColumnType::Float64:
                    p = writeDouble(p, c.doubles[row]);
                    break;
                case ColumnType::Bool:
                    p = writeLiteral(p, c.bools[row] ? "true" : "false");
                    break;
                case ColumnType::String: {
                    const auto [offset, length] = e.dict[size_t(c.codes[row])];
                    p = copyPadded(p, m_arena.data() + offset, length);
                    break;
                }
            }
        }
        *p++ = '\n';
        return p;
    }

private:
    struct Entry
    {
        const Column *column = nullptr;
        std::vector<std::pair<size_t, size_t>> dict;  ///< offset and length in m_arena
    };
    std::vector<Entry> m_columns;
    std::string m_arena;
};

std::string header(const Dataset &data)
{
    std::string out;
    for (size_t i = 0; i < data.columnCount(); ++i) {
        if (i > 0)
            out.push_back(',');
        appendCsvField(out, data.column(i).name);
    }
    out.push_back('\n');
    return out;
}

/// Writes rows[i] (or row i when `rows` is null) for i in [0, count). Sizes the text exactly
/// first, so the output is allocated once and never zero-filled or copied.
Expected<std::string> writeRows(const Dataset &data, const uint32_t *rows, size_t count,
                                const std::function<bool(double)> &progress)
{
    const CsvFormatter formatter(data);
    const std::string head = header(data);
    size_t total = head.size();
    for (size_t i = 0; i < count; ++i)
        total += formatter.lineLength(rows ? rows[i] : i);

    constexpr size_t kCheckEvery = 16384;
    bool cancelled = false;
    std::string out;
    out.resize_and_overwrite(total + kCopyChunk, [&](char *buf, size_t) {
        char *p = writeLiteral(buf, head);
        for (size_t i = 0; i < count; ++i) {
            if (progress && i % kCheckEvery == 0 && i > 0 && !progress(double(i) / double(count))) {
                cancelled = true;
                return size_t(0);
            }
            p = formatter.writeLine(p, rows ? rows[i] : i);
        }
        return size_t(p - buf);
    });
    if (cancelled || (progress && !progress(1.0)))
        return fail(ErrorCode::Cancelled, "CSV export cancelled");
    return out;
}

}  // namespace

void appendCsvField(std::string &out, std::string_view text)
{
    if (!needsQuotes(text)) {
        out.append(text);
        return;
    }
    out.push_back('"');
    for (const char c : text) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string datasetToCsv(const Dataset &data)
{
    // Cannot fail without a progress callback.
    return *writeRows(data, nullptr, data.rowCount(), {});
}

Expected<std::string> rowsToCsv(const Dataset &data, std::span<const uint32_t> rows,
                                const std::function<bool(double)> &progress)
{
    for (const uint32_t row : rows)
        if (row >= data.rowCount())
            return fail(ErrorCode::InvalidArgument, "row index " + std::to_string(row) +
                                                        " is out of range (the table has " +
                                                        std::to_string(data.rowCount()) + " rows)");
    return writeRows(data, rows.data(), rows.size(), progress);
}

}  // namespace covertype
