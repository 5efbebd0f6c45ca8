// analytics: the weak links of the chain —
//  * single-sourced (buyer, component) pairs: one supplier link only, with its value;
//  * supply concentration per component type as a Herfindahl–Hirschman index of suppliers' value shares,
//    HHI = Σ (100 · share)², on the usual 0–10,000 scale (10,000 / n ≤ HHI ≤ 10,000 for n suppliers),
//    region-wide and per vehicle maker;
//  * local capacity coverage of local demand per component type: capacity of makers in the area ÷ units
//    bought by buyers in the area, for the region (Sichuan + Chongqing), Chongqing and Sichuan;
//  * critical suppliers (critical_suppliers.h);
//  * chain gaps: component types whose coverage is under a threshold, ranked by the value not covered.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "analytics/critical_suppliers.h"
#include "analytics/localization.h"
#include "core/network.h"

namespace chainscope {

struct WeakLinksQuery {
  BuyerScope scope = BuyerScope::kAllTiers;  // whose purchases count (demand, single sourcing, HHI)
  std::optional<Province> buyer_province;    // only buyers in this province
  double gap_threshold = 0.5;                // coverage under this is a gap
};

struct SingleSourced {
  EnterpriseId buyer, supplier;
  ComponentId component;
  double value_yuan = 0, volume = 0;
};

struct Concentration {
  ComponentId component;
  EnterpriseId oem;  // invalid: region-wide (every buyer in scope)
  double hhi = 0;    // 0–10,000
  std::size_t suppliers = 0;
  EnterpriseId top_supplier;
  double top_share = 0;  // fraction of value
  double value_yuan = 0;
};

/// The area whose demand and capacity are compared.
enum class Area { kRegion, kChongqing, kSichuan };
std::string_view ToString(Area a);  // "region", "Chongqing", "Sichuan"
bool InArea(Province p, Area a);

struct Coverage {
  ComponentId component;
  Area area = Area::kRegion;
  double demand_units = 0;  // bought per year by buyers in the area
  double demand_value_yuan = 0;
  double capacity_units = 0;      // annual capacity of makers in the area
  double local_supply_units = 0;  // of the demand, bought from makers in the area
  std::size_t makers = 0;         // makers in the area
  double coverage() const { return demand_units > 0 ? capacity_units / demand_units : 0; }
  double uncovered_units() const { return demand_units > capacity_units ? demand_units - capacity_units : 0; }
  /// Uncovered units at the area's average purchase price.
  double uncovered_value_yuan() const {
    return demand_units > 0 ? uncovered_units() * demand_value_yuan / demand_units : 0;
  }
};

struct WeakLinksReport {
  std::vector<SingleSourced> single_sourced;  // largest value first
  double single_sourced_value_yuan = 0;
  double purchase_value_yuan = 0;         // every purchase in scope
  std::size_t source_pairs = 0;           // (buyer, component) pairs in scope
  std::vector<Concentration> hhi_region;  // per component, most concentrated first
  std::vector<Concentration> hhi_by_oem;  // per (OEM, component), most concentrated first
  std::vector<Coverage> coverage;         // per (component, area) with demand
  std::vector<CriticalSupplier> critical_suppliers;
  std::vector<Coverage> gaps;  // coverage < threshold, largest uncovered value first
};

/// Single sourcing, HHI and coverage in O(links + capabilities); critical suppliers as in
/// critical_suppliers.h (over the whole network, then restricted to buyers in scope).
WeakLinksReport AnalyzeWeakLinks(const Network& net, const WeakLinksQuery& query);

/// HHI (0–10,000) of a set of value amounts; 0 for an empty or all-zero set.
double Hhi(const std::vector<double>& amounts);

}  // namespace chainscope
