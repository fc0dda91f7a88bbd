// Training and evaluation service: the course's scikit-learn pipeline on a Dataset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"
#include "ml/features.h"
#include "training/model.h"

namespace covertype {

/// The most epochs a training may ask for (the CLI's --max_iter and a tuned max_iter alike).
inline constexpr int kMaxIterLimit = 1'000'000;

/// SGDClassifier hyperparameters (course names: alpha, max_iter) and execution settings.
struct TrainParams
{
    double alpha = 0.0001;
    int maxIter = 1000;
    double tol = 1e-3;
    int nIterNoChange = 5;
    uint64_t seed = 0;
    int threads = 0; /*0 = all cores*/
};

/// One lockstep epoch over every not-yet-converged class.
struct EpochReport
{
    int epoch = 0;
    double loss = 0;  ///< mean training log loss per row, averaged over the binary problems
    std::optional<double> validationAccuracy;  ///< only when a validation Dataset was given
};
using EpochCallback = std::function<bool(const EpochReport &)>;  // return false to cancel

struct TrainOutcome
{
    Model model;
    int epochs = 0;
    bool converged = false;
    std::vector<EpochReport> history;
};

/// Training rows (and optionally validation rows) checked and encoded once, for many fits with
/// different hyperparameters: what the trials of a tuning run share. Immutable once prepared,
/// so concurrent trainModel calls may read it.
struct PreparedTraining
{
    std::vector<Field> featureSchema;  ///< the 12 feature columns as typed in the training data
    ml::Preprocessor preprocessor;     ///< fitted on the training rows
    ml::FeatureMatrix x;
    std::vector<int64_t> y;
    bool hasValidation = false;
    ml::FeatureMatrix xValidation;
    std::vector<int64_t> yValidation;
    double interceptDecay = 1.0;  ///< sklearn's, from the density of x
    std::string fingerprint;      ///< of the training Dataset
    uint64_t rows = 0;
};

/// Validates and encodes `training` (lab schema, Cover_Type required, >= 2 classes) and, when
/// given, `validation` (Cover_Type required). Errors: Schema, MissingLabel, InvalidArgument.
[[nodiscard]] Expected<PreparedTraining> prepareTraining(const Dataset &training,
                                                         const Dataset *validation = nullptr);

/// Fits the SGD classifier on prepared rows; validation rows, when prepared, are scored after
/// every epoch. Same guarantees and errors as trainModel.
[[nodiscard]] Expected<TrainOutcome> trainModel(const PreparedTraining &prepared,
                                                const TrainParams &params,
                                                const EpochCallback &progress = {});

/// Fits StandardScaler + OneHotEncoder + OvR SGD logistic regression on `training` (lab schema,
/// Cover_Type required, >= 2 classes). `validation`, when given, must have Cover_Type too and is
/// scored after every epoch. Deterministic for a given seed, whatever params.threads.
/// The model's provenance holds fingerprint, hyperparameters, epochs and rows; the caller adds
/// split and metrics. Errors: Schema, MissingLabel, InvalidArgument, Cancelled.
[[nodiscard]] Expected<TrainOutcome> trainModel(const Dataset &training, const TrainParams &params,
                                                const Dataset *validation = nullptr,
                                                const EpochCallback &progress = {});

/// Scores of a model on labelled rows.
struct Evaluation
{
    double accuracy = 0;
    double macroRecall = 0;                       ///< sklearn recall_score(average='macro')
    std::vector<int64_t> classes;                 ///< labels in y_true ∪ y_pred, ascending
    std::vector<std::vector<int64_t>> confusion;  ///< [true][predicted], indexed like `classes`
    size_t rows = 0;
};

/// Predicts `data` (lab schema with Cover_Type, at least one row) and scores the predictions.
/// Errors: MissingLabel without Cover_Type, Schema, InvalidArgument for no rows.
[[nodiscard]] Expected<Evaluation> evaluateModel(const Model &model, const Dataset &data);

/// Scores of `model` on the prepared validation rows, which must have been encoded by the
/// preprocessor the model was trained with (the tuner's trials). InvalidArgument without them.
[[nodiscard]] Expected<Evaluation> evaluatePrepared(const Model &model,
                                                    const PreparedTraining &prepared);

}  // namespace covertype
