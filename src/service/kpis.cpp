#include "service/kpis.h"

#include <set>

namespace chainscope {
namespace {

std::string MonthOf(const std::string& utc) {
  return utc.size() >= 7 ? utc.substr(0, 7) : "unknown";
}

}  // namespace

PlatformKpis KpisOf(Platform& platform) {
  PlatformKpis k;
  const auto state = platform.state();
  const Network& net = *state->chain;
  Store* store = platform.store();
  const std::map<std::string, std::string> posted =
      store ? store->PostedTimes("demands") : std::map<std::string, std::string>{};
  // Every figure counted once in the total and once under each breakdown of its record.
  auto count = [&](const std::string& month, const std::string& buyer, const std::string& component,
                   auto&& add) {
    add(k.total);
    add(k.by_month[month]);
    const EnterpriseId b = net.FindEnterprise(buyer);
    add(k.by_province[b.valid() ? std::string(ToString(net.province_of(b))) : "unknown"]);
    const ComponentId c = net.FindComponent(component);
    add(k.by_assembly[c.valid() ? net.component(c).assembly : "unknown"]);
    add(k.by_component[component]);
  };
  for (const Demand& d : state->market->demands) {
    const auto at = posted.find(d.id);
    count(at == posted.end() ? "unknown" : MonthOf(at->second), d.buyer, d.component, [&](KpiCounts& c) {
      ++c.demands;
      c.demanded_units += d.annual_quantity;
    });
    if (d.open) ++k.open_demands;
  }
  if (!store) return k;
  std::set<std::string> answered;
  for (const Response& r : store->Responses({})) {
    count(MonthOf(r.created_at), r.buyer, r.component, [](KpiCounts& c) { ++c.responses; });
    answered.insert(r.demand);
  }
  for (const std::string& demand : answered)
    if (state->market->demands.FindRecord(demand)) ++k.demands_with_responses;
  for (const Deal& d : store->Deals({}))
    count(MonthOf(d.created_at), d.buyer, d.component, [&](KpiCounts& c) {
      ++c.deals;
      if (d.linked) ++c.linked_deals;
      c.deal_value_yuan += d.value_yuan();
    });
  return k;
}

}  // namespace chainscope
