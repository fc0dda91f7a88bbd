// Tests for the chart widgets: what each draws from its series, live updates, linked selection
// (setSelectedTrial, trialClicked from a real mouse click), tooltips and export.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

#include <qcustomplot.h>

#include "charts/classdistributionchart.h"
#include "charts/confusionmatrixchart.h"
#include "charts/histogramchart.h"
#include "charts/learningcurvechart.h"
#include "charts/parallelcoordinateschart.h"
#include "charts/parameterscatterchart.h"
#include "charts/trialmetricchart.h"
#include "data/columnstats.h"
#include "data/csvloader.h"
#include "runs/chartseries.h"
#include "split/split.h"
#include "testsupport.h"
#include "training/trainer.h"
#include "tuning/tuner.h"

using namespace covertype;
using namespace covertype::ui;

namespace {

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

ParameterSpec discreteParam(std::string name, std::vector<double> values)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Discrete;
    p.discreteValues = std::move(values);
    return p;
}

/// alpha (log), max_iter (discrete), beta (reverse log): one parameter of each axis kind.
TuningSpec chartSpec()
{
    TuningSpec spec;
    spec.goal = Goal::Maximize;
    spec.metricTag = "accuracy";
    spec.params = {doubleParam("alpha", 1e-5, 1e-2, ScaleType::UnitLog),
                   discreteParam("max_iter", {5, 10, 20}),
                   doubleParam("beta", 1, 100, ScaleType::UnitReverseLog)};
    return spec;
}

TrialResult trial(std::string id, TrialOutcome state, std::optional<double> objective,
                  ParameterValues values, std::vector<double> curve = {})
{
    TrialResult t;
    t.trialId = std::move(id);
    t.state = state;
    t.objective = objective;
    t.values = std::move(values);
    t.intermediate = std::move(curve);
    t.epochs = int(t.intermediate.size());
    t.seconds = 0.5 * double(t.epochs);
    if (state == TrialOutcome::Failed)
        t.message = "diverged";
    return t;
}

/// Trials as a run reports them: 1 failed, 2 0.6, 3 stopped early at 0.55, 4 best 0.7, 5 0.65.
std::vector<TrialResult> fiveTrials()
{
    return {
        trial("1", TrialOutcome::Failed, {}, {1e-2, 5.0, 50.0}, {0.3}),
        trial("2", TrialOutcome::Succeeded, 0.6, {1e-3, 10.0, 10.0}, {0.5, 0.58, 0.6}),
        trial("3", TrialOutcome::StoppedEarly, 0.55, {1e-5, 5.0, 2.0}, {0.5, 0.55}),
        trial("4", TrialOutcome::Succeeded, 0.7, {1e-4, 20.0, 90.0}, {0.6, 0.65, 0.68, 0.7}),
        trial("5", TrialOutcome::Succeeded, 0.65, {3e-4, 10.0, 99.0}, {0.55, 0.6, 0.65}),
    };
}

/// Shows `w` at 800x500 offscreen and lays the plot out, so pixel coordinates are final.
bool showAndLayOut(ChartWidget &w)
{
    w.resize(800, 500);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return false;
    w.plot()->replot(QCustomPlot::rpImmediateRefresh);
    return true;
}

QPoint pixelOf(const ChartWidget &w, double x, double y)
{
    return QPointF(w.plot()->xAxis->coordToPixel(x), w.plot()->yAxis->coordToPixel(y)).toPoint();
}

std::vector<double> values(const QCPGraph *g)
{
    std::vector<double> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        out.push_back(it->value);
    return out;
}

std::vector<double> keys(const QCPGraph *g)
{
    std::vector<double> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        out.push_back(it->key);
    return out;
}

