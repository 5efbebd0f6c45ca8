#include "analytics/invest.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "core/places.h"

namespace chainscope {
namespace {

constexpr double kNoCoordinatesKm = 1e9;  // sorts buyers without coordinates last

/// One buyer's purchases of the component in the province.
struct BuyerPurchases {
  EnterpriseId buyer;
  PlaceId place;
  std::int64_t units = 0;  // every link
  double value_yuan = 0;
  std::uint32_t links = 0;
  std::int64_t nonlocal_units = 0;
  std::vector<std::uint32_t> nonlocal_links;  // largest volume first
};

std::vector<BuyerPurchases> CollectPurchases(const Network& net, ComponentId c, Province p) {
  std::vector<BuyerPurchases> out;
  std::unordered_map<std::uint32_t, std::size_t> index;
  for (std::uint32_t l : net.links_by_component(c)) {
    const NetLink& link = net.link(l);
    if (net.province_of(link.buyer) != p) continue;
    auto [it, fresh] = index.emplace(link.buyer.value, out.size());
    if (fresh) out.push_back({link.buyer, net.place_of(link.buyer), 0, 0, 0, 0, {}});
    BuyerPurchases& b = out[it->second];
    b.units += link.annual_volume;
    b.value_yuan += link.value_yuan();
    ++b.links;
    if (net.province_of(link.supplier) != p && link.annual_volume > 0) {
      b.nonlocal_units += link.annual_volume;
      b.nonlocal_links.push_back(l);
    }
  }
  for (BuyerPurchases& b : out)
    std::sort(b.nonlocal_links.begin(), b.nonlocal_links.end(), [&](std::uint32_t x, std::uint32_t y) {
      const auto vx = net.link(x).annual_volume, vy = net.link(y).annual_volume;
      return vx != vy ? vx > vy : x < y;
    });
  std::erase_if(out, [](const BuyerPurchases& b) { return b.nonlocal_units == 0; });
  return out;
}

double PlaceKm(const Place& a, const Place& b) {
  if (!a.lat || !a.lon || !b.lat || !b.lon) return kNoCoordinatesKm;
  return GreatCircleKm(*a.lat, *a.lon, *b.lat, *b.lon);
}

ShiftPlan PlanFrom(const Network& net, std::vector<BuyerPurchases>& buyers, PlaceId place,
                   std::int64_t capacity_units, double max_share) {
  const Place& at = net.place(place);
  std::vector<std::pair<double, std::size_t>> order;
  order.reserve(buyers.size());
  for (std::size_t i = 0; i < buyers.size(); ++i)
    order.push_back({PlaceKm(net.place(buyers[i].place), at), i});
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : buyers[x.second].buyer < buyers[y.second].buyer;
  });
  ShiftPlan plan;
  std::int64_t left = capacity_units;
  for (const auto& [km, i] : order) {
    if (left <= 0) break;
    const BuyerPurchases& b = buyers[i];
    const auto cap = static_cast<std::int64_t>(std::floor(max_share * static_cast<double>(b.units)));
    std::int64_t take = std::min({b.nonlocal_units, cap, left});
    if (take <= 0) continue;
    ShiftMove move{b.buyer, {}, take, 0, km};
    std::uint32_t emptied = 0;
    for (std::uint32_t l : b.nonlocal_links) {
      if (take == 0) break;
      const NetLink& link = net.link(l);
      const std::int64_t units = std::min(take, link.annual_volume);
      move.from_links.push_back({l, units});
      move.value_yuan += static_cast<double>(units) * link.unit_price_yuan;
      if (units == link.annual_volume) ++emptied;
      take -= units;
    }
    const std::uint32_t suppliers_after = b.links - emptied + 1;
    if (b.links == 1 && suppliers_after >= 2) plan.single_sourced_relieved_yuan += b.value_yuan;
    if (b.links >= 2 && suppliers_after == 1) plan.single_sourced_created_yuan += b.value_yuan;
    plan.units += move.units;
    plan.value_yuan += move.value_yuan;
    if (net.enterprise(b.buyer).role == Role::kOem) plan.oem_value_yuan += move.value_yuan;
    left -= move.units;
    plan.moves.push_back(std::move(move));
  }
  return plan;
}

