// Validation of Vertex AI v1 requests against Google's descriptor with the proto3 JSON mapping
// the real service's transcoding applies: unknown fields, wrong JSON types, bad enums,
// durations and timestamps, oneofs and missing REQUIRED fields are refused with the messages
// and google.rpc.BadRequest details the real service answers. Shared by the fake and by client
// tests that check every request they send.
#pragma once

#include <nlohmann/json.hpp>

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/encoding.h"
#include "vertex/descriptor.h"
#include "vertex/rpcstatus.h"

namespace covertype::fakecloud::vertex {

class Schema
{
public:
    /// The descriptor path: $COVERTYPE_VERTEX_SCHEMA, else the build's COVERTYPE_VERTEX_SCHEMA.
    [[nodiscard]] static std::string defaultPath();
    /// Loads a descriptor file.
    [[nodiscard]] static std::expected<std::shared_ptr<const Schema>, std::string> load(
        const std::string &path);
    /// The descriptor at defaultPath(), loaded once per process.
    [[nodiscard]] static std::expected<std::shared_ptr<const Schema>, std::string> shared();

    [[nodiscard]] const Descriptor &descriptor() const { return *m_descriptor; }
    /// The method a request goes to (path without query, still percent-encoded).
    [[nodiscard]] std::optional<RouteMatch> route(std::string_view verb,
                                                  std::string_view path) const
    {
        return m_descriptor->route(verb, path);
    }

    /// Checks a request's query parameters and body (JSON text, "" for none) against its
    /// method's request message. On success: the body in canonical form (lowerCamelCase
    /// names, enums by name, 64-bit integers as strings, OUTPUT_ONLY fields and nulls dropped).
    [[nodiscard]] std::expected<nlohmann::json, RpcError> checkRequest(
        const RouteMatch &route, std::string_view body, const KeyValues &query) const;
    /// Checks `value` as the JSON form of `messageName`; `path` is the proto path of `value`
    /// in error messages ("" for a top-level message). Returns the canonical form.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> checkMessage(
        std::string_view messageName, const nlohmann::json &value,
        const std::string &path = {}) const;

    // For client tests: nullopt when the request validates, else the service's message.
    /// `pathAndQuery` such as "/v1/projects/p/locations/l/customJobs?alt=json".
    [[nodiscard]] std::optional<std::string> validateRequest(std::string_view verb,
                                                             std::string_view pathAndQuery,
                                                             const nlohmann::json &body) const;
    /// `method` such as "JobService.CreateCustomJob"; `body` is what the method's first
    /// binding sends as the body, path variables are taken as given.
    [[nodiscard]] std::optional<std::string> validateRequest(std::string_view method,
                                                             const nlohmann::json &body) const;
    [[nodiscard]] std::optional<std::string> validateMessage(std::string_view messageName,
                                                             const nlohmann::json &value) const;

private:
    explicit Schema(std::unique_ptr<Descriptor> descriptor);
    [[nodiscard]] std::expected<nlohmann::json, RpcError> checkBody(
        const MethodInfo &method, const HttpBinding &binding, const nlohmann::json &body,
        const std::vector<std::string> &boundFields) const;
    [[nodiscard]] std::optional<RpcError> checkQuery(const MethodInfo &method,
                                                     const HttpBinding &binding,
                                                     const KeyValues &query) const;

    std::unique_ptr<Descriptor> m_descriptor;
};

}  // namespace covertype::fakecloud::vertex
