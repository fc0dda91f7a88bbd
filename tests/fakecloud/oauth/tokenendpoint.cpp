// Verifying JWT bearer and refresh-token grants and answering them as Google's token
// endpoint does.
#include "oauth/tokenendpoint.h"

#include <chrono>

namespace covertype::fakecloud {

namespace {

constexpr const char *kJwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
constexpr const char *kBadTimes =
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
    "Check your iat and exp values in the JWT claim.";

std::optional<nlohmann::json> decodeJsonPart(std::string_view part)
{
    const auto bytes = base64UrlDecode(part);
    if (!bytes)
        return std::nullopt;
    auto json = nlohmann::json::parse(*bytes, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return std::nullopt;
    return json;
}

std::optional<int64_t> integerClaim(const nlohmann::json &claims, const char *name)
{
    const auto it = claims.find(name);
    if (it == claims.end())
        return std::nullopt;
    if (it->is_number_integer())
        return it->get<int64_t>();
    if (it->is_number_float())
        return int64_t(it->get<double>());
    return std::nullopt;
}

std::string stringClaim(const nlohmann::json &claims, const char *name)
{
    const auto it = claims.find(name);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Response oauthError(int status, std::string_view code, std::string_view description)
{
    return Response::json(status, {{"error", code}, {"error_description", description}});
}

TokenEndpoint::TokenEndpoint(RsaKeys &keys, TokenRegistry &tokens, std::string tokenUri)
    : m_keys(keys), m_tokens(tokens), m_tokenUri(std::move(tokenUri))
{
}

bool TokenEndpoint::accepts(const Request &request) const
{
    return request.rawPath == kPath;
}

AuthorizedUser TokenEndpoint::createAuthorizedUser()
{
    AuthorizedUser user{TokenRegistry::randomHex(6) + "-fake.apps.googleusercontent.com",
                        "GOCSPX-fake-" + TokenRegistry::randomHex(12),
                        "1//fake-" + TokenRegistry::randomHex(24)};
    const std::lock_guard lock(m_mutex);
    m_users.push_back(user);
    return user;
}

Response TokenEndpoint::handle(const Request &request)
{
    if (request.method() != "POST")
        return oauthError(405, "invalid_request", "The token endpoint takes POST requests.")
            .withHeader("Allow", "POST");
    std::string contentType(request.header("content-type"));
    for (char &c : contentType)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (!contentType.starts_with("application/x-www-form-urlencoded"))
        return oauthError(400, "invalid_request",
                          "Content-Type must be application/x-www-form-urlencoded.");
    const auto form = parseForm(request.body());
    if (!form)
        return oauthError(400, "invalid_request", "Malformed form body.");
    const auto grantType = findValue(*form, "grant_type");
    if (!grantType)
        return oauthError(400, "invalid_request", "Missing required parameter: grant_type");
    if (*grantType == kJwtBearer)
        return jwtGrant(*form);
    if (*grantType == "refresh_token")
        return refreshGrant(request, *form);
    return oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + *grantType);
}

Response TokenEndpoint::granted(bool withScope) const
{
    const auto lifetime = m_tokens.lifetime();
    nlohmann::json body = {{"access_token", m_tokens.issue(lifetime)},
                           {"expires_in", std::max<int64_t>(0, lifetime.count())},
                           {"token_type", "Bearer"}};
    if (withScope)
        body["scope"] = "https://www.googleapis.com/auth/cloud-platform";
    return Response::json(200, body)
        .withHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
        .withHeader("Pragma", "no-cache");
}

Response TokenEndpoint::jwtGrant(const KeyValues &form) const
{
    const auto assertion = findValue(form, "assertion");
    if (!assertion)
        return oauthError(400, "invalid_request", "Missing required parameter: assertion");
    const std::string_view jwt = *assertion;
    const size_t dot1 = jwt.find('.');
    const size_t dot2 = dot1 == std::string_view::npos ? dot1 : jwt.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || jwt.find('.', dot2 + 1) != std::string_view::npos)
        return oauthError(400, "invalid_grant", "Invalid JWT: not three dot-separated parts.");
    const auto header = decodeJsonPart(jwt.substr(0, dot1));
    const auto claims = decodeJsonPart(jwt.substr(dot1 + 1, dot2 - dot1 - 1));
    const auto signature = base64UrlDecode(jwt.substr(dot2 + 1));
    if (!header || !claims || !signature)
        return oauthError(400, "invalid_grant",
                          "Invalid JWT: a part is not unpadded base64url of a JSON object.");
    if (stringClaim(*header, "alg") != "RS256")
        return oauthError(400, "invalid_grant", "Invalid JWT: the algorithm must be RS256.");

    const std::string issuer = stringClaim(*claims, "iss");
    if (issuer.empty() || m_keys.keysOf(issuer).empty())
        return oauthError(400, "invalid_grant", "Invalid grant: account not found");
    // The key named by kid must be one of the issuer's; without kid any of them may match.
    const std::string keyId = stringClaim(*header, "kid");
    std::vector<std::string> candidates;
    if (!keyId.empty()) {
        if (m_keys.owner(keyId) == issuer)
            candidates.push_back(keyId);
    } else {
        candidates = m_keys.keysOf(issuer);
    }
    const std::string_view signingInput = jwt.substr(0, dot2);
    bool verified = false;
    for (const auto &candidate : candidates)
        verified = verified || m_keys.verify(candidate, signingInput, *signature);
    if (!verified)
        return oauthError(400, "invalid_grant", "Invalid JWT Signature.");

    if (stringClaim(*claims, "aud") != m_tokenUri)
        return oauthError(
            400, "invalid_grant",
            "Invalid JWT: Failed audience check. The audience must be " + m_tokenUri + ".");
    const auto iat = integerClaim(*claims, "iat");
    const auto exp = integerClaim(*claims, "exp");
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (!iat || !exp || *exp <= *iat || *exp - *iat > 3600 || *exp <= now ||
        *iat > now + kClockSkewSeconds)
        return oauthError(400, "invalid_grant", kBadTimes);
    if (stringClaim(*claims, "scope").empty())
        return oauthError(400, "invalid_scope",
                          "Invalid OAuth scope or ID token audience provided.");
    return granted(false);
}

Response TokenEndpoint::refreshGrant(const Request &request, const KeyValues &form) const
{
    auto clientId = findValue(form, "client_id");
    auto clientSecret = findValue(form, "client_secret");
    // The client may also authenticate with HTTP Basic (RFC 6749 2.3.1).
    const std::string_view authorization = request.header("authorization");
    if (!clientId && authorization.size() > 6 &&
        (authorization.substr(0, 6) == "Basic " || authorization.substr(0, 6) == "basic ")) {
        std::string standard(authorization.substr(6));
        for (char &c : standard)
            c = c == '+' ? '-' : c == '/' ? '_' : c;
        while (!standard.empty() && standard.back() == '=')
            standard.pop_back();
        if (const auto decoded = base64UrlDecode(standard)) {
            const size_t colon = decoded->find(':');
            if (colon != std::string::npos) {
                clientId = percentDecode(decoded->substr(0, colon), true);
                clientSecret = percentDecode(decoded->substr(colon + 1), true);
            }
        }
    }
    const auto refreshToken = findValue(form, "refresh_token");
    if (!refreshToken)
        return oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
    if (!clientId)
        return oauthError(400, "invalid_request", "Missing required parameter: client_id");
    const std::lock_guard lock(m_mutex);
    const AuthorizedUser *user = nullptr;
    for (const auto &u : m_users)
        if (u.clientId == *clientId)
            user = &u;
    if (!user)
        return oauthError(401, "invalid_client", "The OAuth client was not found.");
    if (!clientSecret || *clientSecret != user->clientSecret)
        return oauthError(401, "invalid_client", "Unauthorized");
    if (*refreshToken != user->refreshToken)
        return oauthError(400, "invalid_grant", "Bad Request");
    return granted(true);
}

}  // namespace covertype::fakecloud
