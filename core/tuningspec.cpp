// The tuning config in its three forms (gcloud YAML, pipeline JSON, Vertex AI job): read, write,
// validate. All forms are read with yaml-cpp (YAML 1.2 covers JSON plus the pipeline's Python
// `True`); plain scalars are typed by the YAML 1.2 core schema, quoted ones are strings.
#include "tuningspec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "text.h"

namespace covertype {

namespace {

// ---- enum names --------------------------------------------------------------------------------

template <class E>
struct EnumName
{
    E value;
    const char *name;
};

constexpr EnumName<Goal> kGoals[] = {{Goal::Maximize, "MAXIMIZE"}, {Goal::Minimize, "MINIMIZE"}};
constexpr EnumName<ParameterType> kTypes[] = {{ParameterType::Double, "DOUBLE"},
                                              {ParameterType::Integer, "INTEGER"},
                                              {ParameterType::Categorical, "CATEGORICAL"},
                                              {ParameterType::Discrete, "DISCRETE"}};
// NONE is the ml/v1 spelling, SCALE_TYPE_UNSPECIFIED the Vertex one; both read as None.
constexpr EnumName<ScaleType> kScales[] = {{ScaleType::None, "NONE"},
                                           {ScaleType::None, "SCALE_TYPE_UNSPECIFIED"},
                                           {ScaleType::UnitLinear, "UNIT_LINEAR_SCALE"},
                                           {ScaleType::UnitLog, "UNIT_LOG_SCALE"},
                                           {ScaleType::UnitReverseLog, "UNIT_REVERSE_LOG_SCALE"}};
constexpr EnumName<SearchAlgorithm> kAlgorithms[] = {
    {SearchAlgorithm::Unspecified, "ALGORITHM_UNSPECIFIED"},
    {SearchAlgorithm::GridSearch, "GRID_SEARCH"},
    {SearchAlgorithm::RandomSearch, "RANDOM_SEARCH"}};
constexpr EnumName<MeasurementSelection> kSelections[] = {
    {MeasurementSelection::Unspecified, "MEASUREMENT_SELECTION_TYPE_UNSPECIFIED"},
    {MeasurementSelection::Last, "LAST_MEASUREMENT"},
    {MeasurementSelection::Best, "BEST_MEASUREMENT"}};

template <class E, size_t N>
const char *nameOf(const EnumName<E> (&table)[N], E value)
{
    for (const auto &entry : table)
        if (entry.value == value)
            return entry.name;
    return "?";
}

std::string joined(std::initializer_list<std::string_view> names)
{
    std::string out;
    for (std::string_view n : names)
        out += cat(out.empty() ? "" : ", ", n);
    return out;
}

// ---- numbers as text ---------------------------------------------------------------------------

bool isWhole(double v)
{
    return std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9007199254740992.0;  // 2^53
}

/// Python's repr() of a float: shortest round-trip digits, exponent form when the decimal
/// point would sit more than 4 places left or 16 places right of the first digit.
std::string pythonRepr(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v < 0 ? "-inf" : "inf";
    if (v == 0)
        return std::signbit(v) ? "-0.0" : "0.0";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view s(buf, size_t(res.ptr - buf));  // "-1.2345e-05"
    std::string out;
    if (s.front() == '-') {
        out = "-";
        s.remove_prefix(1);
    }
    const size_t e = s.find('e');
    std::string digits;
    for (char c : s.substr(0, e))
        if (c != '.')
            digits += c;
    std::string_view expText = s.substr(e + 1);
    if (expText.front() == '+')
        expText.remove_prefix(1);
    int exponent = 0;
    std::from_chars(expText.data(), expText.data() + expText.size(), exponent);
    const int point = exponent + 1;  // digits d1d2... mean 0.d1d2... * 10^point
    const int n = int(digits.size());
    if (point > -4 && point <= 16) {
        if (point <= 0)
            out += "0." + std::string(size_t(-point), '0') + digits;
        else if (point >= n)
            out += digits + std::string(size_t(point - n), '0') + ".0";
        else
            out += digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
        return out;
    }
    out += digits.substr(0, 1);
    if (n > 1)
        out += "." + digits.substr(1);
    const int absExp = std::abs(exponent);
    out += cat('e', exponent < 0 ? '-' : '+', absExp < 10 ? "0" : "", absExp);
    return out;
}

/// A number as a user wrote it: whole numbers without ".0" (500), others as Python prints them
/// (0.0001, 1e-05), so the text reads back as the same double in YAML, JSON and Python.
std::string numberText(double v)
{
    if (isWhole(v) && std::fabs(v) < 1e16)
        return cat(int64_t(v));
    return pythonRepr(v);
}

// ---- YAML scalars typed by the YAML 1.2 core schema ------------------------------------------

enum class Kind { Null, Bool, Int, Float, String, List, Map };

Kind plainKind(std::string_view s)
{
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
        return Kind::Null;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
        return Kind::Bool;
    static const std::regex intRe("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    static const std::regex floatRe(
        R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
    const std::string str(s);
    if (std::regex_match(str, intRe))
        return Kind::Int;
    if (std::regex_match(str, floatRe))
        return Kind::Float;
    return Kind::String;
}

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

// ---- reading with field paths ------------------------------------------------------------------

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

    void error(const YAML::Mark &mark, const std::string &path, const std::string &what)
    {
        std::string line = m_source;
        if (!mark.is_null())
            line += cat(':', mark.line + 1, ':', mark.column + 1);
        line += ": ";
        if (!path.empty())
            line += path + ": ";
        m_errors.push_back(line + what);
    }
    void error(const Field &f, const std::string &what) { error(f.mark, f.path, what); }
    [[nodiscard]] bool failed() const { return !m_errors.empty(); }
    [[nodiscard]] std::string message() const
    {
        std::string out;
        for (const std::string &e : m_errors)
            out += cat(out.empty() ? "" : "\n", e);
        return out;
    }

    bool expect(const Field &f, Kind kind, const char *what)
    {
        if (kindOf(f.value) == kind)
            return true;
        error(f, cat("expected ", what, ", got ", describe(f.value)));
        return false;
    }

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

    std::optional<double> number(const Field &f)
    {
        const Kind k = kindOf(f.value);
        if (k == Kind::Int || k == Kind::Float) {
            if (auto v = parseFloat(f.value.Scalar()))
                return v;
        }
        error(f, cat("expected a number, got ", describe(f.value)));
        return std::nullopt;
    }

    /// An integer in [lo, hi]; int64 fields of the Vertex API also come as strings ("6").
    std::optional<int64_t> integer(const Field &f, bool stringAllowed,
                                   int64_t lo = std::numeric_limits<int>::min(),
                                   int64_t hi = std::numeric_limits<int>::max())
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
            error(f, cat("expected an integer",
                         stringAllowed ? " (a number or a string like \"6\")" : "", ", got ",
                         describe(f.value)));
            return std::nullopt;
        }
        if (*v < lo || *v > hi) {
            error(f, cat("integer out of range: ", *v, " (", lo, " to ", hi, ")"));
            return std::nullopt;
        }
        return v;
    }

