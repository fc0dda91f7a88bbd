// Beside the data table: statistics of the current column, its histogram and, for Cover_Type,
// the rows per class with the class names. Shows what the data panel computed off the GUI thread.
#pragma once

#include <QWidget>

#include <optional>

#include "data/columnstats.h"
#include "runs/chartseries.h"

class QLabel;

namespace covertype::ui {

class HistogramChart;
class ValueCountsChart;
class ClassDistributionChart;

/// What the column panel shows for one column.
struct ColumnSummary
{
    ColumnStats stats;
    std::optional<HistogramSeries> histogram;  ///< numeric columns
    std::optional<ClassDistribution> classes;  ///< Cover_Type
    size_t rows = 0;                           ///< rows the statistics describe
    size_t tableRows = 0;    ///< rows of the table (more than `rows` while a filter is active)
    bool filtered = false;   ///< the statistics follow the data panel's filter
    size_t otherValues = 0;  ///< text columns: rows whose values are beyond stats.top
};

class ColumnPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ColumnPanel(QWidget *parent = nullptr);

    void showSummary(const ColumnSummary &summary);
    /// The column `name` is selected but its statistics are still being computed.
    void showPending(const QString &name);
    /// No dataset or no column.
    void clear();

    [[nodiscard]] QSize sizeHint() const override;

private:
    void setStatsText(const QString &type, const QString &min, const QString &max,
                      const QString &mean, const QString &stddev, const QString &distinct,
                      const QString &nulls);

    QLabel *m_title = nullptr;
    QLabel *m_scope = nullptr;
    QLabel *m_type = nullptr;
    QLabel *m_min = nullptr;
    QLabel *m_max = nullptr;
    QLabel *m_mean = nullptr;
    QLabel *m_stddev = nullptr;
    QLabel *m_distinct = nullptr;
    QLabel *m_nulls = nullptr;
    QLabel *m_top = nullptr;
    HistogramChart *m_histogram = nullptr;
    ValueCountsChart *m_values = nullptr;
    ClassDistributionChart *m_classes = nullptr;
};

}  // namespace covertype::ui
