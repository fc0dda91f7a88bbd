// The tuning config's shared pieces: enum API names, numbers as text, parameter lookup.
#include "tuning/tuningspec.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <regex>
#include <string>

#include "base/text.h"
#include "tuning/tuningspecdetail.h"

namespace covertype {

namespace detail {

namespace {

/// Python's repr() of a float: shortest round-trip digits, exponent form when the decimal
/// point would sit more than 4 places left or 16 places right of the first digit.
std::string pythonRepr(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v < 0 ? "-inf" : "inf";
    if (v == 0)
        return std::signbit(v) ? "-0.0" : "0.0";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view s(buf, size_t(res.ptr - buf));  // "-1.2345e-05"
    std::string out;
    if (s.front() == '-') {
        out = "-";
        s.remove_prefix(1);
    }
    const size_t e = s.find('e');
    std::string digits;
    for (char c : s.substr(0, e))
        if (c != '.')
            digits += c;
    std::string_view expText = s.substr(e + 1);
    if (expText.front() == '+')
        expText.remove_prefix(1);
    int exponent = 0;
    std::from_chars(expText.data(), expText.data() + expText.size(), exponent);
    const int point = exponent + 1;  // digits d1d2... mean 0.d1d2... * 10^point
    const int n = int(digits.size());
    if (point > -4 && point <= 16) {
        if (point <= 0)
            out += "0." + std::string(size_t(-point), '0') + digits;
        else if (point >= n)
            out += digits + std::string(size_t(point - n), '0') + ".0";
        else
            out += digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
        return out;
    }
    out += digits.substr(0, 1);
    if (n > 1)
        out += "." + digits.substr(1);
    const int absExp = std::abs(exponent);
    out += cat('e', exponent < 0 ? '-' : '+', absExp < 10 ? "0" : "", absExp);
    return out;
}

}  // namespace

bool isWhole(double v)
{
    return std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9007199254740992.0;  // 2^53
}

std::string numberText(double v)
{
    if (isWhole(v) && std::fabs(v) < 1e16)
        return cat(int64_t(v));
    return pythonRepr(v);
}

Kind plainKind(std::string_view s)
{
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
        return Kind::Null;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
        return Kind::Bool;
    static const std::regex intRe("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    static const std::regex floatRe(
        R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
    const std::string str(s);
    if (std::regex_match(str, intRe))
        return Kind::Int;
    if (std::regex_match(str, floatRe))
        return Kind::Float;
    return Kind::String;
}

bool isNumeric(ParameterType t)
{
    return t == ParameterType::Double || t == ParameterType::Integer;
}

}  // namespace detail

int TuningSpec::paramIndex(std::string_view name) const
{
    for (size_t i = 0; i < params.size(); ++i)
        if (params[i].name == name)
            return int(i);
    return -1;
}

const char *algorithmName(SearchAlgorithm algorithm)
{
    return detail::nameOf(detail::kAlgorithms, algorithm);
}

std::string parameterValueText(const ParameterValue &value)
{
    if (const auto *i = std::get_if<int64_t>(&value))
        return cat(*i);
    if (const auto *s = std::get_if<std::string>(&value))
        return *s;
    // `--max_iter 500.0` would not parse as an integer: whole numbers print without ".0".
    return detail::numberText(std::get<double>(value));
}

}  // namespace covertype