/// Purchase value of buyers in each province (Localize's total rows): [province] → {vehicle makers, every
/// buyer}.
std::array<std::array<double, 2>, 4> PurchaseValueByProvince(const Network& net) {
  std::array<std::array<double, 2>, 4> v{};
  for (Province p : {Province::kChongqing, Province::kSichuan})
    for (BuyerScope scope : {BuyerScope::kOems, BuyerScope::kAllTiers}) {
      LocalizationQuery q;
      q.scope = scope;
      q.buyer_province = p;
      q.deep = false;
      const auto rows = Localize(net, q);
      v[static_cast<std::size_t>(p)][scope == BuyerScope::kOems ? 0 : 1] =
          rows.empty() ? 0 : rows.front().value_yuan;
    }
  return v;
}

}  // namespace

void InvestWeights::Set(std::string_view name, double value) {
  if (!(value >= 0) || !std::isfinite(value))
    throw InvalidInput(fmt::format("weight '{}' must be a number ≥ 0", name));
  double* slots[] = {&gap, &focus, &buyers, &cluster, &resilience};
  for (std::size_t i = 0; i < kInvestPartNames.size(); ++i)
    if (kInvestPartNames[i] == name) {
      *slots[i] = value;
      return;
    }
  throw InvalidInput(fmt::format("unknown weight '{}' (gap, focus, buyers, cluster, resilience)", name));
}

ShiftPlan PlanShift(const Network& net, ComponentId component, PlaceId place, std::int64_t capacity_units,
                    double max_share) {
  auto buyers = CollectPurchases(net, component, net.place(place).province);
  return PlanFrom(net, buyers, place, capacity_units, max_share);
}

std::int64_t DefaultCapacity(const Network& net, ComponentId component) {
  std::vector<std::int64_t> caps;
  for (std::uint32_t ci : net.makers_of(component)) caps.push_back(net.capabilities()[ci].annual_capacity);
  if (!caps.empty()) {
    std::nth_element(caps.begin(), caps.begin() + static_cast<std::ptrdiff_t>(caps.size() / 2), caps.end());
    return std::max<std::int64_t>(1, caps[caps.size() / 2]);
  }
  std::int64_t bought = 0;
  for (std::uint32_t l : net.links_by_component(component))
    if (IsRegional(net.province_of(net.link(l).buyer))) bought += net.link(l).annual_volume;
  return std::max<std::int64_t>(1, bought);
}

