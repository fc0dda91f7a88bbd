// SGD logistic regression: sklearn 1.2 _plain_sgd (optimal schedule, L2, lazy weight scale), OvR.
#include "ml/sgdclassifier.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <thread>

namespace covertype::ml {

namespace {

constexpr double kMaxDLoss = 1e12;
/// WeightVector renormalises when its scale falls below this (sklearn's WSCALE_THRESHOLD).
constexpr double kWeightScaleThreshold = 1e-9;

/// One binary problem's optimiser state; everything a lockstep epoch needs.
struct BinaryProblem
{
    std::vector<double> w;  ///< the true weights are w * wscale
    double wscale = 1.0;
    double intercept = 0.0;
    double t = 1.0;
    double bestLoss = std::numeric_limits<double>::infinity();
    double lastLoss = 0.0;  ///< sumloss / rows of the last epoch
    int noImprovement = 0;
    int epochs = 0;
    bool done = false;
    bool converged = false;
    bool diverged = false;
    std::mt19937_64 rng;
    std::vector<uint32_t> order;
    int64_t positive = 0;  ///< the class labelled +1; every other label is -1
};

struct Schedule
{
    double alpha;
    double optimalInit;
    double interceptDecay;
};

Schedule makeSchedule(const SgdParams &params)
{
    const double typw = std::sqrt(1.0 / std::sqrt(params.alpha));
    const double initialEta0 = typw / std::max(1.0, logDLoss(-typw, 1.0));
    return {params.alpha, 1.0 / (initialEta0 * params.alpha), params.interceptDecay};
}

/// Seed of binary problem k's shuffle stream: a pure function of the user seed and k.
std::seed_seq::result_type seedPart(uint64_t v, int half)
{
    return std::seed_seq::result_type(half == 0 ? (v & 0xffffffffu) : (v >> 32));
}

/// Uniform integer in [0, bound) from a 64-bit generator (bias < bound / 2^64, negligible).
uint64_t below(std::mt19937_64 &rng, uint64_t bound)
{
    return rng() % bound;
}

void renormalise(BinaryProblem &p)
{
    for (double &v : p.w)
        v *= p.wscale;
    p.wscale = 1.0;
}

/// One pass over the shuffled rows, exactly sklearn's inner loop for the sparse-row layout.
void runEpoch(BinaryProblem &p, const FeatureMatrix &x, std::span<const int64_t> y,
              const Schedule &s, const SgdParams &params)
{
    const size_t n = x.rows;
    const size_t nn = x.numericCount;
    const size_t nc = x.categoricalCount;
    // Fisher-Yates on the problem's own order, continuing its stream every epoch.
    for (size_t i = 0; params.shuffle && i + 1 < n; ++i) {
        const size_t j = i + size_t(below(p.rng, n - i));
        std::swap(p.order[i], p.order[j]);
    }
    double *w = p.w.data();
    double sumLoss = 0.0;
    for (size_t k = 0; k < n; ++k) {
        const size_t row = p.order[k];
        const double *xn = x.numericRow(row);
        const int32_t *xa = x.activeRow(row);
        double dot = 0.0;
        for (size_t j = 0; j < nn; ++j)
            dot += w[j] * xn[j];
        for (size_t c = 0; c < nc; ++c)
            if (xa[c] >= 0)
                dot += w[xa[c]];
        const double pred = dot * p.wscale + p.intercept;
        const double yv = y[row] == p.positive ? 1.0 : -1.0;
        const double eta = 1.0 / (s.alpha * (s.optimalInit + p.t - 1.0));
        sumLoss += logLoss(pred, yv);
        const double dloss = std::clamp(logDLoss(pred, yv), -kMaxDLoss, kMaxDLoss);
        const double update = -eta * dloss;

        // L2: w *= max(0, 1 - eta * alpha), lazily through the scale.
        p.wscale *= std::max(0.0, 1.0 - eta * s.alpha);
        if (p.wscale < kWeightScaleThreshold)
            renormalise(p);
        if (update != 0.0) {
            const double c = update / p.wscale;
            for (size_t j = 0; j < nn; ++j)
                w[j] += xn[j] * c;
            for (size_t a = 0; a < nc; ++a)
                if (xa[a] >= 0)
                    w[xa[a]] += c;
            p.intercept += update * s.interceptDecay;
        }
        p.t += 1.0;
    }

    ++p.epochs;
    p.lastLoss = sumLoss / double(n);
    if (sumLoss > p.bestLoss - params.tol * double(n))
        ++p.noImprovement;
    else
        p.noImprovement = 0;
    if (sumLoss < p.bestLoss)
        p.bestLoss = sumLoss;

    bool finite = std::isfinite(p.intercept) && std::isfinite(p.wscale);
    for (size_t j = 0; finite && j < p.w.size(); ++j)
        finite = std::isfinite(p.w[j]);
    if (!finite) {
        p.diverged = true;
        p.done = true;
    } else if (p.noImprovement >= params.nIterNoChange) {
        p.converged = true;
        p.done = true;
    } else if (p.epochs >= params.maxIter) {
        p.done = true;
    }
}

/// Runs `work(i)` for every i in `items`, on up to `threads` threads (the caller's included).
template <class Work>
void runParallel(const std::vector<size_t> &items, int threads, const Work &work)
{
    const int workers = std::min<int>(threads, int(items.size()));
    if (workers <= 1) {
        for (size_t item : items)
            work(item);
        return;
    }
    std::atomic<size_t> next{0};
    auto loop = [&] {
        for (size_t i = next++; i < items.size(); i = next++)
            work(items[i]);
    };
    std::vector<std::jthread> pool;
    pool.reserve(size_t(workers - 1));
    for (int i = 1; i < workers; ++i)
        pool.emplace_back(loop);
    loop();
}

void snapshot(const std::vector<BinaryProblem> &problems, Eigen::MatrixXd &coef,
              Eigen::VectorXd &intercept)
{
    for (size_t k = 0; k < problems.size(); ++k) {
        const BinaryProblem &p = problems[k];
        for (size_t j = 0; j < p.w.size(); ++j)
            coef(Eigen::Index(k), Eigen::Index(j)) = p.w[j] * p.wscale;
        intercept(Eigen::Index(k)) = p.intercept;
    }
}

double sigmoidLog(double s)
{
    // log(1 / (1 + exp(-s))) without overflow.
    return s >= 0 ? -std::log1p(std::exp(-s)) : s - std::log1p(std::exp(s));
}

}  // namespace

double logLoss(double p, double y)
{
    const double z = p * y;
    if (z > 18.0)
        return std::exp(-z);
    if (z < -18.0)
        return -z;
    return std::log(1.0 + std::exp(-z));
}

double logDLoss(double p, double y)
{
    const double z = p * y;
    if (z > 18.0)
        return std::exp(-z) * -y;
    if (z < -18.0)
        return -y;
    return -y / (std::exp(z) + 1.0);
}

Expected<SgdFitResult> SgdClassifier::fit(const FeatureMatrix &x, std::span<const int64_t> y,
                                          const SgdParams &params, const SgdEpochCallback &onEpoch)
{
    if (!(params.alpha > 0.0) || !std::isfinite(params.alpha))
        return fail(ErrorCode::InvalidArgument, "alpha must be a finite number > 0");
    if (params.maxIter < 1)
        return fail(ErrorCode::InvalidArgument, "max_iter must be at least 1");
    if (!(params.tol >= 0.0) || !std::isfinite(params.tol))
        return fail(ErrorCode::InvalidArgument, "tol must be a finite number >= 0");
    if (params.nIterNoChange < 1)
        return fail(ErrorCode::InvalidArgument, "n_iter_no_change must be at least 1");
    if (params.threads < 0)
        return fail(ErrorCode::InvalidArgument, "threads must be >= 0 (0 = all cores)");
    if (!(params.interceptDecay > 0.0) || !std::isfinite(params.interceptDecay))
        return fail(ErrorCode::InvalidArgument, "intercept decay must be a finite number > 0");
    if (y.size() != x.rows)
        return fail(ErrorCode::InvalidArgument, "labels and rows differ in number (" +
                                                    std::to_string(y.size()) + " vs " +
                                                    std::to_string(x.rows) + ")");
    if (x.rows > size_t(std::numeric_limits<uint32_t>::max()))
        return fail(ErrorCode::InvalidArgument, "too many rows for one training");

    std::vector<int64_t> classes(y.begin(), y.end());
    std::ranges::sort(classes);
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    if (classes.size() < 2)
        return fail(ErrorCode::InvalidArgument, "training needs at least 2 classes in the labels");

    const size_t problemCount = classes.size() == 2 ? 1 : classes.size();
    const Schedule schedule = makeSchedule(params);
    std::vector<BinaryProblem> problems(problemCount);
    for (size_t k = 0; k < problemCount; ++k) {
        BinaryProblem &p = problems[k];
        p.positive = classes.size() == 2 ? classes[1] : classes[k];
        p.w.assign(x.featureCount, 0.0);
        p.order.resize(x.rows);
        for (size_t r = 0; r < x.rows; ++r)
            p.order[r] = uint32_t(r);
        std::seed_seq seq{seedPart(params.seed, 0), seedPart(params.seed, 1),
                          std::seed_seq::result_type(k), std::seed_seq::result_type(0x5364u)};
        p.rng.seed(seq);
    }

    const int threads =
        params.threads > 0 ? params.threads : std::max(1, int(std::thread::hardware_concurrency()));
    SgdClassifier current;
    current.m_classes = classes;
    current.m_coef =
        Eigen::MatrixXd::Zero(Eigen::Index(problemCount), Eigen::Index(x.featureCount));
    current.m_intercept = Eigen::VectorXd::Zero(Eigen::Index(problemCount));
    current.m_interceptDecay = params.interceptDecay;

    int epoch = 0;
    std::vector<size_t> active;
    while (true) {
        active.clear();
        for (size_t k = 0; k < problemCount; ++k)
            if (!problems[k].done)
                active.push_back(k);
        if (active.empty())
            break;
        ++epoch;
        runParallel(active, threads,
                    [&](size_t k) { runEpoch(problems[k], x, y, schedule, params); });

        for (size_t k : active)
            if (problems[k].diverged)
                return fail(ErrorCode::InvalidArgument,
                            "training diverged (non-finite weights) at epoch " +
                                std::to_string(epoch) + " for class " +
                                std::to_string(classes.size() == 2 ? classes[1] : classes[k]) +
                                "; try a larger alpha");
        if (onEpoch) {
            double loss = 0.0;
            for (const BinaryProblem &p : problems)
                loss += p.lastLoss;
            snapshot(problems, current.m_coef, current.m_intercept);
            const SgdEpoch report{epoch, loss / double(problemCount), int(active.size()), &current};
            if (!onEpoch(report))
                return fail(ErrorCode::Cancelled,
                            "training cancelled at epoch " + std::to_string(epoch));
        }
    }

    snapshot(problems, current.m_coef, current.m_intercept);
    SgdFitResult result;
    result.classifier = std::move(current);
    result.epochs = epoch;
    result.converged =
        std::ranges::all_of(problems, [](const BinaryProblem &p) { return p.converged; });
    return result;
}

Expected<SgdClassifier> SgdClassifier::fromParts(std::vector<int64_t> classes,
                                                 Eigen::MatrixXd coefficients,
                                                 Eigen::VectorXd intercepts, double interceptDecay)
{
    if (classes.size() < 2)
        return fail(ErrorCode::Corrupt, "a classifier needs at least 2 classes");
    for (size_t i = 1; i < classes.size(); ++i)
        if (classes[i] <= classes[i - 1])
            return fail(ErrorCode::Corrupt, "classes must be strictly increasing");
    const Eigen::Index problems = classes.size() == 2 ? 1 : Eigen::Index(classes.size());
    if (coefficients.rows() != problems)
        return fail(ErrorCode::Corrupt, "expected " + std::to_string(problems) +
                                            " coefficient rows for " +
                                            std::to_string(classes.size()) + " classes, found " +
                                            std::to_string(coefficients.rows()));
    if (intercepts.size() != problems)
        return fail(ErrorCode::Corrupt, "expected " + std::to_string(problems) +
                                            " intercepts, found " +
                                            std::to_string(intercepts.size()));
    if (!coefficients.allFinite() || !intercepts.allFinite())
        return fail(ErrorCode::Corrupt, "coefficients and intercepts must be finite");
    if (!(interceptDecay > 0.0) || !std::isfinite(interceptDecay))
        return fail(ErrorCode::Corrupt, "intercept decay must be a finite number > 0");
    SgdClassifier c;
    c.m_classes = std::move(classes);
    c.m_coef = std::move(coefficients);
    c.m_intercept = std::move(intercepts);
    c.m_interceptDecay = interceptDecay;
    return c;
}

Eigen::MatrixXd SgdClassifier::decisionFunction(const FeatureMatrix &x) const
{
    const Eigen::Index problems = m_coef.rows();
    Eigen::MatrixXd scores(Eigen::Index(x.rows), problems);
    for (size_t r = 0; r < x.rows; ++r) {
        const double *xn = x.numericRow(r);
        const int32_t *xa = x.activeRow(r);
        for (Eigen::Index k = 0; k < problems; ++k) {
            double dot = 0.0;
            for (size_t j = 0; j < x.numericCount; ++j)
                dot += m_coef(k, Eigen::Index(j)) * xn[j];
            for (size_t c = 0; c < x.categoricalCount; ++c)
                if (xa[c] >= 0)
                    dot += m_coef(k, xa[c]);
            scores(Eigen::Index(r), k) = dot + m_intercept(k);
        }
    }
    return scores;
}

std::vector<int64_t> SgdClassifier::predict(const FeatureMatrix &x) const
{
    const Eigen::MatrixXd scores = decisionFunction(x);
    std::vector<int64_t> labels(x.rows);
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        if (scores.cols() == 1) {
            labels[size_t(r)] = scores(r, 0) > 0.0 ? m_classes[1] : m_classes[0];
            continue;
        }
        Eigen::Index best = 0;
        for (Eigen::Index k = 1; k < scores.cols(); ++k)
            if (scores(r, k) > scores(r, best))
                best = k;
        labels[size_t(r)] = m_classes[size_t(best)];
    }
    return labels;
}

Eigen::MatrixXd SgdClassifier::predictProba(const FeatureMatrix &x) const
{
    const Eigen::MatrixXd scores = decisionFunction(x);
    Eigen::MatrixXd proba(scores.rows(), Eigen::Index(m_classes.size()));
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        if (scores.cols() == 1) {
            const double p = std::exp(sigmoidLog(scores(r, 0)));
            proba(r, 0) = 1.0 - p;
            proba(r, 1) = p;
            continue;
        }
        // sigmoid(s_k) / sum_j sigmoid(s_j), computed in log space so it never divides 0 by 0.
        double top = -std::numeric_limits<double>::infinity();
        for (Eigen::Index k = 0; k < scores.cols(); ++k)
            top = std::max(top, sigmoidLog(scores(r, k)));
        double sum = 0.0;
        for (Eigen::Index k = 0; k < scores.cols(); ++k) {
            proba(r, k) = std::exp(sigmoidLog(scores(r, k)) - top);
            sum += proba(r, k);
        }
        proba.row(r) /= sum;
    }
    return proba;
}

}  // namespace covertype::ml
