// CSV loading with BigQuery-style type inference into a columnar Dataset.
#include "data/csvloader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <thread>
#include <unordered_map>
#include "base/text.h"

#include "base/bigmemory.h"
#include "data/csvcells.h"
#include "data/csvparallel.h"
#include "data/labschema.h"
#include "data/ucicovtype.h"
#include "files/fileinput.h"

namespace covertype {

namespace {

using namespace csv;

enum class Kind { Unknown, Int, Float, Bool, String };

/// Accumulates one column while parsing; infers or enforces its type.
class ColumnBuilder
{
public:
    ColumnBuilder(std::string name, std::optional<ColumnType> fixed, bool requireNumeric,
                  bool isLabel, size_t reserveRows)
        : m_fixed(fixed), m_requireNumeric(requireNumeric), m_isLabel(isLabel)
    {
        m_column.name = std::move(name);
        m_reserve = reserveRows;
        if (fixed)
            setKind(kindOf(*fixed));
    }

    /// Appends one cell. Returns an error message (without the location prefix) on a value the
    /// column cannot take; sets `demoted` when inference must restart with this column as STRING.
    std::optional<std::string> append(std::string_view value)
    {
        ++m_rows;
        if (m_demoted)
            return std::nullopt;
        if (value.empty()) {
            if (m_isLabel)
                return emptyLabelMessage();
            if (m_kind == Kind::Unknown)
                ++m_leadingNulls;  // NULLs do not vote on the type
            else
                m_column.appendNull();
            return std::nullopt;
        }
        if (m_kind == Kind::Unknown)
            setKind(guessKind(value));
        switch (m_kind) {
            case Kind::Int: {
                int64_t v;
                if (parseInt64(value, v)) {
                    if (m_isLabel && (v < lab::kMinCoverType || v > lab::kMaxCoverType))
                        return unknownLabelMessage(value);
                    m_column.ints.push_back(v);
                    padNulls();
                    return std::nullopt;
                }
                double d;
                if (!m_fixed && !m_isLabel && parseDouble(value, d)) {
                    promoteToFloat();
                    m_column.doubles.push_back(d);
                    padNulls();
                    return std::nullopt;
                }
                return reject(value);
            }
            case Kind::Float: {
                double d;
                if (parseDouble(value, d)) {
                    m_column.doubles.push_back(d);
                    padNulls();
                    return std::nullopt;
                }
                return reject(value);
            }
            case Kind::Bool: {
                if (auto b = parseBool(value)) {
                    m_column.bools.push_back(*b ? 1 : 0);
                    padNulls();
                    return std::nullopt;
                }
                return reject(value);
            }
            case Kind::String:
                m_column.codes.push_back(codeOf(value));
                padNulls();
                return std::nullopt;
            case Kind::Unknown:
                break;
        }
        return std::nullopt;
    }

    /// Fast path for a field of digits (optional '-') already parsed to `value`.
    std::optional<std::string> appendInteger(int64_t value, std::string_view text)
    {
        if (m_kind == Kind::Unknown && !m_demoted)
            setKind(Kind::Int);
        if (m_kind != Kind::Int || m_demoted)
            return append(text);
        ++m_rows;
        if (m_isLabel && (value < lab::kMinCoverType || value > lab::kMaxCoverType))
            return unknownLabelMessage(text);
        m_column.ints.push_back(value);
        padNulls();
        return std::nullopt;
    }

    [[nodiscard]] bool demoted() const { return m_demoted; }
    /// The type settled so far; nullopt while every value was NULL.
    [[nodiscard]] std::optional<ColumnType> settledType() const
    {
        if (m_kind == Kind::Unknown)
            return std::nullopt;
        return m_column.type;
    }

    Column take()
    {
        ensureKind();
        if (!m_column.nulls.empty())
            m_column.nulls.resize(m_rows, 0);
        return std::move(m_column);
    }

private:
    static Kind kindOf(ColumnType t)
    {
        switch (t) {
            case ColumnType::Int64:
                return Kind::Int;
            case ColumnType::Float64:
                return Kind::Float;
            case ColumnType::Bool:
                return Kind::Bool;
            case ColumnType::String:
                return Kind::String;
        }
        return Kind::String;
    }

