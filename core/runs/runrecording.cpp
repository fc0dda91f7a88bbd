// Recording tuning runs in the run store (see runrecording.h).
#include "runs/runrecording.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QString>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace covertype {

namespace {

std::string sha256Of(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return hash.result().toHex().toStdString();
}

}  // namespace

PipelineStepRecord startedStepRecord(const PipelineStep &step)
{
    return {step.index, step.name, RunState::Running, {}, {}, "{}", {}};
}

PipelineStepRecord finishedStepRecord(const PipelineStep &step)
{
    return {step.index,         step.name,   runStateOf(step.state), {}, {},
            step.output.dump(), step.message};
}

ModelRecord pipelineModelRecord(int64_t runId, const PipelineResult &result,
                                const std::string &metric)
{
    ModelRecord model;
    model.runId = runId;
    if (result.tuning && result.tuning->best)
        model.trialId = result.tuning->trials[*result.tuning->best].trialId;
    model.path = result.modelPath;
    model.sha256 = sha256Of(result.modelPath);
    nlohmann::json metrics = nlohmann::json::object();
    if (result.metricValue)
        metrics["testing_" + metric] = *result.metricValue;
    model.metricsJson = metrics.dump();
    return model;
}

RunState runStateOf(StepState state)
{
    switch (state) {
        case StepState::Running:
            return RunState::Running;
        case StepState::Succeeded:
            return RunState::Succeeded;
        case StepState::Failed:
            return RunState::Failed;
        case StepState::Skipped:
        case StepState::Cancelled:
            return RunState::Cancelled;
    }
    return RunState::Failed;
}

TrialState storedTrialState(TrialOutcome state)
{
    switch (state) {
        case TrialOutcome::Active:
            return TrialState::Active;
        case TrialOutcome::Succeeded:
            return TrialState::Succeeded;
        case TrialOutcome::Failed:
        case TrialOutcome::Cancelled:  // schema v1 has no CANCELLED trial: FAILED "cancelled"
            return TrialState::Failed;
        case TrialOutcome::StoppedEarly:
            return TrialState::StoppedEarly;
    }
    return TrialState::Failed;
}

TrialOutcome trialOutcomeOf(TrialState state)
{
    switch (state) {
        case TrialState::Active:
            return TrialOutcome::Active;
        case TrialState::Succeeded:
            return TrialOutcome::Succeeded;
        case TrialState::StoppedEarly:
            return TrialOutcome::StoppedEarly;
        case TrialState::Failed:
        case TrialState::Infeasible:
            return TrialOutcome::Failed;
    }
    return TrialOutcome::Failed;
}

TrialRecord trialRecord(const TuningSpec &spec, const TrialResult &trial)
{
    TrialRecord r;
    r.trialId = trial.trialId;
    for (size_t i = 0; i < spec.params.size() && i < trial.values.size(); ++i)
        r.parameters.emplace_back(spec.params[i].name, trial.values[i]);
    r.state = storedTrialState(trial.state);
    r.finalMetric = trial.objective;
    r.stoppedEarly = trial.state == TrialOutcome::StoppedEarly;
    r.error = trial.message;
    return r;
}

Expected<TrialResult> trialResultOf(const TuningSpec &spec, const TrialRecord &trial)
{
    TrialResult r;
    r.trialId = trial.trialId;
    r.objective = trial.finalMetric;
    r.message = trial.error;
    r.state = trialOutcomeOf(trial.state);
    if (r.state == TrialOutcome::Failed && trial.error == kTrialCancelledMessage)
        r.state = TrialOutcome::Cancelled;
    for (const ParameterSpec &p : spec.params) {
        const auto it = std::ranges::find_if(trial.parameters,
                                             [&](const auto &kv) { return kv.first == p.name; });
        if (it == trial.parameters.end())
            return fail(ErrorCode::InvalidArgument,
                        cat("trial ", trial.trialId, " has no value for '", p.name,
                            "': it was tuned with other parameters"));
        r.values.push_back(it->second);
    }
    for (const IntermediateMetric &m : trial.intermediates)
        r.intermediate.push_back(m.value);
    r.epochs = int(r.intermediate.size());
    // The store keeps when a trial started and ended, not its duration.
    const QDateTime started =
        QDateTime::fromString(QString::fromStdString(trial.startedAt), Qt::ISODateWithMs);
    const QDateTime ended =
        QDateTime::fromString(QString::fromStdString(trial.endedAt), Qt::ISODateWithMs);
    if (started.isValid() && ended.isValid())
        r.seconds = double(started.msecsTo(ended)) / 1000.0;
    return r;
}

RunRecorder::RunRecorder(RunStore &store, int64_t runId, const TuningSpec &spec)
    : m_store(store), m_runId(runId), m_spec(spec)
{
}

void RunRecorder::check(Expected<void> result)
{
    if (!result && !m_error)
        m_error = result.error();
}

TuningOptions RunRecorder::attach(TuningOptions options)
{
    auto started = options.onTrialStarted;
    options.onTrialStarted = [this, started](const TrialResult &t) {
        if (!m_error)
            check(m_store.addTrial(m_runId, trialRecord(m_spec, t)));
        if (started)
            started(t);
    };
    auto intermediate = options.onIntermediate;
    options.onIntermediate = [this, intermediate](const TrialResult &t, int epoch, double value) {
        if (!m_error)
            check(m_store.addIntermediate(m_runId, t.trialId, epoch, value));
        if (intermediate)
            intermediate(t, epoch, value);
    };
    auto finished = options.onTrialFinished;
    options.onTrialFinished = [this, finished](const TrialResult &t) {
        if (!m_error)
            check(m_store.updateTrial(m_runId, trialRecord(m_spec, t)));
        if (finished)
            finished(t);
    };
    auto cancel = options.cancelRequested;
    options.cancelRequested = [this, cancel] {
        return m_error.has_value() || (cancel && cancel());
    };
    return options;
}

}  // namespace covertype
