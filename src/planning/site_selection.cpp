#include "planning/site_selection.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_set>

#include "core/number_text.h"
#include "core/places.h"

namespace chainscope {

std::string_view ToString(SiteKind k) {
  switch (k) {
    case SiteKind::kPlace:
      return "place";
    case SiteKind::kPark:
      return "park";
    case SiteKind::kExisting:
      return "existing";
  }
  return "place";
}

namespace {

[[noreturn]] void BadField(std::string_view field, std::string_view rule) {
  throw InvalidInput(Message{"site.bad_field",
                             {{"field", std::string(field)}, {"rule", std::string(rule)}},
                             fmt::format("field '{}' must be {}", field, rule)});
}

bool HasCoordinates(const Place& p) {
  return p.lat && p.lon && IsRegional(p.province);
}

double DistanceKm(const Place& a, const Place& b) {
  if (&a == &b || a.code == b.code) return 0;
  return GreatCircleKm(*a.lat, *a.lon, *b.lat, *b.lon);
}

/// The component's reference unit price: its catalogue price, else the mean price on its links, else 1.
double ReferencePrice(const Network& net, ComponentId c) {
  if (net.component(c).unit_price_yuan > 0) return net.component(c).unit_price_yuan;
  double value = 0, units = 0;
  for (std::uint32_t l : net.links_by_component(c)) {
    value += net.link(l).value_yuan();
    units += static_cast<double>(net.link(l).annual_volume);
  }
  return units > 0 && value > 0 ? value / units : 1;
}

SiteCostModel CostModelOf(const Network& net, const SiteQuery& q) {
  SiteCostModel m;
  m.unit_price_yuan = ReferencePrice(net, q.component);
  m.capacity_units = q.capacity_units;
  m.max_sites = q.max_sites;
  m.radius_km = q.radius_km;
  m.max_share = q.max_share;
  m.investment_yuan_per_unit = q.investment_yuan_per_unit.value_or(0.8 * m.unit_price_yuan);
  m.investment_yuan = m.investment_yuan_per_unit * static_cast<double>(q.capacity_units);
  m.land_share = q.land_share;
  m.amortisation_years = q.amortisation_years;
  m.base_fixed_cost_yuan = m.investment_yuan / m.amortisation_years;
  m.transport_yuan_per_unit_km =
      q.transport_yuan_per_unit_km.value_or(std::max(0.0001, 0.00005 * m.unit_price_yuan));
  m.unmet_penalty_yuan_per_unit = q.unmet_penalty_yuan_per_unit.value_or(0.15 * m.unit_price_yuan);
  return m;
}

void Validate(const SiteQuery& q) {
  if (!q.enterprise.valid()) BadField("enterprise", "a known enterprise");
  if (!q.component.valid()) BadField("component", "a known component code");
  if (q.capacity_units < 1) BadField("capacity", "at least 1 unit a year");
  if (q.max_sites < 0) BadField("sites", "≥ 0");
  if (q.radius_km && !(*q.radius_km > 0 && std::isfinite(*q.radius_km))) BadField("radius_km", "> 0");
  if (!(q.max_share > 0 && q.max_share <= 1)) BadField("max_share", "in (0, 1]");
  if (q.investment_yuan_per_unit &&
      !(*q.investment_yuan_per_unit >= 0 && std::isfinite(*q.investment_yuan_per_unit)))
    BadField("investment_yuan_per_unit", "≥ 0");
  if (!(q.land_share >= 0 && q.land_share <= 1)) BadField("land_share", "in [0, 1]");
  if (!(q.amortisation_years > 0 && q.amortisation_years <= 100))
    BadField("amortisation_years", "in (0, 100]");
  if (q.transport_yuan_per_unit_km &&
      !(*q.transport_yuan_per_unit_km >= 0 && std::isfinite(*q.transport_yuan_per_unit_km)))
    BadField("transport_yuan_per_unit_km", "≥ 0");
  if (q.unmet_penalty_yuan_per_unit &&
      !(*q.unmet_penalty_yuan_per_unit >= 0 && std::isfinite(*q.unmet_penalty_yuan_per_unit)))
    BadField("unmet_penalty_yuan_per_unit", "≥ 0");
  double sum = 0;
  for (double w : q.weights) {
    if (!(w >= 0 && w <= 1)) BadField("weights", "each in [0, 1]");
    sum += w;
  }
  if (std::abs(sum - 1) > 1e-6) BadField("weights", "summing to 100%");
}

/// The yuan a year the place's incentives take off one plant's fixed cost.
double AnnualIncentive(const SiteCostModel& m, const IncentiveTerms& t) {
  double once = m.land_share * m.investment_yuan * std::clamp(t.land_discount, 0.0, 1.0);
  double subsidy = 0;
  for (const IncentiveTerms::Subsidy& s : t.subsidies)
    if (m.investment_yuan >= s.min_investment_yuan)
      subsidy = std::max(subsidy, std::min(s.cap_yuan, std::clamp(s.rate, 0.0, 1.0) * m.investment_yuan));
  once += subsidy;
  return std::min(once, m.investment_yuan) / m.amortisation_years;
}

SiteCandidate NewCandidate(const Network& net, const SiteQuery& q, const SiteCostModel& m, std::string id,
                           SiteKind kind, PlaceId place) {
  SiteCandidate c;
  c.id = std::move(id);
  c.kind = kind;
  c.place = place;
  c.capacity_units = q.capacity_units;
  if (auto it = q.incentives.find(net.place(place).code); it != q.incentives.end()) {
    c.incentive_yuan = AnnualIncentive(m, it->second);
    c.policies = it->second.policies;
  }
  c.fixed_cost_yuan = std::max(0.0, m.base_fixed_cost_yuan - c.incentive_yuan);
  return c;
}

}  // namespace

SiteModel BuildSiteModel(const Network& net, const SiteQuery& q) {
  Validate(q);
  SiteModel model;
  model.enterprise = q.enterprise;
  model.component = q.component;
  model.cost = CostModelOf(net, q);
  const Dataset& data = net.data();

  // ---- candidates ----
  if (q.keep_existing) {
    const PlaceId home = net.place_of(q.enterprise);
    for (std::uint32_t ci : net.capabilities_of(q.enterprise)) {
      const NetCapability& cap = net.capabilities()[ci];
      if (cap.component != q.component || !HasCoordinates(net.place(home))) continue;
      const std::int64_t spare = std::max<std::int64_t>(0, cap.annual_capacity - cap.committed);
      if (spare == 0) continue;
      SiteCandidate c;
      c.id = net.enterprise(q.enterprise).id;
      c.kind = SiteKind::kExisting;
      c.place = home;
      c.capacity_units = spare;
      model.candidates.push_back(std::move(c));
    }
  }
  std::unordered_set<std::string> seen;
  const auto add_place = [&](PlaceId p) {
    if (seen.insert(net.place(p).code).second)
      model.candidates.push_back(NewCandidate(net, q, model.cost, net.place(p).code, SiteKind::kPlace, p));
  };
  const auto add_park = [&](const Park& park) {
    const PlaceId p = net.FindPlace(park.place);
    if (!p.valid() || !HasCoordinates(net.place(p))) return false;
    if (seen.insert(park.id).second)
      model.candidates.push_back(NewCandidate(net, q, model.cost, park.id, SiteKind::kPark, p));
    return true;
  };
  if (q.candidates.empty()) {
    for (std::uint32_t p = 0; p < net.place_count(); ++p)
      if (HasCoordinates(net.place(PlaceId(p)))) add_place(PlaceId(p));
    for (const Park& park : data.parks) add_park(park);
  } else {
    for (const std::string& id : q.candidates) {
      const PlaceId p = net.FindPlace(id);
      if (p.valid() && HasCoordinates(net.place(p))) {
        add_place(p);
        continue;
      }
      const auto park =
          std::find_if(data.parks.begin(), data.parks.end(), [&](const Park& k) { return k.id == id; });
      if (park == data.parks.end() || !add_park(*park))
        throw InvalidInput(
            Message{"site.unknown_candidate",
                    {{"candidate", id}},
                    fmt::format("field 'candidates': '{}' is not a place of Sichuan or Chongqing "
                                "with coordinates, nor a demonstration park",
                                id)});
    }
  }

  // ---- customers ----
  const double max_share = q.max_share;
  std::map<std::uint32_t, SiteCustomer> by_buyer;  // ordered: deterministic
  std::map<std::uint32_t, std::int64_t> total_units;
  std::map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::int64_t>>> far;
  for (std::uint32_t l : net.links_by_component(q.component)) {
    const NetLink& link = net.link(l);
    if (link.buyer == q.enterprise || link.supplier == q.enterprise || link.annual_volume <= 0) continue;
    const Place& bp = net.place(net.place_of(link.buyer));
    if (!HasCoordinates(bp)) continue;
    total_units[link.buyer.value] += link.annual_volume;
    const Place& sp = net.place(net.place_of(link.supplier));
    const bool is_far = q.radius_km ? !(sp.lat && sp.lon) || DistanceKm(bp, sp) > *q.radius_km
                                    : sp.province != bp.province;  // bp is regional
    if (is_far) far[link.buyer.value].emplace_back(l, link.annual_volume);
  }
  for (auto& [buyer, links] : far) {
    std::stable_sort(links.begin(), links.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::int64_t movable =
        static_cast<std::int64_t>(std::floor(max_share * static_cast<double>(total_units[buyer])));
    SiteCustomer& c = by_buyer[buyer];
    c.buyer = EnterpriseId(buyer);
    for (const auto& [l, units] : links) {
      if (movable <= 0) break;
      const std::int64_t take = std::min(units, movable);
      c.far_links.emplace_back(l, take);
      c.purchase_units += take;
      movable -= take;
    }
  }
  const std::string& component_code = net.component(q.component).code;
  for (const Demand& d : q.demands) {
    if (!d.open || d.component != component_code) continue;
    const EnterpriseId b = net.FindEnterprise(d.buyer);
    if (!b.valid() || b == q.enterprise || !HasCoordinates(net.place(net.place_of(b)))) continue;
    const auto units = static_cast<std::int64_t>(
        std::floor(std::clamp(d.max_share, 0.0, 1.0) * static_cast<double>(d.annual_quantity)));
    if (units <= 0) continue;
    SiteCustomer& c = by_buyer[b.value];
    c.buyer = b;
    c.demand_units += units;
    c.demands.push_back(d.id);
  }
  std::map<std::uint32_t, std::vector<std::uint32_t>> by_place;
  for (auto& [buyer, c] : by_buyer) {
    if (c.units() <= 0) continue;
    by_place[net.place_of(c.buyer).value].push_back(static_cast<std::uint32_t>(model.customers.size()));
    model.customers.push_back(std::move(c));
  }
  for (auto& [place, members] : by_place) {
    SiteModel::Group g;
    g.place = PlaceId(place);
    std::stable_sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
      return model.customers[a].units() > model.customers[b].units();
    });
    g.customers = members;
    for (std::uint32_t i : members) g.units += model.customers[i].units();
    model.groups.push_back(std::move(g));
  }

