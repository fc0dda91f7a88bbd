// Reading a trial's cloudml-hypertune metric file (google-cloud-api.md section C): one JSON
// object per line, the metric under its tag as a string, global_step as a string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace covertype::fakecloud::vertex {

struct HypertuneMeasurement
{
    double value = 0;
    int64_t step = 0;
};

enum class MeasurementSelection { Last, Best };

/// The measurement of `metricId` (or the default tag "training/hptuning/metric") the service
/// takes: the last line's, or the best by `maximize`; nullopt when the file holds none.
[[nodiscard]] std::optional<HypertuneMeasurement> readHypertuneMetric(
    const std::string &path, const std::string &metricId, MeasurementSelection selection,
    bool maximize);

}  // namespace covertype::fakecloud::vertex
