// service: what one expensive request may cost on this server — the configured bounds (serve --max-…) on
// sweeps, scenarios, allocations and what-ifs — and the one refusal of a request over one. Each request's
// cost is computed before it runs, from the snapshot alone (nodes, LP columns, result cells, arcs, links),
// stated in its answer, and compared here; an engine's own hard limits (kMaxScenarioLpColumns, …) stay
// above any configured bound.
#pragma once

#include <cstddef>
#include <string_view>

#include "resilience/scenario.h"

namespace chainscope {

/// serve --max-job-seconds and chainscope stress --max-seconds by default, and the most they may be.
inline constexpr double kDefaultMaxJobSeconds = 120;
inline constexpr double kMostMaxJobSeconds = 86'400;

struct CostBounds {
  /// Enterprises a stress sweep runs (StressNodes); scale 100 of the calibrated chain has about 166,000.
  std::size_t sweep_nodes = 250'000;
  /// LP columns of a scenario's largest program, and the (bucket, item) results it keeps.
  std::size_t scenario_lp_columns = kMaxScenarioLpColumns;
  std::size_t scenario_result_cells = kMaxScenarioResultCells;
  /// Supplier–demand arcs an allocation may build, at most (every open option of each demand's component).
  std::size_t allocation_arcs = 20'000'000;
  /// Links a what-if copies and recomputes the measures over.
  std::size_t what_if_links = 5'000'000;
  /// The estimated run time of a job (a sweep, a scenario), seconds: more is refused before it starts
  /// (serve --max-job-seconds); a part running 3× as long is stopped (JobOptions::max_part_run).
  double job_seconds = kDefaultMaxJobSeconds;
};

/// Throws InvalidInput when `cost` is over `bound`: "the {what} would cost {cost} {unit}, over this server's
/// bound of {bound} (serve {flag}); {change}", coded "cost.over_bound" with `key` (sweep, scenario_program,
/// scenario_results, allocation, what_if: what the front end words), cost, bound and flag.
void RefuseOverBound(std::string_view key, std::string_view what, std::size_t cost, std::size_t bound,
                     std::string_view unit, std::string_view flag, std::string_view change);

/// Throws InvalidInput when the estimated run time is over `bound_seconds`: "the {what} would run about {s} s
/// by the cost model, over the bound of {bound} s ({flag}); {change}", coded "cost.over_time" with `key`
/// (job_sweep, job_scenario), seconds, bound and flag.
void RefuseOverSeconds(std::string_view key, std::string_view what, double seconds, double bound_seconds,
                       std::string_view flag, std::string_view change);

/// Checks the configured bounds when the server starts: each ≥ 1 and the scenario bounds within the engine's
/// own limits. Throws InvalidInput naming the flag.
void CheckCostBounds(const CostBounds& bounds);

}  // namespace chainscope
