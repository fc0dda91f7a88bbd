// Credentials files: a service-account key (RS256 JWT grant to its token_uri) and gcloud's
// authorized_user (refresh-token grant), as google-cloud-api.md section D describes them.
#include <nlohmann/json.hpp>

#include <chrono>

#include "auth/credentials.h"
#include "auth/jwt.h"
#include "auth/tokenresponse.h"
#include "base/text.h"
#include "files/fileinput.h"
#include "http/encoding.h"

namespace covertype::cloud {

namespace {

constexpr const char *kScope = "https://www.googleapis.com/auth/cloud-platform";
constexpr const char *kDefaultTokenUri = "https://oauth2.googleapis.com/token";

/// A string field of the credentials document; errors name the file and the field only.
Expected<std::string> field(const nlohmann::json &doc, const char *name, const std::string &path,
                            bool required = true)
{
    if (!doc.contains(name)) {
        if (!required)
            return std::string();
        return fail(ErrorCode::Parse, cat(path, ": field '", name, "' is missing"));
    }
    if (!doc[name].is_string())
        return fail(ErrorCode::Parse, cat(path, ": field '", name, "' must be a string"));
    return doc[name].get<std::string>();
}

class ServiceAccountCredentials final : public CredentialSource
{
public:
    std::string path, email, keyId, privateKey, tokenUri, project;

    Expected<AccessToken> fetch(std::stop_token stop) const override
    {
        const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
        if (!keyId.empty())
            header["kid"] = keyId;
        const nlohmann::json claims = {{"iss", email},
                                       {"scope", kScope},
                                       {"aud", tokenUri},
                                       {"iat", now},
                                       {"exp", now + 3600}};
        auto jwt = signJwtRs256(header.dump(), claims.dump(), privateKey);
        if (!jwt)
            return fail(jwt.error().code, cat(path, ": ", jwt.error().message));
        HttpRequest request = tokenRequest("POST", tokenUri);
        request.contentType = "application/x-www-form-urlencoded";
        request.body = formEncode(
            {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", *jwt}});
        request.stop = stop;
        return readTokenResponse(HttpClient().send(std::move(request)),
                                 cat("the token endpoint ", tokenUri));
    }
    std::string description() const override { return cat("service account key ", path); }
    std::string account() const override { return email; }
    std::string projectId() const override { return project; }
};

class AuthorizedUserCredentials final : public CredentialSource
{
public:
    std::string path, clientId, clientSecret, refreshToken, tokenUri, quotaProject, label;

    Expected<AccessToken> fetch(std::stop_token stop) const override
    {
        HttpRequest request = tokenRequest("POST", tokenUri);
        request.contentType = "application/x-www-form-urlencoded";
        request.body = formEncode({{"grant_type", "refresh_token"},
                                   {"client_id", clientId},
                                   {"client_secret", clientSecret},
                                   {"refresh_token", refreshToken}});
        request.stop = stop;
        return readTokenResponse(HttpClient().send(std::move(request)),
                                 cat("the token endpoint ", tokenUri));
    }
    std::string description() const override { return cat(label, " ", path); }
    std::string projectId() const override { return quotaProject; }
    std::string quotaProjectId() const override { return quotaProject; }
};

}  // namespace

Expected<std::unique_ptr<CredentialSource>> credentialsFromFile(const std::string &path)
{
    auto text = readWholeFile(path, size_t(1) << 20);
    if (!text)
        return fail(text.error().code, cat("credentials: ", text.error().message));
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (!doc.is_object())
        return fail(ErrorCode::Parse, cat(path, ": not a JSON credentials file"));
    auto type = field(doc, "type", path);
    if (!type)
        return std::unexpected(type.error());

    if (*type == "service_account") {
        auto c = std::make_unique<ServiceAccountCredentials>();
        c->path = path;
        auto email = field(doc, "client_email", path);
        auto key = field(doc, "private_key", path);
        auto keyId = field(doc, "private_key_id", path, false);
        auto tokenUri = field(doc, "token_uri", path, false);
        auto project = field(doc, "project_id", path, false);
        for (const auto *f : {&email, &key, &keyId, &tokenUri, &project})
            if (!*f)
                return std::unexpected(f->error());
        c->email = *email;
        c->privateKey = *key;
        c->keyId = *keyId;
        c->tokenUri = tokenUri->empty() ? kDefaultTokenUri : *tokenUri;
        c->project = *project;
        if (auto ok = checkTransportSecurity(c->tokenUri, cat(path, ": token_uri")); !ok)
            return std::unexpected(ok.error());
        return c;
    }
    if (*type == "authorized_user") {
        auto c = std::make_unique<AuthorizedUserCredentials>();
        c->path = path;
        auto id = field(doc, "client_id", path);
        auto secret = field(doc, "client_secret", path);
        auto refresh = field(doc, "refresh_token", path);
        auto tokenUri = field(doc, "token_uri", path, false);
        auto quota = field(doc, "quota_project_id", path, false);
        for (const auto *f : {&id, &secret, &refresh, &tokenUri, &quota})
            if (!*f)
                return std::unexpected(f->error());
        c->clientId = *id;
        c->clientSecret = *secret;
        c->refreshToken = *refresh;
        c->tokenUri = tokenUri->empty() ? kDefaultTokenUri : *tokenUri;
        c->quotaProject = *quota;
        c->label = "user credentials";
        if (auto ok = checkTransportSecurity(c->tokenUri, cat(path, ": token_uri")); !ok)
            return std::unexpected(ok.error());
        return c;
    }
    return fail(ErrorCode::Parse, cat(path, ": credentials of type '", type->substr(0, 40),
                                      "' are not supported (service_account or authorized_user)"));
}

}  // namespace covertype::cloud
