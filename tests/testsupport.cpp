// Locating the real Covertype rows for the tests.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace covertype::test {

QString realDataFile()
{
    QString dir = qEnvironmentVariable("COVERTYPE_DATA_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(COVERTYPE_DEFAULT_DATA_DIR);
    const QString path = QDir(dir).filePath(QStringLiteral("covertype_75k.csv"));
    return QFileInfo::exists(path) ? QFileInfo(path).absoluteFilePath() : QString();
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &contents)
{
    const QString path = QDir(dir).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write test fixture %s", qPrintable(path));
    file.write(contents);
    return path;
}

}  // namespace covertype::test
