// covertype tune: the course's hyperparameter-tuning job, run locally and recorded in the store.
#include <csignal>
#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "cloud/triallog.h"
#include "commands.h"
#include "runrecorder.h"

namespace covertype::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
}

}  // namespace

int runTune(const Args &args)
{
    CommandLine cmd(
        "tune",
        "--config FILE (--data FILE [split options] | --training FILE --validation FILE) "
        "[--seed S] [--store PATH] [--trial-log DIR|gs://...] [--json]",
        "Runs the hyperparameter-tuning job of a config (gcloud config.yaml, the pipeline's JSON "
        "or\n"
        "a Vertex AI study spec) locally: trials of the course trainer on the training lots,\n"
        "scored on the validation lots, maxParallelTrials at a time. Prints a line per finished\n"
        "trial and a table best first; every trial is recorded in the run store. Ctrl-C cancels\n"
        "(the run is CANCELLED, finished trials are kept). resumePreviousJobId continues a stored\n"
        "run (its id from covertype runs list). --training/--validation take a split made before\n"
        "(cloud split's files); --trial-log writes each finished trial as trial-<id>.json there\n"
        "and summary.json at the end (how cloud tune --mode job follows a tune in a custom job).",
        withSplitOptions({{"config", "FILE", "tuning config (YAML or JSON)"},
                          {"data", "FILE", "labelled table (lab CSV or UCI covtype.data)"},
                          {"training", "FILE", "the training split (with --validation)"},
                          {"validation", "FILE", "the validation split (with --training)"},
                          {"trial-log", "DIR", "write each finished trial there (or gs://)"},
                          {"schema", "FILE", "BigQuery JSON schema for --data"},
                          {"seed", "S", "seed of the search and the trainer (default 0)"},
                          {"store", "PATH", "run store (default: the user's data directory)"},
                          {"json", "", "print one JSON summary instead of text"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto spec = loadTuningOption(cmd);
    if (!spec)
        return reportError(spec.error());
    auto seed = cmd.integer("seed", 0);
    if (!seed)
        return reportError(seed.error());
    Expected<TrainingData> data = std::unexpected(Error{});
    if (cmd.has("training") || cmd.has("validation")) {
        if (!cmd.has("training") || !cmd.has("validation") || cmd.has("data"))
            return reportError(
                Error{ErrorCode::Usage, "give --data, or --training and --validation together"});
        data = loadSplitFiles(cmd);
    } else {
        data = loadTrainingData(cmd, false);
    }
    if (!data)
        return reportError(data.error());
    std::unique_ptr<TrialLog> trialLog;
    if (cmd.has("trial-log")) {
        auto opened = TrialLog::open(cmd.value("trial-log"));
        if (!opened)
            return reportError(opened.error());
        trialLog = std::move(*opened);
    }
    auto store = openStoreOption(cmd);
    if (!store)
        return reportError(store.error());

    TuningOptions options;
    options.seed = uint64_t(*seed);
    std::optional<int64_t> resumedFrom;
    if (!spec->resumePreviousJobId.empty()) {
        auto previous = previousTrials(**store, *spec, spec->resumePreviousJobId);
        if (!previous)
            return reportError(previous.error());
        options.previous = std::move(previous->finished);
        options.rerun = std::move(previous->unfinished);
        resumedFrom = std::stoll(spec->resumePreviousJobId);
    }
    NewRun run;
    run.kind = RunKind::Tune;
    run.configJson = writeTuningSpec(*spec, TuningFormat::PipelineJson);
    run.splitJson = data->split.toJson().dump();
    run.datasetFingerprint = data->fingerprint;
    run.datasetPath = data->path;
    run.state = RunState::Running;
    run.seed = options.seed;
    run.resumedFrom = resumedFrom;
    auto runId = (*store)->createRun(run);
    if (!runId)
        return reportError(runId.error());

    const bool json = cmd.has("json");
    if (!json)
        std::printf(
            "run %lld: %d trials, %d in parallel, %s, on %zu training / %zu validation rows\n",
            static_cast<long long>(*runId), spec->maxTrials, spec->maxParallelTrials,
            (*store)->path().c_str(), data->training.rowCount(), data->validation.rowCount());
    if (!json && resumedFrom)
        std::printf("resuming run %lld: %zu finished trials kept, %zu unfinished run again%s\n",
                    static_cast<long long>(*resumedFrom), options.previous.size(),
                    options.rerun.size(), options.rerun.empty() ? "" : " first");
    std::signal(SIGINT, onInterrupt);
    options.cancelRequested = [] { return g_interrupted != 0; };
    RunRecorder recorder(**store, *runId, *spec);
    TuningOptions attached = recorder.attach(printTrials(*spec, options, !json));
    std::optional<Error> logError;
    if (trialLog) {
        attached.onTrialFinished = [&,
                                    recorded = attached.onTrialFinished](const TrialResult &trial) {
            if (recorded)
                recorded(trial);
            if (auto ok = trialLog->writeTrial(trial.trialId, trialJson(*spec, trial));
                !ok && !logError)
                logError = ok.error();
        };
        attached.cancelRequested = [&, asked = attached.cancelRequested] {
            return logError.has_value() || (asked && asked());
        };
    }
    auto result = runTuning(*spec, data->training, data->validation, attached);
    std::signal(SIGINT, SIG_DFL);
    if (!result) {
        (void)(*store)->setRunState(*runId, RunState::Failed, result.error().message);
        return reportError(result.error());
    }
    if (recorder.error()) {
        (void)(*store)->setRunState(*runId, RunState::Failed, recorder.error()->message);
        return reportError(*recorder.error());
    }
    if (logError) {
        (void)(*store)->setRunState(*runId, RunState::Failed, logError->message);
        return reportError(Error{logError->code, "the trial log: " + logError->message});
    }
    if (trialLog)
        if (auto ok = trialLog->writeSummary(tuningSummaryJson(*runId, *spec, *result)); !ok)
            return reportError(Error{ok.error().code, "the trial log: " + ok.error().message});
    const RunState finalState = result->state == TuningState::Succeeded   ? RunState::Succeeded
                                : result->state == TuningState::Cancelled ? RunState::Cancelled
                                                                          : RunState::Failed;
    if (auto ok = (*store)->setRunState(*runId, finalState, result->message); !ok)
        return reportError(ok.error());

    if (json) {
        std::printf("%s\n", tuningSummaryJson(*runId, *spec, *result).dump(2).c_str());
    } else {
        printTrialTable(*spec, *result);
        std::printf("\nrun %lld %s%s%s\n", static_cast<long long>(*runId),
                    std::string(tuningStateName(result->state)).c_str(),
                    result->message.empty() ? "" : ": ", result->message.c_str());
    }
    if (result->state == TuningState::Cancelled)
        return 130;
    return result->state == TuningState::Succeeded ? kExitOk : kExitFailure;
}

}  // namespace covertype::cli
