// MainWindow: opening data in the background, the status bar, recent files, stages, a failed
// open keeping the open table, drag-and-drop routing, and downloading from the welcome page
// (through a fake DatasetDownloader; the libcurl one is tested in tests/cloud).
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>

#include <algorithm>
#include <atomic>

#include "data/csvloader.h"
#include "data/datasetdownload.h"
#include "shell/mainwindow.h"
#include "shell/stagepanels.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"

using covertype::ui::MainWindow;
using covertype::ui::WorkbenchSession;

/// Writes `content` into the cache in pieces, reporting progress; or fails; or waits for a cancel.
class FakeDownloader final : public covertype::DatasetDownloader
{
public:
    QByteArray content;
    std::optional<covertype::Error> error;
    bool untilCancelled = false;
    covertype::DownloadRequest seen;
    std::atomic<int> calls{0};

    covertype::Expected<covertype::DownloadResult> download(
        const covertype::DownloadRequest &request,
        const covertype::DownloadProgress &progress) override
    {
        ++calls;
        seen = request;
        if (untilCancelled) {
            for (int i = 0; i < 2000; ++i) {
                if (!progress(i * 1000, 0))
                    return covertype::fail(covertype::ErrorCode::Cancelled, "cancelled");
                QThread::msleep(5);
            }
            return covertype::fail(covertype::ErrorCode::Unavailable, "never cancelled");
        }
        if (error)
            return std::unexpected(*error);
        QDir().mkpath(QString::fromStdString(request.cacheDir));
        const QString path = QDir(QString::fromStdString(request.cacheDir))
                                 .filePath(QString::fromStdString(request.fileName));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return covertype::fail(covertype::ErrorCode::Io, "cannot write the cache");
        const qint64 piece = std::max<qint64>(1, content.size() / 4);
        for (qint64 at = 0; at < content.size(); at += piece) {
            file.write(content.mid(at, piece));
            if (!progress(std::min<qint64>(at + piece, content.size()), content.size()))
                return covertype::fail(covertype::ErrorCode::Cancelled, "cancelled");
        }
        return covertype::DownloadResult{path.toStdString(), std::string(64, 'a'),
                                         int64_t(content.size()), false};
    }
};

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CovertypeWorkbenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void fitsALaptopScreen_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("English") << QString();
        QTest::newRow("Korean") << QStringLiteral("ko");
    }

    void fitsALaptopScreen()
    {
        // Every stage, with the real data open, must fit a 1280x720 screen with room for the
        // title bar: what a page cannot show scrolls instead of growing the window.
        QFETCH(QString, language);
        QTranslator translator;
        if (!language.isEmpty()) {
            QVERIFY(
                translator.load(QStringLiteral(COVERTYPE_QM_DIR "/covertype_%1.qm").arg(language)));
            QApplication::installTranslator(&translator);
        }
        const auto untranslate = qScopeGuard([&] { QApplication::removeTranslator(&translator); });
        COVERTYPE_REAL_DATA(path);
        auto data = covertype::loadDataset(path.toStdString());
        QVERIFY(data);
        QTemporaryDir dir;
        WorkbenchSession session;
        session.setStorePath(dir.filePath(QStringLiteral("runs.sqlite")));
        session.setDataset(std::make_shared<const covertype::Dataset>(std::move(*data)), path);
        MainWindow window(&session);
        covertype::ui::addStagePanels(window, session);
        window.resize(1280, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const QString &stage :
             {QStringLiteral("welcome"), QStringLiteral("data"), QStringLiteral("split"),
              QStringLiteral("tuning"), QStringLiteral("runs"), QStringLiteral("deploy")}) {
            window.showStage(stage);
            QCOMPARE(window.currentStage(), stage);
            QTest::qWait(10);
            const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
            QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 680,
                     qPrintable(QStringLiteral("%1 stage (%2): the window cannot be smaller "
                                               "than %3x%4")
                                    .arg(stage, language.isEmpty() ? "en" : language)
                                    .arg(minimum.width())
                                    .arg(minimum.height())));
            QVERIFY2(window.width() <= 1280 && window.height() <= 680,
                     qPrintable(QStringLiteral("%1 stage grew the window to %2x%3")
                                    .arg(stage)
                                    .arg(window.width())
                                    .arg(window.height())));
        }
        // On a larger screen no page scrolls: a page gets the window, not its preferred size.
        window.resize(1440, 860);
        for (const QString &stage :
             {QStringLiteral("data"), QStringLiteral("split"), QStringLiteral("tuning"),
              QStringLiteral("runs"), QStringLiteral("deploy")}) {
            window.showStage(stage);
            QTest::qWait(10);
            auto *scroll = window.findChild<QScrollArea *>(stage + QStringLiteral("Scroll"));
            QVERIFY(scroll);
            QVERIFY2(scroll->verticalScrollBar()->maximum() == 0 &&
                         scroll->horizontalScrollBar()->maximum() == 0,
                     qPrintable(QStringLiteral("%1 stage scrolls at 1440x860 (%2 by %3 pixels)")
                                    .arg(stage)
                                    .arg(scroll->horizontalScrollBar()->maximum())
                                    .arg(scroll->verticalScrollBar()->maximum())));
            QCOMPARE(scroll->widget()->size(), scroll->viewport()->size());
        }
    }

    void opensTheRealDataInTheBackground()
    {
        COVERTYPE_REAL_DATA(path);
        WorkbenchSession session;
        MainWindow window(&session);
        window.addStage(QStringLiteral("data"), QStringLiteral("Data"), QIcon(), new QWidget);
        window.restoreSettings();
        QCOMPARE(window.currentStage(), QStringLiteral("welcome"));
        QSignalSpy changed(&session, &WorkbenchSession::datasetChanged);
        window.openDataset(path);
        QVERIFY(window.isLoading() || changed.count() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
        QCOMPARE(session.dataset()->rowCount(), size_t(75000));
        auto *rows = window.findChild<QLabel *>(QStringLiteral("rowsStatus"));
        QVERIFY(rows);
        QVERIFY2(rows->text().contains(QLocale().toString(75000)), qPrintable(rows->text()));
        QCOMPARE(window.currentStage(), QStringLiteral("data"));
        QCOMPARE(window.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
    }

    void anEmptyPathOpensNothing()
    {
        // `covertype-workbench --data ""` starts on the welcome page without an error.
        WorkbenchSession session;
        QSignalSpy logged(&session, &WorkbenchSession::logMessage);
        MainWindow window(&session);
        window.addStage(QStringLiteral("data"), QStringLiteral("Data"), QIcon(), new QWidget);
        window.openDataset(QString());
        window.openDataset(QStringLiteral("  "));
        QVERIFY(!window.isLoading());
        QVERIFY(!session.dataset());
        QCOMPARE(logged.count(), 0);
    }

    void aFailedOpenKeepsTheOpenTable()
    {
        COVERTYPE_REAL_DATA(path);
        QFile real(path);
        QVERIFY(real.open(QIODevice::ReadOnly));
        const QByteArray header = real.readLine();
        const QByteArray row = real.readLine();
        QTemporaryDir dir;
        const QString good =
            covertype::test::writeFile(dir.path(), QStringLiteral("good.csv"), header + row);
        // The second row has too few fields.
        const QString bad = covertype::test::writeFile(dir.path(), QStringLiteral("bad.csv"),
                                                       header + row + "2841,45\n");
        WorkbenchSession session;
        MainWindow window(&session);
        QSignalSpy changed(&session, &WorkbenchSession::datasetChanged);
        QSignalSpy log(&session, &WorkbenchSession::logMessage);
        window.openDataset(good);
        QTRY_VERIFY(!window.isLoading() && changed.count() == 1);
        const auto before = session.dataset();
        QVERIFY(before);
        window.openDataset(bad);
        QTRY_VERIFY(!window.isLoading());
        QTRY_VERIFY(std::ranges::any_of(log, [](const QList<QVariant> &args) {
            return args.at(0).value<QtMsgType>() == QtCriticalMsg &&
                   args.at(1).toString().contains(QStringLiteral("bad.csv"));
        }));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(session.dataset(), before);
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("openErrorBox"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("bad.csv")), qPrintable(box->text()));
    }

    void downloadsFromTheWelcomePage()
    {
        COVERTYPE_REAL_DATA(path);
        QFile real(path);
        QVERIFY(real.open(QIODevice::ReadOnly));
        FakeDownloader downloader;
        for (int i = 0; i < 101; ++i)
            downloader.content += real.readLine();
        WorkbenchSession session;
        MainWindow window(&session);
        window.addStage(QStringLiteral("data"), QStringLiteral("Data"), QIcon(), new QWidget);
        auto *button = window.findChild<QPushButton *>(QStringLiteral("downloadButton"));
        auto *url = window.findChild<QLineEdit *>(QStringLiteral("downloadUrl"));
        auto *state = window.findChild<QLabel *>(QStringLiteral("downloadState"));
        QVERIFY(button && url && state);
        QVERIFY2(!button->isEnabled(), "no downloader: the button is off");
        window.setDatasetDownloader(&downloader);
        QVERIFY(button->isEnabled());
        QCOMPARE(url->text(), QString::fromLatin1(covertype::kUciCovertypeUrl));

        // A mirror URL: its file name is kept, the file is opened once it is in the cache.
        url->setText(QStringLiteral("https://mirror.example/data/covertype_sample.csv"));
        QSignalSpy changed(&session, &WorkbenchSession::datasetChanged);
        button->click();
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
        QCOMPARE(session.dataset()->rowCount(), size_t(100));
        QCOMPARE(downloader.seen.url,
                 std::string("https://mirror.example/data/covertype_sample.csv"));
        QCOMPARE(downloader.seen.fileName, std::string("covertype_sample.csv"));
        QVERIFY(
            QString::fromStdString(downloader.seen.cacheDir).endsWith(QStringLiteral("downloads")));
        QVERIFY2(state->text().contains(QStringLiteral("covertype_sample.csv")),
                 qPrintable(state->text()));
        QCOMPARE(QSettings().value(QStringLiteral("download/url")).toString(), url->text());
        QVERIFY(button->isEnabled());

        // A failure names the cause and keeps the open table.
        downloader.error = covertype::Error{covertype::ErrorCode::NotFound,
                                            "cannot download https://x/y.zip: HTTP 404"};
        const auto before = session.dataset();
        button->click();
        QTRY_VERIFY(!window.isDownloading());
        QTRY_VERIFY2(state->text().contains(QStringLiteral("HTTP 404")), qPrintable(state->text()));
        QCOMPARE(session.dataset(), before);
        QVERIFY(button->isEnabled());

        // Cancel from the status bar while the transfer runs.
        downloader.error.reset();
        downloader.untilCancelled = true;
        button->click();
        QVERIFY(window.isDownloading());
        QVERIFY(!button->isEnabled());
        QTest::qWait(50);
        QToolButton *cancel = nullptr;
        for (auto *b : window.findChildren<QToolButton *>())
            if (b->isVisible() && b->text() == QStringLiteral("Cancel"))
                cancel = b;
        if (!cancel)  // the window is not shown offscreen: click the status bar's button anyway
            for (auto *b : window.findChildren<QToolButton *>())
                if (b->text() == QStringLiteral("Cancel"))
                    cancel = b;
        QVERIFY(cancel);
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isDownloading(), 5000);
        QVERIFY2(state->text().contains(QStringLiteral("cancelled")), qPrintable(state->text()));
        QCOMPARE(session.dataset(), before);
    }

    void stageShortcutsAndDroppedConfigs()
    {
        WorkbenchSession session;
        MainWindow window(&session);
        window.addStage(QStringLiteral("data"), QStringLiteral("Data"), QIcon(), new QWidget);
        window.addStage(QStringLiteral("split"), QStringLiteral("Split"), QIcon(), new QWidget);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentStage(), QStringLiteral("split"));
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentStage(), QStringLiteral("welcome"));

        QSignalSpy config(&window, &MainWindow::tuningConfigRequested);
        window.openFiles({QUrl::fromLocalFile(QStringLiteral("/tmp/config.yaml"))});
        QCOMPARE(config.count(), 1);
        QCOMPARE(config.at(0).at(0).toString(), QStringLiteral("/tmp/config.yaml"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
