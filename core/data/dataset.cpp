// Columnar table: accessors, fingerprint, row selection.
#include "data/dataset.h"

#include <farmhash.h>

#include "base/bigmemory.h"
#include "base/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace covertype {

std::string_view columnTypeName(ColumnType type)
{
    switch (type) {
        case ColumnType::Int64:
            return "INT64";
        case ColumnType::Float64:
            return "FLOAT64";
        case ColumnType::Bool:
            return "BOOL";
        case ColumnType::String:
            return "STRING";
    }
    return "STRING";
}

std::optional<ColumnType> columnTypeFromName(std::string_view name)
{
    std::string upper(name);
    std::ranges::transform(upper, upper.begin(),
                           [](unsigned char c) { return char(std::toupper(c)); });
    if (upper == "INT64" || upper == "INTEGER")
        return ColumnType::Int64;
    if (upper == "FLOAT64" || upper == "FLOAT")
        return ColumnType::Float64;
    if (upper == "BOOL" || upper == "BOOLEAN")
        return ColumnType::Bool;
    if (upper == "STRING")
        return ColumnType::String;
    return std::nullopt;
}

size_t Column::size() const
{
    switch (type) {
        case ColumnType::Int64:
            return ints.size();
        case ColumnType::Float64:
            return doubles.size();
        case ColumnType::Bool:
            return bools.size();
        case ColumnType::String:
            return codes.size();
    }
    return 0;
}

bool Column::hasNulls() const
{
    return std::ranges::find(nulls, uint8_t(1)) != nulls.end();
}

double Column::numberAt(size_t row) const
{
    if (isNull(row))
        return std::numeric_limits<double>::quiet_NaN();
    switch (type) {
        case ColumnType::Int64:
            return double(ints[row]);
        case ColumnType::Float64:
            return doubles[row];
        case ColumnType::Bool:
            return bools[row] ? 1.0 : 0.0;
        case ColumnType::String:
            break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

std::string Column::formatDouble(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, res.ptr);
}

std::string Column::textAt(size_t row) const
{
    if (isNull(row))
        return {};
    switch (type) {
        case ColumnType::Int64:
            return std::to_string(ints[row]);
        case ColumnType::Float64:
            return formatDouble(doubles[row]);
        case ColumnType::Bool:
            return bools[row] ? "true" : "false";
        case ColumnType::String:
            return dictionary[size_t(codes[row])];
    }
    return {};
}

size_t Column::memoryBytes() const
{
    size_t bytes = ints.capacity() * sizeof(int64_t) + doubles.capacity() * sizeof(double) +
                   bools.capacity() + codes.capacity() * sizeof(int32_t) + nulls.capacity();
    for (const std::string &s : dictionary)
        bytes += sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0);
    return bytes;
}

void Column::appendNull()
{
    const size_t row = size();
    if (nulls.empty())
        nulls.assign(row, 0);
    nulls.resize(row, 0);
    nulls.push_back(1);
    switch (type) {
        case ColumnType::Int64:
            ints.push_back(0);
            break;
        case ColumnType::Float64:
            doubles.push_back(0.0);
            break;
        case ColumnType::Bool:
            bools.push_back(0);
            break;
        case ColumnType::String:
            codes.push_back(0);
            break;
    }
}

Dataset::Dataset(std::vector<Column> columns, std::string source)
    : m_columns(std::move(columns)), m_source(std::move(source))
{
    m_rowCount = m_columns.empty() ? 0 : m_columns.front().size();
    for (Column &c : m_columns) {
        if (c.size() != m_rowCount)
            throw std::logic_error("Dataset: columns of unequal length");
        if (!c.nulls.empty())
            c.nulls.resize(m_rowCount, 0);
    }
}

int Dataset::columnIndex(std::string_view name) const
{
    for (size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == name)
            return int(i);
    return -1;
}

const Column *Dataset::find(std::string_view name) const
{
    const int i = columnIndex(name);
    return i < 0 ? nullptr : &m_columns[size_t(i)];
}

std::string schemaDifference(const std::vector<Field> &a, std::string_view aName,
                             const std::vector<Field> &b, std::string_view bName)
{
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i].name != b[i].name)
            return cat("column ", i + 1, " is '", a[i].name, "' in ", aName, " but '", b[i].name,
                       "' in ", bName);
        if (a[i].type != b[i].type) {
            const ColumnType wider =
                a[i].type == ColumnType::String || b[i].type == ColumnType::String
                    ? ColumnType::String
                    : ColumnType::Float64;
            return cat("column '", a[i].name, "' is ", columnTypeName(a[i].type), " in ", aName,
                       " but ", columnTypeName(b[i].type), " in ", bName,
                       wider == ColumnType::String
                           ? " (a cell that is not a number, such as NaN or text, makes a column "
                             "STRING)"
                           : " (a value with a fraction or an exponent, such as 2596.5, makes a "
                             "column FLOAT64)");
        }
    }
    if (a.size() != b.size())
        return cat(aName, " has ", a.size(), " columns but ", bName, " has ", b.size());
    return {};
}

std::vector<Field> Dataset::schema() const
{
    std::vector<Field> fields;
    fields.reserve(m_columns.size());
    for (const Column &c : m_columns)
        fields.push_back({c.name, c.type});
    return fields;
}

