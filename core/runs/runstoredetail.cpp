// The run store's shared plumbing: the connection wrapper, stored values and the enum names.
#include "runs/runstoredetail.h"

#include <QDateTime>
#include <QThread>

#include <nlohmann/json.hpp>

namespace covertype {

namespace runstoredetail {

// ---- SQL plumbing -------------------------------------------------------------------------------

QVariant text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
QVariant textOrNull(const std::string &s)
{
    return s.empty() ? QVariant() : text(s);
}
std::string str(const QSqlQuery &q, int column)
{
    return q.value(column).toString().toStdString();
}
std::optional<int64_t> optInt(const QSqlQuery &q, int column)
{
    const QVariant v = q.value(column);
    return v.isNull() ? std::nullopt : std::optional<int64_t>(v.toLongLong());
}

Conn::Conn(QSqlDatabase &db, const std::string &path, const QThread *owner) : m_db(db), m_path(path)
{
    Q_ASSERT_X(QThread::currentThread() == owner, "RunStore",
               "a RunStore is used only on the thread that opened it");
    Q_UNUSED(owner);
}

Error Conn::error(std::string_view what, const QSqlError &e) const
{
    bool ok = false;
    const int code = e.nativeErrorCode().toInt(&ok) & 0xff;
    ErrorCode kind = ErrorCode::Io;
    std::string hint;
    if (ok && (code == 26 || code == 11)) {  // SQLITE_NOTADB, SQLITE_CORRUPT
        kind = ErrorCode::Corrupt;
        hint = " (the file is not an SQLite database or is damaged)";
    } else if (ok && (code == 5 || code == 6)) {  // SQLITE_BUSY, SQLITE_LOCKED
        kind = ErrorCode::Unavailable;
        hint = " (another connection kept the store locked; try again)";
    } else if (ok && code == 19) {  // SQLITE_CONSTRAINT
        kind = ErrorCode::InvalidArgument;
    }
    const QString detail = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return Error{kind,
                 cat("run store ", m_path, ": cannot ", what, ": ", detail.toStdString(), hint)};
}

std::unexpected<Error> Conn::fault(ErrorCode code, std::string_view what) const
{
    return fail(code, cat("run store ", m_path, ": ", what));
}

Expected<QSqlQuery> Conn::query(std::string_view what, const QString &sql, Binds binds) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return std::unexpected(error(what, q.lastError()));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return std::unexpected(error(what, q.lastError()));
    return q;
}

Expected<int> Conn::exec(std::string_view what, const QString &sql, Binds binds) const
{
    auto q = query(what, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected();
}

Expected<QVariant> Conn::scalar(std::string_view what, const QString &sql, Binds binds) const
{
    auto q = query(what, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0) : QVariant();
}

Expected<void> Conn::requireRun(int64_t run) const
{
    auto found = scalar("look up the run", "SELECT 1 FROM runs WHERE id = ?", {qint64(run)});
    if (!found)
        return std::unexpected(found.error());
    if (!found->isValid())
        return fault(ErrorCode::InvalidArgument, cat("no run ", run));
    return {};
}

Expected<std::optional<std::string>> Conn::trialState(int64_t run, const std::string &trial) const
{
    auto found =
        scalar("look up the trial", "SELECT state FROM trials WHERE run_id = ? AND trial_id = ?",
               {qint64(run), text(trial)});
    if (!found)
        return std::unexpected(found.error());
    if (!found->isValid())
        return std::optional<std::string>();
    return found->toString().toStdString();
}

// ---- values -------------------------------------------------------------------------------------

Expected<std::string> normalizeTime(const std::string &s, std::string_view field)
{
    if (s.empty())
        return s;
    QDateTime t = QDateTime::fromString(QString::fromStdString(s), Qt::ISODateWithMs);
    if (!t.isValid())
        return fail(ErrorCode::InvalidArgument,
                    cat(field, " '", s, "' is not an RFC 3339 time (e.g. 2024-05-01T12:00:00Z)"));
    return t.toUTC().toString(Qt::ISODateWithMs).toStdString();
}

Expected<void> requireJson(const std::string &json, std::string_view field)
{
    if (!nlohmann::json::accept(json))
        return fail(ErrorCode::Parse, cat(field, " is not valid JSON: ", json.substr(0, 80)));
    return {};
}

Error located(const std::string &path, Error e)
{
    e.message = cat("run store ", path, ": ", e.message);
    return e;
}

Expected<Times> timesFor(const std::string &started, const std::string &ended, bool running,
                         bool terminal, std::string_view owner)
{
    auto s = normalizeTime(started, cat(owner, " start time"));
    auto e = normalizeTime(ended, cat(owner, " end time"));
    if (!s || !e)
        return std::unexpected(!s ? s.error() : e.error());
    Times t{*s, *e};
    if (t.started.empty() && running)
        t.started = RunStore::nowUtc();
    if (t.ended.empty() && terminal)
        t.ended = RunStore::nowUtc();
    return t;
}

}  // namespace runstoredetail

// ---- names --------------------------------------------------------------------------------------

using namespace runstoredetail;

std::string_view toText(RunKind v)
{
    return nameOf(kRunKinds, v);
}
std::string_view toText(RunBackend v)
{
    return nameOf(kBackends, v);
}
std::string_view toText(RunState v)
{
    return nameOf(kRunStates, v);
}
std::string_view toText(TrialState v)
{
    return nameOf(kTrialStates, v);
}
std::string_view toText(DeployTarget v)
{
    return nameOf(kTargets, v);
}
std::string_view toText(DeploymentState v)
{
    return nameOf(kDeploymentStates, v);
}
std::optional<RunState> runStateFromText(std::string_view s)
{
    return valueOf(kRunStates, s);
}
std::optional<TrialState> trialStateFromText(std::string_view s)
{
    return valueOf(kTrialStates, s);
}
bool isTerminal(RunState s)
{
    return s != RunState::Queued && s != RunState::Running;
}
bool isTerminal(TrialState s)
{
    return s != TrialState::Active;
}

}  // namespace covertype
