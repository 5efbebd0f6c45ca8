// dataset: capabilities, dealers, logistics and research institutes, the enterprises' final fields, and
// demands and offers of the market.
#include "dataset/generator_state.h"

namespace chainscope::generation {

// ---- capabilities, dealers and the rest ----------------------------------------------------------------
void Generator::AddCapabilities() {
  std::vector<std::int64_t> sold(d_.enterprises.size(), 0);
  for (const SupplyLink& l : d_.links) sold[enterprise_index_.at(l.supplier)] += l.annual_volume;
  // Typical need per component, for the capacity of makers without customers yet.
  std::vector<std::int64_t> typical(d_.components.size(), 0);
  std::vector<std::int64_t> count(d_.components.size(), 0);
  for (const SupplyLink& l : d_.links) {
    typical[component_index_.at(l.component)] += l.annual_volume;
    ++count[component_index_.at(l.component)];
  }
  for (std::size_t c = 0; c < typical.size(); ++c) typical[c] = count[c] ? typical[c] / count[c] : 10000;
  for (std::uint32_t e = 0; e < d_.enterprises.size(); ++e) {
    const std::uint32_t c = supplier_component_[e];
    if (c == kNone) continue;
    const Province prov = ProvinceOf(e);
    const double lead = prov == Province::kAbroad       ? rng_.Uniform(35, 70)
                        : prov == Province::kOtherChina ? rng_.Uniform(10, 25)
                                                        : rng_.Uniform(3, 10);
    const std::int64_t capacity =
        sold[e] > 0 ? std::llround(static_cast<double>(sold[e]) / rng_.Uniform(0.6, 0.95))
                    : std::llround(static_cast<double>(typical[c]) * rng_.Uniform(0.3, 1.2)) + 1;
    d_.capabilities.push_back(
        {d_.enterprises[e].id, d_.components[c].code, capacity, sold[e], supplier_price_[e], std::round(lead),
         std::round(rng_.Uniform(0.80, 0.99) * 100) / 100, std::round(rng_.Uniform(3, 15))});
    if (rng_.Chance(0.2)) {  // a second product in the same assembly, all of it free capacity
      std::vector<std::uint32_t> siblings;
      for (std::uint32_t o = 0; o < d_.components.size(); ++o)
        if (o != c && d_.components[o].assembly == d_.components[c].assembly &&
            d_.components[o].assembly != "FCH")
          siblings.push_back(o);
      if (siblings.empty()) continue;
      const std::uint32_t o = siblings[rng_.Below(siblings.size())];
      d_.capabilities.push_back(
          {d_.enterprises[e].id, d_.components[o].code,
           std::llround(static_cast<double>(typical[o]) * rng_.Uniform(0.2, 0.8)) + 1, 0,
           std::round(d_.components[o].unit_price_yuan * rng_.Uniform(0.9, 1.2) * 100) / 100,
           std::round(lead + 5), std::round(rng_.Uniform(0.75, 0.95) * 100) / 100, 0});
    }
  }
}

void Generator::AddDealersLogisticsResearch() {
  std::vector<std::string_view> cq_places, sc_places;
  for (const Place& p : d_.places) {
    if (p.province == Province::kChongqing) cq_places.push_back(p.code);
    if (p.province == Province::kSichuan) sc_places.push_back(p.code);
  }
  int dealer_seq = 0;
  auto add_dealer = [&](std::string_view place) {
    const Place& pl = PlaceByCode(place);
    ++dealer_seq;
    return AddEnterprise({fmt::format("D{:05}", dealer_seq),
                          fmt::format("{} Auto Dealer {} (synthetic)", pl.name, dealer_seq),
                          fmt::format("{}汽车经销商{}（模拟）", pl.name_zh, dealer_seq),
                          Role::kDealer,
                          std::string(place),
                          "",
                          {},
                          7,
                          std::llround(rng_.Uniform(20, 200)),
                          true,
                          ""});
  };
  std::unordered_map<std::string, std::int64_t> oem_volume;
  for (const VehicleLine& v : d_.vehicle_lines) oem_volume[v.oem] += v.annual_volume;
  for (std::uint32_t e = 0, n = static_cast<std::uint32_t>(d_.enterprises.size()); e < n; ++e) {
    if (d_.enterprises[e].role != Role::kOem) continue;
    const std::string oem = d_.enterprises[e].id;
    const bool changan = e == changan_;
    const int dealers = changan ? kTargetChanganDealers : 4;
    const int sichuan = changan ? kTargetChanganSichuanDealers : -1;
    const double sold_in_region = static_cast<double>(oem_volume[oem]) * (changan ? 0.25 : 0.35);
    std::vector<double> w;
    std::vector<std::uint32_t> ids;
    for (int i = 0; i < dealers; ++i) {
      const bool in_sichuan = sichuan >= 0 ? i < sichuan : ProvinceOf(e) == Province::kSichuan;
      const auto& places = in_sichuan ? sc_places : cq_places;
      ids.push_back(add_dealer(places[rng_.Below(places.size())]));
      w.push_back(rng_.Uniform(0.5, 1.5));
    }
    const double wsum = std::accumulate(w.begin(), w.end(), 0.0);
    for (std::size_t i = 0; i < ids.size(); ++i)
      d_.distribution.push_back({d_.enterprises[ids[i]].id, oem,
                                 std::max<std::int64_t>(1, std::llround(sold_in_region * w[i] / wsum))});
  }
  // Service enterprises in the region, each at a place of Chongqing with probability `chongqing_share`:
  // synthetic names in both languages, one certification, employees uniform in [fewest, most].
  auto add_services = [&](int count, double chongqing_share, char prefix, std::string_view kind,
                          std::string_view kind_zh, Role role, std::string cert, double fewest, double most) {
    for (int i = 0; i < count; ++i) {
      const auto& places = rng_.Chance(chongqing_share) ? cq_places : sc_places;
      const Place& pl = PlaceByCode(places[rng_.Below(places.size())]);
      AddEnterprise({fmt::format("{}{:04}", prefix, i + 1),
                     fmt::format("{} {} {} (synthetic)", pl.name, kind, i + 1),
                     fmt::format("{}{}{}（模拟）", pl.name_zh, kind_zh, i + 1),
                     role,
                     pl.code,
                     "",
                     {cert},
                     14,
                     std::llround(rng_.Uniform(fewest, most)),
                     true,
                     ""});
    }
  };
  add_services(30 * opt_.scale, 0.55, 'L', "Auto Logistics", "汽车物流", Role::kLogistics, "ISO 9001", 50,
               800);
  add_services(6 * opt_.scale, 0.5, 'R', "Automotive Test Centre", "汽车检测中心", Role::kInstitute, "CNAS",
               30, 300);
}

// Certifications, time to recover and size, by role and component.
void Generator::FinishEnterprises() {
  for (std::uint32_t e = 0; e < d_.enterprises.size(); ++e) {
    Enterprise& en = d_.enterprises[e];
    const std::uint32_t c = supplier_component_[e];
    if (en.role == Role::kOem) {
      en.ttr_days = std::round(rng_.Uniform(30, 60));
      en.employees = std::llround(rng_.Uniform(3000, 30000));
      continue;
    }
    if (c == kNone) continue;
    const ComponentType& comp = d_.components[c];
    const bool regional = IsRegional(ProvinceOf(e));
    if (en.role == Role::kMaterial) {
      en.certifications = {"ISO 9001", "ISO 14001"};
    } else {
      if (rng_.Chance(regional ? 0.85 : 0.95) || !en.synthetic) en.certifications.push_back("IATF 16949");
      if (rng_.Chance(0.6)) en.certifications.push_back("ISO 14001");
      const bool safety = comp.assembly == "ADS" || comp.assembly == "VCS" || comp.code == "CHS-EPS" ||
                          comp.code == "CHS-BRK" || comp.code == "EDS-INV" || comp.code == "BAT-BMS";
      if (safety && rng_.Chance(0.7)) en.certifications.push_back("ISO 26262");
      if ((comp.assembly == "CKP" || comp.assembly == "ADS" || comp.assembly == "CNE") && rng_.Chance(0.5))
        en.certifications.push_back("ASPICE");
    }
    // Longer recovery for capital-intensive or qualified processes (cells, chips, materials).
    const double base = en.role == Role::kTier1 ? 45 : en.role == Role::kTier2 ? 70 : 90;
    const bool hard = comp.code == "BAT-CELL" || comp.code == "CNE-MCU" || comp.code == "EDS-PWR" ||
                      comp.assembly == "FCH" || comp.code == "ENG-BLK";
    en.ttr_days = std::round(base * (hard ? 1.6 : 1.0) * rng_.Uniform(0.7, 1.4));
    en.employees =
        std::llround(rng_.Uniform(en.role == Role::kTier1 ? 200 : 50, en.role == Role::kTier1 ? 5000 : 1200));
  }
}

// Open demands: the region's vehicle makers with NEV lines seeking new battery, e-drive, thermal, cockpit and
// intelligent-driving sources (new models, second sources), and the region's pack makers seeking cells.
// Offers: regional makers posting part of their free capacity. All synthetic, dated from 2027.
void Generator::AddDemandsAndOffers() {
  static const std::array<std::string_view, 9> kSought{"BAT-PACK", "EDS-MOT", "EDS-INV", "HVE-TMS", "CKP-DCU",
                                                       "ADS-DCU",  "ADS-LID", "ADS-CAM", "VCS-BBW"};
  std::unordered_map<std::string, std::int64_t> need;  // (oem|component) → units per year on its lines
  std::unordered_map<std::string, const VehicleLine*> line_by_id;
  std::unordered_map<std::string, bool> has_nev;
  for (const VehicleLine& v : d_.vehicle_lines) {
    line_by_id[v.id] = &v;
    if (v.powertrain == LinePowertrain::kNev) has_nev[v.oem] = true;
  }
  for (const BomItem& b : d_.bom) {
    const VehicleLine& v = *line_by_id.at(b.vehicle_line);
    need[v.oem + "|" + b.component] += std::llround(static_cast<double>(v.annual_volume) * b.qty_per_vehicle);
  }
  int seq = 0;
  auto add_demand = [&](const std::string& buyer, std::string_view component, std::int64_t quantity) {
    const ComponentType& c = d_.components[component_index_.at(std::string(component))];
    Demand dm;
    dm.id = fmt::format("DM{:05}", ++seq);
    dm.buyer = buyer;
    dm.component = std::string(component);
    dm.annual_quantity = std::max<std::int64_t>(1, quantity);
    dm.start_date = fmt::format("2027-{:02}-01", 1 + rng_.Below(7));
    if (rng_.Chance(0.5)) dm.max_distance_km = rng_.Chance(0.5) ? 300 : 600;
    if (rng_.Chance(0.8)) dm.required_certs.push_back("IATF 16949");
    if ((c.assembly == "ADS" || c.assembly == "VCS") && rng_.Chance(0.5))
      dm.required_certs.push_back("ISO 26262");
    dm.prefer_local = rng_.Chance(0.6);
    dm.max_share = std::round(rng_.Uniform(0.5, 1.0) * 20) / 20;
    d_.demands.push_back(std::move(dm));
  };
  // The platform is the region's: its demo demands come from buyers in Sichuan and Chongqing (makers
  // elsewhere may answer them).
  auto regional = [&](const std::string& id) { return IsRegional(ProvinceOf(enterprise_index_.at(id))); };
  for (const Enterprise& e : d_.enterprises) {
    if (e.role != Role::kOem || !has_nev[e.id] || !regional(e.id)) continue;
    for (std::string_view comp : kSought) {
      auto it = need.find(e.id + "|" + std::string(comp));
      if (it == need.end() || !rng_.Chance(0.25)) continue;
      add_demand(e.id, comp, std::llround(static_cast<double>(it->second) * rng_.Uniform(0.1, 0.4)));
    }
  }
  for (const Capability& cap : d_.capabilities) {  // pack makers seeking a second cell source
    if (cap.component != "BAT-PACK" || cap.committed == 0 || !regional(cap.supplier) || !rng_.Chance(0.3))
      continue;
    add_demand(cap.supplier, "BAT-CELL",
               std::llround(static_cast<double>(cap.committed) * 96 * rng_.Uniform(0.1, 0.3)));
  }
  int offer_seq = 0;
  for (const Capability& cap : d_.capabilities) {
    const std::int64_t free = cap.annual_capacity - cap.committed;
    const std::uint32_t e = enterprise_index_.at(cap.supplier);
    if (free <= 0 || !IsRegional(ProvinceOf(e)) || !rng_.Chance(0.08)) continue;
    d_.offers.push_back(
        {fmt::format("OF{:05}", ++offer_seq), cap.supplier, cap.component,
         std::max<std::int64_t>(1, std::llround(static_cast<double>(free) * rng_.Uniform(0.5, 1.0))),
         std::round(cap.unit_price_yuan * rng_.Uniform(0.95, 1.02) * 100) / 100,
         rng_.Chance(0.3) ? "" : "2027-12-31", true});
  }
}

}  // namespace chainscope::generation
