// The Split stage panel (see splitpanel.h): lot grid and lot lists, counts, balance chart,
// BigQuery queries and export.
#include "splitpanel.h"

#include <QButtonGroup>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <cmath>
#include <set>

#include "base/whenfinished.h"
#include "charts/chartstyle.h"
#include "charts/classdistributionchart.h"
#include "cloudtasks/bigquerysplitter.h"
#include "lotgridwidget.h"
#include "runs/chartseries.h"
#include "shell/dialogfolders.h"
#include "shell/workbenchsession.h"
#include "splitcountsmodel.h"

namespace covertype::ui {

namespace {

const char *const kSplitKeys[3] = {"training", "validation", "testing"};

QString splitTitle(int split)
{
    switch (split) {
        case 0:
            return SplitPanel::tr("Training");
        case 1:
            return SplitPanel::tr("Validation");
        default:
            return SplitPanel::tr("Testing");
    }
}

std::vector<int> &lotsOf(SplitSpec &spec, int split)
{
    return split == 0 ? spec.training : split == 1 ? spec.validation : spec.testing;
}

const std::vector<int> &lotsOf(const SplitSpec &spec, int split)
{
    return split == 0 ? spec.training : split == 1 ? spec.validation : spec.testing;
}

// A split's class shares may drift this far (in points of %) from the whole table's before the
// panel warns: models tuned on a skewed validation split pick the wrong trial.
constexpr double kBalanceTolerance = 5.0;
// A split holding less than this share of the assigned rows is too small to measure anything.
constexpr double kMinSplitShare = 0.02;

}  // namespace

SplitPanel::SplitPanel(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_spec(session->splitSpec())
{
    buildUi();
    connect(m_session, &WorkbenchSession::datasetChanged, this, &SplitPanel::onDatasetChanged);
    connect(m_session, &WorkbenchSession::splitSpecChanged, this,
            &SplitPanel::onSessionSpecChanged);
    onDatasetChanged();
}

SplitPanel::~SplitPanel()
{
    if (m_latest)
        m_latest->store(0);  // lets a running count stop early
    if (m_exportWatcher->isRunning()) {
        m_exportWatcher->cancel();
        m_exportWatcher->waitForFinished();
    }
}

void SplitPanel::buildUi()
{
    // ---- Left: the lots -------------------------------------------------------------------------
    auto *lotsBox = new QGroupBox(tr("Lots"), this);
    auto *form = new QFormLayout;
    m_lotCount = new QSpinBox(lotsBox);
    m_lotCount->setObjectName("lotCount");
    m_lotCount->setRange(2, SplitSpec::kMaxLots);
    m_lotCount->setToolTip(tr("Number of hash lots: MOD(ABS(FARM_FINGERPRINT(…)), N). Up to %1 "
                              "lots are shown as a grid.")
                               .arg(LotGridWidget::kMaxCells));
    m_hashColumn = new QComboBox(lotsBox);
    m_hashColumn->setObjectName("hashColumn");
    m_hashColumn->setToolTip(
        tr("What the fingerprint hashes: the whole row as TO_JSON_STRING, or "
           "one column cast to STRING"));
    form->addRow(tr("&Number of lots:"), m_lotCount);
    form->addRow(tr("&Hash:"), m_hashColumn);

    auto *paintRow = new QHBoxLayout;
    paintRow->addWidget(new QLabel(tr("Click:"), lotsBox));
    m_paintGroup = new QButtonGroup(this);
    const std::pair<int, QString> paints[] = {{-1, tr("Cycle (C)")},
                                              {LotGridWidget::Training, tr("Training (1)")},
                                              {LotGridWidget::Validation, tr("Validation (2)")},
                                              {LotGridWidget::Testing, tr("Testing (3)")},
                                              {LotGridWidget::Unassigned, tr("None (0)")}};
    const char *const keys[] = {"C", "1", "2", "3", "0"};
    for (size_t i = 0; i < std::size(paints); ++i) {
        auto *radio = new QRadioButton(paints[i].second, lotsBox);
        radio->setObjectName(QStringLiteral("paint%1").arg(paints[i].first + 1));
        radio->setToolTip(tr("What clicking or dragging over a lot does (key %1)").arg(keys[i]));
        // QButtonGroup ids must not be -1 (that asks for an automatic id): store paint + 1.
        m_paintGroup->addButton(radio, paints[i].first + 1);
        paintRow->addWidget(radio);
        auto *shortcut = new QShortcut(QKeySequence(QString::fromLatin1(keys[i])), this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, radio, &QRadioButton::click);
    }
    paintRow->addStretch();
    m_paintGroup->button(0)->setChecked(true);

    m_grid = new LotGridWidget(lotsBox);
    m_grid->setObjectName("lotGrid");
    m_gridNote = new QLabel(lotsBox);
    m_gridNote->setWordWrap(true);
    m_gridNote->setText(
        tr("More than %1 lots: edit the lot lists below.").arg(LotGridWidget::kMaxCells));

    auto *lists = new QFormLayout;
    for (int s = 0; s < 3; ++s) {
        auto *edit = new QLineEdit(lotsBox);
        edit->setObjectName(QStringLiteral("%1Lots").arg(QLatin1String(kSplitKeys[s])));
        edit->setToolTip(tr("Lots of the %1 split: lots and ranges separated by commas, e.g. "
                            "\"1-4\", \"8\", \"<3\", \">=9\"")
                             .arg(splitTitle(s).toLower()));
        m_lotEdits[size_t(s)] = edit;
        auto *swatch = new QLabel(lotsBox);
        swatch->setFixedSize(12, 12);
        swatch->setStyleSheet(
            QStringLiteral("background:%1;").arg(ChartStyle::splitColor(s).name()));
        auto *row = new QHBoxLayout;
        row->addWidget(swatch);
        row->addWidget(edit, 1);
        lists->addRow(tr("%1 lots:").arg(splitTitle(s)), row);
        connect(edit, &QLineEdit::textEdited, this, &SplitPanel::onLotTextEdited);
    }
    m_status = new QLabel(lotsBox);
    m_status->setObjectName("status");
    m_status->setWordWrap(true);
    m_warningLabel = new QLabel(lotsBox);
    m_warningLabel->setObjectName("warnings");
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setStyleSheet("color:#b04000;");
    m_warningLabel->setTextFormat(Qt::PlainText);

    auto *lotsLayout = new QVBoxLayout(lotsBox);
    lotsLayout->addLayout(form);
    lotsLayout->addLayout(paintRow);
    lotsLayout->addWidget(m_grid);
    lotsLayout->addWidget(m_gridNote);
    lotsLayout->addLayout(lists);
    lotsLayout->addWidget(m_status);
    lotsLayout->addWidget(m_warningLabel);
    lotsLayout->addStretch();

    // ---- Right: balance, queries, export --------------------------------------------------------
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName("tabs");

    auto *balance = new QWidget(tabs);
    m_model = new SplitCountsModel(this);
    m_table = new QTableView(balance);
    m_table->setObjectName("countsTable");
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_chart = new ClassDistributionChart(balance);
    m_chart->setObjectName("balanceChart");
    m_chart->setTitle(tr("Class balance per split"));
    m_chart->setShowPercent(true);
    auto *balanceLayout = new QVBoxLayout(balance);
    balanceLayout->addWidget(m_table);
    balanceLayout->addWidget(m_chart, 1);
    tabs->addTab(balance, tr("&Balance"));

    auto *queries = new QWidget(tabs);
    auto *queriesLayout = new QVBoxLayout(queries);
    auto *tableRow = new QFormLayout;
    const std::string &cloudTable = m_session->cloudSettings().bigQueryTable;
    m_tableName = new QLineEdit(cloudTable.empty() ? QStringLiteral("covertype_dataset.covertype")
                                                   : QString::fromStdString(cloudTable),
                                queries);
    m_tableName->setObjectName("tableName");
    m_tableName->setToolTip(tr("BigQuery table: dataset.table or project.dataset.table"));
    tableRow->addRow(tr("&Table:"), m_tableName);
    queriesLayout->addLayout(tableRow);
    connect(m_tableName, &QLineEdit::textChanged, this, &SplitPanel::updateSql);
    // A table set in the Cloud settings replaces the one shown, unless the user typed another.
    connect(m_session, &WorkbenchSession::cloudSettingsChanged, this,
            [this, shown = cloudTable]() mutable {
                const std::string &table = m_session->cloudSettings().bigQueryTable;
                const std::string typed = m_tableName->text().trimmed().toStdString();
                if (!table.empty() && (typed == shown || shown.empty()))
                    m_tableName->setText(QString::fromStdString(table));
                shown = table;
            });
    // These queries run in BigQuery, their row counts beside the local preview's.
    queriesLayout->addWidget(new BigQuerySplitter(
        m_session,
        [this] {
            BigQuerySplitter::Request request;
            request.table = m_tableName->text().trimmed().toStdString();
            request.spec = m_spec;
            if (const auto local = counts())
                request.localRows = {int64_t((*local)[0].rows), int64_t((*local)[1].rows),
                                     int64_t((*local)[2].rows)};
            return request;
        },
        queries));
    for (int s = 0; s < 3; ++s) {
        auto *head = new QHBoxLayout;
        head->addWidget(new QLabel(tr("%1 query").arg(splitTitle(s)), queries), 1);
        auto *copy = new QPushButton(tr("Copy"), queries);
        copy->setObjectName(QStringLiteral("copy_%1").arg(QLatin1String(kSplitKeys[s])));
        copy->setToolTip(tr("Copy the %1 query to the clipboard").arg(splitTitle(s).toLower()));
        head->addWidget(copy);
        auto *sql = new QPlainTextEdit(queries);
        sql->setObjectName(QStringLiteral("sql_%1").arg(QLatin1String(kSplitKeys[s])));
        sql->setReadOnly(true);
        sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        sql->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        m_sql[size_t(s)] = sql;
        connect(copy, &QPushButton::clicked, this, [this, sql, copy, s] {
            QGuiApplication::clipboard()->setText(sql->toPlainText());
            copy->setText(tr("Copied ✓"));
            QTimer::singleShot(1500, copy, [copy] { copy->setText(tr("Copy")); });
            m_session->log(
                QtInfoMsg,
                tr("Copied the %1 query to the clipboard.").arg(splitTitle(s).toLower()));
        });
        queriesLayout->addLayout(head);
        queriesLayout->addWidget(sql, 1);
    }
    tabs->addTab(queries, tr("Big&Query"));

    auto *exporting = new QWidget(tabs);
    auto *exportLayout = new QVBoxLayout(exporting);
    auto *exportHelp = new QLabel(
        tr("Writes datasets/training, datasets/validation and datasets/testing (data.csv each) "
           "and split.json into a directory, as the course pipeline reads them."),
        exporting);
    exportHelp->setWordWrap(true);
    m_exportButton = new QPushButton(tr("&Export Split…"), exporting);
    m_exportButton->setObjectName("exportButton");
    m_exportButton->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportButton->setToolTip(tr("Export the split of the open dataset (Ctrl+E)"));
    m_cancelButton = new QPushButton(tr("Cancel"), exporting);
    m_cancelButton->setObjectName("cancelExport");
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(exporting);
    m_progress->setObjectName("exportProgress");
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_exportStatus = new QLabel(exporting);
    m_exportStatus->setObjectName("exportStatus");
    m_exportStatus->setWordWrap(true);
    m_exportStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();
    exportLayout->addWidget(exportHelp);
    exportLayout->addLayout(buttons);
    exportLayout->addWidget(m_progress);
    exportLayout->addWidget(m_exportStatus);
    exportLayout->addStretch();
    tabs->addTab(exporting, tr("E&xport"));

    m_exportWatcher = new QFutureWatcher<Expected<SplitSummary>>(this);
    connect(m_exportButton, &QPushButton::clicked, this, &SplitPanel::chooseExportDirectory);
    connect(m_cancelButton, &QPushButton::clicked, m_exportWatcher, &QFutureWatcherBase::cancel);
    connect(m_exportWatcher, &QFutureWatcherBase::progressValueChanged, m_progress,
            &QProgressBar::setValue);
    connect(m_exportWatcher, &QFutureWatcherBase::finished, this, &SplitPanel::finishExport);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(lotsBox, 0);
    layout->addWidget(tabs, 1);

    connect(m_lotCount, &QSpinBox::valueChanged, this, &SplitPanel::onLotCountOrColumnChanged);
    connect(m_hashColumn, &QComboBox::currentIndexChanged, this,
            &SplitPanel::onLotCountOrColumnChanged);
    connect(m_grid, &LotGridWidget::assignmentChanged, this, &SplitPanel::onGridChanged);
    connect(m_paintGroup, &QButtonGroup::idClicked, m_grid,
            [this](int id) { m_grid->setPaintSplit(id - 1); });
}

std::optional<std::array<SplitCounts, 4>> SplitPanel::counts() const
{
    if (!m_tally || m_tally->numLots != m_spec.numLots || m_tally->hashColumn != m_spec.hashColumn)
        return std::nullopt;
    std::array<SplitCounts, 4> result;
    std::vector<int> none;
    std::set<int> assigned;
    for (int s = 0; s < 3; ++s) {
        result[size_t(s)] = countLots(*m_tally, lotsOf(m_spec, s));
        assigned.insert(lotsOf(m_spec, s).begin(), lotsOf(m_spec, s).end());
    }
    for (int lot = 0; lot < m_spec.numLots; ++lot)
        if (!assigned.contains(lot))
            none.push_back(lot);
    result[3] = countLots(*m_tally, none);
    result[3].rows += m_tally->noLotRows;
    return result;
}

bool SplitPanel::isExporting() const
{
    return m_exportWatcher->isRunning();
}

void SplitPanel::onDatasetChanged()
{
    const auto dataset = m_session->dataset();
    const QSignalBlocker blocker(m_hashColumn);
    m_hashColumn->clear();
    m_hashColumn->addItem(tr("Whole row (TO_JSON_STRING)"), QString());
    if (dataset)
        for (const auto &column : dataset->columns())
            m_hashColumn->addItem(QString::fromStdString(column.name),
                                  QString::fromStdString(column.name));
    m_exportButton->setEnabled(dataset != nullptr);
    startCounting();
    refresh(true);
}

void SplitPanel::onSessionSpecChanged()
{
    if (m_updating || m_session->splitSpec() == m_spec)
        return;
    m_parkedLots = {};  // another split replaces this one: nothing to give back
    setSpec(m_session->splitSpec());
}

void SplitPanel::startCounting()
{
    const quint64 generation = ++m_generation;
    m_tally.reset();
    const auto dataset = m_session->dataset();
    if (!dataset) {
        m_countingGeneration = 0;
        m_countLots = 0;
        return;
    }
    m_countingGeneration = generation;
    m_countLots = m_spec.numLots;
    m_countColumn = m_spec.hashColumn;
    const int numLots = m_spec.numLots;
    const std::string column = m_spec.hashColumn;
    // The worker polls this so a count made stale by a newer edit stops early.
    auto latest = std::make_shared<std::atomic<quint64>>(generation);
    m_latest = latest;
    whenFinished(
        this, QtConcurrent::run([dataset, numLots, column, latest, generation] {
            return tallyLots(*dataset, numLots, column,
                             [latest, generation](double) { return latest->load() == generation; });
        }),
        [this, generation](Expected<LotTally> tally) {
            if (generation != m_generation)
                return;  // a newer dataset, lot count or hash column is being counted
            m_countingGeneration = 0;
            if (!tally) {
                const QString message = tr("Cannot compute the lots: %1")
                                            .arg(QString::fromStdString(tally.error().message));
                m_status->setText(message);
                m_session->log(QtWarningMsg, message);
                refresh(false);
                return;
            }
            m_tally = std::move(*tally);
            refresh(false);
            emit countsUpdated();
        });
}

void SplitPanel::onLotCountOrColumnChanged()
{
    SplitSpec spec = m_spec;
    spec.numLots = m_lotCount->value();
    spec.hashColumn = m_hashColumn->currentData().toString().toStdString();
    // Lots past the new count cannot exist: they are kept aside, not lost, and come back when
    // the count grows again (unless the user has put that lot elsewhere meanwhile).
    const auto assigned = [&spec](int lot) {
        for (int s = 0; s < 3; ++s)
            if (std::ranges::find(lotsOf(spec, s), lot) != lotsOf(spec, s).end())
                return true;
        return false;
    };
    for (int s = 0; s < 3; ++s) {
        std::vector<int> &parked = m_parkedLots[size_t(s)];
        std::vector<int> &lots = lotsOf(spec, s);
        std::erase_if(parked, [&](int lot) {
            if (lot >= spec.numLots)
                return false;
            if (!assigned(lot))
                lots.push_back(lot);
            return true;
        });
        for (int lot : lots)
            if (lot >= spec.numLots)
                parked.push_back(lot);
        std::erase_if(lots, [&](int lot) { return lot >= spec.numLots; });
        std::ranges::sort(lots);
        std::ranges::sort(parked);
    }
    setSpec(spec);
}

void SplitPanel::onGridChanged()
{
    SplitSpec spec = m_spec;
    for (int s = 0; s < 3; ++s)
        lotsOf(spec, s).clear();
    const auto &assignment = m_grid->assignment();
    for (size_t lot = 0; lot < assignment.size(); ++lot)
        if (assignment[lot] != LotGridWidget::Unassigned)
            lotsOf(spec, assignment[lot] - 1).push_back(int(lot));
    setSpec(spec);
}

void SplitPanel::onLotTextEdited()
{
    SplitSpec spec = m_spec;
    QStringList errors;
    for (int s = 0; s < 3; ++s) {
        const QString text = m_lotEdits[size_t(s)]->text().trimmed();
        if (text.isEmpty()) {
            lotsOf(spec, s).clear();
            continue;
        }
        auto lots = SplitSpec::parseLots(text.toStdString(), spec.numLots);
        if (!lots) {
            errors << tr("%1 lots: %2")
                          .arg(splitTitle(s), QString::fromStdString(lots.error().message));
            continue;
        }
        lotsOf(spec, s) = std::move(*lots);
    }
    if (!errors.isEmpty()) {
        // Keep the last good split while the user is still typing.
        m_warningLabel->setText(errors.join(u'\n'));
        return;
    }
    setSpec(spec, true);
}

void SplitPanel::setSpec(const SplitSpec &spec, bool fromText)
{
    const bool changed = !(spec == m_spec);
    m_spec = spec;
    if (changed && !isExporting() && m_progress->value() > 0) {
        // The last export's "done" no longer describes this split.
        m_progress->setValue(0);
        m_exportStatus->setText(tr("The split has changed since the export to %1.")
                                    .arg(QDir::toNativeSeparators(m_exportDir)));
    }
    if (m_session->dataset() && (spec.numLots != m_countLots || spec.hashColumn != m_countColumn))
        startCounting();
    refresh(!fromText);
    if (m_spec.validate()) {
        m_updating = true;
        m_session->setSplitSpec(m_spec);
        m_updating = false;
    }
}

void SplitPanel::refresh(bool updateTexts)
{
    {
        const QSignalBlocker blockSpin(m_lotCount);
        const QSignalBlocker blockColumn(m_hashColumn);
        m_lotCount->setValue(m_spec.numLots);
        const QString column = QString::fromStdString(m_spec.hashColumn);
        int index = m_hashColumn->findData(column);
        if (index < 0) {  // a column the dataset lacks (the spec came from elsewhere)
            m_hashColumn->addItem(column, column);
            index = m_hashColumn->count() - 1;
        }
        m_hashColumn->setCurrentIndex(index);
    }
    if (updateTexts)
        for (int s = 0; s < 3; ++s)
            m_lotEdits[size_t(s)]->setText(
                QString::fromStdString(SplitSpec::formatLots(lotsOf(m_spec, s))));

    std::vector<int> assignment(size_t(m_spec.numLots), LotGridWidget::Unassigned);
    for (int s = 0; s < 3; ++s)
        for (const int lot : lotsOf(m_spec, s))
            if (lot >= 0 && lot < m_spec.numLots)
                assignment[size_t(lot)] = s + 1;
    const bool gridShown = m_spec.numLots <= LotGridWidget::kMaxCells;
    m_grid->setVisible(gridShown);
    m_gridNote->setVisible(!gridShown);
    if (gridShown)
        m_grid->setAssignment(assignment);

    QStringList warnings;
    for (int s = 0; s < 3; ++s)
        if (lotsOf(m_spec, s).empty())
            warnings << tr("The %1 split is empty: assign it at least one lot.")
                            .arg(splitTitle(s).toLower());
    // One warning per problem: an empty split is said above, in the user's words.
    if (const auto valid = m_spec.validate(); !valid && warnings.isEmpty())
        warnings << tr("Invalid split: %1").arg(QString::fromStdString(valid.error().message));
    QStringList parked;
    for (int s = 0; s < 3; ++s)
        for (const int lot : m_parkedLots[size_t(s)])
            parked << tr("lot %1 (%2)").arg(lot).arg(splitTitle(s).toLower());
    if (!parked.isEmpty())
        warnings << tr("Kept aside until there are more lots again: %1.")
                        .arg(parked.join(QStringLiteral(", ")));

    const auto dataset = m_session->dataset();
    const auto splitCounts = counts();
    std::array<int, 4> lotCounts{};
    for (int s = 0; s < 3; ++s)
        lotCounts[size_t(s)] = int(lotsOf(m_spec, s).size());
    lotCounts[3] = int(std::count(assignment.begin(), assignment.end(), 0));
    if (!dataset) {
        m_status->setText(tr("Open a dataset in the Data stage to see the rows of each split."));
        m_model->clear();
        m_chart->clear();
    } else if (!splitCounts) {
        m_status->setText(m_countingGeneration ? tr("Counting the rows of each lot…")
                                               : m_status->text());
        m_model->clear();
    } else {
        const QLocale locale;
        m_grid->setLotRows(m_tally->rows);
        m_model->setCounts(*splitCounts, lotCounts);
        QString status = tr("%1 rows in %2 lots")
                             .arg(locale.toString(qulonglong(dataset->rowCount())))
                             .arg(m_spec.numLots);
        if ((*splitCounts)[3].rows)
            status += tr("; %1 rows in no split")
                          .arg(locale.toString(qulonglong((*splitCounts)[3].rows)));
        m_status->setText(status + u'.');

        std::vector<std::pair<std::string, std::map<int64_t, size_t>>> groups;
        QStringList names;
        std::map<int64_t, size_t> all;
        size_t assignedRows = 0;
        for (int s = 0; s < 3; ++s) {
            groups.emplace_back(kSplitKeys[s], (*splitCounts)[size_t(s)].classCounts);
            names << splitTitle(s);
            assignedRows += (*splitCounts)[size_t(s)].rows;
        }
        for (const auto &perLot : m_tally->classCounts)
            for (const auto &[label, n] : perLot)
                all[label] += n;
        if (m_tally->hasLabel)
            m_chart->setDistribution(classDistribution(groups), names);
        else
            m_chart->clear();

        size_t allRows = 0;
        for (const auto &[label, n] : all)
            allRows += n;
        for (int s = 0; s < 3; ++s) {
            const SplitCounts &c = (*splitCounts)[size_t(s)];
            const QString name = splitTitle(s).toLower();
            if (!lotsOf(m_spec, s).empty() && c.rows == 0) {
                warnings << tr("The %1 split has no rows: its lots are empty.").arg(name);
                continue;
            }
            if (c.rows == 0)
                continue;
            if (assignedRows && double(c.rows) < kMinSplitShare * double(assignedRows))
                warnings << tr("The %1 split holds only %2% of the assigned rows.")
                                .arg(name)
                                .arg(locale.toString(100.0 * double(c.rows) / double(assignedRows),
                                                     'f', 1));
            if (!m_tally->hasLabel)
                continue;
            QStringList missing;
            double worst = 0;
            int64_t worstClass = 0;
            for (const auto &[label, n] : all) {
                const auto it = c.classCounts.find(label);
                const size_t inSplit = it == c.classCounts.end() ? 0 : it->second;
                if (inSplit == 0)
                    missing << ChartStyle::coverTypeName(label);
                const double drift = 100.0 * std::abs(double(inSplit) / double(c.rows) -
                                                      double(n) / double(allRows));
                if (drift > worst) {
                    worst = drift;
                    worstClass = label;
                }
            }
            if (!missing.isEmpty())
                warnings << tr("The %1 split lacks %2.").arg(name, missing.join(tr(", ")));
            if (worst > kBalanceTolerance)
                warnings << tr("The %1 split is unbalanced: %2 differs from the whole table by "
                               "%3 percentage points.")
                                .arg(name, ChartStyle::coverTypeName(worstClass))
                                .arg(locale.toString(worst, 'f', 1));
        }
    }
    m_warnings = warnings;
    m_warningLabel->setText(warnings.join(u'\n'));
    m_warningLabel->setVisible(!warnings.isEmpty());
    updateSql();
}

void SplitPanel::updateSql()
{
    const std::string table = m_tableName->text().trimmed().toStdString();
    for (int s = 0; s < 3; ++s) {
        const auto sql = splitSql(table, m_spec, kSplitKeys[s]);
        m_sql[size_t(s)]->setPlainText(
            sql ? QString::fromStdString(*sql)
                : tr("-- No query: %1").arg(QString::fromStdString(sql.error().message)));
    }
}

void SplitPanel::chooseExportDirectory()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Export Split To"),
        m_exportDir.isEmpty() ? lastFolder(FileKind::Export) : m_exportDir);
    if (dir.isEmpty())
        return;
    rememberFolder(FileKind::Export, dir, true);
    exportTo(dir);
}

