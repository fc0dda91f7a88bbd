// The run store on SQLite through Qt SQL: schema migrations, transactions, owner-liveness checks.
#include "runstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QSysInfo>
#include <QThread>
#include <QVariant>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <map>
#include <type_traits>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <sys/types.h>
#endif

#include "atomicfile.h"
#include "csvwriter.h"
#include "text.h"

Q_LOGGING_CATEGORY(lcRunStore, "covertype.runstore")

namespace covertype {

namespace {

// ---- enum names ---------------------------------------------------------------------------------

template <class E>
struct Named
{
    E value;
    std::string_view name;
};

constexpr Named<RunKind> kRunKinds[] = {
    {RunKind::Tune, "tune"}, {RunKind::Pipeline, "pipeline"}, {RunKind::Train, "train"}};
constexpr Named<RunBackend> kBackends[] = {{RunBackend::Local, "local"},
                                           {RunBackend::Vertex, "vertex"}};
constexpr Named<RunState> kRunStates[] = {
    {RunState::Queued, "QUEUED"},       {RunState::Running, "RUNNING"},
    {RunState::Succeeded, "SUCCEEDED"}, {RunState::Failed, "FAILED"},
    {RunState::Cancelled, "CANCELLED"}, {RunState::Interrupted, "INTERRUPTED"}};
constexpr Named<TrialState> kTrialStates[] = {{TrialState::Active, "ACTIVE"},
                                              {TrialState::Succeeded, "SUCCEEDED"},
                                              {TrialState::Failed, "FAILED"},
                                              {TrialState::StoppedEarly, "STOPPED_EARLY"},
                                              {TrialState::Infeasible, "INFEASIBLE"}};
constexpr Named<DeployTarget> kTargets[] = {
    {DeployTarget::None, "none"}, {DeployTarget::Local, "local"}, {DeployTarget::Vertex, "vertex"}};
constexpr Named<DeploymentState> kDeploymentStates[] = {
    {DeploymentState::Deploying, "DEPLOYING"},
    {DeploymentState::Deployed, "DEPLOYED"},
    {DeploymentState::Failed, "FAILED"},
    {DeploymentState::Undeployed, "UNDEPLOYED"}};

template <class E, size_t N>
std::string_view nameOf(const Named<E> (&table)[N], E value)
{
    for (const Named<E> &n : table)
        if (n.value == value)
            return n.name;
    return "?";
}

template <class E, size_t N>
std::optional<E> valueOf(const Named<E> (&table)[N], std::string_view name)
{
    for (const Named<E> &n : table)
        if (n.name == name)
            return n.value;
    return std::nullopt;
}

// ---- schema -------------------------------------------------------------------------------------

/// One step of the schema history. A shipped migration never changes; version N+1 is appended.
/// One statement per string: QSQLITE executes only the first statement of a string.
struct Migration
{
    int version;
    std::vector<const char *> statements;
};

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> list = {
        {1,
         {R"(CREATE TABLE runs (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               kind TEXT NOT NULL CHECK (kind IN ('tune', 'pipeline', 'train')),
               config TEXT NOT NULL,
               split_spec TEXT NOT NULL,
               dataset_fingerprint TEXT NOT NULL,
               dataset_path TEXT NOT NULL,
               backend TEXT NOT NULL CHECK (backend IN ('local', 'vertex')),
               state TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED',
                                                    'CANCELLED', 'INTERRUPTED')),
               message TEXT NOT NULL DEFAULT '',
               created_at TEXT NOT NULL,
               started_at TEXT,
               ended_at TEXT,
               seed INTEGER NOT NULL,
               owner_pid INTEGER NOT NULL,
               owner_host TEXT NOT NULL,
               owner_token TEXT NOT NULL DEFAULT '',
               resumed_from INTEGER REFERENCES runs(id) ON DELETE SET NULL))",
          "CREATE INDEX runs_by_state ON runs(state)",
          "CREATE INDEX runs_by_resumed_from ON runs(resumed_from)",
          R"(CREATE TABLE trials (
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               trial_id TEXT NOT NULL,
               parameters TEXT NOT NULL,
               state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'SUCCEEDED', 'FAILED',
                                                    'STOPPED_EARLY', 'INFEASIBLE')),
               final_metric REAL,
               started_at TEXT,
               ended_at TEXT,
               stopped_early INTEGER NOT NULL DEFAULT 0 CHECK (stopped_early IN (0, 1)),
               error TEXT NOT NULL DEFAULT '',
               PRIMARY KEY (run_id, trial_id)))",
          R"(CREATE TABLE trial_metrics (
               run_id INTEGER NOT NULL,
               trial_id TEXT NOT NULL,
               step INTEGER NOT NULL,
               value REAL NOT NULL,
               FOREIGN KEY (run_id, trial_id) REFERENCES trials(run_id, trial_id)
                 ON DELETE CASCADE))",
          "CREATE INDEX trial_metrics_by_trial ON trial_metrics(run_id, trial_id, step)",
          R"(CREATE TABLE models (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               trial_id TEXT,
               path TEXT NOT NULL,
               sha256 TEXT NOT NULL,
               metrics TEXT NOT NULL,
               created_at TEXT NOT NULL,
               FOREIGN KEY (run_id, trial_id) REFERENCES trials(run_id, trial_id)))",
          "CREATE INDEX models_by_trial ON models(run_id, trial_id)",
          R"(CREATE TABLE pipeline_steps (
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               step_index INTEGER NOT NULL CHECK (step_index >= 0),
               name TEXT NOT NULL,
               state TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED',
                                                    'CANCELLED', 'INTERRUPTED')),
               started_at TEXT,
               ended_at TEXT,
               output TEXT NOT NULL,
               message TEXT NOT NULL DEFAULT '',
               PRIMARY KEY (run_id, step_index)))",
          R"(CREATE TABLE deployments (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
               model_id INTEGER NOT NULL REFERENCES models(id),
               target TEXT NOT NULL CHECK (target IN ('none', 'local', 'vertex')),
               name TEXT NOT NULL,
               version TEXT NOT NULL,
               endpoint TEXT NOT NULL DEFAULT '',
               state TEXT NOT NULL CHECK (state IN ('DEPLOYING', 'DEPLOYED', 'FAILED',
                                                    'UNDEPLOYED')),
               created_at TEXT NOT NULL,
               message TEXT NOT NULL DEFAULT ''))",
          "CREATE INDEX deployments_by_run ON deployments(run_id)",
          "CREATE INDEX deployments_by_model ON deployments(model_id)"}},
    };
    return list;
}

