// Application Default Credentials and the token cache in front of them.
#include "auth/credentials.h"

#include <QStandardPaths>
#include <QString>

#include <cstdlib>
#include <filesystem>

#include "auth/tokenresponse.h"
#include "base/text.h"
#include "config/gcloudconfig.h"

namespace covertype::cloud {

namespace {

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

/// Whether a metadata server answers at its well-known address, within half a second.
bool metadataServerAnswers()
{
    HttpRequest request = tokenRequest("GET", "http://169.254.169.254/computeMetadata/v1/");
    request.headers = {"Metadata-Flavor: Google"};
    request.timeoutMs = 500;
    request.connectTimeoutMs = 500;
    const auto reply = HttpClient().send(std::move(request));
    return reply && reply->header("Metadata-Flavor") == "Google";
}

/// A source found in the well-known file keeps its origin in its description.
class LabelledSource final : public CredentialSource
{
public:
    LabelledSource(std::unique_ptr<CredentialSource> inner, std::string label)
        : m_inner(std::move(inner)), m_label(std::move(label))
    {
    }
    Expected<AccessToken> fetch(std::stop_token stop) const override
    {
        return m_inner->fetch(std::move(stop));
    }
    std::string description() const override { return m_label; }
    std::string account() const override { return m_inner->account(); }
    std::string projectId() const override { return m_inner->projectId(); }
    std::string quotaProjectId() const override { return m_inner->quotaProjectId(); }

private:
    std::unique_ptr<CredentialSource> m_inner;
    std::string m_label;
};

}  // namespace

Expected<std::unique_ptr<CredentialSource>> findDefaultCredentials()
{
    if (const std::string file = environment("GOOGLE_APPLICATION_CREDENTIALS"); !file.empty()) {
        auto source = credentialsFromFile(file);
        if (!source)
            return fail(source.error().code,
                        cat("GOOGLE_APPLICATION_CREDENTIALS: ", source.error().message));
        return source;
    }
    const std::string wellKnown = gcloudConfigDirectory() + "/application_default_credentials.json";
    std::error_code ec;
    if (std::filesystem::exists(wellKnown, ec)) {
        auto source = credentialsFromFile(wellKnown);
        if (!source)
            return std::unexpected(source.error());
        return std::make_unique<LabelledSource>(
            std::move(*source), cat("gcloud application default credentials ", wellKnown));
    }
    const std::string noCheck = environment("NO_GCE_CHECK");
    const bool checkMetadata = noCheck != "True" && noCheck != "true" && noCheck != "1";
    if (checkMetadata && (!environment("GCE_METADATA_HOST").empty() || metadataServerAnswers()))
        return metadataServerCredentials();
    const QString gcloud = QStandardPaths::findExecutable(QStringLiteral("gcloud"));
    if (!gcloud.isEmpty())
        return gcloudCredentials(gcloud.toStdString());
    return fail(
        ErrorCode::NotFound,
        cat("no Google Cloud credentials: GOOGLE_APPLICATION_CREDENTIALS is not set, ", wellKnown,
            " does not exist, no metadata server answered and gcloud is not "
            "on PATH. Run `gcloud auth application-default login`, or set "
            "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file."));
}

TokenProvider::TokenProvider(std::unique_ptr<CredentialSource> source) : m_source(std::move(source))
{
}

Expected<std::string> TokenProvider::token(const std::stop_token &stop, bool forceRefresh)
{
    const std::lock_guard lock(m_mutex);
    const auto now = std::chrono::system_clock::now();
    if (!forceRefresh && !m_token.value.empty()) {
        // Fetch again when less than a quarter of the lifetime (at most 225 s) is left, so a
        // request never starts with a token about to expire.
        const auto lifetime = m_token.expiresAt - m_fetchedAt;
        const auto margin =
            std::min<std::chrono::system_clock::duration>(lifetime / 4, std::chrono::seconds(225));
        if (now + margin < m_token.expiresAt)
            return m_token.value;
    }
    auto fresh = m_source->fetch(stop);
    if (!fresh)
        return std::unexpected(fresh.error());
    ++m_fetches;
    m_token = std::move(*fresh);
    m_fetchedAt = now;
    return m_token.value;
}

std::chrono::system_clock::time_point TokenProvider::expiresAt() const
{
    const std::lock_guard lock(m_mutex);
    return m_token.value.empty() ? std::chrono::system_clock::time_point{} : m_token.expiresAt;
}

int TokenProvider::fetches() const
{
    const std::lock_guard lock(m_mutex);
    return m_fetches;
}

}  // namespace covertype::cloud
