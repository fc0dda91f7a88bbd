// libcurl transfers: one easy handle each, reply collected in memory or streamed to a sink,
// cancelled from the transfer-info callback.
#include "http/httpclient.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "base/text.h"

namespace covertype::cloud {

namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// How much of a non-2xx reply stream() keeps for errorMessage.
constexpr size_t kErrorBodyBytes = size_t(64) << 10;

struct Transfer
{
    CURL *handle = nullptr;
    std::string body;
    size_t maxBytes = 0;
    bool tooLarge = false;
    bool cancelled = false;
    const TransferProgress *progress = nullptr;
    bool progressCountsUpload = false;
    const std::stop_token *stop = nullptr;
    const BodySink *sink = nullptr;  ///< stream(): where a 2xx body goes
    bool sinkStopped = false;
    const std::function<void(long)> *onBodyStatus = nullptr;
    bool bodyStarted = false;
    std::vector<std::pair<std::string, std::string>> headers;  ///< of the latest reply head
};

/// Keeps the header lines of the latest reply head: a status line starts a new head (after a
/// 100 Continue or a redirect).
size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        t->headers.clear();
        return n;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || t->headers.size() >= 200)
        return n;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    t->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    return n;
}

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    if (t->sink) {
        // Headers are complete by the time body data arrives, so the status is known.
        long status = 0;
        curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 200 && status < 300) {
            if (!t->bodyStarted) {
                t->bodyStarted = true;
                if (t->onBodyStatus && *t->onBodyStatus)
                    (*t->onBodyStatus)(status);
            }
            if (*t->sink && !(*t->sink)(std::string_view(data, n))) {
                t->sinkStopped = true;
                return 0;  // CURLE_WRITE_ERROR
            }
            return n;
        }
        t->body.append(data,
                       std::min(n, kErrorBodyBytes - std::min(kErrorBodyBytes, t->body.size())));
        return n;
    }
    if (t->body.size() + n > t->maxBytes) {
        t->tooLarge = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    t->body.append(data, n);
    return n;
}

int onTransferInfo(void *user, curl_off_t dlTotal, curl_off_t dlNow, curl_off_t ulTotal,
                   curl_off_t ulNow)
{
    auto *t = static_cast<Transfer *>(user);
    if (t->stop && t->stop->stop_requested()) {
        t->cancelled = true;
        return 1;
    }
    const int64_t now = t->progressCountsUpload ? int64_t(ulNow) : int64_t(dlNow);
    const int64_t total = t->progressCountsUpload ? int64_t(ulTotal) : int64_t(dlTotal);
    if (t->progress && *t->progress && !(*t->progress)(now, total)) {
        t->cancelled = true;
        return 1;  // CURLE_ABORTED_BY_CALLBACK
    }
    return 0;
}

struct EasyDeleter
{
    void operator()(CURL *h) const { curl_easy_cleanup(h); }
};
struct ListDeleter
{
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};

