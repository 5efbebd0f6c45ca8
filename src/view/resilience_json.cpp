#include "view/resilience_json.h"

#include <fmt/format.h>

namespace chainscope {
namespace json = boost::json;

json::array WarningsJson(const Network& net, const std::vector<ChainAssumption>& assumptions) {
  json::array out;
  for (std::size_t i = 0; i < assumptions.size() && i < kMaxWarnings; ++i) {
    const ChainAssumption& a = assumptions[i];
    const Enterprise& e = net.enterprise(a.enterprise);
    const ComponentType& c = net.component(a.component);
    const bool unrecorded = a.kind == ChainAssumption::Kind::kUnrecordedSupply;
    const std::string message =
        unrecorded
            ? fmt::format(
                  "{} buys {:.0f} {}/yr of {} on its links but its sales and vehicle lines need {:.0f}: "
                  "the other {:.0f} are taken to come from an unrecorded source outside the region",
                  e.name, a.recorded_units_per_year, c.unit, c.name, a.needed_units_per_year,
                  a.assumed_units_per_year())
            : fmt::format(
                  "{} sells {:.0f} {}/yr of {} on its links, above its recorded capacity of {:.0f}: it is "
                  "taken to make what it sells, with no spare capacity",
                  e.name, a.needed_units_per_year, c.unit, c.name, a.recorded_units_per_year);
    out.push_back(json::object{{"code", ToString(a.kind)},
                               {"enterprise", e.id},
                               {"enterprise_name", e.name},
                               {"enterprise_name_zh", e.name_zh},
                               {"component", c.code},
                               {"component_name", c.name},
                               {"component_name_zh", c.name_zh},
                               {"unit", c.unit},
                               {"recorded_units_per_year", a.recorded_units_per_year},
                               {"needed_units_per_year", a.needed_units_per_year},
                               {"assumed_units_per_year", a.assumed_units_per_year()},
                               {"message", message}});
  }
  return out;
}

json::object StressJson(const Network& net, const StressOptions& o, const StressResult& r, std::size_t top) {
  json::array nodes;
  for (std::size_t i = 0; i < r.nodes.size() && (top == 0 || i < top); ++i) {
    const NodeRisk& n = r.nodes[i];
    const Enterprise& e = net.enterprise(n.node);
    nodes.push_back(json::object{{"id", e.id},
                                 {"name", e.name},
                                 {"name_zh", e.name_zh},
                                 {"role", ToString(e.role)},
                                 {"place", net.place(net.place_of(n.node)).code},
                                 {"province", ToString(net.province_of(n.node))},
                                 {"tts_days", n.tts_days},
                                 {"pi_vehicles", n.pi_vehicles},
                                 {"pi_value_yuan", n.pi_value_yuan},
                                 {"rei", n.rei},
                                 {"spend_yuan", n.spend_yuan},
                                 {"ttr_days", n.ttr_days},
                                 {"reaches_vehicles", n.reaches_vehicles},
                                 {"skipped", n.skipped}});
  }
  return {{"nodes", std::move(nodes)},
          {"node_count", r.nodes.size()},
          {"horizon_days", o.horizon_days},
          {"alternatives", o.model.alternatives},
          {"qualification_days", o.model.qualification_days},
          {"lps_solved", r.lps_solved},
          {"skipped", r.skipped},
          {"seconds", r.seconds},
          {"warnings", WarningsJson(net, r.assumptions)},
          {"warning_count", r.assumptions.size()}};
}

json::object ScenarioJson(const Network& net, const ScenarioResult& r) {
  json::array by_oem, by_bucket;
  for (const auto& o : r.by_oem) {
    json::array curve;
    for (double v : o.lost_vehicles_by_bucket) curve.push_back(v);
    by_oem.push_back(json::object{{"oem", net.enterprise(o.oem).id},
                                  {"name", net.enterprise(o.oem).name},
                                  {"name_zh", net.enterprise(o.oem).name_zh},
                                  {"lost_vehicles", o.lost_vehicles},
                                  {"lost_value_yuan", o.lost_value_yuan},
                                  {"lost_vehicles_by_bucket", std::move(curve)}});
  }
  for (std::size_t b = 0; b < r.bucket_start_day.size(); ++b)
    by_bucket.push_back(json::object{{"start_day", r.bucket_start_day[b]},
                                     {"days", r.bucket_days},
                                     {"lost_vehicles", r.lost_vehicles_by_bucket[b]},
                                     {"lost_value_yuan", r.lost_value_by_bucket[b]}});
  return {{"name", r.name},
          {"lost_vehicles", r.lost_vehicles},
          {"lost_value_yuan", r.lost_value_yuan},
          {"by_oem", std::move(by_oem)},
          {"by_bucket", std::move(by_bucket)},
          {"horizon_days", r.horizon_days},
          {"bucket_days", r.bucket_days},
          {"sites_disrupted", r.sites_disrupted},
          {"plants_disrupted", r.plants_disrupted},
          {"warnings", WarningsJson(net, r.assumptions)},
          {"warning_count", r.assumptions.size()}};
}

json::object MitigationJson(const SupplyNetwork& chain, const Mitigation& m) {
  const Network& net = chain.net();
  json::array buffers, seconds;
  for (const BufferAdvice& a : m.buffers) {
    const auto& s = chain.sources()[a.source];
    buffers.push_back(json::object{{"buyer", net.enterprise(s.buyer).id},
                                   {"buyer_name", net.enterprise(s.buyer).name},
                                   {"buyer_name_zh", net.enterprise(s.buyer).name_zh},
                                   {"component", net.component(s.component).code},
                                   {"extra_units", a.extra_units},
                                   {"extra_days", a.extra_days},
                                   {"extra_value_yuan", a.extra_value_yuan},
                                   {"marginal_value_yuan", a.marginal_value_yuan}});
  }
  for (const auto& [source, producer] : m.second_sources) {
    const auto& s = chain.sources()[source];
    seconds.push_back(
        json::object{{"buyer", net.enterprise(s.buyer).id},
                     {"buyer_name", net.enterprise(s.buyer).name},
                     {"buyer_name_zh", net.enterprise(s.buyer).name_zh},
                     {"component", net.component(s.component).code},
                     {"supplier", net.enterprise(chain.producers()[producer].supplier).id},
                     {"supplier_name", net.enterprise(chain.producers()[producer].supplier).name},
                     {"supplier_name_zh", net.enterprise(chain.producers()[producer].supplier).name_zh},
                     {"free_capacity_per_day", chain.producers()[producer].free_per_day}});
  }
  return {{"node", net.enterprise(m.node).id},
          {"name", net.enterprise(m.node).name},
          {"name_zh", net.enterprise(m.node).name_zh},
          {"pi_value_yuan", m.pi_value_yuan},
          {"pi_vehicles", m.pi_vehicles},
          {"buffer", json::object{{"possible", m.buffer_possible},
                                  {"value_yuan", m.buffer_value_yuan},
                                  {"items", std::move(buffers)}}},
          {"second_sources", std::move(seconds)},
          {"pi_with_second_sources_yuan", m.pi_with_second_sources_yuan},
          {"pi_with_second_sources_vehicles", m.pi_with_second_sources_vehicles}};
}

json::object StressReportJson(const SupplyNetwork& chain, const StressOptions& options,
                              const StressReport& report) {
  json::object out = StressJson(chain.net(), options, report.result);
  json::array mitigations;
  for (const Mitigation& m : report.mitigations) mitigations.push_back(MitigationJson(chain, m));
  out["mitigations"] = std::move(mitigations);
  return out;
}

}  // namespace chainscope
