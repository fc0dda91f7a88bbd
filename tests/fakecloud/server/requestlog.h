// The requests the fake answered, for tests to assert on: no body, no token, no key.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace covertype::fakecloud {

struct LoggedRequest
{
    std::string method;
    std::string target;     ///< path and query; values of secret parameters replaced by "REDACTED"
    int status = 0;         ///< 0: no answer was sent (dropped connection, client gone)
    int64_t bodyBytes = 0;  ///< request body bytes that arrived
    bool authorized = false;
};

class RequestLog
{
public:
    void add(LoggedRequest entry);
    [[nodiscard]] std::vector<LoggedRequest> entries() const;
    void clear();

    /// `target` with the values of access_token, assertion, refresh_token, client_secret, key
    /// and similar parameters replaced.
    [[nodiscard]] static std::string redact(const std::string &target);

private:
    mutable std::mutex m_mutex;
    std::vector<LoggedRequest> m_entries;
};

}  // namespace covertype::fakecloud
