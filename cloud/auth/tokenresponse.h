// The reply of an OAuth 2.0 token endpoint or the metadata server, read into an AccessToken.
#pragma once

#include <string>

#include "auth/credentials.h"
#include "http/httpclient.h"

namespace covertype::cloud {

/// {access_token, expires_in, token_type} from a 200 reply; else an error naming `from` and what
/// the server said ({error, error_description} of OAuth, or a Google error body), never a token.
[[nodiscard]] Expected<AccessToken> readTokenResponse(const Expected<HttpResponse> &reply,
                                                      const std::string &from);

/// The HTTP client settings every token request uses: 30 s in all, 10 s to connect.
[[nodiscard]] HttpRequest tokenRequest(std::string method, std::string url);

}  // namespace covertype::cloud
