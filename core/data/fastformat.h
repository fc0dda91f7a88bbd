// Internal: fast text output for the split and CSV writers (integers, padded copies).
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace covertype::fastformat {

/// Bytes a padded copy may read or write past the end of its range.
constexpr size_t kCopyChunk = 16;

/// Copies `n` bytes in fixed 16-byte chunks (inlined moves instead of a memcpy call per field);
/// reads and writes up to kCopyChunk - 1 bytes past the range, which source and target reserve.
inline char *copyPadded(char *p, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i += kCopyChunk)
        std::memcpy(p + i, src + i, kCopyChunk);
    return p + n;
}

constexpr auto kDigitPairs = [] {
    std::array<char, 200> pairs{};
    for (int i = 0; i < 100; ++i) {
        pairs[size_t(2 * i)] = char('0' + i / 10);
        pairs[size_t(2 * i + 1)] = char('0' + i % 10);
    }
    return pairs;
}();

/// Decimal digits of `v`; values below 10000 (all the lab table's) avoid the general routine.
inline char *writeUnsigned(char *p, uint64_t v)
{
    if (v < 100) {
        if (v < 10) {
            *p = char('0' + v);
            return p + 1;
        }
        std::memcpy(p, &kDigitPairs[2 * v], 2);
        return p + 2;
    }
    if (v < 10000) {
        if (v < 1000) {
            *p = char('0' + v / 100);
            std::memcpy(p + 1, &kDigitPairs[2 * (v % 100)], 2);
            return p + 3;
        }
        std::memcpy(p, &kDigitPairs[2 * (v / 100)], 2);
        std::memcpy(p + 2, &kDigitPairs[2 * (v % 100)], 2);
        return p + 4;
    }
    return std::to_chars(p, p + 20, v).ptr;
}

inline char *writeSigned(char *p, int64_t v)
{
    if (v < 0) {
        *p++ = '-';
        return writeUnsigned(p, uint64_t(0) - uint64_t(v));
    }
    return writeUnsigned(p, uint64_t(v));
}

}  // namespace covertype::fastformat
