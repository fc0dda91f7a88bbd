// Hyperparameter search: grid (ordered or seeded-shuffled), random, and Bayesian optimisation with
// a Gaussian process and expected improvement; stateless, so a seed and the trials fix each answer.
#include "search.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <set>
#include <utility>

namespace covertype {
namespace {

using Config = ParameterValues;
using ConfigSet = std::set<Config>;

// ---- Random numbers
// std::*_distribution differ between standard libraries; these are spelled out so that a seed gives
// the same suggestions with any toolchain.

uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// The generator for suggestion number `index` (finished + pending trials): a pure function of the
/// seed and the index, so asking twice with the same trials gives the same answer.
std::mt19937_64 streamFor(uint64_t seed, uint64_t index, uint64_t purpose)
{
    return std::mt19937_64(splitmix64(splitmix64(seed ^ splitmix64(purpose)) + index));
}

double uniform01(std::mt19937_64 &rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}

/// Uniform in [0, n) for n >= 1, without modulo bias.
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

// ---- The search space

/// Stands for "too many to count" (any DOUBLE range, or a product that would overflow).
constexpr uint64_t kHuge = uint64_t(1) << 62;

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

/// The parameters of a spec as the searchers see them. Every numeric parameter has a position
/// t in [0, 1] through its scale; an INTEGER k occupies the cell [k, k + 1) so that its position is
/// that of k + 0.5 and floor() maps a position back. The GP sees one feature per numeric parameter
/// and a one-hot block per CATEGORICAL one.
class Space
{
public:
    explicit Space(const TuningSpec &spec) : m_params(spec.params)
    {
        m_offset.reserve(m_params.size());
        for (const ParameterSpec &p : m_params) {
            m_offset.push_back(m_features);
            m_features += p.type == ParameterType::Categorical ? p.categoricalValues.size() : 1;
            m_size = saturatingProduct(m_size, valueCount(p));
        }
    }

    [[nodiscard]] size_t params() const { return m_params.size(); }
    [[nodiscard]] size_t features() const { return m_features; }
    /// Distinct configurations, kHuge when uncountable.
    [[nodiscard]] uint64_t size() const { return m_size; }
    [[nodiscard]] const ParameterSpec &param(size_t i) const { return m_params[i]; }
    [[nodiscard]] size_t offset(size_t i) const { return m_offset[i]; }

    static uint64_t valueCount(const ParameterSpec &p)
    {
        switch (p.type) {
            case ParameterType::Double:
                return p.maxValue > p.minValue ? kHuge : 1;
            case ParameterType::Integer:
                return p.maxValue >= p.minValue
                           ? std::min(uint64_t(p.maxValue - p.minValue) + 1, kHuge)
                           : 0;
            case ParameterType::Discrete:
                return p.discreteValues.size();
            case ParameterType::Categorical:
                return p.categoricalValues.size();
        }
        return 0;
    }

    /// The configuration in the space's own value types (int64 for INTEGER, a DISCRETE value
    /// exactly as listed), or nullopt when it does not belong to the space.
    [[nodiscard]] std::optional<Config> canonical(const Config &values) const
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

