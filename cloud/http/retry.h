// When and how long to wait before sending a request again: truncated exponential backoff with
// jitter, Retry-After honoured, every wait cancellable (google-cloud-api.md, section E).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string_view>

#include "http/httpclient.h"

namespace covertype::cloud {

struct RetryPolicy
{
    std::chrono::milliseconds initialDelay{1000};
    double multiplier = 2.0;
    std::chrono::milliseconds maxDelay{60'000};  ///< no single wait is longer
    /// No retry starts once this much time passed since the first attempt (its wait included).
    std::chrono::milliseconds deadline{120'000};
    int maxAttempts = 8;  ///< attempts in all, the first included

    /// The defaults, with COVERTYPE_RETRY_INITIAL_MS / COVERTYPE_RETRY_DEADLINE_MS when set (a
    /// test or a user on a flaky link can make waits shorter or longer).
    [[nodiscard]] static RetryPolicy fromEnvironment();
};

/// Statuses worth sending the same request again for: 408, 429, 500, 502, 503, 504.
[[nodiscard]] bool isRetryableStatus(long status);

/// The wait before retry number `retry` (1 for the first retry): initialDelay *
/// multiplier^(retry-1) capped at maxDelay, then a random point of its upper half (jitter, so
/// clients that failed together do not come back together). A Retry-After the server sent wins when
/// it is longer, still capped at maxDelay.
[[nodiscard]] std::chrono::milliseconds backoffDelay(
    const RetryPolicy &policy, int retry,
    std::optional<std::chrono::milliseconds> retryAfter = std::nullopt);

/// A Retry-After value: delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00
/// GMT", relative to `now`); nullopt when it is neither.
[[nodiscard]] std::optional<std::chrono::milliseconds> parseRetryAfter(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// Sleeps `delay` in slices of at most 50 ms; returns false as soon as `stop` is requested.
[[nodiscard]] bool waitUnlessStopped(std::chrono::milliseconds delay, const std::stop_token &stop);

/// Sends `request` and sends it again, after backoffDelay, while the reply has a retryable
/// status or no reply came (a dropped connection, a timeout) and the policy allows another
/// attempt; only for requests that are safe to repeat. Returns the last reply (any status) or
/// the last transfer error; Cancelled as soon as request.stop is requested, waits included.
/// `onRetry`, when given, hears about each retry before its wait (for progress messages).
using RetryNotice =
    std::function<void(int retry, std::chrono::milliseconds wait, const std::string &why)>;
[[nodiscard]] Expected<HttpResponse> sendRetrying(const HttpClient &client,
                                                  const HttpRequest &request,
                                                  const RetryPolicy &policy,
                                                  const RetryNotice &onRetry = {});

}  // namespace covertype::cloud
