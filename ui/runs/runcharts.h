// The charts of one run in tabs (metric per trial, metric vs each parameter, parallel
// coordinates, learning curves, confusion matrix), kept live and sharing one selected trial.
#pragma once

#include <QList>
#include <QString>
#include <QTabWidget>

#include <vector>

#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

namespace covertype::ui {

class ChartWidget;
class TrialChart;
class TrialMetricChart;
class ParameterScatterChart;
class ParallelCoordinatesChart;
class LearningCurveChart;
class ConfusionMatrixChart;

class RunCharts : public QTabWidget
{
    Q_OBJECT

public:
    explicit RunCharts(QWidget *parent = nullptr);

    /// Sets the spec of every chart (one scatter tab per parameter) and removes the trials.
    void setSpec(const TuningSpec &spec);
    void setTrials(const std::vector<TrialResult> &trials);
    void addOrUpdateTrial(const TrialResult &trial);
    void clear();
    /// Highlights the trial in every chart (empty: none).
    void setSelectedTrial(const QString &trialId);

    [[nodiscard]] TrialMetricChart *metricChart() const { return m_metric; }
    [[nodiscard]] const QList<ParameterScatterChart *> &scatterCharts() const { return m_scatter; }
    [[nodiscard]] ParallelCoordinatesChart *parallelChart() const { return m_parallel; }
    [[nodiscard]] LearningCurveChart *learningChart() const { return m_learning; }
    [[nodiscard]] ConfusionMatrixChart *confusionChart() const { return m_confusion; }
    /// The chart of the current tab.
    [[nodiscard]] ChartWidget *currentChart() const;

signals:
    /// The user clicked a trial in one of the charts.
    void trialClicked(const QString &trialId);

private:
    [[nodiscard]] QList<TrialChart *> trialCharts() const;
    void connectChart(TrialChart *chart);
    /// Brings the current tab's chart up to date (hidden charts are updated when shown, so a
    /// live run redraws one chart, not all of them).
    void refreshCurrent();

    std::vector<TrialResult> m_trials;
    QList<TrialChart *> m_stale;

    TrialMetricChart *m_metric = nullptr;
    QList<ParameterScatterChart *> m_scatter;
    ParallelCoordinatesChart *m_parallel = nullptr;
    LearningCurveChart *m_learning = nullptr;
    ConfusionMatrixChart *m_confusion = nullptr;
};

}  // namespace covertype::ui
