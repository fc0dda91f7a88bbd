// Makes the generated part of the fuzzers' seed corpora (scripts/fuzz-seeds.sh): slices of the real
// table as CSV variants and as UCI covtype.data lines, models trained by the product on real rows,
// prediction requests, and every committed tuning config written in all three forms.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "data/csvloader.h"
#include "data/csvwriter.h"
#include "data/labschema.h"
#include "training/trainer.h"
#include "tuning/tuningspec.h"

using namespace covertype;
namespace fs = std::filesystem;

namespace {

void put(const fs::path &dir, const std::string &name, const std::string &bytes)
{
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
}

std::string replaceAll(std::string text, std::string_view from, std::string_view to)
{
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/// `count` rows starting at `first`, every `step` rows.
Dataset slice(const Dataset &data, size_t first, size_t count, size_t step = 1)
{
    std::vector<uint32_t> rows;
    for (size_t r = first; rows.size() < count && r < data.rowCount(); r += step)
        rows.push_back(uint32_t(r));
    return data.selectRows(rows);
}

/// Rows whose Cover_Type is one of `labels`, at most `count`.
Dataset withLabels(const Dataset &data, std::vector<int64_t> labels, size_t count)
{
    const Column &label = *data.find(lab::kLabelColumn);
    std::vector<uint32_t> rows;
    for (size_t r = 0; r < data.rowCount() && rows.size() < count; ++r)
        if (std::ranges::find(labels, label.ints[r]) != labels.end())
            rows.push_back(uint32_t(r));
    return data.selectRows(rows);
}

/// The rows as UCI covtype.data lines: 10 numbers, 4 + 40 one-hot columns, Cover_Type.
std::string uciLines(const Dataset &data, std::string_view eol = "\n")
{
    std::string out;
    for (size_t r = 0; r < data.rowCount(); ++r) {
        for (std::string_view name : lab::kNumericColumns)
            out += data.find(name)->textAt(r) + ",";
        const std::string area = data.find("Wilderness_Area")->textAt(r);
        for (std::string_view a : lab::kWildernessAreas)
            out += a == area ? "1," : "0,";
        const std::string soil = data.find("Soil_Type")->textAt(r);
        for (int code : lab::kSoilEluCodes)
            out += soil == cat("C", code) ? "1," : "0,";
        out += cat(data.find(lab::kLabelColumn)->textAt(r), eol);
    }
    return out;
}

/// A request body with the rows as instances, as lists or as objects keyed by column name.
std::string requestBody(const Dataset &data, bool objects, bool probabilities)
{
    nlohmann::json instances = nlohmann::json::array();
    for (size_t r = 0; r < data.rowCount(); ++r) {
        nlohmann::json row = objects ? nlohmann::json::object() : nlohmann::json::array();
        for (std::string_view name : lab::kFeatureColumns) {
            const Column &c = *data.find(name);
            nlohmann::json value = c.type == ColumnType::String  ? nlohmann::json(c.textAt(r))
                                   : c.type == ColumnType::Int64 ? nlohmann::json(c.ints[r])
                                                                 : nlohmann::json(c.numberAt(r));
            if (objects)
                row[std::string(name)] = std::move(value);
            else
                row.push_back(std::move(value));
        }
        instances.push_back(std::move(row));
    }
    nlohmann::json body = {{"instances", std::move(instances)}};
    if (probabilities)
        body["parameters"] = {{"probabilities", true}};
    return body.dump();
}

int usage()
{
    std::fprintf(stderr, "usage: covertype_fuzz_seeds DATA.csv CONFIGS_DIR OUT_DIR\n");
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 4)
        return usage();
    const fs::path seeds = argv[2];
    const fs::path out = argv[3];
    auto loaded = loadDataset(argv[1]);
    if (!loaded) {
        std::fprintf(stderr, "covertype_fuzz_seeds: %s\n", loaded.error().message.c_str());
        return 1;
    }
    const Dataset &table = *loaded;

    // CSV: header and a few rows, and the spellings the loader must take.
    const std::string three = datasetToCsv(slice(table, 0, 3));
    put(out / "csv", "rows-1.csv", datasetToCsv(slice(table, 0, 1)));
    put(out / "csv", "rows-3.csv", three);
    put(out / "csv", "rows-12-spread.csv", datasetToCsv(slice(table, 5, 12, 6007)));
    put(out / "csv", "rows-3-crlf.csv", replaceAll(three, "\n", "\r\n"));
    put(out / "csv", "rows-3-bom.csv", "\xEF\xBB\xBF" + three);
    {
        const std::string lines = three.substr(0, three.size() - 1);  // every field quoted
        put(out / "csv", "rows-3-quoted.csv",
            "\"" + replaceAll(replaceAll(lines, ",", "\",\""), "\n", "\"\n\"") + "\"\n");
    }
    put(out / "csv", "rows-3-null-cells.csv", replaceAll(three, ",Rawah,", ",,"));
    put(out / "csv", "rows-3-float.csv", replaceAll(three, "3092,", "3092.5,"));
    {
        std::vector<Column> columns(table.columns().begin(), table.columns().end());
        std::ranges::rotate(columns, columns.end() - 1);  // Cover_Type first
        put(out / "csv", "rows-3-label-first.csv",
            datasetToCsv(slice(Dataset(std::move(columns)), 0, 3)));
    }
    {
        std::vector<Column> columns(table.columns().begin(), table.columns().end() - 1);
        put(out / "csv", "rows-3-no-label.csv",
            datasetToCsv(slice(Dataset(std::move(columns)), 0, 3)));
    }

    // UCI covtype.data lines made from the same rows.
    put(out / "uci", "rows-1.data", uciLines(slice(table, 0, 1)));
    put(out / "uci", "rows-3.data", uciLines(slice(table, 0, 3)));
    put(out / "uci", "rows-7-spread.data", uciLines(slice(table, 11, 7, 10007)));
    put(out / "uci", "rows-3-crlf.data", uciLines(slice(table, 0, 3), "\r\n"));
    {
        std::string noFinalNewline = uciLines(slice(table, 0, 2));
        noFinalNewline.pop_back();
        put(out / "uci", "rows-2-no-final-newline.data", noFinalNewline);
    }

    // Models trained by the product: seven classes, two classes (one coefficient row).
    struct Recipe
    {
        const char *name;
        Dataset rows;
    };
    const Recipe recipes[] = {
        {"seven-classes", withLabels(table, {1, 2, 3, 4, 5, 6, 7}, 300)},
        {"two-classes", withLabels(table, {1, 2}, 60)},
        {"three-classes", withLabels(table, {3, 4, 6}, 60)},
    };
    for (const Recipe &recipe : recipes) {
        TrainParams params;
        params.maxIter = 20;
        params.threads = 1;
        auto trained = trainModel(recipe.rows, params);
        if (!trained) {
            std::fprintf(stderr, "covertype_fuzz_seeds: %s: %s\n", recipe.name,
                         trained.error().message.c_str());
            return 1;
        }
        put(out / "model", cat(recipe.name, ".json"), trained->model.toJson().dump());
        if (recipe.rows.rowCount() <= 60)  // what Model::save writes, indented
            put(out / "model", cat(recipe.name, "-indented.json"), trained->model.toJson().dump(2));
    }

    // Prediction requests: instances as lists and as objects, with and without probabilities.
    put(out / "predict", "list-1.json", requestBody(slice(table, 0, 1), false, false));
    put(out / "predict", "list-3-probabilities.json", requestBody(slice(table, 0, 3), false, true));
    put(out / "predict", "objects-2.json", requestBody(slice(table, 3, 2), true, false));
    put(out / "predict", "objects-2-probabilities.json",
        requestBody(slice(table, 3, 2), true, true));

    // Every committed tuning config, written again in each of the three forms.
    const std::pair<const char *, TuningFormat> forms[] = {
        {"tuning_gcloud", TuningFormat::GcloudYaml},
        {"tuning_pipeline", TuningFormat::PipelineJson},
        {"tuning_vertex", TuningFormat::VertexJson},
    };
    for (const auto &[from, ignored] : forms) {
        if (!fs::is_directory(seeds / from))
            continue;
        for (const auto &entry : fs::directory_iterator(seeds / from)) {
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string text((std::istreambuf_iterator<char>(in)), {});
            const auto spec = parseTuningSpec(text, entry.path().string());
            if (!spec)
                continue;
            for (const auto &[to, format] : forms)
                put(out / to, cat("from-", from, "-", entry.path().filename().string()),
                    writeTuningSpec(*spec, format));
        }
    }
    return 0;
}
