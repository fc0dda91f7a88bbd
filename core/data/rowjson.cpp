// TO_JSON_STRING(row), CAST(x AS STRING) and FARM_FINGERPRINT as BigQuery (ZetaSQL) computes them.
//
// Sources (ZetaSQL is the engine behind BigQuery's GoogleSQL; github.com/google/zetasql):
// - String escaping: zetasql/common/json_util.cc, JsonEscapeString(): bytes < 0x20 become \b \f
//   \n \r \t or \u00xx (lowercase hex, "u%04x"), `"` and `\` are backslash-escaped, and the UTF-8
//   encodings of U+2028 / U+2029 become \u2028 / \u2029; every other byte is copied as is.
//   (Our reference notes, google-cloud-api.md F, omit the U+2028/U+2029 rule; the engine source and
//   its json_util_test.cc "Separators" case include it, so we follow the source.)
// - Numbers: zetasql/public/functions/json_format.cc, JsonFromNumericOrBool(): INT64 quoted outside
//   [kMinLosslessInt64ValueForJson, kMaxLosslessInt64ValueForJson] = [-2^53, 2^53]; doubles via
//   RoundTripDoubleToString() (zetasql/base/string_numbers.cc: "%.15g" when |d| <= DBL_MAX /
//   1.000000000000001 and strtod() gives d back, else "%.17g"); NaN / +-inf as the quoted strings
//   "NaN", "Infinity", "-Infinity". TO_JSON_STRING passes canonicalize_zero = true
//   (reference_impl/function.cc, ToJsonStringFunction::Eval), so -0.0 is written 0.
// - CAST(FLOAT64 AS STRING): convert_string.cc NumericToString<double> = RoundTripDoubleToString
//   with NaN written "nan" (zetasql/common/string_util.h); BigQuery's conversion rules add "a
//   returned NaN or 0 will not be signed", so -0.0 casts to "0".
// std::to_chars(value, chars_format::general, precision) is specified as printf("%.*g"), so it
// reproduces the snprintf() output exactly without locale or allocation.
#include "data/rowjson.h"

#include <farmhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "data/fastformat.h"

namespace covertype {

namespace {

using namespace fastformat;

constexpr int64_t kMaxLosslessInt64 = int64_t(1) << 53;

constexpr size_t kMaxInt64JsonBytes = 22;    // "-9223372036854775808" with quotes
constexpr size_t kMaxFloat64JsonBytes = 32;  // %.17g is at most 24 characters; "-Infinity"

/// "%.15g" if it reads back as `value`, else "%.17g" (ZetaSQL RoundTripDoubleToString). Finite
/// values only; `buf` holds at least 32 characters.
char *writeRoundTripDouble(char *buf, double value)
{
    constexpr double kPrecisionCheckMax = DBL_MAX / 1.000000000000001;
    if (std::abs(value) <= kPrecisionCheckMax) {
        const auto res = std::to_chars(buf, buf + 32, value, std::chars_format::general, DBL_DIG);
        double back = 0.0;
        const auto parsed = std::from_chars(buf, res.ptr, back);
        if (parsed.ec == std::errc() && back == value)
            return res.ptr;
    }
    return std::to_chars(buf, buf + 32, value, std::chars_format::general, DBL_DIG + 2).ptr;
}

char *writeJsonInt64(char *p, int64_t value)
{
    const bool quote = value < -kMaxLosslessInt64 || value > kMaxLosslessInt64;
    if (quote)
        *p++ = '"';
    p = writeSigned(p, value);
    if (quote)
        *p++ = '"';
    return p;
}

char *writeLiteral(char *p, std::string_view text)
{
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
}

char *writeJsonFloat64(char *p, double value)
{
    if (std::isnan(value))
        return writeLiteral(p, "\"NaN\"");
    if (std::isinf(value))
        return writeLiteral(p, value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    if (value == 0.0)
        value = 0.0;  // canonicalize_zero: -0 is written 0
    return writeRoundTripDouble(p, value);
}

}  // namespace

int64_t farmFingerprint(std::string_view bytes)
{
    return std::bit_cast<int64_t>(util::Fingerprint64(bytes.data(), bytes.size()));
}

std::optional<int> lotOfFingerprint(int64_t fingerprint, int numLots)
{
    if (fingerprint == std::numeric_limits<int64_t>::min() || numLots < 1)
        return std::nullopt;
    const int64_t magnitude = fingerprint < 0 ? -fingerprint : fingerprint;
    return int(magnitude % numLots);
}

void appendJsonString(std::string &out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    const size_t n = text.size();
    for (size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20) {
            out.push_back('\\');
            switch (c) {
                case '\b':
                    out.push_back('b');
                    break;
                case '\f':
                    out.push_back('f');
                    break;
                case '\n':
                    out.push_back('n');
                    break;
                case '\r':
                    out.push_back('r');
                    break;
                case '\t':
                    out.push_back('t');
                    break;
                default:
                    out.append("u00");
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0xf]);
            }
        } else if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(char(c));
        } else if (c == 0xe2 && i + 2 < n && text[i + 1] == '\x80' &&
                   (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
            out.append(text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029");
            i += 2;
        } else {
            out.push_back(char(c));
        }
    }
    out.push_back('"');
}

