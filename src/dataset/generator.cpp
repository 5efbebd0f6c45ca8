// dataset: the generator's setup stages (places, parks, components, vehicle makers and their lines), its
// metadata and the run of every stage in order.
#include "dataset/generator_state.h"

namespace chainscope::generation {

// ---- places, parks, components -----------------------------------------------------------------------
void Generator::AddPlacesAndParks() {
  d_.places = BuiltinPlaces();
  for (std::size_t i = 0; i < d_.places.size(); ++i) place_index_[d_.places[i].code] = i;
  // The 20 demonstration parks (a list of its own, not the investment-promotion pilot's): the 8 western
  // Chongqing districts, 8 Sichuan corridor cities, Liangjiang, Changshou, Fuling and Mianyang.
  std::vector<std::string_view> park_places(WesternChongqingPilotDistricts().begin(),
                                            WesternChongqingPilotDistricts().end());
  for (auto city : {"510300", "510500", "510600", "510900", "511000", "511100", "511500", "512000"})
    park_places.push_back(city);
  for (auto extra : {"LIANGJIANG", "500115", "500102", "510700"}) park_places.push_back(extra);
  for (std::size_t i = 0; i < park_places.size(); ++i) {
    const Place& pl = PlaceByCode(park_places[i]);
    Park park{fmt::format("PK{:02}", i + 1),
              fmt::format("{} Sichuan–Chongqing automotive cooperation park", pl.name), std::string(pl.code)};
    park_at_place_[pl.code] = park.id;
    d_.parks.push_back(std::move(park));
  }
}

void Generator::AddComponents() {
  d_.components = BuiltinComponents();
  d_.component_inputs = BuiltinComponentInputs();
  for (std::uint32_t c = 0; c < d_.components.size(); ++c) component_index_[d_.components[c].code] = c;
  const std::size_t n = d_.components.size();
  pools_.resize(n);
  pools_ready_.assign(n, false);
  input_needs_.resize(n);
  // Largest-remainder split of the in-region makers over the components.
  const double total = kTargetPartsMakers * static_cast<double>(opt_.scale);
  double weight_sum = 0;
  for (const auto& c : d_.components) weight_sum += MakerWeight(c.code);
  maker_budget_.resize(n);
  std::vector<std::pair<double, std::size_t>> remainders;
  int assigned = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const double exact = total * MakerWeight(d_.components[c].code) / weight_sum;
    maker_budget_[c] = static_cast<int>(exact);
    assigned += maker_budget_[c];
    remainders.push_back({exact - maker_budget_[c], c});
  }
  std::sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; assigned < static_cast<int>(total); ++i, ++assigned)
    ++maker_budget_[remainders[i].second];
}

std::string Generator::PickPlace(Province prov, std::uint32_t component) {
  if (prov == Province::kOtherChina) return std::string(kPlaceOtherChina);
  if (prov == Province::kAbroad) return std::string(kPlaceAbroad);
  const ComponentType& c = d_.components[component];
  if (c.assembly == "FCH") {  // hydrogen makers sit at the supply bases
    std::vector<std::string_view> bases;
    for (auto b : HydrogenBases())
      if (PlaceByCode(b).province == prov) bases.push_back(b);
    return std::string(bases[rng_.Below(bases.size())]);
  }
  // Place weights per (province, component), built once: focus components are 6× likelier in their districts.
  auto& cached = place_choice_[component * kProvinces + P(prov)];
  if (cached.first.empty()) {
    static const std::map<std::string_view, double> weights = {
        {"LIANGJIANG", 18}, {"500106", 5}, {"500107", 5}, {"500108", 2},  {"500109", 3},  {"500113", 4},
        {"500104", 2},      {"500116", 6}, {"500117", 5}, {"500118", 6},  {"500111", 5},  {"500120", 6},
        {"500151", 5},      {"500152", 4}, {"500153", 5}, {"500115", 4},  {"500102", 4},  {"500110", 2},
        {"500119", 1},      {"500228", 1}, {"500101", 1}, {"500154", 1},  {"510100", 40}, {"510600", 6},
        {"510700", 7},      {"510300", 4}, {"510500", 4}, {"510900", 5},  {"511000", 4},  {"511500", 6},
        {"511600", 3},      {"511700", 2}, {"512000", 5}, {"511800", 3},  {"510400", 1},  {"511100", 3},
        {"511400", 3},      {"511300", 3}, {"510800", 1}, {"513400", 0.5}};
    for (const auto& [code, weight] : weights) {
      if (PlaceByCode(code).province != prov) continue;
      double boost = 1;
      for (const auto& f : BuiltinPlaceFocus())
        if (f.place == code &&
            std::find(f.components.begin(), f.components.end(), c.code) != f.components.end())
          boost = 6;
      cached.first.push_back(code);
      cached.second.push_back(weight * boost);
    }
  }
  return std::string(cached.first[rng_.Pick(cached.second)]);
}

