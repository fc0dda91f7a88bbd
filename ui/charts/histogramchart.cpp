// Histogram chart.
#include "histogramchart.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"
#include "data/labschema.h"

namespace covertype::ui {

HistogramChart::HistogramChart(QWidget *parent) : ChartWidget(parent)
{
    m_bars = new QCPBars(plot()->xAxis, plot()->yAxis);
    m_bars->setObjectName(QStringLiteral("bins"));
    m_bars->setPen(QPen(ChartStyle::seriesColor(0).darker(130), 0.8));
    m_bars->setBrush(ChartStyle::seriesColor(0));
    plot()->yAxis->setLabel(tr("Rows"));
    plot()->yAxis->setRangeLower(0);
    plot()->xAxis->grid()->setVisible(false);
    clear();
}

void HistogramChart::clear()
{
    setSeries({});
}

void HistogramChart::setSeries(const HistogramSeries &series)
{
    m_series = series;
    QVector<double> keys, values;
    for (size_t k = 0; k < series.bins(); ++k) {
        keys << (series.edges[k] + series.edges[k + 1]) / 2;
        values << double(series.counts[k]);
    }
    m_bars->setData(keys, values, true);
    QCPAxis *x = plot()->xAxis;
    QCPAxis *y = plot()->yAxis;
    if (series.bins() == 0) {
        setTitle(series.column.empty()
                     ? QString()
                     : tr("%1: no values").arg(QString::fromStdString(series.column)));
        x->setLabel(QString());
        x->setRange(0, 1);
        y->setRange(0, 1);
        requestReplot();
        return;
    }
    m_bars->setWidth(series.edges[1] - series.edges[0]);
    const QString column = QString::fromStdString(series.column);
    setTitle(series.nulls > 0 ? tr("Distribution of %1 (%2 NULL values not shown)")
                                    .arg(column, QLocale().toString(qulonglong(series.nulls)))
                              : tr("Distribution of %1").arg(column));
    x->setLabel(ChartStyle::columnAxisLabel(series.column));
    const double pad = (series.edges.back() - series.edges.front()) * 0.01;
    x->setRange(series.edges.front() - pad, series.edges.back() + pad);
    const size_t peak = *std::ranges::max_element(series.counts);
    y->setRange(0, std::max(1.0, double(peak) * 1.06));
    // Whole numbers on the count axis.
    y->ticker()->setTickStepStrategy(QCPAxisTicker::tssReadability);
    y->setNumberFormat(QStringLiteral("f"));
    y->setNumberPrecision(0);
    requestReplot();
}

QString HistogramChart::toolTipAt(const QPointF &pos) const
{
    if (m_series.bins() == 0 || !plot()->axisRect()->rect().contains(pos.toPoint()))
        return {};
    const double x = plot()->xAxis->pixelToCoord(pos.x());
    const double width = m_series.edges[1] - m_series.edges[0];
    const double k = std::floor((x - m_series.edges.front()) / width);
    if (k < 0 || k >= double(m_series.bins()))
        return {};
    const auto bin = size_t(k);
    const size_t count = m_series.counts[bin];
    const double value = plot()->yAxis->pixelToCoord(pos.y());
    if (value > double(count) * 1.02 + plot()->yAxis->range().size() * 0.02)
        return {};  // above the bar
    const QString unit = QString::fromUtf8(lab::columnUnit(m_series.column).data(),
                                           qsizetype(lab::columnUnit(m_series.column).size()));
    QString range;
    if (m_series.integral) {
        const double lo = m_series.edges[bin] + 0.5, hi = m_series.edges[bin + 1] - 0.5;
        range = lo == hi
                    ? ChartStyle::numberText(lo)
                    : tr("%1 to %2").arg(ChartStyle::numberText(lo), ChartStyle::numberText(hi));
    } else {
        range = tr("%1 to %2")
                    .arg(ChartStyle::numberText(m_series.edges[bin]),
                         ChartStyle::numberText(m_series.edges[bin + 1]));
    }
    if (!unit.isEmpty())
        range = tr("%1 %2").arg(range, unit);
    const double share = m_series.values ? 100.0 * double(count) / double(m_series.values) : 0;
    return tr("%1: %2\n%3 rows (%4%)")
        .arg(QString::fromStdString(m_series.column), range, QLocale().toString(qulonglong(count)),
             QLocale().toString(share, 'f', 2));
}

}  // namespace covertype::ui