    Kind guessKind(std::string_view value) const
    {
        int64_t i;
        double d;
        if (parseInt64(value, i))
            return Kind::Int;
        if (m_isLabel)
            return Kind::Int;  // so that the label error names the value
        if (parseDouble(value, d))
            return Kind::Float;
        if (parseBool(value))
            return Kind::Bool;
        return m_requireNumeric ? Kind::Int : Kind::String;
    }

    void ensureKind()
    {
        // An all-NULL column is STRING, as BigQuery infers it; a numeric column of the course
        // table keeps its lab type (INT64), as a column with some values left empty does.
        if (m_kind == Kind::Unknown)
            setKind(m_requireNumeric ? Kind::Int : Kind::String);
    }

    /// Fixes the column type (once, from Unknown); leading NULLs become placeholder cells.
    void setKind(Kind kind)
    {
        m_kind = kind;
        const size_t reserve = std::max(m_reserve, m_leadingNulls);
        switch (kind) {
            case Kind::Int:
                m_column.type = ColumnType::Int64;
                reserveLarge(m_column.ints, reserve);
                m_column.ints.assign(m_leadingNulls, 0);
                break;
            case Kind::Float:
                m_column.type = ColumnType::Float64;
                reserveLarge(m_column.doubles, reserve);
                m_column.doubles.assign(m_leadingNulls, 0.0);
                break;
            case Kind::Bool:
                m_column.type = ColumnType::Bool;
                reserveLarge(m_column.bools, reserve);
                m_column.bools.assign(m_leadingNulls, 0);
                break;
            case Kind::String:
            case Kind::Unknown:
                m_column.type = ColumnType::String;
                reserveLarge(m_column.codes, reserve);
                m_column.codes.assign(m_leadingNulls, 0);
                break;
        }
        if (m_leadingNulls > 0)
            m_column.nulls.assign(m_leadingNulls, 1);
    }

    void promoteToFloat()
    {
        ColumnVector<double> doubles;
        reserveLarge(doubles, std::max(m_reserve, m_column.ints.size() + 1));
        for (int64_t v : m_column.ints)
            doubles.push_back(double(v));
        m_column.ints = {};
        m_column.doubles = std::move(doubles);
        m_column.type = ColumnType::Float64;
        m_kind = Kind::Float;
    }

    void padNulls()
    {
        if (!m_column.nulls.empty())
            m_column.nulls.push_back(0);
    }

    std::optional<std::string> reject(std::string_view value)
    {
        if (m_isLabel)
            return unknownLabelMessage(value);
        if (m_fixed)
            return schemaTypeMessage(value, m_column.type);
        if (m_requireNumeric)
            return notNumberMessage(value);
        m_demoted = true;
        return std::nullopt;
    }

    int32_t codeOf(std::string_view value)
    {
        if (m_lastCode >= 0 && m_column.dictionary[size_t(m_lastCode)] == value)
            return m_lastCode;
        auto it = m_index.find(value);
        if (it == m_index.end()) {
            const auto code = int32_t(m_column.dictionary.size());
            m_column.dictionary.emplace_back(value);
            it = m_index.emplace(std::string(value), code).first;
        }
        m_lastCode = it->second;
        return m_lastCode;
    }

    Column m_column;
    std::optional<ColumnType> m_fixed;
    bool m_requireNumeric = false;
    bool m_isLabel = false;
    bool m_demoted = false;
    Kind m_kind = Kind::Unknown;
    size_t m_rows = 0;
    size_t m_leadingNulls = 0;
    size_t m_reserve = 0;
    int32_t m_lastCode = -1;
    std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> m_index;
};

/// RFC 4180 record reader over an in-memory buffer. Fields are views into the buffer, or into
/// a scratch string for quoted fields holding doubled quotes.
class CsvCursor
{
public:
    /// `firstLine` is the file line the text starts on, for messages.
    explicit CsvCursor(std::string_view text, size_t firstLine = 1)
        : m_text(text), m_line(firstLine)
    {
    }

    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] size_t position() const { return m_pos; }
    [[nodiscard]] size_t line() const { return m_line; }

