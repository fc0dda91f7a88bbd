// Issuing and checking the fake's access tokens.
#include "oauth/tokenregistry.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace covertype::fakecloud {

std::string TokenRegistry::randomHex(size_t bytes)
{
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), int(raw.size())) != 1)
        throw std::runtime_error("fakecloud: RAND_bytes failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : raw) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

std::string TokenRegistry::issue(std::chrono::seconds lifetime)
{
    // Shaped like Google's access tokens ("ya29." + opaque text), and recognisable as fake.
    std::string token = "ya29.fake-" + randomHex(24);
    const std::lock_guard lock(m_mutex);
    m_expiry[token] = std::chrono::steady_clock::now() + lifetime;
    return token;
}

void TokenRegistry::setLifetime(std::chrono::seconds lifetime)
{
    const std::lock_guard lock(m_mutex);
    m_lifetime = lifetime;
}

std::chrono::seconds TokenRegistry::lifetime() const
{
    const std::lock_guard lock(m_mutex);
    return m_lifetime;
}

void TokenRegistry::revokeAll()
{
    const std::lock_guard lock(m_mutex);
    m_expiry.clear();
}

TokenRegistry::Check TokenRegistry::check(std::string_view authorization) const
{
    while (!authorization.empty() && authorization.front() == ' ')
        authorization.remove_prefix(1);
    if (authorization.size() < 7)
        return Check::Missing;
    std::string scheme(authorization.substr(0, 7));
    for (char &c : scheme)
        c = char(c | 0x20);
    if (scheme != "bearer ")
        return Check::Missing;
    std::string_view token = authorization.substr(7);
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    const std::lock_guard lock(m_mutex);
    const auto it = m_expiry.find(std::string(token));
    if (it == m_expiry.end())
        return Check::Unknown;
    return std::chrono::steady_clock::now() < it->second ? Check::Valid : Check::Expired;
}

}  // namespace covertype::fakecloud
