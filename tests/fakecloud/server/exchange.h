// One request to the fake and the answer to it, as the services see them.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "server/encoding.h"
#include "serving/httprequestparser.h"

namespace covertype::fakecloud {

struct Request
{
    serving::HttpRequest http;  ///< method, target, headers and body as read from the wire
    std::string rawPath;        ///< the target's path, still percent-encoded ("/o/a%2Fb")
    KeyValues query;            ///< decoded query parameters in order
    /// False when the connection ended (or a fault cut it) before the whole body arrived:
    /// `http.body` then holds the bytes that did arrive.
    bool complete = true;
    bool authorized = false;  ///< a valid, unexpired bearer token came with it

    [[nodiscard]] const std::string &method() const { return http.method; }
    [[nodiscard]] const std::string &body() const { return http.body; }
    [[nodiscard]] std::string_view header(std::string_view name) const { return http.header(name); }
    [[nodiscard]] std::optional<std::string> queryValue(std::string_view name) const
    {
        return findValue(query, name);
    }
    /// "http://" + the Host header, the base links in answers are built on.
    [[nodiscard]] std::string origin() const;
};

/// Makes a Request from what the parser read; nullopt when the query has a malformed escape.
[[nodiscard]] std::optional<Request> makeRequest(serving::HttpRequest http);

struct Response
{
    int status = 200;
    KeyValues headers;  ///< Content-Length and Connection are added when sending
    std::string body;

    Response &withHeader(std::string name, std::string value)
    {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    [[nodiscard]] static Response json(int status, const nlohmann::json &body);
    [[nodiscard]] static Response text(int status, std::string body,
                                       std::string contentType = "text/plain; charset=UTF-8");
};

/// "OK", "Not Found", ... for the statuses the fake sends.
[[nodiscard]] const char *reasonPhrase(int status);

/// Google's canonical status name for an HTTP status (404 -> "NOT_FOUND").
[[nodiscard]] const char *canonicalStatus(int httpStatus);

/// A Google API error answer (E in google-cloud-api.md): {"error":{code, message, status,
/// errors:[{message, domain, reason}]}}; `reason` is the JSON API's reason ("notFound").
[[nodiscard]] Response googleError(int httpStatus, std::string_view message,
                                   std::string_view reason = {});

}  // namespace covertype::fakecloud
