// `covertype-workbench --screenshots DIR`: shows every stage with the data open and saves a PNG of
// the window for each, then quits. Before the Runs shot it runs the course pipeline, before the
// Deploy shot it deploys the pipeline's model and sends the query form, so every stage shows real
// results. scripts/screenshots.sh runs it under xvfb-run for the docs.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

namespace covertype::ui {
class MainWindow;
class WorkbenchSession;
}  // namespace covertype::ui

namespace covertype::app {

class ScreenshotTour : public QObject
{
    Q_OBJECT

public:
    /// Saves the welcome page as 0-welcome.png, then opens `dataPath` and, once the session has
    /// it, shows and saves each of `stages` (1-data.png, ...), then quits the application.
    ScreenshotTour(ui::MainWindow &window, ui::WorkbenchSession &session, QString dir,
                   QStringList stages, const QString &dataPath);

private:
    void next();
    void grab();
    /// Clicks the button named `button` (if it is enabled) and calls grab() once `signal` of the
    /// object `T` fires or after `timeoutMs`.
    template <typename T, typename Signal>
    void actThenGrab(const char *button, Signal signal, int timeoutMs);

    ui::MainWindow &m_window;
    QString m_dir;
    QStringList m_stages;
    int m_index = -1;
    bool m_waiting = false;
    bool m_started = false;
};

}  // namespace covertype::app
