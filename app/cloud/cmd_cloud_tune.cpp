// covertype cloud tune: the course's tuning job as a Vertex AI hyperparameter tuning job (one
// trial per custom-job VM, the trainer image running the course arguments on gs:// data), its
// trials recorded in the run store as they finish, like local ones, with backend vertex.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"
#include "costs/pricetable.h"
#include "costs/tuningestimate.h"
#include "runs/runstore.h"
#include "storage/gcsclient.h"
#include "storage/gcsuri.h"
#include "tuning/tuningspec.h"
#include "vertex/vertexclient.h"
#include "vertex/vertexdeployment.h"

namespace covertype::cli {

namespace {

using nlohmann::json;

std::string fromFlagOrEnvironment(const CommandLine &cmd, const char *flag, const char *variable,
                                  const std::string &fallback = {})
{
    if (cmd.has(flag))
        return cmd.value(flag);
    const char *value = std::getenv(variable);
    return value && *value ? std::string(value) : fallback;
}

/// A Vertex trial's value of one parameter as the run store keeps it (by the spec's type).
std::optional<ParameterValue> valueOf(const ParameterSpec &param, const json &value)
{
    switch (param.type) {
        case ParameterType::Integer:
            if (value.is_number())
                return int64_t(value.get<double>());
            return std::nullopt;
        case ParameterType::Double:
        case ParameterType::Discrete:
            if (value.is_number())
                return value.get<double>();
            return std::nullopt;
        case ParameterType::Categorical:
            if (value.is_string())
                return value.get<std::string>();
            return std::nullopt;
    }
    return std::nullopt;
}

/// The run store's record of a Vertex AI trial.
TrialRecord trialRecord(const TuningSpec &spec, const json &trial)
{
    TrialRecord out;
    out.trialId = trial.value("id", "");
    for (const json &p : trial.value("parameters", json::array())) {
        const int index = spec.paramIndex(p.value("parameterId", ""));
        if (index < 0 || !p.contains("value"))
            continue;
        if (auto v = valueOf(spec.params[size_t(index)], p["value"]))
            out.parameters.emplace_back(spec.params[size_t(index)].name, *v);
    }
    const std::string state = trial.value("state", "");
    if (state == "SUCCEEDED") {
        out.state = TrialState::Succeeded;
        const json metrics = trial.contains("finalMeasurement")
                                 ? trial["finalMeasurement"].value("metrics", json::array())
                                 : json::array();
        for (const json &m : metrics)
            if (m.value("metricId", "") == spec.metricTag && m.contains("value") &&
                m["value"].is_number())
                out.finalMetric = m["value"].get<double>();
        if (!out.finalMetric && !metrics.empty() && metrics[0].contains("value") &&
            metrics[0]["value"].is_number())
            out.finalMetric = metrics[0]["value"].get<double>();
    } else if (state == "INFEASIBLE") {
        out.state = TrialState::Infeasible;
        out.error = trial.value("infeasibleReason", "the trial failed");
    } else {
        out.state = TrialState::Active;
    }
    return out;
}

std::string parameterText(const TrialRecord &trial)
{
    std::string text;
    for (const auto &[name, value] : trial.parameters) {
        text += cat(text.empty() ? "" : " ", name, "=");
        if (const double *d = std::get_if<double>(&value)) {
            char number[32];
            std::snprintf(number, sizeof number, "%.6g", *d);
            text += number;
        } else {
            std::visit([&](const auto &v) { text += cat(v); }, value);
        }
    }
    return text;
}

std::string requestId()
{
    std::random_device device;
    char text[24];
    std::snprintf(text, sizeof text, "%08x%08x", device(), device());
    return text;
}

}  // namespace

int runCloudTune(const Args &args)
{
    CommandLine cmd(
        "cloud tune",
        "--config FILE (--gcs-root gs://B/ROOT | --training gs://... --validation gs://...) "
        "[--trainer-image URI] [--machine-type T] [--store PATH] [--json]",
        "Runs the tuning job of a config (gcloud config.yaml, the pipeline's JSON or a Vertex AI "
        "study\nspec) as a Vertex AI hyperparameter tuning job: each trial is a custom job "
        "running the trainer\nimage with the course arguments on the split in Cloud Storage "
        "(ROOT/datasets/training and\nvalidation, as cloud split writes them). Trials are "
        "recorded in the run store as they finish,\nlike local ones (backend vertex), and "
        "the job is labelled with the run id (cloud cleanup --run).\nCtrl-C cancels the job.",
        withCloudOptions(
            {{"config", "FILE", "tuning config (YAML or JSON)"},
             {"gcs-root", "gs://B/ROOT", "the course layout: ROOT/datasets/<split>/data.csv"},
             {"training", "gs://...", "the training split (instead of --gcs-root)"},
             {"validation", "gs://...", "the validation split (instead of --gcs-root)"},
             {"trainer-image", "URI", "trainer container (default $COVERTYPE_TRAINER_IMAGE)"},
             {"machine-type", "T", "machine of each trial (default n1-standard-4)"},
             {"store", "PATH", "run store (default: the user's data directory)"},
             {"prices", "FILE", "price file for the estimate (default: the built-in one)"},
             {"json", "", "print one JSON summary instead of text"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto spec = loadTuningOption(cmd);
    if (!spec)
        return reportError(spec.error());
    std::string training = cmd.value("training");
    std::string validation = cmd.value("validation");
    const std::string root = fromFlagOrEnvironment(cmd, "gcs-root", "COVERTYPE_GCS_ROOT");
    if (training.empty() != validation.empty())
        return reportError(
            Error{ErrorCode::Usage, "give both --training and --validation, or --gcs-root"});
    if (training.empty()) {
        if (root.empty())
            return reportError(
                Error{ErrorCode::Usage,
                      "give --gcs-root gs://BUCKET/ROOT (the split of cloud split) or "
                      "--training and --validation"});
        const std::string base = root.ends_with('/') ? root : root + "/";
        training = base + "datasets/training/data.csv";
        validation = base + "datasets/validation/data.csv";
    }
    for (const std::string &uri : {training, validation})
        if (!uri.starts_with("gs://"))
            return reportError(
                Error{ErrorCode::Usage, cat("the trials read their data from Cloud Storage: '", uri,
                                            "' is not a gs:// URI")});
    const std::string image =
        fromFlagOrEnvironment(cmd, "trainer-image", "COVERTYPE_TRAINER_IMAGE");
    if (image.empty())
        return reportError(Error{ErrorCode::Usage,
                                 "give --trainer-image (or set COVERTYPE_TRAINER_IMAGE): the "
                                 "trainer container's URI (docs/cloud.md, Containers)"});
    const std::string machine = cmd.value("machine-type", "n1-standard-4");
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    auto store = openStoreOption(cmd);
    if (!store)
        return reportError(store.error());
    const auto &config = (*session)->config();
    const cloud::VertexClient vertex((*session)->api(), config.aiplatformRoot, config.project,
                                     config.region);

    // The estimate of both modes before anything is submitted, from the training split's size
    // (the course CSV takes about 58 bytes a row).
    const bool asJson = cmd.has("json");
    const cloud::GcsClient storage((*session)->api(), config.storageRoot);
    auto trainingUri = cloud::parseGcsUri(training);
    if (!trainingUri)
        return reportError(trainingUri.error());
    auto object = storage.stat(*trainingUri);
    if (!object)
        return reportError(
            Error{object.error().code, cat("the training split: ", object.error().message)});
    const int64_t rows = std::max<int64_t>(1, object->size / 58);
    auto prices = loadConfiguredPriceTable(cmd.value("prices"));
    auto seconds = trialComputeSeconds(rows, maxEpochsOf(*spec));
    Expected<TuningEstimate> estimate = std::unexpected(Error{});
    if (prices && seconds)
        estimate = estimateTuning(*spec, *prices, {config.region, machine, *seconds});
    if (!asJson) {
        if (estimate)
            std::fprintf(stderr, "%s\n", formatTuningEstimate(*estimate).c_str());
        else
            std::fprintf(stderr, "covertype: no estimate: %s\n",
                         (!prices    ? prices.error()
                          : !seconds ? seconds.error()
                                     : estimate.error())
                             .message.c_str());
    }

    NewRun run;
    run.kind = RunKind::Tune;
    run.backend = RunBackend::Vertex;
    run.configJson = writeTuningSpec(*spec, TuningFormat::PipelineJson);
    run.splitJson = json{{"training", training}, {"validation", validation}}.dump();
    run.datasetPath = training;
    run.state = RunState::Running;
    auto runId = (*store)->createRun(run);
    if (!runId)
        return reportError(runId.error());
    const auto failRun = [&](const Error &error) {
        (void)(*store)->setRunState(*runId, RunState::Failed, error.message);
        return reportError(error);
    };

    json job = json::parse(writeTuningSpec(*spec, TuningFormat::VertexJson));
    const std::string runLabel = cloud::vertexLabelValue(std::to_string(*runId));
    job["displayName"] = cat("covertype-run-", *runId);
    job["labels"] = {{"covertype-run", runLabel}};
    job["trialJobSpec"] = {
        {"workerPoolSpecs",
         {{{"machineSpec", {{"machineType", machine}}},
           {"replicaCount", "1"},
           {"containerSpec",
            {{"imageUri", image},
             {"args",
              {"--training_dataset_path=" + training, "--validation_dataset_path=" + validation,
               "--hptune=True"}}}}}}}};
    if (!root.empty())
        job["trialJobSpec"]["baseOutputDirectory"] = {
            {"outputUriPrefix", cat(root.ends_with('/') ? root : root + "/", "jobs/run-", *runId)}};
    auto created = vertex.createJob(cloud::VertexJobKind::HyperparameterTuning, job,
                                    cat("run-", *runId, "-", requestId()));
    if (!created)
        return failRun(created.error());
    const std::string name = created->value("name", "");
    if (auto ok = (*store)->setRemoteJob(*runId, name); !ok)
        return failRun(ok.error());
    if (!asJson)
        std::printf(
            "run %lld: %d trials, %d in parallel on Vertex AI (%s, %s)\njob     %s\n"
            "console %s\n",
            static_cast<long long>(*runId), spec->maxTrials, spec->maxParallelTrials,
            machine.c_str(), config.region.c_str(), name.c_str(), vertex.consoleUrl(name).c_str());
    std::fflush(stdout);

    // Trials as the job reports them: added when first seen, updated when their state moves.
    std::map<std::string, TrialState> seen;
    std::optional<Error> storeError;
    const auto record = [&](const json &resource) {
        for (const json &trial : resource.value("trials", json::array())) {
            const TrialRecord t = trialRecord(*spec, trial);
            if (t.trialId.empty())
                continue;
            const auto it = seen.find(t.trialId);
            Expected<void> ok;
            if (it == seen.end())
                ok = (*store)->addTrial(*runId, t);
            else if (it->second != t.state)
                ok = (*store)->updateTrial(*runId, t);
            else
                continue;
            if (!ok) {
                storeError = ok.error();
                return false;
            }
            seen[t.trialId] = t.state;
            if (t.state != TrialState::Active && !asJson) {
                char metric[64] = "";
                if (t.finalMetric)
                    std::snprintf(metric, sizeof metric, " %.4f", *t.finalMetric);
                std::printf("trial %-3s %s%s%s  %s\n", t.trialId.c_str(),
                            t.state == TrialState::Succeeded ? "SUCCEEDED " : "INFEASIBLE",
                            t.finalMetric ? (" " + spec->metricTag).c_str() : "",
                            t.finalMetric ? metric : (": " + t.error).c_str(),
                            parameterText(t).c_str());
                std::fflush(stdout);
            }
        }
        return true;
    };
    auto final = vertex.waitForJob(name, record, std::chrono::hours(72));
    if (storeError)
        return failRun(*storeError);
    if (!final) {
        const bool cancelled = final.error().code == ErrorCode::Cancelled;
        (void)(*store)->setRunState(*runId, cancelled ? RunState::Cancelled : RunState::Failed,
                                    final.error().message);
        reportError(final.error());
        return cancelled ? 130 : kExitFailure;
    }
    record(*final);
    const std::string state = final->value("state", "");
    // Trials the job left running when it ended did not finish.
    for (const auto &[id, trialState] : seen)
        if (trialState == TrialState::Active) {
            TrialRecord t;
            t.trialId = id;
            t.state = TrialState::Failed;
            t.error = "the job ended (" + state + ") before the trial finished";
            for (const json &trial : final->value("trials", json::array()))
                if (trial.value("id", "") == id)
                    t.parameters = trialRecord(*spec, trial).parameters;
            (void)(*store)->updateTrial(*runId, t);
        }
    const std::string message =
        final->contains("error") ? (*final)["error"].value("message", "") : std::string();
    const RunState runState = state == "JOB_STATE_SUCCEEDED"   ? RunState::Succeeded
                              : state == "JOB_STATE_CANCELLED" ? RunState::Cancelled
                                                               : RunState::Failed;
    if (auto ok = (*store)->setRunState(*runId, runState, message); !ok)
        return reportError(ok.error());

    // The best trial under the goal.
    std::optional<TrialRecord> best;
    for (const json &trial : final->value("trials", json::array())) {
        TrialRecord t = trialRecord(*spec, trial);
        if (t.state != TrialState::Succeeded || !t.finalMetric)
            continue;
        const bool better =
            !best || (spec->goal == Goal::Maximize ? *t.finalMetric > *best->finalMetric
                                                   : *t.finalMetric < *best->finalMetric);
        if (better)
            best = std::move(t);
    }
    if (asJson) {
        json summary = {{"run", *runId},
                        {"backend", "vertex"},
                        {"job", name},
                        {"state", state},
                        {"trials", final->value("trials", json::array()).size()}};
        if (best)
            summary["best"] = {{"trial", best->trialId},
                               {"metric", *best->finalMetric},
                               {"parameters", parameterText(*best)}};
        if (!message.empty())
            summary["message"] = message;
        if (estimate)
            summary["estimate"] = tuningEstimateJson(*estimate);
        std::printf("%s\n", summary.dump(2).c_str());
    } else {
        if (best)
            std::printf("\nbest    trial %s: %s %.4f (%s)\n", best->trialId.c_str(),
                        spec->metricTag.c_str(), *best->finalMetric, parameterText(*best).c_str());
        std::printf("run %lld %s%s%s\n", static_cast<long long>(*runId), state.c_str(),
                    message.empty() ? "" : ": ", message.c_str());
    }
    return runState == RunState::Succeeded ? kExitOk : kExitFailure;
}

}  // namespace covertype::cli