std::vector<InvestTarget> RankInvestTargets(const Network& net, const InvestQuery& q,
                                            const std::atomic<bool>* stop) {
  if (!(q.max_share > 0 && q.max_share <= 1)) throw InvalidInput("max_share must be in (0, 1]");
  if (!(q.radius_km >= 0)) throw InvalidInput("radius_km must be ≥ 0");
  if (q.capacity_units && *q.capacity_units < 1)
    throw InvalidInput("capacity must be at least 1 unit a year");
  const std::size_t np = net.place_count(), nc = net.component_count();
  std::vector<PlaceId> districts;
  for (std::uint32_t p = 0; p < np; ++p) {
    const Place& pl = net.place(PlaceId(p));
    if (!IsRegional(pl.province) || !pl.lat || !pl.lon) continue;
    if (q.province && pl.province != *q.province) continue;
    districts.push_back(PlaceId(p));
  }
  // Place-to-place distances, and which places lie within the radius of each district.
  std::vector<std::vector<std::uint32_t>> near(np);
  for (PlaceId d : districts)
    for (std::uint32_t p = 0; p < np; ++p)
      if (PlaceKm(net.place(d), net.place(PlaceId(p))) <= q.radius_km) near[d.value].push_back(p);
  // Makers per (component, place) and value bought per (component, buyer place).
  std::vector<std::vector<std::uint32_t>> makers(nc, std::vector<std::uint32_t>(np, 0));
  for (const NetCapability& cap : net.capabilities())
    ++makers[cap.component.value][net.place_of(cap.supplier).value];
  std::vector<std::vector<double>> bought(nc, std::vector<double>(np, 0));
  std::vector<std::array<double, 4>> bought_in_province(nc, std::array<double, 4>{});
  for (const NetLink& l : net.links()) {
    bought[l.component.value][net.place_of(l.buyer).value] += l.value_yuan();
    bought_in_province[l.component.value][static_cast<std::size_t>(net.province_of(l.buyer))] +=
        l.value_yuan();
  }
  // Components related to c for the cluster: c, its inputs and the components that use it.
  std::vector<std::vector<std::uint32_t>> related(nc);
  for (std::uint32_t c = 0; c < nc; ++c) {
    related[c].push_back(c);
    for (const NetInput& in : net.inputs(ComponentId(c))) {
      related[c].push_back(in.input.value);
      related[in.input.value].push_back(c);
    }
  }
  const auto province_value = PurchaseValueByProvince(net);

  std::vector<InvestTarget> targets;
  for (std::uint32_t c = 0; c < nc; ++c) {
    ThrowIfStopped(stop, "investment ranking");
    const ComponentId comp(c);
    if (q.component.valid() && comp != q.component) continue;
    const std::int64_t capacity = q.capacity_units ? *q.capacity_units : DefaultCapacity(net, comp);
    for (Province prov : {Province::kChongqing, Province::kSichuan}) {
      if (q.province && prov != *q.province) continue;
      auto buyers = CollectPurchases(net, comp, prov);
      if (buyers.empty()) continue;
      double addressable = 0;
      for (const BuyerPurchases& b : buyers)
        for (std::uint32_t l : b.nonlocal_links) addressable += net.link(l).value_yuan();
      const auto& pv = province_value[static_cast<std::size_t>(prov)];
      for (PlaceId d : districts) {
        const Place& place = net.place(d);
        if (place.province != prov) continue;
        const ShiftPlan plan = PlanFrom(net, buyers, d, capacity, q.max_share);
        if (plan.units == 0) continue;
        InvestTarget t;
        t.component = comp;
        t.place = d;
        t.focus =
            std::find(place.focus.begin(), place.focus.end(), net.component(comp).code) != place.focus.end();
        t.addressable_value_yuan = addressable;
        for (std::uint32_t p : near[d.value]) {
          t.nearby_buyers_value_yuan += bought[c][p];
          for (std::uint32_t r : related[c]) t.nearby_makers += makers[r][p];
        }
        t.capacity_units = capacity;
        t.moved_units = plan.units;
        t.moved_value_yuan = plan.value_yuan;
        t.buyers_served = plan.moves.size();
        t.local_share_gain_pp = pv[0] > 0 ? 100 * plan.oem_value_yuan / pv[0] : 0;
        t.local_share_all_tiers_gain_pp = pv[1] > 0 ? 100 * plan.value_yuan / pv[1] : 0;
        t.single_sourced_drop_yuan = plan.single_sourced_drop_yuan();
        const double in_province = bought_in_province[c][static_cast<std::size_t>(prov)];
        t.parts[2] = in_province > 0 ? std::min(1.0, t.nearby_buyers_value_yuan / in_province) : 0;
        t.parts[1] = t.focus ? 1 : 0;
        t.parts[3] = std::min(1.0, static_cast<double>(t.nearby_makers) / kClusterSaturationMakers);
        targets.push_back(t);
      }
    }
  }
  double max_moved = 0, max_drop = 0;
  for (const InvestTarget& t : targets) {
    max_moved = std::max(max_moved, t.moved_value_yuan);
    max_drop = std::max(max_drop, t.single_sourced_drop_yuan);
  }
  const std::array<double, 5> w{q.weights.gap, q.weights.focus, q.weights.buyers, q.weights.cluster,
                                q.weights.resilience};
  for (InvestTarget& t : targets) {
    t.parts[0] = max_moved > 0 ? t.moved_value_yuan / max_moved : 0;
    t.parts[4] = max_drop > 0 ? std::max(0.0, t.single_sourced_drop_yuan) / max_drop : 0;
    t.score = 0;
    for (std::size_t i = 0; i < w.size(); ++i) t.score += w[i] * t.parts[i];
  }
  auto better = [](const InvestTarget& a, const InvestTarget& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.moved_value_yuan != b.moved_value_yuan) return a.moved_value_yuan > b.moved_value_yuan;
    return a.component != b.component ? a.component < b.component : a.place < b.place;
  };
  std::sort(targets.begin(), targets.end(), better);
  std::vector<InvestTarget> ranked;
  std::vector<std::size_t> per_component(nc, 0);
  for (const InvestTarget& t : targets) {
    if (ranked.size() >= q.top) break;
    if (q.per_component > 0 && per_component[t.component.value]++ >= q.per_component) continue;
    ranked.push_back(t);
  }
  return ranked;
}

