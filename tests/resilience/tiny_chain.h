// tests: tiny chains written in a few lines, for hand-computed resilience cases, and a repair that makes a
// random chain's undisrupted state feasible (capacity covers sales, makers buy what their sales need).
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "core/model.h"

namespace chainscope::testing {

/// One place in Chongqing; components without recipes unless given; every enterprise there.
class TinyChain {
 public:
  TinyChain() {
    d_.places = {{"500116", "Jiangjin", "江津区", Province::kChongqing, 29.283387, 106.253156, {}}};
  }
  TinyChain& Component(const std::string& code, double price = 1000) {
    d_.components.push_back(
        {code, code, code, "CHS", Direction::kTraditional, ComponentUse::kBoth, "piece", price, 1});
    return *this;
  }
  TinyChain& Recipe(const std::string& component, const std::string& input, double qty) {
    d_.component_inputs.push_back({component, input, qty});
    return *this;
  }
  TinyChain& Oem(const std::string& id) {
    d_.enterprises.push_back({id, id, id, Role::kOem, "500116", "", {}, 30, 0, true, ""});
    return *this;
  }
  TinyChain& Supplier(const std::string& id, double ttr_days = 30) {
    d_.enterprises.push_back({id, id, id, Role::kTier1, "500116", "", {}, ttr_days, 0, true, ""});
    return *this;
  }
  /// A line of `per_day` vehicles a day (annual = 365 × per_day) using one of each component listed.
  TinyChain& Line(const std::string& id, const std::string& oem, double per_day, double price,
                  std::vector<std::pair<std::string, double>> bom) {
    d_.vehicle_lines.push_back({id, oem, "500116", LinePowertrain::kIce, std::llround(per_day * 365), price});
    for (const auto& [c, q] : bom) d_.bom.push_back({id, c, q});
    return *this;
  }
  /// Capacity and committed in units a day; finished-goods stock in days of committed volume.
  TinyChain& Makes(const std::string& supplier, const std::string& component, double capacity_per_day,
                   double committed_per_day, double inventory_days = 0) {
    d_.capabilities.push_back({supplier, component, std::llround(capacity_per_day * 365),
                               std::llround(committed_per_day * 365), 100, 5, 0.9, inventory_days});
    return *this;
  }
  /// A link of `per_day` units a day; the buyer holds `inventory_days` of it.
  TinyChain& Buys(const std::string& buyer, const std::string& supplier, const std::string& component,
                  double per_day, double inventory_days = 0, double price = 100) {
    d_.links.push_back({buyer, supplier, component, std::llround(per_day * 365), price, inventory_days, 0});
    return *this;
  }
  const Dataset& data() const { return d_; }

 private:
  Dataset d_;
};

/// Raises line volumes, input purchases and capacities until the undisrupted chain is feasible:
/// vehicle makers buy what their lines need, every maker buys what its sales need, capacity ≥ sales.
inline void MakeConsistent(Dataset& d) {
  auto bought = [&](const std::string& buyer, const std::string& component) {
    double v = 0;
    for (const auto& l : d.links)
      if (l.buyer == buyer && l.component == component) v += static_cast<double>(l.annual_volume);
    return v;
  };
  // Lines: each vehicle maker's lines scaled down together to what its scarcest purchased BOM item allows.
  std::map<std::string, std::map<std::string, double>> need;  // oem → component → units per year
  for (const auto& line : d.vehicle_lines)
    for (const auto& b : d.bom)
      if (b.vehicle_line == line.id)
        need[line.oem][b.component] += b.qty_per_vehicle * static_cast<double>(line.annual_volume);
  for (const auto& [oem, components] : need) {
    double factor = 1;
    for (const auto& [component, units] : components) {
      const double have = bought(oem, component);
      if (have > 0 && units > have) factor = std::min(factor, have / units);
    }
    for (auto& line : d.vehicle_lines)
      if (line.oem == oem)
        line.annual_volume =
            static_cast<std::int64_t>(std::floor(static_cast<double>(line.annual_volume) * factor));
  }
  // Makers from the top of the recipes down: inputs bought ≥ qty × sales (components sorted by index,
  // recipes only point to larger indexes in RandomChain and in the tiny chains' declaration order).
  for (int round = 0; round < 8; ++round)  // a maker's shared inputs may need another pass
    for (const auto& comp : d.components) {
      for (const auto& cap : d.capabilities) {
        if (cap.component != comp.code) continue;
        double sold = 0;
        for (const auto& l : d.links)
          if (l.supplier == cap.supplier && l.component == cap.component)
            sold += static_cast<double>(l.annual_volume);
        for (const auto& in : d.component_inputs) {
          if (in.component != cap.component) continue;
          double need = 0;  // every component this maker sells that uses the input
          for (const auto& other : d.capabilities)
            if (other.supplier == cap.supplier)
              for (const auto& r : d.component_inputs)
                if (r.component == other.component && r.input_component == in.input_component)
                  for (const auto& l : d.links)
                    if (l.supplier == cap.supplier && l.component == other.component)
                      need += r.qty_per_unit * static_cast<double>(l.annual_volume);
          const double have = bought(cap.supplier, in.input_component);
          if (have <= 0 || have >= need) continue;
          const double scale = need / have;
          for (auto& l : d.links)
            if (l.buyer == cap.supplier && l.component == in.input_component)
              l.annual_volume =
                  static_cast<std::int64_t>(std::ceil(static_cast<double>(l.annual_volume) * scale));
        }
        (void)sold;
      }
    }
  for (auto& cap : d.capabilities) {
    std::int64_t sold = 0;
    for (const auto& l : d.links)
      if (l.supplier == cap.supplier && l.component == cap.component) sold += l.annual_volume;
    cap.committed = sold;
    cap.annual_capacity = std::max(cap.annual_capacity, sold);
  }
}

}  // namespace chainscope::testing
