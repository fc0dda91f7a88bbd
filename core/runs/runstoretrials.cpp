// The run store's trials: their parameters as JSON, adding and updating them, metrics, CSV export.
#include <QString>
#include <QVariant>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <variant>

#include "data/csvwriter.h"
#include "files/atomicfile.h"
#include "runs/runstore.h"
#include "runs/runstoredetail.h"

namespace covertype {

using namespace runstoredetail;

namespace {

Expected<std::string> parametersToJson(const TrialRecord &trial)
{
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto &[name, value] : trial.parameters) {
        if (name.empty() || object.contains(name))
            return fail(
                ErrorCode::InvalidArgument,
                cat("trial ", trial.trialId, ": parameter name '", name, "' is empty or repeated"));
        if (const double *d = std::get_if<double>(&value); d && !std::isfinite(*d))
            return fail(ErrorCode::InvalidArgument,
                        cat("trial ", trial.trialId, ": parameter ", name, " is not finite"));
        std::visit([&](const auto &v) { object[name] = v; }, value);
    }
    return object.dump();
}

Expected<std::vector<std::pair<std::string, ParameterValue>>> parametersFromJson(
    const std::string &json, const std::string &trialId)
{
    std::vector<std::pair<std::string, ParameterValue>> out;
    nlohmann::ordered_json object;
    try {
        object = nlohmann::ordered_json::parse(json);
    } catch (const nlohmann::json::exception &e) {
        return fail(ErrorCode::Corrupt, cat("trial ", trialId, " parameters: ", e.what()));
    }
    if (!object.is_object())
        return fail(ErrorCode::Corrupt, cat("trial ", trialId, " parameters are not an object"));
    for (const auto &[name, v] : object.items()) {
        if (v.is_number_integer())
            out.emplace_back(name, v.get<int64_t>());
        else if (v.is_number())
            out.emplace_back(name, v.get<double>());
        else if (v.is_string())
            out.emplace_back(name, v.get<std::string>());
        else
            return fail(ErrorCode::Corrupt,
                        cat("trial ", trialId, " parameter ", name, " is not a number or text"));
    }
    return out;
}

Expected<void> validateTrial(const TrialRecord &trial)
{
    if (trial.trialId.empty())
        return fail(ErrorCode::InvalidArgument, "a trial needs an id");
    if (trial.finalMetric && std::isnan(*trial.finalMetric))
        return fail(ErrorCode::InvalidArgument,
                    cat("trial ", trial.trialId, ": the final metric is NaN (leave it empty)"));
    return {};
}

}  // namespace

Expected<TrialRecord> runstoredetail::readTrial(const QSqlQuery &q)
{
    TrialRecord t;
    t.trialId = str(q, 0);
    auto params = parametersFromJson(str(q, 1), t.trialId);
    auto state = parseStored(kTrialStates, str(q, 2), "trial state");
    if (!params || !state)
        return std::unexpected(!params ? params.error() : state.error());
    t.parameters = std::move(*params);
    t.state = *state;
    if (!q.value(3).isNull())
        t.finalMetric = q.value(3).toDouble();
    t.startedAt = str(q, 4);
    t.endedAt = str(q, 5);
    t.stoppedEarly = q.value(6).toLongLong() != 0;
    t.error = str(q, 7);
    return t;
}

// ---- trials -------------------------------------------------------------------------------------

