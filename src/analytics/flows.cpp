#include "analytics/flows.h"

#include <algorithm>
#include <unordered_map>

namespace chainscope {

std::string_view ToString(FlowCategory c) {
  switch (c) {
    case FlowCategory::kSichuanToChongqing:
      return "sichuan_to_chongqing";
    case FlowCategory::kChongqingToSichuan:
      return "chongqing_to_sichuan";
    case FlowCategory::kWithinChongqing:
      return "within_chongqing";
    case FlowCategory::kWithinSichuan:
      return "within_sichuan";
    case FlowCategory::kFromElsewhereInChina:
      return "from_elsewhere_in_china";
    case FlowCategory::kFromAbroad:
      return "from_abroad";
    case FlowCategory::kOutsideRegion:
      return "outside_region";
  }
  return "";
}

std::string_view Label(FlowCategory c) {
  switch (c) {
    case FlowCategory::kSichuanToChongqing:
      return "Sichuan → Chongqing";
    case FlowCategory::kChongqingToSichuan:
      return "Chongqing → Sichuan";
    case FlowCategory::kWithinChongqing:
      return "within Chongqing";
    case FlowCategory::kWithinSichuan:
      return "within Sichuan";
    case FlowCategory::kFromElsewhereInChina:
      return "from elsewhere in China";
    case FlowCategory::kFromAbroad:
      return "from abroad";
    case FlowCategory::kOutsideRegion:
      return "to buyers outside the region";
  }
  return "";
}

FlowCategory CategoryOf(Province from, Province to) {
  if (!IsRegional(to)) return FlowCategory::kOutsideRegion;
  if (from == Province::kAbroad) return FlowCategory::kFromAbroad;
  if (from == Province::kOtherChina) return FlowCategory::kFromElsewhereInChina;
  if (from == to)
    return to == Province::kChongqing ? FlowCategory::kWithinChongqing : FlowCategory::kWithinSichuan;
  return from == Province::kSichuan ? FlowCategory::kSichuanToChongqing : FlowCategory::kChongqingToSichuan;
}

FlowReport ComputeFlows(const Network& net, const FlowQuery& q) {
  FlowReport r;
  std::unordered_map<std::uint64_t, std::size_t> index;  // (from, to) → r.places
  for (std::uint32_t l = 0; l < net.link_count(); ++l) {
    const NetLink& link = net.link(l);
    if (q.scope == BuyerScope::kOems && net.enterprise(link.buyer).role != Role::kOem) continue;
    if (q.component.valid() && link.component != q.component) continue;
    if (!q.assembly.empty() && net.component(link.component).assembly != q.assembly) continue;
    if (q.oem.valid() && link.buyer != q.oem) continue;
    const PlaceId from = net.place_of(link.supplier), to = net.place_of(link.buyer);
    const auto key = (static_cast<std::uint64_t>(from.value) << 32) | to.value;
    auto [it, fresh] = index.emplace(key, r.places.size());
    if (fresh) r.places.push_back({from, to});
    Flow& f = r.places[it->second];
    const double value = link.value_yuan();
    f.value_yuan += value;
    f.volume += static_cast<double>(link.annual_volume);
    ++f.links;
    const Province pf = net.place(from).province, pt = net.place(to).province;
    r.province_value_yuan[static_cast<std::size_t>(pf)][static_cast<std::size_t>(pt)] += value;
    r.category_value_yuan[static_cast<std::size_t>(CategoryOf(pf, pt))] += value;
    r.total_value_yuan += value;
    ++r.links;
  }
  std::sort(r.places.begin(), r.places.end(), [](const Flow& a, const Flow& b) {
    if (a.value_yuan != b.value_yuan) return a.value_yuan > b.value_yuan;
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  return r;
}

}  // namespace chainscope
