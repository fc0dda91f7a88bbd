// The search space of a tuning spec (positions through each scale, grid, sampling, GP encoding)
// and the seeded random numbers the searchers draw from.
#include "tuning/searchspace.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <utility>
#include <variant>

namespace covertype::detail {

namespace {

// ---- Scales

/// x in [lo, hi] -> t in [0, 1] through the scale. UNIT_LOG_SCALE: t = log(x/lo) / log(hi/lo).
/// UNIT_REVERSE_LOG_SCALE (Vizier's, which AI Platform uses) mirrors the log scale so that values
/// are dense near hi: hi + lo - x is log-uniform on [lo, hi], i.e.
/// t = 1 - log((hi + lo - x) / lo) / log(hi / lo), x = hi + lo - lo * (hi/lo)^(1 - t).
/// Log scales need lo > 0 (validated); otherwise they fall back to linear rather than yield NaN.
double toUnit(ScaleType scale, double lo, double hi, double x)
{
    if (!(hi > lo))
        return 0.5;
    double t;
    switch (lo > 0 ? scale : ScaleType::UnitLinear) {
        case ScaleType::UnitLog:
            t = std::log(x / lo) / std::log(hi / lo);
            break;
        case ScaleType::UnitReverseLog:
            t = 1.0 - std::log((hi + lo - x) / lo) / std::log(hi / lo);
            break;
        default:
            t = (x - lo) / (hi - lo);
    }
    return std::isnan(t) ? 0.5 : std::clamp(t, 0.0, 1.0);
}

/// Inverse of toUnit, clamped to [lo, hi] against rounding.
double fromUnit(ScaleType scale, double lo, double hi, double t)
{
    if (!(hi > lo))
        return lo;
    double x;
    switch (lo > 0 ? scale : ScaleType::UnitLinear) {
        case ScaleType::UnitLog:
            x = lo * std::exp(t * std::log(hi / lo));
            break;
        case ScaleType::UnitReverseLog:
            x = hi + lo - lo * std::exp((1.0 - t) * std::log(hi / lo));
            break;
        default:
            x = lo + t * (hi - lo);
    }
    return std::clamp(x, lo, hi);
}

uint64_t saturatingProduct(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > kHuge / b ? kHuge : std::min(a * b, kHuge);
}

std::optional<double> numeric(const ParameterValue &v)
{
    if (const auto *d = std::get_if<double>(&v))
        return *d;
    if (const auto *i = std::get_if<int64_t>(&v))
        return double(*i);
    return std::nullopt;
}

}  // namespace

uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::mt19937_64 streamFor(uint64_t seed, uint64_t index, uint64_t purpose)
{
    return std::mt19937_64(splitmix64(splitmix64(seed ^ splitmix64(purpose)) + index));
}

double uniform01(std::mt19937_64 &rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}

uint64_t uniformBelow(std::mt19937_64 &rng, uint64_t n)
{
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
        const uint64_t r = rng();
        if (r >= threshold)
            return r % n;
    }
}

