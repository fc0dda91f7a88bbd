// covertype cloud tune: the course's tuning job as a Vertex AI hyperparameter tuning job (one
// trial per custom-job VM, the trainer image running the course arguments on gs:// data), its
// trials recorded in the run store as they finish, like local ones, with backend vertex.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <set>

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
#include "vertex/vertextraining.h"

namespace covertype::cli {

namespace {

using nlohmann::json;

/// The run store's record of a Vertex AI trial.
TrialRecord trialRecord(const TuningSpec &spec, const json &trial)
{
    TrialRecord out;
    out.trialId = trial.value("id", "");
    for (const json &p : trial.value("parameters", json::array())) {
        const int index = spec.paramIndex(p.value("parameterId", ""));
        if (index < 0 || !p.contains("value"))
            continue;
        if (auto v = cloud::vertexParameterValue(spec.params[size_t(index)], p["value"]))
            out.parameters.emplace_back(spec.params[size_t(index)].name, *v);
    }
    const std::string state = trial.value("state", "");
    if (state == "SUCCEEDED") {
        out.state = TrialState::Succeeded;
        out.finalMetric = cloud::vertexTrialMetric(spec, trial);
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

/// A run whose job could not be followed to its end: CANCELLED after Ctrl-C, else FAILED.
int abandonRun(RunStore &store, int64_t runId, const Error &error)
{
    const bool cancelled = error.code == ErrorCode::Cancelled;
    (void)store.setRunState(runId, cancelled ? RunState::Cancelled : RunState::Failed,
                            error.message);
    reportError(error);
    return cancelled ? 130 : kExitFailure;
}

/// The end of a cloud tuning run in either mode: the run takes the job's final state, and the
/// best of `trials` under the goal is printed with it (or the summary, with `extra`, as JSON).
int finishRun(RunStore &store, int64_t runId, const TuningSpec &spec, const json &final,
              const std::vector<TrialRecord> &trials, bool asJson, json extra)
{
    const std::string state = final.value("state", "");
    const std::string message =
        final.contains("error") ? final["error"].value("message", "") : std::string();
    const RunState runState = state == "JOB_STATE_SUCCEEDED"   ? RunState::Succeeded
                              : state == "JOB_STATE_CANCELLED" ? RunState::Cancelled
                                                               : RunState::Failed;
    if (auto ok = store.setRunState(runId, runState, message); !ok)
        return reportError(ok.error());
    const TrialRecord *best = nullptr;
    for (const TrialRecord &t : trials)
        if (t.state == TrialState::Succeeded && t.finalMetric &&
            (!best || (spec.goal == Goal::Maximize ? *t.finalMetric > *best->finalMetric
                                                   : *t.finalMetric < *best->finalMetric)))
            best = &t;
    if (asJson) {
        json summary = std::move(extra);
        summary.update({{"run", runId},
                        {"backend", "vertex"},
                        {"job", final.value("name", "")},
                        {"state", state},
                        {"trials", trials.size()}});
        if (best)
            summary["best"] = {{"trial", best->trialId},
                               {"metric", *best->finalMetric},
                               {"parameters", parameterText(*best)}};
        if (!message.empty())
            summary["message"] = message;
        std::printf("%s\n", summary.dump(2).c_str());
    } else {
        if (best)
            std::printf("\nbest    trial %s: %s %.4f (%s)\n", best->trialId.c_str(),
                        spec.metricTag.c_str(), *best->finalMetric, parameterText(*best).c_str());
        std::printf("run %lld %s%s%s\n", static_cast<long long>(runId), state.c_str(),
                    message.empty() ? "" : ": ", message.c_str());
    }
    return runState == RunState::Succeeded ? kExitOk : kExitFailure;
}

/// What job mode needs from the command.
struct JobMode
{
    const TuningSpec &spec;
    const cloud::VertexClient &vertex;
    const cloud::GcsClient &storage;
    RunStore &store;
    int64_t runId = 0;
    std::string training, validation, jobRoot, image, machine;
    bool asJson = false;
};

/// One custom job running `covertype tune` on the gs:// split: no VM start per trial. Its trials
/// come back through the trial log in Cloud Storage, recorded as they appear.
int runJobMode(const JobMode &m, const std::function<int(const Error &)> &failRun)
{
    auto configUri = cloud::parseGcsUri(m.jobRoot + "config.json");
    if (!configUri)
        return failRun(configUri.error());
    cloud::GcsTransferOptions asJsonFile;
    asJsonFile.contentType = "application/json";
    if (auto stored = m.storage.uploadData(writeTuningSpec(m.spec, TuningFormat::PipelineJson),
                                           *configUri, asJsonFile);
        !stored)
        return failRun(stored.error());
    const std::string trialLog = m.jobRoot + "trials/";
    const json job = {
        {"displayName", cat("covertype-run-", m.runId)},
        {"labels", {{"covertype-run", cloud::vertexLabelValue(std::to_string(m.runId))}}},
        {"jobSpec",
         {{"workerPoolSpecs",
           {{{"machineSpec", {{"machineType", m.machine}}},
             {"replicaCount", "1"},
             {"containerSpec",
              {{"imageUri", m.image},
               {"command", {cloud::kProgramInTrainerImage, "tune"}},
               {"args",
                {"--config=" + configUri->toString(), "--training=" + m.training,
                 "--validation=" + m.validation, "--trial-log=" + trialLog, "--json"}}}}}}},
          {"baseOutputDirectory", {{"outputUriPrefix", m.jobRoot}}}}}};
    auto created = m.vertex.createJob(cloud::VertexJobKind::Custom, job,
                                      cat("run-", m.runId, "-", requestId()));
    if (!created)
        return failRun(created.error());
    const std::string name = created->value("name", "");
    if (auto ok = m.store.setRemoteJob(m.runId, name); !ok)
        return failRun(ok.error());
    if (!m.asJson) {
        std::printf(
            "run %lld: %d trials, %d in parallel in one Vertex AI custom job (%s)\n"
            "job     %s\nconsole %s\ntrials  %s\n",
            static_cast<long long>(m.runId), m.spec.maxTrials, m.spec.maxParallelTrials,
            m.machine.c_str(), name.c_str(), m.vertex.consoleUrl(name).c_str(), trialLog.c_str());
        std::fflush(stdout);
    }

    std::set<std::string> seen;
    std::vector<TrialRecord> finished;
    std::optional<Error> followError;
    const auto follow = [&] {
        auto prefix = cloud::parseGcsUri(trialLog);
        if (!prefix)
            return false;
        auto listing = m.storage.list(*prefix);
        if (!listing)
            return true;  // not there yet, or a passing failure: the next poll tries again
        for (const cloud::GcsObject &object : listing->objects) {
            const std::string base = object.name.substr(object.name.rfind('/') + 1);
            if (!base.starts_with("trial-") || seen.contains(base))
                continue;
            auto bytes = m.storage.downloadData(object.uri(), int64_t(1) << 20);
            if (!bytes)
                continue;
            const auto trial = cloud::trialLogRecord(m.spec, json::parse(*bytes, nullptr, false));
            if (!trial) {
                followError =
                    Error{ErrorCode::Corrupt, cat(object.uri().toString(), ": not a trial record")};
                return false;
            }
            if (auto ok = m.store.addTrial(m.runId, *trial); !ok) {
                followError = ok.error();
                return false;
            }
            seen.insert(base);
            finished.push_back(*trial);
            if (!m.asJson) {
                char metric[64] = "";
                if (trial->finalMetric)
                    std::snprintf(metric, sizeof metric, " %s %.4f", m.spec.metricTag.c_str(),
                                  *trial->finalMetric);
                std::printf("trial %-3s %-13s%s  %s\n", trial->trialId.c_str(),
                            std::string(toText(trial->state)).c_str(), metric,
                            parameterText(*trial).c_str());
                std::fflush(stdout);
            }
        }
        return true;
    };
    auto final = m.vertex.waitForJob(
        name, [&](const json &) { return follow(); }, std::chrono::hours(72));
    if (followError)
        return failRun(*followError);
    if (!final)
        return abandonRun(m.store, m.runId, final.error());
    follow();  // the trials written after the last poll
    if (followError)
        return failRun(*followError);
    return finishRun(m.store, m.runId, m.spec, *final, finished, m.asJson, {{"mode", "job"}});
}

}  // namespace

int runCloudTune(const Args &args)
{
    CommandLine cmd(
        "cloud tune",
        "--config FILE (--gcs-root gs://B/ROOT | --training gs://... --validation gs://...) "
        "[--mode study|job] [--trainer-image URI] [--machine-type T] [--store PATH] [--json]",
        "Runs the tuning job of a config (gcloud config.yaml, the pipeline's JSON or a Vertex AI "
        "study\nspec) as a Vertex AI hyperparameter tuning job: each trial is a custom job "
        "running the trainer\nimage with the course arguments on the split in Cloud Storage "
        "(ROOT/datasets/training and\nvalidation, as cloud split writes them). Trials are "
        "recorded in the run store as they finish,\nlike local ones (backend vertex), and "
        "the job is labelled with the run id (cloud cleanup --run).\n--mode job runs all trials in "
        "one "
        "custom job instead (`covertype tune` in the trainer image, no VM\nstart per trial), its "
        "trials read back from ROOT/jobs/run-ID/trials/ as they finish. The estimate\nof both "
        "modes is printed first. Ctrl-C cancels the job.",
        withCloudOptions(
            {{"config", "FILE", "tuning config (YAML or JSON)"},
             {"gcs-root", "gs://B/ROOT", "the course layout: ROOT/datasets/<split>/data.csv"},
             {"training", "gs://...", "the training split (instead of --gcs-root)"},
             {"validation", "gs://...", "the validation split (instead of --gcs-root)"},
             {"trainer-image", "URI", "trainer container (default $COVERTYPE_TRAINER_IMAGE)"},
             {"mode", "MODE", "study (a VM per trial, the default) or job (one custom job)"},
             {"machine-type", "T", "machine of each trial or of the job (default n1-standard-4)"},
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
    const std::string root = flagOrEnvironment(cmd, "gcs-root", "COVERTYPE_GCS_ROOT");
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
    const std::string image = flagOrEnvironment(cmd, "trainer-image", "COVERTYPE_TRAINER_IMAGE");
    if (image.empty())
        return reportError(Error{ErrorCode::Usage,
                                 "give --trainer-image (or set COVERTYPE_TRAINER_IMAGE): the "
                                 "trainer container's URI (docs/cloud.md, Containers)"});
    const std::string machine = cmd.value("machine-type", "n1-standard-4");
    const std::string mode = cmd.value("mode", "study");
    if (mode != "study" && mode != "job")
        return reportError(
            Error{ErrorCode::Usage, cat("--mode must be study or job, not '", mode, "'")});
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    auto store = openStoreOption(cmd);
    if (!store)
        return reportError(store.error());
    const auto &config = (*session)->config();
    const cloud::VertexClient vertex = (*session)->vertex();

    // The estimate of both modes before anything is submitted, from the training split's size
    // (the course CSV takes about 58 bytes a row).
    const bool asJson = cmd.has("json");
    const cloud::GcsClient storage = (*session)->storage();
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

    if (mode == "job") {
        std::string jobRoot = root;
        if (jobRoot.empty()) {
            auto uri = cloud::parseGcsUri(training);
            if (!uri)
                return failRun(uri.error());
            jobRoot = "gs://" + uri->bucket + "/covertype";
        }
        jobRoot = cat(jobRoot.ends_with('/') ? jobRoot : jobRoot + "/", "jobs/run-", *runId, "/");
        return runJobMode(JobMode{*spec, vertex, storage, **store, *runId, training, validation,
                                  jobRoot, image, machine, asJson},
                          failRun);
    }

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
    if (!final)
        return abandonRun(**store, *runId, final.error());
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
    std::vector<TrialRecord> trials;
    for (const json &trial : final->value("trials", json::array()))
        trials.push_back(trialRecord(*spec, trial));
    return finishRun(**store, *runId, *spec, *final, trials, asJson,
                     estimate ? json{{"estimate", tuningEstimateJson(*estimate)}} : json::object());
}

}  // namespace covertype::cli
