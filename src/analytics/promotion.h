// analytics: joint investment promotion over the lead registry — which leads clash (two places courting
// the same investor for the same component), the KPIs the bureaus report (by place, month, stage or
// assembly, co-built projects by share), and the pilot places ranked for one lead by the investment-target
// score. Pure functions of the leads and the chain snapshot; the service decides who sees what.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analytics/dedupe.h"
#include "analytics/invest.h"
#include "core/message.h"
#include "core/network.h"
#include "core/promotion.h"

namespace chainscope {

/// Decides whether two leads court the same investor: the same enterprise of the chain, the same unified
/// social credit code, or names the duplicate-enterprise scorer pairs at or above `threshold` (Chinese
/// and English names, known former and short names: 宁德时代 / Contemporary Amperex Technology).
class ClashDetector {
 public:
  explicit ClashDetector(const Network& net, double threshold = kDefaultDuplicateThreshold);
  /// Why `a` and `b` name the same investor (codes promotion.same_enterprise, promotion.same_uscc,
  /// promotion.similar_names), or nullopt.
  std::optional<Message> SameInvestor(const Lead& a, const Lead& b) const;
  /// The ids of `rivals` that clash with an open `lead`: open, of another place, sharing a component, the
  /// same investor (none for a closed lead). O(rivals) name comparisons.
  std::vector<std::string> Clashes(const Lead& lead, std::span<const Lead> rivals) const;

 private:
  NamedEnterprise Named(const Lead& l) const;
  const Network& net_;
  PairScorer scorer_;
  double threshold_;
};

enum class KpiGrouping { kPlace, kMonth, kStage, kAssembly };
std::optional<KpiGrouping> ParseKpiGrouping(std::string_view text);
std::string_view ToString(KpiGrouping g);

struct KpiQuery {
  KpiGrouping by = KpiGrouping::kPlace;
  std::string from, to;  // YYYY-MM-DD, inclusive; empty: open
};

/// One group's figures. Counts are weighted by share (a 50/50 co-built project counts 0.5 in each place).
/// Leads and the weighted pipeline count by the date reported, signing by the date signed, funds by the
/// date secured; a lead joined into a co-built project counts only there.
struct KpiRow {
  std::string key;  // place code, YYYY-MM, stage code or assembly code
  double leads = 0;
  double signed_projects = 0;  // signed in the window (whatever their stage now)
  double contract_value_yuan = 0;
  double funds_secured_yuan = 0;
  std::optional<double> registered_rate;  // 履约率: of those signed, registered or beyond now
  std::optional<double> started_rate;     // 开工率: of those signed, under construction or producing now
  std::optional<double> funds_rate;       // 资金到位率: funds secured ÷ contract value
  double weighted_pipeline_yuan = 0;  // Σ share × stage probability × (contract value, else investment)
};

struct KpiReport {
  std::vector<KpiRow> rows;  // by key
  KpiRow total;              // key "total"
  /// The two halves of the pilot, whatever the grouping: keys "western_chongqing" (the 8 districts, the
  /// figures the pilot publishes) and "sichuan" (the 8 cities); a co-built project by its places' shares.
  std::vector<KpiRow> pilots;
};

/// The KPIs of `leads` with their funds `events` (kind "funds"; others are ignored). O(leads + events).
KpiReport ComputeKpis(const Network& net, std::span<const Lead> leads, std::span<const LeadEvent> events,
                      const PromotionSettings& settings, const KpiQuery& query);

/// One pilot place for a lead: its investment-target ranking entry and why.
struct PlaceRecommendation {
  InvestTarget target;
  bool own = false;  // the lead's own place
  std::vector<Message> reasons;
};

/// The 16 pilot places ranked for the lead's main component and capacity (its capacity, or the default of
/// the component's makers) by the investment-target score — RankInvestTargets for that component with
/// every place, restricted to the pilot places, in the same order — with the reasons.
std::vector<PlaceRecommendation> RecommendPilotPlaces(const Network& net, const Lead& lead,
                                                      InvestQuery query = {});

/// The localization gain of many projects at once (the signed leads): each a maker of its main component
/// at its place (its capacity, or the default of the component's makers) taking over non-local purchases
/// as PlanShift does. Makers of different components are planned on one snapshot and applied together;
/// a second maker of a component is planned after the first was applied (it takes over what is left).
/// One rebuild per round: O(rounds × links), rounds = the most leads of one component.
struct PortfolioGain {
  std::size_t makers = 0;   // leads applied
  std::size_t skipped = 0;  // leads without a known component, or whose place is outside the region
  std::size_t rounds = 0;
  double moved_value_yuan = 0;
  struct Share {
    Province province = Province::kChongqing;
    double before = 0, after = 0;  // vehicle makers' local share by value
  };
  std::vector<Share> local_share;  // Chongqing, Sichuan
  double single_sourced_before_yuan = 0, single_sourced_after_yuan = 0;
};
PortfolioGain RunPortfolioWhatIf(const Network& net, std::span<const Lead> leads);

}  // namespace chainscope
