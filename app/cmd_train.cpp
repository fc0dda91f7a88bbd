// covertype train: the course's train.py, argument for argument (python-fire style).
#include <QDir>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>

#include "base/text.h"
#include "cliutil.h"
#include "cloud/gcspaths.h"
#include "commands.h"
#include "data/labschema.h"
#include "storage/gcsuri.h"
#include "training/trainer.h"
#include "tuning/hypertune.h"

namespace covertype::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
}

/// The split spec recorded next to exported splits (DIR/datasets/training/data.csv ->
/// DIR/split.json), so a model knows which split it came from. Null when there is none.
nlohmann::json splitProvenance(const std::string &trainingPath)
{
    const QFileInfo info(QString::fromStdString(trainingPath));
    const QString splitJson = info.absoluteDir().filePath(QStringLiteral("../../split.json"));
    std::ifstream in(QDir::cleanPath(splitJson).toStdString());
    if (!in)
        return nullptr;
    try {
        nlohmann::json doc = nlohmann::json::parse(in);
        nlohmann::json out = {{"split_json", QDir::cleanPath(splitJson).toStdString()}};
        if (doc.contains("spec"))
            out["spec"] = doc["spec"];
        if (doc.contains("source_fingerprint"))
            out["source_fingerprint"] = doc["source_fingerprint"];
        return out;
    } catch (const nlohmann::json::exception &) {
        return nullptr;  // an unreadable split.json only loses provenance, not the training
    }
}

Expected<Dataset> loadLabelled(const std::string &path, const char *role)
{
    auto data = loadDataset(path);
    if (!data)
        return data;
    if (auto ok = lab::validate(*data, true, cat("training (", role, " data)")); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkFeatureCells(*data, path); !ok)
        return std::unexpected(ok.error());
    return data;
}

}  // namespace

