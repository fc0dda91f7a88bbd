// Text encodings of HTTP requests: percent-encoding of URL parts and forms, base64.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace covertype::cloud {

/// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), so
/// "a/b c" becomes "a%2Fb%20c": a path segment, a query value or a form value.
[[nodiscard]] std::string percentEncode(std::string_view text);
/// "a=1&b=x%20y" from pairs, each name and value percent-encoded.
[[nodiscard]] std::string formEncode(
    const std::vector<std::pair<std::string, std::string>> &fields);

/// Standard padded base64 (RFC 4648 section 4).
[[nodiscard]] std::string base64(std::string_view bytes);
/// Unpadded base64url (RFC 4648 section 5), as JWTs use it.
[[nodiscard]] std::string base64Url(std::string_view bytes);
/// Decodes standard or url-safe base64, padded or not. ErrorCode::Parse on other characters.
[[nodiscard]] Expected<std::string> decodeBase64(std::string_view text);

}  // namespace covertype::cloud
