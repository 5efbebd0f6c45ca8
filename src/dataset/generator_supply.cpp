// dataset: the supply structure — vehicle makers' needs, the local-share calibration, suppliers and their
// pools, volumes, the links, and the needs of the makers' own inputs.
#include "dataset/generator_state.h"

namespace chainscope::generation {

// ---- OEM needs -----------------------------------------------------------------------------------------
void Generator::BuildOemNeeds() {
  // Sum each OEM's requirement per component over its lines, split by powertrain.
  std::unordered_map<std::string, const VehicleLine*> line_by_id;
  for (const VehicleLine& v : d_.vehicle_lines) line_by_id[v.id] = &v;
  struct Acc {
    double total = 0, ice = 0, nev = 0;
  };
  std::map<std::pair<std::uint32_t, std::uint32_t>, Acc> acc;  // ordered: deterministic
  for (const BomItem& b : d_.bom) {
    const VehicleLine& v = *line_by_id.at(b.vehicle_line);
    const double q = static_cast<double>(v.annual_volume) * b.qty_per_vehicle;
    Acc& a = acc[{enterprise_index_.at(v.oem), component_index_.at(b.component)}];
    a.total += q;
    if (v.powertrain == LinePowertrain::kIce) a.ice += q;
    if (v.powertrain == LinePowertrain::kNev) a.nev += q;
  }
  std::unordered_map<std::uint32_t, std::int64_t> oem_volume;
  for (const VehicleLine& v : d_.vehicle_lines) oem_volume[enterprise_index_.at(v.oem)] += v.annual_volume;
  for (const auto& [key, a] : acc) {
    Need n;
    n.buyer = key.first;
    n.component = key.second;
    n.buyer_province = ProvinceOf(n.buyer);
    n.qty = std::max<std::int64_t>(1, std::llround(a.total));
    n.ice_weight = a.ice / a.total;
    n.nev_weight = a.nev / a.total;
    const ComponentType& c = d_.components[n.component];
    double base = LocalBase(c.assembly);
    if (n.buyer_province == Province::kSichuan) base -= 0.05;
    n.logit = Logit(base) + rng_.Normal(0, 0.8);
    n.u = rng_.Uniform();
    const double volume = static_cast<double>(oem_volume[n.buyer]);
    if (n.buyer == changan_) {
      n.k = 7 + static_cast<int>(rng_.Below(3));
    } else if (n.buyer == seres_) {
      n.k = 4 + static_cast<int>(rng_.Below(2));
    } else if (c.assembly == "FCH") {
      n.k = 1;
    } else {
      n.k =
          std::min(8, 1 + static_cast<int>(std::lround(volume / 60000.0)) + static_cast<int>(rng_.Below(2)));
    }
    const Province other_regional =
        n.buyer_province == Province::kChongqing ? Province::kSichuan : Province::kChongqing;
    const double abroad = AbroadShare(c.code);
    for (int s = 0; s < n.k; ++s) {
      const double r = rng_.Uniform();
      n.nonlocal.push_back(r < 0.30         ? other_regional
                           : r < 1 - abroad ? Province::kOtherChina
                                            : Province::kAbroad);
    }
    oem_needs_.push_back(std::move(n));
  }
}

// How many of a need's k suppliers are local at local value share p (a single-sourced need is all or none).
int LocalSlots(const Need& n, double p) {
  if (n.k == 1) return n.u < p ? 1 : 0;
  if (p < 0.08) return 0;
  if (p > 0.92) return n.k;
  return std::clamp(static_cast<int>(std::lround(p * n.k)), 1, n.k - 1);
}

// Finds x in [lo, hi] with f(x) = target for a non-decreasing f, by bisection.
template <class F>
double Solve(F f, double target, double lo = -12, double hi = 12) {
  for (int i = 0; i < 44; ++i) {  // interval / 2^44: below 1e-11 for the ranges used here
    const double mid = 0.5 * (lo + hi);
    (f(mid) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Stage 1: choose, per Chongqing OEM need, how many of its suppliers are local, so that the value-weighted
// local shares of ICE and NEV lines hit the targets with typical prices. logit p = logit + a·ice + b·nev.
void Generator::CalibrateStructure() {
  std::vector<Need*> cq;
  for (Need& n : oem_needs_)
    if (n.buyer_province == Province::kChongqing && n.ice_weight + n.nev_weight > 0) cq.push_back(&n);
  auto rate = [&](double a, double b, bool ice) {
    double local = 0, total = 0;
    for (const Need* n : cq) {
      const double p = Sigmoid(n->logit + a * n->ice_weight + b * n->nev_weight);
      const int l = LocalSlots(*n, p);
      const double share = l == 0 ? 0 : l == n->k ? 1 : p;
      const double w = (ice ? n->ice_weight : n->nev_weight) * static_cast<double>(n->qty) *
                       d_.components[n->component].unit_price_yuan;
      local += w * share;
      total += w;
    }
    return total > 0 ? local / total : 0;
  };
  double a = 0, b = 0;
  for (int round = 0; round < 25; ++round) {  // coordinate descent; stops once a and b settle
    const double a0 = a, b0 = b;
    a = Solve([&](double x) { return rate(x, b, true); }, kTargetLocalShareIce);
    b = Solve([&](double x) { return rate(a, x, false); }, kTargetLocalShareNev);
    if (std::abs(a - a0) < 1e-9 && std::abs(b - b0) < 1e-9) break;
  }
  calib_a_ = a;
  calib_b_ = b;
  for (Need& n : oem_needs_) {
    const bool calibrated = n.buyer_province == Province::kChongqing && n.ice_weight + n.nev_weight > 0;
    const double p = Sigmoid(n.logit + (calibrated ? a * n.ice_weight + b * n.nev_weight : 0));
    n.local = LocalSlots(n, p);
    n.p = n.local == 0 ? 0 : n.local == n.k ? 1 : p;
    // Seres keeps a non-local suspension supplier: Sichuan Jian'an, which kept its lines running.
    if (n.buyer == seres_ && d_.components[n.component].code == "CHS-SUS" && n.local == n.k) {
      n.local = n.k - 1;
      n.p = std::min(p, 0.9);
    }
  }
}

// Changan: exactly kTargetChanganSichuanSuppliers non-local slots in Sichuan. Seres: exactly
// kTargetSeresSichuanSuppliers, never for battery packs, and always with another non-local supplier beside
// them in the same need (so that their value can be fitted); Jian'an's suspension slot comes first.
void Generator::AssignSichuanQuotas() {
  for (std::uint32_t oem : {changan_, seres_}) {
    const int quota = oem == changan_ ? kTargetChanganSichuanSuppliers : kTargetSeresSichuanSuppliers;
    std::vector<std::pair<Need*, int>> candidates;  // (need, non-local slot index)
    for (Need& n : oem_needs_) {
      if (n.buyer != oem) continue;
      const int nonlocal = n.k - n.local;
      for (int s = 0; s < nonlocal; ++s) {
        if (n.nonlocal[s] == Province::kSichuan) n.nonlocal[s] = Province::kOtherChina;
        const std::string& code = d_.components[n.component].code;
        const bool allowed =
            oem == changan_ || (code == "CHS-SUS" && s == 0) || (code != "BAT-PACK" && s < nonlocal - 1);
        if (allowed) candidates.push_back({&n, s});
      }
    }
    // Deterministic shuffle, then the suspension need first so that Jian'an gets its slot.
    for (std::size_t i = candidates.size(); i > 1; --i)
      std::swap(candidates[i - 1], candidates[rng_.Below(i)]);
    std::stable_partition(candidates.begin(), candidates.end(), [&](const auto& c) {
      return d_.components[c.first->component].code == "CHS-SUS" && c.second == 0;
    });
    for (int i = 0; i < quota && i < static_cast<int>(candidates.size()); ++i)
      candidates[i].first->nonlocal[candidates[i].second] = Province::kSichuan;
  }
}

void Generator::MaterializeSlots(Need& n) {
  n.slots.clear();
  for (int s = 0; s < n.local; ++s) n.slots.push_back({n.buyer_province, kNone, rng_.Uniform(0.5, 1.5), 0});
  for (int s = 0; s < n.k - n.local; ++s)
    n.slots.push_back({n.nonlocal[s], kNone, rng_.Uniform(0.5, 1.5), 0});
}

// ---- suppliers -----------------------------------------------------------------------------------------
std::uint32_t Generator::NewSupplier(std::uint32_t component, Province cls, std::string_view place) {
  const ComponentType& c = d_.components[component];
  const Place& pl = PlaceByCode(place);
  const int n = ++name_counter_[{std::string(place), component}];
  const bool material = c.unit == "kg";
  const bool input_only = c.typical_qty_per_vehicle == 0;
  Enterprise e;
  e.id = fmt::format("S{:06}", ++supplier_seq_);
  if (IsRegional(cls)) {
    e.name = fmt::format("{} {} Co. {} (synthetic)", pl.name, c.name, n);
    e.name_zh = fmt::format("{}{}企业{}（模拟）", pl.name_zh, c.name_zh, n);
  } else {
    e.name = fmt::format("{} supplier {}, {} (synthetic)", c.name, n, pl.name);
    e.name_zh = fmt::format("{}供应商{}（{}，模拟）", c.name_zh, n, pl.name_zh);
  }
  e.role = material ? Role::kMaterial : input_only ? Role::kTier2 : Role::kTier1;
  e.place = std::string(place);
  if (auto it = park_at_place_.find(e.place); it != park_at_place_.end() && rng_.Chance(0.4))
    e.park = it->second;
  e.synthetic = true;
  const std::uint32_t idx = AddEnterprise(std::move(e));
  supplier_component_[idx] = component;
  const double class_factor = cls == Province::kAbroad ? 1.25 : IsRegional(cls) ? 0.97 : 1.0;
  supplier_price_[idx] = std::round(c.unit_price_yuan * class_factor * rng_.Uniform(0.85, 1.15) * 100) / 100;
  return idx;
}

// Raises each component's in-region budget to what one need takes at once from each province (input needs
// take at most 3 per province), then takes the excess back from the largest budgets, keeping the total.
void Generator::FitBudgets() {
  const std::size_t n = d_.components.size();
  std::vector<int> minimum(n, 6);
  for (const Need& need : oem_needs_) {
    std::array<int, kProvinces> here{};
    for (const Slot& s : need.slots) ++here[P(s.cls)];
    const int both = std::max(1, here[P(Province::kChongqing)]) + std::max(1, here[P(Province::kSichuan)]);
    minimum[need.component] = std::max(minimum[need.component], both);
  }
  int excess = 0;
  for (std::size_t c = 0; c < n; ++c) {
    excess += std::max(0, minimum[c] - maker_budget_[c]);
    maker_budget_[c] = std::max(maker_budget_[c], minimum[c]);
  }
  while (excess > 0) {
    std::size_t largest = 0;
    for (std::size_t c = 1; c < n; ++c)
      if (maker_budget_[c] - minimum[c] > maker_budget_[largest] - minimum[largest]) largest = c;
    if (maker_budget_[largest] <= minimum[largest]) break;
    --maker_budget_[largest];
    --excess;
  }
}

void Generator::CreatePools(std::uint32_t component, const std::vector<Need*>& needs) {
  if (pools_ready_[component]) return;
  pools_ready_[component] = true;
  std::array<int, kProvinces> slots{}, max_per_need{};
  for (const Need* n : needs) {
    std::array<int, kProvinces> here{};
    for (const Slot& s : n->slots) ++here[P(s.cls)];
    for (std::size_t p = 0; p < kProvinces; ++p) {
      slots[p] += here[p];
      max_per_need[p] = std::max(max_per_need[p], here[p]);
    }
  }
  // In-region makers: the budget (FitBudgets made it cover one need's distinct suppliers), split by slots.
  const int budget = maker_budget_[component];
  const std::size_t cq = P(Province::kChongqing), sc = P(Province::kSichuan);
  std::array<int, kProvinces> count{};
  const int lo = std::max(1, max_per_need[cq]);
  const int hi = std::max(lo, budget - std::max(1, max_per_need[sc]));
  count[cq] = std::clamp(
      static_cast<int>(std::lround(budget * (slots[cq] + 1.0) / (slots[cq] + slots[sc] + 2.0))), lo, hi);
  count[sc] = std::max({budget - count[cq], max_per_need[sc], 1});
  for (Province ext : {Province::kOtherChina, Province::kAbroad}) {
    const std::size_t p = P(ext);
    count[p] = slots[p] == 0 ? 0 : std::max(max_per_need[p], (slots[p] + 2) / 3);
  }
  const std::string& code = d_.components[component].code;
  for (std::size_t p = 0; p < kProvinces; ++p) {
    Pool& pool = pools_[component][p];
    for (const NamedSupplier& ns : NamedSuppliers()) {
      if (ns.component != code || PlaceByCode(ns.place).province != static_cast<Province>(p)) continue;
      Enterprise e{ns.id, ns.name, ns.name_zh, Role::kTier1, ns.place, "", {}, 0, 0, false, ""};
      if (auto it = park_at_place_.find(e.place); it != park_at_place_.end()) e.park = it->second;
      const std::uint32_t idx = AddEnterprise(std::move(e));
      enterprise_index_[ns.id] = idx;
      supplier_component_[idx] = component;
      supplier_price_[idx] = d_.components[component].unit_price_yuan;
      if (std::string_view(ns.id) == "jianan-yaan") jianan_ = idx;
      pool.members.push_back(idx);
      pool.weight.push_back(3.0);
      --count[p];
    }
    for (int i = 0; i < count[p]; ++i) {
      pool.members.push_back(
          NewSupplier(component, static_cast<Province>(p), PickPlace(static_cast<Province>(p), component)));
      pool.weight.push_back(1.0 / std::pow(1.0 + static_cast<double>(pool.weight.size()), 0.5));
    }
  }
}

void Generator::AssignSuppliers(Need& n) {
  std::vector<std::uint32_t> used;
  for (Slot& s : n.slots) {
    Pool& pool = pools_[n.component][P(s.cls)];
    if (pool.members.empty()) {  // a class nobody was expected to need: one maker there
      pool.members.push_back(NewSupplier(n.component, s.cls, PickPlace(s.cls, n.component)));
      pool.weight.push_back(1.0);
    }
    std::uint32_t chosen = kNone;
    const bool wants_jianan = jianan_ != kNone && s.cls == Province::kSichuan &&
                              (n.buyer == seres_ || n.buyer == changan_) &&
                              d_.components[n.component].code == "CHS-SUS";
    if (wants_jianan && std::find(used.begin(), used.end(), jianan_) == used.end()) chosen = jianan_;
    for (int attempt = 0; chosen == kNone && attempt < 16; ++attempt) {
      const std::uint32_t c = pool.Draw(rng_);
      if (std::find(used.begin(), used.end(), c) == used.end() && c != n.buyer) chosen = c;
    }
    for (std::size_t i = 0; chosen == kNone && i < pool.members.size(); ++i)
      if (std::find(used.begin(), used.end(), pool.members[i]) == used.end() && pool.members[i] != n.buyer)
        chosen = pool.members[i];
    if (chosen == kNone)
      throw Error(fmt::format("generator: pool of {} too small", d_.components[n.component].code));
    s.supplier = chosen;
    used.push_back(chosen);
  }
}

double Generator::GroupPrice(const Need& n, bool local) const {
  double wp = 0, w = 0;
  for (int i = 0; i < static_cast<int>(n.slots.size()); ++i) {
    if ((i < n.local) != local) continue;
    wp += n.slots[i].weight * supplier_price_[n.slots[i].supplier];
    w += n.slots[i].weight;
  }
  return w > 0 ? wp / w : 0;
}

// Splits a need's quantity so that the local group carries value share p exactly (up to whole units).
void Generator::SetVolumes(Need& n, double p) {
  const double q = static_cast<double>(n.qty);
  double q_local = n.local == 0 ? 0 : n.local == n.k ? q : 0;
  if (n.local > 0 && n.local < n.k) {
    const double pl = GroupPrice(n, true), pn = GroupPrice(n, false);
    q_local = q * p * pn / (p * pn + (1 - p) * pl);
  }
  std::int64_t given = 0;
  for (int group = 0; group < 2; ++group) {
    const bool local = group == 0;
    double w = 0;
    for (int i = 0; i < n.k; ++i)
      if ((i < n.local) == local) w += n.slots[i].weight;
    const double group_qty = local ? q_local : q - q_local;
    for (int i = 0; i < n.k; ++i) {
      if ((i < n.local) != local) continue;
      n.slots[i].volume = std::max<std::int64_t>(1, std::llround(group_qty * n.slots[i].weight / w));
      given += n.slots[i].volume;
    }
  }
  // Whole-unit remainder to the largest slot, keeping every slot at one unit or more.
  auto largest =
      std::max_element(n.slots.begin(), n.slots.end(), [](auto& a, auto& b) { return a.volume < b.volume; });
  largest->volume = std::max<std::int64_t>(1, largest->volume + n.qty - given);
}

// Stage 2: with real supplier prices, shift value between local and non-local groups of the mixed needs
// so the ICE and NEV local shares of Chongqing OEMs hit their targets exactly (by value).
void Generator::CalibrateVolumes() {
  std::vector<Need*> cq;
  for (Need& n : oem_needs_)
    if (n.buyer_province == Province::kChongqing && n.ice_weight + n.nev_weight > 0) cq.push_back(&n);
  struct Prices {
    double local, nonlocal;
  };
  std::vector<Prices> prices;
  for (const Need* n : cq) prices.push_back({GroupPrice(*n, true), GroupPrice(*n, false)});
  auto share_of = [&](const Need& n, double a, double b) {
    return std::clamp(Sigmoid(n.logit + a * n.ice_weight + b * n.nev_weight), 0.02, 0.98);
  };
  auto rate = [&](double a, double b, bool ice) {
    double local = 0, total = 0;
    for (std::size_t i = 0; i < cq.size(); ++i) {
      const Need& n = *cq[i];
      const double w = ice ? n.ice_weight : n.nev_weight;
      if (w == 0) continue;
      const double q = static_cast<double>(n.qty);
      double lv, tv;
      if (n.local == 0) {
        lv = 0, tv = q * prices[i].nonlocal;
      } else if (n.local == n.k) {
        lv = tv = q * prices[i].local;
      } else {
        const double p = share_of(n, a, b), pl = prices[i].local, pn = prices[i].nonlocal;
        tv = q * pl * pn / (p * pn + (1 - p) * pl);
        lv = p * tv;
      }
      local += w * lv;
      total += w * tv;
    }
    return total > 0 ? local / total : 0;
  };
  double a = calib_a_, b = calib_b_;
  for (int round = 0; round < 25; ++round) {
    const double a0 = a, b0 = b;
    a = Solve([&](double x) { return rate(x, b, true); }, kTargetLocalShareIce, -30, 30);
    b = Solve([&](double x) { return rate(a, x, false); }, kTargetLocalShareNev, -30, 30);
    if (std::abs(a - a0) < 1e-9 && std::abs(b - b0) < 1e-9) break;
  }
  for (Need& n : oem_needs_) {
    const bool calibrated = n.buyer_province == Province::kChongqing && n.ice_weight + n.nev_weight > 0;
    if (calibrated && n.local > 0 && n.local < n.k) n.p = share_of(n, a, b);
    SetVolumes(n, n.p);
  }
}

// Scales the weight of Seres's Sichuan suppliers within their non-local groups so that Seres buys
// kTargetSeresSichuanValueYuan from Sichuan (local shares are unaffected: p is a value share).
void Generator::FitSeresSichuanValue() {
  std::vector<Need*> seres;
  std::vector<std::vector<double>> base_weight;
  for (Need& n : oem_needs_) {
    if (n.buyer != seres_) continue;
    seres.push_back(&n);
    std::vector<double> w;
    for (const Slot& s : n.slots) w.push_back(s.weight);
    base_weight.push_back(std::move(w));
  }
  auto value_at = [&](double log_lambda) {
    const double lambda = std::exp(log_lambda);
    double value = 0;
    for (std::size_t i = 0; i < seres.size(); ++i) {
      Need& n = *seres[i];
      for (std::size_t s = 0; s < n.slots.size(); ++s)
        n.slots[s].weight = base_weight[i][s] * (n.slots[s].cls == Province::kSichuan ? lambda : 1.0);
      SetVolumes(n, n.p);
      for (const Slot& s : n.slots)
        if (s.cls == Province::kSichuan) value += static_cast<double>(s.volume) * supplier_price_[s.supplier];
    }
    return value;
  };
  const double log_lambda = Solve(value_at, kTargetSeresSichuanValueYuan, -12, 8);
  value_at(log_lambda);
}

void Generator::EmitLinks(const Need& n) {
  const Place& buyer_place = PlaceByCode(d_.enterprises[n.buyer].place);
  for (const Slot& s : n.slots) {
    const Place& sp = PlaceByCode(d_.enterprises[s.supplier].place);
    double transit = 0, inventory = 0;
    if (sp.province == Province::kAbroad) {
      transit = 28, inventory = rng_.Uniform(20, 40);
    } else if (sp.province == Province::kOtherChina || !buyer_place.lat || !sp.lat) {
      transit = 3, inventory = rng_.Uniform(7, 15);
    } else {
      const double km = GreatCircleKm(*buyer_place.lat, *buyer_place.lon, *sp.lat, *sp.lon);
      transit =
          std::round(std::max(0.5, km * 1.3 / 500.0) * 10) / 10;  // road ≈ 1.3 × great circle, 500 km/day
      inventory = sp.province == buyer_place.province ? rng_.Uniform(2, 5) : rng_.Uniform(4, 8);
    }
    d_.links.push_back({d_.enterprises[n.buyer].id, d_.enterprises[s.supplier].id,
                        d_.components[n.component].code, s.volume, supplier_price_[s.supplier],
                        std::round(inventory * 10) / 10, transit});
  }
}

// Tier-2 and material needs: every supplier with sales buys its component's inputs, processed so that a
// component's buyers are all known before its own suppliers are drawn (consumers before inputs).
void Generator::BuildInputNeeds() {
  const std::size_t nc = d_.components.size();
  std::vector<std::vector<std::pair<std::uint32_t, double>>> inputs(nc);
  std::vector<int> consumers(nc, 0);
  for (const ComponentInput& ci : d_.component_inputs) {
    inputs[component_index_.at(ci.component)].push_back(
        {component_index_.at(ci.input_component), ci.qty_per_unit});
    ++consumers[component_index_.at(ci.input_component)];
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t c = 0; c < nc; ++c)
    if (consumers[c] == 0) order.push_back(c);
  for (std::size_t i = 0; i < order.size(); ++i)
    for (const auto& [input, qty] : inputs[order[i]])
      if (--consumers[input] == 0) order.push_back(input);

  std::vector<std::int64_t> sold(d_.enterprises.size(), 0);
  for (const Need& n : oem_needs_)
    for (const Slot& s : n.slots) sold[s.supplier] += s.volume;
  for (std::uint32_t c : order) {
    sold.resize(d_.enterprises.size(), 0);
    std::vector<Need>& needs = input_needs_[c];
    if (!needs.empty()) {
      std::vector<Need*> ptrs;
      for (Need& n : needs) ptrs.push_back(&n);
      CreatePools(c, ptrs);
      for (Need& n : needs) {
        AssignSuppliers(n);
        SetVolumes(n, 0);
        sold.resize(d_.enterprises.size(), 0);
        for (const Slot& s : n.slots) sold[s.supplier] += s.volume;
      }
    }
    if (inputs[c].empty() || !pools_ready_[c]) continue;
    for (const auto& pool : pools_[c]) {
      for (std::uint32_t s : pool.members) {
        if (sold[s] == 0) continue;
        const Province prov = ProvinceOf(s);
        for (const auto& [input, qty] : inputs[c]) {
          Need n;
          n.buyer = s;
          n.component = input;
          n.buyer_province = prov;
          n.qty = std::max<std::int64_t>(1, std::llround(static_cast<double>(sold[s]) * qty));
          n.k = 1 + (rng_.Chance(0.5) ? 1 : 0) + (rng_.Chance(0.2) ? 1 : 0);
          const double abroad = AbroadShare(d_.components[input].code);
          for (int k = 0; k < n.k; ++k) {
            const double r = rng_.Uniform();
            Province cls;
            if (IsRegional(prov)) {
              const Province other = prov == Province::kChongqing ? Province::kSichuan : Province::kChongqing;
              cls = r < 0.5                ? prov
                    : r < 0.65             ? other
                    : r < 1 - abroad * 0.5 ? Province::kOtherChina
                                           : Province::kAbroad;
            } else {
              cls = r < 0.05               ? Province::kSichuan
                    : r < 1 - abroad * 0.5 ? Province::kOtherChina
                                           : Province::kAbroad;
            }
            n.slots.push_back({cls, kNone, rng_.Uniform(0.5, 1.5), 0});
          }
          // Treat every slot as one group: stable order local-first is not needed for input needs.
          n.local = 0;
          input_needs_[input].push_back(std::move(n));
        }
      }
    }
  }
  for (std::uint32_t c : order)
    for (const Need& n : input_needs_[c]) EmitLinks(n);
}

}  // namespace chainscope::generation
