#include "analytics/critical_suppliers.h"

#include <algorithm>

#include "analytics/localization.h"

namespace chainscope {
namespace {

/// Orders `nodes` by the height of their component (counting sort); offsets[h] .. offsets[h+1] is level h.
template <class ComponentOf>
void OrderByHeight(std::size_t n, ComponentOf component_of, const std::vector<std::uint32_t>& height,
                   std::size_t levels, std::vector<std::uint32_t>& order,
                   std::vector<std::uint32_t>& offsets) {
  offsets.assign(levels + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++offsets[height[component_of(i)] + 1];
  for (std::size_t h = 0; h < levels; ++h) offsets[h + 1] += offsets[h];
  order.resize(n);
  std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i) order[next[height[component_of(i)]]++] = i;
}

}  // namespace

SourcingGraph::SourcingGraph(const Network& net) : net_(net) {
  // Nodes by walking the CSR rows (no hashing): a buyer's links grouped by component give its source
  // nodes, a supplier's its production nodes. `slot[c]` maps component c to a node of the current row.
  const std::size_t nc = net.component_count();
  constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<std::uint32_t> link_source(net.link_count()), link_producer(net.link_count());
  std::vector<std::uint32_t> slot(nc, kNone);
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e) {
    const auto bought = net.links_by_buyer(EnterpriseId(e));
    for (std::uint32_t l : bought) {
      const ComponentId c = net.link(l).component;
      if (slot[c.value] == kNone) {
        slot[c.value] = static_cast<std::uint32_t>(sources_.size());
        sources_.push_back({{EnterpriseId(e), c}, {}});
      }
      link_source[l] = slot[c.value];
    }
    for (std::uint32_t l : bought) slot[net.link(l).component.value] = kNone;
    const auto sold = net.links_by_supplier(EnterpriseId(e));
    for (std::uint32_t l : sold) {
      const ComponentId c = net.link(l).component;
      if (slot[c.value] == kNone) {
        slot[c.value] = static_cast<std::uint32_t>(producers_.size());
        producers_.push_back({EnterpriseId(e), c, {}});
      }
      link_producer[l] = slot[c.value];
    }
    for (std::uint32_t l : sold) slot[net.link(l).component.value] = kNone;
  }
  for (std::uint32_t l = 0; l < net.link_count(); ++l)  // (buyer, supplier, component) is unique
    sources_[link_source[l]].producers.push_back(link_producer[l]);
  // A producer depends on the source nodes of its own purchases of its component's inputs.
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e) {
    const auto bought = net.links_by_buyer(EnterpriseId(e));
    const auto sold = net.links_by_supplier(EnterpriseId(e));
    if (bought.empty() || sold.empty()) continue;
    for (std::uint32_t l : bought) slot[net.link(l).component.value] = link_source[l];
    for (std::uint32_t l : sold) {
      Producer& p = producers_[link_producer[l]];
      if (!p.inputs.empty()) continue;  // already done from another of its sales
      for (const NetInput& in : net.inputs(p.component))
        if (slot[in.input.value] != kNone) p.inputs.push_back(slot[in.input.value]);
      p.inputs.push_back(kNone);  // marks the producer as done; removed below
    }
    for (std::uint32_t l : bought) slot[net.link(l).component.value] = kNone;
  }
  for (Producer& p : producers_)
    if (!p.inputs.empty() && p.inputs.back() == kNone) p.inputs.pop_back();
  const std::vector<std::uint32_t> height = ComponentHeights(net);
  std::size_t levels = 1;
  for (std::uint32_t h : height) levels = std::max<std::size_t>(levels, h + 1);
  OrderByHeight(
      producers_.size(), [&](std::uint32_t i) { return producers_[i].component.value; }, height, levels,
      producer_order_, level_producers_);
  OrderByHeight(
      sources_.size(), [&](std::uint32_t i) { return sources_[i].pair.component.value; }, height, levels,
      source_order_, level_sources_);
}

