// The run store's runs: creating them, their state changes, listing them and loading one whole.
#include <QCoreApplication>
#include <QString>
#include <QVariant>

#include <map>
#include <utility>

#include "runs/runstore.h"
#include "runs/runstoredetail.h"

namespace covertype {

using namespace runstoredetail;

namespace {

constexpr const char *kRunColumns =
    "id, kind, config, split_spec, dataset_fingerprint, dataset_path, backend, state, message, "
    "created_at, started_at, ended_at, seed, owner_pid, owner_host, resumed_from, remote_job";
constexpr int kRunColumnCount = 17;

Expected<RunRecord> readRun(const QSqlQuery &q)
{
    RunRecord r;
    r.id = q.value(0).toLongLong();
    auto kind = parseStored(kRunKinds, str(q, 1), "run kind");
    auto backend = parseStored(kBackends, str(q, 6), "backend");
    auto state = parseStored(kRunStates, str(q, 7), "run state");
    if (!kind || !backend || !state)
        return std::unexpected(!kind ? kind.error() : !backend ? backend.error() : state.error());
    r.kind = *kind;
    r.configJson = str(q, 2);
    r.splitJson = str(q, 3);
    r.datasetFingerprint = str(q, 4);
    r.datasetPath = str(q, 5);
    r.backend = *backend;
    r.state = *state;
    r.message = str(q, 8);
    r.createdAt = str(q, 9);
    r.startedAt = str(q, 10);
    r.endedAt = str(q, 11);
    r.seed = uint64_t(q.value(12).toLongLong());  // stored as the int64 with the same bits
    r.ownerPid = q.value(13).toLongLong();
    r.ownerHost = str(q, 14);
    r.resumedFrom = optInt(q, 15);
    r.remoteJob = str(q, 16);
    return r;
}

}  // namespace

// ---- runs ---------------------------------------------------------------------------------------

Expected<int64_t> RunStore::createRun(const NewRun &run)
{
    const Conn c(m_db, m_path, m_owner);
    if (run.state != RunState::Queued && run.state != RunState::Running)
        return c.fault(ErrorCode::InvalidArgument,
                       cat("a new run starts QUEUED or RUNNING, not ", toText(run.state)));
    auto json = requireJson(run.configJson, "run config");
    if (json)
        json = requireJson(run.splitJson, "split spec");
    if (!json)
        return std::unexpected(located(m_path, json.error()));
    const std::string now = nowUtc();
    const int64_t pid = QCoreApplication::applicationPid();
    return c.transact(true, "create a run", [&]() -> Expected<int64_t> {
        if (run.resumedFrom)
            if (auto ok = c.requireRun(*run.resumedFrom); !ok)
                return std::unexpected(ok.error());
        auto q = c.query(
            "create a run",
            "INSERT INTO runs (kind, config, split_spec, dataset_fingerprint, dataset_path, "
            "backend, state, created_at, started_at, seed, owner_pid, owner_host, owner_token, "
            "resumed_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {text(toText(run.kind)), text(run.configJson), text(run.splitJson),
             text(run.datasetFingerprint), text(run.datasetPath), text(toText(run.backend)),
             text(toText(run.state)), text(now),
             run.state == RunState::Running ? text(now) : QVariant(), qint64(run.seed), qint64(pid),
             text(hostName()), text(processToken(pid)),
             run.resumedFrom ? QVariant(qint64(*run.resumedFrom)) : QVariant()});
        if (!q)
            return std::unexpected(q.error());
        return q->lastInsertId().toLongLong();
    });
}

