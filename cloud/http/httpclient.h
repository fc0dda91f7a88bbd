// A small blocking HTTP client on libcurl (one easy handle per transfer): JSON bodies, bearer
// tokens, timeouts and cancellation, for prediction endpoints and the Google Cloud REST APIs.
#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/error.h"

namespace covertype::cloud {

/// Bytes received so far and expected in all (0 while unknown); for an upload
/// (HttpRequest::progressCountsUpload) the bytes sent and to send. Return false to cancel the
/// transfer. Called from the thread running the transfer, often while data flows and about once
/// a second while the line is idle.
using TransferProgress = std::function<bool(int64_t received, int64_t expected)>;

struct HttpRequest
{
    std::string method = "GET";  ///< GET, POST, PUT, DELETE, ...
    std::string url;
    std::vector<std::string> headers;  ///< extra "Name: value" lines
    std::string bearerToken;           ///< sent as "Authorization: Bearer ..." when not empty
    std::string body;                  ///< sent when not empty (or for POST/PUT)
    std::string contentType;           ///< of body, e.g. application/json
    int timeoutMs = 30000;             ///< the whole transfer; 0 = no limit
    int connectTimeoutMs = 10000;
    TransferProgress progress;
    bool progressCountsUpload = false;  ///< progress reports the body sent, not the reply
    std::stop_token stop;               ///< a stop request cancels the transfer (Cancelled)
    /// stream(): told the status of a 2xx reply before its first byte reaches the sink (a 200
    /// where a ranged 206 was asked for means the whole body comes again).
    std::function<void(long status)> onBodyStatus;
    bool followRedirects = false;  ///< follow Location (at most 10 hops, never https -> http)
    /// Stop (ErrorCode::Unavailable) when fewer than lowSpeedBytesPerSecond arrive per second
    /// for lowSpeedSeconds; 0 = off. For long downloads, instead of timeoutMs.
    int lowSpeedBytesPerSecond = 0;
    int lowSpeedSeconds = 0;
};

struct HttpResponse
{
    long status = 0;  ///< the HTTP status code
    std::string body;
    std::string contentType;  ///< as the server sent it, may be empty
    /// The header lines of the final reply (not of a 100 Continue or a redirect), in order.
    std::vector<std::pair<std::string, std::string>> headers;
    [[nodiscard]] bool succeeded() const { return status >= 200 && status < 300; }
    /// The first header called `name` (ASCII case-insensitive), "" when there is none.
    [[nodiscard]] std::string header(std::string_view name) const;
};

/// Takes the body of a 2xx reply piece by piece, in order, as it arrives. Return false to stop
/// the transfer (the sink knows why: a full disk, ...).
using BodySink = std::function<bool(std::string_view piece)>;

/// The defaults of a client (token, timeouts, extra headers) applied to every request it sends.
/// A client holds no connection: every transfer uses its own easy handle, so one client may be
/// used from several threads at once.
class HttpClient
{
public:
    struct Options
    {
        std::string bearerToken;
        int timeoutMs = 30000;
        int connectTimeoutMs = 10000;
        std::vector<std::string> headers;
        size_t maxResponseBytes = size_t(256) << 20;  ///< larger replies fail (Unavailable)
    };

    HttpClient() = default;
    explicit HttpClient(Options options) : m_options(std::move(options)) {}
    [[nodiscard]] const Options &options() const { return m_options; }

    /// Sends the request and waits for the whole reply. A reply with any status is a result
    /// (callers judge 4xx/5xx, see errorMessage); ErrorCode::Unavailable when none came (cannot
    /// resolve or connect, timeout, TLS, reply too large), naming the URL and curl's message;
    /// ErrorCode::Cancelled when `progress` returned false.
    [[nodiscard]] Expected<HttpResponse> send(HttpRequest request) const;
    /// Like send, but hands the body of a 2xx reply to `sink` as it arrives instead of holding
    /// it in memory (HttpResponse::body stays empty, maxResponseBytes does not apply); the body
    /// of any other reply is kept, its first 64 KiB, for errorMessage. ErrorCode::Io naming the
    /// URL when `sink` returned false.
    [[nodiscard]] Expected<HttpResponse> stream(HttpRequest request, const BodySink &sink) const;
    /// GET, accepting JSON.
    [[nodiscard]] Expected<HttpResponse> get(const std::string &url,
                                             const TransferProgress &progress = {}) const;
    /// POST of a JSON document, accepting JSON.
    [[nodiscard]] Expected<HttpResponse> postJson(const std::string &url,
                                                  const nlohmann::json &body,
                                                  const TransferProgress &progress = {}) const;

private:
    Options m_options;
};

/// Refuses a URL that would send credentials or data in the clear: https is required, plain
/// http only for 127.0.0.1, [::1] and localhost (emulators, fakes, a local server). `what` names
/// where the URL came from ("STORAGE_EMULATOR_HOST").
[[nodiscard]] Expected<void> checkTransportSecurity(std::string_view url, std::string_view what);

/// The reply body as JSON. ErrorCode::Parse naming the URL, the status and the byte offset when
/// the body is not JSON.
[[nodiscard]] Expected<nlohmann::json> jsonBody(const HttpResponse &response,
                                                const std::string &url);

/// What an error reply says: "error" of {"error": "..."} (our server, AI Platform) or
/// error.message of {"error": {"message": ...}} (Google APIs), else the body's first 300
/// characters, else the status.
[[nodiscard]] std::string errorMessage(const HttpResponse &response);

}  // namespace covertype::cloud
