// The Runs stage (see runspanel.h).
#include "runspanel.h"

#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

#include "base/text.h"
#include "base/whenfinished.h"
#include "charts/chartstyle.h"
#include "charts/chartwidget.h"
#include "charts/confusionmatrixchart.h"
#include "charts/trialchart.h"
#include "charts/trialmetricchart.h"
#include "cloudsetup/cloudprovider.h"
#include "runbackendselector.h"
#include "runcharts.h"
#include "runcomparedialog.h"
#include "runhistoryview.h"
#include "runs/trialstablemodel.h"
#include "runs/tuningjob.h"
#include "shell/dialogfolders.h"
#include "shell/workbenchsession.h"
#include "storedruns.h"
#include "trialevaluation.h"

namespace covertype::ui {

namespace {

QString durationText(qint64 ms)
{
    if (ms < 60000)  // most local runs take seconds: show tenths
        return RunsPanel::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

/// Milliseconds between two stored RFC 3339 times; -1 when either is missing.
qint64 runDurationMs(const std::string &started, const std::string &ended)
{
    const QDateTime from =
        QDateTime::fromString(QString::fromStdString(started), Qt::ISODateWithMs);
    const QDateTime to = QDateTime::fromString(QString::fromStdString(ended), Qt::ISODateWithMs);
    return from.isValid() && to.isValid() ? from.msecsTo(to) : -1;
}

QString stepStateText(StepState state)
{
    switch (state) {
        case StepState::Running:
            return RunsPanel::tr("running");
        case StepState::Succeeded:
            return RunsPanel::tr("succeeded");
        case StepState::Failed:
            return RunsPanel::tr("failed");
        case StepState::Skipped:
            return RunsPanel::tr("skipped");
        case StepState::Cancelled:
            return RunsPanel::tr("cancelled");
    }
    return {};
}

QString storePathOf(const WorkbenchSession *session)
{
    return session->storePath().isEmpty() ? QString::fromStdString(RunStore::defaultPath())
                                          : session->storePath();
}

}  // namespace

RunsPanel::RunsPanel(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("runsPanel"));
    m_job = new TuningJob(this);
    m_trials = new TrialsTableModel(this);
    m_trials->setSpec(session->tuningSpec());
    buildUi();
    m_charts->setSpec(session->tuningSpec());

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &RunsPanel::updateProgress);
    m_flush = new QTimer(this);
    m_flush->setSingleShot(true);
    m_flush->setInterval(200);
    connect(m_flush, &QTimer::timeout, this, &RunsPanel::flushPending);

