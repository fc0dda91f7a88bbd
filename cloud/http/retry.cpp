// Backoff arithmetic and cancellable waits for retried requests.
#include "http/retry.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <thread>

namespace covertype::cloud {

namespace {

std::optional<int64_t> positiveEnvironmentNumber(const char *name)
{
    const char *text = std::getenv(name);
    if (!text || !*text)
        return std::nullopt;
    char *end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (*end != '\0' || value < 0)
        return std::nullopt;
    return value;
}

}  // namespace

RetryPolicy RetryPolicy::fromEnvironment()
{
    RetryPolicy policy;
    if (const auto initial = positiveEnvironmentNumber("COVERTYPE_RETRY_INITIAL_MS"))
        policy.initialDelay = std::chrono::milliseconds(*initial);
    if (const auto deadline = positiveEnvironmentNumber("COVERTYPE_RETRY_DEADLINE_MS"))
        policy.deadline = std::chrono::milliseconds(*deadline);
    return policy;
}

bool isRetryableStatus(long status)
{
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

std::chrono::milliseconds backoffDelay(const RetryPolicy &policy, int retry,
                                       std::optional<std::chrono::milliseconds> retryAfter)
{
    const double base = double(policy.initialDelay.count()) *
                        std::pow(policy.multiplier, double(std::max(0, retry - 1)));
    const double capped = std::min(base, double(policy.maxDelay.count()));
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> upperHalf(0.5, 1.0);
    auto delay = std::chrono::milliseconds(int64_t(capped * upperHalf(random)));
    if (retryAfter && *retryAfter > delay)
        delay = std::min(*retryAfter, policy.maxDelay);
    return delay;
}

std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now)
{
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;
    if (std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9)
            return std::chrono::milliseconds(std::chrono::hours(24 * 365));
        return std::chrono::seconds(std::stoll(std::string(value)));
    }
    // IMF-fixdate, the form RFC 9110 requires senders to use.
    std::tm tm{};
    const std::string text(value);
    const char *end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end != '\0')
        return std::nullopt;
    const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
    if (at <= now)
        return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
}

bool waitUnlessStopped(std::chrono::milliseconds delay, const std::stop_token &stop)
{
    const auto until = std::chrono::steady_clock::now() + delay;
    while (!stop.stop_requested()) {
        const auto left = until - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero())
            return true;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
    }
    return false;
}

Expected<HttpResponse> sendRetrying(const HttpClient &client, const HttpRequest &request,
                                    const RetryPolicy &policy, const RetryNotice &onRetry)
{
    const auto start = std::chrono::steady_clock::now();
    for (int attempt = 1;; ++attempt) {
        Expected<HttpResponse> reply = client.send(request);
        std::optional<std::chrono::milliseconds> retryAfter;
        std::string why;
        if (reply) {
            if (!isRetryableStatus(reply->status))
                return reply;
            retryAfter = parseRetryAfter(reply->header("Retry-After"));
            why = "HTTP " + std::to_string(reply->status);
        } else {
            if (reply.error().code != ErrorCode::Unavailable)
                return reply;  // cancelled, or a local problem a retry cannot mend
            why = reply.error().message;
        }
        if (attempt >= policy.maxAttempts)
            return reply;
        const auto wait = backoffDelay(policy, attempt, retryAfter);
        if (std::chrono::steady_clock::now() - start + wait > policy.deadline)
            return reply;
        if (onRetry)
            onRetry(attempt, wait, why);
        if (!waitUnlessStopped(wait, request.stop))
            return fail(ErrorCode::Cancelled,
                        request.method + " " + request.url + " was cancelled");
    }
}

}  // namespace covertype::cloud
