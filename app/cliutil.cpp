// Shared pieces of the subcommands.
#include "cliutil.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "base/text.h"
#include "cloud/gcspaths.h"
#include "files/fileinput.h"
#include "ml/features.h"

namespace covertype::cli {

int reportError(const Error &error)
{
    std::fprintf(stderr, "covertype: error: %s\n", withStagedPathsNamed(error.message).c_str());
    return error.code == ErrorCode::Usage ? kExitUsage : kExitFailure;
}

int parseOrExit(CommandLine &cmd, const std::vector<std::string> &args)
{
    if (auto ok = cmd.parse(args); !ok)
        return reportError(ok.error());
    if (cmd.helpRequested()) {
        std::fputs(cmd.help().c_str(), stdout);
        return kExitOk;
    }
    return -1;
}

/// Builds the spec from --num-lots/--training/--validation/--testing/--hash-column.
Expected<SplitSpec> splitSpecFromOptions(const CommandLine &cmd, SplitUse use)
{
    SplitSpec spec;
    auto lots = cmd.integer("num_lots", spec.numLots);
    if (!lots)
        return std::unexpected(lots.error());
    if (*lots < 2 || *lots > SplitSpec::kMaxLots)
        return fail(ErrorCode::Usage,
                    cat("--num-lots must be between 2 and ", SplitSpec::kMaxLots, ", got ", *lots));
    spec.numLots = int(*lots);
    const auto take = [&](const char *option, std::vector<int> &target) -> Expected<void> {
        if (!cmd.has(option))
            return {};
        auto parsed = SplitSpec::parseLots(cmd.value(option), spec.numLots);
        if (!parsed)
            return fail(ErrorCode::Usage, cat("--", option, ": ", parsed.error().message));
        target = std::move(*parsed);
        return {};
    };
    const bool assigns = use == SplitUse::AssignLots;
    if (assigns && cmd.has("num_lots") && !(cmd.has("training") && cmd.has("validation"))) {
        // The course defaults assume 10 lots; with another N the user says which lots go where.
        if (spec.numLots != 10)
            return fail(ErrorCode::Usage,
                        "with --num-lots other than 10, give --training and "
                        "--validation (and --testing) lots");
    }
    for (auto [option, target] :
         {std::pair{"training", &spec.training}, std::pair{"validation", &spec.validation},
          std::pair{"testing", &spec.testing}}) {
        if (auto ok = take(option, *target); !ok)
            return std::unexpected(ok.error());
    }
    spec.hashColumn = cmd.value("hash_column");
    if (!assigns) {
        // Lot numbers need no training/validation/testing lists: keep only the hash-column check.
        SplitSpec lotsOnly = SplitSpec{};
        lotsOnly.hashColumn = spec.hashColumn;
        if (auto ok = lotsOnly.validate(); !ok)
            return fail(ErrorCode::Usage, ok.error().message);
        return spec;
    }
    if (auto ok = spec.validate(); !ok)
        return fail(ErrorCode::Usage, ok.error().message);
    return spec;
}

std::vector<OptionSpec> withSplitOptions(std::vector<OptionSpec> options)
{
    const std::vector<OptionSpec> split = {
        {"num-lots", "N", "number of lots (default 10)"},
        {"training", "L", "training lots (default 1,2,3,4)"},
        {"validation", "L", "validation lots (default 8)"},
        {"testing", "L", "testing lots (default 9)"},
        {"hash-column", "COL", "hash one column, FARM_FINGERPRINT(CAST(COL AS STRING))"}};
    options.insert(options.begin() + std::min<ptrdiff_t>(2, ptrdiff_t(options.size())),
                   split.begin(), split.end());
    return options;
}

Expected<Dataset> loadDataOption(const CommandLine &cmd, const std::string &option)
{
    auto path = cmd.required(option);
    if (!path)
        return std::unexpected(path.error());
    LoadOptions options;
    if (cmd.has("schema")) {
        auto fields = loadSchemaFile(cmd.value("schema"));
        if (!fields)
            return std::unexpected(fields.error());
        options.schema = std::move(*fields);
    }
    if (isatty(STDERR_FILENO)) {
        options.progress = [last = -1](double fraction) mutable {
            const int percent = int(fraction * 100);
            if (percent != last) {
                std::fprintf(stderr, "\rloading... %d%%", percent);
                last = percent;
            }
            return true;
        };
    }
    auto local = localInput(*path);
    if (!local)
        return std::unexpected(local.error());
    auto data = loadDataset(*local, options);
    if (options.progress)
        std::fputs("\r              \r", stderr);
    return data;
}

/// The instances of a --json-instances file as JSON values, one per non-blank line.
Expected<nlohmann::json> readInstanceValues(const std::string &path)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    const std::string_view text = bytes->data;
    nlohmann::json instances = nlohmann::json::array();
    size_t line = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view content = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (content.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        try {
            instances.push_back(nlohmann::json::parse(content));
        } catch (const nlohmann::json::parse_error &e) {
            return fail(ErrorCode::Parse, cat(path, ":", line, " (instance ", instances.size(),
                                              "): not valid JSON: ", e.what()));
        }
    }
    if (instances.empty())
        return fail(ErrorCode::Parse,
                    cat(path, ": no instances (expected one JSON instance per line)"));
    return instances;
}

