#include "cloudtasks/bigquerysplitter.h"

#include <algorithm>

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "cloudsetup/cloudprovider.h"
#include "cloudtasks/cloudtaskbar.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

enum ResultColumn { SplitColumn, LocalColumn, BigQueryColumn, DifferenceColumn, UriColumn };

}  // namespace

BigQuerySplitter::BigQuerySplitter(WorkbenchSession *session, std::function<Request()> request,
                                   QWidget *parent)
    : QWidget(parent),
      m_session(session),
      m_request(std::move(request)),
      m_bar(new CloudTaskBar(session, tr("Split &in BigQuery"), this)),
      m_results(new QTableWidget(0, 5, this))
{
    setObjectName(QStringLiteral("bigQuerySplitter"));
    m_bar->startButton()->setObjectName(QStringLiteral("splitInBigQuery"));
    m_results->setObjectName(QStringLiteral("bigQueryCounts"));
    m_results->setHorizontalHeaderLabels(
        {tr("Split"), tr("Local preview"), tr("BigQuery"), tr("Difference"), tr("Exported to")});
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Every row and column in view: the counts fit, the long gs:// URIs are elided in the middle
    // (whole in their tooltips).
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_results->horizontalHeader()->setSectionResizeMode(UriColumn, QHeaderView::Stretch);
    m_results->setTextElideMode(Qt::ElideMiddle);
    m_results->setWordWrap(false);
    m_results->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_results->verticalHeader()->setDefaultSectionSize(m_results->fontMetrics().height() + 8);
    m_results->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_bar->statusLabel());
    layout->addWidget(m_results);
    connect(m_bar, &CloudTaskBar::startClicked, this, &BigQuerySplitter::split);
    connect(m_session, &WorkbenchSession::cloudSettingsChanged, this,
            &BigQuerySplitter::updateAvailability);
    updateAvailability();
}

void BigQuerySplitter::updateAvailability()
{
    setVisible(m_session->cloudProvider() != nullptr);
    const CloudSettings &settings = m_session->cloudSettings();
    m_bar->startButton()->setToolTip(
        settings.gcsRoot.empty()
            ? tr("Run these queries in BigQuery: first set the Cloud Storage root (Cloud "
                 "Settings, Ctrl+,)")
            : tr("Run these queries in BigQuery, export each split to %1datasets/ and compare "
                 "BigQuery's row counts with the local preview's")
                  .arg(qs(settings.gcsRoot.ends_with('/') ? settings.gcsRoot
                                                          : settings.gcsRoot + "/")));
}

void BigQuerySplitter::split()
{
    CloudProvider *provider = m_session->cloudProvider();
    if (!provider || m_bar->isRunning())
        return;
    const Request request = m_request();
    if (auto valid = request.spec.validate(); !valid) {
        m_bar->showOutcome(tr("Cannot split in BigQuery: %1").arg(qs(valid.error().message)),
                           false);
        emit finished(false);
        return;
    }
    const CloudSettings settings = m_session->cloudSettings();
    m_bar->run<std::vector<BigQuerySplitPart>>(
        tr("Splitting %1 in BigQuery…").arg(qs(request.table)),
        [provider, settings, request](const BigQueryWorkProgress &progress, std::stop_token stop) {
            auto parts =
                provider->splitInBigQuery(settings, request.table, request.spec, progress, stop);
            if (parts && request.localRows)
                for (size_t i = 0; i < parts->size() && i < 3; ++i)
                    (*parts)[i].localRows = (*request.localRows)[i];
            return parts;
        },
        [this](const Expected<std::vector<BigQuerySplitPart>> &parts) { showResult(parts); });
}

void BigQuerySplitter::showResult(const Expected<std::vector<BigQuerySplitPart>> &parts)
{
    if (!parts) {
        m_bar->showOutcome(
            parts.error().code == ErrorCode::Cancelled
                ? tr("The split in BigQuery was cancelled.")
                : tr("The split in BigQuery failed: %1").arg(qs(parts.error().message)),
            false);
        emit finished(false);
        return;
    }
    const QLocale locale;
    const QColor mismatchBackground(0xfd, 0xe7, 0xe9);
    const std::array<QString, 3> names = {tr("Training"), tr("Validation"), tr("Testing")};
    m_results->setRowCount(int(parts->size()));
    QStringList differing;
    bool compared = false;
    for (int row = 0; row < int(parts->size()); ++row) {
        const BigQuerySplitPart &part = (*parts)[size_t(row)];
        const bool differs = part.localRows && *part.localRows != part.rows;
        compared = compared || part.localRows.has_value();
        const QString name = row < 3 ? names[size_t(row)] : qs(part.name);
        if (differs)
            differing << name.toLower();
        const auto cell = [&](int column, const QString &text, Qt::Alignment align) {
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(align | Qt::AlignVCenter);
            if (differs) {
                item->setBackground(mismatchBackground);
                item->setToolTip(tr("BigQuery counts %1 rows, the local preview %2")
                                     .arg(locale.toString(qlonglong(part.rows)),
                                          locale.toString(qlonglong(*part.localRows))));
            }
            m_results->setItem(row, column, item);
            return item;
        };
        cell(SplitColumn, name, Qt::AlignLeft);
        cell(LocalColumn, part.localRows ? locale.toString(qlonglong(*part.localRows)) : tr("—"),
             Qt::AlignRight);
        cell(BigQueryColumn, locale.toString(qlonglong(part.rows)), Qt::AlignRight)
            ->setToolTip(qs(part.table));
        const QString difference =
            !part.localRows ? tr("—")
            : differs       ? QStringLiteral("%1%2").arg(
                                  part.rows > *part.localRows ? QStringLiteral("+") : QString(),
                            locale.toString(qlonglong(part.rows - *part.localRows)))
                      : tr("none");
        QTableWidgetItem *diff = cell(DifferenceColumn, difference, Qt::AlignRight);
        if (differs) {
            QFont bold = diff->font();
            bold.setBold(true);
            diff->setFont(bold);
        }
        cell(UriColumn, qs(part.uri), Qt::AlignLeft)->setToolTip(qs(part.uri));
    }
    // The header's own size hint is not known before it is first shown.
    const int header = std::max(m_results->horizontalHeader()->sizeHint().height(),
                                m_results->fontMetrics().height() + 10);
    m_results->setFixedHeight(
        header + m_results->rowCount() * m_results->verticalHeader()->defaultSectionSize() +
        2 * m_results->frameWidth() + 2);
    m_results->show();
    m_mismatch = !differing.isEmpty();
    if (m_mismatch)
        m_bar->showOutcome(tr("BigQuery's row counts differ from the local preview's (%1): is "
                              "the table in BigQuery the open file?")
                               .arg(differing.join(tr(", "))),
                           false);
    else
        m_bar->showOutcome(compared ? tr("Split in BigQuery: the row counts match the local "
                                         "preview's; each split is exported.")
                                    : tr("Split in BigQuery: each split is exported (no local "
                                         "preview to compare with)."),
                           true);
    emit finished(true);
}

}  // namespace covertype::ui