void SplitPanel::exportTo(const QString &directory)
{
    const auto dataset = m_session->dataset();
    if (!dataset || isExporting())
        return;
    if (const auto valid = m_spec.validate(); !valid) {
        const QString message = tr("Cannot export an invalid split: %1")
                                    .arg(QString::fromStdString(valid.error().message));
        m_exportStatus->setText(message);
        m_session->log(QtWarningMsg, message);
        emit exportFinished(false, message);
        return;
    }
    m_exportDir = directory;
    const SplitSpec spec = m_spec;
    const std::string outDir = QDir::toNativeSeparators(directory).toStdString();
    m_exportStatus->setText(tr("Exporting to %1…").arg(QDir::toNativeSeparators(directory)));
    m_progress->setValue(0);
    m_exportButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_exportWatcher->setFuture(
        QtConcurrent::run([dataset, spec, outDir](QPromise<Expected<SplitSummary>> &promise) {
            promise.setProgressRange(0, 1000);
            auto result = exportSplit(*dataset, spec, outDir, [&promise](double fraction) {
                promise.setProgressValue(int(fraction * 1000));
                return !promise.isCanceled();
            });
            promise.addResult(std::move(result));
        }));
}

void SplitPanel::finishExport()
{
    m_exportButton->setEnabled(m_session->dataset() != nullptr);
    m_cancelButton->setEnabled(false);
    const auto future = m_exportWatcher->future();
    const QString dir = QDir::toNativeSeparators(m_exportDir);
    QString message;
    bool ok = false;
    if (future.resultCount() == 0 || future.isCanceled()) {
        message = tr("Export to %1 cancelled.").arg(dir);
    } else if (const auto &result = future.result(); !result) {
        message = result.error().code == ErrorCode::Cancelled
                      ? tr("Export to %1 cancelled.").arg(dir)
                      : tr("Export to %1 failed: %2")
                            .arg(dir, QString::fromStdString(result.error().message));
    } else {
        const QLocale locale;
        ok = true;
        message = tr("Exported the split to %1: %2 training, %3 validation, %4 testing rows.")
                      .arg(dir, locale.toString(qulonglong(result->training.rows)),
                           locale.toString(qulonglong(result->validation.rows)),
                           locale.toString(qulonglong(result->testing.rows)));
        m_progress->setValue(1000);
    }
    m_exportStatus->setText(message);
    m_session->log(ok ? QtInfoMsg : QtWarningMsg, message);
    emit exportFinished(ok, message);
}

}  // namespace covertype::ui
