// Text encodings the fake services speak: base64 (standard and URL-safe), percent escapes and
// application/x-www-form-urlencoded bodies and queries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace covertype::fakecloud {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

/// Standard base64 with padding (RFC 4648 section 4), as GCS writes md5Hash and crc32c.
[[nodiscard]] std::string base64Encode(std::string_view bytes);
/// URL-safe base64 without padding (RFC 7515 base64url), as JWTs are written.
[[nodiscard]] std::string base64UrlEncode(std::string_view bytes);
/// Decodes base64url without padding; nullopt on any other character or a padded/impossible
/// length (a JWT with '=' or '+' is refused, as the RFC requires).
[[nodiscard]] std::optional<std::string> base64UrlDecode(std::string_view text);

/// Decodes %XX escapes; with `plusIsSpace` also '+' (forms and queries). nullopt when an escape
/// is malformed.
[[nodiscard]] std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);
/// Escapes every byte except unreserved characters (RFC 3986 2.3), so '/' becomes %2F.
[[nodiscard]] std::string percentEncode(std::string_view text);

/// Splits "a=1&b=x%20y" into decoded pairs in order; nullopt when an escape is malformed.
[[nodiscard]] std::optional<KeyValues> parseForm(std::string_view text);

/// The value of the first pair called `key`.
[[nodiscard]] std::optional<std::string> findValue(const KeyValues &pairs, std::string_view key);

}  // namespace covertype::fakecloud
