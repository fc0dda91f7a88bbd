// Atomic whole-file writes through QSaveFile.
#include "files/atomicfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace covertype {

Expected<void> writeFileAtomically(const std::string &path, std::string_view contents)
{
    const QString qpath = QString::fromStdString(path);
    const QFileInfo info(qpath);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(ErrorCode::Io, "cannot create directory " + info.absolutePath().toStdString());
    QSaveFile file(qpath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io,
                    "cannot write " + path + ": " + file.errorString().toStdString());
    const qint64 written = file.write(contents.data(), qint64(contents.size()));
    if (written != qint64(contents.size())) {
        file.cancelWriting();
        return fail(ErrorCode::Io,
                    "cannot write " + path + ": " + file.errorString().toStdString());
    }
    if (!file.commit())
        return fail(ErrorCode::Io, "cannot save " + path + ": " + file.errorString().toStdString());
    return {};
}

}  // namespace covertype