static_assert(RunStore::kSchemaVersion == 1, "append a Migration for the new version");

// ---- SQL plumbing -------------------------------------------------------------------------------

using Binds = std::initializer_list<QVariant>;

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

/// The connection and the path its messages name; asserts the owner thread.
class Conn
{
public:
    Conn(QSqlDatabase &db, const std::string &path, const QThread *owner) : m_db(db), m_path(path)
    {
        Q_ASSERT_X(QThread::currentThread() == owner, "RunStore",
                   "a RunStore is used only on the thread that opened it");
        Q_UNUSED(owner);
    }

    [[nodiscard]] Error error(std::string_view what, const QSqlError &e) const
    {
        bool ok = false;
        const int code = e.nativeErrorCode().toInt(&ok) & 0xff;
        ErrorCode kind = ErrorCode::Io;
        std::string hint;
        if (ok && (code == 26 || code == 11)) {  // SQLITE_NOTADB, SQLITE_CORRUPT
            kind = ErrorCode::Corrupt;
            hint = " (the file is not an SQLite database or is damaged)";
        } else if (ok && (code == 5 || code == 6)) {  // SQLITE_BUSY, SQLITE_LOCKED
            hint = " (another connection kept the store locked; try again)";
        } else if (ok && code == 19) {  // SQLITE_CONSTRAINT
            kind = ErrorCode::InvalidArgument;
        }
        const QString detail = e.databaseText().isEmpty() ? e.text() : e.databaseText();
        return Error{
            kind, cat("run store ", m_path, ": cannot ", what, ": ", detail.toStdString(), hint)};
    }

    [[nodiscard]] std::unexpected<Error> fault(ErrorCode code, std::string_view what) const
    {
        return fail(code, cat("run store ", m_path, ": ", what));
    }

    /// Prepares and runs `sql` with positional `binds`; the error names the store and `what`.
    [[nodiscard]] Expected<QSqlQuery> query(std::string_view what, const QString &sql,
                                            Binds binds = {}) const
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

