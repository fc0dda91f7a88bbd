// Tests for the hyperparameter searchers: grid, random and Bayesian optimisation.
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "testsupport.h"
#include "tuning/search.h"

using namespace covertype;

namespace {

ParameterSpec doubleParam(std::string name, double lo, double hi,
                          ScaleType scale = ScaleType::UnitLinear)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Double;
    p.minValue = lo;
    p.maxValue = hi;
    p.scale = scale;
    return p;
}

ParameterSpec integerParam(std::string name, double lo, double hi,
                           ScaleType scale = ScaleType::UnitLinear)
{
    ParameterSpec p = doubleParam(std::move(name), lo, hi, scale);
    p.type = ParameterType::Integer;
    return p;
}

ParameterSpec discreteParam(std::string name, std::vector<double> values,
                            ScaleType scale = ScaleType::UnitLinear)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Discrete;
    p.discreteValues = std::move(values);
    p.scale = scale;
    return p;
}

ParameterSpec categoricalParam(std::string name, std::vector<std::string> values)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Categorical;
    p.categoricalValues = std::move(values);
    return p;
}

TuningSpec makeSpec(SearchAlgorithm algorithm, std::vector<ParameterSpec> params,
                    int maxTrials = 30, Goal goal = Goal::Maximize)
{
    TuningSpec spec;
    spec.algorithm = algorithm;
    spec.params = std::move(params);
    spec.maxTrials = maxTrials;
    spec.goal = goal;
    return spec;
}

double asDouble(const ParameterValue &v)
{
    if (const auto *i = std::get_if<int64_t>(&v))
        return double(*i);
    return std::get<double>(v);
}

using Objective = std::function<std::optional<double>(const ParameterValues &)>;

/// Runs `trials` sequential trials (nothing pending); stops early when the searcher is exhausted.
std::vector<TrialObservation> runSequential(Searcher &searcher, const Objective &objective,
                                            int trials)
{
    std::vector<TrialObservation> finished;
    for (int i = 0; i < trials; ++i) {
        const auto next = searcher.suggest(finished, {});
        if (!next)
            break;
        finished.push_back({*next, objective(*next)});
    }
    return finished;
}

std::vector<ParameterValues> configsOf(const std::vector<TrialObservation> &trials)
{
    std::vector<ParameterValues> out;
    for (const TrialObservation &t : trials)
        out.push_back(t.values);
    return out;
}

bool allDistinct(const std::vector<ParameterValues> &configs)
{
    return std::set<ParameterValues>(configs.begin(), configs.end()).size() == configs.size();
}

/// Best objective seen (larger is better for Maximize, smaller for Minimize).
double bestOf(const std::vector<TrialObservation> &trials, Goal goal)
{
    double best = goal == Goal::Maximize ? -INFINITY : INFINITY;
    for (const TrialObservation &t : trials)
        if (t.objective)
            best = goal == Goal::Maximize ? std::max(best, *t.objective)
                                          : std::min(best, *t.objective);
    return best;
}

TuningSpec gridSpec()
{
    return makeSpec(SearchAlgorithm::GridSearch,
                    {integerParam("max_iter", 1, 3), categoricalParam("penalty", {"l1", "l2"}),
                     discreteParam("alpha", {0.1, 0.5, 2.0})});
}

std::vector<ParameterValues> allGridPoints()
{
    std::vector<ParameterValues> out;
    for (int64_t i = 1; i <= 3; ++i)
        for (const std::string c : {"l1", "l2"})
            for (const double d : {0.1, 0.5, 2.0})
                out.push_back({i, c, d});
    return out;
}

const Objective constant = [](const ParameterValues &) { return std::optional<double>(1.0); };

/// The 1-D test function -(x - 0.3)^2 on [0, 1], maximised at 0.3.
const Objective parabola = [](const ParameterValues &v) {
    const double x = std::get<double>(v[0]);
    return std::optional<double>(-(x - 0.3) * (x - 0.3));
};

