// Random and grid suggestions for the fake's tuning jobs.
#include "vertex/studysuggester.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>

namespace covertype::fakecloud::vertex {

namespace {

double toDouble(const nlohmann::json &v)
{
    if (v.is_number())
        return v.get<double>();
    if (v.is_string())
        return std::strtod(v.get<std::string>().c_str(), nullptr);
    return 0;
}

int64_t toInt(const nlohmann::json &v)
{
    if (v.is_number_integer())
        return v.get<int64_t>();
    if (v.is_string())
        return std::strtoll(v.get<std::string>().c_str(), nullptr, 10);
    return 0;
}

std::string shortest(double value)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

}  // namespace

size_t StudySuggester::Parameter::gridSize() const
{
    switch (type) {
        case Type::Integer:
            return size_t(intMax - intMin + 1);
        case Type::Discrete:
            return discrete.size();
        case Type::Categorical:
            return categories.size();
        case Type::Double:
            break;
    }
    return 0;
}

std::expected<StudySuggester, RpcError> StudySuggester::create(const nlohmann::json &studySpec,
                                                               uint64_t seed)
{
    StudySuggester s;
    s.m_seed = seed;
    s.m_grid = studySpec.value("algorithm", "") == "GRID_SEARCH";
    const std::string where = "hyperparameter_tuning_job.study_spec.parameters";
    size_t index = 0;
    for (const auto &spec : studySpec.value("parameters", nlohmann::json::array())) {
        Parameter p;
        p.id = spec.value("parameterId", "");
        const std::string scale = spec.value("scaleType", "");
        p.scale = scale == "UNIT_LOG_SCALE"           ? Scale::Log
                  : scale == "UNIT_REVERSE_LOG_SCALE" ? Scale::ReverseLog
                                                      : Scale::Linear;
        const std::string at = where + "[" + std::to_string(index++) + "]";
        if (spec.contains("doubleValueSpec")) {
            p.type = Type::Double;
            p.min = toDouble(spec["doubleValueSpec"].value("minValue", nlohmann::json(0)));
            p.max = toDouble(spec["doubleValueSpec"].value("maxValue", nlohmann::json(0)));
            if (s.m_grid)
                return std::unexpected(invalidArgument(
                    "Parameter " + p.id + " is of type DOUBLE, which GRID_SEARCH does not support.",
                    {{at, "GRID_SEARCH supports INTEGER, DISCRETE and CATEGORICAL parameters."}}));
        } else if (spec.contains("integerValueSpec")) {
            p.type = Type::Integer;
            p.intMin = toInt(spec["integerValueSpec"].value("minValue", nlohmann::json("0")));
            p.intMax = toInt(spec["integerValueSpec"].value("maxValue", nlohmann::json("0")));
            p.min = double(p.intMin);
            p.max = double(p.intMax);
        } else if (spec.contains("discreteValueSpec")) {
            p.type = Type::Discrete;
            for (const auto &v : spec["discreteValueSpec"].value("values", nlohmann::json::array()))
                p.discrete.push_back(toDouble(v));
            if (p.discrete.empty())
                return std::unexpected(invalidArgument("Parameter " + p.id + " has no values.",
                                                       {{at, "discrete values are empty"}}));
        } else if (spec.contains("categoricalValueSpec")) {
            p.type = Type::Categorical;
            for (const auto &v :
                 spec["categoricalValueSpec"].value("values", nlohmann::json::array()))
                p.categories.push_back(v.get<std::string>());
            if (p.categories.empty())
                return std::unexpected(invalidArgument("Parameter " + p.id + " has no values.",
                                                       {{at, "categorical values are empty"}}));
        } else {
            return std::unexpected(invalidArgument(
                "Parameter " + p.id + " has no value spec.",
                {{at,
                  "one of double_value_spec, integer_value_spec, discrete_value_spec or "
                  "categorical_value_spec is required"}}));
        }
        if ((p.type == Type::Double || p.type == Type::Integer) && !(p.min <= p.max))
            return std::unexpected(
                invalidArgument("Parameter " + p.id + ": min_value must not exceed max_value.",
                                {{at, "min > max"}}));
        if (p.scale != Scale::Linear && (p.type == Type::Double || p.type == Type::Integer) &&
            p.min <= 0)
            return std::unexpected(
                invalidArgument("Parameter " + p.id + ": a log scale needs min_value > 0.",
                                {{at, "log scale with min_value <= 0"}}));
        s.m_parameters.push_back(std::move(p));
    }
    return s;
}

SuggestedParameter StudySuggester::number(const std::string &id, double value, bool integer)
{
    if (integer)
        return {id, nlohmann::json(double(int64_t(value))), std::to_string(int64_t(value))};
    return {id, nlohmann::json(value), shortest(value)};
}

std::optional<std::vector<SuggestedParameter>> StudySuggester::suggest(size_t index) const
{
    std::vector<SuggestedParameter> out;
    if (m_grid) {
        size_t rest = index;
        for (auto it = m_parameters.rbegin(); it != m_parameters.rend(); ++it) {
            const size_t n = it->gridSize();
            const size_t digit = rest % n;
            rest /= n;
            switch (it->type) {
                case Type::Integer:
                    out.push_back(number(it->id, double(it->intMin + int64_t(digit)), true));
                    break;
                case Type::Discrete:
                    out.push_back(number(it->id, it->discrete[digit], false));
                    break;
                case Type::Categorical:
                    out.push_back({it->id, it->categories[digit], it->categories[digit]});
                    break;
                case Type::Double:
                    break;
            }
        }
        if (rest > 0)
            return std::nullopt;  // every grid point was used
        std::reverse(out.begin(), out.end());
        return out;
    }
    std::mt19937_64 rng(m_seed * 0x9E3779B97F4A7C15ull + index);
    for (const Parameter &p : m_parameters) {
        switch (p.type) {
            case Type::Double:
            case Type::Integer: {
                double v = 0;
                if (p.scale == Scale::Linear || p.min == p.max) {
                    v = std::uniform_real_distribution<double>(p.min, p.max)(rng);
                } else {
                    const double u = std::uniform_real_distribution<double>(std::log(p.min),
                                                                            std::log(p.max))(rng);
                    v = p.scale == Scale::Log ? std::exp(u) : p.min + p.max - std::exp(u);
                }
                if (p.type == Type::Integer) {
                    if (p.scale == Scale::Linear)
                        v = double(std::uniform_int_distribution<int64_t>(p.intMin, p.intMax)(rng));
                    v = std::clamp(std::round(v), p.min, p.max);
                }
                out.push_back(number(p.id, std::clamp(v, p.min, p.max), p.type == Type::Integer));
                break;
            }
            case Type::Discrete: {
                const size_t i =
                    std::uniform_int_distribution<size_t>(0, p.discrete.size() - 1)(rng);
                out.push_back(number(p.id, p.discrete[i], false));
                break;
            }
            case Type::Categorical: {
                const size_t i =
                    std::uniform_int_distribution<size_t>(0, p.categories.size() - 1)(rng);
                out.push_back({p.id, p.categories[i], p.categories[i]});
                break;
            }
        }
    }
    return out;
}

}  // namespace covertype::fakecloud::vertex
