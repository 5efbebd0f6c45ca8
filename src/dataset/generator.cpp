#include "dataset/generator.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "core/places.h"
#include "core/taxonomy.h"
#include "dataset/reference.h"
#include "dataset/rng.h"
#include "io/json_text.h"

namespace chainscope {
namespace {
using namespace dataset;

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::size_t kProvinces = 4;
std::size_t P(Province p) {
  return static_cast<std::size_t>(p);
}

double Sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
double Logit(double p) {
  return std::log(p / (1 - p));
}

// ---- generation state --------------------------------------------------------------------------------
struct Slot {
  Province cls = Province::kChongqing;
  std::uint32_t supplier = kNone;  // enterprise index
  double weight = 1;               // share within its group (local / non-local)
  std::int64_t volume = 0;
};

/// One buyer's need for one component: split over k suppliers, `local` of them in the buyer's province.
struct Need {
  std::uint32_t buyer = 0;  // enterprise index
  std::uint32_t component = 0;
  Province buyer_province = Province::kChongqing;
  std::int64_t qty = 0;
  double ice_weight = 0, nev_weight = 0;  // fractions of qty going to ICE / NEV lines (OEM needs)
  double logit = 0;                       // local propensity before calibration shifts
  double u = 0;                           // decides a single-sourced need's side
  int k = 1;
  int local = 0;
  double p = 0;                    // local share of the value (0 or 1 when one side is empty)
  std::vector<Province> nonlocal;  // classes of the non-local slots, in order, size k
  std::vector<Slot> slots;
};

struct Pool {
  std::vector<std::uint32_t> members;  // enterprise indexes
  std::vector<double> weight;          // Zipf-like popularity
  std::vector<double> cumulative;      // prefix sums of weight, rebuilt when members change

  /// A member drawn with probability proportional to its weight. O(log n) after an O(n) rebuild.
  std::uint32_t Draw(Rng& rng) {
    if (cumulative.size() != weight.size()) {
      cumulative.resize(weight.size());
      std::partial_sum(weight.begin(), weight.end(), cumulative.begin());
    }
    const double r = rng.Uniform() * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
    return members[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                                         members.size() - 1)];
  }
};

class Generator {
 public:
  explicit Generator(const GeneratorOptions& o) : opt_(o), rng_(o.seed) {
    if (o.scale < 1) throw InvalidInput(fmt::format("scale must be at least 1, got {}", o.scale));
  }
  Dataset Run();

 private:
  // setup
  void AddPlacesAndParks();
  void AddComponents();
  void AddOems();
  void AddNamedSuppliersAndInstitutes();
  // OEM needs and the local-share calibration
  void BuildOemNeeds();
  void CalibrateStructure();
  void AssignSichuanQuotas();
  void MaterializeSlots(Need& n);
  // suppliers
  void FitBudgets();
  void CreatePools(std::uint32_t component, const std::vector<Need*>& needs);
  std::uint32_t NewSupplier(std::uint32_t component, Province cls, std::string_view place);
  void AssignSuppliers(Need& n);
  void CalibrateVolumes();
  void FitSeresSichuanValue();
  void SetVolumes(Need& n, double p);
  void BuildInputNeeds();
  void EmitLinks(const Need& n);
  void AddCapabilities();
  void AddDealersLogisticsResearch();
  void AddDemandsAndOffers();
  void FinishEnterprises();
  std::string MetaJson() const;

  std::uint32_t AddEnterprise(Enterprise e) {
    d_.enterprises.push_back(std::move(e));
    supplier_component_.push_back(kNone);
    supplier_price_.push_back(0);
    const auto idx = static_cast<std::uint32_t>(d_.enterprises.size() - 1);
    enterprise_index_[d_.enterprises[idx].id] = idx;
    return idx;
  }
  const Place& PlaceByCode(std::string_view code) const {
    return d_.places[place_index_.at(std::string(code))];
  }
  Province ProvinceOf(std::uint32_t e) const { return PlaceByCode(d_.enterprises[e].place).province; }
  std::string PickPlace(Province prov, std::uint32_t component);
  double GroupPrice(const Need& n, bool local) const;

