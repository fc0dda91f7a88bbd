// Invariants shared by the libFuzzer harnesses, and the small real model the predict harness uses.
#include "fuzzsupport.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

#include "base/text.h"
#include "data/csvloader.h"
#include "data/csvwriter.h"
#include "training/trainer.h"

namespace covertype::fuzz {

namespace {

/// The first 6 rows of each Cover_Type in covertype_75k.csv (../shared/data/covertype).
constexpr std::string_view kSmallTable =
    "Elevation,Aspect,Slope,Horizontal_Distance_To_Hydrology,Vertical_Distance_To_Hydrology,"
    "Horizontal_Distance_To_Roadways,Hillshade_9am,Hillshade_Noon,Hillshade_3pm,"
    "Horizontal_Distance_To_Fire_Points,Wilderness_Area,Soil_Type,Cover_Type\n"
    "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
    "2998,9,6,30,0,1819,214,228,152,1550,Rawah,C7745,1\n"
    "2070,37,30,335,221,313,203,160,74,871,Cache,C2706,6\n"
    "2325,28,12,0,0,1260,215,213,133,162,Cache,C2717,4\n"
    "3318,96,12,95,-5,1224,239,222,111,1411,Neota,C8771,7\n"
    "3225,270,3,360,1,6068,212,240,166,1114,Rawah,C7201,1\n"
    "3068,61,21,60,-12,641,232,193,84,1532,Rawah,C7745,1\n"
    "3094,356,9,60,9,4377,205,224,156,3387,Rawah,C7201,1\n"
    "2669,169,11,120,17,3578,228,245,147,2596,Commanche,C4704,2\n"
    "3289,30,10,698,213,655,217,218,136,973,Rawah,C7201,1\n"
    "3045,43,11,30,1,3043,222,216,127,1266,Rawah,C7202,2\n"
    "3171,217,9,592,63,5449,210,249,175,1201,Rawah,C7745,2\n"
    "2829,352,14,162,2,680,195,216,158,1154,Commanche,C7757,2\n"
    "3302,1,9,331,79,3062,207,223,153,3270,Commanche,C7700,2\n"
    "3064,110,13,228,3,3684,242,226,111,212,Rawah,C7745,2\n"
    "2829,209,8,759,57,2195,214,248,169,1710,Commanche,C6102,5\n"
    "2349,67,13,0,0,902,233,213,110,1476,Cache,C2706,4\n"
    "2079,294,36,234,185,258,98,205,234,324,Cache,C4703,3\n"
    "3360,80,7,497,38,994,229,228,133,2465,Commanche,C7756,7\n"
    "3371,1,18,470,184,4189,191,203,147,3756,Commanche,C8776,7\n"
    "3313,331,6,690,43,3720,205,232,166,902,Commanche,C7790,7\n"
    "2314,306,26,42,5,1283,140,215,211,967,Cache,C4703,3\n"
    "2596,196,26,150,-7,1790,204,251,167,1536,Commanche,C2703,3\n"
    "2701,334,30,228,90,1805,140,186,177,2571,Commanche,C4703,6\n"
    "2571,196,27,120,43,1077,202,250,167,1358,Commanche,C2705,3\n"
    "2875,233,5,60,3,1699,212,244,169,2148,Commanche,C7756,5\n"
    "2823,69,16,309,151,1222,235,207,99,771,Commanche,C4758,5\n"
    "2388,354,9,60,6,170,206,225,158,323,Commanche,C4703,6\n"
    "2302,309,31,124,10,1195,121,202,213,1044,Cache,C4703,3\n"
    "3404,323,24,361,79,3610,152,207,191,3723,Rawah,C8772,7\n"
    "2182,314,29,42,17,1358,131,203,205,618,Cache,C4703,6\n"
    "3436,143,19,150,29,4206,244,232,108,4235,Commanche,C7757,7\n"
    "2724,126,25,85,16,2769,252,214,74,2143,Rawah,C7745,5\n"
    "2309,118,13,42,18,1031,241,228,115,285,Cache,C2717,3\n"
    "2047,27,26,95,25,255,198,173,98,309,Cache,C4703,6\n"
    "2432,35,32,124,28,1110,198,152,68,977,Commanche,C4703,6\n"
    "2628,118,8,313,-11,858,234,233,130,674,Commanche,C2703,5\n"
    "2737,91,23,108,-36,180,248,198,67,2301,Rawah,C7746,5\n"
    "2348,103,24,300,151,830,252,201,64,1507,Cache,C2704,4\n"
    "2255,90,12,0,0,840,239,220,110,524,Cache,C4703,4\n"
    "2378,159,3,450,157,582,223,240,152,1744,Cache,C2717,4\n"
    "2360,99,26,300,135,541,252,193,53,1767,Cache,C2704,4\n";

/// What `spec` becomes after writing it in `form` and reading it back: the fields the form does
/// not carry take their defaults (docs/tuning-config.md, "Field mapping").
TuningSpec carriedBy(TuningSpec spec, TuningFormat form)
{
    if (form == TuningFormat::VertexJson) {
        spec.resumePreviousJobId.clear();
        if (spec.stopping == StoppingSpec::None && spec.enableTrialEarlyStopping)
            spec.stopping = StoppingSpec::Median;
        spec.enableTrialEarlyStopping = spec.stopping != StoppingSpec::None;
    } else {
        spec.measurementSelection = MeasurementSelection::Unspecified;
        spec.enableTrialEarlyStopping =
            spec.enableTrialEarlyStopping || spec.stopping != StoppingSpec::None;
        spec.stopping = spec.enableTrialEarlyStopping ? StoppingSpec::Median : StoppingSpec::None;
    }
    return spec;
}

}  // namespace

void violated(const char *what, std::string_view detail)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n%.*s\n", what, int(detail.size()),
                 detail.data());
    std::abort();
}

