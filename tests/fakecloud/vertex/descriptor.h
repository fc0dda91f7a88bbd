// The Vertex AI v1 API surface read from Google's published descriptor
// (../shared/reference/vertex/aiplatform_v1.json): messages, enums, methods and their HTTP
// bindings, with the path templates matched against request paths.
#pragma once

#include <nlohmann/json.hpp>

#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace covertype::fakecloud::vertex {

struct FieldInfo
{
    enum class Kind { Scalar, Enum, Message };
    std::string jsonName;   ///< lowerCamelCase
    std::string protoName;  ///< snake_case
    std::string type;       ///< "int64", "google.cloud.aiplatform.v1.CustomJobSpec", ...
    Kind kind = Kind::Scalar;
    bool repeated = false;
    std::string keyType;  ///< a map's key type; "" when not a map
    bool required = false;
    bool outputOnly = false;
    std::string oneof;  ///< "" when in no oneof

    [[nodiscard]] bool isMap() const { return !keyType.empty(); }
};

struct MessageInfo
{
    std::string name;
    std::vector<FieldInfo> fields;
    /// Both spellings of every field -> index in `fields`.
    std::unordered_map<std::string, size_t> byName;

    [[nodiscard]] const FieldInfo *field(std::string_view fieldName) const;
};

/// A path template such as "/v1/{parent=projects/*/locations/*}/customJobs" or
/// "/v1/{name=projects/*/locations/*/customJobs/*}:cancel".
class PathTemplate
{
public:
    [[nodiscard]] static std::optional<PathTemplate> parse(std::string_view text);
    /// The variables bound ("parent" -> "projects/p/locations/l"), nullopt when `path` (without
    /// query, still percent-encoded) does not match.
    [[nodiscard]] std::optional<std::vector<std::pair<std::string, std::string>>> match(
        std::string_view path) const;
    [[nodiscard]] const std::string &text() const { return m_text; }
    /// The variables' field paths ("parent", "endpoint.name").
    [[nodiscard]] std::vector<std::string> variableNames() const;

private:
    struct Segment
    {
        std::string literal;   ///< "" for a wildcard
        bool any = false;      ///< "*"
        bool anyMany = false;  ///< "**"
    };
    struct Variable
    {
        std::string name;
        size_t first = 0, last = 0;  ///< segment range [first, last)
    };
    std::string m_text;
    std::vector<Segment> m_segments;
    std::vector<Variable> m_variables;
    std::string m_verb;
};

struct HttpBinding
{
    std::string verb;  ///< "GET", "POST", ...
    PathTemplate path;
    std::string body;  ///< "*", a request field's proto name, or "" (no body)
};

struct MethodInfo
{
    std::string service;  ///< "JobService"; "Operations" for google.longrunning
    std::string name;     ///< "CreateCustomJob"
    std::string request;  ///< fully qualified message names
    std::string response;
    std::string lroResponse;  ///< set for methods answering an Operation
    std::string lroMetadata;
    std::vector<HttpBinding> bindings;

    [[nodiscard]] std::string fullName() const;  ///< "google.cloud.aiplatform.v1.JobService.X"
};

struct RouteMatch
{
    const MethodInfo *method = nullptr;
    const HttpBinding *binding = nullptr;
    std::vector<std::pair<std::string, std::string>> variables;

    [[nodiscard]] std::string variable(std::string_view name) const;
};

class Descriptor
{
public:
    /// Reads the descriptor file; the error names the file and what is wrong with it.
    [[nodiscard]] static std::expected<std::unique_ptr<Descriptor>, std::string> load(
        const std::string &path);

    [[nodiscard]] const MessageInfo *message(std::string_view name) const;
    /// Enum value names -> numbers; nullptr when unknown.
    [[nodiscard]] const std::map<std::string, int, std::less<>> *enumValues(
        std::string_view name) const;
    /// "CreateCustomJob", "JobService.CreateCustomJob" or the full name.
    [[nodiscard]] const MethodInfo *method(std::string_view name) const;
    /// The method whose binding matches; longrunning.Operations methods included.
    [[nodiscard]] std::optional<RouteMatch> route(std::string_view verb,
                                                  std::string_view path) const;
    [[nodiscard]] const std::string &package() const { return m_package; }

private:
    std::string m_package;
    std::unordered_map<std::string, MessageInfo> m_messages;
    std::unordered_map<std::string, std::map<std::string, int, std::less<>>> m_enums;
    std::vector<std::unique_ptr<MethodInfo>> m_methods;
};

}  // namespace covertype::fakecloud::vertex