    connect(m_job, &TuningJob::started, this, [this](qint64 runId) {
        m_shownRun = runId;
        m_logRun = runId;
        m_history->selectRun(runId);
        updateProgress();
        appendLog(QtInfoMsg, tr("Run %1 recorded in %2").arg(runId).arg(storePathOf(m_session)));
        m_session->setCurrentRun(runId);
        m_session->notifyRunsChanged();
    });
    connect(m_job, &TuningJob::trialStarted, this, &RunsPanel::showTrial);
    connect(m_job, &TuningJob::intermediate, this,
            [this](const QString &trialId, int epoch, double value) {
                auto it = m_pending.find(trialId);
                if (it == m_pending.end()) {
                    const int row = m_trials->rowOfTrial(trialId);
                    if (row < 0)
                        return;
                    it = m_pending.insert(trialId, m_trials->trials()[size_t(row)]);
                }
                std::vector<double> &values = it->intermediate;
                if (epoch >= 1 && size_t(epoch) <= values.size())
                    values[size_t(epoch) - 1] = value;
                else
                    values.push_back(value);
                it->epochs = int(values.size());
                if (!m_flush->isActive())
                    m_flush->start();
            });
    connect(m_job, &TuningJob::trialFinished, this, [this](const TrialResult &trial) {
        m_pending.remove(QString::fromStdString(trial.trialId));
        showTrial(trial);
        updateProgress();
        m_history->reload();  // the running run's line counts its trials as they finish
        const QString metric =
            trial.objective ? QString::number(*trial.objective, 'f', 4) : QStringLiteral("–");
        appendLog(
            trial.state == TrialOutcome::Failed ? QtWarningMsg : QtInfoMsg,
            tr("Trial %1 %2: %3 %4%5%6")
                .arg(QString::fromStdString(trial.trialId), ChartStyle::trialStateName(trial.state),
                     QString::fromStdString(m_trials->spec().metricTag), metric)
                // A cloud trial reports its final measurement alone.
                .arg(trial.epochs == 0 && trial.seconds == 0
                         ? QString()
                         : tr(" (%1 epochs, %2 s)").arg(trial.epochs).arg(trial.seconds, 0, 'f', 1))
                .arg(trial.message.empty()
                         ? QString()
                         : QStringLiteral(": ") + QString::fromStdString(trial.message)));
    });
    connect(m_job, &TuningJob::remoteJob, this,
            [this](const QString &name, const QString &state, const QString &consoleUrl,
                   const QString &message) {
                m_consoleUrl = consoleUrl;
                m_copyConsole->setEnabled(!consoleUrl.isEmpty());
                m_copyConsole->setToolTip(consoleUrl);
                const bool failed = state.endsWith(QLatin1String("FAILED"));
                appendLog(failed ? QtWarningMsg : QtInfoMsg,
                          tr("Vertex AI job %1: %2%3")
                              .arg(name.section(QLatin1Char('/'), -2), state,
                                   message.isEmpty() ? QString() : QStringLiteral(": ") + message));
            });
    connect(m_job, &TuningJob::stepStarted, this, [this](const PipelineStep &step) {
        appendLog(QtInfoMsg,
                  tr("Step %1: %2").arg(step.index + 1).arg(QString::fromStdString(step.name)));
    });
    connect(m_job, &TuningJob::stepFinished, this, [this](const PipelineStep &step) {
        appendLog(step.state == StepState::Failed ? QtWarningMsg : QtInfoMsg,
                  tr("Step %1: %2 in %3 s%4")
                      .arg(QString::fromStdString(step.name), stepStateText(step.state))
                      .arg(step.seconds, 0, 'f', 1)
                      .arg(step.message.empty()
                               ? QString()
                               : QStringLiteral(": ") + QString::fromStdString(step.message)));
    });
    connect(m_job, &TuningJob::finished, this, [this](RunState state, const QString &message) {
        flushPending();
        m_tick->stop();
        m_tookMs = m_elapsed.isValid() ? m_elapsed.elapsed() : -1;
        updateProgress();
        updateActions();
        const QString text =
            tr("Run %1 ended: %2%3")
                .arg(m_shownRun ? QString::number(*m_shownRun) : QString(),
                     ChartStyle::runStateName(state),
                     message.isEmpty() ? QString() : QStringLiteral(": ") + message);
        appendLog(state == RunState::Failed ? QtCriticalMsg : QtInfoMsg, text);
        m_reason->setText(text);
        m_reason->setVisible(true);
        m_session->notifyRunsChanged();
        if (m_job->kind() == TuningJob::Kind::Pipeline)
            m_session->notifyDeploymentsChanged();
        if (!m_shownRun)  // it ended before it could be recorded (the message says why)
            emit runFinished(0, state);
        if (m_shownRun) {
            emit runFinished(*m_shownRun, state);
            if (!m_openAfterRun && m_job->kind() == TuningJob::Kind::Pipeline)
                openRun(*m_shownRun);  // picks up the recorded model for the confusion matrix
            else if (!m_openAfterRun)
                updateConfusion();
        }
        if (const auto pending = std::exchange(m_openAfterRun, std::nullopt))
            openRun(*pending);
    });

    connect(m_session, &WorkbenchSession::datasetChanged, this, &RunsPanel::updateActions);
    connect(m_session, &WorkbenchSession::tuningSpecChanged, this, [this] {
        if (!isRunning() && !m_shownRun) {
            m_trials->setSpec(m_session->tuningSpec());
            m_charts->setSpec(m_session->tuningSpec());
        }
        updateActions();
    });
    connect(m_session, &WorkbenchSession::storePathChanged, this,
            [this] { m_history->setStorePath(storePathOf(m_session)); });
    connect(m_session, &WorkbenchSession::runsChanged, m_history, &RunHistoryView::reload);
    connect(m_history, &RunHistoryView::runActivated, this, &RunsPanel::openRun);
    // A workbench that starts on a store with runs shows the newest (Runs and Deploy), instead
    // of "no run selected" after every restart.
    connect(
        m_history, &RunHistoryView::historyLoaded, this,
        [this] {
            if (const auto newest = m_history->newestRun();
                newest && !m_session->currentRun() && !m_shownRun && !isRunning())
                openRun(*newest);
        },
        Qt::SingleShotConnection);
    connect(m_history, &RunHistoryView::compareRequested, this, &RunsPanel::compareRuns);
    connect(m_history, &RunHistoryView::loadFailed, this,
            [this](const QString &message) { appendLog(QtWarningMsg, message); });
    connect(m_charts, &RunCharts::trialClicked, this, &RunsPanel::selectTrial);
    connect(m_charts, &QTabWidget::currentChanged, this, &RunsPanel::updateConfusion);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsPanel::onTableSelection);

    m_history->setStorePath(storePathOf(session));
    updateActions();
    updateProgress();
    // Cloud runs whose jobs went on while no workbench followed them.
    QTimer::singleShot(0, this, &RunsPanel::followCloudRuns);
    connect(m_session, &WorkbenchSession::storePathChanged, this, &RunsPanel::followCloudRuns);
}

