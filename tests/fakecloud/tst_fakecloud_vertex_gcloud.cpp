// The fake Vertex AI held to a client nobody here wrote: the real Google Cloud CLI creates a
// tuning job from a study-spec config, a custom job, uploads a model, creates an endpoint,
// deploys the model (the real `covertype serve`) and predicts, and describes what it made. What
// gcloud sends the fake must accept; what the fake answers gcloud must parse.
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "fakegooglecloud.h"
#include "testgcloud.h"
#include "testhttp.h"
#include "testsupport.h"
#include "vertex/vertexservice.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr const char *kTrainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";
constexpr const char *kServer = "us-docker.pkg.dev/fake-project/covertype/server:1";
constexpr const char *kLocation = "/v1/projects/fake-project/locations/us-central1";

using Run = CliRun;

/// The first group of `pattern` in `text`, "" when it does not match.
std::string capture(const std::string &text, const std::string &pattern)
{
    std::smatch m;
    return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : std::string();
}

}  // namespace

class TestFakeCloudVertexGcloud : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<FakeGoogleCloud> m_cloud;
    QProcessEnvironment m_env;
    QString m_train, m_valid;
    std::string m_token;

    Run gcloud(const QStringList &args)
    {
        return runCli(QStringLiteral("gcloud"), args, m_env, m_dir.path());
    }

    json get(const std::string &path)
    {
        test::HttpCall call;
        call.url = m_cloud->baseUrl() + path;
        call.bearer = m_token;
        const auto r = test::httpCall(call);
        return r.status == 200 ? json::parse(r.body) : json();
    }

    /// Polls a job over plain HTTP (cheaper than gcloud) until it ends.
    json waitForJob(const std::string &name)
    {
        const auto end = std::chrono::steady_clock::now() + 240s;
        while (std::chrono::steady_clock::now() < end) {
            const json job = get("/v1/" + name);
            const std::string state = job.value("state", "");
            if (job.is_null() || state == "JOB_STATE_SUCCEEDED" || state == "JOB_STATE_FAILED" ||
                state == "JOB_STATE_CANCELLED")
                return job;
            std::this_thread::sleep_for(100ms);
        }
        return json();
    }

    /// No request gcloud sent was refused by the schema.
    void noRequestRefused()
    {
        for (const auto &entry : m_cloud->requests())
            QVERIFY2(entry.status != 400 || entry.target.find(":predict") != std::string::npos,
                     (entry.method + " " + entry.target).c_str());
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("gcloud")).isEmpty())
            QSKIP("gcloud (the Google Cloud CLI) is not on PATH");
        COVERTYPE_REAL_DATA(real);
        QVERIFY(m_dir.isValid());
        m_cloud = std::make_unique<FakeGoogleCloud>();
        m_token = m_cloud->issueToken();
        auto settings = m_cloud->vertex().settings();
        settings.operationPolls = 1;  // gcloud backs off between polls: keep the run short
        m_cloud->vertex().setSettings(settings);
        m_cloud->setContainerCommand(kTrainer, {COVERTYPE_CLI, "train"});
        m_cloud->setContainerCommand(kServer, {COVERTYPE_CLI, "serve"});
        // Nothing of the user's: no credentials, configuration or proxy reaches gcloud.
        m_env = isolatedGcloudEnvironment(*m_cloud, m_dir.path());

        std::ifstream in(real.toStdString());
        std::string header, line, train, valid;
        std::getline(in, header);
        train = valid = header + "\n";
        for (int i = 0; i < 2000 && std::getline(in, line); ++i)
            (i < 1200 ? train : valid) += line + "\n";
        m_train = m_dir.filePath("train.csv");
        m_valid = m_dir.filePath("valid.csv");
        std::ofstream(m_train.toStdString()) << train;
        std::ofstream(m_valid.toStdString()) << valid;
    }

    void tuningJobFromAStudySpecConfig()
    {
        // gcloud's --config format: a HyperparameterTuningJob's studySpec and trialJobSpec.
        const std::string config =
            "studySpec:\n"
            "  metrics:\n"
            "  - metricId: accuracy\n"
            "    goal: MAXIMIZE\n"
            "  parameters:\n"
            "  - parameterId: alpha\n"
            "    scaleType: UNIT_LOG_SCALE\n"
            "    doubleValueSpec:\n"
            "      minValue: 0.0001\n"
            "      maxValue: 0.01\n"
            "  - parameterId: max_iter\n"
            "    discreteValueSpec:\n"
            "      values: [10, 20]\n"
            "  algorithm: RANDOM_SEARCH\n"
            "trialJobSpec:\n"
            "  workerPoolSpecs:\n"
            "  - machineSpec:\n"
            "      machineType: n1-standard-4\n"
            "    replicaCount: 1\n"
            "    containerSpec:\n"
            "      imageUri: " +
            std::string(kTrainer) +
            "\n"
            "      args:\n"
            "      - --job_dir=" +
            m_dir.filePath("tune").toStdString() +
            "\n"
            "      - --training_dataset_path=" +
            m_train.toStdString() +
            "\n"
            "      - --validation_dataset_path=" +
            m_valid.toStdString() +
            "\n"
            "      - --hptune=True\n"
            "  baseOutputDirectory:\n"
            "    outputUriPrefix: gs://bkt/tuning\n";
        std::ofstream(m_dir.filePath("study.yaml").toStdString()) << config;
        m_cloud->clearRequests();
        const Run create =
            gcloud({"ai", "hp-tuning-jobs", "create", "--region=us-central1",
                    "--display-name=covertype-tuning", "--config=study.yaml", "--max-trial-count=3",
                    "--parallel-trial-count=2", "--labels=run=r1"});
        QVERIFY2(create.exitCode == 0, create.err.c_str());
        const std::string id = capture(create.err + create.out, R"(job \[(\d+)\] submitted)");
        QVERIFY2(!id.empty(), create.err.c_str());
        noRequestRefused();
        const json job = waitForJob(
            "projects/123456789012/locations/us-central1/"
            "hyperparameterTuningJobs/" +
            id);
        QVERIFY2(job.value("state", "") == "JOB_STATE_SUCCEEDED", job.dump().c_str());

        const Run describe = gcloud({"ai", "hp-tuning-jobs", "describe", QString::fromStdString(id),
                                     "--region=us-central1", "--format=json"});
        QVERIFY2(describe.exitCode == 0, describe.err.c_str());
        const json described = json::parse(describe.out, nullptr, false);
        QVERIFY2(!described.is_discarded(), describe.out.c_str());
        QCOMPARE(described.value("state", ""), std::string("JOB_STATE_SUCCEEDED"));
        QCOMPARE(described["labels"].value("run", ""), std::string("r1"));
        QCOMPARE(described["trials"].size(), size_t(3));
        for (const auto &trial : described["trials"]) {
            QCOMPARE(trial.value("state", ""), std::string("SUCCEEDED"));
            const double accuracy = trial["finalMeasurement"]["metrics"][0]["value"];
            QVERIFY(accuracy > 0.3 && accuracy <= 1.0);
        }
    }

    void customJobUploadDeployAndPredict()
    {
        const std::string modelDir = m_dir.filePath("final").toStdString();
        const std::string config =
            "workerPoolSpecs:\n"
            "- machineSpec:\n"
            "    machineType: n1-standard-4\n"
            "  replicaCount: 1\n"
            "  containerSpec:\n"
            "    imageUri: " +
            std::string(kTrainer) +
            "\n"
            "    args: [--job_dir=" +
            modelDir + ", --training_dataset_path=" + m_train.toStdString() +
            ", --validation_dataset_path=" + m_valid.toStdString() +
            ", --max_iter=10, --hptune=False]\n";
        std::ofstream(m_dir.filePath("custom.yaml").toStdString()) << config;
        m_cloud->clearRequests();
        const Run custom = gcloud({"ai", "custom-jobs", "create", "--region=us-central1",
                                   "--display-name=final", "--config=custom.yaml"});
        QVERIFY2(custom.exitCode == 0, custom.err.c_str());
        const std::string jobName = capture(
            custom.err + custom.out, R"((projects/\d+/locations/us-central1/customJobs/\d+))");
        QVERIFY2(!jobName.empty(), custom.err.c_str());
        const json job = waitForJob(jobName);
        QVERIFY2(job.value("state", "") == "JOB_STATE_SUCCEEDED", job.dump().c_str());
        QVERIFY(QFileInfo::exists(QString::fromStdString(modelDir + "/model.json")));

        const Run upload =
            gcloud({"ai", "models", "upload", "--region=us-central1", "--display-name=covertype",
                    QString("--container-image-uri=") + kServer,
                    QString::fromStdString("--artifact-uri=" + modelDir),
                    "--container-predict-route=/predict", "--container-health-route=/health"});
        QVERIFY2(upload.exitCode == 0, upload.err.c_str());
        const json models = get(std::string(kLocation) + "/models");
        QCOMPARE(models["models"].size(), size_t(1));
        const std::string model = models["models"][0]["name"];
        const std::string modelId = model.substr(model.rfind('/') + 1);

        const Run endpoint = gcloud({"ai", "endpoints", "create", "--region=us-central1",
                                     "--display-name=covertype", "--endpoint-id=4242"});
        QVERIFY2(endpoint.exitCode == 0, endpoint.err.c_str());
        QVERIFY2(endpoint.err.find("endpoints/4242") != std::string::npos, endpoint.err.c_str());

        const Run deploy =
            gcloud({"ai", "endpoints", "deploy-model", "4242", "--region=us-central1",
                    QString::fromStdString("--model=" + modelId), "--display-name=v1",
                    "--machine-type=n1-standard-2", "--traffic-split=0=100"});
        QVERIFY2(deploy.exitCode == 0, deploy.err.c_str());
        const json deployed = get(std::string(kLocation) + "/endpoints/4242");
        QCOMPARE(deployed["deployedModels"].size(), size_t(1));
        const std::string deployedId = deployed["deployedModels"][0]["id"];
        QVERIFY2(deploy.err.find(deployedId) != std::string::npos, deploy.err.c_str());
        noRequestRefused();

        // Two instances of the validation rows, numbers as numbers.
        const std::string request =
            R"({"instances": [{"Elevation": 2991, "Aspect": 119, "Slope": 7, )"
            R"("Horizontal_Distance_To_Hydrology": 67, "Vertical_Distance_To_Hydrology": 11, )"
            R"("Horizontal_Distance_To_Roadways": 1015, "Hillshade_9am": 233, "Hillshade_Noon": 234, )"
            R"("Hillshade_3pm": 133, "Horizontal_Distance_To_Fire_Points": 1570, )"
            R"("Wilderness_Area": "Commanche", "Soil_Type": "C7202"}]})";
        std::ofstream(m_dir.filePath("request.json").toStdString()) << request;
        const Run predict = gcloud({"ai", "endpoints", "predict", "4242", "--region=us-central1",
                                    "--json-request=request.json", "--format=json"});
        QVERIFY2(predict.exitCode == 0, predict.err.c_str());
        const json predicted = json::parse(predict.out, nullptr, false);
        QVERIFY2(!predicted.is_discarded() && predicted.is_object(), predict.out.c_str());
        QCOMPARE(predicted["predictions"].size(), size_t(1));
        QVERIFY(predicted["predictions"][0].is_number_integer());
        QCOMPARE(predicted.value("deployedModelId", ""), deployedId);
        QCOMPARE(predicted.value("model", ""), model);
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudVertexGcloud)
#include "tst_fakecloud_vertex_gcloud.moc"
