// A strict, stateful fake of Google Cloud on 127.0.0.1 for tests: the OAuth token endpoint,
// the metadata server and Cloud Storage's JSON API on one port, reached through the variables
// real clients (gcloud, google-auth, the cloud/ library) already honour.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/faultrule.h"
#include "server/requestlog.h"
#include "server/service.h"

namespace covertype::fakecloud {

class BucketStore;
class RsaKeys;
class SocketServer;
class TokenEndpoint;
class TokenRegistry;
namespace vertex {
class VertexService;
}
namespace bigquery {
class BigQueryService;
}

using Environment = std::vector<std::pair<std::string, std::string>>;

class FakeGoogleCloud
{
public:
    struct Options
    {
        std::string projectId = "fake-project";
        std::string serviceAccountEmail = "trainer@fake-project.iam.gserviceaccount.com";
        std::string numericProjectId = "123456789012";
        int64_t maxBodyBytes = 64 * 1024 * 1024;        ///< larger requests get 413
        std::chrono::milliseconds readTimeout{30'000};  ///< per read and per idle connection
    };

    /// Listens on 127.0.0.1 at an ephemeral port and serves on its own threads at once.
    FakeGoogleCloud();
    explicit FakeGoogleCloud(Options options);
    /// Stops, closes every connection and joins every thread (does not wait for clients).
    ~FakeGoogleCloud();
    FakeGoogleCloud(const FakeGoogleCloud &) = delete;
    FakeGoogleCloud &operator=(const FakeGoogleCloud &) = delete;

    [[nodiscard]] uint16_t port() const;
    [[nodiscard]] std::string baseUrl() const;   ///< "http://127.0.0.1:PORT"
    [[nodiscard]] std::string tokenUri() const;  ///< baseUrl() + "/token"
    [[nodiscard]] const Options &options() const { return m_options; }

    // --- credentials ---------------------------------------------------------------------
    /// Writes a service-account key file as Google issues them (a new RSA 2048 key; token_uri
    /// = tokenUri()); the fake keeps the public key and verifies JWT grants against it.
    /// Returns the file's JSON text, "" when the file cannot be written.
    std::string writeServiceAccountKey(const std::string &path);
    /// Writes an authorized_user file (client_id, client_secret, refresh_token,
    /// quota_project_id, token_uri) whose refresh grant the fake accepts. Returns the JSON text.
    std::string writeAuthorizedUser(const std::string &path);
    /// A valid access token (e.g. for CLOUDSDK_AUTH_ACCESS_TOKEN_FILE); lifetime <= 0 gives
    /// one that has already expired.
    [[nodiscard]] std::string issueToken(
        std::chrono::seconds lifetime = std::chrono::seconds(3600));
    /// The expires_in of tokens the token endpoint and the metadata server hand out from now.
    void setTokenLifetime(std::chrono::seconds lifetime);
    /// Every access token issued so far is refused from now (401); refresh tokens and keys
    /// still work, so a client that refreshes recovers.
    void revokeAllTokens();

    // --- pointing clients at the fake ------------------------------------------------------
    /// GCE_METADATA_HOST and GCE_METADATA_IP (host:port), STORAGE_EMULATOR_HOST and
    /// BIGQUERY_EMULATOR_HOST (http://127.0.0.1:PORT), CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE
    /// (.../storage/v1/), _BIGQUERY (.../bigquery/v2/), _AIPLATFORM (.../), and the project
    /// (CLOUDSDK_CORE_PROJECT, GOOGLE_CLOUD_PROJECT).
    [[nodiscard]] Environment environment() const;
    /// environment() plus what the real gcloud needs to use the fake and nothing of the user's:
    /// CLOUDSDK_CONFIG=`directory`/gcloud-config, CLOUDSDK_AUTH_ACCESS_TOKEN_FILE (a fresh
    /// token written to `directory`/access-token), no prompts, no update checks, no usage
    /// reporting, no survey prompts.
    [[nodiscard]] Environment gcloudEnvironment(const std::string &directory);

