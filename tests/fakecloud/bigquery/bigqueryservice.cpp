// Routing of the fake BigQuery API v2.
#include "bigquery/bigqueryservice.h"

#include <charconv>
#include <vector>

namespace covertype::fakecloud::bigquery {

namespace {

constexpr std::string_view kPrefix = "/bigquery/v2/";

std::expected<nlohmann::json, BqError> jsonBody(const Request &request)
{
    if (request.body().find_first_not_of(" \t\r\n") == std::string::npos)
        return nlohmann::json::object();
    auto json = nlohmann::json::parse(request.body(), nullptr, false);
    if (json.is_discarded())
        return std::unexpected(
            BqError{400, "parseError", "Parse Error: the body is not JSON.", {}});
    return json;
}

std::expected<JobStore::Page, BqError> readPage(const Request &request)
{
    JobStore::Page page;
    for (const char *key : {"maxResults", "startIndex"}) {
        const auto value = request.queryValue(key);
        if (!value)
            continue;
        int64_t v = 0;
        const auto r = std::from_chars(value->data(), value->data() + value->size(), v);
        if (r.ec != std::errc() || r.ptr != value->data() + value->size() || v < 0)
            return std::unexpected(
                BqError::invalid("Invalid value for " + std::string(key) + ": " + *value));
        if (std::string_view(key) == "maxResults")
            page.maxResults = v;
        else
            page.startIndex = v;
    }
    page.pageToken = request.queryValue("pageToken").value_or("");
    return page;
}

Response answer(const std::expected<nlohmann::json, BqError> &result)
{
    return result ? Response::json(200, *result) : result.error().toResponse();
}

Response methodNotAllowed(const Request &request)
{
    return BqError{
        405,
        "notImplemented",
        "The fake BigQuery does not implement " + request.method() + " " + request.rawPath,
        {}}
        .toResponse();
}

}  // namespace

BigQueryService::BigQueryService(BucketStore &buckets) : m_jobs(m_tables, buckets) {}

bool BigQueryService::accepts(const Request &request) const
{
    return request.rawPath.starts_with(kPrefix);
}

Response BigQueryService::handle(const Request &request)
{
    std::vector<std::string> parts;
    std::string_view rest = std::string_view(request.rawPath).substr(kPrefix.size());
    while (!rest.empty()) {
        const size_t slash = rest.find('/');
        const auto part = percentDecode(rest.substr(0, slash), false);
        if (!part)
            return BqError::invalid("Malformed path").toResponse();
        parts.push_back(*part);
        if (slash == std::string_view::npos)
            break;
        rest.remove_prefix(slash + 1);
    }
    if (parts.size() < 3 || parts[0] != "projects")
        return BqError{404, "notFound", "Not found: " + request.rawPath, {}}.toResponse();
    const std::string &project = parts[1];
    const std::string &method = request.method();
    const std::string location = request.queryValue("location").value_or("");

    if (parts[2] == "datasets") {
        if (parts.size() == 3) {
            if (method == "GET")
                return Response::json(200, m_tables.listDatasets(project));
            if (method == "POST") {
                const auto body = jsonBody(request);
                if (!body)
                    return body.error().toResponse();
                return answer(m_tables.insertDataset(project, *body));
            }
            return methodNotAllowed(request);
        }
        const std::string &dataset = parts[3];
        if (parts.size() == 4) {
            if (method == "GET")
                return answer(m_tables.getDataset(project, dataset));
            if (method == "DELETE") {
                const bool contents = request.queryValue("deleteContents").value_or("") == "true";
                const auto r = m_tables.deleteDataset(project, dataset, contents);
                return r ? Response::text(204, {}) : r.error().toResponse();
            }
            return methodNotAllowed(request);
        }
        if (parts[4] != "tables")
            return BqError{404, "notFound", "Not found: " + request.rawPath, {}}.toResponse();
        if (parts.size() == 5) {
            if (method == "GET")
                return answer(m_tables.listTables(project, dataset));
            return methodNotAllowed(request);
        }
        const TableRef ref{project, dataset, parts[5]};
        if (parts.size() == 6) {
            if (method == "GET")
                return answer(m_tables.getTable(ref));
            if (method == "DELETE") {
                const auto r = m_tables.deleteTable(ref);
                return r ? Response::text(204, {}) : r.error().toResponse();
            }
            return methodNotAllowed(request);
        }
        if (parts.size() == 7 && parts[6] == "data" && method == "GET") {
            const auto page = readPage(request);
            if (!page)
                return page.error().toResponse();
            return answer(m_jobs.tableData(ref, *page));
        }
        return methodNotAllowed(request);
    }
    if (parts[2] == "jobs") {
        if (parts.size() == 3) {
            if (method == "GET")
                return Response::json(200, m_jobs.list(project));
            if (method == "POST") {
                const auto body = jsonBody(request);
                if (!body)
                    return body.error().toResponse();
                return answer(m_jobs.insert(project, *body));
            }
            return methodNotAllowed(request);
        }
        if (parts.size() == 4 && method == "GET")
            return answer(m_jobs.get(project, parts[3], location));
        if (parts.size() == 5 && parts[4] == "cancel" && method == "POST")
            return answer(m_jobs.cancel(project, parts[3], location));
        return methodNotAllowed(request);
    }
    if (parts[2] == "queries") {
        if (parts.size() == 3 && method == "POST") {
            const auto body = jsonBody(request);
            if (!body)
                return body.error().toResponse();
            return answer(m_jobs.query(project, *body));
        }
        if (parts.size() == 4 && method == "GET") {
            const auto page = readPage(request);
            if (!page)
                return page.error().toResponse();
            return answer(m_jobs.queryResults(project, parts[3], location, *page));
        }
        return methodNotAllowed(request);
    }
    return BqError{404, "notFound", "Not found: " + request.rawPath, {}}.toResponse();
}

}  // namespace covertype::fakecloud::bigquery
