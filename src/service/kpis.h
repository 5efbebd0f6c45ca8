// service: the platform's own figures, as the bureaus report them — demands posted, responses, deals and
// their value a year — in total and by month, by the buyer's province, by assembly and by component.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "service/platform.h"

namespace chainscope {

struct KpiCounts {
  std::size_t demands = 0;          // posted (or first imported)
  std::int64_t demanded_units = 0;  // their annual quantities
  std::size_t responses = 0;
  std::size_t deals = 0;
  std::size_t linked_deals = 0;  // confirmed by both sides: now supply links
  double deal_value_yuan = 0;    // a year: quantity × price over the deals
};

struct PlatformKpis {
  KpiCounts total;
  std::size_t open_demands = 0;
  std::size_t demands_with_responses = 0;  // at least one response of any status
  // Keys: "YYYY-MM" (UTC; "unknown" for a record without a posting time), the buyer's province
  // (Chongqing, Sichuan, …), the assembly code, the component code.
  std::map<std::string, KpiCounts> by_month, by_province, by_assembly, by_component;
};

/// Over the current state and the store's responses and deals. O(demands + responses + deals).
/// A platform without a store counts its demands only.
PlatformKpis KpisOf(Platform& platform);

}  // namespace chainscope
