// A piece of cloud work a stage starts (load the open table into BigQuery, split it there): its
// button, Cancel, a progress bar (the bytes of an upload, else busy while jobs run), and a label
// with the latest step, then the outcome. The work runs off the GUI thread; every step also goes to
// the log. One task at a time per bar; destroying the bar cancels the task and waits for it.
#pragma once

#include <QFuture>
#include <QString>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <stop_token>

#include "base/error.h"
#include "base/whenfinished.h"
#include "cloudsetup/bigquerywork.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace covertype::ui {

class WorkbenchSession;

class CloudTaskBar : public QWidget
{
    Q_OBJECT

public:
    template <typename T>
    using Work = std::function<Expected<T>(const BigQueryWorkProgress &, std::stop_token)>;

    /// `startText` labels the button that emits startClicked().
    CloudTaskBar(WorkbenchSession *session, const QString &startText, QWidget *parent = nullptr);
    ~CloudTaskBar() override;

    [[nodiscard]] QPushButton *startButton() const { return m_start; }
    /// The step or outcome, hidden until there is one; the owner places it (a line of its own:
    /// job names and gs:// URIs are long).
    [[nodiscard]] QLabel *statusLabel() const { return m_status; }
    [[nodiscard]] bool isRunning() const { return m_running; }
    /// The outcome or the step shown beside the bar.
    [[nodiscard]] QString statusText() const;

    /// Runs `work` on a worker thread (`what` is shown meanwhile), then `done(result)` on the GUI
    /// thread. Ignored while a task runs.
    template <typename T, typename Done>
    void run(const QString &what, Work<T> work, Done done)
    {
        if (m_running)
            return;
        auto stop = std::make_shared<std::stop_source>();
        begin(what, stop);
        auto future = QtConcurrent::run(
            [work = std::move(work), progress = workerProgress(), stop]() -> Expected<T> {
                return work(progress, stop->get_token());
            });
        m_wait = [future]() mutable { future.waitForFinished(); };
        whenFinished(this, future, [this, done = std::move(done)](const Expected<T> &result) {
            end();
            done(result);
        });
    }

    /// Asks the task to stop (its transfers end and its job is cancelled).
    void cancel();
    /// Shows `text` beside the bar, in red when not `ok`, and logs it.
    void showOutcome(const QString &text, bool ok);

signals:
    void startClicked();
    void runningChanged(bool running);

private:
    void begin(const QString &what, std::shared_ptr<std::stop_source> stop);
    void end();
    void setStatus(const QString &text);
    /// Reports from the worker, posted to this bar's thread.
    [[nodiscard]] BigQueryWorkProgress workerProgress();

    WorkbenchSession *m_session;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    bool m_running = false;
    std::shared_ptr<std::stop_source> m_stop;
    std::function<void()> m_wait;
};

}  // namespace covertype::ui
