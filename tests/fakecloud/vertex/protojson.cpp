// The proto3 JSON mapping of request bodies, with the real service's error messages.
#include "vertex/protojson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <regex>

namespace covertype::fakecloud::vertex {

namespace {

std::string at(const std::string &path)
{
    return path.empty() ? std::string() : " at '" + path + "'";
}

std::string child(const std::string &path, const std::string &name)
{
    return path.empty() ? name : path + "." + name;
}

RpcError invalidValue(const std::string &path, const std::string &typeName,
                      const nlohmann::json &value)
{
    const std::string message =
        "Invalid value at '" + path + "' (" + typeName + "), " + value.dump();
    return invalidArgument(message, {{path, message}});
}

RpcError payloadError(const std::string &path, const std::string &what)
{
    const std::string message = "Invalid JSON payload received. " + what;
    return invalidArgument(message, {{path, message}});
}

std::string protoTypeName(const std::string &scalar)
{
    std::string out = "TYPE_";
    for (const char c : scalar)
        out += char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string typeUrl(const std::string &type)
{
    return "type.googleapis.com/" + type;
}

/// An integer of a JSON number (integral) or string; nullopt when it is neither or out of range.
template <typename T>
std::optional<T> integerOf(const nlohmann::json &value)
{
    if (value.is_number_integer()) {
        if (value.is_number_unsigned()) {
            const uint64_t u = value.get<uint64_t>();
            if (u > uint64_t(std::numeric_limits<T>::max()))
                return std::nullopt;
            return T(u);
        }
        const int64_t i = value.get<int64_t>();
        if constexpr (std::is_unsigned_v<T>) {
            if (i < 0 || uint64_t(i) > uint64_t(std::numeric_limits<T>::max()))
                return std::nullopt;
        } else {
            if (i < int64_t(std::numeric_limits<T>::min()) ||
                i > int64_t(std::numeric_limits<T>::max()))
                return std::nullopt;
        }
        return T(i);
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (!std::isfinite(d) || d != std::trunc(d) || d < double(std::numeric_limits<T>::min()) ||
            d > double(std::numeric_limits<T>::max()))
            return std::nullopt;
        return T(d);
    }
    if (value.is_string()) {
        const auto &s = value.get_ref<const std::string &>();
        T out{};
        const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
            return std::nullopt;
        return out;
    }
    return std::nullopt;
}

std::optional<double> doubleOf(const nlohmann::json &value)
{
    if (value.is_number())
        return value.get<double>();
    if (!value.is_string())
        return std::nullopt;
    const auto &s = value.get_ref<const std::string &>();
    if (s == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity")
        return std::numeric_limits<double>::infinity();
    if (s == "-Infinity")
        return -std::numeric_limits<double>::infinity();
    double out = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
        return std::nullopt;
    return out;
}

bool isBase64(const std::string &s)
{
    for (const char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=' &&
            c != '-' && c != '_')
            return false;
    return true;
}

bool isDuration(const std::string &s)
{
    static const std::regex pattern(R"(-?[0-9]{1,12}(\.[0-9]{1,9})?s)");
    return std::regex_match(s, pattern);
}

bool isTimestamp(const std::string &s)
{
    static const std::regex pattern(
        R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2}))");
    return std::regex_match(s, pattern);
}

/// The scalar a wrapper type holds ("google.protobuf.Int64Value" -> "int64"), "" otherwise.
std::string wrappedScalar(const std::string &type)
{
    static const std::pair<const char *, const char *> kWrappers[] = {
        {"google.protobuf.BoolValue", "bool"},     {"google.protobuf.Int32Value", "int32"},
        {"google.protobuf.Int64Value", "int64"},   {"google.protobuf.UInt32Value", "uint32"},
        {"google.protobuf.UInt64Value", "uint64"}, {"google.protobuf.FloatValue", "float"},
        {"google.protobuf.DoubleValue", "double"}, {"google.protobuf.StringValue", "string"},
        {"google.protobuf.BytesValue", "bytes"}};
    for (const auto &[name, scalar] : kWrappers)
        if (type == name)
            return scalar;
    return {};
}

/// True when a canonical value counts as set for a REQUIRED check (proto3: not the default).
bool isSet(const FieldInfo &field, const nlohmann::json &value,
           const std::map<std::string, int, std::less<>> *enumValues)
{
    if (value.is_null())
        return false;
    if (field.repeated || field.isMap())
        return !value.empty();
    if (field.kind == FieldInfo::Kind::Message)
        return true;
    if (field.kind == FieldInfo::Kind::Enum) {
        if (value.is_number_integer())
            return value.get<int>() != 0;
        if (enumValues && value.is_string()) {
            const auto it = enumValues->find(value.get<std::string>());
            return it == enumValues->end() || it->second != 0;
        }
        return true;
    }
    if (value.is_string())
        return !value.get_ref<const std::string &>().empty() && value != "0";
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_number())
        return value.get<double>() != 0;
    return true;
}

}  // namespace

