// covertype cloud estimate: time and cost of a tuning job on Vertex AI in both modes, before any
// submit; local only (the price file, the config and optionally the data), no credentials.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "config/cloudconfig.h"
#include "costs/pricetable.h"
#include "costs/tuningestimate.h"
#include "split/split.h"

namespace covertype::cli {

namespace {

/// The machine `cloud tune` and `cloud deploy` use when none is named.
constexpr const char *kDefaultTrainingMachine = "n1-standard-4";
constexpr const char *kDefaultPredictionMachine = "n1-standard-2";

/// Training rows of --data under the split options (the rows one trial trains on).
Expected<int64_t> trainingRowsOfData(const CommandLine &cmd)
{
    auto split = splitSpecFromOptions(cmd);
    if (!split)
        return std::unexpected(split.error());
    auto data = loadDataOption(cmd);
    if (!data)
        return std::unexpected(data.error());
    auto lots = computeLots(*data, split->numLots, split->hashColumn);
    if (!lots)
        return std::unexpected(lots.error());
    const int64_t rows = int64_t(assignRows(*lots, *split).training.size());
    if (rows == 0)
        return fail(ErrorCode::InvalidArgument,
                    cat(cmd.value("data"), ": the split leaves no training rows"));
    return rows;
}

/// Seconds of compute of one trial: --trial-seconds, else from the training rows (--rows or
/// --data) and the most epochs the config's search can ask for. `how` says which.
Expected<double> trialSeconds(const CommandLine &cmd, const TuningSpec &spec, std::string &how)
{
    const int given = int(cmd.has("trial-seconds")) + int(cmd.has("rows")) + int(cmd.has("data"));
    if (given != 1)
        return fail(
            ErrorCode::Usage,
            "give one of --rows N, --data FILE or --trial-seconds S (the time of one trial)");
    if (cmd.has("trial-seconds")) {
        auto seconds = cmd.number("trial-seconds", 0);
        if (!seconds)
            return std::unexpected(seconds.error());
        how = cat(fixed(*seconds, 1), " s per trial (--trial-seconds)");
        return *seconds;
    }
    int64_t rows = 0;
    if (cmd.has("rows")) {
        auto n = cmd.integer("rows", 0);
        if (!n)
            return std::unexpected(n.error());
        rows = *n;
    } else {
        auto n = trainingRowsOfData(cmd);
        if (!n)
            return std::unexpected(n.error());
        rows = *n;
    }
    const int epochs = maxEpochsOf(spec);
    auto seconds = trialComputeSeconds(rows, epochs);
    if (!seconds)
        return std::unexpected(Error{seconds.error().code, "--rows: " + seconds.error().message});
    const TrialTimeModel model;
    how = cat(fixed(*seconds, 1), " s per trial at most: ", rows, " training rows x ", epochs,
              " epochs (the largest max_iter) x ", fixed(model.secondsPerRowEpoch * 1e9, 0),
              " ns + ", fixed(model.fixedSeconds, 0), " s; trials usually converge far sooner");
    return *seconds;
}

}  // namespace

int runCloudEstimate(const Args &args)
{
    CommandLine cmd(
        "cloud estimate",
        "--config FILE [--region R] [--machine-type T] (--rows N | --data FILE [split options] "
        "| --trial-seconds S) [--prices FILE] [--json]",
        "Time and cost of the tuning job on Vertex AI in both modes: study (a hyperparameter\n"
        "tuning job, a VM per trial) and job (one custom job running covertype tune). Local only:\n"
        "no credentials. Prices come from --prices FILE, else $COVERTYPE_PRICES_FILE, else the\n"
        "built-in vertex-prices.json (dated list prices; copy and edit it to update them).",
        withSplitOptions(
            {{"config", "FILE", "tuning config (gcloud config.yaml, pipeline JSON or Vertex spec)"},
             {"region", "R",
              "region (default: CLOUDSDK_AI_REGION, gcloud's [ai] region, us-central1)"},
             {"machine-type", "T", "machine of each trial and of the job (default n1-standard-4)"},
             {"rows", "N", "training rows of one trial"},
             {"data", "FILE", "count the training rows of FILE under the split options"},
             {"trial-seconds", "S", "seconds of compute of one trial on one vCPU, if measured"},
             {"prices", "FILE", "price file to use (see resources/pricing/vertex-prices.json)"},
             {"json", "", "print the estimate as JSON"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto spec = loadTuningOption(cmd);
    if (!spec)
        return reportError(spec.error());
    auto config = cloud::resolveCloudConfig({{}, cmd.value("region")}, nullptr, false);
    if (!config)
        return reportError(config.error());
    auto prices = loadConfiguredPriceTable(cmd.value("prices"));
    if (!prices)
        return reportError(prices.error());
    std::string how;
    auto seconds = trialSeconds(cmd, *spec, how);
    if (!seconds)
        return reportError(seconds.error());
    auto estimate = estimateTuning(
        *spec, *prices,
        {config->region, cmd.value("machine-type", kDefaultTrainingMachine), *seconds});
    if (!estimate)
        return reportError(estimate.error());
    estimate->assumptions.insert(estimate->assumptions.begin(), "one trial: " + how);
    auto serving = prices->prediction(config->region, kDefaultPredictionMachine);

    if (cmd.has("json")) {
        nlohmann::json out = tuningEstimateJson(*estimate);
        out["region_source"] = config->regionSource;
        if (serving)
            out["deployed_model_hourly"] = {{"machine_type", serving->machineType},
                                            {"hourly", serving->hourly}};
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }
    std::printf("%s", formatTuningEstimate(*estimate).c_str());
    if (serving)
        std::printf(
            "\nAfterwards a deployed model costs %s %s per hour per %s node (cloud "
            "deploy's default) until it is undeployed.\n",
            fixed(serving->hourly, 4).c_str(), prices->currency.c_str(),
            serving->machineType.c_str());
    return kExitOk;
}

}  // namespace covertype::cli
