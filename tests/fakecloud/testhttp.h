// Plain libcurl and raw-socket calls for the fake's own tests (the cloud/ client is not used:
// the fake must stand on its own).
#pragma once

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace covertype::fakecloud::test {

struct HttpResult
{
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>>
        headers;        ///< names lower-cased, last response only
    long connects = 0;  ///< new connections curl opened for the call

    /// The value of a header of the final response, "" when absent.
    [[nodiscard]] std::string header(std::string_view name) const
    {
        for (const auto &[n, v] : headers)
            if (n == name)
                return v;
        return {};
    }
    [[nodiscard]] bool hasHeader(std::string_view name) const
    {
        for (const auto &[n, v] : headers)
            if (n == name)
                return true;
        return false;
    }
};

struct HttpCall
{
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;  ///< "Name: value"
    std::string body;
    bool sendBody = false;  ///< send `body` even when empty (PUT with Content-Length: 0)
    long timeoutMs = 20'000;
    std::string bearer;  ///< adds "Authorization: Bearer <bearer>" when set
};

namespace detail {

inline size_t collectBody(char *data, size_t size, size_t count, void *user)
{
    static_cast<std::string *>(user)->append(data, size * count);
    return size * count;
}

inline size_t collectHeader(char *data, size_t size, size_t count, void *user)
{
    auto *headers = static_cast<std::vector<std::pair<std::string, std::string>> *>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        headers->clear();  // a new response (after 100 Continue, say)
        return size * count;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos)
        return size * count;
    std::string name(line.substr(0, colon));
    for (char &c : name)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
    headers->emplace_back(std::move(name), std::string(value));
    return size * count;
}

}  // namespace detail

/// One request with a handle `reuse` may share with other calls (keep-alive); pass nullptr for
/// a handle of its own.
inline HttpResult httpCall(const HttpCall &call, CURL *reuse = nullptr)
{
    CURL *curl = reuse ? reuse : curl_easy_init();
    curl_easy_reset(curl);
    HttpResult result;
    curl_slist *headers = nullptr;
    for (const auto &h : call.headers)
        headers = curl_slist_append(headers, h.c_str());
    if (!call.bearer.empty())
        headers = curl_slist_append(headers, ("Authorization: Bearer " + call.bearer).c_str());
    // libcurl adds "Expect: 100-continue" to large bodies; tests that want it say so.
    bool saysExpect = false;
    for (const auto &h : call.headers)
        saysExpect = saysExpect || h.starts_with("Expect:");
    if (!saysExpect)
        headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "HEAD")
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    if (!call.body.empty() || call.sendBody) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(call.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, call.timeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, detail::collectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, detail::collectHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
    result.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &result.connects);
    curl_slist_free_all(headers);
    if (!reuse)
        curl_easy_cleanup(curl);
    return result;
}

/// A connected TCP socket to 127.0.0.1:port, -1 on failure.
inline int connectTo(uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline bool sendAll(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        bytes.remove_prefix(size_t(n));
    }
    return true;
}

/// Reads until the peer closes or `timeout` passes.
inline std::string readAll(int fd, std::chrono::milliseconds timeout)
{
    std::string out;
    const auto end = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            end - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return out;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(left.count())) <= 0)
            return out;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            return out;
        out.append(buf, size_t(n));
    }
}

}  // namespace covertype::fakecloud::test
