// End-to-end tests of `covertype deploy`, `deployments`, `pipeline run --deploy local` and
// `predict` (batch CSV and --endpoint): what a user reads, the registry and run store they leave.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "fakehttpserver.h"
#include "testsupport.h"
#include "training/trainer.h"

namespace {

using Result = covertype::test::ProcessResult;
using covertype::test::FakeHttpServer;
using covertype::test::FakeReply;
using covertype::test::FakeRequest;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject jsonObject(const QByteArray &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isObject() ? doc.object() : QJsonObject();
}

QJsonArray jsonArray(const QByteArray &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isArray() ? doc.array() : QJsonArray();
}

const QByteArray kHeader =
    "Elevation,Aspect,Slope,Horizontal_Distance_To_Hydrology,Vertical_Distance_To_Hydrology,"
    "Horizontal_Distance_To_Roadways,Hillshade_9am,Hillshade_Noon,Hillshade_3pm,"
    "Horizontal_Distance_To_Fire_Points,Wilderness_Area,Soil_Type,Cover_Type";

/// A line of the lab CSV (no quotes) as a gcloud instance: the 12 features in table order.
QByteArray instanceOf(const QByteArray &csvLine)
{
    const QList<QByteArray> f = csvLine.trimmed().split(',');
    QByteArray out = "[";
    for (int i = 0; i < 12; ++i)
        out += (i ? "," : "") + (i < 10 ? f[i] : "\"" + f[i] + "\"");
    return out + "]";
}

/// Synthetic lab rows in CSV form, with a quoted `note` column first holding commas, quotes and
/// newlines.
QByteArray quotedCsv(int rows, bool crlf)
{
    const QByteArray eol = crlf ? "\r\n" : "\n";
    QByteArray out = "note," + kHeader + eol;
    const char *areas[] = {"Rawah", "Neota", "Commanche", "Cache"};
    const char *soils[] = {"C7745", "C7202", "C4703", "C2705"};
    for (int r = 0; r < rows; ++r) {
        QByteArray note = r % 3 == 0   ? "\"line one\nline two, with \"\"quotes\"\"\""
                          : r % 3 == 1 ? "plain"
                                       : "\"\"";
        out += note + "," + QByteArray::number(2000 + (r * 37) % 1500) + "," +
               QByteArray::number((r * 11) % 360) + "," + QByteArray::number(r % 40) +
               ",30,5,4886,232,243,139,1456," + areas[r % 4] + "," + soils[r % 4] + "," +
               QByteArray::number(1 + r % 7) + eol;
        if (r % 50 == 7)
            out += eol;  // a blank line carries no record
    }
    return out;
}

}  // namespace

