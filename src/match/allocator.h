// match: all open demands → an optimal allocation over all supply options (DESIGN §4). Builds the
// transportation problem (transport.h) — an arc per eligible (supply option, demand) pair with the landed
// cost per unit and the demand's share cap — solves it with LEMON, and reports every assignment with the
// reason it was chosen, every demand's unmet quantity and the totals. Deterministic for the same input.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/message.h"
#include "match/matcher.h"
#include "match/supply_book.h"
#include "match/transport.h"

namespace chainscope {

struct AllocationOptions {
  /// Cost of leaving a unit unmet, as a multiple of the component's typical unit price.
  double unmet_penalty_factor = 3.0;
  TransportAlgorithm algorithm = TransportAlgorithm::kNetworkSimplex;
  /// Arcs kept per demand before pricing (0 = all); see TransportOptions::prune_k. The default prunes only
  /// the per-component blocks large enough for it to pay.
  std::size_t prune_k = SIZE_MAX;
  /// Looked at while arcs are built, between the per-component min-cost flows and their rounds, and while
  /// reasons are written: once set, Allocate throws Cancelled (a request past its deadline, Ctrl-C). One
  /// component's LEMON solve is not interrupted; its size is bounded by the arcs bound.
  const std::atomic<bool>* stop = nullptr;
};

struct Assignment {
  std::size_t demand = 0;  // index into the demands given
  EnterpriseId supplier;
  std::int64_t quantity = 0;
  double unit_price_yuan = 0;
  double logistics_yuan_per_unit = 0;
  double unit_cost_yuan = 0;  // landed: price + logistics
  Distance distance;
  /// What chose it: its place by landed cost among the demand's eligible suppliers (0 = the cheapest) and
  /// what limited the quantity.
  std::size_t cost_rank = 0, eligible = 0;
  enum class Limit { kNone, kShareCap, kCapacity } limit = Limit::kNone;
  double max_share = 1;  // the demand's, for the share-cap wording
};

/// Why an assignment was chosen, as a coded message ("alloc.cheapest" or "alloc.ranked"): with its landed
/// cost, price and logistics when `with_prices`, else without them (a viewer who may not see the supplier's
/// prices learns its rank and what limited it, nothing more).
Message AssignmentReason(const Assignment& as, bool with_prices);

struct UnmetDemand {
  std::size_t demand = 0;
  std::int64_t quantity = 0;
  Message reason;  // "alloc.no_eligible", "alloc.share_cap_limits" or "alloc.capacity_elsewhere"
};

struct Allocation {
  std::vector<Assignment> assignments;  // by demand, then by landed cost
  std::vector<UnmetDemand> unmet;
  double total_cost_yuan = 0;  // landed cost of what is assigned
  double penalty_yuan = 0;     // penalty of what is unmet
  std::int64_t units_assigned = 0, units_unmet = 0;
  double regional_share_value = 0;  // share of the assigned value from Sichuan + Chongqing suppliers
  double local_share_value = 0;     // … from the buyer's own province
  // The model as solved, for certificates and benchmarks.
  TransportProblem problem;
  TransportSolution solution;
  std::vector<const SupplyOption*> supply_options;  // per supply node
};

/// The most one supplier may take of a demand: ⌊max_share · quantity⌋ units.
std::int64_t ShareCap(const DemandSpec& d);

/// Landed cost in fen (integer) of one unit of `option` delivered to `buyer`.
std::int64_t LandedCostFen(const Network& net, const SupplyBook& book, const SupplyOption& option,
                           EnterpriseId buyer);

/// The size of the allocation's min-cost flow, known before it is built: O(demands + components).
struct AllocationSize {
  std::size_t demands = 0, supply_nodes = 0;  // supply nodes: the open options of the wanted components
  std::size_t arcs_at_most = 0;  // Σ over demands of their component's open options (before eligibility)
};
AllocationSize SizeAllocation(const Network& net, const SupplyBook& book,
                              std::span<const DemandSpec> demands);

/// Allocates `demands` (each must be valid: quantity > 0, max_share in (0, 1]). Throws InvalidInput.
Allocation Allocate(const Network& net, const SupplyBook& book, std::span<const DemandSpec> demands,
                    const AllocationOptions& options = {});

/// The open demands of the dataset, in table order.
std::vector<DemandSpec> OpenDemands(const Network& net, const RecordTable<Demand>& demands);

}  // namespace chainscope
