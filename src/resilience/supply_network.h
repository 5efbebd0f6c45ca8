// resilience: the chain as the disruption model sees it, and the SupplyModel of one disruption.
//
// Nodes: a *producer* (s, c) — enterprise s making component c, a site with capacity = annual capacity ÷ 365
// per day and finished-goods stock = inventory_days × committed ÷ 365; a *source* (b, c) — buyer b's
// availability of c, with stock = Σ over b's links for c of buyer_inventory_days × annual volume ÷ 365; a
// vehicle line — demand = annual volume ÷ 365 per day at its unit price. Activities: a producer makes c from
// the inputs of c's recipe that s buys (inputs it buys on no link are made in-house), a link ships from a
// producer to a source, a line assembles vehicles from the sources of its BOM; optional *alternative*
// links from makers of c with free capacity (capacity − committed) that b does not buy from, after a
// qualification delay.
//
// Restriction (what makes the all-node sweep fast, and exact): for disrupted producers and lines, D is
// everything downstream (sources they ship to, producers that use those, lines that assemble from them).
// Flows into nodes outside D are *protected*: unaffected customers keep their contracted volume, so a
// disruption is met with spare capacity and stock, not by taking supply from unaffected lines. The model
// then needs only D, the producers shipping into D (existing and alternative suppliers), and everything
// upstream of those (their extra output needs inputs); their shipments to nodes outside are a fixed daily
// draw. With data in which every supplier's capacity covers its sales and every maker buys what its sales
// need, that restricted model has the same optimum as the whole network with the same protection
// (ModelScope::kWholeNetwork, the naive method; tested).
//
// Recorded data rarely balance (imported links, registered enterprises, confirmed deals), so the chain is
// balanced by two stated assumptions, each a ChainAssumption the results carry as a warning:
// - a maker selling more on its links than its recorded capacity makes what it sells (capacity raised to
//   its sales, no spare capacity left);
// - a buyer whose links bring less of a component than its sales and vehicle lines need gets the rest from
//   an *unrecorded source*: a site of its own outside the region with exactly the missing daily volume,
//   disrupted only by a scenario's disruption of that component (DisruptedNodes::unrecorded_sources).
// The balanced chain is feasible undisrupted, so every analysis runs and the restriction stays exact.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/network.h"
#include "resilience/supply_model.h"

namespace chainscope {

struct ModelOptions {
  bool alternatives = false;                // allow alternative links after a qualification delay
  double qualification_days = 30;           // before an alternative supplier can ship
  std::size_t alternatives_per_source = 3;  // makers with the most free capacity
  /// Named second sources (source, producer), e.g. from the matchmaking engine; used when the source is in D,
  /// with the producer's free capacity and the qualification delay, whether or not `alternatives` is on.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> second_sources;
};

enum class ModelScope { kRestricted, kWholeNetwork };

/// A disruption as the model builder takes it: producers and vehicle lines that lose capacity.
struct DisruptedNodes {
  std::vector<std::uint32_t> producers;           // SupplyNetwork producer indexes
  std::vector<LineId> lines;                      // vehicle plants
  std::vector<std::uint32_t> unrecorded_sources;  // sources whose unrecorded supply is disrupted
};

/// What the model assumes where the recorded data do not balance (see the file comment). Units per year.
struct ChainAssumption {
  enum class Kind {
    kUnrecordedSupply,    // `enterprise` buys `component` short of need: the gap from an unrecorded source
    kCapacityBelowSales,  // `enterprise` sells more `component` than its recorded capacity: capacity = sales
  };
  Kind kind = Kind::kUnrecordedSupply;
  EnterpriseId enterprise;
  ComponentId component;
  double recorded_units_per_year = 0;  // bought on links, or the recorded capacity
  double needed_units_per_year = 0;    // what its sales and vehicle lines need, or what it sells
  double assumed_units_per_year() const { return needed_units_per_year - recorded_units_per_year; }
};
std::string_view ToString(ChainAssumption::Kind kind);  // "unrecorded_supply", "capacity_below_sales"

/// The SupplyModel of one disruption with the links back to the chain.
struct BuiltModel {
  SupplyModel model;
  std::vector<std::uint32_t> producer_site;    // per SupplyNetwork producer: its site in the model or kNoSite
  std::vector<std::uint32_t> line_site;        // per vehicle line: its plant site or kNoSite
  std::vector<std::uint32_t> source_item;      // per SupplyNetwork source: its item or UINT32_MAX
  std::vector<std::uint32_t> unrecorded_site;  // per SupplyNetwork source: its unrecorded supply's site or
                                               // kNoSite
  std::vector<LineId> end_item_line;           // per model item: the vehicle line, or invalid
  std::size_t downstream_lines = 0;            // lines in D (0: the disruption reaches no vehicle)
};

class SupplyNetwork {
 public:
  explicit SupplyNetwork(const Network& net);