// ---- OEMs and their lines ----------------------------------------------------------------------------
void Generator::AddOems() {
  std::unordered_map<std::uint32_t, int> lines_of_oem;
  auto add_line = [&](std::uint32_t oem, BomKind kind, std::string_view place, std::int64_t volume,
                      double price) {
    const Enterprise& e = d_.enterprises[oem];
    VehicleLine line{fmt::format("{}-L{}", e.id, ++lines_of_oem[oem]),
                     e.id,
                     std::string(place),
                     PowertrainOf(kind),
                     volume,
                     price};
    for (const BomEntry& b : BomTemplate(kind))
      if (b.probability >= 1 || rng_.Chance(b.probability)) d_.bom.push_back({line.id, b.component, b.qty});
    d_.vehicle_lines.push_back(std::move(line));
  };
  std::int64_t named_volume = 0;
  for (const NamedOem& o : NamedOems()) {
    Enterprise e{o.id, o.name, o.name_zh, Role::kOem, o.place, "", {"IATF 16949", "ISO 14001"},
                 0,    0,      false,     ""};
    const std::uint32_t idx = AddEnterprise(std::move(e));
    enterprise_index_[o.id] = idx;
    for (const NamedLine& l : o.lines) {
      add_line(idx, l.kind, l.place, l.volume, l.price_yuan);
      named_volume += l.volume;
    }
  }
  changan_ = enterprise_index_.at("changan");
  seres_ = enterprise_index_.at("seres");

  // Synthetic vehicle makers fill the regional output to the target.
  const int synthetic = kTargetVehicleMakers * opt_.scale - static_cast<int>(NamedOems().size());
  const std::int64_t remaining = kTargetRegionalOutput * opt_.scale - named_volume;
  static const std::array<std::string_view, 10> cq_places{
      "LIANGJIANG", "500106", "500107", "500113", "500109", "500102", "500118", "500117", "500116", "500115"};
  static const std::array<std::string_view, 8> sc_places{"510100", "512000", "510700", "511500",
                                                         "510900", "511300", "510600", "511100"};
  struct PlannedLine {
    std::uint32_t oem;
    BomKind kind;
    std::string place;
    double weight;
  };
  std::vector<PlannedLine> planned;
  for (int i = 0; i < synthetic; ++i) {
    const bool cq = rng_.Chance(0.55);
    const std::string place(cq ? cq_places[rng_.Below(cq_places.size())]
                               : sc_places[rng_.Below(sc_places.size())]);
    const Place& pl = PlaceByCode(place);
    Enterprise e{fmt::format("V{:04}", i + 1),
                 fmt::format("{} Vehicle Maker {} (synthetic)", pl.name, i + 1),
                 fmt::format("{}整车企业{}（模拟）", pl.name_zh, i + 1),
                 Role::kOem,
                 place,
                 "",
                 {"IATF 16949"},
                 0,
                 0,
                 true,
                 ""};
    const std::uint32_t idx = AddEnterprise(std::move(e));
    const double weight = rng_.Uniform(0.3, 1.7);
    const double r = rng_.Uniform();
    const BomKind first = r < 0.40   ? BomKind::kIcePassenger
                          : r < 0.85 ? BomKind::kNevPassenger
                                     : BomKind::kDieselTruck;
    planned.push_back({idx, first, place, weight});
    if (first != BomKind::kDieselTruck && rng_.Chance(0.3)) {
      const BomKind second =
          first == BomKind::kIcePassenger ? BomKind::kNevPassenger : BomKind::kIcePassenger;
      planned.push_back({idx, second, place, weight * rng_.Uniform(0.2, 0.6)});
    }
  }
  double weight_sum = 0;
  for (const auto& pl : planned) weight_sum += pl.weight;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    const auto& pl = planned[i];
    std::int64_t volume = i + 1 == planned.size()
                              ? remaining - given
                              : std::llround(static_cast<double>(remaining) * pl.weight / weight_sum);
    given += volume;
    const double price = pl.kind == BomKind::kIcePassenger   ? rng_.Uniform(70000, 160000)
                         : pl.kind == BomKind::kNevPassenger ? rng_.Uniform(100000, 260000)
                                                             : rng_.Uniform(250000, 450000);
    add_line(pl.oem, pl.kind, pl.place, volume, std::round(price / 1000) * 1000);
  }
}

void Generator::AddNamedSuppliersAndInstitutes() {
  for (const NamedInstitute& r : NamedInstitutes()) {
    const std::uint32_t idx =
        AddEnterprise({r.id, r.name, r.name_zh, Role::kInstitute, r.place, "", {"CNAS"}, 14, 0, false, ""});
    enterprise_index_[r.id] = idx;
  }
}

