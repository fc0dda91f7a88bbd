// covertype runs: list, show and export what the run store holds.
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "commands.h"
#include "runrecorder.h"

namespace covertype::cli {

namespace {

nlohmann::json parametersJson(const TrialRecord &t)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto &[name, value] : t.parameters)
        std::visit([&](const auto &v) { out[name] = v; }, value);
    return out;
}

nlohmann::json parseOr(const std::string &text)
{
    auto doc = nlohmann::json::parse(text, nullptr, false);
    return doc.is_discarded() ? nlohmann::json(text) : doc;
}

nlohmann::json detailsJson(const RunDetails &d)
{
    const RunRecord &r = d.run;
    nlohmann::json out = {
        {"run_id", r.id},
        {"kind", std::string(toText(r.kind))},
        {"state", std::string(toText(r.state))},
        {"message", r.message},
        {"backend", std::string(toText(r.backend))},
        {"remote_job", r.remoteJob},
        {"created", r.createdAt},
        {"started", r.startedAt},
        {"ended", r.endedAt},
        {"seed", r.seed},
        {"dataset", {{"path", r.datasetPath}, {"fingerprint", r.datasetFingerprint}}},
        {"config", parseOr(r.configJson)},
        {"split", parseOr(r.splitJson)},
        {"resumed_from", r.resumedFrom ? nlohmann::json(*r.resumedFrom) : nlohmann::json()}};
    out["trials"] = nlohmann::json::array();
    for (const TrialRecord &t : d.trials) {
        nlohmann::json intermediates = nlohmann::json::array();
        for (const IntermediateMetric &m : t.intermediates)
            intermediates.push_back({{"step", m.step}, {"value", m.value}});
        out["trials"].push_back(
            {{"trial_id", t.trialId},
             {"state", std::string(toText(t.state))},
             {"parameters", parametersJson(t)},
             {"metric_value", t.finalMetric ? nlohmann::json(*t.finalMetric) : nlohmann::json()},
             {"stopped_early", t.stoppedEarly},
             {"started", t.startedAt},
             {"ended", t.endedAt},
             {"error", t.error},
             {"intermediate", intermediates}});
    }
    out["steps"] = nlohmann::json::array();
    for (const PipelineStepRecord &s : d.steps)
        out["steps"].push_back({{"index", s.index},
                                {"name", s.name},
                                {"state", std::string(toText(s.state))},
                                {"output", parseOr(s.outputJson)},
                                {"message", s.message}});
    out["models"] = nlohmann::json::array();
    for (const ModelRecord &m : d.models)
        out["models"].push_back(
            {{"id", m.id},
             {"path", m.path},
             {"sha256", m.sha256},
             {"trial_id", m.trialId ? nlohmann::json(*m.trialId) : nlohmann::json()},
             {"metrics", parseOr(m.metricsJson)}});
    out["deployments"] = nlohmann::json::array();
    for (const DeploymentRecord &dep : d.deployments)
        out["deployments"].push_back({{"id", dep.id},
                                      {"target", std::string(toText(dep.target))},
                                      {"name", dep.name},
                                      {"version", dep.version},
                                      {"endpoint", dep.endpoint},
                                      {"state", std::string(toText(dep.state))},
                                      {"message", dep.message}});
    return out;
}

void printDetails(const RunDetails &d)
{
    const RunRecord &r = d.run;
    std::printf("run %lld  %s  %s%s%s\n", static_cast<long long>(r.id),
                std::string(toText(r.kind)).c_str(), std::string(toText(r.state)).c_str(),
                r.message.empty() ? "" : ": ", r.message.c_str());
    std::printf("created %s  started %s  ended %s\n", r.createdAt.c_str(), r.startedAt.c_str(),
                r.endedAt.c_str());
    std::printf("data %s (%s), seed %llu\n", r.datasetPath.c_str(), r.datasetFingerprint.c_str(),
                static_cast<unsigned long long>(r.seed));
    if (!d.trials.empty()) {
        std::printf("\n%-6s %-14s %-10s %-7s %s\n", "trial", "state", "metric", "epochs",
                    "parameters");
        for (const TrialRecord &t : d.trials) {
            std::string params;
            for (const auto &[name, value] : t.parameters)
                params += cat(params.empty() ? "" : " ", name, "=", parameterValueText(value));
            std::printf("%-6s %-14s %-10s %-7zu %s\n", t.trialId.c_str(),
                        std::string(toText(t.state)).c_str(), metricText(t.finalMetric).c_str(),
                        t.intermediates.size(), params.c_str());
        }
    }
    if (!d.steps.empty()) {
        std::printf("\n%-4s %-12s %-10s %s\n", "step", "name", "state", "message");
        for (const PipelineStepRecord &s : d.steps)
            std::printf("%-4d %-12s %-10s %s\n", s.index + 1, s.name.c_str(),
                        std::string(toText(s.state)).c_str(), s.message.c_str());
    }
    for (const ModelRecord &m : d.models)
        std::printf("\nmodel %s (sha256 %s)\n", m.path.c_str(), m.sha256.substr(0, 16).c_str());
}

