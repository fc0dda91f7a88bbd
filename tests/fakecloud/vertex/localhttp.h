// A small blocking HTTP/1.1 client for the fake's own children (health checks, predictions) on
// 127.0.0.1: one request per connection, every step bounded by a deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace covertype::fakecloud::vertex {

struct LocalReply
{
    int status = 0;
    std::string body;
};

/// nullopt when the connection fails, times out or the answer is not HTTP.
[[nodiscard]] std::optional<LocalReply> localHttp(uint16_t port, const std::string &method,
                                                  const std::string &path, const std::string &body,
                                                  std::chrono::milliseconds timeout,
                                                  size_t maxReplyBytes = 8 * 1024 * 1024);

/// A TCP port on 127.0.0.1 free at the time of the call (0 when none could be found).
[[nodiscard]] uint16_t freeLocalPort();

}  // namespace covertype::fakecloud::vertex
