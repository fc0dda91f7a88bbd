// Matching requests against the fault rules in force.
#include "server/faultrule.h"

namespace covertype::fakecloud {

void FaultInjector::add(FaultRule rule)
{
    std::regex pattern(rule.pathRegex.empty() ? std::string(".*") : rule.pathRegex);
    const std::lock_guard lock(m_mutex);
    m_entries.push_back({std::move(rule), std::move(pattern)});
}

void FaultInjector::clear()
{
    const std::lock_guard lock(m_mutex);
    m_entries.clear();
}

std::optional<FaultRule> FaultInjector::take(const std::string &method, const std::string &rawPath)
{
    const std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->rule.times <= 0)
            continue;
        if (!it->rule.method.empty() && it->rule.method != method)
            continue;
        if (!std::regex_search(rawPath, it->pattern))
            continue;
        FaultRule out = it->rule;
        if (--it->rule.times <= 0)
            m_entries.erase(it);
        return out;
    }
    return std::nullopt;
}

}  // namespace covertype::fakecloud
