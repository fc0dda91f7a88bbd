// covertype pipeline run: split -> tune -> best trial -> final training -> evaluation -> gated
// deployment, locally, every step recorded in the run store.
#include <QDir>
#include <QFileInfo>

#include <csignal>
#include <cstdio>
#include <optional>
#include <tuple>

#include "base/text.h"
#include "bigquery/coursetable.h"
#include "cliutil.h"
#include "cloud/cloudsession.h"
#include "cloud/gcspaths.h"
#include "commands.h"
#include "data/csvloader.h"
#include "deploy/localregistry.h"
#include "deployrecorder.h"
#include "runrecorder.h"
#include "runs/pipeline.h"
#include "storage/gcsclient.h"
#include "vertex/vertexdeployment.h"
#include "vertex/vertextraining.h"

namespace covertype::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
}

}  // namespace

int runPipelineCommand(const Args &args)
{
    if (args.empty() || args.front() != "run") {
        if (!args.empty() && (args.front() == "--help" || args.front() == "-h")) {
            std::printf(
                "Usage: covertype pipeline run [options]   (see covertype pipeline run --help)\n");
            return kExitOk;
        }
        return reportError({ErrorCode::Usage,
                            "covertype pipeline: expected 'run' (covertype pipeline run --help)"});
    }
    CommandLine cmd(
        "pipeline run",
        "(--data FILE | --table P.D.T) --config FILE [--metric accuracy|recall] [--threshold T]\n"
        "                       [--deploy none|local|vertex [--registry DIR] [--name N] "
        "[--version V]\n"
        "                       [--replace]] [split options] [--out DIR] [--seed S]\n"
        "                       [--backend local|vertex] [--gcs-root gs://B/R] "
        "[--trainer-image URI]\n"
        "                       [--serving-image URI] [--machine-type T] [--store PATH] "
        "[--json]",
        "The course's continuous-training pipeline, locally: split the data as BigQuery would, "
        "tune\n"
        "with the config, retrain the best trial on training + validation, evaluate on testing,\n"
        "and deploy only if the metric is above the threshold (--deploy local: to the local\n"
        "registry, as covertype deploy does). Exit code 0 also when the gate says 'not deployed'.\n"
        "--backend vertex runs the tuning and the final training on Vertex AI (the split uploaded\n"
        "to GCS_ROOT/pipeline/run-ID/, the trainer image); --deploy vertex deploys to a Vertex AI\n"
        "endpoint as cloud deploy does (the serving image). --table splits the course table in\n"
        "BigQuery (query and extract jobs to GCS_ROOT/datasets/, as cloud split) and reads the\n"
        "three splits from there. Everything is labelled with the run.",
        withCloudOptions(withSplitOptions(
            {{"data", "FILE", "labelled table (lab CSV or UCI covtype.data)"},
             {"config", "FILE", "tuning config (config.yaml, pipeline JSON or Vertex study spec)"},
             {"schema", "FILE", "BigQuery JSON schema for --data"},
             {"metric", "NAME", "evaluation metric: accuracy (default) or recall"},
             {"threshold", "T", "deploy only if the metric is above T (default 0.69)"},
             {"deploy", "TARGET",
              "none (default): record the decision only; local: the local registry"},
             {"registry", "DIR",
              "--deploy local: registry directory (default: the user's data directory)"},
             {"name", "NAME", "model name to deploy as (default covertype_classifier)"},
             {"model-name", "NAME", "same as --name"},
             {"version", "V", "version to deploy as (default v01)"},
             {"replace", "", "replace an existing version"},
             {"out", "DIR", "where model.json goes (default: beside the store, per run)"},
             {"seed", "S", "seed of the search and the trainer (default 0)"},
             {"store", "PATH", "run store (default: the user's data directory)"},
             {"backend", "B", "local (default) or vertex: where tuning and training run"},
             {"table", "P.D.T", "split the course table in BigQuery instead of --data"},
             {"location", "LOC", "--table: the BigQuery location (default US)"},
             {"gcs-root", "gs://B/R", "Vertex AI: where the work goes ($COVERTYPE_GCS_ROOT)"},
             {"trainer-image", "URI", "Vertex AI: trainer ($COVERTYPE_TRAINER_IMAGE)"},
             {"serving-image", "URI", "--deploy vertex: serving ($COVERTYPE_SERVING_IMAGE)"},
             {"machine-type", "T", "Vertex AI: machine of the trials (default n1-standard-4)"},
             {"json", "", "print one JSON summary instead of text"}})));
    if (const int rc = parseOrExit(cmd, Args(args.begin() + 1, args.end())); rc >= 0)
        return rc;

    PipelineConfig config;
    config.metric = cmd.value("metric", "accuracy");
    if (config.metric != "accuracy" && config.metric != "recall")
        return reportError(
            {ErrorCode::Usage,
             cat("covertype pipeline run: --metric must be accuracy or recall, got '",
                 config.metric, "'")});
    auto threshold = cmd.number("threshold", config.threshold);
    auto seed = cmd.integer("seed", 0);
    if (!threshold)
        return reportError(threshold.error());
    if (!seed)
        return reportError(seed.error());
    config.threshold = *threshold;
    config.seed = uint64_t(*seed);
    if (cmd.has("name") && cmd.has("model_name") && cmd.value("name") != cmd.value("model_name"))
        return reportError({ErrorCode::Usage,
                            "covertype pipeline run: --name and --model-name differ (give one)"});
    config.modelName = cmd.value("name", cmd.value("model_name", config.modelName));
    config.version = cmd.value("version", config.version);
    config.replaceExistingVersion = cmd.has("replace");
    const std::string deploy = cmd.value("deploy", "none");
    if (deploy != "none" && deploy != "local" && deploy != "vertex")
        return reportError({ErrorCode::Usage,
                            cat("covertype pipeline run: --deploy must be none, local or vertex, "
                                "got '",
                                deploy, "'")});
    const std::string backendName = cmd.value("backend", "local");
    if (backendName != "local" && backendName != "vertex")
        return reportError({ErrorCode::Usage, cat("covertype pipeline run: --backend must be "
                                                  "local or vertex, got '",
                                                  backendName, "'")});
    const std::string gcsRoot = flagOrEnvironment(cmd, "gcs-root", "COVERTYPE_GCS_ROOT");
    const std::string trainerImage =
        flagOrEnvironment(cmd, "trainer-image", "COVERTYPE_TRAINER_IMAGE");
    const std::string servingImage =
        flagOrEnvironment(cmd, "serving-image", "COVERTYPE_SERVING_IMAGE");
    const bool bigQuery = cmd.has("table");
    if (bigQuery && cmd.has("data"))
        return reportError({ErrorCode::Usage, "covertype pipeline run: give --data or --table"});
    const bool cloud = backendName == "vertex" || deploy == "vertex" || bigQuery;
    if (cloud && !gcsRoot.starts_with("gs://"))
        return reportError({ErrorCode::Usage,
                            "covertype pipeline run: Vertex AI needs "
                            "--gcs-root gs://BUCKET/ROOT (or "
                            "COVERTYPE_GCS_ROOT)"});
    if (backendName == "vertex" && trainerImage.empty())
        return reportError({ErrorCode::Usage,
                            "covertype pipeline run: --backend vertex needs "
                            "--trainer-image (or COVERTYPE_TRAINER_IMAGE)"});
    if (deploy == "vertex" && servingImage.empty())
        return reportError({ErrorCode::Usage,
                            "covertype pipeline run: --deploy vertex needs "
                            "--serving-image (or COVERTYPE_SERVING_IMAGE)"});
    std::unique_ptr<CloudSession> session;
    if (cloud) {
        auto opened = CloudSession::open(cmd);
        if (!opened)
            return reportError(opened.error());
        session = std::move(*opened);
    }
    if (deploy != "local" && cmd.has("registry"))
        return reportError(
            {ErrorCode::Usage, "covertype pipeline run: --registry goes with --deploy local"});
    // A deployment that cannot happen is refused now, not after the whole pipeline has run.
    std::optional<LocalRegistry> registry;
    if (deploy == "local") {
        for (const auto &[option, what, value] :
             {std::tuple{"--name", "model", &config.modelName},
              std::tuple{"--version", "version", &config.version}})
            if (auto ok = LocalRegistry::checkName(what, *value); !ok)
                return reportError({ErrorCode::Usage, cat("covertype pipeline run: ", option, ": ",
                                                          ok.error().message)});
        registry.emplace(registryRoot(cmd.value("registry")));
        if (!config.replaceExistingVersion && registry->modelFile(config.modelName, config.version))
            return reportError({ErrorCode::Conflict,
                                cat("version '", config.version, "' of model '", config.modelName,
                                    "' is already deployed in ", registry->root(),
                                    " (use --replace to overwrite it, or another --version)")});
    }
    auto spec = loadTuningOption(cmd);
    if (!spec)
        return reportError(spec.error());
    config.tuning = *spec;
    Expected<TrainingData> data = std::unexpected(Error{});
    if (bigQuery) {
        auto table = cloud::parseBigQueryTable(cmd.value("table"));
        if (!table)
            return reportError({ErrorCode::Usage, "--table " + table.error().message});
        auto root = cloud::parseGcsUri(gcsRoot);
        if (!root)
            return reportError({ErrorCode::Usage, "--gcs-root " + root.error().message});
        auto split = splitSpecFromOptions(cmd);
        if (!split)
            return reportError(split.error());
        data = TrainingData{};
        data->split = *split;
        data->path = table->toString();
        const std::string location = cmd.value("location", "US");
        // The split step: BigQuery's query and extract jobs, then the three CSVs read back.
        config.externalSplit = [&session, table = *table, root = *root, split = *split,
                                location]() -> Expected<PipelineSplit> {
            auto parts = cloud::splitInBigQuery(session->api(), session->config(), table, root,
                                                split, location, progressOnStderr());
            if (!parts)
                return std::unexpected(parts.error());
            PipelineSplit out;
            out.summary = {{"source", "bigquery"}, {"table", table.toString()}};
            for (const BigQuerySplitPart &part : *parts) {
                auto local = localInput(part.uri);
                if (!local)
                    return std::unexpected(local.error());
                auto loaded = loadDataset(*local);
                if (!loaded)
                    return std::unexpected(
                        Error{loaded.error().code, withStagedPathsNamed(loaded.error().message)});
                out.summary[part.name] = {
                    {"rows", part.rows}, {"table", part.table}, {"uri", part.uri}};
                (part.name == "training"     ? out.training
                 : part.name == "validation" ? out.validation
                                             : out.testing) = std::move(*loaded);
            }
            return out;
        };
    } else {
        data = loadTrainingData(cmd, true);
    }
    if (!data)
        return reportError(data.error());
    config.split = data->split;
    auto store = openStoreOption(cmd);
    if (!store)
        return reportError(store.error());
    const bool json = cmd.has("json");

    NewRun run;
    run.kind = RunKind::Pipeline;
    run.configJson =
        nlohmann::json{{"hypertune_settings",
                        nlohmann::json::parse(writeTuningSpec(*spec, TuningFormat::PipelineJson))},
                       {"evaluation_metric_name", config.metric},
                       {"evaluation_metric_threshold", config.threshold},
                       {"model_id", config.modelName},
                       {"version_id", config.version},
                       {"replace_existing_version", config.replaceExistingVersion},
                       {"deploy", deploy},
                       {"registry", registry ? registry->root() : std::string()}}
            .dump();
    run.splitJson = data->split.toJson().dump();
    run.datasetFingerprint = data->fingerprint;
    run.datasetPath = data->path;
    run.state = RunState::Running;
    run.seed = config.seed;
    run.backend = backendName == "vertex" ? RunBackend::Vertex : RunBackend::Local;
    auto runId = (*store)->createRun(run);
    if (!runId)
        return reportError(runId.error());
    // The cloud parts, labelled with the run.
    std::optional<cloud::VertexClient> vertex;
    std::optional<cloud::GcsClient> storage;
    std::unique_ptr<cloud::VertexTrainingBackend> vertexBackend;
    std::unique_ptr<cloud::VertexDeploymentTarget> vertexTarget;
    if (session) {
        const auto &cc = session->config();
        vertex.emplace(session->api(), cc.aiplatformRoot, cc.project, cc.region);
        storage.emplace(session->api(), cc.storageRoot);
        const std::string label = cloud::vertexLabelValue(std::to_string(*runId));
        if (backendName == "vertex") {
            cloud::VertexTrainingSettings settings;
            settings.gcsRoot = gcsRoot;
            settings.work = cat("run-", *runId);
            settings.trainerImage = trainerImage;
            settings.machineType = cmd.value("machine-type", settings.machineType);
            settings.runLabel = label;
            vertexBackend =
                std::make_unique<cloud::VertexTrainingBackend>(*vertex, *storage, settings);
        }
        if (deploy == "vertex") {
            cloud::VertexDeploySettings settings;
            settings.servingImage = servingImage;
            settings.gcsRoot = gcsRoot;
            settings.runId = label;
            vertexTarget =
                std::make_unique<cloud::VertexDeploymentTarget>(*vertex, *storage, settings);
            if (!json)
                vertexTarget->setStepObserver([](const cloud::DeployStep &step) {
                    if (step.state != cloud::DeployStep::State::Started)
                        std::printf("   - %s%s%s\n", step.what.c_str(),
                                    step.state == cloud::DeployStep::State::Failed    ? ": FAILED"
                                    : step.state == cloud::DeployStep::State::Removed ? ": removed"
                                                                                      : "",
                                    step.detail.empty() ? "" : cat(" (", step.detail, ")").c_str());
                });
        }
    }
    config.outputDir = cmd.has("out")
                           ? cmd.value("out")
                           : QFileInfo(QString::fromStdString((*store)->path()))
                                 .absoluteDir()
                                 .filePath(QStringLiteral("pipelines/run-%1").arg(*runId))
                                 .toStdString();

    RunRecorder recorder(**store, *runId, *spec);
    std::optional<Error> storeError;
    const auto check = [&](Expected<void> r) {
        if (!r && !storeError)
            storeError = r.error();
    };
    PipelineCallbacks callbacks;
    callbacks.tuning = recorder.attach(printTrials(*spec, {}, !json));
    callbacks.cancelRequested = [&] { return g_interrupted != 0 || storeError.has_value(); };
    callbacks.onStepStarted = [&](const PipelineStep &step) {
        if (!json)
            std::printf("== step %d: %s\n", step.index + 1, step.name.c_str());
        std::fflush(stdout);
        check((*store)->addPipelineStep(*runId, startedStepRecord(step)));
    };
    callbacks.onStepFinished = [&](const PipelineStep &step) {
        if (!json)
            std::printf("   %s in %.2f s%s%s\n", std::string(stepStateName(step.state)).c_str(),
                        step.seconds, step.message.empty() ? "" : ": ", step.message.c_str());
        check((*store)->updatePipelineStep(*runId, finishedStepRecord(step)));
    };
    std::signal(SIGINT, onInterrupt);
    DeploymentTarget *target =
        registry ? static_cast<DeploymentTarget *>(&*registry) : vertexTarget.get();
    const PipelineResult result =
        runPipeline(data->all, config, target, callbacks, vertexBackend.get());
    std::signal(SIGINT, SIG_DFL);

    check(recordPipelineOutcome(**store, *runId, result, config,
                                registry ? registry->root() : std::string()));
    const RunState state = result.succeeded   ? RunState::Succeeded
                           : result.cancelled ? RunState::Cancelled
                                              : RunState::Failed;
    if (recorder.error() && !storeError)
        storeError = recorder.error();
    check((*store)->setRunState(*runId, storeError ? RunState::Failed : state,
                                storeError ? storeError->message : result.message));
    if (storeError)
        return reportError(*storeError);

    if (json) {
        nlohmann::json out = result.tuning ? tuningSummaryJson(*runId, *spec, *result.tuning)
                                           : nlohmann::json{{"run_id", *runId}};
        out["state"] = std::string(toText(state));
        out["steps"] = nlohmann::json::array();
        for (const PipelineStep &s : result.steps)
            out["steps"].push_back({{"name", s.name},
                                    {"state", std::string(stepStateName(s.state))},
                                    {"seconds", s.seconds},
                                    {"output", s.output},
                                    {"message", s.message}});
        out["final"] = result.metricValue ? nlohmann::json{{"metric_name", config.metric},
                                                           {"metric_value", *result.metricValue}}
                                          : nlohmann::json();
        out["gate"] = {{"threshold", config.threshold}, {"passed", result.gatePassed}};
        out["deployed"] = result.deployed ? nlohmann::json{{"target", result.deployed->target},
                                                           {"model", result.deployed->model},
                                                           {"version", result.deployed->version},
                                                           {"endpoint", result.deployed->endpoint}}
                                          : nlohmann::json();
        out["backend"] = backendName;
        if (vertexBackend)
            out["jobs"] = vertexBackend->jobs();
        out["model_path"] = result.modelPath;
        if (!result.message.empty())
            out["message"] = result.message;
        std::printf("%s\n", out.dump(2).c_str());
    } else if (result.succeeded) {
        const std::string decision =
            !result.gatePassed ? std::string("not deployed")
            : result.deployed
                ? cat("deployed as ", result.deployed->model, "/", result.deployed->version, " to ",
                      registry ? registry->root() : result.deployed->endpoint)
                : std::string("passed (--deploy none: not deployed)");
        std::printf("\n%s on testing: %.6f; threshold %g: %s\n", config.metric.c_str(),
                    *result.metricValue, config.threshold, decision.c_str());
        std::printf("model: %s\nrun %lld SUCCEEDED\n", result.modelPath.c_str(),
                    static_cast<long long>(*runId));
    } else {
        std::printf("\nrun %lld %s: %s\n", static_cast<long long>(*runId),
                    std::string(toText(state)).c_str(), result.message.c_str());
    }
    if (result.cancelled)
        return 130;
    return result.succeeded ? kExitOk : kExitFailure;
}

}  // namespace covertype::cli
