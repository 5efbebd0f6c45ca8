#include "service/cost.h"

#include <fmt/format.h>

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
}

}  // namespace chainscope
