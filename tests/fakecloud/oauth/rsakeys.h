// Service-account key pairs (RSA 2048, generated with OpenSSL) and RS256 signing and
// verification, as Google's token endpoint and the JWT bearer grant use them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace covertype::fakecloud {

/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of `input` with a PEM private key
/// (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1); nullopt when the key cannot be read.
[[nodiscard]] std::optional<std::string> signRs256(std::string_view privateKeyPem,
                                                   std::string_view input);

class RsaKeys
{
public:
    struct Created
    {
        std::string keyId;          ///< private_key_id, the JWT header's "kid"
        std::string privateKeyPem;  ///< PKCS#8, as Google's key files hold it
    };

    RsaKeys();
    ~RsaKeys();

    /// A new key pair for `email`; the fake keeps it to verify grants signed with it.
    [[nodiscard]] Created create(const std::string &email);
    /// The account a key belongs to, nullopt for an unknown key id.
    [[nodiscard]] std::optional<std::string> owner(const std::string &keyId) const;
    /// True when `signature` is `keyId`'s RS256 signature of `input`.
    [[nodiscard]] bool verify(const std::string &keyId, std::string_view input,
                              std::string_view signature) const;
    /// The ids of every key of `email`.
    [[nodiscard]] std::vector<std::string> keysOf(const std::string &email) const;

private:
    struct KeyFree
    {
        void operator()(EVP_PKEY *key) const;
    };
    struct Entry
    {
        std::string email;
        std::unique_ptr<EVP_PKEY, KeyFree> key;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_keys;
};

}  // namespace covertype::fakecloud
