// Deploy-stage service: run models, the gate, version names and deployment records.
#include "deploy/deployservice.h"

#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

#include "base/text.h"
#include "runs/runrecording.h"

namespace covertype {

Expected<RunModelInfo> loadRunModel(const std::string &storePath, int64_t runId)
{
    auto store = RunStore::openForReading(storePath);
    if (!store)
        return std::unexpected(store.error());
    auto details = (*store)->loadRun(runId);
    if (!details)
        return std::unexpected(details.error());
    RunModelInfo info;
    info.runId = runId;
    info.kind = details->run.kind;
    info.state = details->run.state;
    if (!details->models.empty()) {
        info.model = details->models.back();  // the newest is the run's final model
        // Metrics are informative only: a malformed object leaves the list empty.
        const auto metrics = nlohmann::json::parse(info.model->metricsJson, nullptr, false);
        if (metrics.is_object())
            for (const auto &[name, value] : metrics.items())
                if (value.is_number())
                    info.metrics.emplace_back(name, value.get<double>());
    }
    return info;
}

std::optional<double> metricValue(const RunModelInfo &info, const std::string &metric)
{
    for (const std::string &key : {"testing_" + metric, "validation_" + metric, metric})
        for (const auto &[name, value] : info.metrics)
            if (name == key)
                return value;
    return std::nullopt;
}

bool gatePasses(double value, double threshold)
{
    return value > threshold;
}

std::string nextFreeVersion(const std::vector<Deployment> &deployed, const std::string &model)
{
    int highest = 0;
    for (const Deployment &d : deployed) {
        if (d.model != model || d.version.size() < 2 || d.version[0] != 'v')
            continue;
        const std::string digits = d.version.substr(1);
        if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        highest = std::max(highest, std::atoi(digits.c_str()));
    }
    const int next = highest + 1;
    return next < 10 ? cat("v0", next) : cat("v", next);
}

namespace {

}  // namespace

Expected<int> markLocalUndeployed(RunStore &store, const std::string &registry,
                                  const std::string &name, const std::string &version,
                                  const std::string &message, std::optional<int64_t> except)
{
    auto runs = store.listRuns();
    if (!runs)
        return std::unexpected(runs.error());
    int changed = 0;
    for (const RunSummary &summary : *runs) {
        auto details = store.loadRun(summary.run.id);
        if (!details)
            return std::unexpected(details.error());
        for (const DeploymentRecord &d : details->deployments) {
            if (d.target != DeployTarget::Local || d.state != DeploymentState::Deployed ||
                d.name != name || d.version != version || d.endpoint != registry ||
                (except && d.id == *except))
                continue;
            if (auto ok =
                    store.setDeploymentState(d.id, DeploymentState::Undeployed, registry, message);
                !ok)
                return std::unexpected(ok.error());
            ++changed;
        }
    }
    return changed;
}

Expected<Deployment> deployAndRecord(DeploymentTarget &target, const std::string &storePath,
                                     const ModelRecord &model, const std::string &registry,
                                     const std::string &name, const std::string &version,
                                     bool replace)
{
    auto store = RunStore::open(storePath);
    if (!store)
        return std::unexpected(store.error());
    // A Vertex AI deploy is recorded with its endpoint once it has one; a local one with the
    // registry it went to.
    const bool vertex = target.name() == "vertex";
    DeploymentRecord record;
    record.runId = model.runId;
    record.modelId = model.id;
    record.target = vertex ? DeployTarget::Vertex : DeployTarget::Local;
    record.name = name;
    record.version = version;
    record.endpoint = vertex ? std::string() : registry;
    record.state = DeploymentState::Deploying;
    auto id = (*store)->addDeployment(record);
    if (!id)
        return std::unexpected(id.error());

    auto deployed = target.deploy(model.path, name, version, replace);
    if (!deployed) {
        // The record keeps why it failed; the caller still gets the deploy error.
        (void)(*store)->setDeploymentState(*id, DeploymentState::Failed, record.endpoint,
                                           deployed.error().message);
        return std::unexpected(deployed.error());
    }
    if (auto ok = (*store)->setDeploymentState(*id, DeploymentState::Deployed,
                                               vertex ? deployed->endpoint : registry,
                                               "deployed from the workbench");
        !ok)
        return std::unexpected(ok.error());
    if (vertex)
        return *deployed;
    if (auto replaced = markLocalUndeployed(**store, registry, name, version,
                                            cat("replaced by deployment ", *id), *id);
        !replaced)
        return std::unexpected(replaced.error());
    return *deployed;
}

Expected<int64_t> recordLocalDeployment(RunStore &store, int64_t runId, int64_t modelId,
                                        const std::string &registry, const std::string &name,
                                        const std::string &version, DeploymentState state,
                                        const std::string &message)
{
    DeploymentRecord record;
    record.runId = runId;
    record.modelId = modelId;
    record.target = DeployTarget::Local;
    record.name = name;
    record.version = version;
    record.endpoint = registry;
    record.state = state;
    record.message = message;
    auto id = store.addDeployment(record);
    if (!id)
        return std::unexpected(id.error());
    if (state == DeploymentState::Deployed) {
        auto replaced = markLocalUndeployed(store, registry, name, version,
                                            cat("replaced by deployment ", *id), *id);
        if (!replaced)
            return std::unexpected(replaced.error());
    }
    return *id;
}

Expected<void> recordPipelineOutcome(RunStore &store, int64_t runId, const PipelineResult &result,
                                     const PipelineConfig &config, const std::string &registry)
{
    if (result.modelPath.empty() || !QFileInfo::exists(QString::fromStdString(result.modelPath)))
        return {};
    auto modelId = store.addModel(pipelineModelRecord(runId, result, config.metric));
    if (!modelId)
        return std::unexpected(modelId.error());
    if (!result.gatePassed)
        return {};
    // Past the gate, the deployment (or why it failed) is recorded with the model.
    std::string why;
    for (const PipelineStep &s : result.steps)
        if (s.name == "deploy" && s.state == StepState::Failed)
            why = s.message;
    if (!result.deployed && why.empty())
        return {};
    if (result.deployTarget == "vertex") {
        DeploymentRecord record;
        record.runId = runId;
        record.modelId = *modelId;
        record.target = DeployTarget::Vertex;
        record.name = config.modelName;
        record.version = config.version;
        record.endpoint = result.deployed ? result.deployed->endpoint : std::string();
        record.state = result.deployed ? DeploymentState::Deployed : DeploymentState::Failed;
        record.message = why;
        if (auto id = store.addDeployment(record); !id)
            return std::unexpected(id.error());
        return {};
    }
    if (registry.empty())
        return {};
    auto recorded = recordLocalDeployment(
        store, runId, *modelId, registry, config.modelName, config.version,
        result.deployed ? DeploymentState::Deployed : DeploymentState::Failed, why);
    if (!recorded)
        return std::unexpected(recorded.error());
    return {};
}

Expected<int> recordUndeploy(const std::string &storePath, const std::string &registry,
                             const std::string &name, const std::string &version)
{
    auto store = RunStore::open(storePath);
    if (!store)
        return std::unexpected(store.error());
    return markLocalUndeployed(**store, registry, name, version, "undeployed from the workbench",
                               std::nullopt);
}

}  // namespace covertype
