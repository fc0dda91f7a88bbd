// The Runs stage: starts a tuning run or the full pipeline on the session's data and specs, shows
// its trials live in a table and charts (linked selection), and reopens or compares past runs.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <QWidget>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "runs/runstore.h"
#include "split/split.h"
#include "tuning/tuner.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace covertype {
class TuningJob;
}

namespace covertype::ui {

class WorkbenchSession;
class TrialsTableModel;
class RunCharts;
class RunHistoryView;
class RunBackendSelector;
struct StoredRun;

class RunsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunsPanel(WorkbenchSession *session, QWidget *parent = nullptr);
    ~RunsPanel() override;

    [[nodiscard]] TrialsTableModel *trialsModel() const { return m_trials; }
    [[nodiscard]] QTableView *trialsView() const { return m_table; }
    [[nodiscard]] RunCharts *charts() const { return m_charts; }
    [[nodiscard]] RunHistoryView *history() const { return m_history; }
    [[nodiscard]] RunBackendSelector *backendSelector() const { return m_backend; }
    /// The Vertex AI console link of the shown run's job ("" when it has none).
    [[nodiscard]] const QString &consoleUrl() const { return m_consoleUrl; }
    [[nodiscard]] bool isRunning() const;
    /// The run shown (being recorded or reopened).
    [[nodiscard]] std::optional<int64_t> shownRun() const { return m_shownRun; }

public slots:
    void startTuning();
    void startPipeline();
    void cancelRun();
    /// Loads a recorded run into the table and charts (asynchronously; runShown() tells when).
    void openRun(qint64 runId);
    /// Follows again the first cloud tuning run whose job went on while no workbench followed
    /// it (closed mid-run): its trials come up to date and it ends as its job does. Called at
    /// start; nothing happens without a cloud or while a run is going.
    void followCloudRuns();

public:
    /// "run-12-metric-per-trial.png": the shown run and the chart of the current tab.
    [[nodiscard]] QString suggestedChartFileName() const;
    /// Writes the current tab's chart at `size` (empty: as on screen) without the selection
    /// highlight, which stays on screen.
    [[nodiscard]] Expected<void> exportCurrentChart(const QString &path, QSize size);

signals:
    /// A run ended (state as stored) — the main window may show it in the status bar. runId is
    /// 0 for a run that ended before it was recorded (the store could not be opened).
    void runFinished(qint64 runId, covertype::RunState state);
    /// The trials of a run are shown (live or reopened).
    void runShown(qint64 runId);

private:
    void buildUi();
    void start(bool pipeline);
    /// Clears the table, charts and log for a run about to be shown live with `spec`.
    void prepareLiveRun(const TuningSpec &spec);
    void updateActions();
    void updateProgress();
    void appendLog(QtMsgType type, const QString &message);
    void showTrial(const TrialResult &trial);
    void flushPending();
    void selectTrial(const QString &trialId);
    void onTableSelection();
    void updateConfusion();
    void exportChart();
    void exportTrials();
    void compareRuns(qint64 first, qint64 second);
    /// The status line and the log describe a reopened run (its state, trials, steps).
    void showRunSummary(const StoredRun &run);

    WorkbenchSession *m_session;
    TuningJob *m_job = nullptr;
    TrialsTableModel *m_trials = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    RunCharts *m_charts = nullptr;
    RunHistoryView *m_history = nullptr;
    QPushButton *m_startTuning = nullptr;
    QPushButton *m_startPipeline = nullptr;
    QPushButton *m_cancel = nullptr;
    RunBackendSelector *m_backend = nullptr;
    QPushButton *m_copyConsole = nullptr;
    QString m_consoleUrl;
    QComboBox *m_metric = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QLabel *m_reason = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_timing = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_exportChart = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QTimer *m_tick = nullptr;
    QTimer *m_flush = nullptr;

    QElapsedTimer m_elapsed;
    int m_maxTrials = 0;
    qint64 m_tookMs = -1;  ///< how long the shown run took; -1 unknown
    bool m_reasonIsBlocker = false;
    std::optional<int64_t> m_shownRun;
    int m_openGeneration = 0;
    /// A run picked in the history while another ran: shown when that one ends.
    std::optional<qint64> m_openAfterRun;
    /// The run the log describes: its live log while it runs and after, a summary when reopened.
    std::optional<int64_t> m_logRun;
    /// Epoch reports gathered between two redraws (live updates are coalesced).
    QHash<QString, TrialResult> m_pending;
    /// Model recorded by the shown pipeline run, for the confusion matrix.
    std::string m_modelPath;
    std::string m_modelTrial;
    uint64_t m_seed = 0;
    SplitSpec m_split;  ///< the shown run's split (for retraining a trial)
    std::shared_ptr<std::atomic<bool>> m_confusionCancel;
    int m_confusionGeneration = 0;
};

}  // namespace covertype::ui