RunsPanel::~RunsPanel()
{
    if (m_confusionCancel)
        *m_confusionCancel = true;
    // Closing does not lose a cloud tuning run: its job runs on and the next workbench follows
    // it again (followCloudRuns).
    if (m_job->canDetach())
        m_job->detach();
}

void RunsPanel::followCloudRuns()
{
    CloudProvider *provider = m_session->cloudProvider();
    if (!provider || isRunning())
        return;
    auto store = RunStore::open(storePathOf(m_session).toStdString());
    if (!store)
        return;
    auto runs = (*store)->cloudRunsToFollow();
    if (!runs || runs->empty())
        return;
    const int64_t runId = runs->front();
    auto details = (*store)->loadRun(runId);
    if (!details)
        return appendLog(QtWarningMsg, tr("Cannot follow run %1 again: %2")
                                           .arg(runId)
                                           .arg(QString::fromStdString(details.error().message)));
    auto spec = parseTuningSpec(details->run.configJson, cat("run ", runId));
    TuningJob::Request request;
    request.kind = TuningJob::Kind::Tuning;
    request.followRun = runId;
    request.storePath = storePathOf(m_session).toStdString();
    request.backendKind = RunBackend::Vertex;
    const CloudSettings settings = m_session->cloudSettings();
    request.backend = [provider, settings](int64_t id) {
        const std::string run = std::to_string(id);
        return provider->trainingBackend(settings, CloudTrainingMode::TrialPerJob, "run-" + run,
                                         run);
    };
    if (spec)
        request.spec = *spec;
    auto started = spec ? m_job->start(request) : Expected<void>(std::unexpected(spec.error()));
    if (!started)
        return appendLog(QtWarningMsg, tr("Cannot follow run %1 again: %2")
                                           .arg(runId)
                                           .arg(QString::fromStdString(started.error().message)));
    prepareLiveRun(request.spec);
    appendLog(QtInfoMsg, tr("Following run %1 again: its Vertex AI job %2 went on while the "
                            "workbench was closed")
                             .arg(runId)
                             .arg(QString::fromStdString(details->run.remoteJob)));
    updateActions();
    updateProgress();
}

void RunsPanel::prepareLiveRun(const TuningSpec &spec)
{
    ++m_openGeneration;  // a reopen still loading must not replace the live run
    m_shownRun.reset();
    m_pending.clear();
    m_modelPath.clear();
    m_modelTrial.clear();
    m_maxTrials = spec.maxTrials;
    m_trials->clear();
    m_trials->setSpec(spec);
    m_charts->setSpec(spec);
    m_charts->confusionChart()->clear();
    m_log->clear();
    m_logRun.reset();  // the new run's id comes with started()
    m_consoleUrl.clear();
    m_copyConsole->setEnabled(false);
    m_elapsed.start();
    m_tick->start();
}

