// Parallel coordinates: one vertical axis per parameter (spaced by its scale type) and one for the
// metric; one polyline per trial, coloured by its metric.
#pragma once

#include <QList>

#include "runs/chartseries.h"
#include "trialchart.h"

class QCPColorScale;
class QCPGraph;

namespace covertype::ui {

class ParallelCoordinatesChart : public TrialChart
{
    Q_OBJECT

public:
    explicit ParallelCoordinatesChart(QWidget *parent = nullptr);

    /// The series last drawn.
    [[nodiscard]] const ParallelCoordinates &series() const { return m_series; }
    /// One graph per trial line, in the order of series().lines.
    [[nodiscard]] const QList<QCPGraph *> &lineGraphs() const { return m_lines; }
    [[nodiscard]] QCPGraph *selectionGraph() const { return m_selection; }
    [[nodiscard]] QCPColorScale *colorScale() const { return m_scale; }

    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void rebuild() override;
    void updateSelection() override;

private:
    ParallelCoordinates m_series;
    QList<QCPGraph *> m_lines;
    QCPGraph *m_selection = nullptr;
    QCPColorScale *m_scale = nullptr;
};

}  // namespace covertype::ui
