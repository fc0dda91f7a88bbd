// Base of the charts over tuning trials: live updates, one selected trial shared with the other
// views (setSelectedTrial / trialClicked), hit testing for clicks and tooltips.
#pragma once

#include <QList>
#include <QPointF>
#include <QString>

#include <optional>
#include <vector>

#include "chartwidget.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

class QCPAxis;

namespace covertype::ui {

class TrialChart : public ChartWidget
{
    Q_OBJECT

public:
    explicit TrialChart(QWidget *parent = nullptr);

    /// The tuning configuration: goal, metric tag and parameters (names, types, scales).
    void setSpec(const TuningSpec &spec);
    [[nodiscard]] const TuningSpec &spec() const { return m_spec; }

    /// Shows these trials instead of the current ones.
    void setTrials(const std::vector<TrialResult> &trials);
    /// Adds a trial, or updates the one with the same id (as it reports epochs and finishes).
    void addOrUpdateTrial(const TrialResult &trial);
    /// Removes every trial (the spec stays).
    void clear();
    [[nodiscard]] const std::vector<TrialResult> &trials() const { return m_trials; }

    /// Highlights one trial (empty: none). Does not emit trialClicked.
    void setSelectedTrial(const QString &trialId);
    [[nodiscard]] QString selectedTrial() const { return m_selected; }

    /// The trial drawn nearest to `pos` (pixels in plot()) within a few pixels, or empty.
    [[nodiscard]] QString trialAt(const QPointF &pos) const;
    /// Where clicking selects `trialId` (pixels in plot(), valid after a replot), if it is drawn.
    [[nodiscard]] std::optional<QPointF> trialPixel(const QString &trialId) const;

    [[nodiscard]] QString toolTipAt(const QPointF &pos) const override;

signals:
    /// The user clicked the mark or line of a trial.
    void trialClicked(const QString &trialId);

protected:
    /// Marks of one trial in plot coordinates of the main axes: points, or a polyline when
    /// `polyline` is set (NaN coordinates break it).
    struct TrialShape
    {
        QString trialId;
        QList<QPointF> points;
        bool polyline = false;
    };
    struct Hit
    {
        QString trialId;
        int vertex = -1;  ///< index of the nearest point of the shape
    };

    /// Rebuilds the plottables from spec() and trials(); must call setShapes() and replot.
    virtual void rebuild() = 0;
    /// Redraws the highlight of selectedTrial() only.
    virtual void updateSelection() = 0;

    void setShapes(std::vector<TrialShape> shapes);
    [[nodiscard]] std::optional<Hit> hitAt(const QPointF &pos) const;
    [[nodiscard]] const TrialResult *findTrial(const QString &trialId) const;
    /// Trial id, state, metric, parameter values, epochs, time and message, one per line.
    [[nodiscard]] QString trialToolTip(const TrialResult &trial) const;
    [[nodiscard]] QString metricName() const;

private:
    void mousePressed(QMouseEvent *event);
    [[nodiscard]] QPointF toPixel(const QPointF &coords) const;

    TuningSpec m_spec;
    std::vector<TrialResult> m_trials;
    QString m_selected;
    std::vector<TrialShape> m_shapes;
};

}  // namespace covertype::ui
