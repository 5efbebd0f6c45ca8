// view: a job as the API shows it — its kind, state, progress and, when asked and done, its result.
#pragma once

#include <boost/json/object.hpp>

#include <optional>

#include "core/jobs.h"
#include "resilience/scenario.h"
#include "service/cost.h"

namespace chainscope {

/// {"job", "kind", "status", "progress": {"done", "total"}, "parts", "created_at", "href", "finished_at",
/// "result" (with_result, when done) | "error" and, for the server's own failures, "error_reason" (coded)}.
boost::json::object JobJson(const Job& job, bool with_result);

/// What a started job costs against the server's bounds: {estimated_seconds, seconds_bound} (the cost
/// model's run time) and {nodes, nodes_bound} for a sweep (its node count is the job's total); {buckets,
/// bucket_days, horizon_days, lp_columns, runs, largest_lp_columns(_bound), result_cells(_bound)} for a
/// scenario.
boost::json::object StressCostJson(const Job& job, const std::optional<ScenarioPlan>& scenario,
                                   double estimated_seconds, const CostBounds& bounds);

}  // namespace chainscope
