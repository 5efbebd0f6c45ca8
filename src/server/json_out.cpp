#include "server/json_out.h"

#include <cmath>

#include "core/places.h"
#include "core/taxonomy.h"

namespace chainscope {
namespace json = boost::json;

json::object PlaceJson(const Place& p) {
  json::object o{
      {"code", p.code}, {"name", p.name}, {"name_zh", p.name_zh}, {"province", ToString(p.province)}};
  o["lat"] = p.lat ? json::value(*p.lat) : json::value(nullptr);
  o["lon"] = p.lon ? json::value(*p.lon) : json::value(nullptr);
  return o;
}

json::object EnterpriseJson(const Network& net, EnterpriseId id) {
  const Enterprise& e = net.enterprise(id);
  const Place& p = net.place(net.place_of(id));
  json::array certs;
  for (const auto& c : e.certifications) certs.emplace_back(json::string(c));
  json::array components;
  for (std::uint32_t ci : net.capabilities_of(id))
    components.emplace_back(json::string(net.component(net.capabilities()[ci].component).code));
  return {{"id", e.id},
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
          {"synthetic", e.synthetic}};
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

json::object TaxonomyJson(const Network& net) {
  json::array directions;
  for (Direction d : {Direction::kNewEnergy, Direction::kIntelligentConnected, Direction::kTraditional}) {
    json::array assemblies;
    for (const Assembly& a : Assemblies()) {
      if (a.direction != d) continue;
      json::array components;
      for (std::uint32_t c = 0; c < net.component_count(); ++c) {
        const ComponentType& ct = net.component(ComponentId(c));
        if (ct.assembly != a.code) continue;
        components.push_back(json::object{{"code", ct.code},
                                          {"name", ct.name},
                                          {"name_zh", ct.name_zh},
                                          {"powertrain", ToString(ct.powertrain)},
                                          {"unit", ct.unit},
                                          {"unit_price_yuan", ct.unit_price_yuan},
                                          {"typical_qty_per_vehicle", ct.typical_qty_per_vehicle},
                                          {"makers", net.makers_of(ComponentId(c)).size()}});
      }
      assemblies.push_back(json::object{
          {"code", a.code}, {"name", a.name}, {"name_zh", a.name_zh}, {"components", std::move(components)}});
    }
    directions.push_back(json::object{
        {"code", ToString(d)}, {"name", DirectionLabel(d)}, {"assemblies", std::move(assemblies)}});
  }
  return {{"directions", std::move(directions)}, {"component_count", net.component_count()}};
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
                               {"source", f.source}});
  return out;
}

}  // namespace chainscope
