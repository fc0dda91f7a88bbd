// multipart/related bodies (RFC 2387) as the JSON API's multipart upload sends them: a JSON
// metadata part and a media part.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/encoding.h"

namespace covertype::fakecloud {

struct BodyPart
{
    KeyValues headers;  ///< names as sent
    std::string body;

    [[nodiscard]] std::string header(std::string_view name) const;
};

/// The boundary parameter of a multipart Content-Type ("multipart/related; boundary=x"),
/// nullopt when the type is not multipart/related or has no boundary.
[[nodiscard]] std::optional<std::string> multipartBoundary(std::string_view contentType);

/// Splits a multipart body; nullopt when a delimiter, the closing delimiter or a part's header
/// block is missing. Accepts CRLF and bare LF line ends.
[[nodiscard]] std::optional<std::vector<BodyPart>> parseMultipart(std::string_view body,
                                                                  std::string_view boundary);

}  // namespace covertype::fakecloud