void checkDataset(const Dataset &data)
{
    const size_t rows = data.rowCount();
    std::set<std::string> names;
    for (const Column &c : data.columns()) {
        COVERTYPE_FUZZ_REQUIRE(!c.name.empty(), "a column without a name");
        COVERTYPE_FUZZ_REQUIRE(names.insert(c.name).second, c.name);
        COVERTYPE_FUZZ_REQUIRE(c.size() == rows, c.name);
        COVERTYPE_FUZZ_REQUIRE(c.ints.size() == (c.type == ColumnType::Int64 ? rows : 0), c.name);
        COVERTYPE_FUZZ_REQUIRE(c.doubles.size() == (c.type == ColumnType::Float64 ? rows : 0),
                               c.name);
        COVERTYPE_FUZZ_REQUIRE(c.bools.size() == (c.type == ColumnType::Bool ? rows : 0), c.name);
        COVERTYPE_FUZZ_REQUIRE(c.codes.size() == (c.type == ColumnType::String ? rows : 0), c.name);
        COVERTYPE_FUZZ_REQUIRE(c.nulls.empty() || c.nulls.size() == rows, c.name);
        COVERTYPE_FUZZ_REQUIRE(c.type == ColumnType::String || c.dictionary.empty(), c.name);
        COVERTYPE_FUZZ_REQUIRE(
            std::set<std::string>(c.dictionary.begin(), c.dictionary.end()).size() ==
                c.dictionary.size(),
            c.name);
        size_t nextCode = 0;  // codes appear in order of first appearance
        for (size_t r = 0; r < rows; ++r) {
            if (!c.nulls.empty())
                COVERTYPE_FUZZ_REQUIRE(c.nulls[r] <= 1, c.name);
            const bool null = c.isNull(r);
            switch (c.type) {
                case ColumnType::Int64:
                    COVERTYPE_FUZZ_REQUIRE(!null || c.ints[r] == 0, c.name);
                    break;
                case ColumnType::Float64:
                    COVERTYPE_FUZZ_REQUIRE(!null || std::bit_cast<uint64_t>(c.doubles[r]) == 0,
                                           c.name);
                    break;
                case ColumnType::Bool:
                    COVERTYPE_FUZZ_REQUIRE(c.bools[r] <= 1 && (!null || c.bools[r] == 0), c.name);
                    break;
                case ColumnType::String:
                    if (null) {
                        COVERTYPE_FUZZ_REQUIRE(c.codes[r] == 0, c.name);
                    } else {
                        COVERTYPE_FUZZ_REQUIRE(c.codes[r] >= 0 && size_t(c.codes[r]) <= nextCode &&
                                                   size_t(c.codes[r]) < c.dictionary.size(),
                                               c.name);
                        if (size_t(c.codes[r]) == nextCode)
                            ++nextCode;
                    }
                    break;
            }
            (void)c.textAt(r);
        }
        if (c.type == ColumnType::String)
            COVERTYPE_FUZZ_REQUIRE(nextCode == c.dictionary.size(), c.name);
    }
    (void)data.fingerprint();
}

