// The first page of the workbench; see welcomepage.h.
#include "welcomepage.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace covertype::ui {

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 40, 48, 40);
    layout->setSpacing(14);

    auto *title = new QLabel(tr("Covertype Workbench"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    auto *intro = new QLabel(
        tr("Browse the Covertype table, preview BigQuery hash splits, edit the tuning config, "
           "tune and train locally, and deploy the best model, with the course's formats.\n\n"
           "Open the lab CSV or the original UCI covtype.data (plain, .gz or .zip), or drop a "
           "data or config file anywhere on the window."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *open = new QPushButton(tr("Open Data File…"), this);
    open->setObjectName(QStringLiteral("openDataButton"));
    open->setToolTip(tr("Open a CSV or UCI covtype file (Ctrl+O)"));
    open->setMinimumHeight(36);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    auto *row = new QHBoxLayout;
    row->addWidget(open);
    row->addStretch();
    layout->addLayout(row);

    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("No data yet? Download the full UCI Covertype archive "
                                    "(581,012 rows, about 11 MB; kept in your data folder so it "
                                    "is fetched once):"),
                                 this));
    auto *downloadRow = new QHBoxLayout;
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("downloadUrl"));
    m_url->setToolTip(tr("The archive's address; change it to use a mirror"));
    m_download = new QPushButton(tr("&Download"), this);
    m_download->setObjectName(QStringLiteral("downloadButton"));
    m_download->setToolTip(
        tr("Fetch the archive over HTTPS, verify it and open it (cancel in the status bar)"));
    connect(m_download, &QPushButton::clicked, this,
            [this] { emit downloadRequested(m_url->text().trimmed()); });
    connect(m_url, &QLineEdit::returnPressed, m_download, &QPushButton::click);
    downloadRow->addWidget(m_url, 1);
    downloadRow->addWidget(m_download);
    layout->addLayout(downloadRow);
    m_downloadState = new QLabel(this);
    m_downloadState->setObjectName(QStringLiteral("downloadState"));
    m_downloadState->setWordWrap(true);
    m_downloadState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_downloadState->hide();
    layout->addWidget(m_downloadState);

    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("Recent files"), this));
    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("recentList"));
    m_recent->setMaximumHeight(180);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        emit recentRequested(item->data(Qt::UserRole).toString());
    });
    layout->addWidget(m_recent);
    layout->addStretch();
}

void WelcomePage::setDownload(const QString &url, bool available)
{
    m_url->setText(url);
    m_download->setEnabled(available);
    if (!available)
        m_download->setToolTip(tr("This build cannot download; open a file instead"));
}

void WelcomePage::setDownloadState(const QString &text, bool busy)
{
    m_downloadState->setText(text);
    m_downloadState->setVisible(!text.isEmpty());
    m_download->setEnabled(!busy);
    m_url->setReadOnly(busy);
}

void WelcomePage::setRecentFiles(const QStringList &paths)
{
    m_recent->clear();
    for (const QString &path : paths) {
        auto *item = new QListWidgetItem(
            tr("%1 — %2").arg(QFileInfo(path).fileName(), QFileInfo(path).absolutePath()),
            m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    if (paths.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No recent files"), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

}  // namespace covertype::ui
