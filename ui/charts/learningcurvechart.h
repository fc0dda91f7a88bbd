// Validation accuracy after each epoch, one curve per trial; trials stopped early end in a mark.
#pragma once

#include <QList>

#include "trialchart.h"

class QCPGraph;

namespace covertype::ui {

class LearningCurveChart : public TrialChart
{
    Q_OBJECT

public:
    explicit LearningCurveChart(QWidget *parent = nullptr);

    /// One graph per trial that reported an epoch, in trial order.
    [[nodiscard]] const QList<QCPGraph *> &curveGraphs() const { return m_curves; }
    /// The last epoch of each trial stopped early.
    [[nodiscard]] QCPGraph *stoppedGraph() const { return m_stopped; }
    [[nodiscard]] QCPGraph *selectionGraph() const { return m_selection; }
    /// The curve under the mouse, drawn over the others and named in the legend (with 30
    /// curves, colour alone cannot tell them apart).
    [[nodiscard]] QCPGraph *hoverGraph() const { return m_hover; }
    [[nodiscard]] QString hoveredTrial() const { return m_hovered; }
    /// Hovers the curve nearest `pos` (plot pixels), or none.
    void hoverAt(const QPointF &pos);

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;

protected:
    void rebuild() override;
    void updateSelection() override;

private:
    QList<QCPGraph *> m_curves;
    QCPGraph *m_stopped = nullptr;
    QCPGraph *m_selection = nullptr;
    QCPGraph *m_hover = nullptr;
    QString m_hovered;
};

}  // namespace covertype::ui
