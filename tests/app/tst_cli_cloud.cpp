// covertype cloud end to end against the fake Google Cloud, reached only through the variables
// users have: auth check, cp up and down, ls, rm, errors, and Ctrl-C cancelling an upload.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <random>

#include "fakegooglecloud.h"
#include "testsupport.h"

using covertype::fakecloud::FakeGoogleCloud;
using covertype::fakecloud::FaultRule;
using Result = covertype::test::ProcessResult;

class TestCliCloud : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const QString &name) const { return m_dir.filePath(name); }

    /// The environment of a user whose key file is in GOOGLE_APPLICATION_CREDENTIALS and whose
    /// endpoints point at the fake; nothing of this machine's gcloud configuration.
    QProcessEnvironment userEnvironment(FakeGoogleCloud &fake) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const auto &[name, value] : fake.environment())
            env.insert(QString::fromStdString(name), QString::fromStdString(value));
        env.remove("GCE_METADATA_HOST");
        env.remove("GCE_METADATA_IP");
        env.insert("NO_GCE_CHECK", "True");
        env.insert("CLOUDSDK_CONFIG", file("gcloud-config"));
        env.insert("COVERTYPE_RETRY_INITIAL_MS", "20");
        const QString key = file("key.json");
        fake.writeServiceAccountKey(key.toStdString());
        env.insert("GOOGLE_APPLICATION_CREDENTIALS", key);
        return env;
    }

    Result run(const QStringList &args, const QProcessEnvironment &env) const
    {
        return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env, 60000);
    }

