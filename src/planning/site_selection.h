// planning: where a supplier should build a new or satellite plant — a capacitated facility-location model
// solved exactly as a mixed-integer program (COIN-OR CBC), and a suitability ranking of every candidate with
// the sensitivity of its first place to the weights.
//
// Candidates: the places of Sichuan and Chongqing with coordinates and the demonstration parks (a park sits
// at its place's seat of government and has its place's incentives), or a given list. Customers: the buyers
// of the component other than the enterprise itself — their purchases from suppliers farther than the
// radius (without a radius: outside the buyer's province), at most `max_share` of each buyer's volume of
// the component, plus their open demands for it. Buyers without coordinates are left out.
//
// The model (all money in yuan per year):
//   minimise  Σ_j F_j·y_j + Σ_{g,j} t·d_gj·x_gj + P·Σ_g u_g
//   subject to Σ_j x_gj + u_g = D_g          (customer place g: its volume is served or left unserved)
//              Σ_g x_gj ≤ Q·y_j             (a new site's capacity Q; the existing plant: its spare capacity)
//              x_gj ≤ D_g·y_j               (only open sites serve; a strong formulation)
//              Σ_j y_j ≤ K,  y binary, x, u ≥ 0;  x_gj exists only where d_gj ≤ radius
// Customers of one place are one row g (their distances are equal, so this is exact); the solution is
// split back over them, largest volume first. F_j = (investment − incentives) ÷ amortisation years, where
// investment = Q × investment per unit of annual capacity, of which `land_share` is land:
//   incentives = land_share·investment·land_discount + the best of the place's subsidies, min(cap, rate ·
//   investment) for an investment at or above its threshold (the place's policies' terms).
// t = transport yuan per unit-km, d = great-circle km between seats of government (0 within one place),
// P = the penalty per unit left unserved (the margin lost). Defaults derive from the component's unit price.
// The existing plant (the enterprise's place, when it makes the component and keep_existing) is open at no
// fixed cost with its spare capacity and does not count against K.
#pragma once

#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/network.h"
#include "solver/mip.h"

