// Remembered dialog folders (see dialogfolders.h).
#include "shell/dialogfolders.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace covertype::ui {

namespace {

QString key(FileKind kind)
{
    switch (kind) {
        case FileKind::Data:
            return QStringLiteral("folders/data");
        case FileKind::Config:
            return QStringLiteral("folders/config");
        case FileKind::Export:
            return QStringLiteral("folders/export");
    }
    return QStringLiteral("folders/other");
}

}  // namespace

QString lastFolder(FileKind kind)
{
    const QString folder = QSettings().value(key(kind)).toString();
    return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

QString inLastFolder(FileKind kind, const QString &fileName)
{
    return QDir(lastFolder(kind)).filePath(fileName);
}

void rememberFolder(FileKind kind, const QString &path, bool isFolder)
{
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    QSettings().setValue(key(kind), isFolder ? info.absoluteFilePath() : info.absolutePath());
}

}  // namespace covertype::ui
