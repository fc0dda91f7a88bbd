// The fake's customJobs and hyperparameterTuningJobs: resources, state machine and the worker
// thread of each job, which runs the job's or its trials' processes.
#include "vertex/jobs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "vertex/hypertunefile.h"
#include "vertex/localprocess.h"
#include "vertex/studysuggester.h"

namespace covertype::fakecloud::vertex {

namespace {

using namespace std::chrono_literals;

bool isTerminal(const std::string &state)
{
    return state == "JOB_STATE_SUCCEEDED" || state == "JOB_STATE_FAILED" ||
           state == "JOB_STATE_CANCELLED" || state == "JOB_STATE_EXPIRED";
}

/// The last `max` bytes of a process's stderr, for an error message.
std::string tail(const std::string &text, size_t max = 2000)
{
    std::string out = text.size() > max ? "..." + text.substr(text.size() - max) : text;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out;
}

/// "3600s" / "1.5s" -> milliseconds.
std::optional<std::chrono::milliseconds> parseDuration(const nlohmann::json &value)
{
    if (!value.is_string())
        return std::nullopt;
    const std::string s = value.get<std::string>();
    if (s.empty() || s.back() != 's')
        return std::nullopt;
    return std::chrono::milliseconds(int64_t(std::strtod(s.c_str(), nullptr) * 1000));
}

/// Vertex AI's output directories: "<base>/model/" or "<base>/<trial>/model/" and the others.
EnvList outputDirectories(const nlohmann::json &jobSpec, const std::string &trialId)
{
    const auto base = jobSpec.value("baseOutputDirectory", nlohmann::json::object())
                          .value("outputUriPrefix", std::string());
    if (base.empty())
        return {};
    std::string root = base;
    if (!root.ends_with('/'))
        root += '/';
    if (!trialId.empty())
        root += trialId + "/";
    return {{"AIP_MODEL_DIR", root + "model/"},
            {"AIP_CHECKPOINT_DIR", root + "checkpoints/"},
            {"AIP_TENSORBOARD_LOG_DIR", root + "logs/"}};
}

}  // namespace

struct JobStore::TrialRun
{
    std::string id;
    size_t index = 0;  ///< in resource["trials"]
    std::unique_ptr<LocalProcess> process;
    std::chrono::steady_clock::time_point deadline;
    std::string metricFile;
};

const char *JobStore::collection(Kind kind)
{
    return kind == Kind::Custom ? "customJobs" : "hyperparameterTuningJobs";
}

JobStore::JobStore(VertexContext &context) : m_context(context) {}

JobStore::~JobStore()
{
    std::map<std::string, std::shared_ptr<Job>> jobs;
    {
        const std::lock_guard lock(m_mutex);
        m_shuttingDown = true;
        jobs = m_jobs;
        for (auto &[name, job] : jobs)
            job->cancelRequested = true;
        m_wake.notify_all();
    }
    for (auto &[name, job] : jobs)
        if (job->worker.joinable())
            job->worker.join();
}

std::expected<nlohmann::json, RpcError> JobStore::create(Kind kind, const std::string &location,
                                                         nlohmann::json body)
{
    const nlohmann::json &spec = kind == Kind::Custom ? body["jobSpec"] : body["trialJobSpec"];
    const std::string specPath =
        kind == Kind::Custom ? "custom_job.job_spec" : "hyperparameter_tuning_job.trial_job_spec";
    for (size_t i = 0; i < spec.value("workerPoolSpecs", nlohmann::json::array()).size(); ++i) {
        const auto &pool = spec["workerPoolSpecs"][i];
        if (!pool.contains("containerSpec") && !pool.contains("pythonPackageSpec") &&
            pool.value("replicaCount", std::string("0")) != "0")
            return std::unexpected(
                invalidArgument("Worker pool " + std::to_string(i) +
                                    " needs a container_spec or python_package_spec.",
                                {{specPath + ".worker_pool_specs[" + std::to_string(i) + "]",
                                  "container_spec or python_package_spec is required"}}));
    }
    if (kind == Kind::Tuning) {
        auto suggester = StudySuggester::create(body["studySpec"], 0);
        if (!suggester)
            return std::unexpected(std::move(suggester.error()));
        if (body.value("parallelTrialCount", 0) > body.value("maxTrialCount", 0))
            return std::unexpected(
                invalidArgument("parallel_trial_count must not exceed max_trial_count.",
                                {{"hyperparameter_tuning_job.parallel_trial_count",
                                  "greater than max_trial_count"}}));
    }
    auto job = std::make_shared<Job>();
    job->kind = kind;
    job->name =
        m_context.parentName(location) + "/" + collection(kind) + "/" + m_context.ids.next();
    job->workDir = m_context.makeWorkDir();
    const std::string now = nowRfc3339();
    body["name"] = job->name;
    body["state"] = "JOB_STATE_QUEUED";
    body["createTime"] = now;
    body["updateTime"] = now;
    job->resource = std::move(body);
    const std::lock_guard lock(m_mutex);
    m_jobs.emplace(job->name, job);
    job->worker = std::thread([this, job] { run(job); });
    return job->resource;
}

std::expected<nlohmann::json, RpcError> JobStore::get(Kind kind, const std::string &name) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_jobs.find(name);
    if (it == m_jobs.end() || it->second->kind != kind)
        return std::unexpected(
            notFound((kind == Kind::Custom ? "CustomJob" : "HyperparameterTuningJob") +
                     std::string(" ") + name + " not found."));
    return it->second->resource;
}

