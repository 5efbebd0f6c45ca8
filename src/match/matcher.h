// match: one demand → ranked, explained candidates (DESIGN §4). Every supplier with a supply option for the
// component is checked against the demand's filters (not the buyer itself, free capacity, certifications,
// distance, offer validity); the eligible ones get a score whose parts are reported:
//   score = Σ w_k · part_k  (fit, capacity, price, distance, quality, local)
//         − w_concentration · concentration − w_correlated · correlated
// every part in [0, 1]; the local weight doubles when the demand prefers local suppliers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/network.h"
#include "match/supply_book.h"

namespace chainscope {

/// What a buyer asks for: a stored demand or an inline one.
struct DemandSpec {
  std::string id;  // empty for an inline demand
  EnterpriseId buyer;
  ComponentId component;
  std::int64_t quantity = 0;  // units per year, > 0
  std::string start_date;     // YYYY-MM-DD or empty
  std::optional<double> max_distance_km;
  std::vector<std::string> required_certs;
  bool prefer_local = false;
  double max_share = 1.0;  // (0, 1]
};
/// Resolves a stored demand's ids; throws InvalidInput for unknown ones.
DemandSpec DemandSpecOf(const Network& net, const Demand& d);

/// Score weights (documented defaults). All must be finite and ≥ 0.
/// The largest weight a request may give (weights are relative: only their ratios matter).
inline constexpr double kMaxMatchWeight = 1000;

struct MatchWeights {
  double fit = 0.15;            // proven maker of the component (0.6) and IATF 16949 (0.4)
  double capacity = 0.15;       // free capacity ÷ quantity, capped at 1
  double price = 0.25;          // cheapest eligible landed cost ÷ this landed cost
  double distance = 0.10;       // 1 − km ÷ 1,000, floored at 0
  double quality = 0.15;        // the capability's quality score
  double local = 0.10;          // 1 same province, 0.5 elsewhere in Sichuan + Chongqing, 0 beyond
  double concentration = 0.10;  // penalty: the buyer's present share of this component from this supplier
  double correlated = 0.05;     // penalty: its present share from other suppliers in the same district
  /// Sets one weight by name; throws InvalidInput naming the weight or the bad value.
  void Set(std::string_view name, double value);
};

struct ScorePart {
  std::string name;
  double value = 0;         // the part, 0–1
  double weight = 0;        // the weight applied (doubled local weight included)
  double contribution = 0;  // ± weight × value
};

struct Candidate {
  EnterpriseId supplier;
  double score = 0;
  std::vector<ScorePart> parts;
  Distance distance;
  std::int64_t free_units = 0;
  double unit_price_yuan = 0;
  double logistics_yuan_per_unit = 0;
  double landed_cost_yuan = 0;  // per unit
  bool local = false;           // same province as the buyer
  bool regional = false;        // in Sichuan + Chongqing
  const SupplyOption* option = nullptr;
};

struct MatchResult {
  std::vector<Candidate> candidates;  // best first, at most k
  std::size_t makers = 0;             // suppliers with a supply option for the component
  std::size_t eligible = 0;
};

/// Why one supplier is or is not a candidate for a demand.
struct Explanation {
  std::vector<Message> exclusions;     // empty when eligible
  std::optional<Candidate> candidate;  // when eligible
  std::size_t rank = 0;                // 1-based among the eligible, when eligible
};

class Matcher {
 public:
  Matcher(const Network& net, const SupplyBook& book) : net_(net), book_(book) {}
  /// Top-k eligible suppliers, best first (ties by supplier id). O(m log m), m = makers of the component.
  MatchResult TopK(const DemandSpec& demand, std::size_t k, const MatchWeights& weights = {}) const;
  Explanation Explain(const DemandSpec& demand, EnterpriseId supplier,
                      const MatchWeights& weights = {}) const;
  /// Every reason `option` is not eligible for `demand` (empty = eligible). O(certs).
  std::vector<Message> Exclusions(const DemandSpec& demand, const SupplyOption& option) const;
  /// The same test without the reasons, for the hot loops of ranking and allocation; builds no text.
  bool Eligible(const DemandSpec& demand, const SupplyOption& option) const;

 private:
  bool Check(const DemandSpec& demand, const SupplyOption& option, std::vector<Message>* why) const;
  std::vector<Candidate> ScoreAll(const DemandSpec& demand, const MatchWeights& weights,
                                  std::size_t* makers) const;
  const Network& net_;
  const SupplyBook& book_;
};

}  // namespace chainscope
