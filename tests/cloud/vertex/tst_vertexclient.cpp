// The Vertex AI client against the fake: a tuning job made from the course's config.yaml that
// trains on gs:// data with the real trainer and is followed to its end, a create whose answer
// was lost taken instead of repeated, and a model uploaded, deployed, queried and removed. Every
// request the client sends is checked against Google's descriptor.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "api/apiclient.h"
#include "fakegooglecloud.h"
#include "testsupport.h"
#include "tuning/tuningspec.h"
#include "vertex/schema.h"
#include "vertex/vertexclient.h"
#include "vertex/vertexservice.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::fakecloud::FakeGoogleCloud;
using covertype::fakecloud::FaultRule;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr const char *kTrainer = "us-central1-docker.pkg.dev/fake-project/covertype/trainer:1";
constexpr const char *kServer = "us-central1-docker.pkg.dev/fake-project/covertype/serve:1";

constexpr const char *kCourseConfig = R"(trainingInput:
  hyperparameters:
    goal: MAXIMIZE
    maxTrials: 4
    maxParallelTrials: 2
    hyperparameterMetricTag: accuracy
    enableTrialEarlyStopping: TRUE
    params:
    - parameterName: max_iter
      type: DISCRETE
      discreteValues: [
          5,
          10
          ]
    - parameterName: alpha
      type: DOUBLE
      minValue:  0.00001
      maxValue:  0.001
      scaleType: UNIT_LINEAR_SCALE
)";

const char *msg(const auto &e)
{
    return e ? "" : e.error().message.c_str();
}

}  // namespace

class TestVertexClient : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QByteArray m_training, m_validation;

    struct Fixture
    {
        FakeGoogleCloud fake;
        std::shared_ptr<TokenProvider> tokens;
        std::unique_ptr<ApiClient> api;
        std::unique_ptr<VertexClient> vertex;
    };
    std::unique_ptr<Fixture> fixture()
    {
        auto f = std::make_unique<Fixture>();
        const std::string key = m_dir.filePath("key.json").toStdString();
        f->fake.writeServiceAccountKey(key);
        f->tokens = std::make_shared<TokenProvider>(std::move(*credentialsFromFile(key)));
        RetryPolicy policy;
        policy.initialDelay = 20ms;
        policy.maxDelay = 200ms;
        f->api = std::make_unique<ApiClient>(f->tokens, policy);
        f->vertex = std::make_unique<VertexClient>(*f->api, f->fake.baseUrl() + "/", "fake-project",
                                                   "us-central1");
        f->fake.setContainerCommand(kTrainer, {COVERTYPE_CLI, "train"});
        f->fake.setContainerCommand(kServer, {COVERTYPE_CLI, "serve"});
        f->fake.putObject("course-bucket", "data/training.csv", m_training.toStdString());
        f->fake.putObject("course-bucket", "data/validation.csv", m_validation.toStdString());
        return f;
    }

    /// Every create request the fake received validates against the descriptor.
    static void requestsValidate(const std::string &path, const json &body)
    {
        auto schema = covertype::fakecloud::vertex::Schema::shared();
        QVERIFY2(schema.has_value(), schema ? "" : schema.error().c_str());
        const auto problem = (*schema)->validateRequest("POST", path, body);
        QVERIFY2(!problem, problem ? problem->c_str() : "");
    }

    json tuningJob() const
    {
        auto spec = parseTuningSpec(kCourseConfig, "config.yaml");
        if (!spec)
            return {};
        json job = json::parse(writeTuningSpec(*spec, TuningFormat::VertexJson));
        job["displayName"] = "covertype-tuning";
        job["trialJobSpec"] = {
            {"workerPoolSpecs",
             {{{"machineSpec", {{"machineType", "n1-standard-4"}}},
               {"replicaCount", "1"},
               {"containerSpec",
                {{"imageUri", kTrainer},
                 {"args",
                  {"--training_dataset_path=gs://course-bucket/data/training.csv",
                   "--validation_dataset_path=gs://course-bucket/data/validation.csv",
                   "--hptune=True"}}}}}}},
            {"baseOutputDirectory", {{"outputUriPrefix", "gs://course-bucket/jobs/tuning"}}}};
        return job;
    }

