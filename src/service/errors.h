// service: the one error table. Every failure a front end reports has an ErrorCode; this table maps it to
// its HTTP status, its machine name in JSON error bodies, and the CLI's exit code. Engines throw the plain
// exceptions of core/model.h (InvalidInput, NotFound, Conflict, PreconditionFailed); ServiceError carries
// any other code. CodeOf turns either into a code, so nothing else decides a status.
#pragma once

#include <exception>
#include <span>
#include <string>
#include <string_view>

#include "core/model.h"

namespace chainscope {

enum class ErrorCode {
  kBadRequest,          // malformed or invalid request: every validation failure
  kUnauthorized,        // no or bad credentials
  kForbidden,           // authenticated, not allowed
  kNotFound,            // no such route, record or file
  kMethodNotAllowed,    // the path exists, the method does not
  kConflict,            // the id is taken
  kPreconditionFailed,  // If-Match does not match the record's ETag
  kUnprocessable,       // well-formed, but its content cannot be applied (an import with rows in error)
  kPayloadTooLarge,
  kHeadersTooLarge,
  kTooManyRequests,   // a per-client or per-kind bound (jobs, connections from one address)
  kNotImplemented,    // e.g. a transfer coding we do not decode
  kReadOnly,          // this server has no writable store
  kOverloaded,        // over the time budget or the queue bound: retry later
  kDeadlineExceeded,  // stopped before it finished: past the request's deadline (the CLI: Ctrl-C)
  kInternal,          // a bug or an unreachable store: details go to the log only
};

struct ErrorInfo {
  ErrorCode code;
  int http_status;
  std::string_view name;  // "bad_request", …: the "code" of a JSON error body
  int exit_code;          // the CLI's: 2 for what the user can fix, 1 otherwise
};

/// Every code's row, in enum order.
std::span<const ErrorInfo> ErrorTable();
const ErrorInfo& InfoOf(ErrorCode code);

/// A failure with an explicit code; `message` is for the person (never internal detail).
class ServiceError : public Error {
 public:
  ServiceError(ErrorCode code, const std::string& message, int retry_after_seconds = 0)
      : Error(message), code_(code), retry_after_seconds_(retry_after_seconds) {}
  /// With the text for people as a code and parameters.
  ServiceError(ErrorCode code, Message reason) : Error(std::move(reason)), code_(code) {}
  ErrorCode code() const { return code_; }
  /// For kTooManyRequests and kOverloaded: when to try again (the Retry-After header); 0 = not said.
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  ErrorCode code_;
  int retry_after_seconds_ = 0;
};

/// The code of any exception: ServiceError's own, InvalidInput → bad request, NotFound, Conflict,
/// PreconditionFailed, Cancelled → deadline exceeded; anything else is internal.
ErrorCode CodeOf(const std::exception& e);

}  // namespace chainscope
