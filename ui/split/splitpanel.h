// The Split stage: assigns hash lots to training/validation/testing, previews the counts and class
// balance of each split, shows the BigQuery queries and exports the split as CSV files.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include <array>
#include <atomic>
#include <memory>
#include <optional>

#include "split/split.h"
#include "split/splitpreview.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace covertype::ui {

class ClassDistributionChart;
class LotGridWidget;
class SplitCountsModel;
class WorkbenchSession;

class SplitPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SplitPanel(WorkbenchSession *session, QWidget *parent = nullptr);
    ~SplitPanel() override;

    /// The split being edited (it may be invalid; only valid ones reach the session).
    [[nodiscard]] const SplitSpec &spec() const { return m_spec; }
    /// Counts of training, validation, testing and the rows in no split; empty until the lots of
    /// the current dataset are counted.
    [[nodiscard]] std::optional<std::array<SplitCounts, 4>> counts() const;
    /// The warnings shown under the counts (empty when there are none).
    [[nodiscard]] QStringList warnings() const { return m_warnings; }
    [[nodiscard]] bool isCounting() const { return m_countingGeneration != 0; }
    [[nodiscard]] bool isExporting() const;

    /// Exports the split of the current dataset into `directory` (what the Export button does
    /// after asking for the directory).
    void exportTo(const QString &directory);

signals:
    /// The lots of the current dataset were counted (the counts and chart are up to date).
    void countsUpdated();
    /// An export finished; `ok` false when it failed or was cancelled (the message says which).
    void exportFinished(bool ok, const QString &message);

private:
    void buildUi();
    void onDatasetChanged();
    void onSessionSpecChanged();
    void startCounting();
    void onGridChanged();
    void onLotTextEdited();
    void onLotCountOrColumnChanged();
    void setSpec(const SplitSpec &spec, bool fromText = false);
    void refresh(bool updateTexts);
    void updateSql();
    void chooseExportDirectory();
    void finishExport();

    WorkbenchSession *m_session;
    SplitSpec m_spec;
    std::optional<LotTally> m_tally;
    quint64 m_generation = 0;
    quint64 m_countingGeneration = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest;  ///< generation a running count belongs to
    int m_countLots = 0;                             ///< what the last count started was for
    std::string m_countColumn;
    bool m_updating = false;
    QStringList m_warnings;
    /// Lots of each split past a lowered number of lots: kept aside, given back when the
    /// number grows again (and said so meanwhile).
    std::array<std::vector<int>, 3> m_parkedLots;

    QSpinBox *m_lotCount = nullptr;
    QComboBox *m_hashColumn = nullptr;
    QButtonGroup *m_paintGroup = nullptr;
    std::array<QLineEdit *, 3> m_lotEdits{};
    LotGridWidget *m_grid = nullptr;
    QLabel *m_gridNote = nullptr;
    QLabel *m_status = nullptr;
    SplitCountsModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    ClassDistributionChart *m_chart = nullptr;
    QLabel *m_warningLabel = nullptr;
    QLineEdit *m_tableName = nullptr;
    std::array<QPlainTextEdit *, 3> m_sql{};
    QPushButton *m_exportButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_exportStatus = nullptr;
    QFutureWatcher<Expected<SplitSummary>> *m_exportWatcher = nullptr;
    QString m_exportDir;
};

}  // namespace covertype::ui
