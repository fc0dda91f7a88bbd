// Split specs, BigQuery-exact lot computation over threads, split export and the course SQL.
#include "split/split.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <limits>
#include <system_error>
#include <thread>

#include "base/text.h"
#include "base/version.h"
#include "data/csvwriter.h"
#include "data/rowjson.h"
#include "files/atomicfile.h"

namespace covertype {

namespace {

constexpr std::string_view kSplitNames[3] = {"training", "validation", "testing"};
constexpr std::string_view kLabelColumn = "Cover_Type";

bool isColumnName(std::string_view name)
{
    if (name.empty() || name.size() > 300)
        return false;
    const auto first = static_cast<unsigned char>(name.front());
    if (!(std::isalpha(first) || first == '_'))
        return false;
    return std::ranges::all_of(name, [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::isalnum(c) || c == '_';
    });
}

Expected<int> parseLotNumber(std::string_view token, std::string_view item, int numLots)
{
    int value = 0;
    const auto res = std::from_chars(token.data(), token.data() + token.size(), value);
    if (token.empty() || res.ec != std::errc() || res.ptr != token.data() + token.size())
        return fail(ErrorCode::InvalidArgument,
                    cat("\"", item, "\": expected a lot number from 0 to ", numLots - 1));
    if (value < 0 || value >= numLots)
        return fail(ErrorCode::InvalidArgument,
                    cat("\"", item, "\": lot ", value, " is outside 0-", numLots - 1));
    return value;
}

std::string stripSpaces(std::string_view text)
{
    std::string out;
    for (const char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out.push_back(c);
    return out;
}

nlohmann::json lotsJson(const std::vector<int> &lots)
{
    nlohmann::json array = nlohmann::json::array();
    for (const int lot : lots)
        array.push_back(lot);
    return array;
}

Expected<std::vector<int>> lotsFromJson(const nlohmann::json &json, std::string_view key)
{
    const auto it = json.find(key);
    if (it == json.end())
        return fail(ErrorCode::Parse, cat("split spec: \"", key, "\" is missing"));
    if (!it->is_array())
        return fail(ErrorCode::Parse, cat("split spec: \"", key, "\" must be an array of lots"));
    std::vector<int> lots;
    for (const nlohmann::json &v : *it) {
        if (!v.is_number_integer() || v.get<int64_t>() < std::numeric_limits<int>::min() ||
            v.get<int64_t>() > std::numeric_limits<int>::max())
            return fail(ErrorCode::Parse, cat("split spec: \"", key, "\" holds ", v.dump(),
                                              ", expected an integer lot"));
        lots.push_back(v.get<int>());
    }
    return lots;
}

/// Runs `kernel(begin, end, buffer)` over blocks of rows on all cores. Progress and cancellation
/// are handled on the calling thread, which works too. Returns false when cancelled.
template <class Kernel>
bool runBlocks(size_t rows, const std::function<bool(double)> &progress, const Kernel &kernel)
{
    constexpr size_t kBlock = 4096;
    const size_t blocks = (rows + kBlock - 1) / kBlock;
    std::atomic<size_t> nextBlock{0};
    std::atomic<size_t> doneRows{0};
    std::atomic<bool> cancelled{false};

    std::atomic<size_t> helpersDone{0};
    auto work = [&](bool reportsProgress) {
        std::string buffer;
        for (;;) {
            if (cancelled.load(std::memory_order_relaxed))
                return;
            const size_t block = nextBlock.fetch_add(1, std::memory_order_relaxed);
            if (block >= blocks)
                return;
            const size_t begin = block * kBlock;
            const size_t end = std::min(rows, begin + kBlock);
            kernel(begin, end, buffer);
            const size_t done = doneRows.fetch_add(end - begin) + (end - begin);
            if (reportsProgress && progress && !progress(double(done) / double(rows)))
                cancelled.store(true);
        }
    };

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const size_t helpers = std::min<size_t>(cores - 1, blocks > 1 ? blocks - 1 : 0);
    std::vector<std::thread> threads;
    threads.reserve(helpers);
    try {
        for (size_t i = 0; i < helpers; ++i)
            threads.emplace_back([&] {
                work(false);
                ++helpersDone;
            });
    } catch (const std::system_error &) {
        // Fewer threads only costs time: the calling thread takes the remaining blocks.
    }
    work(true);
    // The helpers may still be on their last blocks (or, on a busy machine, have taken every
    // block, so this thread reported nothing yet): progress and cancel go on from this thread,
    // at least once, until they are done.
    do {
        if (progress && !cancelled.load() && !progress(double(doneRows.load()) / double(rows)))
            cancelled.store(true);
        if (helpersDone.load() < threads.size())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while (helpersDone.load() < threads.size());
    for (std::thread &t : threads)
        t.join();
    if (cancelled.load())
        return false;
    return !progress || progress(1.0);
}

/// Records `row` as failing if it is the first (lowest) so far.
void noteBadRow(std::atomic<size_t> &firstBad, size_t row)
{
    size_t current = firstBad.load();
    while (row < current && !firstBad.compare_exchange_weak(current, row)) {
    }
}

void countLabels(const Column *label, const std::vector<uint32_t> &rows, SplitCounts &counts)
{
    counts.rows = rows.size();
    if (!label)
        return;
    for (const uint32_t row : rows)
        if (!label->isNull(row))
            ++counts.classCounts[label->ints[row]];
}

nlohmann::json countsJson(const SplitCounts &counts, std::string_view name, bool hasLabel)
{
    nlohmann::json json;
    json["path"] = cat("datasets/", name, "/data.csv");
    json["rows"] = counts.rows;
    if (hasLabel) {
        nlohmann::json classes = nlohmann::json::object();
        for (const auto &[label, n] : counts.classCounts)
            classes[std::to_string(label)] = n;
        json["classCounts"] = classes;
    }
    return json;
}

std::string lotExpression(const SplitSpec &spec)
{
    const std::string hashed = spec.hashColumn.empty()
                                   ? std::string("TO_JSON_STRING(cover)")
                                   : cat("CAST(cover.", spec.hashColumn, " AS STRING)");
    return cat("MOD(ABS(FARM_FINGERPRINT(", hashed, ")), ", spec.numLots, ")");
}

}  // namespace

Expected<void> SplitSpec::validate() const
{
    if (numLots < 2 || numLots > kMaxLots)
        return fail(ErrorCode::InvalidArgument,
                    cat("the number of lots is ", numLots, "; expected 2 to ", kMaxLots));
    const std::vector<int> *lists[3] = {&training, &validation, &testing};
    std::vector<int> owner(size_t(numLots), -1);
    for (int s = 0; s < 3; ++s) {
        if (lists[s]->empty())
            return fail(ErrorCode::InvalidArgument,
                        cat("the ", kSplitNames[s], " split has no lots"));
        for (const int lot : *lists[s]) {
            if (lot < 0 || lot >= numLots)
                return fail(ErrorCode::InvalidArgument, cat("lot ", lot, " of the ", kSplitNames[s],
                                                            " split is outside 0-", numLots - 1));
            int &o = owner[size_t(lot)];
            if (o == s)
                return fail(ErrorCode::InvalidArgument,
                            cat("lot ", lot, " appears twice in the ", kSplitNames[s], " split"));
            if (o >= 0)
                return fail(ErrorCode::InvalidArgument,
                            cat("lot ", lot, " is in both the ", kSplitNames[size_t(o)],
                                " and the ", kSplitNames[s], " split"));
            o = s;
        }
    }
    if (!hashColumn.empty() && !isColumnName(hashColumn))
        return fail(
            ErrorCode::InvalidArgument,
            cat("hash column \"", hashColumn,
                "\" is not a column name (letters, digits and _, not starting with a digit)"));
    return {};
}

nlohmann::json SplitSpec::toJson() const
{
    nlohmann::json json;
    json["numLots"] = numLots;
    json["training"] = lotsJson(training);
    json["validation"] = lotsJson(validation);
    json["testing"] = lotsJson(testing);
    if (!hashColumn.empty())
        json["hashColumn"] = hashColumn;
    return json;
}

Expected<SplitSpec> SplitSpec::fromJson(const nlohmann::json &json)
{
    if (!json.is_object())
        return fail(ErrorCode::Parse, "split spec: expected a JSON object");
    SplitSpec spec;
    const auto n = json.find("numLots");
    if (n == json.end() || !n->is_number_integer())
        return fail(ErrorCode::Parse, "split spec: \"numLots\" must be an integer");
    const int64_t lots = n->get<int64_t>();
    if (lots < 2 || lots > kMaxLots)
        return fail(ErrorCode::InvalidArgument,
                    cat("split spec: numLots is ", lots, "; expected 2 to ", kMaxLots));
    spec.numLots = int(lots);
    std::vector<int> *lists[3] = {&spec.training, &spec.validation, &spec.testing};
    for (int s = 0; s < 3; ++s) {
        auto parsed = lotsFromJson(json, kSplitNames[s]);
        if (!parsed)
            return std::unexpected(parsed.error());
        *lists[s] = std::move(*parsed);
    }
    if (const auto h = json.find("hashColumn"); h != json.end() && !h->is_null()) {
        if (!h->is_string())
            return fail(ErrorCode::Parse, "split spec: \"hashColumn\" must be a string");
        spec.hashColumn = h->get<std::string>();
    }
    if (auto ok = spec.validate(); !ok)
        return fail(ok.error().code, "split spec: " + ok.error().message);
    return spec;
}

Expected<std::vector<int>> SplitSpec::parseLots(std::string_view text, int numLots)
{
    if (numLots < 1 || numLots > kMaxLots)
        return fail(ErrorCode::InvalidArgument,
                    cat("the number of lots is ", numLots, "; expected 1 to ", kMaxLots));
    const std::string compact = stripSpaces(text);
    if (compact.empty())
        return fail(ErrorCode::InvalidArgument,
                    cat("no lots given; expected e.g. \"1,2,3,4\", \"1-4\", \"8\" or \"<8\""));
    std::vector<char> seen(size_t(numLots), 0);
    std::vector<int> lots;
    auto add = [&](int lot, std::string_view item) -> Expected<void> {
        if (seen[size_t(lot)])
            return fail(ErrorCode::InvalidArgument,
                        cat("\"", item, "\": lot ", lot, " is listed more than once"));
        seen[size_t(lot)] = 1;
        lots.push_back(lot);
        return {};
    };
    std::string_view rest = compact;
    while (true) {
        const size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (item.empty())
            return fail(ErrorCode::InvalidArgument,
                        cat("\"", text, "\": empty item between commas"));
        int lo = 0;
        int hi = 0;
        if (item.front() == '<' || item.front() == '>') {
            const bool inclusive = item.size() > 1 && item[1] == '=';
            const std::string_view number = item.substr(inclusive ? 2 : 1);
            int bound = 0;
            const auto res = std::from_chars(number.data(), number.data() + number.size(), bound);
            if (number.empty() || res.ec != std::errc() || res.ptr != number.data() + number.size())
                return fail(ErrorCode::InvalidArgument,
                            cat("\"", item, "\": expected a number after ", item.front(),
                                inclusive ? "=" : ""));
            if (item.front() == '<') {
                lo = 0;
                hi = std::min(inclusive ? bound : bound - 1, numLots - 1);
            } else {
                lo = std::max(inclusive ? bound : bound + 1, 0);
                hi = numLots - 1;
            }
            if (lo > hi)
                return fail(ErrorCode::InvalidArgument,
                            cat("\"", item, "\" selects no lot of 0-", numLots - 1));
        } else if (const size_t dash = item.find('-', 1); dash != std::string_view::npos) {
            auto a = parseLotNumber(item.substr(0, dash), item, numLots);
            if (!a)
                return std::unexpected(a.error());
            auto b = parseLotNumber(item.substr(dash + 1), item, numLots);
            if (!b)
                return std::unexpected(b.error());
            if (*a > *b)
                return fail(ErrorCode::InvalidArgument,
                            cat("\"", item, "\": the range is reversed; write ", *b, "-", *a));
            lo = *a;
            hi = *b;
        } else {
            auto a = parseLotNumber(item, item, numLots);
            if (!a)
                return std::unexpected(a.error());
            lo = hi = *a;
        }
        for (int lot = lo; lot <= hi; ++lot)
            if (auto ok = add(lot, item); !ok)
                return std::unexpected(ok.error());
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    std::ranges::sort(lots);
    return lots;
}

std::string SplitSpec::formatLots(const std::vector<int> &lots)
{
    std::string out;
    for (size_t i = 0; i < lots.size(); ++i) {
        if (i > 0)
            out.append(", ");
        out.append(std::to_string(lots[i]));
    }
    return out;
}

Expected<std::vector<int32_t>> computeLots(const Dataset &data, int numLots,
                                           const std::string &hashColumn,
                                           const std::function<bool(double)> &progress)
{
    if (numLots < 1)
        return fail(ErrorCode::InvalidArgument,
                    cat("the number of lots is ", numLots, "; MOD needs at least 1"));
    const size_t rows = data.rowCount();
    std::vector<int32_t> lots(rows, -1);
    std::atomic<size_t> firstBad{std::numeric_limits<size_t>::max()};
    bool completed = true;

    if (hashColumn.empty()) {
        const RowJsonEncoder encoder(data);
        completed = runBlocks(rows, progress, [&](size_t begin, size_t end, std::string &buffer) {
            for (size_t r = begin; r < end; ++r) {
                const size_t n = encoder.encode(r, buffer);
                const auto lot = lotOfFingerprint(farmFingerprint({buffer.data(), n}), numLots);
                if (lot)
                    lots[r] = *lot;
                else
                    noteBadRow(firstBad, r);
            }
        });
    } else {
        const Column *column = data.find(hashColumn);
        if (!column) {
            std::string names;
            for (const Column &c : data.columns())
                names += (names.empty() ? "" : ", ") + c.name;
            return fail(
                ErrorCode::InvalidArgument,
                cat("hash column \"", hashColumn, "\" is not in the table (columns: ", names, ")"));
        }
        // Few distinct values: hash each once. A value whose fingerprint is INT64_MIN gets -2.
        std::vector<int32_t> byCode;
        auto lotOfText = [&](std::string_view text) {
            const auto lot = lotOfFingerprint(farmFingerprint(text), numLots);
            return lot ? int32_t(*lot) : int32_t(-2);
        };
        if (column->type == ColumnType::String) {
            byCode.reserve(column->dictionary.size());
            for (const std::string &s : column->dictionary)
                byCode.push_back(lotOfText(s));
        } else if (column->type == ColumnType::Bool) {
            byCode = {lotOfText("false"), lotOfText("true")};
        }
        completed = runBlocks(rows, progress, [&](size_t begin, size_t end, std::string &) {
            char buf[24];
            for (size_t r = begin; r < end; ++r) {
                if (column->isNull(r))
                    continue;  // NULL hash -> NULL lot -> no split
                int32_t lot = -2;
                switch (column->type) {
                    case ColumnType::String:
                        lot = byCode[size_t(column->codes[r])];
                        break;
                    case ColumnType::Bool:
                        lot = byCode[column->bools[r] ? 1 : 0];
                        break;
                    case ColumnType::Int64: {
                        const auto res = std::to_chars(buf, buf + sizeof buf, column->ints[r]);
                        lot = lotOfText({buf, size_t(res.ptr - buf)});
                        break;
                    }
                    case ColumnType::Float64:
                        lot = lotOfText(castFloat64ToString(column->doubles[r]));
                        break;
                }
                if (lot == -2)
                    noteBadRow(firstBad, r);
                else
                    lots[r] = lot;
            }
        });
    }
    if (!completed)
        return fail(ErrorCode::Cancelled, "computing split lots cancelled");
    if (const size_t bad = firstBad.load(); bad != std::numeric_limits<size_t>::max()) {
        const std::string source = data.source().empty() ? "the table" : data.source();
        return fail(ErrorCode::InvalidArgument,
                    cat("row ", bad + 1, " of ", source,
                        " has FARM_FINGERPRINT = -9223372036854775808, where BigQuery's ABS() "
                        "overflows; the split query fails on this table"));
    }
    return lots;
}

SplitRows assignRows(const std::vector<int32_t> &lots, const SplitSpec &spec)
{
    // lot -> 0 none, 1 training, 2 validation, 3 testing
    std::vector<uint8_t> target(size_t(std::max(spec.numLots, 0)), 0);
    const std::vector<int> *lists[3] = {&spec.training, &spec.validation, &spec.testing};
    for (int s = 0; s < 3; ++s)
        for (const int lot : *lists[s])
            if (lot >= 0 && lot < spec.numLots)
                target[size_t(lot)] = uint8_t(s + 1);
    SplitRows out;
    std::vector<uint32_t> *dest[4] = {nullptr, &out.training, &out.validation, &out.testing};
    for (size_t r = 0; r < lots.size(); ++r) {
        const int32_t lot = lots[r];
        if (lot < 0 || lot >= spec.numLots)
            continue;
        if (std::vector<uint32_t> *d = dest[target[size_t(lot)]])
            d->push_back(uint32_t(r));
    }
    return out;
}

SplitSummary summarizeSplit(const Dataset &data, const SplitSpec &spec, const SplitRows &rows)
{
    SplitSummary summary;
    summary.spec = spec;
    summary.sourcePath = data.source();
    summary.sourceFingerprint = data.fingerprint();
    summary.sourceRows = data.rowCount();
    const Column *label = data.find(kLabelColumn);
    if (label && label->type != ColumnType::Int64)
        label = nullptr;
    summary.hasLabel = label != nullptr;
    countLabels(label, rows.training, summary.training);
    countLabels(label, rows.validation, summary.validation);
    countLabels(label, rows.testing, summary.testing);
    summary.unassignedRows =
        summary.sourceRows - rows.training.size() - rows.validation.size() - rows.testing.size();
    return summary;
}

nlohmann::json SplitSummary::toJson() const
{
    nlohmann::json json;
    json["format"] = "covertype-split";
    json["formatVersion"] = 1;
    json["programVersion"] = kProgramVersion;
    json["spec"] = spec.toJson();
    json["lotExpression"] = lotExpression(spec);
    json["source"] = {
        {"path", sourcePath}, {"fingerprint", sourceFingerprint}, {"rows", sourceRows}};
    json["unassignedRows"] = unassignedRows;
    json["splits"] = {{"training", countsJson(training, "training", hasLabel)},
                      {"validation", countsJson(validation, "validation", hasLabel)},
                      {"testing", countsJson(testing, "testing", hasLabel)}};
    return json;
}

Expected<SplitSummary> exportSplit(const Dataset &data, const SplitSpec &spec,
                                   const std::string &outDir,
                                   const std::function<bool(double)> &progress)
{
    if (auto ok = spec.validate(); !ok)
        return std::unexpected(ok.error());
    if (outDir.empty())
        return fail(ErrorCode::InvalidArgument, "no output directory given for the split");

    // Progress: lots 0-30 %, CSV files 30-98 % by rows, split.json last.
    auto scaled = [&](double from, double to) -> std::function<bool(double)> {
        if (!progress)
            return {};
        return [&progress, from, to](double f) { return progress(from + (to - from) * f); };
    };
    auto lots = computeLots(data, spec.numLots, spec.hashColumn, scaled(0.0, 0.3));
    if (!lots)
        return std::unexpected(lots.error());
    const SplitRows rows = assignRows(*lots, spec);
    SplitSummary summary = summarizeSplit(data, spec, rows);

    // Every file is written in full beside the old one first; only when all four are on disk
    // do they replace the old export. A failed or cancelled export (a full disk) leaves the old
    // split exactly as it was.
    const std::filesystem::path dir(outDir);
    const std::filesystem::path manifest = dir / "split.json";
    const std::vector<uint32_t> *lists[3] = {&rows.training, &rows.validation, &rows.testing};
    const double total = double(
        std::max<size_t>(1, rows.training.size() + rows.validation.size() + rows.testing.size()));
    double at = 0.3;
    std::vector<StagedFile> staged;
    for (int s = 0; s < 3; ++s) {
        const double to = at + 0.68 * double(lists[s]->size()) / total;
        auto csv = rowsToCsv(data, *lists[s], scaled(at, to));
        if (!csv)
            return fail(csv.error().code, cat("split export: ", csv.error().message));
        const std::filesystem::path file = dir / "datasets" / kSplitNames[s] / "data.csv";
        auto written = StagedFile::write(file.string(), *csv);
        if (!written)
            return fail(written.error().code, cat("split export: ", written.error().message));
        staged.push_back(std::move(*written));
        at = to;
    }
    auto written = StagedFile::write(manifest.string(), summary.toJson().dump(2) + "\n");
    if (!written)
        return fail(written.error().code, cat("split export: ", written.error().message));
    if (progress && !progress(0.98))
        return fail(ErrorCode::Cancelled, "split export cancelled");
    // The manifest goes last, so split.json never describes data files of another export.
    std::error_code ec;
    std::filesystem::remove(manifest, ec);
    for (StagedFile &file : staged)
        if (auto ok = file.commit(); !ok)
            return fail(ok.error().code, cat("split export: ", ok.error().message));
    if (auto ok = written->commit(); !ok)
        return fail(ok.error().code, cat("split export: ", ok.error().message));
    if (progress)
        progress(1.0);
    return summary;
}

bool isValidTableName(std::string_view table)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t dot = table.find('.', start);
        parts.push_back(table.substr(start, dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    if (parts.size() < 2 || parts.size() > 3)
        return false;
    auto charsOk = [](std::string_view part, bool allowDash) {
        return !part.empty() && std::ranges::all_of(part, [allowDash](char ch) {
            const auto c = static_cast<unsigned char>(ch);
            return std::isalnum(c) || c == '_' || (allowDash && c == '-');
        });
    };
    const bool hasProject = parts.size() == 3;
    for (size_t i = 0; i < parts.size(); ++i)
        if (!charsOk(parts[i], hasProject && i == 0))
            return false;
    return true;
}

Expected<std::string> splitSql(const std::string &table, const SplitSpec &spec,
                               std::string_view which)
{
    if (!isValidTableName(table))
        return fail(ErrorCode::InvalidArgument,
                    cat("\"", table,
                        "\" is not a BigQuery table name; expected dataset.table or "
                        "project.dataset.table (letters, digits, _; - also in the project)"));
    if (auto ok = spec.validate(); !ok)
        return std::unexpected(ok.error());
    const std::vector<int> *lots = nullptr;
    if (which == kSplitNames[0])
        lots = &spec.training;
    else if (which == kSplitNames[1])
        lots = &spec.validation;
    else if (which == kSplitNames[2])
        lots = &spec.testing;
    else
        return fail(ErrorCode::InvalidArgument,
                    cat("unknown split \"", which, "\"; expected training, validation or testing"));
    return cat("SELECT * FROM `", table, "` AS cover\nWHERE ", lotExpression(spec), " IN (",
               SplitSpec::formatLots(*lots), ")");
}

}  // namespace covertype
