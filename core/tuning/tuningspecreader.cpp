// Decoding tuning-config YAML field by field: scalar types, messages with paths and positions.
#include "tuning/tuningspecreader.h"

#include <charconv>
#include <limits>

namespace covertype::detail {

namespace {

std::optional<int64_t> parseInt(std::string_view s)
{
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    int base = 10;
    if (s.starts_with("0o") || s.starts_with("0x")) {
        base = s[1] == 'o' ? 8 : 16;
        s.remove_prefix(2);
    }
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

/// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as JSON needs.
bool isUtf8(std::string_view s)
{
    static constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    for (size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const size_t more = lead < 0x80             ? 0
                            : (lead & 0xE0) == 0xC0 ? 1
                            : (lead & 0xF0) == 0xE0 ? 2
                            : (lead & 0xF8) == 0xF0 ? 3
                                                    : 4;
        if (more == 4 || s.size() - i <= more)
            return false;
        uint32_t cp = more == 0 ? lead : lead & (0x3F >> more);
        for (size_t k = 1; k <= more; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (next & 0x3F);
        }
        if (cp < kSmallest[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += more + 1;
    }
    return true;
}

std::optional<double> parseFloat(std::string_view s)
{
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (s == ".inf" || s == ".Inf" || s == ".INF")
        return std::numeric_limits<double>::infinity();
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF")
        return -std::numeric_limits<double>::infinity();
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return std::numeric_limits<double>::quiet_NaN();
    if (s.starts_with("0o") || s.starts_with("0x")) {
        const auto i = parseInt(s);
        return i ? std::optional<double>(double(*i)) : std::nullopt;
    }
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

}  // namespace

Kind kindOf(const YAML::Node &n)
{
    switch (n.Type()) {
        case YAML::NodeType::Map:
            return Kind::Map;
        case YAML::NodeType::Sequence:
            return Kind::List;
        case YAML::NodeType::Scalar:
            // "!" marks a quoted scalar; "?" a plain one, typed by its text.
            if (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str")
                return Kind::String;
            return plainKind(n.Scalar());
        default:
            return Kind::Null;
    }
}

std::string describe(const YAML::Node &n)
{
    std::string text = n.IsScalar() ? n.Scalar() : std::string();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    switch (kindOf(n)) {
        case Kind::Null:
            return "null";
        case Kind::Bool:
            return "boolean " + text;
        case Kind::Int:
        case Kind::Float:
            return "number " + text;
        case Kind::String:
            return cat("string \"", text, '"');
        case Kind::List:
            return "a list";
        case Kind::Map:
            return "a mapping";
    }
    return "?";
}

std::string joinPath(const std::string &path, std::string_view key)
{
    return path.empty() ? std::string(key) : cat(path, '.', key);
}

std::string joined(std::initializer_list<std::string_view> names)
{
    std::string out;
    for (std::string_view n : names)
        out += cat(out.empty() ? "" : ", ", n);
    return out;
}

void Reader::error(const YAML::Mark &mark, const std::string &path, const std::string &what)
{
    std::string line = m_source;
    if (!mark.is_null())
        line += cat(':', mark.line + 1, ':', mark.column + 1);
    line += ": ";
    if (!path.empty())
        line += path + ": ";
    m_errors.push_back(line + what);
}

std::string Reader::message() const
{
    std::string out;
    for (const std::string &e : m_errors)
        out += cat(out.empty() ? "" : "\n", e);
    return out;
}

bool Reader::expect(const Field &f, Kind kind, const char *what)
{
    if (kindOf(f.value) == kind)
        return true;
    error(f, cat("expected ", what, ", got ", describe(f.value)));
    return false;
}

std::optional<double> Reader::number(const Field &f)
{
    const Kind k = kindOf(f.value);
    if (k == Kind::Int || k == Kind::Float) {
        if (auto v = parseFloat(f.value.Scalar()))
            return v;
    }
    error(f, cat("expected a number, got ", describe(f.value)));
    return std::nullopt;
}

std::optional<int64_t> Reader::integer(const Field &f, bool stringAllowed, int64_t lo, int64_t hi)
{
    const Kind k = kindOf(f.value);
    std::optional<int64_t> v;
    if (k == Kind::Int || (k == Kind::String && stringAllowed)) {
        v = parseInt(f.value.Scalar());
    } else if (k == Kind::Float) {
        if (auto d = parseFloat(f.value.Scalar()); d && isWhole(*d))
            v = int64_t(*d);
    }
    if (!v) {
        error(f,
              cat("expected an integer", stringAllowed ? " (a number or a string like \"6\")" : "",
                  ", got ", describe(f.value)));
        return std::nullopt;
    }
    if (*v < lo || *v > hi) {
        error(f, cat("integer out of range: ", *v, " (", lo, " to ", hi, ")"));
        return std::nullopt;
    }
    return v;
}

std::optional<bool> Reader::boolean(const Field &f)
{
    if (!expect(f, Kind::Bool, "true or false"))
        return std::nullopt;
    const char c = f.value.Scalar().front();
    return c == 't' || c == 'T';
}

std::optional<std::string> Reader::text(const Field &f)
{
    if (!expect(f, Kind::String, "text"))
        return std::nullopt;
    // Configs are written back as JSON, which is UTF-8: a stray byte (a Latin-1 file) is refused
    // here, naming the field, rather than failing when the config is converted or stored.
    if (!isUtf8(f.value.Scalar())) {
        error(f, "is not UTF-8 text (save the file as UTF-8)");
        return std::nullopt;
    }
    return f.value.Scalar();
}

void Reader::numbers(const Field &f, std::vector<double> &out)
{
    out.clear();
    items(f, [&](const Field &item) {
        if (auto v = number(item))
            out.push_back(*v);
    });
}

void Reader::texts(const Field &f, std::vector<std::string> &out)
{
    out.clear();
    items(f, [&](const Field &item) {
        if (auto v = text(item))
            out.push_back(*v);
    });
}

}  // namespace covertype::detail
