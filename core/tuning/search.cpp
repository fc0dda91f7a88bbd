// Hyperparameter search: grid (ordered or seeded-shuffled), random, and Bayesian optimisation with
// a Gaussian process and expected improvement; stateless, so a seed and the trials fix each answer.
#include "tuning/search.h"

#include <Eigen/Core>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "ml/gaussianprocess.h"
#include "tuning/searchspace.h"

namespace covertype {
namespace {

using namespace detail;
using ml::expectedImprovement;
using ml::GaussianProcess;

/// A random configuration not in `seen`; nullopt when a finite space is exhausted (or, for an
/// uncountable one, when 1,000 draws all collided, which only a degenerate range can cause).
std::optional<Config> randomUnseen(const SearchSpace &space, const ConfigSet &seen,
                                   std::mt19937_64 &rng)
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
    SearchSpace m_space;
    IndexPermutation m_permutation;
    bool m_shuffle;
};

// ---- Random search

constexpr uint64_t kRandomStream = 1;
constexpr uint64_t kBayesStream = 2;
constexpr uint64_t kDesignOrderStream = 3;
constexpr uint64_t kDesignJitterStream = 4;

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
    SearchSpace m_space;
    uint64_t m_seed;
};

// ---- Bayesian optimisation

class BayesianSearcher final : public Searcher
{
public:
    BayesianSearcher(const TuningSpec &spec, uint64_t seed)
        : m_space(spec),
          m_seed(seed),
          m_sign(spec.goal == Goal::Minimize ? -1.0 : 1.0),
          m_initial(std::min(std::max<size_t>(2, spec.params.size() + 1),
                             std::max<size_t>(2, size_t(std::max(spec.maxTrials, 0)) / 2))),
          // The tuner proposes a round of maxParallelTrials trials from the earlier rounds only,
          // so the whole first round is proposed without any observation.
          m_designSize(std::min(size_t(std::max(spec.maxTrials, 1)),
                                std::max(m_initial, size_t(std::max(spec.maxParallelTrials, 1))))),
          m_parallel(size_t(std::max(spec.maxParallelTrials, 1))),
          m_maxTrials(size_t(std::max(spec.maxTrials, 0)))
    {
    }

    std::optional<ParameterValues> suggest(const std::vector<TrialObservation> &finished,
                                           const std::vector<ParameterValues> &pending) override
    {
        auto rng = streamFor(m_seed, finished.size() + pending.size(), kBayesStream);
        const ConfigSet seen = m_space.seen(finished, pending);

        std::vector<Config> observed;
        std::vector<double> values;
        std::vector<Config> stopped;
        for (const TrialObservation &t : finished) {
            if (!t.objective || !std::isfinite(*t.objective))
                continue;  // failed: not fitted, but `seen` keeps it from being proposed again
            auto c = m_space.canonical(t.values);
            if (!c)
                continue;
            if (t.stoppedEarly) {
                stopped.push_back(std::move(*c));
            } else {
                observed.push_back(std::move(*c));
                values.push_back(m_sign * *t.objective);
            }
        }
        // A trial stopped early fell below the median of the trials before it; its partial
        // metric is not comparable with final ones (it would dwarf their differences), but
        // ignoring it would send the search straight back to the region that failed. It is
        // fitted as no better than the worst finished trial.
        if (!values.empty()) {
            const double worst = *std::ranges::min_element(values);
            for (Config &c : stopped) {
                observed.push_back(std::move(c));
                values.push_back(worst);
            }
        }
        const size_t index = finished.size() + pending.size();
        if (index < m_initial || observed.size() < 2) {
            // A Latin hypercube over the first trials: every parameter's range is cut into
            // m_designSize equal strata (on its scale) and each stratum is tried once, so the GP
            // starts from points spread over the space rather than possibly clumped ones.
            if (index < m_designSize) {
                Config c = m_space.atPositions(designPositions(index));
                if (!seen.contains(c))
                    return c;
            }
            return randomUnseen(m_space, seen, rng);
        }

        // Fit on the standardised objective (negated for MINIMIZE, so larger is better).
        const Eigen::Map<const Eigen::VectorXd> raw(values.data(), Eigen::Index(values.size()));
        const double mean = raw.mean();
        double sd = std::sqrt((raw.array() - mean).square().mean());
        if (!(sd > 1e-12))
            sd = 1.0;
        const Eigen::VectorXd y = (raw.array() - mean) / sd;
        GaussianProcess gp(groups());
        const Eigen::MatrixXd xObserved = encode(observed);
        gp.fit(xObserved, y);
        // The incumbent is the best posterior mean at a measured point rather than the best
        // measurement: trial metrics are noisy (each trial trains with its own shuffle), and
        // one lucky measurement would otherwise leave no improvement to expect near the others.
        Eigen::VectorXd fitted, fittedSd;
        gp.predict(xObserved, fitted, fittedSd);
        double best = fitted.maxCoeff();

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
        // In the last round no later trial can profit from what this one explores, and the run's
        // answer is its best trial: score by an optimistic estimate (mean + one sd) instead of
        // expected improvement, which favours the unexplored edges of the space.
        m_finalRound = finished.size() + m_parallel >= m_maxTrials;
        std::vector<double> scores = score(gp, candidates, best);
        refineLocally(gp, best, seen, rng, candidates, scores);
        const auto top = std::ranges::max_element(scores) - scores.begin();
        return candidates[size_t(top)];
    }

private:
    static constexpr size_t kRandomCandidates = 2000;
    static constexpr double kFinalRoundKappa = 1.0;

    /// Unit positions of design point `index` < m_designSize: parameter d takes stratum
    /// order_d[index] of a seeded permutation order_d, jittered uniformly inside the stratum.
    [[nodiscard]] std::vector<double> designPositions(size_t index) const
    {
        std::vector<double> u(m_space.params());
        auto jitter = streamFor(m_seed, index, kDesignJitterStream);
        for (size_t d = 0; d < u.size(); ++d) {
            auto orderRng = streamFor(m_seed, d, kDesignOrderStream);
            std::vector<size_t> order(m_designSize);
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            for (size_t i = order.size(); i > 1; --i)  // Fisher-Yates
                std::swap(order[i - 1], order[size_t(uniformBelow(orderRng, i))]);
            u[d] = (double(order[index]) + uniform01(jitter)) / double(m_designSize);
        }
        return u;
    }
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
            out[i] = m_finalRound
                         ? mean[Eigen::Index(i)] + kFinalRoundKappa * sd[Eigen::Index(i)]
                         : expectedImprovement(mean[Eigen::Index(i)], sd[Eigen::Index(i)], best);
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

    SearchSpace m_space;
    uint64_t m_seed;
    double m_sign;
    size_t m_initial;
    size_t m_designSize;
    size_t m_parallel;
    size_t m_maxTrials;
    bool m_finalRound = false;
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