    std::optional<bool> boolean(const Field &f)
    {
        if (!expect(f, Kind::Bool, "true or false"))
            return std::nullopt;
        const char c = f.value.Scalar().front();
        return c == 't' || c == 'T';
    }

    std::optional<std::string> text(const Field &f)
    {
        if (!expect(f, Kind::String, "text"))
            return std::nullopt;
        return f.value.Scalar();
    }

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

    void numbers(const Field &f, std::vector<double> &out)
    {
        out.clear();
        items(f, [&](const Field &item) {
            if (auto v = number(item))
                out.push_back(*v);
        });
    }

    void texts(const Field &f, std::vector<std::string> &out)
    {
        out.clear();
        items(f, [&](const Field &item) {
            if (auto v = text(item))
                out.push_back(*v);
        });
    }

private:
    const std::string &m_source;
    std::vector<std::string> m_errors;
};

template <class T>
void assign(T &target, const std::optional<T> &value)
{
    if (value)
        target = *value;
}

bool isNumeric(ParameterType t)
{
    return t == ParameterType::Double || t == ParameterType::Integer;
}

// ---- the legacy forms (gcloud YAML, pipeline JSON) ---------------------------------------------

ParameterSpec readLegacyParam(Reader &r, const Field &f)
{
    ParameterSpec p;
    bool hasName = false, hasType = false, hasMin = false, hasMax = false;
    r.fields(f,
             {"parameterName", "type", "minValue", "maxValue", "discreteValues",
              "categoricalValues", "scaleType"},
             [&](const Field &g) {
                 if (g.key == "parameterName") {
                     hasName = true;
                     assign(p.name, r.text(g));
                 } else if (g.key == "type") {
                     hasType = true;
                     assign(p.type, r.choice(g, kTypes));
                 } else if (g.key == "minValue") {
                     hasMin = true;
                     assign(p.minValue, r.number(g));
                 } else if (g.key == "maxValue") {
                     hasMax = true;
                     assign(p.maxValue, r.number(g));
                 } else if (g.key == "discreteValues") {
                     r.numbers(g, p.discreteValues);
                 } else if (g.key == "categoricalValues") {
                     r.texts(g, p.categoricalValues);
                 } else if (g.key == "scaleType") {
                     assign(p.scale, r.choice(g, kScales));
                 }
             });
    if (kindOf(f.value) != Kind::Map)
        return p;
    if (!hasName)
        r.error(f.mark, joinPath(f.path, "parameterName"), "required");
    if (!hasType)
        r.error(f.mark, joinPath(f.path, "type"),
                "required (DOUBLE, INTEGER, CATEGORICAL or DISCRETE)");
    if (hasType && isNumeric(p.type)) {
        for (auto [has, key] : {std::pair{hasMin, "minValue"}, std::pair{hasMax, "maxValue"}})
            if (!has)
                r.error(f.mark, joinPath(f.path, key),
                        cat("required for a ", nameOf(kTypes, p.type), " parameter"));
    }
    return p;
}