  // ---- arcs ----
  for (std::uint32_t g = 0; g < model.groups.size(); ++g) {
    const Place& gp = net.place(model.groups[g].place);
    for (std::uint32_t j = 0; j < model.candidates.size(); ++j) {
      const double d = DistanceKm(gp, net.place(model.candidates[j].place));
      if (q.radius_km && d > *q.radius_km) continue;
      model.arcs.push_back({g, j, d});
    }
  }
  return model;
}

SiteSolution SolveSiteModel(const SiteModel& model, const MipOptions& options) {
  SiteSolution out;
  for (const auto& g : model.groups) out.demand_units += g.units;
  const SiteCostModel& m = model.cost;
  MipProblem p;
  LpProblem& lp = p.lp;
  std::vector<int> y(model.candidates.size(), -1);
  for (std::uint32_t j = 0; j < model.candidates.size(); ++j) {
    if (model.candidates[j].kind == SiteKind::kExisting) continue;
    y[j] = lp.AddColumn(0, m.max_sites > 0 ? 1 : 0, model.candidates[j].fixed_cost_yuan);
    p.integer_columns.push_back(y[j]);
  }
  std::vector<int> x(model.arcs.size()), u(model.groups.size());
  for (std::size_t a = 0; a < model.arcs.size(); ++a) {
    const auto& arc = model.arcs[a];
    x[a] = lp.AddColumn(0, static_cast<double>(model.groups[arc.group].units),
                        m.transport_yuan_per_unit_km * arc.distance_km);
  }
  for (std::size_t g = 0; g < model.groups.size(); ++g)
    u[g] = lp.AddColumn(0, kLpInfinity, m.unmet_penalty_yuan_per_unit);
  std::vector<int> served_row(model.groups.size()), capacity_row(model.candidates.size());
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    const double d = static_cast<double>(model.groups[g].units);
    served_row[g] = lp.AddRow(d, d);
    lp.Set(served_row[g], u[g], 1);
  }
  for (std::uint32_t j = 0; j < model.candidates.size(); ++j) {
    const SiteCandidate& c = model.candidates[j];
    if (y[j] < 0) {
      capacity_row[j] = lp.AddRow(-kLpInfinity, static_cast<double>(c.capacity_units));
    } else {
      capacity_row[j] = lp.AddRow(-kLpInfinity, 0);
      lp.Set(capacity_row[j], y[j], -static_cast<double>(c.capacity_units));
    }
  }
  for (std::size_t a = 0; a < model.arcs.size(); ++a) {
    const auto& arc = model.arcs[a];
    lp.Set(served_row[arc.group], x[a], 1);
    lp.Set(capacity_row[arc.candidate], x[a], 1);
    if (y[arc.candidate] >= 0) {
      const int link = lp.AddRow(-kLpInfinity, 0);
      lp.Set(link, x[a], 1);
      lp.Set(link, y[arc.candidate], -static_cast<double>(model.groups[arc.group].units));
    }
  }
  if (!p.integer_columns.empty()) {
    const int k = lp.AddRow(-kLpInfinity, m.max_sites);
    for (int col : p.integer_columns) lp.Set(k, col, 1);
  }
  out.columns = lp.columns();
  out.rows = lp.rows();
  if (lp.columns() == 0 || lp.rows() == 0) {  // no candidate and no customer: nothing to decide
    out.status = MipStatus::kOptimal;
    return out;
  }
  const MipSolution s = SolveMip(p, options);
  out.status = s.status;
  out.nodes = s.nodes;
  out.seconds = s.seconds;
  out.bound_yuan = s.bound;
  out.gap = s.gap;
  if (s.x.empty()) return out;

  // Flows per (group, candidate) in whole units; the objective's parts from the solver's values.
  std::vector<std::vector<std::pair<std::uint32_t, std::int64_t>>> to_sites(model.groups.size());
  for (std::size_t a = 0; a < model.arcs.size(); ++a) {
    const auto& arc = model.arcs[a];
    const double v = s.x[static_cast<std::size_t>(x[a])];
    out.transport_cost_yuan += m.transport_yuan_per_unit_km * arc.distance_km * v;
    const auto units = static_cast<std::int64_t>(std::llround(v));
    if (units > 0) to_sites[arc.group].emplace_back(static_cast<std::uint32_t>(a), units);
  }
  for (std::size_t g = 0; g < model.groups.size(); ++g)
    out.penalty_yuan += m.unmet_penalty_yuan_per_unit * s.x[static_cast<std::size_t>(u[g])];
  std::vector<int> chosen_of(model.candidates.size(), -1);
  for (std::uint32_t j = 0; j < model.candidates.size(); ++j) {
    const bool open = y[j] < 0 ? true : s.x[static_cast<std::size_t>(y[j])] > 0.5;
    if (!open) continue;
    if (y[j] >= 0) out.fixed_cost_yuan += model.candidates[j].fixed_cost_yuan;
    chosen_of[j] = static_cast<int>(out.chosen.size());
    ChosenSite site;
    site.candidate = j;
    site.fixed_cost_yuan = y[j] >= 0 ? model.candidates[j].fixed_cost_yuan : 0;
    out.chosen.push_back(std::move(site));
  }
  // Split each group's flows back over its customers, largest customer first, nearest site first; a
  // customer's purchases from far suppliers move before its open demands.
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    auto flows = to_sites[g];
    std::stable_sort(flows.begin(), flows.end(), [&](const auto& a, const auto& b) {
      return model.arcs[a.first].distance_km < model.arcs[b.first].distance_km;
    });
    std::size_t f = 0;
    for (std::uint32_t ci : model.groups[g].customers) {
      const SiteCustomer& c = model.customers[ci];
      std::int64_t purchase_left = c.purchase_units, demand_left = c.demand_units;
      std::size_t link_at = 0;
      std::int64_t link_left = c.far_links.empty() ? 0 : c.far_links[0].second;
      while (f < flows.size() && purchase_left + demand_left > 0) {
        auto& [arc_index, left] = flows[f];
        const auto& arc = model.arcs[arc_index];
        const int at = chosen_of[arc.candidate];
        const std::int64_t take = std::min(left, purchase_left + demand_left);
        if (at >= 0 && take > 0) {
          ServedCustomer sc;
          sc.buyer = c.buyer;
          sc.units = take;
          sc.distance_km = arc.distance_km;
          sc.purchase_units = std::min(take, purchase_left);
          sc.demand_units = take - sc.purchase_units;
          // The units come off the customer's far links in order (their sum is its purchase_units).
          for (std::int64_t need = sc.purchase_units; need > 0 && link_at < c.far_links.size();) {
            const std::int64_t t = std::min(need, link_left);
            sc.from_links.emplace_back(c.far_links[link_at].first, t);
            need -= t;
            link_left -= t;
            if (link_left == 0 && ++link_at < c.far_links.size()) link_left = c.far_links[link_at].second;
          }
          purchase_left -= sc.purchase_units;
          demand_left -= sc.demand_units;
          out.chosen[static_cast<std::size_t>(at)].units += take;
          out.chosen[static_cast<std::size_t>(at)].transport_cost_yuan +=
              m.transport_yuan_per_unit_km * arc.distance_km * static_cast<double>(take);
          out.chosen[static_cast<std::size_t>(at)].served.push_back(std::move(sc));
        }
        left -= take;
        if (left == 0 || at < 0) ++f;
      }
    }
  }
  for (const ChosenSite& c : out.chosen) out.served_units += c.units;
  out.unserved_units = out.demand_units - out.served_units;
  // A new site with no volume (free after incentives) is not built.
  std::erase_if(out.chosen, [&](const ChosenSite& c) {
    return c.units == 0 && model.candidates[c.candidate].kind != SiteKind::kExisting;
  });
  for (ChosenSite& c : out.chosen)
    std::stable_sort(c.served.begin(), c.served.end(), [](const ServedCustomer& a, const ServedCustomer& b) {
      return a.distance_km != b.distance_km ? a.distance_km < b.distance_km : a.units > b.units;
    });
  std::stable_sort(out.chosen.begin(), out.chosen.end(), [&](const ChosenSite& a, const ChosenSite& b) {
    const bool ea = model.candidates[a.candidate].kind == SiteKind::kExisting;
    const bool eb = model.candidates[b.candidate].kind == SiteKind::kExisting;
    return ea != eb ? ea : a.units > b.units;
  });
  out.total_cost_yuan = out.fixed_cost_yuan + out.transport_cost_yuan + out.penalty_yuan;
  out.bound_yuan = std::min(out.bound_yuan, out.total_cost_yuan);
  return out;
}

