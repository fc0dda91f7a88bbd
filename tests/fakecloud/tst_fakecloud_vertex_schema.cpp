// Tests of the Vertex AI request validation: the proto3 JSON mapping of the descriptor, with the
// messages the real service answers (unknown names, wrong types, enums, REQUIRED fields).
#include <QTest>

#include <nlohmann/json.hpp>

#include "vertex/schema.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::vertex;
using nlohmann::json;

namespace {

constexpr const char *kParent = "/v1/projects/p/locations/us-central1";

json tuningJob()
{
    return json::parse(R"({
      "displayName": "tune",
      "maxTrialCount": 4,
      "parallelTrialCount": "2",
      "studySpec": {
        "metrics": [{"metricId": "accuracy", "goal": "MAXIMIZE"}],
        "parameters": [
          {"parameterId": "alpha", "scaleType": "UNIT_LOG_SCALE",
           "doubleValueSpec": {"minValue": 1e-5, "maxValue": 0.01}},
          {"parameterId": "max_iter", "discreteValueSpec": {"values": [10, 20]}}],
        "algorithm": "RANDOM_SEARCH"
      },
      "trialJobSpec": {"workerPoolSpecs": [{
        "machineSpec": {"machineType": "n1-standard-4"}, "replicaCount": "1",
        "containerSpec": {"imageUri": "gcr.io/p/trainer:1", "args": ["--hptune=True"]}}]},
      "labels": {"run": "r1"}
    })");
}

/// QCOMPARE of two JSON values, shown as JSON text when they differ.
#define JCOMPARE(actual, expected)                        \
    QCOMPARE(QString::fromStdString(json(actual).dump()), \
             QString::fromStdString(json(expected).dump()))

QString str(const std::optional<std::string> &s)
{
    return s ? QString::fromStdString(*s) : QString("<valid>");
}

}  // namespace

class TestFakeCloudVertexSchema : public QObject
{
    Q_OBJECT

    std::shared_ptr<const Schema> m_schema;

private slots:
    void initTestCase()
    {
        auto loaded = Schema::shared();
        QVERIFY2(loaded.has_value(), loaded ? "" : loaded.error().c_str());
        m_schema = *loaded;
    }

    void routes()
    {
        const auto create =
            m_schema->route("POST", std::string(kParent) + "/hyperparameterTuningJobs");
        QVERIFY(create);
        QCOMPARE(create->method->name, std::string("CreateHyperparameterTuningJob"));
        QCOMPARE(create->variable("parent"), std::string("projects/p/locations/us-central1"));
        QCOMPARE(create->binding->body, std::string("hyperparameter_tuning_job"));

        const auto cancel = m_schema->route("POST", std::string(kParent) + "/customJobs/12:cancel");
        QVERIFY(cancel);
        QCOMPARE(cancel->method->name, std::string("CancelCustomJob"));
        QCOMPARE(cancel->variable("name"),
                 std::string("projects/p/locations/us-central1/customJobs/12"));

        const auto deploy =
            m_schema->route("POST", std::string(kParent) + "/endpoints/7:deployModel");
        QVERIFY(deploy);
        QCOMPARE(deploy->method->name, std::string("DeployModel"));
        const auto undeploy =
            m_schema->route("POST", std::string(kParent) + "/endpoints/7:undeployModel");
        QVERIFY(undeploy);
        QCOMPARE(undeploy->method->name, std::string("UndeployModel"));

        for (const char *op :
             {"/operations/5", "/endpoints/7/operations/5", "/models/3/operations/5",
              "/hyperparameterTuningJobs/9/operations/5"}) {
            const auto get = m_schema->route("GET", std::string(kParent) + op);
            QVERIFY2(get, op);
            QCOMPARE(get->method->fullName(),
                     std::string("google.longrunning.Operations.GetOperation"));
        }
        QVERIFY(!m_schema->route("GET", std::string(kParent) + "/customJobs/12/extra"));
        QVERIFY(!m_schema->route("PUT", std::string(kParent) + "/customJobs/12"));
    }

