// The workbench's main window: a sidebar of stages over a stack of pages, the status bar, the log
// dock, menus, recent files and drag-and-drop. It builds no stage itself: app/ hands the pages in.
#pragma once

#include <QFutureWatcher>
#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"

class QLabel;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QStackedWidget;
class QToolButton;
class QDockWidget;

namespace covertype {
class DatasetDownloader;
}

namespace covertype::ui {

class WorkbenchSession;
class WelcomePage;
class DatasetFetch;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(WorkbenchSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Adds a stage page to the sidebar (in call order); `id` names it in settings and tests.
    void addStage(const QString &id, const QString &title, const QIcon &icon, QWidget *page);
    /// Shows the page of stage `id` (the welcome page for "welcome").
    void showStage(const QString &id);
    [[nodiscard]] QString currentStage() const;

    /// Loads a table in the background (progress and cancel in the status bar); on success the
    /// session gets it and the file joins the recent list. A failed load keeps the open table.
    void openDataset(const QString &path);
    [[nodiscard]] bool isLoading() const;
    /// Enables the welcome page's download (app/ hands in the libcurl implementation).
    void setDatasetDownloader(DatasetDownloader *downloader);
    /// Downloads `url` into the cache (progress and cancel in the status bar), then opens it.
    void downloadDataset(const QString &url);
    [[nodiscard]] bool isDownloading() const;
    /// Opens dropped or passed files: tuning configs (.yaml, .yml, .json) go to the Tuning stage,
    /// anything else is loaded as data.
    void openFiles(const QList<QUrl> &urls);

    [[nodiscard]] QMenu *fileMenu() const { return m_fileMenu; }
    [[nodiscard]] QStringList recentFiles() const { return m_recent; }
    [[nodiscard]] QDockWidget *logDock() const { return m_logDock; }

    /// Called when the window is about to close; returning false keeps it open (unsaved work).
    void addCloseGuard(std::function<bool()> canClose)
    {
        m_closeGuards.push_back(std::move(canClose));
    }

    /// Restores geometry, dock state, the last stage and recent files (call after adding stages).
    void restoreSettings();

signals:
    /// A tuning config file was dropped on the window or chosen from File > Open Config.
    void tuningConfigRequested(const QString &path);
    /// The interface language chosen in the menu ("" = system); applies on the next start.
    void languageChosen(const QString &locale);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void buildLogDock();
    void chooseDataset();
    void chooseConfig();
    void loadFinished();
    void cancelLoad();
    void showDownloadProgress(qint64 received, qint64 expected);
    void downloadFinished(const QString &path, const QString &sha256, qint64 bytes, bool fromCache);
    void downloadFailed(const QString &message);
    void endDownload();
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void appendLog(QtMsgType type, const QString &message);
    void updateStatus();
    void saveSettings() const;

    WorkbenchSession *m_session;
    QListWidget *m_sidebar = nullptr;
    QStackedWidget *m_stack = nullptr;
    WelcomePage *m_welcome = nullptr;
    DatasetFetch *m_fetch = nullptr;
    QStringList m_stageIds;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QDockWidget *m_logDock = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_datasetLabel = nullptr;
    QLabel *m_rowsLabel = nullptr;
    QLabel *m_backendLabel = nullptr;
    QLabel *m_storeLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancel = nullptr;
    QStringList m_recent;
    std::vector<std::function<bool()>> m_closeGuards;
    QString m_loadingPath;
    QFutureWatcher<Expected<std::shared_ptr<const Dataset>>> m_load;
};

}  // namespace covertype::ui
