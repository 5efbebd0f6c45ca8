// analytics: origin–destination flows of purchase value — from the supplier's place (origin) to the
// buyer's place (destination) — between places and between provinces, with the Sichuan↔Chongqing
// categories the bureaus report (Sichuan→Chongqing, Chongqing→Sichuan, within each, from elsewhere in China,
// from abroad). Filterable by component, assembly and buying OEM. Invariant: the place matrix, the province
// matrix and the categories each sum to the total purchase value in scope. O(links).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "analytics/localization.h"
#include "core/network.h"

namespace chainscope {

struct FlowQuery {
  BuyerScope scope = BuyerScope::kAllTiers;
  ComponentId component;  // valid: only this component
  std::string assembly;   // non-empty: only components of this assembly
  EnterpriseId oem;       // valid: only purchases by this buyer
};

struct Flow {
  PlaceId from, to;  // supplier's place → buyer's place
  double value_yuan = 0, volume = 0;
  std::size_t links = 0;
};

enum class FlowCategory {
  kSichuanToChongqing,
  kChongqingToSichuan,
  kWithinChongqing,
  kWithinSichuan,
  kFromElsewhereInChina,  // supplier elsewhere in China, buyer in the region
  kFromAbroad,            // supplier abroad, buyer in the region
  kOutsideRegion,         // buyer outside Sichuan + Chongqing
};
inline constexpr std::size_t kFlowCategoryCount = 7;
std::string_view ToString(FlowCategory c);  // "sichuan_to_chongqing", …
std::string_view Label(FlowCategory c);     // "Sichuan → Chongqing", …
FlowCategory CategoryOf(Province from, Province to);

struct FlowReport {
  std::vector<Flow> places;                                    // largest value first
  std::array<std::array<double, 4>, 4> province_value_yuan{};  // [from][to] by Province
  std::array<double, kFlowCategoryCount> category_value_yuan{};
  double total_value_yuan = 0;
  std::size_t links = 0;
};

FlowReport ComputeFlows(const Network& net, const FlowQuery& query);

}  // namespace chainscope