Expected<void> RunStore::setRunState(int64_t run, RunState state, const std::string &message)
{
    const Conn c(m_db, m_path, m_owner);
    return c.transact(true, cat("update run ", run), [&]() -> Expected<void> {
        auto stored =
            c.scalar("read the run state", "SELECT state FROM runs WHERE id = ?", {qint64(run)});
        if (!stored)
            return std::unexpected(stored.error());
        if (!stored->isValid())
            return c.fault(ErrorCode::InvalidArgument, cat("no run ", run));
        const std::string fromText = stored->toString().toStdString();
        const RunState from = runStateFromText(fromText).value_or(RunState::Interrupted);
        if (isTerminal(from) && from == state)
            return {};  // repeating the final state is harmless
        if (isTerminal(from) || (from == RunState::Running && state == RunState::Queued))
            return c.fault(ErrorCode::InvalidArgument, cat("run ", run, " is ", fromText,
                                                           " and cannot become ", toText(state)));
        const std::string now = nowUtc();
        auto ok =
            c.exec("update the run",
                   "UPDATE runs SET state = ?, message = ?, "
                   "started_at = CASE WHEN ? THEN COALESCE(started_at, ?) ELSE started_at END, "
                   "ended_at = CASE WHEN ? THEN ? ELSE ended_at END WHERE id = ?",
                   {text(toText(state)), text(message), state == RunState::Running, text(now),
                    isTerminal(state), text(now), qint64(run)});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<void> RunStore::setRemoteJob(int64_t run, const std::string &jobName)
{
    const Conn c(m_db, m_path, m_owner);
    return c.transact(true, cat("update run ", run), [&]() -> Expected<void> {
        if (auto ok = c.requireRun(run); !ok)
            return std::unexpected(ok.error());
        auto ok =
            c.exec("record the run's remote job", "UPDATE runs SET remote_job = ? WHERE id = ?",
                   {text(jobName), qint64(run)});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

// ---- reading ------------------------------------------------------------------------------------

Expected<std::vector<RunSummary>> RunStore::listRuns()
{
    const Conn c(m_db, m_path, m_owner);
    return c.transact(false, "list runs", [&]() -> Expected<std::vector<RunSummary>> {
        auto q = c.query("list runs",
                         QStringLiteral("SELECT %1, "
                                        "(SELECT count(*) FROM trials t WHERE t.run_id = r.id), "
                                        "(SELECT count(*) FROM trials t WHERE t.run_id = r.id "
                                        "AND t.state = 'SUCCEEDED') "
                                        "FROM runs r ORDER BY id DESC")
                             .arg(kRunColumns));
        if (!q)
            return std::unexpected(q.error());
        std::vector<RunSummary> runs;
        while (q->next()) {
            auto run = readRun(*q);
            if (!run)
                return std::unexpected(located(m_path, run.error()));
            runs.push_back({std::move(*run), q->value(kRunColumnCount).toInt(),
                            q->value(kRunColumnCount + 1).toInt()});
        }
        return runs;
    });
}

Expected<RunDetails> RunStore::loadRun(int64_t run)
{
    const Conn c(m_db, m_path, m_owner);
    const QVariant id = qint64(run);
    // One read transaction: a consistent snapshot even while another connection writes.
    return c.transact(false, cat("load run ", run), [&]() -> Expected<RunDetails> {
        RunDetails d;
        {
            auto q =
                c.query("read the run",
                        QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(kRunColumns), {id});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next())
                return c.fault(ErrorCode::InvalidArgument, cat("no run ", run));
            auto r = readRun(*q);
            if (!r)
                return std::unexpected(located(m_path, r.error()));
            d.run = std::move(*r);
        }
        std::map<std::string, size_t> trialIndex;
        {
            auto q = c.query("read the trials",
                             "SELECT trial_id, parameters, state, final_metric, started_at, "
                             "ended_at, stopped_early, error FROM trials WHERE run_id = ? "
                             "ORDER BY rowid",
                             {id});
            if (!q)
                return std::unexpected(q.error());
            while (q->next()) {
                auto t = readTrial(*q);
                if (!t)
                    return std::unexpected(located(m_path, t.error()));
                trialIndex[t->trialId] = d.trials.size();
                d.trials.push_back(std::move(*t));
            }
        }
        {
            auto q = c.query("read the intermediate metrics",
                             "SELECT trial_id, step, value FROM trial_metrics WHERE run_id = ? "
                             "ORDER BY step, rowid",
                             {id});
            if (!q)
                return std::unexpected(q.error());
            while (q->next())
                if (auto it = trialIndex.find(str(*q, 0)); it != trialIndex.end())
                    d.trials[it->second].intermediates.push_back(
                        {q->value(1).toLongLong(), q->value(2).toDouble()});
        }
        {
            auto q = c.query("read the models",
                             "SELECT id, trial_id, path, sha256, metrics, created_at FROM models "
                             "WHERE run_id = ? ORDER BY id",
                             {id});
            if (!q)
                return std::unexpected(q.error());
            while (q->next()) {
                ModelRecord m{q->value(0).toLongLong(),
                              run,
                              std::nullopt,
                              str(*q, 2),
                              str(*q, 3),
                              str(*q, 4),
                              str(*q, 5)};
                if (!q->value(1).isNull())
                    m.trialId = str(*q, 1);
                d.models.push_back(std::move(m));
            }
        }
        {
            auto q = c.query("read the pipeline steps",
                             "SELECT step_index, name, state, started_at, ended_at, output, "
                             "message FROM pipeline_steps WHERE run_id = ? ORDER BY step_index",
                             {id});
            if (!q)
                return std::unexpected(q.error());
            while (q->next()) {
                auto state = parseStored(kRunStates, str(*q, 2), "step state");
                if (!state)
                    return std::unexpected(located(m_path, state.error()));
                d.steps.push_back({q->value(0).toInt(), str(*q, 1), *state, str(*q, 3), str(*q, 4),
                                   str(*q, 5), str(*q, 6)});
            }
        }
        {
            auto q = c.query("read the deployments",
                             "SELECT id, model_id, target, name, version, endpoint, state, "
                             "created_at, message FROM deployments WHERE run_id = ? ORDER BY id",
                             {id});
            if (!q)
                return std::unexpected(q.error());
            while (q->next()) {
                auto target = parseStored(kTargets, str(*q, 2), "deployment target");
                auto state = parseStored(kDeploymentStates, str(*q, 6), "deployment state");
                if (!target || !state)
                    return std::unexpected(
                        located(m_path, !target ? target.error() : state.error()));
                d.deployments.push_back({q->value(0).toLongLong(), run, q->value(1).toLongLong(),
                                         *target, str(*q, 3), str(*q, 4), str(*q, 5), *state,
                                         str(*q, 7), str(*q, 8)});
            }
        }
        return d;
    });
}

}  // namespace covertype
