// Credentials, configuration and cancellation for the cloud commands.
#include "cloudsession.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "auth/credentials.h"
#include "base/text.h"

namespace covertype::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
    // The next Ctrl-C ends the program the usual way.
    std::signal(SIGINT, SIG_DFL);
}

/// Turns SIGINT into a stop request (a signal handler may only set a flag; this thread passes it
/// on to the transfers and waits, which check their stop token).
class InterruptWatch
{
public:
    InterruptWatch()
    {
        std::signal(SIGINT, onInterrupt);
        m_thread = std::jthread([this](std::stop_token self) {
            while (!self.stop_requested()) {
                if (g_interrupted) {
                    std::fputs("\ncovertype: cancelling (Ctrl-C again to quit at once)\n", stderr);
                    m_source.request_stop();
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        });
    }
    [[nodiscard]] std::stop_token token() const { return m_source.get_token(); }

private:
    std::stop_source m_source;
    std::jthread m_thread;
};

InterruptWatch &interruptWatch()
{
    static InterruptWatch watch;
    return watch;
}

std::string readable(int64_t bytes)
{
    if (bytes >= int64_t(1) << 30)
        return cat(fixed(double(bytes) / double(int64_t(1) << 30), 2), " GiB");
    if (bytes >= int64_t(1) << 20)
        return cat(fixed(double(bytes) / double(1 << 20), 1), " MiB");
    if (bytes >= 1024)
        return cat(fixed(double(bytes) / 1024.0, 1), " KiB");
    return cat(bytes, " B");
}

}  // namespace

std::string flagOrEnvironment(const CommandLine &cmd, const char *flag, const char *variable)
{
    if (cmd.has(flag))
        return cmd.value(flag);
    const char *value = std::getenv(variable);
    return value ? std::string(value) : std::string();
}

std::vector<OptionSpec> withCloudOptions(std::vector<OptionSpec> options)
{
    options.push_back({"project", "ID",
                       "Google Cloud project (default: CLOUDSDK_CORE_PROJECT, "
                       "GOOGLE_CLOUD_PROJECT, gcloud's configuration, the credentials')"});
    options.push_back({"region", "REGION",
                       "Vertex AI region (default: CLOUDSDK_AI_REGION, gcloud's [ai] region, "
                       "us-central1)"});
    return options;
}

Expected<std::unique_ptr<CloudSession>> CloudSession::open(const CommandLine &cmd)
{
    return open(cloud::CloudFlags{cmd.value("project"), cmd.value("region")}, true);
}

Expected<std::unique_ptr<CloudSession>> CloudSession::openForStorage()
{
    return open(cloud::CloudFlags{}, false);
}

Expected<std::unique_ptr<CloudSession>> CloudSession::open(const cloud::CloudFlags &flags,
                                                           bool requireProject)
{
    auto source = cloud::findDefaultCredentials();
    if (!source)
        return std::unexpected(source.error());
    auto connection = cloud::CloudConnection::open(std::move(*source), flags, requireProject,
                                                   interruptWatch().token());
    if (!connection)
        return std::unexpected(connection.error());
    std::unique_ptr<CloudSession> session(new CloudSession);
    session->m_connection = std::move(*connection);
    session->m_connection->api().setRetryNotice(
        [](int retry, std::chrono::milliseconds wait, const std::string &why) {
            std::fprintf(stderr, "covertype: %s; retry %d in %.1f s\n", why.substr(0, 200).c_str(),
                         retry, double(wait.count()) / 1000.0);
        });
    return session;
}

CloudSession::~CloudSession() = default;

std::stop_token CloudSession::stopToken() const
{
    return interruptWatch().token();
}

BigQueryWorkProgress progressOnStderr()
{
    return {[](const std::string &line) { std::fprintf(stderr, "%s\n", line.c_str()); }, {}};
}

TransferMeter::TransferMeter(std::string label)
    : m_label(std::move(label)), m_terminal(isatty(STDERR_FILENO) != 0)
{
}

TransferMeter::~TransferMeter()
{
    if (m_shown)
        std::fputc('\n', stderr);
}

bool TransferMeter::operator()(int64_t done, int64_t total)
{
    if (!m_terminal)
        return true;
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    if (now - m_lastShownMs < 200 && done != total)
        return true;
    m_lastShownMs = now;
    m_shown = true;
    const int percent = total > 0 ? int(100 * done / total) : 0;
    std::fprintf(stderr, "\r%s: %s of %s (%d%%)   ", m_label.c_str(), readable(done).c_str(),
                 readable(total).c_str(), percent);
    return true;
}

}  // namespace covertype::cli
