// Tests for the run store: round trips, state rules, migrations, bad files, CSV export, sharing a
// file between stores and threads, and consistency after the writing process is SIGKILLed.
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runs/runstore.h"
#include "testsupport.h"

#ifndef RUNSTORE_WRITER
#error "tests/core/runs/CMakeLists.txt passes RUNSTORE_WRITER, the path of runstore_writer"
#endif

using namespace covertype;

namespace covertype {
// Readable QCOMPARE failures (QTest finds these by argument-dependent lookup).
char *toString(RunKind v)
{
    return qstrdup(std::string(toText(v)).c_str());
}
char *toString(RunBackend v)
{
    return qstrdup(std::string(toText(v)).c_str());
}
char *toString(RunState v)
{
    return qstrdup(std::string(toText(v)).c_str());
}
char *toString(TrialState v)
{
    return qstrdup(std::string(toText(v)).c_str());
}
char *toString(DeployTarget v)
{
    return qstrdup(std::string(toText(v)).c_str());
}
char *toString(DeploymentState v)
{
    return qstrdup(std::string(toText(v)).c_str());
}
}  // namespace covertype

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// Opens `path` or fails the calling test (the macro returns from it).
#define OPEN_STORE(var, path)                                                 \
    auto var##Opened = RunStore::open((path).toStdString());                  \
    QVERIFY2(var##Opened.has_value(),                                         \
             var##Opened ? "" : qPrintable(qs(var##Opened.error().message))); \
    std::unique_ptr<RunStore> var = std::move(*var##Opened)

#define CHECK_OK(expr)                                                        \
    do {                                                                      \
        const auto checkOkResult = (expr);                                    \
        QVERIFY2(checkOkResult.has_value(),                                   \
                 checkOkResult ? "" : checkOkResult.error().message.c_str()); \
    } while (false)

/// A plain connection of its own, to inspect or tamper with the file as another program would.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("tst_runstore.raw.%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    [[nodiscard]] bool exec(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!m_ok || !q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }
    [[nodiscard]] QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }

private:
    static inline int s_count = 0;
    QString m_name;
    bool m_ok = false;
};

TrialRecord trial(const std::string &id, TrialState state = TrialState::Active,
                  std::optional<double> metric = std::nullopt)
{
    TrialRecord t;
    t.trialId = id;
    t.parameters = {{"alpha", 1e-4}, {"max_iter", int64_t(20)}, {"loss", std::string("hinge")}};
    t.state = state;
    t.finalMetric = metric;
    return t;
}

PipelineStepRecord step(int index, const std::string &name, RunState state,
                        const std::string &output = "{}", const std::string &message = {})
{
    PipelineStepRecord s;
    s.index = index;
    s.name = name;
    s.state = state;
    s.outputJson = output;
    s.message = message;
    return s;
}

NewRun runningTune()
{
    NewRun r;
    r.state = RunState::Running;
    return r;
}

/// Pid of a process that has exited and been reaped.
int64_t deadPid()
{
    QProcess p;
    p.start(RUNSTORE_WRITER, {});  // no arguments: prints usage and exits
    if (!p.waitForStarted())
        return 0;
    const int64_t pid = p.processId();
    p.waitForFinished();
    return pid;
}

}  // namespace

class TestRunStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void defaultPathIsInAppData()
    {
        const QString path = qs(RunStore::defaultPath());
        QVERIFY2(path.endsWith("/runs.sqlite"), qPrintable(path));
        QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QVERIFY2(path.contains(".qttest"), qPrintable(path));  // test mode: never a user's file
    }

    void createListLoadRoundTrip()
    {
        const QString path = m_dir.filePath("roundtrip.sqlite");
        OPEN_STORE(store, path);
        NewRun first;
        first.kind = RunKind::Pipeline;
        first.configJson = R"({"model": {"alpha": 0.0001}})";
        first.splitJson = R"({"method": "random", "seed": 7})";
        first.datasetFingerprint = "farm:1234abcd";
        first.datasetPath = "/data/covertype é.csv";
        first.backend = RunBackend::Vertex;
        first.seed = 0xFFFF'FFFF'FFFF'FFF0ULL;  // above INT64_MAX: must survive the int64 column
        auto firstId = store->createRun(first);
        QVERIFY(firstId);

        NewRun second = runningTune();
        second.resumedFrom = *firstId;
        auto secondId = store->createRun(second);
        QVERIFY(secondId);
        QVERIFY(*secondId != *firstId);
        CHECK_OK(store->addTrial(*secondId, trial("1", TrialState::Succeeded, 0.5)));
        CHECK_OK(store->addTrial(*secondId, trial("2")));

        auto runs = store->listRuns();
        QVERIFY(runs);
        QCOMPARE(runs->size(), size_t(2));
        QCOMPARE(runs->at(0).run.id, *secondId);  // newest first
        QCOMPARE(runs->at(0).trialCount, 2);
        QCOMPARE(runs->at(0).succeededTrials, 1);
        QCOMPARE(runs->at(1).trialCount, 0);

        auto loaded = store->loadRun(*firstId);
        QVERIFY(loaded);
        const RunRecord &r = loaded->run;
        QCOMPARE(r.id, *firstId);
        QCOMPARE(r.kind, RunKind::Pipeline);
        QCOMPARE(qs(r.configJson), qs(first.configJson));
        QCOMPARE(qs(r.splitJson), qs(first.splitJson));
        QCOMPARE(qs(r.datasetFingerprint), qs(first.datasetFingerprint));
        QCOMPARE(qs(r.datasetPath), qs(first.datasetPath));
        QCOMPARE(r.backend, RunBackend::Vertex);
        QCOMPARE(r.state, RunState::Queued);
        QCOMPARE(r.seed, first.seed);
        QCOMPARE(qint64(r.ownerPid), QCoreApplication::applicationPid());
        QVERIFY(!r.ownerHost.empty());
        QVERIFY(!r.resumedFrom);
        QVERIFY(r.startedAt.empty() && r.endedAt.empty());
        const QDateTime created = QDateTime::fromString(qs(r.createdAt), Qt::ISODateWithMs);
        QVERIFY2(created.isValid() && r.createdAt.back() == 'Z', r.createdAt.c_str());
        QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 60);

        auto resumed = store->loadRun(*secondId);
        QVERIFY(resumed);
        QCOMPARE(resumed->run.resumedFrom, std::optional<int64_t>(*firstId));
        QCOMPARE(resumed->run.state, RunState::Running);
        QVERIFY(!resumed->run.startedAt.empty());

        auto missing = store->loadRun(*secondId + 100);
        QVERIFY(!missing);
        QVERIFY(qs(missing.error().message).contains(path));
    }

    void rejectsBadRuns_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<int>("state");
        QTest::addColumn<qlonglong>("resumedFrom");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("needle");
        QTest::newRow("config not JSON")
            << "{alpha: 1" << int(RunState::Queued) << 0LL << int(ErrorCode::Parse) << "run config";
        QTest::newRow("born finished") << "{}" << int(RunState::Succeeded) << 0LL
                                       << int(ErrorCode::InvalidArgument) << "SUCCEEDED";
        QTest::newRow("resumes nothing") << "{}" << int(RunState::Queued) << 42LL
                                         << int(ErrorCode::InvalidArgument) << "no run 42";
    }

    void rejectsBadRuns()
    {
        QFETCH(QString, config);
        QFETCH(int, state);
        QFETCH(qlonglong, resumedFrom);
        QFETCH(int, code);
        QFETCH(QString, needle);
        const QString path =
            m_dir.filePath(QString("badruns-%1.sqlite").arg(QTest::currentDataTag()));
        OPEN_STORE(store, path);
        NewRun r;
        r.configJson = config.toStdString();
        r.state = RunState(state);
        if (resumedFrom)
            r.resumedFrom = resumedFrom;
        auto id = store->createRun(r);
        QVERIFY(!id);
        QCOMPARE(int(id.error().code), code);
        const QString message = qs(id.error().message);
        QVERIFY2(message.contains(needle) && message.contains(path), qPrintable(message));
        auto runs = store->listRuns();
        QVERIFY(runs && runs->empty());  // nothing half-written
    }

    void runStateTransitions_data()
    {
        QTest::addColumn<QList<int>>("before");
        QTest::addColumn<int>("target");
        QTest::addColumn<bool>("allowed");
        const auto s = [](RunState v) { return int(v); };
        QTest::newRow("queued->running") << QList<int>{} << s(RunState::Running) << true;
        QTest::newRow("queued->cancelled") << QList<int>{} << s(RunState::Cancelled) << true;
        QTest::newRow("running->succeeded")
            << QList<int>{s(RunState::Running)} << s(RunState::Succeeded) << true;
        QTest::newRow("running->failed")
            << QList<int>{s(RunState::Running)} << s(RunState::Failed) << true;
        QTest::newRow("running->running (message)")
            << QList<int>{s(RunState::Running)} << s(RunState::Running) << true;
        QTest::newRow("running->queued")
            << QList<int>{s(RunState::Running)} << s(RunState::Queued) << false;
        QTest::newRow("succeeded->running")
            << QList<int>{s(RunState::Running), s(RunState::Succeeded)} << s(RunState::Running)
            << false;
        QTest::newRow("failed->succeeded") << QList<int>{s(RunState::Running), s(RunState::Failed)}
                                           << s(RunState::Succeeded) << false;
        QTest::newRow("interrupted->running")
            << QList<int>{s(RunState::Interrupted)} << s(RunState::Running) << false;
        QTest::newRow("succeeded->succeeded (repeat)")
            << QList<int>{s(RunState::Running), s(RunState::Succeeded)} << s(RunState::Succeeded)
            << true;
    }

    void runStateTransitions()
    {
        QFETCH(QList<int>, before);
        QFETCH(int, target);
        QFETCH(bool, allowed);
        const QString path = m_dir.filePath("transitions.sqlite");
        OPEN_STORE(store, path);
        auto run = store->createRun(NewRun{});
        QVERIFY(run);
        for (int state : before)
            CHECK_OK(store->setRunState(*run, RunState(state), "before"));
        auto earlier = store->loadRun(*run);
        QVERIFY(earlier);

        auto changed = store->setRunState(*run, RunState(target), "now");
        QCOMPARE(changed.has_value(), allowed);
        auto after = store->loadRun(*run);
        QVERIFY(after);
        if (!allowed) {
            QCOMPARE(changed.error().code, ErrorCode::InvalidArgument);
            const QString message = qs(changed.error().message);
            QVERIFY2(message.contains(QString("run %1").arg(*run)) && message.contains(path),
                     qPrintable(message));
            QCOMPARE(after->run.state, earlier->run.state);  // unchanged
            QCOMPARE(qs(after->run.message), qs(earlier->run.message));
            return;
        }
        QCOMPARE(int(after->run.state), target);
        const bool repeat = isTerminal(earlier->run.state);
        QCOMPARE(qs(after->run.message), repeat ? QString("before") : QString("now"));
        QCOMPARE(after->run.endedAt.empty(), !isTerminal(RunState(target)));
        QCOMPARE(after->run.startedAt.empty(),
                 !before.contains(int(RunState::Running)) && target != int(RunState::Running));
        if (!earlier->run.startedAt.empty())  // RUNNING again keeps the first start time
            QCOMPARE(qs(after->run.startedAt), qs(earlier->run.startedAt));
    }

    void unknownRunIsAnError()
    {
        OPEN_STORE(store, m_dir.filePath("unknown.sqlite"));
        auto changed = store->setRunState(77, RunState::Running);
        QVERIFY(!changed);
        QVERIFY(qs(changed.error().message).contains("no run 77"));
        QVERIFY(!store->addTrial(77, trial("1")));
        QVERIFY(!store->addPipelineStep(77, step(0, "load", RunState::Queued)));
    }

    void trialLifecycle()
    {
        const QString path = m_dir.filePath("trials.sqlite");
        OPEN_STORE(store, path);
        auto run = store->createRun(runningTune());
        QVERIFY(run);
        for (int i = 1; i <= 10; ++i)  // "10" must come after "9": insertion order, not text order
            CHECK_OK(store->addTrial(*run, trial(std::to_string(i))));
        CHECK_OK(store->addIntermediate(*run, "3", 1, 0.25));
        CHECK_OK(store->addIntermediate(*run, "3", 2, 0.5));
        CHECK_OK(store->addIntermediate(*run, "3", 3, 0.625));

        TrialRecord done = trial("3", TrialState::Succeeded, 0.625);
        done.parameters = {{"alpha", 0.5}, {"max_iter", int64_t(7)}, {"loss", std::string("log")}};
        CHECK_OK(store->updateTrial(*run, done));
        TrialRecord stopped = trial("4", TrialState::StoppedEarly, 0.1);
        stopped.startedAt = "2024-05-01T14:00:00+02:00";
        stopped.endedAt = "2024-05-01T12:30:00Z";
        CHECK_OK(store->updateTrial(*run, stopped));

        auto loaded = store->loadRun(*run);
        QVERIFY(loaded);
        QCOMPARE(loaded->trials.size(), size_t(10));
        for (size_t i = 0; i < 10; ++i)
            QCOMPARE(qs(loaded->trials[i].trialId), QString::number(i + 1));
        const TrialRecord &t3 = loaded->trials[2];
        QCOMPARE(t3.state, TrialState::Succeeded);
        QCOMPARE(t3.finalMetric, std::optional<double>(0.625));
        QCOMPARE(t3.parameters.size(), size_t(3));
        QCOMPARE(qs(t3.parameters[0].first), QString("alpha"));
        QCOMPARE(std::get<double>(t3.parameters[0].second), 0.5);
        QCOMPARE(std::get<int64_t>(t3.parameters[1].second), int64_t(7));  // stays an integer
        QCOMPARE(qs(std::get<std::string>(t3.parameters[2].second)), QString("log"));
        QVERIFY(!t3.startedAt.empty() && !t3.endedAt.empty());
        QVERIFY(!t3.stoppedEarly);
        QCOMPARE(t3.intermediates,
                 (std::vector<IntermediateMetric>{{1, 0.25}, {2, 0.5}, {3, 0.625}}));
        const TrialRecord &t4 = loaded->trials[3];
        QVERIFY(t4.stoppedEarly);  // STOPPED_EARLY implies the flag
        QCOMPARE(qs(t4.startedAt), QString("2024-05-01T12:00:00.000Z"));  // normalised to UTC
        QCOMPARE(qs(t4.endedAt), QString("2024-05-01T12:30:00.000Z"));
        QCOMPARE(loaded->trials[0].state, TrialState::Active);
        QVERIFY(loaded->trials[0].endedAt.empty());
        QVERIFY(loaded->trials[0].intermediates.empty());
    }

    void badTrialsAreRejected()
    {
        const QString path = m_dir.filePath("badtrials.sqlite");
        OPEN_STORE(store, path);
        auto run = store->createRun(runningTune());
        QVERIFY(run);
        CHECK_OK(store->addTrial(*run, trial("1", TrialState::Succeeded, 0.9)));

        const auto rejected = [&](const Expected<void> &r, const QString &needle) {
            if (r)
                return false;
            const QString message = qs(r.error().message);
            if (!message.contains(needle) || !message.contains(path))
                qWarning() << message;
            return message.contains(needle) && message.contains(path);
        };
        QVERIFY(rejected(store->addTrial(*run, trial("1")), "already has trial 1"));
        QVERIFY(rejected(store->updateTrial(*run, trial("9")), "no trial 9"));
        QVERIFY(rejected(store->updateTrial(*run, trial("1", TrialState::Failed)), "SUCCEEDED"));
        QVERIFY(rejected(store->addIntermediate(*run, "9", 1, 0.5), "no trial 9"));
        QVERIFY(rejected(store->addIntermediate(*run, "1", 1, std::nan("")), "NaN"));
        QVERIFY(rejected(store->addTrial(*run, trial("2", TrialState::Succeeded, std::nan(""))),
                         "NaN"));
        TrialRecord repeated = trial("3");
        repeated.parameters.push_back({"alpha", 1.0});
        QVERIFY(rejected(store->addTrial(*run, repeated), "repeated"));
        TrialRecord infinite = trial("4");
        infinite.parameters[0].second = std::numeric_limits<double>::infinity();
        QVERIFY(rejected(store->addTrial(*run, infinite), "not finite"));
        TrialRecord badTime = trial("5");
        badTime.startedAt = "yesterday";
        QVERIFY(rejected(store->addTrial(*run, badTime), "RFC 3339"));
        QVERIFY(rejected(store->addTrial(*run, trial("")), "needs an id"));

        auto loaded = store->loadRun(*run);
        QVERIFY(loaded);
        QCOMPARE(loaded->trials.size(), size_t(1));  // nothing else got in
        QCOMPARE(loaded->trials[0].state, TrialState::Succeeded);
        QVERIFY(loaded->trials[0].intermediates.empty());
        CHECK_OK(store->checkIntegrity());
    }

    void modelsStepsAndDeployments()
    {
        const QString path = m_dir.filePath("models.sqlite");
        OPEN_STORE(store, path);
        NewRun pipeline;
        pipeline.kind = RunKind::Pipeline;
        auto run = store->createRun(pipeline);
        QVERIFY(run);
        CHECK_OK(store->addTrial(*run, trial("1", TrialState::Succeeded, 0.8)));

        const std::string sha(64, 'A');
        auto model =
            store->addModel({0, *run, "1", "/models/m1.json", sha, R"({"accuracy": 0.8})", {}});
        QVERIFY(model);
        auto untied = store->addModel(
            {0, *run, std::nullopt, "/models/m2.json", std::string(64, 'b'), "{}", {}});
        QVERIFY(untied);
        QVERIFY(!store->addModel({0, *run, "1", "/m", "abc", "{}", {}}));
        QVERIFY(!store->addModel({0, *run, "7", "/m", std::string(64, 'c'), "{}", {}}));
        QVERIFY(!store->addModel({0, *run, std::nullopt, "/m", std::string(64, 'c'), "{oops", {}}));

        CHECK_OK(store->addPipelineStep(
            *run, step(0, "load", RunState::Succeeded, R"({"rows": 75000})")));
        CHECK_OK(store->addPipelineStep(*run, step(1, "train", RunState::Running)));
        CHECK_OK(store->addPipelineStep(*run, step(2, "deploy", RunState::Queued)));
        QVERIFY(!store->addPipelineStep(*run, step(1, "again", RunState::Queued)));
        CHECK_OK(store->updatePipelineStep(
            *run, step(1, "train", RunState::Succeeded, R"({"model": 1})", "ok")));
        QVERIFY(!store->updatePipelineStep(*run, step(1, "train", RunState::Running)));
        QVERIFY(!store->updatePipelineStep(*run, step(5, "nothing", RunState::Running)));

        DeploymentRecord d;
        d.runId = *run;
        d.modelId = *model;
        d.target = DeployTarget::Vertex;
        d.name = "covertype";
        d.version = "v1";
        auto deployment = store->addDeployment(d);
        QVERIFY(deployment);
        CHECK_OK(store->setDeploymentState(*deployment, DeploymentState::Deployed,
                                           "https://example.invalid/endpoint"));
        d.modelId = *untied + 100;
        QVERIFY(!store->addDeployment(d));
        QVERIFY(!store->setDeploymentState(*deployment + 100, DeploymentState::Failed, {}));

        auto loaded = store->loadRun(*run);
        QVERIFY(loaded);
        QCOMPARE(loaded->models.size(), size_t(2));
        QCOMPARE(loaded->models[0].id, *model);
        QCOMPARE(loaded->models[0].trialId, std::optional<std::string>("1"));
        QCOMPARE(qs(loaded->models[0].sha256), QString(64, 'a'));  // lower-case
        QCOMPARE(qs(loaded->models[0].metricsJson), QString(R"({"accuracy": 0.8})"));
        QVERIFY(!loaded->models[0].createdAt.empty());
        QVERIFY(!loaded->models[1].trialId);
        QCOMPARE(loaded->steps.size(), size_t(3));
        QCOMPARE(loaded->steps[1].state, RunState::Succeeded);
        QCOMPARE(qs(loaded->steps[1].outputJson), QString(R"({"model": 1})"));
        QCOMPARE(qs(loaded->steps[1].message), QString("ok"));
        QVERIFY(!loaded->steps[1].startedAt.empty() && !loaded->steps[1].endedAt.empty());
        QVERIFY(loaded->steps[2].startedAt.empty());
        QCOMPARE(loaded->deployments.size(), size_t(1));
        const DeploymentRecord &stored = loaded->deployments[0];
        QCOMPARE(stored.state, DeploymentState::Deployed);
        QCOMPARE(stored.target, DeployTarget::Vertex);
        QCOMPARE(qs(stored.endpoint), QString("https://example.invalid/endpoint"));
        QCOMPARE(stored.modelId, *model);
        CHECK_OK(store->checkIntegrity());
    }

    void migratesEmptyFile()
    {
        const QString path = m_dir.filePath("empty.sqlite");
        QFile(path).open(QIODevice::WriteOnly);  // 0 bytes: an empty SQLite database
        QCOMPARE(QFileInfo(path).size(), qint64(0));
        int64_t run = 0;
        {
            OPEN_STORE(store, path);
            QCOMPARE(store->schemaVersion().value_or(-1), RunStore::kSchemaVersion);
            run = store->createRun(NewRun{}).value_or(0);
            QVERIFY(run > 0);
        }
        {
            RawDb raw(path);
            QCOMPARE(raw.scalar("PRAGMA journal_mode").toString(), QString("wal"));
            for (const char *table :
                 {"runs", "trials", "trial_metrics", "models", "pipeline_steps", "deployments"})
                QVERIFY2(raw.scalar(QString("SELECT count(*) FROM sqlite_master WHERE type = "
                                            "'table' AND name = '%1'")
                                        .arg(table))
                                 .toInt() == 1,
                         table);
        }
        OPEN_STORE(again, path);  // already current: nothing to migrate, data kept
        QCOMPARE(again->schemaVersion().value_or(-1), RunStore::kSchemaVersion);
        QVERIFY(again->loadRun(run));
        // A missing directory is created.
        OPEN_STORE(nested, m_dir.filePath("a/b/c/runs.sqlite"));
        QVERIFY(QFileInfo::exists(m_dir.filePath("a/b/c/runs.sqlite")));
    }

    void migratesVersionOneAndRecordsTheRemoteJob()
    {
        // A version-1 store (before remote_job) keeps its runs and gains the column.
        const QString path = m_dir.filePath("v1.sqlite");
        int64_t run = 0;
        {
            OPEN_STORE(store, path);
            run = store->createRun(NewRun{}).value_or(0);
            QVERIFY(run > 0);
        }
        {
            RawDb raw(path);
            QVERIFY(raw.exec("ALTER TABLE runs DROP COLUMN remote_job"));
            QVERIFY(raw.exec("PRAGMA user_version = 1"));
        }
        OPEN_STORE(store, path);
        QCOMPARE(store->schemaVersion().value_or(-1), 2);
        auto loaded = store->loadRun(run);
        QVERIFY(loaded);
        QCOMPARE(qs(loaded->run.remoteJob), QString());
        const std::string job = "projects/123/locations/us-central1/hyperparameterTuningJobs/4711";
        CHECK_OK(store->setRemoteJob(run, job));
        loaded = store->loadRun(run);
        QVERIFY(loaded);
        QCOMPARE(loaded->run.remoteJob, job);
        QCOMPARE(store->setRemoteJob(run + 100, job).error().code, ErrorCode::InvalidArgument);
    }

    void rejectsNewerSchema()
    {
        const QString path = m_dir.filePath("newer.sqlite");
        {
            OPEN_STORE(store, path);
            QVERIFY(store->createRun(NewRun{}));
        }
        const int future = RunStore::kSchemaVersion + 1;
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QString("PRAGMA user_version = %1").arg(future)));
        }
        auto opened = RunStore::open(path.toStdString());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::UnsupportedVersion);
        const QString message = qs(opened.error().message);
        QVERIFY2(message.contains(path) && message.contains(QString::number(future)) &&
                     message.contains("newer"),
                 qPrintable(message));
        RawDb raw(path);
        QCOMPARE(raw.scalar("PRAGMA user_version").toInt(), future);  // left alone
        QCOMPARE(raw.scalar("SELECT count(*) FROM runs").toInt(), 1);
    }

    void rejectsCorruptFile_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("text") << QByteArray("id,kind\n1,tune\n").repeated(300);
        QByteArray noise(8192, '\0');
        for (char &c : noise)
            c = char(QRandomGenerator::global()->bounded(256));
        noise.replace(0, 6, "noise!");  // never an SQLite header by chance
        QTest::newRow("noise") << noise;
        QTest::newRow("bad header")
            << QByteArray("SQLite format 3\0", 16) + QByteArray(4080, char(0x5a));
    }

    void rejectsCorruptFile()
    {
        QFETCH(QByteArray, contents);
        const QString path = covertype::test::writeFile(
            m_dir.path(), QString("corrupt-%1.sqlite").arg(QTest::currentDataTag()), contents);
        auto opened = RunStore::open(path.toStdString());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::Corrupt);
        const QString message = qs(opened.error().message);
        QVERIFY2(message.contains(path) && message.contains("not an SQLite database"),
                 qPrintable(message));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), contents);  // untouched
        QVERIFY(!QFileInfo::exists(path + "-wal"));
    }

    void rejectsOtherDatabasesAndPaths()
    {
        const QString path = m_dir.filePath("foreign.sqlite");
        {
            RawDb raw(path);
            QVERIFY(raw.exec("CREATE TABLE recipes (name TEXT)"));
        }
        auto opened = RunStore::open(path.toStdString());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::Schema);
        QVERIFY(qs(opened.error().message).contains(path));
        {
            RawDb raw(path);
            QCOMPARE(raw.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'runs'").toInt(),
                     0);
        }
        auto directory = RunStore::open(m_dir.path().toStdString());
        QVERIFY(!directory);
        QVERIFY(qs(directory.error().message).contains("directory"));
        QVERIFY(!RunStore::open(""));
    }

    void connectionsAreRemoved()
    {
        const qsizetype before = QSqlDatabase::connectionNames().size();
        {
            OPEN_STORE(a, m_dir.filePath("connections.sqlite"));
            OPEN_STORE(b, m_dir.filePath("connections.sqlite"));
            QCOMPARE(QSqlDatabase::connectionNames().size(), before + 2);
        }
        QCOMPARE(QSqlDatabase::connectionNames().size(), before);
        QVERIFY(!RunStore::open(m_dir.path().toStdString()));  // a failed open leaves none behind
        QCOMPARE(QSqlDatabase::connectionNames().size(), before);
    }

    void marksRunsOfDeadOwners()
    {
        const QString path = m_dir.filePath("owners.sqlite");
        OPEN_STORE(store, path);
        std::map<std::string, int64_t> runs;
        for (const char *name : {"alive", "dead", "reused", "elsewhere", "finished", "queued"}) {
            auto id = store->createRun(std::string(name) == "queued" ? NewRun{} : runningTune());
            QVERIFY(id);
            runs[name] = *id;
        }
        const int64_t dead = deadPid();
        QVERIFY(dead > 0);
        CHECK_OK(store->addTrial(runs["dead"], trial("1", TrialState::Succeeded, 0.7)));
        CHECK_OK(store->addTrial(runs["dead"], trial("2")));
        CHECK_OK(store->addPipelineStep(runs["dead"], step(0, "train", RunState::Running)));
        CHECK_OK(store->setRunState(runs["finished"], RunState::Succeeded));
        {
            RawDb raw(path);
            const auto set = [&](const char *name, const QString &assignments) {
                return raw.exec(
                    QString("UPDATE runs SET %1 WHERE id = %2").arg(assignments).arg(runs[name]));
            };
            QVERIFY(set("dead", QString("owner_pid = %1").arg(dead)));
            QVERIFY(set("queued", QString("owner_pid = %1").arg(dead)));
            // Our own pid, but started at another time: the pid was reused by this process.
            QVERIFY(set("reused", "owner_token = 'another-boot:1'"));
            QVERIFY(
                set("elsewhere", QString("owner_pid = %1, owner_host = 'other-host'").arg(dead)));
            QVERIFY(set("finished", QString("owner_pid = %1").arg(dead)));
        }
        auto marked = store->markInterruptedRuns();
        QVERIFY(marked);
        QCOMPARE(*marked, 3);
        QCOMPARE(store->markInterruptedRuns().value_or(-1), 0);  // idempotent

        const auto stateOf = [&](const char *name) {
            return store->loadRun(runs[name]).value_or(RunDetails{}).run.state;
        };
        QCOMPARE(stateOf("alive"), RunState::Running);
        QCOMPARE(stateOf("dead"), RunState::Interrupted);
        QCOMPARE(stateOf("reused"), RunState::Interrupted);
        QCOMPARE(stateOf("queued"), RunState::Interrupted);
        QCOMPARE(stateOf("elsewhere"), RunState::Running);  // cannot tell from here
        QCOMPARE(stateOf("finished"), RunState::Succeeded);

        auto deadRun = store->loadRun(runs["dead"]);
        QVERIFY(deadRun);
        QVERIFY(!deadRun->run.endedAt.empty());
        QVERIFY2(qs(deadRun->run.message).contains(QString::number(dead)),
                 deadRun->run.message.c_str());
        QCOMPARE(deadRun->trials[0].state, TrialState::Succeeded);
        QVERIFY(deadRun->trials[0].error.empty());
        QCOMPARE(deadRun->trials[1].state, TrialState::Failed);
        QCOMPARE(qs(deadRun->trials[1].error), QString("interrupted"));
        QVERIFY(!deadRun->trials[1].endedAt.empty());
        QCOMPARE(deadRun->steps[0].state, RunState::Interrupted);
    }

    void exportsTrialsCsv()
    {
        const QString path = m_dir.filePath("export.sqlite");
        OPEN_STORE(store, path);
        auto run = store->createRun(runningTune());
        QVERIFY(run);
        TrialRecord a = trial("1", TrialState::Succeeded, 0.75);
        a.parameters = {{"alpha", 0.5}, {"max_iter", int64_t(10)}, {"loss", std::string("a,b")}};
        a.startedAt = "2024-05-01T12:00:00Z";
        a.endedAt = "2024-05-01T12:01:00Z";
        TrialRecord b = trial("2", TrialState::Failed);
        b.parameters = {{"alpha", 1e-05}, {"loss", std::string("say \"hi\"")}};
        b.startedAt = "2024-05-01T12:02:00Z";
        b.endedAt = "2024-05-01T12:03:00Z";
        b.error = "diverged";
        TrialRecord c = trial("3", TrialState::StoppedEarly, 0.5);
        c.parameters = {{"eta0", int64_t(3)}, {"alpha", 0.25}};
        c.startedAt = "2024-05-01T12:04:00Z";
        c.endedAt = "2024-05-01T12:05:00.250Z";
        for (const TrialRecord &t : {a, b, c})
            CHECK_OK(store->addTrial(*run, t));

        const QString csv = m_dir.filePath("exports/deeper/trials.csv");
        CHECK_OK(store->exportTrialsCsv(*run, csv.toStdString()));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray expected =
            "trial_id,state,alpha,max_iter,loss,eta0,final_metric,stopped_early,started,ended\n"
            "1,SUCCEEDED,0.5,10,\"a,b\",,0.75,false,2024-05-01T12:00:00.000Z,"
            "2024-05-01T12:01:00.000Z\n"
            "2,FAILED,1e-05,,\"say \"\"hi\"\"\",,,false,2024-05-01T12:02:00.000Z,"
            "2024-05-01T12:03:00.000Z\n"
            "3,STOPPED_EARLY,0.25,,,3,0.5,true,2024-05-01T12:04:00.000Z,"
            "2024-05-01T12:05:00.250Z\n";
        QCOMPARE(file.readAll(), expected);

        const QString nothing = m_dir.filePath("nothing.csv");
        auto missing = store->exportTrialsCsv(*run + 1, nothing.toStdString());
        QVERIFY(!missing);
        QVERIFY(!QFileInfo::exists(nothing));
    }

    void concurrentFirstOpens()
    {
        // The workbench opens a new store from two threads at once (the run history reads
        // while the first run records): neither may fail on the other's WAL switch or migration.
        for (int round = 0; round < 25; ++round) {
            const std::string path =
                m_dir.filePath(QStringLiteral("first-%1.sqlite").arg(round)).toStdString();
            constexpr int kThreads = 4;
            std::vector<std::string> errors(kThreads);
            std::atomic<int> ready = 0;
            std::vector<std::thread> threads;
            for (int t = 0; t < kThreads; ++t)
                threads.emplace_back([&, t] {
                    ++ready;
                    while (ready < kThreads)
                        std::this_thread::yield();
                    auto store = RunStore::open(path);
                    if (!store)
                        errors[size_t(t)] = store.error().message;
                    else if (auto runs = (*store)->listRuns(); !runs)
                        errors[size_t(t)] = runs.error().message;
                });
            for (std::thread &t : threads)
                t.join();
            for (const std::string &e : errors)
                QVERIFY2(e.empty(), e.c_str());
        }
    }

    void twoStoresOnOneFile()
    {
        const QString path = m_dir.filePath("shared.sqlite");
        {
            OPEN_STORE(a, path);
            OPEN_STORE(b, path);
            auto run = a->createRun(runningTune());
            QVERIFY(run);
            auto seen = b->listRuns();
            QVERIFY(seen && seen->size() == 1 && seen->front().run.id == *run);
            CHECK_OK(b->addTrial(*run, trial("1")));
            CHECK_OK(a->addIntermediate(*run, "1", 1, 0.5));
            CHECK_OK(b->updateTrial(*run, trial("1", TrialState::Succeeded, 0.5)));
            auto loaded = a->loadRun(*run);
            QVERIFY(loaded && loaded->trials.size() == 1);
            QCOMPARE(loaded->trials[0].state, TrialState::Succeeded);
            QCOMPARE(loaded->trials[0].intermediates.size(), size_t(1));
        }

        // Writers on two threads, each with its own store, contend for the write lock.
        constexpr int kThreads = 3, kTrials = 40;
        std::vector<std::string> errors(kThreads);
        std::vector<int64_t> runIds(kThreads, 0);
        std::vector<std::thread> threads;
        for (int w = 0; w < kThreads; ++w)
            threads.emplace_back([&, w] {
                auto store = RunStore::open(path.toStdString());
                if (!store) {
                    errors[w] = store.error().message;
                    return;
                }
                auto run = (*store)->createRun(runningTune());
                if (!run) {
                    errors[w] = run.error().message;
                    return;
                }
                runIds[w] = *run;
                for (int t = 1; t <= kTrials && errors[w].empty(); ++t) {
                    const std::string id = std::to_string(t);
                    Expected<void> ok = (*store)->addTrial(*run, trial(id));
                    for (int step = 1; ok && step <= 3; ++step)
                        ok = (*store)->addIntermediate(*run, id, step, t + step / 10.0);
                    if (ok)
                        ok = (*store)->updateTrial(*run, trial(id, TrialState::Succeeded, t));
                    if (ok && t % 10 == 0)
                        (void)(*store)->listRuns();  // readers interleave with writers
                    if (!ok)
                        errors[w] = ok.error().message;
                }
            });
        for (std::thread &t : threads)
            t.join();
        OPEN_STORE(check, path);
        for (int w = 0; w < kThreads; ++w) {
            QVERIFY2(errors[w].empty(), errors[w].c_str());
            auto loaded = check->loadRun(runIds[w]);
            QVERIFY(loaded);
            QCOMPARE(loaded->trials.size(), size_t(kTrials));
            for (const TrialRecord &t : loaded->trials) {
                QCOMPARE(t.state, TrialState::Succeeded);
                QCOMPARE(t.intermediates.size(), size_t(3));
            }
        }
        CHECK_OK(check->checkIntegrity());
    }

    /// SIGKILL the writer at random moments after it has finished >= 20 trials: the file stays
    /// intact, every trial a reader saw is still there, and the run reads as INTERRUPTED.
    void survivesKilledWriter()
    {
        const QString path = m_dir.filePath("crash.sqlite");
        QElapsedTimer total;
        total.start();
        for (int round = 0; round < 4; ++round) {
            OPEN_STORE(reader, path);
            QProcess writer;
            writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            writer.start(RUNSTORE_WRITER, {path});
            QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));
            QByteArray line;
            while (!line.endsWith('\n') && writer.waitForReadyRead(10000))
                line += writer.readAll();
            QVERIFY2(line.startsWith("run "), line.constData());
            const int64_t run = line.mid(4).trimmed().toLongLong();

            const int threshold = 20 + int(QRandomGenerator::global()->bounded(20));
            const int delayMs = int(QRandomGenerator::global()->bounded(30));
            std::map<std::string, TrialRecord> seen;  // SUCCEEDED trials the reader has seen
            QElapsedTimer waited;
            waited.start();
            while (int(seen.size()) < threshold) {
                QVERIFY2(writer.state() == QProcess::Running, "the writer stopped on its own");
                QVERIFY2(waited.elapsed() < 15000, "the writer is too slow");
                auto details = reader->loadRun(run);
                QVERIFY2(details, details ? "" : details.error().message.c_str());
                for (const TrialRecord &t : details->trials)
                    if (t.state == TrialState::Succeeded)
                        seen[t.trialId] = t;
            }
            QTest::qSleep(delayMs);
            writer.kill();  // SIGKILL
            QVERIFY(writer.waitForFinished(5000));
            qInfo("round %d: killed after %d seen trials + %d ms", round, threshold, delayMs);

            reader.reset();
            OPEN_STORE(reopened, path);  // open() marks the dead writer's run
            CHECK_OK(reopened->checkIntegrity());
            auto after = reopened->loadRun(run);
            QVERIFY(after);
            QCOMPARE(after->run.state, RunState::Interrupted);
            QVERIFY(!after->run.endedAt.empty());
            std::map<std::string, const TrialRecord *> byId;
            for (const TrialRecord &t : after->trials)
                byId[t.trialId] = &t;
            for (const auto &[id, was] : seen) {
                QVERIFY2(byId.count(id), id.c_str());
                const TrialRecord &now = *byId[id];
                QCOMPARE(now.state, TrialState::Succeeded);
                QCOMPARE(now.finalMetric, was.finalMetric);
                QCOMPARE(now.intermediates, was.intermediates);
                QCOMPARE(now.intermediates.size(), size_t(5));
            }
            // Trials are written in order: no gaps, nothing left ACTIVE.
            for (size_t i = 0; i < after->trials.size(); ++i) {
                const TrialRecord &t = after->trials[i];
                QCOMPARE(qs(t.trialId), QString::number(i + 1));
                QVERIFY(t.state == TrialState::Succeeded ||
                        (t.state == TrialState::Failed && t.error == "interrupted"));
                if (t.state == TrialState::Succeeded)
                    QCOMPARE(t.finalMetric, std::optional<double>(double(i + 1) + 0.5));
            }
            QVERIFY(after->trials.size() >= seen.size());
        }
        QVERIFY2(total.elapsed() < 30000, "crash rounds should take a few seconds");
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
