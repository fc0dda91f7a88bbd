// Names, ids, timestamps, pages and list filters of the fake Vertex AI.
#include "vertex/names.h"

#include <charconv>
#include <chrono>
#include <ctime>

namespace covertype::fakecloud::vertex {

std::string nowRfc3339()
{
    const auto now = std::chrono::system_clock::now();
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = std::time_t(micros / 1'000'000);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char buf[64];
    const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lldZ", static_cast<long long>(micros % 1'000'000));
    return std::string(buf, n) + frac;
}

std::string ResourceName::parent() const
{
    return "projects/" + project + "/locations/" + location;
}

std::optional<ResourceName> parseResourceName(const std::string &name)
{
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t slash = name.find('/', start);
        parts.push_back(name.substr(start, slash - start));
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    if (parts.size() < 4 || parts[0] != "projects" || parts[2] != "locations")
        return std::nullopt;
    ResourceName out{parts[1], parts[3], {}, {}};
    if (parts.size() >= 6) {
        out.collection = parts[4];
        out.id = parts[5];
    }
    return out;
}

std::string IdSource::next()
{
    return std::to_string(m_next.fetch_add(1) + 1);
}

std::expected<nlohmann::json, RpcError> listPage(const std::vector<nlohmann::json> &items,
                                                 const std::string &key, int pageSize,
                                                 const std::string &pageToken)
{
    size_t offset = 0;
    if (!pageToken.empty()) {
        const auto r =
            std::from_chars(pageToken.data(), pageToken.data() + pageToken.size(), offset);
        if (r.ec != std::errc() || r.ptr != pageToken.data() + pageToken.size() ||
            offset > items.size())
            return std::unexpected(invalidArgument("Invalid page token: " + pageToken));
    }
    if (pageSize < 0)
        return std::unexpected(invalidArgument("page_size must not be negative"));
    const size_t size = pageSize == 0 ? 100 : std::min<size_t>(size_t(pageSize), 1000);
    nlohmann::json out = nlohmann::json::object();
    nlohmann::json page = nlohmann::json::array();
    for (size_t i = offset; i < items.size() && i < offset + size; ++i)
        page.push_back(items[i]);
    if (!page.empty())
        out[key] = std::move(page);
    if (offset + size < items.size())
        out["nextPageToken"] = std::to_string(offset + size);
    return out;
}

namespace {

std::string trim(std::string s)
{
    const size_t first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string unquote(std::string s)
{
    s = trim(std::move(s));
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        return s.substr(1, s.size() - 2);
    return s;
}

}  // namespace

std::expected<ListFilter, RpcError> ListFilter::parse(const std::string &text)
{
    ListFilter filter;
    std::string rest = text;
    std::vector<std::string> terms;
    for (;;) {
        const size_t at = rest.find(" AND ");
        terms.push_back(trim(rest.substr(0, at)));
        if (at == std::string::npos)
            break;
        rest = rest.substr(at + 5);
    }
    for (const auto &termText : terms) {
        if (termText.empty())
            continue;
        Term term;
        size_t op = termText.find("!=");
        size_t opLength = 2;
        if (op != std::string::npos) {
            term.negate = true;
        } else if ((op = termText.find('=')) != std::string::npos) {
            opLength = 1;
        } else if ((op = termText.find(':')) != std::string::npos) {
            opLength = 1;
        } else {
            return std::unexpected(invalidArgument("Unsupported filter: " + text));
        }
        std::string field = trim(termText.substr(0, op));
        term.value = unquote(termText.substr(op + opLength));
        if (termText[op] == ':' && term.value == "*")
            term.exists = true;
        if (field.starts_with("labels.") && field.size() > 7) {
            term.path = {"labels", field.substr(7)};
        } else if (field == "display_name" || field == "displayName") {
            term.path = {"displayName"};
        } else if (field == "state") {
            term.path = {"state"};
        } else {
            return std::unexpected(
                invalidArgument("Unsupported filter field '" + field + "' in filter: " + text));
        }
        filter.m_terms.push_back(std::move(term));
    }
    return filter;
}

bool ListFilter::matches(const nlohmann::json &resource) const
{
    for (const Term &term : m_terms) {
        const nlohmann::json *at = &resource;
        for (const auto &key : term.path) {
            if (!at->is_object() || !at->contains(key)) {
                at = nullptr;
                break;
            }
            at = &(*at)[key];
        }
        bool match = false;
        if (term.exists)
            match = at != nullptr;
        else
            match = at && at->is_string() && at->get<std::string>() == term.value;
        if (match == term.negate)
            return false;
    }
    return true;
}

}  // namespace covertype::fakecloud::vertex
