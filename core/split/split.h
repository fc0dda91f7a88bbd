// Reproducible training/validation/testing splits that match BigQuery's FARM_FINGERPRINT lots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype {

/// Which lots go to which split. Lot of a row = MOD(ABS(FARM_FINGERPRINT(x)), numLots) where x is
/// TO_JSON_STRING(row), or CAST(row.hashColumn AS STRING) when hashColumn is set.
struct SplitSpec
{
    static constexpr int kMaxLots = 10000;

    int numLots = 10;
    std::vector<int> training{1, 2, 3, 4};
    std::vector<int> validation{8};
    std::vector<int> testing{9};
    std::string hashColumn;  ///< empty = the whole row

    /// numLots in [2, kMaxLots]; all three splits non-empty (the course pipeline tunes on
    /// validation and gates deployment on testing); every lot in [0, numLots) and in at most one
    /// split, without repeats; hashColumn empty or a BigQuery column name.
    [[nodiscard]] Expected<void> validate() const;
    [[nodiscard]] nlohmann::json toJson() const;
    /// Reads what toJson() writes (hashColumn optional) and validates it.
    [[nodiscard]] static Expected<SplitSpec> fromJson(const nlohmann::json &json);
    /// Parses a lot list: comma-separated items, each a lot ("8"), a range ("1-4") or a bound
    /// ("<8", "<=7", ">8", ">=9"); whitespace is ignored. Result sorted ascending. Errors name the
    /// item: not a number, out of [0, numLots), reversed range, repeated lot, empty list.
    [[nodiscard]] static Expected<std::vector<int>> parseLots(std::string_view text, int numLots);
    /// "1, 2, 3, 4": lots as the course's query template writes them.
    [[nodiscard]] static std::string formatLots(const std::vector<int> &lots);

    bool operator==(const SplitSpec &) const = default;
};

/// One lot per row, in row order, as BigQuery computes it; -1 where the hash column is NULL (the
/// row falls in no split). numLots >= 1. Runs on all cores; the result does not depend on the
/// thread count. `progress` (fraction done; false = cancel -> ErrorCode::Cancelled) is called on
/// the calling thread. A row whose fingerprint is INT64_MIN is an error naming the row, as ABS()
/// fails in BigQuery.
[[nodiscard]] Expected<std::vector<int32_t>> computeLots(
    const Dataset &data, int numLots, const std::string &hashColumn = {},
    const std::function<bool(double)> &progress = {});

/// Row indices of each split, ascending.
struct SplitRows
{
    std::vector<uint32_t> training, validation, testing;
};

/// Rows whose lot belongs to each split of `spec` (lots outside the spec, or -1, go nowhere).
[[nodiscard]] SplitRows assignRows(const std::vector<int32_t> &lots, const SplitSpec &spec);

/// Row count and Cover_Type class counts of one split.
struct SplitCounts
{
    size_t rows = 0;
    std::map<int64_t, size_t> classCounts;  ///< Cover_Type value -> rows; empty without the label
};

/// What a split produced: the spec, the source and the counts per split.
struct SplitSummary
{
    SplitSpec spec;
    std::string sourcePath;
    std::string sourceFingerprint;  ///< Dataset::fingerprint() of the source
    size_t sourceRows = 0;
    size_t unassignedRows = 0;  ///< rows in lots of no split (or with a NULL hash column)
    bool hasLabel = false;      ///< an INT64 Cover_Type column was counted
    SplitCounts training, validation, testing;

    /// The split.json document (see docs/splits.md).
    [[nodiscard]] nlohmann::json toJson() const;
};

/// Counts of each split; computes the source fingerprint (a pass over the data).
[[nodiscard]] SplitSummary summarizeSplit(const Dataset &data, const SplitSpec &spec,
                                          const SplitRows &rows);

/// Writes outDir/datasets/{training,validation,testing}/data.csv (every column, header) and then
/// outDir/split.json, each atomically. An existing split.json is removed first and the new one is
/// written last, so a directory holding split.json holds a complete split.
[[nodiscard]] Expected<SplitSummary> exportSplit(const Dataset &data, const SplitSpec &spec,
                                                 const std::string &outDir,
                                                 const std::function<bool(double)> &progress = {});

/// True for `dataset.table` or `project.dataset.table`: project letters, digits, '_' and '-';
/// dataset and table letters, digits and '_'.
[[nodiscard]] bool isValidTableName(std::string_view table);

/// The course's query selecting split `which` ("training", "validation" or "testing"):
/// SELECT * FROM `table` AS cover
/// WHERE MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (1, 2, 3, 4)
/// (FARM_FINGERPRINT(CAST(cover.col AS STRING)) with a hash column). Errors: invalid table name,
/// unknown split name, invalid spec.
[[nodiscard]] Expected<std::string> splitSql(const std::string &table, const SplitSpec &spec,
                                             std::string_view which);

}  // namespace covertype
