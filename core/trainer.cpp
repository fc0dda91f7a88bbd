// trainModel / evaluateModel: validation of inputs, preprocessing, SGD fit, provenance.
#include "trainer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "labschema.h"
#include "ml/features.h"
#include "ml/metrics.h"
#include "ml/sgdclassifier.h"
#include "version.h"

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
    if (p.maxIter < 1)
        return fail(ErrorCode::InvalidArgument,
                    "max_iter must be at least 1 (found " + std::to_string(p.maxIter) + ")");
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

Expected<TrainOutcome> trainModel(const Dataset &training, const TrainParams &params,
                                  const Dataset *validation, const EpochCallback &progress)
{
    if (auto ok = checkParams(params); !ok)
        return std::unexpected(ok.error());
    if (auto ok = requireLabelledRows(training, "training"); !ok)
        return std::unexpected(ok.error());
    const std::vector<int64_t> y = labels(training);
    if (std::ranges::all_of(y, [&](int64_t v) { return v == y.front(); }))
        return fail(ErrorCode::InvalidArgument,
                    describe(training, "training data") +
                        ": training needs at least 2 classes of Cover_Type, found only class " +
                        std::to_string(y.front()));
    if (validation != nullptr)
        if (auto ok = requireLabelledRows(*validation, "validation"); !ok)
            return std::unexpected(ok.error());

    auto pre = ml::Preprocessor::fit(training, lab::kNumericColumns, lab::kCategoricalColumns);
    if (!pre)
        return std::unexpected(pre.error());
    auto x = pre->transform(training);
    if (!x)
        return std::unexpected(x.error());
    ml::FeatureMatrix xValidation;
    std::vector<int64_t> yValidation;
    if (validation != nullptr) {
        auto encoded = pre->transform(*validation);
        if (!encoded)
            return std::unexpected(encoded.error());
        xValidation = std::move(*encoded);
        yValidation = labels(*validation);
    }

    ml::SgdParams sgd;
    sgd.alpha = params.alpha;
    sgd.maxIter = params.maxIter;
    sgd.tol = params.tol;
    sgd.nIterNoChange = params.nIterNoChange;
    sgd.seed = params.seed;
    sgd.threads = params.threads;
    // ColumnTransformer emits a sparse matrix below its density threshold, and sklearn then
    // damps intercept updates.
    sgd.interceptDecay = x->density() < ml::kSparseThreshold ? ml::kSparseInterceptDecay : 1.0;

    TrainOutcome outcome;
    auto onEpoch = [&](const ml::SgdEpoch &e) {
        EpochReport report{e.epoch, e.meanLoss, std::nullopt};
        if (validation != nullptr)
            report.validationAccuracy = ml::accuracy(yValidation, e.current->predict(xValidation));
        outcome.history.push_back(report);
        return !progress || progress(report);
    };
    auto fitted = ml::SgdClassifier::fit(*x, y, sgd, onEpoch);
    if (!fitted)
        return std::unexpected(fitted.error());

    std::vector<Field> schema;
    for (std::string_view name : lab::kFeatureColumns)
        schema.push_back({std::string(name), training.find(name)->type});
    Provenance provenance;
    provenance.datasetFingerprint = training.fingerprint();
    provenance.hyperparameters = {params.alpha, params.maxIter, params.tol, params.nIterNoChange,
                                  params.seed};
    provenance.epochs = fitted->epochs;
    provenance.trainingRows = training.rowCount();
    provenance.programVersion = kProgramVersion;
    provenance.createdAt = utcTimestamp();

    outcome.model = Model(std::move(schema), std::move(*pre), std::move(fitted->classifier),
                          std::move(provenance));
    outcome.epochs = fitted->epochs;
    outcome.converged = fitted->converged;
    return outcome;
}

Expected<Evaluation> evaluateModel(const Model &model, const Dataset &data)
{
    if (auto ok = requireLabelledRows(data, "evaluation"); !ok)
        return std::unexpected(ok.error());
    auto predicted = model.predict(data);
    if (!predicted)
        return std::unexpected(predicted.error());
    const std::vector<int64_t> truth = labels(data);
    Evaluation e;
    e.rows = data.rowCount();
    e.accuracy = ml::accuracy(truth, *predicted);
    e.macroRecall = ml::macroRecall(truth, *predicted);
    e.classes = ml::unionLabels(truth, *predicted);
    e.confusion = ml::confusionMatrix(truth, *predicted, e.classes);
    return e;
}

}  // namespace covertype
