// Tests of the fake Vertex AI over HTTP (plain libcurl): tokens, validation and faults on every
// route, operations that finish after polls, custom jobs and tuning jobs running real processes
// (the real `covertype train` on rows of the real data), cancel, and endpoints that deploy the
// real `covertype serve` and forward predictions to it.
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "fakegooglecloud.h"
#include "testhttp.h"
#include "testsupport.h"
#include "vertex/studysuggester.h"
#include "vertex/vertexservice.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr const char *kLocation = "/v1/projects/fake-project/locations/us-central1";
constexpr const char *kTrainer = "us-docker.pkg.dev/fake-project/covertype/trainer:1";
constexpr const char *kServer = "us-docker.pkg.dev/fake-project/covertype/server:1";

#define JCOMPARE(actual, expected)                        \
    QCOMPARE(QString::fromStdString(json(actual).dump()), \
             QString::fromStdString(json(expected).dump()))

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class Client
{
public:
    explicit Client(FakeGoogleCloud &cloud) : m_cloud(cloud), m_token(cloud.issueToken()) {}

    HttpResult call(const std::string &method, const std::string &path, const json &body = nullptr)
    {
        HttpCall c;
        c.method = method;
        c.url = m_cloud.baseUrl() + path;
        c.bearer = m_token;
        if (!body.is_null()) {
            c.body = body.dump();
            c.headers = {"Content-Type: application/json"};
        }
        return httpCall(c);
    }
    json ok(const std::string &method, const std::string &path, const json &body = nullptr)
    {
        const auto r = call(method, path, body);
        if (r.status != 200)
            qWarning("%s %s -> %ld %s", method.c_str(), path.c_str(), r.status, r.body.c_str());
        return r.status == 200 ? json::parse(r.body) : json();
    }
    /// Polls an operation until done; the polls it took in `polls`.
    json operation(const std::string &name, int *polls = nullptr, std::chrono::seconds limit = 60s)
    {
        const auto end = std::chrono::steady_clock::now() + limit;
        int n = 0;
        while (std::chrono::steady_clock::now() < end) {
            json op = ok("GET", "/v1/" + name);
            ++n;
            if (op.is_null() || op.value("done", false)) {
                if (polls)
                    *polls = n;
                return op;
            }
            std::this_thread::sleep_for(20ms);
        }
        return json();
    }
    /// Polls a job until it reaches a terminal state; every answer goes to `seen`.
    json job(const std::string &name, std::chrono::seconds limit = 120s,
             std::vector<json> *seen = nullptr)
    {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            json j = ok("GET", "/v1/" + name);
            if (seen)
                seen->push_back(j);
            const std::string state = j.value("state", "");
            if (j.is_null() || state == "JOB_STATE_SUCCEEDED" || state == "JOB_STATE_FAILED" ||
                state == "JOB_STATE_CANCELLED")
                return j;
            std::this_thread::sleep_for(50ms);
        }
        return json();
    }

private:
    FakeGoogleCloud &m_cloud;
    std::string m_token;
};

json customJob(const std::string &image, const std::vector<std::string> &args,
               const std::string &base = "gs://bkt/jobs/one")
{
    return {{"displayName", "final training"},
            {"labels", {{"run", "r7"}, {"kind", "final"}}},
            {"jobSpec",
             {{"workerPoolSpecs",
               {{{"machineSpec", {{"machineType", "n1-standard-4"}}},
                 {"replicaCount", "1"},
                 {"containerSpec", {{"imageUri", image}, {"args", args}}}}}},
              {"baseOutputDirectory", {{"outputUriPrefix", base}}}}}};
}

