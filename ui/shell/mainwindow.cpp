// The workbench's main window; see mainwindow.h.
#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPromise>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

#include "cloudsetup/cloudsettingsdialog.h"
#include "data/csvloader.h"
#include "datasetfetch.h"
#include "shell/dialogfolders.h"
#include "shell/stagescrollarea.h"
#include "shell/workbenchsession.h"
#include "welcomepage.h"

namespace covertype::ui {

namespace {

constexpr int kMaxRecent = 8;
constexpr int kProgressSteps = 1000;

bool isConfigFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("yaml") || suffix == QLatin1String("yml") ||
           suffix == QLatin1String("json");
}

using LoadResult = Expected<std::shared_ptr<const Dataset>>;

void loadInBackground(QPromise<LoadResult> &promise, const std::string &path)
{
    promise.setProgressRange(0, kProgressSteps);
    LoadOptions options;
    options.progress = [&promise](double fraction) {
        promise.setProgressValue(int(fraction * kProgressSteps));
        return !promise.isCanceled();
    };
    auto loaded = loadDataset(path, options);
    if (!loaded) {
        promise.addResult(LoadResult(std::unexpected(loaded.error())));
        return;
    }
    promise.addResult(LoadResult(std::make_shared<const Dataset>(std::move(*loaded))));
}

}  // namespace

MainWindow::MainWindow(WorkbenchSession *session, QWidget *parent)
    : QMainWindow(parent), m_session(session)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Covertype Workbench"));
    setAcceptDrops(true);
    resize(1280, 800);

    auto *splitter = new QSplitter(this);
    m_sidebar = new QListWidget(splitter);
    m_sidebar->setObjectName(QStringLiteral("stageList"));
    m_sidebar->setIconSize(QSize(22, 22));
    m_sidebar->setSpacing(2);
    m_sidebar->setMinimumWidth(150);
    m_sidebar->setMaximumWidth(220);
    m_stack = new QStackedWidget(splitter);
    splitter->addWidget(m_sidebar);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setCollapsible(1, false);
    splitter->setSizes({170, 1110});  // the sidebar's own hint would leave a gap beside it
    setCentralWidget(splitter);

    m_welcome = new WelcomePage(m_stack);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::chooseDataset);
    connect(m_welcome, &WelcomePage::recentRequested, this, &MainWindow::openDataset);
    m_fetch = new DatasetFetch(this);
    m_welcome->setDownload(DatasetFetch::configuredUrl(), false);
    connect(m_welcome, &WelcomePage::downloadRequested, this, &MainWindow::downloadDataset);
    connect(m_fetch, &DatasetFetch::progress, this, &MainWindow::showDownloadProgress);
    connect(m_fetch, &DatasetFetch::finished, this, &MainWindow::downloadFinished);
    connect(m_fetch, &DatasetFetch::failed, this, &MainWindow::downloadFailed);
    connect(m_fetch, &DatasetFetch::cancelled, this, [this] {
        endDownload();
        m_welcome->setDownloadState(tr("Download cancelled; nothing was kept."), false);
        m_session->log(QtWarningMsg, tr("Download cancelled."));
    });
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    buildLogDock();
    buildMenus();
    addStage(QStringLiteral("welcome"), tr("Welcome"), QIcon(QStringLiteral(":/icons/welcome.svg")),
             m_welcome);
    buildStatusBar();

    connect(&m_load, &QFutureWatcherBase::progressValueChanged, m_progress,
            &QProgressBar::setValue);
    connect(&m_load, &QFutureWatcherBase::finished, this, &MainWindow::loadFinished);
    connect(m_session, &WorkbenchSession::datasetChanged, this, &MainWindow::updateStatus);
    connect(m_session, &WorkbenchSession::storePathChanged, this, &MainWindow::updateStatus);
    connect(m_session, &WorkbenchSession::logMessage, this, &MainWindow::appendLog);
    updateStatus();
}

MainWindow::~MainWindow()
{
    if (m_load.isRunning()) {
        m_load.cancel();
        m_load.waitForFinished();
    }
}

