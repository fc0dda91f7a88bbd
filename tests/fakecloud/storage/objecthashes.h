// The checksums Cloud Storage keeps for every object: CRC32C (Castagnoli) and MD5, written as
// base64 of their big-endian bytes in object metadata and x-goog-hash headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace covertype::fakecloud {

/// CRC-32C of `data` (reflected polynomial 0x82F63B78), continuing from `crc`.
[[nodiscard]] uint32_t crc32c(std::string_view data, uint32_t crc = 0);
/// base64 of the 4 big-endian bytes of crc32c(data), as GCS's "crc32c" field.
[[nodiscard]] std::string crc32cBase64(std::string_view data);
/// base64 of the 16 bytes of MD5(data), as GCS's "md5Hash" field.
[[nodiscard]] std::string md5Base64(std::string_view data);

}  // namespace covertype::fakecloud
