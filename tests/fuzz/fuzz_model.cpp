// libFuzzer harness of model.json loading (what Model::load does after reading the file): a model
// that loads saves and reloads to the same document, and predicts real rows with labels it knows
// and probabilities that are numbers summing to 1.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "fuzzsupport.h"

using namespace covertype;
using namespace covertype::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(bytesText(data, size));
    } catch (const nlohmann::json::exception &) {
        return 0;  // Model::load: "not valid JSON"
    }
    const auto model = Model::fromJson(document, "fuzz-model.json");
    if (!model)
        return 0;

    const nlohmann::json saved = model->toJson();
    const auto reloaded = Model::fromJson(saved, "saved-model.json");
    COVERTYPE_FUZZ_REQUIRE(reloaded.has_value(), reloaded.error().message + "\n" + saved.dump());
    COVERTYPE_FUZZ_REQUIRE(reloaded->toJson() == saved, saved.dump());

    const Dataset &rows = smallTable();
    const auto labels = model->predict(rows);
    const auto probabilities = model->predictProbabilities(rows);
    COVERTYPE_FUZZ_REQUIRE(labels.has_value() == probabilities.has_value(), saved.dump());
    if (!labels)
        return 0;
    const auto &classes = model->classes();
    COVERTYPE_FUZZ_REQUIRE(labels->size() == rows.rowCount(), saved.dump());
    for (int64_t label : *labels)
        COVERTYPE_FUZZ_REQUIRE(std::ranges::find(classes, label) != classes.end(), saved.dump());
    COVERTYPE_FUZZ_REQUIRE(size_t(probabilities->rows()) == rows.rowCount() &&
                               size_t(probabilities->cols()) == classes.size(),
                           saved.dump());
    for (Eigen::Index r = 0; r < probabilities->rows(); ++r) {
        double sum = 0;
        for (Eigen::Index k = 0; k < probabilities->cols(); ++k) {
            const double p = (*probabilities)(r, k);
            COVERTYPE_FUZZ_REQUIRE(std::isfinite(p) && p >= 0 && p <= 1,
                                   cat("row ", r, " class ", k, ": ", p, "\n", saved.dump()));
            sum += p;
        }
        COVERTYPE_FUZZ_REQUIRE(std::abs(sum - 1) < 1e-9, cat("row ", r, ": sum ", sum));
    }
    return 0;
}
