// Tests for the Gaussian process and expected improvement behind Bayesian optimisation.
#include <QTest>

#include <cmath>
#include <numbers>

#include "ml/gaussianprocess.h"

using covertype::ml::expectedImprovement;
using covertype::ml::GaussianProcess;

namespace {

/// Eight noise-free samples of one period of a sine on x in [0, 0.5], standardised (mean 0,
/// variance 1) as the searcher standardises its objective. The maximum lies at x = 0.25.
struct Sine
{
    Eigen::MatrixXd x{8, 1};
    Eigen::VectorXd y{8};

    Sine()
    {
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            x(i, 0) = 0.5 * double(i) / double(x.rows() - 1);
            y[i] = std::sin(4.0 * std::numbers::pi * x(i, 0) - std::numbers::pi / 2);
        }
        y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
    }
};

Eigen::MatrixXd column(std::initializer_list<double> values)
{
    Eigen::MatrixXd out(Eigen::Index(values.size()), 1);
    Eigen::Index i = 0;
    for (double v : values)
        out(i++, 0) = v;
    return out;
}

}  // namespace

class TestGaussianProcess : public QObject
{
    Q_OBJECT

private slots:
    void interpolatesNoiseFreeTrainingPoints()
    {
        const Sine data;
        GaussianProcess gp({{0, 1}});
        gp.fit(data.x, data.y);
        Eigen::VectorXd mean, sd;
        gp.predict(data.x, mean, sd);
        QCOMPARE(mean.size(), data.y.size());
        QCOMPARE(sd.size(), data.y.size());
        for (Eigen::Index i = 0; i < data.y.size(); ++i)
            QVERIFY2(std::abs(mean[i] - data.y[i]) < 0.01,
                     qPrintable(QString("x=%1: mean %2, target %3")
                                    .arg(data.x(i, 0))
                                    .arg(mean[i])
                                    .arg(data.y[i])));
    }

    void varianceSmallAtTrainingPointsAndGrowingAway()
    {
        const Sine data;
        GaussianProcess gp({{0, 1}});
        gp.fit(data.x, data.y);
        Eigen::VectorXd mean, sd;
        gp.predict(data.x, mean, sd);
        for (Eigen::Index i = 0; i < sd.size(); ++i)
            QVERIFY2(sd[i] >= 0 && sd[i] < 0.05, qPrintable(QString("sd %1").arg(sd[i])));
        const double atTraining = sd.maxCoeff();

        // Halfway between two training points the model is less sure than on them.
        gp.predict(column({0.5 / 14}), mean, sd);
        QVERIFY(sd[0] > atTraining);

        // Beyond the data (which ends at 0.5) the uncertainty keeps growing towards the prior's.
        gp.predict(column({0.55, 0.6, 0.7, 0.8, 0.9, 1.0}), mean, sd);
        for (Eigen::Index i = 1; i < sd.size(); ++i)
            QVERIFY2(sd[i] > sd[i - 1],
                     qPrintable(QString("sd %1 after %2").arg(sd[i]).arg(sd[i - 1])));
        QVERIFY(sd[0] > 2 * atTraining);
        QVERIFY(sd[sd.size() - 1] > 0.5);
    }

    void expectedImprovementFormula()
    {
        // No uncertainty: the margin-reduced gain, or nothing.
        QCOMPARE(expectedImprovement(2.0, 0.0, 1.0), 0.99);
        QCOMPARE(expectedImprovement(0.5, 0.0, 1.0), 0.0);
        // Zero gain after the 0.01 margin: sd * pdf(0).
        QVERIFY(std::abs(expectedImprovement(1.01, 0.5, 1.0) -
                         0.5 / std::sqrt(2 * std::numbers::pi)) < 1e-12);
        // A mean far below the incumbent promises (next to) nothing.
        QVERIFY(expectedImprovement(-3.0, 0.1, 1.0) < 1e-12);
        QVERIFY(expectedImprovement(-3.0, 0.1, 1.0) >= 0.0);
        // More mean or more uncertainty, more expected improvement.
        QVERIFY(expectedImprovement(0.5, 0.3, 1.0) < expectedImprovement(0.8, 0.3, 1.0));
        QVERIFY(expectedImprovement(0.5, 0.3, 1.0) < expectedImprovement(0.5, 0.6, 1.0));
    }

    void expectedImprovementPrefersPromisingPoints()
    {
        const Sine data;
        GaussianProcess gp({{0, 1}});
        gp.fit(data.x, data.y);
        const double best = data.y.maxCoeff();
        Eigen::VectorXd mean, sd;
        // Near the sampled maximum (x = 0.25 lies between two samples) and near the minimum.
        gp.predict(column({0.25, 0.5 / 14}), mean, sd);
        QVERIFY(mean[0] > best);
        const double nearMax = expectedImprovement(mean[0], sd[0], best);
        const double nearMin = expectedImprovement(mean[1], sd[1], best);
        QVERIFY2(nearMax > 0.01, qPrintable(QString("EI near the maximum %1").arg(nearMax)));
        QVERIFY2(nearMin < 1e-9, qPrintable(QString("EI near the minimum %1").arg(nearMin)));
    }

    void fantasiesCollapseVarianceAndKeepMean()
    {
        const Sine data;
        GaussianProcess gp({{0, 1}});
        gp.fit(data.x, data.y);
        const Eigen::MatrixXd probe = column({0.8, 0.9, 0.25});
        Eigen::VectorXd mean, sd;
        gp.predict(probe, mean, sd);

        // A pending trial at 0.8 "returns" the posterior mean (kriging believer).
        Eigen::MatrixXd x(data.x.rows() + 1, 1);
        x << data.x, 0.8;
        Eigen::VectorXd y(x.rows());
        y << data.y, mean[0];
        gp.condition(x, y, data.x.rows());
        Eigen::VectorXd mean2, sd2;
        gp.predict(probe, mean2, sd2);
        QVERIFY(std::abs(mean2[0] - mean[0]) < 1e-6);
        QVERIFY2(sd2[0] < 0.01 * sd[0], qPrintable(QString("sd %1 -> %2").arg(sd[0]).arg(sd2[0])));
        QVERIFY(sd2[1] < sd[1]);                   // next to it, less uncertain too
        QVERIFY(std::abs(sd2[2] - sd[2]) < 1e-3);  // far from it, unchanged
    }

    void deterministic()
    {
        const Sine data;
        const Eigen::MatrixXd probe = column({0.0, 0.1, 0.33, 0.6, 0.95});
        Eigen::VectorXd mean1, sd1, mean2, sd2;
        GaussianProcess a({{0, 1}});
        a.fit(data.x, data.y);
        a.predict(probe, mean1, sd1);
        GaussianProcess b({{0, 1}});
        b.fit(data.x, data.y);
        b.predict(probe, mean2, sd2);
        QVERIFY((mean1.array() == mean2.array()).all());
        QVERIFY((sd1.array() == sd2.array()).all());
    }
};

QTEST_GUILESS_MAIN(TestGaussianProcess)
#include "tst_gaussianprocess.moc"
