// analytics: localization — how much of the chain's purchase value and volume is sourced locally (supplier
// in the buyer's own province-level unit) and regionally (supplier anywhere in Sichuan + Chongqing), broken
// down by OEM, powertrain, direction, assembly, component type, buyer province or buyer place (DESIGN §2).
//
// Two views of a purchase:
//  * first tier: where the supplier on the link sits;
//  * deep (multi-tier): the share of the link's value whose whole upstream path stays in the region (or in
//    the buyer's province). A link (b → s, c) at unit price p splits into s's own value added and the inputs
//    of c's recipe (qty × the price s pays for the input); each input's part is as deep-local as the links s
//    buys it on, volume-weighted, recursively through the tiers:
//        D_X(l) = [s in X] · ( own(l) + Σ_i share_i(l) · avg_{l' : s buys i} D_X(l') )
//    An input for which s has no recorded purchase has an unknown origin: it counts as not staying in X
//    and is reported as `deep_unknown_value_yuan`, so the deep share is a lower bound.
// Powertrain: a vehicle maker's link is split over its ICE, NEV and commercial lines in proportion to their
// BOM requirement (LinkPowertrainShares); with every tier in scope, a parts maker's purchase of an input
// takes the powertrain mix of its sales of the components whose recipes use that input (volume × qty
// weighted), down the tiers. What cannot be attributed (no such sales) is the "unattributed" row.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"

namespace chainscope {

enum class LocalizationKey {
  kTotal,
  kOem,
  kPowertrain,
  kDirection,
  kAssembly,
  kComponent,
  kProvince,
  kPlace
};
std::string_view ToString(LocalizationKey k);
/// "total", "oem", "powertrain", "direction", "assembly", "component", "province", "place".
std::optional<LocalizationKey> ParseLocalizationKey(std::string_view s);

/// Which purchases are measured.
enum class BuyerScope {
  kOems,      // links bought by vehicle makers (what the calibration figures measure)
  kAllTiers,  // every link, parts makers' purchases of inputs too
};
std::string_view ToString(BuyerScope s);
std::optional<BuyerScope> ParseBuyerScope(std::string_view s);  // "oem" or "all"

struct LocalizationQuery {
  LocalizationKey by = LocalizationKey::kTotal;
  BuyerScope scope = BuyerScope::kOems;
  std::optional<Province> buyer_province;  // only buyers in this province
  EnterpriseId oem;                        // valid: only this buyer's purchases
  ComponentId component;                   // valid: only this component
  bool deep = true;                        // false: skip the multi-tier shares (their columns stay 0)
};

/// One group of purchases. Money in yuan per year, volume in units per year.
struct LocalizationRow {
  std::string key;    // OEM id, "ICE", "BAT", component code, place code, …
  std::string label;  // the name people read
  double value_yuan = 0, local_value_yuan = 0, regional_value_yuan = 0;
  double volume = 0, local_volume = 0, regional_volume = 0;
  double deep_local_value_yuan = 0, deep_regional_value_yuan = 0, deep_unknown_value_yuan = 0;
  std::size_t links = 0;

  double local_share_value() const { return value_yuan > 0 ? local_value_yuan / value_yuan : 0; }
  double regional_share_value() const { return value_yuan > 0 ? regional_value_yuan / value_yuan : 0; }
  double local_share_volume() const { return volume > 0 ? local_volume / volume : 0; }
  double regional_share_volume() const { return volume > 0 ? regional_volume / volume : 0; }
  double deep_local_share_value() const { return value_yuan > 0 ? deep_local_value_yuan / value_yuan : 0; }
  double deep_regional_share_value() const {
    return value_yuan > 0 ? deep_regional_value_yuan / value_yuan : 0;
  }
};

/// Per link, the fractions of its value whose whole upstream path stays in the region, in Chongqing and in
/// Sichuan, and the fraction of unknown origin (see the file comment). Each in [0, 1]. O(links + recipes).
struct DeepShares {
  std::vector<std::array<double, 4>> per_link;  // {regional, Chongqing, Sichuan, unknown}
  static constexpr std::size_t kRegional = 0, kChongqing = 1, kSichuan = 2, kUnknown = 3;
  /// The deep-local fraction of link `l`: within its buyer's province (0 outside the region).
  double Local(const Network& net, std::uint32_t l) const;
};
DeepShares ComputeDeepShares(const Network& net);

/// Per link, its ICE / NEV / commercial shares; with kAllTiers parts makers' purchases are attributed
/// down the tiers (see the file comment). The remainder 1 − Σ is unattributed. O(links + recipes).
std::vector<std::array<double, 3>> AttributePowertrains(const Network& net, BuyerScope scope);

/// Components ordered so that every input comes before the components whose recipes use it; `height` is
/// 0 for a component with no inputs, else 1 + the largest height of its inputs. O(components + recipes).
std::vector<std::uint32_t> ComponentHeights(const Network& net);

/// The rows of the breakdown, largest value first (the total row alone for kTotal). O(links + recipes).
std::vector<LocalizationRow> Localize(const Network& net, const LocalizationQuery& query);

/// Local: the supplier is in the buyer's own province-level unit, and that is Chongqing or Sichuan.
inline bool IsLocal(Province buyer, Province supplier) {
  return IsRegional(buyer) && supplier == buyer;
}

/// Whether link `l` is in the query's scope and filters (the key is ignored).
bool InScope(const Network& net, const LocalizationQuery& query, std::uint32_t l);

}  // namespace chainscope
