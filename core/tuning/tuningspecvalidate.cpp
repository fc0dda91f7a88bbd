// Validating the tuning config: the service's rules and the trainer's parameters, per-form paths.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/text.h"
#include "training/trainer.h"
#include "tuning/tuningspec.h"
#include "tuning/tuningspecdetail.h"

namespace covertype {

using namespace detail;

namespace {

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
            if (p.maxValue > kMaxIterLimit)
                out.add(Part::Max, i,
                        cat("max_iter must be at most ", kMaxIterLimit,
                            " (the trainer's limit), got ", numberText(p.maxValue)));
        } else if (p.type == ParameterType::Discrete) {
            for (size_t k = 0; k < d.size(); ++k)
                if (d[k] < 1 || d[k] > kMaxIterLimit || d[k] != std::trunc(d[k]))
                    out.addAt(Part::Discrete, i, k,
                              cat("max_iter values must be whole numbers from 1 to ", kMaxIterLimit,
                                  ", got ", numberText(d[k])));
        } else {
            out.add(Part::Type, i, cat("max_iter must be INTEGER or DISCRETE, not ", typeName));
        }
    }
}

}  // namespace

std::vector<TuningProblem> tuningSpecProblems(const TuningSpec &spec, TuningFormat format)
{
    ProblemList out(spec, format);
    if (spec.maxTrials < 1 || spec.maxTrials > kMaxTrialsLimit)
        out.add(Part::MaxTrials, -1,
                cat("must be between 1 and ", kMaxTrialsLimit, ", got ", spec.maxTrials));
    if (spec.maxParallelTrials < 1 || spec.maxParallelTrials > kMaxParallelTrialsLimit)
        out.add(Part::MaxParallel, -1,
                cat("must be between 1 and ", kMaxParallelTrialsLimit, ", got ",
                    spec.maxParallelTrials));
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

}  // namespace covertype
