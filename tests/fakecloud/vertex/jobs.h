// customJobs and hyperparameterTuningJobs of the fake Vertex AI: the job state machine
// (QUEUED -> PENDING -> RUNNING -> SUCCEEDED | FAILED | CANCELLED), run as real local processes
// in place of the containers, one per job or per trial, with Vertex AI's environment; trials
// get their parameters as flags and report their metric with cloudml-hypertune.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/exchange.h"
#include "vertex/rpcstatus.h"
#include "vertex/vertexcontext.h"

namespace covertype::fakecloud::vertex {

class LocalProcess;

class JobStore
{
public:
    enum class Kind { Custom, Tuning };

    explicit JobStore(VertexContext &context);
    /// Cancels every running job, stops its processes and joins its thread.
    ~JobStore();
    JobStore(const JobStore &) = delete;
    JobStore &operator=(const JobStore &) = delete;

    /// `location` from the path; `body` the canonical job the client sent.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> create(Kind kind,
                                                                 const std::string &location,
                                                                 nlohmann::json body);
    [[nodiscard]] std::expected<nlohmann::json, RpcError> get(Kind kind,
                                                              const std::string &name) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> list(Kind kind,
                                                               const std::string &location,
                                                               const Request &request) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> cancel(Kind kind,
                                                                 const std::string &name);
    /// Answers the delete operation.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> remove(Kind kind,
                                                                 const std::string &name);

    [[nodiscard]] static const char *collection(Kind kind);

private:
    struct Job
    {
        Kind kind = Kind::Custom;
        std::string name;
        nlohmann::json resource;  ///< guarded by JobStore::m_mutex
        std::string workDir;
        std::atomic<bool> cancelRequested{false};
        std::thread worker;
    };
    struct TrialRun;

    void run(const std::shared_ptr<Job> &job);
    void runCustom(const std::shared_ptr<Job> &job);
    void runTuning(const std::shared_ptr<Job> &job);
    /// Sets the state (and start/end/update times as the state implies).
    void setState(Job &job, const std::string &state, const std::optional<RpcError> &error = {});
    [[nodiscard]] std::string state(const Job &job) const;
    /// Sleeps up to `duration`; false when the job was cancelled meanwhile.
    bool pause(Job &job, std::chrono::milliseconds duration);
    /// Starts the container of `pool` with `extraArgs` and `extraEnv`.
    [[nodiscard]] std::expected<std::unique_ptr<LocalProcess>, std::string> startContainer(
        const nlohmann::json &pool, const std::vector<std::string> &extraArgs,
        const EnvList &extraEnv) const;
    [[nodiscard]] std::chrono::milliseconds timeoutOf(const nlohmann::json &jobSpec) const;
    void finishTrial(Job &job, TrialRun &trial, const nlohmann::json &studySpec, bool timedOut);

    VertexContext &m_context;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;  ///< notified on cancel and shutdown
    std::map<std::string, std::shared_ptr<Job>> m_jobs;
    std::atomic<bool> m_shuttingDown{false};
};

}  // namespace covertype::fakecloud::vertex
