// Internal to the tuning-spec files: the enums' API names, numbers as text, YAML scalar types.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tuning/tuningspec.h"

namespace covertype::detail {

/// An enum value and its name in the API.
template <class E>
struct EnumName
{
    E value;
    const char *name;
};

inline constexpr EnumName<Goal> kGoals[] = {{Goal::Maximize, "MAXIMIZE"},
                                            {Goal::Minimize, "MINIMIZE"}};
inline constexpr EnumName<ParameterType> kTypes[] = {{ParameterType::Double, "DOUBLE"},
                                                     {ParameterType::Integer, "INTEGER"},
                                                     {ParameterType::Categorical, "CATEGORICAL"},
                                                     {ParameterType::Discrete, "DISCRETE"}};
// NONE is the ml/v1 spelling, SCALE_TYPE_UNSPECIFIED the Vertex one; both read as None.
inline constexpr EnumName<ScaleType> kScales[] = {
    {ScaleType::None, "NONE"},
    {ScaleType::None, "SCALE_TYPE_UNSPECIFIED"},
    {ScaleType::UnitLinear, "UNIT_LINEAR_SCALE"},
    {ScaleType::UnitLog, "UNIT_LOG_SCALE"},
    {ScaleType::UnitReverseLog, "UNIT_REVERSE_LOG_SCALE"}};
inline constexpr EnumName<SearchAlgorithm> kAlgorithms[] = {
    {SearchAlgorithm::Unspecified, "ALGORITHM_UNSPECIFIED"},
    {SearchAlgorithm::GridSearch, "GRID_SEARCH"},
    {SearchAlgorithm::RandomSearch, "RANDOM_SEARCH"}};
inline constexpr EnumName<MeasurementSelection> kSelections[] = {
    {MeasurementSelection::Unspecified, "MEASUREMENT_SELECTION_TYPE_UNSPECIFIED"},
    {MeasurementSelection::Last, "LAST_MEASUREMENT"},
    {MeasurementSelection::Best, "BEST_MEASUREMENT"}};

/// The API name of `value` ("?" when the table lacks it).
template <class E, size_t N>
const char *nameOf(const EnumName<E> (&table)[N], E value)
{
    for (const auto &entry : table)
        if (entry.value == value)
            return entry.name;
    return "?";
}

/// Finite, whole and below 2^53 in magnitude, so int64_t(v) is exact.
bool isWhole(double v);

/// A number as a user wrote it: whole numbers without ".0" (500), others as Python prints them
/// (0.0001, 1e-05), so the text reads back as the same double in YAML, JSON and Python.
std::string numberText(double v);

/// The YAML 1.2 core-schema type of a value.
enum class Kind { Null, Bool, Int, Float, String, List, Map };

/// The type YAML 1.2 gives a plain (unquoted) scalar with this text.
Kind plainKind(std::string_view s);

/// DOUBLE and INTEGER: the types with minValue and maxValue.
bool isNumeric(ParameterType t);

}  // namespace covertype::detail