private slots:
    void initTestCase()
    {
        COVERTYPE_REAL_DATA(real);
        QFile file(real);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray header = file.readLine();
        m_training = header;
        m_validation = header;
        for (int i = 0; i < 2000 && !file.atEnd(); ++i)
            (i % 3 == 0 ? m_validation : m_training) += file.readLine();
    }

    void tuningJobRunsToTheEnd()
    {
        auto f = fixture();
        const json job = tuningJob();
        QVERIFY(!job.is_null());
        requestsValidate("/v1/projects/fake-project/locations/us-central1/hyperparameterTuningJobs",
                         job);
        auto created = f->vertex->createJob(VertexJobKind::HyperparameterTuning, job, "request-1");
        QVERIFY2(created.has_value(), msg(created));
        const std::string name = (*created)["name"];
        QVERIFY(name.starts_with("projects/"));
        size_t mostTrials = 0;
        int polls = 0;
        auto done = f->vertex->waitForJob(
            name,
            [&](const json &j) {
                ++polls;
                mostTrials = std::max(mostTrials, j.value("trials", json::array()).size());
                return true;
            },
            300s);
        QVERIFY2(done.has_value(), msg(done));
        QVERIFY2(done->value("state", "") == "JOB_STATE_SUCCEEDED", done->dump().c_str());
        QCOMPARE((*done)["trials"].size(), size_t(4));
        for (const auto &trial : (*done)["trials"]) {
            QCOMPARE(trial.value("state", ""), std::string("SUCCEEDED"));
            const double accuracy = trial["finalMeasurement"]["metrics"][0]["value"];
            QVERIFY(accuracy > 0.3 && accuracy <= 1.0);
        }
        QVERIFY(polls >= 2);
        QCOMPARE((*done)["labels"]["covertype-request"].get<std::string>(),
                 std::string("request-1"));
        QVERIFY(f->vertex->consoleUrl(name).starts_with(
            "https://console.cloud.google.com/vertex-ai/locations/us-central1/training/"));
    }

    /// The create reached the service but the answer was lost (503 after the job was made):
    /// the client finds the job by its request label instead of making a second one.
    void lostCreateAnswerIsOneJob()
    {
        auto f = fixture();
        FaultRule lost;
        lost.method = "POST";
        lost.pathRegex = "/hyperparameterTuningJobs$";
        lost.status = 503;
        lost.afterHandling = true;
        f->fake.addFault(lost);
        auto created =
            f->vertex->createJob(VertexJobKind::HyperparameterTuning, tuningJob(), "request-2");
        QVERIFY2(created.has_value(), msg(created));
        size_t creates = 0, lookups = 0;
        for (const auto &r : f->fake.requests()) {
            creates += r.method == "POST" && r.target.ends_with("/hyperparameterTuningJobs");
            lookups += r.method == "GET" &&
                       r.target.find("filter=labels.covertype-request") != std::string::npos;
        }
        QCOMPARE(creates, size_t(1));  // the 503 was not answered with a second create
        QCOMPARE(lookups, size_t(1));
        auto all = f->vertex->listJobs(VertexJobKind::HyperparameterTuning, "");
        QVERIFY(all.has_value());
        QCOMPARE(all->size(), size_t(1));
        QVERIFY(f->vertex->cancelJob((*created)["name"]).has_value());
        auto ended = f->vertex->waitForJob((*created)["name"], {}, 60s);
        QVERIFY(ended.has_value());
        QCOMPARE(ended->value("state", ""), std::string("JOB_STATE_CANCELLED"));
    }

    void uploadDeployPredictRemove()
    {
        auto f = fixture();
        // A model trained by the product, in Cloud Storage where a custom job would put it.
        QFile data(m_dir.filePath("t.csv"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(m_training);
        data.close();
        QFile valid(m_dir.filePath("v.csv"));
        QVERIFY(valid.open(QIODevice::WriteOnly));
        valid.write(m_validation);
        valid.close();
        const auto trained = covertype::test::runProcess(
            COVERTYPE_CLI, {"train", "--job_dir", m_dir.filePath("model"),
                            "--training_dataset_path", data.fileName(), "--validation_dataset_path",
                            valid.fileName(), "--max_iter", "5", "--hptune", "False"});
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        QFile model(m_dir.filePath("model/model.json"));
        QVERIFY(model.open(QIODevice::ReadOnly));
        f->fake.putObject("course-bucket", "models/v1/model.json", model.readAll().toStdString());

        const json upload = {{"model",
                              {{"displayName", "covertype_classifier"},
                               {"artifactUri", "gs://course-bucket/models/v1/"},
                               {"containerSpec",
                                {{"imageUri", kServer},
                                 {"predictRoute", "/predict"},
                                 {"healthRoute", "/health"},
                                 {"ports", {{{"containerPort", 8080}}}}}}}}};
        requestsValidate("/v1/projects/fake-project/locations/us-central1/models:upload", upload);
        auto uploaded = f->vertex->uploadModel(upload, 60s);
        QVERIFY2(uploaded.has_value(), msg(uploaded));
        const std::string modelName = (*uploaded)["model"];

        auto endpoint =
            f->vertex->createEndpoint("covertype-e1", {{"displayName", "covertype"}}, 60s);
        QVERIFY2(endpoint.has_value(), msg(endpoint));
        const std::string endpointName = (*endpoint)["name"];
        // Creating it again takes the one that exists.
        auto again = f->vertex->createEndpoint("covertype-e1", {{"displayName", "covertype"}}, 60s);
        QVERIFY2(again.has_value(), msg(again));
        QCOMPARE((*again)["name"].get<std::string>(), endpointName);

        const json deploy = {{"deployedModel",
                              {{"model", modelName},
                               {"displayName", "v1"},
                               {"dedicatedResources",
                                {{"machineSpec", {{"machineType", "n1-standard-2"}}},
                                 {"minReplicaCount", 1},
                                 {"maxReplicaCount", 1}}}}},
                             {"trafficSplit", {{"0", 100}}}};
        auto deployed = f->vertex->deployModel(endpointName, deploy, 120s);
        QVERIFY2(deployed.has_value(), msg(deployed));
        const std::string deployedId = (*deployed)["deployedModel"]["id"];

        const json instances = {{2596, 51, 3, 258, 0, 510, 221, 232, 148, 6279, "Rawah", "C7745"},
                                {2590, 56, 2, 212, -6, 390, 220, 235, 151, 6225, "Rawah", "C7745"}};
        auto predicted = f->vertex->predict(endpointName, {{"instances", instances}});
        QVERIFY2(predicted.has_value(), msg(predicted));
        QCOMPARE((*predicted)["predictions"].size(), size_t(2));
        QCOMPARE((*predicted)["deployedModelId"].get<std::string>(), deployedId);

        QVERIFY(f->vertex->undeployModel(endpointName, deployedId, 60s).has_value());
        QVERIFY(f->vertex->deleteEndpoint(endpointName, 60s).has_value());
        QVERIFY(f->vertex->deleteModel(modelName, 60s).has_value());
        auto gone = f->vertex->getEndpoint(endpointName);
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
    }

    /// A serving container that never answers its health route: the deploy operation fails
    /// and the error says what was being done.
    void failedDeploySaysWhy()
    {
        auto f = fixture();
        auto settings = f->fake.vertex().settings();
        settings.deployTimeout = 1500ms;
        f->fake.vertex().setSettings(settings);
        f->fake.setContainerCommand(kServer, {"/bin/sleep", "60"});
        auto uploaded =
            f->vertex->uploadModel({{"model",
                                     {{"displayName", "m"},
                                      {"artifactUri", "gs://course-bucket/models/none/"},
                                      {"containerSpec", {{"imageUri", kServer}}}}}},
                                   60s);
        QVERIFY2(uploaded.has_value(), msg(uploaded));
        auto endpoint = f->vertex->createEndpoint("covertype-e2", {{"displayName", "e"}}, 60s);
        QVERIFY2(endpoint.has_value(), msg(endpoint));
        auto deployed = f->vertex->deployModel(
            (*endpoint)["name"],
            {{"deployedModel",
              {{"model", (*uploaded)["model"]},
               {"dedicatedResources",
                {{"machineSpec", {{"machineType", "n1-standard-2"}}}, {"minReplicaCount", 1}}}}},
             {"trafficSplit", {{"0", 100}}}},
            60s);
        QVERIFY(!deployed.has_value());
        QVERIFY2(deployed.error().message.find("deploy the model to ") != std::string::npos &&
                     deployed.error().message.find(" failed: ") != std::string::npos,
                 msg(deployed));
    }
};

QTEST_GUILESS_MAIN(TestVertexClient)
#include "tst_vertexclient.moc"
