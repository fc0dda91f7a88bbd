// Request validation against the Vertex AI descriptor: bodies per the binding's body field,
// query parameters, REQUIRED fields; the public face of ProtoJson.
#include "vertex/schema.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "vertex/protojson.h"

#ifndef COVERTYPE_VERTEX_SCHEMA_FILE
#define COVERTYPE_VERTEX_SCHEMA_FILE ""
#endif

namespace covertype::fakecloud::vertex {

namespace {

/// Query parameters every Google API takes besides the request's fields.
bool isSystemParameter(std::string_view name)
{
    static constexpr std::string_view kSystem[] = {
        "alt",          "$alt",        "prettyPrint", "fields",    "$fields",         "key",
        "access_token", "oauth_token", "callback",    "quotaUser", "upload_protocol", "uploadType",
        "$.xgafv",      "pp",          "userIp",      "trace",     "$trace",          "$callback",
        "$prettyPrint"};
    return std::find(std::begin(kSystem), std::end(kSystem), name) != std::end(kSystem);
}

/// "endpoint.name" -> "endpoint": the top-level request field a path variable fills.
std::string topField(const std::string &variable)
{
    return variable.substr(0, variable.find('.'));
}

std::vector<std::string> splitDots(const std::string &text)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t dot = text.find('.', start);
        out.push_back(text.substr(start, dot - start));
        if (dot == std::string::npos)
            return out;
        start = dot + 1;
    }
}

}  // namespace

Schema::Schema(std::unique_ptr<Descriptor> descriptor) : m_descriptor(std::move(descriptor)) {}

std::string Schema::defaultPath()
{
    if (const char *env = std::getenv("COVERTYPE_VERTEX_SCHEMA"); env && *env)
        return env;
    return COVERTYPE_VERTEX_SCHEMA_FILE;
}

std::expected<std::shared_ptr<const Schema>, std::string> Schema::load(const std::string &path)
{
    auto descriptor = Descriptor::load(path);
    if (!descriptor)
        return std::unexpected(std::move(descriptor.error()));
    return std::shared_ptr<const Schema>(new Schema(std::move(*descriptor)));
}

std::expected<std::shared_ptr<const Schema>, std::string> Schema::shared()
{
    static std::mutex mutex;
    static std::expected<std::shared_ptr<const Schema>, std::string> loaded =
        std::unexpected(std::string());
    const std::lock_guard lock(mutex);
    if (!loaded && loaded.error().empty()) {
        loaded = load(defaultPath());
        if (!loaded && loaded.error().empty())
            loaded = std::unexpected(std::string("cannot load the Vertex AI descriptor"));
    }
    return loaded;
}

std::expected<nlohmann::json, RpcError> Schema::checkMessage(std::string_view messageName,
                                                             const nlohmann::json &value,
                                                             const std::string &path) const
{
    const ProtoJson mapping(*m_descriptor);
    auto parsed = mapping.parse(messageName, value, path);
    if (!parsed)
        return parsed;
    if (auto missing = mapping.missingRequired(messageName, *parsed, path); !missing.empty())
        return std::unexpected(ProtoJson::requiredError(std::move(missing)));
    return parsed;
}

std::expected<nlohmann::json, RpcError> Schema::checkBody(
    const MethodInfo &method, const HttpBinding &binding, const nlohmann::json &body,
    const std::vector<std::string> &boundFields) const
{
    const ProtoJson mapping(*m_descriptor);
    if (binding.body.empty())
        return nlohmann::json::object();
    if (binding.body == "*") {
        auto parsed = mapping.parse(method.request, body, "");
        if (!parsed)
            return parsed;
        if (auto missing = mapping.missingRequired(method.request, *parsed, "", boundFields);
            !missing.empty())
            return std::unexpected(ProtoJson::requiredError(std::move(missing)));
        return parsed;
    }
    const MessageInfo *request = m_descriptor->message(method.request);
    const FieldInfo *field = request ? request->field(binding.body) : nullptr;
    if (!field || field->kind != FieldInfo::Kind::Message)
        return std::unexpected(
            RpcError{RpcCode::Internal,
                     "The fake's descriptor binds no message body to " + method.name,
                     {}});
    auto parsed = mapping.parse(field->type, body, field->protoName);
    if (!parsed)
        return parsed;
    std::vector<FieldViolation> missing;
    for (const FieldInfo &f : request->fields)
        if (f.required && f.protoName != field->protoName &&
            std::find(boundFields.begin(), boundFields.end(), f.protoName) == boundFields.end())
            missing.push_back({f.protoName, "Required field is not set."});
    auto nested = mapping.missingRequired(field->type, *parsed, field->protoName);
    missing.insert(missing.end(), nested.begin(), nested.end());
    if (!missing.empty())
        return std::unexpected(ProtoJson::requiredError(std::move(missing)));
    return parsed;
}

