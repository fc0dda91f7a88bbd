// End-to-end tests of `covertype tune`, `covertype runs` and `covertype pipeline run`: the JSON and
// text a user reads, the run store they leave behind, resuming, Ctrl-C and a killed process.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <algorithm>
#include <optional>

#include "testsupport.h"

namespace {

constexpr int kProcessTimeoutMs = 60000;

using Result = covertype::test::ProcessResult;

Result run(const QStringList &args,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The whole of `text` as one JSON object, or an empty object when it is anything else.
QJsonObject jsonObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    return error.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject();
}

QJsonArray jsonArray(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    return error.error == QJsonParseError::NoError && doc.isArray() ? doc.array() : QJsonArray();
}

const QByteArray kCourseYaml = covertype::test::kCourseConfigYaml;

/// The course config with other trial counts, early stopping, or a run to resume.
QByteArray courseYaml(int maxTrials, int parallel, bool earlyStopping = true,
                      const QByteArray &resume = {})
{
    QByteArray yaml = kCourseYaml;
    yaml.replace("maxTrials: 6", "maxTrials: " + QByteArray::number(maxTrials));
    yaml.replace("maxParallelTrials: 3", "maxParallelTrials: " + QByteArray::number(parallel));
    if (!earlyStopping)
        yaml.replace("enableTrialEarlyStopping: True", "enableTrialEarlyStopping: False");
    if (!resume.isEmpty())
        yaml.replace("    goal: MAXIMIZE\n",
                     "    goal: MAXIMIZE\n    resumePreviousJobId: \"" + resume + "\"\n");
    return yaml;
}

/// Trial ids of the "trial N  STATE ..." progress lines `tune` prints as trials finish.
QStringList finishedTrialLines(const QByteArray &out)
{
    static const QRegularExpression line(
        QStringLiteral("^trial (\\d+) +(SUCCEEDED|STOPPED_EARLY|FAILED) "),
        QRegularExpression::MultilineOption);
    QStringList ids;
    for (auto it = line.globalMatch(QString::fromUtf8(out)); it.hasNext();)
        ids << it.next().captured(1);
    return ids;
}

/// The highest metric_value among the SUCCEEDED trials.
std::optional<double> bestSucceeded(const QJsonArray &trials)
{
    std::optional<double> best;
    for (const auto &t : trials) {
        const QJsonObject o = t.toObject();
        if (o["state"].toString() == "SUCCEEDED" && o["metric_value"].isDouble())
            best =
                std::max(best.value_or(o["metric_value"].toDouble()), o["metric_value"].toDouble());
    }
    return best;
}

/// A running `tune` whose stdout is read as it comes.
class LiveTune
{
public:
    void start(const QStringList &args)
    {
        m_process.start(QStringLiteral(COVERTYPE_CLI), args);
        m_timer.start();
    }
    /// Reads stdout until `trials` progress lines have appeared, the process ends or the time is
    /// up; true when the lines are there and the process still runs.
    bool waitForTrials(int trials)
    {
        while (finishedTrialLines(m_out).size() < trials &&
               m_process.state() != QProcess::NotRunning && m_timer.elapsed() < kProcessTimeoutMs) {
            m_process.waitForReadyRead(200);
            m_out += m_process.readAllStandardOutput();
        }
        m_out += m_process.readAllStandardOutput();
        return finishedTrialLines(m_out).size() >= trials && m_process.state() == QProcess::Running;
    }
    void signal(int sig) { ::kill(pid_t(m_process.processId()), sig); }
    bool waitForFinished(int ms)
    {
        const bool done = m_process.waitForFinished(ms);
        m_out += m_process.readAllStandardOutput();
        return done;
    }
    /// Run id from the first line, "run N: ...".
    qint64 runId() const
    {
        static const QRegularExpression first(QStringLiteral("^run (\\d+): "));
        const auto m = first.match(QString::fromUtf8(m_out));
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    }
    QProcess &process() { return m_process; }
    const QByteArray &out() const { return m_out; }
    ~LiveTune()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    QElapsedTimer m_timer;
    QByteArray m_out;
};

}  // namespace

