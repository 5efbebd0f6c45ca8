#include "service/stress_jobs.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <span>

#include "service/errors.h"

namespace chainscope {
namespace json = boost::json;
namespace {

/// A part's node results, exactly (every field RankStress, StressJson and the assembly read).
json::object PartJson(const StressResult& r) {
  json::array nodes;
  for (const NodeRisk& n : r.nodes)
    nodes.push_back(json::array{n.node.value, n.ttr_days, n.tts_days, n.pi_vehicles, n.pi_value_yuan,
                                n.spend_yuan, n.reaches_vehicles, n.skipped, n.lp_columns, n.lp_rows,
                                n.lp_solves, static_cast<int>(n.status)});
  return json::object{
      {"nodes", std::move(nodes)}, {"lps", r.lps_solved}, {"skipped", r.skipped}, {"seconds", r.seconds}};
}

void AddPart(const json::object& part, StressResult& into) {
  for (const json::value& v : part.at("nodes").as_array()) {
    const json::array& a = v.as_array();
    NodeRisk n;
    n.node = EnterpriseId(static_cast<std::uint32_t>(a.at(0).to_number<std::uint64_t>()));
    n.ttr_days = a.at(1).to_number<double>();
    n.tts_days = a.at(2).to_number<double>();
    n.pi_vehicles = a.at(3).to_number<double>();
    n.pi_value_yuan = a.at(4).to_number<double>();
    n.spend_yuan = a.at(5).to_number<double>();
    n.reaches_vehicles = a.at(6).as_bool();
    n.skipped = a.at(7).as_bool();
    n.lp_columns = a.at(8).to_number<std::size_t>();
    n.lp_rows = a.at(9).to_number<std::size_t>();
    n.lp_solves = a.at(10).to_number<std::size_t>();
    n.status = static_cast<LpStatus>(a.at(11).to_number<int>());
    into.nodes.push_back(n);
  }
  into.lps_solved += part.at("lps").to_number<std::size_t>();
  into.skipped += part.at("skipped").to_number<std::size_t>();
  into.seconds += part.at("seconds").to_number<double>();
}

/// The sweep's parts: slices of StressNodes; a scenario is one part.
std::vector<std::pair<std::int64_t, std::int64_t>> SplitStress(const PlatformState& state,
                                                               const json::object& body,
                                                               const CostBounds& costs) {
  if (StressRequestOf(body).scenario) return {{0, 1}};
  const auto nodes = static_cast<std::int64_t>(StressNodes(*state.chain).size());
  RefuseOverBound("sweep", "sweep", static_cast<std::size_t>(nodes), costs.sweep_nodes,
                  "nodes (enterprises to stress)", "--max-sweep-nodes",
                  "run a scenario for the part of the chain in question instead");
  const std::int64_t parts =
      std::clamp<std::int64_t>((nodes + kSweepPartNodes - 1) / kSweepPartNodes, 1, kMaxSweepParts);
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::int64_t p = 0; p < parts; ++p) out.emplace_back(nodes * p / parts, nodes * (p + 1) / parts);
  return out;
}

json::value RunStressPart(const PlatformState& state, const json::object& body, std::int64_t first,
                          std::int64_t last, JobControl& control, const StressRenderings& render) {
  const StressRequest request = StressRequestOf(body);
  const Network& net = *state.chain;
  const SupplyNetwork chain(net);
  if (request.scenario) {
    control.total = 1;
    json::value out = render.scenario(
        net, RunScenario(chain, *request.scenario, request.options.model, {}, &control.cancel));
    control.done = 1;
    return out;
  }
  const std::vector<EnterpriseId> nodes = StressNodes(net);
  if (first < 0 || last > static_cast<std::int64_t>(nodes.size()) || first > last)
    throw Error("the sweep's nodes changed since the job was split");
  const std::span<const EnterpriseId> slice(nodes.begin() + first, nodes.begin() + last);
  control.total = slice.size();
  return PartJson(RunStressOn(
      chain, request.options, slice,
      [&](std::size_t done, std::size_t total) {
        control.total = total;
        control.done = done;
      },
      &control.cancel));
}

/// The sweep's result of its parts (ranked as one run), with mitigations for the riskiest nodes.
json::value AssembleStress(const Platform& platform, const PlatformState& state, const json::object& body,
                           std::vector<json::value> parts, JobControl& control,
                           const StressRenderings& render) {
  const StressRequest request = StressRequestOf(body);
  if (request.scenario) return std::move(parts.at(0));
  const Network& net = *state.chain;
  const SupplyNetwork chain(net);
  StressReport report;
  StressResult& r = report.result;
  r.assumptions = chain.assumptions();
  for (const json::value& part : parts) AddPart(part.as_object(), r);
  RankStress(r);
  if (request.mitigate > 0) {
    control.total = std::min(r.nodes.size(), request.mitigate);
    report.mitigations = MitigateRiskiest(
        chain, *platform.Book(state), r, request.options, request.mitigate,
        [&](std::size_t done, std::size_t) { control.done = done; }, &control.cancel);
  }
  return render.sweep(chain, request.options, report);
}

}  // namespace