std::string Dataset::fingerprint() const
{
    // Per column: hash of name and type, then of the values in row order. Strings hash by content
    // (through a per-dictionary-entry hash), so dictionary order does not matter; NULLs hash apart
    // from every value.
    constexpr uint64_t kNullMark = 0x9e3779b97f4a7c15ULL;
    std::vector<uint64_t> parts;
    parts.push_back(m_rowCount);
    std::vector<uint64_t> cells(m_rowCount);
    for (const Column &c : m_columns) {
        const std::string head = c.name + ':' + std::string(columnTypeName(c.type));
        parts.push_back(util::Fingerprint64(head.data(), head.size()));
        std::vector<uint64_t> dictHashes;
        if (c.type == ColumnType::String) {
            dictHashes.reserve(c.dictionary.size());
            for (const std::string &s : c.dictionary)
                dictHashes.push_back(util::Fingerprint64(s.data(), s.size()));
        }
        for (size_t r = 0; r < m_rowCount; ++r) {
            uint64_t v = 0;
            if (c.isNull(r)) {
                v = kNullMark;
            } else {
                switch (c.type) {
                    case ColumnType::Int64:
                        v = uint64_t(c.ints[r]);
                        break;
                    case ColumnType::Float64:
                        std::memcpy(&v, &c.doubles[r], sizeof v);
                        break;
                    case ColumnType::Bool:
                        v = c.bools[r];
                        break;
                    case ColumnType::String:
                        v = dictHashes[size_t(c.codes[r])];
                        break;
                }
            }
            cells[r] = v;
        }
        parts.push_back(util::Fingerprint64(reinterpret_cast<const char *>(cells.data()),
                                            cells.size() * sizeof(uint64_t)));
    }
    const uint64_t h = util::Fingerprint64(reinterpret_cast<const char *>(parts.data()),
                                           parts.size() * sizeof(uint64_t));
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return std::string("fp64:") + hex;
}

size_t Dataset::memoryBytes() const
{
    size_t bytes = 0;
    for (const Column &c : m_columns)
        bytes += c.memoryBytes();
    return bytes;
}

Dataset Dataset::selectRows(const std::vector<uint32_t> &rows) const
{
    std::vector<Column> out;
    out.reserve(m_columns.size());
    for (const Column &c : m_columns) {
        Column n;
        n.name = c.name;
        n.type = c.type;
        n.dictionary = c.dictionary;
        auto pick = [&rows](const auto &src, auto &dst) {
            reserveLarge(dst, rows.size());
            for (uint32_t r : rows)
                dst.push_back(src[r]);
        };
        switch (c.type) {
            case ColumnType::Int64:
                pick(c.ints, n.ints);
                break;
            case ColumnType::Float64:
                pick(c.doubles, n.doubles);
                break;
            case ColumnType::Bool:
                pick(c.bools, n.bools);
                break;
            case ColumnType::String:
                pick(c.codes, n.codes);
                break;
        }
        if (c.hasNulls())
            pick(c.nulls, n.nulls);
        out.push_back(std::move(n));
    }
    return Dataset(std::move(out), m_source);
}

Dataset Dataset::concatenate(const Dataset &a, const Dataset &b)
{
    if (a.schema() != b.schema())
        throw std::logic_error("Dataset::concatenate: schemas differ");
    std::vector<Column> out;
    out.reserve(a.columnCount());
    for (size_t i = 0; i < a.columnCount(); ++i) {
        const Column &ca = a.m_columns[i];
        const Column &cb = b.m_columns[i];
        Column n = ca;
        switch (ca.type) {
            case ColumnType::Int64:
                n.ints.insert(n.ints.end(), cb.ints.begin(), cb.ints.end());
                break;
            case ColumnType::Float64:
                n.doubles.insert(n.doubles.end(), cb.doubles.begin(), cb.doubles.end());
                break;
            case ColumnType::Bool:
                n.bools.insert(n.bools.end(), cb.bools.begin(), cb.bools.end());
                break;
            case ColumnType::String: {
                std::unordered_map<std::string, int32_t> index;
                for (size_t k = 0; k < n.dictionary.size(); ++k)
                    index.emplace(n.dictionary[k], int32_t(k));
                std::vector<int32_t> remap(cb.dictionary.size());
                for (size_t k = 0; k < cb.dictionary.size(); ++k) {
                    auto [it, inserted] =
                        index.emplace(cb.dictionary[k], int32_t(n.dictionary.size()));
                    if (inserted)
                        n.dictionary.push_back(cb.dictionary[k]);
                    remap[k] = it->second;
                }
                n.codes.reserve(n.codes.size() + cb.codes.size());
                for (int32_t code : cb.codes)
                    n.codes.push_back(cb.dictionary.empty() ? 0 : remap[size_t(code)]);
                break;
            }
        }
        if (ca.hasNulls() || cb.hasNulls()) {
            n.nulls = ca.nulls;
            n.nulls.resize(a.rowCount(), 0);
            if (cb.nulls.empty())
                n.nulls.resize(a.rowCount() + b.rowCount(), 0);
            else
                n.nulls.insert(n.nulls.end(), cb.nulls.begin(), cb.nulls.end());
        } else {
            n.nulls.clear();
        }
        out.push_back(std::move(n));
    }
    return Dataset(std::move(out), a.m_source);
}

}  // namespace covertype
