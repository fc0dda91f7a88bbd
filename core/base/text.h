// Building messages without <format> (GCC 12 lacks it): covertype::cat("line ", 3, ": ", value).
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace covertype {

namespace detail {

inline void appendPiece(std::string &out, std::string_view s)
{
    out.append(s);
}
inline void appendPiece(std::string &out, const char *s)
{
    out.append(s);
}
inline void appendPiece(std::string &out, const std::string &s)
{
    out.append(s);
}
inline void appendPiece(std::string &out, char c)
{
    out.push_back(c);
}

template <class T>
requires(std::integral<T> && !std::same_as<T, char> &&
         !std::same_as<T, bool>) void appendPiece(std::string &out, T value)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

inline void appendPiece(std::string &out, bool value)
{
    out.append(value ? "true" : "false");
}

/// Doubles in shortest round-trip form.
template <class T>
requires std::floating_point<T>
void appendPiece(std::string &out, T value)
{
    char buf[40];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

}  // namespace detail

/// Concatenates strings, characters and numbers (integers in decimal, doubles shortest).
template <class... Args>
[[nodiscard]] std::string cat(const Args &...args)
{
    std::string out;
    (detail::appendPiece(out, args), ...);
    return out;
}

/// A double with a fixed number of decimals, for messages people read ("0.7034").
[[nodiscard]] inline std::string fixed(double value, int decimals)
{
    char buf[64];
    const auto res =
        std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    return res.ec == std::errc() ? std::string(buf, res.ptr) : cat(value);
}

}  // namespace covertype
