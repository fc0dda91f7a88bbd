// covertype tune: the course's hyperparameter-tuning job, run locally and recorded in the store.
#include <csignal>
#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
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
        "tune", "--config FILE --data FILE [split options] [--seed S] [--store PATH] [--json]",
        "Runs the hyperparameter-tuning job of a config (gcloud config.yaml, the pipeline's JSON "
        "or\n"
        "a Vertex AI study spec) locally: trials of the course trainer on the training lots,\n"
        "scored on the validation lots, maxParallelTrials at a time. Prints a line per finished\n"
        "trial and a table best first; every trial is recorded in the run store. Ctrl-C cancels\n"
        "(the run is CANCELLED, finished trials are kept). resumePreviousJobId continues a stored\n"
        "run (its id from covertype runs list).",
        withSplitOptions({{"config", "FILE", "tuning config (YAML or JSON)"},
                          {"data", "FILE", "labelled table (lab CSV or UCI covtype.data)"},
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
    auto data = loadTrainingData(cmd, false);
    if (!data)
        return reportError(data.error());
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
    auto result = runTuning(*spec, data->training, data->validation,
                            recorder.attach(printTrials(*spec, options, !json)));
    std::signal(SIGINT, SIG_DFL);
    if (!result) {
        (void)(*store)->setRunState(*runId, RunState::Failed, result.error().message);
        return reportError(result.error());
    }
    if (recorder.error()) {
        (void)(*store)->setRunState(*runId, RunState::Failed, recorder.error()->message);
        return reportError(*recorder.error());
    }
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
