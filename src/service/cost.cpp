#include "service/cost.h"

#include <fmt/format.h>
#include <cmath>

#include "core/number_text.h"

namespace chainscope {

void RefuseOverBound(std::string_view key, std::string_view what, std::size_t cost, std::size_t bound,
                     std::string_view unit, std::string_view flag, std::string_view change) {
  if (cost <= bound) return;
  throw InvalidInput(
      Message{"cost.over_bound",
              {{"key", std::string(key)},
               {"cost", std::to_string(cost)},
               {"bound", std::to_string(bound)},
               {"flag", std::string(flag)}},
              fmt::format("the {} would cost {} {}, over this server's bound of {} (serve {}); {}", what,
                          cost, unit, bound, flag, change)});
}

void RefuseOverSeconds(std::string_view key, std::string_view what, double seconds, double bound_seconds,
                       std::string_view flag, std::string_view change) {
  if (seconds <= bound_seconds) return;
  const std::string estimate = PlainNumber(std::ceil(seconds)), bound = PlainNumber(bound_seconds);
  throw InvalidInput(Message{
      "cost.over_time",
      {{"key", std::string(key)}, {"seconds", estimate}, {"bound", bound}, {"flag", std::string(flag)}},
      fmt::format("the {} would run about {} s by the cost model, over the bound of {} s "
                  "({}); {}",
                  what, estimate, bound, flag, change)});
}

void CheckCostBounds(const CostBounds& b) {
  auto check = [](std::size_t value, std::size_t most, std::string_view flag) {
    if (value < 1 || value > most)
      throw InvalidInput(fmt::format("{} must be 1–{}, got {}", flag, most, value));
  };
  constexpr std::size_t kAny = std::size_t{1} << 40;
  check(b.sweep_nodes, kAny, "--max-sweep-nodes");
  check(b.scenario_lp_columns, kMaxScenarioLpColumns, "--max-scenario-columns");
  check(b.scenario_result_cells, kMaxScenarioResultCells, "--max-scenario-results");
  check(b.allocation_arcs, kAny, "--max-allocation-arcs");
  check(b.what_if_links, kAny, "--max-what-if-links");
  if (!(b.job_seconds >= 1 && b.job_seconds <= kMostMaxJobSeconds))
    throw InvalidInput(fmt::format("--max-job-seconds must be 1–{}, got {}", PlainNumber(kMostMaxJobSeconds),
                                   PlainNumber(b.job_seconds)));
}

}  // namespace chainscope
