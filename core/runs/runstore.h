// The run store: runs, trials, models, pipeline steps and deployments in one SQLite file.
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "tuning/tuningspec.h"

class QThread;

namespace covertype {

enum class RunKind { Tune, Pipeline, Train };
enum class RunBackend { Local, Vertex };
/// QUEUED -> RUNNING -> one of the terminal states; QUEUED may also end directly.
enum class RunState { Queued, Running, Succeeded, Failed, Cancelled, Interrupted };
/// ACTIVE -> one of the terminal states.
enum class TrialState { Active, Succeeded, Failed, StoppedEarly, Infeasible };
enum class DeployTarget { None, Local, Vertex };
enum class DeploymentState { Deploying, Deployed, Failed, Undeployed };

/// Upper-case names as stored ("RUNNING", "STOPPED_EARLY"), lower-case for kinds and targets
/// ("tune", "vertex"); the parsers return nullopt for unknown text.
[[nodiscard]] std::string_view toText(RunKind v);
[[nodiscard]] std::string_view toText(RunBackend v);
[[nodiscard]] std::string_view toText(RunState v);
[[nodiscard]] std::string_view toText(TrialState v);
[[nodiscard]] std::string_view toText(DeployTarget v);
[[nodiscard]] std::string_view toText(DeploymentState v);
[[nodiscard]] std::optional<RunState> runStateFromText(std::string_view s);
[[nodiscard]] std::optional<TrialState> trialStateFromText(std::string_view s);
[[nodiscard]] bool isTerminal(RunState s);
[[nodiscard]] bool isTerminal(TrialState s);

/// What createRun needs. JSON fields must hold valid JSON text.
struct NewRun
{
    RunKind kind = RunKind::Tune;
    std::string configJson = "{}";
    std::string splitJson = "{}";
    std::string datasetFingerprint;
    std::string datasetPath;
    RunBackend backend = RunBackend::Local;
    RunState state = RunState::Queued;  ///< QUEUED or RUNNING (RUNNING sets startedAt)
    uint64_t seed = 0;
    std::optional<int64_t> resumedFrom;
};

/// A stored run. Times are UTC RFC 3339 ("2024-05-01T12:00:00.123Z"); empty when not reached.
struct RunRecord
{
    int64_t id = 0;
    RunKind kind = RunKind::Tune;
    std::string configJson, splitJson, datasetFingerprint, datasetPath;
    RunBackend backend = RunBackend::Local;
    RunState state = RunState::Queued;
    std::string message, createdAt, startedAt, endedAt;
    uint64_t seed = 0;
    int64_t ownerPid = 0;
    std::string ownerHost;
    std::optional<int64_t> resumedFrom;
    /// The service's job that runs it (a Vertex AI resource name); empty for a local run.
    std::string remoteJob;
};

struct RunSummary
{
    RunRecord run;
    int trialCount = 0;
    int succeededTrials = 0;
};

struct IntermediateMetric
{
    int64_t step = 0;  ///< step or epoch, as the trainer reports it
    double value = 0;
    bool operator==(const IntermediateMetric &) const = default;
};

/// One trial. Parameters keep their order; their JSON form is an object name -> value.
/// The error of a trial that was running when its process died (markInterruptedRuns).
inline constexpr const char *kTrialInterruptedError = "interrupted";

struct TrialRecord
{
    std::string trialId;  ///< "1", "2", ... as the services number them
    std::vector<std::pair<std::string, ParameterValue>> parameters;
    TrialState state = TrialState::Active;
    std::optional<double> finalMetric;
    std::string startedAt, endedAt;  ///< empty on write: now (start), now on a terminal state (end)
    bool stoppedEarly = false;
    std::string error;
    std::vector<IntermediateMetric> intermediates;  ///< read only (addIntermediate writes them)
};

struct ModelRecord
{
    int64_t id = 0;  ///< assigned by addModel
    int64_t runId = 0;
    std::optional<std::string> trialId;
    std::string path;
    std::string sha256;  ///< 64 lower-case hex digits
    std::string metricsJson = "{}";
    std::string createdAt;  ///< set by addModel
};

struct PipelineStepRecord
{
    int index = 0;
    std::string name;
    RunState state = RunState::Queued;
    std::string startedAt, endedAt;  ///< empty on write: set on RUNNING / a terminal state
    std::string outputJson = "{}";
    std::string message;
};

struct DeploymentRecord
{
    int64_t id = 0;  ///< assigned by addDeployment
    std::optional<int64_t> runId;
    int64_t modelId = 0;
    DeployTarget target = DeployTarget::None;
    std::string name, version, endpoint;
    DeploymentState state = DeploymentState::Deploying;
    std::string createdAt;  ///< set by addDeployment
    std::string message;
};

struct RunDetails
{
    RunRecord run;
    std::vector<TrialRecord> trials;  ///< in the order they were added
    std::vector<ModelRecord> models;
    std::vector<PipelineStepRecord> steps;  ///< by index
    std::vector<DeploymentRecord> deployments;
};

/// Runs and their results in an SQLite file (WAL journal, synchronous=NORMAL, foreign keys on).
/// Several RunStores, in one process or many, may share a file: every write is one IMMEDIATE
/// transaction and waits up to busyTimeoutMs for the others. A RunStore owns its own connection
/// and must be used (and destroyed) on the thread that opened it.
class RunStore
{
public:
    /// The schema version this build writes; open() migrates older files up to it.
    static constexpr int kSchemaVersion = 2;
    static constexpr int kBusyTimeoutMs = 10000;

