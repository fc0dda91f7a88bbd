// Vertex AI as a TrainingBackend: hyperparameter tuning job and custom job on the uploaded split.
#include "vertex/vertextraining.h"

#include <algorithm>
#include <map>
#include <random>

#include "base/text.h"
#include "data/csvwriter.h"
#include "runs/runrecording.h"
#include "storage/gcsuri.h"
#include "training/model.h"

namespace covertype::cloud {

using nlohmann::json;

std::optional<ParameterValue> vertexParameterValue(const ParameterSpec &param, const json &value)
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

std::optional<double> vertexTrialMetric(const TuningSpec &spec, const json &trial)
{
    if (!trial.contains("finalMeasurement"))
        return std::nullopt;
    const json metrics = trial["finalMeasurement"].value("metrics", json::array());
    for (const json &m : metrics)
        if (m.value("metricId", "") == spec.metricTag && m.contains("value") &&
            m["value"].is_number())
            return m["value"].get<double>();
    if (!metrics.empty() && metrics[0].contains("value") && metrics[0]["value"].is_number())
        return metrics[0]["value"].get<double>();
    return std::nullopt;
}

std::optional<std::string> trialLogArgument(const json &job)
{
    const json *pools = &job;
    for (const char *key : {"jobSpec", "workerPoolSpecs"}) {
        if (!pools->is_object() || !pools->contains(key))
            return std::nullopt;
        pools = &(*pools)[key];
    }
    if (!pools->is_array())
        return std::nullopt;
    constexpr std::string_view kFlag = "--trial-log=";
    for (const json &pool : *pools) {
        const json args = pool.value("containerSpec", json::object()).value("args", json::array());
        for (const json &arg : args)
            if (arg.is_string() && arg.get<std::string>().starts_with(kFlag))
                return arg.get<std::string>().substr(kFlag.size());
    }
    return std::nullopt;
}

std::optional<TrialRecord> trialLogRecord(const TuningSpec &spec, const json &logged)
{
    if (!logged.is_object() || !logged.contains("trial_id") || !logged["trial_id"].is_string())
        return std::nullopt;
    TrialRecord out;
    out.trialId = logged["trial_id"].get<std::string>();
    const std::string state = logged.value("state", "FAILED");
    out.state = trialStateFromText(state).value_or(TrialState::Failed);
    if (out.state == TrialState::Active)
        out.state = TrialState::Failed;
    out.stoppedEarly = out.state == TrialState::StoppedEarly;
    if (logged.contains("metric_value") && logged["metric_value"].is_number())
        out.finalMetric = logged["metric_value"].get<double>();
    if (logged.contains("message") && logged["message"].is_string())
        out.error = logged["message"].get<std::string>();
    if (state == "CANCELLED" && out.error.empty())
        out.error = "cancelled";
    const json parameters = logged.value("parameters", json::object());
    if (!parameters.is_object())
        return std::nullopt;
    for (const ParameterSpec &param : spec.params)
        if (parameters.contains(param.name))
            if (auto v = vertexParameterValue(param, parameters[param.name]))
                out.parameters.emplace_back(param.name, *v);
    return out;
}

namespace {

/// The tuning result of a job that ended (or could not be followed) with `trials`: trials
/// still active are cancelled, sorted by id, and the best one under the goal chosen.
Expected<TuningResult> finishedTuning(const TuningSpec &spec, const Expected<json> &final,
                                      std::map<std::string, TrialResult> trials)
{
    TuningResult result;
    if (!final) {
        if (final.error().code != ErrorCode::Cancelled)
            return std::unexpected(final.error());
        result.state = TuningState::Cancelled;
        result.message = final.error().message;
    } else {
        const std::string state = final->value("state", "");
        result.state = state == "JOB_STATE_SUCCEEDED"   ? TuningState::Succeeded
                       : state == "JOB_STATE_CANCELLED" ? TuningState::Cancelled
                                                        : TuningState::Failed;
        if (final->contains("error"))
            result.message = (*final)["error"].value("message", "");
        if (result.state == TuningState::Failed && result.message.empty())
            result.message = "the tuning job ended " + state;
    }
    for (auto &[id, t] : trials) {
        if (t.state == TrialOutcome::Active) {
            t.state = TrialOutcome::Cancelled;
            t.message = "the job ended before the trial finished";
        }
        result.trials.push_back(t);
    }
    std::ranges::sort(result.trials, [](const TrialResult &a, const TrialResult &b) {
        return a.trialId.size() != b.trialId.size() ? a.trialId.size() < b.trialId.size()
                                                    : a.trialId < b.trialId;
    });
    for (size_t i = 0; i < result.trials.size(); ++i) {
        const TrialResult &t = result.trials[i];
        if (t.state != TrialOutcome::Succeeded || !t.objective)
            continue;
        const auto &b = result.best;
        if (!b || (spec.goal == Goal::Maximize ? *t.objective > *result.trials[*b].objective
                                               : *t.objective < *result.trials[*b].objective))
            result.best = i;
    }
    return result;
}

}  // namespace

VertexTrainingBackend::VertexTrainingBackend(const VertexClient &vertex, const GcsClient &storage,
                                             VertexTrainingSettings settings)
    : m_vertex(vertex), m_storage(storage), m_settings(std::move(settings))
{
}

std::string VertexTrainingBackend::workUri(const std::string &name) const
{
    const std::string &root = m_settings.gcsRoot;
    return cat(root.ends_with('/') ? root : root + "/", "pipeline/", m_settings.work, "/", name);
}

json VertexTrainingBackend::jobSpec(json container, const std::string &output) const
{
    container["imageUri"] = m_settings.trainerImage;
    return {{"workerPoolSpecs",
             {{{"machineSpec", {{"machineType", m_settings.machineType}}},
               {"replicaCount", "1"},
               {"containerSpec", std::move(container)}}}},
            {"baseOutputDirectory", {{"outputUriPrefix", workUri(output)}}}};
}

json VertexTrainingBackend::labels() const
{
    if (m_settings.runLabel.empty())
        return json::object();
    return {{"covertype-run", m_settings.runLabel}};
}

Expected<void> VertexTrainingBackend::uploadSplit(const Dataset &training,
                                                  const Dataset &validation)
{
    if (m_uploaded)
        return {};
    for (const auto &[split, data] :
         {std::pair{"training", &training}, {"validation", &validation}}) {
        auto uri = parseGcsUri(workUri(cat("datasets/", split, "/data.csv")));
        if (!uri)
            return std::unexpected(uri.error());
        GcsTransferOptions options;
        options.contentType = "text/csv";
        if (auto stored = m_storage.uploadData(datasetToCsv(*data), *uri, options); !stored)
            return std::unexpected(stored.error());
    }
    m_uploaded = true;
    return {};
}

Expected<json> VertexTrainingBackend::runJob(VertexJobKind kind, const json &job,
                                             const std::function<bool()> &cancelRequested,
                                             const std::function<void(const json &)> &onPoll)
{
    // Following a job made earlier (the workbench re-attaching) instead of making one.
    std::random_device device;
    auto created =
        m_follow.empty()
            ? m_vertex.createJob(kind, job, cat(m_settings.work, "-", device() % 100000000))
            : m_vertex.getJob(m_follow);
    if (!created)
        return std::unexpected(created.error());
    const std::string name = created->value("name", "");
    m_jobs.push_back(name);
    std::string lastState;
    const auto tell = [&](const json &resource) {
        const std::string state = resource.value("state", "");
        if (!m_observer || state == lastState)
            return;
        lastState = state;
        RemoteJobEvent event{name, state, m_vertex.consoleUrl(name), {}};
        if (resource.contains("error") && resource["error"].is_object())
            event.message = resource["error"].value("message", "");
        m_observer(event);
    };
    tell(*created);
    bool cancelled = false;
    auto final = m_vertex.waitForJob(
        name,
        [&](const json &resource) {
            tell(resource);
            if (onPoll)
                onPoll(resource);
            cancelled = !m_detach && cancelRequested && cancelRequested();
            return !cancelled && !m_detach;
        },
        m_settings.timeout, [this] { return m_detach.load(); });
    if (m_detach)
        return fail(ErrorCode::Cancelled, cat(name, " goes on running: followed again later"));
    if (cancelled) {
        (void)m_vertex.cancelJob(name);
        if (m_observer)
            m_observer({name, "JOB_STATE_CANCELLING", m_vertex.consoleUrl(name), {}});
        return fail(ErrorCode::Cancelled, cat(name, " was cancelled"));
    }
    if (!final && final.error().code == ErrorCode::Cancelled && m_observer)
        m_observer({name, "JOB_STATE_CANCELLING", m_vertex.consoleUrl(name), {}});
    return final;
}

Expected<TuningResult> VertexTrainingBackend::tune(const TuningSpec &spec, const Dataset &training,
                                                   const Dataset &validation,
                                                   const TuningOptions &options)
{
    if (m_settings.trainerImage.empty())
        return fail(ErrorCode::InvalidArgument,
                    "Vertex AI training needs the trainer image (packaging/containers)");
    if (auto uploaded = uploadSplit(training, validation); !uploaded)
        return std::unexpected(uploaded.error());
    return m_settings.oneJob ? tuneInOneJob(spec, options) : tuneStudy(spec, options);
}

Expected<TuningResult> VertexTrainingBackend::followTuning(const TuningSpec &spec,
                                                           const std::string &remoteJob,
                                                           const TuningOptions &options)
{
    const bool study = remoteJob.find("/hyperparameterTuningJobs/") != std::string::npos;
    if (!study && remoteJob.find("/customJobs/") == std::string::npos)
        return fail(ErrorCode::InvalidArgument,
                    cat("'", remoteJob, "' is not a Vertex AI tuning or custom job"));
    m_follow = remoteJob;
    auto result = study ? tuneStudy(spec, options) : tuneInOneJob(spec, options);
    m_follow.clear();
    return result;
}

Expected<TuningResult> VertexTrainingBackend::tuneStudy(const TuningSpec &spec,
                                                        const TuningOptions &options)
{
    json job = json::parse(writeTuningSpec(spec, TuningFormat::VertexJson));
    job["displayName"] = cat("covertype-", m_settings.work, "-tune");
    job["labels"] = labels();
    job["trialJobSpec"] =
        jobSpec({{"args",
                  {"--training_dataset_path=" + workUri("datasets/training/data.csv"),
                   "--validation_dataset_path=" + workUri("datasets/validation/data.csv"),
                   "--hptune=True"}}},
                "tuning");

    // Trials as the local tuner reports them: started when first seen, finished once.
    std::map<std::string, TrialResult> trials;
    const auto toResult = [&](const json &trial) {
        TrialResult t;
        t.trialId = trial.value("id", "");
        t.values.resize(spec.params.size());
        for (size_t i = 0; i < spec.params.size(); ++i) {
            const ParameterSpec &p = spec.params[i];
            t.values[i] = p.type == ParameterType::Categorical
                              ? ParameterValue(std::string())
                              : (p.type == ParameterType::Integer ? ParameterValue(int64_t(0))
                                                                  : ParameterValue(0.0));
        }
        for (const json &p : trial.value("parameters", json::array())) {
            const int index = spec.paramIndex(p.value("parameterId", ""));
            if (index >= 0 && p.contains("value"))
                if (auto v = vertexParameterValue(spec.params[size_t(index)], p["value"]))
                    t.values[size_t(index)] = *v;
        }
        const std::string state = trial.value("state", "");
        if (state == "SUCCEEDED") {
            t.objective = vertexTrialMetric(spec, trial);
            t.state = t.objective ? TrialOutcome::Succeeded : TrialOutcome::Failed;
            if (!t.objective)
                t.message = "the trial reported no " + spec.metricTag;
        } else if (state == "INFEASIBLE") {
            t.state = TrialOutcome::Failed;
            t.message = trial.value("infeasibleReason", "the trial failed");
        } else {
            t.state = TrialOutcome::Active;
        }
        return t;
    };
    const auto follow = [&](const json &resource) {
        for (const json &trial : resource.value("trials", json::array())) {
            TrialResult t = toResult(trial);
            if (t.trialId.empty())
                continue;
            const auto it = trials.find(t.trialId);
            if (it == trials.end() && options.onTrialStarted) {
                TrialResult started = t;
                started.state = TrialOutcome::Active;
                options.onTrialStarted(started);
            }
            const bool wasActive = it == trials.end() || it->second.state == TrialOutcome::Active;
            trials[t.trialId] = t;
            if (wasActive && t.state != TrialOutcome::Active && options.onTrialFinished)
                options.onTrialFinished(t);
        }
    };
    auto final = runJob(VertexJobKind::HyperparameterTuning, job, options.cancelRequested, follow);
    if (final)
        follow(*final);
    return finishedTuning(spec, final, std::move(trials));
}

Expected<TuningResult> VertexTrainingBackend::tuneInOneJob(const TuningSpec &spec,
                                                           const TuningOptions &options)
{
    auto configUri = parseGcsUri(workUri("study/config.json"));
    if (!configUri)
        return std::unexpected(configUri.error());
    GcsTransferOptions asJsonFile;
    asJsonFile.contentType = "application/json";
    if (m_follow.empty())
        if (auto stored = m_storage.uploadData(writeTuningSpec(spec, TuningFormat::PipelineJson),
                                               *configUri, asJsonFile);
            !stored)
            return std::unexpected(stored.error());
    // Where the study writes its trials: here under the work folder; a job followed again says
    // where in its own arguments (`covertype cloud tune --mode job` writes elsewhere).
    std::string trialLog = workUri("study/trials/");
    const json job = {
        {"displayName", cat("covertype-", m_settings.work, "-tune")},
        {"labels", labels()},
        {"jobSpec", jobSpec({{"command", {kProgramInTrainerImage, "tune"}},
                             {"args",
                              {"--config=" + configUri->toString(),
                               "--training=" + workUri("datasets/training/data.csv"),
                               "--validation=" + workUri("datasets/validation/data.csv"),
                               "--trial-log=" + trialLog, "--json"}}},
                            "study")}};

    std::map<std::string, TrialResult> trials;
    std::optional<Error> followError;
    const auto follow = [&](const json &polled) {
        if (auto logged = trialLogArgument(polled))
            trialLog = *logged;
        auto prefix = parseGcsUri(trialLog);
        if (!prefix)
            return;
        auto listing = m_storage.list(*prefix);
        if (!listing)
            return;  // not there yet, or a passing failure: the next poll tries again
        for (const GcsObject &object : listing->objects) {
            const std::string base = object.name.substr(object.name.rfind('/') + 1);
            if (!base.starts_with("trial-") || followError)
                continue;
            auto bytes = m_storage.downloadData(object.uri(), int64_t(1) << 20);
            if (!bytes)
                continue;
            const auto record = trialLogRecord(spec, json::parse(*bytes, nullptr, false));
            auto trial = record ? trialResultOf(spec, *record)
                                : Expected<TrialResult>(std::unexpected(
                                      Error{ErrorCode::Corrupt,
                                            cat(object.uri().toString(), ": not a trial record")}));
            if (!trial) {
                followError = trial.error();
                continue;
            }
            if (trials.contains(trial->trialId))
                continue;
            trials[trial->trialId] = *trial;
            if (options.onTrialStarted) {
                TrialResult started = *trial;
                started.state = TrialOutcome::Active;
                started.objective.reset();
                options.onTrialStarted(started);
            }
            if (options.onTrialFinished)
                options.onTrialFinished(*trial);
        }
    };
    const auto cancelRequested = [&] {
        return followError.has_value() || (options.cancelRequested && options.cancelRequested());
    };
    auto final = runJob(VertexJobKind::Custom, job, cancelRequested, follow);
    if (followError)
        return std::unexpected(*followError);
    if (final)
        follow(*final);  // the trials written after the last poll
    return finishedTuning(spec, final, std::move(trials));
}

Expected<TrainOutcome> VertexTrainingBackend::train(const Dataset &training,
                                                    const Dataset &validation,
                                                    const TrainParams &params,
                                                    const std::function<bool()> &cancelRequested)
{
    if (m_settings.trainerImage.empty())
        return fail(ErrorCode::InvalidArgument,
                    "Vertex AI training needs the trainer image (packaging/containers)");
    if (auto uploaded = uploadSplit(training, validation); !uploaded)
        return std::unexpected(uploaded.error());
    char alpha[40];
    std::snprintf(alpha, sizeof alpha, "%.17g", params.alpha);
    const json job = {
        {"displayName", cat("covertype-", m_settings.work, "-train")},
        {"labels", labels()},
        {"jobSpec",
         jobSpec({{"args",
                   {"--training_dataset_path=" + workUri("datasets/training/data.csv"),
                    "--validation_dataset_path=" + workUri("datasets/validation/data.csv"),
                    "--hptune=False", cat("--alpha=", alpha), cat("--max_iter=", params.maxIter),
                    cat("--seed=", params.seed)}}},
                 "training")}};
    auto final = runJob(VertexJobKind::Custom, job, cancelRequested, {});
    if (!final)
        return std::unexpected(final.error());
    const std::string state = final->value("state", "");
    if (state != "JOB_STATE_SUCCEEDED")
        return fail(ErrorCode::Unavailable,
                    cat("the training job ended ", state, ": ",
                        final->contains("error") ? (*final)["error"].value("message", "")
                                                 : std::string("no error given")));
    const std::string modelUri = workUri("training/model/model.json");
    auto uri = parseGcsUri(modelUri);
    if (!uri)
        return std::unexpected(uri.error());
    auto bytes = m_storage.downloadData(*uri, int64_t(64) << 20);
    if (!bytes)
        return std::unexpected(bytes.error());
    const json document = json::parse(*bytes, nullptr, false);
    if (document.is_discarded())
        return fail(ErrorCode::Corrupt, modelUri + ": not JSON");
    auto model = Model::fromJson(document, modelUri);
    if (!model)
        return std::unexpected(model.error());
    TrainOutcome out;
    out.model = std::move(*model);
    return out;
}

}  // namespace covertype::cloud