int runTrain(const Args &args)
{
    CommandLine cmd(
        "train",
        "--job_dir DIR --training_dataset_path FILE --validation_dataset_path FILE\n"
        "                       [--alpha A] [--max_iter N] [--hptune True|False] [--seed S]",
        "The course trainer (train.py): StandardScaler + one-hot -> SGD logistic regression,\n"
        "one-vs-rest. --hptune True: fit on training, report validation accuracy with the\n"
        "cloudml-hypertune protocol (tag 'accuracy', $CLOUD_ML_HP_METRIC_FILE). --hptune False:\n"
        "fit on training + validation and write JOB_DIR/model.json. Options take --name=value or\n"
        "--name value, and - or _ in names.",
        {{"job_dir", "DIR",
          "output directory, local or gs:// (model.json is written there; default "
          "$AIP_MODEL_DIR, which Vertex AI sets)"},
         {"training_dataset_path", "FILE", "training CSV, local or gs://"},
         {"validation_dataset_path", "FILE", "validation CSV, local or gs://"},
         {"alpha", "A", "L2 regularisation strength (default 0.0001)"},
         {"max_iter", "N", "maximum epochs (default 1000)"},
         {"hptune", "", "True: tuning trial, report accuracy; False: final model", true},
         {"seed", "S", "shuffling seed (default 0); same seed, same model"},
         {"threads", "N", "worker threads for the one-vs-rest classes (default: all cores)"},
         {"verbose", "", "print loss and validation accuracy per epoch on stderr"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;

    TrainParams params;
    auto alpha = cmd.number("alpha", params.alpha);
    auto maxIter = cmd.integer("max_iter", params.maxIter);
    auto hptune = cmd.boolean("hptune", false);
    auto seed = cmd.integer("seed", 0);
    auto threads = cmd.integer("threads", 0);
    auto trainingPath = cmd.required("training_dataset_path");
    auto validationPath = cmd.required("validation_dataset_path");
    for (const Error *e :
         {alpha ? nullptr : &alpha.error(), maxIter ? nullptr : &maxIter.error(),
          hptune ? nullptr : &hptune.error(), seed ? nullptr : &seed.error(),
          threads ? nullptr : &threads.error(), trainingPath ? nullptr : &trainingPath.error(),
          validationPath ? nullptr : &validationPath.error()}) {
        if (e)
            return reportError(*e);
    }
    if (!(*alpha > 0))
        return reportError(
            {ErrorCode::Usage, cat("covertype train: --alpha must be > 0, got ", *alpha)});
    if (*maxIter < 1 || *maxIter > kMaxIterLimit)
        return reportError(
            {ErrorCode::Usage, cat("covertype train: --max_iter must be between 1 and ",
                                   kMaxIterLimit, ", got ", *maxIter)});
    if (*seed < 0)
        return reportError({ErrorCode::Usage, "covertype train: --seed must be >= 0"});
    params.alpha = *alpha;
    params.maxIter = int(*maxIter);
    params.seed = uint64_t(*seed);
    params.threads = int(*threads);

    // Vertex AI gives a custom job its model directory in AIP_MODEL_DIR; --job_dir wins.
    std::string jobDir = cmd.value("job_dir");
    if (jobDir.empty() && !*hptune)
        jobDir = qEnvironmentVariable("AIP_MODEL_DIR").toStdString();
    OutputStaging outputs;
    std::string localJobDir = jobDir;
    if (!*hptune) {
        if (jobDir.empty())
            return reportError({ErrorCode::Usage,
                                "covertype train: --job_dir is required with --hptune False (the "
                                "model is written to JOB_DIR/model.json)"});
        if (cloud::isGcsUri(jobDir)) {
            if (auto uri = cloud::parseGcsUri(jobDir); !uri)
                return reportError(
                    {ErrorCode::Usage, "covertype train: --job_dir " + uri.error().message});
        }
    }
    const std::string trainingUri = *trainingPath, validationUri = *validationPath;
    for (std::string *path : {&*trainingPath, &*validationPath}) {
        auto local = localInput(*path);
        if (!local)
            return reportError(local.error());
        *path = *local;
    }
    if (!*hptune) {
        auto local = outputs.localDirectory(jobDir);
        if (!local)
            return reportError(local.error());
        localJobDir = *local;
    }

    auto training = loadLabelled(*trainingPath, "training");
    if (!training)
        return reportError(training.error());
    auto validation = loadLabelled(*validationPath, "validation");
    if (!validation)
        return reportError(validation.error());
    if (const std::string difference = schemaDifference(training->schema(), *trainingPath,
                                                        validation->schema(), *validationPath);
        !difference.empty())
        return reportError(
            {ErrorCode::Schema, cat("covertype train: the training and validation files must have "
                                    "the same columns and types: ",
                                    difference)});

    std::signal(SIGINT, onInterrupt);
    const bool verbose = cmd.has("verbose");
    const EpochCallback progress = [verbose](const EpochReport &r) {
        if (verbose) {
            if (r.validationAccuracy)
                std::fprintf(stderr, "epoch %3d  loss %.6f  validation accuracy %.4f\n", r.epoch,
                             r.loss, *r.validationAccuracy);
            else
                std::fprintf(stderr, "epoch %3d  loss %.6f\n", r.epoch, r.loss);
        }
        return g_interrupted == 0;
    };

    if (*hptune) {
        // Tuning trial: fit on training only, score on validation, report for the tuner.
        auto outcome = trainModel(*training, params, verbose ? &*validation : nullptr, progress);
        if (!outcome)
            return reportError(outcome.error());
        auto eval = evaluateModel(outcome->model, *validation);
        if (!eval)
            return reportError(eval.error());
        HypertuneReporter reporter;
        if (auto ok = reporter.report("accuracy", eval->accuracy); !ok)
            return reportError(ok.error());
        std::printf("validation accuracy: %.6f (alpha=%s, max_iter=%d, epochs=%d%s)\n",
                    eval->accuracy, pythonFloatRepr(params.alpha).c_str(), params.maxIter,
                    outcome->epochs, outcome->converged ? "" : ", did not converge");
        std::printf("reported to %s under tag 'accuracy'\n", reporter.path().c_str());
        return kExitOk;
    }

    // Final model: training + validation together, as the course's train.py does.
    const Dataset combined = Dataset::concatenate(*training, *validation);
    auto outcome = trainModel(combined, params, nullptr, progress);
    if (!outcome)
        return reportError(outcome.error());
    auto eval = evaluateModel(outcome->model, combined);
    if (!eval)
        return reportError(eval.error());
    Model model = std::move(outcome->model);
    model.setSplit(splitProvenance(*trainingPath));
    model.setMetric("training_accuracy", eval->accuracy);
    const std::string modelPath = QDir(QString::fromStdString(localJobDir))
                                      .filePath(QStringLiteral("model.json"))
                                      .toStdString();
    if (auto ok = model.save(modelPath); !ok)
        return reportError(ok.error());
    auto published = outputs.publish();
    if (!published)
        return reportError(published.error());
    std::printf(
        "trained on %zu rows (training + validation), %d epochs%s, training accuracy %.6f\n",
        combined.rowCount(), outcome->epochs,
        outcome->converged ? "" : " (max_iter reached before convergence)", eval->accuracy);
    std::printf("wrote %s\n", withStagedPathsNamed(modelPath).c_str());
    return kExitOk;
}

}  // namespace covertype::cli