Expected<int64_t> runIdArgument(const std::string &text)
{
    int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
        return fail(ErrorCode::Usage,
                    cat("covertype runs: '", text, "' is not a run id (see covertype runs list)"));
    return id;
}

}  // namespace

int runRuns(const Args &args)
{
    const std::string sub = args.empty() ? std::string() : args.front();
    if (sub != "list" && sub != "show" && sub != "export") {
        if (sub == "--help" || sub == "-h") {
            std::printf(
                "Usage: covertype runs list | show ID [--json] | export ID --csv FILE [--store "
                "PATH]\n");
            return kExitOk;
        }
        return reportError(
            {ErrorCode::Usage, "covertype runs: expected list, show ID or export ID --csv FILE"});
    }
    Args rest(args.begin() + 1, args.end());
    std::string id;
    if (sub != "list") {
        if (rest.empty() || rest.front().starts_with("--")) {
            if (!rest.empty() && (rest.front() == "--help" || rest.front() == "-h"))
                id = "";
            else
                return reportError(
                    {ErrorCode::Usage,
                     cat("covertype runs ", sub, ": give the run id (covertype runs list)")});
        } else {
            id = rest.front();
            rest.erase(rest.begin());
        }
    }
    CommandLine cmd("runs " + sub,
                    sub == "list"   ? "[--store PATH] [--json]"
                    : sub == "show" ? "ID [--store PATH] [--json]"
                                    : "ID --csv FILE [--store PATH]",
                    "Runs recorded by tune and pipeline run in the run store.",
                    {{"store", "PATH", "run store (default: the user's data directory)"},
                     {"json", "", "print JSON"},
                     {"csv", "FILE", "export: one row per trial"}});
    if (const int rc = parseOrExit(cmd, rest); rc >= 0)
        return rc;
    auto store = openStoreOption(cmd, StoreUse::Read);
    if (!store)
        return reportError(store.error());

    if (sub == "list") {
        auto runs = (*store)->listRuns();
        if (!runs)
            return reportError(runs.error());
        if (cmd.has("json")) {
            nlohmann::json out = nlohmann::json::array();
            for (const RunSummary &s : *runs)
                out.push_back({{"run_id", s.run.id},
                               {"kind", std::string(toText(s.run.kind))},
                               {"state", std::string(toText(s.run.state))},
                               {"created", s.run.createdAt},
                               {"trials", s.trialCount},
                               {"succeeded_trials", s.succeededTrials},
                               {"dataset", s.run.datasetPath}});
            std::printf("%s\n", out.dump(2).c_str());
            return kExitOk;
        }
        std::printf("%-5s %-9s %-12s %-25s %-8s %s\n", "id", "kind", "state", "created", "trials",
                    "data");
        for (const RunSummary &s : *runs)
            std::printf("%-5lld %-9s %-12s %-25s %3d/%-4d %s\n", static_cast<long long>(s.run.id),
                        std::string(toText(s.run.kind)).c_str(),
                        std::string(toText(s.run.state)).c_str(), s.run.createdAt.c_str(),
                        s.succeededTrials, s.trialCount, s.run.datasetPath.c_str());
        if (runs->empty())
            std::printf("(no runs in %s)\n", (*store)->path().c_str());
        return kExitOk;
    }
    auto runId = runIdArgument(id);
    if (!runId)
        return reportError(runId.error());
    if (sub == "export") {
        auto csv = cmd.required("csv");
        if (!csv)
            return reportError(csv.error());
        if (auto ok = (*store)->exportTrialsCsv(*runId, *csv); !ok)
            return reportError(ok.error());
        std::printf("wrote %s\n", csv->c_str());
        return kExitOk;
    }
    auto details = (*store)->loadRun(*runId);
    if (!details)
        return reportError(details.error());
    if (cmd.has("json"))
        std::printf("%s\n", detailsJson(*details).dump(2).c_str());
    else
        printDetails(*details);
    return kExitOk;
}

}  // namespace covertype::cli
