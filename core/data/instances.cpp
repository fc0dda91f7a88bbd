// Prediction instances (JSON) to a feature Dataset.
#include "data/instances.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <unordered_map>

#include "base/text.h"
#include "data/labschema.h"
#include "files/fileinput.h"

namespace covertype {

namespace {

constexpr size_t kNumeric = lab::kNumericColumns.size();
constexpr size_t kFeatures = lab::kFeatureColumns.size();

std::string jsonKind(const nlohmann::json &v)
{
    if (v.is_null())
        return "null";
    if (v.is_boolean())
        return "a boolean";
    if (v.is_number())
        return "a number";
    if (v.is_string())
        return "a string";
    if (v.is_array())
        return "a list";
    return "an object";
}

/// Columns being filled, one slot per feature in lab::kFeatureColumns order.
struct Builder
{
    std::vector<Column> columns;
    std::vector<std::unordered_map<std::string, int32_t>> index;

    Builder()
    {
        for (size_t f = 0; f < kFeatures; ++f) {
            Column c;
            c.name = std::string(lab::kFeatureColumns[f]);
            c.type = f < kNumeric ? ColumnType::Float64 : ColumnType::String;
            columns.push_back(std::move(c));
        }
        index.resize(kFeatures);
    }

    /// Appends one value to feature `f`; returns an error text on a wrong type.
    std::optional<std::string> add(size_t f, const nlohmann::json &v)
    {
        Column &c = columns[f];
        if (f < kNumeric) {
            if (!v.is_number())
                return cat("expected a number, got ", jsonKind(v), " ", v.dump());
            const double d = v.get<double>();
            if (!std::isfinite(d))
                return cat("expected a finite number, got ", v.dump());
            c.doubles.push_back(d);
            return std::nullopt;
        }
        std::string text;
        if (v.is_string()) {
            text = v.get<std::string>();
        } else if (v.is_number_integer()) {
            text = v.dump();  // a model trained on an INT64 Soil_Type matches by the digits
        } else {
            return cat("expected a string, got ", jsonKind(v), " ", v.dump());
        }
        auto [it, inserted] = index[f].emplace(text, int32_t(c.dictionary.size()));
        if (inserted)
            c.dictionary.push_back(text);
        c.codes.push_back(it->second);
        return std::nullopt;
    }

    std::optional<std::string> addInstance(const nlohmann::json &inst)
    {
        if (inst.is_array()) {
            if (inst.size() != kFeatures)
                return cat("expected ", kFeatures, " values in table order (",
                           lab::kFeatureColumns.front(), " ... ", lab::kFeatureColumns.back(),
                           "), got ", inst.size());
            for (size_t f = 0; f < kFeatures; ++f)
                if (auto err = add(f, inst[f]))
                    return cat("field ", f, " '", lab::kFeatureColumns[f], "': ", *err);
            return std::nullopt;
        }
        if (inst.is_object()) {
            for (const auto &[key, value] : inst.items()) {
                bool known = key == lab::kLabelColumn;  // a label in the instance is ignored
                for (std::string_view name : lab::kFeatureColumns)
                    known = known || key == name;
                if (!known)
                    return cat("unknown column '", key, "'");
            }
            for (size_t f = 0; f < kFeatures; ++f) {
                const auto it = inst.find(std::string(lab::kFeatureColumns[f]));
                if (it == inst.end())
                    return cat("missing field '", lab::kFeatureColumns[f], "'");
                if (auto err = add(f, *it))
                    return cat("field '", lab::kFeatureColumns[f], "': ", *err);
            }
            return std::nullopt;
        }
        return cat("expected a list of ", kFeatures,
                   " values or an object keyed by column name, got ", jsonKind(inst));
    }
};

}  // namespace

Expected<Dataset> instancesToDataset(const nlohmann::json &instances, const std::string &where)
{
    if (!instances.is_array())
        return fail(ErrorCode::Parse,
                    cat(where, ": expected a list of instances, got ", jsonKind(instances)));
    if (instances.empty())
        return fail(ErrorCode::Parse, cat(where, ": no instances"));
    Builder b;
    for (size_t i = 0; i < instances.size(); ++i) {
        if (auto err = b.addInstance(instances[i]))
            return fail(ErrorCode::Parse, cat(where, ": instance ", i, ": ", *err));
    }
    return Dataset(std::move(b.columns), where);
}

Expected<Dataset> readJsonInstancesFile(const std::string &path)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    const std::string_view text = bytes->data;
    Builder b;
    size_t line = 0;
    size_t count = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view content = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (content.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        nlohmann::json inst;
        try {
            inst = nlohmann::json::parse(content);
        } catch (const nlohmann::json::parse_error &e) {
            return fail(ErrorCode::Parse, cat(path, ":", line, " (instance ", count,
                                              "): not valid JSON: ", e.what()));
        }
        if (auto err = b.addInstance(inst))
            return fail(ErrorCode::Parse, cat(path, ":", line, " (instance ", count, "): ", *err));
        ++count;
    }
    if (count == 0)
        return fail(ErrorCode::Parse,
                    cat(path, ": no instances (expected one JSON instance per line)"));
    return Dataset(std::move(b.columns), path);
}

}  // namespace covertype
