// CRC32C with a byte table (about 0.5 GB/s, more than the network), MD5 through OpenSSL EVP.
#include "storage/objecthash.h"

#include <openssl/evp.h>

#include <array>

#include "http/encoding.h"

namespace covertype::cloud {

namespace {

constexpr std::array<uint32_t, 256> makeCrc32cTable()
{
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        table[i] = c;
    }
    return table;
}

constexpr std::array<uint32_t, 256> kCrc32cTable = makeCrc32cTable();

}  // namespace

uint32_t crc32c(std::string_view bytes, uint32_t crc)
{
    crc = ~crc;
    for (const char b : bytes)
        crc = kCrc32cTable[(crc ^ uint8_t(b)) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

struct ObjectHasher::Md5
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~Md5() { EVP_MD_CTX_free(ctx); }
};

ObjectHasher::ObjectHasher() : m_md5(std::make_unique<Md5>())
{
    if (m_md5->ctx)
        EVP_DigestInit_ex(m_md5->ctx, EVP_md5(), nullptr);
}

ObjectHasher::~ObjectHasher() = default;

void ObjectHasher::update(std::string_view bytes)
{
    m_crc = crc32c(bytes, m_crc);
    if (m_md5->ctx)
        EVP_DigestUpdate(m_md5->ctx, bytes.data(), bytes.size());
}

std::string ObjectHasher::crc32cBase64() const
{
    const char bytes[4] = {char(m_crc >> 24), char(m_crc >> 16), char(m_crc >> 8), char(m_crc)};
    return base64(std::string_view(bytes, 4));
}

std::string ObjectHasher::md5Base64()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!m_md5->ctx || EVP_DigestFinal_ex(m_md5->ctx, digest, &length) != 1)
        return {};
    return base64(std::string_view(reinterpret_cast<const char *>(digest), length));
}

}  // namespace covertype::cloud