bool sameColumn(const Column &x, const Column &y)
{
    if (x.name != y.name || x.type != y.type || x.size() != y.size() ||
        x.hasNulls() != y.hasNulls() || x.dictionary != y.dictionary || x.ints != y.ints ||
        x.bools != y.bools || x.codes != y.codes || x.doubles.size() != y.doubles.size())
        return false;
    for (size_t r = 0; r < x.size(); ++r)
        if (x.isNull(r) != y.isNull(r) ||
            (x.type == ColumnType::Float64 &&
             std::bit_cast<uint64_t>(x.doubles[r]) != std::bit_cast<uint64_t>(y.doubles[r]) &&
             !(std::isnan(x.doubles[r]) && std::isnan(y.doubles[r]))))
            return false;
    return true;
}

bool sameDataset(const Dataset &a, const Dataset &b)
{
    if (a.rowCount() != b.rowCount() || a.columnCount() != b.columnCount())
        return false;
    for (size_t i = 0; i < a.columnCount(); ++i)
        if (!sameColumn(a.column(i), b.column(i)))
            return false;
    return true;
}

std::string dump(const Dataset &data)
{
    std::string out;
    for (const Column &c : data.columns()) {
        out += cat(c.name, ' ', columnTypeName(c.type), c.hasNulls() ? " nulls" : "");
        if (c.type == ColumnType::String) {
            out += " codes";
            for (int32_t code : c.codes)
                out += cat(' ', code);
            out += cat(" of ", c.dictionary.size());
        }
        out += "; ";
    }
    return cat(out, '\n', datasetToCsv(data));
}

void checkCsvRoundTrip(const Dataset &data)
{
    const std::string text = datasetToCsv(data);
    LoadOptions options;
    options.labSchema = false;
    options.schema = data.schema();
    const auto again = parseCsv(text, "round-trip.csv", options);
    COVERTYPE_FUZZ_REQUIRE(again.has_value(),
                           again ? text : cat(again.error().message, "\n", text));
    COVERTYPE_FUZZ_REQUIRE(again->fingerprint() == data.fingerprint(), text);
}

void checkTuningConfig(std::string_view text, TuningFormat form)
{
    TuningFormat detected;
    const auto spec = parseTuningSpec(text, "fuzz", detected);
    if (!spec)
        return;
    const bool valid = validateTuningSpec(*spec).has_value();
    (void)tuningSpecProblems(*spec, detected);
    std::vector<TuningFormat> forms{detected};
    if (form != detected)
        forms.push_back(form);
    for (const TuningFormat to : forms) {
        const std::string written = writeTuningSpec(*spec, to);
        TuningFormat detectedAgain;
        const auto again = parseTuningSpec(written, "written", detectedAgain);
        if (!valid)
            continue;  // the round trip is promised for valid specs only
        COVERTYPE_FUZZ_REQUIRE(again.has_value(),
                               cat(again ? "" : again.error().message, "\n", written));
        COVERTYPE_FUZZ_REQUIRE(validateTuningSpec(*again).has_value(), written);
        COVERTYPE_FUZZ_REQUIRE(*again == carriedBy(*spec, to),
                               cat(written, "\nwritten again:\n", writeTuningSpec(*again, to)));
    }
}

const Dataset &smallTable()
{
    static const Dataset table = [] {
        auto parsed = parseCsv(kSmallTable, "small-table.csv");
        if (!parsed)
            violated("the small table parses", parsed.error().message);
        return std::move(*parsed);
    }();
    return table;
}

const Model &smallModel()
{
    static const Model model = [] {
        TrainParams params;
        params.maxIter = 50;
        params.seed = 7;
        params.threads = 1;
        auto trained = trainModel(smallTable(), params);
        if (!trained)
            violated("the small model trains", trained.error().message);
        return std::move(trained->model);
    }();
    return model;
}

}  // namespace covertype::fuzz
