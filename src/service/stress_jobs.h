// service: stress sweeps and scenarios as background jobs (service/jobs.h). A request is checked, planned
// and costed before it is accepted; a sweep is split into parts of about kSweepPartNodes nodes that any
// server's workers run; the assembling part ranks the nodes of every part as one run and adds mitigations
// for the riskiest. What a job's result looks like is the view's to say: the server passes the renderings.
#pragma once

#include <boost/json/fwd.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "resilience/scenario.h"
#include "resilience/stress.h"
#include "resilience/supply_network.h"
#include "service/access.h"
#include "service/cost.h"
#include "service/jobs.h"
#include "service/matching.h"
#include "service/platform.h"
#include "service/resilience.h"

namespace chainscope {

/// A sweep is split into parts of about this many nodes (at most kMaxSweepParts), which the servers on the
/// store run side by side.
inline constexpr std::int64_t kSweepPartNodes = 25;
inline constexpr std::int64_t kMaxSweepParts = 24;

/// How a finished job's result is written (the view's renderings, given by the server).
struct StressRenderings {
  std::function<boost::json::value(const Network&, const ScenarioResult&)> scenario;
  std::function<boost::json::value(const SupplyNetwork&, const StressOptions&, const StressReport&)> sweep;
};

/// The job kinds "stress" and "scenario" for JobWorkers, over `platform`'s chain and bounded by `costs`.
std::map<std::string, JobKind> StressJobKinds(std::shared_ptr<const Platform> platform,
                                              const CostBounds& costs, StressRenderings render);

/// A started job and what it costs: the scenario's plan, or the sweep's node count (job.total).
struct StressStarted {
  Job job;
  std::optional<ScenarioPlan> scenario_plan;
  double estimated_seconds = 0;  // by the cost model (EstimateScenarioSeconds, EstimateSweepSeconds)
};
/// Checks the request (StressRequestOf), plans a scenario and refuses one over the bounds on its program or
/// its results (or naming an unknown target), then submits the job. kTooManyRequests when the bound on
/// queued and running jobs is reached.
StressStarted StartStress(JobWorkers& jobs, const PlatformState& state, const boost::json::object& body,
                          const CostBounds& costs, const Principal& actor);
/// The jobs kept (queued, running, and the newest finished ones), newest first, without results.
std::vector<Job> StressJobs(JobWorkers& jobs);
/// A job (with its result when `with_result`); NotFound for an unknown id.
Job StressJob(JobWorkers& jobs, const std::string& id, bool with_result);
/// Cancels a queued or running job (true), or forgets a finished one (false); NotFound for an unknown id.
bool EndStressJob(JobWorkers& jobs, const std::string& id, const Principal& actor);

}  // namespace chainscope