std::expected<nlohmann::json, RpcError> JobStore::list(Kind kind, const std::string &location,
                                                       const Request &request) const
{
    auto filter = ListFilter::parse(request.queryValue("filter").value_or(""));
    if (!filter)
        return std::unexpected(std::move(filter.error()));
    const std::string prefix = m_context.parentName(location) + "/" + collection(kind) + "/";
    std::vector<nlohmann::json> items;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto &[name, job] : m_jobs)
            if (job->kind == kind && name.starts_with(prefix) && filter->matches(job->resource))
                items.push_back(job->resource);
    }
    // Newest first, as the service lists them.
    std::sort(items.begin(), items.end(), [](const nlohmann::json &a, const nlohmann::json &b) {
        return a["createTime"].get<std::string>() > b["createTime"].get<std::string>();
    });
    return listPage(items, collection(kind),
                    std::atoi(request.queryValue("pageSize").value_or("0").c_str()),
                    request.queryValue("pageToken").value_or(""));
}

std::expected<nlohmann::json, RpcError> JobStore::cancel(Kind kind, const std::string &name)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_jobs.find(name);
    if (it == m_jobs.end() || it->second->kind != kind)
        return std::unexpected(notFound("Job " + name + " not found."));
    Job &job = *it->second;
    const std::string current = job.resource.value("state", "");
    if (isTerminal(current))
        return std::unexpected(
            failedPrecondition("Cannot cancel job " + name + " in state " + current + "."));
    job.cancelRequested = true;
    job.resource["state"] = "JOB_STATE_CANCELLING";
    job.resource["updateTime"] = nowRfc3339();
    m_wake.notify_all();
    return nlohmann::json::object();
}

std::expected<nlohmann::json, RpcError> JobStore::remove(Kind kind, const std::string &name)
{
    std::shared_ptr<Job> job;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_jobs.find(name);
        if (it == m_jobs.end() || it->second->kind != kind)
            return std::unexpected(notFound("Job " + name + " not found."));
        const std::string current = it->second->resource.value("state", "");
        if (!isTerminal(current))
            return std::unexpected(failedPrecondition(
                "Job " + name + " is in state " + current +
                " and cannot be deleted; cancel it and wait for it to end first."));
        job = it->second;
        m_jobs.erase(it);
    }
    if (job->worker.joinable())
        job->worker.join();
    const auto parsed = parseResourceName(name);
    const std::string op = m_context.operations.start(
        m_context.parentName(parsed ? parsed->location : "us-central1"),
        "google.cloud.aiplatform.v1.DeleteOperationMetadata", m_context.settings().operationPolls);
    m_context.operations.succeed(op, "google.protobuf.Empty", nlohmann::json::object());
    return m_context.operations.peek(op).value_or(nlohmann::json::object());
}