/// A 2-D function to minimise, with a log-scaled parameter: optimum at x = 0.3, a = 1e-3.
const Objective bowlWithLog = [](const ParameterValues &v) {
    const double x = std::get<double>(v[0]);
    const double la = std::log10(std::get<double>(v[1])) + 3.0;
    return std::optional<double>((x - 0.3) * (x - 0.3) + 0.05 * la * la);
};

}  // namespace

class TestSearch : public QObject
{
    Q_OBJECT

private slots:
    void gridCoversEveryCombinationOnceInOrder()
    {
        auto searcher = makeSearcher(gridSpec(), 7);
        const auto trials = runSequential(*searcher, constant, 100);
        QCOMPARE(trials.size(), size_t(18));
        QVERIFY(configsOf(trials) == allGridPoints());  // last parameter varies fastest
        QVERIFY(!searcher->suggest(trials, {}));
    }

    void gridSkipsPendingAndFailed()
    {
        auto searcher = makeSearcher(gridSpec(), 7);
        const auto all = allGridPoints();
        // The first point failed, the second is still running.
        const std::vector<TrialObservation> finished{{all[0], std::nullopt}};
        const auto next = searcher->suggest(finished, {all[1]});
        QVERIFY(next);
        QVERIFY(*next == all[2]);
        // Everything but the last point finished or running: the last one comes next, then none.
        std::vector<TrialObservation> most;
        for (size_t i = 0; i + 2 < all.size(); ++i)
            most.push_back({all[i], 1.0});
        QVERIFY(*searcher->suggest(most, {all[16]}) == all[17]);
        QVERIFY(!searcher->suggest(most, {all[16], all[17]}));
    }

    void shuffledGridIsASeededPermutation()
    {
        const auto ordered = allGridPoints();
        auto shuffled = makeSearcher(gridSpec(), 42, true);
        const auto a = configsOf(runSequential(*shuffled, constant, 100));
        QCOMPARE(a.size(), ordered.size());
        QVERIFY(std::is_permutation(a.begin(), a.end(), ordered.begin(), ordered.end()));
        QVERIFY(a != ordered);
        QVERIFY(!shuffled->suggest(runSequential(*shuffled, constant, 100), {}));

        auto same = makeSearcher(gridSpec(), 42, true);
        QVERIFY(configsOf(runSequential(*same, constant, 100)) == a);
        auto other = makeSearcher(gridSpec(), 43, true);
        QVERIFY(configsOf(runSequential(*other, constant, 100)) != a);
    }

    void largeShuffledGridVisitsEachPointOnce()
    {
        // 7 * 11 * 13 = 1001 points: not a power of two, so the permutation must cycle-walk.
        const auto spec = makeSpec(
            SearchAlgorithm::GridSearch,
            {integerParam("a", 0, 6), integerParam("b", -5, 5), integerParam("c", 100, 112)});
        auto searcher = makeSearcher(spec, 5, true);
        const auto configs = configsOf(runSequential(*searcher, constant, 2000));
        QCOMPARE(configs.size(), size_t(1001));
        QVERIFY(allDistinct(configs));
        for (const ParameterValues &c : configs) {
            QVERIFY(std::get<int64_t>(c[0]) >= 0 && std::get<int64_t>(c[0]) <= 6);
            QVERIFY(std::get<int64_t>(c[1]) >= -5 && std::get<int64_t>(c[1]) <= 5);
            QVERIFY(std::get<int64_t>(c[2]) >= 100 && std::get<int64_t>(c[2]) <= 112);
        }
    }

