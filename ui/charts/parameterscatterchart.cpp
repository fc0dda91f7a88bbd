// Parameter scatter chart.
#include "parameterscatterchart.h"

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"

namespace covertype::ui {

ParameterScatterChart::ParameterScatterChart(QWidget *parent) : TrialChart(parent)
{
    QCustomPlot *p = plot();
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
    placeLegendBelow();
    rebuild();
}

void ParameterScatterChart::setParameter(int index)
{
    m_parameter = std::max(0, index);
    rebuild();
}

double ParameterScatterChart::xOf(const ParameterValue &value) const
{
    if (m_axis.effectiveScale() == ScaleType::UnitReverseLog)
        return m_axis.toUnit(value);
    return m_axis.number(value);
}

std::optional<QPointF> ParameterScatterChart::position(const TrialResult &t) const
{
    const auto index = size_t(m_parameter);
    if (index >= t.values.size() || index >= spec().params.size())
        return std::nullopt;
    const double x = xOf(t.values[index]);
    if (!std::isfinite(x))
        return std::nullopt;
    if (hasMetric(t))
        return QPointF(x, *t.objective);
    if (t.state == TrialOutcome::Failed)
        return QPointF(x, m_failedY);
    return std::nullopt;
}

void ParameterScatterChart::setUpAxis()
{
    QCPAxis *x = plot()->xAxis;
    const std::vector<ParameterSpec> &params = spec().params;
    if (params.empty()) {
        m_axis = {};
        x->setScaleType(QCPAxis::stLinear);
        x->setTicker(QSharedPointer<QCPAxisTicker>::create());
        x->setLabel(QString());
        x->setRange(0, 1);
        setTitle(tr("Metric per parameter"));
        return;
    }
    m_parameter = std::min(m_parameter, int(params.size()) - 1);
    const ParameterSpec &ps = params[size_t(m_parameter)];
    m_axis = parameterAxis(ps);
    x->setLabel(ChartStyle::parameterAxisLabel(ps));
    setTitle(tr("%1 against %2").arg(metricName(), QString::fromStdString(ps.name)));

    const ScaleType scale = m_axis.effectiveScale();
    const double lo = m_axis.lo, hi = m_axis.hi;
    if (scale == ScaleType::UnitLog) {
        x->setScaleType(QCPAxis::stLogarithmic);
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        ticker->setLogBase(10);
        ticker->setSubTickCount(8);
        x->setTicker(ticker);
        x->setNumberFormat(QStringLiteral("eb"));  // 10⁻⁴ as a power of ten
        x->setNumberPrecision(0);
        const double pad = std::pow(hi / lo, 0.04);
        x->setRange(lo / pad, hi * pad);
        return;
    }
    x->setScaleType(QCPAxis::stLinear);
    x->setNumberFormat(QStringLiteral("g"));
    x->setNumberPrecision(6);
    if (m_axis.categorical() || scale == ScaleType::UnitReverseLog ||
        ps.type == ParameterType::Discrete) {
        // Positions chosen by core (category index, reverse-log unit or listed values), labelled
        // with the values themselves.
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (const AxisTick &t : m_axis.ticks()) {
            double at = t.position;
            if (m_axis.categorical())
                at = t.position * double(std::max<size_t>(1, m_axis.categories.size() - 1));
            else if (scale != ScaleType::UnitReverseLog)
                at = lo + t.position * (hi - lo);
            ticker->addTick(at, QString::fromStdString(t.label));
        }
        x->setTicker(ticker);
        if (m_axis.categorical()) {
            x->setRange(-0.5, double(m_axis.categories.size()) - 0.5);
        } else if (scale == ScaleType::UnitReverseLog) {
            x->setRange(-0.04, 1.04);
        } else {
            const double pad = std::max(hi - lo, 1.0) * 0.06;
            x->setRange(lo - pad, hi + pad);
        }
        return;
    }
    x->setTicker(QSharedPointer<QCPAxisTicker>::create());
    const double pad = hi > lo ? (hi - lo) * 0.04 : 0.5;
    x->setRange(lo - pad, hi + pad);
}

void ParameterScatterChart::rebuild()
{
    setUpAxis();
    plot()->yAxis->setLabel(metricName());
    double lo = INFINITY, hi = -INFINITY;
    for (const TrialResult &t : trials())
        if (hasMetric(t)) {
            lo = std::min(lo, *t.objective);
            hi = std::max(hi, *t.objective);
        }
    if (!(hi >= lo)) {
        lo = 0;
        hi = 1;
    }
    const double span = std::max(hi - lo, 0.01);
    m_failedY = lo - span * 0.1;
    plot()->yAxis->setRange(lo - span * 0.16, hi + span * 0.1);

    QVector<double> okX, okY, stX, stY, fX, fY;
    std::vector<TrialShape> shapes;
    for (const TrialResult &t : trials()) {
        const auto pos = position(t);
        if (!pos)
            continue;
        if (t.state == TrialOutcome::Succeeded) {
            okX << pos->x();
            okY << pos->y();
        } else if (t.state == TrialOutcome::StoppedEarly) {
            stX << pos->x();
            stY << pos->y();
        } else {
            fX << pos->x();
            fY << pos->y();
        }
        shapes.push_back({QString::fromStdString(t.trialId), {*pos}, false});
    }
    m_succeeded->setData(okX, okY);
    m_stopped->setData(stX, stY);
    m_failed->setData(fX, fY);
    // Legend entries only for the marks drawn, always in the same order.
    for (QCPGraph *g : {m_succeeded, m_stopped, m_failed})
        g->removeFromLegend();
    for (QCPGraph *g : {m_succeeded, m_stopped, m_failed})
        if (!g->data()->isEmpty())
            g->addToLegend();
    setShapes(std::move(shapes));
    updateSelection();
    requestReplot();
}

void ParameterScatterChart::updateSelection()
{
    const TrialResult *t = findTrial(selectedTrial());
    const auto pos = t ? position(*t) : std::nullopt;
    if (pos)
        m_selection->setData({pos->x()}, {pos->y()});
    else
        m_selection->data()->clear();
}

}  // namespace covertype::ui