    /// Reads one record into `fields`. Returns an error text on an unterminated quote or
    /// garbage after a closing quote.
    std::optional<std::string> next(std::vector<std::string_view> &fields)
    {
        fields.clear();
        m_scratchUsed = 0;
        const char *data = m_text.data();
        const size_t size = m_text.size();
        while (true) {
            if (m_pos < size && data[m_pos] == '"') {
                const size_t open = m_line;
                ++m_pos;
                size_t start = m_pos;
                bool needsCopy = false;
                size_t scratchStart = 0;
                while (true) {
                    if (m_pos >= size)
                        return cat("unterminated quoted field (opened on line ", open, ")");
                    const char c = data[m_pos];
                    if (c == '"') {
                        if (m_pos + 1 < size && data[m_pos + 1] == '"') {
                            if (!needsCopy) {
                                needsCopy = true;
                                scratchStart = m_scratchUsed;
                                appendScratch(data + start, m_pos - start + 1);
                            } else {
                                appendScratch(data + start, m_pos - start + 1);
                            }
                            m_pos += 2;
                            start = m_pos;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                        ++m_line;
                    ++m_pos;
                }
                if (needsCopy) {
                    appendScratch(data + start, m_pos - start);
                    m_pendingScratch.push_back(
                        {fields.size(), scratchStart, m_scratchUsed - scratchStart});
                    fields.emplace_back();
                } else {
                    fields.emplace_back(data + start, m_pos - start);
                }
                ++m_pos;  // closing quote
                if (m_pos < size && data[m_pos] != ',' && data[m_pos] != '\n' &&
                    data[m_pos] != '\r')
                    return std::string("unexpected character after a closing quote");
            } else {
                const size_t start = m_pos;
                while (m_pos < size) {
                    const char c = data[m_pos];
                    if (c == ',' || c == '\n' || c == '\r')
                        break;
                    ++m_pos;
                }
                fields.emplace_back(data + start, m_pos - start);
            }
            if (m_pos >= size)
                break;
            const char c = data[m_pos];
            if (c == ',') {
                ++m_pos;
                continue;
            }
            // End of record: LF, CRLF or a lone CR.
            ++m_pos;
            if (c == '\r' && m_pos < size && data[m_pos] == '\n')
                ++m_pos;
            ++m_line;
            break;
        }
        // Scratch may have reallocated while the record was read: bind views now.
        for (const Pending &p : m_pendingScratch)
            fields[p.field] = std::string_view(m_scratch.data() + p.offset, p.length);
        m_pendingScratch.clear();
        return std::nullopt;
    }

private:
    struct Pending
    {
        size_t field, offset, length;
    };

    void appendScratch(const char *p, size_t n)
    {
        if (m_scratch.size() < m_scratchUsed + n)
            m_scratch.resize((m_scratchUsed + n) * 2);
        std::copy_n(p, n, m_scratch.data() + m_scratchUsed);
        m_scratchUsed += n;
    }

    std::string_view m_text;
    size_t m_pos = 0;
    size_t m_line;
    std::string m_scratch;
    size_t m_scratchUsed = 0;
    std::vector<Pending> m_pendingScratch;
};

bool isBlankRecord(const std::vector<std::string_view> &fields)
{
    return fields.size() == 1 && fields[0].empty();
}

/// Names joined with ", "; past 20 names or 1,000 characters the rest is counted, so a header of
/// 10,000 columns does not make a message of 70 KB.
std::string joinNames(const std::vector<std::string> &names)
{
    constexpr size_t kMaxNames = 20, kMaxChars = 1000;
    std::string out;
    size_t shown = 0;
    for (const std::string &n : names) {
        if (shown == kMaxNames || out.size() + n.size() > kMaxChars)
            break;
        if (!out.empty())
            out += ", ";
        out += n.size() > 100 ? n.substr(0, 100) + "..." : n;
        ++shown;
    }
    if (shown < names.size())
        out += cat(" and ", names.size() - shown, " more");
    return out;
}

using ConsumedProgress = std::function<bool(size_t consumed)>;

std::unexpected<Error> fieldError(const std::string &source, size_t line, size_t column,
                                  const std::vector<std::string> &header, const std::string &what)
{
    return fail(ErrorCode::Parse,
                cat(source, ":", line, ", column ", column + 1, " '", header[column], "': ", what));
}

std::unexpected<Error> countError(const std::string &source, size_t line, size_t expected,
                                  size_t found)
{
    return fail(ErrorCode::Parse, cat(source, ":", line, ": expected ", expected,
                                      " fields as in the header, found ", found));
}

/// How many bytes a reader goes through between letting the pages of a mapped input go.
constexpr size_t kReleaseBytes = size_t(4) << 20;

/// Reads records from a body without any quote character: a fused scan that parses integers
/// while it looks for the delimiter. Returns the number of records.
Expected<size_t> readUnquotedRecords(std::string_view body, size_t firstLine,
                                     const std::vector<std::string> &header,
                                     std::vector<ColumnBuilder> &builders,
                                     const std::string &source, const ConsumedProgress &progress)
{
    const size_t ncols = header.size();
    const char *const begin = body.data();
    const char *const end = begin + body.size();
    const char *p = begin;
    const char *released = begin;  // the bytes before it were let go (releaseReadInput)
    size_t line = firstLine;
    size_t rows = 0;
    const auto isEnd = [end](const char *q) {
        return q == end || *q == ',' || *q == '\n' || *q == '\r';
    };
    while (p < end) {
        if (*p == '\n' || *p == '\r') {  // a blank line carries no record
            p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            ++line;
            continue;
        }
        const char *record = p;
        for (size_t c = 0; c < ncols; ++c) {
            const char *q = p;
            const bool negative = q < end && *q == '-';
            q += negative ? 1 : 0;
            const char *digits = q;
            uint64_t value = 0;
            while (q < end && unsigned(*q - '0') < 10u)
                value = value * 10 + unsigned(*q++ - '0');
            std::optional<std::string> err;
            if (q != digits && q - digits <= 18 && isEnd(q)) {
                const int64_t v = negative ? -int64_t(value) : int64_t(value);
                err = builders[c].appendInteger(v, std::string_view(p, size_t(q - p)));
            } else {
                while (!isEnd(q))
                    ++q;
                err = builders[c].append(std::string_view(p, size_t(q - p)));
            }
            if (err)
                return fieldError(source, line, c, header, *err);
            p = q;
            if (c + 1 < ncols) {
                if (p < end && *p == ',') {
                    ++p;
                    continue;
                }
                return countError(source, line, ncols, c + 1);
            }
            if (p < end && *p == ',') {
                const char *eol = p;
                while (eol < end && *eol != '\n' && *eol != '\r')
                    ++eol;
                return countError(source, line, ncols, size_t(std::count(record, eol, ',')) + 1);
            }
            if (p < end)
                p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
        }
        ++line;
        ++rows;
        if ((rows & 0x3FF) == 0 && size_t(p - released) >= kReleaseBytes) {
            releaseReadInput(std::string_view(released, size_t(p - released)));
            released = p;
        }
        if ((rows & 0xFFFF) == 0 && !progress(size_t(p - begin)))
            return fail(ErrorCode::Cancelled, "loading " + source + " was cancelled");
    }
    return rows;
}

/// Reads records that may hold quoted fields (RFC 4180), one record at a time.
Expected<size_t> readQuotedRecords(std::string_view body, size_t firstLine,
                                   const std::vector<std::string> &header,
                                   std::vector<ColumnBuilder> &builders, const std::string &source,
                                   const ConsumedProgress &progress)
{
    const size_t ncols = header.size();
    CsvCursor cursor(body, firstLine);
    std::vector<std::string_view> fields;
    fields.reserve(ncols + 4);
    size_t rows = 0;
    size_t released = 0;  // the bytes before it were let go (releaseReadInput)
    while (!cursor.atEnd()) {
        const size_t line = cursor.line();
        if (auto err = cursor.next(fields))
            return fail(ErrorCode::Parse, cat(source, ":", line, ": ", *err));
        if (isBlankRecord(fields))
            continue;  // blank lines (e.g. a trailing one) carry no record
        if (fields.size() != ncols)
            return countError(source, line, ncols, fields.size());
        for (size_t c = 0; c < ncols; ++c)
            if (auto err = builders[c].append(fields[c]))
                return fieldError(source, line, c, header, *err);
        ++rows;
        if ((rows & 0x3FF) == 0 && cursor.position() - released >= kReleaseBytes) {
            releaseReadInput(body.substr(released, cursor.position() - released));
            released = cursor.position();
        }
        if ((rows & 0xFFFF) == 0 && !progress(cursor.position()))
            return fail(ErrorCode::Cancelled, "loading " + source + " was cancelled");
    }
    return rows;
}

/// Whether `text` holds `c`, letting the pages go as the scan passes them (a mapped input is
/// not all resident at once).
bool containsReleasing(std::string_view text, char c)
{
    constexpr size_t kPiece = size_t(4) << 20;
    for (size_t at = 0; at < text.size(); at += kPiece) {
        const std::string_view piece = text.substr(at, kPiece);
        if (piece.find(c) != std::string_view::npos)
            return true;
        releaseReadInput(piece);
    }
    return false;
}

/// One pass over the records. `forcedString` lists columns known to be STRING from an earlier
/// pass. Returns the dataset, or sets `demoted` for columns that turned out to be STRING.
Expected<std::optional<Dataset>> parsePass(std::string_view text, size_t bodyOffset,
                                           const std::vector<std::string> &header,
                                           const std::string &source, const LoadOptions &options,
                                           std::vector<bool> &forcedString)
{
    const size_t ncols = header.size();
    // Estimate the row count from the first records to reserve the columns once.
    size_t estimate = 0;
    {
        const std::string_view body = text.substr(bodyOffset);
        const size_t sample = std::min<size_t>(body.size(), 64 * 1024);
        const size_t newlines = size_t(std::count(body.begin(), body.begin() + sample, '\n'));
        if (newlines > 0)
            estimate =
                size_t(double(body.size()) / (double(sample) / double(newlines)) * 1.02) + 16;
    }

    std::vector<ColumnRole> roles(ncols);
    for (size_t c = 0; c < ncols; ++c) {
        for (const Field &f : options.schema)
            if (f.name == header[c])
                roles[c].fixed = f.type;
        if (forcedString[c])
            roles[c].fixed = ColumnType::String;
        roles[c].requireNumeric =
            options.labSchema &&
            std::ranges::find(lab::kNumericColumns, header[c]) != lab::kNumericColumns.end();
        roles[c].isLabel = options.labSchema && header[c] == lab::kLabelColumn;
    }
    const auto makeBuilders = [&](size_t reserve) {
        std::vector<ColumnBuilder> builders;
        builders.reserve(ncols);
        for (size_t c = 0; c < ncols; ++c)
            builders.emplace_back(header[c], roles[c].fixed, roles[c].requireNumeric,
                                  roles[c].isLabel, reserve);
        return builders;
    };

    const size_t headerLines = size_t(std::count(text.begin(), text.begin() + bodyOffset, '\n'));
    const std::string_view body = text.substr(bodyOffset);
    const auto progress = [&](size_t consumed) {
        return !options.progress ||
               options.progress(double(bodyOffset + consumed) / double(text.size()));
    };
    const bool unquoted = !containsReleasing(body, '"');

    const unsigned threads = options.threads > 0
                                 ? options.threads
                                 : std::min(8u, std::max(1u, std::thread::hardware_concurrency()));
    if (unquoted && threads > 1 && body.size() >= options.parallelMinBytes) {
        // Settle the column types on the leading records, then read everything in parallel.
        size_t prefixEnd = 0;
        for (int n = 0; n < 2000 && prefixEnd < body.size(); ++n) {
            const size_t nl = body.find('\n', prefixEnd);
            prefixEnd = nl == std::string_view::npos ? body.size() : nl + 1;
        }
        std::vector<ColumnBuilder> probe = makeBuilders(0);
        const auto probed = readUnquotedRecords(body.substr(0, prefixEnd), headerLines + 1, header,
                                                probe, source, [](size_t) { return true; });
        if (!probed)
            return std::unexpected(probed.error());
        std::vector<ParallelColumn> specs;
        for (size_t c = 0; c < ncols; ++c) {
            if (probe[c].demoted() || !probe[c].settledType())
                break;
            specs.push_back({header[c], *probe[c].settledType(), roles[c]});
        }
        if (specs.size() == ncols) {
            auto columns =
                readUnquotedParallel(body, headerLines + 1, specs, source, progress, threads);
            if (!columns)
                return std::unexpected(columns.error());
            if (*columns) {
                if ((*columns)->empty() || (*columns)->front().size() == 0)
                    return fail(ErrorCode::Parse, source + ": no data rows after the header");
                return std::optional<Dataset>(Dataset(std::move(**columns), source));
            }
        }
    }

    std::vector<ColumnBuilder> builders = makeBuilders(estimate);
    const auto rows =
        unquoted ? readUnquotedRecords(body, headerLines + 1, header, builders, source, progress)
                 : readQuotedRecords(body, headerLines + 1, header, builders, source, progress);
    if (!rows)
        return std::unexpected(rows.error());
    bool anyDemoted = false;
    for (size_t c = 0; c < ncols; ++c) {
        if (builders[c].demoted()) {
            forcedString[c] = true;
            anyDemoted = true;
        }
    }
    if (anyDemoted)
        return std::optional<Dataset>();
    if (*rows == 0)
        return fail(ErrorCode::Parse, source + ": no data rows after the header");
    std::vector<Column> columns;
    columns.reserve(ncols);
    for (ColumnBuilder &b : builders)
        columns.push_back(b.take());
    return std::optional<Dataset>(Dataset(std::move(columns), source));
}

/// Why `text` is not a text CSV file ("" when it may be one): a control byte or a NUL in its
/// first 4 KiB, named by what the file looks like when its magic bytes are known.
std::string notTextReason(std::string_view text)
{
    static constexpr std::pair<std::string_view, std::string_view> kMagic[] = {
        {"\x89PNG", "a PNG image"},
        {"\xFF\xD8\xFF", "a JPEG image"},
        {"GIF8", "a GIF image"},
        {"%PDF", "a PDF document"},
        {"\x7F"
         "ELF",
         "a program (ELF)"},
        {std::string_view("SQLite format 3\0", 16), "an SQLite database"},
        {"\x28\xB5\x2F\xFD", "a zstd archive"},
        {"BZh", "a bzip2 archive"},
        {"\xFD"
         "7zXZ",
         "an xz archive"},
    };
    const std::string_view head = text.substr(0, 4096);
    const auto bad = std::ranges::find_if(head, [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 && c != '\t' && c != '\r' && c != '\n';
    });
    if (bad == head.end())
        return {};
    for (const auto &[magic, what] : kMagic)
        if (text.starts_with(magic))
            return cat("not a text CSV file: it looks like ", what);
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(*bad);
    return cat("not a text CSV file: binary byte 0x", std::string{kHex[byte >> 4], kHex[byte & 15]},
               " at offset ", size_t(bad - head.begin()));
}

/// The header of CSV `text` (BOM already removed), checked: not binary, no empty or repeated
/// name, the course columns when options.labSchema, the schema's columns. `bodyOffset` gets
/// where the rows start.
Expected<std::vector<std::string>> readCsvHeader(std::string_view text, const std::string &source,
                                                 const LoadOptions &options, size_t *bodyOffset)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return fail(ErrorCode::Parse, source + ": empty file");
    if (const std::string why = notTextReason(text); !why.empty())
        return fail(ErrorCode::Parse, cat(source, ": ", why));

    CsvCursor headerCursor(text);
    std::vector<std::string_view> fields;
    if (auto err = headerCursor.next(fields))
        return fail(ErrorCode::Parse, cat(source, ":1: ", *err));
    std::vector<std::string> header(fields.begin(), fields.end());
    if (bodyOffset)
        *bodyOffset = headerCursor.position();

    for (size_t i = 0; i < header.size(); ++i) {
        if (header[i].empty())
            return fail(ErrorCode::Schema, cat(source, ":1: column ", i + 1, " has an empty name"));
        for (size_t j = 0; j < i; ++j)
            if (header[j] == header[i])
                return fail(ErrorCode::Schema,
                            cat(source, ":1: column name '", header[i], "' appears twice (columns ",
                                j + 1, " and ", i + 1, ")"));
    }
    if (options.labSchema) {
        std::vector<std::string> missing;
        for (std::string_view name : lab::kFeatureColumns)
            if (std::ranges::find(header, name) == header.end())
                missing.emplace_back(name);
        if (!missing.empty()) {
            std::string hint;
            if (looksLikeUciCovtype(text.substr(0, text.find('\n'))))
                hint = " (this looks like UCI covtype.data; load it with loadDataset)";
            return fail(
                ErrorCode::Schema,
                cat(source, ":1: header is missing required column", missing.size() > 1 ? "s" : "",
                    " ", joinNames(missing), "; found: ", joinNames(header), hint));
        }
    }
    for (const Field &f : options.schema) {
        if (std::ranges::find(header, f.name) == header.end())
            return fail(ErrorCode::Schema, cat(source, ": the schema names column '", f.name,
                                               "' but the header has no such column"));
    }

    return header;
}

}  // namespace

Expected<Dataset> parseCsv(std::string_view text, const std::string &source,
                           const LoadOptions &options)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    size_t bodyOffset = 0;
    auto checked = readCsvHeader(text, source, options, &bodyOffset);
    if (!checked)
        return std::unexpected(checked.error());
    const std::vector<std::string> header = std::move(*checked);