    void randomIsSeededAndDeterministic()
    {
        const auto spec = makeSpec(SearchAlgorithm::RandomSearch,
                                   {doubleParam("alpha", 1e-6, 1e-1, ScaleType::UnitLog),
                                    integerParam("max_iter", 1, 500)});
        auto a = makeSearcher(spec, 1);
        auto b = makeSearcher(spec, 1);
        auto c = makeSearcher(spec, 2);
        const auto ta = runSequential(*a, constant, 40);
        QVERIFY(configsOf(ta) == configsOf(runSequential(*b, constant, 40)));
        QVERIFY(configsOf(ta) != configsOf(runSequential(*c, constant, 40)));
        // Asking twice with the same trials gives the same answer.
        QVERIFY(*a->suggest(ta, {}) == *a->suggest(ta, {}));
        QVERIFY(allDistinct(configsOf(ta)));
    }

    void randomFollowsTheScale_data()
    {
        QTest::addColumn<int>("type");  // ParameterType
        QTest::addColumn<int>("scale");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("median");  // of the intended distribution
        // Linear: the median is the midpoint.
        QTest::newRow("double linear")
            << int(ParameterType::Double) << int(ScaleType::UnitLinear) << 2.0 << 10.0 << 6.0;
        QTest::newRow("double none")
            << int(ParameterType::Double) << int(ScaleType::None) << -1.0 << 1.0 << 0.0;
        // Log: half the samples below the geometric mean.
        QTest::newRow("double log")
            << int(ParameterType::Double) << int(ScaleType::UnitLog) << 1e-4 << 1.0 << 1e-2;
        // Reverse log: max + min - x is log-uniform, so half are above max + min - geomean.
        QTest::newRow("double reverse log")
            << int(ParameterType::Double) << int(ScaleType::UnitReverseLog) << 1e-4 << 1.0
            << 1.0 + 1e-4 - 1e-2;
        // Integers over cells [k, k + 1): log-uniform on [1e3, 1e8 + 1) has median ~316228 (wide
        // enough that refusing repeats hardly distorts the distribution).
        QTest::newRow("integer log")
            << int(ParameterType::Integer) << int(ScaleType::UnitLog) << 1e3 << 1e8 << 316228.0;
        QTest::newRow("integer linear") << int(ParameterType::Integer) << int(ScaleType::UnitLinear)
                                        << 0.0 << 99999.0 << 49999.5;
    }

    void randomFollowsTheScale()
    {
        QFETCH(int, type);
        QFETCH(int, scale);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(double, median);
        ParameterSpec p = doubleParam("p", lo, hi, ScaleType(scale));
        p.type = ParameterType(type);
        auto searcher = makeSearcher(makeSpec(SearchAlgorithm::RandomSearch, {p}), 11);
        const auto configs = configsOf(runSequential(*searcher, constant, 2000));
        QCOMPARE(configs.size(), size_t(2000));
        QVERIFY(allDistinct(configs));
        int below = 0;
        for (const ParameterValues &c : configs) {
            QCOMPARE(c[0].index(), p.type == ParameterType::Integer ? size_t(1) : size_t(0));
            const double x = asDouble(c[0]);
            QVERIFY2(x >= lo && x <= hi, qPrintable(QString::number(x)));
            below += x < median;
        }
        // Binomial(2000, 0.5) has sd 22: +-100 is over 4 sd, and the seed is fixed anyway.
        QVERIFY2(std::abs(below - 1000) < 100, qPrintable(QString::number(below)));
    }

    void reverseLogIsDenseNearTheMaximum()
    {
        auto searcher =
            makeSearcher(makeSpec(SearchAlgorithm::RandomSearch,
                                  {doubleParam("p", 1e-3, 1.0, ScaleType::UnitReverseLog)}),
                         3);
        const auto configs = configsOf(runSequential(*searcher, constant, 1000));
        const auto nearMax = std::ranges::count_if(
            configs, [](const ParameterValues &c) { return std::get<double>(c[0]) > 0.9; });
        // P(x > 0.9) = log(0.101 / 0.001) / log(1000) ~ 0.67, against 0.1 for a linear scale.
        QVERIFY2(nearMax > 600 && nearMax < 740, qPrintable(QString::number(nearMax)));
    }

