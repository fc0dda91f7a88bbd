// Requests and answers of the fake: query decoding, JSON and text answers, Google error bodies.
#include "server/exchange.h"

namespace covertype::fakecloud {

std::optional<Request> makeRequest(serving::HttpRequest http)
{
    Request r;
    std::string_view target = http.target;
    if (target.starts_with("http://") || target.starts_with("https://")) {
        target.remove_prefix(target.find("//") + 2);
        const size_t slash = target.find('/');
        target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    target = target.substr(0, target.find('#'));
    const size_t q = target.find('?');
    r.rawPath = std::string(target.substr(0, q));
    if (q != std::string_view::npos) {
        auto query = parseForm(target.substr(q + 1));
        if (!query)
            return std::nullopt;
        r.query = std::move(*query);
    }
    r.http = std::move(http);
    return r;
}

std::string Request::origin() const
{
    return "http://" + std::string(header("host"));
}

Response Response::json(int status, const nlohmann::json &body)
{
    Response r;
    r.status = status;
    r.body = body.dump();
    r.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
    return r;
}

Response Response::text(int status, std::string body, std::string contentType)
{
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Type", std::move(contentType));
    return r;
}

const char *reasonPhrase(int status)
{
    switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 206:
            return "Partial Content";
        case 304:
            return "Not Modified";
        case 308:
            return "Resume Incomplete";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 411:
            return "Length Required";
        case 412:
            return "Precondition Failed";
        case 413:
            return "Payload Too Large";
        case 416:
            return "Requested Range Not Satisfiable";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 499:
            return "Client Closed Request";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Unknown";
    }
}

const char *canonicalStatus(int httpStatus)
{
    switch (httpStatus) {
        case 200:
            return "OK";
        case 400:
            return "INVALID_ARGUMENT";
        case 401:
            return "UNAUTHENTICATED";
        case 403:
            return "PERMISSION_DENIED";
        case 404:
            return "NOT_FOUND";
        case 409:
            return "ALREADY_EXISTS";
        case 412:
            return "FAILED_PRECONDITION";
        case 416:
            return "OUT_OF_RANGE";
        case 429:
            return "RESOURCE_EXHAUSTED";
        case 499:
            return "CANCELLED";
        case 501:
            return "UNIMPLEMENTED";
        case 503:
            return "UNAVAILABLE";
        case 504:
            return "DEADLINE_EXCEEDED";
        default:
            return httpStatus >= 500 ? "INTERNAL" : "UNKNOWN";
    }
}

namespace {

const char *defaultReason(int httpStatus)
{
    switch (httpStatus) {
        case 400:
            return "invalid";
        case 401:
            return "authError";
        case 403:
            return "forbidden";
        case 404:
            return "notFound";
        case 409:
            return "conflict";
        case 412:
            return "conditionNotMet";
        case 416:
            return "requestedRangeNotSatisfiable";
        case 429:
            return "rateLimitExceeded";
        case 503:
            return "backendError";
        default:
            return httpStatus >= 500 ? "backendError" : "invalid";
    }
}

}  // namespace

Response googleError(int httpStatus, std::string_view message, std::string_view reason)
{
    const std::string why = reason.empty() ? defaultReason(httpStatus) : std::string(reason);
    return Response::json(
        httpStatus,
        {{"error",
          {{"code", httpStatus},
           {"message", message},
           {"status", canonicalStatus(httpStatus)},
           {"errors", {{{"message", message}, {"domain", "global"}, {"reason", why}}}}}}});
}

}  // namespace covertype::fakecloud
