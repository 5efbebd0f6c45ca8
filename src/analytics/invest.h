// analytics: investment-promotion targeting — which component makers to attract to which district or city
// of Sichuan + Chongqing, and what one such maker would gain.
//
// The attracted maker (capacity Q units/yr of component c at place d in province P) takes over non-local
// purchases: buyers of c in P that buy c from outside P, nearest to d first, each moving at most
// `max_share` of its volume of c (from its non-local links, largest first) until Q is used (PlanShift).
// The moved units keep their prices, so purchase value is unchanged and the gain is exact:
//   local-share gain (pp) = moved value bought by vehicle makers in P ÷ their purchase value in P × 100
//   (and the same over every tier), and the single-sourced value drop = the value of (buyer, c) pairs that
//   gain a second source minus those left with one.
// RunWhatIf applies the same plan to a copy of the dataset, rebuilds the network and recomputes the
// measures, so the ranking's incremental gains can be checked against a full recomputation.
//
// Score of a (component, place) pair, each part in [0, 1]:
//   0.35·gap + 0.20·focus + 0.20·buyers + 0.10·cluster + 0.15·resilience
// gap = moved value ÷ the largest moved value of any pair; focus = 1 when the component is in the place's
// stated focus (places.csv `focus`); buyers = value of c bought by buyers within the radius ÷ value bought
// in P (at most 1); cluster = makers of c, its inputs or the components that use it within the radius ÷ 5
// (at most 1); resilience = single-sourced value drop ÷ the largest drop of any pair.
#pragma once

#include <array>
#include <atomic>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/network.h"

namespace chainscope {

struct InvestWeights {
  double gap = 0.35, focus = 0.20, buyers = 0.20, cluster = 0.10, resilience = 0.15;
  /// Sets one weight by name; throws InvalidInput for an unknown name or a negative value.
  void Set(std::string_view name, double value);
};
inline constexpr double kClusterSaturationMakers = 5;

/// One buyer's purchases moved to the attracted maker.
struct ShiftMove {
  EnterpriseId buyer;
  std::vector<std::pair<std::uint32_t, std::int64_t>> from_links;  // (link, units moved off it)
  std::int64_t units = 0;
  double value_yuan = 0;
  double distance_km = 0;
};

struct ShiftPlan {
  std::vector<ShiftMove> moves;  // nearest buyer first
  std::int64_t units = 0;
  double value_yuan = 0;
  double oem_value_yuan = 0;                // of it, bought by vehicle makers
  double single_sourced_relieved_yuan = 0;  // pairs that gain a second source
  double single_sourced_created_yuan = 0;   // pairs left with the new maker alone
  double single_sourced_drop_yuan() const {
    return single_sourced_relieved_yuan - single_sourced_created_yuan;
  }
};

/// The purchases a new maker of `component` at `place` (in Chongqing or Sichuan) with `capacity_units`
/// a year takes over (see the file comment). O(b log b) for b buyers of the component in the province.
ShiftPlan PlanShift(const Network& net, ComponentId component, PlaceId place, std::int64_t capacity_units,
                    double max_share);

struct InvestQuery {
  double radius_km = 100;
  std::optional<std::int64_t> capacity_units;  // default: median capacity of the component's makers
  double max_share = 0.5;
  std::size_t top = 20;
  std::size_t per_component = 3;     // at most this many places per component in the ranking (0 = no limit)
  ComponentId component;             // valid: only this component
  std::optional<Province> province;  // only places in this province
  InvestWeights weights;
};

struct InvestTarget {
  ComponentId component;
  PlaceId place;
  double score = 0;
  std::array<double, 5> parts{};  // gap, focus, buyers, cluster, resilience (values in [0, 1])
  bool focus = false;
  double addressable_value_yuan = 0;  // bought in the province from outside it
  double nearby_buyers_value_yuan = 0;
  std::size_t nearby_makers = 0;
  std::int64_t capacity_units = 0;
  std::int64_t moved_units = 0;
  double moved_value_yuan = 0;
  std::size_t buyers_served = 0;
  double local_share_gain_pp = 0;            // vehicle makers' purchases in the province
  double local_share_all_tiers_gain_pp = 0;  // every purchase in the province
  double single_sourced_drop_yuan = 0;
};
inline constexpr std::array<std::string_view, 5> kInvestPartNames{"gap", "focus", "buyers", "cluster",
                                                                  "resilience"};

/// Ranked (component, place) pairs, best first, at most query.top. O(places · Σ_c b_c log b_c).
std::vector<InvestTarget> RankInvestTargets(const Network& net, const InvestQuery& query,
                                            const std::atomic<bool>* stop = nullptr);

/// The default capacity of an attracted maker of `component`: the median annual capacity of its makers;
/// without makers, the volume bought of it in the region (at least 1).
std::int64_t DefaultCapacity(const Network& net, ComponentId component);

/// A hypothetical supplier for a what-if run.
struct WhatIfSupplier {
  std::string component;  // code
  std::string place;      // code, in Chongqing or Sichuan
  std::optional<std::int64_t> capacity_units;
  double max_share = 0.5;
  std::string id = "WHATIF-1";
  std::string name;  // default "Attracted <component> maker, <place> (what-if)"
};

/// The measures a what-if compares, for the new maker's province P and component c.
struct WhatIfMeasures {
  double local_share_value = 0;            // vehicle makers in P, by value
  double local_share_all_tiers_value = 0;  // every buyer in P, by value
  double regional_share_value = 0;         // vehicle makers in P
  double single_sourced_value_yuan = 0;    // every buyer, every component
  std::size_t single_sourced_pairs = 0;
  double component_local_share_value = 0;  // c bought in P, every tier
  double component_coverage = 0;           // capacity in P ÷ units of c bought in P
  double component_hhi = 0;                // c, every buyer in the region
  std::size_t critical_suppliers = 0;
};
WhatIfMeasures MeasureForWhatIf(const Network& net, ComponentId component, Province province);

struct WhatIfResult {
  WhatIfSupplier supplier;  // with defaults filled in
  ShiftPlan plan;           // against the original network
  WhatIfMeasures before, after;
};
/// Throws InvalidInput for an unknown component or place, a place outside the region, an id in use, or a
/// capacity < 1.
WhatIfResult RunWhatIf(const Network& net, WhatIfSupplier supplier, const std::atomic<bool>* stop = nullptr);
/// The dataset with the supplier added and the plan applied (links emptied by it removed).
Dataset ApplyWhatIf(const Network& net, const WhatIfSupplier& supplier, const ShiftPlan& plan);
/// Several suppliers (capacity filled in) with their plans against `net`, applied at once. Plans must not
/// move units off one link twice (plans of different components never do: a link is of one component).
Dataset ApplyWhatIfs(const Network& net, std::span<const std::pair<WhatIfSupplier, ShiftPlan>> makers);

}  // namespace chainscope
