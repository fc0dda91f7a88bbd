// covertype cloud deploy / cleanup: a model to a Vertex AI endpoint as a checklist of steps
// (removing what it made when a step fails), and the removal of everything a run made.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"
#include "storage/gcsclient.h"
#include "vertex/vertexdeployment.h"

namespace covertype::cli {

namespace {

using nlohmann::json;

const char *stepMark(cloud::DeployStep::State state)
{
    switch (state) {
        case cloud::DeployStep::State::Started:
            return "..";
        case cloud::DeployStep::State::Done:
            return "ok";
        case cloud::DeployStep::State::Failed:
            return "FAILED";
        case cloud::DeployStep::State::Removed:
            return "removed";
    }
    return "";
}

}  // namespace

int runCloudDeploy(const Args &args)
{
    CommandLine cmd(
        "cloud deploy",
        "--model PATH|gs://... --name MODEL --version V [--endpoint ID] [--serving-image URI] "
        "[--gcs-root gs://B/ROOT] [--machine-type T] [--run ID] [--replace] [--json]",
        "Deploys a model.json to a Vertex AI endpoint and waits until it serves: the model is "
        "checked,\ncopied to {gcs-root}/models/MODEL/V/, uploaded as a Vertex model served by "
        "the serving image,\nand deployed with all the traffic on the model's endpoint "
        "(created when missing). Each step\nis printed as it runs; when one fails, what this "
        "deploy created is removed again.",
        withCloudOptions(
            {{"model", "PATH", "the model: a model.json, a job directory, or gs://"},
             {"name", "MODEL", "the model name (default covertype_classifier)"},
             {"version", "V", "the version name, e.g. v01"},
             {"endpoint", "ID",
              "deploy to this endpoint, created when missing (default: the model's own)"},
             {"serving-image", "URI", "serving container (default $COVERTYPE_SERVING_IMAGE)"},
             {"gcs-root", "gs://B/ROOT", "where artifacts go (default $COVERTYPE_GCS_ROOT)"},
             {"machine-type", "T", "machine type (default n1-standard-2)"},
             {"run", "ID", "label the resources with this run id (cloud cleanup --run)"},
             {"replace", "", "deploy a version that is already deployed again"},
             {"json", "", "print the deployment as JSON"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto model = cmd.required("model");
    if (!model)
        return reportError(model.error());
    auto version = cmd.required("version");
    if (!version)
        return reportError(version.error());
    cloud::VertexDeploySettings settings;
    settings.servingImage = flagOrEnvironment(cmd, "serving-image", "COVERTYPE_SERVING_IMAGE");
    settings.gcsRoot = flagOrEnvironment(cmd, "gcs-root", "COVERTYPE_GCS_ROOT");
    settings.machineType = cmd.value("machine-type", settings.machineType);
    settings.runId = cmd.value("run");
    settings.endpoint = cmd.value("endpoint");
    if (settings.servingImage.empty())
        return reportError(Error{ErrorCode::Usage,
                                 "give --serving-image (or set COVERTYPE_SERVING_IMAGE): the "
                                 "serving container's URI (docs/cloud.md, Containers)"});
    if (settings.gcsRoot.empty())
        return reportError(Error{ErrorCode::Usage,
                                 "give --gcs-root gs://BUCKET/ROOT (or set COVERTYPE_GCS_ROOT): "
                                 "where the model artifact is stored"});
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::VertexClient vertex = (*session)->vertex();
    const cloud::GcsClient storage = (*session)->storage();
    cloud::VertexDeploymentTarget target(vertex, storage, settings);
    const bool asJson = cmd.has("json");
    target.setStepObserver([&](const cloud::DeployStep &step) {
        if (step.state == cloud::DeployStep::State::Started)
            return;  // printed once, when it ends
        std::fprintf(stderr, "  [%s] %s%s%s\n", stepMark(step.state), step.what.c_str(),
                     step.detail.empty() ? "" : ": ", step.detail.c_str());
    });
    auto deployed = target.deploy(*model, cmd.value("name", "covertype_classifier"), *version,
                                  cmd.has("replace"));
    if (!deployed)
        return reportError(deployed.error());
    if (asJson) {
        std::printf("%s\n", json{{"target", deployed->target},
                                 {"model", deployed->model},
                                 {"version", deployed->version},
                                 {"endpoint", deployed->endpoint},
                                 {"artifact", deployed->modelPath},
                                 {"console", vertex.consoleUrl(deployed->endpoint)}}
                                .dump(2)
                                .c_str());
    } else {
        std::printf("deployed %s %s on %s\nconsole  %s\n", deployed->model.c_str(),
                    deployed->version.c_str(), deployed->endpoint.c_str(),
                    vertex.consoleUrl(deployed->endpoint).c_str());
    }
    return kExitOk;
}

int runCloudCleanup(const Args &args)
{
    CommandLine cmd("cloud cleanup", "--run ID [--dry-run] [--json]",
                    "Removes what a run made on Vertex AI (everything labelled "
                    "covertype-run=ID): jobs still\nrunning are cancelled and deleted, "
                    "endpoints undeployed and deleted, models deleted.\n--dry-run lists them "
                    "and removes nothing.",
                    withCloudOptions({{"run", "ID", "the run id"},
                                      {"dry-run", "", "only list what would be removed"},
                                      {"json", "",
                                       "print what was (or would be) removed as "
                                       "JSON"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto run = cmd.required("run");
    if (!run)
        return reportError(run.error());
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::VertexClient vertex = (*session)->vertex();
    const std::string filter = cat("labels.covertype-run=\"", cloud::vertexLabelValue(*run), "\"");
    const bool dryRun = cmd.has("dry-run");
    const bool asJson = cmd.has("json");
    json report = {{"run", *run},
                   {"dry_run", dryRun},
                   {"removed", json::array()},
                   {"failed", json::array()},
                   {"found", json::array()}};
    const auto timeout = std::chrono::minutes(30);
    int removed = 0;
    int failed = 0;
    const auto outcome = [&](const std::string &what, const Expected<void> &done) {
        if (done) {
            ++removed;
            report["removed"].push_back(what);
            if (!asJson)
                std::printf("removed %s\n", what.c_str());
        } else {
            ++failed;
            report["failed"].push_back({{"name", what}, {"error", done.error().message}});
            std::fprintf(stderr, "covertype: error: cannot remove %s: %s\n", what.c_str(),
                         done.error().message.c_str());
        }
    };
    const auto found = [&](const std::string &what, const std::string &state) {
        report["found"].push_back(what);
        if (!asJson)
            std::printf("would remove %s%s\n", what.c_str(),
                        state.empty() ? "" : (" (" + state + ")").c_str());
    };

    for (const auto kind :
         {cloud::VertexJobKind::HyperparameterTuning, cloud::VertexJobKind::Custom}) {
        auto jobs = vertex.listJobs(kind, filter);
        if (!jobs)
            return reportError(jobs.error());
        for (const json &job : *jobs) {
            const std::string name = job.value("name", "");
            if (dryRun) {
                found(name, job.value("state", ""));
                continue;
            }
            if (!cloud::isFinalJobState(job.value("state", ""))) {
                if (auto cancelled = vertex.cancelJob(name); !cancelled) {
                    outcome(name, cancelled);
                    continue;
                }
                // A job is deleted once it has stopped.
                auto stopped = vertex.waitForJob(name, {}, std::chrono::seconds(300));
                if (!stopped) {
                    outcome(name, std::unexpected(stopped.error()));
                    continue;
                }
            }
            outcome(name, vertex.deleteJob(name));
        }
    }
    auto endpoints = vertex.listEndpoints(filter);
    if (!endpoints)
        return reportError(endpoints.error());
    for (const json &endpoint : *endpoints) {
        const std::string name = endpoint.value("name", "");
        if (dryRun) {
            found(name, "");
            continue;
        }
        Expected<void> done;
        const json split = endpoint.value("trafficSplit", json::object());
        std::vector<json> deployedModels;
        for (const json &d : endpoint.value("deployedModels", json::array()))
            deployedModels.push_back(d);
        // The ones without traffic first: the last one may always go.
        std::ranges::stable_sort(deployedModels, [&](const json &a, const json &b) {
            return split.value(a.value("id", ""), 0) < split.value(b.value("id", ""), 0);
        });
        for (size_t i = 0; i < deployedModels.size() && done; ++i) {
            // While others stay, the last of them takes the traffic of the one going.
            const json rest = i + 1 < deployedModels.size()
                                  ? json{{deployedModels.back().value("id", ""), 100}}
                                  : json::object();
            done = vertex.undeployModel(name, deployedModels[i].value("id", ""), timeout, rest);
        }
        if (done)
            done = vertex.deleteEndpoint(name, timeout);
        outcome(name, done);
    }
    auto models = vertex.listModels(filter);
    if (!models)
        return reportError(models.error());
    for (const json &model : *models) {
        const std::string name = model.value("name", "");
        if (dryRun) {
            found(name, "");
            continue;
        }
        outcome(name, vertex.deleteModel(name, timeout));
    }
    if (asJson)
        std::printf("%s\n", report.dump(2).c_str());
    else if (!dryRun)
        std::printf("%d removed, %d could not be removed\n", removed, failed);
    return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace covertype::cli
