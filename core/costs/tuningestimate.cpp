// The two cloud tuning modes' wall-clock time, billed VM time and cost, from the price table.
#include "tuningestimate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/text.h"
#include "training/trainer.h"

namespace covertype {

namespace {

constexpr int64_t kMaxRows = 10'000'000'000;

/// Billed seconds of one VM that ran `seconds`: rounded up to the billing increment.
double billed(double seconds, int increment)
{
    return std::ceil(seconds / increment) * increment;
}

/// "45 s", "9 min 00 s", "2 h 05 min".
std::string duration(double seconds)
{
    const auto total = int64_t(std::llround(seconds));
    char buf[64];
    if (total < 60)
        std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(total));
    else if (total < 3600)
        std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(total / 60),
                      static_cast<long long>(total % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(total / 3600),
                      static_cast<long long>(total % 3600 / 60));
    return buf;
}

std::string money(double amount, const std::string &currency)
{
    return cat(fixed(amount, amount < 10 ? 4 : 2), " ", currency);
}

}  // namespace

Expected<double> trialComputeSeconds(int64_t trainingRows, int epochs, const TrialTimeModel &model)
{
    if (trainingRows < 1 || trainingRows > kMaxRows)
        return fail(ErrorCode::InvalidArgument,
                    cat("training rows must be from 1 to ", kMaxRows, ", not ", trainingRows));
    if (epochs < 1 || epochs > kMaxIterLimit)
        return fail(ErrorCode::InvalidArgument,
                    cat("epochs must be from 1 to ", kMaxIterLimit, ", not ", epochs));
    if (!(model.secondsPerRowEpoch > 0) || !(model.fixedSeconds >= 0) ||
        !std::isfinite(model.secondsPerRowEpoch) || !std::isfinite(model.fixedSeconds))
        return fail(ErrorCode::InvalidArgument,
                    "the trial time model needs a positive time per row and epoch");
    const double seconds =
        model.fixedSeconds + double(trainingRows) * double(epochs) * model.secondsPerRowEpoch;
    if (seconds > kMaxTrialSeconds)
        return fail(ErrorCode::InvalidArgument,
                    cat(trainingRows, " rows x ", epochs, " epochs would take ", fixed(seconds, 0),
                        " s per trial, more than the ", fixed(kMaxTrialSeconds, 0),
                        " s an estimate accepts"));
    return seconds;
}

int maxEpochsOf(const TuningSpec &spec)
{
    const int index = spec.paramIndex("max_iter");
    if (index < 0)
        return TrainParams{}.maxIter;
    const ParameterSpec &p = spec.params[size_t(index)];
    double most = 0;
    switch (p.type) {
        case ParameterType::Integer:
        case ParameterType::Double:
            most = p.maxValue;
            break;
        case ParameterType::Discrete:
            for (double v : p.discreteValues)
                most = std::max(most, v);
            break;
        case ParameterType::Categorical:
            for (const std::string &v : p.categoricalValues)
                most = std::max(most, std::atof(v.c_str()));
            break;
    }
    if (!(most >= 1))
        return TrainParams{}.maxIter;
    return int(std::min<double>(most, kMaxIterLimit));
}

Expected<TuningEstimate> estimateTuning(const TuningSpec &spec, const PriceTable &prices,
                                        const EstimateRequest &request)
{
    if (spec.maxTrials < 1 || spec.maxTrials > kMaxTrialsLimit)
        return fail(ErrorCode::InvalidArgument,
                    cat("maxTrials must be from 1 to ", kMaxTrialsLimit, ", not ", spec.maxTrials));
    if (spec.maxParallelTrials < 1 || spec.maxParallelTrials > kMaxParallelTrialsLimit)
        return fail(ErrorCode::InvalidArgument,
                    cat("maxParallelTrials must be from 1 to ", kMaxParallelTrialsLimit, ", not ",
                        spec.maxParallelTrials));
    if (!std::isfinite(request.trialSeconds) || request.trialSeconds <= 0 ||
        request.trialSeconds > kMaxTrialSeconds)
        return fail(ErrorCode::InvalidArgument,
                    cat("the time of one trial must be more than 0 and at most ",
                        fixed(kMaxTrialSeconds, 0), " s, not ", request.trialSeconds));
    auto machine = prices.training(request.region, request.machineType);
    if (!machine)
        return std::unexpected(machine.error());

    TuningEstimate e;
    e.region = request.region;
    e.currency = prices.currency;
    e.asOf = prices.asOf;
    e.priceFile = prices.file;
    e.machine = *machine;
    e.overheads = prices.overheads;
    e.trials = spec.maxTrials;
    e.parallel = std::min(spec.maxParallelTrials, spec.maxTrials);
    e.rounds = (e.trials + e.parallel - 1) / e.parallel;
    e.trialSeconds = request.trialSeconds;
    const VmOverheads &o = prices.overheads;
    const double t = request.trialSeconds;
    const int vcpus = machine->vcpus;
    const double hourly = machine->hourly;

    // Study mode: every trial is a custom job of its own, started when a slot is free.
    e.study.machines = e.trials;
    e.study.wallSeconds = e.rounds * (o.startSeconds + t);
    e.study.billedSeconds = e.trials * billed(o.startBilledSeconds + t, o.billingIncrementSeconds);
    e.study.cost = e.study.billedSeconds / 3600.0 * hourly;
    e.study.assumptions = {
        cat("each of the ", e.trials, " trials is a custom job on its own ", machine->machineType,
            ": ", fixed(o.startSeconds, 0), " s to start (", fixed(o.startBilledSeconds, 0),
            " s of it billed), then ", fixed(t, 1), " s of compute on one of its ", vcpus,
            " vCPUs"),
        cat(e.parallel, " trials at a time: ", e.rounds, " round", e.rounds == 1 ? "" : "s",
            " of start + trial; the tuning service adds no charge beyond the trials' machines")};

    // Job mode: one VM; the tuner runs `parallel` trials at once on its vCPUs, round by round.
    double compute = 0;
    for (int r = 0; r < e.rounds; ++r) {
        const int inRound = std::min(e.parallel, e.trials - r * e.parallel);
        compute += t * std::max(1.0, double(inRound) / vcpus);
    }
    e.job.machines = 1;
    e.job.wallSeconds = o.startSeconds + compute;
    e.job.billedSeconds = billed(o.startBilledSeconds + compute, o.billingIncrementSeconds);
    e.job.cost = e.job.billedSeconds / 3600.0 * hourly;
    e.job.assumptions = {
        cat("one custom job on one ", machine->machineType, ": started once (",
            fixed(o.startSeconds, 0), " s), the data read once"),
        cat(e.parallel, " trials at a time share its ", vcpus, " vCPUs (one core each; ",
            e.parallel > vcpus ? "more trials than vCPUs run slower in proportion"
                               : "vCPUs beyond the trials stay idle",
            "): ", e.rounds, " round", e.rounds == 1 ? "" : "s", ", ", fixed(compute, 1),
            " s of compute")};

    e.assumptions = {
        cat("prices: ", prices.file, ", list prices as of ", prices.asOf,
            " (they change; no discounts, taxes or Spot VMs): ", fixed(hourly, 4), " ",
            prices.currency, " per hour for ", machine->machineType, " in ", request.region),
        cat("billed time is rounded up to ", o.billingIncrementSeconds,
            " s per VM; VM start times are an assumption of the price file"),
        "a Vertex vCPU is taken as fast as the core the trainer was timed on; Cloud Storage and "
        "network costs (cents) are left out"};
    return e;
}

