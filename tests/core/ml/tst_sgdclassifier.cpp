// Tests for the numeric kernels: preprocessing, SGD logistic regression (sklearn parity), metrics.
#include <QTest>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ml/features.h"
#include "ml/lanemath.h"
#include "ml/metrics.h"
#include "ml/sgdclassifier.h"
#include "testsupport.h"

using namespace covertype;
using namespace covertype::ml;
using covertype::test::doubleColumn;
using covertype::test::intColumn;
using covertype::test::stringColumn;

namespace {

constexpr std::string_view kNum[] = {"a", "b"};
constexpr std::string_view kCat[] = {"c"};

/// The sklearn parity fixture: 24 rows, two numeric features, one categorical feature with three
/// categories (expanded columns 2..4), classes 1..3. The golden values below came from
///   D = zeros((24, 5)); D[:, :2] = num; D[arange(24), 2 + cat] = 1
///   SGDClassifier(loss='log_loss', alpha=0.01, max_iter=200, tol=1e-3, shuffle=False)
///       .fit(scipy.sparse.csr_matrix(D) or D, y)      # scikit-learn 1.2.1
struct Fixture
{
    FeatureMatrix x;
    std::vector<int64_t> y;
};

Fixture parityFixture()
{
    const double num[24][2] = {
        {-1.5, 0.25},  {-1.0, -0.5}, {-0.75, 1.0}, {-0.5, 0.0}, {-0.25, -1.25}, {0.0, 0.5},
        {0.25, 1.5},   {0.5, -0.75}, {0.75, 0.25}, {1.0, -1.0}, {1.25, 0.75},   {1.5, -0.25},
        {-1.25, 1.25}, {-0.8, -1.5}, {-0.1, 0.9},  {0.3, -0.3}, {0.6, 1.1},     {0.9, -1.4},
        {1.1, 0.1},    {1.4, 1.3},   {-0.6, 0.6},  {0.1, -0.9}, {0.4, 0.4},     {-0.3, -0.1}};
    const int cat[24] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 0, 2, 1, 0, 2, 0, 1, 2, 0, 1, 2};
    Fixture f;
    f.y = {1, 1, 2, 1, 1, 2, 3, 2, 3, 3, 2, 3, 1, 1, 2, 2, 3, 2, 3, 3, 1, 2, 3, 2};
    f.x.rows = 24;
    f.x.numericCount = 2;
    f.x.categoricalCount = 1;
    f.x.featureCount = 5;
    for (int r = 0; r < 24; ++r) {
        f.x.numeric.push_back(num[r][0]);
        f.x.numeric.push_back(num[r][1]);
        f.x.active.push_back(2 + cat[r]);
    }
    return f;
}

/// A noisier 3-class problem for determinism and convergence tests.
Fixture noisyFixture(size_t rows)
{
    Fixture f;
    f.x.rows = rows;
    f.x.numericCount = 3;
    f.x.categoricalCount = 2;
    f.x.featureCount = 3 + 4 + 5;
    uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(state >> 11) / double(1ULL << 53);
    };
    for (size_t r = 0; r < rows; ++r) {
        const int64_t label = int64_t(r % 3) + 1;
        f.y.push_back(label);
        f.x.numeric.push_back(double(label) - 2.0 + 1.5 * (next() - 0.5));
        f.x.numeric.push_back(next() - 0.5);
        f.x.numeric.push_back(0.5 * double(label) * next());
        f.x.active.push_back(3 + int32_t(next() * 4));
        f.x.active.push_back(next() < 0.1 ? -1 : 7 + int32_t(next() * 5));
    }
    return f;
}

bool near(double a, double b, double rel = 1e-12)
{
    return std::abs(a - b) <= rel * std::max(1.0, std::abs(b));
}

}  // namespace

