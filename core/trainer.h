// Training and evaluation service: the course's scikit-learn pipeline on a Dataset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "dataset.h"
#include "error.h"
#include "model.h"

namespace covertype {

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

}  // namespace covertype