    /// Every finished and pending configuration that belongs to the space.
    [[nodiscard]] ConfigSet seen(const std::vector<TrialObservation> &finished,
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

    /// Grid point `index` < size(): mixed radix, the last parameter varying fastest.
    [[nodiscard]] Config gridPoint(uint64_t index) const
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

    /// Random search's distribution: DOUBLE and INTEGER uniform in t (so through the scale),
    /// DISCRETE and CATEGORICAL a uniform choice.
    [[nodiscard]] Config sample(std::mt19937_64 &rng) const
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

    /// A neighbour of `c`: numeric positions moved by N(0, sd) and snapped, each CATEGORICAL
    /// value redrawn with probability 0.2.
    [[nodiscard]] Config perturb(const Config &c, double sd, std::mt19937_64 &rng) const
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

    /// GP input of a canonical configuration: features() values in [0, 1].
    void encode(const Config &c, Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>> out) const
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

private:
    static ParameterValue valueAt(const ParameterSpec &p, uint64_t j)
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

    static double discreteLo(const ParameterSpec &p) { return p.discreteValues.front(); }
    static double discreteHi(const ParameterSpec &p) { return p.discreteValues.back(); }

    static size_t nearestDiscrete(const ParameterSpec &p, double x)
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

    /// Position in [0, 1] of a numeric value.
    static double unitOf(const ParameterSpec &p, const ParameterValue &v)
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

    /// The numeric value at position t; DISCRETE snaps to the allowed value nearest in t.
    static ParameterValue valueFromUnit(const ParameterSpec &p, double t)
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

    std::vector<ParameterSpec> m_params;
    std::vector<size_t> m_offset;
    size_t m_features = 0;
    uint64_t m_size = 1;
};

/// A random configuration not in `seen`; nullopt when a finite space is exhausted (or, for an
/// uncountable one, when 1,000 draws all collided, which only a degenerate range can cause).
std::optional<Config> randomUnseen(const Space &space, const ConfigSet &seen, std::mt19937_64 &rng)
{
    const uint64_t size = space.size();
    if (size != kHuge && seen.size() >= size)
        return std::nullopt;
    const int attempts = size == kHuge ? 1000 : 64;
    for (int a = 0; a < attempts; ++a) {
        Config c = space.sample(rng);
        if (!seen.contains(c))
            return c;
    }
    if (size == kHuge)
        return std::nullopt;
    // Nearly exhausted: a uniform choice among the configurations left.
    uint64_t pick = uniformBelow(rng, size - seen.size());
    for (uint64_t i = 0; i < size; ++i) {
        Config c = space.gridPoint(i);
        if (!seen.contains(c) && pick-- == 0)
            return c;
    }
    return std::nullopt;
}

// ---- Grid search

/// A seeded bijection of [0, n): a balanced Feistel network on the smallest even power of two
/// >= n, cycle-walked back into range. Needs no memory, so a grid of any size can be shuffled.
class IndexPermutation
{
public:
    IndexPermutation(uint64_t n, uint64_t seed) : m_n(n)
    {
        int bits = 2;
        while (bits < 64 && (uint64_t(1) << bits) < n)
            bits += 2;
        m_half = bits / 2;
        for (size_t r = 0; r < std::size(m_keys); ++r)
            m_keys[r] = splitmix64(seed + 0x5851f42d4c957f2dULL * (r + 1));
    }

    [[nodiscard]] uint64_t operator()(uint64_t i) const
    {
        do
            i = encrypt(i);
        while (i >= m_n);
        return i;
    }

private:
    [[nodiscard]] uint64_t encrypt(uint64_t x) const
    {
        const uint64_t mask = (uint64_t(1) << m_half) - 1;
        uint64_t left = x >> m_half;
        uint64_t right = x & mask;
        for (const uint64_t key : m_keys) {
            const uint64_t next = left ^ (splitmix64(right ^ key) & mask);
            left = right;
            right = next;
        }
        return (left << m_half) | right;
    }

    uint64_t m_n;
    int m_half = 1;
    uint64_t m_keys[6] = {};
};

class GridSearcher final : public Searcher
{
public:
    GridSearcher(const TuningSpec &spec, uint64_t seed, bool shuffle)
        : m_space(spec), m_permutation(m_space.size(), seed), m_shuffle(shuffle)
    {
        for ([[maybe_unused]] const ParameterSpec &p : spec.params)
            assert((p.type != ParameterType::Double || p.maxValue == p.minValue) &&
                   "GRID_SEARCH takes INTEGER, DISCRETE and CATEGORICAL parameters");
    }

    std::optional<ParameterValues> suggest(const std::vector<TrialObservation> &finished,
                                           const std::vector<ParameterValues> &pending) override
    {
        const ConfigSet seen = m_space.seen(finished, pending);
        // Only configurations of the space are in `seen`, so this stops within seen.size() + 1.
        for (uint64_t i = 0; i < m_space.size(); ++i) {
            Config c = m_space.gridPoint(m_shuffle ? m_permutation(i) : i);
            if (!seen.contains(c))
                return c;
        }
        return std::nullopt;
    }

private:
    Space m_space;
    IndexPermutation m_permutation;
    bool m_shuffle;
};

// ---- Random search

constexpr uint64_t kRandomStream = 1;
constexpr uint64_t kBayesStream = 2;

class RandomSearcher final : public Searcher
{
public:
    RandomSearcher(const TuningSpec &spec, uint64_t seed) : m_space(spec), m_seed(seed) {}

