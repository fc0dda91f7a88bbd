// The run history of the store (see runhistoryview.h).
#include "runhistoryview.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "base/whenfinished.h"
#include "charts/chartstyle.h"
#include "storedruns.h"

namespace covertype::ui {

namespace {

enum Column { IdColumn, KindColumn, StateColumn, StartedColumn, TrialsColumn, BestColumn };

QDateTime localTime(const std::string &utc)
{
    if (utc.empty())
        return {};
    return QDateTime::fromString(QString::fromStdString(utc), Qt::ISODateWithMs).toLocalTime();
}

/// Compact, so the history fits its column: the time for today's runs, the day and time for
/// this year's, the date for older ones (the full time is in the tooltip).
QString shortTime(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    const QDate today = QDate::currentDate();
    const QLocale locale;
    if (t.date() == today)
        return locale.toString(t.time(), QStringLiteral("HH:mm:ss"));
    if (t.date().year() == today.year())
        return locale.toString(t, QStringLiteral("d MMM HH:mm"));
    return locale.toString(t.date(), QStringLiteral("yyyy-MM-dd"));
}

}  // namespace

RunHistoryView::RunHistoryView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Run history</b>"), this);
    layout->addWidget(title);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("runHistory"));
    m_tree->setRootIsDecorated(false);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setAlternatingRowColors(true);
    m_tree->setHeaderLabels(
        {tr("Run"), tr("Kind"), tr("State"), tr("Started"), tr("Trials"), tr("Best")});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->setToolTip(tr("Select a run to reopen it; select two to compare them"));
    layout->addWidget(m_tree, 1);

    auto *buttons = new QHBoxLayout;
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshHistory"));
    m_refresh->setToolTip(tr("Read the run store again"));
    m_compare = new QPushButton(tr("Compare…"), this);
    m_compare->setObjectName(QStringLiteral("compareRuns"));
    m_compare->setToolTip(tr("Compare the two selected runs side by side"));
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_compare);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_refresh, &QPushButton::clicked, this, &RunHistoryView::reload);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const auto items = m_tree->selectedItems();
        if (items.size() != 2)
            return;
        qint64 a = items[0]->data(IdColumn, Qt::UserRole).toLongLong();
        qint64 b = items[1]->data(IdColumn, Qt::UserRole).toLongLong();
        emit compareRequested(std::min(a, b), std::max(a, b));
    });
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        if (m_selecting)
            return;
        const auto items = m_tree->selectedItems();
        if (items.size() == 1)
            emit runActivated(items[0]->data(IdColumn, Qt::UserRole).toLongLong());
    });
    updateButtons();
}

void RunHistoryView::updateButtons()
{
    m_compare->setEnabled(m_tree->selectedItems().size() == 2);
}

void RunHistoryView::setStorePath(const QString &path)
{
    m_storePath = path;
    reload();
}

void RunHistoryView::reload()
{
    if (m_storePath.isEmpty())
        return;
    const int generation = ++m_generation;
    m_status->setText(tr("Reading %1…").arg(m_storePath));
    whenFinished(
        this, QtConcurrent::run([path = m_storePath] { return listStoredRuns(path); }),
        [this, generation](Expected<std::vector<StoredRunSummary>> runs) {
            if (generation != m_generation)
                return;
            if (!runs) {
                const QString message =
                    tr("Cannot read the run store %1: %2")
                        .arg(m_storePath, QString::fromStdString(runs.error().message));
                m_status->setText(message);
                emit loadFailed(message);
                return;
            }
            // Two or more lines chosen for comparing stay chosen; else the shown run is
            // highlighted.
            QSet<qint64> selected;
            for (const QTreeWidgetItem *item : m_tree->selectedItems())
                selected.insert(item->data(IdColumn, Qt::UserRole).toLongLong());
            if (selected.size() < 2 && m_shownRun)
                selected = {qint64(*m_shownRun)};
            m_selecting = true;
            m_tree->clear();
            for (const StoredRunSummary &r : *runs) {
                const RunRecord &run = r.summary.run;
                auto *item = new QTreeWidgetItem(m_tree);
                item->setText(IdColumn, QString::number(run.id));
                item->setData(IdColumn, Qt::UserRole, qint64(run.id));
                item->setText(KindColumn, ChartStyle::runKindName(run.kind));
                item->setText(StateColumn, ChartStyle::runStateName(run.state));
                if (!run.message.empty())
                    item->setToolTip(StateColumn, QString::fromStdString(run.message));
                const std::string &started = run.startedAt.empty() ? run.createdAt : run.startedAt;
                const QDateTime startedAt = localTime(started);
                item->setText(StartedColumn, startedAt.isValid() ? shortTime(startedAt)
                                                                 : QString::fromStdString(started));
                item->setToolTip(StartedColumn,
                                 startedAt.isValid()
                                     ? startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                     : QString::fromStdString(started));
                item->setText(
                    TrialsColumn,
                    tr("%1 (%2 ok)").arg(r.summary.trialCount).arg(r.summary.succeededTrials));
                item->setText(BestColumn, r.bestMetric ? QString::number(*r.bestMetric, 'f', 4)
                                                       : QStringLiteral("–"));
                item->setToolTip(BestColumn, r.metricTag);
                item->setTextAlignment(IdColumn, Qt::AlignRight | Qt::AlignVCenter);
                item->setTextAlignment(BestColumn, Qt::AlignRight | Qt::AlignVCenter);
                if (selected.contains(run.id))
                    item->setSelected(true);
            }
            m_selecting = false;
            m_status->setText(
                runs->empty() ? tr("No runs recorded yet.")
                              : tr("%n run(s) in %1", nullptr, int(runs->size())).arg(m_storePath));
            updateButtons();
            emit historyLoaded();
        });
}

void RunHistoryView::selectRun(int64_t runId)
{
    m_shownRun = runId;
    m_selecting = true;
    m_tree->clearSelection();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if (item->data(IdColumn, Qt::UserRole).toLongLong() == runId) {
            item->setSelected(true);
            m_tree->scrollToItem(item);
        }
    }
    m_selecting = false;
    updateButtons();
}

std::optional<int64_t> RunHistoryView::newestRun() const
{
    if (m_tree->topLevelItemCount() == 0)
        return std::nullopt;
    return m_tree->topLevelItem(0)->data(IdColumn, Qt::UserRole).toLongLong();
}

std::optional<int64_t> RunHistoryView::selectedRun() const
{
    const auto items = m_tree->selectedItems();
    if (items.size() != 1)
        return std::nullopt;
    return items[0]->data(IdColumn, Qt::UserRole).toLongLong();
}

}  // namespace covertype::ui