    void randomExhaustsASmallSpace()
    {
        const auto spec =
            makeSpec(SearchAlgorithm::RandomSearch,
                     {discreteParam("d", {1, 2, 3}), categoricalParam("c", {"x", "y"})});
        auto searcher = makeSearcher(spec, 9);
        // Every trial fails: failures must not be proposed again either.
        const Objective fails = [](const ParameterValues &) { return std::optional<double>(); };
        const auto trials = runSequential(*searcher, fails, 100);
        QCOMPARE(trials.size(), size_t(6));
        QVERIFY(allDistinct(configsOf(trials)));
        for (const TrialObservation &t : trials)
            QVERIFY(
                std::ranges::count(std::vector<double>{1, 2, 3}, std::get<double>(t.values[0])));
        QVERIFY(!searcher->suggest(trials, {}));
        // Pending configurations count as taken.
        std::vector<TrialObservation> five(trials.begin(), trials.begin() + 5);
        QVERIFY(*searcher->suggest(five, {}) == trials[5].values);
        QVERIFY(!searcher->suggest(five, {trials[5].values}));
    }

    void bayesianIsDeterministicAndValid()
    {
        const auto spec =
            makeSpec(SearchAlgorithm::Unspecified,
                     {doubleParam("alpha", 1e-6, 1e-1, ScaleType::UnitLog),
                      integerParam("max_iter", 1, 50, ScaleType::UnitLog),
                      discreteParam("tol", {1e-4, 1e-3, 1e-2, 1e-1}, ScaleType::UnitLog),
                      categoricalParam("penalty", {"l1", "l2", "elasticnet"})},
                     25);
        const Objective f = [](const ParameterValues &v) {
            const double a = std::log10(std::get<double>(v[0])) + 4.0;
            const double m = double(std::get<int64_t>(v[1]));
            const double t = std::log10(std::get<double>(v[2])) + 2.0;
            const double pen = std::get<std::string>(v[3]) == "l2" ? 0.0 : 0.3;
            return std::optional<double>(-a * a - 0.01 * (m - 20) * (m - 20) / 10 - t * t - pen);
        };
        auto a = makeSearcher(spec, 17);
        auto b = makeSearcher(spec, 17);
        const auto ta = runSequential(*a, f, 25);
        QCOMPARE(ta.size(), size_t(25));
        QVERIFY(configsOf(ta) == configsOf(runSequential(*b, f, 25)));
        QVERIFY(*a->suggest(ta, {}) == *b->suggest(ta, {}));
        QVERIFY(allDistinct(configsOf(ta)));
        for (const TrialObservation &t : ta) {
            const double alpha = std::get<double>(t.values[0]);
            QVERIFY(alpha >= 1e-6 && alpha <= 1e-1);
            const int64_t maxIter = std::get<int64_t>(t.values[1]);
            QVERIFY(maxIter >= 1 && maxIter <= 50);
            // DISCRETE values are snapped to exactly one of the allowed values.
            QVERIFY(std::ranges::count(spec.params[2].discreteValues,
                                       std::get<double>(t.values[2])) == 1);
            QVERIFY(std::ranges::count(spec.params[3].categoricalValues,
                                       std::get<std::string>(t.values[3])) == 1);
        }
        auto c = makeSearcher(spec, 18);
        QVERIFY(configsOf(runSequential(*c, f, 25)) != configsOf(ta));
    }

    void bayesianExhaustsAFiniteSpaceWithoutRepeats()
    {
        const auto spec = makeSpec(SearchAlgorithm::Unspecified,
                                   {discreteParam("d", {1, 2, 4, 8, 16}, ScaleType::UnitLog),
                                    categoricalParam("c", {"x", "y"})},
                                   10);
        auto searcher = makeSearcher(spec, 4);
        int calls = 0;
        const Objective sometimesFails = [&calls](const ParameterValues &v) {
            return ++calls % 3 == 0 ? std::nullopt : std::optional<double>(std::get<double>(v[0]));
        };
        const auto trials = runSequential(*searcher, sometimesFails, 100);
        QCOMPARE(trials.size(), size_t(10));
        QVERIFY(allDistinct(configsOf(trials)));
        QVERIFY(!searcher->suggest(trials, {}));
    }

