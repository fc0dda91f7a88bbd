// covertype evaluate: accuracy or macro recall of a model on labelled data.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "base/text.h"
#include "cliutil.h"
#include "commands.h"
#include "data/labschema.h"
#include "training/model.h"
#include "training/trainer.h"

namespace covertype::cli {

int runEvaluate(const Args &args)
{
    CommandLine cmd(
        "evaluate", "--model FILE --data FILE [--metric accuracy|recall] [--verbose]",
        "Scores a model on labelled data and prints {\"metric_name\": ..., "
        "\"metric_value\": ...}.\nrecall is the macro average over classes. --verbose "
        "adds the confusion matrix.",
        {{"model", "FILE", "model.json written by covertype train"},
         {"data", "FILE", "labelled CSV (needs Cover_Type)"},
         {"schema", "FILE", "BigQuery JSON schema for --data (else inferred)"},
         {"metric", "NAME", "accuracy (default) or recall"},
         {"verbose", "", "also print the confusion matrix (rows: true, columns: predicted)"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    const std::string metric = cmd.value("metric", "accuracy");
    if (metric != "accuracy" && metric != "recall")
        return reportError(
            {ErrorCode::Usage,
             cat("covertype evaluate: --metric must be accuracy or recall, got '", metric, "'")});
    auto modelPath = cmd.required("model");
    if (!modelPath)
        return reportError(modelPath.error());
    auto model = loadModelFile(*modelPath);
    if (!model)
        return reportError(model.error());
    auto data = loadDataOption(cmd);
    if (!data)
        return reportError(data.error());
    if (auto ok = lab::validate(*data, true, "evaluation"); !ok)
        return reportError(ok.error());
    auto eval = evaluateModel(*model, *data);
    if (!eval)
        return reportError(eval.error());

    const double value = metric == "accuracy" ? eval->accuracy : eval->macroRecall;
    std::printf("%s\n",
                nlohmann::json({{"metric_name", metric}, {"metric_value", value}}).dump().c_str());
    if (cmd.has("verbose")) {
        std::printf("\nConfusion matrix on %zu rows (rows: true Cover_Type, columns: predicted)\n",
                    eval->rows);
        std::printf("%6s", "");
        for (int64_t c : eval->classes)
            std::printf("%8lld", static_cast<long long>(c));
        std::printf("\n");
        for (size_t i = 0; i < eval->classes.size(); ++i) {
            std::printf("%6lld", static_cast<long long>(eval->classes[i]));
            for (int64_t n : eval->confusion[i])
                std::printf("%8lld", static_cast<long long>(n));
            std::printf("\n");
        }
        std::printf("\naccuracy %.6f  macro recall %.6f\n", eval->accuracy, eval->macroRecall);
    }
    return kExitOk;
}

}  // namespace covertype::cli
