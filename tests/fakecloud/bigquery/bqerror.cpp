// BigQuery error shapes and id rules.
#include "bigquery/bqerror.h"

#include <algorithm>
#include <cctype>

namespace covertype::fakecloud::bigquery {

namespace {

bool isWordChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

}  // namespace

Response BqError::toResponse() const
{
    nlohmann::json entry = toJson();
    entry["domain"] = "global";
    if (!location.empty())
        entry["locationType"] = location == "q" ? "parameter" : "other";
    return Response::json(httpStatus, {{"error",
                                        {{"code", httpStatus},
                                         {"message", message},
                                         {"status", canonicalStatus(httpStatus)},
                                         {"errors", nlohmann::json::array({entry})}}}});
}

nlohmann::json BqError::toJson() const
{
    nlohmann::json out = {{"reason", reason}, {"message", message}};
    if (!location.empty())
        out["location"] = location;
    return out;
}

BqError BqError::notFound(std::string message)
{
    return {404, "notFound", "Not found: " + message, {}};
}

BqError BqError::duplicate(std::string message)
{
    return {409, "duplicate", "Already Exists: " + message, {}};
}

BqError BqError::invalid(std::string message)
{
    return {400, "invalid", std::move(message), {}};
}

std::string TableRef::display() const
{
    return project + ":" + dataset + "." + table;
}

std::string checkProjectId(std::string_view id)
{
    if (id.size() < 6 || id.size() > 63)
        return "Invalid project ID '" + std::string(id) + "': it must have 6 to 63 characters.";
    for (const char c : id)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':'))
            return "Invalid project ID '" + std::string(id) +
                   "'. Project IDs must contain 6-63 lowercase letters, digits, or dashes. Some "
                   "project IDs also include domain name separated by a colon. IDs must start "
                   "with a letter and may not end with a dash.";
    if (!std::islower(static_cast<unsigned char>(id.front())) || id.back() == '-')
        return "Invalid project ID '" + std::string(id) +
               "': it must start with a letter and "
               "may not end with a dash.";
    return {};
}

std::string checkDatasetId(std::string_view id)
{
    if (id.empty() || id.size() > 1024 || !std::ranges::all_of(id, isWordChar))
        return "Invalid dataset ID \"" + std::string(id) +
               "\". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 "
               "characters long.";
    return {};
}

std::string checkTableId(std::string_view id)
{
    if (id.empty() || id.size() > 1024 ||
        !std::ranges::all_of(id, [](char c) { return isWordChar(c) || c == '-' || c == ' '; }))
        return "Invalid table ID \"" + std::string(id) +
               "\". Table IDs must be alphanumeric (plus underscores) and must be at most 1024 "
               "characters long. Also, Table decorators cannot be used.";
    return {};
}

std::string checkJobId(std::string_view id)
{
    if (id.empty() || id.size() > 1024 ||
        !std::ranges::all_of(id, [](char c) { return isWordChar(c) || c == '-'; }))
        return "Invalid job ID \"" + std::string(id) +
               "\". Job IDs must be alphanumeric (plus underscores and dashes) and must be at "
               "most 1024 characters long.";
    return {};
}

std::expected<TableRef, BqError> readTableRef(const nlohmann::json &json, const std::string &field)
{
    if (!json.is_object())
        return std::unexpected(BqError::invalid(field + " must be an object."));
    TableRef ref;
    for (const auto &[key, value] : json.items()) {
        if (key != "projectId" && key != "datasetId" && key != "tableId")
            return std::unexpected(
                BqError::invalid("Invalid JSON payload received. Unknown name \"" + key +
                                 "\" at '" + field + "': Cannot find field."));
        if (!value.is_string())
            return std::unexpected(
                BqError::invalid("Invalid value at '" + field + "." + key + "' (TYPE_STRING)"));
    }
    ref.project = json.value("projectId", "");
    ref.dataset = json.value("datasetId", "");
    ref.table = json.value("tableId", "");
    for (const std::string &problem :
         {checkProjectId(ref.project), checkDatasetId(ref.dataset), checkTableId(ref.table)})
        if (!problem.empty())
            return std::unexpected(BqError::invalid(problem + " (" + field + ")"));
    return ref;
}

}  // namespace covertype::fakecloud::bigquery
