// libFuzzer harness of the CSV loader (parseCsv): every input is read as the course table and as
// any table, which must agree, and once more by the parallel reader, which must agree too.
#include <algorithm>
#include <limits>
#include <optional>

#include "data/csvloader.h"
#include "data/labschema.h"
#include "fuzzsupport.h"

using namespace covertype;
using namespace covertype::fuzz;

namespace {

LoadOptions options(bool labSchema, bool parallel)
{
    LoadOptions o;
    o.labSchema = labSchema;
    // Three threads cut even a small body in three chunks, so the chunk seams get exercised.
    o.threads = parallel ? 3 : 1;
    o.parallelMinBytes = parallel ? 0 : std::numeric_limits<size_t>::max();
    return o;
}

/// The course table is a table first: its checks only refuse, never re-type, except that a
/// numeric lab column with every cell empty is INT64 there (its lab type) and STRING in any table.
bool sameAsAnyTable(const Dataset &labTable, const Dataset &anyTable)
{
    if (labTable.rowCount() != anyTable.rowCount() ||
        labTable.columnCount() != anyTable.columnCount())
        return false;
    for (size_t i = 0; i < labTable.columnCount(); ++i) {
        const Column &x = labTable.column(i);
        const Column &y = anyTable.column(i);
        const bool numeric =
            std::ranges::find(lab::kNumericColumns, x.name) != lab::kNumericColumns.end();
        if (numeric && y.type == ColumnType::String && y.dictionary.empty()) {
            if (x.type != ColumnType::Int64 || x.name != y.name)
                return false;
            for (size_t r = 0; r < x.size(); ++r)
                if (!x.isNull(r))
                    return false;
        } else if (!sameColumn(x, y)) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text = bytesText(data, size);
    std::optional<Dataset> any;  // the rows read as any table
    // Starting threads is most of the cost, so the parallel reader is compared on one of the two
    // readings, chosen by the input's length (a finding replays the same way).
    const bool parallelLab = size % 2 == 1;
    for (const bool labSchema : {false, true}) {
        const auto serial = parseCsv(text, "fuzz.csv", options(labSchema, false));
        if (labSchema == parallelLab) {
            const auto parallel = parseCsv(text, "fuzz.csv", options(labSchema, true));
            // "Results are identical" (LoadOptions::parallelMinBytes), errors included.
            COVERTYPE_FUZZ_REQUIRE(serial.has_value() == parallel.has_value(),
                                   serial ? parallel.error().message : serial.error().message);
            if (serial)
                COVERTYPE_FUZZ_REQUIRE(
                    sameDataset(*serial, *parallel),
                    "sequential:\n" + dump(*serial) + "parallel:\n" + dump(*parallel));
            else
                COVERTYPE_FUZZ_REQUIRE(serial.error().message == parallel.error().message,
                                       serial.error().message + "\n" + parallel.error().message);
        }
        if (!serial)
            continue;
        checkDataset(*serial);
        COVERTYPE_FUZZ_REQUIRE(serial->rowCount() > 0, "no rows but no error");
        if (!labSchema) {
            checkCsvRoundTrip(*serial);
            any = *serial;
            continue;
        }
        const auto checked = lab::validate(*serial, false);
        COVERTYPE_FUZZ_REQUIRE(checked.has_value(), checked.error().message);
        COVERTYPE_FUZZ_REQUIRE(any.has_value() && sameAsAnyTable(*serial, *any),
                               "course table:\n" + dump(*serial) + "any table:\n" +
                                   (any ? dump(*any) : std::string("an error")));
    }
    return 0;
}
