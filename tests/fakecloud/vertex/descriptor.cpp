// Reading aiplatform_v1.json and matching HTTP rule path templates.
#include "vertex/descriptor.h"

#include <fstream>
#include <sstream>

namespace covertype::fakecloud::vertex {

namespace {

std::vector<std::string_view> splitPath(std::string_view path)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t slash = path.find('/', start);
        const size_t end = slash == std::string_view::npos ? path.size() : slash;
        out.push_back(path.substr(start, end - start));
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return out;
}

bool hasBehavior(const nlohmann::json &field, std::string_view behavior)
{
    const auto it = field.find("behavior");
    if (it == field.end() || !it->is_array())
        return false;
    for (const auto &b : *it)
        if (b.is_string() && b.get<std::string>() == behavior)
            return true;
    return false;
}

std::string stringOr(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

const FieldInfo *MessageInfo::field(std::string_view fieldName) const
{
    const auto it = byName.find(std::string(fieldName));
    return it == byName.end() ? nullptr : &fields[it->second];
}

std::optional<PathTemplate> PathTemplate::parse(std::string_view text)
{
    PathTemplate t;
    t.m_text = std::string(text);
    if (!text.starts_with('/'))
        return std::nullopt;
    text.remove_prefix(1);
    // The verb follows the last ':' outside braces.
    const size_t close = text.rfind('}');
    const size_t colon = text.rfind(':');
    if (colon != std::string_view::npos && (close == std::string_view::npos || colon > close)) {
        t.m_verb = std::string(text.substr(colon + 1));
        text = text.substr(0, colon);
    }
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '{') {
            const size_t end = text.find('}', pos);
            if (end == std::string_view::npos)
                return std::nullopt;
            const std::string_view inner = text.substr(pos + 1, end - pos - 1);
            const size_t eq = inner.find('=');
            Variable v;
            v.name = std::string(inner.substr(0, eq));
            v.first = t.m_segments.size();
            const std::string_view pattern =
                eq == std::string_view::npos ? "*" : inner.substr(eq + 1);
            for (const auto part : splitPath(pattern)) {
                Segment s;
                s.any = part == "*";
                s.anyMany = part == "**";
                if (!s.any && !s.anyMany)
                    s.literal = std::string(part);
                t.m_segments.push_back(std::move(s));
            }
            v.last = t.m_segments.size();
            t.m_variables.push_back(std::move(v));
            pos = end + 1;
        } else {
            size_t end = text.find('/', pos);
            if (end == std::string_view::npos)
                end = text.size();
            const std::string_view part = text.substr(pos, end - pos);
            Segment s;
            s.any = part == "*";
            s.anyMany = part == "**";
            if (!s.any && !s.anyMany)
                s.literal = std::string(part);
            t.m_segments.push_back(std::move(s));
            pos = end;
        }
        if (pos < text.size() && text[pos] == '/')
            ++pos;
    }
    return t;
}

std::optional<std::vector<std::pair<std::string, std::string>>> PathTemplate::match(
    std::string_view path) const
{
    if (!path.starts_with('/'))
        return std::nullopt;
    path.remove_prefix(1);
    std::string_view verb;
    const size_t lastSlash = path.rfind('/');
    const size_t colon = path.rfind(':');
    if (colon != std::string_view::npos &&
        (lastSlash == std::string_view::npos || colon > lastSlash)) {
        verb = path.substr(colon + 1);
        path = path.substr(0, colon);
    }
    if (verb != m_verb)
        return std::nullopt;
    const auto parts = splitPath(path);
    // Segment i of the template covers parts [start[i], start[i+1]); "**" takes the rest but
    // the fixed segments after it.
    std::vector<size_t> start(m_segments.size() + 1, 0);
    size_t p = 0;
    for (size_t i = 0; i < m_segments.size(); ++i) {
        start[i] = p;
        const Segment &s = m_segments[i];
        if (s.anyMany) {
            const size_t after = m_segments.size() - i - 1;
            if (parts.size() < p + 1 + after)
                return std::nullopt;
            p = parts.size() - after;
            continue;
        }
        if (p >= parts.size() || parts[p].empty())
            return std::nullopt;
        if (!s.any && parts[p] != s.literal)
            return std::nullopt;
        ++p;
    }
    start[m_segments.size()] = p;
    if (p != parts.size())
        return std::nullopt;
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &v : m_variables) {
        std::string value;
        for (size_t i = start[v.first]; i < start[v.last]; ++i) {
            if (!value.empty())
                value += '/';
            value += parts[i];
        }
        out.emplace_back(v.name, std::move(value));
    }
    return out;
}

std::vector<std::string> PathTemplate::variableNames() const
{
    std::vector<std::string> out;
    for (const auto &v : m_variables)
        out.push_back(v.name);
    return out;
}

std::string MethodInfo::fullName() const
{
    if (service == "Operations")
        return "google.longrunning.Operations." + name;
    return "google.cloud.aiplatform.v1." + service + "." + name;
}

std::string RouteMatch::variable(std::string_view name) const
{
    for (const auto &[n, v] : variables)
        if (n == name)
            return v;
    return {};
}

