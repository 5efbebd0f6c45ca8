// dataset: the generator's state and stages, shared by its files (generator*.cpp) — setup (places,
// components, vehicle makers), the supply structure with its local-share calibration (needs, suppliers,
// volumes, links), and the rest (capabilities, dealers, demands and offers). Inside the dataset module only.
#pragma once

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

#include "dataset/generator.h"

namespace chainscope::generation {
using namespace dataset;

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::size_t kProvinces = 4;
inline std::size_t P(Province p) {
  return static_cast<std::size_t>(p);
}

inline double Sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
inline double Logit(double p) {
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

}  // namespace chainscope::generation
