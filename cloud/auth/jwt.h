// Signed JSON Web Tokens for the service-account grant (RS256).
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace covertype::cloud {

/// `b64url(header).b64url(claims).b64url(signature)` with an RS256 signature (RSASSA-PKCS1-v1_5,
/// SHA-256) made with the PEM private key. The error never holds the key.
[[nodiscard]] Expected<std::string> signJwtRs256(std::string_view headerJson,
                                                 std::string_view claimsJson,
                                                 std::string_view privateKeyPem);

}  // namespace covertype::cloud