    /// Runs a statement; returns the number of rows it changed.
    [[nodiscard]] Expected<int> exec(std::string_view what, const QString &sql,
                                     Binds binds = {}) const
    {
        auto q = query(what, sql, binds);
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected();
    }

    /// The first column of the first row, or an invalid QVariant when there is no row.
    [[nodiscard]] Expected<QVariant> scalar(std::string_view what, const QString &sql,
                                            Binds binds = {}) const
    {
        auto q = query(what, sql, binds);
        if (!q)
            return std::unexpected(q.error());
        return q->next() ? q->value(0) : QVariant();
    }

    /// Runs `body` in one transaction (IMMEDIATE for writes: the write lock is taken up front, so
    /// two writers wait on busy_timeout instead of failing to upgrade). Rolls back on error.
    template <class F>
    auto transact(bool write, std::string_view what, F &&body) const -> std::invoke_result_t<F &>
    {
        if (auto begun = exec(what, write ? "BEGIN IMMEDIATE" : "BEGIN"); !begun)
            return std::unexpected(begun.error());
        std::invoke_result_t<F &> result = body();
        if (result) {
            auto done = exec(what, "COMMIT");
            if (done)
                return result;
            result = std::unexpected(done.error());
        }
        (void)exec(what, "ROLLBACK");
        return result;
    }

    [[nodiscard]] Expected<void> requireRun(int64_t run) const
    {
        auto found = scalar("look up the run", "SELECT 1 FROM runs WHERE id = ?", {qint64(run)});
        if (!found)
            return std::unexpected(found.error());
        if (!found->isValid())
            return fault(ErrorCode::InvalidArgument, cat("no run ", run));
        return {};
    }

    /// The trial's stored state, or nullopt when the run has no such trial.
    [[nodiscard]] Expected<std::optional<std::string>> trialState(int64_t run,
                                                                  const std::string &trial) const
    {
        auto found = scalar("look up the trial",
                            "SELECT state FROM trials WHERE run_id = ? AND trial_id = ?",
                            {qint64(run), text(trial)});
        if (!found)
            return std::unexpected(found.error());
        if (!found->isValid())
            return std::optional<std::string>();
        return found->toString().toStdString();
    }

private:
    QSqlDatabase &m_db;
    const std::string &m_path;
};

// ---- values -------------------------------------------------------------------------------------

/// `s` (RFC 3339 / ISO 8601) as UTC with milliseconds; empty stays empty.
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

template <class E, size_t N>
Expected<E> parseStored(const Named<E> (&table)[N], const std::string &text, std::string_view what)
{
    if (auto v = valueOf(table, text))
        return *v;
    return fail(ErrorCode::Corrupt, cat("unknown ", what, " '", text, "'"));
}

/// Puts the store's path in front of an error made without it.
Error located(const std::string &path, Error e)
{
    e.message = cat("run store ", path, ": ", e.message);
    return e;
}

// ---- owner liveness -----------------------------------------------------------------------------

std::string hostName()
{
    return QSysInfo::machineHostName().toStdString();
}

/// "boot id:start time" of a live (not zombie) process on Linux, so a reused pid is not taken
/// for the run's owner; empty when the process is gone or this is not Linux.
std::string processToken(int64_t pid)
{
#ifdef Q_OS_LINUX
    static const QByteArray bootId = [] {
        QFile f("/proc/sys/kernel/random/boot_id");
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
    }();
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');  // the command name may hold spaces
    if (paren < 0)
        return {};
    const QList<QByteArray> fields = line.mid(paren + 2).split(' ');
    if (fields.size() < 20 || fields[0] == "Z" || fields[0] == "X")
        return {};
    return (bootId + ':' + fields[19]).toStdString();  // field 22: start time in clock ticks
#else
    Q_UNUSED(pid);
    return {};
#endif
}

/// Whether the process `pid` on this host that wrote `token` still runs. Without a way to tell
/// (not Unix) the owner is assumed alive, so a run is never interrupted wrongly.
bool ownerAlive(int64_t pid, const std::string &token)
{
    if (pid <= 0)
        return false;
#ifdef Q_OS_UNIX
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return false;
#endif
#ifdef Q_OS_LINUX
    if (QFile::exists("/proc/self/stat")) {
        const std::string now = processToken(pid);
        if (now.empty() || (!token.empty() && now != token))
            return false;
    }
#endif
    return true;
}

// ---- rows ---------------------------------------------------------------------------------------