void readHyperparameters(Reader &r, const Field &f, TuningSpec &s)
{
    r.fields(
        f,
        {"goal", "params", "maxTrials", "maxParallelTrials", "maxFailedTrials",
         "hyperparameterMetricTag", "enableTrialEarlyStopping", "resumePreviousJobId", "algorithm"},
        [&](const Field &g) {
            if (g.key == "goal") {
                assign(s.goal, r.choice(g, kGoals));
            } else if (g.key == "params") {
                r.items(g,
                        [&](const Field &item) { s.params.push_back(readLegacyParam(r, item)); });
            } else if (g.key == "maxTrials" || g.key == "maxParallelTrials" ||
                       g.key == "maxFailedTrials") {
                int &target = g.key == "maxTrials"           ? s.maxTrials
                              : g.key == "maxParallelTrials" ? s.maxParallelTrials
                                                             : s.maxFailedTrials;
                if (auto v = r.integer(g, false))
                    target = int(*v);
            } else if (g.key == "hyperparameterMetricTag") {
                assign(s.metricTag, r.text(g));
            } else if (g.key == "enableTrialEarlyStopping") {
                assign(s.enableTrialEarlyStopping, r.boolean(g));
            } else if (g.key == "resumePreviousJobId") {
                assign(s.resumePreviousJobId, r.text(g));
            } else if (g.key == "algorithm") {
                assign(s.algorithm, r.choice(g, kAlgorithms));
            }
        });
    // The legacy forms only say "stop early"; the Vertex equivalent is the median rule.
    s.stopping = s.enableTrialEarlyStopping ? StoppingSpec::Median : StoppingSpec::None;
}

void readGcloud(Reader &r, const Field &root, TuningSpec &s)
{
    bool hasHyperparameters = false;
    Field trainingInput;
    r.fields(root, {"trainingInput", "jobId", "labels"}, [&](const Field &g) {
        if (g.key != "trainingInput")
            return;  // parts of the Job resource the tuning config does not use
        trainingInput = g;
        // The other TrainingInput fields describe machines and code, not tuning: ignored.
        r.fields(g,
                 {"hyperparameters",
                  "scaleTier",
                  "masterType",
                  "masterConfig",
                  "workerType",
                  "workerConfig",
                  "workerCount",
                  "parameterServerType",
                  "parameterServerConfig",
                  "parameterServerCount",
                  "evaluatorType",
                  "evaluatorConfig",
                  "evaluatorCount",
                  "packageUris",
                  "pythonModule",
                  "args",
                  "region",
                  "jobDir",
                  "runtimeVersion",
                  "pythonVersion",
                  "scheduling",
                  "serviceAccount",
                  "network",
                  "encryptionConfig",
                  "useChiefInTfConfig",
                  "enableWebAccess"},
                 [&](const Field &h) {
                     if (h.key == "hyperparameters") {
                         hasHyperparameters = true;
                         readHyperparameters(r, h, s);
                     }
                 });
    });
    if (!hasHyperparameters && kindOf(trainingInput.value) == Kind::Map)
        r.error(trainingInput.mark, "trainingInput.hyperparameters", "required");
}

// ---- the Vertex AI form ------------------------------------------------------------------------

void readVertexBounds(Reader &r, const Field &f, ParameterSpec &p, bool integral)
{
    bool hasMin = false, hasMax = false;
    r.fields(f, {"minValue", "maxValue"}, [&](const Field &g) {
        double &target = g.key == "minValue" ? p.minValue : p.maxValue;
        (g.key == "minValue" ? hasMin : hasMax) = true;
        if (integral) {
            if (auto v = r.integer(g, true, std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max()))
                target = double(*v);
        } else {
            assign(target, r.number(g));
        }
    });
    if (kindOf(f.value) != Kind::Map)
        return;
    for (auto [has, key] : {std::pair{hasMin, "minValue"}, std::pair{hasMax, "maxValue"}})
        if (!has)
            r.error(f.mark, joinPath(f.path, key), "required");
}

ParameterSpec readVertexParam(Reader &r, const Field &f)
{
    ParameterSpec p;
    bool hasId = false;
    std::string valueSpec;
    r.fields(
        f,
        {"parameterId", "scaleType", "doubleValueSpec", "integerValueSpec", "categoricalValueSpec",
         "discreteValueSpec"},
        [&](const Field &g) {
            if (g.key == "parameterId") {
                hasId = true;
                assign(p.name, r.text(g));
                return;
            }
            if (g.key == "scaleType") {
                assign(p.scale, r.choice(g, kScales));
                return;
            }
            if (!valueSpec.empty()) {
                r.error(g, cat("give one value spec, not both ", valueSpec, " and ", g.key));
                return;
            }
            valueSpec = g.key;
            if (g.key == "doubleValueSpec" || g.key == "integerValueSpec") {
                p.type =
                    g.key == "doubleValueSpec" ? ParameterType::Double : ParameterType::Integer;
                readVertexBounds(r, g, p, p.type == ParameterType::Integer);
            } else if (g.key == "categoricalValueSpec") {
                p.type = ParameterType::Categorical;
                r.fields(g, {"values"}, [&](const Field &h) { r.texts(h, p.categoricalValues); });
            } else {
                p.type = ParameterType::Discrete;
                r.fields(g, {"values"}, [&](const Field &h) { r.numbers(h, p.discreteValues); });
            }
        });
    if (kindOf(f.value) != Kind::Map)
        return p;
    if (!hasId)
        r.error(f.mark, joinPath(f.path, "parameterId"), "required");
    if (valueSpec.empty())
        r.error(f,
                "needs one of doubleValueSpec, integerValueSpec, categoricalValueSpec, "
                "discreteValueSpec");
    return p;
}