private slots:
    void authCheck()
    {
        FakeGoogleCloud fake;
        QProcessEnvironment env = userEnvironment(fake);
        env.remove("CLOUDSDK_CORE_PROJECT");
        env.remove("GOOGLE_CLOUD_PROJECT");
        Result r = run({"cloud", "auth", "check"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("credentials  service account key " + file("key.json").toUtf8()));
        QVERIFY(r.out.contains("account      " +
                               QByteArray::fromStdString(fake.options().serviceAccountEmail)));
        QVERIFY(r.out.contains("project      fake-project  (from service account key"));
        QVERIFY(r.out.contains("region       us-central1  (from the default)"));
        QVERIFY(r.out.contains("access token obtained"));

        r = run({"cloud", "auth", "check", "--project", "other-project", "--region", "europe-west4",
                 "--json"},
                env);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(doc["project"].toString(), QString("other-project"));
        QCOMPARE(doc["project_source"].toString(), QString("--project"));
        QCOMPARE(doc["region"].toString(), QString("europe-west4"));
        QVERIFY(doc["token_expires_in_s"].toInt() > 3000);
        // The token is never printed (the fake's tokens start like Google's, "ya29.").
        QVERIFY(!r.out.contains("ya29.") && !r.err.contains("ya29."));
    }

    void noCredentials()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("GOOGLE_APPLICATION_CREDENTIALS");
        env.insert("CLOUDSDK_CONFIG", file("empty-config"));
        env.insert("NO_GCE_CHECK", "True");
        env.insert("PATH", file("empty-bin"));
        const Result r = run({"cloud", "auth", "check"}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith("covertype: error: no Google Cloud credentials"),
                 r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void copyListRemove()
    {
        FakeGoogleCloud fake;
        fake.createBucket("course-bucket");
        const QProcessEnvironment env = userEnvironment(fake);
        QFile data(file("data.csv"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write("Elevation,Cover_Type\n2596,5\n");
        data.close();

        Result r =
            run({"cloud", "cp", file("data.csv"), "gs://course-bucket/datasets/training/"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("copied " + file("data.csv").toUtf8() +
                                  " to gs://course-bucket/datasets/training/data.csv (28 bytes"),
                 r.out.constData());
        QCOMPARE(QByteArray::fromStdString(
                     fake.objectData("course-bucket", "datasets/training/data.csv").value_or("")),
                 QByteArray("Elevation,Cover_Type\n2596,5\n"));

        r = run({"cloud", "cp", "gs://course-bucket/datasets/training/data.csv",
                 "gs://course-bucket/copy/data.csv", "--json"},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["uri"].toString(),
                 QString("gs://course-bucket/copy/data.csv"));

        QDir().mkpath(file("down"));
        r = run({"cloud", "cp", "gs://course-bucket/copy/data.csv", file("down")}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile got(file("down/data.csv"));
        QVERIFY(got.open(QIODevice::ReadOnly));
        QCOMPARE(got.readAll(), QByteArray("Elevation,Cover_Type\n2596,5\n"));

        r = run({"cloud", "ls", "gs://course-bucket/"}, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("gs://course-bucket/copy/\ngs://course-bucket/datasets/\n"));
        r = run({"cloud", "ls", "gs://course-bucket", "--recursive"}, env);
        QCOMPARE(r.out, QByteArray("gs://course-bucket/copy/data.csv\n"
                                   "gs://course-bucket/datasets/training/data.csv\n"));

        r = run({"cloud", "rm", "gs://course-bucket/copy/", "--recursive"}, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("removed gs://course-bucket/copy/data.csv\n"));
        QVERIFY(!fake.objectData("course-bucket", "copy/data.csv").has_value());

        r = run({"cloud", "cp", "gs://course-bucket/missing.csv", file("x.csv")}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QByteArray("covertype: error: gs://course-bucket/missing.csv: no such "
                                   "object\n"));
        QVERIFY(!QFile::exists(file("x.csv")));
        r = run({"cloud", "cp", file("data.csv"), file("y.csv")}, env);
        QCOMPARE(r.exitCode, 2);
        r = run({"cloud", "cp", file("data.csv"), "gs://Bad_Bucket/x"}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Bad_Bucket"), r.err.constData());
    }

    /// gs:// wherever the local commands take a path: split --out, train's datasets and
    /// --job_dir (or AIP_MODEL_DIR), evaluate/predict --model, serve with AIP_STORAGE_URI; and
    /// an error in a gs:// file names the URI and the line.
    void gcsPathsInTheLocalCommands()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        fake.createBucket("course-bucket");
        const QProcessEnvironment env = userEnvironment(fake);
        QFile real(dataFile);
        QVERIFY(real.open(QIODevice::ReadOnly));
        QByteArray rows;
        for (int i = 0; i < 4001 && !real.atEnd(); ++i)
            rows += real.readLine();
        fake.putObject("course-bucket", "raw/covertype.csv", rows.toStdString(), "text/csv");

        Result r = run({"split", "--data", "gs://course-bucket/raw/covertype.csv", "--out",
                        "gs://course-bucket/split"},
                       env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const char *part : {"training", "validation", "testing"})
            QVERIFY2(fake.objectData("course-bucket",
                                     std::string("split/datasets/") + part + "/data.csv")
                         .has_value(),
                     part);
        QVERIFY(fake.objectData("course-bucket", "split/split.json").has_value());

        QProcessEnvironment vertex = env;  // a Vertex AI custom job gets its model dir this way
        vertex.insert("AIP_MODEL_DIR", "gs://course-bucket/job/model/");
        r = run({"train", "--training_dataset_path",
                 "gs://course-bucket/split/datasets/training/data.csv", "--validation_dataset_path",
                 "gs://course-bucket/split/datasets/validation/data.csv", "--alpha", "0.0001",
                 "--max_iter", "5", "--hptune", "False"},
                vertex);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("wrote gs://course-bucket/job/model/model.json"),
                 r.out.constData());
        QVERIFY(fake.objectData("course-bucket", "job/model/model.json").has_value());

        r = run({"evaluate", "--model", "gs://course-bucket/job/model/model.json", "--data",
                 "gs://course-bucket/split/datasets/testing/data.csv"},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("accuracy"), r.out.constData());

        // A broken cell in a gs:// file: the error names the URI and the file line.
        QByteArray broken = rows;
        const qsizetype line3 = broken.indexOf('\n', broken.indexOf('\n') + 1) + 1;
        broken.replace(line3, broken.indexOf(',', line3) - line3, "NaN");
        fake.putObject("course-bucket", "raw/broken.csv", broken.toStdString(), "text/csv");
        r = run({"train", "--training_dataset_path", "gs://course-bucket/raw/broken.csv",
                 "--validation_dataset_path", "gs://course-bucket/raw/covertype.csv", "--job_dir",
                 file("local-job"), "--max_iter", "2"},
                env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains("gs://course-bucket/raw/broken.csv:3: column 'Elevation' holds NaN"),
            r.err.constData());
        QVERIFY(!r.err.contains("covertype-gcs-"));

        // serve under the Vertex AI contract, the model in Cloud Storage.
        QProcessEnvironment serving = env;
        quint16 port = 0;
        {
            QTcpServer probe;  // a free port (Vertex AI gives the container one)
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        serving.insert("AIP_HTTP_PORT", QString::number(port));
        serving.insert("AIP_PREDICT_ROUTE", "/predict");
        serving.insert("AIP_HEALTH_ROUTE", "/health");
        serving.insert("AIP_STORAGE_URI", "gs://course-bucket/job/model");
        QProcess serve;
        serve.setProcessEnvironment(serving);
        serve.start(QStringLiteral(COVERTYPE_CLI), {"serve", "--host", "127.0.0.1"});
        QVERIFY(serve.waitForStarted());
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += serve.readAllStandardOutput()).contains("serving on") ||
                                     serve.state() != QProcess::Running,
                                 20000);
        QVERIFY2(serve.state() == QProcess::Running, serve.readAllStandardError().constData());
        QVERIFY2(said.contains("Vertex AI routes: POST /predict, GET /health"), said.constData());
        QTcpSocket health;
        health.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(health.waitForConnected(5000));
        health.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        while (health.waitForReadyRead(5000))
            answer += health.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));
        serving.insert("AIP_STORAGE_URI", "gs://course-bucket/nothing-here");
        r = run({"serve"}, serving);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("AIP_STORAGE_URI: gs://course-bucket/nothing-here/model.json: no "
                                "such object"),
                 r.err.constData());
    }

    /// The course's data path in BigQuery: bq load from a local file, then the split as query
    /// and extract jobs, its row counts equal to the local preview's and its files holding the
    /// same rows as `covertype split --out` writes.
    void bigQueryLoadAndSplit()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        fake.createBucket("course-bucket");
        const QProcessEnvironment env = userEnvironment(fake);
        QFile real(dataFile);
        QVERIFY(real.open(QIODevice::ReadOnly));
        QByteArray rows;
        for (int i = 0; i < 3001 && !real.atEnd(); ++i)
            rows += real.readLine();
        QFile part(file("part.csv"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(rows);
        part.close();

        Result r = run(
            {"cloud", "bq", "load", "--data", file("part.csv"), "--table",
             "fake-project.covertype_dataset.covertype", "--gcs-root", "gs://course-bucket/lab"},
            env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("loaded 3000 rows into fake-project.covertype_dataset.covertype"),
                 r.out.constData());
        QCOMPARE(
            fake.bigQueryRowCount("fake-project", "covertype_dataset", "covertype").value_or(0),
            size_t(3000));

        r = run({"cloud", "split", "--table", "fake-project.covertype_dataset.covertype",
                 "--gcs-root", "gs://course-bucket/lab", "--data", file("part.csv"), "--json"},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject splits = QJsonDocument::fromJson(r.out).object()["splits"].toObject();
        QCOMPARE(splits.size(), 3);
        r = run({"split", "--data", file("part.csv"), "--out", file("local-split")}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QString name : {"training", "validation", "testing"}) {
            const QJsonObject s = splits[name].toObject();
            QCOMPARE(s["rows"].toInt(), s["local_rows"].toInt());
            QVERIFY(s["rows"].toInt() > 0);
            const auto exported = fake.objectData(
                "course-bucket", ("lab/datasets/" + name + "/data.csv").toStdString());
            QVERIFY(exported.has_value());
            QFile local(file("local-split/datasets/" + name + "/data.csv"));
            QVERIFY(local.open(QIODevice::ReadOnly));
            // BigQuery promises no row order: compare the rows as sorted lines.
            QList<QByteArray> a = QByteArray::fromStdString(*exported).split('\n');
            QList<QByteArray> b = local.readAll().split('\n');
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            QCOMPARE(a, b);
        }
    }

    /// Ctrl-C during an upload the service is slow to take: the command stops within a second
    /// or two, says so, and exits non-zero; no object appears.
    void interruptCancels()
    {
        FakeGoogleCloud fake;
        fake.createBucket("slow-bucket");
        const QProcessEnvironment env = userEnvironment(fake);
        FaultRule slow;
        slow.pathRegex = "^/upload/";
        slow.delayMs = 20000;
        slow.times = 100;
        fake.addFault(slow);
        QFile data(file("big.bin"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(QByteArray(1 << 20, 'x'));
        data.close();

        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(COVERTYPE_CLI),
                      {"cloud", "cp", file("big.bin"), "gs://slow-bucket/big.bin"});
        QVERIFY(process.waitForStarted());
        // Wait until the upload reached the fake.
        // The token request is logged at once; the upload only when answered, so wait for the
        // token and then a little.
        QTRY_VERIFY2_WITH_TIMEOUT(!fake.requests().empty(),
                                  process.readAllStandardError().constData(), 10000);
        QTest::qWait(500);
        QElapsedTimer timer;
        timer.start();
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(5000));
        QVERIFY(timer.elapsed() < 3000);
        QCOMPARE(process.exitCode(), 1);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.contains("cancelling") && err.contains("cancelled"), err.constData());
        QVERIFY(!fake.objectData("slow-bucket", "big.bin").has_value());
    }
};

QTEST_GUILESS_MAIN(TestCliCloud)
#include "tst_cli_cloud.moc"
