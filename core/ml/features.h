// Fitted preprocessing (StandardScaler + OneHotEncoder) and the compact feature matrix it produces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype::ml {

/// A cell of a numeric feature the trainer cannot use: NULL, NaN or infinite.
struct UnusableCell
{
    size_t row = 0;  ///< data row, 0-based
    std::string column;
    std::string what;  ///< "is NULL", "holds NaN", "holds inf"
};
/// The first such cell of the course's numeric features, scanning rows in order; none when every
/// cell is usable. Columns that are missing or not numeric are left to the trainer's checks.
[[nodiscard]] std::optional<UnusableCell> firstUnusableFeatureCell(const Dataset &data);

/// Rows encoded for a linear model without materialising the one-hot columns.
/// The expanded matrix has `featureCount` columns: the standardised numeric features
/// [0, numericCount), then the categories of categorical column 0, of column 1, ...
/// Each row has exactly one active (value 1.0) expanded column per categorical column, or none
/// when the category was not seen at fit time (sklearn's handle_unknown='ignore').
struct FeatureMatrix
{
    size_t rows = 0;
    size_t numericCount = 0;
    size_t categoricalCount = 0;
    size_t featureCount = 0;
    ColumnVector<double> numeric;  ///< rows x numericCount, row-major, standardised
    ColumnVector<int32_t> active;  ///< rows x categoricalCount: expanded column index, -1 = unseen

    [[nodiscard]] const double *numericRow(size_t row) const
    {
        return numeric.data() + row * numericCount;
    }
    [[nodiscard]] const int32_t *activeRow(size_t row) const
    {
        return active.data() + row * categoricalCount;
    }
    /// Share of non-zeros in the expanded matrix, counting the numeric block as dense the way
    /// sklearn's ColumnTransformer does when it decides on sparse output (0 for an empty matrix).
    [[nodiscard]] double density() const;
};

/// StandardScaler parameters of one numeric column: x' = (x - mean) / scale.
struct NumericScaling
{
    std::string column;
    double mean = 0.0;
    double scale = 1.0;  ///< population std (ddof=0); 1 for a constant column
    bool operator==(const NumericScaling &) const = default;
};

/// OneHotEncoder vocabulary of one categorical column, categories as text (Column::textAt form),
/// sorted: numerically for an INT64 column, byte-wise otherwise (as sklearn sorts them).
struct CategoricalEncoding
{
    std::string column;
    std::vector<std::string> categories;
    bool operator==(const CategoricalEncoding &) const = default;
};

/// The fitted ColumnTransformer: numeric columns standardised, categorical columns one-hot encoded.
class Preprocessor
{
public:
    Preprocessor() = default;

    /// Learns means, scales and vocabularies from `data`. Numeric columns must be INT64 or FLOAT64
    /// without NULL or non-finite values; categorical columns may be of any type (NULL cells are
    /// not a category). Errors name the column (ErrorCode::Schema).
    [[nodiscard]] static Expected<Preprocessor> fit(
        const Dataset &data, std::span<const std::string_view> numericColumns,
        std::span<const std::string_view> categoricalColumns);

    /// Rebuilds a fitted preprocessor (e.g. from a saved model). Rejects non-finite means,
    /// scales <= 0, and duplicate categories or column names (ErrorCode::Corrupt).
    [[nodiscard]] static Expected<Preprocessor> fromParts(
        std::vector<NumericScaling> numeric, std::vector<CategoricalEncoding> categorical);

    /// Encodes `data`, finding the columns by name (extra columns are ignored). Unseen categories
    /// and NULL categorical cells encode as all zeros; a missing column, a non-numeric numeric
    /// column or a NULL / non-finite numeric cell is an ErrorCode::Schema error.
    [[nodiscard]] Expected<FeatureMatrix> transform(const Dataset &data) const;

    [[nodiscard]] const std::vector<NumericScaling> &numeric() const { return m_numeric; }
    [[nodiscard]] const std::vector<CategoricalEncoding> &categorical() const
    {
        return m_categorical;
    }
    /// Width of the expanded matrix.
    [[nodiscard]] size_t featureCount() const;
    /// Expanded column names as sklearn's get_feature_names_out gives them for the course's
    /// ColumnTransformer: "num__<column>" and "cat__<column>_<category>".
    [[nodiscard]] std::vector<std::string> featureNames() const;

    bool operator==(const Preprocessor &) const = default;

private:
    std::vector<NumericScaling> m_numeric;
    std::vector<CategoricalEncoding> m_categorical;
};

}  // namespace covertype::ml
