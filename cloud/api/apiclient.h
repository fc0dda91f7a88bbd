// Calls to Google Cloud REST APIs: an access token on every request, one refresh after a 401,
// retries of requests that are safe to repeat, and error replies turned into messages a user
// can act on (status, message, the field named).
#pragma once

#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/credentials.h"
#include "http/httpclient.h"
#include "http/retry.h"

namespace covertype::cloud {

struct ApiRequest
{
    std::string method = "GET";
    std::string url;
    std::string body;
    std::string contentType;
    std::vector<std::string> headers;  ///< extra "Name: value" lines
    /// Whether sending it twice does no harm (reads, cancels, deletes, creates with a fixed id or
    /// request id): only such requests are retried after 429/5xx or a lost connection.
    bool idempotent = true;
    int timeoutMs = 60'000;
    TransferProgress progress;
    bool progressCountsUpload = false;
    std::function<void(long status)> onBodyStatus;  ///< see HttpRequest::onBodyStatus
};

class ApiClient
{
public:
    /// `stop` cancels every transfer and every wait of this client.
    ApiClient(std::shared_ptr<TokenProvider> tokens,
              RetryPolicy policy = RetryPolicy::fromEnvironment(), std::stop_token stop = {});

    /// The reply, any status, after retries and a token refresh on 401. An error only when no
    /// reply came (or the credentials gave no token, or the call was cancelled).
    [[nodiscard]] Expected<HttpResponse> send(const ApiRequest &request) const;
    /// The JSON body of a 2xx reply ({} when empty); a non-2xx reply is googleError.
    [[nodiscard]] Expected<nlohmann::json> json(const ApiRequest &request) const;
    /// POST of a JSON document, expecting JSON.
    [[nodiscard]] Expected<nlohmann::json> postJson(const std::string &url,
                                                    const nlohmann::json &body,
                                                    bool idempotent) const;
    /// GET expecting JSON (retried).
    [[nodiscard]] Expected<nlohmann::json> getJson(const std::string &url) const;
    /// Streams a 2xx body to `sink` (no retry: a download resumes from where it stopped).
    [[nodiscard]] Expected<HttpResponse> stream(const ApiRequest &request,
                                                const BodySink &sink) const;

    /// Told of every retry before its wait ("HTTP 503, retrying in 1.2 s"), for progress output.
    void setRetryNotice(RetryNotice notice) { m_notice = std::move(notice); }
    [[nodiscard]] const std::stop_token &stopToken() const { return m_stop; }
    [[nodiscard]] const RetryPolicy &retryPolicy() const { return m_policy; }
    [[nodiscard]] TokenProvider &tokens() const { return *m_tokens; }
    /// The same tokens and retries without the stop token: for the cleanup a stop asks for
    /// (cancelling a job, removing what a cancelled deploy made).
    [[nodiscard]] ApiClient unstopped() const { return ApiClient(m_tokens, m_policy); }

private:
    [[nodiscard]] Expected<HttpRequest> prepare(const ApiRequest &request, bool refresh) const;

    std::shared_ptr<TokenProvider> m_tokens;
    RetryPolicy m_policy;
    std::stop_token m_stop;
    RetryNotice m_notice;
};

/// The error a non-2xx Google reply stands for: "WHAT: HTTP 403 PERMISSION_DENIED: <message>"
/// with the fields a BadRequest detail names, ErrorInfo's reason and the first Help link; the
/// code follows the status (404 NotFound, 409 Conflict, 429/5xx Unavailable, others
/// InvalidArgument).
[[nodiscard]] Error googleError(const HttpResponse &response, std::string_view what);

}  // namespace covertype::cloud
