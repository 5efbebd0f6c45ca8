// analytics: critical suppliers — an enterprise whose loss leaves some buyer with no remaining qualified
// source for a component, directly or through the inputs of its suppliers' recipes (tier 2 and deeper).
//
// Model (an AND–OR graph over the supply links; "qualified" = an existing link):
//   source node  N(b, c)  "buyer b can still get component c"  = OR  over b's links for c of P(s, c)
//   production   P(s, c)  "supplier s can still make c"        = s is up AND, for every input i of c's recipe
//                                                                that s buys on some link, N(s, i)
// An input s buys on no link is taken as made in-house (not a dependency). Recipes are acyclic, so the
// graph is a DAG ordered by component height.
// Kill sets: K(P(s, c)) = {s} ∪ ⋃_i K(N(s, i)),  K(N(b, c)) = ⋂_links K(P(s, c)); enterprise e's loss cuts
// N exactly when e ∈ K(N). Every kill set holds at most one enterprise per node of c's recipe tree, so with
// R the largest recipe tree (≤ 10 nodes in the built-in taxonomy) the whole analysis is O(R · (links +
// nodes)) time and memory — linear in the network for a fixed taxonomy. CutByLoss is the direct
// O(links) per-enterprise propagation, the independent check used by the tests and the benchmark.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/network.h"

namespace chainscope {

/// A (buyer, component) pair whose supply can be cut.
struct SourcePair {
  EnterpriseId buyer;
  ComponentId component;
  auto operator<=>(const SourcePair&) const = default;
};

struct CriticalSupplier {
  EnterpriseId supplier;
  std::vector<SourcePair> cut;    // every buyer left without a source, with the component; sorted
  std::vector<LineId> lines;      // vehicle lines that lose a BOM component; sorted
  double vehicles_exposed = 0;    // Σ annual volume of those lines, vehicles/yr
  double value_exposed_yuan = 0;  // Σ annual volume × unit price of those lines, yuan/yr
};

class SourcingGraph {
 public:
  explicit SourcingGraph(const Network& net);

  /// Every enterprise that is critical, most vehicle value exposed first. O(R · (links + nodes)).
  std::vector<CriticalSupplier> CriticalSuppliers() const;
  /// The pairs cut when `lost` is down, by direct propagation. O(links + nodes).
  std::vector<SourcePair> CutByLoss(EnterpriseId lost) const;
  /// Fills c.lines (the vehicle lines that lose a BOM component when c.cut have no source), and the
  /// vehicles and value they make a year.
  void Expose(CriticalSupplier& c) const;

  std::size_t source_nodes() const { return net_.purchase_group_count(); }
  std::size_t production_nodes() const { return net_.sale_group_count(); }

 private:
  // Nodes are the network's link groups: N(b, c) = purchase group, P(s, c) = sale group.
  SourcePair PairOf(std::uint32_t source) const {
    return {net_.purchase_group(source).enterprise, net_.purchase_group(source).component};
  }
  const Network& net_;
  std::vector<std::vector<std::uint32_t>> producer_inputs_;  // per sale group: the N(s, i) of c's inputs
  // Evaluation order: by component height; at each height the producers first, then the sources.
  std::vector<std::uint32_t> producer_order_, source_order_;
  std::vector<std::uint32_t> level_producers_, level_sources_;  // offsets per height (size heights + 1)
};

/// Convenience: SourcingGraph(net).CriticalSuppliers().
std::vector<CriticalSupplier> FindCriticalSuppliers(const Network& net);

}  // namespace chainscope
