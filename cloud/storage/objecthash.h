// The checksums Cloud Storage keeps for every object (CRC32C and MD5, base64 of their big-endian
// bytes), computed while data streams through, to verify uploads and downloads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace covertype::cloud {

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `bytes`, continuing from `crc`
/// (0 to start).
[[nodiscard]] uint32_t crc32c(std::string_view bytes, uint32_t crc = 0);

class ObjectHasher
{
public:
    ObjectHasher();
    ~ObjectHasher();
    ObjectHasher(const ObjectHasher &) = delete;
    ObjectHasher &operator=(const ObjectHasher &) = delete;

    void update(std::string_view bytes);
    /// As Cloud Storage spells them: base64 of the 4 big-endian bytes of the CRC32C, base64 of
    /// the 16 bytes of the MD5 (the hasher can be read once at the end).
    [[nodiscard]] std::string crc32cBase64() const;
    [[nodiscard]] std::string md5Base64();

private:
    uint32_t m_crc = 0;
    struct Md5;
    std::unique_ptr<Md5> m_md5;
};

}  // namespace covertype::cloud
