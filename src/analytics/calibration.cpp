#include "analytics/calibration.h"

#include <unordered_map>
#include <unordered_set>

#include "core/taxonomy.h"

namespace chainscope {

std::vector<std::array<double, 3>> LinkPowertrainShares(const Network& net) {
  const std::size_t nc = net.component_count();
  std::vector<std::array<double, 3>> shares(net.link_count(), {0, 0, 0});
  std::vector<std::array<double, 3>> need(nc);  // scratch per OEM: requirement by component and powertrain
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e) {
    const EnterpriseId oem(e);
    const auto lines = net.lines_of(oem);
    if (lines.empty()) continue;
    for (std::uint32_t l : lines)
      for (const NetBomItem& b : net.bom(LineId(l)))
        need[b.component.value][static_cast<std::size_t>(net.line(LineId(l)).powertrain)] +=
            static_cast<double>(net.line(LineId(l)).annual_volume) * b.qty_per_vehicle;
    for (std::uint32_t li : net.links_by_buyer(oem)) {
      const auto& n = need[net.link(li).component.value];
      const double total = n[0] + n[1] + n[2];
      if (total > 0) shares[li] = {n[0] / total, n[1] / total, n[2] / total};
    }
    for (std::uint32_t l : lines)
      for (const NetBomItem& b : net.bom(LineId(l))) need[b.component.value] = {0, 0, 0};
  }
  return shares;
}

