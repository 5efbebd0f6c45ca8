// service: the resilience use cases that need more than the resilience engine — mitigations for a sweep's
// riskiest nodes, whose second sources come from the matchmaking engine (engines never call each other, so
// they meet here) — and the sweep and the scenario as one process runs them (the CLI's `stress`; the API
// runs them as jobs, service/stress_jobs.h). The API's stress jobs and the CLI both call MitigateRiskiest.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "match/supply_book.h"
#include "resilience/scenario.h"
#include "resilience/stress.h"
#include "service/cost.h"

namespace chainscope {

/// For each buyer the node ships to: the best-ranked maker of the component (matchmaking engine, the buyer's
/// volume from the node as the quantity; the first 20 candidates) that is neither the node nor already a
/// supplier of it, as (source, producer) of the chain. O(links of the node × one TopK).
std::vector<std::pair<std::uint32_t, std::uint32_t>> SecondSourcesFor(const SupplyNetwork& chain,
                                                                      const SupplyBook& book,
                                                                      EnterpriseId node);

/// Mitigations (buffer stock, second sources) for the first `count` nodes of a ranked sweep, skipping those
/// that lose nothing; `progress(done, count)` after each node. Stops early, with what it has, once `cancel`
/// is set.
std::vector<Mitigation> MitigateRiskiest(const SupplyNetwork& chain, const SupplyBook& book,
                                         const StressResult& ranked, const StressOptions& options,
                                         std::size_t count,
                                         const std::function<void(std::size_t, std::size_t)>& progress = {},
                                         const std::atomic<bool>* cancel = nullptr);

/// How a scenario or sweep in this process is bounded: its estimated run time (the cost model) at most
/// `max_seconds` (refused naming `flag`, before any work), `on_estimate(seconds)` told before it starts,
/// and `stop` (Ctrl-C) looked at while it runs (Cancelled).
struct RunBounds {
  double max_seconds = kDefaultMaxJobSeconds;
  std::string flag = "--max-seconds";
  std::function<void(double)> on_estimate = {};
  const std::atomic<bool>* stop = nullptr;
};

/// A job's estimated run time, seconds: the scenario's (its plan's, EstimateScenarioSeconds) or, without
/// one, the sweep's of `nodes` on `cores` (EstimateSweepSeconds); refused with cost.over_time over
/// `bound_seconds`, naming `flag` (the server's --max-job-seconds, the CLI's --max-seconds).
double CheckJobSeconds(const std::optional<ScenarioPlan>& scenario, std::size_t nodes, unsigned cores,
                       double bound_seconds, std::string_view flag);

/// A ranked sweep and the mitigations for its riskiest nodes: what a stress test answers.
struct StressReport {
  StressResult result;
  std::vector<Mitigation> mitigations;
};
/// The whole sweep in this process, then mitigations for the `mitigate` riskiest nodes (their second sources
/// from `book`); `progress(done, total)` over the nodes. Refused over `bounds.max_seconds` (the sweep's
/// estimate on options.threads cores, all cores when 0); Cancelled once `bounds.stop` is set.
StressReport RunStressSweep(const SupplyNetwork& chain, const SupplyBook& book, const StressOptions& options,
                            std::size_t mitigate,
                            const std::function<void(std::size_t, std::size_t)>& progress = {},
                            const RunBounds& bounds = {});

/// A scenario read from its JSON document (`source` names it in errors: a file name) and run in this
/// process; a non-empty `write_lp_path` receives its program. Throws InvalidInput for a bad document or
/// one estimated over `bounds.max_seconds`; Cancelled once `bounds.stop` is set.
ScenarioResult RunScenarioDocument(const SupplyNetwork& chain, const boost::json::value& document,
                                   std::string_view source, const ModelOptions& model,
                                   const std::string& write_lp_path = {}, const RunBounds& bounds = {});

}  // namespace chainscope