class TestSgdClassifier : public QObject
{
    Q_OBJECT

private slots:
    void scalerUsesMeanAndPopulationStd()
    {
        const Dataset data({intColumn("a", {1, 2, 3, 4}), doubleColumn("b", {5, 5, 5, 5}),
                            stringColumn("c", {"x", "y", "x", "z"})});
        auto pre = Preprocessor::fit(data, kNum, kCat);
        QVERIFY(pre.has_value());
        QCOMPARE(pre->numeric().size(), size_t(2));
        QCOMPARE(pre->numeric()[0].mean, 2.5);
        QVERIFY(near(pre->numeric()[0].scale, std::sqrt(1.25)));  // ddof = 0
        QCOMPARE(pre->numeric()[1].mean, 5.0);
        QCOMPARE(pre->numeric()[1].scale, 1.0);  // constant column
        auto x = pre->transform(data);
        QVERIFY(x.has_value());
        QVERIFY(near(x->numericRow(0)[0], -1.5 / std::sqrt(1.25)));
        QCOMPARE(x->numericRow(3)[1], 0.0);
    }

    void oneHotSortsCategoriesAndIgnoresUnseen()
    {
        const Dataset train({intColumn("a", {1, 2, 3}), intColumn("b", {0, 1, 0}),
                             stringColumn("c", {"zeta", "Alpha", "beta"})});
        auto pre = Preprocessor::fit(train, kNum, kCat);
        QVERIFY(pre.has_value());
        const std::vector<std::string> expected = {"Alpha", "beta", "zeta"};  // byte order
        QCOMPARE(pre->categorical()[0].categories, expected);
        QCOMPARE(pre->featureCount(), size_t(5));
        const std::vector<std::string> names = {"num__a", "num__b", "cat__c_Alpha", "cat__c_beta",
                                                "cat__c_zeta"};
        QCOMPARE(pre->featureNames(), names);

        Column withNull = stringColumn("c", {"beta", "gamma", "zeta"});
        withNull.nulls = {0, 0, 1};
        const Dataset other({withNull, intColumn("b", {0, 0, 0}), intColumn("a", {1, 1, 1})});
        auto x = pre->transform(other);  // columns found by name, any order
        QVERIFY2(x.has_value(), x ? "" : x.error().message.c_str());
        QCOMPARE(x->activeRow(0)[0], 3);   // beta
        QCOMPARE(x->activeRow(1)[0], -1);  // unseen: all zeros, not an error
        QCOMPARE(x->activeRow(2)[0], -1);  // NULL: all zeros
        // With an all-zero weight vector except the categories, an unseen row scores the intercept.
        Eigen::MatrixXd coef = Eigen::MatrixXd::Zero(1, 5);
        coef(0, 2) = coef(0, 3) = coef(0, 4) = 7.0;
        auto clf = SgdClassifier::fromParts({1, 2}, coef, Eigen::VectorXd::Constant(1, -0.5), 1.0);
        QVERIFY(clf.has_value());
        const Eigen::MatrixXd scores = clf->decisionFunction(*x);
        QCOMPARE(scores(0, 0), 6.5);
        QCOMPARE(scores(1, 0), -0.5);
    }

    void integerCategoriesSortNumericallyAndMatchText()
    {
        const Dataset train(
            {intColumn("a", {1, 2, 3}), intColumn("b", {0, 1, 0}), intColumn("c", {7745, 10, 9})});
        auto pre = Preprocessor::fit(train, kNum, kCat);
        QVERIFY(pre.has_value());
        const std::vector<std::string> expected = {"9", "10", "7745"};
        QCOMPARE(pre->categorical()[0].categories, expected);
        // A STRING column with the same digits encodes the same way.
        const Dataset asText(
            {intColumn("a", {1, 1}), intColumn("b", {0, 0}), stringColumn("c", {"10", "C7745"})});
        auto x = pre->transform(asText);
        QVERIFY(x.has_value());
        QCOMPARE(x->activeRow(0)[0], 3);
        QCOMPARE(x->activeRow(1)[0], -1);
    }

