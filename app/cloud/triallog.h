// A tuning run's trials written where another process can follow them: one JSON object per
// finished trial (trial-<id>.json, the runs' trial format) and summary.json at the end, in a
// local directory or under gs:// (one object each: Cloud Storage has no append). `cloud tune
// --mode job` reads them back while its custom job runs `covertype tune --trial-log`.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "base/error.h"

namespace covertype::cli {

class CloudSession;

class TrialLog
{
public:
    /// `where`: a directory or gs://BUCKET/PREFIX (a '/' is added when missing).
    [[nodiscard]] static Expected<std::unique_ptr<TrialLog>> open(const std::string &where);
    ~TrialLog();

    /// Writes trial-<id>.json (zero-padded id, so names sort as the trials do).
    [[nodiscard]] Expected<void> writeTrial(const std::string &trialId,
                                            const nlohmann::json &trial);
    [[nodiscard]] Expected<void> writeSummary(const nlohmann::json &summary);

private:
    TrialLog() = default;
    [[nodiscard]] Expected<void> write(const std::string &name, const std::string &text);

    std::string m_where;
    std::unique_ptr<CloudSession> m_session;  ///< for gs://
};

/// The object name of a trial's record: trial-000042.json.
[[nodiscard]] std::string trialLogName(const std::string &trialId);

}  // namespace covertype::cli