void appendJsonInt64(std::string &out, int64_t value)
{
    char buf[kMaxInt64JsonBytes];
    out.append(buf, writeJsonInt64(buf, value));
}

void appendJsonFloat64(std::string &out, double value)
{
    char buf[kMaxFloat64JsonBytes];
    out.append(buf, writeJsonFloat64(buf, value));
}

std::string castFloat64ToString(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    if (value == 0.0)
        return "0";
    char buf[kMaxFloat64JsonBytes];
    return std::string(buf, writeRoundTripDouble(buf, value));
}

std::optional<std::string> castToString(const Column &column, size_t row)
{
    if (column.isNull(row))
        return std::nullopt;
    switch (column.type) {
        case ColumnType::Int64: {
            char buf[24];
            return std::string(buf, std::to_chars(buf, buf + sizeof buf, column.ints[row]).ptr);
        }
        case ColumnType::Float64:
            return castFloat64ToString(column.doubles[row]);
        case ColumnType::Bool:
            return std::string(column.bools[row] ? "true" : "false");
        case ColumnType::String:
            return column.dictionary[size_t(column.codes[row])];
    }
    return std::nullopt;
}

RowJsonEncoder::RowJsonEncoder(const Dataset &data)
{
    m_parts.reserve(data.columnCount());
    m_maxRowBytes = 2;
    std::string scratch;
    for (const Column &column : data.columns()) {
        Part part;
        part.column = &column;
        scratch.assign(1, m_parts.empty() ? '{' : ',');
        appendJsonString(scratch, column.name);
        scratch.push_back(':');
        part.key = addToArena(scratch);
        size_t maxValue = 4;  // null
        switch (column.type) {
            case ColumnType::Int64:
                maxValue = kMaxInt64JsonBytes;
                break;
            case ColumnType::Float64:
                maxValue = kMaxFloat64JsonBytes;
                break;
            case ColumnType::Bool:
                maxValue = 5;
                break;
            case ColumnType::String:
                part.dict.reserve(column.dictionary.size());
                for (const std::string &entry : column.dictionary) {
                    scratch.clear();
                    appendJsonString(scratch, entry);
                    part.dict.push_back(addToArena(scratch));
                    maxValue = std::max(maxValue, scratch.size());
                }
                break;
        }
        m_maxRowBytes += part.key.length + maxValue;
        m_parts.push_back(std::move(part));
    }
    m_arena.append(kCopyChunk, '\0');
}

RowJsonEncoder::Span RowJsonEncoder::addToArena(std::string_view bytes)
{
    const Span span{uint32_t(m_arena.size()), uint32_t(bytes.size())};
    m_arena.append(bytes);
    return span;
}

size_t RowJsonEncoder::encode(size_t row, std::string &buffer) const
{
    const size_t needed = m_maxRowBytes + kCopyChunk;
    if (buffer.size() < needed)
        buffer.resize(needed);
    char *const begin = buffer.data();
    char *p = begin;
    if (m_parts.empty())
        return size_t(writeLiteral(p, "{}") - begin);
    const char *const arena = m_arena.data();
    for (const Part &part : m_parts) {
        p = copyPadded(p, arena + part.key.offset, part.key.length);
        const Column &column = *part.column;
        if (column.isNull(row)) {
            p = writeLiteral(p, "null");
            continue;
        }
        switch (column.type) {
            case ColumnType::Int64:
                p = writeJsonInt64(p, column.ints[row]);
                break;
            case ColumnType::Float64:
                p = writeJsonFloat64(p, column.doubles[row]);
                break;
            case ColumnType::Bool:
                p = writeLiteral(p, column.bools[row] ? "true" : "false");
                break;
            case ColumnType::String: {
                const Span value = part.dict[size_t(column.codes[row])];
                p = copyPadded(p, arena + value.offset, value.length);
                break;
            }
        }
    }
    *p++ = '}';
    return size_t(p - begin);
}

std::string RowJsonEncoder::encode(size_t row) const
{
    std::string buffer;
    buffer.resize(encode(row, buffer));
    return buffer;
}

std::string toJsonString(const Dataset &data, size_t row)
{
    return RowJsonEncoder(data).encode(row);
}

}  // namespace covertype
