// The Data stage: table over the session's dataset, filter bar, header sort and column panel.
#include "datapanel.h"

#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPromise>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "cloudtasks/bigqueryloader.h"
#include "data/labschema.h"
#include "datasetviewmodel.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

/// Values a text column's chart shows at most (Soil_Type has 40).
constexpr size_t kMaxValueBars = 60;

// Statistics of every column over the whole table, or over `rows` of it when `filtered`; one
// pass per column, run on a worker thread.
void summarize(QPromise<std::vector<ColumnSummary>> &promise,
               const std::shared_ptr<const Dataset> &table, const std::vector<uint32_t> &rows,
               bool filtered)
{
    const Dataset subset = filtered ? table->selectRows(rows) : Dataset();
    const Dataset *data = filtered ? &subset : table.get();
    if (promise.isCanceled())
        return;
    std::vector<ColumnSummary> out;
    const std::vector<ColumnStats> stats = computeColumnStats(*data, kMaxValueBars);
    for (size_t c = 0; c < stats.size(); ++c) {
        if (promise.isCanceled())
            return;
        ColumnSummary summary;
        summary.stats = stats[c];
        summary.rows = data->rowCount();
        summary.tableRows = table->rowCount();
        summary.filtered = filtered;
        size_t listed = stats[c].nulls;
        for (const auto &[value, count] : stats[c].top)
            listed += count;
        summary.otherValues = summary.rows - std::min(summary.rows, listed);
        if (stats[c].numeric) {
            if (auto series = histogram(*data, stats[c].name))
                summary.histogram = std::move(*series);
        }
        if (stats[c].name == lab::kLabelColumn && stats[c].numeric)
            summary.classes = classDistribution({{"rows", labelCounts(*data)}});
        out.push_back(std::move(summary));
    }
    promise.addResult(std::move(out));
}

}  // namespace

DataPanel::DataPanel(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("dataPanel"));

    m_sourceLabel = new QLabel(this);
    m_sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    m_sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(
        tr("Filter, e.g. Elevation 2500..3000, Cover_Type = 2, Wilderness_Area = Rawah"));
    m_filterEdit->setToolTip(
        tr("Conditions joined by \",\" or \"and\": Column lo..hi (inclusive), Column = value, "
           "!=, <, <=, >, >=. Press Enter to apply (Ctrl+F)."));
    m_filterEdit->setClearButtonEnabled(false);

    m_clearButton = new QToolButton(this);
    m_clearButton->setObjectName(QStringLiteral("clearFilterButton"));
    m_clearButton->setText(tr("Clear filter"));
    m_clearButton->setToolTip(tr("Show every row again (Esc in the filter field)"));
    m_clearButton->setEnabled(false);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("rowCountLabel"));

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("filterMessage"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_messageLabel->hide();

    m_model = new DatasetViewModel(this);
    m_model->setObjectName(QStringLiteral("datasetViewModel"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("dataTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Fixed row heights keep scrolling over 600k rows cheap: no row is measured.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Columns are fitted to their header and the first rows only, never to every row.
    m_table->horizontalHeader()->setResizeContentsPrecision(100);
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setToolTip(tr("Click a column header to sort by it"));

    m_columnPanel = new ColumnPanel(this);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("dataSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_columnPanel);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("&Filter:"), this));
    qobject_cast<QLabel *>(filterRow->itemAt(0)->widget())->setBuddy(m_filterEdit);
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_clearButton);
    filterRow->addWidget(m_countLabel);

    // The open table into BigQuery, beside its name (shown when the workbench has a cloud).
    auto *loader = new BigQueryLoader(m_session, this);
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_sourceLabel, 1);
    sourceRow->addWidget(loader, 0);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(sourceRow);
    layout->addWidget(loader->statusLabel());
    layout->addLayout(filterRow);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_splitter, 1);

    m_focusFilter = new QAction(tr("Find rows"), this);
    m_focusFilter->setObjectName(QStringLiteral("focusFilterAction"));
    m_focusFilter->setShortcut(QKeySequence::Find);
    m_focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_focusFilter);
    connect(m_focusFilter, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    auto *escape = new QAction(this);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetShortcut);
    m_filterEdit->addAction(escape);
    connect(escape, &QAction::triggered, this, &DataPanel::clearFilter);

    connect(m_filterEdit, &QLineEdit::returnPressed, this,
            [this] { applyFilter(m_filterEdit->text()); });
    connect(m_clearButton, &QToolButton::clicked, this, &DataPanel::clearFilter);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column, Qt::SortOrder order) {
                m_sortKey = SortKey{column, order == Qt::AscendingOrder};
                startOrder();
            });
    connect(m_table->horizontalHeader(), &QHeaderView::sectionClicked, this,
            &DataPanel::showColumn);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentColumnChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showColumn(current.column());
            });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DataPanel::updateSelection);
    m_orderWatcher = new QFutureWatcher<Expected<std::vector<uint32_t>>>(this);
    connect(m_orderWatcher, &QFutureWatcherBase::finished, this, &DataPanel::onOrderFinished);
    m_statsWatcher = new QFutureWatcher<std::vector<ColumnSummary>>(this);
    connect(m_statsWatcher, &QFutureWatcherBase::finished, this, &DataPanel::onStatsFinished);
    connect(m_session, &WorkbenchSession::datasetChanged, this, &DataPanel::onDatasetChanged);

    onDatasetChanged();
}

