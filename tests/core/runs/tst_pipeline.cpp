// Tests for the local continuous-training pipeline: steps, the deployment gate both ways,
// failures and cancel.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "runs/pipeline.h"
#include "testsupport.h"

using namespace covertype;
using covertype::test::labRows;

namespace {

/// Records what it is asked to deploy.
class FakeTarget : public DeploymentTarget
{
public:
    std::vector<std::string> deployed;
    std::string name() const override { return "fake"; }
    Expected<Deployment> deploy(const std::string &modelPath, const std::string &model,
                                const std::string &version, bool) override
    {
        deployed.push_back(modelPath);
        return Deployment{"fake", model, version, "fake://" + model, modelPath, {}, true};
    }
    Expected<std::vector<Deployment>> list() override { return std::vector<Deployment>{}; }
    Expected<void> setDefault(const std::string &, const std::string &) override { return {}; }
    Expected<void> undeploy(const std::string &, const std::string &) override { return {}; }
    Expected<nlohmann::json> predict(const std::string &, const std::string &,
                                     const nlohmann::json &) override
    {
        return fail(ErrorCode::InvalidArgument, "the fake target does not predict");
    }
};

PipelineConfig config(const QString &dir, double threshold)
{
    PipelineConfig c;
    c.outputDir = dir.toStdString();
    c.threshold = threshold;
    c.tuning.maxTrials = 3;
    c.tuning.maxParallelTrials = 2;
    c.tuning.metricTag = "accuracy";
    ParameterSpec alpha;
    alpha.name = "alpha";
    alpha.type = ParameterType::Double;
    alpha.minValue = 0.0001;
    alpha.maxValue = 0.001;
    alpha.scale = ScaleType::UnitLinear;
    c.tuning.params = {alpha};
    return c;
}

std::vector<std::string> stepNames(const PipelineResult &r)
{
    std::vector<std::string> names;
    for (const PipelineStep &s : r.steps)
        names.push_back(s.name + ":" + std::string(stepStateName(s.state)));
    return names;
}

}  // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

    Dataset m_data;

private slots:
    void initTestCase() { m_data = labRows(6000, 3); }

    void gatePasses()
    {
        QTemporaryDir dir;
        FakeTarget target;
        std::vector<std::string> started;
        PipelineCallbacks callbacks;
        callbacks.onStepStarted = [&](const PipelineStep &s) { started.push_back(s.name); };
        const PipelineResult r = runPipeline(m_data, config(dir.path(), 0.0), &target, callbacks);
        QVERIFY2(r.succeeded, r.message.c_str());
        QCOMPARE(started, (std::vector<std::string>{"split", "tune", "best-trial", "train",
                                                    "evaluate", "deploy"}));
        QVERIFY(r.gatePassed);
        QVERIFY(r.deployed);
        QCOMPARE(r.deployed->version, std::string("v01"));
        QCOMPARE(target.deployed.size(), size_t(1));
        QCOMPARE(r.steps.back().state, StepState::Succeeded);
        QVERIFY(QFile::exists(QString::fromStdString(r.modelPath)));
        QVERIFY(r.metricValue && *r.metricValue > 0.3);
        QCOMPARE(r.steps[2].output["trial_id"].get<std::string>(),
                 r.tuning->trials[*r.tuning->best].trialId);
    }

    void gateBlocks()
    {
        QTemporaryDir dir;
        FakeTarget target;
        const PipelineResult r = runPipeline(m_data, config(dir.path(), 0.999), &target);
        QVERIFY2(r.succeeded, r.message.c_str());
        QVERIFY(!r.gatePassed);
        QVERIFY(!r.deployed);
        QVERIFY(target.deployed.empty());
        QCOMPARE(r.steps.back().output["passed"].get<bool>(), false);
        // The deploy step says it did nothing, and why (not SUCCEEDED as if it had deployed).
        QCOMPARE(r.steps.back().name, std::string("deploy"));
        QCOMPARE(r.steps.back().state, StepState::Skipped);
        QVERIFY2(r.steps.back().message.find("not above the threshold 0.999") != std::string::npos,
                 r.steps.back().message.c_str());
    }

    void noTargetRecordsDecision()
    {
        QTemporaryDir dir;
        const PipelineResult r = runPipeline(m_data, config(dir.path(), 0.0), nullptr);
        QVERIFY(r.succeeded);
        QVERIFY(r.gatePassed);
        QVERIFY(!r.deployed);
        QCOMPARE(r.steps.back().output["target"].get<std::string>(), std::string("none"));
        QCOMPARE(r.steps.back().state, StepState::Skipped);
        QVERIFY2(r.steps.back().message.find("no deployment target") != std::string::npos,
                 r.steps.back().message.c_str());
    }

    void failedStepStops()
    {
        QTemporaryDir dir;
        const Dataset unlabelled = labRows(500, 4, /*withLabel=*/false);
        const PipelineResult r = runPipeline(unlabelled, config(dir.path(), 0.5), nullptr);
        QVERIFY(!r.succeeded);
        QCOMPARE(stepNames(r), (std::vector<std::string>{"split:FAILED"}));
        QVERIFY2(r.message.find("step split failed") != std::string::npos &&
                     r.message.find("Cover_Type") != std::string::npos,
                 r.message.c_str());
    }

    void cancelKeepsFinishedSteps()
    {
        QTemporaryDir dir;
        bool tuned = false;
        PipelineCallbacks callbacks;
        callbacks.onStepFinished = [&](const PipelineStep &s) {
            tuned = tuned || s.name == "tune";
        };
        callbacks.cancelRequested = [&] { return tuned; };
        const PipelineResult r = runPipeline(m_data, config(dir.path(), 0.5), nullptr, callbacks);
        QVERIFY(!r.succeeded);
        QVERIFY(r.cancelled);
        QCOMPARE(stepNames(r), (std::vector<std::string>{"split:SUCCEEDED", "tune:SUCCEEDED"}));
        QVERIFY(r.tuning && r.tuning->trials.size() == 3);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
