// The run store on SQLite through Qt SQL: opening, configuring, owner liveness, INTERRUPTED runs.
#include "runs/runstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QSysInfo>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <cerrno>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <sys/types.h>
#endif

#include "runs/runstoredetail.h"

Q_LOGGING_CATEGORY(lcRunStore, "covertype.runstore")

namespace covertype {

using namespace runstoredetail;

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

Expected<std::unique_ptr<RunStore>> RunStore::openForReading(const std::string &path)
{
    auto writable = open(path);
    const QFileInfo info(QString::fromStdString(path));
    if (writable || !info.isFile() || writable.error().code == ErrorCode::UnsupportedVersion ||
        writable.error().code == ErrorCode::Corrupt)
        return writable;
    static std::atomic<uint64_t> readers{0};
    Expected<void> first = std::unexpected(writable.error());
    for (const bool immutable : {false, true}) {
        const QString name = QStringLiteral("covertype.runstore.read.%1").arg(++readers);
        std::unique_ptr<RunStore> store(new RunStore(path, name));
        auto ok = store->openReadOnly(immutable);
        if (ok)
            ok = store->checkReadable();
        if (ok) {
            qCInfo(lcRunStore) << "run store" << QString::fromStdString(path)
                               << (immutable ? "read as the file stands" : "opened read-only")
                               << "(" << writable.error().message.c_str() << ")";
            return store;
        }
        if (ok.error().code == ErrorCode::UnsupportedVersion ||
            ok.error().code == ErrorCode::Corrupt)
            return std::unexpected(ok.error());
    }
    return std::unexpected(first.error());
}

Expected<void> RunStore::openReadOnly(bool immutable)
{
    // SQLite reads a WAL store without writing when it can map the -shm file; on a full disk or
    // a read-only file system it cannot, and "immutable" reads the main file without locks.
    m_db.setConnectOptions(immutable ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI")
                                     : QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (immutable)
        m_db.setDatabaseName(QUrl::fromLocalFile(QString::fromStdString(m_path)).toString() +
                             QStringLiteral("?immutable=1"));
    const Conn c(m_db, m_path, m_owner);
    if (!m_db.open())
        return std::unexpected(c.error("open the database to read it", m_db.lastError()));
    if (auto ok = c.exec("set busy_timeout",
                         QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs));
        !ok)
        return std::unexpected(ok.error());
    return {};
}

Expected<void> RunStore::checkReadable()
{
    auto version = schemaVersion();
    if (!version)
        return std::unexpected(version.error());
    if (*version > kSchemaVersion)
        return fail(ErrorCode::UnsupportedVersion,
                    cat("run store ", m_path, " has schema version ", *version,
                        ", newer than this program supports (", kSchemaVersion, ")"));
    if (*version < kSchemaVersion)
        return fail(ErrorCode::UnsupportedVersion,
                    cat("run store ", m_path, " has schema version ", *version,
                        " and must be upgraded: open it once where it can be written"));
    return {};
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
    // The mode is kept in the file: only its first opener switches it. Switching needs the file
    // to itself, which busy_timeout does not wait for, so a second connection opening a new
    // store at the same moment (the workbench's history and its first run) retries here.
    Expected<QVariant> mode = c.scalar("read the journal mode", "PRAGMA journal_mode");
    QElapsedTimer waited;
    waited.start();
    while (mode && mode->toString().compare("wal", Qt::CaseInsensitive) != 0) {
        mode = c.scalar("enable WAL journal mode", "PRAGMA journal_mode = WAL");
        if (mode || mode.error().code != ErrorCode::Unavailable ||
            waited.elapsed() > kBusyTimeoutMs)
            break;
        QThread::msleep(5);
        mode = c.scalar("read the journal mode", "PRAGMA journal_mode");
    }
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

// ---- owner liveness -----------------------------------------------------------------------------

std::string runstoredetail::hostName()
{
    return QSysInfo::machineHostName().toStdString();
}

std::string runstoredetail::processToken(int64_t pid)
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

namespace {

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

}  // namespace

Expected<std::vector<int64_t>> RunStore::cloudRunsToFollow()
{
    const Conn c(m_db, m_path, m_owner);
    const std::string host = hostName();
    auto q = c.query("find cloud runs to follow",
                     "SELECT id, owner_pid, owner_token, owner_host FROM runs "
                     "WHERE state IN ('QUEUED', 'RUNNING') AND backend = ? AND kind = ? "
                     "AND remote_job <> '' ORDER BY id",
                     {text(toText(RunBackend::Vertex)), text(toText(RunKind::Tune))});
    if (!q)
        return std::unexpected(q.error());
    std::vector<int64_t> out;
    while (q->next())
        if (str(*q, 3) == host && !ownerAlive(q->value(1).toLongLong(), str(*q, 2)))
            out.push_back(q->value(0).toLongLong());
    return out;
}

Expected<void> RunStore::claimRun(int64_t run)
{
    const Conn c(m_db, m_path, m_owner);
    const int64_t pid = QCoreApplication::applicationPid();
    return c.transact(true, cat("claim run ", run), [&]() -> Expected<void> {
        if (auto ok = c.requireRun(run); !ok)
            return std::unexpected(ok.error());
        auto ok = c.exec("claim the run",
                         "UPDATE runs SET owner_pid = ?, owner_host = ?, owner_token = ? "
                         "WHERE id = ?",
                         {qint64(pid), text(hostName()), text(processToken(pid)), qint64(run)});
        if (!ok)
            return std::unexpected(ok.error());
        return {};
    });
}

Expected<void> RunStore::releaseRun(int64_t run)
{
    const Conn c(m_db, m_path, m_owner);
    return c.transact(true, cat("release run ", run), [&]() -> Expected<void> {
        if (auto ok = c.requireRun(run); !ok)
            return std::unexpected(ok.error());
        auto ok =
            c.exec("release the run",
                   "UPDATE runs SET owner_pid = 0, owner_token = '' WHERE id = ?", {qint64(run)});
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
            // A cloud tuning run with its job goes on without us: the workbench follows it
            // again (cloudRunsToFollow), so it stays RUNNING.
            auto q = c.query(
                "find unfinished runs",
                "SELECT id, owner_pid, owner_token FROM runs "
                "WHERE state IN ('QUEUED', 'RUNNING') AND owner_host = ? "
                "AND NOT (backend = ? AND kind = ? AND remote_job <> '')",
                {text(host), text(toText(RunBackend::Vertex)), text(toText(RunKind::Tune))});
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
                           "UPDATE trials SET state = 'FAILED', error = ?, "
                           "ended_at = COALESCE(ended_at, ?) WHERE run_id = ? AND state = 'ACTIVE'",
                           {text(kTrialInterruptedError), text(now), qint64(run)});
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

// ---- integrity ----------------------------------------------------------------------------------

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