std::expected<nlohmann::json, RpcError> ProtoJson::parse(std::string_view type,
                                                         const nlohmann::json &value,
                                                         const std::string &path) const
{
    const std::string name(type);
    if (path.empty() && !value.is_object() && !name.starts_with("google.protobuf."))
        return std::unexpected(payloadError(path, "Root element must be a message."));
    return parseMessage(name, value, path);
}

std::expected<nlohmann::json, RpcError> ProtoJson::parseMessage(const std::string &type,
                                                                const nlohmann::json &value,
                                                                const std::string &path) const
{
    if (auto wellKnown = parseWellKnown(type, value, path))
        return std::move(*wellKnown);
    const MessageInfo *message = m_descriptor.message(type);
    if (!message)
        return std::unexpected(
            RpcError{RpcCode::Internal, "The fake's descriptor has no message " + type, {}});
    if (!value.is_object())
        return std::unexpected(invalidValue(path, typeUrl(type), value));
    nlohmann::json out = nlohmann::json::object();
    std::map<std::string, std::string> oneofSet;  // oneof -> the member set
    for (const auto &[key, item] : value.items()) {
        const FieldInfo *field = message->field(key);
        if (!field) {
            const std::string text = "Invalid JSON payload received. Unknown name \"" + key + "\"" +
                                     at(path) + ": Cannot find field.";
            return std::unexpected(invalidArgument(text, {{path, text}}));
        }
        if (item.is_null() && field->type != "google.protobuf.Value")
            continue;  // null is the default value
        const std::string fieldPath = child(path, field->protoName);
        if (!field->oneof.empty()) {
            const auto [it, fresh] = oneofSet.emplace(field->oneof, field->jsonName);
            if (!fresh && it->second != field->jsonName)
                return std::unexpected(payloadError(fieldPath, "Oneof field '" + field->oneof +
                                                                   "' is already set" + at(path) +
                                                                   ". Cannot set '" + key + "'"));
        }
        std::expected<nlohmann::json, RpcError> parsed;
        if (field->isMap()) {
            if (!item.is_object())
                return std::unexpected(invalidValue(fieldPath, "map", item));
            nlohmann::json map = nlohmann::json::object();
            for (const auto &[mapKey, mapValue] : item.items()) {
                const std::string keyPath = fieldPath + "[" + mapKey + "]";
                if (field->keyType != "string" && field->keyType != "bool" &&
                    !parseScalar(field->keyType, mapKey, keyPath))
                    return std::unexpected(
                        invalidValue(keyPath, protoTypeName(field->keyType), mapKey));
                auto v = parseSingle(*field, mapValue, keyPath);
                if (!v)
                    return std::unexpected(std::move(v.error()));
                map[mapKey] = std::move(*v);
            }
            parsed = std::move(map);
        } else if (field->repeated) {
            if (!item.is_array())
                return std::unexpected(invalidValue(fieldPath,
                                                    field->kind == FieldInfo::Kind::Scalar
                                                        ? protoTypeName(field->type)
                                                        : typeUrl(field->type),
                                                    item));
            nlohmann::json list = nlohmann::json::array();
            for (size_t i = 0; i < item.size(); ++i) {
                auto v = parseSingle(*field, item[i], fieldPath + "[" + std::to_string(i) + "]");
                if (!v)
                    return std::unexpected(std::move(v.error()));
                list.push_back(std::move(*v));
            }
            parsed = std::move(list);
        } else {
            if (item.is_array() && field->type != "google.protobuf.Value" &&
                field->type != "google.protobuf.ListValue")
                return std::unexpected(
                    payloadError(fieldPath, "Proto field is not repeating, cannot start list."));
            parsed = parseSingle(*field, item, fieldPath);
        }
        if (!parsed)
            return std::unexpected(std::move(parsed.error()));
        if (!field->outputOnly)  // accepted and ignored, as the service does
            out[field->jsonName] = std::move(*parsed);
    }
    return out;
}

