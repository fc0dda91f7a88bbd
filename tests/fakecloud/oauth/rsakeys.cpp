// RSA key generation, PEM export and RS256 with OpenSSL 3's EVP interface.
#include "oauth/rsakeys.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <stdexcept>
#include <vector>

#include "oauth/tokenregistry.h"

namespace covertype::fakecloud {

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

void RsaKeys::KeyFree::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

std::optional<std::string> signRs256(std::string_view privateKeyPem, std::string_view input)
{
    std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())));
    if (!bio)
        return std::nullopt;
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY *)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    if (!key)
        return std::nullopt;
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char *>(input.data()), input.size()) != 1)
        return std::nullopt;
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(input.data()), input.size()) != 1)
        return std::nullopt;
    signature.resize(length);
    return signature;
}

RsaKeys::RsaKeys() = default;
RsaKeys::~RsaKeys() = default;

RsaKeys::Created RsaKeys::create(const std::string &email)
{
    std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_RSA_gen(2048));
    if (!key)
        throw std::runtime_error("fakecloud: RSA key generation failed");
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw std::runtime_error("fakecloud: writing the private key failed");
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    Created created{TokenRegistry::randomHex(20), std::string(data, size_t(size))};
    const std::lock_guard lock(m_mutex);
    m_keys[created.keyId] = Entry{email, std::move(key)};
    return created;
}

std::optional<std::string> RsaKeys::owner(const std::string &keyId) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_keys.find(keyId);
    if (it == m_keys.end())
        return std::nullopt;
    return it->second.email;
}

std::vector<std::string> RsaKeys::keysOf(const std::string &email) const
{
    std::vector<std::string> out;
    const std::lock_guard lock(m_mutex);
    for (const auto &[id, entry] : m_keys)
        if (entry.email == email)
            out.push_back(id);
    return out;
}

bool RsaKeys::verify(const std::string &keyId, std::string_view input,
                     std::string_view signature) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_keys.find(keyId);
    if (it == m_keys.end())
        return false;
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    if (!ctx ||
        EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, it->second.key.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char *>(input.data()),
                            input.size()) == 1;
}

}  // namespace covertype::fakecloud
