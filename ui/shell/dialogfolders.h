// The folder each kind of file dialog opened last, remembered across sessions (QSettings), so a
// dialog opens where the user was rather than in the home folder.
#pragma once

#include <QString>

namespace covertype::ui {

/// Kinds of files with a folder of their own.
enum class FileKind { Data, Config, Export };

/// The folder the last dialog for `kind` ended in; the home folder before the first.
[[nodiscard]] QString lastFolder(FileKind kind);
/// `fileName` inside lastFolder(kind): the start of a Save dialog.
[[nodiscard]] QString inLastFolder(FileKind kind, const QString &fileName);
/// Remembers the folder of `path` (a file, or a folder itself when `isFolder`).
void rememberFolder(FileKind kind, const QString &path, bool isFolder = false);

}  // namespace covertype::ui
