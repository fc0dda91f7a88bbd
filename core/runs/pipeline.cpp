// The continuous-training pipeline, step by step.
#include "runs/pipeline.h"

#include <QDir>

#include <chrono>

#include "base/text.h"
#include "data/labschema.h"
#include "training/trainer.h"

namespace covertype {

std::string_view stepStateName(StepState state)
{
    switch (state) {
        case StepState::Running:
            return "RUNNING";
        case StepState::Succeeded:
            return "SUCCEEDED";
        case StepState::Failed:
            return "FAILED";
        case StepState::Skipped:
            return "SKIPPED";
        case StepState::Cancelled:
            return "CANCELLED";
    }
    return "FAILED";
}

namespace {

/// Runs steps in order, reporting each; stops at the first that does not succeed.
class StepRunner
{
public:
    StepRunner(PipelineResult &result, const PipelineCallbacks &callbacks)
        : m_result(result), m_callbacks(callbacks)
    {
    }

    /// Runs `body` as step `name`; body returns the step's output or an error. False when the
    /// pipeline must stop.
    bool run(const std::string &name, const std::function<Expected<nlohmann::json>()> &body)
    {
        m_skipped.clear();
        PipelineStep step;
        step.index = int(m_result.steps.size());
        step.name = name;
        if (m_callbacks.cancelRequested && m_callbacks.cancelRequested()) {
            m_result.cancelled = true;
            m_result.message = "cancelled before step " + name;
            return false;
        }
        if (m_callbacks.onStepStarted)
            m_callbacks.onStepStarted(step);
        const auto started = std::chrono::steady_clock::now();
        auto output = body();
        step.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (output) {
            step.state = m_skipped.empty() ? StepState::Succeeded : StepState::Skipped;
            step.message = m_skipped;
            step.output = std::move(*output);
        } else {
            const bool cancelled = output.error().code == ErrorCode::Cancelled;
            step.state = cancelled ? StepState::Cancelled : StepState::Failed;
            step.message = output.error().message;
            m_result.cancelled = cancelled;
            m_result.message = cat("step ", name, (cancelled ? " cancelled: " : " failed: "),
                                   output.error().message);
        }
        m_result.steps.push_back(step);
        if (m_callbacks.onStepFinished)
            m_callbacks.onStepFinished(step);
        return step.state == StepState::Succeeded || step.state == StepState::Skipped;
    }