    void validRequestsPass()
    {
        const std::string path = std::string(kParent) + "/hyperparameterTuningJobs?alt=json";
        QCOMPARE(str(m_schema->validateRequest("POST", path, tuningJob())), QString("<valid>"));
        QCOMPARE(
            str(m_schema->validateRequest("JobService.CreateHyperparameterTuningJob", tuningJob())),
            QString("<valid>"));
        // google.protobuf.Value: any JSON in instances and parameters.
        const json predict = {
            {"instances", {{{"Elevation", 2800}, {"Soil_Type", "C7745"}}, {1, 2}, "x"}},
            {"parameters", {{"k", nullptr}}}};
        QCOMPARE(str(m_schema->validateRequest(
                     "POST", std::string(kParent) + "/endpoints/1:predict", predict)),
                 QString("<valid>"));
    }

    void canonicalForm()
    {
        // snake_case names, int64 as numbers or strings, enums by number, OUTPUT_ONLY ignored.
        json job = tuningJob();
        job.erase("maxTrialCount");
        job["max_trial_count"] = "4";
        job["study_spec"] = job["studySpec"];
        job.erase("studySpec");
        job["study_spec"]["algorithm"] = 3;  // RANDOM_SEARCH
        job["state"] = "JOB_STATE_SUCCEEDED";
        job["trialJobSpec"]["workerPoolSpecs"][0]["replicaCount"] = 1;
        const auto route =
            m_schema->route("POST", std::string(kParent) + "/hyperparameterTuningJobs");
        const auto checked = m_schema->checkRequest(*route, job.dump(), {});
        QVERIFY2(checked, checked ? "" : checked.error().message.c_str());
        JCOMPARE((*checked)["maxTrialCount"], json(4));  // int32 stays a number
        QVERIFY(!checked->contains("max_trial_count"));
        JCOMPARE((*checked)["studySpec"]["algorithm"], json("RANDOM_SEARCH"));
        JCOMPARE((*checked)["trialJobSpec"]["workerPoolSpecs"][0]["replicaCount"], json("1"));
        QVERIFY(!checked->contains("state"));  // OUTPUT_ONLY: accepted and dropped
        JCOMPARE((*checked)["labels"]["run"], json("r1"));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("patch");  // a JSON merge patch applied to tuningJob()
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("field");

        QTest::newRow("unknown field nested deep")
            << QByteArray(R"({"studySpec": {"parameters": [{"parameterId": "alpha",
                 "doubleValueSpec": {"minValue": 0, "maxValue": 1, "step": 2}}]}})")
            << QString(
                   "Invalid JSON payload received. Unknown name \"step\" at "
                   "'hyperparameter_tuning_job.study_spec.parameters[0].double_value_spec': "
                   "Cannot find field.")
            << QString("hyperparameter_tuning_job.study_spec.parameters[0].double_value_spec");
        QTest::newRow("unknown top-level field")
            << QByteArray(R"({"maxTrials": 3})")
            << QString(
                   "Invalid JSON payload received. Unknown name \"maxTrials\" at "
                   "'hyperparameter_tuning_job': Cannot find field.")
            << QString("hyperparameter_tuning_job");
        QTest::newRow("string for int32")
            << QByteArray(R"({"maxTrialCount": "four"})")
            << QString(
                   "Invalid value at 'hyperparameter_tuning_job.max_trial_count' (TYPE_INT32), "
                   "\"four\"")
            << QString("hyperparameter_tuning_job.max_trial_count");
        QTest::newRow("fraction for int32")
            << QByteArray(R"({"maxTrialCount": 2.5})")
            << QString(
                   "Invalid value at 'hyperparameter_tuning_job.max_trial_count' (TYPE_INT32), 2.5")
            << QString("hyperparameter_tuning_job.max_trial_count");
        QTest::newRow("number for string")
            << QByteArray(R"({"displayName": 7})")
            << QString("Invalid value at 'hyperparameter_tuning_job.display_name' (TYPE_STRING), 7")
            << QString("hyperparameter_tuning_job.display_name");
        QTest::newRow("object for repeated")
            << QByteArray(R"({"studySpec": {"metrics": {"metricId": "accuracy"}}})")
            << QString(
                   "Invalid value at 'hyperparameter_tuning_job.study_spec.metrics' "
                   "(type.googleapis.com/google.cloud.aiplatform.v1.StudySpec.MetricSpec), "
                   "{\"metricId\":\"accuracy\"}")
            << QString("hyperparameter_tuning_job.study_spec.metrics");
        QTest::newRow("list for singular") << QByteArray(R"({"displayName": ["a"]})")
                                           << QString(
                                                  "Invalid JSON payload received. Proto field is "
                                                  "not repeating, cannot start list.")
                                           << QString("hyperparameter_tuning_job.display_name");
        QTest::newRow("string for message")
            << QByteArray(R"({"studySpec": "x"})")
            << QString(
                   "Invalid value at 'hyperparameter_tuning_job.study_spec' "
                   "(type.googleapis.com/google.cloud.aiplatform.v1.StudySpec), \"x\"")
            << QString("hyperparameter_tuning_job.study_spec");
        QTest::newRow("bad enum")
            << QByteArray(R"({"studySpec": {"algorithm": "BAYESIAN"}})")
            << QString(
                   "Invalid value at 'hyperparameter_tuning_job.study_spec.algorithm' "
                   "(type.googleapis.com/google.cloud.aiplatform.v1.StudySpec.Algorithm), "
                   "\"BAYESIAN\"")
            << QString("hyperparameter_tuning_job.study_spec.algorithm");
        QTest::newRow("bad duration")
            << QByteArray(R"({"trialJobSpec": {"scheduling": {"timeout": "1h"}}})")
            << QString(
                   "Invalid value at 'hyperparameter_tuning_job.trial_job_spec.scheduling.timeout' "
                   "(type.googleapis.com/google.protobuf.Duration), \"1h\"")
            << QString("hyperparameter_tuning_job.trial_job_spec.scheduling.timeout");
        QTest::newRow("map of strings")
            << QByteArray(R"({"labels": {"run": 5}})")
            << QString("Invalid value at 'hyperparameter_tuning_job.labels[run]' (TYPE_STRING), 5")
            << QString("hyperparameter_tuning_job.labels[run]");
        QTest::newRow("two members of a oneof")
            << QByteArray(R"({"studySpec": {"medianAutomatedStoppingSpec": {},
                 "decayCurveStoppingSpec": {}}})")
            << QString(
                   "Invalid JSON payload received. Oneof field 'automated_stopping_spec' is "
                   "already set at 'hyperparameter_tuning_job.study_spec'. Cannot set "
                   "'medianAutomatedStoppingSpec'")
            << QString("hyperparameter_tuning_job.study_spec.median_automated_stopping_spec");
        QTest::newRow("missing REQUIRED")
            << QByteArray(R"({"displayName": null, "trialJobSpec": {"workerPoolSpecs": [
                 {"containerSpec": {"args": []}}]}})")
            << QString(
                   "List of found errors:\t1.Field: hyperparameter_tuning_job.display_name; "
                   "Message: Required field is not set.\t2.Field: "
                   "hyperparameter_tuning_job.trial_job_spec.worker_pool_specs[0].container_spec."
                   "image_uri; Message: Required field is not set.\t")
            << QString("hyperparameter_tuning_job.display_name");
    }

    void refused()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, message);
        QFETCH(QString, field);
        json job = tuningJob();
        job.merge_patch(json::parse(patch.toStdString()));
        const auto route =
            m_schema->route("POST", std::string(kParent) + "/hyperparameterTuningJobs");
        QVERIFY(route);
        const auto checked = m_schema->checkRequest(*route, job.dump(), {});
        QVERIFY(!checked);
        QCOMPARE(QString::fromStdString(checked.error().message), message);
        QCOMPARE(checked.error().httpStatus(), 400);
        QCOMPARE(QString(checked.error().statusName()), QString("INVALID_ARGUMENT"));
        QVERIFY(!checked.error().violations.empty());
        QCOMPARE(QString::fromStdString(checked.error().violations.front().field), field);
        // The answer's body: {"error": {"code": 400, ..., "details": [BadRequest]}}.
        const json body = json::parse(checked.error().response().body);
        JCOMPARE(body["error"]["code"], json(400));
        JCOMPARE(body["error"]["details"][0]["@type"],
                 json("type.googleapis.com/google.rpc.BadRequest"));
        JCOMPARE(body["error"]["details"][0]["fieldViolations"][0]["field"],
                 json(field.toStdString()));
    }

    void requiredImageUriOfAModel()
    {
        // ModelContainerSpec.image_uri is REQUIRED and IMMUTABLE: the descriptor keeps both.
        const json upload = {{"model",
                              {{"displayName", "m"},
                               {"artifactUri", "gs://b/model/"},
                               {"containerSpec", {{"predictRoute", "/predict"}}}}}};
        const auto message =
            m_schema->validateRequest("POST", std::string(kParent) + "/models:upload", upload);
        QVERIFY(message);
        QVERIFY2(
            message->find("model.container_spec.image_uri; Message: Required field is not set.") !=
                std::string::npos,
            message->c_str());
        // Without the containerSpec (a message not present) nothing inside it is required.
        QCOMPARE(str(m_schema->validateRequest("POST", std::string(kParent) + "/models:upload",
                                               {{"model", {{"displayName", "m"}}}})),
                 QString("<valid>"));
        // The path variable fills the REQUIRED parent.
        QCOMPARE(str(m_schema->validateRequest("ModelService.UploadModel",
                                               {{"model", {{"display_name", "m"}}}})),
                 QString("<valid>"));
    }

    void int64AsStringOrNumber()
    {
        json job = tuningJob();
        for (const json &replicas : {json("1"), json(1), json(1.0)}) {
            job["trialJobSpec"]["workerPoolSpecs"][0]["replicaCount"] = replicas;
            QCOMPARE(
                str(m_schema->validateRequest("JobService.CreateHyperparameterTuningJob", job)),
                QString("<valid>"));
        }
        job["trialJobSpec"]["workerPoolSpecs"][0]["replicaCount"] = "1.5";
        QVERIFY(m_schema->validateRequest("JobService.CreateHyperparameterTuningJob", job));
        job["trialJobSpec"]["workerPoolSpecs"][0]["replicaCount"] = "99999999999999999999";
        QVERIFY(m_schema->validateRequest("JobService.CreateHyperparameterTuningJob", job));
    }

    void queryParameters()
    {
        const json endpoint = {{"displayName", "e"}};
        const std::string create = std::string(kParent) + "/endpoints";
        QCOMPARE(
            str(m_schema->validateRequest("POST", create + "?endpointId=123&alt=json", endpoint)),
            QString("<valid>"));
        const auto unknown =
            m_schema->validateRequest("POST", create + "?endpoint_name=1", endpoint);
        QVERIFY(unknown);
        QVERIFY2(unknown->find("Unknown name \"endpoint_name\": Cannot bind query parameter") !=
                     std::string::npos,
                 unknown->c_str());
        QVERIFY(m_schema->validateRequest("GET", std::string(kParent) + "/customJobs?pageSize=x",
                                          nullptr));
        QCOMPARE(str(m_schema->validateRequest(
                     "GET", std::string(kParent) + "/customJobs?pageSize=2&filter=labels.run%3Dr1",
                     nullptr)),
                 QString("<valid>"));
    }

    void wholeRequestBodies()
    {
        // deployModel's body is the whole request ("*"): the path fills `endpoint`.
        const std::string deploy = std::string(kParent) + "/endpoints/7:deployModel";
        const json ok = {
            {"deployedModel",
             {{"model", "projects/p/locations/us-central1/models/1"},
              {"dedicatedResources",
               {{"machineSpec", {{"machineType", "n1-standard-2"}}}, {"minReplicaCount", 1}}}}},
            {"trafficSplit", {{"0", 100}}}};
        QCOMPARE(str(m_schema->validateRequest("POST", deploy, ok)), QString("<valid>"));
        json noReplicas = ok;
        noReplicas["deployedModel"]["dedicatedResources"].erase("minReplicaCount");
        const auto missing = m_schema->validateRequest("POST", deploy, noReplicas);
        QVERIFY(missing);
        QVERIFY2(missing->find("deployed_model.dedicated_resources.min_replica_count") !=
                     std::string::npos,
                 missing->c_str());
        const auto notJson = m_schema->route("POST", deploy);
        QVERIFY(!m_schema->checkRequest(*notJson, "{\"deployedModel\":", {}));
        QCOMPARE(QString::fromStdString(
                     m_schema->validateRequest("POST", deploy, json::array()).value_or("")),
                 QString("Invalid JSON payload received. Root element must be a message."));
        QVERIFY(m_schema->validateMessage("google.cloud.aiplatform.v1.Nope", json::object()));
        QCOMPARE(str(m_schema->validateMessage("google.cloud.aiplatform.v1.StudySpec.MetricSpec",
                                               {{"metric_id", "a"}, {"goal", "MINIMIZE"}})),
                 QString("<valid>"));
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudVertexSchema)
#include "tst_fakecloud_vertex_schema.moc"
