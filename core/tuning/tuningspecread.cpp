// Reading the tuning config in its three forms: gcloud YAML, pipeline JSON, Vertex AI job.
// All forms are read with yaml-cpp (YAML 1.2 covers JSON plus the pipeline's Python `True`).
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "base/text.h"
#include "files/fileinput.h"
#include "tuning/tuningspec.h"
#include "tuning/tuningspecdetail.h"
#include "tuning/tuningspecreader.h"

namespace covertype {

using namespace detail;

namespace {

template <class T>
void assign(T &target, const std::optional<T> &value)
{
    if (value)
        target = *value;
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
                // In int range or an error naming the field: never a silent truncation.
                if (auto v = r.integer(g, false, std::numeric_limits<int>::min(),
                                       std::numeric_limits<int>::max()))
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
                     // In int range or an error naming the field: never a silent truncation.
                     if (auto v = r.integer(g, true, std::numeric_limits<int>::min(),
                                            std::numeric_limits<int>::max()))
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

/// Where brackets first nest deeper than `limit` outside quotes and comments, as line and column
/// (1-based); none when they never do. yaml-cpp recurses (and allocates) per level: a file of
/// nothing but '[' took 1.2 GB before its "bad file".
std::optional<std::pair<size_t, size_t>> tooDeep(std::string_view text, int limit)
{
    int depth = 0;
    size_t line = 1, lineStart = 0;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            lineStart = i + 1;
            if (quote == 0)
                continue;
        }
        if (quote != 0) {
            if (c == '\\' && quote == '"')
                ++i;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' && (i == lineStart || text[i - 1] == ' ' || text[i - 1] == '\t')) {
            const size_t end = text.find('\n', i);
            i = (end == std::string_view::npos ? text.size() : end) - 1;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return std::pair{line, i - lineStart + 1};
        } else if (c == ']' || c == '}') {
            depth = std::max(0, depth - 1);
        }
    }
    return std::nullopt;
}

}  // namespace

Expected<TuningSpec> parseTuningSpec(std::string_view text, const std::string &source,
                                     TuningFormat &detected)
{
    const size_t first = text.find_first_not_of(" \t\r\n");
    const bool looksJson = first != std::string_view::npos && text[first] == '{';
    constexpr int kMaxDepth = 64;
    if (const auto at = tooDeep(text, kMaxDepth))
        return fail(ErrorCode::Parse,
                    cat(source, ':', at->first, ':', at->second, ": malformed ",
                        looksJson ? "JSON" : "YAML", ": nested deeper than ", kMaxDepth,
                        " levels (a tuning config is a few levels deep)"));
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
    // A config is a few KiB: 16 MiB is far past any real one and bounds what a wrong file costs.
    auto text = readWholeFile(path, size_t(16) << 20);
    if (!text)
        return std::unexpected(text.error());
    return parseTuningSpec(*text, path, detected);
}

}  // namespace covertype
