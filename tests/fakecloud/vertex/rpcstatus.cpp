// google.rpc.Status errors: code names, HTTP mapping and bodies.
#include "vertex/rpcstatus.h"

namespace covertype::fakecloud::vertex {

int RpcError::httpStatus() const
{
    switch (code) {
        case RpcCode::Ok:
            return 200;
        case RpcCode::Cancelled:
            return 499;
        case RpcCode::InvalidArgument:
        case RpcCode::FailedPrecondition:
        case RpcCode::OutOfRange:
            return 400;
        case RpcCode::DeadlineExceeded:
            return 504;
        case RpcCode::NotFound:
            return 404;
        case RpcCode::AlreadyExists:
        case RpcCode::Aborted:
            return 409;
        case RpcCode::PermissionDenied:
            return 403;
        case RpcCode::ResourceExhausted:
            return 429;
        case RpcCode::Unimplemented:
            return 501;
        case RpcCode::Unavailable:
            return 503;
        case RpcCode::Unauthenticated:
            return 401;
        case RpcCode::Unknown:
        case RpcCode::Internal:
        case RpcCode::DataLoss:
            return 500;
    }
    return 500;
}

const char *RpcError::statusName() const
{
    switch (code) {
        case RpcCode::Ok:
            return "OK";
        case RpcCode::Cancelled:
            return "CANCELLED";
        case RpcCode::Unknown:
            return "UNKNOWN";
        case RpcCode::InvalidArgument:
            return "INVALID_ARGUMENT";
        case RpcCode::DeadlineExceeded:
            return "DEADLINE_EXCEEDED";
        case RpcCode::NotFound:
            return "NOT_FOUND";
        case RpcCode::AlreadyExists:
            return "ALREADY_EXISTS";
        case RpcCode::PermissionDenied:
            return "PERMISSION_DENIED";
        case RpcCode::ResourceExhausted:
            return "RESOURCE_EXHAUSTED";
        case RpcCode::FailedPrecondition:
            return "FAILED_PRECONDITION";
        case RpcCode::Aborted:
            return "ABORTED";
        case RpcCode::OutOfRange:
            return "OUT_OF_RANGE";
        case RpcCode::Unimplemented:
            return "UNIMPLEMENTED";
        case RpcCode::Internal:
            return "INTERNAL";
        case RpcCode::Unavailable:
            return "UNAVAILABLE";
        case RpcCode::DataLoss:
            return "DATA_LOSS";
        case RpcCode::Unauthenticated:
            return "UNAUTHENTICATED";
    }
    return "UNKNOWN";
}

namespace {

nlohmann::json details(const std::vector<FieldViolation> &violations)
{
    nlohmann::json out = nlohmann::json::array();
    if (violations.empty())
        return out;
    nlohmann::json list = nlohmann::json::array();
    for (const auto &v : violations) {
        nlohmann::json one = nlohmann::json::object();
        if (!v.field.empty())
            one["field"] = v.field;
        one["description"] = v.description;
        list.push_back(std::move(one));
    }
    out.push_back(
        {{"@type", "type.googleapis.com/google.rpc.BadRequest"}, {"fieldViolations", list}});
    return out;
}

}  // namespace

nlohmann::json RpcError::status() const
{
    nlohmann::json out = {{"code", int(code)}, {"message", message}};
    if (!violations.empty())
        out["details"] = details(violations);
    return out;
}

Response RpcError::response() const
{
    nlohmann::json error = {{"code", httpStatus()}, {"message", message}, {"status", statusName()}};
    if (!violations.empty())
        error["details"] = details(violations);
    return Response::json(httpStatus(), {{"error", error}});
}

RpcError invalidArgument(std::string message, std::vector<FieldViolation> violations)
{
    return {RpcCode::InvalidArgument, std::move(message), std::move(violations)};
}

RpcError notFound(std::string message)
{
    return {RpcCode::NotFound, std::move(message), {}};
}

RpcError failedPrecondition(std::string message)
{
    return {RpcCode::FailedPrecondition, std::move(message), {}};
}

}  // namespace covertype::fakecloud::vertex
