// One-vs-rest SGD logistic regression with scikit-learn 1.2 SGDClassifier semantics.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/error.h"
#include "ml/features.h"

namespace covertype::ml {

/// sklearn's Cython `Log` loss for decision value p and label y in {-1, +1}, with its 18/-18
/// cut-offs: log(1 + exp(-p*y)).
[[nodiscard]] double logLoss(double p, double y);
/// Derivative of logLoss with respect to p: -y / (exp(p*y) + 1), with the same cut-offs.
[[nodiscard]] double logDLoss(double p, double y);

/// sklearn's SPARSE_INTERCEPT_DECAY, used when the training matrix is sparse.
inline constexpr double kSparseInterceptDecay = 0.01;
/// ColumnTransformer's default sparse_threshold: output is sparse when density is below it.
inline constexpr double kSparseThreshold = 0.3;

/// Hyperparameters of SGDClassifier(loss='log_loss', penalty='l2', learning_rate='optimal').
struct SgdParams
{
    double alpha = 0.0001;        ///< L2 strength, > 0
    int maxIter = 1000;           ///< epochs at most, >= 1
    double tol = 1e-3;            ///< stop when the epoch loss improves by less than tol * rows ...
    int nIterNoChange = 5;        ///< ... this many epochs in a row
    uint64_t seed = 0;            ///< shuffling; each binary problem derives its own stream from it
    int threads = 0;              ///< binary problems trained in parallel; 0 = all cores
    double interceptDecay = 1.0;  ///< 1.0 for dense input, kSparseInterceptDecay for sparse
    bool shuffle = true;          ///< reshuffle the rows every epoch (sklearn's shuffle)
};

class SgdClassifier;

/// State after one lockstep epoch, passed to the fit callback.
struct SgdEpoch
{
    int epoch = 0;           ///< 1-based
    double meanLoss = 0.0;   ///< mean over binary problems of their last epoch's sumloss / rows
    int activeProblems = 0;  ///< binary problems trained in this epoch
    const SgdClassifier *current{};  ///< the coefficients as they stand after this epoch
};
/// Returns false to cancel the fit.
using SgdEpochCallback = std::function<bool(const SgdEpoch &)>;

struct SgdFitResult;

/// A fitted linear classifier. With two classes there is one binary problem (positive class =
/// classes()[1]), as in sklearn; with k > 2 classes there are k one-vs-rest problems.
class SgdClassifier
{
public:
    SgdClassifier() = default;

    /// Trains on `x` (rows x featureCount) with labels `y` (one per row, at least two distinct
    /// values). Binary problems run in lockstep epochs, in parallel on params.threads threads; the
    /// result depends only on the data and params.seed, never on the thread count.
    /// Errors: InvalidArgument (bad params or labels, divergence), Cancelled (callback said no).
    [[nodiscard]] static Expected<SgdFitResult> fit(const FeatureMatrix &x,
                                                    std::span<const int64_t> y,
                                                    const SgdParams &params,
                                                    const SgdEpochCallback &onEpoch = {});

    /// Rebuilds a fitted classifier. `classes` strictly increasing (>= 2); coefficients
    /// problems x features with problems = 1 for two classes, else classes.size(); one intercept
    /// per problem; everything finite. Errors are ErrorCode::Corrupt.
    [[nodiscard]] static Expected<SgdClassifier> fromParts(std::vector<int64_t> classes,
                                                           Eigen::MatrixXd coefficients,
                                                           Eigen::VectorXd intercepts,
                                                           double interceptDecay);

    [[nodiscard]] const std::vector<int64_t> &classes() const { return m_classes; }
    /// problems x featureCount.
    [[nodiscard]] const Eigen::MatrixXd &coefficients() const { return m_coef; }
    [[nodiscard]] const Eigen::VectorXd &intercepts() const { return m_intercept; }
    [[nodiscard]] double interceptDecay() const { return m_interceptDecay; }
    [[nodiscard]] Eigen::Index featureCount() const { return m_coef.cols(); }

    /// rows x problems: X * coef^T + intercept. Requires x.featureCount == featureCount().
    [[nodiscard]] Eigen::MatrixXd decisionFunction(const FeatureMatrix &x) const;
    /// One class label per row: argmax of the decision function (first on ties), or for two
    /// classes classes()[1] when the decision value is > 0.
    [[nodiscard]] std::vector<int64_t> predict(const FeatureMatrix &x) const;
    /// rows x classes, rows summing to 1: sklearn's _predict_proba_lr (sigmoid of each decision
    /// value, normalised; [1 - p, p] for two classes).
    [[nodiscard]] Eigen::MatrixXd predictProba(const FeatureMatrix &x) const;

private:
    std::vector<int64_t> m_classes;
    Eigen::MatrixXd m_coef;
    Eigen::VectorXd m_intercept;
    double m_interceptDecay = 1.0;
};

struct SgdFitResult
{
    SgdClassifier classifier;
    int epochs = 0;          ///< max over binary problems (sklearn's n_iter_)
    bool converged = false;  ///< every problem met the stopping criterion within maxIter
};

}  // namespace covertype::ml
