#include "cloudtasks/cloudtaskbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <atomic>

#include "shell/workbenchsession.h"

namespace covertype::ui {

CloudTaskBar::CloudTaskBar(WorkbenchSession *session, const QString &startText, QWidget *parent)
    : QWidget(parent),
      m_session(session),
      m_start(new QPushButton(startText, this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)),
      m_status(new QLabel(this))
{
    m_cancel->setEnabled(false);
    m_cancel->setObjectName(QStringLiteral("cancelTask"));
    m_progress->setObjectName(QStringLiteral("taskProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    m_status->setObjectName(QStringLiteral("taskStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_start);
    layout->addWidget(m_cancel);
    layout->addWidget(m_progress);
    layout->addStretch(1);
    m_status->hide();
    connect(m_start, &QPushButton::clicked, this, &CloudTaskBar::startClicked);
    connect(m_cancel, &QPushButton::clicked, this, &CloudTaskBar::cancel);
}

CloudTaskBar::~CloudTaskBar()
{
    if (m_stop)
        m_stop->request_stop();
    if (m_wait)
        m_wait();
}

QString CloudTaskBar::statusText() const
{
    return m_status->text();
}

void CloudTaskBar::cancel()
{
    if (!m_running || !m_stop)
        return;
    m_stop->request_stop();
    m_cancel->setEnabled(false);
    setStatus(tr("Cancelling…"));
}

void CloudTaskBar::showOutcome(const QString &text, bool ok)
{
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #b3261e;"));
    setStatus(text);
    m_session->log(ok ? QtInfoMsg : QtWarningMsg, text);
}

void CloudTaskBar::begin(const QString &what, std::shared_ptr<std::stop_source> stop)
{
    m_stop = std::move(stop);
    m_running = true;
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0);  // busy until an upload tells its size
    m_progress->show();
    m_status->setStyleSheet({});
    setStatus(what);
    m_session->log(QtInfoMsg, what);
    emit runningChanged(true);
}

void CloudTaskBar::end()
{
    m_running = false;
    m_start->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->hide();
    emit runningChanged(false);
}

void CloudTaskBar::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

BigQueryWorkProgress CloudTaskBar::workerProgress()
{
    // The destructor waits for the worker, so `this` outlives every post; a post still queued
    // when the bar goes is dropped with it.
    BigQueryWorkProgress progress;
    progress.step = [this](const std::string &line) {
        QMetaObject::invokeMethod(
            this,
            [this, text = QString::fromStdString(line)] {
                if (!m_running)
                    return;
                if (!m_stop->stop_requested())
                    setStatus(text);
                m_session->log(QtInfoMsg, text);
            },
            Qt::QueuedConnection);
    };
    auto shown = std::make_shared<std::atomic<int>>(-1);
    progress.transfer = [this, shown](int64_t done, int64_t total) {
        const int permille = total > 0 ? int(done * 1000 / total) : 0;
        if (shown->exchange(permille) == permille)
            return;
        QMetaObject::invokeMethod(
            this,
            [this, permille, total] {
                if (!m_running)
                    return;
                m_progress->setRange(0, 1000);
                m_progress->setValue(permille);
                // The jobs after the upload take no measurable share: busy again once done.
                if (permille >= 1000 || total <= 0)
                    m_progress->setRange(0, 0);
            },
            Qt::QueuedConnection);
    };
    return progress;
}

}  // namespace covertype::ui
