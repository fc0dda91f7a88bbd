// trainModel / evaluateModel: validation of inputs, preprocessing, SGD fit, provenance.
#include "training/trainer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/text.h"
#include "base/version.h"
#include "data/labschema.h"
#include "ml/features.h"
#include "ml/metrics.h"
#include "ml/sgdclassifier.h"

namespace covertype {

namespace {

std::string describe(const Dataset &data, std::string_view fallback)
{
    return data.source().empty() ? std::string(fallback) : data.source();
}

/// Cover_Type as integers; lab::validate has checked it is INT64 1..7 without NULL.
std::vector<int64_t> labels(const Dataset &data)
{
    const Column &label = *data.find(lab::kLabelColumn);
    return {label.ints.begin(), label.ints.end()};
}

/// Checks `data` has labelled lab-schema rows for `task` ("training", "evaluation", ...).
Expected<void> requireLabelledRows(const Dataset &data, std::string_view task)
{
    if (auto ok = lab::validate(data, /*requireLabel=*/true, task); !ok)
        return ok;
    if (data.rowCount() == 0)
        return fail(ErrorCode::InvalidArgument, describe(data, std::string(task) + " data") +
                                                    ": no rows for " + std::string(task));
    return {};
}

Expected<void> checkParams(const TrainParams &p)
{
    if (!(p.alpha > 0.0) || !std::isfinite(p.alpha))
        return fail(ErrorCode::InvalidArgument,
                    "alpha must be a number > 0 (found " + std::to_string(p.alpha) + ")");
    if (p.maxIter < 1 || p.maxIter > kMaxIterLimit)
        return fail(ErrorCode::InvalidArgument, cat("max_iter must be between 1 and ",
                                                    kMaxIterLimit, " (found ", p.maxIter, ")"));
    if (!(p.tol >= 0.0) || !std::isfinite(p.tol))
        return fail(ErrorCode::InvalidArgument,
                    "tol must be a number >= 0 (found " + std::to_string(p.tol) + ")");
    if (p.nIterNoChange < 1)
        return fail(ErrorCode::InvalidArgument, "n_iter_no_change must be at least 1 (found " +
                                                    std::to_string(p.nIterNoChange) + ")");
    if (p.threads < 0)
        return fail(
            ErrorCode::InvalidArgument,
            "threads must be >= 0, 0 meaning all cores (found " + std::to_string(p.threads) + ")");
    return {};
}

}  // namespace

Expected<PreparedTraining> prepareTraining(const Dataset &training, const Dataset *validation)
{
    if (auto ok = requireLabelledRows(training, "training"); !ok)
        return std::unexpected(ok.error());
    PreparedTraining p;
    p.y = labels(training);
    if (std::ranges::all_of(p.y, [&](int64_t v) { return v == p.y.front(); }))
        return fail(ErrorCode::InvalidArgument,
                    describe(training, "training data") +
                        ": training needs at least 2 classes of Cover_Type, found only class " +
                        std::to_string(p.y.front()));
    if (validation != nullptr)
        if (auto ok = requireLabelledRows(*validation, "validation"); !ok)
            return std::unexpected(ok.error());

    auto pre = ml::Preprocessor::fit(training, lab::kNumericColumns, lab::kCategoricalColumns);
    if (!pre)
        return std::unexpected(pre.error());
    auto x = pre->transform(training);
    if (!x)
        return std::unexpected(x.error());
    p.x = std::move(*x);
    if (validation != nullptr) {
        auto encoded = pre->transform(*validation);
        if (!encoded)
            return std::unexpected(encoded.error());
        p.hasValidation = true;
        p.xValidation = std::move(*encoded);
        p.yValidation = labels(*validation);
    }
    p.preprocessor = std::move(*pre);
    for (std::string_view name : lab::kFeatureColumns)
        p.featureSchema.push_back({std::string(name), training.find(name)->type});
    // ColumnTransformer emits a sparse matrix below its density threshold, and sklearn then
    // damps intercept updates.
    p.interceptDecay = p.x.density() < ml::kSparseThreshold ? ml::kSparseInterceptDecay : 1.0;
    p.fingerprint = training.fingerprint();
    p.rows = training.rowCount();
    return p;
}

Expected<TrainOutcome> trainModel(const PreparedTraining &prepared, const TrainParams &params,
                                  const EpochCallback &progress)
{
    if (auto ok = checkParams(params); !ok)
        return std::unexpected(ok.error());
    ml::SgdParams sgd;
    sgd.alpha = params.alpha;
    sgd.maxIter = params.maxIter;
    sgd.tol = params.tol;
    sgd.nIterNoChange = params.nIterNoChange;
    sgd.seed = params.seed;
    sgd.threads = params.threads;
    sgd.interceptDecay = prepared.interceptDecay;

    TrainOutcome outcome;
    auto onEpoch = [&](const ml::SgdEpoch &e) {
        EpochReport report{e.epoch, e.meanLoss, std::nullopt};
        if (prepared.hasValidation)
            report.validationAccuracy =
                ml::accuracy(prepared.yValidation, e.current->predict(prepared.xValidation));
        outcome.history.push_back(report);
        return !progress || progress(report);
    };
    auto fitted = ml::SgdClassifier::fit(prepared.x, prepared.y, sgd, onEpoch);
    if (!fitted)
        return std::unexpected(fitted.error());

    Provenance provenance;
    provenance.datasetFingerprint = prepared.fingerprint;
    provenance.hyperparameters = {params.alpha, params.maxIter, params.tol, params.nIterNoChange,
                                  params.seed};
    provenance.epochs = fitted->epochs;
    provenance.trainingRows = prepared.rows;
    provenance.programVersion = kProgramVersion;
    provenance.createdAt = utcTimestamp();

    outcome.model = Model(prepared.featureSchema, prepared.preprocessor,
                          std::move(fitted->classifier), std::move(provenance));
    outcome.epochs = fitted->epochs;
    outcome.converged = fitted->converged;
    return outcome;
}

Expected<TrainOutcome> trainModel(const Dataset &training, const TrainParams &params,
                                  const Dataset *validation, const EpochCallback &progress)
{
    if (auto ok = checkParams(params); !ok)
        return std::unexpected(ok.error());
    auto prepared = prepareTraining(training, validation);
    if (!prepared)
        return std::unexpected(prepared.error());
    return trainModel(*prepared, params, progress);
}

namespace {

Evaluation score(const std::vector<int64_t> &truth, const std::vector<int64_t> &predicted)
{
    Evaluation e;
    e.rows = truth.size();
    e.accuracy = ml::accuracy(truth, predicted);
    e.macroRecall = ml::macroRecall(truth, predicted);
    e.classes = ml::unionLabels(truth, predicted);
    e.confusion = ml::confusionMatrix(truth, predicted, e.classes);
    return e;
}

}  // namespace

Expected<Evaluation> evaluatePrepared(const Model &model, const PreparedTraining &prepared)
{
    if (!prepared.hasValidation || prepared.yValidation.empty())
        return fail(ErrorCode::InvalidArgument, "no validation rows were prepared to evaluate on");
    if (model.classifier().featureCount() != Eigen::Index(prepared.xValidation.featureCount))
        return fail(ErrorCode::InvalidArgument,
                    "the model was not trained on these prepared rows (feature counts differ)");
    return score(prepared.yValidation, model.classifier().predict(prepared.xValidation));
}

Expected<Evaluation> evaluateModel(const Model &model, const Dataset &data)
{
    if (auto ok = requireLabelledRows(data, "evaluation"); !ok)
        return std::unexpected(ok.error());
    auto predicted = model.predict(data);
    if (!predicted)
        return std::unexpected(predicted.error());
    return score(labels(data), *predicted);
}

}  // namespace covertype
