// Reading token replies, with errors that say what the server refused and nothing secret.
#include "auth/tokenresponse.h"

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace covertype::cloud {

Expected<AccessToken> readTokenResponse(const Expected<HttpResponse> &reply,
                                        const std::string &from)
{
    if (!reply)
        return fail(reply.error().code,
                    cat("cannot get an access token from ", from, ": ", reply.error().message));
    const auto doc = nlohmann::json::parse(reply->body, nullptr, false);
    if (!reply->succeeded()) {
        std::string why;
        if (doc.is_object() && doc.contains("error") && doc["error"].is_string()) {
            why = doc["error"].get<std::string>();  // OAuth: invalid_grant, invalid_client, ...
            if (doc.contains("error_description") && doc["error_description"].is_string())
                why += ": " + doc["error_description"].get<std::string>();
        } else {
            why = errorMessage(*reply);
        }
        const ErrorCode code =
            reply->status >= 500 ? ErrorCode::Unavailable : ErrorCode::InvalidArgument;
        return fail(code, cat(from, " refused to issue an access token (HTTP ", reply->status,
                              "): ", why.substr(0, 300)));
    }
    if (!doc.is_object() || !doc.contains("access_token") || !doc["access_token"].is_string() ||
        doc["access_token"].get<std::string>().empty())
        return fail(ErrorCode::Parse,
                    cat(from, " answered without an access_token (not an OAuth token reply)"));
    AccessToken token;
    token.value = doc["access_token"].get<std::string>();
    int64_t seconds = 3600;
    if (doc.contains("expires_in")) {
        const auto &e = doc["expires_in"];
        if (e.is_number_integer())
            seconds = e.get<int64_t>();
        else if (e.is_number())
            seconds = int64_t(e.get<double>());
        else if (e.is_string())
            seconds = std::strtoll(e.get<std::string>().c_str(), nullptr, 10);
    }
    token.expiresAt = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
    return token;
}

HttpRequest tokenRequest(std::string method, std::string url)
{
    HttpRequest request;
    request.method = std::move(method);
    request.url = std::move(url);
    request.timeoutMs = 30'000;
    request.connectTimeoutMs = 10'000;
    request.headers = {"Accept: application/json"};
    return request;
}

}  // namespace covertype::cloud