void RunsPanel::buildUi()
{
    auto *root = new QVBoxLayout(this);

    auto *controls = new QHBoxLayout;
    m_startTuning = new QPushButton(tr("Start &Tuning"), this);
    m_startTuning->setObjectName(QStringLiteral("startTuning"));
    m_startTuning->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_startPipeline = new QPushButton(tr("Start &Pipeline"), this);
    m_startPipeline->setObjectName(QStringLiteral("startPipeline"));
    m_startPipeline->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    auto *metricLabel = new QLabel(tr("Pipeline &metric:"), this);
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("pipelineMetric"));
    m_metric->addItem(tr("accuracy"), QStringLiteral("accuracy"));
    m_metric->addItem(tr("macro recall"), QStringLiteral("recall"));
    m_metric->setToolTip(tr("Metric the pipeline evaluates on the testing rows"));
    metricLabel->setBuddy(m_metric);
    auto *thresholdLabel = new QLabel(tr("T&hreshold:"), this);
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setObjectName(QStringLiteral("pipelineThreshold"));
    m_threshold->setRange(0, 1);
    m_threshold->setDecimals(3);
    m_threshold->setSingleStep(0.01);
    m_threshold->setValue(0.69);
    m_threshold->setToolTip(
        tr("The pipeline's model passes the gate only if its metric is above this"));
    thresholdLabel->setBuddy(m_threshold);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelRun"));
    m_cancel->setToolTip(
        tr("Stop the run after the current epoch; finished trials are kept (Esc)"));
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &RunsPanel::cancelRun);
    connect(m_startTuning, &QPushButton::clicked, this, &RunsPanel::startTuning);
    connect(m_startPipeline, &QPushButton::clicked, this, &RunsPanel::startPipeline);
    connect(m_cancel, &QPushButton::clicked, this, &RunsPanel::cancelRun);
    controls->addWidget(m_startTuning);
    controls->addSpacing(12);
    controls->addWidget(m_startPipeline);
    controls->addWidget(metricLabel);
    controls->addWidget(m_metric);
    controls->addWidget(thresholdLabel);
    controls->addWidget(m_threshold);
    controls->addSpacing(12);
    controls->addWidget(m_cancel);
    controls->addSpacing(12);
    m_backend = new RunBackendSelector(m_session, this);
    m_copyConsole = new QPushButton(tr("Copy &Console Link"), this);
    m_copyConsole->setObjectName(QStringLiteral("copyConsoleLink"));
    m_copyConsole->setEnabled(false);
    connect(m_copyConsole, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_consoleUrl);
        appendLog(QtInfoMsg, tr("Copied the Vertex AI console link: %1").arg(m_consoleUrl));
    });
    controls->addWidget(m_backend);
    controls->addStretch(1);
    controls->addWidget(m_copyConsole);
    root->addLayout(controls);

    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("runStatus"));
    m_reason->setWordWrap(true);
    root->addWidget(m_reason);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("trialProgress"));
    m_progress->setFormat(tr("%v / %m trials"));
    m_timing = new QLabel(this);
    m_timing->setObjectName(QStringLiteral("runTiming"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_timing);
    progressRow->addSpacing(12);
    progressRow->addWidget(m_backend->estimateLabel());
    root->addLayout(progressRow);

    auto *main = new QSplitter(Qt::Horizontal, this);
    // Left: the run history above the log of the shown run.
    auto *left = new QSplitter(Qt::Vertical, main);
    m_history = new RunHistoryView(left);
    left->addWidget(m_history);
    m_log = new QPlainTextEdit(left);
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_log->setPlaceholderText(tr("The log of the run appears here."));
    left->addWidget(m_log);
    left->setSizes({300, 300});
    main->addWidget(left);

    auto *right = new QSplitter(Qt::Vertical, main);
    auto *tableBox = new QWidget(right);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_trials);
    m_proxy->setSortRole(TrialsTableModel::SortRole);
    m_table = new QTableView(tableBox);
    m_table->setObjectName(QStringLiteral("trialsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TrialsTableModel::TrialColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    // A few trials always show; the splitter's first sizes give the course's six room, and a
    // laptop-height window still fits the charts below without the page scrolling.
    m_table->setMinimumHeight((fontMetrics().height() + 8) * 4 + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    tableLayout->addWidget(m_table, 1);
    auto *tableButtons = new QHBoxLayout;
    m_exportCsv = new QPushButton(tr("Export trials CSV…"), tableBox);
    m_exportCsv->setObjectName(QStringLiteral("exportTrialsCsv"));
    m_exportCsv->setToolTip(tr("Write the trials of the shown run to a CSV file"));
    m_exportChart = new QPushButton(tr("Export chart…"), tableBox);
    m_exportChart->setObjectName(QStringLiteral("exportChart"));
    m_exportChart->setToolTip(tr("Save the chart of the current tab as PNG, SVG or PDF"));
    connect(m_exportCsv, &QPushButton::clicked, this, &RunsPanel::exportTrials);
    connect(m_exportChart, &QPushButton::clicked, this, &RunsPanel::exportChart);
    tableButtons->addStretch(1);
    tableButtons->addWidget(m_exportCsv);
    tableButtons->addWidget(m_exportChart);
    tableLayout->addLayout(tableButtons);
    right->addWidget(tableBox);
    m_charts = new RunCharts(right);
    right->addWidget(m_charts);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    main->addWidget(right);
    main->setStretchFactor(0, 1);
    main->setStretchFactor(1, 3);
    // Room for the history's columns and a trials table that shows the course's six trials
    // without scrolling; QSplitter scales these to the real width.
    main->setSizes({420, 920});
    right->setSizes({260, 440});
    root->addWidget(main, 1);
}

bool RunsPanel::isRunning() const
{
    return m_job->isRunning();
}

void RunsPanel::startTuning()
{
    start(false);
}

void RunsPanel::startPipeline()
{
    start(true);
}

void RunsPanel::start(bool pipeline)
{
    if (isRunning() || !m_startTuning->isEnabled())
        return;
    TuningJob::Request request;
    request.kind = pipeline ? TuningJob::Kind::Pipeline : TuningJob::Kind::Tuning;
    request.data = m_session->dataset();
    request.dataPath = m_session->datasetPath().toStdString();
    request.split = m_session->splitSpec();
    request.spec = m_session->tuningSpec();
    request.storePath = storePathOf(m_session).toStdString();
    request.metric = m_metric->currentData().toString().toStdString();
    request.threshold = m_threshold->value();
    request.target = m_session->deploymentTarget();
    request.registry = QDir::cleanPath(m_session->registryPath()).toStdString();
    auto backend = m_backend->backendFactory();
    if (backend) {
        request.backend = std::move(*backend);
        request.backendKind = m_backend->runBackend();
    }

    if (auto ok =
            backend ? m_job->start(request) : Expected<void>(std::unexpected(backend.error()));
        !ok) {
        const QString message =
            tr("Cannot start the run: %1").arg(QString::fromStdString(ok.error().message));
        appendLog(QtCriticalMsg, message);
        m_reason->setText(message);
        m_reason->setVisible(true);
        return;
    }
    m_split = request.split;
    m_seed = request.seed;
    prepareLiveRun(request.spec);
    appendLog(QtInfoMsg, pipeline ? tr("Pipeline started: up to %1 trials, then training, "
                                       "evaluation on testing and a deploy if %2 > %3")
                                        .arg(m_maxTrials)
                                        .arg(m_metric->currentText())
                                        .arg(m_threshold->value())
                                  : tr("Tuning started: up to %1 trials, %2 at a time")
                                        .arg(m_maxTrials)
                                        .arg(request.spec.maxParallelTrials));
    updateActions();
    updateProgress();
}

void RunsPanel::cancelRun()
{
    if (!isRunning())
        return;
    m_job->cancel();
    appendLog(QtInfoMsg, m_backend->isCloud()
                             ? tr("Cancelling: the Vertex AI job is being cancelled…")
                             : tr("Cancelling: the run stops after the current epoch…"));
}

void RunsPanel::updateActions()
{
    QString reason;
    if (!m_session->dataset())
        reason = tr("Open a dataset in the Data stage to start a run.");
    else if (!m_session->tuningSpecValid())
        reason = tr("The tuning config in the Tuning stage is not valid: fix it to start a run.");
    const bool running = isRunning();
    const bool canStart = reason.isEmpty() && !running;
    m_startTuning->setEnabled(canStart);
    m_startPipeline->setEnabled(canStart);
    m_startTuning->setToolTip(reason.isEmpty()
                                  ? tr("Tune the Tuning stage's config on the split's training and "
                                       "validation rows (Ctrl+R)")
                                  : reason);
    m_startPipeline->setToolTip(
        reason.isEmpty()
            ? tr("Split, tune, retrain the best trial, evaluate it on the testing "
                 "rows and deploy it to the Deploy stage's target as a new version if it "
                 "passes the threshold (Ctrl+Shift+R)")
            : reason);
    m_metric->setEnabled(!running);
    m_threshold->setEnabled(!running);
    m_backend->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (running) {
        m_reason->setText(tr("Running… (Esc cancels)"));
        m_reason->setVisible(true);
    } else if (!reason.isEmpty()) {
        m_reason->setText(reason);
        m_reason->setVisible(true);
        m_reasonIsBlocker = true;
        return;
    } else if (m_reasonIsBlocker || m_reason->text().isEmpty()) {
        m_reason->setText(
            tr("Ready: %n trial(s) of the Tuning stage's config on the Split "
               "stage's lots (Ctrl+R tunes, Ctrl+Shift+R runs the pipeline).",
               nullptr, m_session->tuningSpec().maxTrials));
        m_reason->setVisible(true);
    }
    m_reasonIsBlocker = false;
    if (!running && !m_shownRun) {
        m_maxTrials = m_session->tuningSpec().maxTrials;
        updateProgress();
    }
}

void RunsPanel::updateProgress()
{
    int done = 0;
    for (const TrialResult &t : m_trials->trials())
        done += t.state != TrialOutcome::Active;
    const int max = std::max(m_maxTrials, done);
    m_progress->setRange(0, std::max(max, 1));
    m_progress->setValue(done);
    // The bar counts the shown run's trials, which the ready line's count need not match.
    m_progress->setFormat(m_shownRun ? tr("run %1: %v / %m trials").arg(*m_shownRun)
                                     : tr("%v / %m trials"));
    if (!isRunning()) {
        m_timing->setText(m_tookMs >= 0 && m_shownRun ? tr("took %1").arg(durationText(m_tookMs))
                                                      : QString());
        return;
    }
    const qint64 elapsed = m_elapsed.elapsed();
    QString text = tr("elapsed %1").arg(durationText(elapsed));
    if (done > 0 && done < max)
        text += tr(", about %1 left").arg(durationText(elapsed / done * (max - done)));
    m_timing->setText(text);
}

void RunsPanel::appendLog(QtMsgType type, const QString &message)
{
    const QString prefix = type == QtCriticalMsg  ? tr("error: ")
                           : type == QtWarningMsg ? tr("warning: ")
                                                  : QString();
    m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss ")) + prefix +
                           message);
    m_session->log(type, message);
}

void RunsPanel::showTrial(const TrialResult &trial)
{
    m_trials->addOrUpdateTrial(trial);
    m_charts->addOrUpdateTrial(trial);
}

void RunsPanel::flushPending()
{
    for (const TrialResult &t : std::as_const(m_pending))
        showTrial(t);
    m_pending.clear();
}

void RunsPanel::selectTrial(const QString &trialId)
{
    const int row = m_trials->rowOfTrial(trialId);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_trials->index(row, 0));
    m_table->selectRow(index.row());
    m_table->scrollTo(index);
}

