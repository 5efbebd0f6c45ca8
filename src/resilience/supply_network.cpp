#include "resilience/supply_network.h"

#include <fmt/format.h>
#include <algorithm>
#include <tuple>

namespace chainscope {
namespace {

constexpr double kDaysPerYear = 365;
constexpr std::uint32_t kNone = UINT32_MAX;
constexpr double kRoundingUnits = 1;  // whole annual volumes round fractional recipe needs by under a unit

}  // namespace

SupplyNetwork::SupplyNetwork(const Network& net) : net_(net) {
  // Producers: the network's sale groups (same ids), then the capabilities that sell on no link.
  producers_.resize(net.sale_group_count());
  for (std::uint32_t q = 0; q < net.sale_group_count(); ++q)
    producers_[q] = {
        net.sale_group(q).enterprise, net.sale_group(q).component, 0, 0, 0, net.sale_group_links(q), {}};
  capability_producer_.resize(net.capabilities().size());
  for (std::uint32_t ci = 0; ci < net.capabilities().size(); ++ci) {
    const NetCapability& cap = net.capabilities()[ci];
    std::uint32_t q = net.FindSaleGroup(cap.supplier, cap.component);
    if (q == kNone) {
      q = static_cast<std::uint32_t>(producers_.size());
      producers_.push_back({cap.supplier, cap.component, 0, 0, 0, {}, {}});
    }
    capability_producer_[ci] = q;
    Producer& p = producers_[q];
    p.capacity_per_day = static_cast<double>(cap.annual_capacity) / kDaysPerYear;
    p.free_per_day =
        static_cast<double>(std::max<std::int64_t>(0, cap.annual_capacity - cap.committed)) / kDaysPerYear;
    p.stock_units =
        net.data().capabilities[ci].inventory_days * static_cast<double>(cap.committed) / kDaysPerYear;
  }
  // A producer without a capability row (data without capabilities.csv rows) can make what it sells.
  for (Producer& p : producers_)
    if (p.capacity_per_day == 0 && !p.sales.empty()) {
      double sold = 0;
      for (std::uint32_t l : p.sales) sold += static_cast<double>(net.link(l).annual_volume);
      p.capacity_per_day = sold / kDaysPerYear;
    }
  sources_.resize(net.purchase_group_count());
  for (std::uint32_t n = 0; n < net.purchase_group_count(); ++n) {
    Source& s = sources_[n];
    s.buyer = net.purchase_group(n).enterprise;
    s.component = net.purchase_group(n).component;
    s.links = net.purchase_group_links(n);
    for (std::uint32_t l : s.links)
      s.stock_units += net.data().links[l].buyer_inventory_days *
                       static_cast<double>(net.link(l).annual_volume) / kDaysPerYear;
  }
  for (std::uint32_t q = 0; q < producers_.size(); ++q) {
    Producer& p = producers_[q];
    for (const NetInput& in : net.inputs(p.component)) {
      const std::uint32_t n = FindSource(p.supplier, in.input);
      if (n == kNone) continue;  // bought on no link: made in-house
      p.inputs.push_back({n, in.qty_per_unit});
      sources_[n].used_by.push_back({q, in.qty_per_unit});
    }
  }
  for (std::uint32_t l = 0; l < net.line_count(); ++l)
    for (const NetBomItem& b : net.bom(LineId(l)))
      if (const std::uint32_t n = FindSource(net.line_oem(LineId(l)), b.component); n != kNone)
        sources_[n].lines.push_back({LineId(l), b.qty_per_vehicle});
  Balance();
  std::vector<std::uint32_t> owner(producers_.size()), order(producers_.size());
  producers_of_component_.resize(net.component_count());
  for (std::uint32_t q = 0; q < producers_.size(); ++q) {
    owner[q] = producers_[q].supplier.value;
    order[q] = q;
    producers_of_component_[producers_[q].component.value].push_back(q);
  }
  by_enterprise_ = Csr::Build(static_cast<std::uint32_t>(net.enterprise_count()), owner, order);
}

std::string_view ToString(ChainAssumption::Kind kind) {
  return kind == ChainAssumption::Kind::kUnrecordedSupply ? "unrecorded_supply" : "capacity_below_sales";
}

void SupplyNetwork::Balance() {
  std::vector<double> need(sources_.size(), 0);  // units per year each source must receive
  for (Producer& p : producers_) {
    double sold = 0;
    for (std::uint32_t l : p.sales) sold += static_cast<double>(net_.link(l).annual_volume);
    const double capacity = p.capacity_per_day * kDaysPerYear;
    if (sold > capacity * (1 + 1e-9) + kRoundingUnits) {
      assumptions_.push_back(
          {ChainAssumption::Kind::kCapacityBelowSales, p.supplier, p.component, capacity, sold});
      p.capacity_per_day = sold / kDaysPerYear;
      p.free_per_day = 0;
    }
    for (const auto& [source, qty] : p.inputs) need[source] += qty * sold;
  }
  for (std::uint32_t n = 0; n < sources_.size(); ++n) {
    Source& s = sources_[n];
    for (const auto& [line, qty] : s.lines)
      need[n] += qty * static_cast<double>(net_.line(line).annual_volume);
    double bought = 0;
    for (std::uint32_t l : s.links) bought += static_cast<double>(net_.link(l).annual_volume);
    if (bought + kRoundingUnits < need[n] * (1 - 1e-9)) {
      assumptions_.push_back(
          {ChainAssumption::Kind::kUnrecordedSupply, s.buyer, s.component, bought, need[n]});
      s.unrecorded_per_day = (need[n] - bought) / kDaysPerYear;
    }
  }
  auto value = [&](const ChainAssumption& a) {
    return a.assumed_units_per_year() * net_.component(a.component).unit_price_yuan;
  };
  std::sort(
      assumptions_.begin(), assumptions_.end(), [&](const ChainAssumption& a, const ChainAssumption& b) {
        if (value(a) != value(b)) return value(a) > value(b);
        return std::tie(a.enterprise, a.component, a.kind) < std::tie(b.enterprise, b.component, b.kind);
      });
}

std::uint32_t SupplyNetwork::FindProducer(EnterpriseId s, ComponentId c) const {
  if (const std::uint32_t q = net_.FindSaleGroup(s, c); q != kNone) return q;
  for (std::uint32_t ci : net_.capabilities_of(s))
    if (net_.capabilities()[ci].component == c) return capability_producer_[ci];
  return kNone;
}

std::vector<std::uint32_t> SupplyNetwork::Alternatives(std::uint32_t source, std::size_t k) const {
  const Source& s = sources_[source];
  std::vector<std::uint32_t> out;
  for (std::uint32_t q : producers_of_component_[s.component.value]) {
    const Producer& p = producers_[q];
    if (p.supplier == s.buyer || p.free_per_day <= 0) continue;
    bool linked = false;
    for (std::uint32_t l : s.links) linked = linked || net_.link(l).supplier == p.supplier;
    if (!linked) out.push_back(q);
  }
  const std::size_t keep = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                    [&](std::uint32_t a, std::uint32_t b) {
                      if (producers_[a].free_per_day != producers_[b].free_per_day)
                        return producers_[a].free_per_day > producers_[b].free_per_day;
                      return a < b;
                    });
  out.resize(keep);
  return out;
}

