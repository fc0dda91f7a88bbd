// Rows per Cover_Type with the class names; grouped bars, one colour per split, when the
// distribution has several groups (training / validation / testing).
#pragma once

#include <QList>

#include "chartwidget.h"
#include "runs/chartseries.h"

class QCPBars;
class QCPBarsGroup;

namespace covertype::ui {

class ClassDistributionChart : public ChartWidget
{
    Q_OBJECT

public:
    explicit ClassDistributionChart(QWidget *parent = nullptr);

    /// Shows `distribution` (from covertype::classDistribution). `groupNames`, when given, replaces
    /// the group names for display (translated split names); otherwise they are shown as given.
    void setDistribution(const ClassDistribution &distribution, const QStringList &groupNames = {});
    void clear();
    /// Bars as the share of each group's rows (in %) instead of row counts: splits of different
    /// sizes compare by share.
    void setShowPercent(bool percent);
    [[nodiscard]] bool showPercent() const { return m_percent; }

    /// One bar series per group, in group order.
    [[nodiscard]] const QList<QCPBars *> &bars() const { return m_bars; }

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void adaptToWidth(int width) override;

private:
    void rebuild();

    ClassDistribution m_distribution;
    QStringList m_groupNames;
    bool m_percent = false;
    QList<QCPBars *> m_bars;
    QCPBarsGroup *m_group = nullptr;
};

}  // namespace covertype::ui
