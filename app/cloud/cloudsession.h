// What every `covertype cloud ...` command starts from: the credentials, the project, region and
// endpoints, an API client, and Ctrl-C turned into a cancel of the work in flight.
#pragma once

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "cloudsetup/bigquerywork.h"
#include "cmdline.h"
#include "setup/cloudconnection.h"

namespace covertype::cli {

/// The value of --`flag`, else of the environment variable `variable` (COVERTYPE_GCS_ROOT,
/// COVERTYPE_TRAINER_IMAGE, COVERTYPE_SERVING_IMAGE), else "".
[[nodiscard]] std::string flagOrEnvironment(const CommandLine &cmd, const char *flag,
                                            const char *variable);

/// --project and --region, added to every cloud command.
[[nodiscard]] std::vector<OptionSpec> withCloudOptions(std::vector<OptionSpec> options);

class CloudSession
{
public:
    /// Finds the credentials (Application Default Credentials order) and resolves the project and
    /// region from --project/--region, the environment and gcloud's configuration.
    [[nodiscard]] static Expected<std::unique_ptr<CloudSession>> open(const CommandLine &cmd);
    /// For Cloud Storage alone (gs:// paths of the local commands): no flags, no project needed.
    [[nodiscard]] static Expected<std::unique_ptr<CloudSession>> openForStorage();
    ~CloudSession();

    [[nodiscard]] const cloud::CloudConfig &config() const { return m_connection->config(); }
    [[nodiscard]] const cloud::ApiClient &api() const { return m_connection->api(); }
    [[nodiscard]] cloud::TokenProvider &tokens() const { return m_connection->tokens(); }
    /// Vertex AI in the session's project and region, and Cloud Storage, through api().
    [[nodiscard]] cloud::VertexClient vertex() const { return m_connection->vertex(); }
    [[nodiscard]] cloud::GcsClient storage() const { return m_connection->storage(); }
    /// Requested by the first Ctrl-C (a second one ends the program at once).
    [[nodiscard]] std::stop_token stopToken() const;

private:
    CloudSession() = default;
    [[nodiscard]] static Expected<std::unique_ptr<CloudSession>> open(
        const cloud::CloudFlags &flags, bool requireProject);
    std::unique_ptr<cloud::CloudConnection> m_connection;
};

/// BigQuery job states on stderr, a line each.
[[nodiscard]] BigQueryWorkProgress progressOnStderr();

/// Progress of a transfer on stderr: a line rewritten in place on a terminal, nothing otherwise.
class TransferMeter
{
public:
    explicit TransferMeter(std::string label);
    ~TransferMeter();
    /// For GcsTransferOptions::progress; never cancels (Ctrl-C does).
    bool operator()(int64_t done, int64_t total);

private:
    std::string m_label;
    bool m_terminal = false;
    int64_t m_lastShownMs = -1000;
    bool m_shown = false;
};

}  // namespace covertype::cli