void RunsPanel::onTableSelection()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const QString id =
        rows.isEmpty() ? QString() : rows.first().data(TrialsTableModel::TrialIdRole).toString();
    m_charts->setSelectedTrial(id);
    updateConfusion();
}

void RunsPanel::updateConfusion()
{
    if (m_charts->currentWidget() != m_charts->confusionChart())
        return;  // computed when its tab is shown: it retrains a model
    if (m_confusionCancel)
        *m_confusionCancel = true;
    const std::vector<TrialResult> &trials = m_trials->trials();
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const TrialResult *trial = nullptr;
    if (!rows.isEmpty()) {
        const int row =
            m_trials->rowOfTrial(rows.first().data(TrialsTableModel::TrialIdRole).toString());
        if (row >= 0)
            trial = &trials[size_t(row)];
    } else if (auto best = bestTrial(trials, m_trials->spec().goal)) {
        trial = &trials[*best];
    }
    ConfusionMatrixChart *chart = m_charts->confusionChart();
    if (!trial || trial->state == TrialOutcome::Failed || trial->state == TrialOutcome::Cancelled ||
        !m_session->dataset()) {
        chart->clear();
        chart->setTitle(m_session->dataset() ? tr("Confusion matrix: no finished trial")
                                             : tr("Confusion matrix: open the run's dataset"));
        return;
    }
    TrialEvaluationRequest request;
    request.data = m_session->dataset();
    request.split = m_split;
    request.spec = m_trials->spec();
    request.values = trial->values;
    request.seed = m_seed;
    const bool useModel = !m_modelPath.empty() && m_modelTrial == trial->trialId;
    if (useModel)
        request.modelPath = m_modelPath;
    const QString subtitle =
        useModel
            ? tr("final model of trial %1, testing rows")
                  .arg(QString::fromStdString(trial->trialId))
            : tr("trial %1 retrained, validation rows").arg(QString::fromStdString(trial->trialId));
    chart->setTitle(tr("Confusion matrix: computing %1…").arg(subtitle));
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_confusionCancel = cancel;
    const int generation = ++m_confusionGeneration;
    whenFinished(
        this, QtConcurrent::run([request, cancel] { return evaluateTrial(request, *cancel); }),
        [this, generation, subtitle](Expected<ConfusionSeries> series) {
            if (generation != m_confusionGeneration)
                return;
            ConfusionMatrixChart *target = m_charts->confusionChart();
            if (!series) {
                target->clear();
                target->setTitle(
                    tr("Confusion matrix: %1").arg(QString::fromStdString(series.error().message)));
                appendLog(QtWarningMsg,
                          tr("Confusion matrix of %1: %2")
                              .arg(subtitle, QString::fromStdString(series.error().message)));
                return;
            }
            target->setTitle(tr("Confusion matrix"));
            target->setSeries(*series, subtitle);
        });
}

