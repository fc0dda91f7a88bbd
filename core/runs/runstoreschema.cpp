// The run store's schema: the migration history and bringing a file up to this build's version.
#include <QString>

#include <vector>

#include "runs/runstore.h"
#include "runs/runstoredetail.h"

namespace covertype {

using namespace runstoredetail;

namespace {

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
        // 2: a run on a service names its remote job (Vertex AI), to follow it again later.
        {2, {"ALTER TABLE runs ADD COLUMN remote_job TEXT NOT NULL DEFAULT ''"}},
    };
    return list;
}

static_assert(RunStore::kSchemaVersion == 2, "append a Migration for the new version");

}  // namespace

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

}  // namespace covertype
