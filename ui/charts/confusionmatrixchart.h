// Confusion matrix as a heatmap: rows are the true classes, columns the predicted ones, the colour
// the share of the true class; each cell shows its count and percentage.
#pragma once

#include <QList>

#include "chartwidget.h"
#include "runs/chartseries.h"

class QCPColorMap;
class QCPColorScale;
class QCPItemText;

namespace covertype::ui {

class ConfusionMatrixChart : public ChartWidget
{
    Q_OBJECT

public:
    explicit ConfusionMatrixChart(QWidget *parent = nullptr);

    /// Shows `series` (from covertype::confusionSeries); `subtitle` says which model and rows
    /// (e.g. "best trial 4, validation rows").
    void setSeries(const ConfusionSeries &series, const QString &subtitle = {});
    void clear();
    [[nodiscard]] const ConfusionSeries &series() const { return m_series; }

    [[nodiscard]] QCPColorMap *colorMap() const { return m_map; }
    [[nodiscard]] QCPColorScale *colorScale() const { return m_scale; }
    /// The text in cell [true][predicted].
    [[nodiscard]] QString cellText(int trueIndex, int predictedIndex) const;

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void adaptToWidth(int width) override;

private:
    ConfusionSeries m_series;
    QCPColorMap *m_map = nullptr;
    QCPColorScale *m_scale = nullptr;
    QList<QCPItemText *> m_cells;  ///< row-major [true][predicted]
};

}  // namespace covertype::ui