class TestCliTune : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_course;
    QString m_data;

    QString write(const QString &name, const QByteArray &contents)
    {
        return covertype::test::writeFile(m_dir.path(), name, contents);
    }
    QString store(const QString &name) const { return m_dir.filePath(name + ".sqlite"); }
    QStringList tune(const QString &config, const QString &storePath) const
    {
        return {"tune", "--config", config, "--data", m_data, "--store", storePath};
    }
    /// `runs show ID --json` of `storePath`.
    QJsonObject show(qint64 id, const QString &storePath)
    {
        const Result r = run({"runs", "show", QString::number(id), "--store", storePath, "--json"});
        if (r.exitCode != 0)
            qWarning("runs show %lld: %s", static_cast<long long>(id), r.err.constData());
        return jsonObject(r.out);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_course = write("course-config.yaml", kCourseYaml);
        m_data = covertype::test::realDataFile();
    }

    /// `tune --json`: one object naming the best trial, every trial, repeatable by seed.
    void tuneJsonSummary()
    {
        COVERTYPE_REAL_DATA(data);
        const QString db = store("json");
        Result r = run(tune(m_course, db) << "--json");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject summary = jsonObject(r.out);
        QVERIFY2(!summary.isEmpty(), r.out.constData());
        QVERIFY(summary["run_id"].toInteger() >= 1);
        QCOMPARE(summary["state"].toString(), QString("SUCCEEDED"));

        const QJsonArray trials = summary["trials"].toArray();
        QCOMPARE(trials.size(), 6);
        for (int i = 0; i < trials.size(); ++i) {
            const QJsonObject t = trials[i].toObject();
            QCOMPARE(t["trial_id"].toString(), QString::number(i + 1));
            const QString state = t["state"].toString();
            QVERIFY2(state == "SUCCEEDED" || state == "STOPPED_EARLY", qPrintable(state));
            QCOMPARE(t["stopped_early"].toBool(), state == "STOPPED_EARLY");
            const QJsonObject p = t["parameters"].toObject();
            QCOMPARE(p.keys(), (QStringList{"alpha", "max_iter"}));
            QVERIFY(p["alpha"].toDouble() >= 0.0001 && p["alpha"].toDouble() <= 0.001);
            QVERIFY(p["max_iter"].toDouble() == 500 || p["max_iter"].toDouble() == 1000);
            QVERIFY(t["metric_value"].toDouble() > 0.5 && t["metric_value"].toDouble() < 1.0);
            QVERIFY(t["epochs"].toInt() >= 1);
        }

        const QJsonObject best = summary["best_trial"].toObject();
        const auto expected = bestSucceeded(trials);
        QVERIFY(expected);
        QCOMPARE(best["metric_value"].toDouble(), *expected);
        const int bestIndex = best["trial_id"].toString().toInt() - 1;
        QVERIFY(bestIndex >= 0 && bestIndex < trials.size());
        const QJsonObject bestTrial = trials[bestIndex].toObject();
        QCOMPARE(bestTrial["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(best["parameters"].toObject(), bestTrial["parameters"].toObject());
        QCOMPARE(best["metric_value"].toDouble(), bestTrial["metric_value"].toDouble());

        // The same seed gives the same trials (the default seed is 0); another seed does not.
        r = run(tune(m_course, db) << "--json"
                                   << "--seed"
                                   << "0");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject again = jsonObject(r.out);
        QCOMPARE(again["run_id"].toInteger(), summary["run_id"].toInteger() + 1);
        QCOMPARE(again["trials"].toArray(), trials);
        QCOMPARE(again["best_trial"].toObject(), best);

        r = run(tune(m_course, db) << "--json"
                                   << "--seed"
                                   << "1");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray other = jsonObject(r.out)["trials"].toArray();
        QCOMPARE(other.size(), 6);
        int differing = 0;
        for (int i = 0; i < 6; ++i)
            differing += other[i].toObject()["parameters"] != trials[i].toObject()["parameters"];
        QVERIFY2(differing > 0, "--seed 1 proposed the same parameters as seed 0");
    }

    /// Text output: a line per finished trial as it finishes, then a table with the best marked.
    void tuneHumanOutput()
    {
        COVERTYPE_REAL_DATA(data);
        const Result r = run(tune(m_course, store("human")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.startsWith("run 1: 6 trials, 3 in parallel, "), r.out.constData());

        QStringList ids = finishedTrialLines(r.out);
        QCOMPARE(ids.size(), 6);
        std::ranges::sort(ids, {}, [](const QString &s) { return s.toInt(); });
        QCOMPARE(ids, (QStringList{"1", "2", "3", "4", "5", "6"}));
        QVERIFY2(!out.contains(" FAILED "), r.out.constData());

        // The table: a header, then the six trials, exactly one marked best.
        const qsizetype table = out.indexOf(QRegularExpression(
            "^trial +state +accuracy +parameters", QRegularExpression::MultilineOption));
        QVERIFY2(table > 0, r.out.constData());
        QCOMPARE(out.count("<- best"), 1);
        const QStringList rows = out.mid(table).split('\n', Qt::SkipEmptyParts);
        QVERIFY2(rows.size() >= 8, r.out.constData());
        QVERIFY2(rows[1].endsWith("<- best"), qPrintable(rows[1]));  // sorted best first
        QVERIFY2(rows[1].contains(QRegularExpression("^\\d+ +SUCCEEDED +0\\.\\d+ +max_iter=")),
                 qPrintable(rows[1]));
        QCOMPARE(rows.last(), QString("run 1 SUCCEEDED"));
    }

    /// runs list / show / export read back what tune recorded.
    void runsCommands()
    {
        COVERTYPE_REAL_DATA(data);
        const QString db = store("runs");
        Result r = run(tune(m_course, db) << "--json");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject summary = jsonObject(r.out);
        const qint64 id = summary["run_id"].toInteger();
        QCOMPARE(id, qint64(1));
        const QJsonArray tuned = summary["trials"].toArray();

        // list, as text and JSON
        r = run({"runs", "list", "--store", db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.out).contains(QRegularExpression(
                     "^1 +tune +SUCCEEDED +\\S+ +\\d/6 +" + QRegularExpression::escape(data),
                     QRegularExpression::MultilineOption)),
                 r.out.constData());
        r = run({"runs", "list", "--store", db, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = jsonArray(r.out);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject()["run_id"].toInteger(), id);
        QCOMPARE(list[0].toObject()["kind"].toString(), QString("tune"));
        QCOMPARE(list[0].toObject()["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(list[0].toObject()["trials"].toInt(), 6);

        // show --json: the same trials, each with its per-epoch validation metric
        const QJsonObject details = show(id, db);
        QCOMPARE(details["run_id"].toInteger(), id);
        QCOMPARE(details["kind"].toString(), QString("tune"));
        QCOMPARE(details["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(details["dataset"].toObject()["path"].toString(), data);
        QCOMPARE(details["config"].toObject()["hyperparameters"].toObject()["maxTrials"].toInt(),
                 6);
        const QJsonArray trials = details["trials"].toArray();
        QCOMPARE(trials.size(), 6);
        for (int i = 0; i < 6; ++i) {
            const QJsonObject t = trials[i].toObject();
            const QJsonObject expected = tuned[i].toObject();
            QCOMPARE(t["trial_id"].toString(), expected["trial_id"].toString());
            QCOMPARE(t["state"].toString(), expected["state"].toString());
            QCOMPARE(t["parameters"].toObject(), expected["parameters"].toObject());
            QCOMPARE(t["metric_value"].toDouble(), expected["metric_value"].toDouble());
            const QJsonArray intermediate = t["intermediate"].toArray();
            QCOMPARE(intermediate.size(), expected["epochs"].toInt());
            for (int e = 0; e < intermediate.size(); ++e)
                QCOMPARE(intermediate[e].toObject()["step"].toInt(), e + 1);
            if (t["state"].toString() == "STOPPED_EARLY")  // scored at the stopping epoch
                QCOMPARE(intermediate.last().toObject()["value"].toDouble(),
                         t["metric_value"].toDouble());
            QVERIFY(!t["started"].toString().isEmpty() && !t["ended"].toString().isEmpty());
        }

        // export --csv: a header naming the parameters in config order, a row per trial
        const QString csv = m_dir.filePath("trials.csv");
        r = run({"runs", "export", "1", "--csv", csv, "--store", db});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(readAll(csv)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines[0],
                 QString("trial_id,state,max_iter,alpha,final_metric,stopped_early,started,ended"));
        for (int i = 1; i <= 6; ++i) {
            const QStringList f = lines[i].split(',');
            QCOMPARE(f.size(), 8);
            const QJsonObject t = tuned[i - 1].toObject();
            QCOMPARE(f[0], t["trial_id"].toString());
            QCOMPARE(f[1], t["state"].toString());
            QCOMPARE(f[2].toDouble(), t["parameters"].toObject()["max_iter"].toDouble());
            QCOMPARE(f[3].toDouble(), t["parameters"].toObject()["alpha"].toDouble());
            QCOMPARE(f[4].toDouble(), t["metric_value"].toDouble());
            QCOMPARE(f[5], QString(t["stopped_early"].toBool() ? "true" : "false"));
        }

        // a malformed id is a command-line error
        for (const char *sub : {"show", "export"}) {
            r = run({"runs", sub, "abc", "--csv", m_dir.filePath("x.csv"), "--store", db});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("'abc' is not a run id (see covertype runs list)"),
                     r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
        // an unknown id says so, and nothing is written
        r = run({"runs", "show", "999", "--store", db, "--json"});
        QVERIFY2(r.err.contains("no run 999"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.exitCode != 0);
        const QString missing = m_dir.filePath("missing.csv");
        r = run({"runs", "export", "999", "--csv", missing, "--store", db});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("no run 999"), r.err.constData());
        QVERIFY(!QFileInfo::exists(missing));
    }

    /// resumePreviousJobId: a 3-trial run continued to 6 keeps the first 3 and adds 3 more.
    void resume()
    {
        COVERTYPE_REAL_DATA(data);
        const QString db = store("resume");
        Result r = run(tune(write("three.yaml", courseYaml(3, 3)), db) << "--json");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject first = jsonObject(r.out);
        const qint64 firstId = first["run_id"].toInteger();
        const QJsonArray firstTrials = first["trials"].toArray();
        QCOMPARE(firstTrials.size(), 3);

        const QByteArray resumeYaml = courseYaml(6, 3, true, QByteArray::number(firstId));
        QVERIFY(resumeYaml.contains("resumePreviousJobId: \"1\""));
        r = run(tune(write("six.yaml", resumeYaml), db) << "--json");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject second = jsonObject(r.out);
        const qint64 secondId = second["run_id"].toInteger();
        QVERIFY(secondId != firstId);
        QCOMPARE(second["state"].toString(), QString("SUCCEEDED"));
        const QJsonArray trials = second["trials"].toArray();
        QCOMPARE(trials.size(), 6);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(trials[i].toObject()["trial_id"].toString(), QString::number(i + 1));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(trials[i].toObject(), firstTrials[i].toObject());
        for (int i = 3; i < 6; ++i) {
            const QString state = trials[i].toObject()["state"].toString();
            QVERIFY2(state == "SUCCEEDED" || state == "STOPPED_EARLY", qPrintable(state));
        }
        const auto expected = bestSucceeded(trials);
        QVERIFY(expected);
        QCOMPARE(second["best_trial"].toObject()["metric_value"].toDouble(), *expected);

        // the store remembers where it came from
        const QJsonObject details = show(secondId, db);
        QCOMPARE(details["resumed_from"].toInteger(), firstId);
        QCOMPARE(show(firstId, db)["resumed_from"], QJsonValue(QJsonValue::Null));
    }

    /// pipeline run: the gate decides, never the exit code (deploying: tst_cli_deploy).
    void pipelineRun()
    {
        COVERTYPE_REAL_DATA(data);
        const QString db = store("pipeline");
        const QStringList base{"pipeline", "run",     "--config", m_course, "--data",
                               data,       "--store", db,         "--json"};
        Result r = run(QStringList(base) << "--threshold"
                                         << "0.5");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject out = jsonObject(r.out);
        QCOMPARE(out["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(out["gate"].toObject()["threshold"].toDouble(), 0.5);
        QCOMPARE(out["gate"].toObject()["passed"], QJsonValue(true));
        QCOMPARE(out["final"].toObject()["metric_name"].toString(), QString("accuracy"));
        const double accuracy = out["final"].toObject()["metric_value"].toDouble();
        QVERIFY2(accuracy > 0.6 && accuracy < 1.0, qPrintable(QString::number(accuracy)));
        QVERIFY(out.contains("deployed"));
        QCOMPARE(out["deployed"], QJsonValue(QJsonValue::Null));
        QCOMPARE(out["trials"].toArray().size(), 6);
        QVERIFY(QFileInfo::exists(out["model_path"].toString()));
        QStringList steps;
        for (const auto &s : out["steps"].toArray())
            steps << s.toObject()["name"].toString();
        QVERIFY2(steps.contains("tune") && steps.contains("evaluate"), qPrintable(steps.join(' ')));

        // a gate that fails is a result, not an error
        r = run(QStringList(base) << "--threshold"
                                  << "0.99");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        out = jsonObject(r.out);
        QCOMPARE(out["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(out["gate"].toObject()["threshold"].toDouble(), 0.99);
        QCOMPARE(out["gate"].toObject()["passed"], QJsonValue(false));
        QCOMPARE(out["final"].toObject()["metric_value"].toDouble(), accuracy);  // same seed
        QCOMPARE(out["deployed"], QJsonValue(QJsonValue::Null));

        r = run(QStringList(base) << "--metric"
                                  << "recall");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        out = jsonObject(r.out);
        QCOMPARE(out["final"].toObject()["metric_name"].toString(), QString("recall"));
        const double recall = out["final"].toObject()["metric_value"].toDouble();
        QVERIFY(recall > 0.0 && recall <= 1.0);
        QCOMPARE(out["gate"].toObject()["passed"].toBool(), recall > 0.69);  // default threshold

        // a Vertex AI target without its Cloud Storage root is refused before anything runs
        // (tst_cli_deploy: local; tst_cli_cloud: the pipeline on Vertex AI)
        r = run(QStringList(base) << "--deploy"
                                  << "vertex");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("Vertex AI needs --gcs-root gs://BUCKET/ROOT"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        r = run({"runs", "list", "--store", db, "--json"});
        QCOMPARE(jsonArray(r.out).size(), 3);
    }

    /// Ctrl-C: exit 130, the run CANCELLED, the trials that finished kept with their metrics.
    void interrupt()
    {
        COVERTYPE_REAL_DATA(data);
        const QString db = store("sigint");
        LiveTune live;
        live.start(tune(write("forty.yaml", courseYaml(40, 1, false)), db));
        QVERIFY2(live.waitForTrials(2), live.out().constData());
        live.signal(SIGINT);
        QVERIFY2(live.waitForFinished(kProcessTimeoutMs), "tune did not stop on SIGINT");
        QCOMPARE(live.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(live.process().exitCode(), 130);
        const qint64 id = live.runId();
        QCOMPARE(id, qint64(1));
        const QStringList printed = finishedTrialLines(live.out());
        QVERIFY(printed.size() < 40);
        QVERIFY2(live.out().contains("run 1 CANCELLED: cancelled by the user"),
                 live.out().constData());

        const QJsonObject details = show(id, db);
        QCOMPARE(details["state"].toString(), QString("CANCELLED"));
        const QJsonArray trials = details["trials"].toArray();
        QVERIFY(trials.size() >= printed.size());
        int finished = 0;
        for (const auto &v : trials) {
            const QJsonObject t = v.toObject();
            const QString state = t["state"].toString();
            QVERIFY2(state != "ACTIVE", qPrintable(t["trial_id"].toString()));
            if (state == "SUCCEEDED" || state == "STOPPED_EARLY") {
                ++finished;
                QVERIFY(t["metric_value"].toDouble() > 0.5);
                QVERIFY(!t["intermediate"].toArray().isEmpty());
            } else {  // the trial that was running when Ctrl-C came
                QCOMPARE(state, QString("FAILED"));
                QCOMPARE(t["error"].toString(), QString("cancelled"));
            }
        }
        QVERIFY(finished >= 2);
    }

    /// kill -9: the next command that opens the store finds the run INTERRUPTED, its finished
    /// trials intact.
    void killed()
    {
        COVERTYPE_REAL_DATA(data);
        const QString db = store("sigkill");
        LiveTune live;
        live.start(tune(write("many-killed.yaml", courseYaml(1000, 1, false)), db));
        QVERIFY2(live.waitForTrials(3), live.out().constData());
        // Killed while a trial runs, so one is cut short: stopped (SIGSTOP) until the store
        // shows a trial started and not finished, then killed as it stands.
        // The store is read directly, read-only: `runs show` would wait for the write lock a
        // stopped process may hold.
        QSqlDatabase reader = QSqlDatabase::addDatabase("QSQLITE", "killed-reader");
        reader.setDatabaseName(db);
        reader.setConnectOptions("QSQLITE_OPEN_READONLY");
        QVERIFY(reader.open());
        const auto running = [&] {
            live.signal(SIGSTOP);
            QSqlQuery q(reader);
            const bool active = q.exec("SELECT count(*) FROM trials WHERE state = 'ACTIVE'") &&
                                q.next() && q.value(0).toInt() > 0;
            if (!active)
                live.signal(SIGCONT);
            return active;
        };
        QTRY_VERIFY_WITH_TIMEOUT(running(), 20000);
        live.signal(SIGKILL);
        reader.close();
        QVERIFY(live.waitForFinished(kProcessTimeoutMs));
        QCOMPARE(live.process().exitStatus(), QProcess::CrashExit);
        const qint64 id = live.runId();
        QCOMPARE(id, qint64(1));
        const QStringList printed = finishedTrialLines(live.out());

        Result r = run({"runs", "list", "--store", db, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = jsonArray(r.out);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject()["state"].toString(), QString("INTERRUPTED"));
        QVERIFY(list[0].toObject()["succeeded_trials"].toInt() >= printed.size());

        const QJsonObject details = show(id, db);
        QCOMPARE(details["state"].toString(), QString("INTERRUPTED"));
        QVERIFY2(details["message"].toString().startsWith("interrupted: its process"),
                 qPrintable(details["message"].toString()));
        const QJsonArray trials = details["trials"].toArray();
        QVERIFY(trials.size() >= printed.size());
        QSet<QString> stored;
        for (const auto &v : trials) {
            const QJsonObject t = v.toObject();
            const QString state = t["state"].toString();
            if (state == "SUCCEEDED") {
                stored.insert(t["trial_id"].toString());
                QVERIFY(t["metric_value"].toDouble() > 0.5);
                QVERIFY(!t["intermediate"].toArray().isEmpty());
            } else {  // the trial that was running when the process died
                QCOMPARE(state, QString("FAILED"));
                QCOMPARE(t["error"].toString(), QString("interrupted"));
            }
        }
        for (const QString &trial : printed)
            QVERIFY2(stored.contains(trial), qPrintable(trial));

        // opening the store again changes nothing more
        QCOMPARE(show(id, db)["trials"].toArray(), trials);

        // Resumed, the trial cut short runs again first, under its id and with its values,
        // and does not count toward maxTrials: k finished + 2 more = maxTrials k + 2.
        QJsonObject cut;
        for (const auto &v : trials)
            if (v.toObject()["state"].toString() == "FAILED")
                cut = v.toObject();
        QVERIFY(!cut.isEmpty());
        const int finished = int(stored.size());
        const QByteArray resumeYaml = courseYaml(finished + 2, 1, false, QByteArray::number(id));
        Result resumed = run(tune(write("resume-killed.yaml", resumeYaml), db) << "--json");
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const QJsonArray all = jsonObject(resumed.out)["trials"].toArray();
        QCOMPARE(all.size(), finished + 2);
        const QJsonObject again = all[finished].toObject();
        QCOMPARE(again["trial_id"], cut["trial_id"]);
        QCOMPARE(again["parameters"], cut["parameters"]);
        QCOMPARE(again["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(all[finished + 1].toObject()["trial_id"].toString(),
                 QString::number(cut["trial_id"].toString().toInt() + 1));
        const Result text = run(tune(write("resume-text.yaml", resumeYaml), db));
        QVERIFY2(text.out.contains(QByteArray("resuming run ") + QByteArray::number(id) + ": " +
                                   QByteArray::number(finished) +
                                   " finished trials kept, 1 unfinished run again first"),
                 text.out.constData());
    }

    void badConfig_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QByteArray yaml = courseYaml(6, 9);
        QTest::newRow("parallel > trials")
            << yaml << "hyperparameters.maxParallelTrials: 9 parallel trials exceed the 6 trials";
        yaml = kCourseYaml;
        yaml.replace("minValue: 0.0001", "minValue: 0.01");
        QTest::newRow("min > max") << yaml
                                   << "hyperparameters.params[1].minValue: minValue 0.01 is "
                                      "greater than maxValue 0.001";
        QTest::newRow("resume a malformed id")
            << courseYaml(6, 3, true, "job_x") << "resumePreviousJobId 'job_x': expected a run id";
        QTest::newRow("resume an unknown run") << courseYaml(6, 3, true, "77") << "no run 77";
    }

    /// An invalid config stops tune before it runs, naming the field.
    /// A feature cell the trainer cannot use is an error on stderr naming the file's line, before
    /// any trial runs (it was a FAILED run on stdout naming a row of the training split, or a
    /// SUCCEEDED one scored on NaN). A quoted line break before it moves the line on.
    void unusableCellsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("what");
        QTest::newRow("NULL") << QByteArray("") << "is NULL";
        QTest::newRow("NaN") << QByteArray("NaN") << "holds NaN";
        QTest::newRow("inf") << QByteArray("-inf") << "holds -inf";
    }
    void unusableCellsNameTheLine()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, what);
        COVERTYPE_REAL_DATA(data);
        QFile real(data);
        QVERIFY(real.open(QIODevice::ReadOnly));
        QList<QByteArray> lines;
        while (lines.size() < 400)
            lines << real.readLine();
        // Line 258 of the file: data row 256, whose Elevation (the first column) goes bad; a
        // Wilderness_Area value quoted over two lines on line 10 puts it on line 259.
        QList<QByteArray> fields = lines[257].split(',');
        fields[0] = value;
        lines[257] = fields.join(',');
        QByteArray text = lines.join();
        const QString plain = write("bad-cell.csv", text);
        QList<QByteArray> quoted = lines[9].split(',');
        quoted[10] = "\"" + quoted[10] + "\n\"";
        lines[9] = quoted.join(',');
        const QString shifted = write("bad-cell-quoted.csv", lines.join());
        for (const auto &[path, line] : {std::pair{plain, 258}, std::pair{shifted, 259}}) {
            const QString db = store("bad-cell");
            QStringList args = tune(m_course, db);
            args[args.indexOf("--data") + 1] = path;
            const Result r = run(args);
            QCOMPARE(r.exitCode, 1);
            const QString expected = QString(
                                         "%1:%2: column 'Elevation' %3; the trainer needs a "
                                         "finite number")
                                         .arg(path)
                                         .arg(line)
                                         .arg(what);
            QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
            QVERIFY(!r.out.contains("trial"));
        }
        // train names the line of its own file too.
        const QString job = m_dir.filePath("bad-cell-job");
        const Result r = run({"train", "--job_dir", job, "--training_dataset_path", plain,
                              "--validation_dataset_path", plain});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(plain.toUtf8() + ":258: column 'Elevation' "), r.err.constData());
    }

    void badConfig()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        COVERTYPE_REAL_DATA(data);
        const QString db = store(QString("bad-%1").arg(
            QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression("\\W+"), "-")));
        Result r = run(tune(write("bad.yaml", yaml), db) << "--json");
        QVERIFY2(r.exitCode == 1 || r.exitCode == 2, qPrintable(QString::number(r.exitCode)));
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
        QVERIFY(r.out.isEmpty());
        r = run({"runs", "list", "--store", db, "--json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonArray(r.out).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliTune)
#include "tst_cli_tune.moc"