std::vector<CalibrationFigure> MeasureCalibration(const Network& net) {
  const Dataset& d = net.data();
  double oems = 0, regional_makers = 0, output = 0;
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e) {
    const Enterprise& en = net.enterprise(EnterpriseId(e));
    if (en.role == Role::kOem) ++oems;
    if (IsPartsMaker(en.role) && IsRegional(net.province_of(EnterpriseId(e)))) ++regional_makers;
  }
  for (std::uint32_t l = 0; l < net.line_count(); ++l)
    if (IsRegional(net.place(net.line_place(LineId(l))).province))
      output += static_cast<double>(net.line(LineId(l)).annual_volume);

  // Local sourcing of Chongqing OEMs by value, split over powertrains by BOM requirement.
  const auto shares = LinkPowertrainShares(net);
  std::array<double, 3> local{}, total{};
  for (std::uint32_t i = 0; i < net.link_count(); ++i) {
    const NetLink& l = net.link(i);
    if (net.enterprise(l.buyer).role != Role::kOem || net.province_of(l.buyer) != Province::kChongqing)
      continue;
    const bool is_local = net.province_of(l.supplier) == Province::kChongqing;
    for (std::size_t p = 0; p < 3; ++p) {
      total[p] += l.value_yuan() * shares[i][p];
      if (is_local) local[p] += l.value_yuan() * shares[i][p];
    }
  }
  auto suppliers_of = [&](std::string_view id, Province province, double* value) {
    std::unordered_set<std::uint32_t> distinct;
    const EnterpriseId e = net.FindEnterprise(id);
    if (!e.valid()) return 0.0;
    for (std::uint32_t li : net.links_by_buyer(e)) {
      const NetLink& l = net.link(li);
      if (province != Province::kAbroad && net.province_of(l.supplier) != province) continue;
      distinct.insert(l.supplier.value);
      if (value) *value += l.value_yuan();
    }
    return static_cast<double>(distinct.size());
  };
  double seres_value = 0;
  const double changan_all = suppliers_of("changan", Province::kAbroad, nullptr);  // kAbroad = no filter
  const double changan_sichuan = suppliers_of("changan", Province::kSichuan, nullptr);
  const double seres_sichuan = suppliers_of("seres", Province::kSichuan, &seres_value);
  double changan_dealers = 0, changan_sichuan_dealers = 0;
  for (const Distribution& x : d.distribution) {
    if (x.oem != "changan") continue;
    ++changan_dealers;
    const EnterpriseId dealer = net.FindEnterprise(x.dealer);
    if (dealer.valid() && net.province_of(dealer) == Province::kSichuan) ++changan_sichuan_dealers;
  }
  std::unordered_set<std::string_view> park_places;
  for (const Park& p : d.parks) park_places.insert(p.place);
  std::unordered_set<std::string_view> assemblies;
  for (const ComponentType& c : d.components) assemblies.insert(c.assembly);

  // Sources and targets as published, in English and Chinese.
  const std::pair<const char*, const char*> kSeed{"seed article, NPC deputies 2021",
                                                  "种子文章，全国人大代表 2021"};
  const std::pair<const char*, const char*> kBase{"western Chongqing parts base, 2023",
                                                  "渝西零部件基地报道，2023"};
  const std::pair<const char*, const char*> kChangan{"articles 2020, 2022", "2020、2022 年报道"};
  const std::pair<const char*, const char*> kOutput{"articles 2020, 2024", "2020、2024 年报道"};
  const std::pair<const char*, const char*> kParks{"article 2022", "2022 年报道"};
  using Text = std::pair<const char*, const char*>;
  auto f = [](const char* key, const char* figure, double value, const char* unit, Text target, double min,
              double max, Text source) {
    return CalibrationFigure{key, figure, value,        unit,          target.first,
                             min, max,    source.first, target.second, source.second};
  };
  return {
      f("vehicle_makers", "Vehicle makers", oems, "count", {"45", "45"}, 45, 45, kSeed),
      f("parts_makers_regional", "Parts makers in Sichuan + Chongqing", regional_makers, "count",
        {"~1,600", "约 1,600"}, 1500, 1700, kSeed),
      f("regional_output", "Regional output", output, "vehicles/yr",
        {"3.0–3.3 M (3.29 M in 2023)", "300–330 万辆（2023 年 329 万辆）"}, 3.0e6, 3.3e6, kOutput),
      f("assemblies", "Assemblies", static_cast<double>(assemblies.size()), "count", {"12", "12"}, 12, 12,
        kBase),
      f("component_types", "Component types", static_cast<double>(d.components.size()), "count", {"56", "56"},
        56, 56, kBase),
      f("local_share_ice_chongqing", "Local sourcing of Chongqing OEMs, ICE lines (by value)",
        total[0] > 0 ? local[0] / total[0] : 0, "fraction", {"~70%", "约 70%"}, 0.67, 0.73, kBase),
      f("local_share_nev_chongqing", "Local sourcing of Chongqing OEMs, NEV lines (by value)",
        total[1] > 0 ? local[1] / total[1] : 0, "fraction", {"~30%", "约 30%"}, 0.27, 0.33, kBase),
      f("changan_suppliers", "Changan suppliers", changan_all, "count", {"≥270", "≥270"}, 270, 1e9, kChangan),
      f("changan_sichuan_suppliers", "Changan suppliers in Sichuan", changan_sichuan, "count",
        {"dozens", "数十家"}, 30, 60, kChangan),
      f("changan_dealers", "Changan distributors", changan_dealers, "count", {"99", "99"}, 99, 99, kChangan),
      f("changan_sichuan_dealers", "Changan distributors in Sichuan", changan_sichuan_dealers, "count",
        {"62", "62"}, 62, 62, kChangan),
      f("seres_sichuan_suppliers", "Seres (Sokon) suppliers in Sichuan", seres_sichuan, "count", {"37", "37"},
        37, 37, kChangan),
      f("seres_sichuan_value", "Seres (Sokon) purchases from Sichuan", seres_value, "yuan/yr",
        {"1.0–1.3 bn", "10–13 亿元"}, 1.0e9, 1.3e9, kChangan),
      f("parks", "Demonstration parks", static_cast<double>(d.parks.size()), "count", {"20", "20"}, 20, 20,
        kParks),
      f("park_places", "Places with a demonstration park", static_cast<double>(park_places.size()), "count",
        {"20", "20"}, 20, 20, kParks),
  };
}

}  // namespace chainscope
