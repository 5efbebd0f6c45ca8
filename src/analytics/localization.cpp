#include "analytics/localization.h"

#include <algorithm>
#include <unordered_map>

#include "analytics/calibration.h"
#include "core/taxonomy.h"

namespace chainscope {
namespace {

/// Link indexes grouped by the height of their component (counting sort), lowest first.
std::vector<std::vector<std::uint32_t>> LinksByHeight(const Network& net,
                                                      const std::vector<std::uint32_t>& h) {
  std::uint32_t top = 0;
  for (std::uint32_t x : h) top = std::max(top, x);
  std::vector<std::vector<std::uint32_t>> out(top + 1);
  for (std::uint32_t l = 0; l < net.link_count(); ++l) out[h[net.link(l).component.value]].push_back(l);
  return out;
}

/// Components that use `input`, with the quantity per unit: the reverse of Network::inputs.
std::vector<std::vector<std::pair<ComponentId, double>>> RecipeUsers(const Network& net) {
  std::vector<std::vector<std::pair<ComponentId, double>>> users(net.component_count());
  for (std::uint32_t c = 0; c < net.component_count(); ++c)
    for (const NetInput& in : net.inputs(ComponentId(c)))
      users[in.input.value].push_back({ComponentId(c), in.qty_per_unit});
  return users;
}

}  // namespace

std::string_view ToString(LocalizationKey k) {
  switch (k) {
    case LocalizationKey::kTotal:
      return "total";
    case LocalizationKey::kOem:
      return "oem";
    case LocalizationKey::kPowertrain:
      return "powertrain";
    case LocalizationKey::kDirection:
      return "direction";
    case LocalizationKey::kAssembly:
      return "assembly";
    case LocalizationKey::kComponent:
      return "component";
    case LocalizationKey::kProvince:
      return "province";
    case LocalizationKey::kPlace:
      return "place";
  }
  return "total";
}

std::optional<LocalizationKey> ParseLocalizationKey(std::string_view s) {
  for (auto k : {LocalizationKey::kTotal, LocalizationKey::kOem, LocalizationKey::kPowertrain,
                 LocalizationKey::kDirection, LocalizationKey::kAssembly, LocalizationKey::kComponent,
                 LocalizationKey::kProvince, LocalizationKey::kPlace})
    if (ToString(k) == s) return k;
  return std::nullopt;
}

std::string_view ToString(BuyerScope s) {
  return s == BuyerScope::kOems ? "oem" : "all";
}

std::optional<BuyerScope> ParseBuyerScope(std::string_view s) {
  if (s == "oem") return BuyerScope::kOems;
  if (s == "all") return BuyerScope::kAllTiers;
  return std::nullopt;
}

std::vector<std::uint32_t> ComponentHeights(const Network& net) {
  const std::size_t nc = net.component_count();
  constexpr std::uint32_t kUnset = UINT32_MAX;
  std::vector<std::uint32_t> height(nc, kUnset);
  // Iterative DFS; recipes are acyclic (validated on import), and a cycle would only stop the descent.
  std::vector<std::pair<std::uint32_t, std::size_t>> stack;
  std::vector<bool> on_stack(nc, false);
  for (std::uint32_t root = 0; root < nc; ++root) {
    if (height[root] != kUnset) continue;
    stack.push_back({root, 0});
    on_stack[root] = true;
    while (!stack.empty()) {
      auto& [c, next] = stack.back();
      const auto inputs = net.inputs(ComponentId(c));
      if (next < inputs.size()) {
        const std::uint32_t child = inputs[next++].input.value;
        if (height[child] == kUnset && !on_stack[child]) {
          stack.push_back({child, 0});
          on_stack[child] = true;
        }
        continue;
      }
      std::uint32_t h = 0;
      for (const NetInput& in : inputs)
        if (height[in.input.value] != kUnset) h = std::max(h, height[in.input.value] + 1);
      height[c] = h;
      on_stack[c] = false;
      stack.pop_back();
    }
  }
  return height;
}

double DeepShares::Local(const Network& net, std::uint32_t l) const {
  switch (net.province_of(net.link(l).buyer)) {
    case Province::kChongqing:
      return per_link[l][kChongqing];
    case Province::kSichuan:
      return per_link[l][kSichuan];
    default:
      return 0;
  }
}

DeepShares ComputeDeepShares(const Network& net) {
  DeepShares out;
  out.per_link.assign(net.link_count(), {0, 0, 0, 0});
  // What each (buyer, component) purchase adds up to so far: volume, value, volume × deep shares.
  struct Purchases {
    double volume = 0, value_yuan = 0;
    std::array<double, 4> deep{};  // Σ volume × share
  };
  std::unordered_map<std::uint64_t, Purchases> bought;
  bought.reserve(net.link_count() * 2);
  struct Part {
    double share;
    const Purchases* known;  // the supplier's purchases of the input, or nullptr: unknown origin
  };
  std::vector<Part> parts;  // per link, reused
  for (const auto& level : LinksByHeight(net, ComponentHeights(net))) {
    for (std::uint32_t l : level) {
      const NetLink& link = net.link(l);
      const Province sp = net.province_of(link.supplier);
      // Input shares of the link's value: qty × the price the supplier pays (or the typical price).
      parts.clear();
      double input_share_sum = 0;
      for (const NetInput& in : net.inputs(link.component)) {
        auto it = bought.find(PairKey(link.supplier, in.input));
        const Purchases* p = it != bought.end() && it->second.volume > 0 ? &it->second : nullptr;
        const double price = p ? p->value_yuan / p->volume : net.component(in.input).unit_price_yuan;
        const double share = link.unit_price_yuan > 0 ? in.qty_per_unit * price / link.unit_price_yuan : 0;
        input_share_sum += share;
        parts.push_back({share, p});
      }
      const double scale = input_share_sum > 1 ? 1 / input_share_sum : 1;  // inputs cannot exceed the price
      const double own = 1 - input_share_sum * scale;
      std::array<double, 4> from_inputs{};
      for (const Part& part : parts) {
        const double share = part.share * scale;
        if (!part.known) {
          from_inputs[DeepShares::kUnknown] += share;
          continue;
        }
        for (std::size_t x = 0; x < 4; ++x)
          from_inputs[x] += share * part.known->deep[x] / part.known->volume;
      }
      auto& d = out.per_link[l];
      d[DeepShares::kRegional] = IsRegional(sp) ? own + from_inputs[DeepShares::kRegional] : 0;
      d[DeepShares::kChongqing] = sp == Province::kChongqing ? own + from_inputs[DeepShares::kChongqing] : 0;
      d[DeepShares::kSichuan] = sp == Province::kSichuan ? own + from_inputs[DeepShares::kSichuan] : 0;
      d[DeepShares::kUnknown] = from_inputs[DeepShares::kUnknown];
      Purchases& agg = bought[PairKey(link.buyer, link.component)];
      const double volume = static_cast<double>(link.annual_volume);
      agg.volume += volume;
      agg.value_yuan += link.value_yuan();
      for (std::size_t x = 0; x < 4; ++x) agg.deep[x] += volume * d[x];
    }
  }
  return out;
}

std::vector<std::array<double, 3>> AttributePowertrains(const Network& net, BuyerScope scope) {
  std::vector<std::array<double, 3>> shares = LinkPowertrainShares(net);
  if (scope == BuyerScope::kOems) return shares;
  const auto users = RecipeUsers(net);
  // What each (seller, component) sells, by volume: Σ volume and Σ volume × powertrain shares.
  struct Sales {
    double volume = 0;
    std::array<double, 3> by_powertrain{};
  };
  std::unordered_map<std::uint64_t, Sales> sold;
  sold.reserve(net.link_count() * 2);
  auto levels = LinksByHeight(net, ComponentHeights(net));
  for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
    for (std::uint32_t l : *level) {
      const NetLink& link = net.link(l);
      if (net.enterprise(link.buyer).role != Role::kOem) {
        // The buyer turns this input into the components whose recipes use it; take their sales' mix.
        std::array<double, 3> weighted{};
        double weight = 0;
        for (const auto& [c, qty] : users[link.component.value]) {
          auto it = sold.find(PairKey(link.buyer, c));
          if (it == sold.end()) continue;
          weight += qty * it->second.volume;
          for (std::size_t p = 0; p < 3; ++p) weighted[p] += qty * it->second.by_powertrain[p];
        }
        shares[l] = {0, 0, 0};
        if (weight > 0)
          for (std::size_t p = 0; p < 3; ++p) shares[l][p] = weighted[p] / weight;
      }
      Sales& s = sold[PairKey(link.supplier, link.component)];
      const double volume = static_cast<double>(link.annual_volume);
      s.volume += volume;
      for (std::size_t p = 0; p < 3; ++p) s.by_powertrain[p] += volume * shares[l][p];
    }
  }
  return shares;
}

