// Internal to reading a tuning config: the Reader that decodes YAML nodes field by field.
// Plain scalars are typed by the YAML 1.2 core schema, quoted ones are strings.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "tuning/tuningspecdetail.h"

namespace covertype::detail {

/// The YAML 1.2 type of a node: a quoted scalar is a string, a plain one is typed by its text.
Kind kindOf(const YAML::Node &n);
/// A value for messages: "number 5", "string \"a\"", "a list".
std::string describe(const YAML::Node &n);
/// The path of field `key` inside `path` ("a.b"; just "b" at the root).
std::string joinPath(const std::string &path, std::string_view key);
/// The names separated by ", ".
std::string joined(std::initializer_list<std::string_view> names);

/// A value in the document: where it sits (path and position) and its node.
struct Field
{
    std::string key;
    YAML::Node value;
    std::string path;
    YAML::Mark mark;
};

/// Decodes nodes, collecting every problem as "source:line:column: path: what".
class Reader
{
public:
    explicit Reader(const std::string &source) : m_source(source) {}

    void error(const YAML::Mark &mark, const std::string &path, const std::string &what);
    void error(const Field &f, const std::string &what) { error(f.mark, f.path, what); }
    [[nodiscard]] bool failed() const { return !m_errors.empty(); }
    [[nodiscard]] std::string message() const;

    bool expect(const Field &f, Kind kind, const char *what);

    /// Visits every non-null field of the mapping `f` after reporting unknown and duplicate names.
    /// A null value counts as absent (proto3 JSON: null is the default).
    template <class Visit>
    void fields(const Field &f, std::initializer_list<std::string_view> known, Visit &&visit)
    {
        if (!expect(f, Kind::Map, "a mapping"))
            return;
        std::vector<std::string> seen;
        for (auto it = f.value.begin(); it != f.value.end(); ++it) {
            const YAML::Node key = it->first;
            const YAML::Node value = it->second;
            if (!key.IsScalar()) {
                error(key.Mark(), f.path,
                      key.IsNull() ? "a field without a name (a stray comma?)"
                                   : "field names must be text");
                continue;
            }
            const std::string name = key.Scalar();
            const std::string path = joinPath(f.path, name);
            if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
                error(key.Mark(), path, "duplicate field");
                continue;
            }
            seen.push_back(name);
            if (std::find(known.begin(), known.end(), name) == known.end()) {
                error(key.Mark(), path,
                      known.size() == 0 ? std::string("unknown field (this object takes none)")
                                        : cat("unknown field (known: ", joined(known), ")"));
                continue;
            }
            if (kindOf(value) == Kind::Null)
                continue;
            visit(Field{name, value, path, value.Mark().is_null() ? key.Mark() : value.Mark()});
        }
    }

    template <class Visit>
    void items(const Field &f, Visit &&visit)
    {
        if (!expect(f, Kind::List, "a list"))
            return;
        for (size_t i = 0; i < f.value.size(); ++i) {
            const YAML::Node item = f.value[i];
            visit(Field{"", item, cat(f.path, '[', i, ']'),
                        item.Mark().is_null() ? f.mark : item.Mark()});
        }
    }

    std::optional<double> number(const Field &f);

    /// An integer in [lo, hi]; int64 fields of the Vertex API also come as strings ("6").
    std::optional<int64_t> integer(const Field &f, bool stringAllowed,
                                   int64_t lo = std::numeric_limits<int>::min(),
                                   int64_t hi = std::numeric_limits<int>::max());

    std::optional<bool> boolean(const Field &f);

    std::optional<std::string> text(const Field &f);

    template <class E, size_t N>
    std::optional<E> choice(const Field &f, const EnumName<E> (&table)[N])
    {
        if (kindOf(f.value) == Kind::String) {
            for (const auto &entry : table)
                if (f.value.Scalar() == entry.name)
                    return entry.value;
        }
        std::string allowed;
        for (const auto &entry : table)
            allowed += cat(allowed.empty() ? "" : ", ", entry.name);
        error(f, cat("unknown value ", describe(f.value), " (allowed: ", allowed, ")"));
        return std::nullopt;
    }

    void numbers(const Field &f, std::vector<double> &out);

    void texts(const Field &f, std::vector<std::string> &out);

private:
    const std::string &m_source;
    std::vector<std::string> m_errors;
};

}  // namespace covertype::detail
