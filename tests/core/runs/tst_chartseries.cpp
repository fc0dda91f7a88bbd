// Tests for the chart series: histogram binning rules, class counts, best-so-far, axis mappings
// for parallel coordinates and the normalised confusion matrix.
#include <QTest>

#include <cmath>
#include <numeric>
#include <random>

#include "data/csvloader.h"
#include "data/labschema.h"
#include "runs/chartseries.h"
#include "testsupport.h"

using namespace covertype;

namespace {

TrialResult trial(std::string id, TrialOutcome state, std::optional<double> objective,
                  ParameterValues values = {}, std::vector<double> intermediate = {})
{
    TrialResult t;
    t.trialId = std::move(id);
    t.state = state;
    t.objective = objective;
    t.values = std::move(values);
    t.intermediate = std::move(intermediate);
    t.epochs = int(t.intermediate.size());
    return t;
}

ParameterSpec doubleParam(std::string name, double lo, double hi, ScaleType scale)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Double;
    p.minValue = lo;
    p.maxValue = hi;
    p.scale = scale;
    return p;
}

size_t total(const HistogramSeries &h)
{
    return std::accumulate(h.counts.begin(), h.counts.end(), size_t(0));
}

}  // namespace

class TestChartSeries : public QObject
{
    Q_OBJECT

private slots:
    void histogramBins_data()
    {
        QTest::addColumn<int>("rule");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("expectedBins");
        // Uniform 0..n-1: IQR = n/2, so Freedman–Diaconis gives ceil(cbrt(n)) bins before clamping.
        QTest::newRow("FD, 1000 values -> 10") << int(BinRule::FreedmanDiaconis) << 1000 << 10;
        QTest::newRow("FD, 64000 values -> 40") << int(BinRule::FreedmanDiaconis) << 64000 << 40;
        QTest::newRow("FD clamped to 60") << int(BinRule::FreedmanDiaconis) << 1000000 << 60;
        QTest::newRow("sqrt, 1000 values -> 32") << int(BinRule::Sqrt) << 1000 << 32;
        QTest::newRow("sqrt clamped to 10") << int(BinRule::Sqrt) << 16 << 10;
        QTest::newRow("sqrt clamped to 60") << int(BinRule::Sqrt) << 10000 << 60;
    }