json tuningJob(const std::vector<std::string> &args, int trials, int parallel)
{
    return {{"displayName", "covertype tuning"},
            {"maxTrialCount", trials},
            {"parallelTrialCount", parallel},
            {"labels", {{"run", "r8"}}},
            {"studySpec",
             {{"metrics", {{{"metricId", "accuracy"}, {"goal", "MAXIMIZE"}}}},
              {"parameters",
               {{{"parameterId", "alpha"},
                 {"scaleType", "UNIT_LOG_SCALE"},
                 {"doubleValueSpec", {{"minValue", 1e-4}, {"maxValue", 1e-2}}}},
                {{"parameterId", "max_iter"}, {"discreteValueSpec", {{"values", {10, 20}}}}}}},
              {"algorithm", "RANDOM_SEARCH"}}},
            {"trialJobSpec",
             {{"workerPoolSpecs",
               {{{"machineSpec", {{"machineType", "n1-standard-4"}}},
                 {"replicaCount", "1"},
                 {"containerSpec", {{"imageUri", kTrainer}, {"args", args}}}}}},
              {"baseOutputDirectory", {{"outputUriPrefix", "gs://bkt/tuning"}}}}}};
}

/// Converts CSV rows (header first) to prediction instances with numbers where they parse.
json instances(const std::string &csv, size_t count)
{
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    std::stringstream h(line);
    for (std::string cell; std::getline(h, cell, ',');)
        header.push_back(cell);
    json out = json::array();
    while (out.size() < count && std::getline(in, line)) {
        std::stringstream row(line);
        json instance = json::object();
        size_t i = 0;
        for (std::string cell; std::getline(row, cell, ',') && i < header.size(); ++i) {
            if (header[i] == "Cover_Type")
                continue;
            char *end = nullptr;
            const double v = std::strtod(cell.c_str(), &end);
            if (!cell.empty() && end == cell.c_str() + cell.size())
                instance[header[i]] = v;
            else
                instance[header[i]] = cell;
        }
        out.push_back(instance);
    }
    return out;
}

}  // namespace

class TestFakeCloudVertex : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_valid;  ///< small CSVs of the real rows (when the data is present)
    std::string m_validText;

    /// Writes the first 1200 rows as training and the next 800 as validation data.
    bool writeSmallData()
    {
        if (!m_train.isEmpty())
            return true;
        const QString real = covertype::test::realDataFile();
        if (real.isEmpty())
            return false;
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
        m_validText = valid;
        return true;
    }

