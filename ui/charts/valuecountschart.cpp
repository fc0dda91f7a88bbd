// Value counts chart.
#include "valuecountschart.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "chartstyle.h"

namespace covertype::ui {

ValueCountsChart::ValueCountsChart(QWidget *parent) : ChartWidget(parent)
{
    m_bars = new QCPBars(plot()->xAxis, plot()->yAxis);
    m_bars->setObjectName(QStringLiteral("values"));
    m_bars->setPen(QPen(ChartStyle::seriesColor(0).darker(130), 0.8));
    m_bars->setBrush(ChartStyle::seriesColor(0));
    m_bars->setWidth(0.75);
    plot()->yAxis->setLabel(tr("Rows"));
    plot()->xAxis->grid()->setVisible(false);
    clear();
}

void ValueCountsChart::clear()
{
    setCounts({}, {}, 0);
}

void ValueCountsChart::setCounts(const std::string &column,
                                 const std::vector<std::pair<std::string, size_t>> &counts,
                                 size_t rows, size_t others)
{
    m_column = column;
    m_counts = counts;
    m_rows = rows;
    QVector<double> keys, values;
    QStringList names;
    for (size_t i = 0; i < counts.size(); ++i) {
        keys << double(i);
        values << double(counts[i].second);
        names << QString::fromStdString(counts[i].first);
    }
    m_bars->setData(keys, values, true);
    QCPAxis *x = plot()->xAxis;
    QCPAxis *y = plot()->yAxis;
    if (counts.empty()) {
        setTitle(column.empty() ? QString()
                                : tr("%1: no values").arg(QString::fromStdString(column)));
        x->setRange(-0.5, 0.5);
        y->setRange(0, 1);
        requestReplot();
        return;
    }
    const QString name = QString::fromStdString(column);
    setTitle(others > 0 ? tr("Rows per value of %1 (%2 more rows in other values)")
                              .arg(name, QLocale().toString(qulonglong(others)))
                        : tr("Rows per value of %1").arg(name));
    const double slot =
        double(plot()->axisRect()->width()) / double(std::max<size_t>(1, counts.size()));
    ChartStyle::setCategoryTicks(x, names, std::max(slot, 24.0));
    x->setRange(-0.6, double(counts.size()) - 0.4);
    y->setRange(0, std::max(1.0, double(counts.front().second) * 1.06));
    y->ticker()->setTickStepStrategy(QCPAxisTicker::tssReadability);
    y->setNumberFormat(QStringLiteral("f"));
    y->setNumberPrecision(0);
    requestReplot();
}

QString ValueCountsChart::toolTipAt(const QPointF &pos) const
{
    if (m_counts.empty() || !plot()->axisRect()->rect().contains(pos.toPoint()))
        return {};
    const double k = std::round(plot()->xAxis->pixelToCoord(pos.x()));
    if (k < 0 || k >= double(m_counts.size()))
        return {};
    const auto &[value, count] = m_counts[size_t(k)];
    const double share = m_rows ? 100.0 * double(count) / double(m_rows) : 0;
    return tr("%1 = %2\n%3 rows (%4%)")
        .arg(QString::fromStdString(m_column), QString::fromStdString(value),
             QLocale().toString(qulonglong(count)), QLocale().toString(share, 'f', 2));
}

}  // namespace covertype::ui