void readStudySpec(Reader &r, const Field &f, TuningSpec &s)
{
    std::string stoppingKey;
    r.fields(f,
             {"metrics", "parameters", "algorithm", "measurementSelectionType",
              "medianAutomatedStoppingSpec", "decayCurveStoppingSpec"},
             [&](const Field &g) {
                 if (g.key == "metrics") {
                     if (!r.expect(g, Kind::List, "a list"))
                         return;
                     if (g.value.size() > 1)
                         r.error(g, cat("one metric is supported, got ", g.value.size()));
                     r.items(g, [&](const Field &m) {
                         bool hasId = false;
                         r.fields(m, {"metricId", "goal"}, [&](const Field &h) {
                             if (h.key == "metricId") {
                                 hasId = true;
                                 assign(s.metricTag, r.text(h));
                             } else {
                                 assign(s.goal, r.choice(h, kGoals));
                             }
                         });
                         if (!hasId && kindOf(m.value) == Kind::Map)
                             r.error(m.mark, joinPath(m.path, "metricId"), "required");
                     });
                 } else if (g.key == "parameters") {
                     r.items(g, [&](const Field &item) {
                         s.params.push_back(readVertexParam(r, item));
                     });
                 } else if (g.key == "algorithm") {
                     assign(s.algorithm, r.choice(g, kAlgorithms));
                 } else if (g.key == "measurementSelectionType") {
                     assign(s.measurementSelection, r.choice(g, kSelections));
                 } else {
                     if (!stoppingKey.empty()) {
                         r.error(g, cat("give one stopping spec, not both ", stoppingKey, " and ",
                                        g.key));
                         return;
                     }
                     stoppingKey = g.key;
                     s.stopping = g.key == "medianAutomatedStoppingSpec" ? StoppingSpec::Median
                                                                         : StoppingSpec::DecayCurve;
                     r.fields(g, {}, [](const Field &) {});
                 }
             });
    s.enableTrialEarlyStopping = s.stopping != StoppingSpec::None;
}

void readVertex(Reader &r, const Field &root, TuningSpec &s)
{
    // displayName, trialJobSpec and the output-only fields of a job are not part of the config.
    r.fields(root,
             {"studySpec", "maxTrialCount", "parallelTrialCount", "maxFailedTrialCount",
              "displayName", "trialJobSpec", "name", "labels", "state", "trials", "createTime",
              "startTime", "endTime", "updateTime", "error", "encryptionSpec"},
             [&](const Field &g) {
                 if (g.key == "studySpec") {
                     readStudySpec(r, g, s);
                 } else if (g.key == "maxTrialCount" || g.key == "parallelTrialCount" ||
                            g.key == "maxFailedTrialCount") {
                     int &target = g.key == "maxTrialCount"        ? s.maxTrials
                                   : g.key == "parallelTrialCount" ? s.maxParallelTrials
                                                                   : s.maxFailedTrials;
                     if (auto v = r.integer(g, true))
                         target = int(*v);
                 }
             });
}

/// The key node of field `key` in `map`, or a null node when absent.
YAML::Node keyNode(const YAML::Node &map, std::string_view key)
{
    for (auto it = map.begin(); it != map.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key)
            return it->first;
    return YAML::Node();
}

bool hasKey(const YAML::Node &map, std::string_view key)
{
    return keyNode(map, key).IsDefined() && !keyNode(map, key).IsNull();
}

// ---- writing -----------------------------------------------------------------------------------

/// A string as a YAML scalar: plain when it reads back as the same string, else double-quoted.
std::string yamlText(const std::string &s)
{
    static const std::regex plainRe("[A-Za-z_/][A-Za-z0-9_./-]*");
    if (std::regex_match(s, plainRe) && plainKind(s) == Kind::String)
        return s;
    return nlohmann::json(s).dump();
}

std::string yamlNumber(double v)
{
    if (std::isnan(v))
        return ".nan";
    if (std::isinf(v))
        return v < 0 ? "-.inf" : ".inf";
    return numberText(v);
}

template <class T, class F>
std::string yamlList(const std::vector<T> &values, F &&format)
{
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i)
        out += cat(i ? ", " : "", format(values[i]));
    return out + "]";
}