    std::vector<bool> forcedString(header.size(), false);
    for (size_t pass = 0; pass <= header.size(); ++pass) {
        auto result = parsePass(text, bodyOffset, header, source, options, forcedString);
        if (!result)
            return std::unexpected(result.error());
        if (*result)
            return std::move(**result);
    }
    return fail(ErrorCode::Parse, source + ": column types did not settle");  // unreachable
}

Expected<Dataset> loadDataset(const std::string &path, const LoadOptions &options)
{
    // The header is judged from the first bytes, before the rest is read or decompressed: a
    // file that cannot be the table is refused at once, whatever its size.
    InputLimits limits;
    limits.checkHead = [&](std::string_view head) -> Expected<void> {
        const bool whole = head.size() < (size_t(64) << 10);
        if (head.starts_with("\xEF\xBB\xBF"))
            head.remove_prefix(3);
        const size_t newline = head.find('\n');
        if (newline == std::string_view::npos && !whole) {
            // A header longer than the head is checked once read; binary bytes are not text.
            if (const std::string why = notTextReason(head); !why.empty())
                return fail(ErrorCode::Parse, cat(path, ": ", why));
            return {};
        }
        const std::string_view line = head.substr(0, newline);
        if (looksLikeUciCovtype(line))
            return {};
        auto header = readCsvHeader(
            head.substr(0, newline == std::string_view::npos ? head.size() : newline + 1), path,
            options, nullptr);
        // A quoted name may hold a line break: such a header is judged whole, later.
        if (!header && line.find('"') == std::string_view::npos)
            return std::unexpected(header.error());
        return {};
    };
    auto bytes = readInputFile(path, options.progress, limits);
    if (!bytes)
        return std::unexpected(bytes.error());
    std::string_view text = bytes->data;
    const std::string source = bytes->innerName.empty() ? path : path + ":" + bytes->innerName;
    std::string_view firstLine = text.substr(0, text.find('\n'));
    if (firstLine.starts_with("\xEF\xBB\xBF"))
        firstLine.remove_prefix(3);
    if (looksLikeUciCovtype(firstLine))
        return parseUciCovtype(text, source, options.progress);
    return parseCsv(text, source, options);
}