BuiltModel SupplyNetwork::Build(const DisruptedNodes& disrupted, const ModelOptions& options,
                                ModelScope scope) const {
  const std::size_t np = producers_.size(), ns = sources_.size(), nl = net_.line_count();
  // D: everything downstream of the disrupted producers (and the disrupted plants themselves).
  std::vector<char> d_prod(np, 0), d_src(ns, 0), d_line(nl, 0);
  std::vector<std::uint32_t> stack;
  for (std::uint32_t q : disrupted.producers)
    if (!d_prod[q]) d_prod[q] = 1, stack.push_back(q);
  for (LineId l : disrupted.lines) d_line[l.value] = 1;
  auto reach_source = [&](std::uint32_t n) {
    if (d_src[n]) return;
    d_src[n] = 1;
    for (const auto& [user, qty] : sources_[n].used_by)
      if (!d_prod[user]) d_prod[user] = 1, stack.push_back(user);
    for (const auto& [line, qty] : sources_[n].lines) d_line[line.value] = 1;
  };
  for (std::uint32_t n : disrupted.unrecorded_sources)
    if (n < ns && sources_[n].unrecorded_per_day > 0) reach_source(n);
  while (!stack.empty()) {
    const std::uint32_t q = stack.back();
    stack.pop_back();
    for (std::uint32_t l : producers_[q].sales) reach_source(net_.purchase_group_of(l));
  }
  // Alternatives of the sources in D.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> alternatives;  // (source, producer)
  if (options.alternatives)
    for (std::uint32_t n = 0; n < ns; ++n)
      if (d_src[n])
        for (std::uint32_t q : Alternatives(n, options.alternatives_per_source))
          alternatives.push_back({n, q});
  for (const auto& [n, q] : options.second_sources)
    if (n < ns && q < np && d_src[n]) alternatives.push_back({n, q});
  // Included: D, the producers shipping into D, and, closed under: an included producer brings its input
  // sources; an included source brings every producer that ships to it and every producer that consumes it
  // (a consumer outside the model would hide its claim on the source, and its freedom to run on stock).
  std::vector<char> in_prod(np, scope == ModelScope::kWholeNetwork),
      in_src(ns, scope == ModelScope::kWholeNetwork);
  if (scope == ModelScope::kRestricted) {
    std::vector<std::uint32_t> source_stack;
    auto add_source = [&](std::uint32_t n) {
      if (!in_src[n]) in_src[n] = 1, source_stack.push_back(n);
    };
    for (std::uint32_t q = 0; q < np; ++q)
      if (d_prod[q]) stack.push_back(q);
    for (std::uint32_t n = 0; n < ns; ++n)
      if (d_src[n]) add_source(n);
    for (const auto& [n, q] : alternatives) stack.push_back(q);
    while (!stack.empty() || !source_stack.empty()) {
      if (!source_stack.empty()) {
        const std::uint32_t n = source_stack.back();
        source_stack.pop_back();
        for (std::uint32_t l : sources_[n].links) stack.push_back(net_.sale_group_of(l));
        for (const auto& [user, qty] : sources_[n].used_by) stack.push_back(user);
        continue;
      }
      const std::uint32_t q = stack.back();
      stack.pop_back();
      if (in_prod[q]) continue;
      in_prod[q] = 1;
      for (const auto& [n, qty] : producers_[q].inputs) add_source(n);
    }
  }
  BuiltModel b;
  SupplyModel& m = b.model;
  b.producer_site.assign(np, kNoSite);
  b.line_site.assign(nl, kNoSite);
  b.source_item.assign(ns, kNone);
  b.unrecorded_site.assign(ns, kNoSite);
  std::vector<std::uint32_t> producer_item(np, kNone);
  for (std::uint32_t q = 0; q < np; ++q) {
    if (!in_prod[q]) continue;
    const Producer& p = producers_[q];
    double outside = 0;  // protected sales to sources outside the model, units per day
    for (std::uint32_t l : p.sales)
      if (!in_src[net_.purchase_group_of(l)])
        outside += static_cast<double>(net_.link(l).annual_volume) / kDaysPerYear;
    b.producer_site[q] = m.AddSite({{}, p.capacity_per_day});
    producer_item[q] = m.AddItem({{}, p.stock_units, outside});
  }
  for (std::uint32_t n = 0; n < ns; ++n)
    if (in_src[n]) b.source_item[n] = m.AddItem({{}, sources_[n].stock_units});
  for (std::uint32_t q = 0; q < np; ++q) {
    if (!in_prod[q]) continue;
    ModelActivity make{{}, producer_item[q], b.producer_site[q], {}};
    for (const auto& [n, qty] : producers_[q].inputs)
      if (b.source_item[n] != kNone) make.inputs.push_back({b.source_item[n], qty});
    m.AddActivity(std::move(make));
  }
  for (std::uint32_t n = 0; n < ns; ++n) {
    if (!in_src[n]) continue;
    for (std::uint32_t l : sources_[n].links) {
      const std::uint32_t q = net_.sale_group_of(l);
      ModelActivity ship{{}, b.source_item[n], kNoSite, {{producer_item[q], 1.0}}};
      if (!d_src[n]) ship.min_per_day = static_cast<double>(net_.link(l).annual_volume) / kDaysPerYear;
      m.AddActivity(std::move(ship));
    }
    if (const double unrecorded = sources_[n].unrecorded_per_day; unrecorded > 0) {
      // Outside D it is protected like a link: it brings exactly what the links do not.
      b.unrecorded_site[n] = m.AddSite({{}, unrecorded});
      m.AddActivity({{}, b.source_item[n], b.unrecorded_site[n], {}, d_src[n] ? 0.0 : unrecorded});
    }
  }
  for (const auto& [n, q] : alternatives)
    m.AddActivity({{},
                   b.source_item[n],
                   kNoSite,
                   {{producer_item[q], 1.0}},
                   0,
                   producers_[q].free_per_day,
                   options.qualification_days});
  b.end_item_line.assign(m.items.size(), LineId());
  for (std::uint32_t l = 0; l < nl; ++l) {
    if (d_line[l]) ++b.downstream_lines;
    if (!d_line[l] && scope == ModelScope::kRestricted) continue;
    const VehicleLine& v = net_.line(LineId(l));
    const double demand = static_cast<double>(v.annual_volume) / kDaysPerYear;
    if (demand <= 0) continue;
    b.line_site[l] = m.AddSite({{}, demand});
    const std::uint32_t item =
        m.AddItem({{}, 0, 0, demand, v.unit_price_yuan, net_.line_oem(LineId(l)).value});
    b.end_item_line.resize(m.items.size(), LineId());
    b.end_item_line[item] = LineId(l);
    ModelActivity assemble{{}, item, b.line_site[l], {}};
    for (const NetBomItem& bom : net_.bom(LineId(l))) {
      const std::uint32_t n = FindSource(net_.line_oem(LineId(l)), bom.component);
      if (n != kNone && b.source_item[n] != kNone)
        assemble.inputs.push_back({b.source_item[n], bom.qty_per_vehicle});
    }
    m.AddActivity(std::move(assemble));
  }
  b.end_item_line.resize(m.items.size(), LineId());
  return b;
}

}  // namespace chainscope