std::optional<RpcError> Schema::checkQuery(const MethodInfo &method, const HttpBinding &binding,
                                           const KeyValues &query) const
{
    const ProtoJson mapping(*m_descriptor);
    for (const auto &[key, value] : query) {
        if (isSystemParameter(key))
            continue;
        const MessageInfo *message = m_descriptor->message(method.request);
        const FieldInfo *field = nullptr;
        std::string path;
        for (const auto &part : splitDots(key)) {
            field = message ? message->field(part) : nullptr;
            if (!field)
                break;
            path += (path.empty() ? "" : ".") + field->protoName;
            message = field->kind == FieldInfo::Kind::Message ? m_descriptor->message(field->type)
                                                              : nullptr;
        }
        if (!field || (binding.body == "*") ||
            (!binding.body.empty() && topField(path) == binding.body)) {
            const std::string text = "Invalid JSON payload received. Unknown name \"" + key +
                                     "\": Cannot bind query parameter. Field '" + key +
                                     "' could not be found in request message.";
            return invalidArgument(text, {{"", text}});
        }
        if (field->kind == FieldInfo::Kind::Message &&
            !field->type.starts_with("google.protobuf.")) {
            const std::string text =
                "Invalid JSON payload received. Cannot bind query parameter. '" + key +
                "' is a message field. Parameter binding only supports "
                "primitive types and repeated primitive types.";
            return invalidArgument(text, {{path, text}});
        }
        nlohmann::json v = value;
        if (field->kind == FieldInfo::Kind::Scalar && field->type == "bool") {
            if (value != "true" && value != "false")
                return invalidArgument(
                    "Invalid value at '" + path + "' (TYPE_BOOL), \"" + value + "\"",
                    {{path, "Invalid value (TYPE_BOOL), \"" + value + "\""}});
            v = value == "true";
        } else if (field->kind == FieldInfo::Kind::Enum && !value.empty() &&
                   std::isdigit(static_cast<unsigned char>(value[0]))) {
            v = std::atoi(value.c_str());
        }
        if (auto parsed = mapping.parseField(*field, v, path); !parsed)
            return std::move(parsed.error());
    }
    return std::nullopt;
}

std::expected<nlohmann::json, RpcError> Schema::checkRequest(const RouteMatch &route,
                                                             std::string_view body,
                                                             const KeyValues &query) const
{
    std::vector<std::string> bound;
    for (const auto &[name, value] : route.variables)
        bound.push_back(topField(name));
    for (const auto &[key, value] : query)
        bound.push_back(topField(key));
    if (auto error = checkQuery(*route.method, *route.binding, query))
        return std::unexpected(std::move(*error));
    if (route.binding->body.empty())
        return nlohmann::json::object();
    nlohmann::json json = nlohmann::json::object();
    if (body.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        json = nlohmann::json::parse(body, nullptr, false);
        if (json.is_discarded()) {
            const std::string text = "Invalid JSON payload received. Unexpected token.";
            return std::unexpected(invalidArgument(text, {{"", text}}));
        }
    }
    return checkBody(*route.method, *route.binding, json, bound);
}

std::optional<std::string> Schema::validateRequest(std::string_view verb,
                                                   std::string_view pathAndQuery,
                                                   const nlohmann::json &body) const
{
    const size_t q = pathAndQuery.find('?');
    KeyValues query;
    if (q != std::string_view::npos) {
        auto parsed = parseForm(pathAndQuery.substr(q + 1));
        if (!parsed)
            return "malformed query string in " + std::string(pathAndQuery);
        query = std::move(*parsed);
    }
    const auto match = route(verb, pathAndQuery.substr(0, q));
    if (!match)
        return "no Vertex AI v1 method answers " + std::string(verb) + " " +
               std::string(pathAndQuery.substr(0, q));
    const auto checked = checkRequest(*match, body.is_null() ? std::string() : body.dump(), query);
    if (!checked)
        return checked.error().message;
    return std::nullopt;
}

std::optional<std::string> Schema::validateRequest(std::string_view method,
                                                   const nlohmann::json &body) const
{
    const MethodInfo *info = m_descriptor->method(method);
    if (!info || info->bindings.empty())
        return "no Vertex AI v1 method " + std::string(method);
    const HttpBinding &binding = info->bindings.front();
    std::vector<std::string> bound;
    for (const auto &name : binding.path.variableNames())
        bound.push_back(topField(name));
    const auto checked = checkBody(*info, binding, body, bound);
    if (!checked)
        return checked.error().message;
    return std::nullopt;
}

std::optional<std::string> Schema::validateMessage(std::string_view messageName,
                                                   const nlohmann::json &value) const
{
    if (!m_descriptor->message(messageName))
        return "no message " + std::string(messageName) + " in the Vertex AI descriptor";
    const auto checked = checkMessage(messageName, value);
    if (!checked)
        return checked.error().message;
    return std::nullopt;
}

}  // namespace covertype::fakecloud::vertex