std::string writeYaml(const TuningSpec &s)
{
    std::string out = "trainingInput:\n  hyperparameters:\n";
    const auto field = [&](std::string_view key, const std::string &value) {
        out += cat("    ", key, ": ", value, '\n');
    };
    field("goal", nameOf(kGoals, s.goal));
    field("maxTrials", cat(s.maxTrials));
    field("maxParallelTrials", cat(s.maxParallelTrials));
    if (s.maxFailedTrials != 0)
        field("maxFailedTrials", cat(s.maxFailedTrials));
    field("hyperparameterMetricTag", yamlText(s.metricTag));
    const bool early = s.enableTrialEarlyStopping || s.stopping != StoppingSpec::None;
    field("enableTrialEarlyStopping", early ? "True" : "False");
    if (s.algorithm != SearchAlgorithm::Unspecified)
        field("algorithm", nameOf(kAlgorithms, s.algorithm));
    if (!s.resumePreviousJobId.empty())
        field("resumePreviousJobId", yamlText(s.resumePreviousJobId));
    if (s.params.empty())
        out += "    params: []\n";
    else
        out += "    params:\n";
    for (const ParameterSpec &p : s.params) {
        out += cat("    - parameterName: ", yamlText(p.name), '\n');
        out += cat("      type: ", nameOf(kTypes, p.type), '\n');
        // Values that do not belong to the type are written too, so nothing is lost.
        if (isNumeric(p.type) || p.minValue != 0 || p.maxValue != 0) {
            out += cat("      minValue: ", yamlNumber(p.minValue), '\n');
            out += cat("      maxValue: ", yamlNumber(p.maxValue), '\n');
        }
        if (p.type == ParameterType::Discrete || !p.discreteValues.empty())
            out += cat("      discreteValues: ", yamlList(p.discreteValues, yamlNumber), '\n');
        if (p.type == ParameterType::Categorical || !p.categoricalValues.empty())
            out += cat("      categoricalValues: ", yamlList(p.categoricalValues, yamlText), '\n');
        if (p.scale != ScaleType::None)
            out += cat("      scaleType: ", nameOf(kScales, p.scale), '\n');
    }
    return out;
}

using Json = nlohmann::ordered_json;

/// Whole numbers as JSON integers ([500, 1000] as the course writes them), others as doubles.
Json jsonNumber(double v)
{
    return isWhole(v) ? Json(int64_t(v)) : Json(v);
}

Json jsonNumbers(const std::vector<double> &values)
{
    Json out = Json::array();
    for (double v : values)
        out.push_back(jsonNumber(v));
    return out;
}

std::string writePipelineJson(const TuningSpec &s)
{
    Json h;
    h["goal"] = nameOf(kGoals, s.goal);
    h["maxTrials"] = s.maxTrials;
    h["maxParallelTrials"] = s.maxParallelTrials;
    if (s.maxFailedTrials != 0)
        h["maxFailedTrials"] = s.maxFailedTrials;
    h["hyperparameterMetricTag"] = s.metricTag;
    h["enableTrialEarlyStopping"] = s.enableTrialEarlyStopping || s.stopping != StoppingSpec::None;
    if (s.algorithm != SearchAlgorithm::Unspecified)
        h["algorithm"] = nameOf(kAlgorithms, s.algorithm);
    if (!s.resumePreviousJobId.empty())
        h["resumePreviousJobId"] = s.resumePreviousJobId;
    h["params"] = Json::array();
    for (const ParameterSpec &p : s.params) {
        Json j;
        j["parameterName"] = p.name;
        j["type"] = nameOf(kTypes, p.type);
        if (isNumeric(p.type) || p.minValue != 0 || p.maxValue != 0) {
            j["minValue"] = jsonNumber(p.minValue);
            j["maxValue"] = jsonNumber(p.maxValue);
        }
        if (p.type == ParameterType::Discrete || !p.discreteValues.empty())
            j["discreteValues"] = jsonNumbers(p.discreteValues);
        if (p.type == ParameterType::Categorical || !p.categoricalValues.empty())
            j["categoricalValues"] = p.categoricalValues;
        if (p.scale != ScaleType::None)
            j["scaleType"] = nameOf(kScales, p.scale);
        h["params"].push_back(std::move(j));
    }
    return Json{{"hyperparameters", std::move(h)}}.dump(4) + "\n";
}

/// int64 travels as a JSON string in Google APIs.
Json int64Json(double v)
{
    return isWhole(v) ? Json(cat(int64_t(v))) : Json(v);
}

std::string writeVertexJson(const TuningSpec &s)
{
    Json study;
    study["metrics"] =
        Json::array({Json{{"metricId", s.metricTag}, {"goal", nameOf(kGoals, s.goal)}}});
    study["parameters"] = Json::array();
    for (const ParameterSpec &p : s.params) {
        Json j;
        j["parameterId"] = p.name;
        switch (p.type) {
            case ParameterType::Double:
                j["doubleValueSpec"] = {{"minValue", jsonNumber(p.minValue)},
                                        {"maxValue", jsonNumber(p.maxValue)}};
                break;
            case ParameterType::Integer:
                j["integerValueSpec"] = {{"minValue", int64Json(p.minValue)},
                                         {"maxValue", int64Json(p.maxValue)}};
                break;
            case ParameterType::Categorical:
                j["categoricalValueSpec"] = {{"values", p.categoricalValues}};
                break;
            case ParameterType::Discrete:
                j["discreteValueSpec"] = {{"values", jsonNumbers(p.discreteValues)}};
                break;
        }
        if (p.scale != ScaleType::None)
            j["scaleType"] = nameOf(kScales, p.scale);
        study["parameters"].push_back(std::move(j));
    }
    if (s.algorithm != SearchAlgorithm::Unspecified)
        study["algorithm"] = nameOf(kAlgorithms, s.algorithm);
    if (s.measurementSelection != MeasurementSelection::Unspecified)
        study["measurementSelectionType"] = nameOf(kSelections, s.measurementSelection);
    StoppingSpec stopping = s.stopping;
    if (stopping == StoppingSpec::None && s.enableTrialEarlyStopping)
        stopping = StoppingSpec::Median;
    if (stopping == StoppingSpec::Median)
        study["medianAutomatedStoppingSpec"] = Json::object();
    else if (stopping == StoppingSpec::DecayCurve)
        study["decayCurveStoppingSpec"] = Json::object();
    // resumePreviousJobId has no Vertex AI equivalent and is not written.
    Json job;
    job["studySpec"] = std::move(study);
    job["maxTrialCount"] = s.maxTrials;  // int32 in the API: a JSON number
    job["parallelTrialCount"] = s.maxParallelTrials;
    if (s.maxFailedTrials != 0)
        job["maxFailedTrialCount"] = s.maxFailedTrials;
    return job.dump(4) + "\n";
}