void JobStore::setState(Job &job, const std::string &newState, const std::optional<RpcError> &error)
{
    const std::lock_guard lock(m_mutex);
    nlohmann::json &r = job.resource;
    const std::string now = nowRfc3339();
    r["state"] = newState;
    r["updateTime"] = now;
    if (newState == "JOB_STATE_RUNNING" && !r.contains("startTime"))
        r["startTime"] = now;
    if (isTerminal(newState))
        r["endTime"] = now;
    if (error)
        r["error"] = error->status();
}

std::string JobStore::state(const Job &job) const
{
    const std::lock_guard lock(m_mutex);
    return job.resource.value("state", "");
}

bool JobStore::pause(Job &job, std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, duration, [&] { return job.cancelRequested.load(); });
    return !job.cancelRequested;
}

std::chrono::milliseconds JobStore::timeoutOf(const nlohmann::json &jobSpec) const
{
    const auto limit = m_context.settings().processTimeout;
    const auto given = parseDuration(
        jobSpec.value("scheduling", nlohmann::json::object()).value("timeout", nlohmann::json()));
    return given ? std::min(*given, limit) : limit;
}

std::expected<std::unique_ptr<LocalProcess>, std::string> JobStore::startContainer(
    const nlohmann::json &pool, const std::vector<std::string> &extraArgs,
    const EnvList &extraEnv) const
{
    const nlohmann::json container = pool.value("containerSpec", nlohmann::json::object());
    const std::string image = container.value("imageUri", "");
    const auto prefix = m_context.containerCommand(image);
    if (!prefix)
        return std::unexpected(VertexContext::unknownImage(image));
    // containerSpec.command replaces the image's entrypoint, as in a container.
    std::vector<std::string> argv = *prefix;
    if (const auto command = container.value("command", nlohmann::json::array()); !command.empty())
        argv = m_context.mapProgram(command.get<std::vector<std::string>>());
    for (const auto &arg : container.value("args", nlohmann::json::array()))
        argv.push_back(arg.get<std::string>());
    argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
    EnvList env;
    for (const auto &e : container.value("env", nlohmann::json::array()))
        env.emplace_back(e.value("name", ""), e.value("value", ""));
    env.insert(env.end(), extraEnv.begin(), extraEnv.end());
    auto process = std::make_unique<LocalProcess>(argv, m_context.containerEnv(env),
                                                  m_context.settings().outputCap);
    if (!process->started())
        return std::unexpected(process->startError());
    return process;
}

void JobStore::run(const std::shared_ptr<Job> &job)
{
    const auto step = m_context.settings().stateStep;
    if (!pause(*job, step)) {
        setState(*job, "JOB_STATE_CANCELLED", RpcError{RpcCode::Cancelled, "CANCELED", {}});
        return;
    }
    setState(*job, "JOB_STATE_PENDING");
    if (!pause(*job, step)) {
        setState(*job, "JOB_STATE_CANCELLED", RpcError{RpcCode::Cancelled, "CANCELED", {}});
        return;
    }
    setState(*job, "JOB_STATE_RUNNING");
    if (job->kind == Kind::Custom)
        runCustom(job);
    else
        runTuning(job);
}

