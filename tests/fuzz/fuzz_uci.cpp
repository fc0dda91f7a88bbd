// libFuzzer harness of the UCI covtype.data reader (parseUciCovtype): what it returns is the lab
// table with valid labels, areas and soils, and survives a CSV export and reload.
#include <algorithm>

#include "data/labschema.h"
#include "data/ucicovtype.h"
#include "fuzzsupport.h"

using namespace covertype;
using namespace covertype::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text = bytesText(data, size);
    (void)looksLikeUciCovtype(text.substr(0, text.find('\n')));
    const auto parsed = parseUciCovtype(text, "fuzz.data");
    if (!parsed)
        return 0;
    checkDataset(*parsed);
    COVERTYPE_FUZZ_REQUIRE(parsed->schema() == lab::labSchema(), "not the lab schema");
    COVERTYPE_FUZZ_REQUIRE(parsed->rowCount() > 0, "no rows but no error");
    const auto checked = lab::validate(*parsed, true);
    COVERTYPE_FUZZ_REQUIRE(checked.has_value(), checked.error().message);
    for (const Column &c : parsed->columns()) {
        COVERTYPE_FUZZ_REQUIRE(!c.hasNulls(), c.name);
        for (const std::string &value : c.dictionary) {
            const bool known =
                c.name == "Wilderness_Area"
                    ? std::ranges::find(lab::kWildernessAreas, value) != lab::kWildernessAreas.end()
                    : std::ranges::any_of(lab::kSoilEluCodes, [&](int code) {
                          return value == "C" + std::to_string(code);
                      });
            COVERTYPE_FUZZ_REQUIRE(known, value);
        }
    }
    checkCsvRoundTrip(*parsed);
    return 0;
}
