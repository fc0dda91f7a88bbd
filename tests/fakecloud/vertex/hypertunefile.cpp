// cloudml-hypertune metric files: every line parsed, the last or best measurement taken.
#include "vertex/hypertunefile.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

namespace covertype::fakecloud::vertex {

namespace {

std::optional<double> numberOf(const nlohmann::json &v)
{
    if (v.is_number())
        return v.get<double>();
    if (!v.is_string())
        return std::nullopt;
    const std::string &s = v.get_ref<const std::string &>();
    char *end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size())
        return std::nullopt;
    return d;
}

}  // namespace

std::optional<HypertuneMeasurement> readHypertuneMetric(const std::string &path,
                                                        const std::string &metricId,
                                                        MeasurementSelection selection,
                                                        bool maximize)
{
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    std::optional<HypertuneMeasurement> chosen;
    std::string line;
    size_t lines = 0;
    while (std::getline(in, line) && ++lines <= 10'000) {
        const auto record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.is_object())
            continue;
        auto it = record.find(metricId);
        if (it == record.end())
            it = record.find("training/hptuning/metric");
        if (it == record.end())
            continue;
        const auto value = numberOf(*it);
        if (!value || std::isnan(*value))
            continue;
        HypertuneMeasurement m{*value, 0};
        if (const auto step = record.find("global_step"); step != record.end())
            if (const auto s = numberOf(*step))
                m.step = int64_t(*s);
        const bool better = !chosen || selection == MeasurementSelection::Last ||
                            (maximize ? m.value > chosen->value : m.value < chosen->value);
        if (better)
            chosen = m;
    }
    return chosen;
}

}  // namespace covertype::fakecloud::vertex
