// Reading runs back from the store for the Runs stage (see storedruns.h).
#include "storedruns.h"

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "runs/runrecording.h"

namespace covertype::ui {

Expected<TuningSpec> storedRunSpec(const RunRecord &run)
{
    std::string text = run.configJson;
    try {
        const auto json = nlohmann::json::parse(run.configJson);
        if (json.is_object() && json.contains("hypertune_settings"))
            text = json["hypertune_settings"].dump();
    } catch (const nlohmann::json::exception &e) {
        return fail(ErrorCode::Parse, cat("run ", run.id, ": its config is not JSON: ", e.what()));
    }
    return parseTuningSpec(text, cat("run ", run.id, " config"));
}

Expected<std::vector<StoredRunSummary>> listStoredRuns(const QString &storePath)
{
    auto store = RunStore::openForReading(storePath.toStdString());
    if (!store)
        return std::unexpected(store.error());
    auto runs = (*store)->listRuns();
    if (!runs)
        return std::unexpected(runs.error());
    std::vector<StoredRunSummary> out;
    for (RunSummary &r : *runs) {
        StoredRunSummary row;
        if (auto spec = storedRunSpec(r.run)) {
            row.metricTag = QString::fromStdString(spec->metricTag);
            if (r.succeededTrials > 0) {
                if (auto details = (*store)->loadRun(r.run.id)) {
                    for (const TrialRecord &t : details->trials) {
                        if (t.state != TrialState::Succeeded || !t.finalMetric)
                            continue;
                        const double v = *t.finalMetric;
                        if (!row.bestMetric || (spec->goal == Goal::Maximize ? v > *row.bestMetric
                                                                             : v < *row.bestMetric))
                            row.bestMetric = v;
                    }
                }
            }
        }
        row.summary = std::move(r);
        out.push_back(std::move(row));
    }
    return out;
}

Expected<StoredRun> loadStoredRun(const QString &storePath, int64_t runId)
{
    auto store = RunStore::openForReading(storePath.toStdString());
    if (!store)
        return std::unexpected(store.error());
    auto details = (*store)->loadRun(runId);
    if (!details)
        return std::unexpected(details.error());
    auto spec = storedRunSpec(details->run);
    if (!spec)
        return std::unexpected(spec.error());
    StoredRun out;
    out.spec = *spec;
    for (const TrialRecord &t : details->trials) {
        auto trial = trialResultOf(out.spec, t);
        if (!trial)
            return std::unexpected(trial.error());
        out.trials.push_back(std::move(*trial));
    }
    out.best = bestTrial(out.trials, out.spec.goal);
    out.details = std::move(*details);
    return out;
}

}  // namespace covertype::ui