/// One transfer; `sink` null collects the whole body (send), else streams a 2xx body (stream).
Expected<HttpResponse> perform(const HttpClient::Options &options, const HttpRequest &request,
                               const BodySink *sink)
{
    initCurlOnce();
    const std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy)
        return fail(ErrorCode::Unavailable,
                    cat(request.url, ": cannot start a transfer (libcurl)"));
    CURL *h = easy.get();

    curl_slist *headers = nullptr;
    const auto addHeader = [&](const std::string &line) {
        headers = curl_slist_append(headers, line.c_str());
    };
    for (const std::string &line : options.headers)
        addHeader(line);
    for (const std::string &line : request.headers)
        addHeader(line);
    const std::string token =
        request.bearerToken.empty() ? options.bearerToken : request.bearerToken;
    if (!token.empty())
        addHeader("Authorization: Bearer " + token);
    if (!request.contentType.empty())
        addHeader("Content-Type: " + request.contentType);
    addHeader("Expect:");  // no 100-continue round trip before a body
    const std::unique_ptr<curl_slist, ListDeleter> headerList(headers);

    Transfer transfer;
    transfer.handle = h;
    transfer.maxBytes = options.maxResponseBytes;
    transfer.progress = &request.progress;
    transfer.progressCountsUpload = request.progressCountsUpload;
    transfer.stop = &request.stop;
    transfer.sink = sink;
    transfer.onBodyStatus = &request.onBodyStatus;
    if (request.stop.stop_requested())
        return fail(ErrorCode::Cancelled, cat(request.method, " ", request.url, " was cancelled"));
    char errorBuffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST" || request.method == "PUT" || !request.body.empty()) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headerList.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "covertype-workbench");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // safe in threads; timeouts without SIGALRM
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(request.timeoutMs));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(request.connectTimeoutMs));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onTransferInfo);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (request.followRedirects) {
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
        // A download asked for over TLS must not be redirected to plain HTTP.
        const bool https = request.url.starts_with("https://");
        curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
    }
    if (request.lowSpeedBytesPerSecond > 0 && request.lowSpeedSeconds > 0) {
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, long(request.lowSpeedBytesPerSecond));
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, long(request.lowSpeedSeconds));
    }

    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        const std::string why = errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc);
        if (rc == CURLE_ABORTED_BY_CALLBACK && transfer.cancelled)
            return fail(ErrorCode::Cancelled,
                        cat(request.method, " ", request.url, " was cancelled"));
        if (transfer.tooLarge)
            return fail(ErrorCode::Unavailable,
                        cat(request.method, " ", request.url, ": the reply is larger than ",
                            options.maxResponseBytes, " bytes"));
        if (transfer.sinkStopped)
            return fail(ErrorCode::Io,
                        cat(request.method, " ", request.url, ": the reply could not be stored"));
        if (rc == CURLE_OPERATION_TIMEDOUT && request.timeoutMs > 0)
            return fail(ErrorCode::Unavailable,
                        cat(request.method, " ", request.url, ": no complete reply within ",
                            request.timeoutMs, " ms (", why, ")"));
        return fail(ErrorCode::Unavailable, cat(request.method, " ", request.url, ": ", why));
    }
    HttpResponse response;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    const char *contentType = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &contentType) == CURLE_OK && contentType)
        response.contentType = contentType;
    response.body = std::move(transfer.body);
    response.headers = std::move(transfer.headers);
    return response;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const
{
    const auto same = [](std::string_view a, std::string_view b) {
        return std::ranges::equal(a, b, [](char x, char y) {
            return std::tolower(static_cast<unsigned char>(x)) ==
                   std::tolower(static_cast<unsigned char>(y));
        });
    };
    for (const auto &[key, value] : headers)
        if (same(key, name))
            return value;
    return {};
}

Expected<HttpResponse> HttpClient::send(HttpRequest request) const
{
    return perform(m_options, request, nullptr);
}

Expected<HttpResponse> HttpClient::stream(HttpRequest request, const BodySink &sink) const
{
    return perform(m_options, request, &sink);
}

Expected<HttpResponse> HttpClient::get(const std::string &url,
                                       const TransferProgress &progress) const
{
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {"Accept: application/json"};
    request.timeoutMs = m_options.timeoutMs;
    request.connectTimeoutMs = m_options.connectTimeoutMs;
    request.progress = progress;
    return send(std::move(request));
}

Expected<HttpResponse> HttpClient::postJson(const std::string &url, const nlohmann::json &body,
                                            const TransferProgress &progress) const
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {"Accept: application/json"};
    request.body = body.dump();
    request.contentType = "application/json";
    request.timeoutMs = m_options.timeoutMs;
    request.connectTimeoutMs = m_options.connectTimeoutMs;
    request.progress = progress;
    return send(std::move(request));
}

Expected<void> checkTransportSecurity(std::string_view url, std::string_view what)
{
    if (url.starts_with("https://"))
        return {};
    if (url.starts_with("http://")) {
        std::string_view rest = url.substr(7);
        const size_t end = rest.find_first_of("/?#");
        std::string_view host = rest.substr(0, end);
        if (host.starts_with("[::1]"))
            return {};
        host = host.substr(0, host.find(':'));
        if (host == "127.0.0.1" || host == "localhost")
            return {};
        return fail(ErrorCode::InvalidArgument,
                    cat(what, ": ", url,
                        ": plain http is allowed only to 127.0.0.1 or localhost; use https"));
    }
    return fail(ErrorCode::InvalidArgument, cat(what, ": ", url, ": not an http(s) URL"));
}

Expected<nlohmann::json> jsonBody(const HttpResponse &response, const std::string &url)
{
    try {
        return nlohmann::json::parse(response.body);
    } catch (const nlohmann::json::parse_error &e) {
        return fail(ErrorCode::Parse,
                    cat(url, ": HTTP ", response.status, " reply is not JSON (byte ", e.byte,
                        "): ", response.body.substr(0, 120)));
    }
}

std::string errorMessage(const HttpResponse &response)
{
    const auto doc = nlohmann::json::parse(response.body, nullptr, false);
    if (doc.is_object() && doc.contains("error")) {
        const nlohmann::json &error = doc["error"];
        if (error.is_string())
            return error.get<std::string>();
        if (error.is_object() && error.contains("message") && error["message"].is_string())
            return error["message"].get<std::string>();
    }
    std::string text = response.body.substr(0, 300);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    if (!text.empty())
        return text;
    return cat("HTTP status ", response.status);
}

}  // namespace covertype::cloud