std::string tuningEstimateVerdict(const TuningEstimate &e)
{
    auto compare = [](double study, double job, const char *better, const std::string &studyText,
                      const std::string &jobText) {
        const double low = std::min(study, job), high = std::max(study, job);
        if (high <= 0 || (high - low) / high < 0.01)
            return cat("both modes are about as ", better, " (", jobText, ")");
        const bool jobWins = job < study;
        return cat(jobWins ? "job mode" : "study mode", " is ", better, "er (",
                   jobWins ? jobText : studyText, " against ", jobWins ? studyText : jobText, ")");
    };
    return cat(compare(e.study.cost, e.job.cost, "cheap", money(e.study.cost, e.currency),
                       money(e.job.cost, e.currency)),
               "; ",
               compare(e.study.wallSeconds, e.job.wallSeconds, "fast",
                       duration(e.study.wallSeconds), duration(e.job.wallSeconds)),
               ".");
}

std::string formatTuningEstimate(const TuningEstimate &e)
{
    std::string out =
        cat("Estimate: ", e.trials, " trial", e.trials == 1 ? "" : "s", ", ", e.parallel,
            " at a time, on ", e.machine.machineType, " (", e.machine.vcpus, " vCPUs, ",
            fixed(e.machine.hourly, 4), " ", e.currency, "/h) in ", e.region, "\n", "prices as of ",
            e.asOf, " from ", e.priceFile, "\n\n");
    char line[200];
    std::snprintf(line, sizeof line, "%-38s %14s %4s %9s %12s\n", "mode", "wall clock", "VMs",
                  "VM-hours", cat("cost ", e.currency).c_str());
    out += line;
    auto row = [&](const char *name, const ModeEstimate &m) {
        std::snprintf(line, sizeof line, "%-38s %14s %4d %9s %12s\n", name,
                      duration(m.wallSeconds).c_str(), m.machines, fixed(m.vmHours(), 3).c_str(),
                      fixed(m.cost, m.cost < 10 ? 4 : 2).c_str());
        out += line;
    };
    row("study: hyperparameterTuningJob", e.study);
    row("job: one customJob, covertype tune", e.job);
    out += cat("\n", tuningEstimateVerdict(e), "\n\nAssumptions:\n");
    for (const std::string &a : e.assumptions)
        out += cat("  - ", a, "\n");
    for (const std::string &a : e.study.assumptions)
        out += cat("  - study: ", a, "\n");
    for (const std::string &a : e.job.assumptions)
        out += cat("  - job: ", a, "\n");
    return out;
}

nlohmann::json tuningEstimateJson(const TuningEstimate &e)
{
    auto mode = [](const ModeEstimate &m) {
        return nlohmann::json{{"wall_seconds", m.wallSeconds},
                              {"machines", m.machines},
                              {"billed_vm_seconds", m.billedSeconds},
                              {"vm_hours", m.vmHours()},
                              {"cost", m.cost},
                              {"assumptions", m.assumptions}};
    };
    return {{"region", e.region},
            {"machine_type", e.machine.machineType},
            {"vcpus", e.machine.vcpus},
            {"hourly", e.machine.hourly},
            {"currency", e.currency},
            {"prices_as_of", e.asOf},
            {"price_file", e.priceFile},
            {"trials", e.trials},
            {"parallel_trials", e.parallel},
            {"rounds", e.rounds},
            {"trial_seconds", e.trialSeconds},
            {"vm_start_seconds", e.overheads.startSeconds},
            {"vm_start_billed_seconds", e.overheads.startBilledSeconds},
            {"billing_increment_seconds", e.overheads.billingIncrementSeconds},
            {"study", mode(e.study)},
            {"job", mode(e.job)},
            {"verdict", tuningEstimateVerdict(e)},
            {"assumptions", e.assumptions}};
}

}  // namespace covertype
