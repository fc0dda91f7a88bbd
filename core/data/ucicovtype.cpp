// UCI covtype.data -> lab schema: a fast loop for valid lines, a slow one for error messages.
#include "data/ucicovtype.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>

#include "base/bigmemory.h"
#include "base/text.h"
#include "data/labschema.h"
#include "files/fileinput.h"

namespace covertype {

namespace {

constexpr int kNumeric = 10;
constexpr int kAreas = 4;
constexpr int kSoils = 40;
constexpr int kFirstArea = kNumeric;             // 0-based field index of the first area
constexpr int kFirstSoil = kFirstArea + kAreas;  // 0-based field index of soil type 1
constexpr int kCoverField = kFirstSoil + kSoils;
constexpr int kFieldCount = kCoverField + 1;  // 55
constexpr size_t kRowsPerProgress = 16384;

static_assert(lab::kNumericColumns.size() == kNumeric);
static_assert(lab::kWildernessAreas.size() == kAreas);
static_assert(lab::kSoilEluCodes.size() == kSoils);

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string soilName(int soilIndex)
{
    std::string name(1, 'C');  // built in steps: GCC 12 warns falsely on "C" + string
    name += std::to_string(lab::kSoilEluCodes[size_t(soilIndex)]);
    return name;
}

/// What 0-based field `f` of a UCI line holds, for messages.
std::string describeField(int f)
{
    if (f < kFirstArea)
        return std::string(lab::kNumericColumns[size_t(f)]);
    if (f < kFirstSoil)
        return cat("Wilderness_Area one-hot '", lab::kWildernessAreas[size_t(f - kFirstArea)], "'");
    if (f < kCoverField)
        return cat("Soil_Type one-hot ", f - kFirstSoil + 1, " '", soilName(f - kFirstSoil), "'");
    return std::string(lab::kLabelColumn);
}

std::string quoted(std::string_view value)
{
    constexpr size_t kMaxShown = 40;
    if (value.size() > kMaxShown)
        return cat("'", value.substr(0, kMaxShown), "...'");
    return cat("'", value, "'");
}

bool isBlank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::unexpected<Error> fieldError(const std::string &source, size_t line, int f,
                                  std::string_view what)
{
    return fail(ErrorCode::Parse,
                cat(source, ":", line, ", column ", f + 1, " (", describeField(f), "): ", what));
}

/// Re-reads a line both parsing tiers rejected and says precisely what is wrong with it, checking
/// fields left to right. Slow (a string_view per field) but only ever runs once.
Error diagnoseLine(std::string_view line, const std::string &source, size_t lineNo)
{
    std::vector<std::string_view> fields;
    for (size_t start = 0;;) {
        const size_t comma = line.find(',', start);
        fields.push_back(
            line.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    if (line.empty())
        return {ErrorCode::Parse, cat(source, ":", lineNo, ": empty line, expected ", kFieldCount,
                                      " comma-separated integers")};
    if (fields.size() != size_t(kFieldCount))
        return {ErrorCode::Parse,
                cat(source, ":", lineNo, ": found ", fields.size(), " field",
                    fields.size() == 1 ? "" : "s", ", expected ", kFieldCount,
                    " comma-separated integers (10 quantitative, 4 Wilderness_Area one-hot, 40 "
                    "Soil_Type one-hot, Cover_Type)")};

    std::array<int64_t, kFieldCount> values{};
    const auto groupError = [&](int first, int count, const char *group) -> std::optional<Error> {
        std::vector<int> ones;
        for (int f = first; f < first + count; ++f)
            if (values[size_t(f)] == 1)
                ones.push_back(f);
        if (ones.size() == 1)
            return std::nullopt;
        std::string where = cat(source, ":", lineNo, ", columns ", first + 1, "-", first + count,
                                " (", group, " one-hot): ");
        if (ones.empty())
            return Error{ErrorCode::Parse, where + "no column is 1, expected exactly one"};
        for (size_t i = 0; i < ones.size(); ++i) {
            const int f = ones[i];
            const std::string label = f < kFirstSoil
                                          ? std::string(lab::kWildernessAreas[size_t(f - first)])
                                          : soilName(f - first);
            where += cat(i == 0 ? "columns " : ", ", f + 1, " ('", label, "')");
        }
        return Error{ErrorCode::Parse, where + " are 1, expected exactly one"};
    };

    for (int f = 0; f < kFieldCount; ++f) {
        const std::string_view text = fields[size_t(f)];
        if (text.empty())
            return fieldError(source, lineNo, f, "empty value, expected an integer").error();
        int64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc::result_out_of_range)
            return fieldError(source, lineNo, f, quoted(text) + " is out of range for INT64")
                .error();
        if (ec != std::errc() || end != text.data() + text.size())
            return fieldError(source, lineNo, f, quoted(text) + " is not an integer").error();
        values[size_t(f)] = v;
        if (f >= kFirstArea && f < kCoverField && v != 0 && v != 1)
            return fieldError(source, lineNo, f, quoted(text) + ", expected 0 or 1").error();
        if (f == kCoverField && (v < lab::kMinCoverType || v > lab::kMaxCoverType))
            return fieldError(source, lineNo, f,
                              cat(quoted(text), ", expected an integer ", lab::kMinCoverType, "..",
                                  lab::kMaxCoverType))
                .error();
        if (f == kFirstSoil - 1)
            if (auto e = groupError(kFirstArea, kAreas, "Wilderness_Area"))
                return *e;
        if (f == kCoverField - 1)
            if (auto e = groupError(kFirstSoil, kSoils, "Soil_Type"))
                return *e;
    }
    // parseRowGeneric() and this function accept the same lines; reaching here is a bug.
    return {ErrorCode::Parse, cat(source, ":", lineNo, ": malformed line")};
}

/// Dictionary codes given in order of first appearance, for a small fixed set of values.
template <size_t N>
class FirstSeenCodes
{
public:
    explicit FirstSeenCodes(std::vector<std::string> *dictionary) : m_dictionary(dictionary)
    {
        m_codes.fill(-1);
    }
    template <class NameOf>
    int32_t code(int index, NameOf nameOf)
    {
        int32_t &c = m_codes[size_t(index)];
        if (c < 0) {
            c = int32_t(m_dictionary->size());
            m_dictionary->push_back(nameOf(index));
        }
        return c;
    }

private:
    std::array<int32_t, N> m_codes{};
    std::vector<std::string> *m_dictionary;
};

/// One parsed line: the 10 numbers, area 0..3, soil type 0..39 and Cover_Type.
struct UciRow
{
    std::array<int64_t, kNumeric> numbers{};
    int area = -1;
    int soil = -1;
    int64_t cover = 0;
};

// Three tiers: parseRowFast() takes the layout every real file has (plain decimals, one-hot fields
// a single 0/1); parseRowGeneric() accepts any line of integers that is valid (e.g. "00" in a
// one-hot field, 20-digit values are rejected there as out of range); diagnoseLine() explains a
// line both refuse. The fast and generic tiers must accept the same lines.

/// A plain decimal (optional '-', at most 18 digits so it cannot overflow) followed by `sep`.
inline bool fastInt(const char *&q, const char *end, char sep, int64_t &out)
{
    const bool negative = q < end && *q == '-';
    const char *start = q + (negative ? 1 : 0);
    const char *d = start;
    uint64_t v = 0;
    while (d < end && static_cast<unsigned char>(*d - '0') < 10) {
        v = v * 10 + uint64_t(*d - '0');
        ++d;
    }
    if (d == start || d - start > 18 || d == end || *d != sep)
        return false;
    out = negative ? -int64_t(v) : int64_t(v);
    q = d + 1;
    return true;
}

/// The 44 one-hot fields as single digits: 88 bytes "d,d,...,d," checked 4 fields per 8-byte
/// word. XOR with "0,0,0,0," leaves only the low bit of each digit byte, set where the digit is 1.
inline bool fastOneHots(const char *&q, const char *end, int &area, int &soil)
{
    constexpr size_t kBytes = size_t(kAreas + kSoils) * 2;
    constexpr size_t kWords = kBytes / 8;
    static_assert(kAreas == 4 && kSoils % 4 == 0);
    if constexpr (std::endian::native != std::endian::little) {
        return false;
    } else {
        if (size_t(end - q) < kBytes)
            return false;
        constexpr uint64_t kZeros = 0x2C302C302C302C30ull;  // "0,0,0,0," read little-endian
        constexpr uint64_t kDigitBits = 0x0001000100010001ull;
        std::array<uint64_t, kWords> x;
        uint64_t bad = 0;
        for (size_t w = 0; w < kWords; ++w) {
            uint64_t word;
            std::memcpy(&word, q + 8 * w, 8);
            x[w] = word ^ kZeros;
            bad |= x[w] & ~kDigitBits;
        }
        // x & (x - 1) clears the lowest set bit: zero exactly when at most one bit is set.
        if (bad != 0 || x[0] == 0 || (x[0] & (x[0] - 1)) != 0)
            return false;
        area = std::countr_zero(x[0]) / 16;
        soil = -1;
        for (size_t w = 1; w < kWords; ++w) {
            if (x[w] == 0)
                continue;
            if (soil >= 0 || (x[w] & (x[w] - 1)) != 0)
                return false;
            soil = int(w - 1) * 4 + std::countr_zero(x[w]) / 16;
        }
        if (soil < 0)
            return false;
        q += kBytes;
        return true;
    }
}

/// Parses the line at `q`; returns the start of the next line, or nullptr to defer to the
/// generic tier.
inline const char *parseRowFast(const char *q, const char *end, UciRow &row)
{
    for (int f = 0; f < kNumeric; ++f)
        if (!fastInt(q, end, ',', row.numbers[size_t(f)]))
            return nullptr;
    if (!fastOneHots(q, end, row.area, row.soil))
        return nullptr;
    if (q == end || *q < '1' || *q > '7')
        return nullptr;
    row.cover = *q - '0';
    ++q;
    if (q == end)
        return end;
    if (*q == '\n')
        return q + 1;
    if (*q == '\r' && (q + 1 == end || q[1] == '\n'))
        return q + 1 == end ? end : q + 2;
    return nullptr;
}

/// Index of the one 1 in a one-hot group of `count` fields at `q` (each followed by a comma),
/// advancing `q`; -1 when the group is malformed.
int genericOneHot(const char *&q, const char *lineEnd, int count)
{
    int hot = -1;
    for (int k = 0; k < count; ++k) {
        int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(q, lineEnd, v);
        if (ec != std::errc() || ptr == lineEnd || *ptr != ',' || (v != 0 && v != 1))
            return -1;
        q = ptr + 1;
        if (v == 1) {
            if (hot >= 0)
                return -1;
            hot = k;
        }
    }
    return hot;
}

/// Parses one line (without its line ending) with std::from_chars; false when it is invalid.
bool parseRowGeneric(const char *q, const char *lineEnd, UciRow &row)
{
    for (int f = 0; f < kNumeric; ++f) {
        const auto [ptr, ec] = std::from_chars(q, lineEnd, row.numbers[size_t(f)]);
        if (ec != std::errc() || ptr == lineEnd || *ptr != ',')
            return false;
        q = ptr + 1;
    }
    row.area = genericOneHot(q, lineEnd, kAreas);
    if (row.area < 0)
        return false;
    row.soil = genericOneHot(q, lineEnd, kSoils);
    if (row.soil < 0)
        return false;
    const auto [ptr, ec] = std::from_chars(q, lineEnd, row.cover);
    return ec == std::errc() && ptr == lineEnd && row.cover >= lab::kMinCoverType &&
           row.cover <= lab::kMaxCoverType;
}

}  // namespace

bool looksLikeUciCovtype(std::string_view firstLine)
{
    if (firstLine.starts_with(kBom))
        firstLine.remove_prefix(kBom.size());
    while (!firstLine.empty() && (firstLine.back() == '\n' || firstLine.back() == '\r'))
        firstLine.remove_suffix(1);
    int fields = 0;
    size_t i = 0;
    for (;;) {
        if (i < firstLine.size() && firstLine[i] == '-')
            ++i;
        const size_t digits = i;
        while (i < firstLine.size() && firstLine[i] >= '0' && firstLine[i] <= '9')
            ++i;
        if (i == digits)
            return false;
        ++fields;
        if (i == firstLine.size())
            break;
        if (firstLine[i] != ',')
            return false;
        ++i;
    }
    return fields == kFieldCount;
}

Expected<Dataset> parseUciCovtype(std::string_view text, const std::string &source,
                                  const std::function<bool(double)> &progress)
{
    if (text.starts_with(kBom))
        text.remove_prefix(kBom.size());
    if (isBlank(text))
        return fail(ErrorCode::Parse, source + ": empty file");

    // Every field takes at least one character and a separator, so a line takes at least 110
    // bytes: reserving that many rows never reallocates, and pages never written cost nothing.
    const size_t maxRows = (text.size() + 1) / (2 * kFieldCount) + 1;
    std::vector<Column> columns(size_t(kNumeric) + 3);
    for (int f = 0; f < kNumeric; ++f) {
        Column &c = columns[size_t(f)];
        c.name = lab::kNumericColumns[size_t(f)];
        c.type = ColumnType::Int64;
        reserveLarge(c.ints, maxRows);
    }
    Column &areaColumn = columns[kNumeric];
    Column &soilColumn = columns[kNumeric + 1];
    Column &coverColumn = columns[kNumeric + 2];
    areaColumn.name = lab::kCategoricalColumns[0];
    soilColumn.name = lab::kCategoricalColumns[1];
    coverColumn.name = lab::kLabelColumn;
    areaColumn.type = soilColumn.type = ColumnType::String;
    coverColumn.type = ColumnType::Int64;
    reserveLarge(areaColumn.codes, maxRows);
    reserveLarge(soilColumn.codes, maxRows);
    reserveLarge(coverColumn.ints, maxRows);
    FirstSeenCodes<kAreas> areas(&areaColumn.dictionary);
    FirstSeenCodes<kSoils> soils(&soilColumn.dictionary);
    const auto areaName = [](int i) { return std::string(lab::kWildernessAreas[size_t(i)]); };

    const char *const begin = text.data();
    const char *const end = begin + text.size();
    const char *p = begin;
    const char *released = begin;  // the bytes before it were let go (releaseReadInput)
    size_t rows = 0;
    UciRow row;
    for (size_t lineNo = 1; p < end; ++lineNo) {
        if (rows % kRowsPerProgress == 0) {
            releaseReadInput(std::string_view(released, size_t(p - released)));
            released = p;
            if (progress && !progress(double(p - begin) / double(text.size())))
                return fail(ErrorCode::Cancelled, "loading " + source + " was cancelled");
        }
        const char *next = parseRowFast(p, end, row);
        if (!next) {
            const auto *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
            next = nl ? nl + 1 : end;
            const char *lineEnd = nl ? nl : end;
            if (lineEnd > p && lineEnd[-1] == '\r')
                --lineEnd;
            if (isBlank(std::string_view(p, size_t(end - p))))
                break;  // trailing blank lines
            if (!parseRowGeneric(p, lineEnd, row))
                return std::unexpected(
                    diagnoseLine(std::string_view(p, size_t(lineEnd - p)), source, lineNo));
        }
        for (int f = 0; f < kNumeric; ++f)
            columns[size_t(f)].ints.push_back(row.numbers[size_t(f)]);
        areaColumn.codes.push_back(areas.code(row.area, areaName));
        soilColumn.codes.push_back(soils.code(row.soil, soilName));
        coverColumn.ints.push_back(row.cover);
        ++rows;
        p = next;
    }
    if (progress && !progress(1.0))
        return fail(ErrorCode::Cancelled, "loading " + source + " was cancelled");
    return Dataset(std::move(columns), source);
}

}  // namespace covertype