std::expected<nlohmann::json, RpcError> ProtoJson::parseField(const FieldInfo &field,
                                                              const nlohmann::json &value,
                                                              const std::string &path) const
{
    return parseSingle(field, value, path);
}

std::expected<nlohmann::json, RpcError> ProtoJson::parseSingle(const FieldInfo &field,
                                                               const nlohmann::json &value,
                                                               const std::string &path) const
{
    if (value.is_null() && field.type != "google.protobuf.Value") {
        const std::string typeName =
            field.kind == FieldInfo::Kind::Scalar ? protoTypeName(field.type) : typeUrl(field.type);
        return std::unexpected(invalidValue(path, typeName, value));
    }
    switch (field.kind) {
        case FieldInfo::Kind::Scalar:
            return parseScalar(field.type, value, path);
        case FieldInfo::Kind::Enum:
            return parseEnum(field.type, value, path);
        case FieldInfo::Kind::Message:
            break;
    }
    return parseMessage(field.type, value, path);
}

std::expected<nlohmann::json, RpcError> ProtoJson::parseScalar(const std::string &type,
                                                               const nlohmann::json &value,
                                                               const std::string &path) const
{
    const auto bad = [&] {
        return std::unexpected(invalidValue(path, protoTypeName(type), value));
    };
    if (type == "string") {
        if (!value.is_string())
            return bad();
        return value;
    }
    if (type == "bool") {
        if (!value.is_boolean())
            return bad();
        return value;
    }
    if (type == "bytes") {
        if (!value.is_string() || !isBase64(value.get<std::string>()))
            return bad();
        return value;
    }
    if (type == "int32" || type == "sint32" || type == "sfixed32") {
        const auto v = integerOf<int32_t>(value);
        if (!v)
            return bad();
        return nlohmann::json(*v);
    }
    if (type == "uint32" || type == "fixed32") {
        const auto v = integerOf<uint32_t>(value);
        if (!v)
            return bad();
        return nlohmann::json(*v);
    }
    if (type == "int64" || type == "sint64" || type == "sfixed64") {
        const auto v = integerOf<int64_t>(value);
        if (!v)
            return bad();
        return nlohmann::json(std::to_string(*v));
    }
    if (type == "uint64" || type == "fixed64") {
        const auto v = integerOf<uint64_t>(value);
        if (!v)
            return bad();
        return nlohmann::json(std::to_string(*v));
    }
    if (type == "double" || type == "float") {
        const auto v = doubleOf(value);
        if (!v)
            return bad();
        if (type == "float" && std::isfinite(*v) &&
            std::abs(*v) > double(std::numeric_limits<float>::max()))
            return bad();
        if (!std::isfinite(*v))
            return nlohmann::json(std::isnan(*v) ? "NaN" : *v > 0 ? "Infinity" : "-Infinity");
        return nlohmann::json(*v);
    }
    return std::unexpected(
        RpcError{RpcCode::Internal, "The fake does not know the scalar type " + type, {}});
}

std::expected<nlohmann::json, RpcError> ProtoJson::parseEnum(const std::string &type,
                                                             const nlohmann::json &value,
                                                             const std::string &path) const
{
    if (type == "google.protobuf.NullValue") {
        if (value.is_null() || value == "NULL_VALUE" || value == 0)
            return nlohmann::json(nullptr);
        return std::unexpected(invalidValue(path, typeUrl(type), value));
    }
    const auto *values = m_descriptor.enumValues(type);
    if (!values)
        return std::unexpected(
            RpcError{RpcCode::Internal, "The fake's descriptor has no enum " + type, {}});
    if (value.is_string()) {
        if (values->contains(value.get<std::string>()))
            return value;
    } else if (const auto number = value.is_number() ? integerOf<int32_t>(value) : std::nullopt) {
        for (const auto &[name, n] : *values)
            if (n == *number)
                return nlohmann::json(name);
        return nlohmann::json(*number);  // proto3 enums are open
    }
    return std::unexpected(invalidValue(path, typeUrl(type), value));
}

