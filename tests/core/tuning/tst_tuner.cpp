// Tests for local tuning: determinism, parallel trials, early stopping, failures, cancel, resume.
#include <QTest>

#include <atomic>

#include "base/text.h"
#include "data/csvloader.h"
#include "runs/runrecording.h"
#include "split/split.h"
#include "testsupport.h"
#include "tuning/tuner.h"

using namespace covertype;
using covertype::test::labRows;

namespace {

ParameterSpec alphaRange(double lo, double hi, ScaleType scale = ScaleType::UnitLinear)
{
    ParameterSpec p;
    p.name = "alpha";
    p.type = ParameterType::Double;
    p.minValue = lo;
    p.maxValue = hi;
    p.scale = scale;
    return p;
}

ParameterSpec discrete(const std::string &name, std::vector<double> values)
{
    ParameterSpec p;
    p.name = name;
    p.type = ParameterType::Discrete;
    p.discreteValues = std::move(values);
    return p;
}

/// The course's config.yaml (course-workflow.md section 4).
TuningSpec courseSpec()
{
    TuningSpec spec;
    spec.goal = Goal::Maximize;
    spec.maxTrials = 6;
    spec.maxParallelTrials = 3;
    spec.metricTag = "accuracy";
    spec.enableTrialEarlyStopping = true;
    spec.params = {discrete("max_iter", {500, 1000}), alphaRange(0.0001, 0.001)};
    return spec;
}

std::vector<std::pair<std::string, double>> summary(const TuningResult &r)
{
    std::vector<std::pair<std::string, double>> out;
    for (const TrialResult &t : r.trials)
        out.emplace_back(
            std::string(trialOutcomeName(t.state)) + " " + parameterValueText(t.values[1]),
            t.objective.value_or(-1));
    return out;
}

}  // namespace

class TestTuner : public QObject
{
    Q_OBJECT

    Dataset m_training, m_validation;

private slots:
    void initTestCase()
    {
        m_training = labRows(3000, 1);
        m_validation = labRows(800, 2);
    }

    void deterministicAndParallel()
    {
        TuningSpec spec = courseSpec();
        spec.enableTrialEarlyStopping = false;
        std::vector<std::string> started, finished;
        TuningOptions options;
        options.seed = 7;
        options.onTrialStarted = [&](const TrialResult &t) { started.push_back(t.trialId); };
        options.onTrialFinished = [&](const TrialResult &t) { finished.push_back(t.trialId); };
        const auto a = runTuning(spec, m_training, m_validation, options);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(a->state, TuningState::Succeeded);
        QCOMPARE(a->trials.size(), size_t(6));
        QCOMPARE(started, (std::vector<std::string>{"1", "2", "3", "4", "5", "6"}));
        QCOMPARE(finished.size(), size_t(6));
        for (const TrialResult &t : a->trials) {
            QCOMPARE(t.state, TrialOutcome::Succeeded);
            QVERIFY(t.objective && *t.objective > 0.3);
            QCOMPARE(int(t.intermediate.size()), t.epochs);
            const double alpha = std::get<double>(t.values[1]);
            QVERIFY(alpha >= 0.0001 && alpha <= 0.001);
        }
        QVERIFY(a->best);
        for (const TrialResult &t : a->trials)
            QVERIFY(*t.objective <= *a->trials[*a->best].objective);

        const auto b = runTuning(spec, m_training, m_validation, options);
        QVERIFY(b);
        QCOMPARE(summary(*b), summary(*a));
        options.seed = 8;
        const auto c = runTuning(spec, m_training, m_validation, options);
        QVERIFY(c);
        QVERIFY(summary(*c) != summary(*a));
    }

    void bestTieGoesToEarlier()
    {
        std::vector<TrialResult> trials(3);
        trials[0].objective = 0.5;
        trials[1].objective = 0.7;
        trials[2].objective = 0.7;
        for (auto &t : trials)
            t.state = TrialOutcome::Succeeded;
        QCOMPARE(bestTrial(trials, Goal::Maximize), std::optional<size_t>(1));
        QCOMPARE(bestTrial(trials, Goal::Minimize), std::optional<size_t>(0));
        trials[1].state = TrialOutcome::StoppedEarly;
        QCOMPARE(bestTrial(trials, Goal::Maximize), std::optional<size_t>(2));
    }