WhatIfMeasures MeasureForWhatIf(const Network& net, ComponentId component, Province province) {
  WhatIfMeasures m;
  // First-tier shares of the buyers in the province: Localize's total rows (without the deep shares).
  auto total = [&](BuyerScope scope, ComponentId only) {
    LocalizationQuery lq;
    lq.scope = scope;
    lq.buyer_province = province;
    lq.component = only;
    lq.deep = false;
    const auto rows = Localize(net, lq);
    return rows.empty() ? LocalizationRow{} : rows.front();
  };
  const LocalizationRow oems = total(BuyerScope::kOems, {});
  m.local_share_value = oems.local_share_value();
  m.regional_share_value = oems.regional_share_value();
  m.local_share_all_tiers_value = total(BuyerScope::kAllTiers, {}).local_share_value();
  m.component_local_share_value = total(BuyerScope::kAllTiers, component).local_share_value();
  const WeakLinksReport w = AnalyzeWeakLinks(net, WeakLinksQuery{});
  m.single_sourced_value_yuan = w.single_sourced_value_yuan;
  m.single_sourced_pairs = w.single_sourced.size();
  m.critical_suppliers = w.critical_suppliers.size();
  const Area area = province == Province::kChongqing ? Area::kChongqing : Area::kSichuan;
  for (const Coverage& c : w.coverage)
    if (c.component == component && c.area == area) m.component_coverage = c.coverage();
  for (const Concentration& c : w.hhi_region)
    if (c.component == component) m.component_hhi = c.hhi;
  return m;
}

Dataset ApplyWhatIf(const Network& net, const WhatIfSupplier& s, const ShiftPlan& plan) {
  const std::pair<WhatIfSupplier, ShiftPlan> one[] = {{s, plan}};
  return ApplyWhatIfs(net, one);
}

