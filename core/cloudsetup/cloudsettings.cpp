// The cloud settings' names and checks (see cloudsettings.h).
#include "cloudsetup/cloudsettings.h"

#include <optional>

#include "base/text.h"

namespace covertype {

namespace {

bool isMachineType(const std::string &text)
{
    if (text.empty() || text.size() > 63)
        return false;
    for (char c : text)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

}  // namespace

std::string_view credentialChoiceName(CredentialChoice choice)
{
    switch (choice) {
        case CredentialChoice::Automatic:
            return "automatic";
        case CredentialChoice::KeyFile:
            return "key-file";
        case CredentialChoice::Gcloud:
            return "gcloud";
    }
    return "automatic";
}

std::optional<CredentialChoice> credentialChoiceFromName(std::string_view name)
{
    for (CredentialChoice c :
         {CredentialChoice::Automatic, CredentialChoice::KeyFile, CredentialChoice::Gcloud})
        if (credentialChoiceName(c) == name)
            return c;
    return std::nullopt;
}

std::vector<SettingProblem> checkCloudSettings(const CloudSettings &s)
{
    std::vector<SettingProblem> problems;
    if (!s.gcsRoot.empty() &&
        (!s.gcsRoot.starts_with("gs://") || s.gcsRoot.size() <= 5 || s.gcsRoot[5] == '/'))
        problems.push_back(
            {"gcsRoot", cat("'", s.gcsRoot, "' is not gs://BUCKET or gs://BUCKET/PATH")});
    if (!s.bigQueryTable.empty()) {
        size_t dots = 0;
        for (char c : s.bigQueryTable)
            dots += c == '.' ? 1 : 0;
        if (dots != 2 || s.bigQueryTable.starts_with('.') || s.bigQueryTable.ends_with('.') ||
            s.bigQueryTable.find("..") != std::string::npos)
            problems.push_back(
                {"bigQueryTable", cat("'", s.bigQueryTable, "' is not PROJECT.DATASET.TABLE")});
    }
    if (s.credentials == CredentialChoice::KeyFile && s.keyFile.empty())
        problems.push_back({"keyFile",
                            "choose the key file (a service-account or "
                            "authorized_user JSON file)"});
    for (const auto &[field, value] : {std::pair{"trainingMachine", &s.trainingMachine},
                                       std::pair{"servingMachine", &s.servingMachine}})
        if (!isMachineType(*value))
            problems.push_back(
                {field, cat("'", *value, "' is not a machine type such as n1-standard-4")});
    for (const auto &[field, value] :
         {std::pair{"trainerImage", &s.trainerImage}, std::pair{"servingImage", &s.servingImage}})
        if (value->find_first_of(" \t\r\n") != std::string::npos)
            problems.push_back({field, cat("'", *value, "' is not an image URI (it has a space)")});
    return problems;
}

namespace {

Expected<void> firstProblem(const CloudSettings &s)
{
    const auto problems = checkCloudSettings(s);
    if (!problems.empty())
        return fail(ErrorCode::InvalidArgument, cat("cloud settings, ", problems.front().field,
                                                    ": ", problems.front().message));
    return {};
}

}  // namespace

Expected<void> requireForTraining(const CloudSettings &s)
{
    if (auto ok = firstProblem(s); !ok)
        return ok;
    if (s.gcsRoot.empty())
        return fail(ErrorCode::InvalidArgument,
                    "cloud settings: set the Cloud Storage root (gs://BUCKET/PATH) the split and "
                    "the jobs' output go to");
    if (s.trainerImage.empty())
        return fail(ErrorCode::InvalidArgument,
                    "cloud settings: set the trainer image (built by "
                    "packaging/containers/build-images.sh, see docs/cloud.md)");
    return {};
}

Expected<void> requireForDeploy(const CloudSettings &s)
{
    if (auto ok = firstProblem(s); !ok)
        return ok;
    if (s.gcsRoot.empty())
        return fail(ErrorCode::InvalidArgument,
                    "cloud settings: set the Cloud Storage root (gs://BUCKET/PATH) models go to");
    if (s.servingImage.empty())
        return fail(ErrorCode::InvalidArgument,
                    "cloud settings: set the serving image (built by "
                    "packaging/containers/build-images.sh, see docs/cloud.md)");
    return {};
}

Expected<void> requireForBigQuery(const CloudSettings &s)
{
    if (auto ok = firstProblem(s); !ok)
        return ok;
    if (s.bigQueryTable.empty())
        return fail(ErrorCode::InvalidArgument,
                    "cloud settings: set the BigQuery table (PROJECT.DATASET.TABLE)");
    if (s.gcsRoot.empty())
        return fail(ErrorCode::InvalidArgument,
                    "cloud settings: set the Cloud Storage root the split is exported to");
    return {};
}

}  // namespace covertype
