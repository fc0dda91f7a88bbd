// Learning curve chart.
#include "learningcurvechart.h"

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"
#include "runs/chartseries.h"

namespace covertype::ui {

LearningCurveChart::LearningCurveChart(QWidget *parent) : TrialChart(parent)
{
    QCustomPlot *p = plot();
    p->xAxis->setLabel(tr("Epoch"));
    ChartStyle::setIntegerTicks(p->xAxis);
    placeLegendBelow();
    setTitle(tr("Learning curves"));
    rebuild();
    connect(p, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent *event) { hoverAt(event->position()); });
}

void LearningCurveChart::hoverAt(const QPointF &pos)
{
    const QString trial = trialAt(pos);
    if (trial == m_hovered)
        return;
    m_hovered = trial;
    m_hover->data()->clear();
    const TrialResult *t = trial.isEmpty() ? nullptr : findTrial(trial);
    if (!t || t->intermediate.empty()) {
        m_hover->removeFromLegend();
        requestReplot();
        return;
    }
    QVector<double> x, y;
    for (size_t e = 0; e < t->intermediate.size(); ++e) {
        x << double(e + 1);
        y << t->intermediate[e];
    }
    m_hover->setData(x, y, true);
    m_hover->setName(tr("Trial %1 (under the mouse)").arg(trial));
    m_hover->addToLegend();
    requestReplot();
}

void LearningCurveChart::rebuild()
{
    QCustomPlot *p = plot();
    p->clearGraphs();
    m_curves.clear();
    p->yAxis->setLabel(tr("Validation accuracy"));

    const auto curves = learningCurves(trials());
    double lo = INFINITY, hi = -INFINITY;
    size_t epochs = 1;
    QVector<double> endX, endY;
    std::vector<TrialShape> shapes;
    for (const LearningCurve &c : curves) {
        auto *g = p->addGraph();
        g->setObjectName(QStringLiteral("trial:%1").arg(QString::fromStdString(c.trialId)));
        g->removeFromLegend();
        const QColor color = c.state == TrialOutcome::Failed
                                 ? ChartStyle::stateColor(TrialOutcome::Failed)
                                 : ChartStyle::seriesColor(int(trialNumber(c.trialId)) - 1);
        QPen pen(color, 1.5);
        if (c.state == TrialOutcome::StoppedEarly)
            pen.setStyle(Qt::DashLine);
        g->setPen(pen);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 4));
        g->setData(QVector<double>(c.epochs.begin(), c.epochs.end()),
                   QVector<double>(c.accuracy.begin(), c.accuracy.end()), true);
        m_curves << g;
        for (double v : c.accuracy) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        epochs = std::max(epochs, c.epochs.size());
        if (c.state == TrialOutcome::StoppedEarly) {
            endX << c.epochs.back();
            endY << c.accuracy.back();
        }
        TrialShape shape{QString::fromStdString(c.trialId), {}, true};
        for (size_t e = 0; e < c.epochs.size(); ++e)
            shape.points << QPointF(c.epochs[e], c.accuracy[e]);
        shapes.push_back(std::move(shape));
    }
    const QColor stopped(0x303030);  // not a curve colour: the mark must not look like a trial
    m_stopped = ChartStyle::addPointGraph(
        p, "stoppedEarly", tr("Stopped early (last epoch)"),
        QCPScatterStyle(QCPScatterStyle::ssCrossSquare, QPen(stopped, 1.6), QBrush(Qt::white), 10));
    m_stopped->setData(endX, endY);
    if (endX.isEmpty())
        m_stopped->removeFromLegend();

    // The legend says what the lines are: one per trial, coloured by trial number.
    QCPGraph *key = p->addGraph();
    key->setObjectName(QStringLiteral("trialsKey"));
    key->setName(curves.empty() ? tr("No epochs reported yet")
                                : tr("Trials, one line each (hover to name one)"));
    key->setPen(QPen(ChartStyle::seriesColor(0), 1.5));

    m_hover = p->addGraph();
    m_hover->setObjectName(QStringLiteral("hover"));
    m_hover->setPen(QPen(QColor(0x202020), 2.6));
    m_hover->removeFromLegend();
    m_hovered.clear();

    m_selection = p->addGraph();
    m_selection->setObjectName(QStringLiteral("selection"));
    m_selection->setName(tr("Selected trial"));
    m_selection->setPen(QPen(ChartStyle::selectionColor(), 3));
    m_selection->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssDisc, ChartStyle::selectionColor(), ChartStyle::selectionColor(), 6));

    if (!(hi >= lo)) {
        lo = 0;
        hi = 1;
    }
    const double span = std::max(hi - lo, 0.01);
    p->yAxis->setRange(lo - span * 0.06, hi + span * 0.06);
    p->xAxis->setRange(0.5, double(epochs) + 0.5);
    setShapes(std::move(shapes));
    updateSelection();
    requestReplot();
}

void LearningCurveChart::updateSelection()
{
    m_selection->data()->clear();
    const TrialResult *t = findTrial(selectedTrial());
    if (!t || t->intermediate.empty()) {
        m_selection->removeFromLegend();
        return;
    }
    QVector<double> x, y;
    for (size_t e = 0; e < t->intermediate.size(); ++e) {
        x << double(e + 1);
        y << t->intermediate[e];
    }
    m_selection->setData(x, y, true);
    m_selection->setName(tr("Selected: trial %1").arg(selectedTrial()));
    m_selection->addToLegend();
}

QString LearningCurveChart::toolTipAt(const QPointF &pos) const
{
    const auto hit = hitAt(pos);
    if (!hit)
        return {};
    const TrialResult *t = findTrial(hit->trialId);
    if (!t || hit->vertex < 0 || size_t(hit->vertex) >= t->intermediate.size())
        return {};
    QString text = tr("Trial %1, epoch %2: %3")
                       .arg(hit->trialId)
                       .arg(hit->vertex + 1)
                       .arg(ChartStyle::metricText(t->intermediate[size_t(hit->vertex)]));
    return text + QLatin1Char('\n') + trialToolTip(*t);
}

}  // namespace covertype::ui