  GeneratorOptions opt_;
  Rng rng_;
  Dataset d_;
  std::unordered_map<std::string, std::size_t> place_index_;
  std::unordered_map<std::string, std::uint32_t> component_index_, enterprise_index_;
  std::vector<std::uint32_t> supplier_component_;  // per enterprise: main component, kNone if not a maker
  std::vector<double> supplier_price_;             // per enterprise: unit price of its main component
  std::vector<Need> oem_needs_;
  std::vector<std::vector<Need>> input_needs_;  // per component
  std::vector<std::array<Pool, kProvinces>> pools_;
  std::vector<bool> pools_ready_;
  std::vector<int> maker_budget_;  // in-region makers per component
  std::unordered_map<std::string, std::string> park_at_place_;
  std::unordered_map<std::size_t, std::pair<std::vector<std::string_view>, std::vector<double>>>
      place_choice_;
  std::map<std::pair<std::string, std::uint32_t>, int> name_counter_;
  std::uint32_t changan_ = kNone, seres_ = kNone, jianan_ = kNone;
  double calib_a_ = 0, calib_b_ = 0;
  int supplier_seq_ = 0;
};

// ---- places, parks, components -----------------------------------------------------------------------
void Generator::AddPlacesAndParks() {
  d_.places = BuiltinPlaces();
  for (std::size_t i = 0; i < d_.places.size(); ++i) place_index_[d_.places[i].code] = i;
  std::vector<std::string_view> park_places(WesternChongqingPilotDistricts().begin(),
                                            WesternChongqingPilotDistricts().end());
  park_places.insert(park_places.end(), SichuanPilotCities().begin(), SichuanPilotCities().end());
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
    Enterprise e{o.id, o.name, o.name_zh, Role::kOem, o.place, "", {"IATF 16949", "ISO 14001"}, 0, 0, false};
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
                 true};
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
        AddEnterprise({r.id, r.name, r.name_zh, Role::kResearch, r.place, "", {"CNAS"}, 14, 0, false});
    enterprise_index_[r.id] = idx;
  }
}

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
      Enterprise e{ns.id, ns.name, ns.name_zh, Role::kTier1, ns.place, "", {}, 0, 0, false};
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
                          true});
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
  for (int i = 0; i < 30 * opt_.scale; ++i) {
    const bool cq = rng_.Chance(0.55);
    const auto& places = cq ? cq_places : sc_places;
    const Place& pl = PlaceByCode(places[rng_.Below(places.size())]);
    AddEnterprise({fmt::format("L{:04}", i + 1),
                   fmt::format("{} Auto Logistics {} (synthetic)", pl.name, i + 1),
                   fmt::format("{}汽车物流{}（模拟）", pl.name_zh, i + 1),
                   Role::kLogistics,
                   pl.code,
                   "",
                   {"ISO 9001"},
                   14,
                   std::llround(rng_.Uniform(50, 800)),
                   true});
  }
  for (int i = 0; i < 6 * opt_.scale; ++i) {
    const bool cq = rng_.Chance(0.5);
    const auto& places = cq ? cq_places : sc_places;
    const Place& pl = PlaceByCode(places[rng_.Below(places.size())]);
    AddEnterprise({fmt::format("R{:04}", i + 1),
                   fmt::format("{} Automotive Test Centre {} (synthetic)", pl.name, i + 1),
                   fmt::format("{}汽车检测中心{}（模拟）", pl.name_zh, i + 1),
                   Role::kResearch,
                   pl.code,
                   "",
                   {"CNAS"},
                   14,
                   std::llround(rng_.Uniform(30, 300)),
                   true});
  }
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
  figure("demonstration parks", "20 in 20 cities/districts", "article 2022",
         "parks at the 16 pilot places plus Liangjiang, Changshou, Fuling, Mianyang; names descriptive, not "
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
           "The 8 Sichuan pilot cities are assumed to be Zigong, Luzhou, Deyang, Suining, Neijiang, Leshan, "
           "Yibin, Ziyang; replace with the official list when known.",
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

}  // namespace

Dataset GenerateDataset(const GeneratorOptions& options) {
  return Generator(options).Run();
}

}  // namespace chainscope