void JobStore::runCustom(const std::shared_ptr<Job> &job)
{
    nlohmann::json spec;
    {
        const std::lock_guard lock(m_mutex);
        spec = job->resource["jobSpec"];
    }
    const std::string jobId = job->name.substr(job->name.rfind('/') + 1);
    EnvList env = outputDirectories(spec, "");
    env.emplace_back("CLOUD_ML_JOB_ID", jobId);
    // Only the first replica of the first pool runs: the fake has one machine.
    auto process = startContainer(spec["workerPoolSpecs"][0], {}, env);
    if (!process) {
        setState(*job, "JOB_STATE_FAILED", RpcError{RpcCode::InvalidArgument, process.error(), {}});
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeoutOf(spec);
    while (!(*process)->wait(50ms)) {
        if (job->cancelRequested) {
            (*process)->stop();
            setState(*job, "JOB_STATE_CANCELLED", RpcError{RpcCode::Cancelled, "CANCELED", {}});
            return;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            (*process)->stop();
            setState(*job, "JOB_STATE_FAILED",
                     RpcError{RpcCode::DeadlineExceeded,
                              "The job exceeded its timeout and was stopped.",
                              {}});
            return;
        }
    }
    const int code = (*process)->exitCode().value_or(-1);
    if (code == 0) {
        setState(*job, "JOB_STATE_SUCCEEDED");
        return;
    }
    setState(*job, "JOB_STATE_FAILED",
             RpcError{RpcCode::InvalidArgument,
                      "The replica workerpool0-0 exited with a non-zero status of " +
                          std::to_string(code) + ". Termination reason: Error. Last output:\n" +
                          tail((*process)->stderrTail()),
                      {}});
}

void JobStore::finishTrial(Job &job, TrialRun &trial, const nlohmann::json &studySpec,
                           bool timedOut)
{
    const auto metric = studySpec["metrics"][0];
    const std::string metricId = metric.value("metricId", "");
    const auto measured =
        readHypertuneMetric(trial.metricFile, metricId,
                            studySpec.value("measurementSelectionType", "") == "BEST_MEASUREMENT"
                                ? MeasurementSelection::Best
                                : MeasurementSelection::Last,
                            metric.value("goal", "") == "MAXIMIZE");
    const int code = trial.process->exitCode().value_or(-1);
    std::string reason;
    if (job.cancelRequested)
        reason = "The trial was stopped: the job was cancelled.";
    else if (timedOut)
        reason = "The trial exceeded its timeout and was stopped.";
    else if (code != 0)
        reason = "The trial's process exited with a non-zero status of " + std::to_string(code) +
                 ". Last output:\n" + tail(trial.process->stderrTail());
    else if (!measured)
        reason = "The trial reported no measurement of '" + metricId + "' (" +
                 "cloudml-hypertune file empty). Last output:\n" +
                 tail(trial.process->stderrTail());
    const std::lock_guard lock(m_mutex);
    nlohmann::json &t = job.resource["trials"][trial.index];
    t["endTime"] = nowRfc3339();
    if (reason.empty()) {
        t["state"] = "SUCCEEDED";
        t["finalMeasurement"] = {
            {"stepCount", std::to_string(measured->step)},
            {"metrics", {{{"metricId", metricId}, {"value", measured->value}}}}};
    } else {
        t["state"] = "INFEASIBLE";
        t["infeasibleReason"] = reason;
    }
    job.resource["updateTime"] = t["endTime"];
}

void JobStore::runTuning(const std::shared_ptr<Job> &job)
{
    nlohmann::json resource;
    {
        const std::lock_guard lock(m_mutex);
        resource = job->resource;
    }
    const nlohmann::json studySpec = resource["studySpec"];
    const nlohmann::json spec = resource["trialJobSpec"];
    const int maxTrials = resource.value("maxTrialCount", 1);
    const int parallel = std::max(1, resource.value("parallelTrialCount", 1));
    const int maxFailed = resource.value("maxFailedTrialCount", 0);
    const std::string jobId = job->name.substr(job->name.rfind('/') + 1);
    uint64_t seed = m_context.settings().seed;
    for (const char c : job->name)
        seed = seed * 131 + uint64_t(c);
    const auto suggester = StudySuggester::create(studySpec, seed);
    const auto timeout = timeoutOf(spec);

    std::vector<TrialRun> active;
    int started = 0, failed = 0, succeeded = 0;
    bool exhausted = false;
    std::optional<RpcError> failure;
    std::string lastFailure;
    while (true) {
        while (!job->cancelRequested && !failure && !exhausted && int(active.size()) < parallel &&
               started < maxTrials) {
            const auto params = suggester->suggest(size_t(started));
            if (!params) {
                exhausted = true;
                break;
            }
            TrialRun trial;
            trial.id = std::to_string(++started);
            trial.metricFile = job->workDir + "/trial-" + trial.id + "/output.metrics";
            std::error_code ignored;
            std::filesystem::create_directories(job->workDir + "/trial-" + trial.id, ignored);
            std::vector<std::string> flags;
            nlohmann::json parameters = nlohmann::json::array();
            for (const auto &p : *params) {
                flags.push_back("--" + p.parameterId + "=" + p.argument);
                parameters.push_back({{"parameterId", p.parameterId}, {"value", p.value}});
            }
            EnvList env = outputDirectories(spec, trial.id);
            env.insert(env.end(), {{"CLOUD_ML_HP_METRIC_FILE", trial.metricFile},
                                   {"CLOUD_ML_TRIAL_ID", trial.id},
                                   {"CLOUD_ML_JOB_ID", jobId}});
            auto process = startContainer(spec["workerPoolSpecs"][0], flags, env);
            if (!process) {
                failure = RpcError{RpcCode::InvalidArgument, process.error(), {}};
                break;
            }
            trial.process = std::move(*process);
            trial.deadline = std::chrono::steady_clock::now() + timeout;
            {
                const std::lock_guard lock(m_mutex);
                auto &trials = job->resource["trials"];
                trial.index = trials.size();
                trials.push_back({{"id", trial.id},
                                  {"state", "ACTIVE"},
                                  {"parameters", parameters},
                                  {"startTime", nowRfc3339()}});
            }
            active.push_back(std::move(trial));
        }
        if (active.empty())
            break;
        std::this_thread::sleep_for(50ms);
        const bool cancelling = job->cancelRequested || failure.has_value();
        for (auto it = active.begin(); it != active.end();) {
            const bool timedOut = std::chrono::steady_clock::now() > it->deadline;
            if (!it->process->finished() && !timedOut && !cancelling) {
                ++it;
                continue;
            }
            if (!it->process->finished())
                it->process->stop();
            finishTrial(*job, *it, studySpec, timedOut);
            {
                const std::lock_guard lock(m_mutex);
                const auto &t = job->resource["trials"][it->index];
                if (t["state"] == "SUCCEEDED") {
                    ++succeeded;
                } else {
                    ++failed;
                    lastFailure = "trial " + it->id + ": " + t.value("infeasibleReason", "");
                }
            }
            it = active.erase(it);
            if (!cancelling && maxFailed > 0 && failed >= maxFailed && !failure)
                failure = RpcError{RpcCode::Internal,
                                   std::to_string(failed) +
                                       " trials failed, as many as "
                                       "max_failed_trial_count allows; the last, " +
                                       lastFailure,
                                   {}};
        }
    }
    if (job->cancelRequested) {
        setState(*job, "JOB_STATE_CANCELLED", RpcError{RpcCode::Cancelled, "CANCELED", {}});
    } else if (failure) {
        setState(*job, "JOB_STATE_FAILED", failure);
    } else if (succeeded == 0) {
        setState(*job, "JOB_STATE_FAILED",
                 RpcError{RpcCode::Internal, "All trials failed; the last, " + lastFailure, {}});
    } else {
        setState(*job, "JOB_STATE_SUCCEEDED");
    }
}

}  // namespace covertype::fakecloud::vertex
