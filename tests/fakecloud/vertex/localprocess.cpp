// Child processes for jobs and deployments: posix_spawn into a new process group, output pumped
// by one thread per process, bounded waits and a group kill.
#include "vertex/localprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char **environ;

namespace covertype::fakecloud::vertex {

namespace {

void appendCapped(std::string &buffer, const char *data, size_t size, size_t cap)
{
    buffer.append(data, size);
    if (buffer.size() > cap)
        buffer.erase(0, buffer.size() - cap);
}

}  // namespace

LocalProcess::LocalProcess(const std::vector<std::string> &argv, const EnvList &environment,
                           size_t outputCap)
    : m_cap(outputCap)
{
    if (argv.empty()) {
        m_startError = "no command to run";
        return;
    }
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
        m_startError = std::string("pipe: ") + std::strerror(errno);
        return;
    }
    if (::pipe2(err, O_CLOEXEC) != 0) {
        m_startError = std::string("pipe: ") + std::strerror(errno);
        ::close(out[0]);
        ::close(out[1]);
        return;
    }
    std::vector<char *> args;
    for (const auto &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> envText;
    for (const auto &[name, value] : environment)
        envText.push_back(name + "=" + value);
    std::vector<char *> envp;
    for (auto &e : envText)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]);
    ::close(err[1]);
    if (rc != 0) {
        m_startError = "cannot run " + argv[0] + ": " + std::strerror(rc);
        ::close(out[0]);
        ::close(err[0]);
        return;
    }
    m_pid = pid;
    m_reader = std::thread([this, o = out[0], e = err[0]] { readLoop(o, e); });
}

LocalProcess::~LocalProcess()
{
    if (m_pid > 0 && !finished())
        stop(std::chrono::milliseconds(500));
    if (m_reader.joinable())
        m_reader.join();
}

void LocalProcess::readLoop(int outFd, int errFd)
{
    pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
    int open = 2;
    char buf[8192];
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                const std::lock_guard lock(m_mutex);
                appendCapped(i == 0 ? m_out : m_err, buf, size_t(n), m_cap);
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (const auto &p : fds)
        if (p.fd >= 0)
            ::close(p.fd);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    const std::lock_guard lock(m_mutex);
    m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    m_finished = true;
    m_ended.notify_all();
}

bool LocalProcess::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (m_pid <= 0)
        return true;
    return m_ended.wait_for(lock, timeout, [this] { return m_finished; });
}

bool LocalProcess::finished() const
{
    const std::lock_guard lock(m_mutex);
    return m_pid <= 0 || m_finished;
}

std::optional<int> LocalProcess::exitCode() const
{
    const std::lock_guard lock(m_mutex);
    if (!m_finished)
        return std::nullopt;
    return m_status;
}

void LocalProcess::stop(std::chrono::milliseconds grace)
{
    if (m_pid <= 0 || finished())
        return;
    ::kill(-m_pid, SIGTERM);
    if (wait(grace))
        return;
    ::kill(-m_pid, SIGKILL);
    wait(std::chrono::milliseconds(10'000));
}

std::string LocalProcess::stderrTail() const
{
    const std::lock_guard lock(m_mutex);
    return m_err;
}

std::string LocalProcess::stdoutTail() const
{
    const std::lock_guard lock(m_mutex);
    return m_out;
}

void setEnv(EnvList &env, const std::string &name, const std::string &value)
{
    for (auto &[n, v] : env)
        if (n == name) {
            v = value;
            return;
        }
    env.emplace_back(name, value);
}

EnvList containerEnvironment(const EnvList &extra)
{
    EnvList env;
    for (char **e = environ; e && *e; ++e) {
        const std::string entry = *e;
        const size_t eq = entry.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string name = entry.substr(0, eq);
        if (name == "GOOGLE_APPLICATION_CREDENTIALS" || name.starts_with("CLOUDSDK_") ||
            name.starts_with("AIP_") || name.starts_with("CLOUD_ML_") ||
            name == "GOOGLE_CLOUD_PROJECT" || name.ends_with("_EMULATOR_HOST") ||
            name.starts_with("GCE_METADATA_"))
            continue;
        env.emplace_back(name, entry.substr(eq + 1));
    }
    for (const auto &[name, value] : extra)
        setEnv(env, name, value);
    return env;
}

}  // namespace covertype::fakecloud::vertex