std::vector<CriticalSupplier> SourcingGraph::CriticalSuppliers() const {
  std::vector<std::vector<std::uint32_t>> kill_p(producers_.size()), kill_n(sources_.size());
  std::vector<std::uint32_t> merged;
  for (std::size_t h = 0; h + 1 < level_producers_.size(); ++h) {
    for (std::uint32_t k = level_producers_[h]; k < level_producers_[h + 1]; ++k) {
      const std::uint32_t pi = producer_order_[k];
      const Producer& p = producers_[pi];
      auto& kill = kill_p[pi];
      kill.assign(1, p.supplier.value);
      for (std::uint32_t ni : p.inputs) kill.insert(kill.end(), kill_n[ni].begin(), kill_n[ni].end());
      std::sort(kill.begin(), kill.end());
      kill.erase(std::unique(kill.begin(), kill.end()), kill.end());
    }
    for (std::uint32_t k = level_sources_[h]; k < level_sources_[h + 1]; ++k) {
      const std::uint32_t ni = source_order_[k];
      const Source& n = sources_[ni];
      auto& kill = kill_n[ni];
      kill = kill_p[n.producers.front()];
      for (std::size_t j = 1; j < n.producers.size() && !kill.empty(); ++j) {
        const auto& other = kill_p[n.producers[j]];
        merged.clear();
        std::set_intersection(kill.begin(), kill.end(), other.begin(), other.end(),
                              std::back_inserter(merged));
        kill.swap(merged);
      }
    }
  }
  // Invert: for each enterprise, the source nodes its loss cuts.
  std::vector<std::vector<std::uint32_t>> cuts(net_.enterprise_count());
  for (std::uint32_t ni = 0; ni < sources_.size(); ++ni)
    for (std::uint32_t e : kill_n[ni])
      if (e != sources_[ni].pair.buyer.value) cuts[e].push_back(ni);
  std::vector<CriticalSupplier> out;
  for (std::uint32_t e = 0; e < cuts.size(); ++e) {
    const auto& nodes = cuts[e];
    if (nodes.empty()) continue;
    CriticalSupplier c;
    c.supplier = EnterpriseId(e);
    for (std::uint32_t ni : nodes) c.cut.push_back(sources_[ni].pair);
    std::sort(c.cut.begin(), c.cut.end());
    Expose(c);
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const CriticalSupplier& a, const CriticalSupplier& b) {
    if (a.value_exposed_yuan != b.value_exposed_yuan) return a.value_exposed_yuan > b.value_exposed_yuan;
    if (a.cut.size() != b.cut.size()) return a.cut.size() > b.cut.size();
    return a.supplier < b.supplier;
  });
  return out;
}

std::vector<SourcePair> SourcingGraph::CutByLoss(EnterpriseId lost) const {
  std::vector<char> producer_up(producers_.size(), 0), source_up(sources_.size(), 0);
  for (std::size_t h = 0; h + 1 < level_producers_.size(); ++h) {
    for (std::uint32_t k = level_producers_[h]; k < level_producers_[h + 1]; ++k) {
      const std::uint32_t pi = producer_order_[k];
      const Producer& p = producers_[pi];
      bool up = p.supplier != lost;
      for (std::uint32_t ni : p.inputs) up = up && source_up[ni];
      producer_up[pi] = up;
    }
    for (std::uint32_t k = level_sources_[h]; k < level_sources_[h + 1]; ++k) {
      const std::uint32_t ni = source_order_[k];
      bool up = false;
      for (std::uint32_t pi : sources_[ni].producers) up = up || producer_up[pi];
      source_up[ni] = up;
    }
  }
  std::vector<SourcePair> cut;
  for (std::uint32_t ni = 0; ni < sources_.size(); ++ni)
    if (!source_up[ni] && sources_[ni].pair.buyer != lost) cut.push_back(sources_[ni].pair);
  std::sort(cut.begin(), cut.end());
  return cut;
}

void SourcingGraph::Expose(CriticalSupplier& c) const {
  c.lines.clear();
  for (const SourcePair& s : c.cut)
    for (std::uint32_t l : net_.lines_of(s.buyer))
      for (const NetBomItem& b : net_.bom(LineId(l)))
        if (b.component == s.component) c.lines.push_back(LineId(l));
  std::sort(c.lines.begin(), c.lines.end());
  c.lines.erase(std::unique(c.lines.begin(), c.lines.end()), c.lines.end());
  c.vehicles_exposed = c.value_exposed_yuan = 0;
  for (LineId l : c.lines) {
    const VehicleLine& v = net_.line(l);
    c.vehicles_exposed += static_cast<double>(v.annual_volume);
    c.value_exposed_yuan += static_cast<double>(v.annual_volume) * v.unit_price_yuan;
  }
}

std::vector<CriticalSupplier> FindCriticalSuppliers(const Network& net) {
  return SourcingGraph(net).CriticalSuppliers();
}

}  // namespace chainscope