// ---- suitability ----

SiteRanking RankSites(const Network& net, const SiteModel& model, const SuitabilityWeights& weights) {
  SiteRanking r;
  r.weights = weights;
  r.radius_km = model.cost.radius_km.value_or(kDefaultRankingRadiusKm);
  // The related makers: of the component, of its inputs, and of the components whose recipes use it.
  std::vector<bool> related(net.component_count(), false);
  related[model.component.value] = true;
  for (const NetInput& in : net.inputs(model.component)) related[in.input.value] = true;
  for (std::uint32_t c = 0; c < net.component_count(); ++c)
    for (const NetInput& in : net.inputs(ComponentId(c)))
      if (in.input == model.component) related[c] = true;
  std::vector<EnterpriseId> makers;
  for (const NetCapability& cap : net.capabilities())
    if (related[cap.component.value] && cap.supplier != model.enterprise) makers.push_back(cap.supplier);
  std::sort(makers.begin(), makers.end());
  makers.erase(std::unique(makers.begin(), makers.end()), makers.end());

  std::vector<double> group_purchase, group_demand;
  for (const auto& g : model.groups) {
    double pu = 0, du = 0;
    for (std::uint32_t ci : g.customers) {
      pu += static_cast<double>(model.customers[ci].purchase_units);
      du += static_cast<double>(model.customers[ci].demand_units);
    }
    group_purchase.push_back(pu);
    group_demand.push_back(du);
  }
  const std::string& code = net.component(model.component).code;
  for (std::uint32_t j = 0; j < model.candidates.size(); ++j) {
    const SiteCandidate& cand = model.candidates[j];
    if (cand.kind == SiteKind::kExisting) continue;
    Suitability s;
    s.candidate = j;
    const Place& cp = net.place(cand.place);
    double weighted = 0, volume = 0;
    for (std::size_t g = 0; g < model.groups.size(); ++g) {
      const double d = DistanceKm(cp, net.place(model.groups[g].place));
      const double units = group_purchase[g] + group_demand[g];
      weighted += d * units;
      volume += units;
      if (d <= r.radius_km) {
        s.buyers_units_nearby += group_purchase[g];
        s.demand_units_nearby += group_demand[g];
      }
    }
    s.mean_distance_km = volume > 0 ? weighted / volume : 0;
    s.focus = std::find(cp.focus.begin(), cp.focus.end(), code) != cp.focus.end();
    for (EnterpriseId e : makers) {
      const Place& mp = net.place(net.place_of(e));
      if (!HasCoordinates(mp) || DistanceKm(cp, mp) > r.radius_km) continue;
      s.related_makers += 1;
      if (cand.kind == SiteKind::kPark && net.enterprise(e).park == cand.id) s.related_makers += 1;
    }
    r.items.push_back(s);
  }
  double max_buyers = 0, max_demand = 0, max_incentive = 0, max_distance = 0;
  for (const Suitability& s : r.items) {
    max_buyers = std::max(max_buyers, s.buyers_units_nearby);
    max_demand = std::max(max_demand, s.demand_units_nearby);
    max_incentive = std::max(max_incentive, model.candidates[s.candidate].incentive_yuan);
    max_distance = std::max(max_distance, s.mean_distance_km);
  }
  const auto ratio = [](double v, double max) { return max > 0 ? v / max : 0.0; };
  for (Suitability& s : r.items) {
    s.parts = {ratio(s.buyers_units_nearby, max_buyers),
               ratio(s.demand_units_nearby, max_demand),
               s.focus ? 1.0 : 0.0,
               std::min(1.0, static_cast<double>(s.related_makers) / kSiteClusterSaturationMakers),
               ratio(model.candidates[s.candidate].incentive_yuan, max_incentive),
               max_distance > 0 ? 1 - s.mean_distance_km / max_distance : 0.0};
    s.score = std::inner_product(s.parts.begin(), s.parts.end(), weights.begin(), 0.0);
  }
  std::stable_sort(r.items.begin(), r.items.end(), [&](const Suitability& a, const Suitability& b) {
    if (a.score != b.score) return a.score > b.score;
    return model.candidates[a.candidate].id < model.candidates[b.candidate].id;
  });
  r.sensitivity = WeightSensitivities(r.items, weights);
  return r;
}