DataPanel::~DataPanel()
{
    // Workers hold the dataset by shared_ptr, so they may finish after the panel; they are only
    // asked to stop early.
    m_orderWatcher->cancel();
    m_statsWatcher->cancel();
}

QSize DataPanel::sizeHint() const
{
    return {1100, 700};
}

void DataPanel::onDatasetChanged()
{
    m_orderWatcher->cancel();
    m_statsWatcher->cancel();
    m_data = m_session->dataset();
    m_filter = {};
    m_sortKey = {};
    m_summaries.reset();
    m_currentColumn = -1;
    m_filterEdit->clear();
    m_clearButton->setEnabled(false);
    m_messageLabel->hide();
    {
        // Resetting the indicator must not start a sort of the new table.
        const QSignalBlocker blocker(m_table->horizontalHeader());
        m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    }
    m_model->setDataset(m_data);
    m_columnPanel->clear();

    if (!m_data) {
        m_sourceLabel->setText(tr("No dataset is open. Open a CSV file to browse its rows."));
        m_filterEdit->setEnabled(false);
        updateCountLabel();
        emit rowsShownChanged(0, 0);
        return;
    }
    const QLocale locale;
    const QString path = m_session->datasetPath();
    m_sourceLabel->setText(tr("%1 — %2 rows, %3 columns")
                               .arg(path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName(),
                                    locale.toString(qulonglong(m_data->rowCount())),
                                    locale.toString(qulonglong(m_data->columnCount()))));
    m_sourceLabel->setToolTip(path);
    m_filterEdit->setEnabled(true);
    m_table->resizeColumnsToContents();
    updateCountLabel();
    emit rowsShownChanged(m_model->rowCount(), m_model->totalRows());

    m_statsFilter.clear();
    startStatistics({}, false);
    showColumn(0);
}

void DataPanel::startStatistics(std::vector<uint32_t> rows, bool filtered)
{
    m_statsWatcher->cancel();
    m_summaries.reset();
    if (m_currentColumn >= 0)
        showColumn(m_currentColumn);  // "computing…" until the new ones arrive
    m_statsWatcher->setFuture(QtConcurrent::run(summarize, m_data, std::move(rows), filtered));
}

void DataPanel::onStatsFinished()
{
    // setFuture() disconnects the previous future, so a finished signal is for the newest one.
    const QFuture<std::vector<ColumnSummary>> future = m_statsWatcher->future();
    if (future.isCanceled() || future.resultCount() == 0)
        return;
    m_summaries = std::make_shared<const std::vector<ColumnSummary>>(future.result());
    if (m_currentColumn >= 0)
        showColumn(m_currentColumn);
    emit statisticsReady();
}

bool DataPanel::applyFilter(const QString &text)
{
    if (!m_data)
        return false;
    if (m_filterEdit->text() != text)
        m_filterEdit->setText(text);
    auto filter = parseRowFilter(*m_data, text.toStdString());
    if (!filter) {
        showError(tr("Filter not applied: %1").arg(QString::fromStdString(filter.error().message)));
        return false;
    }
    m_messageLabel->hide();
    m_filter = std::move(*filter);
    m_filterText = m_filter.empty() ? QString() : text.trimmed();
    m_clearButton->setEnabled(!m_filter.empty());
    startOrder();
    return true;
}

void DataPanel::clearFilter()
{
    m_filterEdit->clear();
    m_messageLabel->hide();
    if (!m_data || m_filter.empty())
        return;
    m_filter = {};
    m_filterText.clear();
    m_clearButton->setEnabled(false);
    startOrder();
}