    void histogramBins()
    {
        QFETCH(int, rule);
        QFETCH(int, n);
        QFETCH(int, expectedBins);
        std::vector<double> values(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            values[size_t(i)] = double(i) + 0.25;  // not whole: the continuous path
        const HistogramSeries h = histogram(values, false, BinRule(rule));
        QCOMPARE(int(h.bins()), expectedBins);
        QCOMPARE(h.edges.size(), h.bins() + 1);
        QCOMPARE(h.edges.front(), 0.25);
        QCOMPARE(h.edges.back(), double(n - 1) + 0.25);
        QCOMPARE(total(h), size_t(n));
        QCOMPARE(h.values, size_t(n));
        QVERIFY(std::ranges::is_sorted(h.edges));
        // Equal widths on uniform data: every bin within one value of n / bins.
        for (size_t c : h.counts)
            QVERIFY(std::abs(double(c) - double(n) / double(h.bins())) <= 1.0 + 1e-9);
    }

    void histogramIntegralBinsHoldWholeValues()
    {
        // Seven distinct integers: one bin each, edges between them, fewer than the minimum 10.
        std::vector<double> values;
        for (int v = 1; v <= 7; ++v)
            values.insert(values.end(), size_t(v * 10), double(v));
        const HistogramSeries h = histogram(values, true);
        QCOMPARE(h.bins(), size_t(7));
        QCOMPARE(h.edges.front(), 0.5);
        QCOMPARE(h.edges.back(), 7.5);
        for (int v = 1; v <= 7; ++v)
            QCOMPARE(h.counts[size_t(v - 1)], size_t(v * 10));

        // 0..254 (Hillshade): a whole-number width and no value on an edge.
        std::vector<double> wide(255);
        std::iota(wide.begin(), wide.end(), 0.0);
        const HistogramSeries w = histogram(wide, true, BinRule::Sqrt);
        QVERIFY(w.bins() >= kMinHistogramBins && w.bins() <= kMaxHistogramBins);
        const double width = w.edges[1] - w.edges[0];
        QCOMPARE(width, std::round(width));
        QCOMPARE(w.edges.front(), -0.5);
        QVERIFY(w.edges.back() >= 254.5);
        QCOMPARE(total(w), size_t(255));
    }

    void histogramEdgeCases()
    {
        const std::vector<double> constant(5, 42.0);
        HistogramSeries h = histogram(constant, false);
        QCOMPARE(h.bins(), size_t(1));
        QCOMPARE(h.edges, (std::vector<double>{41.5, 42.5}));
        QCOMPARE(h.counts, std::vector<size_t>{5});

        const std::vector<double> withMissing = {1.0, NAN, 2.0, INFINITY, 3.0};
        h = histogram(withMissing, false);
        QCOMPARE(h.nulls, size_t(2));
        QCOMPARE(h.values, size_t(3));
        QCOMPARE(total(h), size_t(3));

        h = histogram(std::vector<double>{NAN, NAN}, false);
        QCOMPARE(h.bins(), size_t(0));
        QVERIFY(h.edges.empty());
        QCOMPARE(h.nulls, size_t(2));

        // IQR 0 (most values equal): Freedman–Diaconis falls back to the sqrt rule.
        std::vector<double> spiky(400, 5.0);
        spiky.push_back(0.0);
        spiky.push_back(10.0);
        h = histogram(spiky, false, BinRule::FreedmanDiaconis);
        QCOMPARE(h.bins(), histogram(spiky, false, BinRule::Sqrt).bins());
        QCOMPARE(h.bins(), size_t(21));  // ceil(sqrt(402))
        // The maximum lands in the last bin, not past it.
        QCOMPARE(h.counts.back(), size_t(1));
    }

    void histogramOfDatasetColumns()
    {
        const Dataset data({test::intColumn("n", {3, 1, 2, 2, 9}),
                            test::stringColumn("s", {"a", "b", "a", "a", "c"})},
                           "t.csv");
        auto h = histogram(data, "n");
        QVERIFY(h);
        QCOMPARE(h->column, std::string("n"));
        QVERIFY(h->integral);
        QCOMPARE(total(*h), size_t(5));
        auto s = histogram(data, "s");
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::Schema);
        QVERIFY(s.error().message.find("'s'") != std::string::npos);
        auto missing = histogram(data, "nope");
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void histogramOfRealElevation()
    {
        COVERTYPE_REAL_DATA(path);
        auto data = loadDataset(path.toStdString());
        QVERIFY(data);
        auto h = histogram(*data, "Elevation");
        QVERIFY(h);
        QVERIFY(h->bins() >= kMinHistogramBins && h->bins() <= kMaxHistogramBins);
        QCOMPARE(total(*h), data->rowCount());
        const Column &c = *data->find("Elevation");
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < c.size(); ++r) {
            lo = std::min(lo, c.numberAt(r));
            hi = std::max(hi, c.numberAt(r));
        }
        QCOMPARE(h->edges.front(), lo - 0.5);
        QVERIFY(h->edges.back() >= hi + 0.5);
        QVERIFY(h->edges.back() - (hi + 0.5) < h->edges[1] - h->edges[0]);
    }

    void coverTypeNames()
    {
        QCOMPARE(lab::coverTypeName(1), std::string("Spruce/Fir"));
        QCOMPARE(lab::coverTypeName(2), std::string("Lodgepole Pine"));
        QCOMPARE(lab::coverTypeName(7), std::string("Krummholz"));
        QCOMPARE(lab::coverTypeName(0), std::string("Cover type 0"));
        QCOMPARE(lab::columnUnit("Elevation"), std::string_view("m"));
        QCOMPARE(lab::columnUnit("Slope"), std::string_view("°"));
        QCOMPARE(lab::columnUnit("Horizontal_Distance_To_Fire_Points"), std::string_view("m"));
        QCOMPARE(lab::columnUnit("Hillshade_9am"), std::string_view());
    }