std::vector<WeightSensitivity> WeightSensitivities(const std::vector<Suitability>& items,
                                                   const SuitabilityWeights& weights) {
  std::vector<WeightSensitivity> out;
  if (items.size() < 2) return out;
  for (std::size_t k = 0; k < kSuitabilityPartCount; ++k) {
    WeightSensitivity ws;
    ws.part = k;
    const double wk = weights[k];
    // With weight k at wk + δ and the others scaled by (1 − wk − δ) ÷ (1 − wk), a score is linear in δ:
    // s(δ) = s + δ·(p_k − rest), rest = the other parts' weighted mean (their plain mean when wk = 1).
    const auto slope = [&](const Suitability& s) {
      double rest = 0;
      if (wk < 1) {
        rest = (s.score - wk * s.parts[k]) / (1 - wk);
      } else {
        for (std::size_t i = 0; i < kSuitabilityPartCount; ++i)
          if (i != k) rest += s.parts[i] / (kSuitabilityPartCount - 1);
      }
      return s.parts[k] - rest;
    };
    const Suitability& top = items.front();
    const double a_top = slope(top);
    for (std::size_t i = 1; i < items.size(); ++i) {
      const double a = slope(items[i]);
      const double gap = top.score - items[i].score;  // ≥ 0
      if (a == a_top) continue;
      const double delta = gap / (a - a_top);
      if (delta > 0 && delta <= 1 - wk + 1e-12 && (!ws.up || delta < *ws.up)) {
        ws.up = delta;
        ws.up_winner = items[i].candidate;
      } else if (delta < 0 && -delta <= wk + 1e-12 && (!ws.down || -delta < *ws.down)) {
        ws.down = -delta;
        ws.down_winner = items[i].candidate;
      } else if (delta == 0) {  // a tie now: any move in the right direction changes the first place
        if (a > a_top && (!ws.up || *ws.up > 0)) ws.up = 0, ws.up_winner = items[i].candidate;
        if (a < a_top && (!ws.down || *ws.down > 0)) ws.down = 0, ws.down_winner = items[i].candidate;
      }
    }
    out.push_back(ws);
  }
  return out;
}

