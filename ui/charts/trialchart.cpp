// Trial chart base: live trial list, selection, hit testing.
#include "trialchart.h"

#include <QMouseEvent>

#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"
#include "runs/chartseries.h"

namespace covertype::ui {

namespace {

constexpr double kHitRadius = 8;  // pixels

double distanceToSegment(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + t * ab);
    return std::hypot(d.x(), d.y());
}

bool finite(const QPointF &p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

}  // namespace

TrialChart::TrialChart(QWidget *parent) : ChartWidget(parent)
{
    connect(plot(), &QCustomPlot::mousePress, this, &TrialChart::mousePressed);
}

void TrialChart::setSpec(const TuningSpec &spec)
{
    m_spec = spec;
    rebuild();
}

void TrialChart::setTrials(const std::vector<TrialResult> &trials)
{
    m_trials.clear();
    for (const TrialResult &t : trials)
        upsertTrial(m_trials, t);
    rebuild();
}

void TrialChart::addOrUpdateTrial(const TrialResult &trial)
{
    upsertTrial(m_trials, trial);
    rebuild();
}

void TrialChart::clear()
{
    m_trials.clear();
    m_selected.clear();
    rebuild();
}

void TrialChart::setSelectedTrial(const QString &trialId)
{
    if (trialId == m_selected)
        return;
    m_selected = trialId;
    updateSelection();
    requestReplot();
}

void TrialChart::setShapes(std::vector<TrialShape> shapes)
{
    m_shapes = std::move(shapes);
}

const TrialResult *TrialChart::findTrial(const QString &trialId) const
{
    const std::string id = trialId.toStdString();
    for (const TrialResult &t : m_trials)
        if (t.trialId == id)
            return &t;
    return nullptr;
}

QPointF TrialChart::toPixel(const QPointF &coords) const
{
    return {plot()->xAxis->coordToPixel(coords.x()), plot()->yAxis->coordToPixel(coords.y())};
}

std::optional<TrialChart::Hit> TrialChart::hitAt(const QPointF &pos) const
{
    std::optional<Hit> best;
    double bestDistance = kHitRadius;
    for (const TrialShape &shape : m_shapes) {
        double shapeDistance = INFINITY, vertexDistance = INFINITY;
        int vertex = -1;
        std::optional<QPointF> previous;
        for (qsizetype i = 0; i < shape.points.size(); ++i) {
            if (!finite(shape.points[i])) {
                previous.reset();
                continue;
            }
            const QPointF p = toPixel(shape.points[i]);
            const double d = std::hypot(p.x() - pos.x(), p.y() - pos.y());
            if (d < vertexDistance) {
                vertexDistance = d;
                vertex = int(i);
            }
            shapeDistance = std::min(shapeDistance, d);
            if (shape.polyline && previous)
                shapeDistance = std::min(shapeDistance, distanceToSegment(pos, *previous, p));
            previous = p;
        }
        if (shapeDistance <= bestDistance) {
            bestDistance = shapeDistance;
            best = Hit{shape.trialId, vertex};
        }
    }
    return best;
}

QString TrialChart::trialAt(const QPointF &pos) const
{
    const auto hit = hitAt(pos);
    return hit ? hit->trialId : QString();
}

std::optional<QPointF> TrialChart::trialPixel(const QString &trialId) const
{
    for (const TrialShape &shape : m_shapes)
        if (shape.trialId == trialId)
            for (const QPointF &p : shape.points)
                if (finite(p))
                    return toPixel(p);
    return std::nullopt;
}

QString TrialChart::toolTipAt(const QPointF &pos) const
{
    const auto hit = hitAt(pos);
    if (!hit)
        return {};
    const TrialResult *t = findTrial(hit->trialId);
    return t ? trialToolTip(*t) : QString();
}

QString TrialChart::metricName() const
{
    return ChartStyle::metricName(m_spec.metricTag);
}

QString TrialChart::trialToolTip(const TrialResult &trial) const
{
    QStringList lines;
    lines << tr("Trial %1 — %2")
                 .arg(QString::fromStdString(trial.trialId),
                      ChartStyle::trialStateName(trial.state));
    if (trial.objective)
        lines << tr("%1: %2").arg(metricName(), ChartStyle::metricText(*trial.objective));
    for (size_t i = 0; i < trial.values.size() && i < m_spec.params.size(); ++i)
        lines << tr("%1 = %2").arg(QString::fromStdString(m_spec.params[i].name),
                                   QString::fromStdString(parameterValueText(trial.values[i])));
    if (trial.epochs > 0 || trial.seconds > 0)
        lines << tr("%n epoch(s), %1 s", nullptr, trial.epochs)
                     .arg(QLocale().toString(trial.seconds, 'f', 1));
    if (!trial.message.empty())
        lines << QString::fromStdString(trial.message);
    return lines.join(QLatin1Char('\n'));
}

void TrialChart::mousePressed(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const QString id = trialAt(event->position());
    if (id.isEmpty())
        return;
    setSelectedTrial(id);
    emit trialClicked(id);
}

}  // namespace covertype::ui
