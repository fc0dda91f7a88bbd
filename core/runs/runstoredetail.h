// Internal to the run-store files: the connection wrapper, stored enum names, values and rows.
#pragma once

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/error.h"
#include "base/text.h"
#include "runs/runstore.h"

class QThread;

Q_DECLARE_LOGGING_CATEGORY(lcRunStore)

namespace covertype::runstoredetail {

// ---- enum names ---------------------------------------------------------------------------------

template <class E>
struct Named
{
    E value;
    std::string_view name;
};

inline constexpr Named<RunKind> kRunKinds[] = {
    {RunKind::Tune, "tune"}, {RunKind::Pipeline, "pipeline"}, {RunKind::Train, "train"}};
inline constexpr Named<RunBackend> kBackends[] = {{RunBackend::Local, "local"},
                                                  {RunBackend::Vertex, "vertex"}};
inline constexpr Named<RunState> kRunStates[] = {
    {RunState::Queued, "QUEUED"},       {RunState::Running, "RUNNING"},
    {RunState::Succeeded, "SUCCEEDED"}, {RunState::Failed, "FAILED"},
    {RunState::Cancelled, "CANCELLED"}, {RunState::Interrupted, "INTERRUPTED"}};
inline constexpr Named<TrialState> kTrialStates[] = {{TrialState::Active, "ACTIVE"},
                                                     {TrialState::Succeeded, "SUCCEEDED"},
                                                     {TrialState::Failed, "FAILED"},
                                                     {TrialState::StoppedEarly, "STOPPED_EARLY"},
                                                     {TrialState::Infeasible, "INFEASIBLE"}};
inline constexpr Named<DeployTarget> kTargets[] = {
    {DeployTarget::None, "none"}, {DeployTarget::Local, "local"}, {DeployTarget::Vertex, "vertex"}};
inline constexpr Named<DeploymentState> kDeploymentStates[] = {
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

template <class E, size_t N>
Expected<E> parseStored(const Named<E> (&table)[N], const std::string &text, std::string_view what)
{
    if (auto v = valueOf(table, text))
        return *v;
    return fail(ErrorCode::Corrupt, cat("unknown ", what, " '", text, "'"));
}

// ---- SQL plumbing -------------------------------------------------------------------------------

using Binds = std::initializer_list<QVariant>;

[[nodiscard]] QVariant text(std::string_view s);
[[nodiscard]] QVariant textOrNull(const std::string &s);
[[nodiscard]] std::string str(const QSqlQuery &q, int column);
[[nodiscard]] std::optional<int64_t> optInt(const QSqlQuery &q, int column);

/// The connection and the path its messages name; asserts the owner thread.
class Conn
{
public:
    Conn(QSqlDatabase &db, const std::string &path, const QThread *owner);

    [[nodiscard]] Error error(std::string_view what, const QSqlError &e) const;
    [[nodiscard]] std::unexpected<Error> fault(ErrorCode code, std::string_view what) const;

    /// Prepares and runs `sql` with positional `binds`; the error names the store and `what`.
    [[nodiscard]] Expected<QSqlQuery> query(std::string_view what, const QString &sql,
                                            Binds binds = {}) const;
    /// Runs a statement; returns the number of rows it changed.
    [[nodiscard]] Expected<int> exec(std::string_view what, const QString &sql,
                                     Binds binds = {}) const;
    /// The first column of the first row, or an invalid QVariant when there is no row.
    [[nodiscard]] Expected<QVariant> scalar(std::string_view what, const QString &sql,
                                            Binds binds = {}) const;

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

    [[nodiscard]] Expected<void> requireRun(int64_t run) const;
    /// The trial's stored state, or nullopt when the run has no such trial.
    [[nodiscard]] Expected<std::optional<std::string>> trialState(int64_t run,
                                                                  const std::string &trial) const;

private:
    QSqlDatabase &m_db;
    const std::string &m_path;
};

// ---- values -------------------------------------------------------------------------------------

/// `s` (RFC 3339 / ISO 8601) as UTC with milliseconds; empty stays empty.
[[nodiscard]] Expected<std::string> normalizeTime(const std::string &s, std::string_view field);
[[nodiscard]] Expected<void> requireJson(const std::string &json, std::string_view field);
/// Puts the store's path in front of an error made without it.
[[nodiscard]] Error located(const std::string &path, Error e);

/// The start and end times a write stores: given ones normalised, missing ones filled in by state.
struct Times
{
    std::string started, ended;
};
[[nodiscard]] Expected<Times> timesFor(const std::string &started, const std::string &ended,
                                       bool running, bool terminal, std::string_view owner);

// ---- owner liveness (runstore.cpp) --------------------------------------------------------------

[[nodiscard]] std::string hostName();
/// "boot id:start time" of a live (not zombie) process on Linux, so a reused pid is not taken
/// for the run's owner; empty when the process is gone or this is not Linux.
[[nodiscard]] std::string processToken(int64_t pid);

// ---- rows ---------------------------------------------------------------------------------------

/// A row of trial_id, parameters, state, final_metric, started_at, ended_at, stopped_early, error
/// (runstoretrials.cpp).
[[nodiscard]] Expected<TrialRecord> readTrial(const QSqlQuery &q);

}  // namespace covertype::runstoredetail
