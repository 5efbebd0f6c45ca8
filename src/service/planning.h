// service: the planning use cases both front ends call — site selection for one enterprise's new plant (who
// may ask, the policy library's incentives, the before/after of the chain with the new plants) and the
// localization frontier of a province's vehicle makers (the scope and powertrain turned into link weights).
// Requests come as named parameters (the CLI's flags, the API's query or flattened body).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/flows.h"
#include "core/network.h"
#include "planning/frontier.h"
#include "planning/site_selection.h"
#include "service/access.h"
#include "service/params.h"
#include "service/platform.h"

namespace chainscope {

/// Bounds the front ends declare for the door.
inline constexpr int kMaxSites = 10;
inline constexpr std::size_t kMaxSiteCandidates = 200;
inline constexpr double kMaxSiteRadiusKm = 2000;
inline constexpr double kMaxSiteTimeLimitSeconds = 60;
inline constexpr double kDefaultSiteTimeLimitSeconds = 10;
inline constexpr double kMaxFrontierPremium = 2;
inline constexpr int kMaxFrontierSteps = 101;
inline constexpr double kMaxCostRateYuan = 1e9;  // investment, transport or penalty per unit
/// Re-sourcing a unit costs qualification, tooling and new logistics besides the price difference: 5% of
/// the price paid today unless the request says otherwise.
inline constexpr double kDefaultSwitchingCost = 0.05;

/// The measures the site-selection what-if compares, for its component.
struct SiteMeasures {
  // Every buyer of the component in the province, by value: supplier in the province / in the region.
  double chongqing_local_share = 0, chongqing_regional_share = 0;
  double sichuan_local_share = 0, sichuan_regional_share = 0;
  std::array<double, kFlowCategoryCount> flows_yuan{};  // purchase value by Sichuan↔Chongqing category
};
struct SiteWhatIf {
  SiteMeasures before, after;
  std::int64_t moved_units = 0;  // purchases the new plants take over (open demands are not links yet)
  double moved_value_yuan = 0;
};

struct SiteSelectionAnswer {
  SiteSelection selection;
  SiteWhatIf what_if;
  /// Per chosen site, the customers the caller may not see (their purchases are links of other parties,
  /// SeesLink): how many and their units. They are left out of the site's `served`; buyers with open
  /// demands only (public) and purchases the caller is a party to stay.
  struct Hidden {
    std::size_t customers = 0;
    std::int64_t units = 0;
  };
  std::vector<Hidden> hidden;
};

/// Parameters: enterprise, component, capacity (required); sites, radius_km, candidates (comma-separated),
/// keep_existing, max_share, weight_<part> (fractions, all six or none, summing to 1),
/// investment_yuan_per_unit, land_share, amortisation_years, transport_yuan_per_unit_km,
/// unmet_penalty_yuan_per_unit, time_limit_seconds. A member asks for its own enterprise only (403
/// otherwise); staff and admins for any. `policies`: those in force (their places' incentives lower the
/// fixed cost).
SiteSelectionAnswer AnswerSiteSelection(const Network& net, const Market& market,
                                        const std::vector<IncentivePolicy>& policies, const Principal& who,
                                        const Params& p, const std::atomic<bool>* stop = nullptr);
/// The same with the platform's policies valid today (none without a store) over `state` (the request's
/// snapshot).
SiteSelectionAnswer AnswerSiteSelection(Platform& platform, const PlatformState& state, const Principal& who,
                                        const Params& p, const std::atomic<bool>* stop = nullptr);

/// Each place's incentive terms from its policies (the largest land discount; every subsidy). O(policies).
std::unordered_map<std::string, IncentiveTerms> IncentivesOf(const std::vector<IncentivePolicy>& policies);

enum class FrontierPowertrain { kIce, kNev, kAll };
struct FrontierAnswer {
  std::optional<Province> province;  // none: both provinces (each buyer's own is local)
  FrontierPowertrain powertrain = FrontierPowertrain::kAll;
  double switching_cost = 0, max_share = 0;  // as applied
  Frontier frontier;
};
/// Parameters: province (Chongqing, Sichuan or region; default Chongqing), powertrain (ice, nev, all;
/// default all), max_premium (default 0.2), steps (default 21), target (default 0.3), max_share (default
/// 0.5), switching_cost (default 0.05), component. The purchases are the vehicle makers' in scope, split by
/// powertrain as the localization measures split them.
FrontierAnswer AnswerFrontier(const Network& net, const Params& p, const std::atomic<bool>* stop = nullptr);
std::string_view ToString(FrontierPowertrain p);

}  // namespace chainscope
