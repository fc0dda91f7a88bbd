// Job configurations of the fake BigQuery (query, load, extract), read and checked as the
// service checks them at jobs.insert: unknown fields and wrong types are 400 "invalid", fields
// BigQuery has but the fake does not implement are refused as such, the SQL must be in the
// subset (400 "invalidQuery" with its position) and the tables it reads must exist (404).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bigquery/bqerror.h"
#include "bigquery/sqlsubset.h"
#include "bigquery/tablestore.h"

namespace covertype::fakecloud::bigquery {

enum class JobType { Query, Load, Extract };

/// What a job was asked to do.
struct JobSpec
{
    JobType type = JobType::Query;
    nlohmann::json configuration;  ///< as sent, with jobType added
    // query
    SelectQuery select;
    TableRef source;  ///< the queried or extracted table
    std::optional<TableRef> destination;
    WriteDisposition write = WriteDisposition::Empty;
    CreateDisposition create = CreateDisposition::IfNeeded;
    // load
    std::vector<std::string> sourceUris;
    std::vector<Field> schema;
    bool autodetect = false;
    std::optional<int> skipLeadingRows;
    // extract
    std::string destinationUri;
    bool printHeader = true;
    char delimiter = ',';
};

/// Reads job.configuration of a job in `project`. `location` is the jobReference's (may be
/// empty); when empty, it becomes the location of the dataset the job reads or writes.
/// Tables the job reads are looked up in `location` (or `defaultLocation`).
[[nodiscard]] std::expected<JobSpec, BqError> readJobConfiguration(
    const nlohmann::json &config, const std::string &project, std::string &location,
    const TableStore &tables, const std::string &defaultLocation);

/// 400 "Invalid JSON payload received. Unknown name ..." as the service words it.
[[nodiscard]] BqError unknownField(const std::string &name, const std::string &where);
/// 400 for a field BigQuery has and the fake does not implement.
[[nodiscard]] BqError notImplemented(const std::string &field);
/// An int32/int64 field, sent as a number or a string; nullopt when absent.
[[nodiscard]] std::expected<std::optional<int64_t>, BqError> intField(const nlohmann::json &object,
                                                                      const char *key,
                                                                      const std::string &where);
/// "gs://bucket/object" -> {bucket, object}; nullopt when it is not such a URI.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> splitGsUri(const std::string &uri);

}  // namespace covertype::fakecloud::bigquery
