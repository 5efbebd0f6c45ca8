// service: joint investment promotion — the lead registry the 8 + 8 pilot places share. A bureau registers
// and follows its leads (stages, funds); a lead that courts the same investor for the same component as
// another place's lead clashes with it (both bureaus and the coordinators are told); a protected project
// (planned investment at or above the threshold) is held by the place that reported it first, and a later
// clashing lead stays at 洽谈 until a coordinator decides (one place keeps it, or the places share a co-built
// project). Who sees which lead in full is the access policy's (SeesLeadInFull); the rules live here.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analytics/promotion.h"
#include "core/promotion.h"
#include "service/access.h"
#include "service/platform.h"

namespace chainscope {

/// Bounds of a lead's figures (the route table declares the same ones for the door).
inline constexpr double kMaxInvestmentYuan = 1e13;  // 10 trillion yuan
inline constexpr double kMaxLeadCapacityUnits = 1e9;
inline constexpr double kMaxLeadJobs = 1e6;
inline constexpr std::size_t kMaxLeadComponents = 12;
inline constexpr std::size_t kMaxNameCharacters = 200;
inline constexpr std::size_t kMaxNoteCharacters = 2000;
/// The largest subsidy cap or investment threshold a policy states, yuan.
inline constexpr double kMaxPolicyAmountYuan = 1e12;

/// What a bureau writes of a lead (POST creates with it, PUT replaces the fields given). Absent fields
/// stay as they are (on creation: empty or 0).
struct LeadDraft {
  std::optional<std::string> place;  // a coordinator names it; a bureau's is its own
  std::optional<std::string> investor, investor_name_zh, investor_name_en, investor_uscc;
  std::optional<std::vector<std::string>> components;
  std::optional<std::string> project, expected_decision, contact, notes;
  std::optional<double> investment_yuan;
  std::optional<std::int64_t> annual_capacity, jobs;
};
/// The draft in a request body; InvalidInput naming the field for a wrong type or an unknown field.
LeadDraft LeadDraftOf(const boost::json::object& body);

/// Today (UTC) as YYYY-MM-DD.
std::string UtcToday();

/// The store of the registry: the platform's (kReadOnly when it has none).
Store& PromotionStoreOf(Platform& platform);

/// A new lead of the actor's place (a coordinator's: the draft's place), reported today. Required:
/// components, project, investment_yuan, and investor or an investor name. Its clashes are found and
/// recorded in the same transaction; the bureaus and coordinators concerned are notified after it.
Lead CreateLead(Platform& platform, const Principal& actor, const LeadDraft& draft,
                const std::string& today = UtcToday());
/// The lead CreateLead would make of `draft`, checked and not written (no id yet). InvalidInput naming the
/// field, ServiceError kForbidden for another place's lead.
Lead NewLeadOf(const Network& net, const Principal& actor, const LeadDraft& draft,
               const std::string& today = UtcToday());
/// Several new leads in one transaction, all or none (an import): each as CreateLead, their clashes found
/// among themselves too; the notices go out after the commit.
std::vector<Lead> CreateLeads(Platform& platform, const Principal& actor,
                              const std::vector<LeadDraft>& drafts, const std::string& today = UtcToday());
/// Changes the fields the draft gives of a lead the actor holds (its place's or shared with it;
/// coordinators any). `if_match`: the ETag the caller read (empty: no check; PreconditionFailed when
/// stale). Clashes are found again. Conflict for a closed lead; Forbidden for another place's lead.
Lead UpdateLead(Platform& platform, const Principal& actor, std::string_view id, const LeadDraft& draft,
                std::string_view if_match = {});
/// Moves a lead to `stage` on `date` (empty: today; not after today). Forward along lead → … → production, or
/// to on_hold or lost from any open stage, or from on_hold back to any open stage; lost is final. Signing
/// (the first move to signed or beyond) needs `contract_value_yuan` > 0. A contested lead cannot move past
/// negotiating (Conflict: awaiting arbitration).
Lead ChangeStage(Platform& platform, const Principal& actor, std::string_view id, std::string_view stage,
                 std::string date, std::optional<double> contract_value_yuan,
                 const std::string& today = UtcToday());
/// Records funds secured (资金到位) on `date` (empty: today) for a signed lead; cumulative.
Lead AddFunds(Platform& platform, const Principal& actor, std::string_view id, double amount_yuan,
              std::string date, const std::string& today = UtcToday());

/// A coordinator's decision on a clash: one place keeps the project, or the places share it.
struct ArbitrationDecision {
  std::string place;              // the place that keeps it, or
  std::vector<LeadShare> shares;  // a co-built project's places and shares (summing to 1)
  std::string note;               // why, for the record (optional)
};
ArbitrationDecision ArbitrationDecisionOf(const boost::json::object& body);
/// Decides the clash of lead `id` with the open leads it clashes with (Conflict when it has none): the
/// keeper is the lead of the place that keeps it (for shares, the first-reported of the places'); the
/// other leads are closed as lost (places without a share) or joined into the keeper (places with one),
/// with the decision as the reason. Audited and notified. Returns the keeper.
Lead Arbitrate(Platform& platform, const Principal& actor, std::string_view id,
               const ArbitrationDecision& decision);

/// Leads passing the query, oldest first: everyone who may use the registry lists every lead (a bureau
/// sees other places' in summary: the view renders each through SeesLeadInFull).
std::vector<Lead> ListLeads(Platform& platform, const LeadQuery& query);
/// One lead; its timeline only when the actor sees it in full. NotFound for an unknown id.
struct LeadDetail {
  Lead lead;
  std::vector<LeadEvent> timeline;        // oldest first; empty unless seen in full
  std::vector<IncentivePolicy> policies;  // of its place, valid today
};
LeadDetail GetLead(Platform& platform, const Principal& actor, std::string_view id,
                   const std::string& today = UtcToday());
/// The lead's ETag: "lead-<id>-v<version>".
std::string LeadETag(const Lead& lead);

/// The pilot places ranked for a lead the actor sees in full (RecommendPilotPlaces).
struct LeadRecommendation {
  Lead lead;
  InvestQuery query;
  std::vector<PlaceRecommendation> places;
};
LeadRecommendation RecommendForLead(Platform& platform, const Principal& actor, std::string_view id);

/// The pilot's KPIs (analysts, bureaus, coordinators): every lead's, aggregated.
KpiReport PromotionKpis(Platform& platform, const KpiQuery& query);

/// The localization gain if every project signed in the window (not lost, not joined into another) is built
/// at once (RunPortfolioWhatIf); at most kMaxPortfolioLeads of them, the largest contracts first.
inline constexpr std::size_t kMaxPortfolioLeads = 500;
struct SignedLeadsGain {
  std::size_t signed_leads = 0;  // signed in the window
  PortfolioGain gain;
};
SignedLeadsGain SignedLeadsLocalizationGain(Platform& platform, const KpiQuery& window);

/// The pilot's settings; only coordinators and admins change them (threshold 0–10¹³ yuan, probabilities
/// 0–1). Audited.
PromotionSettings SettingsOf(Platform& platform);
PromotionSettings ChangeSettings(Platform& platform, const Principal& actor, const boost::json::object& body);

/// A place's incentive policies ("": every place's), with those valid on `valid_on` only when it is given.
std::vector<IncentivePolicy> PoliciesOf(Platform& platform, std::string_view place,
                                        std::string_view valid_on = {});
/// Adds a policy (empty id) or replaces one: a bureau for its own place, a coordinator for any.
/// Body: place, kind, title_zh, title_en, text_zh, text_en, valid_from, valid_until (optional).
IncentivePolicy PutPolicy(Platform& platform, const Principal& actor, std::string_view id,
                          const boost::json::object& body);

/// Finds the clashes of every open lead courting `enterprise` again (after a merge made two enterprises one),
/// in one transaction, and notifies the new ones. A failure is logged, not thrown (the merge stands).
void ResettleInvestor(Platform& platform, const std::string& enterprise, const AuditContext& by);

/// Whether the registry holds a lead (one row read, not the registry).
bool RegistryHasLeads(PromotionStore& store);

/// Adds the synthetic demonstration registry (policies and about 200 leads, dataset/promotion_demo.h) to
/// a store whose registry is empty; InvalidInput otherwise. Returns the leads added.
std::size_t SeedPromotionDemo(Store& store, const Network& net);

}  // namespace chainscope
