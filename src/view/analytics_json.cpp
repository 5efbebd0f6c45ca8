#include "view/analytics_json.h"

#include "view/json_out.h"

#include <algorithm>

namespace chainscope {
namespace json = boost::json;
namespace {

template <class T, class F>
json::array Limited(const std::vector<T>& items, std::size_t limit, F to_json) {
  json::array out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) out.push_back(to_json(items[i]));
  return out;
}

json::object Party(const Network& net, std::string_view field, EnterpriseId e) {
  if (!e.valid()) return {{field, nullptr}};
  const Enterprise& x = net.enterprise(e);
  return {
      {field, x.id}, {std::string(field) + "_name", x.name}, {std::string(field) + "_name_zh", x.name_zh}};
}

void Merge(json::object& into, json::object from) {
  for (auto& kv : from) into[kv.key()] = std::move(kv.value());
}

json::object ComponentFields(const Network& net, ComponentId c) {
  const ComponentType& t = net.component(c);
  return {{"component", t.code},
          {"component_name", t.name},
          {"component_name_zh", t.name_zh},
          {"assembly", t.assembly},
          {"unit", t.unit}};
}

json::object ConcentrationJson(const Network& net, const Concentration& c) {
  json::object o = ComponentFields(net, c.component);
  o["scope"] = c.oem.valid() ? json::value(net.enterprise(c.oem).id) : json::value("region");
  o["hhi"] = c.hhi;
  o["suppliers"] = c.suppliers;
  o["equivalent_suppliers"] = c.hhi > 0 ? 10000 / c.hhi : 0;
  Merge(o, Party(net, "top_supplier", c.top_supplier));
  o["top_share"] = c.top_share;
  o["value_yuan"] = c.value_yuan;
  return o;
}

json::object CoverageJson(const Network& net, const Coverage& c) {
  json::object o = ComponentFields(net, c.component);
  o["area"] = ToString(c.area);
  o["demand_units"] = c.demand_units;
  o["demand_value_yuan"] = c.demand_value_yuan;
  o["capacity_units"] = c.capacity_units;
  o["makers"] = c.makers;
  o["coverage"] = c.coverage();
  o["local_supply_share"] = c.demand_units > 0 ? c.local_supply_units / c.demand_units : 0;
  o["uncovered_units"] = c.uncovered_units();
  o["uncovered_value_yuan"] = c.uncovered_value_yuan();
  return o;
}

json::object MeasuresJson(const WhatIfMeasures& m) {
  return {{"local_share_value", m.local_share_value},
          {"local_share_all_tiers_value", m.local_share_all_tiers_value},
          {"regional_share_value", m.regional_share_value},
          {"single_sourced_value_yuan", m.single_sourced_value_yuan},
          {"single_sourced_pairs", m.single_sourced_pairs},
          {"component_local_share_value", m.component_local_share_value},
          {"component_coverage", m.component_coverage},
          {"component_hhi", m.component_hhi},
          {"critical_suppliers", m.critical_suppliers}};
}

}  // namespace

json::object LocalizationJson(const LocalizationQuery& q, const std::vector<LocalizationRow>& rows) {
  json::array out;
  for (const LocalizationRow& r : rows)
    out.push_back(json::object{
        {"key", r.key},
        {"label", r.label},
        {"local_share_value", r.local_share_value()},
        {"local_share_volume", r.local_share_volume()},
        {"regional_share_value", r.regional_share_value()},
        {"regional_share_volume", r.regional_share_volume()},
        {"deep_local_share_value", r.deep_local_share_value()},
        {"deep_regional_share_value", r.deep_regional_share_value()},
        {"deep_unknown_share_value", r.value_yuan > 0 ? r.deep_unknown_value_yuan / r.value_yuan : 0},
        {"value_yuan", r.value_yuan},
        {"local_value_yuan", r.local_value_yuan},
        {"regional_value_yuan", r.regional_value_yuan},
        {"volume", r.volume},
        {"links", r.links}});
  json::object o{{"by", ToString(q.by)}, {"buyers", ToString(q.scope)}, {"rows", std::move(out)}};
  o["buyer_province"] = q.buyer_province ? json::value(ToString(*q.buyer_province)) : json::value(nullptr);
  return o;
}

