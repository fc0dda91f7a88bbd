// End-to-end tests of `covertype config check` and `covertype config convert`.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "testsupport.h"

namespace {

using Result = covertype::test::ProcessResult;

Result run(const QStringList &args,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env);
}

const QByteArray kCourseYaml = covertype::test::kCourseConfigYaml;

}  // namespace

class TestCliConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_course;

    QString write(const QString &name, const QByteArray &contents)
    {
        return covertype::test::writeFile(m_dir.path(), name, contents);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_course = write("config.yaml", kCourseYaml);
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("start");
        QTest::newRow("config") << QStringList{"config", "--help"} << "Usage: covertype config";
        QTest::newRow("check") << QStringList{"config", "check", "--help"}
                               << "Usage: covertype config check FILE";
        QTest::newRow("convert") << QStringList{"config", "convert", "--help"}
                                 << "Usage: covertype config convert --from FILE";
    }

    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, start);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.out).startsWith(start), r.out.constData());
    }

    void checkValid()
    {
        const Result r = run({"config", "check", m_course});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out),
                 m_course + ": valid (2 parameters, 6 trials, algorithm ALGORITHM_UNSPECIFIED)\n");
        QVERIFY(r.err.isEmpty());
    }

    void checkProblems_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QStringList>("expected");
        QByteArray twoProblems = kCourseYaml;
        twoProblems.replace("maxParallelTrials: 3", "maxParallelTrials: 8")
            .replace("parameterName: alpha", "parameterName: eta0");
        QTest::newRow("invalid yaml config")
            << twoProblems
            << QStringList{
                   ": trainingInput.hyperparameters.maxParallelTrials: 8 parallel trials "
                   "exceed the 6 trials",
                   ": trainingInput.hyperparameters.params[1].parameterName: unknown "
                   "parameter 'eta0': the trainer accepts alpha and max_iter",
                   ": 2 problems"};
        QTest::newRow("invalid vertex config")
            << QByteArray(
                   R"({"studySpec": {"metrics": [{"metricId": "accuracy", "goal": "MAXIMIZE"}],
                "parameters": [{"parameterId": "alpha",
                                "doubleValueSpec": {"minValue": 0.01, "maxValue": 0.001}}]},
                "maxTrialCount": "4", "parallelTrialCount": "2"})")
            << QStringList{
                   ": studySpec.parameters[0].doubleValueSpec.minValue: minValue 0.01 is "
                   "greater than maxValue 0.001"};
        QTest::newRow("a billion trials")
            << QByteArray(kCourseYaml)
                   .replace("maxTrials: 6", "maxTrials: 1000000000")
                   .replace("maxParallelTrials: 3", "maxParallelTrials: 1000000000")
            << QStringList{
                   ": trainingInput.hyperparameters.maxTrials: must be between 1 and 10000, "
                   "got 1000000000",
                   ": trainingInput.hyperparameters.maxParallelTrials: must be between 1 "
                   "and 256, got 1000000000"};
        QTest::newRow("max_iter past int32")
            << QByteArray(kCourseYaml)
                   .replace("discreteValues: [500, 1000]", "discreteValues: [500, 3000000000]")
            << QStringList{
                   ": trainingInput.hyperparameters.params[0].discreteValues[1]: max_iter "
                   "values must be whole numbers from 1 to 1000000, got 3000000000"};
        QTest::newRow("unknown field")
            << QByteArray(kCourseYaml).replace("maxTrials", "maxTrial")
            << QStringList{":4:5: trainingInput.hyperparameters.maxTrial: unknown field (known: "};
        QTest::newRow("malformed JSON")
            << QByteArray("{\"hyperparameters\": {\n  \"goal\": \"MAXIMIZE\"\n  \"maxTrials\": 2}}")
            << QStringList{":3:3: malformed JSON: "};
        QTest::newRow("wrong type")
            << QByteArray(kCourseYaml).replace("minValue: 0.0001", "minValue: a")
            << QStringList{
                   ":14:17: trainingInput.hyperparameters.params[1].minValue: expected a number, "
                   "got string \"a\""};
    }

    void checkProblems()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QStringList, expected);
        const QString file = write(QString("check-%1.cfg").arg(QTest::currentDataTag()), contents);
        const Result r = run({"config", "check", file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        for (const QString &e : expected)
            QVERIFY2(err.contains(file + e), qPrintable("missing '" + file + e + "' in:\n" + err));
    }

    void checkMissingFile()
    {
        const QString missing = m_dir.filePath("nope.yaml");
        const Result r = run({"config", "check", missing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains("cannot open " + missing), r.err.constData());
    }

    void convertRoundTrip()
    {
        // yaml -> vertex -> json -> yaml gives the course text back.
        const Result vertex = run({"config", "convert", "--from", m_course, "--to", "vertex"});
        QCOMPARE(vertex.exitCode, 0);
        QJsonParseError error;
        const QJsonObject job = QJsonDocument::fromJson(vertex.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(job["maxTrialCount"].toInt(), 6);
        QVERIFY(job["studySpec"].toObject().contains("medianAutomatedStoppingSpec"));

        const Result json =
            run({"config", "convert", "--from", write("job.json", vertex.out), "--to", "json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject hp =
            QJsonDocument::fromJson(json.out, &error).object()["hyperparameters"].toObject();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(hp["hyperparameterMetricTag"].toString(), QString("accuracy"));
        QCOMPARE(hp["enableTrialEarlyStopping"].toBool(), true);

        const Result yaml =
            run({"config", "convert", "--from", write("settings.json", json.out), "--to", "yaml"});
        QCOMPARE(yaml.exitCode, 0);
        QCOMPARE(yaml.out, kCourseYaml);
        QVERIFY(yaml.err.isEmpty());
    }

    void convertWarnsAboutDroppedFields()
    {
        QByteArray withResume = kCourseYaml;
        withResume.replace("    params:", "    resumePreviousJobId: tuning_1\n    params:");
        const QString file = write("resume.yaml", withResume);
        const Result r = run({"config", "convert", "--from", file, "--to", "vertex"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("resumePreviousJobId has no Vertex AI equivalent"),
                 r.err.constData());
        QVERIFY(!r.out.contains("tuning_1"));
    }

    void convertRefusesInvalid()
    {
        QByteArray bad = kCourseYaml;
        bad.replace("maxTrials: 6", "maxTrials: 0");
        const QString file = write("bad.yaml", bad);
        const Result r = run({"config", "convert", "--from", file, "--to", "json"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(
                     "trainingInput.hyperparameters.maxTrials: must be between 1 and 10000, got 0"),
                 r.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no subcommand") << QStringList{"config"} << "Usage: covertype config";
        QTest::newRow("unknown subcommand")
            << QStringList{"config", "lint"} << "unknown subcommand 'lint'";
        QTest::newRow("check without file") << QStringList{"config", "check"} << "give the FILE";
        QTest::newRow("check two files")
            << QStringList{"config", "check", "a", "b"} << "give one FILE";
        QTest::newRow("check unknown option")
            << QStringList{"config", "check", "--strict", "a"} << "unknown option --strict";
        QTest::newRow("convert without --from")
            << QStringList{"config", "convert", "--to", "yaml"} << "--from is required";
        QTest::newRow("convert without --to")
            << QStringList{"config", "convert", "--from", "x"} << "--to is required";
        QTest::newRow("convert bad form")
            << QStringList{"config", "convert", "--from", "x", "--to", "toml"}
            << "--to must be yaml, json or vertex, got 'toml'";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliConfig)
#include "tst_cli_config.moc"
