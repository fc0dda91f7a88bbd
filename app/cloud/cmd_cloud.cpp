// covertype cloud: the Google Cloud backend from the command line (credentials, Cloud Storage,
// and later BigQuery and Vertex AI), dispatched to one subcommand.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>

#include "auth/credentials.h"
#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"

namespace covertype::cli {

namespace {

struct Subcommand
{
    const char *name;
    int (*run)(const Args &);
    const char *summary;
};

constexpr Subcommand kSubcommands[] = {
    {"auth", runCloudAuth, "check: which credentials, account, project and region are used"},
    {"cp", runCloudCopy, "copy a file to or from Cloud Storage (gs://BUCKET/OBJECT)"},
    {"ls", runCloudList, "list Cloud Storage objects under gs://BUCKET[/PREFIX]"},
    {"rm", runCloudRemove, "delete Cloud Storage objects"},
    {"bq", runCloudBigQuery, "load: create the course table in BigQuery from a local file"},
    {"split", runCloudSplit, "the course split in BigQuery, exported to Cloud Storage"},
    {"jobs", runCloudJobs, "Vertex AI jobs: list, show (trials, best trial), cancel"},
    {"endpoints", runCloudEndpoints, "Vertex AI endpoints: list, undeploy, delete"},
    {"predict", runCloudPredict, "query a Vertex AI endpoint with gcloud's instance format"},
    {"estimate", runCloudEstimate,
     "time and cost of a tuning job on Vertex AI in both modes (no credentials)"},
    {"tune", runCloudTune, "the tuning job on Vertex AI, its trials recorded in the run store"},
    {"train", runCloudTrain, "the final training as a Vertex AI custom job"},
    {"deploy", runCloudDeploy, "deploy a model to a Vertex AI endpoint, step by step"},
    {"cleanup", runCloudCleanup, "remove the jobs, endpoints and models a run made"},
};

void printCloudUsage(FILE *out)
{
    std::fputs(
        "Usage: covertype cloud <command> [options]\n\n"
        "Google Cloud from the command line, with the credentials, project and region "
        "gcloud\nwould use (docs/cloud.md).\n\nCommands:\n",
        out);
    for (const Subcommand &s : kSubcommands)
        std::fprintf(out, "  %-10s %s\n", s.name, s.summary);
    std::fputs("\nRun 'covertype cloud <command> --help' for a command's options.\n", out);
}

std::string untilExpiry(std::chrono::system_clock::time_point at)
{
    const auto minutes =
        std::chrono::duration_cast<std::chrono::minutes>(at - std::chrono::system_clock::now())
            .count();
    return cat(minutes, " min");
}

}  // namespace

int runCloud(const Args &args)
{
    if (args.empty()) {
        printCloudUsage(stderr);
        return kExitUsage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printCloudUsage(stdout);
        return kExitOk;
    }
    const Args rest(args.begin() + 1, args.end());
    for (const Subcommand &s : kSubcommands)
        if (args[0] == s.name)
            return s.run(rest);
    std::fprintf(stderr, "covertype: error: unknown cloud command '%s'\n\n", args[0].c_str());
    printCloudUsage(stderr);
    return kExitUsage;
}

int runCloudAuth(const Args &args)
{
    CommandLine cmd("cloud auth", "check [--project ID] [--region REGION] [--json]",
                    "Finds credentials the way Google's client libraries do (Application Default "
                    "Credentials:\nGOOGLE_APPLICATION_CREDENTIALS, gcloud's "
                    "application_default_credentials.json, the\nmetadata server, then `gcloud "
                    "auth print-access-token`), gets an access token with them\nand says which "
                    "account, project and region commands will use, and where each came from.\n"
                    "The token itself is never printed.",
                    withCloudOptions({{"json", "", "print the result as JSON"}}));
    Args options = args;
    if (!options.empty() && options[0] == "check")
        options.erase(options.begin());
    else if (!options.empty() && !options[0].starts_with("-"))
        return reportError(Error{ErrorCode::Usage, cat("covertype cloud auth: unknown action '",
                                                       options[0], "' (check)")});
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const auto &config = (*session)->config();
    auto &tokens = (*session)->tokens();
    auto token = tokens.token((*session)->stopToken());
    if (!token)
        return reportError(token.error());
    const auto &source = tokens.source();
    const std::string account = source.account();
    if (cmd.has("json")) {
        const nlohmann::json out = {
            {"credentials", source.description()},
            {"account", account},
            {"project", config.project},
            {"project_source", config.projectSource},
            {"region", config.region},
            {"region_source", config.regionSource},
            {"token_expires_in_s", std::chrono::duration_cast<std::chrono::seconds>(
                                       tokens.expiresAt() - std::chrono::system_clock::now())
                                       .count()},
            {"endpoints",
             {{"aiplatform", config.aiplatformRoot},
              {"storage", config.storageRoot},
              {"bigquery", config.bigqueryRoot}}}};
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }
    std::printf("credentials  %s\n", source.description().c_str());
    std::printf("account      %s\n", account.empty() ? "(not known)" : account.c_str());
    std::printf("project      %s  (from %s)\n", config.project.c_str(),
                config.projectSource.c_str());
    std::printf("region       %s  (from %s)\n", config.region.c_str(), config.regionSource.c_str());
    std::printf("access token obtained, valid for %s\n", untilExpiry(tokens.expiresAt()).c_str());
    std::printf(
        "endpoints    Vertex AI %s\n             Cloud Storage %s\n             BigQuery "
        "%s\n",
        config.aiplatformRoot.c_str(), config.storageRoot.c_str(), config.bigqueryRoot.c_str());
    return kExitOk;
}

}  // namespace covertype::cli
