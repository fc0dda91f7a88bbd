// Test helper for tst_runstore: writes finished trials into a run store until killed (or a limit).
// Usage: runstore_writer STORE [TRIALS]. Prints "run ID" once the run exists.
#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "base/text.h"
#include "runs/runstore.h"

using namespace covertype;

namespace {

int die(const Error &e)
{
    std::fprintf(stderr, "runstore_writer: %s\n", e.message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: runstore_writer STORE [TRIALS]\n");
        return 2;
    }
    const long limit = argc > 2 ? std::atol(argv[2]) : std::numeric_limits<long>::max();
    auto store = RunStore::open(argv[1]);
    if (!store)
        return die(store.error());
    NewRun spec;
    spec.kind = RunKind::Tune;
    spec.state = RunState::Running;
    spec.configJson = R"({"writer": true})";
    auto run = (*store)->createRun(spec);
    if (!run)
        return die(run.error());
    std::printf("run %lld\n", static_cast<long long>(*run));
    std::fflush(stdout);

    // Metric of trial t at step s: t + s / 10 (tst_runstore checks the values it saw).
    for (long t = 1; t <= limit; ++t) {
        TrialRecord trial;
        trial.trialId = std::to_string(t);
        trial.parameters = {
            {"alpha", 1e-4 * double(t)}, {"max_iter", int64_t(t)}, {"loss", "hinge"}};
        if (auto ok = (*store)->addTrial(*run, trial); !ok)
            return die(ok.error());
        for (int step = 1; step <= 5; ++step)
            if (auto ok =
                    (*store)->addIntermediate(*run, trial.trialId, step, double(t) + step / 10.0);
                !ok)
                return die(ok.error());
        if (t % 5 == 0) {
            ModelRecord model{0,    *run, trial.trialId, cat("/models/", t), std::string(64, 'a'),
                              "{}", {}};
            if (auto ok = (*store)->addModel(model); !ok)
                return die(ok.error());
        }
        trial.state = TrialState::Succeeded;
        trial.finalMetric = double(t) + 0.5;
        if (auto ok = (*store)->updateTrial(*run, trial); !ok)
            return die(ok.error());
    }
    if (auto ok = (*store)->setRunState(*run, RunState::Succeeded); !ok)
        return die(ok.error());
    return 0;
}