json::object FlowsJson(const Network& net, const FlowReport& r, std::size_t limit) {
  json::array categories;
  for (std::size_t c = 0; c < kFlowCategoryCount; ++c) {
    const auto cat = static_cast<FlowCategory>(c);
    categories.push_back(
        json::object{{"key", ToString(cat)},
                     {"label", Label(cat)},
                     {"value_yuan", r.category_value_yuan[c]},
                     {"share", r.total_value_yuan > 0 ? r.category_value_yuan[c] / r.total_value_yuan : 0}});
  }
  // Provinces: a matrix, and a Sankey with origins on the left ("… suppliers") and buyers on the right.
  constexpr Province kProvinces[] = {Province::kChongqing, Province::kSichuan, Province::kOtherChina,
                                     Province::kAbroad};
  json::array provinces, nodes, links;
  for (Province p : kProvinces)
    nodes.push_back(json::object{{"name", std::string(ToString(p)) + " suppliers"}});
  for (Province p : kProvinces) nodes.push_back(json::object{{"name", std::string(ToString(p)) + " buyers"}});
  for (Province from : kProvinces)
    for (Province to : kProvinces) {
      const double v = r.province_value_yuan[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
      if (v <= 0) continue;
      provinces.push_back(json::object{{"from", ToString(from)}, {"to", ToString(to)}, {"value_yuan", v}});
      links.push_back(json::object{{"source", std::string(ToString(from)) + " suppliers"},
                                   {"target", std::string(ToString(to)) + " buyers"},
                                   {"value", v}});
    }
  json::object o{{"total_value_yuan", r.total_value_yuan},
                 {"links", r.links},
                 {"categories", std::move(categories)},
                 {"provinces", std::move(provinces)},
                 {"sankey", json::object{{"nodes", std::move(nodes)}, {"links", std::move(links)}}},
                 {"place_pairs", r.places.size()}};
  o["places"] = Limited(r.places, limit, [&](const Flow& f) {
    const Place& from = net.place(f.from);
    const Place& to = net.place(f.to);
    return json::object{{"from", from.code},
                        {"from_name", from.name},
                        {"from_province", ToString(from.province)},
                        {"to", to.code},
                        {"to_name", to.name},
                        {"to_province", ToString(to.province)},
                        {"value_yuan", f.value_yuan},
                        {"volume", f.volume},
                        {"links", f.links}};
  });
  return o;
}

json::object WeakLinksJson(const Network& net, const WeakLinksReport& r, std::size_t limit) {
  json::object o;
  o["purchase_value_yuan"] = r.purchase_value_yuan;
  o["source_pairs"] = r.source_pairs;
  o["single_sourced_pairs"] = r.single_sourced.size();
  o["single_sourced_value_yuan"] = r.single_sourced_value_yuan;
  o["single_sourced_share_value"] =
      r.purchase_value_yuan > 0 ? r.single_sourced_value_yuan / r.purchase_value_yuan : 0;
  o["single_sourced"] = Limited(r.single_sourced, limit, [&](const SingleSourced& s) {
    json::object x = Party(net, "buyer", s.buyer);
    Merge(x, Party(net, "supplier", s.supplier));
    Merge(x, ComponentFields(net, s.component));
    x["value_yuan"] = s.value_yuan;
    x["volume"] = s.volume;
    return x;
  });
  json::array hhi =
      Limited(r.hhi_region, limit, [&](const Concentration& c) { return ConcentrationJson(net, c); });
  for (std::size_t i = 0; i < r.hhi_by_oem.size() && i < limit; ++i)
    hhi.push_back(ConcentrationJson(net, r.hhi_by_oem[i]));
  o["hhi"] = std::move(hhi);
  o["hhi_oem_rows"] = r.hhi_by_oem.size();
  o["coverage"] = Limited(r.coverage, limit, [&](const Coverage& c) { return CoverageJson(net, c); });
  o["critical_supplier_count"] = r.critical_suppliers.size();
  o["critical_suppliers"] = Limited(r.critical_suppliers, limit, [&](const CriticalSupplier& c) {
    json::array buyers, components, cut, lines;
    std::vector<std::string_view> b, comp;
    for (const SourcePair& p : c.cut) {
      b.push_back(net.enterprise(p.buyer).id);
      comp.push_back(net.component(p.component).code);
      cut.push_back(json::object{{"buyer", net.enterprise(p.buyer).id},
                                 {"component", net.component(p.component).code}});
    }
    for (auto* v : {&b, &comp}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (auto x : b) buyers.emplace_back(json::string(x));
    for (auto x : comp) components.emplace_back(json::string(x));
    for (LineId l : c.lines) lines.emplace_back(json::string(net.line(l).id));
    json::object x{{"supplier", net.enterprise(c.supplier).id},
                   {"name", net.enterprise(c.supplier).name},
                   {"name_zh", net.enterprise(c.supplier).name_zh},
                   {"place", net.place(net.place_of(c.supplier)).code},
                   {"province", ToString(net.province_of(c.supplier))},
                   {"buyers", std::move(buyers)},
                   {"components", std::move(components)},
                   {"cut", std::move(cut)},
                   {"vehicle_lines", std::move(lines)},
                   {"vehicles_exposed", c.vehicles_exposed},
                   {"value_exposed_yuan", c.value_exposed_yuan}};
    return x;
  });
  o["gaps"] = Limited(r.gaps, limit, [&](const Coverage& c) { return CoverageJson(net, c); });
  return o;
}

json::object InvestJson(const Network& net, const InvestQuery& q, const std::vector<InvestTarget>& targets) {
  const double weights[] = {q.weights.gap, q.weights.focus, q.weights.buyers, q.weights.cluster,
                            q.weights.resilience};
  json::array out;
  for (const InvestTarget& t : targets) {
    const Place& p = net.place(t.place);
    json::object parts;
    for (std::size_t i = 0; i < t.parts.size(); ++i)
      parts[kInvestPartNames[i]] = json::object{
          {"value", t.parts[i]}, {"weight", weights[i]}, {"contribution", weights[i] * t.parts[i]}};
    json::object x = ComponentFields(net, t.component);
    Merge(x, json::object{{"place", p.code},
                          {"place_name", p.name},
                          {"place_name_zh", p.name_zh},
                          {"province", ToString(p.province)},
                          {"score", t.score},
                          {"parts", std::move(parts)},
                          {"focus", t.focus},
                          {"addressable_value_yuan", t.addressable_value_yuan},
                          {"nearby_buyers_value_yuan", t.nearby_buyers_value_yuan},
                          {"nearby_makers", t.nearby_makers},
                          {"capacity_units", t.capacity_units},
                          {"moved_units", t.moved_units},
                          {"moved_value_yuan", t.moved_value_yuan},
                          {"buyers_served", t.buyers_served},
                          {"local_share_gain_pp", t.local_share_gain_pp},
                          {"local_share_all_tiers_gain_pp", t.local_share_all_tiers_gain_pp},
                          {"single_sourced_drop_yuan", t.single_sourced_drop_yuan}});
    out.push_back(std::move(x));
  }
  json::object o{{"targets", std::move(out)}, {"radius_km", q.radius_km}, {"max_share", q.max_share}};
  o["capacity_units"] = q.capacity_units ? json::value(*q.capacity_units) : json::value(nullptr);
  return o;
}

json::object WhatIfJson(const Network& net, const WhatIfResult& r) {
  json::array moves;
  for (const ShiftMove& m : r.plan.moves) {
    json::array from;
    for (const auto& [l, units] : m.from_links) {
      json::object f = Party(net, "supplier", net.link(l).supplier);
      Merge(f, json::object{{"supplier_province", ToString(net.province_of(net.link(l).supplier))},
                            {"units", units}});
      from.push_back(std::move(f));
    }
    json::object x = Party(net, "buyer", m.buyer);
    Merge(x, json::object{{"units", m.units},
                          {"value_yuan", m.value_yuan},
                          {"distance_km", m.distance_km},
                          {"from", std::move(from)}});
    moves.push_back(std::move(x));
  }
  const WhatIfMeasures& b = r.before;
  const WhatIfMeasures& a = r.after;
  return {
      {"supplier", json::object{{"id", r.supplier.id},
                                {"name", r.supplier.name},
                                {"component", r.supplier.component},
                                {"place", r.supplier.place},
                                {"capacity_units", *r.supplier.capacity_units},
                                {"max_share", r.supplier.max_share}}},
      {"plan", json::object{{"units", r.plan.units},
                            {"value_yuan", r.plan.value_yuan},
                            {"vehicle_makers_value_yuan", r.plan.oem_value_yuan},
                            {"single_sourced_drop_yuan", r.plan.single_sourced_drop_yuan()},
                            {"moves", std::move(moves)}}},
      {"before", MeasuresJson(b)},
      {"after", MeasuresJson(a)},
      {"change",
       json::object{{"local_share_pp", 100 * (a.local_share_value - b.local_share_value)},
                    {"local_share_all_tiers_pp",
                     100 * (a.local_share_all_tiers_value - b.local_share_all_tiers_value)},
                    {"component_local_share_pp",
                     100 * (a.component_local_share_value - b.component_local_share_value)},
                    {"single_sourced_value_yuan", a.single_sourced_value_yuan - b.single_sourced_value_yuan},
                    {"critical_suppliers", static_cast<std::int64_t>(a.critical_suppliers) -
                                               static_cast<std::int64_t>(b.critical_suppliers)}}}};
}

json::object DuplicatesJson(const Dataset& d, const DuplicateReport& r, double threshold) {
  json::array pairs;
  for (const DuplicatePair& p : r.pairs) {
    const Enterprise& a = d.enterprises.at(p.a);
    const Enterprise& b = d.enterprises.at(p.b);
    json::object pair{{"a", a.id},       {"a_name", a.name}, {"a_name_zh", a.name_zh}, {"a_place", a.place},
                      {"b", b.id},       {"b_name", b.name}, {"b_name_zh", b.name_zh}, {"b_place", b.place},
                      {"score", p.score}};
    PutMessages(pair, "reasons", "reason_codes", p.reasons);
    pairs.push_back(std::move(pair));
  }
  return {{"pairs", std::move(pairs)},
          {"enterprises", r.enterprises},
          {"candidate_pairs", r.candidate_pairs},
          {"threshold", threshold}};
}

}  // namespace chainscope
