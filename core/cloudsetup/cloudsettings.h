// The cloud settings of the workbench: where cloud work goes and what it runs on. Nothing here is
// secret (a key file's path may be; its contents never are).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace covertype {

/// How the credentials are found.
enum class CredentialChoice {
    Automatic,  ///< Application Default Credentials, in their usual order
    KeyFile,    ///< a service-account or authorized_user JSON file
    Gcloud,     ///< `gcloud auth print-access-token`
};

[[nodiscard]] std::string_view credentialChoiceName(CredentialChoice choice);
[[nodiscard]] std::optional<CredentialChoice> credentialChoiceFromName(std::string_view name);

struct CloudSettings
{
    /// Empty: found as the CLI finds it (CLOUDSDK_CORE_PROJECT, gcloud's configuration, ...).
    std::string project;
    std::string region;         ///< empty: CLOUDSDK_AI_REGION, gcloud's [ai] region, us-central1
    std::string gcsRoot;        ///< gs://BUCKET/ROOT: splits, jobs, models
    std::string bigQueryTable;  ///< PROJECT.DATASET.TABLE of the data
    std::string bigQueryLocation = "US";  ///< the dataset's location
    CredentialChoice credentials = CredentialChoice::Automatic;
    std::string keyFile;  ///< with CredentialChoice::KeyFile
    std::string trainerImage;
    std::string servingImage;
    std::string trainingMachine = "n1-standard-4";
    std::string servingMachine = "n1-standard-2";

    friend bool operator==(const CloudSettings &, const CloudSettings &) = default;
};

/// One field a setting is wrong in, and why ("gcsRoot", "must start with gs://").
struct SettingProblem
{
    std::string field;
    std::string message;
};

/// What is malformed (not what is missing for a given task: see requireForTraining...). A
/// project is checked only when given; a key file must be named when chosen.
[[nodiscard]] std::vector<SettingProblem> checkCloudSettings(const CloudSettings &settings);

/// The settings a task needs, as one error naming the first missing one.
[[nodiscard]] Expected<void> requireForTraining(const CloudSettings &settings);
[[nodiscard]] Expected<void> requireForDeploy(const CloudSettings &settings);
[[nodiscard]] Expected<void> requireForBigQuery(const CloudSettings &settings);

}  // namespace covertype
