// The active configuration of the Google Cloud CLI (gcloud), read from its files so the program
// picks up the project, region and account a user already set with `gcloud config set`.
#pragma once

#include <map>
#include <string>

namespace covertype::cloud {

/// $CLOUDSDK_CONFIG, else ~/.config/gcloud.
[[nodiscard]] std::string gcloudConfigDirectory();

struct GcloudConfiguration
{
    std::string name;  ///< CLOUDSDK_ACTIVE_CONFIG_NAME, else the active_config file, else "default"
    std::string file;  ///< <dir>/configurations/config_<name> (may not exist)
    std::map<std::string, std::string> properties;  ///< "core/project" -> "my-project"

    /// A property ("core", "project"), "" when it is not set.
    [[nodiscard]] std::string get(const std::string &section, const std::string &key) const;
};

/// The active configuration; empty properties when there is none or it cannot be read (gcloud
/// itself treats a missing file as an empty configuration).
[[nodiscard]] GcloudConfiguration readActiveGcloudConfiguration();

}  // namespace covertype::cloud
