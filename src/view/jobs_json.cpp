#include "view/jobs_json.h"

#include <boost/json.hpp>

#include "service/jobs.h"
#include "view/json_out.h"

namespace chainscope {
namespace json = boost::json;

json::object JobJson(const Job& job, bool with_result) {
  json::object o{{"job", job.id},
                 {"kind", job.kind},
                 {"status", ToString(job.state)},
                 {"progress", json::object{{"done", job.done}, {"total", job.total}}},
                 {"parts", job.parts},
                 {"created_at", job.created_at},
                 {"href", "/api/v1/stress/" + job.id}};
  if (!job.finished_at.empty()) o["finished_at"] = job.finished_at;
  if (job.state == JobState::kFailed) {
    o["error"] = job.error;
    if (const std::optional<Message> reason = JobErrorReason(job)) o["error_reason"] = MessageJson(*reason);
  }
  if (with_result && job.state == JobState::kDone) o["result"] = json::parse(job.result);
  return o;
}

json::object StressCostJson(const Job& job, const std::optional<ScenarioPlan>& scenario,
                            double estimated_seconds, const CostBounds& bounds) {
  if (!scenario)
    return {{"nodes", job.total},
            {"nodes_bound", bounds.sweep_nodes},
            {"estimated_seconds", estimated_seconds},
            {"seconds_bound", bounds.job_seconds}};
  const ScenarioPlan& plan = *scenario;
  return {{"estimated_seconds", estimated_seconds},
          {"seconds_bound", bounds.job_seconds},
          {"buckets", plan.buckets},
          {"bucket_days", plan.bucket_days},
          {"horizon_days", plan.horizon_days},
          {"lp_columns", plan.lp_columns},
          {"largest_lp_columns_bound", bounds.scenario_lp_columns},
          {"runs", plan.runs},
          {"largest_lp_columns", plan.largest_lp_columns},
          {"result_cells", plan.result_cells},
          {"result_cells_bound", bounds.scenario_result_cells}};
}

}  // namespace chainscope