    /// Opens (creating it and its directory if needed) and migrates the store at `path`, then
    /// marks runs whose owner process is gone as INTERRUPTED. Corrupt: not an SQLite file;
    /// UnsupportedVersion: written by a newer program.
    [[nodiscard]] static Expected<std::unique_ptr<RunStore>> open(const std::string &path);
    /// Opens a store to read it (list, show, export): as open() where the store can be written
    /// (runs of dead processes are marked INTERRUPTED), else without writing anything (no
    /// migration, no marking, no journal switch), so that a full disk or a read-only file system
    /// still lists its runs (read as the file stands, without the WAL's latest commits when even
    /// the shared-memory file cannot be made). Writes through a read-only store fail.
    [[nodiscard]] static Expected<std::unique_ptr<RunStore>> openForReading(
        const std::string &path);
    /// AppDataLocation/runs.sqlite.
    [[nodiscard]] static std::string defaultPath();
    /// The current time as the store writes it (UTC RFC 3339 with milliseconds).
    [[nodiscard]] static std::string nowUtc();

    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    [[nodiscard]] const std::string &path() const { return m_path; }

    /// A new run owned by this process; returns its id.
    [[nodiscard]] Expected<int64_t> createRun(const NewRun &run);
    /// Moves the run to `state` (RUNNING sets the start time, a terminal state the end time). A
    /// terminal run cannot change state; RUNNING cannot go back to QUEUED.
    [[nodiscard]] Expected<void> setRunState(int64_t run, RunState state,
                                             const std::string &message = {});

    /// Records the service's job running the run (backend vertex), once it is created.
    [[nodiscard]] Expected<void> setRemoteJob(int64_t run, const std::string &jobName);
    [[nodiscard]] Expected<void> addTrial(int64_t run, const TrialRecord &trial);
    /// Rewrites the trial's parameters, state, metric, times and error (not its intermediates).
    /// A terminal trial cannot change state.
    [[nodiscard]] Expected<void> updateTrial(int64_t run, const TrialRecord &trial);
    [[nodiscard]] Expected<void> addIntermediate(int64_t run, const std::string &trialId,
                                                 int64_t step, double value);

    /// Returns the model id.
    [[nodiscard]] Expected<int64_t> addModel(const ModelRecord &model);
    [[nodiscard]] Expected<void> addPipelineStep(int64_t run, const PipelineStepRecord &step);
    [[nodiscard]] Expected<void> updatePipelineStep(int64_t run, const PipelineStepRecord &step);
    /// Returns the deployment id.
    [[nodiscard]] Expected<int64_t> addDeployment(const DeploymentRecord &deployment);
    [[nodiscard]] Expected<void> setDeploymentState(int64_t deployment, DeploymentState state,
                                                    const std::string &endpoint,
                                                    const std::string &message = {});

    /// Every run, newest first, with trial counts.
    [[nodiscard]] Expected<std::vector<RunSummary>> listRuns();
    /// One consistent snapshot of a run and everything recorded for it.
    [[nodiscard]] Expected<RunDetails> loadRun(int64_t run);

    /// QUEUED/RUNNING runs whose owner process on this host is gone become INTERRUPTED, their
    /// ACTIVE trials FAILED ("interrupted") and their running steps INTERRUPTED. Returns how many
    /// runs changed. Runs owned by other hosts are left alone, and so are cloud tuning runs with
    /// a remote job (their job runs on; see cloudRunsToFollow).
    [[nodiscard]] Expected<int> markInterruptedRuns();
    /// Cloud tuning runs (backend vertex, with their job) still RUNNING whose owner process on
    /// this host is gone: their jobs went on without a follower (markInterruptedRuns leaves
    /// them). Oldest first.
    [[nodiscard]] Expected<std::vector<int64_t>> cloudRunsToFollow();
    /// Makes this process the run's owner (the one following it).
    [[nodiscard]] Expected<void> claimRun(int64_t run);
    /// Leaves the run without an owner: no process follows it now (its cloud job runs on).
    [[nodiscard]] Expected<void> releaseRun(int64_t run);

    /// One CSV row per trial: trial_id, state, each parameter (in first-seen order),
    /// final_metric, stopped_early, started, ended. Written atomically.
    [[nodiscard]] Expected<void> exportTrialsCsv(int64_t run, const std::string &path);

    /// PRAGMA integrity_check and foreign_key_check; Corrupt lists what they report.
    [[nodiscard]] Expected<void> checkIntegrity();
    /// PRAGMA user_version of the file.
    [[nodiscard]] Expected<int> schemaVersion();

private:
    /// The checks a read-only store makes instead of migrating: this build's schema version.
    [[nodiscard]] Expected<void> checkReadable();
    RunStore(std::string path, const QString &connectionName);
    [[nodiscard]] Expected<void> configure();
    [[nodiscard]] Expected<void> migrate();
    /// Opens the connection read-only (immutable: no lock, no -shm, for a full or read-only disk).
    [[nodiscard]] Expected<void> openReadOnly(bool immutable);

    std::string m_path;
    QSqlDatabase m_db;  ///< this store's own named connection, removed by the destructor
    const QThread *m_owner;
};

}  // namespace covertype
