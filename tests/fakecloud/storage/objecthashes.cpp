// CRC32C with a byte table, MD5 with OpenSSL.
#include "storage/objecthashes.h"

#include <openssl/evp.h>

#include <array>

#include "server/encoding.h"

namespace covertype::fakecloud {

namespace {

constexpr std::array<uint32_t, 256> makeTable()
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

constexpr std::array<uint32_t, 256> kTable = makeTable();

}  // namespace

uint32_t crc32c(std::string_view data, uint32_t crc)
{
    crc = ~crc;
    for (const char c : data)
        crc = kTable[(crc ^ uint8_t(c)) & 0xff] ^ (crc >> 8);
    return ~crc;
}

std::string crc32cBase64(std::string_view data)
{
    const uint32_t crc = crc32c(data);
    const char bytes[4] = {char(crc >> 24), char(crc >> 16), char(crc >> 8), char(crc)};
    return base64Encode(std::string_view(bytes, 4));
}

std::string md5Base64(std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
    return base64Encode(std::string_view(reinterpret_cast<const char *>(digest), length));
}

}  // namespace covertype::fakecloud