namespace chainscope {

/// A place's incentives that lower a plant's fixed cost (from the policy library's terms).
struct IncentiveTerms {
  double land_discount = 0;  // fraction of the land cost waived, [0, 1] (the largest of the place's)
  struct Subsidy {
    double rate = 0;                 // fraction of the investment refunded, [0, 1]
    double cap_yuan = kLpInfinity;   // at most this per project
    double min_investment_yuan = 0;  // only for investments of at least this
  };
  std::vector<Subsidy> subsidies;     // the one worth most for the plant's investment applies
  std::vector<std::string> policies;  // ids of the policies these come from
};

/// The six parts of a candidate's suitability, each in [0, 1].
inline constexpr std::array<std::string_view, 6> kSuitabilityParts{"buyers",  "demands",    "focus",
                                                                   "cluster", "incentives", "logistics"};
inline constexpr std::size_t kSuitabilityPartCount = kSuitabilityParts.size();
/// Weights of the parts, summing to 1.
using SuitabilityWeights = std::array<double, kSuitabilityPartCount>;
inline constexpr SuitabilityWeights kDefaultSuitabilityWeights{0.30, 0.15, 0.15, 0.15, 0.10, 0.15};

struct SiteQuery {
  EnterpriseId enterprise;
  ComponentId component;
  std::int64_t capacity_units = 0;      // of each new plant, units per year (≥ 1)
  int max_sites = 1;                    // K ≥ 0
  std::optional<double> radius_km;      // delivery radius (and what counts as far); none: any distance
  std::vector<std::string> candidates;  // place codes or park ids; empty: every regional place and park
  bool keep_existing = true;
  double max_share = 0.5;  // of a buyer's volume of the component taken from its far suppliers, (0, 1]
  // The cost model; unset: from the component's unit price p (see SiteCostModel).
  std::optional<double> investment_yuan_per_unit;              // default 0.8·p
  double land_share = 0.2;                                     // of the investment, [0, 1]
  double amortisation_years = 10;                              // > 0
  std::optional<double> transport_yuan_per_unit_km;            // default max(0.0001, 0.00005·p)
  std::optional<double> unmet_penalty_yuan_per_unit;           // default 0.15·p
  std::unordered_map<std::string, IncentiveTerms> incentives;  // by place code
  std::vector<Demand> demands;  // the market's demands (closed ones and other components are skipped)
  SuitabilityWeights weights = kDefaultSuitabilityWeights;
  MipOptions solver;  // time limit, gap, stop flag
};

/// The cost model as applied, so that anyone can recompute the answer.
struct SiteCostModel {
  double unit_price_yuan = 0;  // the component's reference price
  std::int64_t capacity_units = 0;
  int max_sites = 0;
  std::optional<double> radius_km;
  double max_share = 0;
  double investment_yuan = 0;  // per new plant: capacity × investment per unit
  double investment_yuan_per_unit = 0;
  double land_share = 0, amortisation_years = 0;
  double base_fixed_cost_yuan = 0;  // per year, before incentives: investment ÷ amortisation years
  double transport_yuan_per_unit_km = 0;
  double unmet_penalty_yuan_per_unit = 0;
};

enum class SiteKind { kPlace, kPark, kExisting };
std::string_view ToString(SiteKind k);  // "place", "park", "existing"

struct SiteCandidate {
  std::string id;  // place code, park id, or the enterprise id for its existing plant
  SiteKind kind = SiteKind::kPlace;
  PlaceId place;
  std::int64_t capacity_units = 0;
  double incentive_yuan = 0;   // per year (amortised like the investment)
  double fixed_cost_yuan = 0;  // per year, net of incentives (0 for the existing plant)
  std::vector<std::string> policies;
};

/// One buyer's volume the model may serve.
struct SiteCustomer {
  EnterpriseId buyer;
  std::int64_t purchase_units = 0;  // moved from far suppliers
  std::int64_t demand_units = 0;    // its open demands
  std::vector<std::pair<std::uint32_t, std::int64_t>>
      far_links;                     // (link, units that may move), largest first
  std::vector<std::string> demands;  // ids of its open demands
  std::int64_t units() const { return purchase_units + demand_units; }
};

/// The model's data: candidates, customers grouped by place, and the arcs within the radius.
struct SiteModel {
  EnterpriseId enterprise;
  ComponentId component;
  SiteCostModel cost;
  std::vector<SiteCandidate> candidates;  // the existing plant, when kept, is first
  std::vector<SiteCustomer> customers;    // largest volume first within a place
  struct Group {
    PlaceId place;
    std::vector<std::uint32_t> customers;  // indexes into customers
    std::int64_t units = 0;
  };
  std::vector<Group> groups;
  struct Arc {
    std::uint32_t group, candidate;
    double distance_km = 0;
  };
  std::vector<Arc> arcs;
};

/// Throws InvalidInput (a coded reason naming the field) for an unknown enterprise, component or candidate,
/// a capacity < 1, K < 0, a radius ≤ 0, a share outside (0, 1] or a cost parameter out of range.
/// O(links of the component + candidates × customer places).
SiteModel BuildSiteModel(const Network& net, const SiteQuery& query);

struct ServedCustomer {
  EnterpriseId buyer;
  std::int64_t units = 0, purchase_units = 0, demand_units = 0;
  double distance_km = 0;
  std::vector<std::pair<std::uint32_t, std::int64_t>> from_links;  // (link, units moved off it)
};

struct ChosenSite {
  std::uint32_t candidate = 0;  // index into SiteModel::candidates
  std::int64_t units = 0;
  double fixed_cost_yuan = 0, transport_cost_yuan = 0;
  std::vector<ServedCustomer> served;  // nearest first
};

struct SiteSolution {
  MipStatus status = MipStatus::kFailed;
  std::vector<ChosenSite> chosen;  // new sites by volume, the existing plant (when kept) first
  std::int64_t demand_units = 0, served_units = 0, unserved_units = 0;
  double fixed_cost_yuan = 0, transport_cost_yuan = 0, penalty_yuan = 0;
  double total_cost_yuan = 0;  // the objective
  double bound_yuan = 0, gap = 0;
  int nodes = 0;
  double seconds = 0;
  int columns = 0, rows = 0;
};

/// Solves the model with CBC. O(branch and bound).
SiteSolution SolveSiteModel(const SiteModel& model, const MipOptions& options);

/// A candidate's suitability (kSuitabilityParts order; every part in [0, 1]) and the facts behind it.
struct Suitability {
  std::uint32_t candidate = 0;
  double score = 0;
  std::array<double, kSuitabilityPartCount> parts{};
  double buyers_units_nearby = 0;  // customers' volume within the radius (default 150 km)
  double demand_units_nearby = 0;  // open demands' volume within it
  bool focus = false;              // the component is in the place's stated focus
  std::size_t related_makers = 0;  // makers of it, its inputs or its users within the radius (a park: in it)
  double mean_distance_km = 0;     // volume-weighted, to the customers within reach
};

/// How far one weight must move (others rescaled to keep the sum 1) before the first place changes.
struct WeightSensitivity {
  std::size_t part = 0;
  std::optional<double> up, down;  // change in weight (fraction points), none: never within [0, 1]
  std::optional<std::uint32_t> up_winner, down_winner;  // the candidate first then
};

struct SiteRanking {
  SuitabilityWeights weights{};
  double radius_km = 0;
  std::vector<Suitability> items;  // best first
  std::vector<WeightSensitivity> sensitivity;
};
/// The ranking's radius when the query has none, km.
inline constexpr double kDefaultRankingRadiusKm = 150;
/// Related makers at which the cluster part saturates.
inline constexpr double kSiteClusterSaturationMakers = 5;

/// Ranks every candidate of the model. O(candidates × (groups + makers)).
SiteRanking RankSites(const Network& net, const SiteModel& model, const SuitabilityWeights& weights);

/// Sensitivity of the first place to each weight. O(parts × candidates).
std::vector<WeightSensitivity> WeightSensitivities(const std::vector<Suitability>& items,
                                                   const SuitabilityWeights& weights);

struct SiteSelection {
  SiteModel model;
  SiteSolution solution;
  SiteRanking ranking;
  std::vector<Message> warnings;  // "site.no_customers", "site.no_new_sites", "site.time_limit", …
};

/// Builds, solves and ranks; among candidates of equal cost at one place (a place and its parks) the chosen
/// one is the better ranked. Throws as BuildSiteModel.
SiteSelection SelectSites(const Network& net, const SiteQuery& query);

}  // namespace chainscope
