// Recording tuning runs in the store, and their printed and JSON summaries.
#include "runrecorder.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "text.h"

namespace covertype::cli {

namespace {

TrialState storedState(TrialOutcome state)
{
    switch (state) {
        case TrialOutcome::Active:
            return TrialState::Active;
        case TrialOutcome::Succeeded:
            return TrialState::Succeeded;
        case TrialOutcome::Failed:
            return TrialState::Failed;
        case TrialOutcome::StoppedEarly:
            return TrialState::StoppedEarly;
    }
    return TrialState::Failed;
}

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

Expected<std::vector<TrialResult>> previousTrials(RunStore &store, const TuningSpec &spec,
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
    std::vector<TrialResult> out;
    for (const TrialRecord &t : details->trials) {
        if (t.state == TrialState::Active)
            continue;
        TrialResult r;
        r.trialId = t.trialId;
        r.objective = t.finalMetric;
        r.message = t.error;
        r.state = t.state == TrialState::Succeeded      ? TrialOutcome::Succeeded
                  : t.state == TrialState::StoppedEarly ? TrialOutcome::StoppedEarly
                                                        : TrialOutcome::Failed;
        for (const ParameterSpec &p : spec.params) {
            const auto it = std::ranges::find_if(
                t.parameters, [&](const auto &kv) { return kv.first == p.name; });
            if (it == t.parameters.end())
                return fail(ErrorCode::InvalidArgument,
                            cat("run ", id, " trial ", t.trialId, " has no value for '", p.name,
                                "': it was tuned with other parameters"));
            r.values.push_back(it->second);
        }
        for (const IntermediateMetric &m : t.intermediates)
            r.intermediate.push_back(m.value);
        r.epochs = int(r.intermediate.size());
        out.push_back(std::move(r));
    }
    return out;
}

RunRecorder::RunRecorder(RunStore &store, int64_t runId, const TuningSpec &spec, bool print)
    : m_store(store), m_runId(runId), m_spec(spec), m_print(print)
{
}

void RunRecorder::check(Expected<void> result)
{
    if (!result && !m_error)
        m_error = result.error();
}

TrialRecord RunRecorder::record(const TrialResult &trial) const
{
    TrialRecord r;
    r.trialId = trial.trialId;
    for (size_t i = 0; i < m_spec.params.size() && i < trial.values.size(); ++i)
        r.parameters.emplace_back(m_spec.params[i].name, trial.values[i]);
    r.state = storedState(trial.state);
    r.finalMetric = trial.objective;
    r.stoppedEarly = trial.state == TrialOutcome::StoppedEarly;
    r.error = trial.message;
    return r;
}

TuningOptions RunRecorder::attach(TuningOptions options)
{
    auto started = options.onTrialStarted;
    options.onTrialStarted = [this, started](const TrialResult &t) {
        if (!m_error)
            check(m_store.addTrial(m_runId, record(t)));
        if (started)
            started(t);
    };
    auto intermediate = options.onIntermediate;
    options.onIntermediate = [this, intermediate](const TrialResult &t, int epoch, double value) {
        if (!m_error)
            check(m_store.addIntermediate(m_runId, t.trialId, epoch, value));
        if (intermediate)
            intermediate(t, epoch, value);
    };
    auto finished = options.onTrialFinished;
    options.onTrialFinished = [this, finished](const TrialResult &t) {
        if (!m_error)
            check(m_store.updateTrial(m_runId, record(t)));
        if (m_print) {
            char metric[32] = "-";
            if (t.objective)
                std::snprintf(metric, sizeof metric, "%.6f", *t.objective);
            std::printf("trial %-3s %-13s %s %-8s  %s  (%d epochs, %.2f s)%s%s\n",
                        t.trialId.c_str(), std::string(trialOutcomeName(t.state)).c_str(),
                        m_spec.metricTag.c_str(), metric, describeValues(m_spec, t.values).c_str(),
                        t.epochs, t.seconds, t.message.empty() ? "" : "  ", t.message.c_str());
            std::fflush(stdout);
        }
        if (finished)
            finished(t);
    };
    auto cancel = options.cancelRequested;
    options.cancelRequested = [this, cancel] {
        return m_error.has_value() || (cancel && cancel());
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
