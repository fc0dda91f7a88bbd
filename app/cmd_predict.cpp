// covertype predict: Cover_Type for gcloud-style JSON instances.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cliutil.h"
#include "commands.h"
#include "instances.h"
#include "model.h"

namespace covertype::cli {

int runPredict(const Args &args)
{
    CommandLine cmd(
        "predict", "--model FILE --json-instances FILE [--probabilities]",
        "Predicts Cover_Type for each instance of a gcloud --json-instances file (one "
        "JSON instance per\nline: a list of the 12 feature values in table order, or an "
        "object keyed by column name)\nand prints {\"predictions\": [...]}.",
        {{"model", "FILE", "model.json written by covertype train"},
         {"json-instances", "FILE", "instances, one JSON value per line"},
         {"probabilities", "", "each prediction as {\"label\", \"probabilities\"}"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto modelPath = cmd.required("model");
    if (!modelPath)
        return reportError(modelPath.error());
    auto instancesPath = cmd.required("json_instances");
    if (!instancesPath)
        return reportError(instancesPath.error());
    auto model = Model::load(*modelPath);
    if (!model)
        return reportError(model.error());
    auto instances = readJsonInstancesFile(*instancesPath);
    if (!instances)
        return reportError(instances.error());

    nlohmann::json predictions = nlohmann::json::array();
    if (cmd.has("probabilities")) {
        auto probs = model->predictProbabilities(*instances);
        if (!probs)
            return reportError(probs.error());
        auto labels = model->predict(*instances);
        if (!labels)
            return reportError(labels.error());
        const auto &classes = model->classes();
        for (size_t i = 0; i < labels->size(); ++i) {
            nlohmann::json p = nlohmann::json::object();
            for (size_t k = 0; k < classes.size(); ++k)
                p[std::to_string(classes[k])] = (*probs)(Eigen::Index(i), Eigen::Index(k));
            predictions.push_back({{"label", (*labels)[i]}, {"probabilities", p}});
        }
    } else {
        auto labels = model->predict(*instances);
        if (!labels)
            return reportError(labels.error());
        for (int64_t label : *labels)
            predictions.push_back(label);
    }
    std::printf("%s\n", nlohmann::json({{"predictions", predictions}}).dump().c_str());
    return kExitOk;
}

}  // namespace covertype::cli
