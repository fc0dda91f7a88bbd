// libcurl transfers: one easy handle each, reply collected in memory, cancelled from the
// transfer-info callback.
#include "httpclient.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>

#include "text.h"

namespace covertype::cloud {

namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer
{
    std::string body;
    size_t maxBytes = 0;
    bool tooLarge = false;
    bool cancelled = false;
    const TransferProgress *progress = nullptr;
};

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    if (t->body.size() + n > t->maxBytes) {
        t->tooLarge = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    t->body.append(data, n);
    return n;
}

int onTransferInfo(void *user, curl_off_t dlTotal, curl_off_t dlNow, curl_off_t, curl_off_t)
{
    auto *t = static_cast<Transfer *>(user);
    if (t->progress && *t->progress && !(*t->progress)(int64_t(dlNow), int64_t(dlTotal))) {
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

}  // namespace

Expected<HttpResponse> HttpClient::send(HttpRequest request) const
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
    for (const std::string &line : m_options.headers)
        addHeader(line);
    for (const std::string &line : request.headers)
        addHeader(line);
    const std::string token =
        request.bearerToken.empty() ? m_options.bearerToken : request.bearerToken;
    if (!token.empty())
        addHeader("Authorization: Bearer " + token);
    if (!request.contentType.empty())
        addHeader("Content-Type: " + request.contentType);
    addHeader("Expect:");  // no 100-continue round trip before a body
    const std::unique_ptr<curl_slist, ListDeleter> headerList(headers);

    Transfer transfer;
    transfer.maxBytes = m_options.maxResponseBytes;
    transfer.progress = &request.progress;
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
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onTransferInfo);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);

    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        const std::string why = errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc);
        if (rc == CURLE_ABORTED_BY_CALLBACK && transfer.cancelled)
            return fail(ErrorCode::Cancelled,
                        cat(request.method, " ", request.url, " was cancelled"));
        if (transfer.tooLarge)
            return fail(ErrorCode::Unavailable,
                        cat(request.method, " ", request.url, ": the reply is larger than ",
                            m_options.maxResponseBytes, " bytes"));
        if (rc == CURLE_OPERATION_TIMEDOUT)
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
    return response;
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