Expected<Model> loadModelFile(const std::string &path)
{
    auto local = localInput(path);
    if (!local)
        return std::unexpected(local.error());
    return Model::load(*local);
}

Expected<std::unique_ptr<RunStore>> openStoreOption(const CommandLine &cmd, StoreUse use)
{
    const std::string path = cmd.has("store") ? cmd.value("store") : RunStore::defaultPath();
    return use == StoreUse::Read ? RunStore::openForReading(path) : RunStore::open(path);
}

Expected<TrainingData> loadTrainingData(const CommandLine &cmd, bool withTesting)
{
    auto spec = splitSpecFromOptions(cmd);
    if (!spec)
        return std::unexpected(spec.error());
    auto data = loadDataOption(cmd);
    if (!data)
        return std::unexpected(data.error());
    if (auto ok = checkFeatureCells(*data, cmd.value("data")); !ok)
        return std::unexpected(ok.error());
    TrainingData out;
    out.split = *spec;
    out.fingerprint = data->fingerprint();
    out.path = cmd.value("data");
    if (!withTesting) {
        auto lots = computeLots(*data, spec->numLots, spec->hashColumn);
        if (!lots)
            return std::unexpected(lots.error());
        const SplitRows rows = assignRows(*lots, *spec);
        out.training = data->selectRows(rows.training);
        out.validation = data->selectRows(rows.validation);
    }
    out.all = std::move(*data);
    return out;
}

Expected<TrainingData> loadSplitFiles(const CommandLine &cmd)
{
    TrainingData out;
    for (const char *option : {"training", "validation"}) {
        auto data = loadDataOption(cmd, option);
        if (!data)
            return std::unexpected(data.error());
        if (auto ok = checkFeatureCells(*data, cmd.value(option)); !ok)
            return std::unexpected(ok.error());
        (std::string_view(option) == "training" ? out.training : out.validation) = std::move(*data);
    }
    out.fingerprint = out.training.fingerprint();
    out.path = cmd.value("training");
    out.all = out.training;
    return out;
}

Expected<void> checkFeatureCells(const Dataset &data, const std::string &path)
{
    const auto bad = ml::firstUnusableFeatureCell(data);
    if (!bad)
        return {};
    const auto line = sourceLineOfRow(path, bad->row);
    const std::string where = line ? cat(path, ":", *line) : cat(path, ", data row ", bad->row + 1);
    return fail(ErrorCode::Schema, cat(where, ": column '", bad->column, "' ", bad->what,
                                       "; the trainer needs a finite number in every numeric "
                                       "feature (fix or drop the row)"));
}

Expected<TuningSpec> loadTuningOption(const CommandLine &cmd)
{
    auto path = cmd.required("config");
    if (!path)
        return std::unexpected(path.error());
    auto local = localInput(*path);  // a gs:// config is read from its verified copy
    if (!local)
        return std::unexpected(local.error());
    TuningFormat format{};
    auto spec = loadTuningSpec(*local, format);
    if (!spec)
        return spec;
    const std::vector<TuningProblem> problems = tuningSpecProblems(*spec, format);
    if (problems.empty())
        return spec;
    std::string message;
    for (const TuningProblem &p : problems)
        message += cat(message.empty() ? "" : "\n", *path, ": ", p.path, ": ", p.message);
    return fail(ErrorCode::InvalidArgument, message);
}

}  // namespace covertype::cli
