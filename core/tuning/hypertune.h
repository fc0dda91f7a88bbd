// Reporting a tuning metric the way cloudml-hypertune does, so AI Platform / Vertex AI (and our
// own tuner) read trial results from the same file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace covertype {

/// Python's repr() of a float: shortest round-trip digits, "1.0" for integral values, exponent
/// form ("1e-05", "1.5e+16") below 1e-4 or from 1e16.
[[nodiscard]] std::string pythonFloatRepr(double value);

/// Appends metric records and rewrites the metric file after each, one JSON object per line with
/// sorted keys and Python separators, keeping at most the last 100 records.
class HypertuneReporter
{
public:
    /// Path from $CLOUD_ML_HP_METRIC_FILE (default /tmp/hypertune/output.metrics), trial id from
    /// $CLOUD_ML_TRIAL_ID (default "0").
    HypertuneReporter();
    HypertuneReporter(std::string path, std::string trialId);

    /// Records `value` under `tag` (empty tag: "training/hptuning/metric"); global step 0 when
    /// not given. `timestamp` (seconds since the epoch) defaults to now.
    [[nodiscard]] Expected<void> report(std::string_view tag, double value,
                                        std::optional<int64_t> globalStep = {},
                                        std::optional<double> timestamp = {});

    [[nodiscard]] const std::string &path() const { return m_path; }
    /// The line the last report wrote.
    [[nodiscard]] const std::vector<std::string> &records() const { return m_records; }

private:
    std::string m_path;
    std::string m_trialId;
    std::vector<std::string> m_records;
};

}  // namespace covertype
