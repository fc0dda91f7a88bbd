// exp and log written as plain, branch-free double arithmetic so that loops over SIMD lanes
// vectorise, and so that every CPU (and every target clone) computes bit-identical results.
#pragma once

#include <bit>
#include <cstdint>

namespace covertype::ml::lanemath {

/// e^x to within 2 ulp for x in [-708, 709]; x below -708 gives 0, above 709 gives 2^1023-ish
/// (callers clamp the argument). No errno, no exceptions, no branches.
[[nodiscard]] inline double exp(double x)
{
    constexpr double kLog2e = 1.4426950408889634;
    constexpr double kLn2Hi = 6.93147180369123816490e-01;  // high bits of ln 2, exact times n
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kShifter = 0x1.8p52;  // adding it rounds to an integer held in the low bits
    const bool underflow = x < -708.0;
    x = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
    const double shifted = x * kLog2e + kShifter;
    const double n = shifted - kShifter;
    const double hi = x - n * kLn2Hi;
    const double r = hi - n * kLn2Lo;
    // Taylor series of e^r for |r| <= ln2/2 (terms past r^13/13! are below 1e-18), evaluated
    // by Estrin's scheme: a tree of depth 4 instead of a chain of 13 multiply-adds, because the
    // SGD loop waits for this value on every row.
    const double r2 = r * r;
    const double r4 = r2 * r2;
    const double r8 = r4 * r4;
    const double q0 = 1.0 + r;
    const double q1 = 1.0 / 2.0 + r * (1.0 / 6.0);
    const double q2 = 1.0 / 24.0 + r * (1.0 / 120.0);
    const double q3 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    const double q4 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
    const double q5 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
    const double q6 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    const double s0 = q0 + q1 * r2;
    const double s1 = q2 + q3 * r2;
    const double s2 = q4 + q5 * r2;
    const double t0 = s0 + s1 * r4;
    const double t1 = s2 + q6 * r4;
    const double p = t0 + t1 * r8;
    // 2^n from the integer sitting in the shifted value's mantissa.
    const uint64_t bits =
        (std::bit_cast<uint64_t>(shifted) - std::bit_cast<uint64_t>(kShifter) + 1023u) << 52;
    const double scaled = p * std::bit_cast<double>(bits);
    return underflow ? 0.0 : scaled;
}

/// Natural log of u for u in [1, 2] (the range log(1 + e^-|z|) needs), to within 2 ulp.
[[nodiscard]] inline double logOneToTwo(double u)
{
    constexpr double kSqrt2 = 1.4142135623730951;
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    const bool high = u > kSqrt2;
    const double m = high ? u * 0.5 : u;  // exact: halving a double
    const double k = high ? 1.0 : 0.0;
    // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: series to s^23.
    const double f = m - 1.0;
    const double s = f / (2.0 + f);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    const double logm = 2.0 * s + 2.0 * s * s2 * p;
    return k * kLn2Hi + (logm + k * kLn2Lo);
}

}  // namespace covertype::ml::lanemath