Dataset ApplyWhatIfs(const Network& net, std::span<const std::pair<WhatIfSupplier, ShiftPlan>> makers) {
  Dataset d = net.data();
  std::unordered_map<std::string, std::size_t> capability_of;
  for (std::size_t i = 0; i < d.capabilities.size(); ++i)
    capability_of.emplace(d.capabilities[i].supplier + "|" + d.capabilities[i].component, i);
  std::vector<bool> emptied(d.links.size(), false);
  for (const auto& [s, plan] : makers) {
    const ComponentId comp = net.FindComponent(s.component);
    const ComponentType& ct = net.component(comp);
    Enterprise e;
    e.id = s.id;
    e.name = s.name;
    e.name_zh = "招商引资假设企业";
    e.role = ct.typical_qty_per_vehicle > 0 ? Role::kTier1 : Role::kTier2;
    e.place = s.place;
    e.certifications = {"IATF 16949"};
    e.ttr_days = 60;
    d.enterprises.push_back(e);
    Capability cap;
    cap.supplier = s.id;
    cap.component = s.component;
    cap.annual_capacity = *s.capacity_units;
    cap.committed = plan.units;
    cap.unit_price_yuan =
        plan.units > 0 ? plan.value_yuan / static_cast<double>(plan.units) : ct.unit_price_yuan;
    cap.lead_time_days = 7;
    cap.quality = 0.9;
    cap.inventory_days = 7;
    d.capabilities.push_back(cap);
    for (const ShiftMove& m : plan.moves) {
      double inventory_days = 0;
      for (const auto& [l, units] : m.from_links) {
        SupplyLink& link = d.links[l];
        link.annual_volume -= units;
        inventory_days += link.buyer_inventory_days * static_cast<double>(units);
        if (link.annual_volume == 0) emptied[l] = true;
        if (auto it = capability_of.find(link.supplier + "|" + link.component); it != capability_of.end()) {
          Capability& c = d.capabilities[it->second];
          c.committed = std::max<std::int64_t>(0, c.committed - units);
        }
      }
      SupplyLink added;
      added.buyer = net.enterprise(m.buyer).id;
      added.supplier = s.id;
      added.component = s.component;
      added.annual_volume = m.units;
      added.unit_price_yuan = m.value_yuan / static_cast<double>(m.units);
      added.buyer_inventory_days = inventory_days / static_cast<double>(m.units);
      added.in_transit_days = 1;
      d.links.push_back(added);
    }
  }
  std::vector<SupplyLink> kept;
  kept.reserve(d.links.size());
  for (std::size_t i = 0; i < d.links.size(); ++i)
    if (i >= emptied.size() || !emptied[i]) kept.push_back(std::move(d.links[i]));
  d.links = std::move(kept);
  return d;
}

WhatIfResult RunWhatIf(const Network& net, WhatIfSupplier s, const std::atomic<bool>* stop) {
  const ComponentId comp = net.FindComponent(s.component);
  if (!comp.valid()) throw InvalidInput(fmt::format("unknown component '{}'", s.component));
  const PlaceId place = net.FindPlace(s.place);
  if (!place.valid()) throw InvalidInput(fmt::format("unknown place '{}'", s.place));
  const Place& pl = net.place(place);
  if (!IsRegional(pl.province))
    throw InvalidInput(fmt::format("place '{}' ({}) is not in Chongqing or Sichuan", s.place, pl.name));
  if (net.FindEnterprise(s.id).valid()) throw InvalidInput(fmt::format("enterprise id '{}' is in use", s.id));
  if (!(s.max_share > 0 && s.max_share <= 1)) throw InvalidInput("max_share must be in (0, 1]");
  if (!s.capacity_units) s.capacity_units = DefaultCapacity(net, comp);
  if (*s.capacity_units < 1) throw InvalidInput("capacity must be at least 1 unit a year");
  if (s.name.empty())
    s.name = fmt::format("Attracted {} maker, {} (what-if)", net.component(comp).name, pl.name);
  WhatIfResult r;
  r.plan = PlanShift(net, comp, place, *s.capacity_units, s.max_share);
  ThrowIfStopped(stop, "what-if");
  r.before = MeasureForWhatIf(net, comp, pl.province);
  ThrowIfStopped(stop, "what-if");
  const auto after = Network::Build(ApplyWhatIf(net, s, r.plan));
  ThrowIfStopped(stop, "what-if");
  r.after = MeasureForWhatIf(*after, after->FindComponent(s.component), pl.province);
  r.supplier = std::move(s);
  return r;
}

}  // namespace chainscope
