// Trial metric chart.
#include "trialmetricchart.h"

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"
#include "runs/chartseries.h"

namespace covertype::ui {

TrialMetricChart::TrialMetricChart(QWidget *parent) : TrialChart(parent)
{
    QCustomPlot *p = plot();
    m_best = p->addGraph();
    m_best->setObjectName(QStringLiteral("bestSoFar"));
    m_best->setName(tr("Best so far"));
    m_best->setLineStyle(QCPGraph::lsStepLeft);
    m_best->setPen(QPen(ChartStyle::stateColor(TrialOutcome::Succeeded).darker(140), 2));

    const QColor ok = ChartStyle::stateColor(TrialOutcome::Succeeded);
    const QColor stopped = ChartStyle::stateColor(TrialOutcome::StoppedEarly);
    const QColor failed = ChartStyle::stateColor(TrialOutcome::Failed);
    m_succeeded = ChartStyle::addPointGraph(p, "succeeded",
                                            ChartStyle::trialStateName(TrialOutcome::Succeeded),
                                            QCPScatterStyle(QCPScatterStyle::ssDisc, ok, ok, 8));
    m_stopped = ChartStyle::addPointGraph(
        p, "stoppedEarly", ChartStyle::trialStateName(TrialOutcome::StoppedEarly),
        QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, QPen(stopped, 1.5),
                        QBrush(stopped.lighter(150)), 9));
    m_failed = ChartStyle::addPointGraph(
        p, "failed", tr("Failed (no metric)"),
        QCPScatterStyle(QCPScatterStyle::ssCross, QPen(failed, 2), Qt::NoBrush, 9));
    m_selection = ChartStyle::addPointGraph(
        p, "selection", tr("Selected"),
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(ChartStyle::selectionColor(), 2),
                        Qt::NoBrush, 16));
    m_selection->removeFromLegend();

    p->xAxis->setLabel(tr("Trial"));
    ChartStyle::setIntegerTicks(p->xAxis);
    placeLegendBelow();
    setTitle(tr("Metric per trial"));
    rebuild();
}

std::optional<QPointF> TrialMetricChart::position(const TrialResult &t) const
{
    const double x = double(trialNumber(t.trialId));
    if (hasMetric(t))
        return QPointF(x, *t.objective);
    if (t.state == TrialOutcome::Failed)
        return QPointF(x, m_failedY);
    return std::nullopt;
}

void TrialMetricChart::rebuild()
{
    QCustomPlot *p = plot();
    p->yAxis->setLabel(metricName());

    double lo = INFINITY, hi = -INFINITY, last = 0;
    for (const TrialResult &t : trials()) {
        last = std::max(last, double(trialNumber(t.trialId)));
        if (hasMetric(t)) {
            lo = std::min(lo, *t.objective);
            hi = std::max(hi, *t.objective);
        }
    }
    if (!(hi >= lo)) {
        lo = 0;
        hi = 1;
    }
    const double span = std::max(hi - lo, 0.01);
    // The bottom 8% of the plot holds the failed trials' marks, below every metric.
    const double bottom = lo - span * 0.16;
    m_failedY = lo - span * 0.1;
    p->yAxis->setRange(bottom, hi + span * 0.1);
    p->xAxis->setRange(0.5, std::max(last, 1.0) + 0.5);

    QVector<double> okX, okY, stX, stY, fX, fY;
    std::vector<TrialShape> shapes;
    for (const TrialResult &t : trials()) {
        const auto pos = position(t);
        if (!pos)
            continue;
        QVector<double> &xs = t.state == TrialOutcome::Succeeded      ? okX
                              : t.state == TrialOutcome::StoppedEarly ? stX
                                                                      : fX;
        QVector<double> &ys = t.state == TrialOutcome::Succeeded      ? okY
                              : t.state == TrialOutcome::StoppedEarly ? stY
                                                                      : fY;
        xs << pos->x();
        ys << pos->y();
        shapes.push_back({QString::fromStdString(t.trialId), {*pos}, false});
    }
    m_succeeded->setData(okX, okY, true);
    m_stopped->setData(stX, stY, true);
    m_failed->setData(fX, fY, true);

    QVector<double> bx, by;
    for (const BestSoFarPoint &b : bestSoFar(trials(), spec().goal)) {
        bx << b.trial;
        by << b.value;
    }
    if (!bx.isEmpty()) {  // carry the line to the right edge of the last trial
        bx << bx.back() + 0.5;
        by << by.back();
    }
    m_best->setData(bx, by, true);
    // Legend entries only for the marks drawn, always in the same order.
    for (QCPGraph *g : {m_best, m_succeeded, m_stopped, m_failed})
        g->removeFromLegend();
    for (QCPGraph *g : {m_best, m_succeeded, m_stopped, m_failed})
        if (!g->data()->isEmpty())
            g->addToLegend();
    setShapes(std::move(shapes));
    updateSelection();
    requestReplot();
}

void TrialMetricChart::updateSelection()
{
    const TrialResult *t = findTrial(selectedTrial());
    const auto pos = t ? position(*t) : std::nullopt;
    if (pos)
        m_selection->setData({pos->x()}, {pos->y()});
    else
        m_selection->data()->clear();
}

QString TrialMetricChart::toolTipAt(const QPointF &pos) const
{
    QString text = TrialChart::toolTipAt(pos);
    if (!text.isEmpty())
        return text;
    // On the best-so-far line: the best value after the trial under the mouse.
    const double x = plot()->xAxis->pixelToCoord(pos.x());
    const auto points = bestSoFar(trials(), spec().goal);
    for (auto it = points.rbegin(); it != points.rend(); ++it) {
        if (it->trial > x + 0.5)
            continue;
        if (std::abs(plot()->yAxis->coordToPixel(it->value) - pos.y()) > 5 || x > it->trial + 1)
            return {};
        return tr("Best so far after trial %1: %2 (trial %3)")
            .arg(QString::number(qint64(it->trial)), ChartStyle::metricText(it->value),
                 QString::fromStdString(it->bestTrialId));
    }
    return {};
}

}  // namespace covertype::ui
