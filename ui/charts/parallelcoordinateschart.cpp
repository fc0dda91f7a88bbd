// Parallel coordinates chart.
#include "parallelcoordinateschart.h"

#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"

namespace covertype::ui {

namespace {

const QColor kAxisColor(0x404040);
const QColor kFailedColor(0xa0a0a0);

}  // namespace

ParallelCoordinatesChart::ParallelCoordinatesChart(QWidget *parent) : TrialChart(parent)
{
    QCustomPlot *p = plot();
    p->xAxis->setVisible(false);
    p->yAxis->setVisible(false);
    p->xAxis->grid()->setVisible(false);
    p->yAxis->grid()->setVisible(false);

    // The axis rect and the colour scale side by side in the row under the title.
    QCPAxisRect *rect = p->axisRect();
    p->plotLayout()->take(rect);
    auto *row = new QCPLayoutGrid;
    p->plotLayout()->addElement(1, 0, row);
    row->addElement(0, 0, rect);
    m_scale = new QCPColorScale(p);
    row->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setGradient(ChartStyle::metricGradient());
    m_scale->setBarWidth(12);
    auto *margins = new QCPMarginGroup(p);
    rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    // Room above the axes for their names.
    rect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    rect->setMargins(QMargins(0, 44, 0, 0));

    setTitle(tr("Parallel coordinates"));
    setCaption(tr("Colour: metric · dashed: stopped early · dotted grey: failed"));
    rebuild();
}

void ParallelCoordinatesChart::rebuild()
{
    QCustomPlot *p = plot();
    p->clearGraphs();
    p->clearItems();
    // Axis labels above the trial lines, on a light backing, so lines never hide them.
    if (!p->layer(QStringLiteral("labels")))
        p->addLayer(QStringLiteral("labels"), p->layer(QStringLiteral("main")),
                    QCustomPlot::limAbove);
    m_lines.clear();
    m_series = parallelCoordinates(spec(), trials(), metricName().toStdString());
    const ParallelCoordinates &s = m_series;
    const int axes = int(s.axes.size());

    // Tick labels sit left of each axis: leave room left of the first one.
    // Room right of the last one for its name.
    p->xAxis->setRange(-0.42, std::max(1, axes - 1) + 0.3);
    p->yAxis->setRange(-0.03, 1.03);
    m_scale->setDataRange(QCPRange(s.colorLo, s.colorHi));
    m_scale->axis()->setLabel(metricName());

    for (int a = 0; a < axes; ++a) {
        const ParameterAxis &axis = s.axes[size_t(a)];
        auto *line = new QCPItemLine(p);
        line->start->setCoords(a, 0);
        line->end->setCoords(a, 1);
        line->setPen(QPen(kAxisColor, 1.2));
        const QString name = a < int(spec().params.size())
                                 ? ChartStyle::parameterAxisLabel(spec().params[size_t(a)])
                                 : metricName();
        auto *title = new QCPItemText(p);
        title->position->setCoords(a, 1);
        title->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
        title->setText(QString(name).replace(QStringLiteral(" ("), QStringLiteral("\n(")));
        title->setPadding(QMargins(0, 0, 0, 10));
        title->setClipToAxisRect(false);
        title->setTextAlignment(Qt::AlignHCenter);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        title->setLayer(QStringLiteral("labels"));
        for (const AxisTick &t : axis.ticks()) {
            auto *tick = new QCPItemLine(p);
            tick->start->setCoords(a, t.position);
            tick->end->setParentAnchor(tick->start);
            tick->end->setType(QCPItemPosition::ptAbsolute);
            tick->end->setCoords(-4, 0);
            tick->setPen(QPen(kAxisColor, 1));
            auto *label = new QCPItemText(p);
            label->position->setParentAnchor(tick->end);
            label->position->setType(QCPItemPosition::ptAbsolute);
            label->position->setCoords(-2, 0);
            label->setPositionAlignment(Qt::AlignRight | Qt::AlignVCenter);
            label->setText(QString::fromStdString(t.label));
            label->setPadding(QMargins(2, 0, 2, 0));
            label->setClipToAxisRect(false);
            label->setColor(kAxisColor);
            label->setBrush(QColor(255, 255, 255, 210));
            label->setLayer(QStringLiteral("labels"));
        }
    }

    QVector<double> keys;
    for (int a = 0; a < axes; ++a)
        keys << a;
    QCPColorGradient gradient = ChartStyle::metricGradient();  // color() caches: not const
    const QCPRange range(s.colorLo, s.colorHi);
    std::vector<TrialShape> shapes;
    for (const ParallelLine &line : s.lines) {
        auto *g = p->addGraph();
        g->setObjectName(QStringLiteral("trial:%1").arg(QString::fromStdString(line.trialId)));
        g->removeFromLegend();
        QPen pen(line.metric ? QColor(gradient.color(*line.metric, range)) : kFailedColor, 1.6);
        if (line.state == TrialOutcome::StoppedEarly)
            pen.setStyle(Qt::DashLine);
        else if (!line.metric)
            pen.setStyle(Qt::DotLine);
        g->setPen(pen);
        QVector<double> values(line.positions.begin(), line.positions.end());
        g->setData(keys, values, true);
        m_lines << g;
        TrialShape shape{QString::fromStdString(line.trialId), {}, true};
        for (int a = 0; a < axes; ++a)
            shape.points << QPointF(a, line.positions[size_t(a)]);
        shapes.push_back(std::move(shape));
    }
    m_selection = p->addGraph();
    m_selection->setObjectName(QStringLiteral("selection"));
    m_selection->removeFromLegend();
    m_selection->setPen(QPen(ChartStyle::selectionColor(), 3.2));
    m_selection->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(ChartStyle::selectionColor(), 2), QBrush(Qt::white), 8));
    setShapes(std::move(shapes));
    updateSelection();
    requestReplot();
}

void ParallelCoordinatesChart::updateSelection()
{
    m_selection->data()->clear();
    const std::string id = selectedTrial().toStdString();
    for (const ParallelLine &line : m_series.lines) {
        if (line.trialId != id)
            continue;
        QVector<double> keys, values;
        for (size_t a = 0; a < line.positions.size(); ++a) {
            keys << double(a);
            values << line.positions[a];
        }
        m_selection->setData(keys, values, true);
    }
}

QSize ParallelCoordinatesChart::minimumSizeHint() const
{
    return {560, 340};  // axis names side by side
}

}  // namespace covertype::ui
