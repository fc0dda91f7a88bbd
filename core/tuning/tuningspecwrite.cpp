// Writing the tuning config in each of its three forms: gcloud YAML, pipeline JSON, Vertex AI job.
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/text.h"
#include "tuning/tuningspec.h"
#include "tuning/tuningspecdetail.h"

namespace covertype {

using namespace detail;

namespace {

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

}  // namespace

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

}  // namespace covertype
