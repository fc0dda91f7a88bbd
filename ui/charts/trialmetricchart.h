// The metric of every trial as points over the trial number, the best-so-far step line, and
// failed or early-stopped trials marked apart; updated live as trials finish.
#pragma once

#include "trialchart.h"

class QCPGraph;

namespace covertype::ui {

class TrialMetricChart : public TrialChart
{
    Q_OBJECT

public:
    explicit TrialMetricChart(QWidget *parent = nullptr);

    [[nodiscard]] QCPGraph *succeededGraph() const { return m_succeeded; }
    [[nodiscard]] QCPGraph *stoppedGraph() const { return m_stopped; }
    /// Failed trials, drawn along the bottom edge (they have no metric).
    [[nodiscard]] QCPGraph *failedGraph() const { return m_failed; }
    [[nodiscard]] QCPGraph *bestGraph() const { return m_best; }
    [[nodiscard]] QCPGraph *selectionGraph() const { return m_selection; }

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;

protected:
    void rebuild() override;
    void updateSelection() override;

private:
    /// Where a trial is drawn, in plot coordinates, if it is.
    [[nodiscard]] std::optional<QPointF> position(const TrialResult &trial) const;

    QCPGraph *m_best = nullptr;
    QCPGraph *m_succeeded = nullptr;
    QCPGraph *m_stopped = nullptr;
    QCPGraph *m_failed = nullptr;
    QCPGraph *m_selection = nullptr;
    double m_failedY = 0;
};

}  // namespace covertype::ui
