// The Data stage: the open table with sort and filter, and the current column's statistics.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <vector>

#include "base/error.h"
#include "columnpanel.h"
#include "data/rowfilter.h"

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace covertype::ui {

class ColumnPanel;
class DatasetViewModel;
class WorkbenchSession;

class DataPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DataPanel(WorkbenchSession *session, QWidget *parent = nullptr);
    ~DataPanel() override;

    [[nodiscard]] DatasetViewModel *model() const { return m_model; }
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    /// Ctrl+F: puts the cursor in the filter field.
    [[nodiscard]] QAction *focusFilterAction() const { return m_focusFilter; }

    /// Filters by `text` (see covertype::parseRowFilter); empty shows every row. Returns false and
    /// shows the error when the text does not parse; the rows shown stay as they were.
    bool applyFilter(const QString &text);
    void clearFilter();
    /// Sorts by `column` (-1: dataset order), as clicking its header does.
    void sortByColumn(int column, Qt::SortOrder order);
    /// Shows `column`'s statistics in the column panel.
    void showColumn(int column);
    [[nodiscard]] int currentColumn() const { return m_currentColumn; }
    /// Whether a sort or filter is being computed.
    [[nodiscard]] bool isBusy() const { return m_orderWatcher->isRunning(); }

    [[nodiscard]] QSize sizeHint() const override;

signals:
    /// The rows shown changed (a filter or sort finished, or a new dataset opened).
    void rowsShownChanged(int shown, int total);
    /// The column statistics of the current dataset are ready.
    void statisticsReady();

private:
    void onDatasetChanged();
    void onOrderFinished();
    void onStatsFinished();
    /// Column statistics over the whole table, or over `rows` when `filtered`, in the background.
    void startStatistics(std::vector<uint32_t> rows, bool filtered);
    void startOrder();
    void updateCountLabel();
    void updateSelection();
    /// Selects the view rows that show `datasetRows` (sorted) and scrolls to the first.
    void reselect(const std::vector<uint32_t> &datasetRows);
    void showError(const QString &message);

    WorkbenchSession *m_session = nullptr;
    DatasetViewModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    ColumnPanel *m_columnPanel = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QToolButton *m_clearButton = nullptr;
    QLabel *m_sourceLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QAction *m_focusFilter = nullptr;

    std::shared_ptr<const Dataset> m_data;
    RowFilter m_filter;
    SortKey m_sortKey;
    int m_currentColumn = -1;
    QFutureWatcher<Expected<std::vector<uint32_t>>> *m_orderWatcher = nullptr;
    QFutureWatcher<std::vector<ColumnSummary>> *m_statsWatcher = nullptr;
    std::shared_ptr<const std::vector<ColumnSummary>> m_summaries;
    QString m_filterText;   ///< the applied filter ("" when none)
    QString m_statsFilter;  ///< the filter m_summaries (or the ones being computed) follow
};

}  // namespace covertype::ui
