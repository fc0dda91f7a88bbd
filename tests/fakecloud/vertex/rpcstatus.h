// google.rpc.Status errors as Vertex AI answers them: canonical codes, their HTTP statuses and
// the {"error": {code, message, status, details}} body (google-cloud-api.md section E).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "server/exchange.h"

namespace covertype::fakecloud::vertex {

/// google.rpc.Code values the fake uses.
enum class RpcCode {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};

struct FieldViolation
{
    std::string field;  ///< proto path ("custom_job.job_spec.worker_pool_specs[0]"), may be ""
    std::string description;
};

/// An error of a call or inside an operation or job.
struct RpcError
{
    RpcCode code = RpcCode::Unknown;
    std::string message;
    std::vector<FieldViolation> violations;  ///< a google.rpc.BadRequest detail when not empty

    [[nodiscard]] int httpStatus() const;
    [[nodiscard]] const char *statusName() const;
    /// The bare Status ({code, message, details}) an Operation or a job holds.
    [[nodiscard]] nlohmann::json status() const;
    /// The HTTP answer: {"error": {code (HTTP), message, status, details}}.
    [[nodiscard]] Response response() const;
};

[[nodiscard]] RpcError invalidArgument(std::string message,
                                       std::vector<FieldViolation> violations = {});
[[nodiscard]] RpcError notFound(std::string message);
[[nodiscard]] RpcError failedPrecondition(std::string message);

}  // namespace covertype::fakecloud::vertex