/// Colours in the image: a blank or single-colour render has 1.
int distinctColors(const QImage &image)
{
    QSet<QRgb> seen;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            seen.insert(image.pixel(x, y));
    return int(seen.size());
}

}  // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void metricChartPointsAndBestSoFar()
    {
        TrialMetricChart chart;
        chart.setSpec(chartSpec());
        chart.setTrials(fiveTrials());
        QCOMPARE(chart.succeededGraph()->dataCount(), 3);
        QCOMPARE(chart.stoppedGraph()->dataCount(), 1);
        QCOMPARE(chart.failedGraph()->dataCount(), 1);
        QCOMPARE(keys(chart.stoppedGraph()), std::vector<double>{3});
        QCOMPARE(values(chart.stoppedGraph()), std::vector<double>{0.55});
        // The failed trial sits below every metric.
        QVERIFY(values(chart.failedGraph())[0] < 0.55);
        // Best so far from trial 2 on (the stopped trial never counts), carried to the edge.
        QCOMPARE(keys(chart.bestGraph()), (std::vector<double>{2, 3, 4, 5, 5.5}));
        QCOMPARE(values(chart.bestGraph()), (std::vector<double>{0.6, 0.6, 0.7, 0.7, 0.7}));
        QCOMPARE(chart.bestGraph()->lineStyle(), QCPGraph::lsStepLeft);
        QCOMPARE(chart.plot()->yAxis->label(), QString("Validation accuracy"));
        QCOMPARE(chart.plot()->xAxis->label(), QString("Trial"));
        QVERIFY(chart.plot()->yAxis->range().contains(0.7));
        QVERIFY(chart.plot()->xAxis->range().contains(5));

        // Minimising: the lowest metric is the best.
        TuningSpec minimize = chartSpec();
        minimize.goal = Goal::Minimize;
        chart.setSpec(minimize);
        QCOMPARE(values(chart.bestGraph()), (std::vector<double>{0.6, 0.6, 0.6, 0.6, 0.6}));
    }

    void metricChartLiveUpdates()
    {
        TrialMetricChart chart;
        chart.setSpec(chartSpec());
        for (const TrialResult &t : fiveTrials())
            chart.addOrUpdateTrial(t);
        TrialResult running = trial("6", TrialOutcome::Active, {}, {1e-3, 5.0, 10.0});
        chart.addOrUpdateTrial(running);
        QCOMPARE(chart.succeededGraph()->dataCount(), 3);  // a running trial has no point yet
        running.state = TrialOutcome::Succeeded;
        running.objective = 0.8;
        chart.addOrUpdateTrial(running);
        QCOMPARE(chart.succeededGraph()->dataCount(), 4);
        QCOMPARE(values(chart.bestGraph()).back(), 0.8);
        QCOMPARE(chart.trials().size(), size_t(6));
        QVERIFY(chart.plot()->xAxis->range().contains(6));
        chart.clear();
        QCOMPARE(chart.succeededGraph()->dataCount(), 0);
        QCOMPARE(chart.bestGraph()->dataCount(), 0);
        QVERIFY(chart.trials().empty());
    }

    void metricChartSelectionAndClick()
    {
        TrialMetricChart chart;
        chart.setSpec(chartSpec());
        chart.setTrials(fiveTrials());
        QVERIFY(showAndLayOut(chart));
        QSignalSpy clicked(&chart, &TrialChart::trialClicked);

        chart.setSelectedTrial("2");
        QCOMPARE(keys(chart.selectionGraph()), std::vector<double>{2});
        QCOMPARE(values(chart.selectionGraph()), std::vector<double>{0.6});
        QCOMPARE(clicked.count(), 0);  // selecting from outside is not a click

        const QPoint at = pixelOf(chart, 4, 0.7);
        QCOMPARE(chart.trialPixel("4")->toPoint(), at);
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, at);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QString("4"));
        QCOMPARE(chart.selectedTrial(), QString("4"));
        QCOMPARE(values(chart.selectionGraph()), std::vector<double>{0.7});

        // A click a few pixels off still hits; one in empty space does not.
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {},
                          pixelOf(chart, 3, 0.55) + QPoint(3, -2));
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(clicked.at(1).at(0).toString(), QString("3"));
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(chart, 4.5, 0.62));
        QCOMPARE(clicked.count(), 2);

        const QString tip = chart.toolTipAt(at);
        QVERIFY2(
            tip.contains("Trial 4") && tip.contains("0.700000") && tip.contains("alpha = 0.0001"),
            qPrintable(tip));
        const QString failedTip = chart.toolTipAt(chart.trialPixel("1").value());
        QVERIFY2(failedTip.contains("Failed") && failedTip.contains("diverged"),
                 qPrintable(failedTip));
        chart.setSelectedTrial({});
        QCOMPARE(chart.selectionGraph()->dataCount(), 0);
    }

    void scatterAxisFollowsScaleType()
    {
        ParameterScatterChart chart;
        chart.setSpec(chartSpec());
        chart.setTrials(fiveTrials());
        chart.setParameter(0);  // alpha, UNIT_LOG_SCALE
        QCOMPARE(chart.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerLog>());
        QVERIFY(chart.plot()->xAxis->label().startsWith("alpha"));
        QVERIFY(chart.plot()->xAxis->label().contains("log"));
        QVERIFY(chart.plot()->xAxis->range().contains(1e-5) &&
                chart.plot()->xAxis->range().contains(1e-2));
        QCOMPARE(chart.succeededGraph()->dataCount(), 3);
        QCOMPARE(chart.stoppedGraph()->dataCount(), 1);
        QCOMPARE(chart.failedGraph()->dataCount(), 1);
        QCOMPARE(keys(chart.succeededGraph()), (std::vector<double>{1e-4, 3e-4, 1e-3}));

        chart.setParameter(1);  // max_iter, discrete: linear, ticks at the listed values
        QCOMPARE(chart.plot()->xAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(chart.plot()->xAxis->label(), QString("max_iter (epochs)"));
        auto text = chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(text);
        QCOMPARE(text->ticks().keys(), (QList<double>{5, 10, 20}));

        chart.setParameter(2);  // beta, reverse log: placed by core's mapping, labelled by value
        QCOMPARE(chart.plot()->xAxis->scaleType(), QCPAxis::stLinear);
        text = chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(text);
        QCOMPARE(text->ticks().value(0.0), QString("1"));
        QCOMPARE(text->ticks().value(1.0), QString("100"));
        const ParameterAxis beta = parameterAxis(chartSpec().params[2]);
        QVERIFY(keys(chart.stoppedGraph())[0] == beta.toUnit(2.0));
    }

    void scatterClickOnLogAxis()
    {
        ParameterScatterChart chart;
        chart.setSpec(chartSpec());
        chart.setTrials(fiveTrials());
        chart.setParameter(0);
        QVERIFY(showAndLayOut(chart));
        QSignalSpy clicked(&chart, &TrialChart::trialClicked);
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(chart, 3e-4, 0.65));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QString("5"));
        QCOMPARE(keys(chart.selectionGraph()), std::vector<double>{3e-4});
        chart.setSelectedTrial("2");
        QCOMPARE(keys(chart.selectionGraph()), std::vector<double>{1e-3});
    }

    void parallelCoordinatesLines()
    {
        ParallelCoordinatesChart chart;
        chart.setSpec(chartSpec());
        chart.setTrials(fiveTrials());
        QCOMPARE(chart.series().axes.size(), size_t(4));  // three parameters and the metric
        QCOMPARE(chart.lineGraphs().size(), 5);
        for (QCPGraph *g : chart.lineGraphs())
            QCOMPARE(g->dataCount(), 4);
        // Trial 4 (alpha 1e-4, on a log axis from 1e-5 to 1e-2) at a third of the height.
        QCPGraph *four = chart.lineGraphs()[3];
        QCOMPARE(four->objectName(), QString("trial:4"));
        QVERIFY(std::abs(values(four)[0] - 1.0 / 3.0) < 1e-9);
        QCOMPARE(values(four)[3], 1.0);  // the best metric at the top
        // Coloured by metric: the best and the worst differ; the failed one has no metric.
        QVERIFY(four->pen().color() != chart.lineGraphs()[2]->pen().color());
        QVERIFY(std::isnan(values(chart.lineGraphs()[0])[3]));
        QCOMPARE(chart.lineGraphs()[2]->pen().style(), Qt::DashLine);  // stopped early
        // The colour scale spans the succeeded trials (0.6 to 0.7): trial 3, stopped early at a
        // partial 0.55, takes the low end's colour instead of stretching the scale.
        QCOMPARE(chart.colorScale()->dataRange(), QCPRange(0.6, 0.7));

        QVERIFY(showAndLayOut(chart));
        QSignalSpy clicked(&chart, &TrialChart::trialClicked);
        // On trial 2's line halfway between the max_iter and beta axes.
        const double y1 = values(chart.lineGraphs()[1])[1], y2 = values(chart.lineGraphs()[1])[2];
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(chart, 1.5, (y1 + y2) / 2));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QString("2"));
        QCOMPARE(chart.selectionGraph()->dataCount(), 4);
        QCOMPARE(values(chart.selectionGraph()), values(chart.lineGraphs()[1]));

        TrialResult next = trial("6", TrialOutcome::Succeeded, 0.9, {1e-3, 20.0, 5.0});
        chart.addOrUpdateTrial(next);
        QCOMPARE(chart.lineGraphs().size(), 6);
        QCOMPARE(chart.colorScale()->dataRange(), QCPRange(0.6, 0.9));
        QCOMPARE(chart.selectionGraph()->dataCount(), 4);  // the selection survives a rebuild
    }

    void learningCurvesLive()
    {
        LearningCurveChart chart;
        chart.setSpec(chartSpec());
        TrialResult live = trial("7", TrialOutcome::Active, {}, {1e-3, 10.0, 10.0}, {0.4});
        chart.addOrUpdateTrial(live);
        QCOMPARE(chart.curveGraphs().size(), 1);
        QCOMPARE(chart.curveGraphs()[0]->dataCount(), 1);
        live.intermediate.push_back(0.45);
        chart.addOrUpdateTrial(live);
        QCOMPARE(chart.curveGraphs()[0]->dataCount(), 2);

        chart.setTrials(fiveTrials());
        QCOMPARE(chart.curveGraphs().size(), 5);
        QCOMPARE(chart.curveGraphs()[3]->dataCount(), 4);
        // The early-stopped trial ends in a mark at its last epoch and is dashed.
        QCOMPARE(keys(chart.stoppedGraph()), std::vector<double>{2});
        QCOMPARE(values(chart.stoppedGraph()), std::vector<double>{0.55});
        QCOMPARE(chart.curveGraphs()[2]->pen().style(), Qt::DashLine);
        QCOMPARE(chart.plot()->xAxis->label(), QString("Epoch"));
        QVERIFY(chart.plot()->xAxis->range().contains(4));

        QVERIFY(showAndLayOut(chart));
        QSignalSpy clicked(&chart, &TrialChart::trialClicked);
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(chart, 3, 0.68));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QString("4"));
        QCOMPARE(values(chart.selectionGraph()), (std::vector<double>{0.6, 0.65, 0.68, 0.7}));
        const QString tip = chart.toolTipAt(pixelOf(chart, 3, 0.68));
        QVERIFY2(tip.startsWith("Trial 4, epoch 3: 0.680000"), qPrintable(tip));

        // Hovering a curve draws it over the others and names it in the legend; the legend
        // always says what the lines are.
        const auto inLegend = [&](const QString &prefix) {
            for (int i = 0; i < chart.plot()->legend->itemCount(); ++i)
                if (auto *item =
                        qobject_cast<QCPPlottableLegendItem *>(chart.plot()->legend->item(i));
                    item && item->plottable()->name().startsWith(prefix))
                    return true;
            return false;
        };
        QVERIFY(inLegend("Trials, one line each"));
        QVERIFY(!inLegend("Trial 4 (under the mouse)"));
        QTest::mouseMove(chart.plot(), pixelOf(chart, 3, 0.68));
        chart.hoverAt(QPointF(pixelOf(chart, 3, 0.68)));
        QCOMPARE(chart.hoveredTrial(), QString("4"));
        QCOMPARE(values(chart.hoverGraph()), (std::vector<double>{0.6, 0.65, 0.68, 0.7}));
        QVERIFY(inLegend("Trial 4 (under the mouse)"));
        chart.hoverAt(QPointF(-100, -100));
        QVERIFY(chart.hoveredTrial().isEmpty());
        QCOMPARE(chart.hoverGraph()->dataCount(), 0);
        QVERIFY(!inLegend("Trial 4 (under the mouse)"));
    }

    void histogramBars()
    {
        std::vector<int64_t> elevation;
        for (int i = 0; i < 2000; ++i)
            elevation.push_back(2000 + (i * 7919) % 1500);
        const Dataset data({test::intColumn("Elevation", elevation)}, "t.csv");
        auto series = histogram(data, "Elevation");
        QVERIFY(series);
        HistogramChart chart;
        chart.setSeries(*series);
        QCOMPARE(chart.bars()->dataCount(), int(series->bins()));
        QCOMPARE(chart.bars()->width(), series->edges[1] - series->edges[0]);
        QCOMPARE(chart.plot()->xAxis->label(), QString("Elevation (m)"));
        QCOMPARE(chart.plot()->yAxis->label(), QString("Rows"));
        QVERIFY(chart.title().contains("Elevation"));

        QVERIFY(showAndLayOut(chart));
        const double center = (series->edges[0] + series->edges[1]) / 2;
        const QString tip = chart.toolTipAt(pixelOf(chart, center, 1));
        QVERIFY2(tip.contains(QString::number(series->counts[0]) + " rows") && tip.contains(" m"),
                 qPrintable(tip));
        QVERIFY(chart.toolTipAt(QPointF(2, 2)).isEmpty());
        chart.clear();
        QCOMPARE(chart.bars()->dataCount(), 0);
    }

    void classDistributionPerSplit()
    {
        const ClassDistribution d = classDistribution({
            {"training", {{1, 600}, {2, 300}, {7, 100}}},
            {"validation", {{1, 50}, {2, 50}}},
            {"testing", {{1, 40}, {2, 50}, {3, 10}}},
        });
        ClassDistributionChart chart;
        chart.setDistribution(d, {"Training", "Validation", "Testing"});
        QCOMPARE(chart.bars().size(), 3);
        QCOMPARE(chart.bars()[0]->dataCount(), 7);
        QCOMPARE(chart.bars()[1]->name(), QString("Validation"));
        QVERIFY(chart.bars()[0]->brush().color() != chart.bars()[1]->brush().color());
        QVERIFY(chart.bars()[1]->brush().color() != chart.bars()[2]->brush().color());
        QVERIFY(chart.bars()[0]->barsGroup());
        QVERIFY(chart.plot()->legend->visible());
        auto ticker = chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(1).simplified(), QString("Lodgepole Pine"));
        QCOMPARE(ticker->ticks().value(6), QString("Krummholz"));
        QCOMPARE(chart.bars()[1]->data()->at(1)->value, 50.0);

        chart.setShowPercent(true);
        QCOMPARE(chart.bars()[1]->data()->at(1)->value, 50.0);  // half of validation
        QCOMPARE(chart.bars()[0]->data()->at(1)->value, 30.0);
        QVERIFY(chart.plot()->yAxis->label().contains("%"));

        QVERIFY(showAndLayOut(chart));
        // Validation is the middle one of three bars around each class.
        const QPoint at = pixelOf(chart, 0, 20);
        const QString tip = chart.toolTipAt(at);
        QVERIFY2(
            tip.contains("Spruce/Fir") && tip.contains("Validation") && tip.contains("50 rows"),
            qPrintable(tip));

        // Wide enough: long names wrapped onto lines; narrow: all on one rotated line.
        QCOMPARE(chart.plot()->xAxis->tickLabelRotation(), 0.0);
        QCOMPARE(ticker->ticks().value(3), QString("Cottonwood/\nWillow"));
        QCOMPARE(ticker->ticks().value(4), QString("Aspen"));
        chart.resize(chart.minimumSizeHint().width(), 300);
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QVERIFY(chart.plot()->xAxis->tickLabelRotation() != 0.0);
        QCOMPARE(ticker->ticks().value(3), QString("Cottonwood/Willow"));

        ClassDistributionChart single;
        single.setDistribution(classDistribution({{"all", {{1, 10}}}}));
        QCOMPARE(single.bars().size(), 1);
        QVERIFY(!single.plot()->legend->visible());
    }

    void confusionMatrixCells()
    {
        Evaluation e;
        e.classes = {1, 2, 3};
        e.confusion = {{80, 15, 5}, {10, 40, 0}, {0, 0, 0}};
        ConfusionMatrixChart chart;
        chart.setSeries(confusionSeries(e), "validation rows");
        QVERIFY(chart.title().contains("validation rows"));
        QCOMPARE(chart.colorMap()->data()->keySize(), 3);
        QCOMPARE(chart.colorMap()->data()->cell(1, 0), 15.0);  // predicted 2, true 1: 15 of 100
        QCOMPARE(chart.colorMap()->data()->cell(1, 1), 80.0);
        QCOMPARE(chart.colorMap()->data()->cell(0, 2), 0.0);
        QCOMPARE(chart.cellText(0, 1), QString("15\n15.0%"));
        QCOMPARE(chart.cellText(1, 0), QString("10\n20.0%"));
        QVERIFY(chart.plot()->yAxis->rangeReversed());
        auto ticks = chart.plot()->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticks);
        QCOMPARE(ticks->ticks().value(2), QString("Ponderosa Pine"));
        QVERIFY(chart.colorScale()->axis()->label().contains("%"));

        QVERIFY(showAndLayOut(chart));
        const QString tip = chart.toolTipAt(pixelOf(chart, 0, 1));
        QVERIFY2(tip.contains("True Lodgepole Pine, predicted Spruce/Fir") &&
                     tip.contains("10 of 50 rows (20.00%)"),
                 qPrintable(tip));
    }

    void exportWritesFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("png") << "chart.png" << QByteArray("\x89PNG");
        QTest::newRow("pdf") << "chart.PDF" << QByteArray("%PDF");
        QTest::newRow("svg") << "chart.svg" << QByteArray("<?xml");
    }

    void exportWritesFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<std::unique_ptr<ChartWidget>> charts;
        auto metric = std::make_unique<TrialMetricChart>();
        metric->setSpec(chartSpec());
        metric->setTrials(fiveTrials());
        charts.push_back(std::move(metric));
        Evaluation e;
        e.classes = {1, 2};
        e.confusion = {{3, 1}, {0, 4}};
        auto confusion = std::make_unique<ConfusionMatrixChart>();
        confusion->setSeries(confusionSeries(e));
        charts.push_back(std::move(confusion));
        for (size_t i = 0; i < charts.size(); ++i) {
            const QString path = dir.filePath(QString::number(i) + name);
            auto ok = charts[i]->exportTo(path, QSize(640, 400));
            QVERIFY2(ok, ok ? "" : ok.error().message.c_str());
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(bytes.size() > 1000);
            QVERIFY(bytes.startsWith(magic));
            if (name.endsWith(".png")) {
                const QImage image(path);
                QCOMPARE(image.size(), QSize(640, 400));
                QVERIFY(distinctColors(image) > 10);
            }
            if (name.endsWith(".PDF"))  // 640x400 pixels at 96 dpi are 480x300 points
                QVERIFY(bytes.contains("/MediaBox [0 0 480.000000 300.000000]"));
            if (name.endsWith(".svg"))
                QVERIFY(bytes.contains("<svg") && bytes.contains("Metric per trial") == (i == 0));
        }
    }

    void exportRejectsUnknownFormats()
    {
        QTemporaryDir dir;
        HistogramChart chart;
        auto bad = chart.exportTo(dir.filePath("chart.bmp"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!QFile::exists(dir.filePath("chart.bmp")));
        auto missingDir = chart.exportTo(dir.filePath("no/such/dir/chart.png"));
        QVERIFY(!missingDir);
        QCOMPARE(missingDir.error().code, ErrorCode::Io);
    }

    /// A real tuning run on lab-schema rows feeds every trial chart live, as the Runs page will.
    void liveTuningRun()
    {
        TuningSpec spec;
        spec.goal = Goal::Maximize;
        spec.metricTag = "accuracy";
        spec.maxTrials = 6;
        spec.maxParallelTrials = 2;
        spec.enableTrialEarlyStopping = true;
        spec.params = {discreteParam("max_iter", {3, 6}),
                       doubleParam("alpha", 1e-5, 1e-2, ScaleType::UnitLog)};
        TrialMetricChart metric;
        ParameterScatterChart scatter;
        ParallelCoordinatesChart parallel;
        LearningCurveChart curves;
        const std::vector<TrialChart *> charts = {&metric, &scatter, &parallel, &curves};
        for (TrialChart *c : charts)
            c->setSpec(spec);
        scatter.setParameter(1);
        int intermediateUpdates = 0;
        TuningOptions options;
        options.seed = 3;
        options.onIntermediate = [&](const TrialResult &t, int, double) {
            curves.addOrUpdateTrial(t);
            ++intermediateUpdates;
        };
        options.onTrialFinished = [&](const TrialResult &t) {
            for (TrialChart *c : charts)
                c->addOrUpdateTrial(t);
        };
        auto run = runTuning(spec, test::labRows(1500, 1), test::labRows(400, 2), options);
        QVERIFY(run);
        QVERIFY(run->best);
        QVERIFY(intermediateUpdates > 0);
        int withMetric = 0;
        for (const TrialResult &t : run->trials)
            withMetric += hasMetric(t) ? 1 : 0;
        QCOMPARE(metric.succeededGraph()->dataCount() + metric.stoppedGraph()->dataCount(),
                 withMetric);
        QCOMPARE(values(metric.bestGraph()).back(), *run->trials[*run->best].objective);
        QCOMPARE(scatter.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(scatter.succeededGraph()->dataCount() + scatter.stoppedGraph()->dataCount(),
                 withMetric);
        QCOMPARE(parallel.lineGraphs().size(), qsizetype(run->trials.size()));
        QCOMPARE(curves.curveGraphs().size(), qsizetype(run->trials.size()));
        int stopped = 0;
        for (const TrialResult &t : run->trials)
            stopped += t.state == TrialOutcome::StoppedEarly ? 1 : 0;
        QCOMPARE(curves.stoppedGraph()->dataCount(), stopped);
    }

    /// Every chart rendered at 800x500 from the real rows: a tuning run on a sample of the
    /// training split, the class balance per split, a histogram and the best model's confusion
    /// matrix. Each image must show something; COVERTYPE_CHART_GALLERY=dir keeps the PNGs.
    void realDataGallery()
    {
        COVERTYPE_REAL_DATA(path);
        auto data = loadDataset(path.toStdString());
        QVERIFY(data);
        const SplitSpec split;
        auto lots = computeLots(*data, split.numLots);
        QVERIFY(lots);
        const SplitRows rows = assignRows(*lots, split);
        const Dataset training = data->selectRows(rows.training);
        const Dataset validation = data->selectRows(rows.validation);
        const Dataset testing = data->selectRows(rows.testing);

        // A sample keeps the run short on a shared machine.
        const auto sample = [](const Dataset &d, size_t n) {
            std::vector<uint32_t> pick;
            for (size_t i = 0; i < d.rowCount() && pick.size() < n; i += 3)
                pick.push_back(uint32_t(i));
            return d.selectRows(pick);
        };
        const Dataset trainSample = sample(training, 6000);
        const Dataset validSample = sample(validation, 2000);
        TuningSpec spec;
        spec.goal = Goal::Maximize;
        spec.metricTag = "accuracy";
        spec.maxTrials = 12;
        spec.maxParallelTrials = 2;
        spec.enableTrialEarlyStopping = true;
        spec.params = {doubleParam("alpha", 1e-5, 1e-1, ScaleType::UnitLog),
                       discreteParam("max_iter", {4, 8, 16})};
        TuningOptions options;
        options.seed = 11;
        auto run = runTuning(spec, trainSample, validSample, options);
        QVERIFY(run);
        QVERIFY(run->best);
        const TrialResult &best = run->trials[*run->best];
        auto model = trainModel(trainSample, trialTrainParams(spec, best.values, 11));
        QVERIFY(model);
        auto evaluation = evaluateModel(model->model, validation);
        QVERIFY(evaluation);

        QString dir = qEnvironmentVariable("COVERTYPE_CHART_GALLERY");
        QTemporaryDir temp;
        if (dir.isEmpty())
            dir = temp.path();
        QVERIFY(QDir().mkpath(dir));

        std::vector<std::pair<QString, std::unique_ptr<ChartWidget>>> charts;
        auto histogramChart = std::make_unique<HistogramChart>();
        histogramChart->setSeries(*histogram(*data, "Elevation"));
        charts.emplace_back("histogram_elevation", std::move(histogramChart));
        auto slopeChart = std::make_unique<HistogramChart>();
        slopeChart->setSeries(*histogram(*data, "Slope"));
        charts.emplace_back("histogram_slope", std::move(slopeChart));
        auto classes = std::make_unique<ClassDistributionChart>();
        classes->setDistribution(classDistribution({{"all rows", labelCounts(*data)}}),
                                 {"All rows"});
        classes->setTitle("Cover types in " + QFileInfo(path).fileName());
        charts.emplace_back("classes_all", std::move(classes));
        auto perSplit = std::make_unique<ClassDistributionChart>();
        perSplit->setDistribution(classDistribution({{"training", labelCounts(training)},
                                                     {"validation", labelCounts(validation)},
                                                     {"testing", labelCounts(testing)}}),
                                  {"Training", "Validation", "Testing"});
        perSplit->setShowPercent(true);
        perSplit->setTitle("Class balance per split");
        charts.emplace_back("classes_per_split", std::move(perSplit));
        const QString bestId = QString::fromStdString(best.trialId);
        auto addTrialChart = [&](const QString &name, std::unique_ptr<TrialChart> chart) {
            chart->setSpec(spec);
            chart->setTrials(run->trials);
            chart->setSelectedTrial(bestId);
            charts.emplace_back(name, std::move(chart));
        };
        addTrialChart("trial_metric", std::make_unique<TrialMetricChart>());
        auto alpha = std::make_unique<ParameterScatterChart>();
        alpha->setParameter(0);
        addTrialChart("scatter_alpha", std::move(alpha));
        auto maxIter = std::make_unique<ParameterScatterChart>();
        maxIter->setParameter(1);
        addTrialChart("scatter_max_iter", std::move(maxIter));
        addTrialChart("parallel_coordinates", std::make_unique<ParallelCoordinatesChart>());
        addTrialChart("learning_curves", std::make_unique<LearningCurveChart>());
        auto confusion = std::make_unique<ConfusionMatrixChart>();
        confusion->setSeries(confusionSeries(*evaluation),
                             QString("trial %1 on the validation rows").arg(bestId));
        charts.emplace_back("confusion_matrix", std::move(confusion));

        for (auto &[name, chart] : charts) {
            QVERIFY(showAndLayOut(*chart));
            const QImage image = chart->grab().toImage();
            QCOMPARE(image.size(), QSize(800, 500));
            QVERIFY2(distinctColors(image) > 20, qPrintable(name));
            QVERIFY(image.save(QDir(dir).filePath(name + ".png")));
            QVERIFY(chart->exportTo(QDir(dir).filePath(name + ".svg")));
            QVERIFY(chart->exportTo(QDir(dir).filePath(name + ".pdf")));
            // The smallest size a page may give it still renders.
            const QString small = QDir(dir).filePath(name + "_small.png");
            QVERIFY(chart->exportTo(small, chart->minimumSizeHint()));
            QCOMPARE(QImage(small).size(), chart->minimumSizeHint());
            chart->hide();
        }
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
