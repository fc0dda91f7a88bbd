// Internal to the CSV loader: parsing single cells and the messages about them.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "base/text.h"
#include "data/dataset.h"

namespace covertype::csv {

/// Hash for unordered_map<std::string, ...> lookups by string_view.
struct StringHash
{
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept
    {
        return std::hash<std::string_view>{}(s);
    }
};

/// Cuts a value for messages so a runaway field does not flood the terminal.
inline std::string shown(std::string_view value)
{
    if (value.size() > 60)
        return std::string(value.substr(0, 57)) + "...";
    return std::string(value);
}

inline bool parseInt64(std::string_view s, int64_t &out)
{
    if (s.empty())
        return false;
    if (s.front() == '+')
        s.remove_prefix(1);
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

inline bool parseDouble(std::string_view s, double &out)
{
    if (s.empty())
        return false;
    if (s.front() == '+')
        s.remove_prefix(1);
    if (s.empty() || s.front() == '+')
        return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return false;
    // One zero and one NaN, as the CSV writer spells them ("0", "NaN"): '-0' reads the same
    // whether the column was still integral or not, and '-NaN' or 'nan(7)' as 'NaN'.
    if (out == 0)
        out = 0.0;
    else if (std::isnan(out))
        out = std::numeric_limits<double>::quiet_NaN();
    return true;
}

inline std::optional<bool> parseBool(std::string_view s)
{
    auto equalsNoCase = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == y;
               });
    };
    if (equalsNoCase(s, "true"))
        return true;
    if (equalsNoCase(s, "false"))
        return false;
    return std::nullopt;
}

inline std::string emptyLabelMessage()
{
    return "empty Cover_Type (expected an integer 1-7)";
}

inline std::string unknownLabelMessage(std::string_view value)
{
    return cat("unknown Cover_Type '", shown(value), "' (expected an integer 1-7)");
}

inline std::string schemaTypeMessage(std::string_view value, ColumnType type)
{
    return cat("'", shown(value), "' is not a valid ", columnTypeName(type),
               " (the schema's type for this column)");
}

inline std::string notNumberMessage(std::string_view value)
{
    return cat("'", shown(value), "' is not a number (expected INT64 or FLOAT64)");
}

/// What the loader knows of a column before reading values.
struct ColumnRole
{
    std::optional<ColumnType> fixed;  ///< from a schema file (or forced after a first pass)
    bool requireNumeric = false;      ///< a lab numeric column
    bool isLabel = false;             ///< Cover_Type in a lab table
};

}  // namespace covertype::csv
