// Who the program acts as on Google Cloud: Application Default Credentials found in the order
// users already rely on, and access tokens cached and refreshed before they expire.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "base/error.h"

namespace covertype::cloud {

struct AccessToken
{
    std::string value;  ///< never logged, printed or stored
    std::chrono::system_clock::time_point expiresAt;
};

/// One way of getting tokens (a key file, a refresh token, the metadata server, gcloud). Fetching
/// is thread-safe. Errors say what was tried and why it failed, never a secret.
class CredentialSource
{
public:
    virtual ~CredentialSource() = default;
    /// A new access token for scope cloud-platform.
    [[nodiscard]] virtual Expected<AccessToken> fetch(std::stop_token stop) const = 0;
    /// "service account key /path/key.json", "gcloud application default credentials
    /// (/root/.config/gcloud/...)", "metadata server 127.0.0.1:8080", "gcloud auth
    /// print-access-token".
    [[nodiscard]] virtual std::string description() const = 0;
    /// The account's e-mail when known ("" otherwise).
    [[nodiscard]] virtual std::string account() const { return {}; }
    /// The project the credential belongs to, the last place the project is taken from.
    [[nodiscard]] virtual std::string projectId() const { return {}; }
    /// The project billed for API quota (authorized_user: X-Goog-User-Project).
    [[nodiscard]] virtual std::string quotaProjectId() const { return {}; }
};

/// Reads a credentials file of type service_account or authorized_user. Errors name the file
/// and the missing or wrong field, never the key.
[[nodiscard]] Expected<std::unique_ptr<CredentialSource>> credentialsFromFile(
    const std::string &path);

/// The metadata server of a Google Cloud VM or container: GCE_METADATA_HOST (host:port) or
/// metadata.google.internal.
[[nodiscard]] std::unique_ptr<CredentialSource> metadataServerCredentials();

/// `gcloud auth print-access-token`, for users who logged in with gcloud only.
[[nodiscard]] std::unique_ptr<CredentialSource> gcloudCredentials(std::string gcloud = "gcloud");

/// Application Default Credentials, in their order: the file in GOOGLE_APPLICATION_CREDENTIALS;
/// gcloud's application_default_credentials.json (in $CLOUDSDK_CONFIG or ~/.config/gcloud); the
/// metadata server (when GCE_METADATA_HOST is set or the server answers within half a second,
/// unless NO_GCE_CHECK=True); `gcloud auth print-access-token` when gcloud is on PATH. An error
/// lists what was looked at when nothing is there.
[[nodiscard]] Expected<std::unique_ptr<CredentialSource>> findDefaultCredentials();

/// Tokens of one source, cached in memory and fetched again shortly before they expire, or
/// when a service answered 401 (forceRefresh). Thread-safe: one fetch at a time.
class TokenProvider
{
public:
    explicit TokenProvider(std::unique_ptr<CredentialSource> source);
    [[nodiscard]] Expected<std::string> token(const std::stop_token &stop = {},
                                              bool forceRefresh = false);
    [[nodiscard]] const CredentialSource &source() const { return *m_source; }
    /// When the cached token expires (epoch when none is cached).
    [[nodiscard]] std::chrono::system_clock::time_point expiresAt() const;
    /// Tokens fetched so far (tests: a 401 refreshes once, a cached token is reused).
    [[nodiscard]] int fetches() const;

private:
    std::unique_ptr<CredentialSource> m_source;
    mutable std::mutex m_mutex;
    AccessToken m_token;
    std::chrono::system_clock::time_point m_fetchedAt;
    int m_fetches = 0;
};

}  // namespace covertype::cloud
