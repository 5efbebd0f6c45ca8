#include "view/planning_json.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

#include "core/number_text.h"
#include "io/json_text.h"
#include "view/json_out.h"

namespace chainscope {
namespace json = boost::json;

namespace {

json::value Optional(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

void PutComponent(json::object& o, const Network& net, ComponentId c) {
  const ComponentType& t = net.component(c);
  o["component"] = t.code;
  o["component_name"] = t.name;
  o["component_name_zh"] = t.name_zh;
}

void PutEnterprise(json::object& o, const Network& net, EnterpriseId e, std::string_view prefix) {
  const Enterprise& x = net.enterprise(e);
  o[prefix] = x.id;
  o[fmt::format("{}_name", prefix)] = x.name;
  o[fmt::format("{}_name_zh", prefix)] = x.name_zh;
}

/// The site's id, kind, names in both languages, place and coordinates.
json::object SiteJson(const Network& net, const SiteModel& m, std::uint32_t j) {
  const SiteCandidate& c = m.candidates[j];
  const Place& p = net.place(c.place);
  json::object o{{"site", c.id}, {"kind", ToString(c.kind)}};
  std::string name = p.name, name_zh = p.name_zh;
  if (c.kind == SiteKind::kPark) {
    for (const Park& park : net.data().parks)
      if (park.id == c.id) name = park.name;
    name_zh = p.name_zh + "川渝汽车产业合作园区";
  } else if (c.kind == SiteKind::kExisting) {
    name = fmt::format("{} (existing plant)", net.enterprise(m.enterprise).name);
    name_zh = fmt::format("{}（现有工厂）", net.enterprise(m.enterprise).name_zh);
  }
  o["name"] = name;
  o["name_zh"] = name_zh;
  PutPlaceNames(o, net, p.code);
  o["place"] = p.code;
  o["lat"] = Optional(p.lat);
  o["lon"] = Optional(p.lon);
  o["capacity_units"] = c.capacity_units;
  o["fixed_cost_yuan"] = c.fixed_cost_yuan;
  o["incentive_yuan"] = c.incentive_yuan;
  json::array policies;
  for (const std::string& id : c.policies) policies.push_back(json::string(id));
  o["policies"] = std::move(policies);
  return o;
}

json::object MeasuresJson(const SiteMeasures& m) {
  json::object flows;
  for (std::size_t c = 0; c < kFlowCategoryCount; ++c)
    flows[ToString(static_cast<FlowCategory>(c))] = m.flows_yuan[c];
  return json::object{{"chongqing_local_share", m.chongqing_local_share},
                      {"chongqing_regional_share", m.chongqing_regional_share},
                      {"sichuan_local_share", m.sichuan_local_share},
                      {"sichuan_regional_share", m.sichuan_regional_share},
                      {"flows", std::move(flows)}};
}

}  // namespace

json::object SiteSelectionJson(const Network& net, const SiteSelectionAnswer& a) {
  const SiteSelection& s = a.selection;
  const SiteModel& m = s.model;
  const SiteSolution& sol = s.solution;
  json::object out;
  PutEnterprise(out, net, m.enterprise, "enterprise");
  PutComponent(out, net, m.component);
  out["status"] = ToString(sol.status);
  const SiteCostModel& c = m.cost;
  out["cost_model"] = json::object{{"unit_price_yuan", c.unit_price_yuan},
                                   {"capacity_units", c.capacity_units},
                                   {"max_sites", c.max_sites},
                                   {"radius_km", Optional(c.radius_km)},
                                   {"max_share", c.max_share},
                                   {"investment_yuan_per_unit", c.investment_yuan_per_unit},
                                   {"investment_yuan", c.investment_yuan},
                                   {"land_share", c.land_share},
                                   {"amortisation_years", c.amortisation_years},
                                   {"base_fixed_cost_yuan", c.base_fixed_cost_yuan},
                                   {"transport_yuan_per_unit_km", c.transport_yuan_per_unit_km},
                                   {"unmet_penalty_yuan_per_unit", c.unmet_penalty_yuan_per_unit}};
  json::array candidates;
  for (std::uint32_t j = 0; j < m.candidates.size(); ++j) candidates.push_back(SiteJson(net, m, j));
  out["candidates"] = std::move(candidates);

  json::array chosen;
  for (std::size_t c = 0; c < sol.chosen.size(); ++c) {
    const ChosenSite& site = sol.chosen[c];
    const SiteSelectionAnswer::Hidden hidden =
        c < a.hidden.size() ? a.hidden[c] : SiteSelectionAnswer::Hidden{};
    json::object o = SiteJson(net, m, site.candidate);
    o["units"] = site.units;
    o["customers_served"] = site.served.size() + hidden.customers;
    o["fixed_cost_yuan"] = site.fixed_cost_yuan;
    o["transport_cost_yuan"] = site.transport_cost_yuan;
    json::array customers;
    for (const ServedCustomer& sc : site.served) {
      json::object x;
      PutEnterprise(x, net, sc.buyer, "buyer");
      PutPlaceNames(x, net, net.place(net.place_of(sc.buyer)).code);
      x["place"] = net.place(net.place_of(sc.buyer)).code;
      x["units"] = sc.units;
      x["purchase_units"] = sc.purchase_units;
      x["demand_units"] = sc.demand_units;
      x["distance_km"] = sc.distance_km;
      customers.push_back(std::move(x));
    }
    o["customers"] = std::move(customers);
    o["other_customers"] = hidden.customers;
    o["other_units"] = hidden.units;
    chosen.push_back(std::move(o));
  }
  out["chosen"] = std::move(chosen);
  out["demand_units"] = sol.demand_units;
  out["served_units"] = sol.served_units;
  out["unserved_units"] = sol.unserved_units;
  out["fixed_cost_yuan"] = sol.fixed_cost_yuan;
  out["transport_cost_yuan"] = sol.transport_cost_yuan;
  out["penalty_yuan"] = sol.penalty_yuan;
  out["total_cost_yuan"] = sol.total_cost_yuan;
  out["bound"] = RoundToFen(sol.bound_yuan);
  out["gap"] = sol.gap;
  out["nodes"] = sol.nodes;
  out["seconds"] = std::round(sol.seconds * 1000) / 1000;
  out["model"] = json::object{{"columns", sol.columns},
                              {"rows", sol.rows},
                              {"customers", m.customers.size()},
                              {"customer_places", m.groups.size()}};

  const SiteRanking& r = s.ranking;
  json::object weights;
  for (std::size_t k = 0; k < kSuitabilityPartCount; ++k) weights[kSuitabilityParts[k]] = r.weights[k];
  out["weights"] = std::move(weights);
  out["ranking_radius_km"] = r.radius_km;
  json::array ranking;
  for (const Suitability& x : r.items) {
    json::object o = SiteJson(net, m, x.candidate);
    o["score"] = x.score;
    json::object parts;
    for (std::size_t k = 0; k < kSuitabilityPartCount; ++k)
      parts[kSuitabilityParts[k]] = json::object{
          {"value", x.parts[k]}, {"weight", r.weights[k]}, {"contribution", x.parts[k] * r.weights[k]}};
    o["parts"] = std::move(parts);
    o["buyers_units_nearby"] = x.buyers_units_nearby;
    o["demand_units_nearby"] = x.demand_units_nearby;
    o["focus"] = x.focus;
    o["related_makers"] = x.related_makers;
    o["mean_distance_km"] = x.mean_distance_km;
    ranking.push_back(std::move(o));
  }
  out["ranking"] = std::move(ranking);
  json::array sensitivity;
  for (const WeightSensitivity& w : r.sensitivity) {
    const auto winner = [&](const std::optional<std::uint32_t>& j) {
      return j ? json::value(m.candidates[*j].id) : json::value(nullptr);
    };
    sensitivity.push_back(json::object{{"part", kSuitabilityParts[w.part]},
                                       {"weight", r.weights[w.part]},
                                       {"up", Optional(w.up)},
                                       {"up_winner", winner(w.up_winner)},
                                       {"down", Optional(w.down)},
                                       {"down_winner", winner(w.down_winner)}});
  }
  out["sensitivity"] = std::move(sensitivity);
  out["what_if"] = json::object{{"before", MeasuresJson(a.what_if.before)},
                                {"after", MeasuresJson(a.what_if.after)},
                                {"moved_units", a.what_if.moved_units},
                                {"moved_value_yuan", a.what_if.moved_value_yuan}};
  json::array warnings;
  for (const Message& w : s.warnings) warnings.push_back(MessageJson(w));
  out["warnings"] = std::move(warnings);
  return out;
}

json::object FrontierJson(const Network& net, const FrontierAnswer& a) {
  const Frontier& f = a.frontier;
  json::object out;
  out["province"] = a.province ? json::value(ToString(*a.province)) : json::value("region");
  out["powertrain"] = ToString(a.powertrain);
  out["switching_cost"] = a.switching_cost;
  out["max_share"] = a.max_share;
  out["value_yuan"] = f.value_yuan;
  out["local_value_yuan"] = f.local_value_yuan;
  out["current_share"] = f.current_share;
  json::array points;
  for (const FrontierPoint& p : f.points)
    points.push_back(json::object{{"premium", p.premium},
                                  {"local_share", p.local_share},
                                  {"extra_cost_yuan", p.extra_cost_yuan},
                                  {"moved_value_yuan", p.moved_value_yuan}});
  out["points"] = std::move(points);
  json::array by_component;
  for (const ComponentFrontier& c : f.by_component) {
    json::object o;
    PutComponent(o, net, c.component);
    o["value_yuan"] = c.value_yuan;
    o["local_value_yuan"] = c.local_value_yuan;
    o["current_share"] = c.value_yuan > 0 ? c.local_value_yuan / c.value_yuan : 0;
    json::array shares;
    for (double x : c.local_share) shares.push_back(x);
    o["local_share"] = std::move(shares);
    o["reachable_share"] = c.reachable_share;
    o["stuck_value_yuan"] = c.stuck_value_yuan;
    o["stuck_units"] = c.stuck_units;
    o["spare_units"] = c.spare_units;
    o["limit"] = ToString(c.limit);
    by_component.push_back(std::move(o));
  }
  out["by_component"] = std::move(by_component);
  const FrontierTarget& t = f.target;
  json::array blocking;
  for (ComponentId c : t.blocking) {
    json::object o;
    PutComponent(o, net, c);
    blocking.push_back(std::move(o));
  }
  out["target"] = json::object{{"share", t.share},
                               {"reached", t.reached},
                               {"reachable", t.reachable},
                               {"premium", Optional(t.premium)},
                               {"extra_cost_yuan", Optional(t.extra_cost_yuan)},
                               {"reachable_share", t.reachable_share},
                               {"blocking", std::move(blocking)}};
  out["model"] = json::object{{"columns", f.columns}, {"rows", f.rows}, {"solves", f.solves}};
  json::array warnings;
  for (const Message& w : f.warnings) warnings.push_back(MessageJson(w));
  out["warnings"] = std::move(warnings);
  return out;
}

}  // namespace chainscope
