#include "cloudtasks/bigqueryloader.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

#include "cloudsetup/cloudprovider.h"
#include "cloudtasks/cloudtaskbar.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

}  // namespace

BigQueryLoader::BigQueryLoader(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent),
      m_session(session),
      m_bar(new CloudTaskBar(session, tr("Load into &BigQuery…"), this))
{
    setObjectName(QStringLiteral("bigQueryLoader"));
    m_bar->startButton()->setObjectName(QStringLiteral("loadIntoBigQuery"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    connect(m_bar, &CloudTaskBar::startClicked, this, &BigQueryLoader::askAndLoad);
    connect(m_bar, &CloudTaskBar::runningChanged, this, &BigQueryLoader::updateAvailability);
    connect(m_session, &WorkbenchSession::datasetChanged, this,
            &BigQueryLoader::updateAvailability);
    connect(m_session, &WorkbenchSession::cloudSettingsChanged, this,
            &BigQueryLoader::updateAvailability);
    updateAvailability();
}

QLabel *BigQueryLoader::statusLabel() const
{
    return m_bar->statusLabel();
}

void BigQueryLoader::updateAvailability()
{
    setVisible(m_session->cloudProvider() != nullptr);
    const CloudSettings &settings = m_session->cloudSettings();
    const auto ready = requireForBigQuery(settings);
    QPushButton *button = m_bar->startButton();
    if (!m_bar->isRunning())
        button->setEnabled(m_session->dataset() != nullptr);
    button->setToolTip(
        ready ? tr("Load the open table into BigQuery as %1 (staged under %2)")
                    .arg(qs(settings.bigQueryTable), qs(settings.gcsRoot))
              : tr("Load the open table into BigQuery: first %1 (Cloud Settings, Ctrl+,)")
                    .arg(qs(ready.error().message)));
}

void BigQueryLoader::askAndLoad()
{
    const auto data = m_session->dataset();
    const CloudSettings &settings = m_session->cloudSettings();
    if (!data)
        return;
    if (auto ready = requireForBigQuery(settings); !ready) {
        m_bar->showOutcome(tr("Cannot load into BigQuery: %1 (Cloud Settings, Ctrl+,)")
                               .arg(qs(ready.error().message)),
                           false);
        emit finished(false);
        return;
    }
    const QString title = tr("Load into BigQuery");
    const QString question =
        tr("Replace the BigQuery table %1 with the %2 rows of %3?")
            .arg(qs(settings.bigQueryTable), QLocale().toString(qulonglong(data->rowCount())),
                 QFileInfo(m_session->datasetPath()).fileName());
    const bool yes = m_confirm ? m_confirm(title, question)
                               : QMessageBox::question(this, title, question) == QMessageBox::Yes;
    if (yes)
        load();
}

void BigQueryLoader::load()
{
    const auto data = m_session->dataset();
    CloudProvider *provider = m_session->cloudProvider();
    if (!data || !provider || m_bar->isRunning())
        return;
    const CloudSettings settings = m_session->cloudSettings();
    m_bar->run<BigQueryLoadReport>(
        tr("Loading %1 rows into %2…")
            .arg(QLocale().toString(qulonglong(data->rowCount())), qs(settings.bigQueryTable)),
        [provider, settings, data](const BigQueryWorkProgress &progress, std::stop_token stop) {
            return provider->loadIntoBigQuery(settings, *data, progress, stop);
        },
        [this](const Expected<BigQueryLoadReport> &report) { showResult(report); });
}

void BigQueryLoader::showResult(const Expected<BigQueryLoadReport> &report)
{
    if (!report) {
        m_bar->showOutcome(
            report.error().code == ErrorCode::Cancelled
                ? tr("Loading into BigQuery was cancelled.")
                : tr("Loading into BigQuery failed: %1").arg(qs(report.error().message)),
            false);
        emit finished(false);
        return;
    }
    m_bar->showOutcome(
        tr("Loaded %1 rows into %2 (job %3); BigQuery counts as many as the file.")
            .arg(QLocale().toString(qlonglong(report->rows)), qs(report->table), qs(report->job)),
        true);
    emit finished(true);
}

}  // namespace covertype::ui
