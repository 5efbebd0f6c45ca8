#include "match/supply_book.h"

#include <algorithm>
#include <map>

#include "core/places.h"

namespace chainscope {

Distance PlaceDistance(const Place& a, const Place& b) {
  if (a.lat && a.lon && b.lat && b.lon) return {GreatCircleKm(*a.lat, *a.lon, *b.lat, *b.lon), false};
  const bool abroad = a.province == Province::kAbroad || b.province == Province::kAbroad;
  if (a.province == b.province && !abroad && a.code == b.code) return {kMinLogisticsKm, true};
  return {abroad ? kNominalAbroadKm : kNominalOtherChinaKm, true};
}

SupplyBook::SupplyBook(const Network& net, const RecordTable<Offer>& offers) : places_(net.place_count()) {
  distances_.resize(places_ * places_);
  for (std::uint32_t a = 0; a < places_; ++a)
    for (std::uint32_t b = 0; b < places_; ++b)
      distances_[a * places_ + b] = PlaceDistance(net.place(PlaceId(a)), net.place(PlaceId(b)));
  const Dataset& d = net.data();
  // (component, supplier) → option; std::map keeps a deterministic order.
  std::map<std::pair<std::uint32_t, std::uint32_t>, SupplyOption> by_key;
  for (const Offer& o : offers) {
    if (!o.open) continue;
    const EnterpriseId s = net.FindEnterprise(o.supplier);
    const ComponentId c = net.FindComponent(o.component);
    SupplyOption& opt = by_key[{c.value, s.value}];
    opt.supplier = s;
    opt.component = c;
    const double total = static_cast<double>(opt.free_units + o.annual_capacity);
    opt.unit_price_yuan = (opt.unit_price_yuan * static_cast<double>(opt.free_units) +
                           o.unit_price_yuan * static_cast<double>(o.annual_capacity)) /
                          total;
    opt.free_units += o.annual_capacity;
    opt.offers.push_back(o.id);
    if (opt.valid_until.empty() && opt.offers.size() == 1)
      opt.valid_until = o.valid_until;
    else if (o.valid_until.empty())
      opt.valid_until.clear();
    else if (!opt.valid_until.empty())
      opt.valid_until = std::max(opt.valid_until, o.valid_until);
    opt.quality = 0.8;
  }
  for (std::size_t i = 0; i < d.capabilities.size(); ++i) {
    const Capability& cap = d.capabilities[i];
    const NetCapability& nc = net.capabilities()[i];
    auto [it, inserted] = by_key.try_emplace({nc.component.value, nc.supplier.value});
    SupplyOption& opt = it->second;
    opt.quality = cap.quality;
    opt.lead_time_days = cap.lead_time_days;
    opt.sold_units = cap.committed;
    if (!inserted) continue;  // offers state the free capacity
    opt.supplier = nc.supplier;
    opt.component = nc.component;
    opt.free_units = std::max<std::int64_t>(0, cap.annual_capacity - cap.committed);
    opt.unit_price_yuan = cap.unit_price_yuan;
  }
  offsets_.assign(net.component_count() + 1, 0);
  options_.reserve(by_key.size());
  for (auto& [key, opt] : by_key) {
    ++offsets_[key.first + 1];
    options_.push_back(std::move(opt));
  }
  for (std::size_t c = 0; c < net.component_count(); ++c) offsets_[c + 1] += offsets_[c];
}

}  // namespace chainscope