// ---- validation --------------------------------------------------------------------------------

enum class Part {
    MaxTrials,
    MaxParallel,
    MaxFailed,
    MetricTag,
    Params,
    Name,
    Type,
    Min,
    Max,
    Discrete,
    Categorical,
    Scale
};

/// Field paths spelt the way each form spells them.
class ProblemList
{
public:
    ProblemList(const TuningSpec &spec, TuningFormat format) : m_spec(spec), m_format(format) {}

    [[nodiscard]] std::string path(Part part, int param = -1) const
    {
        const bool vertex = m_format == TuningFormat::VertexJson;
        const std::string root = m_format == TuningFormat::GcloudYaml
                                     ? "trainingInput.hyperparameters"
                                     : "hyperparameters";
        switch (part) {
            case Part::MaxTrials:
                return vertex ? "maxTrialCount" : root + ".maxTrials";
            case Part::MaxParallel:
                return vertex ? "parallelTrialCount" : root + ".maxParallelTrials";
            case Part::MaxFailed:
                return vertex ? "maxFailedTrialCount" : root + ".maxFailedTrials";
            case Part::MetricTag:
                return vertex ? "studySpec.metrics[0].metricId" : root + ".hyperparameterMetricTag";
            case Part::Params:
                return vertex ? "studySpec.parameters" : root + ".params";
            default:
                break;
        }
        const std::string p = cat(path(Part::Params), '[', param, "].");
        const ParameterType type = m_spec.params[size_t(param)].type;
        if (!vertex) {
            static const char *const kLegacy[] = {
                "parameterName",     "type",     "minValue", "maxValue", "discreteValues",
                "categoricalValues", "scaleType"};
            return p + kLegacy[int(part) - int(Part::Name)];
        }
        const char *bounds =
            type == ParameterType::Integer ? "integerValueSpec" : "doubleValueSpec";
        switch (part) {
            case Part::Name:
                return p + "parameterId";
            case Part::Type:
                return p + (type == ParameterType::Double        ? "doubleValueSpec"
                            : type == ParameterType::Integer     ? "integerValueSpec"
                            : type == ParameterType::Categorical ? "categoricalValueSpec"
                                                                 : "discreteValueSpec");
            case Part::Min:
                return cat(p, bounds, ".minValue");
            case Part::Max:
                return cat(p, bounds, ".maxValue");
            case Part::Discrete:
                return p + "discreteValueSpec.values";
            case Part::Categorical:
                return p + "categoricalValueSpec.values";
            default:
                return p + "scaleType";
        }
    }

    void add(Part part, int param, std::string message)
    {
        m_problems.push_back({path(part, param), std::move(message)});
    }
    void addAt(Part part, int param, size_t index, std::string message)
    {
        m_problems.push_back({cat(path(part, param), '[', index, ']'), std::move(message)});
    }
    std::vector<TuningProblem> take() { return std::move(m_problems); }

private:
    const TuningSpec &m_spec;
    TuningFormat m_format;
    std::vector<TuningProblem> m_problems;
};

