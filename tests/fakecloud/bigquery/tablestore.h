// The fake BigQuery's datasets and tables: rows held as the product's Dataset, resources
// rendered as the REST API returns them (legacy type names, int64 values as strings).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "bigquery/bqerror.h"
#include "data/dataset.h"

namespace covertype::fakecloud::bigquery {

/// writeDisposition and createDisposition of a job.
enum class WriteDisposition { Truncate, Empty, Append };
enum class CreateDisposition { IfNeeded, Never };

/// A table's rows and where they live.
struct TableSnapshot
{
    std::shared_ptr<const Dataset> data;
    std::string location;
};

class TableStore
{
public:
    // --- datasets ----------------------------------------------------------------------------
    /// datasets.insert: body {datasetReference{projectId, datasetId}, location, ...}.
    [[nodiscard]] std::expected<nlohmann::json, BqError> insertDataset(const std::string &project,
                                                                       const nlohmann::json &body);
    [[nodiscard]] std::expected<nlohmann::json, BqError> getDataset(const std::string &project,
                                                                    const std::string &id) const;
    /// datasets.list: {kind, etag, datasets[{kind, id, datasetReference, location}]}.
    [[nodiscard]] nlohmann::json listDatasets(const std::string &project) const;
    [[nodiscard]] std::expected<void, BqError> deleteDataset(const std::string &project,
                                                             const std::string &id,
                                                             bool deleteContents);
    /// The dataset's location, nullopt when it does not exist.
    [[nodiscard]] std::optional<std::string> datasetLocation(const std::string &project,
                                                             const std::string &id) const;
    /// Creates a dataset when missing (tests).
    void ensureDataset(const std::string &project, const std::string &id,
                       const std::string &location);

    // --- tables ------------------------------------------------------------------------------
    [[nodiscard]] std::expected<nlohmann::json, BqError> getTable(const TableRef &ref) const;
    /// tables.list: {kind, etag, tables[{kind, id, tableReference, type, creationTime}],
    /// totalItems}.
    [[nodiscard]] std::expected<nlohmann::json, BqError> listTables(
        const std::string &project, const std::string &dataset) const;
    [[nodiscard]] std::expected<void, BqError> deleteTable(const TableRef &ref);

    /// The rows of a table; `location`, when not empty, must be its dataset's location.
    [[nodiscard]] std::expected<TableSnapshot, BqError> read(const TableRef &ref,
                                                             const std::string &location) const;
    /// Writes a job's result: WRITE_EMPTY fails on a table with rows, WRITE_APPEND needs the
    /// same schema, CREATE_NEVER needs the table. The dataset must exist (in `location`).
    [[nodiscard]] std::expected<void, BqError> write(const TableRef &ref, Dataset data,
                                                     WriteDisposition write,
                                                     CreateDisposition create,
                                                     const std::string &location);
    /// Replaces a table, creating it and its dataset as needed (tests).
    void put(const TableRef &ref, Dataset data, const std::string &location);

    /// The resource fields of a table's schema: {"fields":[{name, type, mode}]}.
    [[nodiscard]] static nlohmann::json schemaJson(const std::vector<Field> &schema);

private:
    struct Table
    {
        std::shared_ptr<const Dataset> data;
        int64_t creationTime = 0;  ///< ms since the epoch
        int64_t lastModifiedTime = 0;
    };
    struct DatasetEntry
    {
        std::string location;
        int64_t creationTime = 0;
        std::map<std::string, Table> tables;
    };
    using Key = std::pair<std::string, std::string>;  ///< project, dataset

    [[nodiscard]] static nlohmann::json datasetResource(const Key &key, const DatasetEntry &d);
    [[nodiscard]] static nlohmann::json tableResource(const TableRef &ref, const DatasetEntry &d,
                                                      const Table &t);
    [[nodiscard]] std::expected<const DatasetEntry *, BqError> findDataset(
        const std::string &project, const std::string &id) const;

    mutable std::mutex m_mutex;
    std::map<Key, DatasetEntry> m_datasets;
};

/// Milliseconds since the epoch, now.
[[nodiscard]] int64_t nowMs();

}  // namespace covertype::fakecloud::bigquery