void RunsPanel::openRun(qint64 runId)
{
    if (isRunning()) {
        if (m_shownRun && *m_shownRun == runId)
            return;
        m_openAfterRun = runId;
        appendLog(QtInfoMsg, tr("Run %1 is shown after the running one ends").arg(runId));
        return;
    }
    const int generation = ++m_openGeneration;
    const QString store = storePathOf(m_session);
    whenFinished(this, QtConcurrent::run([store, runId] { return loadStoredRun(store, runId); }),
                 [this, generation, runId](Expected<StoredRun> run) {
                     if (generation != m_openGeneration || isRunning())
                         return;
                     if (!run) {
                         appendLog(QtWarningMsg,
                                   tr("Cannot open run %1: %2")
                                       .arg(runId)
                                       .arg(QString::fromStdString(run.error().message)));
                         return;
                     }
                     const QString selected = m_charts->metricChart()->selectedTrial();
                     m_shownRun = runId;
                     m_pending.clear();
                     m_trials->clear();
                     m_trials->setSpec(run->spec);
                     m_trials->setTrials(run->trials);
                     m_charts->setSpec(run->spec);
                     m_charts->setTrials(run->trials);
                     m_maxTrials = run->spec.maxTrials;
                     m_tookMs = runDurationMs(run->details.run.startedAt, run->details.run.endedAt);
                     m_seed = run->details.run.seed;
                     if (auto split = SplitSpec::fromJson(
                             nlohmann::json::parse(run->details.run.splitJson, nullptr, false)))
                         m_split = *split;
                     m_modelPath.clear();
                     m_modelTrial.clear();
                     for (const ModelRecord &m : run->details.models) {
                         m_modelPath = m.path;
                         m_modelTrial = m.trialId.value_or(std::string());
                     }
                     m_history->selectRun(runId);
                     m_session->setCurrentRun(runId);
                     showRunSummary(*run);
                     updateProgress();
                     if (!selected.isEmpty())
                         selectTrial(selected);
                     updateConfusion();
                     emit runShown(runId);
                 });
}