void checkParameter(ProblemList &out, const TuningSpec &s, int i)
{
    const ParameterSpec &p = s.params[size_t(i)];
    const char *typeName = nameOf(kTypes, p.type);
    const bool logScale = p.scale == ScaleType::UnitLog || p.scale == ScaleType::UnitReverseLog;

    if (p.name.empty()) {
        out.add(Part::Name, i, "must not be empty");
    } else if (const int first = s.paramIndex(p.name); first != i) {
        out.add(Part::Name, i,
                cat("duplicate parameter '", p.name, "' (also ", out.path(Part::Name, first), ")"));
    } else if (p.name != "alpha" && p.name != "max_iter") {
        out.add(Part::Name, i,
                cat("unknown parameter '", p.name, "': the trainer accepts alpha and max_iter"));
    }

    if (isNumeric(p.type)) {
        bool finite = true;
        for (auto [part, v] :
             {std::pair{Part::Min, p.minValue}, std::pair{Part::Max, p.maxValue}}) {
            if (!std::isfinite(v)) {
                out.add(part, i, cat("must be a finite number, got ", numberText(v)));
                finite = false;
            } else if (p.type == ParameterType::Integer && v != std::trunc(v)) {
                out.add(part, i,
                        cat("an INTEGER parameter needs whole-number bounds, got ", numberText(v)));
            }
        }
        if (finite && p.minValue > p.maxValue)
            out.add(Part::Min, i,
                    cat("minValue ", numberText(p.minValue), " is greater than maxValue ",
                        numberText(p.maxValue)));
        if (logScale && p.minValue <= 0)
            out.add(
                Part::Min, i,
                cat(nameOf(kScales, p.scale), " needs minValue > 0, got ", numberText(p.minValue)));
    } else if (p.minValue != 0 || p.maxValue != 0) {
        out.add(
            Part::Min, i,
            cat("a ", typeName, " parameter takes no minValue/maxValue (DOUBLE and INTEGER do)"));
    }

    const std::vector<double> &d = p.discreteValues;
    if (p.type == ParameterType::Discrete) {
        if (d.empty())
            out.add(Part::Discrete, i, "a DISCRETE parameter needs at least one value");
        if (d.size() > 1000)
            out.add(Part::Discrete, i, cat("at most 1000 values, got ", d.size()));
        for (size_t k = 0; k < d.size(); ++k) {
            if (!std::isfinite(d[k]))
                out.addAt(Part::Discrete, i, k,
                          cat("must be a finite number, got ", numberText(d[k])));
            else if (k > 0 && d[k] <= d[k - 1])
                out.addAt(Part::Discrete, i, k,
                          cat("values must be strictly increasing: ", numberText(d[k]), " follows ",
                              numberText(d[k - 1])));
        }
        if (logScale && !d.empty() && d.front() <= 0)
            out.addAt(Part::Discrete, i, 0,
                      cat(nameOf(kScales, p.scale), " needs every value > 0, got ",
                          numberText(d.front())));
    } else if (!d.empty()) {
        out.add(Part::Discrete, i, cat("a ", typeName, " parameter takes no discrete values"));
    }

    const std::vector<std::string> &c = p.categoricalValues;
    if (p.type == ParameterType::Categorical) {
        if (c.empty())
            out.add(Part::Categorical, i, "a CATEGORICAL parameter needs at least one value");
        for (size_t k = 0; k < c.size(); ++k)
            if (std::find(c.begin(), c.begin() + ptrdiff_t(k), c[k]) != c.begin() + ptrdiff_t(k))
                out.addAt(Part::Categorical, i, k, cat("duplicate value '", c[k], "'"));
        if (p.scale != ScaleType::None)
            out.add(Part::Scale, i, "a CATEGORICAL parameter takes no scaleType");
    } else if (!c.empty()) {
        out.add(Part::Categorical, i,
                cat("a ", typeName, " parameter takes no categorical values"));
    }

    if (s.algorithm == SearchAlgorithm::GridSearch && p.type == ParameterType::Double)
        out.add(
            Part::Type, i,
            "GRID_SEARCH cannot search a DOUBLE parameter: use INTEGER, CATEGORICAL or DISCRETE");

    // What the trainer accepts: alpha > 0 (a float), max_iter >= 1 (an integer).
    if (p.name == "alpha") {
        if (p.type == ParameterType::Double) {
            if (p.minValue <= 0)
                out.add(Part::Min, i, cat("alpha must be > 0, got ", numberText(p.minValue)));
        } else if (p.type == ParameterType::Discrete) {
            for (size_t k = 0; k < d.size(); ++k)
                if (d[k] <= 0)
                    out.addAt(Part::Discrete, i, k,
                              cat("alpha values must be > 0, got ", numberText(d[k])));
        } else {
            out.add(Part::Type, i, cat("alpha must be DOUBLE or DISCRETE, not ", typeName));
        }
    } else if (p.name == "max_iter") {
        if (p.type == ParameterType::Integer) {
            if (p.minValue < 1)
                out.add(Part::Min, i,
                        cat("max_iter must be at least 1, got ", numberText(p.minValue)));
        } else if (p.type == ParameterType::Discrete) {
            for (size_t k = 0; k < d.size(); ++k)
                if (d[k] < 1 || d[k] != std::trunc(d[k]))
                    out.addAt(
                        Part::Discrete, i, k,
                        cat("max_iter values must be whole numbers >= 1, got ", numberText(d[k])));
        } else {
            out.add(Part::Type, i, cat("max_iter must be INTEGER or DISCRETE, not ", typeName));
        }
    }
}

}  // namespace

int TuningSpec::paramIndex(std::string_view name) const
{
    for (size_t i = 0; i < params.size(); ++i)
        if (params[i].name == name)
            return int(i);
    return -1;
}

