// Atomic whole-file writes (QSaveFile): a file is either the old one or the complete new one.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace covertype {

/// Writes `contents` to `path` atomically, creating parent directories. Never leaves a partial
/// file.
[[nodiscard]] Expected<void> writeFileAtomically(const std::string &path,
                                                 std::string_view contents);

}  // namespace covertype
