// Gaussian-process regression and expected improvement: the numeric core of Bayesian optimisation.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace covertype::ml {

/// Gaussian-process regression with a Matern 5/2 kernel, one length scale per feature group (a
/// CATEGORICAL parameter's one-hot block shares one), a signal variance and a noise variance.
/// Inputs are n x d matrices with rows in [0, 1]^d; columns outside every group are ignored.
/// Targets are n-vectors, standardised (mean 0, variance 1) for the hyperparameter priors to
/// fit; predictions come back in the targets' units. Deterministic: the same data give the same
/// hyperparameters and predictions, bit for bit.
class GaussianProcess
{
public:
    /// groups[g] = (first feature, feature count): columns [first, first + count) of the inputs.
    explicit GaussianProcess(std::vector<std::pair<size_t, size_t>> groups);

    /// Chooses the hyperparameters by maximising the log marginal likelihood plus weak log-normal
    /// priors (which keep them sane with few points): the best of an isotropic grid, refined by a
    /// deterministic coordinate pattern search in log space. Then conditions on (x, y).
    /// x: n x d with n >= 1, y: n entries.
    void fit(const Eigen::MatrixXd &x, const Eigen::VectorXd &y);

    /// Conditions on (x, y) with the current hyperparameters. Rows from `measured` on are
    /// "kriging believer" fantasies: believed values of the latent function, so they get only a
    /// tiny noise (the variance right next to them collapses) and do not move the hyperparameters.
    /// x: n x d, y: n entries, 0 <= measured <= n.
    void condition(const Eigen::MatrixXd &x, const Eigen::VectorXd &y, Eigen::Index measured);

    /// Posterior mean and standard deviation of the latent function (no noise) at the rows of xs.
    /// xs: m x d; mean and sd get m entries, sd >= 0. Requires fit() first.
    void predict(const Eigen::MatrixXd &xs, Eigen::VectorXd &mean, Eigen::VectorXd &sd) const;

private:
    [[nodiscard]] double signalVariance() const { return std::exp(m_theta[m_theta.size() - 2]); }
    [[nodiscard]] double noiseVariance() const { return std::exp(m_theta[m_theta.size() - 1]); }

    // Bounds in log space: length scales [0.01, 20] (20 switches a parameter off in the unit
    // cube), signal variance [0.05, 20], noise variance [1e-6, 1].
    [[nodiscard]] double lowerBound(Eigen::Index k) const;
    [[nodiscard]] double upperBound(Eigen::Index k) const;

    /// Log marginal likelihood + log priors: log length ~ N(log 0.5, 1), log signal ~ N(0, 1),
    /// log noise ~ N(log 1e-3, 3); constants dropped.
    double logPosterior(const std::vector<Eigen::MatrixXd> &sq, const Eigen::VectorXd &y,
                        const Eigen::VectorXd &theta) const;

    /// Signal variance * Matern 5/2 between the rows of a and of b (a.rows() x b.rows()).
    [[nodiscard]] Eigen::MatrixXd kernel(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b) const;

    std::vector<std::pair<size_t, size_t>> m_groups;
    Eigen::VectorXd m_theta;  ///< log length scales per group, log signal var, log noise var
    Eigen::MatrixXd m_x;
    Eigen::LLT<Eigen::MatrixXd> m_chol;
    Eigen::VectorXd m_alpha;
};

/// Expected improvement of a point with posterior `mean` and standard deviation `sd` over the
/// incumbent `best`, for maximisation, less an exploration margin of 0.01. All three in the
/// targets' units (the searcher's standardised objective); sd >= 0. Returns a value >= 0:
/// max(mean - best - 0.01, 0) when sd is below 1e-12.
[[nodiscard]] double expectedImprovement(double mean, double sd, double best);

}  // namespace covertype::ml
