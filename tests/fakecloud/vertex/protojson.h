// The proto3 JSON mapping as Google's REST transcoding applies it to request bodies: both field
// spellings, JSON types per proto type, well-known types, oneofs and REQUIRED fields.
#pragma once

#include <nlohmann/json.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "vertex/descriptor.h"
#include "vertex/rpcstatus.h"

namespace covertype::fakecloud::vertex {

class ProtoJson
{
public:
    explicit ProtoJson(const Descriptor &descriptor) : m_descriptor(descriptor) {}

    /// Parses `value` as message `type` at proto path `path` (for messages); the first error
    /// stops it, as the real parser does. Returns the canonical JSON form (see Schema).
    [[nodiscard]] std::expected<nlohmann::json, RpcError> parse(std::string_view type,
                                                                const nlohmann::json &value,
                                                                const std::string &path) const;
    /// The REQUIRED fields missing from canonical `value` of `type`, recursively within the
    /// messages present; `skip` names top-level fields that arrive elsewhere (path variables).
    [[nodiscard]] std::vector<FieldViolation> missingRequired(
        std::string_view type, const nlohmann::json &value, const std::string &path,
        const std::vector<std::string> &skip = {}) const;
    /// The "List of found errors" INVALID_ARGUMENT the service answers for `missing`.
    [[nodiscard]] static RpcError requiredError(std::vector<FieldViolation> missing);

    /// Checks a scalar, enum or well-known value of `field` given as a query parameter.
    [[nodiscard]] std::expected<nlohmann::json, RpcError> parseField(const FieldInfo &field,
                                                                     const nlohmann::json &value,
                                                                     const std::string &path) const;

private:
    [[nodiscard]] std::expected<nlohmann::json, RpcError> parseMessage(
        const std::string &type, const nlohmann::json &value, const std::string &path) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> parseSingle(
        const FieldInfo &field, const nlohmann::json &value, const std::string &path) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> parseScalar(
        const std::string &type, const nlohmann::json &value, const std::string &path) const;
    [[nodiscard]] std::expected<nlohmann::json, RpcError> parseEnum(const std::string &type,
                                                                    const nlohmann::json &value,
                                                                    const std::string &path) const;
    /// Well-known types with a JSON form of their own; nullopt when `type` is not one.
    [[nodiscard]] std::optional<std::expected<nlohmann::json, RpcError>> parseWellKnown(
        const std::string &type, const nlohmann::json &value, const std::string &path) const;

    const Descriptor &m_descriptor;
};

}  // namespace covertype::fakecloud::vertex
