// match: what can be bought, per component type — one supply option per (supplier, component): the
// supplier's open offers for it (capacity summed, price capacity-weighted) or, when it has none, the free
// capacity of its capability (annual_capacity − committed). Also the landed-cost model shared by ranking
// and allocation: price + logistics, logistics growing with great-circle distance.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/market.h"
#include "core/network.h"

namespace chainscope {

/// Logistics cost per unit as a fraction of the unit price per 1,000 km (road freight, packaging,
/// insurance). Distances shorter than kMinLogisticsKm count as kMinLogisticsKm (local delivery).
inline constexpr double kLogisticsSharePerThousandKm = 0.02;
inline constexpr double kMinLogisticsKm = 20;
/// Distances used where a place has no coordinates ("elsewhere in China", "abroad").
inline constexpr double kNominalOtherChinaKm = 1500;
inline constexpr double kNominalAbroadKm = 8000;

struct Distance {
  double km = 0;
  bool nominal = false;  // true when one side has no coordinates and a nominal distance stands in
};
/// Great-circle distance between two places, or the nominal one. O(1).
Distance PlaceDistance(const Place& a, const Place& b);
/// Logistics cost per unit for a part of `unit_price_yuan` shipped `km`.
inline double LogisticsYuanPerUnit(double unit_price_yuan, double km) {
  return unit_price_yuan * kLogisticsSharePerThousandKm * std::max(km, kMinLogisticsKm) / 1000.0;
}

struct SupplyOption {
  EnterpriseId supplier;
  ComponentId component;
  std::int64_t free_units = 0;  // per year
  double unit_price_yuan = 0;
  double quality = 0;  // 0–1, from the capability (0.8 when only an offer is known)
  double lead_time_days = 0;
  std::int64_t sold_units = 0;      // what it already sells of this component (track record)
  std::string valid_until;          // latest offer validity; empty = open-ended or capability
  std::vector<std::string> offers;  // ids of the open offers summed here; empty = capability free capacity
  bool from_offers() const { return !offers.empty(); }
};

class SupplyBook {
 public:
  /// Builds the options of every component from the chain's capabilities and the market's offers.
  /// O(capabilities + offers).
  SupplyBook(const Network& net, const RecordTable<Offer>& offers);
  std::span<const SupplyOption> of(ComponentId c) const {
    return {options_.data() + offsets_[c.value], options_.data() + offsets_[c.value + 1]};
  }
  const std::vector<SupplyOption>& all() const { return options_; }
  /// Distance between two places, from a table built once (places² entries). O(1).
  const Distance& distance(PlaceId a, PlaceId b) const { return distances_[a.value * places_ + b.value]; }

 private:
  std::size_t places_ = 0;
  std::vector<Distance> distances_;
  std::vector<SupplyOption> options_;   // grouped by component, in supplier order within a component
  std::vector<std::uint32_t> offsets_;  // size components + 1
};

}  // namespace chainscope
