// covertype cloud train: the final training as a Vertex AI custom job (the trainer image with
// --hptune False on the gs:// split), with the best parameters of a tuning run or the given
// ones; the model it writes is checked and recorded against the run.
#include <QCryptographicHash>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "base/text.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"
#include "runs/runstore.h"
#include "storage/gcsclient.h"
#include "storage/gcsuri.h"
#include "training/model.h"
#include "tuning/tuningspec.h"
#include "vertex/vertexclient.h"
#include "vertex/vertexdeployment.h"

namespace covertype::cli {

namespace {

using nlohmann::json;

/// The best finished trial of a stored run under its config's goal.
Expected<TrialRecord> bestStoredTrial(const RunDetails &details)
{
    auto spec = parseTuningSpec(details.run.configJson, cat("run ", details.run.id, " config"));
    const bool maximize = !spec || spec->goal == Goal::Maximize;
    std::optional<TrialRecord> best;
    for (const TrialRecord &t : details.trials) {
        if (t.state != TrialState::Succeeded || !t.finalMetric)
            continue;
        if (!best ||
            (maximize ? *t.finalMetric > *best->finalMetric : *t.finalMetric < *best->finalMetric))
            best = t;
    }
    if (!best)
        return fail(ErrorCode::NotFound,
                    cat("run ", details.run.id, " has no finished trial with a metric"));
    return *best;
}

std::string argumentText(const ParameterValue &value)
{
    if (const double *d = std::get_if<double>(&value)) {
        char text[40];
        std::snprintf(text, sizeof text, "%.17g", *d);
        return text;
    }
    std::string out;
    std::visit([&](const auto &v) { out = cat(v); }, value);
    return out;
}

}  // namespace

int runCloudTrain(const Args &args)
{
    CommandLine cmd(
        "cloud train",
        "(--gcs-root gs://B/ROOT | --training gs://... --validation gs://...) [--from-run ID] "
        "[--alpha A] [--max_iter N] [--trainer-image URI] [--machine-type T] [--store PATH] "
        "[--json]",
        "The course's final training as a Vertex AI custom job: the trainer image with --hptune "
        "False\non the split in Cloud Storage (training and validation together), with the best "
        "trial's\nparameters of a tuning run (--from-run) or --alpha/--max_iter. The model lands "
        "in\nROOT/jobs/run-ID/model/model.json (AIP_MODEL_DIR); it is checked and, with "
        "--from-run,\nrecorded against the run. Ctrl-C cancels the job.",
        withCloudOptions(
            {{"gcs-root", "gs://B/ROOT", "the course layout: ROOT/datasets/<split>/data.csv"},
             {"training", "gs://...", "the training split (instead of --gcs-root)"},
             {"validation", "gs://...", "the validation split (instead of --gcs-root)"},
             {"output", "gs://...", "the job's output directory (default ROOT/jobs/...)"},
             {"from-run", "ID", "take the best trial's parameters of this tuning run"},
             {"alpha", "A", "the trainer's alpha (overrides the run's)"},
             {"max_iter", "N", "the trainer's max_iter (overrides the run's)"},
             {"trainer-image", "URI", "trainer container (default $COVERTYPE_TRAINER_IMAGE)"},
             {"machine-type", "T", "machine (default n1-standard-4)"},
             {"store", "PATH", "run store (default: the user's data directory)"},
             {"json", "", "print one JSON summary instead of text"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    std::string training = cmd.value("training");
    std::string validation = cmd.value("validation");
    std::string root = flagOrEnvironment(cmd, "gcs-root", "COVERTYPE_GCS_ROOT");
    if (!root.empty() && !root.ends_with('/'))
        root += '/';
    if (training.empty() != validation.empty())
        return reportError(
            Error{ErrorCode::Usage, "give both --training and --validation, or --gcs-root"});
    if (training.empty()) {
        if (root.empty())
            return reportError(Error{ErrorCode::Usage,
                                     "give --gcs-root gs://BUCKET/ROOT (the split of cloud split) "
                                     "or --training and --validation"});
        training = root + "datasets/training/data.csv";
        validation = root + "datasets/validation/data.csv";
    }
    std::string output = cmd.value("output");
    if (output.empty() && root.empty())
        return reportError(Error{ErrorCode::Usage, "give --output gs://... or --gcs-root"});
    for (const std::string &uri : {training, validation, output})
        if (!uri.empty() && !uri.starts_with("gs://"))
            return reportError(Error{ErrorCode::Usage, cat("a custom job reads and writes Cloud "
                                                           "Storage: '",
                                                           uri, "' is not a gs:// URI")});
    const std::string image = flagOrEnvironment(cmd, "trainer-image", "COVERTYPE_TRAINER_IMAGE");
    if (image.empty())
        return reportError(Error{ErrorCode::Usage,
                                 "give --trainer-image (or set COVERTYPE_TRAINER_IMAGE): the "
                                 "trainer container's URI (docs/cloud.md, Containers)"});

    // The parameters: the run's best trial, then the flags.
    std::vector<std::pair<std::string, std::string>> parameters;
    std::unique_ptr<RunStore> store;
    std::optional<int64_t> fromRun;
    std::optional<TrialRecord> best;
    if (cmd.has("from-run")) {
        auto id = cmd.integer("from-run", 0);
        if (!id)
            return reportError(id.error());
        auto opened = openStoreOption(cmd);
        if (!opened)
            return reportError(opened.error());
        store = std::move(*opened);
        auto details = store->loadRun(*id);
        if (!details)
            return reportError(details.error());
        auto trial = bestStoredTrial(*details);
        if (!trial)
            return reportError(trial.error());
        best = *trial;
        fromRun = *id;
        for (const auto &[name, value] : trial->parameters)
            parameters.emplace_back(name, argumentText(value));
    }
    for (const char *flag : {"alpha", "max_iter"}) {
        if (!cmd.has(flag))
            continue;
        std::erase_if(parameters, [&](const auto &p) { return p.first == flag; });
        parameters.emplace_back(flag, cmd.value(flag));
    }

    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    const cloud::VertexClient vertex = (*session)->vertex();
    std::random_device device;
    const std::string tag =
        cat(fromRun ? cat("run-", *fromRun) : std::string("train"), "-", device() % 1000000);
    if (output.empty())
        output = root + "jobs/" + tag;
    json arguments = {"--training_dataset_path=" + training,
                      "--validation_dataset_path=" + validation, "--hptune=False"};
    std::string parameterText;
    for (const auto &[name, value] : parameters) {
        arguments.push_back(cat("--", name, "=", value));
        parameterText += cat(parameterText.empty() ? "" : " ", name, "=", value);
    }
    json job = {{"displayName", cat("covertype-", tag)},
                {"jobSpec",
                 {{"workerPoolSpecs",
                   {{{"machineSpec", {{"machineType", cmd.value("machine-type", "n1-standard-4")}}},
                     {"replicaCount", "1"},
                     {"containerSpec", {{"imageUri", image}, {"args", arguments}}}}}},
                  {"baseOutputDirectory", {{"outputUriPrefix", output}}}}}};
    if (fromRun)
        job["labels"] = {{"covertype-run", cloud::vertexLabelValue(std::to_string(*fromRun))}};
    auto created = vertex.createJob(cloud::VertexJobKind::Custom, job, tag);
    if (!created)
        return reportError(created.error());
    const std::string name = created->value("name", "");
    const bool asJson = cmd.has("json");
    if (!asJson) {
        std::printf("job     %s\nconsole %s\nparams  %s\n", name.c_str(),
                    vertex.consoleUrl(name).c_str(),
                    parameterText.empty() ? "(the trainer's defaults)" : parameterText.c_str());
        std::fflush(stdout);
    }
    std::string lastState;
    auto final = vertex.waitForJob(
        name,
        [&](const json &resource) {
            const std::string state = resource.value("state", "");
            if (state != lastState && !asJson)
                std::fprintf(stderr, "  %s\n", state.c_str());
            lastState = state;
            return true;
        },
        std::chrono::hours(24));
    if (!final) {
        reportError(final.error());
        return final.error().code == ErrorCode::Cancelled ? 130 : kExitFailure;
    }
    const std::string state = final->value("state", "");
    if (state != "JOB_STATE_SUCCEEDED")
        return reportError(
            Error{ErrorCode::Unavailable,
                  cat("the training job ended ", state, ": ",
                      final->contains("error") ? (*final)["error"].value("message", "")
                                               : std::string("no error given"))});

    // The model the job wrote, checked as evaluate would read it.
    const std::string modelUri =
        cat(output.ends_with('/') ? output : output + "/", "model/model.json");
    auto uri = cloud::parseGcsUri(modelUri);
    if (!uri)
        return reportError(uri.error());
    const cloud::GcsClient storage = (*session)->storage();
    auto bytes = storage.downloadData(*uri, int64_t(64) << 20);
    if (!bytes)
        return reportError(Error{bytes.error().code, cat("the job succeeded but its model cannot "
                                                         "be read: ",
                                                         bytes.error().message)});
    const json document = json::parse(*bytes, nullptr, false);
    auto model = document.is_discarded()
                     ? Expected<Model>(std::unexpected(Error{ErrorCode::Corrupt, "not JSON"}))
                     : Model::fromJson(document, modelUri);
    if (!model)
        return reportError(model.error());
    if (fromRun) {
        ModelRecord record;
        record.runId = *fromRun;
        record.trialId = best ? std::optional(best->trialId) : std::nullopt;
        record.path = modelUri;
        record.sha256 =
            QCryptographicHash::hash(QByteArray::fromStdString(*bytes), QCryptographicHash::Sha256)
                .toHex()
                .toStdString();
        record.metricsJson = json{{"job", name}, {"backend", "vertex"}}.dump();
        if (auto added = store->addModel(record); !added)
            return reportError(added.error());
    }
    if (asJson)
        std::printf("%s\n", json{{"job", name},
                                 {"state", state},
                                 {"model", modelUri},
                                 {"parameters", parameterText},
                                 {"run", fromRun ? json(*fromRun) : json()}}
                                .dump(2)
                                .c_str());
    else
        std::printf("model   %s%s\n", modelUri.c_str(),
                    fromRun ? cat(" (recorded with run ", *fromRun, ")").c_str() : "");
    return kExitOk;
}

}  // namespace covertype::cli
