// The lookup order of gcloud and the client libraries, written down once.
#include "config/cloudconfig.h"

#include <cstdlib>
#include <regex>

#include "auth/credentials.h"
#include "base/text.h"
#include "config/gcloudconfig.h"
#include "http/httpclient.h"

namespace covertype::cloud {

namespace {

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

/// A root URL from an override variable: a scheme added to a bare host:port, a '/' at the end.
Expected<std::string> rootFrom(const char *variable, std::string value, bool hostOnly)
{
    if (hostOnly && value.find("://") == std::string::npos)
        value = "http://" + value;
    if (!value.ends_with('/'))
        value += '/';
    if (auto ok = checkTransportSecurity(value, variable); !ok)
        return std::unexpected(ok.error());
    return value;
}

}  // namespace

bool isValidProjectId(const std::string &project)
{
    static const std::regex pattern("^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$");
    return std::regex_match(project, pattern);
}

Expected<CloudConfig> resolveCloudConfig(const CloudFlags &flags,
                                         const CredentialSource *credentials, bool requireProject)
{
    CloudConfig config;
    const GcloudConfiguration gcloud = readActiveGcloudConfiguration();
    const std::string gcloudLabel = cat("gcloud configuration '", gcloud.name, "'");

    const auto pick = [](std::string &value, std::string &source, const std::string &candidate,
                         const std::string &from) {
        if (value.empty() && !candidate.empty()) {
            value = candidate;
            source = from;
        }
    };
    pick(config.project, config.projectSource, flags.project, "--project");
    pick(config.project, config.projectSource, environment("CLOUDSDK_CORE_PROJECT"),
         "CLOUDSDK_CORE_PROJECT");
    pick(config.project, config.projectSource, environment("GOOGLE_CLOUD_PROJECT"),
         "GOOGLE_CLOUD_PROJECT");
    pick(config.project, config.projectSource, gcloud.get("core", "project"), gcloudLabel);
    if (credentials)
        pick(config.project, config.projectSource, credentials->projectId(),
             credentials->description());
    if (config.project.empty() && requireProject)
        return fail(ErrorCode::InvalidArgument,
                    cat("no Google Cloud project: give --project, set CLOUDSDK_CORE_PROJECT or "
                        "GOOGLE_CLOUD_PROJECT, or run `gcloud config set project ID`"));
    if (!config.project.empty() && !isValidProjectId(config.project))
        return fail(ErrorCode::InvalidArgument,
                    cat(config.projectSource, ": '", config.project.substr(0, 64),
                        "' is not a project id (6-30 lowercase letters, digits and '-', "
                        "starting with a letter)"));

    pick(config.region, config.regionSource, flags.region, "--region");
    pick(config.region, config.regionSource, environment("CLOUDSDK_AI_REGION"),
         "CLOUDSDK_AI_REGION");
    pick(config.region, config.regionSource, gcloud.get("ai", "region"), gcloudLabel);
    pick(config.region, config.regionSource, kDefaultRegion, "the default");
    static const std::regex regionPattern("^[a-z]+(-[a-z]+)?[0-9]*(-[a-z0-9]+)*$");
    if (config.region.size() > 40 || !std::regex_match(config.region, regionPattern))
        return fail(ErrorCode::InvalidArgument,
                    cat(config.regionSource, ": '", config.region.substr(0, 64),
                        "' is not a region (e.g. us-central1)"));

    const std::string aiplatform = environment("CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM");
    auto ai =
        rootFrom("CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM",
                 aiplatform.empty() ? cat("https://", config.region, "-aiplatform.googleapis.com/")
                                    : aiplatform,
                 false);
    const std::string storage = environment("STORAGE_EMULATOR_HOST");
    auto gcs = rootFrom("STORAGE_EMULATOR_HOST",
                        storage.empty() ? "https://storage.googleapis.com/" : storage, true);
    const std::string bigquery = environment("BIGQUERY_EMULATOR_HOST");
    auto bq = rootFrom("BIGQUERY_EMULATOR_HOST",
                       bigquery.empty() ? "https://bigquery.googleapis.com/" : bigquery, true);
    for (const auto *root : {&ai, &gcs, &bq})
        if (!*root)
            return std::unexpected(root->error());
    config.aiplatformRoot = *ai;
    config.storageRoot = *gcs;
    config.bigqueryRoot = *bq;
    return config;
}

}  // namespace covertype::cloud
