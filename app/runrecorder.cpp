// Recording tuning runs in the store, and their printed and JSON summaries.
#include "runrecorder.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "base/text.h"
#include "runs/runrecording.h"

namespace covertype::cli {

namespace {

std::string describeValues(const TuningSpec &spec, const ParameterValues &values)
{
    std::string out;
    for (size_t i = 0; i < spec.params.size() && i < values.size(); ++i)
        out += cat(out.empty() ? "" : " ", spec.params[i].name, "=", parameterValueText(values[i]));
    return out;
}

}  // namespace

nlohmann::json trialJson(const TuningSpec &spec, const TrialResult &trial)
{
    return {{"trial_id", trial.trialId},
            {"state", std::string(trialOutcomeName(trial.state))},
            {"parameters", parameterValuesJson(spec, trial.values)},
            {"metric_value", trial.objective ? nlohmann::json(*trial.objective) : nlohmann::json()},
            {"epochs", trial.epochs},
            {"stopped_early", trial.state == TrialOutcome::StoppedEarly},
            {"message", trial.message}};
}

nlohmann::json tuningSummaryJson(int64_t runId, const TuningSpec &spec, const TuningResult &result)
{
    nlohmann::json out = {{"run_id", runId}, {"state", std::string(tuningStateName(result.state))}};
    if (result.best) {
        const TrialResult &b = result.trials[*result.best];
        out["best_trial"] = {{"trial_id", b.trialId},
                             {"parameters", parameterValuesJson(spec, b.values)},
                             {"metric_value", *b.objective}};
    } else {
        out["best_trial"] = nullptr;
    }
    out["trials"] = nlohmann::json::array();
    for (const TrialResult &t : result.trials)
        out["trials"].push_back(trialJson(spec, t));
    if (!result.message.empty())
        out["message"] = result.message;
    return out;
}

Expected<PreviousTrials> previousTrials(RunStore &store, const TuningSpec &spec,
                                        const std::string &runId)
{
    int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(runId.data(), runId.data() + runId.size(), id);
    if (ec != std::errc() || ptr != runId.data() + runId.size())
        return fail(ErrorCode::InvalidArgument,
                    cat("resumePreviousJobId '", runId, "': expected a run id of this store (",
                        store.path(), "), see covertype runs list"));
    auto details = store.loadRun(id);
    if (!details)
        return std::unexpected(details.error());
    PreviousTrials out;
    for (const TrialRecord &t : details->trials) {
        auto trial = trialResultOf(spec, t);
        if (!trial)
            return fail(trial.error().code, cat("run ", id, " ", trial.error().message));
        const bool unfinished =
            t.state == TrialState::Active ||
            (t.state == TrialState::Failed &&
             (t.error == kTrialInterruptedError || t.error == kTrialCancelledMessage));
        if (unfinished) {
            trial->state = TrialOutcome::Active;
            trial->objective.reset();
            trial->intermediate.clear();
            trial->message.clear();
            trial->epochs = 0;
            out.unfinished.push_back(std::move(*trial));
        } else {
            out.finished.push_back(std::move(*trial));
        }
    }
    return out;
}

TuningOptions printTrials(const TuningSpec &spec, TuningOptions options, bool print)
{
    if (!print)
        return options;
    auto finished = options.onTrialFinished;
    options.onTrialFinished = [spec, finished](const TrialResult &t) {
        // A trial run elsewhere (Vertex AI) reports no epochs: nothing to say about them.
        const std::string effort =
            t.epochs > 0 ? cat("  (", t.epochs, " epochs, ", fixed(t.seconds, 2), " s)") : "";
        std::printf("trial %-3s %-13s %s %-8s  %s%s%s%s\n", t.trialId.c_str(),
                    std::string(trialOutcomeName(t.state)).c_str(), spec.metricTag.c_str(),
                    metricText(t.objective).c_str(), describeValues(spec, t.values).c_str(),
                    effort.c_str(), t.message.empty() ? "" : "  ", t.message.c_str());
        std::fflush(stdout);
        if (finished)
            finished(t);
    };
    return options;
}

std::string metricText(const std::optional<double> &value)
{
    if (!value)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", *value);
    return text;
}

void printTrialTable(const TuningSpec &spec, const TuningResult &result)
{
    std::vector<size_t> order(result.trials.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const auto key = [&](size_t i) {
        const TrialResult &t = result.trials[i];
        const bool ranked = t.objective.has_value() && t.state != TrialOutcome::Failed;
        const double v = ranked ? *t.objective : 0.0;
        return std::pair{ranked ? 0 : 1, spec.goal == Goal::Maximize ? -v : v};
    };
    std::ranges::stable_sort(order, [&](size_t a, size_t b) { return key(a) < key(b); });
    std::printf("\n%-6s %-14s %-10s %s\n", "trial", "state", spec.metricTag.c_str(), "parameters");
    for (size_t i : order) {
        const TrialResult &t = result.trials[i];
        std::printf("%-6s %-14s %-10s %s%s\n", t.trialId.c_str(),
                    std::string(trialOutcomeName(t.state)).c_str(), metricText(t.objective).c_str(),
                    describeValues(spec, t.values).c_str(),
                    result.best && *result.best == i ? "   <- best" : "");
    }
}

}  // namespace covertype::cli
