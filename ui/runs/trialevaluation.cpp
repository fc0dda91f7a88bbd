// The confusion matrix of a trial's model (see trialevaluation.h).
#include "trialevaluation.h"

#include "training/model.h"
#include "training/trainer.h"
#include "tuning/tuner.h"

namespace covertype::ui {

Expected<ConfusionSeries> evaluateTrial(const TrialEvaluationRequest &request,
                                        const std::atomic<bool> &cancel)
{
    if (!request.data)
        return fail(ErrorCode::InvalidArgument, "no dataset is open");
    auto lots = computeLots(*request.data, request.split.numLots, request.split.hashColumn,
                            [&](double) { return !cancel.load(); });
    if (!lots)
        return std::unexpected(lots.error());
    const SplitRows rows = assignRows(*lots, request.split);
    if (!request.modelPath.empty()) {
        auto model = Model::load(request.modelPath);
        if (!model)
            return std::unexpected(model.error());
        auto evaluation = evaluateModel(*model, request.data->selectRows(rows.testing));
        if (!evaluation)
            return std::unexpected(evaluation.error());
        return confusionSeries(*evaluation);
    }
    const Dataset training = request.data->selectRows(rows.training);
    const Dataset validation = request.data->selectRows(rows.validation);
    TrainParams params = trialTrainParams(request.spec, request.values, request.seed);
    params.threads = 1;  // leave the other cores to the GUI and any running job
    auto outcome =
        trainModel(training, params, nullptr, [&](const EpochReport &) { return !cancel.load(); });
    if (!outcome)
        return std::unexpected(outcome.error());
    auto evaluation = evaluateModel(outcome->model, validation);
    if (!evaluation)
        return std::unexpected(evaluation.error());
    return confusionSeries(*evaluation);
}

}  // namespace covertype::ui
