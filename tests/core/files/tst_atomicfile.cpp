// Atomic file writes: a failed write (size limit, full disk) leaves the old file and no litter;
// staged files replace their destinations only on commit.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <string>

#include <sys/resource.h>
#include <sys/stat.h>

#include "files/atomicfile.h"
#include "testsupport.h"

using namespace covertype;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

/// Files of `dir`, hidden ones included (a staged temporary is hidden).
QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

/// Makes writes past `bytes` fail (EFBIG) for the life of the guard, as a full disk would.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);  // the write fails instead of a signal
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
};

}  // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT

private slots:
    void writesAndReplaces()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a/b/model.json").toStdString();
        QVERIFY(writeFileAtomically(path, "first"));
        QCOMPARE(readAll(QString::fromStdString(path)), QByteArray("first"));
        ::chmod(path.c_str(), 0640);
        QVERIFY(writeFileAtomically(path, "second"));
        QCOMPARE(readAll(QString::fromStdString(path)), QByteArray("second"));
        struct stat st
        {
        };
        QCOMPARE(::stat(path.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0640));  // a replaced file keeps its permissions
        QCOMPARE(entries(dir.filePath("a/b")), QStringList{"model.json"});
    }

    void aFailedWriteKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString qpath = dir.filePath("model.json");
        const std::string path = qpath.toStdString();
        QVERIFY(writeFileAtomically(path, "the good old model"));
        const std::string big(256 * 1024, 'x');
        Expected<void> result;
        {
            const FileSizeLimit limit(8192);  // like a disk with 8 KiB free
            result = writeFileAtomically(path, big);
        }
        QVERIFY(!result);
        QVERIFY2(result.error().message.find("file too large") != std::string::npos &&
                     result.error().message.find(path) != std::string::npos,
                 result.error().message.c_str());
        QCOMPARE(readAll(qpath), QByteArray("the good old model"));
        QCOMPARE(entries(dir.path()), QStringList{"model.json"});  // no temporary left behind
    }

    void stagedFilesReplaceOnlyOnCommit()
    {
        QTemporaryDir dir;
        const std::string a = dir.filePath("a.csv").toStdString();
        const std::string b = dir.filePath("b.csv").toStdString();
        QVERIFY(writeFileAtomically(a, "old a"));
        QVERIFY(writeFileAtomically(b, "old b"));
        {
            auto first = StagedFile::write(a, "new a");
            QVERIFY(first);
            Expected<StagedFile> second = fail(ErrorCode::Io, "not written");
            {
                const FileSizeLimit limit(4);  // the second write fails
                second = StagedFile::write(b, "new b, longer than four bytes");
            }
            QVERIFY(!second);
            // Nothing committed: both old files stand, and the staged one goes with its object.
        }
        QCOMPARE(readAll(QString::fromStdString(a)), QByteArray("old a"));
        QCOMPARE(readAll(QString::fromStdString(b)), QByteArray("old b"));
        QCOMPARE(entries(dir.path()), (QStringList{"a.csv", "b.csv"}));

        auto staged = StagedFile::write(a, "new a");
        QVERIFY(staged);
        QCOMPARE(readAll(QString::fromStdString(a)), QByteArray("old a"));
        QVERIFY(staged->commit());
        QCOMPARE(readAll(QString::fromStdString(a)), QByteArray("new a"));
        QVERIFY(!staged->commit());  // once only
    }

    void errorTextsNameTheCause()
    {
        QCOMPARE(fileErrorText(ENOSPC, "/d/model.json"),
                 std::string("no space left on device (/d/model.json)"));
        QCOMPARE(fileErrorText(EROFS, "/d/x"), std::string("read-only file system (/d/x)"));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
