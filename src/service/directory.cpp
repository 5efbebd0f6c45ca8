#include "service/directory.h"

#include <algorithm>
#include <set>

namespace chainscope {
namespace {

/// Marks the makers of `c` in `into` (sized to the enterprises).
void MarkMakers(const Network& net, ComponentId c, std::vector<bool>& into) {
  for (std::uint32_t ci : net.makers_of(c)) into[net.capabilities()[ci].supplier.value] = true;
}

}  // namespace

DirectoryFilter::DirectoryFilter(const Network& net, const DirectoryQuery& q)
    : net_(net), q_(q), needle_(AsciiLower(q.text)) {
  // Each component filter narrows the makers: a maker must pass all of them.
  std::vector<std::vector<bool>> filters;
  if (q.component.valid()) {
    filters.emplace_back(net.enterprise_count(), false);
    MarkMakers(net, q.component, filters.back());
  }
  if (!q.assembly.empty()) {
    filters.emplace_back(net.enterprise_count(), false);
    for (std::uint32_t c = 0; c < net.component_count(); ++c)
      if (net.component(ComponentId(c)).assembly == q.assembly)
        MarkMakers(net, ComponentId(c), filters.back());
  }
  for (std::vector<bool>& f : filters) {
    if (makes_.empty()) {
      makes_ = std::move(f);
    } else {
      for (std::size_t i = 0; i < makes_.size(); ++i) makes_[i] = makes_[i] && f[i];
    }
  }
}

bool DirectoryFilter::Selects(EnterpriseId e) const {
  const Enterprise& en = net_.enterprise(e);
  if (q_.role && en.role != *q_.role) return false;
  if (q_.place.valid() && net_.place_of(e) != q_.place) return false;
  if (q_.province && net_.province_of(e) != *q_.province) return false;
  if (!makes_.empty() && !makes_[e.value]) return false;
  if (!q_.certification.empty() && std::find(en.certifications.begin(), en.certifications.end(),
                                             q_.certification) == en.certifications.end())
    return false;
  if (!needle_.empty() && AsciiLower(en.name).find(needle_) == std::string::npos &&
      en.name_zh.find(needle_) == std::string::npos && AsciiLower(en.id).find(needle_) == std::string::npos &&
      AsciiLower(en.uscc).find(needle_) == std::string::npos)
    return false;
  return true;
}

std::vector<EnterpriseId> SelectEnterprises(const Network& net, const DirectoryQuery& q) {
  const DirectoryFilter filter(net, q);
  std::vector<EnterpriseId> out;
  for (std::uint32_t i = 0; i < net.enterprise_count(); ++i)
    if (filter.Selects(EnterpriseId(i))) out.push_back(EnterpriseId(i));
  return out;
}

std::string_view MapGroupOf(const Network& net, EnterpriseId e) {
  for (std::uint32_t ci : net.capabilities_of(e)) {
    const std::string& a = net.component(net.capabilities()[ci].component).assembly;
    if (!a.empty()) return a;
  }
  return net.enterprise(e).role == Role::kOem ? "OEM" : "OTHER";
}

DirectoryCounts CountByPlace(const Network& net, const DirectoryQuery& q) {
  std::vector<PlaceCount> by_place(net.place_count());
  DirectoryCounts out;
  for (EnterpriseId e : SelectEnterprises(net, q)) {
    PlaceCount& p = by_place[net.place_of(e).value];
    ++p.enterprises;
    p.parts_makers += IsPartsMaker(net.enterprise(e).role) ? 1 : 0;
    ++p.groups[std::string(MapGroupOf(net, e))];
    ++out.total;
  }
  for (std::uint32_t p = 0; p < net.place_count(); ++p)
    if (by_place[p].enterprises > 0) {
      by_place[p].place = PlaceId(p);
      out.places.push_back(std::move(by_place[p]));
    }
  return out;
}

std::vector<std::array<std::size_t, kRoleCount>> RolesByPlace(const Network& net) {
  std::vector<std::array<std::size_t, kRoleCount>> out(net.place_count(),
                                                       std::array<std::size_t, kRoleCount>{});
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e)
    ++out[net.place_of(EnterpriseId(e)).value]
         [static_cast<std::size_t>(net.enterprise(EnterpriseId(e)).role)];
  return out;
}

std::vector<std::string> Certifications(const Network& net) {
  std::set<std::string_view> seen;
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e)
    for (const std::string& c : net.enterprise(EnterpriseId(e)).certifications) seen.insert(c);
  return {seen.begin(), seen.end()};
}

std::vector<BuyerPurchases> BuyersOf(const Network& net, std::span<const std::uint32_t> links) {
  std::map<std::uint32_t, BuyerPurchases> by_buyer;
  std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;  // (buyer, supplier)
  for (std::uint32_t i : links) {
    const NetLink& l = net.link(i);
    BuyerPurchases& b = by_buyer[l.buyer.value];
    b.buyer = l.buyer;
    b.value_yuan += l.value_yuan();
    b.volume += l.annual_volume;
    if (pairs.emplace(l.buyer.value, l.supplier.value).second) ++b.suppliers;
    if (net.province_of(l.buyer) == net.province_of(l.supplier)) b.local_value_yuan += l.value_yuan();
  }
  std::vector<BuyerPurchases> out;
  out.reserve(by_buyer.size());
  for (auto& [id, b] : by_buyer) out.push_back(b);
  std::stable_sort(out.begin(), out.end(), [](const BuyerPurchases& x, const BuyerPurchases& y) {
    return x.value_yuan > y.value_yuan;
  });
  return out;
}

}  // namespace chainscope
