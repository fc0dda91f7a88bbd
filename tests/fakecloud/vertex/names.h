// Resource names, ids, timestamps and list pages shared by the fake Vertex AI's collections.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "vertex/rpcstatus.h"

namespace covertype::fakecloud::vertex {

/// The current time as RFC 3339 with microseconds ("2026-12-04T21:52:00.123456Z").
[[nodiscard]] std::string nowRfc3339();

/// "projects/P/locations/L/customJobs/ID" taken apart.
struct ResourceName
{
    std::string project, location, collection, id;
    [[nodiscard]] std::string parent() const;  ///< "projects/P/locations/L"
};
[[nodiscard]] std::optional<ResourceName> parseResourceName(const std::string &name);

/// Numeric ids as the service hands them out (increasing, large, distinct per fake).
class IdSource
{
public:
    [[nodiscard]] std::string next();

private:
    std::atomic<uint64_t> m_next{1000000000000000000ull};
};

/// One page of `items` from `pageToken` (an offset the fake wrote); the answer holds them
/// under `key` and a nextPageToken when more remain.
[[nodiscard]] std::expected<nlohmann::json, RpcError> listPage(
    const std::vector<nlohmann::json> &items, const std::string &key, int pageSize,
    const std::string &pageToken);

/// A list filter as Vertex AI takes it, the subset the fake evaluates: terms joined by AND of
/// `labels.KEY=VALUE`, `labels.KEY:*`, `display_name="x"` (or displayName), `state=X`, with =,
/// != and quotes optional. INVALID_ARGUMENT for anything else.
class ListFilter
{
public:
    [[nodiscard]] static std::expected<ListFilter, RpcError> parse(const std::string &text);
    [[nodiscard]] bool matches(const nlohmann::json &resource) const;

private:
    struct Term
    {
        std::vector<std::string> path;  ///< JSON path in the resource ("labels", "run")
        bool negate = false;
        bool exists = false;  ///< "labels.run:*"
        std::string value;
    };
    std::vector<Term> m_terms;
};

}  // namespace covertype::fakecloud::vertex
