// Faults the fake injects into its answers: statuses, slow answers, dropped connections,
// malformed bodies.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "server/encoding.h"

namespace covertype::fakecloud {

/// Applied to the next `times` requests that match `method` and `pathRegex`; the first rule
/// that matches and has uses left wins, and each match uses it once.
struct FaultRule
{
    std::string method{};     ///< "" matches any method
    std::string pathRegex{};  ///< searched (std::regex_search) in the path as sent, without query
    int times = 1;
    /// Answer this status with a Google error body instead of handling the request.
    int status = 0;
    KeyValues headers{};              ///< added to the answer, e.g. {"Retry-After", "1"}
    int delayMs = 0;                  ///< wait this long before answering
    bool dropConnection = false;      ///< close the connection without answering
    int64_t dropAfterBodyBytes = -1;  ///< close once this many body bytes arrived (mid-upload)
    /// Handle the request first (its state changes stay), then answer `status`, `rawBody` or
    /// nothing (`dropConnection`) anyway: "the create succeeded but its answer was lost".
    bool afterHandling = false;
    std::string rawBody{};  ///< answer this body verbatim (with `status`, or 200)
};

/// The rules in force, shared by every connection.
class FaultInjector
{
public:
    void add(FaultRule rule);
    void clear();
    /// The rule that applies to this request, with one use counted; nullopt when none does.
    [[nodiscard]] std::optional<FaultRule> take(const std::string &method,
                                                const std::string &rawPath);

private:
    struct Entry
    {
        FaultRule rule;
        std::regex pattern;
    };
    std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

}  // namespace covertype::fakecloud
