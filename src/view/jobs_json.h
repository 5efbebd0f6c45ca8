// view: a job as the API shows it — its kind, state, progress and, when asked and done, its result.
#pragma once

#include <boost/json/object.hpp>

#include "core/jobs.h"

namespace chainscope {

/// {"job", "kind", "status", "progress": {"done", "total"}, "parts", "created_at", "href", "finished_at",
/// "result" (with_result, when done) | "error" and, for the server's own failures, "error_reason" (coded)}.
boost::json::object JobJson(const Job& job, bool with_result);

}  // namespace chainscope
