// Deployment records in the run store for `covertype deploy`, `deployments` and pipeline runs.
#include "deployrecorder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "deploy/localregistry.h"

namespace covertype::cli {

std::string registryRoot(const std::string &option)
{
    const std::string root = option.empty() ? LocalRegistry::defaultRoot() : option;
    return QDir::cleanPath(QFileInfo(QString::fromStdString(root)).absoluteFilePath())
        .toStdString();
}

std::string sha256OfFile(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result().toHex().toStdString();
}

Expected<StoredModel> storedModelFor(RunStore &store, const std::string &path, const Model &model)
{
    const std::string sha = sha256OfFile(path);
    if (sha.empty())
        return fail(ErrorCode::Io, cat("cannot read ", path));
    auto runs = store.listRuns();
    if (!runs)
        return std::unexpected(runs.error());
    for (const RunSummary &summary : *runs) {  // newest first
        auto details = store.loadRun(summary.run.id);
        if (!details)
            return std::unexpected(details.error());
        for (auto it = details->models.rbegin(); it != details->models.rend(); ++it)
            if (it->sha256 == sha)
                return StoredModel{summary.run.id, it->id};
    }

    // A model trained elsewhere (covertype train, another machine): register it.
    const Provenance &p = model.provenance();
    const std::string absolute =
        QFileInfo(QString::fromStdString(path)).absoluteFilePath().toStdString();
    NewRun run;
    run.kind = RunKind::Train;
    run.configJson = nlohmann::json{
        {"registered_by", "covertype deploy"},
        {"model", absolute},
        {"hyperparameters",
         {{"alpha", p.hyperparameters.alpha},
          {"max_iter", p.hyperparameters.maxIter},
          {"tol", p.hyperparameters.tol},
          {"n_iter_no_change", p.hyperparameters.nIterNoChange},
          {"seed", p.hyperparameters.seed}}},
        {"program_version", p.programVersion},
        {"created_at",
         p.createdAt}}.dump();
    run.splitJson = p.split.dump();
    run.datasetFingerprint = p.datasetFingerprint;
    run.state = RunState::Running;
    run.seed = p.hyperparameters.seed;
    auto runId = store.createRun(run);
    if (!runId)
        return std::unexpected(runId.error());
    ModelRecord record;
    record.runId = *runId;
    record.path = absolute;
    record.sha256 = sha;
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto &[name, value] : p.metrics)
        metrics[name] = value;
    record.metricsJson = metrics.dump();
    auto modelId = store.addModel(record);
    if (!modelId) {
        (void)store.setRunState(*runId, RunState::Failed, modelId.error().message);
        return std::unexpected(modelId.error());
    }
    if (auto ok =
            store.setRunState(*runId, RunState::Succeeded, "model registered by covertype deploy");
        !ok)
        return std::unexpected(ok.error());
    return StoredModel{*runId, *modelId};
}

}  // namespace covertype::cli