    std::optional<ParameterValues> suggest(const std::vector<TrialObservation> &finished,
                                           const std::vector<ParameterValues> &pending) override
    {
        auto rng = streamFor(m_seed, finished.size() + pending.size(), kRandomStream);
        return randomUnseen(m_space, m_space.seen(finished, pending), rng);
    }

private:
    Space m_space;
    uint64_t m_seed;
};

// ---- Gaussian process

/// Gaussian-process regression with a Matern 5/2 kernel, one length scale per feature group (a
/// CATEGORICAL parameter's one-hot block shares one), a signal variance and a noise variance.
/// Inputs are rows in [0, 1]^features; targets should be standardised (mean 0, variance 1).
class GaussianProcess
{
public:
    /// groups[g] = (first feature, feature count).
    explicit GaussianProcess(std::vector<std::pair<size_t, size_t>> groups)
        : m_groups(std::move(groups)),
          m_theta(Eigen::VectorXd::Zero(Eigen::Index(m_groups.size() + 2)))
    {
    }

    /// Chooses the hyperparameters by maximising the log marginal likelihood plus weak log-normal
    /// priors (which keep them sane with few points): the best of an isotropic grid, refined by a
    /// deterministic coordinate pattern search in log space. Then conditions on (x, y).
    void fit(const Eigen::MatrixXd &x, const Eigen::VectorXd &y)
    {
        const Eigen::Index n = x.rows();
        std::vector<Eigen::MatrixXd> sq;  // per group: squared distances between the rows
        for (const auto &[first, count] : m_groups) {
            const Eigen::MatrixXd xg = x.middleCols(Eigen::Index(first), Eigen::Index(count));
            const Eigen::VectorXd norms = xg.rowwise().squaredNorm();
            Eigen::MatrixXd d = (-2.0 * xg * xg.transpose()).colwise() + norms;
            d.rowwise() += norms.transpose();
            sq.push_back(d.cwiseMax(0.0));
        }
        const Eigen::Index groups = Eigen::Index(m_groups.size());
        Eigen::VectorXd theta(groups + 2);
        double best = -std::numeric_limits<double>::infinity();
        for (const double length : {0.1, 0.25, 0.5, 1.0, 2.0}) {
            for (const double noise : {1e-4, 1e-2, 1e-1}) {
                Eigen::VectorXd t(groups + 2);
                t.head(groups).setConstant(std::log(length));
                t[groups] = 0.0;
                t[groups + 1] = std::log(noise);
                const double v = logPosterior(sq, y, t);
                if (v > best) {
                    best = v;
                    theta = t;
                }
            }
        }
        const int budget = n <= 100 ? 200 : 60;  // each evaluation is a Cholesky of n x n
        int evaluations = 0;
        for (double step = 1.0; step > 0.05 && evaluations < budget;) {
            bool improved = false;
            for (Eigen::Index k = 0; k < theta.size() && evaluations < budget; ++k) {
                for (const double sign : {1.0, -1.0}) {
                    Eigen::VectorXd t = theta;
                    t[k] = std::clamp(t[k] + sign * step, lowerBound(k), upperBound(k));
                    if (t[k] == theta[k])
                        continue;
                    ++evaluations;
                    const double v = logPosterior(sq, y, t);
                    if (v > best + 1e-9) {
                        best = v;
                        theta = t;
                        improved = true;
                        break;
                    }
                }
            }
            if (!improved)
                step *= 0.5;
        }
        m_theta = theta;
        condition(x, y, x.rows());
    }

    /// Conditions on (x, y) with the current hyperparameters. Rows from `measured` on are
    /// "kriging believer" fantasies: believed values of the latent function, so they get only a
    /// tiny noise (the variance right next to them collapses) and do not move the hyperparameters.
    void condition(const Eigen::MatrixXd &x, const Eigen::VectorXd &y, Eigen::Index measured)
    {
        m_x = x;
        const Eigen::MatrixXd k = kernel(x, x);
        for (const double fantasyNoise : {1e-6 * signalVariance(), noiseVariance()}) {
            Eigen::MatrixXd noisy = k;
            noisy.diagonal().head(measured).array() += noiseVariance() + kJitter;
            noisy.diagonal().tail(x.rows() - measured).array() += fantasyNoise + kJitter;
            m_chol.compute(noisy);
            if (m_chol.info() == Eigen::Success)
                break;  // else fantasies too close together: treat them like measurements
        }
        m_alpha = m_chol.solve(y);
    }