void DataPanel::sortByColumn(int column, Qt::SortOrder order)
{
    m_table->horizontalHeader()->setSortIndicator(column, order);
}

void DataPanel::showColumn(int column)
{
    if (!m_data || column < 0 || column >= int(m_data->columnCount()))
        return;
    m_currentColumn = column;
    if (m_summaries && size_t(column) < m_summaries->size())
        m_columnPanel->showSummary((*m_summaries)[size_t(column)]);
    else
        m_columnPanel->showPending(QString::fromStdString(m_data->column(size_t(column)).name));
}

void DataPanel::startOrder()
{
    if (!m_data)
        return;
    m_orderWatcher->cancel();
    if (m_filter.empty() && m_sortKey.column < 0) {
        if (!m_statsFilter.isEmpty()) {  // back to the whole table
            m_statsFilter.clear();
            startStatistics({}, false);
        }
        m_model->resetRowOrder();
        updateCountLabel();
        updateSelection();
        emit rowsShownChanged(m_model->rowCount(), m_model->totalRows());
        return;
    }
    m_countLabel->setText(tr("Sorting and filtering…"));
    m_orderWatcher->setFuture(QtConcurrent::run(
        [](QPromise<Expected<std::vector<uint32_t>>> &promise, std::shared_ptr<const Dataset> table,
           RowFilter filter, SortKey key) {
            promise.addResult(computeRowOrder(
                *table, filter, key, [&promise](double) { return !promise.isCanceled(); }));
        },
        m_data, m_filter, m_sortKey));
}

void DataPanel::onOrderFinished()
{
    const QFuture<Expected<std::vector<uint32_t>>> future = m_orderWatcher->future();
    if (future.isCanceled() || future.resultCount() == 0)
        return;
    const Expected<std::vector<uint32_t>> order = future.result();
    if (!order) {
        if (order.error().code != ErrorCode::Cancelled)
            showError(tr("Could not sort or filter the rows: %1")
                          .arg(QString::fromStdString(order.error().message)));
        updateCountLabel();
        return;
    }
    // The selected dataset rows survive a new sort or filter (those still shown stay selected).
    // The column statistics follow the filter (a new sort alone changes nothing in them).
    if (m_filterText != m_statsFilter) {
        m_statsFilter = m_filterText;
        startStatistics(m_filter.empty() ? std::vector<uint32_t>() : *order, !m_filter.empty());
    }
    const std::vector<uint32_t> selected = m_session->selectedRows();
    m_model->setRowOrder(*order);
    reselect(selected);
    updateCountLabel();
    updateSelection();
    emit rowsShownChanged(m_model->rowCount(), m_model->totalRows());
}

void DataPanel::reselect(const std::vector<uint32_t> &datasetRows)
{
    if (datasetRows.empty())
        return;
    // datasetRows is sorted (the session keeps it so); runs of consecutive view rows become one
    // selection range each.
    QItemSelection selection;
    const int rows = m_model->rowCount();
    const int lastColumn = m_model->columnCount() - 1;
    int first = -1;
    const auto close = [&](int end) {
        if (first >= 0)
            selection.select(m_model->index(first, 0), m_model->index(end, lastColumn));
        first = -1;
    };
    for (int row = 0; row < rows; ++row) {
        if (std::binary_search(datasetRows.begin(), datasetRows.end(), m_model->datasetRow(row))) {
            if (first < 0)
                first = row;
        } else {
            close(row - 1);
        }
    }
    close(rows - 1);
    if (selection.isEmpty())
        return;
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_table->scrollTo(selection.first().topLeft(), QAbstractItemView::PositionAtCenter);
}

void DataPanel::updateCountLabel()
{
    const QLocale locale;
    m_countLabel->setText(
        tr("%1 of %2 rows")
            .arg(locale.toString(m_model->rowCount()), locale.toString(m_model->totalRows())));
}

void DataPanel::updateSelection()
{
    std::vector<uint32_t> rows;
    const QItemSelection selection = m_table->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows.push_back(m_model->datasetRow(row));
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows != m_session->selectedRows())
        m_session->setSelectedRows(std::move(rows));
}

void DataPanel::showError(const QString &message)
{
    m_messageLabel->setText(message);
    m_messageLabel->show();
    m_session->log(QtWarningMsg, message);
}

}  // namespace covertype::ui
