// Hyperparameter search: grid, random, and Bayesian optimisation (Gaussian process + expected
// improvement), proposing one configuration at a time from what has been observed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "tuning/tuningspec.h"

namespace covertype {

struct TrialObservation
{
    ParameterValues values;
    std::optional<double> objective;  ///< nullopt: the trial failed (no metric)
    /// The trial was stopped early: `objective` (if any) is a partial metric, below the median of
    /// the trials before it, not a final one.
    bool stoppedEarly = false;
};

class Searcher
{
public:
    virtual ~Searcher() = default;
    /// The next configuration to try, given the finished trials and those still running
    /// (`pending`); nullopt when the space is exhausted (a finished grid). Deterministic: the same
    /// seed and the same arguments give the same answer.
    [[nodiscard]] virtual std::optional<ParameterValues> suggest(
        const std::vector<TrialObservation> &finished,
        const std::vector<ParameterValues> &pending) = 0;
};

/// The searcher for spec.algorithm (Unspecified -> Bayesian). `shuffleGrid` visits the grid in a
/// seeded random order. The spec must be valid (validateTuningSpec).
[[nodiscard]] std::unique_ptr<Searcher> makeSearcher(const TuningSpec &spec, uint64_t seed,
                                                     bool shuffleGrid = false);

}  // namespace covertype
