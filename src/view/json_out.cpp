#include "view/json_out.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <optional>

#include "core/places.h"
#include "core/taxonomy.h"

namespace chainscope {
namespace json = boost::json;

void StripConfidential(json::object& o) {
  static constexpr std::string_view kConfidential[] = {
      "annual_volume",    "annual_capacity", "committed",
      "free_capacity",    "unit_price_yuan", "value_yuan",
      "landed_cost_yuan", "unit_cost_yuan",  "logistics_yuan_per_unit",
      "quality",          "inventory_days",  "buyer_inventory_days",
      "ttr_days",         "customers",       "suppliers"};
  for (std::string_view key : kConfidential) o.erase(key);
}

json::object PlaceJson(const Place& p) {
  json::object o{
      {"code", p.code}, {"name", p.name}, {"name_zh", p.name_zh}, {"province", ToString(p.province)}};
  o["lat"] = p.lat ? json::value(*p.lat) : json::value(nullptr);
  o["lon"] = p.lon ? json::value(*p.lon) : json::value(nullptr);
  json::array focus;
  for (const std::string& c : p.focus) focus.emplace_back(json::string(c));
  o["focus"] = std::move(focus);
  auto in = [&](std::span<const std::string_view> list) {
    return std::find(list.begin(), list.end(), p.code) != list.end();
  };
  // The joint investment-promotion pilot: 8 western Chongqing districts and the 8 Sichuan cities paired
  // with them; null elsewhere.
  if (in(WesternChongqingPilotDistricts()))
    o["pilot"] = "western_chongqing";
  else if (in(SichuanPilotCities()))
    o["pilot"] = "sichuan";
  else
    o["pilot"] = nullptr;
  return o;
}

json::object EnterpriseJson(const Network& net, EnterpriseId id, const Principal& viewer) {
  const Enterprise& e = net.enterprise(id);
  const Place& p = net.place(net.place_of(id));
  json::array certs;
  for (const auto& c : e.certifications) certs.emplace_back(json::string(c));
  json::array components;
  for (std::uint32_t ci : net.capabilities_of(id))
    components.emplace_back(json::string(net.component(net.capabilities()[ci].component).code));
  json::object o{{"id", e.id},
                 {"name", e.name},
                 {"name_zh", e.name_zh},
                 {"role", ToString(e.role)},
                 {"place", e.place},
                 {"place_name", p.name},
                 {"place_name_zh", p.name_zh},
                 {"province", ToString(p.province)},
                 {"park", e.park.empty() ? json::value(nullptr) : json::value(json::string(e.park))},
                 {"certifications", std::move(certs)},
                 {"components", std::move(components)},
                 {"ttr_days", e.ttr_days},
                 {"employees", e.employees},
                 {"synthetic", e.synthetic},
                 {"uscc", e.uscc.empty() ? json::value(nullptr) : json::value(json::string(e.uscc))}};
  if (!SeesPrivate(viewer, e.id)) StripConfidential(o);
  return o;
}

json::object EnterpriseDetailJson(const Network& net, std::string_view id, const Principal& viewer) {
  const EnterpriseId e = net.FindEnterprise(id);
  if (!e.valid()) throw NotFound(fmt::format("no enterprise with id '{}'", id));
  const bool full = SeesPrivate(viewer, id);
  json::object o = EnterpriseJson(net, e, viewer);
  json::array capabilities;
  for (std::uint32_t ci : net.capabilities_of(e)) {
    const Capability& c = net.data().capabilities[ci];
    const ComponentType& comp = net.component(net.capabilities()[ci].component);
    json::object cap{{"component", c.component},
                     {"component_name", comp.name},
                     {"component_name_zh", comp.name_zh},
                     {"unit", comp.unit},
                     {"annual_capacity", c.annual_capacity},
                     {"committed", c.committed},
                     {"free_capacity", c.annual_capacity - c.committed},
                     {"unit_price_yuan", c.unit_price_yuan},
                     {"lead_time_days", c.lead_time_days},
                     {"quality", c.quality},
                     {"inventory_days", c.inventory_days}};
    if (!full) StripConfidential(cap);
    capabilities.push_back(std::move(cap));
  }
  json::array lines;
  for (std::uint32_t l : net.lines_of(e)) {
    const VehicleLine& v = net.line(LineId(l));
    json::object line{{"id", v.id},
                      {"place", v.place},
                      {"powertrain", ToString(v.powertrain)},
                      {"annual_volume", v.annual_volume},
                      {"unit_price_yuan", v.unit_price_yuan},
                      {"bom_items", net.bom(LineId(l)).size()}};
    if (!full) StripConfidential(line);
    lines.push_back(std::move(line));
  }
  o["capabilities"] = std::move(capabilities);
  o["vehicle_lines"] = std::move(lines);
  o["private"] = full;  // whether the confidential fields are shown
  if (full) {
    json::array customers, suppliers;
    for (std::uint32_t li : net.links_by_supplier(e)) customers.push_back(LinkJson(net, li));
    for (std::uint32_t li : net.links_by_buyer(e)) suppliers.push_back(LinkJson(net, li));
    o["customers"] = std::move(customers);
    o["suppliers"] = std::move(suppliers);
  }
  return o;
}

json::value DistanceKmJson(const Network& net, EnterpriseId a, EnterpriseId b) {
  const Place& pa = net.place(net.place_of(a));
  const Place& pb = net.place(net.place_of(b));
  if (!pa.lat || !pb.lat) return nullptr;
  return std::round(GreatCircleKm(*pa.lat, *pa.lon, *pb.lat, *pb.lon) * 10) / 10;
}

json::object LinkJson(const Network& net, std::uint32_t i) {
  const NetLink& l = net.link(i);
  const SupplyLink& raw = net.data().links[i];
  const ComponentType& c = net.component(l.component);
  auto party = [&](EnterpriseId e) {
    const Place& p = net.place(net.place_of(e));
    return json::object{{"id", net.enterprise(e).id},
                        {"name", net.enterprise(e).name},
                        {"name_zh", net.enterprise(e).name_zh},
                        {"place", p.code},
                        {"place_name", p.name},
                        {"province", ToString(p.province)}};
  };
  return {{"buyer", party(l.buyer)},
          {"supplier", party(l.supplier)},
          {"component", c.code},
          {"component_name", c.name},
          {"component_name_zh", c.name_zh},
          {"unit", c.unit},
          {"annual_volume", l.annual_volume},
          {"unit_price_yuan", l.unit_price_yuan},
          {"value_yuan", l.value_yuan()},
          {"buyer_inventory_days", l.buyer_inventory_days},
          {"in_transit_days", raw.in_transit_days},
          {"distance_km", DistanceKmJson(net, l.buyer, l.supplier)},
          {"local", net.province_of(l.buyer) == net.province_of(l.supplier)},
          {"regional", IsRegional(net.province_of(l.buyer)) && IsRegional(net.province_of(l.supplier))}};
}

json::object TaxonomyJson(const Network& net, std::span<const std::string> certifications) {
  json::array directions;
  for (Direction d : {Direction::kNewEnergy, Direction::kIntelligentConnected, Direction::kTraditional}) {
    json::array assemblies;
    for (const Assembly& a : Assemblies()) {
      if (a.direction != d) continue;
      json::array components;
      for (std::uint32_t c = 0; c < net.component_count(); ++c) {
        const ComponentType& ct = net.component(ComponentId(c));
        if (ct.assembly != a.code) continue;
        json::array inputs;  // the multi-tier recipe: what one unit of this component is made of
        for (const NetInput& in : net.inputs(ComponentId(c)))
          inputs.push_back(
              json::object{{"component", net.component(in.input).code}, {"qty_per_unit", in.qty_per_unit}});
        components.push_back(json::object{{"code", ct.code},
                                          {"name", ct.name},
                                          {"name_zh", ct.name_zh},
                                          {"powertrain", ToString(ct.powertrain)},
                                          {"unit", ct.unit},
                                          {"unit_price_yuan", ct.unit_price_yuan},
                                          {"typical_qty_per_vehicle", ct.typical_qty_per_vehicle},
                                          {"makers", net.makers_of(ComponentId(c)).size()},
                                          {"inputs", std::move(inputs)}});
      }
      assemblies.push_back(json::object{
          {"code", a.code}, {"name", a.name}, {"name_zh", a.name_zh}, {"components", std::move(components)}});
    }
    directions.push_back(json::object{{"code", ToString(d)},
                                      {"name", DirectionLabel(d)},
                                      {"name_zh", DirectionLabelZh(d)},
                                      {"assemblies", std::move(assemblies)}});
  }
  json::array certs;
  for (const std::string& c : certifications) certs.emplace_back(json::string(c));
  return {{"directions", std::move(directions)},
          {"component_count", net.component_count()},
          {"certifications", std::move(certs)}};
}

json::object PlaceJson(const Place& p, const std::array<std::size_t, kRoleCount>& by_role) {
  json::object o = PlaceJson(p);
  json::object roles;
  std::size_t enterprises = 0;
  for (std::size_t r = 0; r < kRoleCount; ++r) {
    enterprises += by_role[r];
    if (by_role[r] > 0) roles[ToString(static_cast<Role>(r))] = by_role[r];
  }
  o["enterprises"] = enterprises;
  o["by_role"] = std::move(roles);
  return o;
}

json::object DirectoryCountsJson(const Network& net, const DirectoryCounts& counts) {
  json::array places;
  for (const PlaceCount& p : counts.places) {
    json::object groups;
    for (const auto& [g, n] : p.groups) groups[g] = n;
    places.push_back(json::object{{"place", net.place(p.place).code},
                                  {"enterprises", p.enterprises},
                                  {"parts_makers", p.parts_makers},
                                  {"groups", std::move(groups)}});
  }
  return {{"total", counts.total}, {"places", std::move(places)}};
}

json::object BuyersJson(const Network& net, std::span<const BuyerPurchases> buyers) {
  json::array rows;
  for (const BuyerPurchases& b : buyers) {
    const Enterprise& e = net.enterprise(b.buyer);
    rows.push_back(json::object{{"buyer", e.id},
                                {"buyer_name", e.name},
                                {"buyer_name_zh", e.name_zh},
                                {"province", ToString(net.province_of(b.buyer))},
                                {"value_yuan", b.value_yuan},
                                {"volume", b.volume},
                                {"suppliers", b.suppliers},
                                {"local_share", b.local_share()}});
  }
  return {{"buyers", std::move(rows)}};
}

json::array CalibrationJson(const std::vector<CalibrationFigure>& figures) {
  json::array out;
  for (const CalibrationFigure& f : figures)
    out.push_back(json::object{{"key", f.key},
                               {"figure", f.figure},
                               {"value", f.value},
                               {"unit", f.unit},
                               {"target", f.target},
                               {"min", f.min},
                               {"max", f.max},
                               {"ok", f.ok()},
                               {"source", f.source},
                               {"target_zh", f.target_zh},
                               {"source_zh", f.source_zh}});
  return out;
}

json::object RecordJson(const Network& net, const Demand& d, const Principal& /*viewer*/) {
  json::array certs;
  for (const auto& c : d.required_certs) certs.emplace_back(json::string(c));
  const EnterpriseId buyer = net.FindEnterprise(d.buyer);
  const ComponentId comp = net.FindComponent(d.component);
  return {{"id", d.id},
          {"buyer", d.buyer},
          {"buyer_name", buyer.valid() ? net.enterprise(buyer).name : ""},
          {"buyer_name_zh", buyer.valid() ? net.enterprise(buyer).name_zh : ""},
          {"component", d.component},
          {"component_name", comp.valid() ? net.component(comp).name : ""},
          {"component_name_zh", comp.valid() ? net.component(comp).name_zh : ""},
          {"annual_quantity", d.annual_quantity},
          {"start_date", d.start_date},
          {"max_distance_km", d.max_distance_km ? json::value(*d.max_distance_km) : json::value(nullptr)},
          {"required_certs", std::move(certs)},
          {"prefer_local", d.prefer_local},
          {"max_share", d.max_share},
          {"status", d.open ? "open" : "closed"}};
}

namespace {
/// An enterprise's or a component's names in both languages ("" when the chain no longer has it).
struct Names {
  std::string en, zh;
};
Names EnterpriseNames(const Network& net, std::string_view id) {
  const EnterpriseId e = net.FindEnterprise(id);
  return e.valid() ? Names{net.enterprise(e).name, net.enterprise(e).name_zh} : Names{};
}
Names ComponentNames(const Network& net, std::string_view code) {
  const ComponentId c = net.FindComponent(code);
  return c.valid() ? Names{net.component(c).name, net.component(c).name_zh} : Names{};
}
/// The supplier's recorded capacity minus its commitments for the component (negative when over), or
/// nothing when it records no capacity for it.
std::optional<std::int64_t> SpareCapacity(const Network& net, std::string_view supplier,
                                          std::string_view component) {
  const EnterpriseId e = net.FindEnterprise(supplier);
  const ComponentId c = net.FindComponent(component);
  if (!e.valid() || !c.valid()) return std::nullopt;
  for (std::uint32_t ci : net.capabilities_of(e))
    if (net.capabilities()[ci].component == c)
      return net.capabilities()[ci].annual_capacity - net.capabilities()[ci].committed;
  return std::nullopt;
}
}  // namespace

json::value TextOrNull(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(json::string(text));
}

json::value Embedded(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

void PutPlaceNames(json::object& o, const Network& net, std::string_view code, std::string_view prefix) {
  const PlaceId p = net.FindPlace(code);
  o[fmt::format("{}_name", prefix)] = p.valid() ? net.place(p).name : std::string(code);
  o[fmt::format("{}_name_zh", prefix)] = p.valid() ? net.place(p).name_zh : std::string(code);
}

void PutMessages(json::object& out, std::string_view texts, std::string_view codes,
                 const std::vector<Message>& messages) {
  json::array t, c;
  for (const Message& m : messages) {
    t.emplace_back(json::string(m.text));
    c.push_back(MessageJson(m));
  }
  out[texts] = std::move(t);
  out[codes] = std::move(c);
}

json::object ResponseJson(const Network& net, const Response& r, const RankedResponse* ranked) {
  const Names buyer = EnterpriseNames(net, r.buyer), supplier = EnterpriseNames(net, r.supplier),
              component = ComponentNames(net, r.component);
  json::object out{{"id", r.id},
                   {"demand", r.demand},
                   {"buyer", r.buyer},
                   {"buyer_name", buyer.en},
                   {"buyer_name_zh", buyer.zh},
                   {"supplier", r.supplier},
                   {"supplier_name", supplier.en},
                   {"supplier_name_zh", supplier.zh},
                   {"component", r.component},
                   {"component_name", component.en},
                   {"component_name_zh", component.zh},
                   {"annual_quantity", r.annual_quantity},
                   {"unit_price_yuan", r.unit_price_yuan},
                   {"lead_time_days", r.lead_time_days},
                   {"message", r.message},
                   {"status", ToString(r.status)},
                   {"created_at", r.created_at},
                   {"updated_at", r.updated_at}};
  // Both parties see that a quantity is beyond what the supplier has free (not the figures themselves).
  const std::optional<std::int64_t> spare = SpareCapacity(net, r.supplier, r.component);
  out["above_spare_capacity"] = spare && r.annual_quantity > *spare;
  if (ranked) {
    out["score"] = ranked->score ? json::value(*ranked->score) : json::value(nullptr);
    out["rank"] = ranked->rank ? json::value(ranked->rank) : json::value(nullptr);
    PutMessages(out, "exclusions", "exclusion_codes", ranked->exclusions);
  }
  return out;
}

json::object DealJson(const Network& net, const Deal& d) {
  // A linked deal is already in the supplier's committed volume: then over means committed above capacity.
  const std::optional<std::int64_t> spare = SpareCapacity(net, d.supplier, d.component);
  const bool above = spare && (d.linked ? *spare < 0 : d.annual_quantity > *spare);
  const Names buyer = EnterpriseNames(net, d.buyer), supplier = EnterpriseNames(net, d.supplier),
              component = ComponentNames(net, d.component);
  return {{"id", d.id},
          {"response", d.response},
          {"demand", d.demand},
          {"buyer", d.buyer},
          {"buyer_name", buyer.en},
          {"buyer_name_zh", buyer.zh},
          {"supplier", d.supplier},
          {"supplier_name", supplier.en},
          {"supplier_name_zh", supplier.zh},
          {"component", d.component},
          {"component_name", component.en},
          {"component_name_zh", component.zh},
          {"above_spare_capacity", above},
          {"annual_quantity", d.annual_quantity},
          {"unit_price_yuan", d.unit_price_yuan},
          {"value_yuan", d.value_yuan()},
          {"start_date", d.start_date},
          {"buyer_confirmed", d.buyer_confirmed},
          {"supplier_confirmed", d.supplier_confirmed},
          {"linked", d.linked},
          {"created_at", d.created_at}};
}

json::object RecordJson(const Network& net, const Offer& o, const Principal& viewer) {
  const EnterpriseId supplier = net.FindEnterprise(o.supplier);
  const ComponentId comp = net.FindComponent(o.component);
  // An offer is its supplier's public posting: its capacity is public, its price only when published.
  json::object out{{"id", o.id},
                   {"supplier", o.supplier},
                   {"supplier_name", supplier.valid() ? net.enterprise(supplier).name : ""},
                   {"supplier_name_zh", supplier.valid() ? net.enterprise(supplier).name_zh : ""},
                   {"component", o.component},
                   {"component_name", comp.valid() ? net.component(comp).name : ""},
                   {"component_name_zh", comp.valid() ? net.component(comp).name_zh : ""},
                   {"annual_capacity", o.annual_capacity},
                   {"unit_price_yuan", o.unit_price_yuan},
                   {"valid_until",
                    o.valid_until.empty() ? json::value(nullptr) : json::value(json::string(o.valid_until))},
                   {"status", o.open ? "open" : "closed"},
                   {"price_public", o.price_public}};
  if (!SeesOfferPrice(viewer, o)) out.erase("unit_price_yuan");
  return out;
}

json::object CandidateJson(const Network& net, const Candidate& c, const Principal& viewer) {
  const Enterprise& e = net.enterprise(c.supplier);
  const Place& p = net.place(net.place_of(c.supplier));
  json::object parts;
  for (const ScorePart& part : c.parts)
    parts[part.name] =
        json::object{{"value", part.value}, {"weight", part.weight}, {"contribution", part.contribution}};
  json::array offers;
  for (const std::string& id : c.option->offers) offers.emplace_back(json::string(id));
  json::object out{{"supplier", e.id},
                   {"name", e.name},
                   {"name_zh", e.name_zh},
                   {"place", p.code},
                   {"place_name", p.name},
                   {"province", ToString(p.province)},
                   {"score", c.score},
                   {"parts", std::move(parts)},
                   {"distance_km", std::round(c.distance.km * 10) / 10},
                   {"distance_nominal", c.distance.nominal},
                   {"free_capacity", c.free_units},
                   {"unit_price_yuan", c.unit_price_yuan},
                   {"logistics_yuan_per_unit", std::round(c.logistics_yuan_per_unit * 100) / 100},
                   {"landed_cost_yuan", std::round(c.landed_cost_yuan * 100) / 100},
                   {"quality", c.option->quality},
                   {"lead_time_days", c.option->lead_time_days},
                   {"local", c.local},
                   {"regional", c.regional},
                   {"source", c.option->from_offers() ? "offer" : "capability"},
                   {"offers", std::move(offers)}};
  if (!SeesPrivate(viewer, e.id)) StripConfidential(out);
  return out;
}

json::object MatchJson(const Network& net, const DemandSpec& d, const MatchResult& r,
                       const Principal& viewer) {
  json::array candidates;
  for (const Candidate& c : r.candidates) candidates.push_back(CandidateJson(net, c, viewer));
  return {
      {"demand", json::object{{"id", d.id.empty() ? json::value(nullptr) : json::value(json::string(d.id))},
                              {"buyer", net.enterprise(d.buyer).id},
                              {"component", net.component(d.component).code},
                              {"quantity", d.quantity}}},
      {"makers", r.makers},
      {"eligible", r.eligible},
      {"candidates", std::move(candidates)}};
}

json::object ExplanationJson(const Network& net, EnterpriseId supplier, const Explanation& e,
                             const Principal& viewer) {
  json::object out{{"supplier", net.enterprise(supplier).id}, {"eligible", e.exclusions.empty()}};
  PutMessages(out, "excluded_because", "excluded_because_codes", e.exclusions);
  if (e.candidate) {
    out["rank"] = e.rank;
    out["candidate"] = CandidateJson(net, *e.candidate, viewer);
  }
  return out;
}

json::object AllocationJson(const Network& net, std::span<const DemandSpec> demands, const Allocation& a,
                            const Principal& viewer) {
  auto demand_id = [&](std::size_t i) {
    return demands[i].id.empty() ? fmt::format("#{}", i + 1) : demands[i].id;
  };
  auto visible = [&](std::size_t demand) {
    return SeesPrivate(viewer, net.enterprise(demands[demand].buyer).id);
  };
  json::array assignments, unmet;
  std::int64_t units_assigned = 0, units_unmet = 0;
  for (const Assignment& as : a.assignments) {
    if (!visible(as.demand)) continue;
    units_assigned += as.quantity;
    const DemandSpec& d = demands[as.demand];
    json::object row{{"demand", demand_id(as.demand)},
                     {"buyer", net.enterprise(d.buyer).id},
                     {"buyer_name", net.enterprise(d.buyer).name},
                     {"buyer_name_zh", net.enterprise(d.buyer).name_zh},
                     {"component", net.component(d.component).code},
                     {"component_name", net.component(d.component).name},
                     {"component_name_zh", net.component(d.component).name_zh},
                     {"supplier", net.enterprise(as.supplier).id},
                     {"supplier_name", net.enterprise(as.supplier).name},
                     {"supplier_name_zh", net.enterprise(as.supplier).name_zh},
                     {"province", ToString(net.province_of(as.supplier))},
                     {"quantity", as.quantity},
                     {"unit_price_yuan", as.unit_price_yuan},
                     {"logistics_yuan_per_unit", std::round(as.logistics_yuan_per_unit * 100) / 100},
                     {"unit_cost_yuan", as.unit_cost_yuan},
                     {"distance_km", std::round(as.distance.km * 10) / 10}};
    const bool sees_prices = SeesPrivate(viewer, net.enterprise(as.supplier).id);
    const Message why = AssignmentReason(as, sees_prices);  // without the supplier's prices otherwise
    row["reason"] = why.text;
    row["reason_code"] = MessageJson(why);
    if (!sees_prices) StripConfidential(row);
    assignments.push_back(std::move(row));
  }
  for (const UnmetDemand& u : a.unmet) {
    if (!visible(u.demand)) continue;
    units_unmet += u.quantity;
    unmet.push_back(json::object{{"demand", demand_id(u.demand)},
                                 {"quantity", u.quantity},
                                 {"reason", u.reason.text},
                                 {"reason_code", MessageJson(u.reason)}});
  }
  if (!viewer.reads_all())
    return {{"assignments", std::move(assignments)},
            {"unmet", std::move(unmet)},
            {"units_assigned", units_assigned},
            {"units_unmet", units_unmet},
            {"scope", "own demands"}};
  return {{"assignments", std::move(assignments)},
          {"unmet", std::move(unmet)},
          {"scope", "all demands"},
          {"total_cost_yuan", std::round(a.total_cost_yuan * 100) / 100},
          {"penalty_yuan", std::round(a.penalty_yuan * 100) / 100},
          {"units_assigned", a.units_assigned},
          {"units_unmet", a.units_unmet},
          {"regional_share_value", a.regional_share_value},
          {"local_share_value", a.local_share_value},
          {"demands", demands.size()},
          {"supply_options", a.problem.supply.size()},
          {"arcs", a.problem.arcs.size()},
          {"solver_rounds", a.solution.rounds}};
}

}  // namespace chainscope