std::expected<std::unique_ptr<Descriptor>, std::string> Descriptor::load(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::unexpected("cannot read the Vertex AI descriptor " + path);
    std::stringstream text;
    text << in.rdbuf();
    const auto root = nlohmann::json::parse(text.str(), nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("messages") ||
        !root.contains("enums") || !root.contains("methods"))
        return std::unexpected(path + " is not a Vertex AI descriptor (messages, enums, methods)");

    auto d = std::make_unique<Descriptor>();
    d->m_package = stringOr(root, "package");
    for (const auto &[name, message] : root["messages"].items()) {
        MessageInfo info;
        info.name = name;
        const auto fields = message.find("fields");
        if (fields != message.end() && fields->is_object()) {
            for (const auto &[jsonName, field] : fields->items()) {
                FieldInfo f;
                f.jsonName = jsonName;
                f.protoName = stringOr(field, "name");
                f.type = stringOr(field, "type");
                const std::string kind = stringOr(field, "kind");
                f.kind = kind == "enum"      ? FieldInfo::Kind::Enum
                         : kind == "message" ? FieldInfo::Kind::Message
                                             : FieldInfo::Kind::Scalar;
                f.repeated = field.value("repeated", false);
                f.keyType = stringOr(field, "keyType");
                f.required = hasBehavior(field, "REQUIRED");
                f.outputOnly = hasBehavior(field, "OUTPUT_ONLY");
                f.oneof = stringOr(field, "oneof");
                info.byName.emplace(f.jsonName, info.fields.size());
                info.byName.emplace(f.protoName, info.fields.size());
                info.fields.push_back(std::move(f));
            }
        }
        d->m_messages.emplace(name, std::move(info));
    }
    for (const auto &[name, values] : root["enums"].items()) {
        auto &out = d->m_enums[name];
        for (const auto &[value, number] : values.items())
            if (number.is_number_integer())
                out.emplace(value, number.get<int>());
    }
    for (const auto &method : root["methods"]) {
        auto m = std::make_unique<MethodInfo>();
        m->service = stringOr(method, "service");
        m->name = stringOr(method, "method");
        m->request = stringOr(method, "request");
        m->response = stringOr(method, "response");
        if (const auto lro = method.find("lro"); lro != method.end() && lro->is_object()) {
            m->lroResponse = stringOr(*lro, "response");
            m->lroMetadata = stringOr(*lro, "metadata");
        }
        if (method.value("streaming", false))
            continue;  // not reachable over plain REST
        for (const auto &b : method.value("bindings", nlohmann::json::array())) {
            auto t = PathTemplate::parse(stringOr(b, "path"));
            if (!t)
                return std::unexpected(path + ": bad path template " + stringOr(b, "path"));
            m->bindings.push_back({stringOr(b, "verb"), std::move(*t), stringOr(b, "body")});
        }
        d->m_methods.push_back(std::move(m));
    }
    // google.longrunning.Operations: the HTTP rules Vertex AI gives them.
    struct OperationsMethod
    {
        const char *name, *verb, *request, *response, *body;
    };
    static constexpr OperationsMethod kOperations[] = {
        {"GetOperation", "GET", "google.longrunning.GetOperationRequest",
         "google.longrunning.Operation", ""},
        {"ListOperations", "GET", "google.longrunning.ListOperationsRequest",
         "google.longrunning.ListOperationsResponse", ""},
        {"CancelOperation", "POST", "google.longrunning.CancelOperationRequest",
         "google.protobuf.Empty", ""},
        {"DeleteOperation", "DELETE", "google.longrunning.DeleteOperationRequest",
         "google.protobuf.Empty", ""},
        {"WaitOperation", "POST", "google.longrunning.WaitOperationRequest",
         "google.longrunning.Operation", "*"},
    };
    const auto operations = root.value("operationBindings", nlohmann::json::object());
    for (const auto &op : kOperations) {
        auto m = std::make_unique<MethodInfo>();
        m->service = "Operations";
        m->name = op.name;
        m->request = op.request;
        m->response = op.response;
        for (const auto &p : operations.value(op.name, nlohmann::json::array())) {
            if (!p.is_string() || !p.get<std::string>().starts_with("/v1/"))
                continue;  // the console's /ui/ rules
            auto t = PathTemplate::parse(p.get<std::string>());
            if (!t)
                return std::unexpected(path + ": bad path template " + p.get<std::string>());
            // The descriptor lists a few ":wait" rules under ListOperations: they are waits.
            if (t->text().ends_with(":wait") != (std::string_view(op.name) == "WaitOperation"))
                continue;
            m->bindings.push_back({op.verb, std::move(*t), op.body});
        }
        d->m_methods.push_back(std::move(m));
    }
    return d;
}

const MessageInfo *Descriptor::message(std::string_view name) const
{
    const auto it = m_messages.find(std::string(name));
    return it == m_messages.end() ? nullptr : &it->second;
}

const std::map<std::string, int, std::less<>> *Descriptor::enumValues(std::string_view name) const
{
    const auto it = m_enums.find(std::string(name));
    return it == m_enums.end() ? nullptr : &it->second;
}

const MethodInfo *Descriptor::method(std::string_view name) const
{
    for (const auto &m : m_methods) {
        if (name == m->name || name == m->fullName())
            return m.get();
        if (name.size() == m->service.size() + 1 + m->name.size() && name.starts_with(m->service) &&
            name[m->service.size()] == '.' && name.ends_with(m->name))
            return m.get();
    }
    return nullptr;
}

std::optional<RouteMatch> Descriptor::route(std::string_view verb, std::string_view path) const
{
    for (const auto &m : m_methods)
        for (const auto &b : m->bindings) {
            if (b.verb != verb)
                continue;
            if (auto vars = b.path.match(path))
                return RouteMatch{m.get(), &b, std::move(*vars)};
        }
    return std::nullopt;
}

}  // namespace covertype::fakecloud::vertex