    void classDistributionPerSplit()
    {
        const ClassDistribution d = classDistribution({
            {"training", {{1, 60}, {2, 30}, {7, 10}}},
            {"validation", {{1, 5}, {2, 5}}},
            {"empty", {}},
        });
        QCOMPARE(d.classes, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(d.classNames.size(), size_t(7));
        QCOMPARE(d.classNames[3], std::string("Cottonwood/Willow"));
        QCOMPARE(d.groups, (std::vector<std::string>{"training", "validation", "empty"}));
        QCOMPARE(d.totals, (std::vector<size_t>{100, 10, 0}));
        QCOMPARE(d.counts[0][6], size_t(10));
        QCOMPARE(d.counts[1][6], size_t(0));  // a class missing from a split shows as zero
        QCOMPARE(d.fraction(0, 0), 0.6);
        QCOMPARE(d.fraction(1, 1), 0.5);
        QCOMPARE(d.fraction(2, 0), 0.0);

        const ClassDistribution odd = classDistribution({{"all", {{1, 1}, {9, 2}}}});
        QCOMPARE(odd.classes.back(), int64_t(9));
        QCOMPARE(odd.classNames.back(), std::string("Cover type 9"));
        QCOMPARE(odd.counts[0].back(), size_t(2));
    }

    void trialOrdering()
    {
        QCOMPARE(trialNumber("12"), int64_t(12));
        QCOMPARE(trialNumber("x"), int64_t(0));
        QCOMPARE(trialNumber("3a"), int64_t(0));
        QCOMPARE(trialNumber("-1"), int64_t(0));
        std::vector<TrialResult> trials;
        QCOMPARE(upsertTrial(trials, trial("10", TrialOutcome::Active, {})), size_t(0));
        QCOMPARE(upsertTrial(trials, trial("2", TrialOutcome::Active, {})), size_t(0));
        QCOMPARE(upsertTrial(trials, trial("3", TrialOutcome::Active, {})), size_t(1));
        QCOMPARE(upsertTrial(trials, trial("10", TrialOutcome::Succeeded, 0.5)), size_t(2));
        QCOMPARE(trials.size(), size_t(3));
        QCOMPARE(trials[2].state, TrialOutcome::Succeeded);
        QCOMPARE(trials[0].trialId, std::string("2"));
    }

    void bestSoFarByGoal_data()
    {
        QTest::addColumn<bool>("maximize");
        QTest::addColumn<std::vector<double>>("expected");
        // Trials 1..6: failed, 0.6, stopped early at 0.9, 0.7, 0.65, 0.5.
        QTest::newRow("maximize") << true << std::vector<double>{0.6, 0.6, 0.7, 0.7, 0.7};
        QTest::newRow("minimize") << false << std::vector<double>{0.6, 0.6, 0.6, 0.6, 0.5};
    }

    void bestSoFarByGoal()
    {
        QFETCH(bool, maximize);
        QFETCH(std::vector<double>, expected);
        // Given out of order, as parallel trials finish.
        const std::vector<TrialResult> trials = {
            trial("4", TrialOutcome::Succeeded, 0.7), trial("1", TrialOutcome::Failed, {}),
            trial("2", TrialOutcome::Succeeded, 0.6), trial("3", TrialOutcome::StoppedEarly, 0.9),
            trial("6", TrialOutcome::Succeeded, 0.5), trial("5", TrialOutcome::Succeeded, 0.65),
            trial("7", TrialOutcome::Active, {}),
        };
        const auto points = bestSoFar(trials, maximize ? Goal::Maximize : Goal::Minimize);
        QCOMPARE(points.size(), expected.size());
        for (size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].trial, double(i + 2));
            QCOMPARE(points[i].value, expected[i]);
        }
        QCOMPARE(points.back().bestTrialId, std::string(maximize ? "4" : "6"));
        QVERIFY(bestSoFar({trial("1", TrialOutcome::Failed, {})}, Goal::Maximize).empty());
    }

    void axisMapping_data()
    {
        QTest::addColumn<int>("scale");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("expected");
        const int lin = int(ScaleType::UnitLinear), log = int(ScaleType::UnitLog),
                  rev = int(ScaleType::UnitReverseLog), none = int(ScaleType::None);
        QTest::newRow("linear low") << lin << 0.0 << 10.0 << 0.0 << 0.0;
        QTest::newRow("linear mid") << lin << 0.0 << 10.0 << 2.5 << 0.25;
        QTest::newRow("no scale is linear") << none << 0.0 << 10.0 << 10.0 << 1.0;
        QTest::newRow("log low") << log << 1e-5 << 1e-2 << 1e-5 << 0.0;
        QTest::newRow("log decade") << log << 1e-5 << 1e-2 << 1e-4 << 1.0 / 3.0;
        QTest::newRow("log high") << log << 1e-5 << 1e-2 << 1e-2 << 1.0;
        QTest::newRow("log over non-positive bounds is linear") << log << 0.0 << 4.0 << 1.0 << 0.25;
        QTest::newRow("reverse log low") << rev << 1.0 << 100.0 << 1.0 << 0.0;
        QTest::newRow("reverse log high") << rev << 1.0 << 100.0 << 100.0 << 1.0;
        // hi + lo - v = 10 is one decade of two from the top.
        QTest::newRow("reverse log spreads the top") << rev << 1.0 << 100.0 << 91.0 << 0.5;
    }

    void axisMapping()
    {
        QFETCH(int, scale);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(double, value);
        QFETCH(double, expected);
        const ParameterAxis axis = parameterAxis(doubleParam("p", lo, hi, ScaleType(scale)));
        QVERIFY(std::abs(axis.toUnit(value) - expected) < 1e-12);
        QVERIFY(std::abs(axis.toUnit(ParameterValue(value)) - expected) < 1e-12);
        QVERIFY(std::isnan(axis.toUnit(ParameterValue(std::string("x")))));
    }

    void axisTicks()
    {
        // Log: the decades, evenly spaced.
        const ParameterAxis log =
            parameterAxis(doubleParam("alpha", 1e-5, 1e-2, ScaleType::UnitLog));
        QCOMPARE(log.effectiveScale(), ScaleType::UnitLog);
        std::vector<std::string> labels;
        for (const AxisTick &t : log.ticks())
            labels.push_back(t.label);
        QCOMPARE(labels, (std::vector<std::string>{"1e-05", "0.0001", "0.001", "0.01"}));

        // Linear: the bounds and round values, none closer than 0.1.
        const ParameterAxis lin =
            parameterAxis(doubleParam("alpha", 0.0001, 0.001, ScaleType::UnitLinear));
        const auto ticks = lin.ticks();
        QVERIFY(ticks.size() >= 3);
        QCOMPARE(ticks.front().label, std::string("0.0001"));
        QCOMPARE(ticks.back().label, std::string("0.001"));
        for (size_t i = 1; i < ticks.size(); ++i)
            QVERIFY(ticks[i].position - ticks[i - 1].position >= 0.1 - 1e-12);

        // Integer: whole numbers only.
        ParameterSpec iter;
        iter.name = "max_iter";
        iter.type = ParameterType::Integer;
        iter.minValue = 1;
        iter.maxValue = 7;
        for (const AxisTick &t : parameterAxis(iter).ticks())
            QVERIFY(t.label.find('.') == std::string::npos);

        // Discrete and categorical: the listed values.
        ParameterSpec discrete;
        discrete.name = "max_iter";
        discrete.type = ParameterType::Discrete;
        discrete.discreteValues = {500, 1000};
        const auto d = parameterAxis(discrete).ticks();
        QCOMPARE(d.size(), size_t(2));
        QCOMPARE(d[0].label, std::string("500"));
        QCOMPARE(d[1].position, 1.0);

        ParameterSpec cat;
        cat.name = "penalty";
        cat.type = ParameterType::Categorical;
        cat.categoricalValues = {"l1", "l2", "elasticnet"};
        const ParameterAxis c = parameterAxis(cat);
        const auto ct = c.ticks();
        QCOMPARE(ct.size(), size_t(3));
        QCOMPARE(ct[1].position, 0.5);
        QCOMPARE(ct[2].label, std::string("elasticnet"));
        QCOMPARE(c.number(ParameterValue(std::string("l2"))), 1.0);
        QVERIFY(std::isnan(c.toUnit(ParameterValue(0.5))));
    }

    void parallelCoordinatesLines()
    {
        TuningSpec spec;
        ParameterSpec iter;
        iter.name = "max_iter";
        iter.type = ParameterType::Discrete;
        iter.discreteValues = {500, 1000};
        spec.params = {iter, doubleParam("alpha", 1e-5, 1e-2, ScaleType::UnitLog)};
        const std::vector<TrialResult> trials = {
            trial("1", TrialOutcome::Succeeded, 0.7, {1000.0, 1e-4}),
            trial("2", TrialOutcome::Failed, {}, {500.0, 1e-2}),
            trial("3", TrialOutcome::StoppedEarly, 0.6, {500.0, 1e-5}),
            trial("4", TrialOutcome::Active, {}, {500.0, 1e-3}),
            trial("5", TrialOutcome::Succeeded, 0.68, {500.0, 1e-3}),
            trial("6", TrialOutcome::Cancelled, {}, {1000.0, 1e-3}),
        };
        const ParallelCoordinates pc = parallelCoordinates(spec, trials, "accuracy");
        QCOMPARE(pc.axes.size(), size_t(3));
        QCOMPARE(pc.axes[2].name, std::string("accuracy"));
        QCOMPARE(pc.metricLo, 0.6);
        QCOMPARE(pc.metricHi, 0.7);
        // The colour scale follows the succeeded trials: the stopped one does not stretch it.
        QCOMPARE(pc.colorLo, 0.68);
        QCOMPARE(pc.colorHi, 0.7);
        // The active trial has nothing to draw yet; the cancelled one never finished.
        QCOMPARE(pc.lines.size(), size_t(4));
        QCOMPARE(pc.lines[3].trialId, std::string("5"));
        QCOMPARE(pc.lines[0].positions[0], 1.0);
        QVERIFY(std::abs(pc.lines[0].positions[1] - 1.0 / 3.0) < 1e-12);
        QCOMPARE(pc.lines[0].positions[2], 1.0);
        QVERIFY(!pc.lines[1].metric);
        QVERIFY(std::isnan(pc.lines[1].positions[2]));
        QCOMPARE(pc.lines[2].positions[2], 0.0);
        QCOMPARE(pc.lines[2].state, TrialOutcome::StoppedEarly);
    }

    void learningCurvesPerTrial()
    {
        const auto curves = learningCurves({
            trial("1", TrialOutcome::Succeeded, 0.7, {}, {0.5, 0.6, 0.7}),
            trial("2", TrialOutcome::Failed, {}),
            trial("3", TrialOutcome::StoppedEarly, 0.4, {}, {0.3, 0.4}),
        });
        QCOMPARE(curves.size(), size_t(2));
        QCOMPARE(curves[0].epochs, (std::vector<double>{1, 2, 3}));
        QCOMPARE(curves[1].accuracy, (std::vector<double>{0.3, 0.4}));
        QCOMPARE(curves[1].state, TrialOutcome::StoppedEarly);
    }

    void confusionNormalisedPerTrueClass()
    {
        Evaluation e;
        e.classes = {1, 2, 4};
        e.confusion = {{8, 2, 0}, {1, 3, 0}, {0, 0, 0}};
        const ConfusionSeries s = confusionSeries(e);
        QCOMPARE(s.classNames,
                 (std::vector<std::string>{"Spruce/Fir", "Lodgepole Pine", "Cottonwood/Willow"}));
        QCOMPARE(s.trueTotals, (std::vector<int64_t>{10, 4, 0}));
        QCOMPARE(s.rows, int64_t(14));
        QCOMPARE(s.shareOfTrue[0], (std::vector<double>{0.8, 0.2, 0.0}));
        QCOMPARE(s.shareOfTrue[1], (std::vector<double>{0.25, 0.75, 0.0}));
        QCOMPARE(s.shareOfTrue[2], (std::vector<double>{0.0, 0.0, 0.0}));
        for (const auto &row : s.shareOfTrue) {
            const double sum = std::accumulate(row.begin(), row.end(), 0.0);
            QVERIFY(sum == 0.0 || std::abs(sum - 1.0) < 1e-12);
        }
    }
};

QTEST_GUILESS_MAIN(TestChartSeries)
#include "tst_chartseries.moc"
