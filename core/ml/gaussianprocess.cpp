// Gaussian-process regression (Matern 5/2, MAP hyperparameters) and expected improvement.
#include "ml/gaussianprocess.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace covertype::ml {

namespace {

constexpr double kJitter = 1e-8;

double matern52(double r2)
{
    const double s = std::sqrt(5.0 * r2);
    return (1.0 + s + s * s / 3.0) * std::exp(-s);
}

}  // namespace

GaussianProcess::GaussianProcess(std::vector<std::pair<size_t, size_t>> groups)
    : m_groups(std::move(groups)), m_theta(Eigen::VectorXd::Zero(Eigen::Index(m_groups.size() + 2)))
{
}

void GaussianProcess::fit(const Eigen::MatrixXd &x, const Eigen::VectorXd &y)
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

void GaussianProcess::condition(const Eigen::MatrixXd &x, const Eigen::VectorXd &y,
                                Eigen::Index measured)
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

void GaussianProcess::predict(const Eigen::MatrixXd &xs, Eigen::VectorXd &mean,
                              Eigen::VectorXd &sd) const
{
    const Eigen::MatrixXd ks = kernel(m_x, xs);  // n x m
    mean = ks.transpose() * m_alpha;
    const Eigen::MatrixXd v = m_chol.matrixL().solve(ks);
    sd = (signalVariance() - v.colwise().squaredNorm().transpose().array()).cwiseMax(0.0).sqrt();
}

double GaussianProcess::lowerBound(Eigen::Index k) const
{
    const auto g = Eigen::Index(m_groups.size());
    return std::log(k < g ? 0.01 : k == g ? 0.05 : 1e-6);
}

double GaussianProcess::upperBound(Eigen::Index k) const
{
    const auto g = Eigen::Index(m_groups.size());
    return std::log(k < g ? 20.0 : k == g ? 20.0 : 1.0);
}

double GaussianProcess::logPosterior(const std::vector<Eigen::MatrixXd> &sq,
                                     const Eigen::VectorXd &y, const Eigen::VectorXd &theta) const
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

Eigen::MatrixXd GaussianProcess::kernel(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b) const
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

}  // namespace covertype::ml