    /// Posterior mean and standard deviation of the latent function (no noise) at the rows of xs.
    void predict(const Eigen::MatrixXd &xs, Eigen::VectorXd &mean, Eigen::VectorXd &sd) const
    {
        const Eigen::MatrixXd ks = kernel(m_x, xs);  // n x m
        mean = ks.transpose() * m_alpha;
        const Eigen::MatrixXd v = m_chol.matrixL().solve(ks);
        sd =
            (signalVariance() - v.colwise().squaredNorm().transpose().array()).cwiseMax(0.0).sqrt();
    }

private:
    static constexpr double kJitter = 1e-8;

    [[nodiscard]] double signalVariance() const { return std::exp(m_theta[m_theta.size() - 2]); }
    [[nodiscard]] double noiseVariance() const { return std::exp(m_theta[m_theta.size() - 1]); }

    // Bounds in log space: length scales [0.01, 20] (20 switches a parameter off in the unit
    // cube), signal variance [0.05, 20], noise variance [1e-6, 1].
    [[nodiscard]] double lowerBound(Eigen::Index k) const
    {
        const auto g = Eigen::Index(m_groups.size());
        return std::log(k < g ? 0.01 : k == g ? 0.05 : 1e-6);
    }
    [[nodiscard]] double upperBound(Eigen::Index k) const
    {
        const auto g = Eigen::Index(m_groups.size());
        return std::log(k < g ? 20.0 : k == g ? 20.0 : 1.0);
    }

    static double matern52(double r2)
    {
        const double s = std::sqrt(5.0 * r2);
        return (1.0 + s + s * s / 3.0) * std::exp(-s);
    }

    /// Log marginal likelihood + log priors: log length ~ N(log 0.5, 1), log signal ~ N(0, 1),
    /// log noise ~ N(log 1e-3, 3); constants dropped.
    double logPosterior(const std::vector<Eigen::MatrixXd> &sq, const Eigen::VectorXd &y,
                        const Eigen::VectorXd &theta) const
    {
        const auto groups = Eigen::Index(m_groups.size());
        Eigen::MatrixXd r2 = Eigen::MatrixXd::Zero(y.size(), y.size());
        double prior = 0;
        for (Eigen::Index g = 0; g < groups; ++g) {
            r2 += sq[size_t(g)] * std::exp(-2.0 * theta[g]);
            prior -= 0.5 * std::pow(theta[g] - std::log(0.5), 2);
        }
        prior -= 0.5 * std::pow(theta[groups], 2);
        prior -= 0.5 * std::pow((theta[groups + 1] - std::log(1e-3)) / 3.0, 2);
        Eigen::MatrixXd k = std::exp(theta[groups]) * r2.unaryExpr(&matern52);
        k.diagonal().array() += std::exp(theta[groups + 1]) + kJitter;
        const Eigen::LLT<Eigen::MatrixXd> chol(k);
        if (chol.info() != Eigen::Success)
            return -std::numeric_limits<double>::infinity();
        const Eigen::VectorXd alpha = chol.solve(y);
        const double logDet = 2.0 * chol.matrixLLT().diagonal().array().log().sum();
        return -0.5 * y.dot(alpha) - 0.5 * logDet + prior;
    }

    /// Signal variance * Matern 5/2 between the rows of a and of b (a.rows() x b.rows()).
    [[nodiscard]] Eigen::MatrixXd kernel(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b) const
    {
        Eigen::MatrixXd as = a;
        Eigen::MatrixXd bs = b;
        for (size_t g = 0; g < m_groups.size(); ++g) {
            const auto [first, count] = m_groups[g];
            const double inv = std::exp(-m_theta[Eigen::Index(g)]);
            as.middleCols(Eigen::Index(first), Eigen::Index(count)) *= inv;
            bs.middleCols(Eigen::Index(first), Eigen::Index(count)) *= inv;
        }
        Eigen::MatrixXd r2 = (-2.0 * as * bs.transpose()).colwise() + as.rowwise().squaredNorm();
        r2.rowwise() += bs.rowwise().squaredNorm().transpose();
        return signalVariance() * r2.cwiseMax(0.0).unaryExpr(&matern52);
    }

