// RS256 signing with OpenSSL's EVP interface.
#include "auth/jwt.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "http/encoding.h"

namespace covertype::cloud {

namespace {

struct BioFree
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct MdFree
{
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

Expected<std::string> signJwtRs256(std::string_view headerJson, std::string_view claimsJson,
                                   std::string_view privateKeyPem)
{
    const std::string signingInput = base64Url(headerJson) + "." + base64Url(claimsJson);
    const std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())));
    if (!bio)
        return fail(ErrorCode::Io, "cannot read the private key (out of memory)");
    const std::unique_ptr<EVP_PKEY, KeyFree> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return fail(ErrorCode::Parse, "private_key is not a PEM private key");
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return fail(ErrorCode::Parse, "private_key is not an RSA key (RS256 needs one)");
    const std::unique_ptr<EVP_MD_CTX, MdFree> md(EVP_MD_CTX_new());
    size_t length = 0;
    if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(md.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char *>(signingInput.data()),
                       signingInput.size()) != 1)
        return fail(ErrorCode::Io, "cannot sign the token request with the private key");
    std::string signature(length, '\0');
    if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(signingInput.data()),
                       signingInput.size()) != 1)
        return fail(ErrorCode::Io, "cannot sign the token request with the private key");
    signature.resize(length);
    return signingInput + "." + base64Url(signature);
}

}  // namespace covertype::cloud