private slots:
    void initTestCase()
    {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        QVERIFY(m_dir.isValid());
        // A user's key must never reach a container: the fake scrubs it.
        qputenv("GOOGLE_APPLICATION_CREDENTIALS", m_dir.filePath("users-key.json").toUtf8());
    }

    void tokenValidationAndFaults()
    {
        FakeGoogleCloud cloud;
        Client client(cloud);
        const std::string jobs = std::string(kLocation) + "/customJobs";
        HttpCall anonymous;
        anonymous.url = cloud.baseUrl() + jobs;
        QCOMPARE(httpCall(anonymous).status, 401L);

        // The schema answers before anything runs: an unknown name deep inside.
        json bad = customJob("img", {});
        bad["jobSpec"]["workerPoolSpecs"][0]["containerSpec"]["imageURI"] = "x";
        const auto refused = client.call("POST", jobs, bad);
        QCOMPARE(refused.status, 400L);
        const json error = json::parse(refused.body)["error"];
        JCOMPARE(error["status"], "INVALID_ARGUMENT");
        JCOMPARE(error["message"],
                 "Invalid JSON payload received. Unknown name \"imageURI\" at "
                 "'custom_job.job_spec.worker_pool_specs[0].container_spec': Cannot find field.");
        JCOMPARE(error["details"][0]["fieldViolations"][0]["field"],
                 "custom_job.job_spec.worker_pool_specs[0].container_spec");
        const auto missing = client.call("POST", jobs, json{{"displayName", "x"}});
        QCOMPARE(missing.status, 400L);
        QVERIFY2(missing.body.find("custom_job.job_spec; Message: Required field is not set.") !=
                     std::string::npos,
                 missing.body.c_str());
        QCOMPARE(client.call("GET", std::string(kLocation) + "/nothingHere").status, 404L);
        QCOMPARE(client.call("GET", "/v1/projects/other/locations/us-central1/customJobs").status,
                 403L);
        // A method of the descriptor the fake does not answer.
        QCOMPARE(client.call("GET", std::string(kLocation) + "/datasets").status, 501L);

        // A create whose answer is lost after it succeeded: the job exists once.
        cloud.setContainerCommand("img", {"/bin/true"});
        cloud.addFault(
            {.method = "POST", .pathRegex = "/customJobs$", .status = 503, .afterHandling = true});
        QCOMPARE(client.call("POST", jobs, customJob("img", {})).status, 503L);
        const json list = client.ok("GET", jobs);
        QCOMPARE(list["customJobs"].size(), size_t(1));
        JCOMPARE(client.job(list["customJobs"][0]["name"])["state"], "JOB_STATE_SUCCEEDED");
    }

    void operationsFinishAfterPolls()
    {
        FakeGoogleCloud cloud;
        Client client(cloud);
        const json upload = {{"model",
                              {{"displayName", "covertype"},
                               {"artifactUri", "gs://bkt/model/"},
                               {"containerSpec", {{"imageUri", kServer}}}}},
                             {"modelId", "m1"}};
        const json op = client.ok("POST", std::string(kLocation) + "/models:upload", upload);
        QVERIFY(!op.value("done", false));
        const std::string name = op["name"];
        QVERIFY2(
            name.starts_with("projects/123456789012/locations/us-central1/models/m1/operations/"),
            name.c_str());
        JCOMPARE(op["metadata"]["@type"],
                 "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelOperationMetadata");
        int polls = 0;
        const json done = client.operation(name, &polls);
        QCOMPARE(polls, 3);
        JCOMPARE(done["response"]["@type"],
                 "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelResponse");
        JCOMPARE(done["response"]["model"],
                 "projects/123456789012/locations/us-central1/models/m1");
        JCOMPARE(done["response"]["modelVersionId"], "1");
        const json model = client.ok("GET", std::string(kLocation) + "/models/m1");
        JCOMPARE(model["containerSpec"]["imageUri"], kServer);
        JCOMPARE(model["versionId"], "1");
        QCOMPARE(client.call("GET", "/v1/" + name + "x").status, 404L);

        vertex::VertexSettings settings = cloud.vertex().settings();
        settings.operationPolls = 1;
        cloud.vertex().setSettings(settings);
        const json removed = client.ok("DELETE", std::string(kLocation) + "/models/m1");
        client.operation(removed["name"], &polls);
        QCOMPARE(polls, 1);
        QCOMPARE(client.call("GET", std::string(kLocation) + "/models/m1").status, 404L);
    }

    void customJobsRunWithVertexEnvironment()
    {
        FakeGoogleCloud cloud;
        Client client(cloud);
        cloud.setContainerCommand("shell", {"/bin/sh", "-c"});
        const std::string envFile = m_dir.filePath("custom-env.txt").toStdString();
        const std::string jobs = std::string(kLocation) + "/customJobs";
        const json created =
            client.ok("POST", jobs, customJob("shell", {"env > " + envFile + "; sleep 0.5"}));
        JCOMPARE(created["state"], "JOB_STATE_QUEUED");
        QVERIFY(created.contains("createTime"));
        std::vector<json> seen;
        const json job = client.job(created["name"], 60s, &seen);
        JCOMPARE(job["state"], "JOB_STATE_SUCCEEDED");
        QVERIFY(job.contains("startTime") && job.contains("endTime") && job.contains("updateTime"));
        JCOMPARE(job["labels"]["run"], "r7");
        std::set<std::string> states;
        for (const auto &j : seen)
            states.insert(j.value("state", ""));
        // The process runs 0.5 s: a client polling every 50 ms sees the job running.
        QVERIFY(states.contains("JOB_STATE_RUNNING"));

        const std::string env = readFile(envFile);
        const std::string id =
            job["name"].get<std::string>().substr(job["name"].get<std::string>().rfind('/') + 1);
        QVERIFY2(env.find("AIP_MODEL_DIR=gs://bkt/jobs/one/model/\n") != std::string::npos,
                 env.c_str());
        QVERIFY(env.find("AIP_CHECKPOINT_DIR=gs://bkt/jobs/one/checkpoints/\n") !=
                std::string::npos);
        QVERIFY(env.find("AIP_TENSORBOARD_LOG_DIR=gs://bkt/jobs/one/logs/\n") != std::string::npos);
        QVERIFY(env.find("CLOUD_ML_JOB_ID=" + id + "\n") != std::string::npos);
        QVERIFY(env.find("CLOUD_ML_PROJECT_ID=fake-project\n") != std::string::npos);
        QVERIFY(env.find("GCE_METADATA_HOST=127.0.0.1:" + std::to_string(cloud.port())) !=
                std::string::npos);
        QVERIFY(env.find("STORAGE_EMULATOR_HOST=" + cloud.baseUrl()) != std::string::npos);
        QVERIFY2(env.find("GOOGLE_APPLICATION_CREDENTIALS") == std::string::npos, env.c_str());

        // A failing process fails the job with its stderr; an unknown image fails it clearly.
        const json failing = client.ok(
            "POST", jobs, customJob("shell", {"echo 'no such file: data.csv' >&2; exit 3"}));
        const json failed = client.job(failing["name"]);
        JCOMPARE(failed["state"], "JOB_STATE_FAILED");
        const std::string message = failed["error"]["message"];
        QVERIFY2(message.find("non-zero status of 3") != std::string::npos, message.c_str());
        QVERIFY2(message.find("no such file: data.csv") != std::string::npos, message.c_str());
        const json unknown =
            client.job(client.ok("POST", jobs, customJob("gcr.io/x/unknown:1", {}))["name"]);
        JCOMPARE(unknown["state"], "JOB_STATE_FAILED");
        QVERIFY(unknown["error"]["message"].get<std::string>().find("gcr.io/x/unknown:1") !=
                std::string::npos);

        // Lists: filters on labels and display_name, pages.
        json other = customJob("shell", {"true"});
        other["labels"]["run"] = "r9";
        other["displayName"] = "other";
        client.job(client.ok("POST", jobs, other)["name"]);
        JCOMPARE(client.ok("GET", jobs + "?filter=labels.run%3Dr9")["customJobs"].size(), 1);
        JCOMPARE(client.ok("GET", jobs + "?filter=labels.run%3D%22r7%22")["customJobs"].size(), 3);
        JCOMPARE(
            client.ok("GET",
                      jobs + "?filter=display_name%3D%22other%22")["customJobs"][0]["displayName"],
            "other");
        QCOMPARE(client.call("GET", jobs + "?filter=foo%3D1").status, 400L);
        const json page1 = client.ok("GET", jobs + "?pageSize=3");
        QCOMPARE(page1["customJobs"].size(), size_t(3));
        const json page2 = client.ok(
            "GET", jobs + "?pageSize=3&pageToken=" + page1["nextPageToken"].get<std::string>());
        QCOMPARE(page2["customJobs"].size(), size_t(1));
        QVERIFY(!page2.contains("nextPageToken"));

        // Delete: an operation; the job is gone.
        const json del = client.ok("DELETE", "/v1/" + job["name"].get<std::string>());
        JCOMPARE(client.operation(del["name"])["response"]["@type"],
                 "type.googleapis.com/google.protobuf.Empty");
        QCOMPARE(client.call("GET", "/v1/" + job["name"].get<std::string>()).status, 404L);
    }

    void suggestionsAreDeterministic()
    {
        const json spec = tuningJob({}, 4, 2)["studySpec"];
        auto a = vertex::StudySuggester::create(spec, 7);
        auto b = vertex::StudySuggester::create(spec, 7);
        QVERIFY(a && b);
        std::set<double> alphas;
        for (size_t i = 0; i < 20; ++i) {
            const auto pa = a->suggest(i), pb = b->suggest(i);
            QVERIFY(pa && pb);
            QCOMPARE((*pa)[0].argument, (*pb)[0].argument);
            const double alpha = (*pa)[0].value.get<double>();
            QVERIFY(alpha >= 1e-4 && alpha <= 1e-2);
            alphas.insert(alpha);
            QVERIFY((*pa)[1].argument == "10" || (*pa)[1].argument == "20");
        }
        QVERIFY(alphas.size() > 15);
        // Log scale: about half the draws below the geometric middle (1e-3), not 10 %.
        int below = 0;
        for (const double v : alphas)
            below += v < 1e-3;
        QVERIFY2(below >= 5 && below <= 15, std::to_string(below).c_str());

        json grid = {
            {"algorithm", "GRID_SEARCH"},
            {"parameters",
             {{{"parameterId", "n"}, {"integerValueSpec", {{"minValue", "1"}, {"maxValue", "3"}}}},
              {{"parameterId", "kind"}, {"categoricalValueSpec", {{"values", {"a", "b"}}}}}}}};
        auto g = vertex::StudySuggester::create(grid, 1);
        QVERIFY(g);
        std::set<std::string> points;
        for (size_t i = 0; i < 6; ++i)
            points.insert((*g->suggest(i))[0].argument + (*g->suggest(i))[1].argument);
        QCOMPARE(points.size(), size_t(6));
        QVERIFY(!g->suggest(6));
        grid["parameters"].push_back(
            {{"parameterId", "x"}, {"doubleValueSpec", {{"minValue", 0}, {"maxValue", 1}}}});
        QVERIFY(!vertex::StudySuggester::create(grid, 1));
    }

    void tuningJobRunsTheTrainer()
    {
        COVERTYPE_REAL_DATA(real);
        QVERIFY(writeSmallData());
        FakeGoogleCloud cloud;
        Client client(cloud);
        cloud.setContainerCommand(kTrainer, {COVERTYPE_CLI, "train"});
        const std::string jobDir = m_dir.filePath("tuning-job").toStdString();
        const json created = client.ok(
            "POST", std::string(kLocation) + "/hyperparameterTuningJobs",
            tuningJob({"--job_dir=" + jobDir, "--training_dataset_path=" + m_train.toStdString(),
                       "--validation_dataset_path=" + m_valid.toStdString(), "--hptune=True"},
                      4, 2));
        QVERIFY(!created.is_null());
        std::vector<json> seen;
        const json job = client.job(created["name"], 240s, &seen);
        QVERIFY2(job.value("state", "") == "JOB_STATE_SUCCEEDED", job.dump().c_str());
        QCOMPARE(job["trials"].size(), size_t(4));
        std::set<std::string> ids;
        for (const auto &trial : job["trials"]) {
            JCOMPARE(trial["state"], "SUCCEEDED");
            ids.insert(trial["id"].get<std::string>());
            QVERIFY(trial.contains("startTime") && trial.contains("endTime"));
            const json &metric = trial["finalMeasurement"]["metrics"][0];
            JCOMPARE(metric["metricId"], "accuracy");
            const double accuracy = metric["value"];
            QVERIFY2(accuracy > 0.3 && accuracy <= 1.0, trial.dump().c_str());
            QVERIFY(trial["finalMeasurement"]["stepCount"].is_string());
            QCOMPARE(trial["parameters"].size(), size_t(2));
            JCOMPARE(trial["parameters"][0]["parameterId"], "alpha");
            const double alpha = trial["parameters"][0]["value"];
            QVERIFY(alpha >= 1e-4 && alpha <= 1e-2);
        }
        QCOMPARE(ids, (std::set<std::string>{"1", "2", "3", "4"}));
        // parallelTrialCount 2: never more than two trials at once, and two did run together.
        size_t mostActive = 0;
        for (const auto &answer : seen) {
            size_t active = 0;
            for (const auto &trial : answer.value("trials", json::array()))
                active += trial["state"] == "ACTIVE";
            mostActive = std::max(mostActive, active);
        }
        QVERIFY2(mostActive <= 2, std::to_string(mostActive).c_str());
        // Trials show up in GET as they run and finish, before the job ends.
        bool partial = false;
        for (const auto &answer : seen)
            partial = partial || (answer.value("state", "") == "JOB_STATE_RUNNING" &&
                                  !answer.value("trials", json::array()).empty());
        QVERIFY(partial);
    }

    void failingTrialsFailTheJob()
    {
        COVERTYPE_REAL_DATA(real);
        QVERIFY(writeSmallData());
        FakeGoogleCloud cloud;
        Client client(cloud);
        cloud.setContainerCommand(kTrainer, {COVERTYPE_CLI, "train"});
        json spec =
            tuningJob({"--job_dir=" + m_dir.filePath("failing").toStdString(),
                       "--training_dataset_path=" + m_dir.filePath("missing.csv").toStdString(),
                       "--validation_dataset_path=" + m_valid.toStdString(), "--hptune=True"},
                      4, 1);
        spec["maxFailedTrialCount"] = 2;
        const json job = client.job(
            client.ok("POST", std::string(kLocation) + "/hyperparameterTuningJobs", spec)["name"]);
        JCOMPARE(job["state"], "JOB_STATE_FAILED");
        QCOMPARE(job["trials"].size(), size_t(2));
        for (const auto &trial : job["trials"]) {
            JCOMPARE(trial["state"], "INFEASIBLE");
            const std::string reason = trial["infeasibleReason"];
            QVERIFY2(reason.find("missing.csv") != std::string::npos, reason.c_str());
            QVERIFY(!trial.contains("finalMeasurement"));
        }
        QVERIFY2(
            job["error"]["message"].get<std::string>().find("2 trials failed") != std::string::npos,
            job.dump().c_str());

        // A trial that exits 0 without reporting the metric is INFEASIBLE too.
        cloud.setContainerCommand("quiet", {"/bin/sh", "-c", "exit 0"});
        json quiet = tuningJob({}, 1, 1);
        quiet["trialJobSpec"]["workerPoolSpecs"][0]["containerSpec"]["imageUri"] = "quiet";
        const json silent = client.job(
            client.ok("POST", std::string(kLocation) + "/hyperparameterTuningJobs", quiet)["name"]);
        JCOMPARE(silent["state"], "JOB_STATE_FAILED");
        QVERIFY(silent["trials"][0]["infeasibleReason"].get<std::string>().find("no measurement") !=
                std::string::npos);
    }

    void cancelStopsTheProcesses()
    {
        FakeGoogleCloud cloud;
        Client client(cloud);
        const std::string marker = m_dir.filePath("cancel-marker").toStdString();
        // Each trial writes its pid and sleeps; a cancel must end them.
        cloud.setContainerCommand("sleeper",
                                  {"/bin/sh", "-c", "echo $$ >> " + marker + "; sleep 30"});
        json spec = tuningJob({}, 4, 2);
        spec["trialJobSpec"]["workerPoolSpecs"][0]["containerSpec"]["imageUri"] = "sleeper";
        const json created =
            client.ok("POST", std::string(kLocation) + "/hyperparameterTuningJobs", spec);
        const std::string name = created["name"];
        // Wait for both trials to run.
        const auto end = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < end &&
               client.ok("GET", "/v1/" + name).value("trials", json::array()).size() < 2)
            std::this_thread::sleep_for(50ms);
        std::this_thread::sleep_for(200ms);
        const auto started = std::chrono::steady_clock::now();
        JCOMPARE(client.ok("POST", "/v1/" + name + ":cancel", json::object()), json::object());
        const json job = client.job(name, 30s);
        JCOMPARE(job["state"], "JOB_STATE_CANCELLED");
        JCOMPARE(job["error"]["code"], 1);
        QVERIFY(std::chrono::steady_clock::now() - started < 10s);
        QCOMPARE(job["trials"].size(), size_t(2));
        std::istringstream pids(readFile(marker));
        int count = 0;
        for (int pid; pids >> pid; ++count)
            QVERIFY2(::kill(pid, 0) != 0, "a trial's process outlived the cancel");
        QCOMPARE(count, 2);
        // A finished job cannot be cancelled; a running one cannot be deleted.
        QCOMPARE(client.call("POST", "/v1/" + name + ":cancel", json::object()).status, 400L);
    }

    void deployAndPredictWithTheRealServer()
    {
        COVERTYPE_REAL_DATA(real);
        QVERIFY(writeSmallData());
        const QString modelDir = m_dir.filePath("model");
        const auto trained = covertype::test::runProcess(
            COVERTYPE_CLI,
            {"train", "--job_dir", modelDir, "--training_dataset_path", m_train,
             "--validation_dataset_path", m_valid, "--max_iter", "10", "--hptune", "False"});
        QVERIFY2(trained.exitCode == 0, trained.err.constData());

        FakeGoogleCloud cloud;
        Client client(cloud);
        cloud.setContainerCommand(kServer, {COVERTYPE_CLI, "serve"});
        const json upload = {{"model",
                              {{"displayName", "covertype"},
                               {"artifactUri", modelDir.toStdString()},
                               {"containerSpec",
                                {{"imageUri", kServer},
                                 {"predictRoute", "/predict"},
                                 {"healthRoute", "/health"}}}}}};
        const json uploaded = client.operation(
            client.ok("POST", std::string(kLocation) + "/models:upload", upload)["name"]);
        const std::string model = uploaded["response"]["model"];
        const json endpointOp =
            client.ok("POST", std::string(kLocation) + "/endpoints?endpointId=4242",
                      json{{"displayName", "covertype"}});
        const json endpoint = client.operation(endpointOp["name"])["response"];
        JCOMPARE(endpoint["@type"], "type.googleapis.com/google.cloud.aiplatform.v1.Endpoint");
        const std::string name = endpoint["name"];
        QCOMPARE(name, std::string("projects/123456789012/locations/us-central1/endpoints/4242"));
        QCOMPARE(client
                     .call("POST", std::string(kLocation) + "/endpoints?endpointId=4242",
                           json{{"displayName", "again"}})
                     .status,
                 409L);

        const json deployRequest = {
            {"deployedModel",
             {{"model", model},
              {"displayName", "v1"},
              {"dedicatedResources",
               {{"machineSpec", {{"machineType", "n1-standard-2"}}}, {"minReplicaCount", 1}}}}},
            {"trafficSplit", {{"0", 100}}}};
        json badSplit = deployRequest;
        badSplit["trafficSplit"]["0"] = 90;
        QCOMPARE(client.call("POST", "/v1/" + name + ":deployModel", badSplit).status, 400L);
        const json deployed = client.operation(
            client.ok("POST", "/v1/" + name + ":deployModel", deployRequest)["name"]);
        QVERIFY2(deployed.contains("response"), deployed.dump().c_str());
        JCOMPARE(deployed["response"]["@type"],
                 "type.googleapis.com/google.cloud.aiplatform.v1.DeployModelResponse");
        const std::string deployedId = deployed["response"]["deployedModel"]["id"];
        const json withModel = client.ok("GET", "/v1/" + name);
        JCOMPARE(withModel["trafficSplit"][deployedId], 100);
        JCOMPARE(withModel["deployedModels"][0]["model"], model);

        const json prediction = client.ok("POST", "/v1/" + name + ":predict",
                                          json{{"instances", instances(m_validText, 3)}});
        QCOMPARE(prediction["predictions"].size(), size_t(3));
        JCOMPARE(prediction["deployedModelId"], deployedId);
        JCOMPARE(prediction["model"], model);
        // The server's own refusal comes back as an error, not as predictions.
        QCOMPARE(client
                     .call("POST", "/v1/" + name + ":predict",
                           json{{"instances", {{{"Elevation", "high"}}}}})
                     .status,
                 400L);
        // Online prediction takes at most 1.5 MB.
        const json huge = {{"instances", {std::string(1600 * 1024, 'x')}}};
        const auto tooLarge = client.call("POST", "/v1/" + name + ":predict", huge);
        QCOMPARE(tooLarge.status, 400L);
        QVERIFY(tooLarge.body.find("exceeds the limit") != std::string::npos);

        // An endpoint with a deployed model cannot be deleted, nor its model.
        const auto refused = client.call("DELETE", "/v1/" + name);
        QCOMPARE(refused.status, 400L);
        QVERIFY(refused.body.find("FAILED_PRECONDITION") != std::string::npos);
        QCOMPARE(client.call("DELETE", "/v1/" + model).status, 400L);

        const json undeployed =
            client.operation(client.ok("POST", "/v1/" + name + ":undeployModel",
                                       json{{"deployedModelId", deployedId}})["name"]);
        QVERIFY(undeployed.contains("response"));
        QVERIFY(!client.ok("GET", "/v1/" + name).contains("deployedModels"));
        QCOMPARE(client
                     .call("POST", "/v1/" + name + ":predict",
                           json{{"instances", instances(m_validText, 1)}})
                     .status,
                 400L);
        QVERIFY(client.operation(client.ok("DELETE", "/v1/" + name)["name"]).contains("response"));
        QCOMPARE(client.call("GET", "/v1/" + name).status, 404L);
    }

    void servingThatNeverGetsHealthy()
    {
        FakeGoogleCloud cloud;
        Client client(cloud);
        vertex::VertexSettings settings = cloud.vertex().settings();
        settings.deployTimeout = 1500ms;
        settings.operationPolls = 1;
        cloud.vertex().setSettings(settings);
        cloud.setContainerCommand(kServer,
                                  {"/bin/sh", "-c", "echo 'loading model...' >&2; sleep 60"});
        const json uploaded = client.operation(client.ok(
            "POST", std::string(kLocation) + "/models:upload",
            json{{"model",
                  {{"displayName", "m"}, {"containerSpec", {{"imageUri", kServer}}}}}})["name"]);
        const json endpoint =
            client.operation(client.ok("POST", std::string(kLocation) + "/endpoints",
                                       json{{"displayName", "e"}})["name"])["response"];
        const auto started = std::chrono::steady_clock::now();
        const json op = client.operation(
            client.ok("POST", "/v1/" + endpoint["name"].get<std::string>() + ":deployModel",
                      json{{"deployedModel",
                            {{"model", uploaded["response"]["model"]},
                             {"dedicatedResources",
                              {{"machineSpec", {{"machineType", "n1-standard-2"}}},
                               {"minReplicaCount", 1}}}}}})["name"]);
        QVERIFY2(op.contains("error"), op.dump().c_str());
        const std::string message = op["error"]["message"];
        QVERIFY2(message.find("never became ready") != std::string::npos, message.c_str());
        QVERIFY2(message.find("loading model...") != std::string::npos, message.c_str());
        QVERIFY(std::chrono::steady_clock::now() - started < 15s);
        const json after = client.ok("GET", "/v1/" + endpoint["name"].get<std::string>());
        QVERIFY(!after.contains("deployedModels"));
        // Nothing is left deployed: the endpoint and the model can go.
        QVERIFY(client
                    .operation(
                        client.ok("DELETE", "/v1/" + endpoint["name"].get<std::string>())["name"])
                    .contains("response"));
        QVERIFY(
            client
                .operation(client.ok(
                    "DELETE", "/v1/" + uploaded["response"]["model"].get<std::string>())["name"])
                .contains("response"));
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudVertex)
#include "tst_fakecloud_vertex.moc"
