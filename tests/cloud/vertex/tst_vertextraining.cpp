// Tests of what the Vertex AI training backend reads back from a job resource: the trial log of a
// one-job study, wherever the job that is followed again was told to write it (the workbench's
// {root}/pipeline/run-ID/study/trials/ or `covertype cloud tune --mode job`'s
// {root}/jobs/run-ID/trials/).
#include <QTest>

#include <nlohmann/json.hpp>

#include "vertex/vertextraining.h"

using namespace covertype;
using nlohmann::json;

class TestVertexTraining : public QObject
{
    Q_OBJECT

private slots:
    void trialLogComesFromTheJobsArguments();
    void jobsWithoutATrialLogSayNone();
};

void TestVertexTraining::trialLogComesFromTheJobsArguments()
{
    const json cliJob = {{"name", "projects/p/locations/us-central1/customJobs/123"},
                         {"jobSpec",
                          {{"workerPoolSpecs",
                            {{{"machineSpec", {{"machineType", "n1-standard-4"}}},
                              {"replicaCount", "1"},
                              {"containerSpec",
                               {{"imageUri", "us-docker.pkg.dev/p/covertype/trainer:1"},
                                {"command", {"/usr/local/bin/covertype", "tune"}},
                                {"args",
                                 {"--config=gs://b/root/jobs/run-7/config.json",
                                  "--training=gs://b/root/datasets/training/data.csv",
                                  "--trial-log=gs://b/root/jobs/run-7/trials/", "--json"}}}}}}}}}};
    QCOMPARE(cloud::trialLogArgument(cliJob),
             std::optional<std::string>("gs://b/root/jobs/run-7/trials/"));
}

void TestVertexTraining::jobsWithoutATrialLogSayNone()
{
    QCOMPARE(cloud::trialLogArgument(json::object()), std::nullopt);
    QCOMPARE(cloud::trialLogArgument(json::parse(R"({"jobSpec": {"workerPoolSpecs": 3}})")),
             std::nullopt);
    // A trainer job (the course's train.py arguments) has none.
    const json trainer = {
        {"jobSpec",
         {{"workerPoolSpecs",
           {{{"containerSpec",
              {{"imageUri", "trainer"}, {"args", {"--hptune=False", "--alpha=0.0001", 42}}}}}}}}}};
    QCOMPARE(cloud::trialLogArgument(trainer), std::nullopt);
}

QTEST_MAIN(TestVertexTraining)
#include "tst_vertextraining.moc"
