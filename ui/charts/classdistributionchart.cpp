// Class distribution chart.
#include "classdistributionchart.h"

#include <QLocale>

#include <algorithm>

#include <qcustomplot.h>

#include "chartstyle.h"

namespace covertype::ui {

ClassDistributionChart::ClassDistributionChart(QWidget *parent) : ChartWidget(parent)
{
    m_group = new QCPBarsGroup(plot());
    m_group->setSpacingType(QCPBarsGroup::stAbsolute);
    m_group->setSpacing(1);
    plot()->xAxis->setLabel(tr("Cover type"));
    plot()->xAxis->grid()->setVisible(false);
    plot()->xAxis->setTickLength(0, 3);
    placeLegendBelow();
    setTitle(tr("Class distribution"));
    rebuild();
}

void ClassDistributionChart::setDistribution(const ClassDistribution &distribution,
                                             const QStringList &groupNames)
{
    m_distribution = distribution;
    m_groupNames = groupNames;
    rebuild();
}

void ClassDistributionChart::clear()
{
    setDistribution({});
}

void ClassDistributionChart::setShowPercent(bool percent)
{
    if (percent == m_percent)
        return;
    m_percent = percent;
    rebuild();
}

void ClassDistributionChart::rebuild()
{
    for (QCPBars *b : std::as_const(m_bars))
        plot()->removePlottable(b);
    m_bars.clear();
    m_group->clear();

    const ClassDistribution &d = m_distribution;
    const size_t groups = d.groups.size();
    adaptToWidth(plot()->width());

    double peak = 0;
    const double width = groups > 1 ? 0.8 / double(groups) : 0.7;
    for (size_t g = 0; g < groups; ++g) {
        auto *bars = new QCPBars(plot()->xAxis, plot()->yAxis);
        bars->setObjectName(QStringLiteral("group%1").arg(g));
        const QString name = qsizetype(g) < m_groupNames.size()
                                 ? m_groupNames[qsizetype(g)]
                                 : QString::fromStdString(d.groups[g]);
        bars->setName(name);
        const QColor color = ChartStyle::splitColor(int(g));
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130), 0.8));
        bars->setWidth(width);
        QVector<double> keys, values;
        for (size_t c = 0; c < d.classes.size(); ++c) {
            keys << double(c);
            values << (m_percent ? 100.0 * d.fraction(g, c) : double(d.counts[g][c]));
            peak = std::max(peak, values.back());
        }
        bars->setData(keys, values, true);
        if (groups > 1)
            bars->setBarsGroup(m_group);
        m_bars << bars;
    }
    plot()->legend->setVisible(groups > 1);
    plot()->xAxis->setRange(-0.6, std::max(1.0, double(d.classes.size())) - 0.4);
    plot()->yAxis->setRange(0, peak > 0 ? peak * 1.08 : 1);
    plot()->yAxis->setLabel(m_percent ? tr("Share of the split's rows (%)") : tr("Rows"));
    plot()->yAxis->setNumberFormat(QStringLiteral("f"));
    plot()->yAxis->setNumberPrecision(0);
    requestReplot();
}

void ClassDistributionChart::adaptToWidth(int width)
{
    ChartWidget::adaptToWidth(width);
    QStringList names;
    for (int64_t c : m_distribution.classes)
        names << ChartStyle::coverTypeName(c);
    // The value axis and margins take about 90 pixels.
    const double slot = double(width - 90) / double(std::max<qsizetype>(1, names.size()));
    ChartStyle::setCategoryTicks(plot()->xAxis, names, slot);
}

QString ClassDistributionChart::toolTipAt(const QPointF &pos) const
{
    for (qsizetype g = 0; g < m_bars.size(); ++g) {
        QVariant details;
        if (m_bars[g]->selectTest(pos, false, &details) < 0)
            continue;
        const QCPDataSelection hit = details.value<QCPDataSelection>();
        if (hit.isEmpty())
            continue;
        const auto c = size_t(hit.dataRange().begin());
        const auto group = size_t(g);
        const ClassDistribution &d = m_distribution;
        const QString cls = ChartStyle::coverTypeName(d.classes[c]);
        const QString rows =
            tr("%1 rows (%2% of %3)")
                .arg(QLocale().toString(qulonglong(d.counts[group][c])),
                     QLocale().toString(100.0 * d.fraction(group, c), 'f', 2), m_bars[g]->name());
        return d.groups.size() > 1 ? tr("%1 — %2\n%3").arg(cls, m_bars[g]->name(), rows)
                                   : tr("%1\n%2").arg(cls, rows);
    }
    return {};
}

QSize ClassDistributionChart::minimumSizeHint() const
{
    // Seven class names fit side by side from about 560 pixels; below that the axis turns them
    // (ChartStyle::setCategoryTicks), so the chart never makes a laptop window scroll sideways.
    return {380, 280};
}

}  // namespace covertype::ui