    std::vector<std::pair<size_t, size_t>> m_groups;
    Eigen::VectorXd m_theta;  ///< log length scales per group, log signal var, log noise var
    Eigen::MatrixXd m_x;
    Eigen::LLT<Eigen::MatrixXd> m_chol;
    Eigen::VectorXd m_alpha;
};

// ---- Bayesian optimisation

/// Expected improvement over `best` for maximisation, with a small exploration margin.
double expectedImprovement(double mean, double sd, double best)
{
    constexpr double kMargin = 0.01;  // in standard deviations of the observed objective
    const double gain = mean - best - kMargin;
    if (sd < 1e-12)
        return std::max(gain, 0.0);
    const double z = gain / sd;
    const double cdf = 0.5 * std::erfc(-z / std::numbers::sqrt2);
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
    return gain * cdf + sd * pdf;
}

class BayesianSearcher final : public Searcher
{
public:
    BayesianSearcher(const TuningSpec &spec, uint64_t seed)
        : m_space(spec),
          m_seed(seed),
          m_sign(spec.goal == Goal::Minimize ? -1.0 : 1.0),
          m_initial(std::min(std::max<size_t>(2, spec.params.size() + 1),
                             std::max<size_t>(2, size_t(std::max(spec.maxTrials, 0)) / 2)))
    {
    }

    std::optional<ParameterValues> suggest(const std::vector<TrialObservation> &finished,
                                           const std::vector<ParameterValues> &pending) override
    {
        auto rng = streamFor(m_seed, finished.size() + pending.size(), kBayesStream);
        const ConfigSet seen = m_space.seen(finished, pending);

        std::vector<Config> observed;
        std::vector<double> values;
        for (const TrialObservation &t : finished) {
            if (!t.objective || !std::isfinite(*t.objective))
                continue;  // failed: not fitted, but `seen` keeps it from being proposed again
            if (auto c = m_space.canonical(t.values)) {
                observed.push_back(std::move(*c));
                values.push_back(m_sign * *t.objective);
            }
        }
        if (finished.size() + pending.size() < m_initial || observed.size() < 2)
            return randomUnseen(m_space, seen, rng);

        // Fit on the standardised objective (negated for MINIMIZE, so larger is better).
        const Eigen::Map<const Eigen::VectorXd> raw(values.data(), Eigen::Index(values.size()));
        const double mean = raw.mean();
        double sd = std::sqrt((raw.array() - mean).square().mean());
        if (!(sd > 1e-12))
            sd = 1.0;
        const Eigen::VectorXd y = (raw.array() - mean) / sd;
        double best = y.maxCoeff();
        GaussianProcess gp(groups());
        gp.fit(encode(observed), y);

        // Kriging believer: pending trials "return" the posterior mean. That leaves the mean
        // unchanged and collapses the variance around them; counting the fantasies in the
        // incumbent removes the improvement the mean promises there, so parallel suggestions
        // spread out.
        std::vector<Config> running;
        for (const ParameterValues &v : pending)
            if (auto c = m_space.canonical(v))
                running.push_back(std::move(*c));
        if (!running.empty()) {
            const Eigen::MatrixXd xp = encode(running);
            Eigen::VectorXd mp, sp;
            gp.predict(xp, mp, sp);
            Eigen::MatrixXd x(Eigen::Index(observed.size() + running.size()),
                              Eigen::Index(m_space.features()));
            x << encode(observed), xp;
            Eigen::VectorXd yy(x.rows());
            yy << y, mp;
            gp.condition(x, yy, Eigen::Index(observed.size()));
            best = std::max(best, mp.maxCoeff());
        }

        std::vector<Config> candidates = initialCandidates(observed, y, seen, rng);
        if (candidates.empty())
            return randomUnseen(m_space, seen, rng);
        std::vector<double> scores = score(gp, candidates, best);
        refineLocally(gp, best, seen, rng, candidates, scores);
        const auto top = std::ranges::max_element(scores) - scores.begin();
        return candidates[size_t(top)];
    }

private:
    static constexpr size_t kRandomCandidates = 2000;
    static constexpr size_t kEnumerateUpTo = 4096;  // smaller finite spaces are scored entirely
    static constexpr double kNeighbourSd[3] = {0.15, 0.05, 0.01};

    [[nodiscard]] std::vector<std::pair<size_t, size_t>> groups() const
    {
        std::vector<std::pair<size_t, size_t>> out;
        for (size_t i = 0; i < m_space.params(); ++i) {
            const ParameterSpec &p = m_space.param(i);
            out.emplace_back(m_space.offset(i),
                             p.type == ParameterType::Categorical ? p.categoricalValues.size() : 1);
        }
        return out;
    }