void MainWindow::addStage(const QString &id, const QString &title, const QIcon &icon, QWidget *page)
{
    auto *item = new QListWidgetItem(icon, title, m_sidebar);
    item->setData(Qt::UserRole, id);
    item->setSizeHint(QSize(0, 38));
    // Pages scroll when the window is smaller than what they would like (a 1280x720 laptop):
    // no page's minimum size may push the window past the screen.
    auto *scroll = new StageScrollArea(page, m_stack);
    scroll->setObjectName(id + QStringLiteral("Scroll"));
    m_stack->addWidget(scroll);
    m_stageIds.append(id);
    const int index = int(m_stageIds.size());
    if (m_viewMenu && index <= 9) {
        QAction *show = m_viewMenu->addAction(icon, title, this, [this, id] { showStage(id); });
        show->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(index)));
    }
    rebuildRecentMenu();
}

void MainWindow::showStage(const QString &id)
{
    const auto index = m_stageIds.indexOf(id);
    if (index >= 0)
        m_sidebar->setCurrentRow(int(index));
}

QString MainWindow::currentStage() const
{
    const int row = m_sidebar->currentRow();
    return row >= 0 && row < m_stageIds.size() ? m_stageIds[row] : QString();
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *open = m_fileMenu->addAction(tr("&Open Data…"), this, &MainWindow::chooseDataset);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("openDataAction"));
    QAction *config =
        m_fileMenu->addAction(tr("Open Tuning &Config…"), this, &MainWindow::chooseConfig);
    config->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    m_recentMenu = m_fileMenu->addMenu(tr("Open &Recent"));
    m_fileMenu->addSeparator();
    QAction *quit = m_fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *toggleLog = m_logDock->toggleViewAction();
    toggleLog->setText(tr("&Log"));
    toggleLog->setShortcut(QKeySequence(QStringLiteral("Ctrl+L")));
    m_viewMenu->addAction(toggleLog);
    m_viewMenu->addSeparator();

    QMenu *cloud = menuBar()->addMenu(tr("&Cloud"));
    QAction *cloudSettings = cloud->addAction(tr("Cloud &Settings…"), this, [this] {
        CloudSettingsDialog dialog(m_session, this);
        dialog.exec();
    });
    cloudSettings->setObjectName(QStringLiteral("cloudSettingsAction"));
    cloudSettings->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));

    QMenu *language = menuBar()->addMenu(tr("&Language"));
    auto *group = new QActionGroup(language);
    const QString chosen = QSettings().value(QStringLiteral("language")).toString();
    const std::pair<QString, QString> languages[] = {
        {QString(), tr("System Default")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("ko"), QStringLiteral("한국어")},
    };
    for (const auto &[code, name] : languages) {
        QAction *action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == chosen);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QStringLiteral("language"), code);
            emit languageChosen(code);
            statusBar()->showMessage(tr("The language changes when the workbench restarts."), 8000);
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Covertype Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Covertype Workbench"),
                           tr("<b>Covertype Workbench %1</b><p>The course's Covertype "
                              "workflow — data, splits, tuning, training and deployment — in "
                              "one native window.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildStatusBar()
{
    m_datasetLabel = new QLabel(statusBar());
    m_datasetLabel->setObjectName(QStringLiteral("datasetStatus"));
    m_rowsLabel = new QLabel(statusBar());
    m_rowsLabel->setObjectName(QStringLiteral("rowsStatus"));
    m_backendLabel = new QLabel(tr("Backend: Local"), statusBar());
    m_backendLabel->setObjectName(QStringLiteral("backendLabel"));
    connect(m_session, &WorkbenchSession::runBackendLabelChanged, m_backendLabel, [this] {
        m_backendLabel->setText(tr("Backend: %1").arg(m_session->runBackendLabel()));
    });
    m_storeLabel = new QLabel(statusBar());
    m_progress = new QProgressBar(statusBar());
    m_progress->setRange(0, kProgressSteps);
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel = new QToolButton(statusBar());
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, this, &MainWindow::cancelLoad);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_datasetLabel);
    statusBar()->addPermanentWidget(m_rowsLabel);
    statusBar()->addPermanentWidget(m_backendLabel);
    statusBar()->addPermanentWidget(m_storeLabel);
}

