// covertype cloud jobs / endpoints / predict: Vertex AI's jobs and endpoints from the command
// line, by full resource name or by id in the session's project and region.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"
#include "vertex/vertexclient.h"

namespace covertype::cli {

namespace {

using nlohmann::json;

/// The arguments before the first option, and the rest.
std::pair<Args, Args> actionAndOperands(const Args &args)
{
    Args words, options;
    bool inOptions = false;
    for (const std::string &arg : args) {
        inOptions = inOptions || arg.starts_with("-");
        (inOptions ? options : words).push_back(arg);
    }
    return {words, options};
}

/// A resource name: given whole (projects/...), or an id under parent/collection.
std::string resourceName(const cloud::VertexClient &vertex, const std::string &collection,
                         const std::string &nameOrId)
{
    if (nameOrId.starts_with("projects/"))
        return nameOrId;
    return cat(vertex.parent(), "/", collection, "/", nameOrId);
}

std::string shortTime(const json &resource, const char *key)
{
    const std::string t = resource.value(key, "");
    return t.size() >= 19 ? t.substr(0, 19) + "Z" : t;
}

/// The best finished trial of a tuning job under its first metric's goal, or null.
json bestTrial(const json &job)
{
    const bool maximize = job.contains("studySpec") && job["studySpec"].contains("metrics") &&
                          !job["studySpec"]["metrics"].empty() &&
                          job["studySpec"]["metrics"][0].value("goal", "MAXIMIZE") != "MINIMIZE";
    json best;
    double bestValue = 0;
    for (const json &trial : job.value("trials", json::array())) {
        if (trial.value("state", "") != "SUCCEEDED" || !trial.contains("finalMeasurement"))
            continue;
        const json &metrics = trial["finalMeasurement"].value("metrics", json::array());
        if (metrics.empty() || !metrics[0].contains("value") || !metrics[0]["value"].is_number())
            continue;
        const double value = metrics[0]["value"].get<double>();
        if (best.is_null() || (maximize ? value > bestValue : value < bestValue)) {
            best = trial;
            bestValue = value;
        }
    }
    return best;
}

}  // namespace

int runCloudJobs(const Args &args)
{
    CommandLine cmd("cloud jobs",
                    "list [--kind tuning|custom] [--filter F] | show NAME|ID | cancel NAME|ID "
                    "[--kind ...] [--json]",
                    "Vertex AI jobs of the project and region: hyperparameter tuning jobs "
                    "(--kind tuning, the\ndefault) or custom jobs (--kind custom). show prints a "
                    "job's state, trials and best trial;\ncancel asks the service to stop it.",
                    withCloudOptions(
                        {{"kind", "KIND", "tuning (default) or custom"},
                         {"filter", "F", "list: the API's filter, e.g. labels.covertype-run=\"3\""},
                         {"json", "", "print the service's JSON"}}));
    auto [words, options] = actionAndOperands(args);
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    if (words.empty() || (words[0] != "list" && words.size() != 2) ||
        (words[0] != "list" && words[0] != "show" && words[0] != "cancel"))
        return reportError(
            Error{ErrorCode::Usage, "covertype cloud jobs: give list, show NAME or cancel NAME"});
    const std::string kindName = cmd.value("kind", "tuning");
    if (kindName != "tuning" && kindName != "custom")
        return reportError(Error{ErrorCode::Usage, "--kind must be tuning or custom"});
    const auto kind = kindName == "custom" ? cloud::VertexJobKind::Custom
                                           : cloud::VertexJobKind::HyperparameterTuning;
    const char *collection = kindName == "custom" ? "customJobs" : "hyperparameterTuningJobs";
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::VertexClient vertex = (*session)->vertex();

    if (words[0] == "list") {
        auto jobs = vertex.listJobs(kind, cmd.value("filter"));
        if (!jobs)
            return reportError(jobs.error());
        if (cmd.has("json")) {
            std::printf("%s\n", json(*jobs).dump(2).c_str());
            return kExitOk;
        }
        std::printf("%-22s %-28s %-21s %s\n", "id", "state", "created", "display name");
        for (const json &job : *jobs) {
            const std::string name = job.value("name", "");
            std::printf("%-22s %-28s %-21s %s\n", name.substr(name.rfind('/') + 1).c_str(),
                        job.value("state", "").c_str(), shortTime(job, "createTime").c_str(),
                        job.value("displayName", "").c_str());
        }
        return kExitOk;
    }
    const std::string name = resourceName(vertex, collection, words[1]);
    if (words[0] == "cancel") {
        if (auto ok = vertex.cancelJob(name); !ok)
            return reportError(ok.error());
        std::printf("cancel requested for %s\n", name.c_str());
        return kExitOk;
    }
    auto job = vertex.getJob(name);
    if (!job)
        return reportError(job.error());
    if (cmd.has("json")) {
        std::printf("%s\n", job->dump(2).c_str());
        return kExitOk;
    }
    std::printf("job       %s\nstate     %s\ncreated   %s\nconsole   %s\n", name.c_str(),
                job->value("state", "").c_str(), shortTime(*job, "createTime").c_str(),
                vertex.consoleUrl(name).c_str());
    if (job->contains("error"))
        std::printf("error     %s\n", (*job)["error"].value("message", "").c_str());
    if (job->contains("trials")) {
        const json &trials = (*job)["trials"];
        std::printf("trials    %zu of %lld\n", trials.size(),
                    static_cast<long long>(job->value("maxTrialCount", 0)));
        if (const json best = bestTrial(*job); !best.is_null()) {
            std::string parameters;
            for (const json &p : best.value("parameters", json::array()))
                parameters += cat(parameters.empty() ? "" : ", ", p.value("parameterId", ""), "=",
                                  p.contains("value") ? p["value"].dump() : "");
            std::printf("best      trial %s: %s %s (%s)\n", best.value("id", "").c_str(),
                        best["finalMeasurement"]["metrics"][0].value("metricId", "").c_str(),
                        best["finalMeasurement"]["metrics"][0]["value"].dump().c_str(),
                        parameters.c_str());
        }
    }
    return kExitOk;
}

int runCloudEndpoints(const Args &args)
{
    CommandLine cmd("cloud endpoints",
                    "list | undeploy ENDPOINT DEPLOYED_MODEL_ID | delete ENDPOINT [--json]",
                    "Vertex AI endpoints of the project and region with their deployed models "
                    "and traffic\nsplit; undeploy removes one deployed model; delete removes an "
                    "endpoint that serves\nnothing (undeploy its models first).",
                    withCloudOptions({{"json", "", "print the service's JSON"}}));
    auto [words, options] = actionAndOperands(args);
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    const bool ok = !words.empty() && ((words[0] == "list" && words.size() == 1) ||
                                       (words[0] == "undeploy" && words.size() == 3) ||
                                       (words[0] == "delete" && words.size() == 2));
    if (!ok)
        return reportError(Error{ErrorCode::Usage,
                                 "covertype cloud endpoints: give list, undeploy ENDPOINT "
                                 "DEPLOYED_MODEL_ID or delete ENDPOINT"});
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::VertexClient vertex = (*session)->vertex();
    if (words[0] == "list") {
        auto endpoints = vertex.listEndpoints("");
        if (!endpoints)
            return reportError(endpoints.error());
        if (cmd.has("json")) {
            std::printf("%s\n", json(*endpoints).dump(2).c_str());
            return kExitOk;
        }
        for (const json &e : *endpoints) {
            const std::string name = e.value("name", "");
            std::printf("%s  %s\n", name.substr(name.rfind('/') + 1).c_str(),
                        e.value("displayName", "").c_str());
            const json split = e.value("trafficSplit", json::object());
            for (const json &d : e.value("deployedModels", json::array())) {
                const std::string id = d.value("id", "");
                std::printf("  deployed %s  %s%%  %s\n", id.c_str(),
                            split.contains(id) ? split[id].dump().c_str() : "0",
                            d.value("model", "").c_str());
            }
        }
        return kExitOk;
    }
    const std::string name = resourceName(vertex, "endpoints", words[1]);
    if (words[0] == "undeploy") {
        if (auto done = vertex.undeployModel(name, words[2], std::chrono::minutes(30)); !done)
            return reportError(done.error());
        std::printf("undeployed %s from %s\n", words[2].c_str(), name.c_str());
        return kExitOk;
    }
    if (auto done = vertex.deleteEndpoint(name, std::chrono::minutes(30)); !done)
        return reportError(done.error());
    std::printf("deleted %s\n", name.c_str());
    return kExitOk;
}

int runCloudPredict(const Args &args)
{
    CommandLine cmd("cloud predict", "--endpoint NAME|ID --json-instances FILE [--probabilities]",
                    "Sends the instances (gcloud's format: one JSON instance per line) to a "
                    "Vertex AI endpoint\nand prints its answer: predictions and the deployed "
                    "model that answered.",
                    withCloudOptions({{"endpoint", "NAME|ID", "the endpoint"},
                                      {"json-instances", "FILE", "instances, one per line"},
                                      {"probabilities", "", "ask for class probabilities too"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto endpoint = cmd.required("endpoint");
    if (!endpoint)
        return reportError(endpoint.error());
    auto path = cmd.required("json_instances");
    if (!path)
        return reportError(path.error());
    auto instances = readInstanceValues(*path);
    if (!instances)
        return reportError(instances.error());
    json body = {{"instances", std::move(*instances)}};
    if (cmd.has("probabilities"))
        body["parameters"] = {{"probabilities", true}};
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::VertexClient vertex = (*session)->vertex();
    auto answer = vertex.predict(resourceName(vertex, "endpoints", *endpoint), body);
    if (!answer)
        return reportError(answer.error());
    std::printf("%s\n", answer->dump().c_str());
    return kExitOk;
}

}  // namespace covertype::cli
