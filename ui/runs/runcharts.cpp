// The charts of one run in tabs (see runcharts.h).
#include "runcharts.h"

#include <algorithm>

#include "charts/confusionmatrixchart.h"
#include "charts/learningcurvechart.h"
#include "charts/parallelcoordinateschart.h"
#include "charts/parameterscatterchart.h"
#include "charts/trialmetricchart.h"

namespace covertype::ui {

RunCharts::RunCharts(QWidget *parent) : QTabWidget(parent)
{
    setObjectName(QStringLiteral("runCharts"));
    setDocumentMode(true);
    m_metric = new TrialMetricChart(this);
    m_metric->setObjectName(QStringLiteral("trialMetricChart"));
    m_metric->setTitle(tr("Metric per trial"));
    addTab(m_metric, tr("Metric per trial"));
    setTabToolTip(0, tr("The metric of every trial and the best so far"));
    connectChart(m_metric);

    m_parallel = new ParallelCoordinatesChart(this);
    m_parallel->setObjectName(QStringLiteral("parallelChart"));
    m_parallel->setTitle(tr("Parallel coordinates"));
    addTab(m_parallel, tr("Parallel coordinates"));
    connectChart(m_parallel);

    m_learning = new LearningCurveChart(this);
    m_learning->setObjectName(QStringLiteral("learningChart"));
    m_learning->setTitle(tr("Learning curves"));
    addTab(m_learning, tr("Learning curves"));
    connectChart(m_learning);

    m_confusion = new ConfusionMatrixChart(this);
    m_confusion->setObjectName(QStringLiteral("confusionChart"));
    m_confusion->setTitle(tr("Confusion matrix"));
    addTab(m_confusion, tr("Confusion matrix"));
    connect(this, &QTabWidget::currentChanged, this, &RunCharts::refreshCurrent);
}

void RunCharts::refreshCurrent()
{
    auto *chart = qobject_cast<TrialChart *>(currentWidget());
    if (chart && m_stale.removeAll(chart) > 0)
        chart->setTrials(m_trials);
}

void RunCharts::connectChart(TrialChart *chart)
{
    connect(chart, &TrialChart::trialClicked, this, &RunCharts::trialClicked);
}

QList<TrialChart *> RunCharts::trialCharts() const
{
    QList<TrialChart *> out{m_metric, m_parallel, m_learning};
    for (ParameterScatterChart *c : m_scatter)
        out << c;
    return out;
}

void RunCharts::setSpec(const TuningSpec &spec)
{
    // One scatter tab per parameter, placed after "Metric per trial".
    for (ParameterScatterChart *c : std::as_const(m_scatter)) {
        removeTab(indexOf(c));
        c->deleteLater();
    }
    m_scatter.clear();
    for (size_t i = 0; i < spec.params.size(); ++i) {
        auto *chart = new ParameterScatterChart(this);
        const QString name = QString::fromStdString(spec.params[i].name);
        chart->setObjectName(QStringLiteral("scatterChart_%1").arg(name));
        chart->setTitle(tr("Metric vs %1").arg(name));
        connectChart(chart);
        m_scatter << chart;
        insertTab(int(i) + 1, chart, tr("vs %1").arg(name));
        setTabToolTip(int(i) + 1, tr("The metric of every trial against %1").arg(name));
    }
    m_trials.clear();
    m_stale.clear();
    for (TrialChart *c : trialCharts()) {
        c->clear();
        c->setSpec(spec);
    }
    for (int i = 0; i < m_scatter.size(); ++i)
        m_scatter[i]->setParameter(i);
}

void RunCharts::setTrials(const std::vector<TrialResult> &trials)
{
    m_trials = trials;
    m_stale = trialCharts();
    refreshCurrent();
}

void RunCharts::addOrUpdateTrial(const TrialResult &trial)
{
    const auto it = std::ranges::find_if(
        m_trials, [&](const TrialResult &t) { return t.trialId == trial.trialId; });
    if (it != m_trials.end())
        *it = trial;
    else
        m_trials.push_back(trial);
    for (TrialChart *c : trialCharts()) {
        if (c == currentWidget())
            c->addOrUpdateTrial(trial);
        else if (!m_stale.contains(c))
            m_stale << c;
    }
}

void RunCharts::clear()
{
    m_trials.clear();
    m_stale.clear();
    for (TrialChart *c : trialCharts())
        c->clear();
    m_confusion->clear();
}

void RunCharts::setSelectedTrial(const QString &trialId)
{
    for (TrialChart *c : trialCharts())
        c->setSelectedTrial(trialId);
}

ChartWidget *RunCharts::currentChart() const
{
    return qobject_cast<ChartWidget *>(currentWidget());
}

}  // namespace covertype::ui
