// The course's lab schema: column names, roles and the UCI code tables.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype::lab {

inline constexpr std::array<std::string_view, 10> kNumericColumns = {
    "Elevation",
    "Aspect",
    "Slope",
    "Horizontal_Distance_To_Hydrology",
    "Vertical_Distance_To_Hydrology",
    "Horizontal_Distance_To_Roadways",
    "Hillshade_9am",
    "Hillshade_Noon",
    "Hillshade_3pm",
    "Horizontal_Distance_To_Fire_Points",
};
inline constexpr std::array<std::string_view, 2> kCategoricalColumns = {"Wilderness_Area",
                                                                        "Soil_Type"};
inline constexpr std::string_view kLabelColumn = "Cover_Type";
/// The 12 feature columns in table order (numeric, then categorical), as prediction instances use.
inline constexpr std::array<std::string_view, 12> kFeatureColumns = {
    kNumericColumns[0], kNumericColumns[1], kNumericColumns[2],     kNumericColumns[3],
    kNumericColumns[4], kNumericColumns[5], kNumericColumns[6],     kNumericColumns[7],
    kNumericColumns[8], kNumericColumns[9], kCategoricalColumns[0], kCategoricalColumns[1],
};
inline constexpr int kMinCoverType = 1;
inline constexpr int kMaxCoverType = 7;
/// English names of Cover_Type 1..7 at index k-1 (UCI covtype.info). The UI shows them through
/// its translations (context "CoverType").
inline constexpr std::array<std::string_view, 7> kCoverTypeNames = {
    "Spruce/Fir", "Lodgepole Pine", "Ponderosa Pine", "Cottonwood/Willow",
    "Aspen",      "Douglas-fir",    "Krummholz",
};

/// Wilderness areas in UCI one-hot order, with the course table's spellings.
inline constexpr std::array<std::string_view, 4> kWildernessAreas = {"Rawah", "Neota", "Commanche",
                                                                     "Cache"};
/// ELU code of UCI soil type k (1..40) at index k-1; the table writes it "C" + code.
inline constexpr std::array<int, 40> kSoilEluCodes = {
    2702, 2703, 2704, 2705, 2706, 2717, 3501, 3502, 4201, 4703, 4704, 4744, 4758, 5101,
    5151, 6101, 6102, 6731, 7101, 7102, 7103, 7201, 7202, 7700, 7701, 7702, 7709, 7710,
    7745, 7746, 7755, 7756, 7757, 7790, 8703, 8707, 8708, 8771, 8772, 8776,
};

/// Name of a Cover_Type value: "Spruce/Fir" for 1 ... "Krummholz" for 7, "Cover type <n>"
/// outside 1..7.
[[nodiscard]] std::string coverTypeName(int64_t label);

/// The unit of a lab column's values ("m" for distances and Elevation, "°" for Aspect and Slope),
/// or empty when it has none (Hillshade indices 0-255, categorical columns, Cover_Type).
[[nodiscard]] std::string_view columnUnit(std::string_view column);

/// The 13 lab columns with the types BigQuery gives the course table.
std::vector<Field> labSchema();

/// Checks that `data` has the 12 feature columns (any order, extra columns allowed), numeric
/// columns typed INT64/FLOAT64, and, when present, Cover_Type integral in 1..7 without NULLs.
/// `requireLabel` makes a missing Cover_Type an error (ErrorCode::MissingLabel) naming the task.
[[nodiscard]] Expected<void> validate(const Dataset &data, bool requireLabel,
                                      std::string_view task = {});

}  // namespace covertype::lab