bool InScope(const Network& net, const LocalizationQuery& q, std::uint32_t l) {
  const NetLink& link = net.link(l);
  if (q.scope == BuyerScope::kOems && net.enterprise(link.buyer).role != Role::kOem) return false;
  if (q.buyer_province && net.province_of(link.buyer) != *q.buyer_province) return false;
  if (q.oem.valid() && link.buyer != q.oem) return false;
  if (q.component.valid() && link.component != q.component) return false;
  return true;
}

std::vector<LocalizationRow> Localize(const Network& net, const LocalizationQuery& q) {
  DeepShares deep;
  if (q.deep) {
    deep = ComputeDeepShares(net);
  } else {
    deep.per_link.assign(net.link_count(), {0, 0, 0, 0});
  }
  std::vector<std::array<double, 3>> powertrain;
  if (q.by == LocalizationKey::kPowertrain) powertrain = AttributePowertrains(net, q.scope);
  std::vector<LocalizationRow> rows;
  std::unordered_map<std::string, std::size_t> row_of;
  auto row = [&](std::string key, std::string_view label) -> LocalizationRow& {
    auto [it, fresh] = row_of.emplace(key, rows.size());
    if (fresh) rows.push_back({std::move(key), std::string(label)});
    return rows[it->second];
  };
  auto add = [&](LocalizationRow& r, std::uint32_t l, double weight) {
    const NetLink& link = net.link(l);
    const Province bp = net.province_of(link.buyer), sp = net.province_of(link.supplier);
    const bool local = IsLocal(bp, sp), regional = IsRegional(sp);
    const double value = link.value_yuan() * weight,
                 volume = static_cast<double>(link.annual_volume) * weight;
    r.value_yuan += value;
    r.volume += volume;
    if (local) r.local_value_yuan += value, r.local_volume += volume;
    if (regional) r.regional_value_yuan += value, r.regional_volume += volume;
    r.deep_local_value_yuan += value * deep.Local(net, l);
    r.deep_regional_value_yuan += value * deep.per_link[l][DeepShares::kRegional];
    r.deep_unknown_value_yuan += value * deep.per_link[l][DeepShares::kUnknown];
    ++r.links;
  };
  static constexpr std::array<std::string_view, 3> kPowertrains{"ICE", "NEV", "commercial"};
  for (std::uint32_t l = 0; l < net.link_count(); ++l) {
    if (!InScope(net, q, l)) continue;
    const NetLink& link = net.link(l);
    const ComponentType& comp = net.component(link.component);
    switch (q.by) {
      case LocalizationKey::kTotal:
        add(row("total", "All purchases in scope"), l, 1);
        break;
      case LocalizationKey::kOem: {
        const Enterprise& b = net.enterprise(link.buyer);
        add(row(b.id, b.name), l, 1);
        break;
      }
      case LocalizationKey::kPowertrain: {
        double attributed = 0;
        for (std::size_t p = 0; p < 3; ++p) {
          if (powertrain[l][p] <= 0) continue;
          attributed += powertrain[l][p];
          add(row(std::string(kPowertrains[p]), kPowertrains[p]), l, powertrain[l][p]);
        }
        if (attributed < 1 - 1e-9)
          add(row("unattributed", "No vehicle line to attribute to"), l, 1 - attributed);
        break;
      }
      case LocalizationKey::kDirection:
        add(row(std::string(ToString(comp.direction)), DirectionLabel(comp.direction)), l, 1);
        break;
      case LocalizationKey::kAssembly: {
        const Assembly* a = FindAssembly(comp.assembly);
        add(row(comp.assembly, a ? a->name : std::string_view(comp.assembly)), l, 1);
        break;
      }
      case LocalizationKey::kComponent:
        add(row(comp.code, comp.name), l, 1);
        break;
      case LocalizationKey::kProvince: {
        const Province p = net.province_of(link.buyer);
        add(row(std::string(ToString(p)), ToString(p)), l, 1);
        break;
      }
      case LocalizationKey::kPlace: {
        const Place& p = net.place(net.place_of(link.buyer));
        add(row(p.code, p.name), l, 1);
        break;
      }
    }
  }
  // A row's link count is the links that contributed to it (a link split over powertrains counts in each).
  std::stable_sort(rows.begin(), rows.end(), [](const LocalizationRow& a, const LocalizationRow& b) {
    return a.value_yuan != b.value_yuan ? a.value_yuan > b.value_yuan : a.key < b.key;
  });
  return rows;
}

}  // namespace chainscope
