// Confusion matrix chart.
#include "confusionmatrixchart.h"

#include <QFontMetrics>
#include <QLocale>

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"

namespace covertype::ui {

namespace {

QCPColorGradient shareGradient()
{
    QCPColorGradient g;
    g.setColorStopAt(0.0, QColor(0xf7fbff));
    g.setColorStopAt(0.3, QColor(0x9ecae1));
    g.setColorStopAt(0.65, QColor(0x3182bd));
    g.setColorStopAt(1.0, QColor(0x08306b));
    return g;
}

}  // namespace

ConfusionMatrixChart::ConfusionMatrixChart(QWidget *parent) : ChartWidget(parent)
{
    QCustomPlot *p = plot();
    QCPAxisRect *rect = p->axisRect();
    p->plotLayout()->take(rect);
    auto *row = new QCPLayoutGrid;
    p->plotLayout()->addElement(1, 0, row);
    row->addElement(0, 0, rect);
    m_scale = new QCPColorScale(p);
    row->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setGradient(shareGradient());
    m_scale->setDataRange(QCPRange(0, 100));
    m_scale->setBarWidth(12);
    m_scale->axis()->setLabel(tr("Share of the true class (%)"));
    auto *margins = new QCPMarginGroup(p);
    rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    m_map = new QCPColorMap(p->xAxis, p->yAxis);
    m_map->setObjectName(QStringLiteral("confusion"));
    m_map->setColorScale(m_scale);
    m_map->setGradient(shareGradient());
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);

    p->xAxis->setLabel(tr("Predicted class"));
    p->yAxis->setLabel(tr("True class"));
    p->yAxis->setRangeReversed(true);  // the first class on top, as the matrix is read
    p->xAxis->grid()->setVisible(false);
    p->yAxis->grid()->setVisible(false);
    p->xAxis->setTickLength(0, 3);
    p->yAxis->setTickLength(0, 3);
    p->xAxis->setSubTicks(false);
    p->yAxis->setSubTicks(false);
    clear();
}

void ConfusionMatrixChart::clear()
{
    setSeries({});
}

void ConfusionMatrixChart::setSeries(const ConfusionSeries &series, const QString &subtitle)
{
    m_series = series;
    QCustomPlot *p = plot();
    for (QCPItemText *t : std::as_const(m_cells))
        p->removeItem(t);
    m_cells.clear();

    const int n = int(series.classes.size());
    setTitle(subtitle.isEmpty() ? tr("Confusion matrix")
                                : tr("Confusion matrix — %1").arg(subtitle));
    auto yTicks = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < n; ++c)
        yTicks->addTick(c, ChartStyle::coverTypeName(series.classes[size_t(c)]));
    p->yAxis->setTicker(yTicks);
    adaptToWidth(p->width());

    m_map->data()->setSize(std::max(n, 1), std::max(n, 1));
    m_map->data()->setRange(QCPRange(0, std::max(n - 1, 0)), QCPRange(0, std::max(n - 1, 0)));
    m_map->data()->fill(n > 0 ? 0 : std::nan(""));
    const QFont cellFont = ChartStyle::captionFont();
    for (int t = 0; t < n; ++t) {
        for (int pr = 0; pr < n; ++pr) {
            const double share = series.shareOfTrue[size_t(t)][size_t(pr)];
            m_map->data()->setCell(pr, t, 100.0 * share);
            auto *text = new QCPItemText(p);
            text->position->setCoords(pr, t);
            text->setPositionAlignment(Qt::AlignCenter);
            text->setTextAlignment(Qt::AlignHCenter);
            text->setFont(cellFont);
            text->setText(cellText(t, pr));
            text->setColor(share > 0.45 ? Qt::white : QColor(0x202020));
            m_cells << text;
        }
    }
    m_map->setDataRange(QCPRange(0, 100));
    m_map->setVisible(n > 0);
    p->xAxis->setRange(-0.5, std::max(n, 1) - 0.5);
    p->yAxis->setRange(-0.5, std::max(n, 1) - 0.5);
    requestReplot();
}

void ConfusionMatrixChart::adaptToWidth(int width)
{
    ChartWidget::adaptToWidth(width);
    QStringList names;
    int widest = 0;
    const QFontMetrics metrics(plot()->yAxis->tickLabelFont());
    for (int64_t c : m_series.classes) {
        names << ChartStyle::coverTypeName(c);
        widest = std::max(widest, metrics.horizontalAdvance(names.back()));
    }
    // Left of the cells: the true class names and the axis label; right: the colour scale.
    const double slot = double(width - widest - 115) / double(std::max<qsizetype>(1, names.size()));
    ChartStyle::setCategoryTicks(plot()->xAxis, names, slot);
}

QString ConfusionMatrixChart::cellText(int trueIndex, int predictedIndex) const
{
    const auto t = size_t(trueIndex), pr = size_t(predictedIndex);
    if (t >= m_series.classes.size() || pr >= m_series.classes.size())
        return {};
    return tr("%1\n%2%").arg(QLocale().toString(qlonglong(m_series.counts[t][pr])),
                             QLocale().toString(100.0 * m_series.shareOfTrue[t][pr], 'f', 1));
}

QString ConfusionMatrixChart::toolTipAt(const QPointF &pos) const
{
    const int n = int(m_series.classes.size());
    if (n == 0 || !plot()->axisRect()->rect().contains(pos.toPoint()))
        return {};
    const int pr = int(std::lround(plot()->xAxis->pixelToCoord(pos.x())));
    const int t = int(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (pr < 0 || pr >= n || t < 0 || t >= n)
        return {};
    const QString trueName = ChartStyle::coverTypeName(m_series.classes[size_t(t)]);
    return tr("True %1, predicted %2\n%3 of %4 rows (%5%)")
        .arg(trueName, ChartStyle::coverTypeName(m_series.classes[size_t(pr)]),
             QLocale().toString(qlonglong(m_series.counts[size_t(t)][size_t(pr)])),
             QLocale().toString(qlonglong(m_series.trueTotals[size_t(t)])),
             QLocale().toString(100.0 * m_series.shareOfTrue[size_t(t)][size_t(pr)], 'f', 2));
}

QSize ConfusionMatrixChart::minimumSizeHint() const
{
    // Seven two-line cells per row and column still read at about 40 pixels a cell; more
    // would make the Runs stage scroll on a laptop-height window.
    return {460, 360};
}

}  // namespace covertype::ui
