// tests: small random multi-tier chains for property tests — a random acyclic recipe graph over a few
// components, vehicle makers with lines and BOMs, parts makers in random provinces, and links from buyers
// (OEMs for BOM components, makers for their recipe inputs) to makers of the component.
#pragma once

#include <random>
#include <string>

#include "core/model.h"
#include "core/places.h"

namespace chainscope::testing {

/// "C" and 3 → "C3" (written out: GCC 12 warns falsely on "literal" + std::string).
inline std::string Id(const char* prefix, int i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}

struct RandomChainOptions {
  int components = 6;
  int oems = 3;
  int makers = 12;
  int max_sources = 3;  // suppliers per (buyer, component)
};

inline Dataset RandomChain(std::uint64_t seed, const RandomChainOptions& o = {}) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Dataset d;
  d.places = {
      {"500116", "Jiangjin", "江津区", Province::kChongqing, 29.283387, 106.253156, {"C0"}},
      {"500118", "Yongchuan", "永川区", Province::kChongqing, 29.356117, 105.927376, {}},
      {"510100", "Chengdu", "成都市", Province::kSichuan, 30.659462, 104.065735, {"C1"}},
      {"511000", "Neijiang", "内江市", Province::kSichuan, 29.580229, 105.058432, {}},
      {"CN-OTHER",
       "Elsewhere in China",
       "国内其他地区",
       Province::kOtherChina,
       std::nullopt,
       std::nullopt,
       {}},
      {"ABROAD", "Abroad", "境外", Province::kAbroad, std::nullopt, std::nullopt, {}},
  };
  const char* assemblies[] = {"BAT", "EDS", "CHS", "BDY"};
  const Direction directions[] = {Direction::kNewEnergy, Direction::kNewEnergy, Direction::kTraditional,
                                  Direction::kTraditional};
  for (int c = 0; c < o.components; ++c) {
    ComponentType t;
    t.code = Id("C", c);
    t.name = "Component " + std::to_string(c);
    t.name_zh = t.code;
    const int a = uniform(0, 3);
    t.assembly = assemblies[a];
    t.direction = directions[a];
    t.powertrain = ComponentUse::kBoth;
    t.unit = "piece";
    t.unit_price_yuan = uniform(100, 5000);
    t.typical_qty_per_vehicle = c < o.components / 2 ? 1 : 0;  // the first half go into vehicles
    d.components.push_back(t);
  }
  // Recipes: a component may need components with a larger index (acyclic).
  for (int c = 0; c < o.components; ++c)
    for (int i = c + 1; i < o.components; ++i)
      if (uniform(0, 2) == 0) d.component_inputs.push_back({Id("C", c), Id("C", i), 1.0 + uniform(0, 3)});
  auto place = [&] { return d.places[static_cast<std::size_t>(uniform(0, 5))].code; };
  for (int e = 0; e < o.oems; ++e)
    d.enterprises.push_back(
        {Id("O", e), "OEM " + std::to_string(e), "整车", Role::kOem, place(), "", {}, 30, 0, true, ""});
  for (int e = 0; e < o.makers; ++e)
    d.enterprises.push_back({Id("M", e),
                             "Maker " + std::to_string(e),
                             "供应商",
                             uniform(0, 1) ? Role::kTier1 : Role::kTier2,
                             place(),
                             "",
                             {},
                             60,
                             0,
                             true,
                             ""});
  // Each maker makes 1–2 components.
  std::vector<std::vector<std::string>> makers_of(static_cast<std::size_t>(o.components));
  for (int e = 0; e < o.makers; ++e) {
    const int n = uniform(1, 2);
    for (int k = 0; k < n; ++k) {
      const int c = uniform(0, o.components - 1);
      auto& list = makers_of[static_cast<std::size_t>(c)];
      const std::string id = Id("M", e);
      if (std::find(list.begin(), list.end(), id) != list.end()) continue;
      list.push_back(id);
      d.capabilities.push_back({id, Id("C", c), uniform(1000, 20000), 0, 100.0 * uniform(1, 50), 5, 0.9, 7});
    }
  }
  auto buy = [&](const std::string& buyer, int c) {
    auto& list = makers_of[static_cast<std::size_t>(c)];
    if (list.empty()) return;
    std::vector<std::string> pool;
    for (const auto& m : list)
      if (m != buyer) pool.push_back(m);
    std::shuffle(pool.begin(), pool.end(), rng);
    const int n = std::min<int>(static_cast<int>(pool.size()), uniform(1, o.max_sources));
    for (int k = 0; k < n; ++k)
      d.links.push_back({buyer, pool[static_cast<std::size_t>(k)], Id("C", c), uniform(100, 5000),
                         100.0 * uniform(1, 50), static_cast<double>(uniform(0, 10)), 1});
  };
  for (int e = 0; e < o.oems; ++e) {
    const std::string oem = Id("O", e);
    const int lines = uniform(1, 2);
    for (int l = 0; l < lines; ++l) {
      const std::string id = oem + "-L" + std::to_string(l);
      d.vehicle_lines.push_back({id, oem, d.enterprises[static_cast<std::size_t>(e)].place,
                                 static_cast<LinePowertrain>(uniform(0, 2)), uniform(1000, 50000),
                                 1000.0 * uniform(50, 300)});
      for (int c = 0; c < o.components / 2; ++c)
        if (uniform(0, 3) > 0) d.bom.push_back({id, Id("C", c), 1});
    }
    for (int c = 0; c < o.components / 2; ++c)
      if (uniform(0, 4) > 0) buy(oem, c);
  }
  // Makers buy some of their recipe inputs (the rest count as made in-house).
  for (const Capability& cap : std::vector<Capability>(d.capabilities))
    for (const ComponentInput& in : d.component_inputs)
      if (in.component == cap.component && uniform(0, 3) > 0) {
        bool already = false;
        for (const SupplyLink& l : d.links)
          already = already || (l.buyer == cap.supplier && l.component == in.input_component);
        if (!already) buy(cap.supplier, std::stoi(in.input_component.substr(1)));
      }
  return d;
}

}  // namespace chainscope::testing
