// Time and cost of a tuning job on Vertex AI in its two modes, before it is submitted: a
// hyperparameterTuningJob (one VM per trial) or one customJob running `covertype tune`.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "costs/pricetable.h"
#include "tuning/tuningspec.h"

namespace covertype {

/// How long one trial of the course trainer computes on one vCPU. A trial uses one core: the
/// seven one-vs-rest classes train together in one 8-lane block.
struct TrialTimeModel
{
    /// Per training row and epoch, validation scoring included (course split, 4:1). Measured
    /// with `covertype train --hptune True --threads 1` on the 75k rows' training split (30,149
    /// rows, 284 epochs in 0.66 s beyond a 1-epoch run): 77 ns, docs/cloud.md "Costs".
    double secondsPerRowEpoch = 7.7e-8;
    /// Process start, reading and preparing the data, writing the result.
    double fixedSeconds = 2.0;
};

/// The longest trial the estimate accepts (about 115 days); past it the numbers mean nothing.
inline constexpr double kMaxTrialSeconds = 1e7;

/// Seconds one trial computes: fixedSeconds + rows x epochs x secondsPerRowEpoch. `rows` are
/// the training rows (1 .. 1e10), `epochs` 1 .. kMaxIterLimit; an error past kMaxTrialSeconds.
[[nodiscard]] Expected<double> trialComputeSeconds(int64_t trainingRows, int epochs,
                                                   const TrialTimeModel &model = {});
/// The most epochs a trial of `spec` can run: the largest max_iter its search can propose, else
/// the trainer's default (1000). Trials usually converge (tol) long before: an upper bound.
[[nodiscard]] int maxEpochsOf(const TuningSpec &spec);

/// What the estimate is asked about.
struct EstimateRequest
{
    std::string region;
    std::string machineType;  ///< custom-training machine of each trial (study) or the job
    double trialSeconds = 0;  ///< compute of one trial on one vCPU, > 0 and <= kMaxTrialSeconds
};

/// One mode's figures. Seconds; cost in the table's currency.
struct ModeEstimate
{
    double wallSeconds = 0;    ///< submit -> last trial done
    int machines = 0;          ///< VMs started
    double billedSeconds = 0;  ///< VM-seconds billed, all VMs together
    double cost = 0;
    std::vector<std::string> assumptions;

    [[nodiscard]] double vmHours() const { return billedSeconds / 3600.0; }
};

struct TuningEstimate
{
    std::string region;
    std::string currency;
    std::string asOf;       ///< the price table's date
    std::string priceFile;  ///< where the prices came from
    MachinePrice machine;
    VmOverheads overheads;
    int trials = 0;
    int parallel = 0;  ///< trials at once: min(maxParallelTrials, maxTrials)
    int rounds = 0;    ///< ceil(trials / parallel)
    double trialSeconds = 0;
    ModeEstimate study;                    ///< hyperparameterTuningJob: a VM per trial
    ModeEstimate job;                      ///< one customJob running `covertype tune`
    std::vector<std::string> assumptions;  ///< shared by both modes
};

/// Estimates both modes for `spec`'s maxTrials and maxParallelTrials (1 .. kMaxTrialsLimit and
/// kMaxParallelTrialsLimit) with the region's price of the machine. Study mode: rounds of
/// `parallel` trials, each round a VM start plus one trial, every trial billed start + compute.
/// Job mode: one VM start, then the rounds on its vCPUs (a round of k trials takes
/// trialSeconds x max(1, k / vCPUs)), billed as one VM. Billed time is rounded up per VM.
[[nodiscard]] Expected<TuningEstimate> estimateTuning(const TuningSpec &spec,
                                                      const PriceTable &prices,
                                                      const EstimateRequest &request);

/// Which mode is cheaper and which is faster, in one line.
[[nodiscard]] std::string tuningEstimateVerdict(const TuningEstimate &estimate);
/// The estimate as the CLI prints it before a submit: a table of both modes, the verdict and the
/// assumptions.
[[nodiscard]] std::string formatTuningEstimate(const TuningEstimate &estimate);
/// The same as JSON (seconds, VM-hours, cost, assumptions per mode).
[[nodiscard]] nlohmann::json tuningEstimateJson(const TuningEstimate &estimate);

}  // namespace covertype
