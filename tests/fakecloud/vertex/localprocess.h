// A child process the fake Vertex AI runs in place of a container: its own process group (so a
// cancel reaches its children), stdout and stderr captured with only the last bytes kept, and
// every wait bounded.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace covertype::fakecloud::vertex {

using EnvList = std::vector<std::pair<std::string, std::string>>;

class LocalProcess
{
public:
    /// Starts `argv` with exactly `environment`; on failure running() is false and
    /// startError() says why.
    LocalProcess(const std::vector<std::string> &argv, const EnvList &environment,
                 size_t outputCap = 64 * 1024);
    /// Kills the process group (if still running) and reaps it.
    ~LocalProcess();
    LocalProcess(const LocalProcess &) = delete;
    LocalProcess &operator=(const LocalProcess &) = delete;

    [[nodiscard]] bool started() const { return m_pid > 0; }
    [[nodiscard]] const std::string &startError() const { return m_startError; }
    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// Waits until the process ends or `timeout` passes; true when it has ended.
    bool wait(std::chrono::milliseconds timeout);
    [[nodiscard]] bool finished() const;
    /// The exit status once finished: the exit code, or 128 + signal.
    [[nodiscard]] std::optional<int> exitCode() const;
    /// SIGTERM to the group, SIGKILL after `grace`; returns when it has ended.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
    /// The last outputCap bytes of stderr and stdout.
    [[nodiscard]] std::string stderrTail() const;
    [[nodiscard]] std::string stdoutTail() const;

private:
    void readLoop(int outFd, int errFd);

    pid_t m_pid = -1;
    std::string m_startError;
    size_t m_cap;
    mutable std::mutex m_mutex;
    std::condition_variable m_ended;
    bool m_finished = false;
    int m_status = 0;
    std::string m_out, m_err;
    std::thread m_reader;
};

/// The environment of this process without what a Vertex container would not have
/// (GOOGLE_APPLICATION_CREDENTIALS, CLOUDSDK_*, AIP_*, CLOUD_ML_*), plus `extra` (later wins).
[[nodiscard]] EnvList containerEnvironment(const EnvList &extra);

/// Sets `name` in `env` (replacing an earlier value).
void setEnv(EnvList &env, const std::string &name, const std::string &value);

}  // namespace covertype::fakecloud::vertex
