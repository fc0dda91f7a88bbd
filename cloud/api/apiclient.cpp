// Authorised, retried calls and the reading of Google's error replies.
#include "api/apiclient.h"

#include "base/text.h"

namespace covertype::cloud {

ApiClient::ApiClient(std::shared_ptr<TokenProvider> tokens, RetryPolicy policy,
                     std::stop_token stop)
    : m_tokens(std::move(tokens)), m_policy(policy), m_stop(std::move(stop))
{
}

Expected<HttpRequest> ApiClient::prepare(const ApiRequest &request, bool refresh) const
{
    auto token = m_tokens->token(m_stop, refresh);
    if (!token)
        return std::unexpected(token.error());
    HttpRequest http;
    http.method = request.method;
    http.url = request.url;
    http.body = request.body;
    http.contentType = request.contentType;
    http.headers = request.headers;
    if (const std::string quota = m_tokens->source().quotaProjectId(); !quota.empty())
        http.headers.push_back("X-Goog-User-Project: " + quota);
    http.bearerToken = std::move(*token);
    http.timeoutMs = request.timeoutMs;
    http.progress = request.progress;
    http.progressCountsUpload = request.progressCountsUpload;
    http.onBodyStatus = request.onBodyStatus;
    http.stop = m_stop;
    return http;
}

Expected<HttpResponse> ApiClient::send(const ApiRequest &request) const
{
    const HttpClient client;
    RetryPolicy policy = m_policy;
    if (!request.idempotent)
        policy.maxAttempts = 1;
    Expected<HttpResponse> reply;
    for (const bool refresh : {false, true}) {
        auto http = prepare(request, refresh);
        if (!http)
            return std::unexpected(http.error());
        reply = sendRetrying(client, *http, policy, m_notice);
        // An expired or revoked token: fetch a new one once, then let the 401 speak.
        if (!reply || reply->status != 401)
            break;
    }
    return reply;
}

Expected<nlohmann::json> ApiClient::json(const ApiRequest &request) const
{
    auto reply = send(request);
    if (!reply)
        return std::unexpected(reply.error());
    if (!reply->succeeded())
        return std::unexpected(googleError(*reply, cat(request.method, " ", request.url)));
    if (reply->body.empty())
        return nlohmann::json::object();
    return jsonBody(*reply, request.url);
}

Expected<nlohmann::json> ApiClient::postJson(const std::string &url, const nlohmann::json &body,
                                             bool idempotent) const
{
    ApiRequest request;
    request.method = "POST";
    request.url = url;
    request.body = body.dump();
    request.contentType = "application/json";
    request.headers = {"Accept: application/json"};
    request.idempotent = idempotent;
    return json(request);
}

Expected<nlohmann::json> ApiClient::getJson(const std::string &url) const
{
    ApiRequest request;
    request.url = url;
    request.headers = {"Accept: application/json"};
    return json(request);
}

Expected<HttpResponse> ApiClient::stream(const ApiRequest &request, const BodySink &sink) const
{
    const HttpClient client;
    Expected<HttpResponse> reply;
    for (const bool refresh : {false, true}) {
        auto http = prepare(request, refresh);
        if (!http)
            return std::unexpected(http.error());
        reply = client.stream(*http, sink);
        if (!reply || reply->status != 401)
            break;
    }
    return reply;
}

Error googleError(const HttpResponse &response, std::string_view what)
{
    ErrorCode code = ErrorCode::InvalidArgument;
    if (response.status == 404)
        code = ErrorCode::NotFound;
    else if (response.status == 409)
        code = ErrorCode::Conflict;
    else if (response.status == 429 || response.status >= 500 || response.status == 408)
        code = ErrorCode::Unavailable;

    std::string text = cat(what, ": HTTP ", response.status);
    const auto doc = nlohmann::json::parse(response.body, nullptr, false);
    const nlohmann::json *error = nullptr;
    if (doc.is_object() && doc.contains("error") && doc["error"].is_object())
        error = &doc["error"];
    if (!error) {
        text += ": " + errorMessage(response);
        return Error{code, text};
    }
    if (error->contains("status") && (*error)["status"].is_string())
        text += " " + (*error)["status"].get<std::string>();
    if (error->contains("message") && (*error)["message"].is_string())
        text += ": " + (*error)["message"].get<std::string>().substr(0, 1000);
    if (error->contains("details") && (*error)["details"].is_array()) {
        for (const auto &detail : (*error)["details"]) {
            if (!detail.is_object())
                continue;
            const std::string type = detail.value("@type", "");
            if (type.ends_with("google.rpc.BadRequest") && detail.contains("fieldViolations") &&
                detail["fieldViolations"].is_array()) {
                for (const auto &v : detail["fieldViolations"]) {
                    if (v.is_object() && v.contains("field") && v["field"].is_string())
                        text += cat(" [field ", v["field"].get<std::string>().substr(0, 200),
                                    v.contains("description") && v["description"].is_string()
                                        ? ": " + v["description"].get<std::string>().substr(0, 300)
                                        : std::string(),
                                    "]");
                }
            } else if (type.ends_with("google.rpc.ErrorInfo") && detail.contains("reason") &&
                       detail["reason"].is_string()) {
                text += " (" + detail["reason"].get<std::string>().substr(0, 100) + ")";
            } else if (type.ends_with("google.rpc.Help") && detail.contains("links") &&
                       detail["links"].is_array() && !detail["links"].empty() &&
                       detail["links"][0].is_object() && detail["links"][0].contains("url") &&
                       detail["links"][0]["url"].is_string()) {
                text += " See " + detail["links"][0]["url"].get<std::string>().substr(0, 300);
            }
        }
    }
    return Error{code, text};
}

}  // namespace covertype::cloud
