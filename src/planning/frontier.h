// planning: the localization frontier — how far local sourcing by value can rise for a given extra cost.
//
// In scope are purchases (links) with a weight w_l in [0, 1] (the part of the link in scope: the buyer's
// province and the powertrain share, chosen by the caller). A non-local purchase may move to makers of its
// component in its buyer's own province (Chongqing or Sichuan) with spare capacity (capacity − committed);
// each unit moved costs the price difference (the maker's price − the price paid today, negative when the
// local maker is cheaper) plus a switching cost (a fraction σ of today's price: qualification, tooling,
// new logistics). For each premium p in 0 … max (steps points), the LP
//   maximise   Σ_l price_l · z_l                                  (purchase value made local, today's prices)
//   subject to z_l ≤ w_l · units_l                                 (non-local link l)
//              Σ_{l in g} z_l = Σ_s y_gs                          (purchase group g = (buyer, component))
//              Σ_g y_gs ≤ spare_s                                 (maker s of the component, its province)
//              y_gs ≤ max(0, max_share · units_g − units_gs)       (the buyer's largest share per supplier)
//              Σ_s price_s·Σ_g y_gs − (1 − σ)·Σ_l price_l·z_l ≤ p·V (extra cost; V = today's value in scope)
// is solved, each point warm-started from the last (dual simplex after the budget row's bound changes).
// local_share(p) = (today's local value + the objective) ÷ V: non-decreasing in p, and ≥ today's share.
// Units of one group are fungible, so splitting moves by group (z per link, y per maker) is exact.
// Then: the least premium reaching the target share (an LP minimising the extra cost with the share as a
// row), or, when capacity stops it, the components whose non-local purchases find no local capacity, largest
// first — the investment targets.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/network.h"

namespace chainscope {

struct FrontierQuery {
  std::vector<double> link_weight;  // per link of the network, in [0, 1]; 0 = out of scope
  double max_premium = 0.2;         // of today's purchase value, ≥ 0
  int steps = 21;                   // points from 0 to max_premium, ≥ 2
  double target_share = 0.30;       // (0, 1]
  double max_share = 0.5;           // largest share of a buyer's volume of a component per supplier, (0, 1]
  double switching_cost = 0;        // per unit moved, a fraction of the price paid today, [0, 1]
  ComponentId component;            // valid: only this component's purchases move
  const std::atomic<bool>* stop = nullptr;
};

struct FrontierPoint {
  double premium = 0;
  double local_share = 0;
  double extra_cost_yuan = 0;   // of the moves at this point (≤ premium · value)
  double moved_value_yuan = 0;  // purchase value made local
};

/// Why a component's non-local purchases stay non-local at any premium.
enum class FrontierLimit { kNone, kNoLocalMaker, kCapacity, kMaxShare };
std::string_view ToString(FrontierLimit l);  // "none", "no_local_maker", "capacity", "max_share"

struct ComponentFrontier {
  ComponentId component;
  double value_yuan = 0;            // in scope
  double local_value_yuan = 0;      // today
  std::vector<double> local_share;  // per point
  double reachable_share = 0;       // at any premium
  double stuck_value_yuan = 0;      // non-local value no local capacity can take at any premium
  double stuck_units = 0;
  double spare_units = 0;  // local makers' spare capacity (sum over the provinces in scope)
  FrontierLimit limit = FrontierLimit::kNone;
};

struct FrontierTarget {
  double share = 0;
  bool reached = false;           // within the premiums asked
  bool reachable = false;         // at any premium
  std::optional<double> premium;  // the least premium that reaches it (when reachable)
  std::optional<double> extra_cost_yuan;
  double reachable_share = 0;         // the most local share capacity allows
  std::vector<ComponentId> blocking;  // when not reachable: components whose stuck value closes the gap
};

struct Frontier {
  double value_yuan = 0;  // V
  double local_value_yuan = 0;
  double current_share = 0;
  std::vector<FrontierPoint> points;
  std::vector<ComponentFrontier> by_component;  // largest value first
  FrontierTarget target;
  int columns = 0, rows = 0;
  std::size_t solves = 0;
  std::vector<Message> warnings;
};

/// Throws InvalidInput for a weight vector of the wrong size or a parameter out of range; Cancelled when
/// *stop is set. O(LP solves) over columns = links in scope + groups × local makers.
Frontier ComputeFrontier(const Network& net, const FrontierQuery& query);

}  // namespace chainscope
