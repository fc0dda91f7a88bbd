// Saves a screenshot of every stage; see screenshottour.h.
#include "screenshottour.h"

#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QPushButton>
#include <QTimer>

#include <utility>

#include "deploy/deploypanel.h"
#include "deploy/querypanel.h"
#include "runs/runspanel.h"
#include "shell/mainwindow.h"
#include "shell/workbenchsession.h"

namespace covertype::app {

namespace {
// Long enough for background work a stage starts on showing (statistics, lots) to finish.
constexpr int kSettleMs = 2500;
// The course pipeline on 75k rows takes well under a second; deploying and querying less.
constexpr int kActionTimeoutMs = 60000;
}  // namespace

ScreenshotTour::ScreenshotTour(ui::MainWindow &window, ui::WorkbenchSession &session, QString dir,
                               QStringList stages, const QString &dataPath)
    : QObject(&window), m_window(window), m_dir(std::move(dir)), m_stages(std::move(stages))
{
    QDir().mkpath(m_dir);
    QTimer::singleShot(kSettleMs, this, [this, dataPath] {
        m_window.showStage(QStringLiteral("welcome"));
        const QString path = QDir(m_dir).filePath(QStringLiteral("0-welcome.png"));
        if (!m_window.grab().save(path))
            qWarning("could not save %s", qPrintable(path));
        m_window.openDataset(dataPath);
    });
    connect(&session, &ui::WorkbenchSession::datasetChanged, this, [this] {
        if (m_index < 0 && !m_started) {
            m_started = true;
            QTimer::singleShot(kSettleMs, this, &ScreenshotTour::next);
        }
    });
}

void ScreenshotTour::grab()
{
    const QString path =
        QDir(m_dir).filePath(QStringLiteral("%1-%2.png").arg(m_index + 1).arg(m_stages[m_index]));
    if (!m_window.grab().save(path))
        qWarning("could not save %s", qPrintable(path));
    next();
}

template <typename T, typename Signal>
void ScreenshotTour::actThenGrab(const char *button, Signal signal, int timeoutMs)
{
    auto *target = m_window.findChild<T *>();
    auto *push = m_window.findChild<QPushButton *>(QLatin1String(button));
    if (!target || !push || !push->isEnabled()) {
        qWarning("screenshots: %s is not available, taking the shot as it is", button);
        QTimer::singleShot(kSettleMs, this, &ScreenshotTour::grab);
        return;
    }
    m_waiting = true;
    auto done = [this] {
        if (!m_waiting)
            return;
        m_waiting = false;
        QTimer::singleShot(kSettleMs, this, &ScreenshotTour::grab);
    };
    connect(target, signal, this, done, Qt::SingleShotConnection);
    QTimer::singleShot(timeoutMs, this, done);
    push->click();
}

void ScreenshotTour::next()
{
    ++m_index;
    if (m_index >= m_stages.size()) {
        QApplication::quit();
        return;
    }
    const QString stage = m_stages[m_index];
    m_window.showStage(stage);
    if (stage == QLatin1String("runs")) {
        actThenGrab<ui::RunsPanel>("startPipeline", &ui::RunsPanel::runFinished, kActionTimeoutMs);
    } else if (stage == QLatin1String("deploy")) {
        // Deploy the pipeline's model, then send the query form to it.
        actThenGrab<ui::DeployPanel>("deployButton", &ui::DeployPanel::deployFinished,
                                     kActionTimeoutMs);
        auto *query = m_window.findChild<ui::QueryPanel *>();
        if (query && m_waiting) {
            connect(
                m_window.findChild<ui::DeployPanel *>(), &ui::DeployPanel::deployFinished, this,
                [this, query] {
                    if (auto *send = query->findChild<QPushButton *>(QStringLiteral("sendQuery")))
                        QTimer::singleShot(500, send, &QPushButton::click);
                },
                Qt::SingleShotConnection);
        }
    } else {
        QTimer::singleShot(kSettleMs, this, &ScreenshotTour::grab);
    }
}

}  // namespace covertype::app
