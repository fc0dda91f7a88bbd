// SGD logistic regression: sklearn 1.2 _plain_sgd (optimal schedule, L2, lazy weight scale), OvR,
// with the one-vs-rest problems trained side by side in SIMD lanes.
#include "ml/sgdclassifier.h"

#include "ml/lanemath.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <thread>

namespace covertype::ml {

namespace {

/// WeightVector renormalises when its scale falls below this (sklearn's WSCALE_THRESHOLD).
constexpr double kWeightScaleThreshold = 1e-9;
/// Binary problems trained together, one per SIMD lane, over one shared row order.
constexpr size_t kLanes = 8;

/// Where one binary problem stands between epochs.
struct ProblemState
{
    double bestLoss = std::numeric_limits<double>::infinity();
    double lastLoss = 0.0;  ///< sumloss / rows of the last epoch
    int noImprovement = 0;
    int epochs = 0;
    bool done = false;
    bool converged = false;
    bool diverged = false;
    std::vector<double> finalWeights;  ///< the true weights, frozen when the problem is done
    double finalIntercept = 0.0;
};

/// Up to kLanes binary problems in lockstep. Every problem sees every row in the same order, so
/// the learning rate (a function of the step count t) and the L2 scale are the same for all of
/// them: one shared wscale stands in for sklearn's per-problem WeightVector scale.
struct LaneBlock
{
    size_t first = 0;  ///< problems [first, first + count)
    size_t count = 0;
    std::vector<double> w;  ///< featureCount x kLanes, feature-major; true weights = w * wscale
    double wscale = 1.0;
    double t = 1.0;
    alignas(64) double intercept[kLanes]{};
    alignas(64) double activeMask[kLanes]{};  ///< 1 while the lane's problem trains, else 0
    alignas(64) double sumLoss[kLanes]{};
    int32_t positiveIndex[kLanes]{};  ///< class index labelled +1, -1 for padding lanes
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

/// Seed of the shuffle stream: a pure function of the user seed.
std::seed_seq::result_type seedPart(uint64_t v, int half)
{
    return std::seed_seq::result_type(half == 0 ? (v & 0xffffffffu) : (v >> 32));
}

/// Uniform integer in [0, bound) from a 64-bit generator (bias < bound / 2^64, negligible).
uint64_t below(std::mt19937_64 &rng, uint64_t bound)
{
    return rng() % bound;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define COVERTYPE_LANE_CLONES \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define COVERTYPE_LANE_CLONES
#endif

/// One pass over `order` for every lane of `b`: sklearn's _plain_sgd inner loop (log loss with
/// its +-18 cut-offs, optimal schedule, lazy L2 scale, sparse-row updates), vectorised across
/// lanes. Each lane's arithmetic is sequential and the file is built without FP contraction, so
/// every target clone gives the same bits.
COVERTYPE_LANE_CLONES
void laneEpoch(LaneBlock &b, const FeatureMatrix &x, const int32_t *classIndex,
               const uint32_t *order, const Schedule &s)
{
    const size_t n = x.rows;
    const size_t nn = x.numericCount;
    const size_t nc = x.categoricalCount;
    double *w = b.w.data();
    double wscale = b.wscale;
    double t = b.t;
    alignas(64) double intercept[kLanes];
    alignas(64) double mask[kLanes];
    alignas(64) double sumLoss[kLanes];
    alignas(64) double positive[kLanes];
    for (size_t k = 0; k < kLanes; ++k) {
        intercept[k] = b.intercept[k];
        mask[k] = b.activeMask[k];
        sumLoss[k] = 0.0;
        positive[k] = double(b.positiveIndex[k]);
    }
    // Rows come in shuffled order, so fetch a few ahead: a row is one or two cache lines.
    constexpr size_t kAhead = 4;
    for (size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) {
            const size_t ahead = order[i + kAhead];
            const double *an = x.numeric.data() + ahead * nn;
            __builtin_prefetch(an);
            __builtin_prefetch(an + nn - 1);
            __builtin_prefetch(x.active.data() + ahead * nc);
        }
        const size_t row = order[i];
        const double *xn = x.numeric.data() + row * nn;
        const int32_t *xa = x.active.data() + row * nc;
        // Two partial sums halve the chain of dependent additions the row waits for.
        alignas(64) double dot[kLanes]{};
        alignas(64) double odd[kLanes]{};
        size_t j = 0;
        for (; j + 1 < nn; j += 2) {
            const double v0 = xn[j];
            const double v1 = xn[j + 1];
            const double *w0 = w + j * kLanes;
            const double *w1 = w0 + kLanes;
            for (size_t k = 0; k < kLanes; ++k) {
                dot[k] += w0[k] * v0;
                odd[k] += w1[k] * v1;
            }
        }
        if (j < nn) {
            const double v = xn[j];
            const double *wj = w + j * kLanes;
            for (size_t k = 0; k < kLanes; ++k)
                dot[k] += wj[k] * v;
        }
        for (size_t k = 0; k < kLanes; ++k)
            dot[k] += odd[k];
        for (size_t c = 0; c < nc; ++c) {
            if (xa[c] < 0)
                continue;
            const double *wj = w + size_t(xa[c]) * kLanes;
            for (size_t k = 0; k < kLanes; ++k)
                dot[k] += wj[k];
        }
        const double eta = 1.0 / (s.alpha * (s.optimalInit + t - 1.0));
        const double label = double(classIndex[row]);
        alignas(64) double update[kLanes];
        for (size_t k = 0; k < kLanes; ++k) {
            const double yv = label == positive[k] ? 1.0 : -1.0;
            const double p = dot[k] * wscale + intercept[k];
            const double z = p * yv;
            // loss log(1 + e^-z) and |dloss| 1 / (e^z + 1) from one e^-|z|.
            const double az = z < 0.0 ? -z : z;
            const double e = lanemath::exp(-az);
            const double onePlus = 1.0 + e;
            const double mid = lanemath::logOneToTwo(onePlus) + (z < 0.0 ? -z : 0.0);
            const double loss = z > 18.0 ? e : (z < -18.0 ? -z : mid);
            const double grad = z > 18.0 ? e : (z < -18.0 ? 1.0 : (z < 0.0 ? 1.0 : e) / onePlus);
            sumLoss[k] += loss;
            update[k] = eta * yv * grad * mask[k];  // -eta * dloss, dloss = -y * grad
        }
        // L2: w *= max(0, 1 - eta * alpha), lazily through the scale.
        const double decay = 1.0 - eta * s.alpha;
        wscale *= decay > 0.0 ? decay : 0.0;
        if (wscale < kWeightScaleThreshold) {
            for (size_t f = 0; f < x.featureCount * kLanes; ++f)
                w[f] *= wscale;
            wscale = 1.0;
        }
        const double inverseScale = 1.0 / wscale;  // off the critical path: no data in it
        alignas(64) double c[kLanes];
        for (size_t k = 0; k < kLanes; ++k)
            c[k] = update[k] * inverseScale;
        for (size_t f = 0; f < nn; ++f) {
            const double v = xn[f];
            double *wf = w + f * kLanes;
            for (size_t k = 0; k < kLanes; ++k)
                wf[k] += v * c[k];
        }
        for (size_t a = 0; a < nc; ++a) {
            if (xa[a] < 0)
                continue;
            double *wj = w + size_t(xa[a]) * kLanes;
            for (size_t k = 0; k < kLanes; ++k)
                wj[k] += c[k];
        }
        for (size_t k = 0; k < kLanes; ++k)
            intercept[k] += update[k] * s.interceptDecay;
        t += 1.0;
    }
    b.wscale = wscale;
    b.t = t;
    for (size_t k = 0; k < kLanes; ++k) {
        b.intercept[k] = intercept[k];
        b.sumLoss[k] = sumLoss[k];
    }
}

/// The true weights of lane `k` of `b`.
void laneWeights(const LaneBlock &b, size_t k, size_t featureCount, std::vector<double> &out)
{
    out.resize(featureCount);
    for (size_t j = 0; j < featureCount; ++j)
        out[j] = b.w[j * kLanes + k] * b.wscale;
}

/// After an epoch: sklearn's stopping rules for every lane that trained in it.
void finishEpoch(LaneBlock &b, std::vector<ProblemState> &problems, size_t rows,
                 size_t featureCount, const SgdParams &params)
{
    for (size_t k = 0; k < b.count; ++k) {
        ProblemState &p = problems[b.first + k];
        if (p.done)
            continue;
        const double sumLoss = b.sumLoss[k];
        ++p.epochs;
        p.lastLoss = sumLoss / double(rows);
        if (sumLoss > p.bestLoss - params.tol * double(rows))
            ++p.noImprovement;
        else
            p.noImprovement = 0;
        if (sumLoss < p.bestLoss)
            p.bestLoss = sumLoss;

        bool finite = std::isfinite(b.intercept[k]) && std::isfinite(b.wscale);
        for (size_t j = 0; finite && j < featureCount; ++j)
            finite = std::isfinite(b.w[j * kLanes + k]);
        if (!finite)
            p.diverged = true;
        else if (p.noImprovement >= params.nIterNoChange)
            p.converged = true;
        if (p.diverged || p.converged || p.epochs >= params.maxIter) {
            p.done = true;
            laneWeights(b, k, featureCount, p.finalWeights);
            p.finalIntercept = b.intercept[k];
            b.activeMask[k] = 0.0;
        }
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

void snapshot(const std::vector<LaneBlock> &blocks, const std::vector<ProblemState> &problems,
              size_t featureCount, Eigen::MatrixXd &coef, Eigen::VectorXd &intercept)
{
    std::vector<double> weights;
    for (const LaneBlock &b : blocks) {
        for (size_t k = 0; k < b.count; ++k) {
            const size_t problem = b.first + k;
            const ProblemState &p = problems[problem];
            if (p.done)
                weights = p.finalWeights;
            else
                laneWeights(b, k, featureCount, weights);
            for (size_t j = 0; j < featureCount; ++j)
                coef(Eigen::Index(problem), Eigen::Index(j)) = weights[j];
            intercept(Eigen::Index(problem)) = p.done ? p.finalIntercept : b.intercept[k];
        }
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
    std::vector<int32_t> classIndex(x.rows);
    for (size_t r = 0; r < x.rows; ++r)
        classIndex[r] = int32_t(std::ranges::lower_bound(classes, y[r]) - classes.begin());
    std::vector<ProblemState> problems(problemCount);
    std::vector<LaneBlock> blocks((problemCount + kLanes - 1) / kLanes);
    for (size_t bi = 0; bi < blocks.size(); ++bi) {
        LaneBlock &b = blocks[bi];
        b.first = bi * kLanes;
        b.count = std::min(kLanes, problemCount - b.first);
        b.w.assign(x.featureCount * kLanes, 0.0);
        for (size_t k = 0; k < kLanes; ++k) {
            const bool used = k < b.count;
            b.activeMask[k] = used ? 1.0 : 0.0;
            // With two classes the single problem's positive class is classes[1], as in sklearn.
            b.positiveIndex[k] = !used ? -1 : int32_t(classes.size() == 2 ? 1 : b.first + k);
        }
    }
    std::vector<uint32_t> order(x.rows);
    for (size_t r = 0; r < x.rows; ++r)
        order[r] = uint32_t(r);
    std::seed_seq seq{seedPart(params.seed, 0), seedPart(params.seed, 1),
                      std::seed_seq::result_type(0x5364u)};
    std::mt19937_64 rng(seq);

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
        for (size_t bi = 0; bi < blocks.size(); ++bi)
            if (std::ranges::any_of(std::span(blocks[bi].activeMask),
                                    [](double m) { return m != 0.0; }))
                active.push_back(bi);
        if (active.empty())
            break;
        ++epoch;
        // Fisher-Yates, continuing the stream every epoch; all problems share the order.
        for (size_t i = 0; params.shuffle && i + 1 < x.rows; ++i) {
            const size_t j = i + size_t(below(rng, x.rows - i));
            std::swap(order[i], order[j]);
        }
        int activeProblems = 0;
        for (size_t bi : active)
            for (size_t k = 0; k < blocks[bi].count; ++k)
                activeProblems += blocks[bi].activeMask[k] != 0.0 ? 1 : 0;
        runParallel(active, threads, [&](size_t bi) {
            laneEpoch(blocks[bi], x, classIndex.data(), order.data(), schedule);
            finishEpoch(blocks[bi], problems, x.rows, x.featureCount, params);
        });

        for (size_t k = 0; k < problemCount; ++k)
            if (problems[k].diverged)
                return fail(ErrorCode::InvalidArgument,
                            "training diverged (non-finite weights) at epoch " +
                                std::to_string(epoch) + " for class " +
                                std::to_string(classes.size() == 2 ? classes[1] : classes[k]) +
                                "; try a larger alpha");
        if (onEpoch) {
            double loss = 0.0;
            for (const ProblemState &p : problems)
                loss += p.lastLoss;
            snapshot(blocks, problems, x.featureCount, current.m_coef, current.m_intercept);
            const SgdEpoch report{epoch, loss / double(problemCount), activeProblems, &current};
            if (!onEpoch(report))
                return fail(ErrorCode::Cancelled,
                            "training cancelled at epoch " + std::to_string(epoch));
        }
    }

    snapshot(blocks, problems, x.featureCount, current.m_coef, current.m_intercept);
    SgdFitResult result;
    result.classifier = std::move(current);
    result.epochs = epoch;
    result.converged =
        std::ranges::all_of(problems, [](const ProblemState &p) { return p.converged; });
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

namespace {

/// The coefficients of problems [first, first + count), count <= kLanes, feature-major with kLanes
/// lanes per feature (unused lanes zero), and their intercepts.
struct LaneCoefficients
{
    std::vector<double> w;
    alignas(64) double intercept[kLanes]{};
    size_t count = 0;
};

LaneCoefficients laneCoefficients(const Eigen::MatrixXd &coef, const Eigen::VectorXd &intercept,
                                  size_t first)
{
    LaneCoefficients c;
    c.count = std::min(kLanes, size_t(coef.rows()) - first);
    c.w.assign(size_t(coef.cols()) * kLanes, 0.0);
    for (Eigen::Index j = 0; j < coef.cols(); ++j)
        for (size_t k = 0; k < c.count; ++k)
            c.w[size_t(j) * kLanes + k] = coef(Eigen::Index(first + k), j);
    for (size_t k = 0; k < c.count; ++k)
        c.intercept[k] = intercept(Eigen::Index(first + k));
    return c;
}

/// score[k] = coefficients_k . row r + intercept_k for every lane: the numeric features in order,
/// then the active categorical columns in order, then the intercept.
[[gnu::always_inline]] inline void laneRowScores(const FeatureMatrix &x, size_t r,
                                                 const LaneCoefficients &c, double *score)
{
    const double *xn = x.numericRow(r);
    const int32_t *xa = x.activeRow(r);
    for (size_t k = 0; k < kLanes; ++k)
        score[k] = 0.0;
    for (size_t j = 0; j < x.numericCount; ++j) {
        const double v = xn[j];
        const double *cj = c.w.data() + j * kLanes;
        for (size_t k = 0; k < kLanes; ++k)
            score[k] += cj[k] * v;
    }
    for (size_t a = 0; a < x.categoricalCount; ++a) {
        if (xa[a] < 0)
            continue;
        const double *cj = c.w.data() + size_t(xa[a]) * kLanes;
        for (size_t k = 0; k < kLanes; ++k)
            score[k] += cj[k];
    }
    for (size_t k = 0; k < kLanes; ++k)
        score[k] += c.intercept[k];
}

/// Column `first + k` of the column-major rows x problems matrix `out` gets lane k's scores.
COVERTYPE_LANE_CLONES
void laneScores(const FeatureMatrix &x, const LaneCoefficients &c, size_t first, double *out)
{
    for (size_t r = 0; r < x.rows; ++r) {
        alignas(64) double score[kLanes];
        laneRowScores(x, r, c, score);
        for (size_t k = 0; k < c.count; ++k)
            out[(first + k) * x.rows + r] = score[k];
    }
}

/// The first highest-scoring problem per row, for a model whose problems all fit in `c`.
COVERTYPE_LANE_CLONES
void laneArgMax(const FeatureMatrix &x, const LaneCoefficients &c, uint8_t *best)
{
    for (size_t r = 0; r < x.rows; ++r) {
        alignas(64) double score[kLanes];
        laneRowScores(x, r, c, score);
        size_t top = 0;
        for (size_t k = 1; k < c.count; ++k)
            if (score[k] > score[top])
                top = k;
        best[r] = uint8_t(top);
    }
}

}  // namespace

Eigen::MatrixXd SgdClassifier::decisionFunction(const FeatureMatrix &x) const
{
    const auto problems = size_t(m_coef.rows());
    Eigen::MatrixXd scores(Eigen::Index(x.rows), Eigen::Index(problems));
    for (size_t first = 0; first < problems; first += kLanes)
        laneScores(x, laneCoefficients(m_coef, m_intercept, first), first, scores.data());
    return scores;
}

std::vector<int64_t> SgdClassifier::predict(const FeatureMatrix &x) const
{
    const auto problems = size_t(m_coef.rows());
    if (problems >= 2 && problems <= kLanes) {  // one-vs-rest in one block: no score matrix
        std::vector<uint8_t> best(x.rows);
        laneArgMax(x, laneCoefficients(m_coef, m_intercept, 0), best.data());
        std::vector<int64_t> labels(x.rows);
        for (size_t r = 0; r < x.rows; ++r)
            labels[r] = m_classes[best[r]];
        return labels;
    }
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