  struct Producer {
    EnterpriseId supplier;
    ComponentId component;
    double capacity_per_day = 0, free_per_day = 0, stock_units = 0;  // capacity ≥ sales (assumed if need be)
    std::span<const std::uint32_t> sales;  // links: the network's sale group (empty: a capability only)
    std::vector<std::pair<std::uint32_t, double>> inputs;  // (source, qty per unit)
  };
  struct Source {
    EnterpriseId buyer;
    ComponentId component;
    double stock_units = 0;
    double unrecorded_per_day = 0;  // from the unrecorded source: what its links do not bring of the need
    std::span<const std::uint32_t> links;                   // the network's purchase group
    std::vector<std::pair<std::uint32_t, double>> used_by;  // (producer, qty per unit) that consume it
    std::vector<std::pair<LineId, double>> lines;           // (line, qty per vehicle) that consume it
  };

  const Network& net() const { return net_; }
  const std::vector<Producer>& producers() const { return producers_; }
  const std::vector<Source>& sources() const { return sources_; }
  /// Producers 0 … sale groups − 1 are the network's sale groups, sources its purchase groups (same ids).
  std::uint32_t link_producer(std::uint32_t link) const { return net_.sale_group_of(link); }
  std::uint32_t link_source(std::uint32_t link) const { return net_.purchase_group_of(link); }
  /// Producers of enterprise e.
  std::span<const std::uint32_t> producers_of(EnterpriseId e) const { return by_enterprise_.Row(e.value); }
  /// The producer (s, c), or UINT32_MAX.
  std::uint32_t FindProducer(EnterpriseId s, ComponentId c) const;
  std::uint32_t FindSource(EnterpriseId b, ComponentId c) const { return net_.FindPurchaseGroup(b, c); }

  /// Where the recorded data do not balance and what the model assumes there, largest value first (the
  /// assumed units at the component's typical price); empty when the data balance. O(1).
  const std::vector<ChainAssumption>& assumptions() const { return assumptions_; }

  /// Up to `k` producers of the source's component that its buyer does not buy it from, most free capacity
  /// first (ties by id). O(makers of the component).
  std::vector<std::uint32_t> Alternatives(std::uint32_t source, std::size_t k) const;

  /// The model of `disrupted` (see the file comment). O(size of the model) for kRestricted.
  BuiltModel Build(const DisruptedNodes& disrupted, const ModelOptions& options, ModelScope scope) const;

 private:
  void Balance();  // the assumptions (file comment): O(producers + sources + links + BOM rows)

  const Network& net_;
  std::vector<Producer> producers_;
  std::vector<Source> sources_;
  Csr by_enterprise_;
  std::vector<std::uint32_t> capability_producer_;  // per capability row
  std::vector<std::vector<std::uint32_t>> producers_of_component_;
  std::vector<ChainAssumption> assumptions_;
};

}  // namespace chainscope