std::map<std::string, JobKind> StressJobKinds(std::shared_ptr<const Platform> platform,
                                              const CostBounds& costs, StressRenderings render) {
  JobKind stress{
      [costs](const PlatformState& state, const json::object& body) {
        return SplitStress(state, body, costs);
      },
      [render](const PlatformState& state, const json::object& body, std::int64_t first, std::int64_t last,
               JobControl& control) { return RunStressPart(state, body, first, last, control, render); },
      [platform, render](const PlatformState& state, const json::object& body, std::vector<json::value> parts,
                         JobControl& control) {
        return AssembleStress(*platform, state, body, std::move(parts), control, render);
      }};
  return {{"stress", stress}, {"scenario", stress}};
}

StressStarted StartStress(JobWorkers& jobs, const PlatformState& state, const json::object& body,
                          const CostBounds& costs, const Principal& actor) {
  const StressRequest request = StressRequestOf(body);
  StressStarted out;
  if (request.scenario) {
    const ScenarioPlan plan =
        PlanScenario(SupplyNetwork(*state.chain), *request.scenario, request.options.model);
    RefuseOverBound("scenario_program", "scenario's largest program", plan.largest_lp_columns,
                    costs.scenario_lp_columns, "LP columns", "--max-scenario-columns",
                    "use longer buckets (bucket_days), a shorter horizon or fewer disruption windows");
    RefuseOverBound("scenario_results", "scenario's results", plan.result_cells, costs.scenario_result_cells,
                    "(bucket, item) cells", "--max-scenario-results",
                    "use longer buckets (bucket_days) or a shorter horizon");
    out.scenario_plan = plan;
  }
  const std::size_t nodes = request.scenario ? 0 : StressNodes(*state.chain).size();
  out.estimated_seconds = CheckJobSeconds(out.scenario_plan, nodes, jobs.options().workers, costs.job_seconds,
                                          "serve --max-job-seconds");
  std::optional<Job> job = jobs.Submit(request.scenario ? "scenario" : "stress", body, AuditOf(actor));
  if (!job)
    throw ServiceError(ErrorCode::kTooManyRequests,
                       fmt::format("{} stress jobs are queued or running; wait for one or cancel it",
                                   jobs.options().max_unfinished));
  out.job = std::move(*job);
  return out;
}

std::vector<Job> StressJobs(JobWorkers& jobs) {
  return jobs.store().Jobs(kKeptFinishedJobs);
}

Job StressJob(JobWorkers& jobs, const std::string& id, bool with_result) {
  if (std::optional<Job> job = jobs.store().FindJob(id, with_result)) return *job;
  throw ServiceError(ErrorCode::kNotFound, fmt::format("no stress job '{}'", id));
}

bool EndStressJob(JobWorkers& jobs, const std::string& id, const Principal& actor) {
  return jobs.store().CancelJob(id, AuditOf(actor));  // NotFound for an unknown id
}

}  // namespace chainscope