class TestCliDeploy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert("XDG_DATA_HOME", m_dir.filePath("xdg-data"));  // never the user's files
        m_env.remove("COVERTYPE_TOKEN");
        for (uint64_t seed : {1u, 2u}) {
            covertype::TrainParams params;
            params.seed = seed;
            params.maxIter = 20;
            auto outcome = covertype::trainModel(
                covertype::test::labRows(500, seed, true, 6,
                                         covertype::test::LabWilderness::LeansToClass),
                params);
            QVERIFY(outcome.has_value());
            const QString path = m_dir.filePath(QStringLiteral("model%1.json").arg(seed));
            QVERIFY(outcome->model.save(path.toStdString()).has_value());
            m_models << path;
        }
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("deploy") << QStringList{"deploy", "--help"}
                                << "Usage: covertype deploy --model FILE --version V";
        QTest::newRow("deployments")
            << QStringList{"deployments", "--help"} << "Usage: covertype deployments list";
        QTest::newRow("list") << QStringList{"deployments", "list", "--help"}
                              << "Usage: covertype deployments list [--registry DIR]";
        QTest::newRow("undeploy") << QStringList{"deployments", "undeploy", "--help"}
                                  << "Usage: covertype deployments undeploy NAME VERSION";
        QTest::newRow("predict") << QStringList{"predict", "--help"}
                                 << "covertype predict --endpoint URL --json-instances FILE";
        QTest::newRow("pipeline") << QStringList{"pipeline", "run", "--help"}
                                  << "--deploy none|local|vertex [--registry DIR]";
    }
    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.out).contains(expected), r.out.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no version")
            << QStringList{"deploy", "--model", "m.json"} << "--version is required";
        QTest::newRow("bad version")
            << QStringList{"deploy", "--model", "m.json", "--version", "1x"}
            << "--version: version name '1x' must start with a letter";
        QTest::newRow("bad name") << QStringList{"deploy", "--model", "m.json", "--version",
                                                 "v1",     "--name",  "a-b"}
                                  << "--name: model name 'a-b': character 2 '-' is not allowed";
        QTest::newRow("no subcommand") << QStringList{"deployments"} << "expected list";
        QTest::newRow("one argument") << QStringList{"deployments", "set-default", "m"}
                                      << "give the model NAME and the VERSION";
        QTest::newRow("list argument")
            << QStringList{"deployments", "list", "m"} << "unexpected argument 'm'";
        QTest::newRow("undeploy bad name")
            << QStringList{"deployments", "undeploy", "m", "v.1"} << "version name 'v.1'";
        QTest::newRow("predict two sources")
            << QStringList{"predict", "--model", "m", "--endpoint", "http://x", "--data", "d"}
            << "give either --model FILE or --endpoint URL";
        QTest::newRow("predict no input") << QStringList{"predict", "--model", "m"}
                                          << "give either --json-instances FILE or --data";
        QTest::newRow("predict no out") << QStringList{"predict", "--model", "m", "--data", "d"}
                                        << "--data needs --out FILE.csv";
        QTest::newRow("endpoint csv")
            << QStringList{"predict", "--endpoint", "http://x", "--data", "d", "--out", "o"}
            << "--endpoint takes --json-instances";
        QTest::newRow("bad endpoint")
            << QStringList{"predict", "--endpoint", "ftp://x", "--json-instances", "i"}
            << "is not an http:// or https:// URL";
        QTest::newRow("token without endpoint")
            << QStringList{"predict", "--model", "m", "--json-instances", "i", "--token", "t"}
            << "--token and --timeout go with --endpoint";
        QTest::newRow("pipeline target")
            << QStringList{"pipeline", "run", "--data", "d", "--config", "c", "--deploy", "gcs"}
            << "--deploy must be none, local or vertex, got 'gcs'";
        QTest::newRow("pipeline registry")
            << QStringList{"pipeline", "run", "--data", "d", "--config", "c", "--registry", "r"}
            << "--registry goes with --deploy local";
        QTest::newRow("pipeline version")
            << QStringList{"pipeline", "run",      "--data", "d",         "--config",
                           "c",        "--deploy", "local",  "--version", "1.0"}
            << "--version: version name '1.0' must start with a letter";
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

    /// deploy, list, set-default, undeploy: the registry and the run store agree at every step.
    void roundTrip()
    {
        const QString registry = m_dir.filePath("roundtrip/registry");
        const QString db = m_dir.filePath("roundtrip/runs.sqlite");
        const QStringList where{"--registry", registry};
        const QStringList deployBase = QStringList{"--registry", registry, "--store", db};

        // a model that is not one: nothing is written anywhere
        const QString bad = covertype::test::writeFile(m_dir.path(), "bad-model.json", "{}");
        Result r = run(QStringList{"deploy", "--model", bad, "--version", "v01"} + deployBase);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(bad.toUtf8()), r.err.constData());
        QVERIFY(!QFileInfo::exists(registry));
        QVERIFY(!QFileInfo::exists(db));

        r = run(QStringList{"deploy", "--model", m_models[0], "--version", "v01", "--json"} +
                deployBase);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject out = jsonObject(r.out);
        QCOMPARE(out["target"].toString(), QString("local"));
        QCOMPARE(out["model"].toString(), QString("covertype_classifier"));
        QCOMPARE(out["version"].toString(), QString("v01"));
        QCOMPARE(out["default"], QJsonValue(true));
        QCOMPARE(out["registry"].toString(), registry);
        QCOMPARE(out["model_path"].toString(),
                 registry + "/covertype_classifier/versions/v01/model.json");
        QCOMPARE(readAll(out["model_path"].toString()), readAll(m_models[0]));
        const qint64 firstRun = out["run_id"].toInteger();
        const qint64 firstDeployment = out["deployment_id"].toInteger();

        // the same version again: refused, pointing at --replace
        r = run(QStringList{"deploy", "--model", m_models[1], "--version", "v01"} + deployBase);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("version 'v01' of model 'covertype_classifier' is already "
                                "deployed") &&
                     r.err.contains("--replace"),
                 r.err.constData());

        // a second version, text output
        r = run(QStringList{"deploy", "--model", m_models[1], "--version", "v02"} + deployBase);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(
            r.out.startsWith("deployed " + m_models[1].toUtf8() +
                             " as covertype_classifier/v02\nregistry: " + registry.toUtf8() + "\n"),
            r.out.constData());

        r = run(QStringList{"deployments", "list", "--json"} + where);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonArray list = jsonArray(r.out);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject()["version"].toString(), QString("v01"));
        QCOMPARE(list[0].toObject()["default"], QJsonValue(true));
        QCOMPARE(list[1].toObject()["version"].toString(), QString("v02"));
        QCOMPARE(list[1].toObject()["default"], QJsonValue(false));
        QVERIFY(!list[1].toObject()["created_at"].toString().isEmpty());

        r = run(QStringList{"deployments", "set-default", "covertype_classifier", "v02"} + where);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run(QStringList{"deployments", "list"} + where);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY2(lines[0].startsWith("model ") && lines[0].contains("version  default"),
                 r.out.constData());
        QVERIFY2(!lines[1].contains("*") && lines[2].contains(" v02 ") && lines[2].contains("*"),
                 r.out.constData());

        r = run(QStringList{"deployments", "set-default", "covertype_classifier", "v09"} + where);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("has no version 'v09'"), r.err.constData());

        // replace v01 with the other model: the old record becomes UNDEPLOYED
        r = run(QStringList{"deploy", "--model", m_models[1], "--version", "v01", "--replace",
                            "--json"} +
                deployBase);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        out = jsonObject(r.out);
        QCOMPARE(out["default"], QJsonValue(false));
        QCOMPARE(readAll(registry + "/covertype_classifier/versions/v01/model.json"),
                 readAll(m_models[1]));
        const qint64 secondRun = out["run_id"].toInteger();
        QVERIFY(secondRun != firstRun);  // the other model: registered by its own run
        QJsonArray deployments = show(firstRun, db)["deployments"].toArray();
        QCOMPARE(deployments.size(), 1);
        QCOMPARE(deployments[0].toObject()["id"].toInteger(), firstDeployment);
        QCOMPARE(deployments[0].toObject()["state"].toString(), QString("UNDEPLOYED"));

        // the default cannot go while other versions exist
        r = run(QStringList{"deployments", "undeploy", "covertype_classifier", "v02"} + where);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("is the default of model 'covertype_classifier'"),
                 r.err.constData());
        r = run(
            QStringList{"deployments", "undeploy", "covertype_classifier", "v01", "--store", db} +
            where);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run(
            QStringList{"deployments", "undeploy", "covertype_classifier", "v02", "--store", db} +
            where);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!QFileInfo::exists(registry + "/covertype_classifier"));
        r = run(QStringList{"deployments", "list"} + where);
        QCOMPARE(r.out, "(no deployments in " + registry.toUtf8() + ")\n");
        r = run(QStringList{"deployments", "undeploy", "covertype_classifier", "v02"} + where);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no model 'covertype_classifier'"), r.err.constData());

        // every record of the second model ended UNDEPLOYED; the run is a registration
        const QJsonObject second = show(secondRun, db);
        QCOMPARE(second["kind"].toString(), QString("train"));
        QCOMPARE(second["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(second["models"].toArray()[0].toObject()["path"].toString(), m_models[1]);
        deployments = second["deployments"].toArray();
        QCOMPARE(deployments.size(), 2);  // v02, then v01 (replace)
        for (const auto &d : deployments) {
            QCOMPARE(d.toObject()["target"].toString(), QString("local"));
            QCOMPARE(d.toObject()["state"].toString(), QString("UNDEPLOYED"));
        }
    }

    /// The pipeline deploys past the gate only; an impossible deployment stops it before it runs.
    void pipelineDeploysPastTheGate()
    {
        COVERTYPE_REAL_DATA(data);
        QByteArray yaml = covertype::test::kCourseConfigYaml;
        yaml.replace("maxTrials: 6", "maxTrials: 2");
        yaml.replace("maxParallelTrials: 3", "maxParallelTrials: 2");
        const QString config = covertype::test::writeFile(m_dir.path(), "two.yaml", yaml);
        const QString registry = m_dir.filePath("pipeline/registry");
        const QString db = m_dir.filePath("pipeline/runs.sqlite");
        const QStringList base{"pipeline", "run",        "--config", config,   "--data",
                               data,       "--store",    db,         "--json", "--deploy",
                               "local",    "--registry", registry};

        Result r = run(QStringList(base) << "--threshold"
                                         << "0.0"
                                         << "--version"
                                         << "v07");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject out = jsonObject(r.out);
        QCOMPARE(out["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(out["gate"].toObject()["passed"], QJsonValue(true));
        const QJsonObject deployed = out["deployed"].toObject();
        QCOMPARE(deployed["target"].toString(), QString("local"));
        QCOMPARE(deployed["model"].toString(), QString("covertype_classifier"));
        QCOMPARE(deployed["version"].toString(), QString("v07"));
        QCOMPARE(readAll(registry + "/covertype_classifier/versions/v07/model.json"),
                 readAll(out["model_path"].toString()));
        QCOMPARE(readAll(registry + "/covertype_classifier/default"), QByteArray("v07\n"));
        const qint64 runId = out["run_id"].toInteger();
        const QJsonArray deployments = show(runId, db)["deployments"].toArray();
        QCOMPARE(deployments.size(), 1);
        QCOMPARE(deployments[0].toObject()["state"].toString(), QString("DEPLOYED"));
        QCOMPARE(deployments[0].toObject()["version"].toString(), QString("v07"));

        // the same version again is refused before anything runs
        r = run(QStringList(base) << "--threshold"
                                  << "0.0"
                                  << "--version"
                                  << "v07");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("already deployed") && r.err.contains("--replace"),
                 r.err.constData());
        QVERIFY(r.out.isEmpty());

        // a gate that fails deploys nothing
        r = run(QStringList(base) << "--threshold"
                                  << "0.99"
                                  << "--version"
                                  << "v08");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        out = jsonObject(r.out);
        QCOMPARE(out["gate"].toObject()["passed"], QJsonValue(false));
        QCOMPARE(out["deployed"], QJsonValue(QJsonValue::Null));
        QVERIFY(!QFileInfo::exists(registry + "/covertype_classifier/versions/v08"));
        QCOMPARE(show(out["run_id"].toInteger(), db)["deployments"].toArray().size(), 0);
        r = run({"deployments", "list", "--registry", registry, "--json"});
        QCOMPARE(jsonArray(r.out).size(), 1);
        r = run({"runs", "list", "--store", db, "--json"});
        QCOMPARE(jsonArray(r.out).size(), 2);
    }

    /// Batch prediction of the shared 75k file agrees with --json-instances, whatever the chunks.
    void batchPredictRealFile()
    {
        COVERTYPE_REAL_DATA(data);
        const QString out = m_dir.filePath("batch/out.csv");
        Result r = run({"predict", "--model", m_models[0], "--data", data, "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, "wrote 75000 predictions to " + out.toUtf8() + "\n");
        const QByteArray input = readAll(data);
        const QByteArray output = readAll(out);
        const QList<QByteArray> in = input.trimmed().split('\n');
        const QList<QByteArray> got = output.trimmed().split('\n');
        QCOMPARE(got.size(), 75001);
        QCOMPARE(got[0], kHeader + ",predicted_Cover_Type");

        const QList<int> sample{1, 2, 3, 4, 5, 1000, 37501, 74999, 75000};
        QByteArray instances;
        for (int i : sample) {
            QVERIFY2(got[i].startsWith(in[i].trimmed() + ","), got[i].constData());
            instances += instanceOf(in[i]) + "\n";
        }
        const QString instancesFile =
            covertype::test::writeFile(m_dir.path(), "sample.json", instances);
        r = run({"predict", "--model", m_models[0], "--json-instances", instancesFile});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray expected = jsonObject(r.out)["predictions"].toArray();
        QCOMPARE(expected.size(), sample.size());
        for (int k = 0; k < sample.size(); ++k)
            QCOMPARE(got[sample[k]].split(',').last().toInt(), expected[k].toInt());

        // many small chunks: byte for byte the same file
        const QString chunked = m_dir.filePath("batch/chunked.csv");
        r = run({"predict", "--model", m_models[0], "--data", data, "--out", chunked,
                 "--chunk-bytes", "50000"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(readAll(chunked), output);

        // probabilities agree with the JSON ones
        const QString probs = m_dir.filePath("batch/probs.csv");
        r = run(
            {"predict", "--model", m_models[0], "--data", data, "--out", probs, "--probabilities"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> withProbs = readAll(probs).trimmed().split('\n');
        QVERIFY2(withProbs[0].startsWith(kHeader + ",predicted_Cover_Type,probability_"),
                 withProbs[0].constData());
        const QList<QByteArray> columns = withProbs[0].split(',');
        r = run({"predict", "--model", m_models[0], "--json-instances", instancesFile,
                 "--probabilities"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray expectedProbs = jsonObject(r.out)["predictions"].toArray();
        for (int k = 0; k < sample.size(); ++k) {
            const QList<QByteArray> cells = withProbs[sample[k]].split(',');
            const QJsonObject p = expectedProbs[k].toObject();
            QCOMPARE(cells[13].toInt(), p["label"].toInt());
            for (int c = 14; c < columns.size(); ++c) {
                const QString cls =
                    QString::fromUtf8(columns[c].mid(QByteArray("probability_").size()));
                QCOMPARE(cells[c].toDouble(), p["probabilities"].toObject()[cls].toDouble());
            }
        }
    }

    /// Quoted fields with newlines, CRLF, a BOM and blank lines survive any chunking unchanged.
    void batchPredictQuotedRecords()
    {
        QByteArray csv = "\xEF\xBB\xBF" + quotedCsv(300, true);
        const QString input = covertype::test::writeFile(m_dir.path(), "quoted.csv", csv);
        QVERIFY(csv.size() > 3 * 4096);
        const QString whole = m_dir.filePath("quoted-out.csv");
        Result r = run({"predict", "--model", m_models[1], "--data", input, "--out", whole});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, "wrote 300 predictions to " + whole.toUtf8() + "\n");
        const QByteArray output = readAll(whole);
        QVERIFY(output.startsWith("note," + kHeader + ",predicted_Cover_Type\n"));
        QVERIFY(output.contains("\n\"line one\nline two, with \"\"quotes\"\"\",2000,0,0,"));
        QVERIFY(!output.contains('\r'));  // records end with LF
        for (const char *chunk : {"1", "100", "5000"}) {
            const QString path = m_dir.filePath(QStringLiteral("quoted-%1.csv").arg(chunk));
            r = run({"predict", "--model", m_models[1], "--data", input, "--out", path,
                     "--chunk-bytes", chunk});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QCOMPARE(readAll(path), output);
        }
        // the output loads as a table with one more column and every row
        r = run({"info", "--data", whole, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject info = jsonObject(r.out);
        QCOMPARE(info["rows"].toInt(), 300);
        QCOMPARE(info["columns"].toArray().size(), 15);
    }

    /// Bad input names the file and the line (counting quoted newlines); no output is left.
    void batchPredictErrors_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::addColumn<QString>("expected");
        // quotedCsv(30): 30 records + 1 blank line; 10 records hold one quoted newline each, so
        // the file's next line is 1 + 30 + 1 + 10 + 1 = 43.
        QTest::newRow("field count")
            << QByteArray("plain,3092,163,13,30,5,4886,232,243,139,1456,Rawah,1\n")
            << ":43: expected 14 fields as in the header, found 13";
        QTest::newRow("bad number")
            << QByteArray("plain,3092,steep,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n")
            << ":43, column 3 'Aspect': 'steep' is not a valid FLOAT64";
        QTest::newRow("empty number")
            << QByteArray("plain,,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n")
            << ":43, column 2 'Elevation': empty value";
        QTest::newRow("bad label")
            << QByteArray("plain,3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,9\n")
            << ":43, column 14 'Cover_Type': unknown Cover_Type '9'";
        QTest::newRow("unterminated quote")
            << QByteArray(
                   "plain,3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
                   "\"never closed\n,3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7,1\n")
            << ":44: unterminated quoted field (opened on line 44)";
    }
    void batchPredictErrors()
    {
        QFETCH(QByteArray, tail);
        QFETCH(QString, expected);
        const QString input =
            covertype::test::writeFile(m_dir.path(), "bad.csv", quotedCsv(30, false) + tail);
        const QString out = m_dir.filePath("bad-out.csv");
        covertype::test::writeFile(m_dir.path(), "bad-out.csv", "an older file\n");
        for (const char *chunk : {"4194304", "200"}) {
            const Result r = run({"predict", "--model", m_models[0], "--data", input, "--out", out,
                                  "--chunk-bytes", chunk});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(QString::fromUtf8(r.err).contains(input + expected), r.err.constData());
            QCOMPARE(readAll(out), QByteArray("an older file\n"));  // untouched
            QCOMPARE(QDir(m_dir.path()).entryList({"bad-out.csv.*"}, QDir::Files | QDir::Hidden),
                     QStringList());
        }
    }

    void batchPredictBadFiles()
    {
        const QString out = m_dir.filePath("never.csv");
        const auto predict = [&](const QString &input) {
            return run({"predict", "--model", m_models[0], "--data", input, "--out", out});
        };
        Result r = predict(covertype::test::writeFile(m_dir.path(), "empty.csv", ""));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("empty.csv: empty file"), r.err.constData());
        r = predict(covertype::test::writeFile(m_dir.path(), "header.csv", kHeader + "\n\n"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("header.csv: no data rows after the header"), r.err.constData());
        r = predict(covertype::test::writeFile(m_dir.path(), "columns.csv", "a,b\n1,2\n"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("columns.csv:1: header is missing required columns Elevation"),
                 r.err.constData());
        r = predict(covertype::test::writeFile(
            m_dir.path(), "again.csv",
            kHeader +
                ",predicted_Cover_Type\n3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1,2\n"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("already has a column 'predicted_Cover_Type'"), r.err.constData());
        r = predict(m_dir.filePath("absent.csv"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("absent.csv"), r.err.constData());
        QVERIFY(!QFileInfo::exists(out));
    }

    /// predict --endpoint: the request a server sees, its reply printed, its errors reported.
    void endpoint()
    {
        FakeHttpServer server([](const FakeRequest &request) {
            if (request.path.contains("missing"))
                return FakeReply{404, R"({"error": "no model 'missing'"})"};
            const QJsonObject body = QJsonDocument::fromJson(request.body).object();
            if (body["instances"].toArray().size() > 2)
                return FakeReply{400,
                                 R"({"error": "instance 2: field 1 'Aspect': expected a number"})"};
            if (body["parameters"].toObject()["probabilities"].toBool())
                return FakeReply{
                    200,
                    R"({"predictions": [{"label": 2, "probabilities": {"1": 0.25, "2": 0.75}}]})"};
            return FakeReply{200, R"({"predictions": [1, 2]})"};
        });
        const QString two = covertype::test::writeFile(
            m_dir.path(), "two.json",
            "[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, \"Commanche\", \"C4758\"]\n\n"
            "{\"Elevation\": 3092}\n");
        Result r =
            run({"predict", "--endpoint", server.url(), "--json-instances", two, "--token", "abc"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("{\"predictions\":[1,2]}\n"));
        auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(1));
        QCOMPARE(requests[0].method, QByteArray("POST"));
        QCOMPARE(requests[0].path, QByteArray("/v1/models/covertype_classifier:predict"));
        QCOMPARE(requests[0].headers.value("authorization"), QByteArray("Bearer abc"));
        const QJsonObject sent = QJsonDocument::fromJson(requests[0].body).object();
        QCOMPARE(sent["instances"].toArray().size(), 2);
        QCOMPARE(sent["instances"].toArray()[1].toObject()["Elevation"].toInt(), 3092);
        QVERIFY(!sent.contains("parameters"));

        // a full URL is used as given; --probabilities asks the server for them
        QProcessEnvironment env = m_env;
        env.insert("COVERTYPE_TOKEN", "from-env");
        r = run({"predict", "--endpoint", server.url("/v1/models/m/versions/v2:predict"),
                 "--json-instances", two, "--probabilities"},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("{\"predictions\":[{\"label\":2,"), r.out.constData());
        requests = server.requests();
        QCOMPARE(requests.back().path, QByteArray("/v1/models/m/versions/v2:predict"));
        QCOMPARE(requests.back().headers.value("authorization"), QByteArray("Bearer from-env"));
        QCOMPARE(QJsonDocument::fromJson(requests.back().body)
                     .object()["parameters"]
                     .toObject()["probabilities"],
                 QJsonValue(true));

        // error replies print the server's message and exit 1
        const QString three =
            covertype::test::writeFile(m_dir.path(), "three.json", "[1]\n[2]\n[3]\n");
        r = run({"predict", "--endpoint", server.url(), "--json-instances", three});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("HTTP 400: instance 2: field 1 'Aspect': expected a number"),
                 r.err.constData());
        QVERIFY(r.out.isEmpty());
        r = run({"predict", "--endpoint", server.url("/v1/models/missing:predict"),
                 "--json-instances", two});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("HTTP 404: no model 'missing'"), r.err.constData());

        // a file that is not JSON lines is reported before any request
        const size_t before = server.requests().size();
        const QString broken =
            covertype::test::writeFile(m_dir.path(), "broken.json", "[1, 2]\n[3, \n");
        r = run({"predict", "--endpoint", server.url(), "--json-instances", broken});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("broken.json:2 (instance 1): not valid JSON"), r.err.constData());
        QCOMPARE(server.requests().size(), before);

        // nobody listening
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QString closed = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        r = run({"predict", "--endpoint", closed, "--json-instances", two});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains("POST " + closed.toUtf8() + "/v1/models/covertype_classifier:predict: "),
            r.err.constData());
    }

private:
    Result run(const QStringList &args) const { return run(args, m_env); }
    Result run(const QStringList &args, const QProcessEnvironment &env) const
    {
        return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env);
    }
    QJsonObject show(qint64 id, const QString &db) const
    {
        const Result r = run({"runs", "show", QString::number(id), "--store", db, "--json"});
        return jsonObject(r.out);
    }

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QStringList m_models;
};

QTEST_GUILESS_MAIN(TestCliDeploy)
#include "tst_cli_deploy.moc"
