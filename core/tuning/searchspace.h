// Internal to the searchers: a spec's search space and the seeded random numbers they draw from.
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "tuning/search.h"
#include "tuning/tuningspec.h"

namespace covertype::detail {

using Config = ParameterValues;
using ConfigSet = std::set<Config>;

// ---- Random numbers
// std::*_distribution differ between standard libraries; these are spelled out so that a seed gives
// the same suggestions with any toolchain.

uint64_t splitmix64(uint64_t x);

/// The generator for suggestion number `index` (finished + pending trials): a pure function of the
/// seed and the index, so asking twice with the same trials gives the same answer.
std::mt19937_64 streamFor(uint64_t seed, uint64_t index, uint64_t purpose);

/// Uniform in [0, 1), 53 random bits.
double uniform01(std::mt19937_64 &rng);

/// Uniform in [0, n) for n >= 1, without modulo bias.
uint64_t uniformBelow(std::mt19937_64 &rng, uint64_t n);

/// Standard normal (Box-Muller, one draw of the pair).
double standardNormal(std::mt19937_64 &rng);

/// Stands for "too many to count" (any DOUBLE range, or a product that would overflow).
inline constexpr uint64_t kHuge = uint64_t(1) << 62;

/// The parameters of a spec as the searchers see them. Every numeric parameter has a position
/// t in [0, 1] through its scale; an INTEGER k occupies the cell [k, k + 1) so that its position is
/// that of k + 0.5 and floor() maps a position back. The GP sees one feature per numeric parameter
/// and a one-hot block per CATEGORICAL one.
class SearchSpace
{
public:
    explicit SearchSpace(const TuningSpec &spec);

    [[nodiscard]] size_t params() const { return m_params.size(); }
    [[nodiscard]] size_t features() const { return m_features; }
    /// Distinct configurations, kHuge when uncountable.
    [[nodiscard]] uint64_t size() const { return m_size; }
    [[nodiscard]] const ParameterSpec &param(size_t i) const { return m_params[i]; }
    [[nodiscard]] size_t offset(size_t i) const { return m_offset[i]; }

    static uint64_t valueCount(const ParameterSpec &p);

    /// The configuration in the space's own value types (int64 for INTEGER, a DISCRETE value
    /// exactly as listed), or nullopt when it does not belong to the space.
    [[nodiscard]] std::optional<Config> canonical(const Config &values) const;

    /// Every finished and pending configuration that belongs to the space.
    [[nodiscard]] ConfigSet seen(const std::vector<TrialObservation> &finished,
                                 const std::vector<ParameterValues> &pending) const;

    /// Grid point `index` < size(): mixed radix, the last parameter varying fastest.
    [[nodiscard]] Config gridPoint(uint64_t index) const;

    /// Random search's distribution: DOUBLE and INTEGER uniform in t (so through the scale),
    /// DISCRETE and CATEGORICAL a uniform choice.
    [[nodiscard]] Config sample(std::mt19937_64 &rng) const;

    /// The configuration at unit positions `u` (one per parameter, each in [0, 1)): numeric
    /// parameters through their scale, DISCRETE and CATEGORICAL value floor(u * count), so that
    /// equal strata of u select every value equally often.
    [[nodiscard]] Config atPositions(const std::vector<double> &u) const;
    /// A neighbour of `c`: numeric positions moved by N(0, sd) and snapped, each CATEGORICAL
    /// value redrawn with probability 0.2.
    [[nodiscard]] Config perturb(const Config &c, double sd, std::mt19937_64 &rng) const;

    /// GP input of a canonical configuration: features() values in [0, 1].
    void encode(const Config &c, Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>> out) const;

private:
    static ParameterValue valueAt(const ParameterSpec &p, uint64_t j);

    static double discreteLo(const ParameterSpec &p) { return p.discreteValues.front(); }
    static double discreteHi(const ParameterSpec &p) { return p.discreteValues.back(); }

    static size_t nearestDiscrete(const ParameterSpec &p, double x);

    /// Position in [0, 1] of a numeric value.
    static double unitOf(const ParameterSpec &p, const ParameterValue &v);

    /// The numeric value at position t; DISCRETE snaps to the allowed value nearest in t.
    static ParameterValue valueFromUnit(const ParameterSpec &p, double t);

    std::vector<ParameterSpec> m_params;
    std::vector<size_t> m_offset;
    size_t m_features = 0;
    uint64_t m_size = 1;
};

}  // namespace covertype::detail
