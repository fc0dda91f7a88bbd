// Local hyperparameter tuning: a coordinator thread proposes trials and delivers events; each
// trial trains on its own thread.
#include "tuning/tuner.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

#include "base/text.h"
#include "training/trainer.h"

namespace covertype {

namespace {

/// Early stopping looks at a trial from this epoch on (1-based), and not before half the median
/// length of the trials finished before its round: SGD with a small alpha starts lower and
/// catches up later, and a verdict after the first epochs would stop exactly the trials of the
/// best region (on the course data, stopping from epoch 2 cost random search 0.0005 and Bayesian
/// search 0.0014 of mean best-of-6 accuracy over 40 seeds) ...
constexpr int kFirstStoppingEpoch = 2;
/// ... and only when at least this many earlier trials reached the same epoch.
constexpr size_t kMinStoppingPeers = 3;

enum class Metric { Accuracy, Recall };

struct Slot
{
    TrialResult result;
    bool finished = false;
    bool stopRequested = false;
    std::thread worker;
};

struct Event
{
    size_t trial = 0;
    bool finished = false;
    int epoch = 0;
    double value = 0;
};

/// State shared by the coordinator and the trial threads; guarded by `mutex`.
struct Shared
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::unique_ptr<Slot>> slots;  // this run's trials, by index
    std::deque<Event> events;
    bool cancel = false;
};

double median(std::vector<double> values)
{
    std::ranges::sort(values);
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

bool worse(double a, double b, Goal goal)
{
    return goal == Goal::Maximize ? a < b : a > b;
}

struct TrialContext
{
    const TuningSpec *spec = nullptr;
    const PreparedTraining *prepared = nullptr;  ///< null when preparing failed
    Error prepareError;
    const std::vector<TrialResult> *previous = nullptr;
    Metric metric = Metric::Accuracy;
    uint64_t seed = 0;
    int threads = 1;
    size_t parallel = 1;  ///< trials per round
};

/// The first epoch at which trial `index` may be stopped: kFirstStoppingEpoch or half the median
/// epoch count of the successful trials that finished before its round started (the previous
/// run's and those of earlier rounds: none is still running, so timing does not enter). None
/// yet: never, as there is no measure of a normal trial's length. Call with the mutex held.
int firstStoppingEpoch(const Shared &shared, size_t index, const TrialContext &ctx)
{
    std::vector<double> lengths;
    for (const TrialResult &p : *ctx.previous)
        if (p.state == TrialOutcome::Succeeded)
            lengths.push_back(double(p.intermediate.size()));
    for (size_t j = 0; j < index / ctx.parallel * ctx.parallel; ++j)
        if (shared.slots[j]->result.state == TrialOutcome::Succeeded)
            lengths.push_back(double(shared.slots[j]->result.intermediate.size()));
    if (lengths.empty())
        return std::numeric_limits<int>::max();
    return std::max(kFirstStoppingEpoch, int(std::ceil(median(std::move(lengths)) / 2.0)));
}

/// Body of a trial thread: trains, scores, and reports through `shared`.
void runTrial(Shared &shared, size_t index, const TrialContext &ctx)
{
    const auto started = std::chrono::steady_clock::now();
    Slot *self = nullptr;
    ParameterValues values;
    int firstStop = 0;
    {
        std::lock_guard lock(shared.mutex);
        self = shared.slots[index].get();
        values = self->result.values;
        firstStop = firstStoppingEpoch(shared, index, ctx);
    }
    const TuningSpec &spec = *ctx.spec;

    const EpochCallback progress = [&](const EpochReport &report) {
        const double value = report.validationAccuracy.value_or(0.0);
        std::unique_lock lock(shared.mutex);
        if (shared.cancel)
            return false;
        self->result.intermediate.push_back(value);
        self->result.epochs = report.epoch;
        shared.events.push_back({index, false, report.epoch, value});
        shared.changed.notify_all();
        if (!spec.enableTrialEarlyStopping || report.epoch < firstStop)
            return true;
        // Compare with every earlier trial at this epoch, once each has got there or ended: the
        // decision then does not depend on thread timing.
        const auto epoch = size_t(report.epoch);
        shared.changed.wait(lock, [&] {
            if (shared.cancel)
                return true;
            for (size_t j = 0; j < index; ++j) {
                const Slot &s = *shared.slots[j];
                if (!s.finished && s.result.intermediate.size() < epoch)
                    return false;
            }
            return true;
        });
        if (shared.cancel)
            return false;
        // Vizier's median stopping rule: the trial's best value so far against the median of
        // the earlier trials' running averages up to this epoch.
        const auto runningAverage = [epoch](const std::vector<double> &series) {
            double sum = 0;
            for (size_t i = 0; i < epoch; ++i)
                sum += series[i];
            return sum / double(epoch);
        };
        std::vector<double> peers;
        for (const TrialResult &p : *ctx.previous)
            if (p.intermediate.size() >= epoch)
                peers.push_back(runningAverage(p.intermediate));
        for (size_t j = 0; j < index; ++j)
            if (shared.slots[j]->result.intermediate.size() >= epoch)
                peers.push_back(runningAverage(shared.slots[j]->result.intermediate));
        if (peers.size() < kMinStoppingPeers)
            return true;
        const std::vector<double> &mine = self->result.intermediate;
        const double best = spec.goal == Goal::Maximize ? *std::ranges::max_element(mine)
                                                        : *std::ranges::min_element(mine);
        const double bar = median(peers);
        if (!worse(best, bar, spec.goal))
            return true;
        self->stopRequested = true;
        // Says first the value the trial is listed with (its model at this epoch), then why.
        self->result.message = cat(
            "stopped early at epoch ", report.epoch, " with validation ", spec.metricTag, " ",
            fixed(mine.back(), 4), ": its best so far, ", fixed(best, 4), ", is below the median ",
            fixed(bar, 4), " of the running averages of ", peers.size(), " earlier trials");
        return false;
    };

    TrainParams params = trialTrainParams(spec, values, ctx.seed);
    params.threads = ctx.threads;
    auto outcome = ctx.prepared ? trainModel(*ctx.prepared, params, progress)
                                : Expected<TrainOutcome>(std::unexpected(ctx.prepareError));
    std::optional<double> objective;
    std::string error;
    if (outcome) {
        auto eval = evaluatePrepared(outcome->model, *ctx.prepared);
        if (eval)
            objective = ctx.metric == Metric::Accuracy ? eval->accuracy : eval->macroRecall;
        else
            error = eval.error().message;
    } else {
        error = outcome.error().message;
    }

    std::lock_guard lock(shared.mutex);
    TrialResult &r = self->result;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (objective) {
        r.state = TrialOutcome::Succeeded;
        r.objective = objective;
        r.epochs = outcome->epochs;
    } else if (self->stopRequested) {
        r.state = TrialOutcome::StoppedEarly;
        // The model at the stopping epoch scored exactly its last intermediate accuracy.
        if (ctx.metric == Metric::Accuracy && !r.intermediate.empty())
            r.objective = r.intermediate.back();
    } else if (shared.cancel) {
        r.state = TrialOutcome::Cancelled;
        r.message = kTrialCancelledMessage;
    } else {
        r.state = TrialOutcome::Failed;
        r.message = error;
    }
    self->finished = true;
    shared.events.push_back({index, true, r.epochs, r.objective.value_or(0.0)});
    shared.changed.notify_all();
}

/// What the search learns from a trial: its final metric, or for a trial stopped early its
/// partial, below-median one marked as such (the searcher decides what it is worth).
TrialObservation observe(const TrialResult &r)
{
    const bool stopped = r.state == TrialOutcome::StoppedEarly;
    return {r.values, r.state == TrialOutcome::Succeeded || stopped ? r.objective : std::nullopt,
            stopped};
}

}  // namespace

std::string_view trialOutcomeName(TrialOutcome state)
{
    switch (state) {
        case TrialOutcome::Active:
            return "ACTIVE";
        case TrialOutcome::Succeeded:
            return "SUCCEEDED";
        case TrialOutcome::Failed:
            return "FAILED";
        case TrialOutcome::StoppedEarly:
            return "STOPPED_EARLY";
        case TrialOutcome::Cancelled:
            return "CANCELLED";
    }
    return "ACTIVE";
}

std::string_view tuningStateName(TuningState state)
{
    switch (state) {
        case TuningState::Succeeded:
            return "SUCCEEDED";
        case TuningState::Failed:
            return "FAILED";
        case TuningState::Cancelled:
            return "CANCELLED";
    }
    return "FAILED";
}

TrainParams trialTrainParams(const TuningSpec &spec, const ParameterValues &values, uint64_t seed)
{
    TrainParams params;
    params.seed = seed;
    for (size_t i = 0; i < spec.params.size() && i < values.size(); ++i) {
        const ParameterValue &v = values[i];
        const double number = std::holds_alternative<double>(v)    ? std::get<double>(v)
                              : std::holds_alternative<int64_t>(v) ? double(std::get<int64_t>(v))
                                                                   : 0.0;
        if (spec.params[i].name == "alpha")
            params.alpha = number;
        else if (spec.params[i].name == "max_iter")
            params.maxIter = int(number);
    }
    return params;
}

nlohmann::json parameterValuesJson(const TuningSpec &spec, const ParameterValues &values)
{
    nlohmann::json out = nlohmann::json::object();
    for (size_t i = 0; i < spec.params.size() && i < values.size(); ++i)
        std::visit([&](const auto &v) { out[spec.params[i].name] = v; }, values[i]);
    return out;
}

std::optional<size_t> bestTrial(const std::vector<TrialResult> &trials, Goal goal)
{
    std::optional<size_t> best;
    for (size_t i = 0; i < trials.size(); ++i) {
        const TrialResult &t = trials[i];
        if (t.state != TrialOutcome::Succeeded || !t.objective)
            continue;
        if (!best || worse(*trials[*best].objective, *t.objective, goal))
            best = i;
    }
    return best;
}

Expected<TuningResult> runTuning(const TuningSpec &spec, const Dataset &training,
                                 const Dataset &validation, const TuningOptions &options)
{
    if (auto ok = validateTuningSpec(spec); !ok)
        return std::unexpected(ok.error());
    // Every trial trains on the same rows: check and encode them once. Rows the trainer rejects
    // fail every trial with the trainer's message, as each trainer run would on AI Platform.
    auto prepared = prepareTraining(training, &validation);
    TrialContext ctx;
    ctx.spec = &spec;
    if (prepared)
        ctx.prepared = &*prepared;
    else
        ctx.prepareError = prepared.error();
    ctx.previous = &options.previous;
    ctx.seed = options.seed;
    if (spec.metricTag == "accuracy")
        ctx.metric = Metric::Accuracy;
    else if (spec.metricTag == "recall")
        ctx.metric = Metric::Recall;
    else
        return fail(ErrorCode::InvalidArgument,
                    cat("hyperparameterMetricTag '", spec.metricTag,
                        "': the local trainer reports 'accuracy' and 'recall'"));
    const auto parallel = size_t(std::max(1, spec.maxParallelTrials));
    ctx.threads = std::max(1, int(std::thread::hardware_concurrency()) / int(parallel));
    ctx.parallel = parallel;

    const size_t previousCount = options.previous.size();
    const size_t total = size_t(std::max(0, spec.maxTrials));
    const size_t remaining = total > previousCount ? total - previousCount : 0;
    // New trials are numbered after every id the previous run used.
    size_t lastId = previousCount;
    for (const auto *list : {&options.previous, &options.rerun})
        for (const TrialResult &t : *list) {
            size_t id = 0;
            const auto [end, ec] =
                std::from_chars(t.trialId.data(), t.trialId.data() + t.trialId.size(), id);
            if (ec == std::errc() && end == t.trialId.data() + t.trialId.size())
                lastId = std::max(lastId, id);
        }
    std::unique_ptr<Searcher> searcher = makeSearcher(spec, options.seed, options.shuffleGrid);

    TuningResult result;
    Shared shared;
    size_t next = 0;
    size_t running = 0;
    bool stopLaunching = false;
    int failures = 0;
    for (const TrialResult &p : options.previous)
        failures += p.state == TrialOutcome::Failed ? 1 : 0;
    std::string lastError;

    std::unique_lock lock(shared.mutex);
    const auto cancelAll = [&](TuningState state, std::string message) {
        if (result.state == TuningState::Succeeded) {
            result.state = state;
            result.message = std::move(message);
        }
        shared.cancel = true;
        stopLaunching = true;
        shared.changed.notify_all();
    };
    for (;;) {
        // Deliver events on this thread.
        while (!shared.events.empty()) {
            const Event event = shared.events.front();
            shared.events.pop_front();
            Slot &slot = *shared.slots[event.trial];
            const TrialResult snapshot = slot.result;
            lock.unlock();
            if (event.finished) {
                slot.worker.join();
                if (options.onTrialFinished)
                    options.onTrialFinished(snapshot);
            } else if (options.onIntermediate) {
                options.onIntermediate(snapshot, event.epoch, event.value);
            }
            lock.lock();
            if (!event.finished)
                continue;
            --running;
            if (snapshot.state == TrialOutcome::Failed && !shared.cancel) {
                ++failures;
                lastError = snapshot.message;
                if (spec.maxFailedTrials > 0 && failures >= spec.maxFailedTrials)
                    cancelAll(TuningState::Failed,
                              cat(failures, " trials failed (maxFailedTrials ",
                                  spec.maxFailedTrials, "); last error: ", lastError));
            }
        }
        if (!shared.cancel && options.cancelRequested) {
            lock.unlock();
            const bool cancel = options.cancelRequested();
            lock.lock();
            if (cancel)
                cancelAll(TuningState::Cancelled, "cancelled by the user");
        }
        // Launch trials in rounds of P: every trial of a round is proposed from exactly the
        // trials of the earlier rounds (and the previous run's), once they have all finished,
        // so proposals do not depend on timing.
        while (!stopLaunching && running < parallel && next < remaining) {
            const size_t visible = next / parallel * parallel;
            bool ready = true;
            for (size_t j = 0; j < visible; ++j)
                ready = ready && shared.slots[j]->finished;
            if (!ready)
                break;
            std::vector<TrialObservation> history;
            for (const TrialResult &p : options.previous)
                history.push_back(observe(p));
            std::vector<ParameterValues> pending;
            for (size_t j = 0; j < next; ++j) {
                if (j < visible)
                    history.push_back(observe(shared.slots[j]->result));
                else
                    pending.push_back(shared.slots[j]->result.values);
            }
            std::optional<ParameterValues> values;
            std::string trialId;
            if (next < options.rerun.size()) {
                values = options.rerun[next].values;
                trialId = options.rerun[next].trialId;
            } else {
                lock.unlock();
                values = searcher->suggest(history, pending);
                lock.lock();
                trialId = std::to_string(lastId + (next - options.rerun.size()) + 1);
            }
            if (!values) {
                stopLaunching = true;  // the search space is exhausted
                break;
            }
            auto slot = std::make_unique<Slot>();
            slot->result.trialId = std::move(trialId);
            slot->result.values = std::move(*values);
            const TrialResult snapshot = slot->result;
            shared.slots.push_back(std::move(slot));
            shared.slots.back()->worker =
                std::thread(runTrial, std::ref(shared), next, std::cref(ctx));
            ++running;
            ++next;
            lock.unlock();
            if (options.onTrialStarted)
                options.onTrialStarted(snapshot);
            lock.lock();
        }
        if (running == 0 && shared.events.empty() && (stopLaunching || next >= remaining))
            break;
        shared.changed.wait_for(lock, std::chrono::milliseconds(50),
                                [&] { return !shared.events.empty(); });
    }
    lock.unlock();

    result.trials = options.previous;
    for (const auto &slot : shared.slots)
        result.trials.push_back(slot->result);
    result.best = bestTrial(result.trials, spec.goal);
    if (result.state == TuningState::Succeeded && !result.best) {
        result.state = TuningState::Failed;
        result.message = lastError.empty() ? std::string("no trial succeeded")
                                           : cat("no trial succeeded; last error: ", lastError);
    }
    return result;
}

}  // namespace covertype
