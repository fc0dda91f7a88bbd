// The run store's artifacts of a run: models, pipeline steps and deployments.
#include <QString>
#include <QVariant>

#include <algorithm>

#include "runs/runstore.h"
#include "runs/runstoredetail.h"

namespace covertype {

using namespace runstoredetail;

// ---- models, steps, deployments -----------------------------------------------------------------

Expected<int64_t> RunStore::addModel(const ModelRecord &model)
{
    const Conn c(m_db, m_path, m_owner);
    const QString sha = QString::fromStdString(model.sha256).toLower();
    static const auto isHex = [](QChar ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
    };
    if (sha.size() != 64 || !std::all_of(sha.begin(), sha.end(), isHex))
        return c.fault(ErrorCode::InvalidArgument,
                       cat("model ", model.path, ": sha256 '", model.sha256,
                           "' is not 64 hexadecimal digits"));
    if (model.path.empty())
        return c.fault(ErrorCode::InvalidArgument, "a model needs a path");
    if (auto ok = requireJson(model.metricsJson, "model metrics"); !ok)
        return std::unexpected(located(m_path, ok.error()));
    return c.transact(true, cat("add model ", model.path), [&]() -> Expected<int64_t> {
        if (auto ok = c.requireRun(model.runId); !ok)
            return std::unexpected(ok.error());
        if (model.trialId) {
            auto existing = c.trialState(model.runId, *model.trialId);
            if (!existing)
                return std::unexpected(existing.error());
            if (!*existing)
                return c.fault(ErrorCode::InvalidArgument,
                               cat("run ", model.runId, " has no trial ", *model.trialId));
        }
        auto q = c.query("add the model",
                         "INSERT INTO models (run_id, trial_id, path, sha256, metrics, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         {qint64(model.runId), model.trialId ? text(*model.trialId) : QVariant(),
                          text(model.path), sha, text(model.metricsJson), text(nowUtc())});
        if (!q)
            return std::unexpected(q.error());
        return q->lastInsertId().toLongLong();
    });
}