void RunsPanel::showRunSummary(const StoredRun &run)
{
    const RunRecord &r = run.details.run;
    int succeeded = 0, cancelled = 0, failed = 0;
    for (const TrialResult &t : run.trials) {
        succeeded += t.state == TrialOutcome::Succeeded || t.state == TrialOutcome::StoppedEarly;
        cancelled += t.state == TrialOutcome::Cancelled;
        failed += t.state == TrialOutcome::Failed;
    }
    const QString status =
        tr("Run %1 (%2): %3%4")
            .arg(r.id)
            .arg(ChartStyle::runKindName(r.kind), ChartStyle::runStateName(r.state),
                 r.message.empty() ? QString()
                                   : QStringLiteral(": ") + QString::fromStdString(r.message));
    m_reason->setText(status);
    m_reason->setVisible(true);
    m_reasonIsBlocker = false;
    // A cloud run's job page, also for a run reopened from the history.
    if (!isRunning() && m_session->cloudProvider()) {
        m_consoleUrl = QString::fromStdString(m_session->cloudProvider()->consoleUrl(r.remoteJob));
        m_copyConsole->setEnabled(!m_consoleUrl.isEmpty());
        m_copyConsole->setToolTip(m_consoleUrl);
    }
    if (m_logRun == r.id)
        return;  // the log of the run just watched says more than its summary: keep it
    m_logRun = r.id;
    m_log->clear();
    const auto line = [this](const QString &text) { m_log->appendPlainText(text); };
    line(status);
    line(tr("%1 trial(s): %2 finished, %3 cancelled, %4 failed")
             .arg(run.trials.size())
             .arg(succeeded)
             .arg(cancelled)
             .arg(failed));
    if (run.best)
        line(tr("Best: trial %1, %2 %3")
                 .arg(QString::fromStdString(run.trials[*run.best].trialId),
                      QString::fromStdString(run.spec.metricTag))
                 .arg(run.trials[*run.best].objective.value_or(0.0), 0, 'f', 4));
    for (const PipelineStepRecord &step : run.details.steps)
        line(tr("Step %1: %2%3")
                 .arg(QString::fromStdString(step.name), ChartStyle::runStateName(step.state),
                      step.message.empty()
                          ? QString()
                          : QStringLiteral(": ") + QString::fromStdString(step.message)));
}