    void transformErrorsNameTheColumn_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<QString>("needle");
        QTest::newRow("missing column") << 0 << "'b' is missing";
        QTest::newRow("text numeric") << 1 << "'b' is STRING";
        QTest::newRow("null numeric") << 2 << "'b' is NULL in data row 2";
        QTest::newRow("nan numeric") << 3 << "'b' holds NaN in data row 1";
    }
    void transformErrorsNameTheColumn()
    {
        QFETCH(int, variant);
        QFETCH(QString, needle);
        const Dataset train(
            {intColumn("a", {1, 2}), intColumn("b", {0, 1}), stringColumn("c", {"x", "y"})});
        auto pre = Preprocessor::fit(train, kNum, kCat);
        QVERIFY(pre.has_value());
        std::vector<Column> columns = {intColumn("a", {1, 2}), stringColumn("c", {"x", "y"})};
        if (variant == 1)
            columns.push_back(stringColumn("b", {"1", "2"}));
        if (variant == 2) {
            Column b = intColumn("b", {1, 0});
            b.nulls = {0, 1};
            columns.push_back(b);
        }
        if (variant == 3)
            columns.push_back(doubleColumn("b", {std::nan(""), 1.0}));
        auto x = pre->transform(Dataset(columns, "in.csv"));
        QVERIFY(!x.has_value());
        QCOMPARE(x.error().code, ErrorCode::Schema);
        const QString message = QString::fromStdString(x.error().message);
        QVERIFY2(message.contains(needle) && message.startsWith("in.csv"), qPrintable(message));
    }

    void densityCountsNumericBlockAsDense()
    {
        Fixture f = parityFixture();
        QCOMPARE(f.x.density(), 3.0 / 5.0);
        f.x.active[0] = -1;
        QCOMPARE(f.x.density(), (24.0 * 3 - 1) / (24.0 * 5));
    }

    void lossMatchesSklearnLog_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("y");
        QTest::addColumn<double>("loss");
        QTest::addColumn<double>("dloss");
        QTest::newRow("z=0") << 0.0 << 1.0 << std::log(2.0) << -0.5;
        QTest::newRow("z=2") << 2.0 << 1.0 << std::log(1.0 + std::exp(-2.0))
                             << -1.0 / (std::exp(2.0) + 1.0);
        QTest::newRow("z=-3, y=-1")
            << 3.0 << -1.0 << std::log(1.0 + std::exp(3.0)) << 1.0 / (std::exp(-3.0) + 1.0);
        QTest::newRow("z=18 (formula)")
            << 18.0 << 1.0 << std::log(1.0 + std::exp(-18.0)) << -1.0 / (std::exp(18.0) + 1.0);
        QTest::newRow("z>18 cut-off") << 20.0 << 1.0 << std::exp(-20.0) << -std::exp(-20.0);
        QTest::newRow("z<-18 cut-off") << -20.0 << 1.0 << 20.0 << -1.0;
        QTest::newRow("z<-18, y=-1") << 25.0 << -1.0 << 25.0 << 1.0;
    }
    void lossMatchesSklearnLog()
    {
        QFETCH(double, p);
        QFETCH(double, y);
        QFETCH(double, loss);
        QFETCH(double, dloss);
        QCOMPARE(logLoss(p, y), loss);
        QCOMPARE(logDLoss(p, y), dloss);
    }

    /// Golden values from scikit-learn 1.2.1: SGDClassifier(loss='log_loss', alpha=0.01,
    /// max_iter=200, tol=1e-3, shuffle=False) on this fixture as a CSR matrix (intercept decay
    /// 0.01) and as a dense array (decay 1.0). Without shuffling the runs must agree to rounding.
    void matchesSklearnWithoutShuffle_data()
    {
        QTest::addColumn<double>("decay");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<QList<QList<double>>>("coef");
        QTest::addColumn<QList<double>>("intercept");
        QTest::newRow("sparse")
            << 0.01 << 35
            << QList<QList<double>>{{-3.155494275280298, -0.5221179571233082, -0.6723380877257195,
                                     -0.5090160386719211, -1.7554422029681898},
                                    {0.09523220324581373, -0.574044736653594, -1.562385872083677,
                                     -0.39497910071153886, 0.5820095635286355},
                                    {2.190055388076295, 1.0860787296327001, -0.02463543159021405,
                                     -1.8000385993962067, -1.5662517116842318}}
            << QList<double>{-0.10903412573637436, -0.07731571128253856, -0.14095349707800034};
        QTest::newRow("dense")
            << 1.0 << 42
            << QList<QList<double>>{{-3.3952975761600754, -0.5836653430778264, 0.2452207524791603,
                                     0.44778633017443137, -0.8056329914304868},
                                    {0.09702980547738269, -0.5421831690031721, -1.1063536499173354,
                                     0.09531976594365664, 1.07535020416118},
                                    {2.461093316048327, 1.133865537350172, 1.123195998339534,
                                     -0.7995331729594648, -0.3907082312424484}}
            << QList<double>{-1.4261302252213954, -0.5953175859069582, -1.6196893108851864};
    }
    void matchesSklearnWithoutShuffle()
    {
        QFETCH(double, decay);
        QFETCH(int, epochs);
        QFETCH(QList<QList<double>>, coef);
        QFETCH(QList<double>, intercept);
        const Fixture f = parityFixture();
        SgdParams params;
        params.alpha = 0.01;
        params.maxIter = 200;
        params.shuffle = false;
        params.interceptDecay = decay;
        auto fit = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(fit.has_value());
        QCOMPARE(fit->epochs, epochs);
        QVERIFY(fit->converged);
        const SgdClassifier &c = fit->classifier;
        QCOMPARE(c.coefficients().rows(), Eigen::Index(3));
        for (int k = 0; k < 3; ++k) {
            QVERIFY2(near(c.intercepts()(k), intercept[k]), qPrintable(QString::number(k)));
            for (int j = 0; j < 5; ++j)
                QVERIFY2(near(c.coefficients()(k, j), coef[k][j]),
                         qPrintable(QStringLiteral("coef[%1][%2] = %3, sklearn %4")
                                        .arg(k)
                                        .arg(j)
                                        .arg(c.coefficients()(k, j), 0, 'g', 17)
                                        .arg(coef[k][j], 0, 'g', 17)));
        }
    }

    void predictAndProbaMatchSklearn()
    {
        const Fixture f = parityFixture();
        SgdParams params;
        params.alpha = 0.01;
        params.maxIter = 200;
        params.shuffle = false;
        params.interceptDecay = kSparseInterceptDecay;
        auto fit = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(fit.has_value());
        const std::vector<int64_t> expected = {1, 1, 1, 1, 1, 2, 3, 2, 2, 3, 3, 3,
                                               1, 1, 2, 2, 3, 2, 3, 3, 2, 1, 3, 2};
        QCOMPARE(fit->classifier.predict(f.x), expected);
        const Eigen::MatrixXd proba = fit->classifier.predictProba(f.x);
        QVERIFY(near(proba(0, 0), 0.8541130085750058, 1e-10));
        QVERIFY(near(proba(0, 1), 0.11101112009871587, 1e-10));
        QVERIFY(near(proba(0, 2), 0.034875871326278306, 1e-10));
        for (Eigen::Index r = 0; r < proba.rows(); ++r)
            QVERIFY(near(proba.row(r).sum(), 1.0));
    }

    void twoClassesFitOneBinaryProblem()
    {
        Fixture f = parityFixture();
        for (int64_t &v : f.y)
            v = v == 1 ? 1 : 2;
        SgdParams params;
        params.alpha = 0.01;
        params.maxIter = 200;
        params.shuffle = false;
        params.interceptDecay = kSparseInterceptDecay;
        auto fit = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(fit.has_value());
        QCOMPARE(fit->epochs, 17);
        const SgdClassifier &c = fit->classifier;
        QCOMPARE(c.coefficients().rows(), Eigen::Index(1));
        QVERIFY(near(c.coefficients()(0, 0), 3.155494275280298));
        QVERIFY(near(c.intercepts()(0), 0.10903412573637436));
        const Eigen::MatrixXd proba = c.predictProba(f.x);
        QCOMPARE(proba.cols(), Eigen::Index(2));
        QVERIFY(near(proba(0, 0), 0.9785708219819188, 1e-10));
        QVERIFY(near(proba(0, 1), 0.021429178018081165, 1e-10));
        QCOMPARE(c.predict(f.x)[0], int64_t(1));
    }

    void laneMathWithinTwoUlp()
    {
        // The SGD loop's exp and log replace libm's; the sklearn parity above depends on them.
        const auto ulps = [](double got, double want) {
            const double ulp = std::nextafter(want, std::numeric_limits<double>::infinity()) - want;
            return std::fabs(got - want) / ulp;
        };
        double worstExp = 0.0;
        for (int i = 0; i <= 200000; ++i) {
            const double x = -708.0 + 1417.0 * double(i) / 200000.0;
            worstExp = std::max(worstExp, ulps(ml::lanemath::exp(x), std::exp(x)));
        }
        QVERIFY2(worstExp <= 2.0, qPrintable(QString::number(worstExp)));
        double worstLog = 0.0;
        for (int i = 0; i <= 200000; ++i) {
            const double u = 1.0 + double(i) / 200000.0;
            worstLog = std::max(worstLog, ulps(ml::lanemath::logOneToTwo(u), std::log(u)));
        }
        QVERIFY2(worstLog <= 2.0, qPrintable(QString::number(worstLog)));
        QCOMPARE(ml::lanemath::exp(0.0), 1.0);
        QCOMPARE(ml::lanemath::exp(-800.0), 0.0);
        QCOMPARE(ml::lanemath::logOneToTwo(1.0), 0.0);
    }

    void sameSeedSameModelWhateverTheThreads()
    {
        const Fixture f = noisyFixture(600);
        SgdParams params;
        params.alpha = 0.001;
        params.seed = 42;
        params.threads = 1;
        auto one = SgdClassifier::fit(f.x, f.y, params);
        params.threads = 2;
        auto two = SgdClassifier::fit(f.x, f.y, params);
        params.threads = 7;
        auto seven = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(one && two && seven);
        QCOMPARE(one->epochs, two->epochs);
        QVERIFY(one->classifier.coefficients() == two->classifier.coefficients());
        QVERIFY(one->classifier.coefficients() == seven->classifier.coefficients());
        QVERIFY(one->classifier.intercepts() == seven->classifier.intercepts());

        params.seed = 43;
        auto other = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(other.has_value());
        QVERIFY(one->classifier.coefficients() != other->classifier.coefficients());
        QVERIFY(metricsAccuracy(f, one->classifier) > 0.8);
    }

    void stopsAfterNIterNoChange()
    {
        const Fixture f = noisyFixture(300);
        SgdParams params;
        params.maxIter = 1000;
        params.tol = 1e9;  // no epoch ever counts as an improvement after the first
        params.nIterNoChange = 4;
        int calls = 0;
        auto fit = SgdClassifier::fit(f.x, f.y, params, [&](const SgdEpoch &e) {
            ++calls;
            return e.epoch == calls && std::isfinite(e.meanLoss) && e.meanLoss > 0;
        });
        QVERIFY(fit.has_value());
        QCOMPARE(fit->epochs, 5);
        QCOMPARE(calls, 5);
        QVERIFY(fit->converged);

        params.tol = 1e-3;
        params.nIterNoChange = 5;
        auto normal = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(normal.has_value());
        QVERIFY(normal->converged);
        QVERIFY(normal->epochs < 100);
    }

    void maxIterBoundsEpochs()
    {
        const Fixture f = noisyFixture(300);
        SgdParams params;
        params.maxIter = 3;
        params.tol = 0.0;
        auto fit = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(fit.has_value());
        QCOMPARE(fit->epochs, 3);
        QVERIFY(!fit->converged);
    }

    void callbackCancels()
    {
        const Fixture f = noisyFixture(300);
        SgdParams params;
        int calls = 0;
        bool snapshotsOk = true;
        auto fit = SgdClassifier::fit(f.x, f.y, params, [&](const SgdEpoch &e) {
            ++calls;
            snapshotsOk = snapshotsOk && e.current != nullptr &&
                          e.current->coefficients().rows() == 3 &&
                          e.current->coefficients().norm() > 0;
            return e.epoch < 2;
        });
        QVERIFY(snapshotsOk);
        QVERIFY(!fit.has_value());
        QCOMPARE(fit.error().code, ErrorCode::Cancelled);
        QCOMPARE(calls, 2);
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<int>("variant");
        QTest::newRow("alpha 0") << 0;
        QTest::newRow("alpha nan") << 1;
        QTest::newRow("max_iter 0") << 2;
        QTest::newRow("tol < 0") << 3;
        QTest::newRow("one class") << 4;
        QTest::newRow("label count") << 5;
    }
    void rejectsBadInput()
    {
        QFETCH(int, variant);
        Fixture f = parityFixture();
        SgdParams params;
        if (variant == 0)
            params.alpha = 0.0;
        if (variant == 1)
            params.alpha = std::nan("");
        if (variant == 2)
            params.maxIter = 0;
        if (variant == 3)
            params.tol = -1.0;
        if (variant == 4)
            std::fill(f.y.begin(), f.y.end(), 2);
        if (variant == 5)
            f.y.pop_back();
        auto fit = SgdClassifier::fit(f.x, f.y, params);
        QVERIFY(!fit.has_value());
        QCOMPARE(fit.error().code, ErrorCode::InvalidArgument);
    }

    void fromPartsValidatesShapes()
    {
        QVERIFY(!SgdClassifier::fromParts({1}, Eigen::MatrixXd::Zero(1, 3),
                                          Eigen::VectorXd::Zero(1), 1.0));
        QVERIFY(!SgdClassifier::fromParts({2, 1}, Eigen::MatrixXd::Zero(1, 3),
                                          Eigen::VectorXd::Zero(1), 1.0));
        QVERIFY(!SgdClassifier::fromParts({1, 2, 3}, Eigen::MatrixXd::Zero(2, 3),
                                          Eigen::VectorXd::Zero(2), 1.0));
        Eigen::MatrixXd bad = Eigen::MatrixXd::Zero(3, 3);
        bad(1, 1) = std::numeric_limits<double>::infinity();
        QVERIFY(!SgdClassifier::fromParts({1, 2, 3}, bad, Eigen::VectorXd::Zero(3), 1.0));
        QVERIFY(SgdClassifier::fromParts({1, 2, 3}, Eigen::MatrixXd::Zero(3, 3),
                                         Eigen::VectorXd::Zero(3), 1.0));
    }

    void accuracyAndConfusion()
    {
        const std::vector<int64_t> truth = {1, 1, 2, 2, 3, 3};
        const std::vector<int64_t> pred = {1, 2, 2, 2, 3, 1};
        QCOMPARE(accuracy(truth, pred), 4.0 / 6.0);
        const std::vector<int64_t> labels = {1, 2, 3};
        const std::vector<std::vector<int64_t>> expected = {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}};
        QCOMPARE(confusionMatrix(truth, pred, labels), expected);
        const std::vector<double> recall = recallPerClass(truth, pred, labels);
        QCOMPARE(recall, (std::vector<double>{0.5, 1.0, 0.5}));
        QVERIFY(near(macroRecall(truth, pred), 2.0 / 3.0));
    }

    void macroRecallCountsLabelsOnlyPredicted()
    {
        // sklearn: recall_score([1,1,2,2], [1,3,2,2], average='macro') == 0.5 (label 3 scores 0).
        const std::vector<int64_t> truth = {1, 1, 2, 2};
        const std::vector<int64_t> pred = {1, 3, 2, 2};
        QCOMPARE(unionLabels(truth, pred), (std::vector<int64_t>{1, 2, 3}));
        QCOMPARE(macroRecall(truth, pred), 0.5);
        // sklearn's documented example: recall_score([0,1,2,0,1,2], [0,2,1,0,0,1], 'macro').
        QVERIFY(near(macroRecall(std::vector<int64_t>{0, 1, 2, 0, 1, 2},
                                 std::vector<int64_t>{0, 2, 1, 0, 0, 1}),
                     1.0 / 3.0));
    }

private:
    static double metricsAccuracy(const Fixture &f, const SgdClassifier &c)
    {
        return accuracy(f.y, c.predict(f.x));
    }
};

QTEST_GUILESS_MAIN(TestSgdClassifier)
#include "tst_sgdclassifier.moc"