Expected<void> RunStore::addPipelineStep(int64_t run, const PipelineStepRecord &step)
{
    const Conn c(m_db, m_path, m_owner);
    if (step.index < 0 || step.name.empty())
        return c.fault(ErrorCode::InvalidArgument,
                       cat("pipeline step ", step.index, " '", step.name,
                           "': the index must be >= 0 and the name non-empty"));
    if (auto ok = requireJson(step.outputJson, "pipeline step output"); !ok)
        return std::unexpected(located(m_path, ok.error()));
    auto times = timesFor(step.startedAt, step.endedAt, step.state == RunState::Running,
                          isTerminal(step.state), cat("pipeline step ", step.index));
    if (!times)
        return std::unexpected(located(m_path, times.error()));
    return c.transact(true, cat("add pipeline step ", step.index), [&]() -> Expected<void> {
        if (auto ok = c.requireRun(run); !ok)
            return std::unexpected(ok.error());
        auto existing = c.scalar("look up the step",
                                 "SELECT 1 FROM pipeline_steps WHERE run_id = ? AND step_index = ?",
                                 {qint64(run), step.index});
        if (!existing)
            return std::unexpected(existing.error());
        if (existing->isValid())
            return c.fault(ErrorCode::InvalidArgument,
                           cat("run ", run, " already has pipeline step ", step.index));
        auto ok = c.exec("add the step",
                         "INSERT INTO pipeline_steps (run_id, step_index, name, state, started_at, "
                         "ended_at, output, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         {qint64(run), step.index, text(step.name), text(toText(step.state)),
                          textOrNull(times->started), textOrNull(times->ended),
                          text(step.outputJson), text(step.message)});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<void> RunStore::updatePipelineStep(int64_t run, const PipelineStepRecord &step)
{
    const Conn c(m_db, m_path, m_owner);
    if (auto ok = requireJson(step.outputJson, "pipeline step output"); !ok)
        return std::unexpected(located(m_path, ok.error()));
    auto times =
        timesFor(step.startedAt, step.endedAt, false, false, cat("pipeline step ", step.index));
    if (!times)
        return std::unexpected(located(m_path, times.error()));
    return c.transact(true, cat("update pipeline step ", step.index), [&]() -> Expected<void> {
        auto stored =
            c.scalar("look up the step",
                     "SELECT state FROM pipeline_steps WHERE run_id = ? AND step_index = ?",
                     {qint64(run), step.index});
        if (!stored)
            return std::unexpected(stored.error());
        if (!stored->isValid())
            return c.fault(ErrorCode::InvalidArgument,
                           cat("run ", run, " has no pipeline step ", step.index));
        const std::string fromText = stored->toString().toStdString();
        const auto from = runStateFromText(fromText);
        if (from && isTerminal(*from) && *from != step.state)
            return c.fault(ErrorCode::InvalidArgument,
                           cat("pipeline step ", step.index, " of run ", run, " is ", fromText,
                               " and cannot become ", toText(step.state)));
        const std::string now = nowUtc();
        auto ok = c.exec(
            "update the step",
            "UPDATE pipeline_steps SET name = COALESCE(NULLIF(?, ''), name), state = ?, "
            "started_at = COALESCE(?, started_at, CASE WHEN ? THEN ? END), "
            "ended_at = COALESCE(?, ended_at, CASE WHEN ? THEN ? END), output = ?, message = ? "
            "WHERE run_id = ? AND step_index = ?",
            {text(step.name), text(toText(step.state)), textOrNull(times->started),
             step.state == RunState::Running, text(now), textOrNull(times->ended),
             isTerminal(step.state), text(now), text(step.outputJson), text(step.message),
             qint64(run), step.index});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<int64_t> RunStore::addDeployment(const DeploymentRecord &d)
{
    const Conn c(m_db, m_path, m_owner);
    if (d.name.empty())
        return c.fault(ErrorCode::InvalidArgument, "a deployment needs a name");
    return c.transact(true, cat("add deployment ", d.name), [&]() -> Expected<int64_t> {
        if (d.runId)
            if (auto ok = c.requireRun(*d.runId); !ok)
                return std::unexpected(ok.error());
        auto model =
            c.scalar("look up the model", "SELECT 1 FROM models WHERE id = ?", {qint64(d.modelId)});
        if (!model)
            return std::unexpected(model.error());
        if (!model->isValid())
            return c.fault(ErrorCode::InvalidArgument, cat("no model ", d.modelId));
        auto q = c.query(
            "add the deployment",
            "INSERT INTO deployments (run_id, model_id, target, name, version, endpoint, state, "
            "created_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {d.runId ? QVariant(qint64(*d.runId)) : QVariant(), qint64(d.modelId),
             text(toText(d.target)), text(d.name), text(d.version), text(d.endpoint),
             text(toText(d.state)), text(nowUtc()), text(d.message)});
        if (!q)
            return std::unexpected(q.error());
        return q->lastInsertId().toLongLong();
    });
}

Expected<void> RunStore::setDeploymentState(int64_t deployment, DeploymentState state,
                                            const std::string &endpoint, const std::string &message)
{
    const Conn c(m_db, m_path, m_owner);
    return c.transact(true, cat("update deployment ", deployment), [&]() -> Expected<void> {
        auto changed =
            c.exec("update the deployment",
                   "UPDATE deployments SET state = ?, "
                   "endpoint = COALESCE(NULLIF(?, ''), endpoint), message = ? "
                   "WHERE id = ?",
                   {text(toText(state)), text(endpoint), text(message), qint64(deployment)});
        if (!changed)
            return std::unexpected(changed.error());
        if (*changed == 0)
            return c.fault(ErrorCode::InvalidArgument, cat("no deployment ", deployment));
        return {};
    });
}

}  // namespace covertype