Expected<size_t> sourceLineOfRow(const std::string &path, size_t row)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    std::string_view text = bytes->data;
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    if (looksLikeUciCovtype(text.substr(0, text.find('\n')))) {
        // One record per non-empty line, no header.
        size_t line = 1, seen = 0;
        for (size_t at = 0; at < text.size(); ++line) {
            const size_t end = std::min(text.find('\n', at), text.size());
            const std::string_view content = text.substr(at, end - at);
            if (!content.empty() && content != "\r" && seen++ == row)
                return line;
            at = end + 1;
        }
    } else {
        CsvCursor cursor(text);
        std::vector<std::string_view> fields;
        if (auto err = cursor.next(fields))  // the header
            return fail(ErrorCode::Parse, cat(path, ":1: ", *err));
        size_t seen = 0;
        while (!cursor.atEnd()) {
            const size_t line = cursor.line();
            if (auto err = cursor.next(fields))
                return fail(ErrorCode::Parse, cat(path, ":", line, ": ", *err));
            if (!isBlankRecord(fields) && seen++ == row)
                return line;
        }
    }
    return fail(ErrorCode::InvalidArgument, cat(path, " has no data row ", row + 1));
}

Expected<std::vector<Field>> parseSchemaJson(std::string_view text, const std::string &source)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        return fail(ErrorCode::Parse, cat(source, ": not valid JSON: ", e.what()));
    }
    const nlohmann::json *list = &doc;
    if (doc.is_object()) {
        if (!doc.contains("fields"))
            return fail(ErrorCode::Schema,
                        source + ": expected a list of fields or {\"fields\": [...]}");
        list = &doc["fields"];
    }
    if (!list->is_array() || list->empty())
        return fail(ErrorCode::Schema, source + ": expected a non-empty list of fields");
    std::vector<Field> fields;
    for (size_t i = 0; i < list->size(); ++i) {
        const nlohmann::json &f = (*list)[i];
        if (!f.is_object() || !f.contains("name") || !f["name"].is_string() ||
            !f.contains("type") || !f["type"].is_string()) {
            return fail(ErrorCode::Schema,
                        cat(source, ": field ", i, " needs string \"name\" and \"type\""));
        }
        const std::string name = f["name"].get<std::string>();
        const std::string typeName = f["type"].get<std::string>();
        const auto type = columnTypeFromName(typeName);
        if (!type) {
            return fail(ErrorCode::Schema,
                        cat(source, ": field ", i, " '", name, "': unsupported type '", typeName,
                            "' (expected INT64, FLOAT64, BOOL or STRING)"));
        }
        if (f.contains("mode") && f["mode"].is_string() &&
            f["mode"].get<std::string>() == "REPEATED")
            return fail(ErrorCode::Schema,
                        cat(source, ": field '", name, "': REPEATED columns are not supported"));
        for (const Field &seen : fields)
            if (seen.name == name)
                return fail(ErrorCode::Schema, cat(source, ": field '", name, "' appears twice"));
        fields.push_back({name, *type});
    }
    return fields;
}

Expected<std::vector<Field>> loadSchemaFile(const std::string &path)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    return parseSchemaJson(bytes->data, path);
}

}  // namespace covertype