QString RunsPanel::suggestedChartFileName() const
{
    const ChartWidget *chart = m_charts->currentChart();
    const QString id = chart ? chart->objectName() : QString();
    static const QHash<QString, QString> names = {
        {QStringLiteral("trialMetricChart"), QStringLiteral("metric-per-trial")},
        {QStringLiteral("parallelChart"), QStringLiteral("parallel-coordinates")},
        {QStringLiteral("learningChart"), QStringLiteral("learning-curves")},
        {QStringLiteral("confusionChart"), QStringLiteral("confusion-matrix")}};
    const QString name = names.value(id, id.isEmpty() ? QStringLiteral("chart") : id);
    return m_shownRun ? QStringLiteral("run-%1-%2.png").arg(*m_shownRun).arg(name)
                      : name + QStringLiteral(".png");
}

Expected<void> RunsPanel::exportCurrentChart(const QString &path, QSize size)
{
    ChartWidget *chart = m_charts->currentChart();
    if (!chart)
        return fail(ErrorCode::InvalidArgument, "no chart is shown");
    // The selection ring is for the screen: the file shows the run, not what was clicked.
    auto *trials = qobject_cast<TrialChart *>(chart);
    const QString selected = trials ? trials->selectedTrial() : QString();
    if (!selected.isEmpty())
        trials->setSelectedTrial(QString());
    auto ok = chart->exportTo(path, size);
    if (!selected.isEmpty())
        trials->setSelectedTrial(selected);
    return ok;
}

void RunsPanel::exportChart()
{
    if (!m_charts->currentChart())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), inLastFolder(FileKind::Export, suggestedChartFileName()),
        tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    rememberFolder(FileKind::Export, path);
    const QList<QSize> sizes = {{1600, 1000}, {1200, 800}, {800, 500}, {}};
    const QStringList choices = {tr("1600 × 1000 (slides)"), tr("1200 × 800"),
                                 tr("800 × 500 (documents)"), tr("As on screen")};
    bool chosen = false;
    const QString choice = QInputDialog::getItem(this, tr("Export chart"), tr("Size in pixels:"),
                                                 choices, 0, false, &chosen);
    if (!chosen)
        return;
    if (auto ok = exportCurrentChart(path, sizes.value(choices.indexOf(choice))); !ok) {
        const QString message = tr("Cannot export the chart to %1: %2")
                                    .arg(path, QString::fromStdString(ok.error().message));
        appendLog(QtWarningMsg, message);
        QMessageBox::warning(this, tr("Export chart"), message);
        return;
    }
    appendLog(QtInfoMsg, tr("Chart saved to %1").arg(path));
}

void RunsPanel::exportTrials()
{
    const QString name = m_shownRun ? QStringLiteral("run-%1-trials.csv").arg(*m_shownRun)
                                    : QStringLiteral("trials.csv");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export trials"), inLastFolder(FileKind::Export, name), tr("CSV file (*.csv)"));
    if (path.isEmpty())
        return;
    rememberFolder(FileKind::Export, path);
    if (auto ok = m_trials->exportCsv(path); !ok) {
        const QString message = tr("Cannot export the trials to %1: %2")
                                    .arg(path, QString::fromStdString(ok.error().message));
        appendLog(QtWarningMsg, message);
        QMessageBox::warning(this, tr("Export trials"), message);
        return;
    }
    appendLog(QtInfoMsg, tr("Trials saved to %1").arg(path));
}

void RunsPanel::compareRuns(qint64 first, qint64 second)
{
    auto *dialog = new RunCompareDialog(storePathOf(m_session), first, second, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

}  // namespace covertype::ui