    void bayesianPendingLeadsToDistinctSuggestions()
    {
        const auto spec =
            makeSpec(SearchAlgorithm::Unspecified,
                     {doubleParam("x", 0, 1), doubleParam("y", 0.01, 10, ScaleType::UnitLog)}, 20);
        auto searcher = makeSearcher(spec, 23);
        const Objective f = [](const ParameterValues &v) {
            const double x = std::get<double>(v[0]);
            return std::optional<double>(-(x - 0.3) * (x - 0.3) -
                                         0.1 * std::pow(std::log10(std::get<double>(v[1])), 2));
        };
        // Distance in the unit cube: x, and log10(y) over its 3 decades.
        const auto distance = [](const ParameterValues &a, const ParameterValues &b) {
            return std::hypot(std::get<double>(a[0]) - std::get<double>(b[0]),
                              std::log10(std::get<double>(a[1]) / std::get<double>(b[1])) / 3.0);
        };
        for (const int observed : {0, 8}) {  // in the random phase, then with the GP
            const auto finished = runSequential(*searcher, f, observed);
            std::vector<ParameterValues> pending;
            for (int i = 0; i < 4; ++i) {
                const auto next = searcher->suggest(finished, pending);
                QVERIFY(next);
                pending.push_back(*next);
            }
            QVERIFY(allDistinct(pending));
            for (const TrialObservation &t : finished)
                QVERIFY(std::ranges::count(pending, t.values) == 0);
            if (observed == 0)
                continue;
            // Kriging believer: with the GP, parallel suggestions do not pile up around the most
            // promising point (without it they land ~0.001 apart; with it >= 0.036 over 20 seeds).
            double closest = INFINITY;
            for (size_t i = 0; i < pending.size(); ++i)
                for (size_t j = 0; j < i; ++j)
                    closest = std::min(closest, distance(pending[i], pending[j]));
            QVERIFY2(closest > 0.02, qPrintable(QString::number(closest)));
        }
    }

    void bayesianStartsWithALatinHypercube()
    {
        // A first round of 4 parallel trials is proposed before anything has finished: each
        // parameter lands once in each quarter of its range (on its scale), for every seed.
        for (uint64_t seed = 0; seed < 20; ++seed) {
            auto spec = makeSpec(
                SearchAlgorithm::Unspecified,
                {doubleParam("alpha", 1e-4, 1e-3), doubleParam("eta", 1e-3, 10, ScaleType::UnitLog),
                 discreteParam("max_iter", {250, 500, 750, 1000})},
                8);
            spec.maxParallelTrials = 4;
            auto searcher = makeSearcher(spec, seed);
            std::vector<ParameterValues> pending;
            for (int i = 0; i < 4; ++i) {
                const auto next = searcher->suggest({}, pending);
                QVERIFY(next);
                pending.push_back(*next);
            }
            std::set<int> alphaQuarters, etaQuarters, iterValues;
            for (const ParameterValues &v : pending) {
                const double a = (std::get<double>(v[0]) - 1e-4) / 9e-4;
                const double e = (std::log10(std::get<double>(v[1])) + 3.0) / 4.0;
                alphaQuarters.insert(std::min(3, int(a * 4)));
                etaQuarters.insert(std::min(3, int(e * 4)));
                iterValues.insert(int(asDouble(v[2])));
            }
            QCOMPARE(alphaQuarters.size(), size_t(4));
            QCOMPARE(etaQuarters.size(), size_t(4));
            QCOMPARE(iterValues.size(), size_t(4));
        }
    }