SiteSelection SelectSites(const Network& net, const SiteQuery& query) {
  SiteSelection out;
  out.model = BuildSiteModel(net, query);
  out.solution = SolveSiteModel(out.model, query.solver);
  out.ranking = RankSites(net, out.model, query.weights);
  // Among candidates of equal cost at one place (a place and its parks) name the better ranked.
  std::vector<std::size_t> rank_of(out.model.candidates.size(), SIZE_MAX);
  for (std::size_t i = 0; i < out.ranking.items.size(); ++i) rank_of[out.ranking.items[i].candidate] = i;
  std::vector<bool> taken(out.model.candidates.size(), false);
  for (const ChosenSite& c : out.solution.chosen) taken[c.candidate] = true;
  for (ChosenSite& c : out.solution.chosen) {
    const SiteCandidate& a = out.model.candidates[c.candidate];
    if (a.kind == SiteKind::kExisting) continue;
    for (std::uint32_t j = 0; j < out.model.candidates.size(); ++j) {
      const SiteCandidate& b = out.model.candidates[j];
      if (taken[j] || b.kind == SiteKind::kExisting || b.place != a.place ||
          b.fixed_cost_yuan != a.fixed_cost_yuan || b.capacity_units != a.capacity_units ||
          rank_of[j] >= rank_of[c.candidate])
        continue;
      taken[c.candidate] = false;
      taken[j] = true;
      c.candidate = j;
    }
  }
  const SiteSolution& s = out.solution;
  if (out.model.customers.empty())
    out.warnings.push_back(
        Message{"site.no_customers",
                {{"component", net.component(query.component).code}},
                "no buyer of the component buys it from far away or has an open demand for it"});
  if (query.max_sites == 0)
    out.warnings.push_back(Message{"site.no_new_sites", {}, "sites is 0: no new plant is placed"});
  if (s.status == MipStatus::kFeasible || s.status == MipStatus::kNoSolution)
    out.warnings.push_back(Message{"site.time_limit",
                                   {{"gap", PlainNumber(std::round(s.gap * 1e6) / 1e6)}},
                                   fmt::format("stopped at the time limit; the gap to the bound is {}",
                                               PlainNumber(std::round(s.gap * 1e6) / 1e6))});
  if (s.unserved_units > 0 && !out.model.customers.empty())
    out.warnings.push_back(Message{"site.unserved",
                                   {{"units", std::to_string(s.unserved_units)}},
                                   fmt::format("{} units a year stay unserved", s.unserved_units)});
  return out;
}

}  // namespace chainscope