void MainWindow::buildLogDock()
{
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_log = new QPlainTextEdit(m_logDock);
    m_log->setObjectName(QStringLiteral("logView"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    resizeDocks({m_logDock}, {140}, Qt::Vertical);
}

void MainWindow::appendLog(QtMsgType type, const QString &message)
{
    QString level;
    switch (type) {
        case QtWarningMsg:
            level = tr("warning");
            break;
        case QtCriticalMsg:
        case QtFatalMsg:
            level = tr("error");
            break;
        default:
            level = tr("info");
            break;
    }
    m_log->appendPlainText(
        QStringLiteral("%1  %2  %3")
            .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), level, message));
    if (type == QtWarningMsg || type == QtCriticalMsg)
        statusBar()->showMessage(message, 10000);
}

void MainWindow::chooseDataset()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Data File"), lastFolder(FileKind::Data),
        tr("Covertype data (*.csv *.csv.gz *.data *.data.gz *.gz *.zip);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberFolder(FileKind::Data, path);
    openDataset(path);
}

void MainWindow::chooseConfig()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Tuning Config"), lastFolder(FileKind::Config),
                                     tr("Tuning configs (*.yaml *.yml *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberFolder(FileKind::Config, path);
    emit tuningConfigRequested(path);
}

void MainWindow::openDataset(const QString &path)
{
    if (path.trimmed().isEmpty())  // `--data ""`: nothing to open, the welcome page stays
        return;
    if (m_load.isRunning()) {
        m_session->log(QtWarningMsg, tr("Already loading %1; cancel it first.").arg(m_loadingPath));
        return;
    }
    m_loadingPath = path;
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_session->log(QtInfoMsg, tr("Loading %1").arg(path));
    m_load.setFuture(QtConcurrent::run(loadInBackground, path.toStdString()));
}

bool MainWindow::isLoading() const
{
    return m_load.isRunning();
}

void MainWindow::cancelLoad()
{
    if (m_fetch->isRunning())
        m_fetch->cancel();
    else
        m_load.cancel();
}

void MainWindow::setDatasetDownloader(DatasetDownloader *downloader)
{
    m_fetch->setDownloader(downloader);
    m_welcome->setDownload(DatasetFetch::configuredUrl(), downloader != nullptr);
}

bool MainWindow::isDownloading() const
{
    return m_fetch->isRunning();
}

void MainWindow::downloadDataset(const QString &url)
{
    if (m_fetch->isRunning() || m_load.isRunning()) {
        m_session->log(QtWarningMsg, tr("Busy loading or downloading; cancel it first."));
        return;
    }
    m_session->log(QtInfoMsg, tr("Downloading %1 into %2").arg(url, DatasetFetch::cacheDir()));
    m_progress->setRange(0, 0);  // busy until the size is known
    m_progress->show();
    m_cancel->setToolTip(tr("Stop downloading"));
    m_cancel->show();
    m_welcome->setDownloadState(tr("Connecting to %1…").arg(url), true);
    statusBar()->showMessage(tr("Downloading %1…").arg(url));
    m_fetch->start(url);
}

void MainWindow::showDownloadProgress(qint64 received, qint64 expected)
{
    const auto mb = [](qint64 bytes) { return QLocale().toString(double(bytes) / 1e6, 'f', 1); };
    QString text;
    if (expected > 0) {
        m_progress->setRange(0, kProgressSteps);
        m_progress->setValue(int(double(received) / double(expected) * kProgressSteps));
        text = tr("Downloaded %1 of %2 MB").arg(mb(received), mb(expected));
    } else {
        text = tr("Downloaded %1 MB").arg(mb(received));
    }
    statusBar()->showMessage(text);
    m_welcome->setDownloadState(text, true);
}

void MainWindow::endDownload()
{
    m_progress->hide();
    m_progress->setRange(0, kProgressSteps);
    m_cancel->hide();
    m_cancel->setToolTip(tr("Stop loading"));
    statusBar()->clearMessage();
}

void MainWindow::downloadFinished(const QString &path, const QString &sha256, qint64 bytes,
                                  bool fromCache)
{
    endDownload();
    const QString text = fromCache
                             ? tr("Using the copy downloaded before: %1 (%2 bytes, SHA-256 %3)")
                             : tr("Downloaded %1 (%2 bytes, SHA-256 %3)");
    const QString message = text.arg(path, QLocale().toString(bytes), sha256);
    m_welcome->setDownloadState(message, false);
    m_session->log(QtInfoMsg, message);
    openDataset(path);
}

