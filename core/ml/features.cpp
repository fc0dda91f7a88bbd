// StandardScaler / OneHotEncoder fit and the encoding of a Dataset into a FeatureMatrix.
#include "ml/features.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "data/labschema.h"

namespace covertype::ml {

namespace {

std::string describeSource(const Dataset &data)
{
    return data.source().empty() ? std::string("the data") : data.source();
}

Expected<const Column *> requireColumn(const Dataset &data, std::string_view name)
{
    const Column *column = data.find(name);
    if (column == nullptr)
        return fail(ErrorCode::Schema, describeSource(data) + ": column '" + std::string(name) +
                                           "' is missing; the model needs it as a feature");
    return column;
}

Expected<const Column *> requireNumericColumn(const Dataset &data, std::string_view name)
{
    auto column = requireColumn(data, name);
    if (!column)
        return column;
    const ColumnType type = (*column)->type;
    if (type != ColumnType::Int64 && type != ColumnType::Float64)
        return fail(ErrorCode::Schema, describeSource(data) + ": column '" + std::string(name) +
                                           "' is " + std::string(columnTypeName(type)) +
                                           "; a numeric feature must be INT64 or FLOAT64");
    return column;
}

/// Value of a numeric cell, or an error naming the row when it is NULL or not finite.
Expected<double> numericCell(const Dataset &data, const Column &column, size_t row)
{
    if (column.isNull(row))
        return fail(ErrorCode::Schema, describeSource(data) + ": column '" + column.name +
                                           "' is NULL in data row " + std::to_string(row + 1) +
                                           "; a numeric feature needs a value");
    const double value =
        column.type == ColumnType::Int64 ? double(column.ints[row]) : column.doubles[row];
    if (!std::isfinite(value))
        return fail(ErrorCode::Schema, describeSource(data) + ": column '" + column.name +
                                           "' holds " + Column::formatDouble(value) +
                                           " in data row " + std::to_string(row + 1) +
                                           "; a numeric feature must be finite");
    return value;
}

/// sklearn's _is_constant_feature: the variance is indistinguishable from rounding noise.
bool isConstant(double var, double mean, double n)
{
    const double eps = std::numeric_limits<double>::epsilon();
    const double bound = n * eps * var + (n * mean * eps) * (n * mean * eps);
    return var <= bound;
}

Expected<NumericScaling> fitNumeric(const Dataset &data, std::string_view name)
{
    auto column = requireNumericColumn(data, name);
    if (!column)
        return std::unexpected(column.error());
    const Column &col = **column;
    const size_t n = data.rowCount();
    NumericScaling scaling{std::string(name), 0.0, 1.0};
    if (n == 0)
        return scaling;
    double sum = 0.0;
    for (size_t r = 0; r < n; ++r) {
        auto value = numericCell(data, col, r);
        if (!value)
            return std::unexpected(value.error());
        sum += *value;
    }
    const double mean = sum / double(n);
    // Two-pass variance with sklearn's correction term for the rounding of the mean.
    double squares = 0.0;
    double correction = 0.0;
    for (size_t r = 0; r < n; ++r) {
        const double d =
            (col.type == ColumnType::Int64 ? double(col.ints[r]) : col.doubles[r]) - mean;
        squares += d * d;
        correction += d;
    }
    const double var = std::max(0.0, (squares - correction * correction / double(n)) / double(n));
    scaling.mean = mean;
    scaling.scale = isConstant(var, mean, double(n)) ? 1.0 : std::sqrt(var);
    return scaling;
}

CategoricalEncoding fitCategorical(const Column &col, size_t rows)
{
    CategoricalEncoding enc{col.name, {}};
    auto valid = [&](size_t r) { return !col.isNull(r); };
    switch (col.type) {
        case ColumnType::String: {
            std::vector<uint8_t> used(col.dictionary.size(), 0);
            for (size_t r = 0; r < rows; ++r)
                if (valid(r))
                    used[size_t(col.codes[r])] = 1;
            for (size_t i = 0; i < used.size(); ++i)
                if (used[i])
                    enc.categories.push_back(col.dictionary[i]);
            std::ranges::sort(enc.categories);
            enc.categories.erase(std::unique(enc.categories.begin(), enc.categories.end()),
                                 enc.categories.end());
            break;
        }
        case ColumnType::Int64: {
            std::unordered_set<int64_t> seen;
            for (size_t r = 0; r < rows; ++r)
                if (valid(r))
                    seen.insert(col.ints[r]);
            std::vector<int64_t> values(seen.begin(), seen.end());
            std::ranges::sort(values);
            for (int64_t v : values)
                enc.categories.push_back(std::to_string(v));
            break;
        }
        case ColumnType::Float64: {
            std::vector<double> values;
            for (size_t r = 0; r < rows; ++r)
                if (valid(r))
                    values.push_back(col.doubles[r]);
            std::ranges::sort(values);
            std::vector<std::string> texts;
            for (double v : values) {
                std::string text = Column::formatDouble(v);
                if (texts.empty() || texts.back() != text)
                    texts.push_back(std::move(text));
            }
            enc.categories = std::move(texts);
            break;
        }
        case ColumnType::Bool: {
            bool seen[2] = {false, false};
            for (size_t r = 0; r < rows; ++r)
                if (valid(r))
                    seen[col.bools[r] ? 1 : 0] = true;
            if (seen[0])
                enc.categories.emplace_back("false");
            if (seen[1])
                enc.categories.emplace_back("true");
            break;
        }
    }
    return enc;
}

/// Writes the expanded column index of each row's category (or -1) into `out` with `stride`.
void encodeCategorical(const Column &col, size_t rows, const CategoricalEncoding &enc,
                       int32_t offset, int32_t *out, size_t stride)
{
    std::unordered_map<std::string_view, int32_t> vocabulary;
    vocabulary.reserve(enc.categories.size());
    for (size_t i = 0; i < enc.categories.size(); ++i)
        vocabulary.emplace(enc.categories[i], offset + int32_t(i));
    auto lookup = [&](std::string_view text) {
        const auto it = vocabulary.find(text);
        return it == vocabulary.end() ? int32_t(-1) : it->second;
    };

    if (col.type == ColumnType::String) {
        std::vector<int32_t> byCode(col.dictionary.size());
        for (size_t i = 0; i < col.dictionary.size(); ++i)
            byCode[i] = lookup(col.dictionary[i]);
        for (size_t r = 0; r < rows; ++r)
            out[r * stride] = col.isNull(r) ? -1 : byCode[size_t(col.codes[r])];
        return;
    }
    if (col.type == ColumnType::Int64) {
        std::unordered_map<int64_t, int32_t> cache;
        for (size_t r = 0; r < rows; ++r) {
            if (col.isNull(r)) {
                out[r * stride] = -1;
                continue;
            }
            const int64_t v = col.ints[r];
            auto it = cache.find(v);
            if (it == cache.end())
                it = cache.emplace(v, lookup(std::to_string(v))).first;
            out[r * stride] = it->second;
        }
        return;
    }
    // FLOAT64 and BOOL categoricals are rare: text per cell is fast enough.
    for (size_t r = 0; r < rows; ++r)
        out[r * stride] = col.isNull(r) ? -1 : lookup(col.textAt(r));
}

}  // namespace

double FeatureMatrix::density() const
{
    if (rows == 0 || featureCount == 0)
        return 0.0;
    size_t nonZeros = rows * numericCount;
    for (int32_t index : active)
        nonZeros += index >= 0 ? 1 : 0;
    return double(nonZeros) / (double(rows) * double(featureCount));
}

Expected<Preprocessor> Preprocessor::fit(const Dataset &data,
                                         std::span<const std::string_view> numericColumns,
                                         std::span<const std::string_view> categoricalColumns)
{
    Preprocessor pre;
    for (std::string_view name : numericColumns) {
        auto scaling = fitNumeric(data, name);
        if (!scaling)
            return std::unexpected(scaling.error());
        pre.m_numeric.push_back(std::move(*scaling));
    }
    for (std::string_view name : categoricalColumns) {
        auto column = requireColumn(data, name);
        if (!column)
            return std::unexpected(column.error());
        pre.m_categorical.push_back(fitCategorical(**column, data.rowCount()));
    }
    return pre;
}

Expected<Preprocessor> Preprocessor::fromParts(std::vector<NumericScaling> numeric,
                                               std::vector<CategoricalEncoding> categorical)
{
    std::unordered_set<std::string> names;
    for (const NumericScaling &s : numeric) {
        if (!names.insert(s.column).second)
            return fail(ErrorCode::Corrupt, "column '" + s.column + "' appears twice");
        if (!std::isfinite(s.mean))
            return fail(ErrorCode::Corrupt, "mean of column '" + s.column + "' is not finite");
        if (!std::isfinite(s.scale) || s.scale <= 0.0)
            return fail(ErrorCode::Corrupt,
                        "scale of column '" + s.column + "' must be a finite number > 0");
    }
    for (const CategoricalEncoding &c : categorical) {
        if (!names.insert(c.column).second)
            return fail(ErrorCode::Corrupt, "column '" + c.column + "' appears twice");
        std::unordered_set<std::string_view> seen;
        for (const std::string &category : c.categories)
            if (!seen.insert(category).second)
                return fail(ErrorCode::Corrupt, "category '" + category + "' of column '" +
                                                    c.column + "' appears twice");
    }
    const size_t width = numeric.size() + [&] {
        size_t n = 0;
        for (const CategoricalEncoding &c : categorical)
            n += c.categories.size();
        return n;
    }();
    if (width > size_t(std::numeric_limits<int32_t>::max()))
        return fail(ErrorCode::Corrupt, "too many features");
    Preprocessor pre;
    pre.m_numeric = std::move(numeric);
    pre.m_categorical = std::move(categorical);
    return pre;
}

Expected<FeatureMatrix> Preprocessor::transform(const Dataset &data) const
{
    FeatureMatrix x;
    x.rows = data.rowCount();
    x.numericCount = m_numeric.size();
    x.categoricalCount = m_categorical.size();
    x.featureCount = featureCount();
    x.numeric.resize(x.rows * x.numericCount);
    x.active.resize(x.rows * x.categoricalCount);

    for (size_t j = 0; j < m_numeric.size(); ++j) {
        const NumericScaling &s = m_numeric[j];
        auto column = requireNumericColumn(data, s.column);
        if (!column)
            return std::unexpected(column.error());
        const Column &col = **column;
        for (size_t r = 0; r < x.rows; ++r) {
            auto value = numericCell(data, col, r);
            if (!value)
                return std::unexpected(value.error());
            x.numeric[r * x.numericCount + j] = (*value - s.mean) / s.scale;
        }
    }
    int32_t offset = int32_t(m_numeric.size());
    for (size_t c = 0; c < m_categorical.size(); ++c) {
        const CategoricalEncoding &enc = m_categorical[c];
        auto column = requireColumn(data, enc.column);
        if (!column)
            return std::unexpected(column.error());
        encodeCategorical(**column, x.rows, enc, offset, x.active.data() + c, x.categoricalCount);
        offset += int32_t(enc.categories.size());
    }
    return x;
}

size_t Preprocessor::featureCount() const
{
    size_t n = m_numeric.size();
    for (const CategoricalEncoding &c : m_categorical)
        n += c.categories.size();
    return n;
}

std::vector<std::string> Preprocessor::featureNames() const
{
    std::vector<std::string> names;
    names.reserve(featureCount());
    for (const NumericScaling &s : m_numeric)
        names.push_back("num__" + s.column);
    for (const CategoricalEncoding &c : m_categorical)
        for (const std::string &category : c.categories)
            names.push_back("cat__" + c.column + "_" + category);
    return names;
}

std::optional<UnusableCell> firstUnusableFeatureCell(const Dataset &data)
{
    std::optional<UnusableCell> first;
    for (std::string_view name : lab::kNumericColumns) {
        const Column *column = data.find(name);
        if (!column || (column->type != ColumnType::Int64 && column->type != ColumnType::Float64))
            continue;
        const size_t end = first ? first->row : data.rowCount();
        for (size_t row = 0; row < end; ++row) {
            if (column->isNull(row)) {
                first = UnusableCell{row, column->name, "is NULL"};
                break;
            }
            if (column->type == ColumnType::Float64 && !std::isfinite(column->doubles[row])) {
                first = UnusableCell{row, column->name,
                                     "holds " + Column::formatDouble(column->doubles[row])};
                break;
            }
        }
    }
    return first;
}

}  // namespace covertype::ml