    void bayesianIsNotDrawnBackToTrialsStoppedEarly()
    {
        // x in [0, 1]: the finished trials say "smaller is better", but the trial at the small
        // end was stopped early with a partial metric far below them. Fitted as no better than
        // the worst finished trial, it keeps the next proposals away from the small end; ignored,
        // the search would go straight back there.
        const auto spec = makeSpec(SearchAlgorithm::Unspecified, {doubleParam("x", 0, 1)}, 20);
        for (uint64_t seed = 0; seed < 5; ++seed) {
            auto searcher = makeSearcher(spec, seed);
            const std::vector<TrialObservation> finished = {{{0.35}, 0.712, false},
                                                            {{0.65}, 0.705, false},
                                                            {{0.95}, 0.698, false},
                                                            {{0.05}, 0.400, true}};
            const auto next = searcher->suggest(finished, {});
            QVERIFY(next);
            const double x = std::get<double>((*next)[0]);
            QVERIFY2(x > 0.15, qPrintable(QString::number(x)));
        }
    }

    void bayesianBeatsRandom_data()
    {
        QTest::addColumn<int>("dims");
        QTest::newRow("1-D parabola") << 1;
        QTest::newRow("2-D with log scale, minimise") << 2;
    }

    void bayesianBeatsRandom()
    {
        QFETCH(int, dims);
        const Goal goal = dims == 1 ? Goal::Maximize : Goal::Minimize;
        const std::vector<ParameterSpec> params =
            dims == 1 ? std::vector{doubleParam("x", 0, 1)}
                      : std::vector{doubleParam("x", 0, 1),
                                    doubleParam("a", 1e-6, 1.0, ScaleType::UnitLog)};
        const Objective &f = dims == 1 ? parabola : bowlWithLog;
        const int trials = dims == 1 ? 10 : 20;
        // Regret: distance of the best-of-N from the optimum (0 for both functions).
        double bayesRegret = 0;
        double randomRegret = 0;
        int bayesWins = 0;
        for (uint64_t seed = 0; seed < 20; ++seed) {
            auto bayes =
                makeSearcher(makeSpec(SearchAlgorithm::Unspecified, params, trials, goal), seed);
            auto random =
                makeSearcher(makeSpec(SearchAlgorithm::RandomSearch, params, trials, goal), seed);
            const double b = std::abs(bestOf(runSequential(*bayes, f, trials), goal));
            const double r = std::abs(bestOf(runSequential(*random, f, trials), goal));
            bayesRegret += b / 20;
            randomRegret += r / 20;
            bayesWins += b < r;
        }
        qInfo("mean regret: bayes %.3g, random %.3g; bayes better for %d of 20 seeds", bayesRegret,
              randomRegret, bayesWins);
        QVERIFY(bayesRegret < 0.25 * randomRegret);
        QVERIFY(bayesWins >= 14);
    }

    void bayesianSuggestCostAtThirtyObservations()
    {
        const auto spec =
            makeSpec(SearchAlgorithm::Unspecified,
                     {doubleParam("alpha", 1e-6, 1e-1, ScaleType::UnitLog),
                      integerParam("max_iter", 1, 200), categoricalParam("penalty", {"l1", "l2"})},
                     40);
        const Objective f = [](const ParameterValues &v) {
            const double a = std::log10(std::get<double>(v[0])) + 4.0;
            return std::optional<double>(-a * a - double(std::get<int64_t>(v[1])) / 200.0);
        };
        auto searcher = makeSearcher(spec, 1);
        const auto finished = runSequential(*searcher, f, 30);
        QElapsedTimer timer;
        timer.start();
        const auto next = searcher->suggest(finished, {finished[0].values, finished[1].values});
        const qint64 ms = timer.elapsed();
        qInfo("suggest() with 30 observations and 3 parameters: %lld ms", ms);
        QVERIFY(next);
        QVERIFY(std::ranges::count(configsOf(finished), *next) == 0);
        QVERIFY2(ms < 5000, "suggest() should take well under a second");
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
