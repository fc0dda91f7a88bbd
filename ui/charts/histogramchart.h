// Histogram of one numeric column: bars over the bins core computed, the column's unit on the axis.
#pragma once

#include "chartwidget.h"
#include "runs/chartseries.h"

class QCPBars;

namespace covertype::ui {

class HistogramChart : public ChartWidget
{
    Q_OBJECT

public:
    explicit HistogramChart(QWidget *parent = nullptr);

    /// Shows `series` (from covertype::histogram); an empty series clears the chart.
    void setSeries(const HistogramSeries &series);
    void clear();
    [[nodiscard]] const HistogramSeries &series() const { return m_series; }
    [[nodiscard]] QCPBars *bars() const { return m_bars; }

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;

private:
    HistogramSeries m_series;
    QCPBars *m_bars = nullptr;
};

}  // namespace covertype::ui
