// Which project and region the program works in and which service endpoints it talks to,
// resolved from flags, the environment and gcloud's configuration as users already set them.
#pragma once

#include <string>

#include "base/error.h"

namespace covertype::cloud {

class CredentialSource;

/// What the command line or the workbench's settings say (empty: not given).
struct CloudFlags
{
    std::string project;
    std::string region;
};

struct CloudConfig
{
    std::string project;
    std::string projectSource;  ///< "--project", "CLOUDSDK_CORE_PROJECT", "gcloud configuration
                                ///< default", ...
    std::string region;
    std::string regionSource;

    /// Root URLs ending in '/': Vertex AI (the client appends "v1/..."), Cloud Storage (the
    /// client appends "storage/v1/...", "upload/storage/v1/...") and BigQuery ("bigquery/v2/...").
    std::string aiplatformRoot;
    std::string storageRoot;
    std::string bigqueryRoot;
};

/// The default region when none is set anywhere (the course's).
inline constexpr const char *kDefaultRegion = "us-central1";

/// Project: flags.project, else CLOUDSDK_CORE_PROJECT, else GOOGLE_CLOUD_PROJECT, else the
/// active gcloud configuration's [core] project, else the credential's project. Region:
/// flags.region, else CLOUDSDK_AI_REGION, else [ai] region, else us-central1. Endpoints:
/// CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM (default https://REGION-aiplatform.googleapis.com/),
/// STORAGE_EMULATOR_HOST (default https://storage.googleapis.com/), BIGQUERY_EMULATOR_HOST (default
/// https://bigquery.googleapis.com/); an emulator host without a scheme gets http://, and plain
/// http is accepted only for 127.0.0.1 and localhost. ErrorCode::InvalidArgument when no project
/// is found (saying where it was looked for) or a name or URL is malformed.
/// With `requireProject` false (Cloud Storage alone needs none) a missing project is not an
/// error and CloudConfig::project stays empty.
[[nodiscard]] Expected<CloudConfig> resolveCloudConfig(const CloudFlags &flags,
                                                       const CredentialSource *credentials,
                                                       bool requireProject = true);

/// Whether `project` can be a project id: 6-30 characters, lowercase letters, digits and '-',
/// starting with a letter (also accepts "domain.com:project" ids).
[[nodiscard]] bool isValidProjectId(const std::string &project);

}  // namespace covertype::cloud