    /// Called by a step's body: the step did not do its work, for `reason` (the pipeline goes on).
    void skip(std::string reason) { m_skipped = std::move(reason); }

private:
    std::string m_skipped;
    PipelineResult &m_result;
    const PipelineCallbacks &m_callbacks;
};

}  // namespace

PipelineResult runPipeline(const Dataset &data, const PipelineConfig &config,
                           DeploymentTarget *target, const PipelineCallbacks &callbacks,
                           TrainingBackend *backend)
{
    LocalTrainingBackend local;
    TrainingBackend &runner = backend ? *backend : local;
    PipelineResult result;
    StepRunner steps(result, callbacks);
    Dataset training, validation, testing;
    std::optional<size_t> best;
    Model model;

    const bool ok = steps.run("split", [&]() -> Expected<nlohmann::json> {
        if (auto valid = config.split.validate(); !valid)
            return std::unexpected(valid.error());
        if (config.externalSplit) {
            auto made = config.externalSplit();
            if (!made)
                return std::unexpected(made.error());
            for (const auto &[name, part] : {std::pair{"training", &made->training},
                                             {"validation", &made->validation},
                                             {"testing", &made->testing}})
                if (auto labelled = lab::validate(*part, true, cat("the ", name, " split"));
                    !labelled)
                    return std::unexpected(labelled.error());
            training = std::move(made->training);
            validation = std::move(made->validation);
            testing = std::move(made->testing);
            return made->summary;
        }
        if (auto labelled = lab::validate(data, true, "the pipeline"); !labelled)
            return std::unexpected(labelled.error());
        auto lots = computeLots(data, config.split.numLots, config.split.hashColumn);
        if (!lots)
            return std::unexpected(lots.error());
        const SplitRows rows = assignRows(*lots, config.split);
        training = data.selectRows(rows.training);
        validation = data.selectRows(rows.validation);
        testing = data.selectRows(rows.testing);
        const SplitSummary summary = summarizeSplit(data, config.split, rows);
        return summary.toJson();
    }) && steps.run("tune", [&]() -> Expected<nlohmann::json> {
        TuningOptions options = callbacks.tuning;
        options.seed = config.seed;
        options.cancelRequested = callbacks.cancelRequested;
        auto tuned = runner.tune(config.tuning, training, validation, options);
        if (!tuned)
            return std::unexpected(tuned.error());
        result.tuning = *tuned;
        if (tuned->state == TuningState::Cancelled)
            return fail(ErrorCode::Cancelled, tuned->message);
        if (tuned->state == TuningState::Failed)
            return fail(ErrorCode::InvalidArgument, tuned->message);
        return nlohmann::json{{"trials", tuned->trials.size()},
                              {"state", std::string(tuningStateName(tuned->state))},
                              {"backend", runner.name()}};
    }) && steps.run("best-trial", [&]() -> Expected<nlohmann::json> {
        best = result.tuning->best;
        if (!best)
            return fail(ErrorCode::InvalidArgument, "no trial succeeded");
        const TrialResult &t = result.tuning->trials[*best];
        return nlohmann::json{{"trial_id", t.trialId},
                              {"parameters", parameterValuesJson(config.tuning, t.values)},
                              {"metric_value", *t.objective}};
    }) && steps.run("train", [&]() -> Expected<nlohmann::json> {
        const TrialResult &t = result.tuning->trials[*best];
        const TrainParams params = trialTrainParams(config.tuning, t.values, config.seed);
        auto trained = runner.train(training, validation, params, callbacks.cancelRequested);
        if (!trained)
            return std::unexpected(trained.error());
        model = std::move(trained->model);
        model.setSplit(config.split.toJson());
        model.setMetric("validation_" + config.tuning.metricTag, *t.objective);
        result.modelPath = QDir(QString::fromStdString(config.outputDir))
                               .filePath(QStringLiteral("model/model.json"))
                               .toStdString();
        if (auto saved = model.save(result.modelPath); !saved)
            return std::unexpected(saved.error());
        return nlohmann::json{{"model", result.modelPath},
                              {"epochs", trained->epochs},
                              {"rows", training.rowCount() + validation.rowCount()},
                              {"backend", runner.name()}};
    }) && steps.run("evaluate", [&]() -> Expected<nlohmann::json> {
        if (config.metric != "accuracy" && config.metric != "recall")
            return fail(
                ErrorCode::InvalidArgument,
                "evaluation metric must be accuracy or recall, got '" + config.metric + "'");
        auto eval = evaluateModel(model, testing);
        if (!eval)
            return std::unexpected(eval.error());
        result.metricValue = config.metric == "accuracy" ? eval->accuracy : eval->macroRecall;
        model.setMetric("testing_" + config.metric, *result.metricValue);
        if (auto saved = model.save(result.modelPath); !saved)
            return std::unexpected(saved.error());
        return nlohmann::json{{"metric_name", config.metric},
                              {"metric_value", *result.metricValue},
                              {"rows", eval->rows}};
    }) && steps.run("deploy", [&]() -> Expected<nlohmann::json> {
        result.gatePassed = *result.metricValue > config.threshold;
        result.deployTarget = target ? target->name() : std::string("none");
        nlohmann::json out = {{"threshold", config.threshold},
                              {"metric_value", *result.metricValue},
                              {"passed", result.gatePassed},
                              {"target", target ? target->name() : std::string("none")},
                              {"model", result.modelPath}};
        if (!result.gatePassed) {
            steps.skip(cat("not deployed: testing ", config.metric, " ",
                           fixed(*result.metricValue, 4), " is not above the threshold ",
                           config.threshold));
            return out;
        }
        if (!target) {
            steps.skip(
                "not deployed: the model passed the gate but no deployment target was given");
            return out;
        }
        auto deployed = target->deploy(result.modelPath, config.modelName, config.version,
                                       config.replaceExistingVersion);
        if (!deployed)
            return std::unexpected(deployed.error());
        result.deployed = *deployed;
        out["deployed"] = {{"target", deployed->target},
                           {"model", deployed->model},
                           {"version", deployed->version}};
        return out;
    });
    result.succeeded = ok;
    return result;
}

}  // namespace covertype
