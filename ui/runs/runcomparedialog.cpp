// Two recorded runs side by side (see runcomparedialog.h).
#include "runcomparedialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <map>
#include <utility>

#include <qcustomplot.h>
#include <nlohmann/json.hpp>

#include "base/whenfinished.h"
#include "charts/chartstyle.h"
#include "charts/chartwidget.h"
#include "storedruns.h"
#include "tuning/tuningspec.h"

namespace covertype::ui {

namespace {

/// "a.b[2].c" -> value text, for every leaf of a JSON document.
void flatten(const nlohmann::json &json, const std::string &prefix,
             std::map<std::string, std::string> &out)
{
    if (json.is_object()) {
        for (const auto &[key, value] : json.items())
            flatten(value, prefix.empty() ? key : prefix + "." + key, out);
    } else if (json.is_array() && !json.empty() && (json[0].is_object() || json[0].is_array())) {
        for (size_t i = 0; i < json.size(); ++i)
            flatten(json[i], prefix + "[" + std::to_string(i) + "]", out);
    } else {
        out[prefix] = json.is_string() ? json.get<std::string>() : json.dump();
    }
}

std::map<std::string, std::string> configOf(const StoredRun &run)
{
    std::map<std::string, std::string> out;
    // The tuning settings under one name whatever the kind of run: a tuning run stores them as
    // its config, a pipeline as its hypertune_settings. The rest of a pipeline's config follows.
    flatten(nlohmann::json::parse(writeTuningSpec(run.spec, TuningFormat::PipelineJson), nullptr,
                                  false),
            "tuning", out);
    if (run.details.run.kind == RunKind::Pipeline) {
        nlohmann::json pipeline = nlohmann::json::parse(run.details.run.configJson, nullptr, false);
        if (pipeline.is_object()) {
            pipeline.erase("hypertune_settings");
            flatten(pipeline, "pipeline", out);
        }
    }
    flatten(nlohmann::json::parse(run.details.run.splitJson, nullptr, false), "split", out);
    out["seed"] = std::to_string(run.details.run.seed);
    out["dataset"] = run.details.run.datasetPath;
    return out;
}

QString bestText(const StoredRun &run)
{
    if (!run.best)
        return QObject::tr("no succeeded trial");
    const TrialResult &t = run.trials[*run.best];
    return QObject::tr("trial %1: %2")
        .arg(QString::fromStdString(t.trialId))
        .arg(*t.objective, 0, 'f', 4);
}

}  // namespace

RunCompareDialog::RunCompareDialog(const QString &storePath, int64_t first, int64_t second,
                                   QWidget *parent)
    : QDialog(parent), m_first(first), m_second(second)
{
    setObjectName(QStringLiteral("runCompareDialog"));
    setWindowTitle(tr("Compare runs %1 and %2").arg(first).arg(second));
    resize(1000, 700);
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(tr("Loading runs %1 and %2…").arg(first).arg(second), this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    auto *split = new QSplitter(Qt::Vertical, this);
    m_config = new QTreeWidget(split);
    m_config->setObjectName(QStringLiteral("compareConfig"));
    m_config->setRootIsDecorated(false);
    m_config->setHeaderLabels({tr("Setting"), tr("Run %1").arg(first), tr("Run %1").arg(second)});
    m_config->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_chart = new ChartWidget(split);
    m_chart->setObjectName(QStringLiteral("compareChart"));
    m_chart->setTitle(tr("Metric per trial"));
    split->addWidget(m_config);
    split->addWidget(m_chart);
    layout->addWidget(split, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // Started from the event loop: a load that finished before the continuation was attached
    // would otherwise run it, and emit loaded(), inside this constructor, before anyone can
    // connect to the signal.
    QTimer::singleShot(0, this, [this, storePath] { startLoading(storePath); });
}

void RunCompareDialog::startLoading(const QString &storePath)
{
    whenFinished(
        this, QtConcurrent::run([storePath, first = m_first, second = m_second] {
            return std::pair{loadStoredRun(storePath, first), loadStoredRun(storePath, second)};
        }),
        [this](std::pair<Expected<StoredRun>, Expected<StoredRun>> runs) {
            for (const auto *r : {&runs.first, &runs.second})
                if (!*r) {
                    m_summary->setText(tr("Cannot load the runs: %1")
                                           .arg(QString::fromStdString(r->error().message)));
                    return;
                }
            try {
                showRuns(*runs.first, *runs.second);
            } catch (const std::exception &e) {  // a config that is not what the store wrote
                m_summary->setText(
                    tr("Cannot compare the runs: %1").arg(QString::fromUtf8(e.what())));
                return;
            }
            emit loaded();
        });
}

QString RunCompareDialog::summaryText() const
{
    return m_summary->text();
}

void RunCompareDialog::showRuns(const StoredRun &a, const StoredRun &b)
{
    m_summary->setText(tr("<b>Run %1</b> (%2, %3): best %4<br><b>Run %5</b> (%6, %7): best %8")
                           .arg(m_first)
                           .arg(ChartStyle::runKindName(a.details.run.kind),
                                ChartStyle::runStateName(a.details.run.state), bestText(a))
                           .arg(m_second)
                           .arg(ChartStyle::runKindName(b.details.run.kind),
                                ChartStyle::runStateName(b.details.run.state), bestText(b)));
    const auto ca = configOf(a);
    const auto cb = configOf(b);
    std::map<std::string, std::pair<std::string, std::string>> rows;
    for (const auto &[k, v] : ca)
        rows[k].first = v;
    for (const auto &[k, v] : cb)
        rows[k].second = v;
    QFont bold = m_config->font();
    bold.setBold(true);
    for (const auto &[key, values] : rows) {
        auto *item = new QTreeWidgetItem(m_config);
        item->setText(0, QString::fromStdString(key));
        item->setText(1, QString::fromStdString(values.first));
        item->setText(2, QString::fromStdString(values.second));
        for (int c = 0; c < 3; ++c)  // long values stay readable in full
            item->setToolTip(c, item->text(c));
        if (values.first != values.second)
            for (int c = 0; c < 3; ++c)
                item->setFont(c, bold);
    }

    QCustomPlot *plot = m_chart->plot();
    int index = 0;
    for (const auto &[run, id] : {std::pair{&a, m_first}, std::pair{&b, m_second}}) {
        QCPGraph *graph = plot->addGraph();
        graph->setName(tr("run %1").arg(id));
        graph->setLineStyle(QCPGraph::lsLine);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        graph->setPen(QPen(ChartStyle::seriesColor(index++), 1.5));
        for (const TrialResult &t : run->trials)
            if (t.objective)
                graph->addData(QString::fromStdString(t.trialId).toDouble(), *t.objective);
    }
    plot->xAxis->setLabel(tr("Trial"));
    plot->yAxis->setLabel(ChartStyle::metricName(a.spec.metricTag));
    plot->legend->setVisible(true);
    plot->rescaleAxes();
    plot->replot();
}

}  // namespace covertype::ui
