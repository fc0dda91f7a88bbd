// The metric of every trial against one parameter: a logarithmic axis for UNIT_LOG_SCALE
// parameters, the reverse-log mapping with value ticks for UNIT_REVERSE_LOG_SCALE, and category
// ticks for categorical ones.
#pragma once

#include "runs/chartseries.h"
#include "trialchart.h"

class QCPGraph;

namespace covertype::ui {

class ParameterScatterChart : public TrialChart
{
    Q_OBJECT

public:
    explicit ParameterScatterChart(QWidget *parent = nullptr);

    /// Plots against parameter `index` of the spec (clamped to the spec's parameters).
    void setParameter(int index);
    [[nodiscard]] int parameter() const { return m_parameter; }

    [[nodiscard]] QCPGraph *succeededGraph() const { return m_succeeded; }
    [[nodiscard]] QCPGraph *stoppedGraph() const { return m_stopped; }
    [[nodiscard]] QCPGraph *failedGraph() const { return m_failed; }
    [[nodiscard]] QCPGraph *selectionGraph() const { return m_selection; }

protected:
    void rebuild() override;
    void updateSelection() override;

private:
    [[nodiscard]] std::optional<QPointF> position(const TrialResult &trial) const;
    /// The x coordinate of a parameter value on the current axis.
    [[nodiscard]] double xOf(const ParameterValue &value) const;
    void setUpAxis();

    int m_parameter = 0;
    ParameterAxis m_axis;
    QCPGraph *m_succeeded = nullptr;
    QCPGraph *m_stopped = nullptr;
    QCPGraph *m_failed = nullptr;
    QCPGraph *m_selection = nullptr;
    double m_failedY = 0;
};

}  // namespace covertype::ui
