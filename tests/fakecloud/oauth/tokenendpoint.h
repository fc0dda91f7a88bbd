// The fake's OAuth 2.0 token endpoint (POST /token), as oauth2.googleapis.com/token answers:
// the JWT bearer grant of service-account keys, verified against the public key the fake kept,
// and the refresh-token grant of authorized_user credentials.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "oauth/rsakeys.h"
#include "oauth/tokenregistry.h"
#include "server/service.h"

namespace covertype::fakecloud {

struct AuthorizedUser
{
    std::string clientId;
    std::string clientSecret;
    std::string refreshToken;
};

class TokenEndpoint : public Service
{
public:
    /// The path the token endpoint answers on; token_uri is the base URL + this.
    static constexpr const char *kPath = "/token";
    /// How far a JWT's iat may lie in the future (clocks of client and server differ).
    static constexpr int kClockSkewSeconds = 300;

    TokenEndpoint(RsaKeys &keys, TokenRegistry &tokens, std::string tokenUri);

    [[nodiscard]] bool accepts(const Request &request) const override;
    [[nodiscard]] bool requiresToken() const override { return false; }
    [[nodiscard]] Response handle(const Request &request) override;

    /// A new client and refresh token the refresh grant accepts.
    [[nodiscard]] AuthorizedUser createAuthorizedUser();

private:
    [[nodiscard]] Response jwtGrant(const KeyValues &form) const;
    [[nodiscard]] Response refreshGrant(const Request &request, const KeyValues &form) const;
    [[nodiscard]] Response granted(bool withScope) const;

    RsaKeys &m_keys;
    TokenRegistry &m_tokens;
    std::string m_tokenUri;
    mutable std::mutex m_mutex;
    std::vector<AuthorizedUser> m_users;
};

/// An OAuth error answer: {"error": code, "error_description": description}.
[[nodiscard]] Response oauthError(int status, std::string_view code, std::string_view description);

}  // namespace covertype::fakecloud
