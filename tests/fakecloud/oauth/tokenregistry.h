// The access tokens the fake has handed out, their expiry, and revocation.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace covertype::fakecloud {

class TokenRegistry
{
public:
    enum class Check {
        Valid,
        Missing,  ///< no "Authorization: Bearer ..." header
        Unknown,  ///< never issued, or revoked
        Expired
    };

    /// A new token valid for `lifetime` (zero or less: already expired).
    [[nodiscard]] std::string issue(std::chrono::seconds lifetime);
    /// A new token valid for the lifetime in force (setLifetime, default one hour).
    [[nodiscard]] std::string issue() { return issue(lifetime()); }
    void setLifetime(std::chrono::seconds lifetime);
    [[nodiscard]] std::chrono::seconds lifetime() const;
    /// Every token issued so far stops working.
    void revokeAll();
    /// Judges an Authorization header value ("Bearer <token>", scheme case-insensitive).
    [[nodiscard]] Check check(std::string_view authorization) const;

    /// Random bytes as lower-case hex (OpenSSL's generator), for tokens, ids and secrets.
    [[nodiscard]] static std::string randomHex(size_t bytes);

private:
    mutable std::mutex m_mutex;
    std::chrono::seconds m_lifetime{3600};
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> m_expiry;
};

}  // namespace covertype::fakecloud
