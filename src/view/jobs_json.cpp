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

}  // namespace chainscope