double standardNormal(std::mt19937_64 &rng)
{
    const double u1 = 1.0 - uniform01(rng);  // (0, 1]: log stays finite
    const double u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

SearchSpace::SearchSpace(const TuningSpec &spec) : m_params(spec.params)
{
    m_offset.reserve(m_params.size());
    for (const ParameterSpec &p : m_params) {
        m_offset.push_back(m_features);
        m_features += p.type == ParameterType::Categorical ? p.categoricalValues.size() : 1;
        m_size = saturatingProduct(m_size, valueCount(p));
    }
}

uint64_t SearchSpace::valueCount(const ParameterSpec &p)
{
    switch (p.type) {
        case ParameterType::Double:
            return p.maxValue > p.minValue ? kHuge : 1;
        case ParameterType::Integer:
            return p.maxValue >= p.minValue ? std::min(uint64_t(p.maxValue - p.minValue) + 1, kHuge)
                                            : 0;
        case ParameterType::Discrete:
            return p.discreteValues.size();
        case ParameterType::Categorical:
            return p.categoricalValues.size();
    }
    return 0;
}

std::optional<Config> SearchSpace::canonical(const Config &values) const
{
    if (values.size() != m_params.size())
        return std::nullopt;
    Config out(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        const ParameterSpec &p = m_params[i];
        if (p.type == ParameterType::Categorical) {
            const auto *s = std::get_if<std::string>(&values[i]);
            if (!s || std::ranges::find(p.categoricalValues, *s) == p.categoricalValues.end())
                return std::nullopt;
            out[i] = *s;
            continue;
        }
        const std::optional<double> x = numeric(values[i]);
        if (!x || std::isnan(*x))
            return std::nullopt;
        const double tolerance = 1e-9 * std::max(1.0, std::abs(*x));
        if (p.type == ParameterType::Discrete) {
            const size_t j = nearestDiscrete(p, *x);
            if (std::abs(p.discreteValues[j] - *x) > tolerance)
                return std::nullopt;
            out[i] = p.discreteValues[j];
            continue;
        }
        if (*x < p.minValue - tolerance || *x > p.maxValue + tolerance)
            return std::nullopt;
        if (p.type == ParameterType::Integer) {
            if (std::abs(*x - std::round(*x)) > tolerance)
                return std::nullopt;
            out[i] = int64_t(std::llround(*x));
        } else {
            out[i] = std::clamp(*x, p.minValue, p.maxValue);
        }
    }
    return out;
}

ConfigSet SearchSpace::seen(const std::vector<TrialObservation> &finished,
                            const std::vector<ParameterValues> &pending) const
{
    ConfigSet out;
    for (const TrialObservation &t : finished)
        if (auto c = canonical(t.values))
            out.insert(std::move(*c));
    for (const ParameterValues &v : pending)
        if (auto c = canonical(v))
            out.insert(std::move(*c));
    return out;
}

Config SearchSpace::gridPoint(uint64_t index) const
{
    Config out(m_params.size());
    for (size_t i = m_params.size(); i-- > 0;) {
        const ParameterSpec &p = m_params[i];
        const uint64_t n = valueCount(p);
        out[i] = valueAt(p, index % n);
        index /= n;
    }
    return out;
}

Config SearchSpace::sample(std::mt19937_64 &rng) const
{
    Config out(m_params.size());
    for (size_t i = 0; i < m_params.size(); ++i) {
        const ParameterSpec &p = m_params[i];
        if (p.type == ParameterType::Double || p.type == ParameterType::Integer)
            out[i] = valueFromUnit(p, uniform01(rng));
        else
            out[i] = valueAt(p, uniformBelow(rng, valueCount(p)));
    }
    return out;
}

Config SearchSpace::atPositions(const std::vector<double> &u) const
{
    Config out(m_params.size());
    for (size_t i = 0; i < m_params.size(); ++i) {
        const ParameterSpec &p = m_params[i];
        const double t = std::clamp(i < u.size() ? u[i] : 0.5, 0.0, 1.0);
        if (p.type == ParameterType::Double || p.type == ParameterType::Integer) {
            out[i] = valueFromUnit(p, t);
        } else {
            const uint64_t n = valueCount(p);
            out[i] = valueAt(p, std::min<uint64_t>(uint64_t(t * double(n)), n - 1));
        }
    }
    return out;
}

Config SearchSpace::perturb(const Config &c, double sd, std::mt19937_64 &rng) const
{
    Config out = c;
    for (size_t i = 0; i < m_params.size(); ++i) {
        const ParameterSpec &p = m_params[i];
        if (p.type == ParameterType::Categorical) {
            if (uniform01(rng) < 0.2)
                out[i] = valueAt(p, uniformBelow(rng, valueCount(p)));
        } else {
            const double t = unitOf(p, c[i]) + sd * standardNormal(rng);
            out[i] = valueFromUnit(p, std::clamp(t, 0.0, 1.0));
        }
    }
    return out;
}

void SearchSpace::encode(const Config &c,
                         Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>> out) const
{
    out.setZero();
    for (size_t i = 0; i < m_params.size(); ++i) {
        const ParameterSpec &p = m_params[i];
        if (p.type == ParameterType::Categorical) {
            const auto &cats = p.categoricalValues;
            const auto it = std::ranges::find(cats, std::get<std::string>(c[i]));
            out[Eigen::Index(m_offset[i] + size_t(it - cats.begin()))] = 1.0;
        } else {
            out[Eigen::Index(m_offset[i])] = unitOf(p, c[i]);
        }
    }
}

ParameterValue SearchSpace::valueAt(const ParameterSpec &p, uint64_t j)
{
    switch (p.type) {
        case ParameterType::Integer:
            return int64_t(std::llround(p.minValue)) + int64_t(j);
        case ParameterType::Discrete:
            return p.discreteValues[j];
        case ParameterType::Categorical:
            return p.categoricalValues[j];
        case ParameterType::Double:
            break;
    }
    assert(p.maxValue == p.minValue && "a DOUBLE range has no grid");
    return p.minValue;
}

size_t SearchSpace::nearestDiscrete(const ParameterSpec &p, double x)
{
    const auto &v = p.discreteValues;
    const auto it = std::ranges::lower_bound(v, x);
    if (it == v.begin())
        return 0;
    if (it == v.end())
        return v.size() - 1;
    const size_t j = size_t(it - v.begin());
    return x - v[j - 1] <= v[j] - x ? j - 1 : j;
}

double SearchSpace::unitOf(const ParameterSpec &p, const ParameterValue &v)
{
    const double x = numeric(v).value_or(p.minValue);
    switch (p.type) {
        case ParameterType::Integer:
            return toUnit(p.scale, p.minValue, p.maxValue + 1, x + 0.5);
        case ParameterType::Discrete:
            return toUnit(p.scale, discreteLo(p), discreteHi(p), x);
        default:
            return toUnit(p.scale, p.minValue, p.maxValue, x);
    }
}

ParameterValue SearchSpace::valueFromUnit(const ParameterSpec &p, double t)
{
    switch (p.type) {
        case ParameterType::Integer: {
            const double x = std::floor(fromUnit(p.scale, p.minValue, p.maxValue + 1, t));
            return int64_t(std::llround(std::clamp(x, p.minValue, p.maxValue)));
        }
        case ParameterType::Discrete: {
            size_t best = 0;
            double bestDistance = std::numeric_limits<double>::infinity();
            for (size_t j = 0; j < p.discreteValues.size(); ++j) {
                const double d = std::abs(unitOf(p, p.discreteValues[j]) - t);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
            return p.discreteValues[best];
        }
        default:
            return fromUnit(p.scale, p.minValue, p.maxValue, t);
    }
}

}  // namespace covertype::detail
