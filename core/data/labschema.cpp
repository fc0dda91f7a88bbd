// The course's lab schema: the column list and checks on a loaded Dataset.
#include "data/labschema.h"

#include <algorithm>
#include "base/text.h"

namespace covertype::lab {

std::vector<Field> labSchema()
{
    std::vector<Field> fields;
    for (std::string_view name : kNumericColumns)
        fields.push_back({std::string(name), ColumnType::Int64});
    for (std::string_view name : kCategoricalColumns)
        fields.push_back({std::string(name), ColumnType::String});
    fields.push_back({std::string(kLabelColumn), ColumnType::Int64});
    return fields;
}

std::string coverTypeName(int64_t label)
{
    if (label >= kMinCoverType && label <= kMaxCoverType)
        return std::string(kCoverTypeNames[size_t(label - kMinCoverType)]);
    return cat("Cover type ", label);
}

std::string_view columnUnit(std::string_view column)
{
    if (column == "Aspect" || column == "Slope")
        return "°";
    if (column == "Elevation" || column.starts_with("Horizontal_Distance") ||
        column.starts_with("Vertical_Distance"))
        return "m";
    return {};
}

Expected<void> validate(const Dataset &data, bool requireLabel, std::string_view task)
{
    std::vector<std::string> missing;
    for (std::string_view name : kFeatureColumns)
        if (data.columnIndex(name) < 0)
            missing.emplace_back(name);
    if (!missing.empty()) {
        std::string list;
        for (const std::string &m : missing)
            list += (list.empty() ? "" : ", ") + m;
        return fail(ErrorCode::Schema, cat(data.source(), ": missing required column",
                                           missing.size() > 1 ? "s" : "", " ", list));
    }
    for (std::string_view name : kNumericColumns) {
        const Column &c = *data.find(name);
        if (c.type != ColumnType::Int64 && c.type != ColumnType::Float64)
            return fail(ErrorCode::Schema,
                        cat(data.source(), ": column '", name, "' is ", columnTypeName(c.type),
                            ", expected INT64 or FLOAT64"));
    }
    const Column *label = data.find(kLabelColumn);
    if (!label) {
        if (requireLabel) {
            return fail(ErrorCode::MissingLabel,
                        cat(data.source(), ": ", task.empty() ? "this step" : task,
                            " needs the label column Cover_Type, which this data does not have "
                            "(data to score can only be browsed, split and predicted)"));
        }
        return {};
    }
    if (label->type != ColumnType::Int64)
        return fail(ErrorCode::Schema, cat(data.source(), ": Cover_Type is ",
                                           columnTypeName(label->type), ", expected INT64 1-7"));
    for (size_t r = 0; r < data.rowCount(); ++r) {
        if (label->isNull(r))
            return fail(ErrorCode::Schema,
                        cat(data.source(), ": row ", r + 1, " has an empty Cover_Type"));
        const int64_t v = label->ints[r];
        if (v < kMinCoverType || v > kMaxCoverType)
            return fail(ErrorCode::Schema, cat(data.source(), ": row ", r + 1,
                                               ": unknown Cover_Type ", v, " (expected 1-7)"));
    }
    return {};
}

}  // namespace covertype::lab
