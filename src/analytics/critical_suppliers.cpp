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
  // A producer depends on the source nodes of its own purchases of its component's inputs.
  producer_inputs_.resize(net.sale_group_count());
  for (std::uint32_t q = 0; q < net.sale_group_count(); ++q) {
    const LinkGroup& sale = net.sale_group(q);
    for (const NetInput& in : net.inputs(sale.component))
      if (const std::uint32_t n = net.FindPurchaseGroup(sale.enterprise, in.input); n != UINT32_MAX)
        producer_inputs_[q].push_back(n);
  }
  const std::vector<std::uint32_t> height = ComponentHeights(net);
  std::size_t levels = 1;
  for (std::uint32_t h : height) levels = std::max<std::size_t>(levels, h + 1);
  OrderByHeight(
      net.sale_group_count(), [&](std::uint32_t i) { return net.sale_group(i).component.value; }, height,
      levels, producer_order_, level_producers_);
  OrderByHeight(
      net.purchase_group_count(), [&](std::uint32_t i) { return net.purchase_group(i).component.value; },
      height, levels, source_order_, level_sources_);
}

std::vector<CriticalSupplier> SourcingGraph::CriticalSuppliers() const {
  std::vector<std::vector<std::uint32_t>> kill_p(net_.sale_group_count()),
      kill_n(net_.purchase_group_count());
  std::vector<std::uint32_t> merged;
  for (std::size_t h = 0; h + 1 < level_producers_.size(); ++h) {
    for (std::uint32_t k = level_producers_[h]; k < level_producers_[h + 1]; ++k) {
      const std::uint32_t pi = producer_order_[k];
      auto& kill = kill_p[pi];
      kill.assign(1, net_.sale_group(pi).enterprise.value);
      for (std::uint32_t ni : producer_inputs_[pi])
        kill.insert(kill.end(), kill_n[ni].begin(), kill_n[ni].end());
      std::sort(kill.begin(), kill.end());
      kill.erase(std::unique(kill.begin(), kill.end()), kill.end());
    }
    for (std::uint32_t k = level_sources_[h]; k < level_sources_[h + 1]; ++k) {
      const std::uint32_t ni = source_order_[k];
      const auto links = net_.purchase_group_links(ni);
      auto& kill = kill_n[ni];
      kill = kill_p[net_.sale_group_of(links.front())];
      for (std::size_t j = 1; j < links.size() && !kill.empty(); ++j) {
        const auto& other = kill_p[net_.sale_group_of(links[j])];
        merged.clear();
        std::set_intersection(kill.begin(), kill.end(), other.begin(), other.end(),
                              std::back_inserter(merged));
        kill.swap(merged);
      }
    }
  }
  // Invert: for each enterprise, the source nodes its loss cuts.
  std::vector<std::vector<std::uint32_t>> cuts(net_.enterprise_count());
  for (std::uint32_t ni = 0; ni < kill_n.size(); ++ni)
    for (std::uint32_t e : kill_n[ni])
      if (e != net_.purchase_group(ni).enterprise.value) cuts[e].push_back(ni);
  std::vector<CriticalSupplier> out;
  for (std::uint32_t e = 0; e < cuts.size(); ++e) {
    if (cuts[e].empty()) continue;
    CriticalSupplier c;
    c.supplier = EnterpriseId(e);
    for (std::uint32_t ni : cuts[e]) c.cut.push_back(PairOf(ni));
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
  std::vector<char> producer_up(net_.sale_group_count(), 0), source_up(net_.purchase_group_count(), 0);
  for (std::size_t h = 0; h + 1 < level_producers_.size(); ++h) {
    for (std::uint32_t k = level_producers_[h]; k < level_producers_[h + 1]; ++k) {
      const std::uint32_t pi = producer_order_[k];
      bool up = net_.sale_group(pi).enterprise != lost;
      for (std::uint32_t ni : producer_inputs_[pi]) up = up && source_up[ni];
      producer_up[pi] = up;
    }
    for (std::uint32_t k = level_sources_[h]; k < level_sources_[h + 1]; ++k) {
      const std::uint32_t ni = source_order_[k];
      bool up = false;
      for (std::uint32_t l : net_.purchase_group_links(ni)) up = up || producer_up[net_.sale_group_of(l)];
      source_up[ni] = up;
    }
  }
  std::vector<SourcePair> cut;
  for (std::uint32_t ni = 0; ni < source_up.size(); ++ni)
    if (!source_up[ni] && net_.purchase_group(ni).enterprise != lost) cut.push_back(PairOf(ni));
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