    // --- faults and the request log --------------------------------------------------------
    void addFault(FaultRule rule);
    void clearFaults();
    [[nodiscard]] std::vector<LoggedRequest> requests() const;  ///< never holds a token or key
    void clearRequests();

    // --- Cloud Storage state ----------------------------------------------------------------
    /// Creates an empty bucket (nothing happens when it exists).
    void createBucket(const std::string &name);
    /// The bytes of a live object, nullopt when the bucket or object does not exist.
    [[nodiscard]] std::optional<std::string> objectData(const std::string &bucket,
                                                        const std::string &name) const;
    /// Stores an object (creating the bucket when needed), as a finished upload would.
    void putObject(const std::string &bucket, const std::string &name, std::string data,
                   std::string contentType = "application/octet-stream");
    /// The store itself, for services added later (BigQuery extracts write to it).
    [[nodiscard]] BucketStore &storage() { return *m_store; }
    [[nodiscard]] TokenRegistry &tokens() { return *m_tokens; }

    // --- Vertex AI (vertex/) ----------------------------------------------------------------
    /// Where a job, trial or deployment names the container image `imageUri`, the fake runs
    /// `prefix` (the image's entrypoint, e.g. {".../covertype", "train"}) followed by the
    /// container's args; jobs and deployments of other images fail.
    void setContainerCommand(const std::string &imageUri, std::vector<std::string> prefix);
    /// A containerSpec.command whose program is `pathInImage` (e.g. /usr/local/bin/covertype,
    /// replacing the image's entrypoint) runs `localProgram` instead.
    void setContainerProgram(const std::string &pathInImage, const std::string &localProgram);
    /// The fake Vertex AI itself: settings (polls per operation, deploy timeout, ...) and the
    /// request schema.
    [[nodiscard]] vertex::VertexService &vertex() { return *m_vertex; }

    // --- BigQuery (bigquery/) -------------------------------------------------------------
    /// Creates a dataset when it does not exist.
    void createBigQueryDataset(const std::string &project, const std::string &dataset,
                               const std::string &location = "US");
    /// Replaces table `project`.`dataset`.`table` (creating the dataset in the US) with the rows
    /// of `csvText` (a header row; types inferred by the product's CSV loader, as BigQuery's
    /// autodetection does). Returns the error, "" on success.
    std::string createBigQueryTable(const std::string &project, const std::string &dataset,
                                    const std::string &table, const std::string &csvText);
    /// The table as CSV (header, rows in table order), nullopt when it does not exist.
    [[nodiscard]] std::optional<std::string> bigQueryTableCsv(const std::string &project,
                                                              const std::string &dataset,
                                                              const std::string &table) const;
    /// The table's row count, nullopt when it does not exist.
    [[nodiscard]] std::optional<size_t> bigQueryRowCount(const std::string &project,
                                                         const std::string &dataset,
                                                         const std::string &table) const;
    /// The fake BigQuery itself: settings (polls per job state, row order) and its tables.
    [[nodiscard]] bigquery::BigQueryService &bigQuery() { return *m_bigQuery; }

    /// Adds a service (BigQuery, Vertex AI...) behind the same port; the first service that
    /// accepts a path answers it, in the order added (OAuth, metadata and storage come first).
    void addService(std::unique_ptr<Service> service);

private:
    [[nodiscard]] Service *serviceFor(const Request &request) const;
    [[nodiscard]] Response dispatch(Request &request);
    void interrupted(Request &request);

    Options m_options;
    std::unique_ptr<RsaKeys> m_keys;
    std::unique_ptr<TokenRegistry> m_tokens;
    std::unique_ptr<BucketStore> m_store;
    TokenEndpoint *m_tokenEndpoint = nullptr;   ///< owned by m_services
    vertex::VertexService *m_vertex = nullptr;  ///< owned by m_services
    // Owned by m_services.
    bigquery::BigQueryService *m_bigQuery = nullptr;
    FaultInjector m_faults;
    RequestLog m_log;
    mutable std::mutex m_servicesMutex;
    std::vector<std::unique_ptr<Service>> m_services;
    std::unique_ptr<SocketServer> m_server;  ///< last: it stops before the state goes
};

}  // namespace covertype::fakecloud
