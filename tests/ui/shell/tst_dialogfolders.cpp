// Remembered file-dialog folders: each kind of file reopens where its last dialog ended.
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "shell/dialogfolders.h"
#include "testsupport.h"

using namespace covertype::ui;

class TestDialogFolders : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CovertypeWorkbenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_dialogfolders"));
        QSettings().clear();
    }

    void eachKindRemembersItsFolder()
    {
        QCOMPARE(lastFolder(FileKind::Export), QDir::homePath());  // before the first dialog
        QTemporaryDir data, exports;
        rememberFolder(FileKind::Data, data.filePath(QStringLiteral("covtype.data.gz")));
        rememberFolder(FileKind::Export, exports.path(), true);
        QCOMPARE(lastFolder(FileKind::Data), QDir(data.path()).absolutePath());
        QCOMPARE(lastFolder(FileKind::Export), QDir(exports.path()).absolutePath());
        QCOMPARE(lastFolder(FileKind::Config), QDir::homePath());
        QCOMPARE(inLastFolder(FileKind::Export, QStringLiteral("run-3-metric-per-trial.png")),
                 QDir(exports.path()).filePath(QStringLiteral("run-3-metric-per-trial.png")));
    }

    void aFolderThatIsGoneFallsBackHome()
    {
        QString gone;
        {
            QTemporaryDir dir;
            gone = dir.path();
            rememberFolder(FileKind::Config, gone, true);
            QCOMPARE(lastFolder(FileKind::Config), QDir(gone).absolutePath());
        }
        QCOMPARE(lastFolder(FileKind::Config), QDir::homePath());
    }
};

QTEST_GUILESS_MAIN(TestDialogFolders)
#include "tst_dialogfolders.moc"