constexpr const char *kRunColumns =
    "id, kind, config, split_spec, dataset_fingerprint, dataset_path, backend, state, message, "
    "created_at, started_at, ended_at, seed, owner_pid, owner_host, resumed_from";
constexpr int kRunColumnCount = 16;

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
    return r;
}

Expected<TrialRecord> readTrial(const QSqlQuery &q)
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

/// The start and end times a write stores: given ones normalised, missing ones filled in by state.
struct Times
{
    std::string started, ended;
};
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

// ---- names --------------------------------------------------------------------------------------

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

// ---- opening ------------------------------------------------------------------------------------

RunStore::RunStore(std::string path, const QString &connectionName)
    : m_path(std::move(path)), m_owner(QThread::currentThread())
{
    m_db = QSqlDatabase::addDatabase("QSQLITE", connectionName);
    m_db.setDatabaseName(QString::fromStdString(m_path));
}

RunStore::~RunStore()
{
    const QString name = m_db.connectionName();
    m_db.close();
    m_db = QSqlDatabase();  // the last handle must go before removeDatabase
    QSqlDatabase::removeDatabase(name);
}

std::string RunStore::defaultPath()
{
    return (QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/runs.sqlite")
        .toStdString();
}

std::string RunStore::nowUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

Expected<std::unique_ptr<RunStore>> RunStore::open(const std::string &path)
{
    if (path.empty())
        return fail(ErrorCode::InvalidArgument, "the run store path is empty");
    if (!QSqlDatabase::isDriverAvailable("QSQLITE"))
        return fail(ErrorCode::Io,
                    cat("run store ", path, ": the Qt SQLite driver (QSQLITE) is not installed"));
    const QFileInfo info(QString::fromStdString(path));
    if (info.isDir())
        return fail(ErrorCode::Io, cat("run store ", path, " is a directory"));
    if (!QDir().mkpath(info.absolutePath()))
        return fail(ErrorCode::Io, cat("run store ", path, ": cannot create directory ",
                                       info.absolutePath().toStdString()));

    static std::atomic<uint64_t> connections{0};
    const QString name = QStringLiteral("covertype.runstore.%1").arg(++connections);
    std::unique_ptr<RunStore> store(new RunStore(path, name));
    if (!store->m_db.open())
        return std::unexpected(Conn(store->m_db, store->m_path, store->m_owner)
                                   .error("open the database", store->m_db.lastError()));
    if (auto ok = store->configure(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = store->migrate(); !ok)
        return std::unexpected(ok.error());
    if (auto marked = store->markInterruptedRuns(); !marked)
        return std::unexpected(marked.error());
    return store;
}

/// WAL lets readers (the UI, a second process) read while a tuner writes. synchronous=NORMAL
/// in WAL mode never corrupts the file and loses no commit when a process dies (SIGKILL, crash);
/// only an OS crash or power loss can drop the last commits, which then read as an interrupted
/// run. FULL would fsync on every intermediate metric for no gain a user would notice.
Expected<void> RunStore::configure()
{
    const Conn c(m_db, m_path, m_owner);
    if (auto ok = c.exec("set busy_timeout",
                         QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs));
        !ok)
        return std::unexpected(ok.error());
    auto mode = c.scalar("enable WAL journal mode", "PRAGMA journal_mode = WAL");
    if (!mode)
        return std::unexpected(mode.error());
    if (mode->toString().compare("wal", Qt::CaseInsensitive) != 0)
        qCWarning(lcRunStore) << "run store" << QString::fromStdString(m_path)
                              << "cannot use WAL (journal mode" << mode->toString()
                              << "); readers will wait for writers";
    if (auto ok = c.exec("set synchronous", "PRAGMA synchronous = NORMAL"); !ok)
        return std::unexpected(ok.error());
    if (auto ok = c.exec("enable foreign keys", "PRAGMA foreign_keys = ON"); !ok)
        return std::unexpected(ok.error());
    return {};
}

Expected<int> RunStore::schemaVersion()
{
    const Conn c(m_db, m_path, m_owner);
    auto v = c.scalar("read the schema version", "PRAGMA user_version");
    if (!v)
        return std::unexpected(v.error());
    return v->toInt();
}

Expected<void> RunStore::migrate()
{
    const Conn c(m_db, m_path, m_owner);
    const auto tooNew = [&](int version) {
        return fail(ErrorCode::UnsupportedVersion,
                    cat("run store ", m_path, " has schema version ", version,
                        ", newer than this program supports (", kSchemaVersion,
                        "); use a newer Covertype Workbench or another --store file"));
    };
    auto before = schemaVersion();
    if (!before)
        return std::unexpected(before.error());
    if (*before > kSchemaVersion)
        return tooNew(*before);
    if (*before == kSchemaVersion)
        return {};
    return c.transact(true, "migrate the schema", [&]() -> Expected<void> {
        auto current = schemaVersion();  // another process may have migrated meanwhile
        if (!current)
            return std::unexpected(current.error());
        if (*current > kSchemaVersion)
            return tooNew(*current);
        if (*current == 0) {
            auto tables =
                c.scalar("inspect the file",
                         "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
            if (!tables)
                return std::unexpected(tables.error());
            if (tables->toInt() > 0)
                return fail(ErrorCode::Schema,
                            cat("run store ", m_path,
                                " is an SQLite database of another program (it has tables but no "
                                "run-store schema version); choose another --store file"));
        }
        for (const Migration &m : migrations()) {
            if (m.version <= *current)
                continue;
            for (const char *statement : m.statements)
                if (auto ok = c.exec(cat("migrate to schema version ", m.version), statement); !ok)
                    return std::unexpected(ok.error());
            if (auto ok = c.exec("set the schema version",
                                 QStringLiteral("PRAGMA user_version = %1").arg(m.version));
                !ok)
                return std::unexpected(ok.error());
            qCInfo(lcRunStore) << "run store" << QString::fromStdString(m_path)
                               << "migrated to schema version" << m.version;
        }
        return {};
    });
}

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

Expected<int> RunStore::markInterruptedRuns()
{
    const Conn c(m_db, m_path, m_owner);
    const std::string host = hostName();
    return c.transact(true, "mark interrupted runs", [&]() -> Expected<int> {
        std::vector<std::pair<int64_t, int64_t>> dead;  // run, owner pid
        {
            auto q = c.query("find unfinished runs",
                             "SELECT id, owner_pid, owner_token FROM runs "
                             "WHERE state IN ('QUEUED', 'RUNNING') AND owner_host = ?",
                             {text(host)});
            if (!q)
                return std::unexpected(q.error());
            while (q->next())
                if (!ownerAlive(q->value(1).toLongLong(), str(*q, 2)))
                    dead.emplace_back(q->value(0).toLongLong(), q->value(1).toLongLong());
        }
        const std::string now = nowUtc();
        for (const auto &[run, pid] : dead) {
            const std::string message =
                cat("interrupted: its process ", pid, " on ", host, " ended before the run did");
            auto ok = c.exec("mark the run interrupted",
                             "UPDATE runs SET state = 'INTERRUPTED', ended_at = ?, message = ? "
                             "WHERE id = ?",
                             {text(now), text(message), qint64(run)});
            if (ok)
                ok =
                    c.exec("fail its active trials",
                           "UPDATE trials SET state = 'FAILED', error = 'interrupted', "
                           "ended_at = COALESCE(ended_at, ?) WHERE run_id = ? AND state = 'ACTIVE'",
                           {text(now), qint64(run)});
            if (ok)
                ok = c.exec("interrupt its pipeline steps",
                            "UPDATE pipeline_steps SET state = 'INTERRUPTED', ended_at = ? "
                            "WHERE run_id = ? AND state IN ('QUEUED', 'RUNNING')",
                            {text(now), qint64(run)});
            if (!ok)
                return std::unexpected(ok.error());
            qCInfo(lcRunStore) << "run" << run << message.c_str();
        }
        return int(dead.size());
    });
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

Expected<void> RunStore::checkIntegrity()
{
    const Conn c(m_db, m_path, m_owner);
    std::string problems;
    for (const char *pragma : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
        auto q = c.query("check integrity", pragma);
        if (!q)
            return std::unexpected(q.error());
        while (q->next()) {
            std::string row;
            for (int i = 0; i < q->record().count(); ++i)
                row += cat(i ? " " : "", str(*q, i));
            if (row != "ok")
                problems += cat(problems.empty() ? "" : "; ", row);
        }
    }
    if (!problems.empty())
        return c.fault(ErrorCode::Corrupt, cat("integrity check failed: ", problems));
    return {};
}

}  // namespace covertype