std::string Generator::MetaJson() const {
  namespace json = boost::json;
  json::array figures;
  auto figure = [&](std::string_view name, std::string_view target, std::string_view source,
                    std::string_view how) {
    figures.push_back(json::object{{"figure", name}, {"target", target}, {"source", source}, {"how", how}});
  };
  figure("vehicle makers", "45", "seed article, NPC deputies 2021",
         "45 × scale OEM enterprises; 12 named, the rest synthetic");
  figure("parts makers", "~1,600", "seed article, NPC deputies 2021",
         "exactly 1,600 × scale tier-1/tier-2/material makers in Sichuan + Chongqing (synthetic)");
  figure("regional output", "3.0–3.3 M vehicles/yr", "articles 2020, 2024 (3.29 M in 2023)",
         "vehicle lines sum to 3.2 M × scale; named plants' volumes are synthetic round figures");
  figure("assemblies / component types", "12 / 56", "western Chongqing parts base, 2023",
         "built-in taxonomy");
  figure("local sourcing of Chongqing OEMs by value", "~70% ICE, ~30% NEV",
         "western Chongqing parts base, 2023",
         "calibrated: link values split over the buyer's lines by BOM requirement");
  figure("Changan suppliers", "≥270, dozens in Sichuan", "articles 2020, 2022",
         "7–9 suppliers per component; 45 in Sichuan");
  figure("Changan distributors", "99, 62 in Sichuan", "articles 2020, 2022", "distribution.csv");
  figure("Seres (Sokon) Sichuan suppliers", "37, 1.0–1.3 bn yuan/yr", "articles 2020, 2022",
         "exactly 37 Sichuan suppliers; volumes fitted to 1.15 bn yuan/yr");
  figure(
      "demonstration parks", "20 in 20 cities/districts", "article 2022",
      "parks at the 8 western districts, Zigong, Luzhou, Deyang, Suining, Neijiang, Leshan, Yibin, Ziyang, "
      "Liangjiang, Changshou, Fuling, Mianyang; names descriptive, not "
      "official");
  figure("district focus",
         "Jiangjin: e-drives, e-steering, smart cockpits; Yongchuan: smart cockpits, intelligent "
         "driving, car control",
         "article 2023", "makers of focus components are 6× likelier to sit there");
  figure(
      "open demands and offers", "realistic choices for the matchmaking demo", "synthetic",
      "NEV makers seeking battery, e-drive, thermal, cockpit and driving sources; pack makers seeking cells; "
      "regional makers offering part of their free capacity");
  figure("hydrogen supply bases", "Tongnan, Changshou, Liangshan, Panzhihua", "article 2022",
         "in-region fuel-cell makers sit only there");
  json::object meta{
      {"name", "Chengdu–Chongqing automotive industry chain (calibrated, synthetic)"},
      {"version", "1.0.0"},
      {"generator",
       json::object{{"program", "chainscope generate"}, {"seed", opt_.seed}, {"scale", opt_.scale}}},
      {"synthetic",
       "Every supplier, link, volume, price, capacity, dealer and the synthetic vehicle makers are "
       "generated. Real: "
       "places and coordinates, the names and plant locations of the named OEMs, CATL Yibin, FinDreams "
       "Bishan, "
       "Sichuan Jian'an Industry (Ya'an) and the four research institutions; their links and volumes are "
       "synthetic."},
      {"places_source",
       "seats of government from echarts@4.9.0 map files (data/reference/places_cp.csv in the chainscope "
       "repository), GCJ-02"},
      {"assumptions",
       json::array{
           "Jiangbei and Yubei are merged into Liangjiang New Area (2026); plants there are in Liangjiang.",
           "The 8 Sichuan cities of the joint investment-promotion pilot are Zigong, Luzhou, Suining, "
           "Neijiang, Yibin, Guang'an, Dazhou and Ziyang.",
           "A year has 365 days when annual figures become daily ones."}},
      {"figures", figures},
  };
  return JsonText(meta, {.money_to_fen = false});
}

Dataset Generator::Run() {
  AddPlacesAndParks();
  AddComponents();
  AddOems();
  AddNamedSuppliersAndInstitutes();
  BuildOemNeeds();
  CalibrateStructure();
  AssignSichuanQuotas();
  for (Need& n : oem_needs_) MaterializeSlots(n);
  FitBudgets();
  std::vector<std::vector<Need*>> by_component(d_.components.size());
  for (Need& n : oem_needs_) by_component[n.component].push_back(&n);
  for (std::uint32_t c = 0; c < d_.components.size(); ++c)
    if (!by_component[c].empty()) CreatePools(c, by_component[c]);
  for (Need& n : oem_needs_) AssignSuppliers(n);
  CalibrateVolumes();
  FitSeresSichuanValue();
  for (const Need& n : oem_needs_) EmitLinks(n);
  BuildInputNeeds();
  // In-region budget of components nobody buys yet still exists as makers with free capacity.
  for (std::uint32_t c = 0; c < d_.components.size(); ++c) CreatePools(c, {});
  AddCapabilities();
  AddDealersLogisticsResearch();
  FinishEnterprises();
  AddDemandsAndOffers();
  d_.meta_json = MetaJson();
  return std::move(d_);
}

}  // namespace chainscope::generation

namespace chainscope {

Dataset GenerateDataset(const GeneratorOptions& options) {
  return generation::Generator(options).Run();
}

}  // namespace chainscope
