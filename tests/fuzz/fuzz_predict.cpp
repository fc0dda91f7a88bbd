// libFuzzer harness of the predict request parser (parsePredictionRequest): the fast scanner and
// the JSON tree must read a body the same way, and a parsed request is answered by a small real
// model with the same text by both response writers.
#include <nlohmann/json.hpp>

#include "deploy/requestscanner.h"
#include "fuzzsupport.h"
#include "training/prediction.h"

using namespace covertype;
using namespace covertype::fuzz;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    (void)smallModel();  // trained once, before the clock starts
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view body = bytesText(data, size);
    const auto request = parsePredictionRequest(body);

    // The scanner "never accepts what the JSON tree would reject or read differently".
    Dataset scanned;
    bool scannedProbabilities = false;
    if (scanPredictionRequest(body, scanned, scannedProbabilities) == RequestScan::Ok) {
        const auto document = nlohmann::json::parse(body, nullptr, false);
        COVERTYPE_FUZZ_REQUIRE(!document.is_discarded(), "the scanner took malformed JSON");
        const auto tree = parsePredictionRequest(document);
        COVERTYPE_FUZZ_REQUIRE(tree.has_value(), tree.error().message);
        COVERTYPE_FUZZ_REQUIRE(sameDataset(scanned, tree->instances), "scanner and tree differ");
        COVERTYPE_FUZZ_REQUIRE(scannedProbabilities == tree->probabilities,
                               "scanner and tree differ on probabilities");
        COVERTYPE_FUZZ_REQUIRE(request.has_value(), request.error().message);
    }
    if (!request)
        return 0;
    checkDataset(request->instances);
    COVERTYPE_FUZZ_REQUIRE(request->instances.columnCount() == 12, "not the 12 feature columns");

    PredictionRequest asked = *request;
    for (const bool probabilities : {false, true}) {
        asked.probabilities = probabilities;
        const auto tree = predictionResponse(smallModel(), asked);
        const auto text = predictionResponseText(smallModel(), asked);
        COVERTYPE_FUZZ_REQUIRE(tree.has_value() == text.has_value(), "the writers disagree");
        if (!tree)
            continue;
        // predictionResponseText: "the same document as predictionResponse(...).dump()".
        COVERTYPE_FUZZ_REQUIRE(*text == tree->dump(), *text + "\n" + tree->dump());
        COVERTYPE_FUZZ_REQUIRE((*tree)["predictions"].size() == asked.instances.rowCount(), *text);
        COVERTYPE_FUZZ_REQUIRE(text->find("null") == std::string::npos, *text);
    }
    return 0;
}