Expected<TuningSpec> parseTuningSpec(std::string_view text, const std::string &source,
                                     TuningFormat &detected)
{
    const size_t first = text.find_first_not_of(" \t\r\n");
    const bool looksJson = first != std::string_view::npos && text[first] == '{';
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception &e) {
        std::string where = source;
        if (!e.mark.is_null())
            where += cat(':', e.mark.line + 1, ':', e.mark.column + 1);
        return fail(ErrorCode::Parse,
                    cat(where, ": malformed ", looksJson ? "JSON" : "YAML", ": ", e.msg));
    }
    const char *expected =
        "expected trainingInput.hyperparameters (gcloud YAML), {\"hyperparameters\": ...} "
        "(pipeline JSON) or {\"studySpec\": ...} (Vertex AI)";
    if (kindOf(root) != Kind::Map)
        return fail(ErrorCode::Schema,
                    cat(source, ": not a tuning config: ", expected, ", got ",
                        root.IsNull() ? std::string("nothing") : describe(root)));

    Reader reader(source);
    TuningSpec spec;
    const Field top{"", root, "", root.Mark()};
    try {
        if (hasKey(root, "trainingInput")) {
            detected = TuningFormat::GcloudYaml;
            readGcloud(reader, top, spec);
        } else if (hasKey(root, "studySpec")) {
            detected = TuningFormat::VertexJson;
            readVertex(reader, top, spec);
        } else if (hasKey(root, "hyperparameters")) {
            detected = looksJson ? TuningFormat::PipelineJson : TuningFormat::GcloudYaml;
            reader.fields(top, {"hyperparameters"},
                          [&](const Field &f) { readHyperparameters(reader, f, spec); });
        } else {
            std::string found;
            for (auto it = root.begin(); it != root.end(); ++it)
                found += cat(found.empty() ? "" : ", ",
                             it->first.IsScalar() ? it->first.Scalar() : std::string("?"));
            return fail(ErrorCode::Schema,
                        cat(source, ": not a tuning config: ", expected, "; found ", found));
        }
    } catch (const YAML::Exception &e) {
        return fail(ErrorCode::Parse, cat(source, ": ", e.what()));
    }
    // The form's top-level field must hold something ("trainingInput:" alone is no config).
    for (const char *key : {"trainingInput", "studySpec", "hyperparameters"}) {
        const YAML::Node k = keyNode(root, key);
        if (!k.IsNull() && kindOf(root[k.Scalar()]) == Kind::Null)
            reader.error(k.Mark(), key, "expected a mapping, got null");
    }
    if (reader.failed())
        return fail(ErrorCode::Schema, reader.message());
    return spec;
}

Expected<TuningSpec> parseTuningSpec(std::string_view text, const std::string &source)
{
    TuningFormat ignored;
    return parseTuningSpec(text, source, ignored);
}

Expected<TuningSpec> loadTuningSpec(const std::string &path)
{
    TuningFormat ignored;
    return loadTuningSpec(path, ignored);
}

Expected<TuningSpec> loadTuningSpec(const std::string &path, TuningFormat &detected)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io, cat("cannot open ", path, ": ", std::strerror(errno)));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return fail(ErrorCode::Io, cat("cannot read ", path, ": ", std::strerror(errno)));
    return parseTuningSpec(text.str(), path, detected);
}

std::string writeTuningSpec(const TuningSpec &spec, TuningFormat format)
{
    switch (format) {
        case TuningFormat::GcloudYaml:
            return writeYaml(spec);
        case TuningFormat::PipelineJson:
            return writePipelineJson(spec);
        case TuningFormat::VertexJson:
            return writeVertexJson(spec);
    }
    return {};
}

std::vector<TuningProblem> tuningSpecProblems(const TuningSpec &spec, TuningFormat format)
{
    ProblemList out(spec, format);
    if (spec.maxTrials < 1)
        out.add(Part::MaxTrials, -1, cat("must be at least 1, got ", spec.maxTrials));
    if (spec.maxParallelTrials < 1)
        out.add(Part::MaxParallel, -1, cat("must be at least 1, got ", spec.maxParallelTrials));
    else if (spec.maxTrials >= 1 && spec.maxParallelTrials > spec.maxTrials)
        out.add(Part::MaxParallel, -1,
                cat(spec.maxParallelTrials, " parallel trials exceed the ", spec.maxTrials,
                    " trials in all"));
    if (spec.maxFailedTrials < 0)
        out.add(Part::MaxFailed, -1, cat("must not be negative, got ", spec.maxFailedTrials));
    if (spec.metricTag.empty())
        out.add(Part::MetricTag, -1, "must not be empty");
    if (spec.params.empty())
        out.add(Part::Params, -1, "no parameters to tune (the trainer accepts alpha and max_iter)");
    for (size_t i = 0; i < spec.params.size(); ++i)
        checkParameter(out, spec, int(i));
    return out.take();
}

Expected<void> validateTuningSpec(const TuningSpec &spec)
{
    const std::vector<TuningProblem> problems =
        tuningSpecProblems(spec, TuningFormat::PipelineJson);
    if (problems.empty())
        return {};
    std::string message;
    for (const TuningProblem &p : problems)
        message += cat(message.empty() ? "" : "\n", p.path, ": ", p.message);
    return fail(ErrorCode::InvalidArgument, std::move(message));
}

const char *algorithmName(SearchAlgorithm algorithm)
{
    return nameOf(kAlgorithms, algorithm);
}

std::string parameterValueText(const ParameterValue &value)
{
    if (const auto *i = std::get_if<int64_t>(&value))
        return cat(*i);
    if (const auto *s = std::get_if<std::string>(&value))
        return *s;
    // `--max_iter 500.0` would not parse as an integer: whole numbers print without ".0".
    return numberText(std::get<double>(value));
}

}  // namespace covertype
