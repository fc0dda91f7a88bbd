// Credentials the machine provides: the metadata server of a Google Cloud VM or container, and
// the token of a user logged in with the Google Cloud CLI (`gcloud auth print-access-token`).
#include <QProcess>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <mutex>

#include "auth/credentials.h"
#include "auth/tokenresponse.h"
#include "base/text.h"
#include "config/gcloudconfig.h"

namespace covertype::cloud {

namespace {

std::string metadataHost()
{
    const char *host = std::getenv("GCE_METADATA_HOST");
    return host && *host ? host : "metadata.google.internal";
}

class MetadataServerCredentials final : public CredentialSource
{
public:
    MetadataServerCredentials() : m_base("http://" + metadataHost() + "/computeMetadata/v1/") {}

    Expected<AccessToken> fetch(std::stop_token stop) const override
    {
        HttpRequest request =
            tokenRequest("GET", m_base + "instance/service-accounts/default/token");
        request.headers.push_back("Metadata-Flavor: Google");
        request.stop = stop;
        return readTokenResponse(HttpClient().send(std::move(request)),
                                 cat("the metadata server ", metadataHost()));
    }
    std::string description() const override { return cat("metadata server ", metadataHost()); }
    std::string account() const override
    {
        return lookup("instance/service-accounts/default/email", m_account);
    }
    std::string projectId() const override { return lookup("project/project-id", m_project); }

private:
    /// A metadata value, asked once ("" when the server does not answer it).
    std::string lookup(const std::string &path, std::optional<std::string> &cache) const
    {
        const std::lock_guard lock(m_mutex);
        if (!cache) {
            HttpRequest request = tokenRequest("GET", m_base + path);
            request.headers = {"Metadata-Flavor: Google"};
            request.timeoutMs = 5000;
            const auto reply = HttpClient().send(std::move(request));
            cache = reply && reply->succeeded() && reply->body.size() < 1024 ? reply->body : "";
        }
        return *cache;
    }

    std::string m_base;
    mutable std::mutex m_mutex;
    mutable std::optional<std::string> m_account, m_project;
};

class GcloudCredentials final : public CredentialSource
{
public:
    explicit GcloudCredentials(std::string gcloud) : m_gcloud(std::move(gcloud)) {}

    Expected<AccessToken> fetch(std::stop_token stop) const override
    {
        QProcess process;
        process.start(QString::fromStdString(m_gcloud),
                      {QStringLiteral("auth"), QStringLiteral("print-access-token"),
                       QStringLiteral("--quiet")});
        if (!process.waitForStarted(10'000))
            return fail(ErrorCode::Unavailable,
                        cat("cannot run '", m_gcloud,
                            " auth print-access-token': ", process.errorString().toStdString()));
        // gcloud can take seconds to start; a stop request ends the wait.
        for (int waited = 0; !process.waitForFinished(100); waited += 100) {
            if (stop.stop_requested() || waited > 60'000) {
                process.kill();
                process.waitForFinished(5000);
                if (stop.stop_requested())
                    return fail(ErrorCode::Cancelled, "gcloud auth print-access-token cancelled");
                return fail(ErrorCode::Unavailable,
                            "gcloud auth print-access-token gave no token within 60 s");
            }
        }
        const std::string out = process.readAllStandardOutput().trimmed().toStdString();
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 ||
            out.empty() || out.find_first_of(" \n") != std::string::npos) {
            std::string why = process.readAllStandardError().trimmed().toStdString();
            if (const size_t nl = why.find('\n'); nl != std::string::npos)
                why.resize(nl);
            return fail(ErrorCode::InvalidArgument,
                        cat("gcloud auth print-access-token failed (exit ", process.exitCode(),
                            "): ", why.substr(0, 300)));
        }
        // gcloud does not say when its token expires; ask it again after a few minutes.
        return AccessToken{out, std::chrono::system_clock::now() + std::chrono::minutes(10)};
    }
    std::string description() const override { return "gcloud auth print-access-token"; }
    std::string account() const override
    {
        if (const char *account = std::getenv("CLOUDSDK_CORE_ACCOUNT"); account && *account)
            return account;
        return readActiveGcloudConfiguration().get("core", "account");
    }
    std::string projectId() const override
    {
        return readActiveGcloudConfiguration().get("core", "project");
    }

private:
    std::string m_gcloud;
};

}  // namespace

std::unique_ptr<CredentialSource> metadataServerCredentials()
{
    return std::make_unique<MetadataServerCredentials>();
}

std::unique_ptr<CredentialSource> gcloudCredentials(std::string gcloud)
{
    return std::make_unique<GcloudCredentials>(std::move(gcloud));
}

}  // namespace covertype::cloud