    [[nodiscard]] Eigen::MatrixXd encode(const std::vector<Config> &configs) const
    {
        Eigen::MatrixXd x(Eigen::Index(configs.size()), Eigen::Index(m_space.features()));
        for (size_t r = 0; r < configs.size(); ++r)
            m_space.encode(configs[r], x.row(Eigen::Index(r)));
        return x;
    }

    /// Unseen, distinct candidates: the whole space when it is small, else random draws plus
    /// neighbours of the five best observations.
    std::vector<Config> initialCandidates(const std::vector<Config> &observed,
                                          const Eigen::VectorXd &y, const ConfigSet &seen,
                                          std::mt19937_64 &rng) const
    {
        std::vector<Config> out;
        ConfigSet taken = seen;
        const auto add = [&](Config c) {
            if (taken.insert(c).second)
                out.push_back(std::move(c));
        };
        if (m_space.size() <= kEnumerateUpTo) {
            for (uint64_t i = 0; i < m_space.size(); ++i)
                add(m_space.gridPoint(i));
            return out;
        }
        for (size_t i = 0; i < kRandomCandidates; ++i)
            add(m_space.sample(rng));
        std::vector<size_t> order(observed.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::ranges::stable_sort(
            order, [&](size_t a, size_t b) { return y[Eigen::Index(a)] > y[Eigen::Index(b)]; });
        order.resize(std::min<size_t>(order.size(), 5));
        for (const size_t i : order)
            for (int j = 0; j < 100; ++j)
                add(m_space.perturb(observed[i], kNeighbourSd[j % 3], rng));
        return out;
    }

    std::vector<double> score(const GaussianProcess &gp, const std::vector<Config> &configs,
                              double best) const
    {
        Eigen::VectorXd mean, sd;
        gp.predict(encode(configs), mean, sd);
        std::vector<double> out(configs.size());
        for (size_t i = 0; i < configs.size(); ++i)
            out[i] = expectedImprovement(mean[Eigen::Index(i)], sd[Eigen::Index(i)], best);
        return out;
    }

    /// A few rounds of shrinking random perturbations around the three best candidates, so that
    /// continuous optima are located more finely than the candidate set's spacing.
    void refineLocally(const GaussianProcess &gp, double best, const ConfigSet &seen,
                       std::mt19937_64 &rng, std::vector<Config> &candidates,
                       std::vector<double> &scores) const
    {
        if (m_space.size() <= kEnumerateUpTo)
            return;  // every configuration was scored already
        ConfigSet taken = seen;
        taken.insert(candidates.begin(), candidates.end());
        for (const double sd : {0.05, 0.02, 0.005}) {
            std::vector<size_t> order(scores.size());
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            const size_t keep = std::min<size_t>(3, order.size());
            std::ranges::partial_sort(
                order, order.begin() + std::ptrdiff_t(keep), [&](size_t a, size_t b) {
                    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
                });
            std::vector<Config> batch;
            for (size_t k = 0; k < keep; ++k)
                for (int j = 0; j < 30; ++j) {
                    Config c = m_space.perturb(candidates[order[k]], sd, rng);
                    if (taken.insert(c).second)
                        batch.push_back(std::move(c));
                }
            if (batch.empty())
                continue;
            const std::vector<double> s = score(gp, batch, best);
            candidates.insert(candidates.end(), std::make_move_iterator(batch.begin()),
                              std::make_move_iterator(batch.end()));
            scores.insert(scores.end(), s.begin(), s.end());
        }
    }

    Space m_space;
    uint64_t m_seed;
    double m_sign;
    size_t m_initial;
};

}  // namespace

std::unique_ptr<Searcher> makeSearcher(const TuningSpec &spec, uint64_t seed, bool shuffleGrid)
{
    switch (spec.algorithm) {
        case SearchAlgorithm::GridSearch:
            return std::make_unique<GridSearcher>(spec, seed, shuffleGrid);
        case SearchAlgorithm::RandomSearch:
            return std::make_unique<RandomSearcher>(spec, seed);
        case SearchAlgorithm::Unspecified:
            break;
    }
    return std::make_unique<BayesianSearcher>(spec, seed);
}

}  // namespace covertype
