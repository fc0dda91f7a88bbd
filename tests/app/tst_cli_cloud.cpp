// covertype cloud end to end against the fake Google Cloud, reached only through the variables
// users have: auth check, cp up and down, ls, rm, errors, and Ctrl-C cancelling an upload.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <random>
#include <utility>

#include "api/apiclient.h"
#include "fakegooglecloud.h"
#include "testsupport.h"
#include "vertex/vertexclient.h"
#include "vertex/vertexservice.h"

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

    /// The first `count` lines of the real data file (its header and count - 1 rows).
    static QByteArray firstLines(const QString &path, int count)
    {
        QFile real(path);
        QByteArray lines;
        if (real.open(QIODevice::ReadOnly))
            for (int i = 0; i < count && !real.atEnd(); ++i)
                lines += real.readLine();
        return lines;
    }

    /// The header and `rows` rows of the real data, every third row to validation.
    static std::pair<QByteArray, QByteArray> trainingAndValidation(const QString &path, int rows)
    {
        const QByteArray lines = firstLines(path, rows + 1);
        const qsizetype headerEnd = lines.indexOf('\n') + 1;
        QByteArray training = lines.left(headerEnd), validation = training;
        int i = 0;
        for (qsizetype at = headerEnd; at < lines.size(); ++i) {
            const qsizetype end = lines.indexOf('\n', at) + 1;
            const QByteArray line = lines.mid(at, end > 0 ? end - at : -1);
            (i % 3 == 0 ? validation : training) += line;
            at = end > 0 ? end : lines.size();
        }
        return {training, validation};
    }

    /// Writes `bytes` to file(name) and returns its path ("" when it cannot).
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        QFile out(file(name));
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
            return {};
        return out.fileName();
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
        const QByteArray rows = firstLines(dataFile, 4001);
        QVERIFY(!rows.isEmpty());
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
        QVERIFY(!writeFile("part.csv", firstLines(dataFile, 3001)).isEmpty());

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

    /// Vertex AI jobs and endpoints from the command line: list, show (with the best trial),
    /// cancel; an endpoint with a deployed model listed, queried and removed.
    void vertexJobsEndpointsPredict()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        const QProcessEnvironment env = userEnvironment(fake);
        const char *trainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";
        const char *server = "us-docker.pkg.dev/fake-project/covertype/serve:1";
        fake.setContainerCommand(trainer, {COVERTYPE_CLI, "train"});
        fake.setContainerCommand(server, {COVERTYPE_CLI, "serve"});
        const QByteArray rows = firstLines(dataFile, 1501);
        QVERIFY(!rows.isEmpty());
        fake.putObject("course-bucket", "data/train.csv", rows.toStdString());

        // The client side as the product uses it, to make the resources the commands show.
        auto key = covertype::cloud::credentialsFromFile(file("key.json").toStdString());
        QVERIFY(key.has_value());
        covertype::cloud::ApiClient api(
            std::make_shared<covertype::cloud::TokenProvider>(std::move(*key)));
        covertype::cloud::VertexClient vertex(api, fake.baseUrl() + "/", "fake-project",
                                              "us-central1");
        const nlohmann::json pool = {
            {"machineSpec", {{"machineType", "n1-standard-4"}}},
            {"replicaCount", "1"},
            {"containerSpec",
             {{"imageUri", trainer},
              {"args",
               {"--training_dataset_path=gs://course-bucket/data/train.csv",
                "--validation_dataset_path=gs://course-bucket/data/train.csv", "--hptune=True",
                "--max_iter=3"}}}}};
        const nlohmann::json tuning = {
            {"displayName", "cli-tuning"},
            {"studySpec",
             {{"metrics", {{{"metricId", "accuracy"}, {"goal", "MAXIMIZE"}}}},
              {"parameters",
               {{{"parameterId", "alpha"},
                 {"doubleValueSpec", {{"minValue", 0.0001}, {"maxValue", 0.001}}}}}}}},
            {"maxTrialCount", 2},
            {"parallelTrialCount", 2},
            {"trialJobSpec", {{"workerPoolSpecs", {pool}}}}};
        auto job = vertex.createJob(covertype::cloud::VertexJobKind::HyperparameterTuning, tuning,
                                    "cli-test");
        QVERIFY2(job.has_value(), job ? "" : job.error().message.c_str());
        const std::string name = (*job)["name"];
        const QString id = QString::fromStdString(name.substr(name.rfind('/') + 1));
        QVERIFY(vertex.waitForJob(name, {}, std::chrono::seconds(120)).has_value());

        Result r = run({"cloud", "jobs", "list"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(id.toUtf8()) && r.out.contains("JOB_STATE_SUCCEEDED") &&
                     r.out.contains("cli-tuning"),
                 r.out.constData());
        r = run({"cloud", "jobs", "show", id}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("trials    2 of 2") && r.out.contains("best      trial ") &&
                     r.out.contains("accuracy") && r.out.contains("alpha="),
                 r.out.constData());
        r = run({"cloud", "jobs", "show", "nope"}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("HTTP 404"), r.err.constData());

        // An endpoint serving a model trained by the product.
        const auto trained = covertype::test::runProcess(
            COVERTYPE_CLI,
            {"train", "--job_dir", "gs://course-bucket/model", "--max_iter", "3",
             "--training_dataset_path", "gs://course-bucket/data/train.csv",
             "--validation_dataset_path", "gs://course-bucket/data/train.csv"},
            env);
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        auto uploaded = vertex.uploadModel({{"model",
                                             {{"displayName", "covertype_classifier"},
                                              {"artifactUri", "gs://course-bucket/model"},
                                              {"containerSpec",
                                               {{"imageUri", server},
                                                {"predictRoute", "/predict"},
                                                {"healthRoute", "/health"}}}}}},
                                           std::chrono::seconds(60));
        QVERIFY(uploaded.has_value());
        auto endpoint = vertex.createEndpoint("cli-endpoint", {{"displayName", "cli"}},
                                              std::chrono::seconds(60));
        QVERIFY(endpoint.has_value());
        auto deployed = vertex.deployModel(
            (*endpoint)["name"],
            {{"deployedModel",
              {{"model", (*uploaded)["model"]},
               {"dedicatedResources",
                {{"machineSpec", {{"machineType", "n1-standard-2"}}}, {"minReplicaCount", 1}}}}},
             {"trafficSplit", {{"0", 100}}}},
            std::chrono::seconds(120));
        QVERIFY2(deployed.has_value(), deployed ? "" : deployed.error().message.c_str());
        const QString deployedId =
            QString::fromStdString((*deployed)["deployedModel"]["id"].get<std::string>());

        r = run({"cloud", "endpoints", "list"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("cli-endpoint  cli") &&
                     r.out.contains(("deployed " + deployedId + "  100%").toUtf8()),
                 r.out.constData());
        QFile instances(file("instances.json"));
        QVERIFY(instances.open(QIODevice::WriteOnly));
        instances.write(
            "[2596, 51, 3, 258, 0, 510, 221, 232, 148, 6279, \"Rawah\", \"C7745\"]\n"
            "[2590, 56, 2, 212, -6, 390, 220, 235, 151, 6225, \"Rawah\", \"C7745\"]\n");
        instances.close();
        r = run({"cloud", "predict", "--endpoint", "cli-endpoint", "--json-instances",
                 file("instances.json")},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject answer = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(answer["predictions"].toArray().size(), 2);
        QCOMPARE(answer["deployedModelId"].toString(), deployedId);

        r = run({"cloud", "endpoints", "delete", "cli-endpoint"}, env);
        QCOMPARE(r.exitCode, 1);  // it still serves a model
        r = run({"cloud", "endpoints", "undeploy", "cli-endpoint", deployedId}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({"cloud", "endpoints", "delete", "cli-endpoint"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.startsWith("deleted projects/"));
    }

    /// cloud tune: the course config as a Vertex AI tuning job whose trials run the real trainer
    /// on gs:// data; each finished trial lands in the run store as a local one would, with
    /// backend vertex and the job's name; the job is labelled with the run id.
    void vertexTuneRecordsTrials()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        const QProcessEnvironment env = userEnvironment(fake);
        const char *trainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";
        fake.setContainerCommand(trainer, {COVERTYPE_CLI, "train"});
        const auto [training, validation] = trainingAndValidation(dataFile, 1500);
        QVERIFY(!training.isEmpty());
        fake.putObject("course-bucket", "course/datasets/training/data.csv",
                       training.toStdString());
        fake.putObject("course-bucket", "course/datasets/validation/data.csv",
                       validation.toStdString());
        QFile config(file("tune-config.yaml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            "trainingInput:\n"
            "  hyperparameters:\n"
            "    goal: MAXIMIZE\n"
            "    maxTrials: 3\n"
            "    maxParallelTrials: 2\n"
            "    hyperparameterMetricTag: accuracy\n"
            "    params:\n"
            "    - parameterName: max_iter\n"
            "      type: DISCRETE\n"
            "      discreteValues: [5, 10]\n"
            "    - parameterName: alpha\n"
            "      type: DOUBLE\n"
            "      minValue: 0.00001\n"
            "      maxValue: 0.001\n"
            "      scaleType: UNIT_LINEAR_SCALE\n");
        config.close();
        const QString store = file("tune-runs.sqlite");
        Result r = run({"cloud", "tune", "--config", file("tune-config.yaml"), "--gcs-root",
                        "gs://course-bucket/course", "--trainer-image", trainer, "--store", store},
                       env);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        // The estimate of both modes comes first, before anything is submitted.
        QVERIFY2(r.err.contains("study: hyperparameterTuningJob") &&
                     r.err.contains("job: one customJob, covertype tune") &&
                     r.err.indexOf("Estimate: 3 trials, 2 at a time, on n1-standard-4") == 0,
                 r.err.constData());
        QVERIFY2(r.out.startsWith("run 1: 3 trials, 2 in parallel on Vertex AI (n1-standard-4, "
                                  "us-central1)") &&
                     r.out.count(" SUCCEEDED  accuracy 0.") == 3 &&
                     r.out.contains("best    trial ") &&
                     r.out.contains("run 1 JOB_STATE_SUCCEEDED"),
                 r.out.constData());

        r = run({"runs", "show", "1", "--store", store, "--json"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject shown = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(shown["backend"].toString(), QString("vertex"));
        QCOMPARE(shown["state"].toString(), QString("SUCCEEDED"));
        QVERIFY2(shown["remote_job"].toString().contains("/hyperparameterTuningJobs/"),
                 r.out.constData());
        const QJsonArray trials = shown["trials"].toArray();
        QCOMPARE(trials.size(), 3);
        for (const QJsonValue &t : trials) {
            const QJsonObject trial = t.toObject();
            QCOMPARE(trial["state"].toString(), QString("SUCCEEDED"));
            const double accuracy = trial["metric_value"].toDouble();
            QVERIFY2(accuracy > 0.3 && accuracy <= 1.0, r.out.constData());
            const QJsonObject parameters = trial["parameters"].toObject();
            QVERIFY(parameters.contains("alpha") && parameters.contains("max_iter"));
            const double alpha = parameters["alpha"].toDouble();
            QVERIFY(alpha >= 0.00001 && alpha <= 0.001);
        }
        // The job carries the run's label, for cloud cleanup --run.
        r = run({"cloud", "jobs", "list", "--filter", "labels.covertype-run=\"1\""}, env);
        QVERIFY2(r.exitCode == 0 && r.out.contains("covertype-run-1"), r.out.constData());

        // cloud train --from-run: the best trial's parameters in a custom job; its model is
        // checked and recorded with the run.
        double bestAccuracy = 0;
        QJsonObject bestParameters;
        for (const QJsonValue &t : trials)
            if (t.toObject()["metric_value"].toDouble() > bestAccuracy) {
                bestAccuracy = t.toObject()["metric_value"].toDouble();
                bestParameters = t.toObject()["parameters"].toObject();
            }
        r = run({"cloud", "train", "--gcs-root", "gs://course-bucket/course", "--from-run", "1",
                 "--trainer-image", trainer, "--store", store},
                env);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        const QString maxIter = QString::number(qint64(bestParameters["max_iter"].toDouble()));
        QVERIFY2(r.out.contains("params  max_iter=" + maxIter.toUtf8()) &&
                     r.out.contains(" alpha=") && r.err.contains("JOB_STATE_SUCCEEDED") &&
                     r.out.contains("model   gs://course-bucket/course/jobs/run-1-") &&
                     r.out.contains("/model/model.json (recorded with run 1)"),
                 (r.out + r.err).constData());
        r = run({"runs", "show", "1", "--store", store, "--json"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray models = QJsonDocument::fromJson(r.out).object()["models"].toArray();
        QCOMPARE(models.size(), 1);
        QVERIFY(models[0].toObject()["path"].toString().startsWith("gs://course-bucket/course/"));
        QCOMPARE(models[0].toObject()["sha256"].toString().size(), 64);
        // --mode job: one custom job runs `covertype tune` (the image's program in place of its
        // entrypoint); its trials come back through the trial log in the bucket.
        fake.setContainerProgram("/usr/local/bin/covertype", COVERTYPE_CLI);
        r = run(
            {"cloud", "tune", "--mode", "job", "--config", file("tune-config.yaml"), "--gcs-root",
             "gs://course-bucket/course", "--trainer-image", trainer, "--store", store},
            env);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.startsWith("run 2: 3 trials, 2 in parallel in one Vertex AI custom job") &&
                     r.out.contains("trials  gs://course-bucket/course/jobs/run-2/trials/") &&
                     r.out.count("trial ") >= 3 && r.out.contains("run 2 JOB_STATE_SUCCEEDED"),
                 r.out.constData());
        QVERIFY(fake.objectData("course-bucket", "course/jobs/run-2/trials/trial-000001.json"));
        QVERIFY(fake.objectData("course-bucket", "course/jobs/run-2/trials/summary.json"));
        r = run({"runs", "show", "2", "--store", store, "--json"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject jobRun = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(jobRun["backend"].toString(), QString("vertex"));
        QVERIFY(jobRun["remote_job"].toString().contains("/customJobs/"));
        QCOMPARE(jobRun["trials"].toArray().size(), 3);
        for (const QJsonValue &t : jobRun["trials"].toArray())
            QVERIFY2(t.toObject()["metric_value"].toDouble() > 0.3, r.out.constData());

        // cloud estimate needs no credentials; an unknown machine names the known ones.
        QProcessEnvironment offline = QProcessEnvironment::systemEnvironment();
        offline.insert("CLOUDSDK_CONFIG", file("no-gcloud-config"));
        offline.insert("NO_GCE_CHECK", "True");
        r = run({"cloud", "estimate", "--config", file("tune-config.yaml"), "--rows", "30000"},
                offline);
        QVERIFY2(r.exitCode == 0 && r.out.contains("Estimate: 3 trials, 2 at a time") &&
                     r.out.contains(" cheaper "),
                 (r.out + r.err).constData());
        r = run({"cloud", "estimate", "--config", file("tune-config.yaml"), "--rows", "30000",
                 "--machine-type", "n9-giant-1"},
                offline);
        QVERIFY2(r.exitCode != 0 && r.err.contains("n9-giant-1") && r.err.contains("n1-standard-4"),
                 r.err.constData());
        // Without a trainer image it says what to give.
        QProcessEnvironment bare = env;
        bare.remove("COVERTYPE_TRAINER_IMAGE");
        r = run({"cloud", "train", "--gcs-root", "gs://course-bucket/course"}, bare);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--trainer-image"), r.err.constData());
    }

    /// Faults of the work itself: a failing trial is recorded with the trainer's words and the
    /// other trials are kept; a job whose every trial fails, and a training job that fails, say
    /// why and exit 1, with what finished recorded.
    void failingTrialsAndJobs()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        const QProcessEnvironment env = userEnvironment(fake);
        // The real trainer, except that it refuses max_iter=5; and one that always fails.
        const char *picky = "us-docker.pkg.dev/fake-project/covertype/trainer:picky";
        const char *broken = "us-docker.pkg.dev/fake-project/covertype/trainer:broken";
        fake.setContainerCommand(picky, {"/bin/sh", "-c",
                                         "case \"$*\" in *--max_iter=5*) echo 'refusing "
                                         "max_iter=5' >&2; exit 3;; esac; exec \"$0\" train "
                                         "\"$@\"",
                                         COVERTYPE_CLI});
        fake.setContainerCommand(broken, {"/bin/sh", "-c", "echo 'no such data here' >&2; exit 2"});
        const auto [training, validation] = trainingAndValidation(dataFile, 900);
        QVERIFY(!training.isEmpty());
        fake.putObject("course-bucket", "f/datasets/training/data.csv", training.toStdString());
        fake.putObject("course-bucket", "f/datasets/validation/data.csv", validation.toStdString());
        QFile config(file("faults-config.yaml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            "trainingInput:\n  hyperparameters:\n    goal: MAXIMIZE\n    maxTrials: 2\n"
            "    maxParallelTrials: 2\n    hyperparameterMetricTag: accuracy\n"
            "    algorithm: GRID_SEARCH\n    params:\n"
            "    - parameterName: max_iter\n      type: DISCRETE\n"
            "      discreteValues: [5, 10]\n");
        config.close();
        const QString store = file("faults-runs.sqlite");
        const QStringList tune = {"cloud",      "tune",
                                  "--config",   file("faults-config.yaml"),
                                  "--gcs-root", "gs://course-bucket/f",
                                  "--store",    store};

        // One trial fails, one succeeds: the job succeeds and both are recorded.
        Result r = run(QStringList(tune) << "--trainer-image" << picky, env);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("INFEASIBLE") && r.out.contains("refusing max_iter=5") &&
                     r.out.contains(" SUCCEEDED  accuracy 0."),
                 r.out.constData());
        r = run({"runs", "show", "1", "--store", store, "--json"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonArray trials = QJsonDocument::fromJson(r.out).object()["trials"].toArray();
        QCOMPARE(trials.size(), 2);
        int infeasible = 0;
        for (const QJsonValue &t : trials)
            if (t.toObject()["state"].toString() == "INFEASIBLE") {
                ++infeasible;
                QVERIFY(t.toObject()["error"].toString().contains("refusing max_iter=5"));
            }
        QCOMPARE(infeasible, 1);

        // Every trial fails: the job fails, the run is FAILED with the service's reason, and its
        // trials are still there.
        r = run(QStringList(tune) << "--trainer-image" << broken, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("JOB_STATE_FAILED") && r.out.contains("no such data here"),
                 r.out.constData());
        r = run({"runs", "show", "2", "--store", store, "--json"}, env);
        const QJsonObject failedRun = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(failedRun["state"].toString(), QString("FAILED"));
        QCOMPARE(failedRun["trials"].toArray().size(), 2);

        // A final training job that fails says so, with the job's error.
        r = run({"cloud", "train", "--gcs-root", "gs://course-bucket/f", "--max_iter", "10",
                 "--trainer-image", broken},
                env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("the training job ended JOB_STATE_FAILED"), r.err.constData());
    }

    /// The whole pipeline on Vertex AI: tuning and the final training as jobs running the real
    /// trainer, the gate, a deploy to an endpoint that answers; everything labelled with the run
    /// and removed by cleanup.
    void pipelineOnVertex()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        const QProcessEnvironment env = userEnvironment(fake);
        const char *trainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";
        const char *server = "us-docker.pkg.dev/fake-project/covertype/serve:1";
        fake.setContainerCommand(trainer, {COVERTYPE_CLI, "train"});
        fake.setContainerCommand(server, {COVERTYPE_CLI, "serve"});
        fake.createBucket("course-bucket");
        auto settings = fake.vertex().settings();
        settings.operationPolls = 1;
        fake.vertex().setSettings(settings);
        const QByteArray rows = firstLines(dataFile, 4000);
        QVERIFY(!writeFile("pipeline-data.csv", rows).isEmpty());
        QFile config(file("pipeline-config.yaml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            "trainingInput:\n  hyperparameters:\n    goal: MAXIMIZE\n    maxTrials: 2\n"
            "    maxParallelTrials: 2\n    hyperparameterMetricTag: accuracy\n"
            "    params:\n    - parameterName: alpha\n      type: DOUBLE\n"
            "      minValue: 0.0001\n      maxValue: 0.001\n"
            "      scaleType: UNIT_LINEAR_SCALE\n");
        config.close();
        const QString store = file("pipeline-runs.sqlite");
        Result r = run({"pipeline",        "run",
                        "--data",          file("pipeline-data.csv"),
                        "--config",        file("pipeline-config.yaml"),
                        "--backend",       "vertex",
                        "--deploy",        "vertex",
                        "--gcs-root",      "gs://course-bucket/p",
                        "--trainer-image", trainer,
                        "--serving-image", server,
                        "--threshold",     "0.3",
                        "--store",         store,
                        "--out",           file("pipeline-out"),
                        "--json"},
                       env);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out["state"].toString(), QString("SUCCEEDED"));
        QCOMPARE(out["backend"].toString(), QString("vertex"));
        QCOMPARE(out["jobs"].toArray().size(), 2);  // the tuning job and the training job
        QCOMPARE(out["trials"].toArray().size(), 2);
        QVERIFY(out["gate"].toObject()["passed"].toBool());
        const QJsonObject deployed = out["deployed"].toObject();
        QCOMPARE(deployed["target"].toString(), QString("vertex"));
        QVERIFY2(deployed["endpoint"].toString().endsWith("/endpoints/covertype-classifier"),
                 r.out.constData());
        for (const QJsonValue &step : out["steps"].toArray())
            if (step.toObject()["name"].toString() == "tune" ||
                step.toObject()["name"].toString() == "train")
                QCOMPARE(step.toObject()["output"].toObject()["backend"].toString(),
                         QString("vertex"));
        // The model the training job wrote is the one the pipeline evaluated and deployed.
        QVERIFY(fake.objectData("course-bucket", "p/pipeline/run-1/training/model/model.json"));
        QVERIFY(fake.objectData("course-bucket", "p/models/covertype_classifier/v01/model.json"));

        QFile instances(file("pipeline-instances.json"));
        QVERIFY(instances.open(QIODevice::WriteOnly));
        instances.write("[2596, 51, 3, 258, 0, 510, 221, 232, 148, 6279, \"Rawah\", \"C7745\"]\n");
        instances.close();
        r = run({"cloud", "predict", "--endpoint", "covertype-classifier", "--json-instances",
                 file("pipeline-instances.json")},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({"runs", "show", "1", "--store", store, "--json"}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject shown = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(shown["backend"].toString(), QString("vertex"));
        QVERIFY2(r.out.contains("\"target\": \"vertex\"") &&
                     r.out.contains("/endpoints/covertype-classifier"),
                 r.out.constData());

        // Everything the run made goes with cleanup: two jobs, the endpoint, the model.
        r = run({"cloud", "cleanup", "--run", "1"}, env);
        QVERIFY2(r.exitCode == 0 && r.out.contains("4 removed, 0 could not be removed"),
                 (r.out + r.err).constData());

        // --table: the split step is BigQuery's query and extract jobs, as the course makes it.
        r = run({"cloud", "bq", "load", "--data", file("pipeline-data.csv"), "--table",
                 "fake-project.covertype_dataset.covertype", "--gcs-root", "gs://course-bucket/bq"},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({"pipeline", "run", "--table", "fake-project.covertype_dataset.covertype",
                 "--config", file("pipeline-config.yaml"), "--backend", "vertex", "--gcs-root",
                 "gs://course-bucket/bqp", "--trainer-image", trainer, "--threshold", "0.3",
                 "--store", store, "--out", file("pipeline-out2"), "--json"},
                env);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        const QJsonObject second = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(second["state"].toString(), QString("SUCCEEDED"));
        const QJsonObject split = second["steps"].toArray()[0].toObject()["output"].toObject();
        QCOMPARE(split["source"].toString(), QString("bigquery"));
        qint64 total = 0;
        for (const char *name : {"training", "validation", "testing"}) {
            total += split[name].toObject()["rows"].toInteger();
            QVERIFY(fake.objectData("course-bucket",
                                    std::string("bqp/datasets/") + name + "/data.csv"));
        }
        QVERIFY2(total > 0 && total < rows.count('\n'), r.out.constData());
    }

    /// cloud deploy as a checklist: a model deployed and queried; a second deploy of the same
    /// version refused; a deploy whose container never serves removes what it made; cleanup
    /// removes what a run made.
    void vertexDeployAndCleanup()
    {
        COVERTYPE_REAL_DATA(dataFile);
        FakeGoogleCloud fake;
        const QProcessEnvironment env = userEnvironment(fake);
        const char *server = "us-docker.pkg.dev/fake-project/covertype/serve:1";
        const char *broken = "us-docker.pkg.dev/fake-project/covertype/serve:broken";
        fake.setContainerCommand(server, {COVERTYPE_CLI, "serve"});
        fake.setContainerCommand(broken, {"/bin/sleep", "60"});
        fake.createBucket("course-bucket");
        auto settings = fake.vertex().settings();
        settings.deployTimeout = std::chrono::milliseconds(1500);
        settings.operationPolls = 1;  // polling is tested with the client; here, the steps
        fake.vertex().setSettings(settings);
        QVERIFY(!writeFile("deploy-train.csv", firstLines(dataFile, 1501)).isEmpty());
        const auto trained =
            covertype::test::runProcess(COVERTYPE_CLI,
                                        {"train", "--job_dir", file("deploy-model"), "--max_iter",
                                         "3", "--training_dataset_path", file("deploy-train.csv"),
                                         "--validation_dataset_path", file("deploy-train.csv")},
                                        env);
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        const QString model = file("deploy-model/model.json");

        const QStringList deploy = {"cloud",           "deploy",
                                    "--model",         model,
                                    "--version",       "v1",
                                    "--serving-image", server,
                                    "--gcs-root",      "gs://course-bucket/wb",
                                    "--run",           "7"};
        Result r = run(deploy, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("[ok] upload the model to Vertex AI") &&
                     r.err.contains("[ok] create endpoint ") &&
                     r.err.contains("[ok] deploy on n1-standard-2 and wait until it serves"),
                 r.err.constData());
        QVERIFY2(r.out.startsWith("deployed covertype_classifier v1 on projects/") &&
                     r.out.contains("/locations/us-central1/endpoints/covertype-classifier\n"),
                 r.out.constData());
        QVERIFY(fake.objectData("course-bucket", "wb/models/covertype_classifier/v1/model.json"));
        QFile instances(file("deploy-instances.json"));
        QVERIFY(instances.open(QIODevice::WriteOnly));
        instances.write("[2596, 51, 3, 258, 0, 510, 221, 232, 148, 6279, \"Rawah\", \"C7745\"]\n");
        instances.close();
        r = run({"cloud", "predict", "--endpoint", "covertype-classifier", "--json-instances",
                 file("deploy-instances.json")},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["predictions"].toArray().size(), 1);

        // The same version again is refused before anything is made.
        r = run(deploy, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("already deployed") && !r.err.contains("[ok] upload"),
                 r.err.constData());

        // A serving container that never answers: the deploy fails and undoes itself.
        r = run({"cloud", "deploy", "--model", model, "--name", "other_model", "--version", "v1",
                 "--serving-image", broken, "--gcs-root", "gs://course-bucket/wb", "--run", "7"},
                env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("[FAILED] deploy on n1-standard-2") &&
                     r.err.contains("[removed] remove model projects/") &&
                     r.err.contains("/locations/us-central1/endpoints/other-model\n") &&
                     r.err.contains("[removed] remove endpoint projects/") &&
                     r.err.contains("[removed] remove gs://course-bucket/wb/models/other_model/"),
                 r.err.constData());
        QVERIFY(!fake.objectData("course-bucket", "wb/models/other_model/v1/model.json"));
        r = run({"cloud", "endpoints", "list"}, env);
        QVERIFY2(r.exitCode == 0 && r.out.contains("covertype-classifier") &&
                     !r.out.contains("other-model"),
                 r.out.constData());

        // cleanup --run: what run 7 made (the endpoint and its model) goes, after a dry run.
        r = run({"cloud", "cleanup", "--run", "7", "--dry-run"}, env);
        QVERIFY2(r.exitCode == 0 && r.out.contains("/endpoints/covertype-classifier\n") &&
                     r.out.contains("/locations/us-central1/models/") &&
                     r.out.count("would remove ") == 2,
                 r.out.constData());
        r = run({"cloud", "cleanup", "--run", "7"}, env);
        QVERIFY2(r.exitCode == 0 && r.out.contains("2 removed, 0 could not be removed"),
                 (r.out + r.err).constData());
        r = run({"cloud", "endpoints", "list"}, env);
        QVERIFY2(r.exitCode == 0 && r.out.trimmed().isEmpty(), r.out.constData());
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