    void gridIsExhausted()
    {
        TuningSpec spec;
        spec.algorithm = SearchAlgorithm::GridSearch;
        spec.maxTrials = 10;
        spec.maxParallelTrials = 2;
        spec.metricTag = "accuracy";
        spec.params = {discrete("max_iter", {5, 50}), discrete("alpha", {0.0001, 0.01})};
        const auto r = runTuning(spec, m_training, m_validation);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->trials.size(), size_t(4));
        QCOMPARE(r->state, TuningState::Succeeded);
    }

    void earlyStopping()
    {
        // Eight trials over alphas that differ a lot, deterministically.
        TuningSpec spec;
        spec.algorithm = SearchAlgorithm::GridSearch;
        spec.maxTrials = 8;
        spec.maxParallelTrials = 3;
        spec.metricTag = "accuracy";
        spec.enableTrialEarlyStopping = true;
        spec.params = {discrete("max_iter", {1000}),
                       discrete("alpha", {0.00001, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.3, 1.0})};
        const auto a = runTuning(spec, m_training, m_validation);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(a->state, TuningState::Succeeded);
        const auto b = runTuning(spec, m_training, m_validation);
        QVERIFY(b);
        QCOMPARE(summary(*b), summary(*a));

        // Three finished trials that reached 0.99 in four epochs: every new trial falls below
        // the median of their running averages and is stopped at epoch max(2, 4 / 2).
        const auto finishedBefore = [&](int epochs) {
            std::vector<TrialResult> previous;
            for (int i = 0; i < 3; ++i) {
                TrialResult t;
                t.trialId = std::to_string(i + 1);
                t.values = a->trials[size_t(i)].values;
                t.state = TrialOutcome::Succeeded;
                t.objective = 0.99;
                t.intermediate.assign(size_t(epochs), 0.99);
                t.epochs = epochs;
                previous.push_back(t);
            }
            return previous;
        };
        spec.maxTrials = 6;
        TuningOptions options;
        options.previous = finishedBefore(4);
        const auto c = runTuning(spec, m_training, m_validation, options);
        QVERIFY2(c, c ? "" : c.error().message.c_str());
        QCOMPARE(c->trials.size(), size_t(6));
        for (size_t i = 3; i < 6; ++i) {
            const TrialResult &t = c->trials[i];
            QCOMPARE(t.state, TrialOutcome::StoppedEarly);
            QVERIFY2(t.message.find("stopped early at epoch 2 with validation accuracy ") == 0,
                     t.message.c_str());
            QVERIFY(t.message.find("below the median 0.9900") != std::string::npos);
            QVERIFY(t.objective);
            // The message names first the value the trial is listed with.
            QVERIFY2(t.message.find(" accuracy " + fixed(*t.objective, 4) + ": its best") !=
                         std::string::npos,
                     t.message.c_str());
            QCOMPARE(t.epochs, 2);
        }

        // The same trials after 40 epochs: nothing is judged before epoch 20, half their length
        // (a small alpha starts slowly and must not be stopped for it).
        options.previous = finishedBefore(40);
        const auto d = runTuning(spec, m_training, m_validation, options);
        QVERIFY(d);
        for (size_t i = 3; i < 6; ++i) {
            const TrialResult &t = d->trials[i];
            QVERIFY2(t.state != TrialOutcome::StoppedEarly || t.epochs >= 20, t.message.c_str());
        }
    }

    void failuresEndTheRun()
    {
        // One class only: every trial fails in the trainer.
        std::vector<uint32_t> rows;
        const Column &label = *m_training.find("Cover_Type");
        for (size_t r = 0; r < m_training.rowCount(); ++r)
            if (label.ints[r] == 1)
                rows.push_back(uint32_t(r));
        const Dataset oneClass = m_training.selectRows(rows);
        TuningSpec spec = courseSpec();
        spec.maxFailedTrials = 2;
        spec.maxParallelTrials = 1;
        const auto r = runTuning(spec, oneClass, m_validation);
        QVERIFY(r);
        QCOMPARE(r->state, TuningState::Failed);
        QVERIFY2(r->message.find("2 trials failed (maxFailedTrials 2)") != std::string::npos,
                 r->message.c_str());
        QCOMPARE(r->trials.size(), size_t(2));
        spec.maxFailedTrials = 0;
        const auto all = runTuning(spec, oneClass, m_validation);
        QVERIFY(all);
        QCOMPARE(all->state, TuningState::Failed);
        QCOMPARE(all->trials.size(), size_t(6));
        QVERIFY(all->message.find("no trial succeeded") != std::string::npos);
    }

    void cancelKeepsFinishedTrials()
    {
        TuningSpec spec = courseSpec();
        spec.maxParallelTrials = 1;
        std::atomic<int> finished = 0;
        TuningOptions options;
        options.onTrialFinished = [&](const TrialResult &) { ++finished; };
        options.cancelRequested = [&] { return finished >= 2; };
        const auto r = runTuning(spec, m_training, m_validation, options);
        QVERIFY(r);
        QCOMPARE(r->state, TuningState::Cancelled);
        QVERIFY(r->trials.size() >= 2 && r->trials.size() < 6);
        QCOMPARE(r->trials[0].state, TrialOutcome::Succeeded);
        QCOMPARE(r->trials[1].state, TrialOutcome::Succeeded);
    }

    void aTrialCutShortByCancelIsCancelledNotFailed()
    {
        TuningSpec spec = courseSpec();
        spec.maxParallelTrials = 1;
        spec.enableTrialEarlyStopping = false;
        std::atomic<bool> secondStarted = false;
        TuningOptions options;
        options.onIntermediate = [&](const TrialResult &t, int, double) {
            if (t.trialId == "2")
                secondStarted = true;
        };
        options.cancelRequested = [&] { return secondStarted.load(); };
        // Enough rows that a trial takes many times longer than the cancel takes to reach it.
        const Dataset training = labRows(150000, 5);
        const auto r = runTuning(spec, training, m_validation, options);
        QVERIFY(r);
        QCOMPARE(r->state, TuningState::Cancelled);
        QCOMPARE(r->trials.size(), size_t(2));
        QCOMPARE(r->trials[0].state, TrialOutcome::Succeeded);
        QCOMPARE(r->trials[1].state, TrialOutcome::Cancelled);
        QCOMPARE(trialOutcomeName(r->trials[1].state), std::string_view("CANCELLED"));
        // Stored (schema v1 has no CANCELLED trial state) and read back, it is still cancelled.
        auto back = trialResultOf(spec, trialRecord(spec, r->trials[1]));
        QVERIFY(back);
        QCOMPARE(back->state, TrialOutcome::Cancelled);
    }

    void resumeContinuesNumbering()
    {
        TuningSpec spec = courseSpec();
        spec.enableTrialEarlyStopping = false;
        spec.maxTrials = 3;
        const auto first = runTuning(spec, m_training, m_validation);
        QVERIFY(first);
        spec.maxTrials = 6;
        TuningOptions options;
        options.previous = first->trials;
        const auto resumed = runTuning(spec, m_training, m_validation, options);
        QVERIFY(resumed);
        QCOMPARE(resumed->trials.size(), size_t(6));
        QCOMPARE(resumed->trials[3].trialId, std::string("4"));
        QCOMPARE(resumed->trials[0].objective, first->trials[0].objective);
        for (size_t i = 3; i < 6; ++i)
            for (size_t j = 0; j < 3; ++j)
                QVERIFY(resumed->trials[i].values != resumed->trials[j].values);
    }

    void unknownMetric()
    {
        TuningSpec spec = courseSpec();
        spec.metricTag = "f1";
        const auto r = runTuning(spec, m_training, m_validation);
        QVERIFY(!r);
        QVERIFY(r.error().message.find("'f1'") != std::string::npos);
    }

    void courseConfigOnRealData()
    {
        COVERTYPE_REAL_DATA(path);
        auto data = loadDataset(path.toStdString());
        QVERIFY(data);
        const SplitSpec split;
        auto lots = computeLots(*data, split.numLots);
        QVERIFY(lots);
        const SplitRows rows = assignRows(*lots, split);
        const Dataset training = data->selectRows(rows.training);
        const Dataset validation = data->selectRows(rows.validation);
        const auto r = runTuning(courseSpec(), training, validation);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->trials.size(), size_t(6));
        QVERIFY(r->best);
        const double best = *r->trials[*r->best].objective;
        // The course's reference range for this config (course-workflow.md section 3).
        QVERIFY2(best > 0.70 && best < 0.73, QByteArray::number(best).constData());
    }
};

QTEST_GUILESS_MAIN(TestTuner)
#include "tst_tuner.moc"