std::optional<std::expected<nlohmann::json, RpcError>> ProtoJson::parseWellKnown(
    const std::string &type, const nlohmann::json &value, const std::string &path) const
{
    using Result = std::expected<nlohmann::json, RpcError>;
    if (!type.starts_with("google.protobuf."))
        return std::nullopt;
    const auto bad = [&]() -> Result {
        return std::unexpected(invalidValue(path, typeUrl(type), value));
    };
    if (type == "google.protobuf.Value")
        return Result(value);
    if (type == "google.protobuf.Struct")
        return value.is_object() ? Result(value) : bad();
    if (type == "google.protobuf.ListValue")
        return value.is_array() ? Result(value) : bad();
    if (type == "google.protobuf.Duration")
        return value.is_string() && isDuration(value.get<std::string>()) ? Result(value) : bad();
    if (type == "google.protobuf.Timestamp")
        return value.is_string() && isTimestamp(value.get<std::string>()) ? Result(value) : bad();
    if (type == "google.protobuf.FieldMask")
        return value.is_string() ? Result(value) : bad();
    if (const std::string scalar = wrappedScalar(type); !scalar.empty())
        return parseScalar(scalar, value, path);
    if (type == "google.protobuf.Any") {
        if (!value.is_object() || !value.contains("@type") || !value["@type"].is_string())
            return bad();
        const std::string url = value["@type"].get<std::string>();
        const std::string inner = url.substr(url.rfind('/') + 1);
        if (!m_descriptor.message(inner))
            return Result(value);  // a type the descriptor does not hold: kept as sent
        nlohmann::json rest = value;
        rest.erase("@type");
        const bool special =
            inner.starts_with("google.protobuf.") && inner != "google.protobuf.Empty";
        auto parsed =
            parseMessage(inner, special ? rest.value("value", nlohmann::json()) : rest, path);
        if (!parsed)
            return Result(std::unexpected(std::move(parsed.error())));
        nlohmann::json out =
            special ? nlohmann::json{{"value", std::move(*parsed)}} : std::move(*parsed);
        out["@type"] = url;
        return Result(std::move(out));
    }
    return std::nullopt;  // Empty and the rest are plain messages
}

std::vector<FieldViolation> ProtoJson::missingRequired(std::string_view type,
                                                       const nlohmann::json &value,
                                                       const std::string &path,
                                                       const std::vector<std::string> &skip) const
{
    std::vector<FieldViolation> out;
    const MessageInfo *message = m_descriptor.message(type);
    if (!message || !value.is_object() || type.starts_with("google.protobuf."))
        return out;
    for (const FieldInfo &field : message->fields) {
        const std::string fieldPath = child(path, field.protoName);
        const auto it = value.find(field.jsonName);
        const bool skipped = std::find(skip.begin(), skip.end(), field.protoName) != skip.end() ||
                             std::find(skip.begin(), skip.end(), field.jsonName) != skip.end();
        if (field.required && !skipped &&
            (it == value.end() ||
             !isSet(field, *it,
                    field.kind == FieldInfo::Kind::Enum ? m_descriptor.enumValues(field.type)
                                                        : nullptr))) {
            out.push_back({fieldPath, "Required field is not set."});
            continue;
        }
        if (it == value.end() || field.kind != FieldInfo::Kind::Message)
            continue;
        const auto nested = [&](const nlohmann::json &v, const std::string &p) {
            auto more = missingRequired(field.type, v, p);
            out.insert(out.end(), more.begin(), more.end());
        };
        if (field.isMap()) {
            for (const auto &[k, v] : it->items())
                nested(v, fieldPath + "[" + k + "]");
        } else if (field.repeated && it->is_array()) {
            for (size_t i = 0; i < it->size(); ++i)
                nested((*it)[i], fieldPath + "[" + std::to_string(i) + "]");
        } else {
            nested(*it, fieldPath);
        }
    }
    return out;
}

RpcError ProtoJson::requiredError(std::vector<FieldViolation> missing)
{
    std::string message = "List of found errors:\t";
    for (size_t i = 0; i < missing.size(); ++i)
        message += std::to_string(i + 1) + ".Field: " + missing[i].field +
                   "; Message: " + missing[i].description + "\t";
    return invalidArgument(std::move(message), std::move(missing));
}

}  // namespace covertype::fakecloud::vertex
