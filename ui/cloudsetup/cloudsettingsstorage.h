// The Cloud settings in QSettings, under cloud/: what the user set, over the defaults the
// environment and gcloud give. Only names and paths are kept: never a key or a token.
#pragma once

#include "cloudsetup/cloudsettings.h"

class QSettings;

namespace covertype::ui {

/// The stored settings; a field stored empty (or never stored) takes `defaults`' value.
[[nodiscard]] CloudSettings readCloudSettings(const QSettings &settings,
                                              const CloudSettings &defaults);
/// Stores every field (empty ones too, so a default can be given back by clearing a field).
void writeCloudSettings(QSettings &settings, const CloudSettings &cloud);

}  // namespace covertype::ui
