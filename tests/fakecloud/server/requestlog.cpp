// The fake's request log.
#include "server/requestlog.h"

#include <array>
#include <string_view>

namespace covertype::fakecloud {

void RequestLog::add(LoggedRequest entry)
{
    const std::lock_guard lock(m_mutex);
    m_entries.push_back(std::move(entry));
}

std::vector<LoggedRequest> RequestLog::entries() const
{
    const std::lock_guard lock(m_mutex);
    return m_entries;
}

void RequestLog::clear()
{
    const std::lock_guard lock(m_mutex);
    m_entries.clear();
}

std::string RequestLog::redact(const std::string &target)
{
    static constexpr std::array<std::string_view, 8> kSecret = {
        "access_token", "assertion", "refresh_token", "client_secret",
        "key",          "token",     "id_token",      "code"};
    const size_t q = target.find('?');
    if (q == std::string::npos)
        return target;
    std::string out = target.substr(0, q + 1);
    std::string_view rest = std::string_view(target).substr(q + 1);
    bool first = true;
    while (!rest.empty()) {
        const size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest.remove_prefix(amp == std::string_view::npos ? rest.size() : amp + 1);
        if (!first)
            out += '&';
        first = false;
        const std::string_view key = pair.substr(0, pair.find('='));
        bool secret = false;
        for (const auto s : kSecret)
            secret = secret || key == s;
        out += secret ? std::string(key) + "=REDACTED" : std::string(pair);
    }
    return out;
}

}  // namespace covertype::fakecloud
