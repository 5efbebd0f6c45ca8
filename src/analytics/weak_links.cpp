#include "analytics/weak_links.h"

#include <algorithm>
#include <array>

namespace chainscope {
namespace {

bool BuyerInScope(const Network& net, const WeakLinksQuery& q, EnterpriseId b) {
  if (q.scope == BuyerScope::kOems && net.enterprise(b).role != Role::kOem) return false;
  return !q.buyer_province || net.province_of(b) == *q.buyer_province;
}

/// HHI and the leader of (supplier, value) amounts; `amounts` is sorted by supplier in place.
Concentration Concentrate(std::vector<std::pair<EnterpriseId, double>>& amounts) {
  std::sort(amounts.begin(), amounts.end());
  std::vector<double> per_supplier;
  std::vector<EnterpriseId> who;
  for (const auto& [s, v] : amounts) {
    if (!who.empty() && who.back() == s) {
      per_supplier.back() += v;
    } else {
      who.push_back(s);
      per_supplier.push_back(v);
    }
  }
  Concentration c;
  c.hhi = Hhi(per_supplier);
  c.suppliers = who.size();
  for (double v : per_supplier) c.value_yuan += v;
  for (std::size_t i = 0; i < who.size(); ++i)
    if (c.value_yuan > 0 && per_supplier[i] / c.value_yuan > c.top_share) {
      c.top_share = per_supplier[i] / c.value_yuan;
      c.top_supplier = who[i];
    }
  return c;
}

bool MoreConcentrated(const Concentration& a, const Concentration& b) {
  if (a.hhi != b.hhi) return a.hhi > b.hhi;
  if (a.value_yuan != b.value_yuan) return a.value_yuan > b.value_yuan;
  return a.oem != b.oem ? a.oem < b.oem : a.component < b.component;
}

}  // namespace

std::string_view ToString(Area a) {
  switch (a) {
    case Area::kRegion:
      return "region";
    case Area::kChongqing:
      return "Chongqing";
    case Area::kSichuan:
      return "Sichuan";
  }
  return "";
}

bool InArea(Province p, Area a) {
  switch (a) {
    case Area::kRegion:
      return IsRegional(p);
    case Area::kChongqing:
      return p == Province::kChongqing;
    case Area::kSichuan:
      return p == Province::kSichuan;
  }
  return false;
}

double Hhi(const std::vector<double>& amounts) {
  double total = 0, sum_sq = 0;
  for (double v : amounts) total += v;
  if (total <= 0) return 0;
  for (double v : amounts) sum_sq += (100 * v / total) * (100 * v / total);
  return sum_sq;
}

WeakLinksReport AnalyzeWeakLinks(const Network& net, const WeakLinksQuery& q) {
  WeakLinksReport r;
  const std::size_t nc = net.component_count();
  constexpr std::array<Area, 3> kAreas{Area::kRegion, Area::kChongqing, Area::kSichuan};

  // Per (buyer, component): the network's purchase groups.
  std::vector<std::vector<Coverage>> coverage(nc, std::vector<Coverage>(kAreas.size()));
  for (std::uint32_t g = 0; g < net.purchase_group_count(); ++g) {
    const EnterpriseId buyer = net.purchase_group(g).enterprise;
    const ComponentId c = net.purchase_group(g).component;
    if (!BuyerInScope(net, q, buyer)) continue;
    const auto group = net.purchase_group_links(g);
    const Province bp = net.province_of(buyer);
    ++r.source_pairs;
    double value = 0, volume = 0;
    std::vector<std::pair<EnterpriseId, double>> amounts;
    for (std::uint32_t l : group) {
      const NetLink& link = net.link(l);
      value += link.value_yuan();
      volume += static_cast<double>(link.annual_volume);
      amounts.push_back({link.supplier, link.value_yuan()});
      for (std::size_t a = 0; a < kAreas.size(); ++a) {
        if (!InArea(bp, kAreas[a])) continue;
        Coverage& cov = coverage[c.value][a];
        cov.demand_units += static_cast<double>(link.annual_volume);
        cov.demand_value_yuan += link.value_yuan();
        if (InArea(net.province_of(link.supplier), kAreas[a]))
          cov.local_supply_units += static_cast<double>(link.annual_volume);
      }
    }
    r.purchase_value_yuan += value;
    if (group.size() == 1) {
      r.single_sourced.push_back({buyer, net.link(group.front()).supplier, c, value, volume});
      r.single_sourced_value_yuan += value;
    }
    if (net.enterprise(buyer).role == Role::kOem) {
      Concentration conc = Concentrate(amounts);
      conc.component = c;
      conc.oem = buyer;
      r.hhi_by_oem.push_back(conc);
    }
  }
  std::sort(r.single_sourced.begin(), r.single_sourced.end(),
            [](const SingleSourced& a, const SingleSourced& b) {
              if (a.value_yuan != b.value_yuan) return a.value_yuan > b.value_yuan;
              return a.buyer != b.buyer ? a.buyer < b.buyer : a.component < b.component;
            });
  std::sort(r.hhi_by_oem.begin(), r.hhi_by_oem.end(), MoreConcentrated);

  // Region-wide concentration per component, over every buyer in scope.
  for (std::uint32_t c = 0; c < nc; ++c) {
    std::vector<std::pair<EnterpriseId, double>> amounts;
    for (std::uint32_t l : net.links_by_component(ComponentId(c)))
      if (BuyerInScope(net, q, net.link(l).buyer))
        amounts.push_back({net.link(l).supplier, net.link(l).value_yuan()});
    if (amounts.empty()) continue;
    Concentration conc = Concentrate(amounts);
    conc.component = ComponentId(c);
    r.hhi_region.push_back(conc);
  }
  std::sort(r.hhi_region.begin(), r.hhi_region.end(), MoreConcentrated);

  // Capacity of makers in each area.
  for (const NetCapability& cap : net.capabilities()) {
    const Province sp = net.province_of(cap.supplier);
    for (std::size_t a = 0; a < kAreas.size(); ++a) {
      if (!InArea(sp, kAreas[a])) continue;
      coverage[cap.component.value][a].capacity_units += static_cast<double>(cap.annual_capacity);
      ++coverage[cap.component.value][a].makers;
    }
  }
  for (std::uint32_t c = 0; c < nc; ++c)
    for (std::size_t a = 0; a < kAreas.size(); ++a) {
      Coverage& cov = coverage[c][a];
      if (cov.demand_units <= 0) continue;
      cov.component = ComponentId(c);
      cov.area = kAreas[a];
      r.coverage.push_back(cov);
      if (cov.coverage() < q.gap_threshold) r.gaps.push_back(cov);
    }
  std::sort(r.gaps.begin(), r.gaps.end(), [](const Coverage& a, const Coverage& b) {
    if (a.uncovered_value_yuan() != b.uncovered_value_yuan())
      return a.uncovered_value_yuan() > b.uncovered_value_yuan();
    return a.component != b.component ? a.component < b.component : a.area < b.area;
  });

  // Critical suppliers over the whole network; only the buyers in scope are reported.
  const SourcingGraph graph(net);
  for (CriticalSupplier& c : graph.CriticalSuppliers()) {
    const std::size_t all = c.cut.size();
    std::erase_if(c.cut, [&](const SourcePair& p) { return !BuyerInScope(net, q, p.buyer); });
    if (c.cut.empty()) continue;
    if (c.cut.size() != all) graph.Expose(c);  // fewer buyers: recount the lines they expose
    r.critical_suppliers.push_back(std::move(c));
  }
  std::stable_sort(r.critical_suppliers.begin(), r.critical_suppliers.end(),
                   [](const CriticalSupplier& a, const CriticalSupplier& b) {
                     if (a.value_exposed_yuan != b.value_exposed_yuan)
                       return a.value_exposed_yuan > b.value_exposed_yuan;
                     return a.cut.size() > b.cut.size();
                   });
  return r;
}

}  // namespace chainscope
