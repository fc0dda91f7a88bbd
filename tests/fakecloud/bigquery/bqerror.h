// BigQuery's errors (an HTTP status with errors[].reason, or a job's errorResult) and its
// resource names: project, dataset, table and job ids checked as the service checks them.
#pragma once

#include <nlohmann/json.hpp>

#include <expected>
#include <string>
#include <string_view>

#include "server/exchange.h"

namespace covertype::fakecloud::bigquery {

/// One BigQuery error: the REST answer {"error":{code, message, status, errors:[{message,
/// domain, reason, location}]}} or, inside a job, errorResult {reason, message, location}.
struct BqError
{
    int httpStatus = 400;
    std::string reason = "invalid";  ///< notFound, duplicate, invalidQuery, invalid, stopped...
    std::string message;
    std::string location;  ///< "query", a gs:// URI...; empty when none

    [[nodiscard]] Response toResponse() const;
    [[nodiscard]] nlohmann::json toJson() const;  ///< the errorResult / errors[] entry

    [[nodiscard]] static BqError notFound(std::string message);
    [[nodiscard]] static BqError duplicate(std::string message);
    [[nodiscard]] static BqError invalid(std::string message);
};

/// A table's full name.
struct TableRef
{
    std::string project;
    std::string dataset;
    std::string table;
    [[nodiscard]] std::string display() const;  ///< "project:dataset.table", as BigQuery names it
    bool operator==(const TableRef &) const = default;
};

/// What is wrong with an id ("" when it is valid): projects 6-63 characters of lowercase
/// letters, digits, '-', '.', ':' (domain-scoped "example.com:p"); datasets 1-1024 letters,
/// digits and '_'; tables 1-1024 bytes of letters, digits, '_', '-' and ' ' (the fake does not
/// take the other Unicode categories BigQuery allows); jobs 1-1024 letters, digits, '_', '-'.
[[nodiscard]] std::string checkProjectId(std::string_view id);
[[nodiscard]] std::string checkDatasetId(std::string_view id);
[[nodiscard]] std::string checkTableId(std::string_view id);
[[nodiscard]] std::string checkJobId(std::string_view id);

/// A {projectId, datasetId, tableId} object from a request, every id checked; `field` names it
/// in errors ("configuration.query.destinationTable").
[[nodiscard]] std::expected<TableRef, BqError> readTableRef(const nlohmann::json &json,
                                                            const std::string &field);

}  // namespace covertype::fakecloud::bigquery