void MainWindow::downloadFailed(const QString &message)
{
    endDownload();
    m_welcome->setDownloadState(tr("Download failed: %1").arg(message), false);
    m_session->log(QtCriticalMsg, tr("Download failed: %1").arg(message));
}

void MainWindow::loadFinished()
{
    m_progress->hide();
    m_cancel->hide();
    statusBar()->clearMessage();
    const QFuture<LoadResult> future = m_load.future();
    if (future.isCanceled() || future.resultCount() == 0) {
        m_session->log(QtWarningMsg, tr("Loading %1 was cancelled.").arg(m_loadingPath));
        return;
    }
    const LoadResult result = future.result();
    if (!result) {
        const QString message = QString::fromStdString(result.error().message);
        if (result.error().code == ErrorCode::Cancelled) {
            m_session->log(QtWarningMsg, tr("Loading %1 was cancelled.").arg(m_loadingPath));
            return;
        }
        m_session->log(QtCriticalMsg, tr("Could not open %1: %2").arg(m_loadingPath, message));
        // Window-modal and not blocking: the event loop (and any background work) keeps going.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Could Not Open Data"),
                                    tr("%1\n\nThe table that was open stays open.").arg(message),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("openErrorBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    const auto &loaded = *result;
    m_session->log(QtInfoMsg, tr("Opened %1: %2 rows, %3 columns")
                                  .arg(m_loadingPath)
                                  .arg(QLocale().toString(qulonglong(loaded->rowCount())))
                                  .arg(loaded->columnCount()));
    addRecent(m_loadingPath);
    m_session->setDataset(loaded, m_loadingPath);
    if (currentStage() == QLatin1String("welcome"))
        showStage(QStringLiteral("data"));
}

void MainWindow::addRecent(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recent.removeAll(absolute);
    m_recent.prepend(absolute);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    rebuildRecentMenu();
    QSettings().setValue(QStringLiteral("recentFiles"), m_recent);
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    for (const QString &path : m_recent)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openDataset(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!m_recent.isEmpty());
    m_welcome->setRecentFiles(m_recent);
}

void MainWindow::updateStatus()
{
    const auto current = m_session->dataset();
    m_datasetLabel->setText(current ? QFileInfo(m_session->datasetPath()).fileName()
                                    : tr("No data"));
    m_datasetLabel->setToolTip(m_session->datasetPath());
    m_rowsLabel->setText(
        current ? tr("%1 rows").arg(QLocale().toString(qulonglong(current->rowCount())))
                : QString());
    m_storeLabel->setText(tr("Store: %1").arg(QFileInfo(m_session->storePath()).fileName()));
    m_storeLabel->setToolTip(m_session->storePath());
    setWindowTitle(
        current ? tr("%1 — Covertype Workbench").arg(QFileInfo(m_session->datasetPath()).fileName())
                : tr("Covertype Workbench"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    openFiles(event->mimeData()->urls());
    event->acceptProposedAction();
}

void MainWindow::openFiles(const QList<QUrl> &urls)
{
    for (const QUrl &url : urls) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        if (isConfigFile(path))
            emit tuningConfigRequested(path);
        else
            openDataset(path);
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: 1280x800 where the screen has room, else the room there is (a
        // 1366x768 or 1280x720 laptop), so no part of the window starts off the screen.
        if (const QScreen *screen = this->screen()) {
            const QRect room = screen->availableGeometry();
            // Before the first show the frame is unknown: leave room for a title bar.
            QSize frame = frameGeometry().size() - geometry().size();
            if (frame.isEmpty())
                frame = QSize(8, 40);
            resize(QSize(1280, 800).boundedTo(room.size() - frame));
            move(room.topLeft() + QPoint((room.width() - width() - frame.width()) / 2,
                                         (room.height() - height() - frame.height()) / 2));
        }
    }
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        resizeDocks({m_logDock}, {110}, Qt::Vertical);  // a few lines: the stage needs the room
    m_recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    rebuildRecentMenu();
    const QString stage = settings.value(QStringLiteral("window/stage")).toString();
    showStage(stage.isEmpty() || !m_session->dataset() ? QStringLiteral("welcome") : stage);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/stage"), currentStage());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (const auto &canClose : m_closeGuards) {
        if (!canClose()) {
            event->ignore();
            return;
        }
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace covertype::ui
