#include "service/errors.h"

#include <array>

namespace chainscope {
namespace {

constexpr std::array kTable{
    ErrorInfo{ErrorCode::kBadRequest, 400, "bad_request", 2},
    ErrorInfo{ErrorCode::kUnauthorized, 401, "unauthorized", 2},
    ErrorInfo{ErrorCode::kForbidden, 403, "forbidden", 2},
    ErrorInfo{ErrorCode::kNotFound, 404, "not_found", 2},
    ErrorInfo{ErrorCode::kMethodNotAllowed, 405, "method_not_allowed", 2},
    ErrorInfo{ErrorCode::kConflict, 409, "conflict", 2},
    ErrorInfo{ErrorCode::kPreconditionFailed, 412, "precondition_failed", 2},
    ErrorInfo{ErrorCode::kUnprocessable, 422, "unprocessable", 2},
    ErrorInfo{ErrorCode::kPayloadTooLarge, 413, "payload_too_large", 2},
    ErrorInfo{ErrorCode::kHeadersTooLarge, 431, "headers_too_large", 2},
    ErrorInfo{ErrorCode::kTooManyRequests, 429, "too_many_requests", 1},
    ErrorInfo{ErrorCode::kNotImplemented, 501, "not_implemented", 2},
    ErrorInfo{ErrorCode::kReadOnly, 503, "read_only", 1},
    ErrorInfo{ErrorCode::kOverloaded, 503, "overloaded", 1},
    ErrorInfo{ErrorCode::kDeadlineExceeded, 503, "deadline_exceeded", 130},  // 128 + SIGINT
    ErrorInfo{ErrorCode::kInternal, 500, "internal", 1},
};

constexpr bool InEnumOrder() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].code) != i) return false;
  return static_cast<std::size_t>(ErrorCode::kInternal) + 1 == kTable.size();
}
static_assert(InEnumOrder(), "kTable has one row per ErrorCode, in enum order");

}  // namespace

std::span<const ErrorInfo> ErrorTable() {
  return kTable;
}

const ErrorInfo& InfoOf(ErrorCode code) {
  return kTable[static_cast<std::size_t>(code)];
}

ErrorCode CodeOf(const std::exception& e) {
  if (const auto* s = dynamic_cast<const ServiceError*>(&e)) return s->code();
  if (dynamic_cast<const InvalidInput*>(&e)) return ErrorCode::kBadRequest;
  if (dynamic_cast<const NotFound*>(&e)) return ErrorCode::kNotFound;
  if (dynamic_cast<const Cancelled*>(&e)) return ErrorCode::kDeadlineExceeded;
  if (dynamic_cast<const Conflict*>(&e)) return ErrorCode::kConflict;
  if (dynamic_cast<const PreconditionFailed*>(&e)) return ErrorCode::kPreconditionFailed;
  return ErrorCode::kInternal;
}

}  // namespace chainscope