Expected<void> RunStore::addTrial(int64_t run, const TrialRecord &trial)
{
    const Conn c(m_db, m_path, m_owner);
    if (auto ok = validateTrial(trial); !ok)
        return std::unexpected(located(m_path, ok.error()));
    auto params = parametersToJson(trial);
    auto times = timesFor(trial.startedAt, trial.endedAt, true, isTerminal(trial.state),
                          cat("trial ", trial.trialId));
    if (!params || !times)
        return std::unexpected(located(m_path, !params ? params.error() : times.error()));
    return c.transact(true, cat("add trial ", trial.trialId), [&]() -> Expected<void> {
        if (auto ok = c.requireRun(run); !ok)
            return std::unexpected(ok.error());
        auto existing = c.trialState(run, trial.trialId);
        if (!existing)
            return std::unexpected(existing.error());
        if (*existing)
            return c.fault(ErrorCode::InvalidArgument,
                           cat("run ", run, " already has trial ", trial.trialId));
        auto ok = c.exec(
            "add the trial",
            "INSERT INTO trials (run_id, trial_id, parameters, state, final_metric, "
            "started_at, ended_at, stopped_early, error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {qint64(run), text(trial.trialId), text(*params), text(toText(trial.state)),
             trial.finalMetric ? QVariant(*trial.finalMetric) : QVariant(),
             textOrNull(times->started), textOrNull(times->ended),
             trial.stoppedEarly || trial.state == TrialState::StoppedEarly, text(trial.error)});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<void> RunStore::updateTrial(int64_t run, const TrialRecord &trial)
{
    const Conn c(m_db, m_path, m_owner);
    if (auto ok = validateTrial(trial); !ok)
        return std::unexpected(located(m_path, ok.error()));
    auto params = parametersToJson(trial);
    auto times =
        timesFor(trial.startedAt, trial.endedAt, false, false, cat("trial ", trial.trialId));
    if (!params || !times)
        return std::unexpected(located(m_path, !params ? params.error() : times.error()));
    return c.transact(true, cat("update trial ", trial.trialId), [&]() -> Expected<void> {
        auto existing = c.trialState(run, trial.trialId);
        if (!existing)
            return std::unexpected(existing.error());
        if (!*existing)
            return c.fault(ErrorCode::InvalidArgument,
                           cat("run ", run, " has no trial ", trial.trialId));
        const auto from = trialStateFromText(**existing);
        if (from && isTerminal(*from) && *from != trial.state)
            return c.fault(ErrorCode::InvalidArgument,
                           cat("trial ", trial.trialId, " of run ", run, " is ", **existing,
                               " and cannot become ", toText(trial.state)));
        const std::string now = nowUtc();
        auto ok =
            c.exec("update the trial",
                   "UPDATE trials SET parameters = ?, state = ?, final_metric = ?, "
                   "started_at = COALESCE(?, started_at), "
                   "ended_at = COALESCE(?, ended_at, CASE WHEN ? THEN ? END), "
                   "stopped_early = ?, error = ? WHERE run_id = ? AND trial_id = ?",
                   {text(*params), text(toText(trial.state)),
                    trial.finalMetric ? QVariant(*trial.finalMetric) : QVariant(),
                    textOrNull(times->started), textOrNull(times->ended), isTerminal(trial.state),
                    text(now), trial.stoppedEarly || trial.state == TrialState::StoppedEarly,
                    text(trial.error), qint64(run), text(trial.trialId)});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<void> RunStore::addIntermediate(int64_t run, const std::string &trialId, int64_t step,
                                         double value)
{
    const Conn c(m_db, m_path, m_owner);
    if (std::isnan(value))
        return c.fault(ErrorCode::InvalidArgument,
                       cat("trial ", trialId, " step ", step, ": the metric is NaN"));
    return c.transact(true, cat("add a metric to trial ", trialId), [&]() -> Expected<void> {
        auto existing = c.trialState(run, trialId);
        if (!existing)
            return std::unexpected(existing.error());
        if (!*existing)
            return c.fault(ErrorCode::InvalidArgument, cat("run ", run, " has no trial ", trialId));
        auto ok = c.exec("add the metric",
                         "INSERT INTO trial_metrics (run_id, trial_id, step, value) "
                         "VALUES (?, ?, ?, ?)",
                         {qint64(run), text(trialId), qint64(step), value});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<void> RunStore::exportTrialsCsv(int64_t run, const std::string &path)
{
    auto details = loadRun(run);
    if (!details)
        return std::unexpected(details.error());
    std::vector<std::string> params;  // every parameter name, in first-seen order
    for (const TrialRecord &t : details->trials)
        for (const auto &p : t.parameters)
            if (std::find(params.begin(), params.end(), p.first) == params.end())
                params.push_back(p.first);

    std::string out;
    const auto field = [&out](std::string_view value, bool first = false) {
        if (!first)
            out.push_back(',');
        appendCsvField(out, value);
    };
    field("trial_id", true);
    field("state");
    for (const std::string &p : params)
        field(p);
    for (const char *name : {"final_metric", "stopped_early", "started", "ended"})
        field(name);
    out.push_back('\n');
    for (const TrialRecord &t : details->trials) {
        field(t.trialId, true);
        field(toText(t.state));
        for (const std::string &p : params) {
            const auto it = std::find_if(t.parameters.begin(), t.parameters.end(),
                                         [&](const auto &kv) { return kv.first == p; });
            field(it == t.parameters.end()
                      ? std::string()
                      : std::visit([](const auto &v) { return cat(v); }, it->second));
        }
        field(t.finalMetric ? cat(*t.finalMetric) : std::string());
        field(t.stoppedEarly ? "true" : "false");
        field(t.startedAt);
        field(t.endedAt);
        out.push_back('\n');
    }
    return writeFileAtomically(path, out);
}

}  // namespace covertype
