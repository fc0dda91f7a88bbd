// Value counts of a text column: one bar per value, most frequent first (Wilderness_Area,
// Soil_Type).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chartwidget.h"

class QCPBars;

namespace covertype::ui {

class ValueCountsChart : public ChartWidget
{
    Q_OBJECT

public:
    explicit ValueCountsChart(QWidget *parent = nullptr);

    /// Shows `counts` (value -> rows, most frequent first) of `column` out of `rows` rows;
    /// `others` rows hold values beyond the ones listed. Empty counts clear the chart.
    void setCounts(const std::string &column,
                   const std::vector<std::pair<std::string, size_t>> &counts, size_t rows,
                   size_t others = 0);
    void clear();
    [[nodiscard]] QCPBars *bars() const { return m_bars; }
    [[nodiscard]] int barCount() const { return int(m_counts.size()); }

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;

private:
    std::string m_column;
    std::vector<std::pair<std::string, size_t>> m_counts;
    size_t m_rows = 0;
    QCPBars *m_bars = nullptr;
};

}  // namespace covertype::ui
