// core: joint investment promotion — the leads (projects an investment-promotion bureau courts) of the
// 8 + 8 pilot places, their stages, funds and clashes, the co-built projects' shares, each place's
// incentive policies and the pilot's settings. Plain data; service/promotion.h holds the rules (who sees
// what, clash detection, first-report protection, arbitration, KPIs).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope {

/// lead 线索 → negotiating 洽谈 → signed 签约 → registered 注册 → construction 开工 → production 投产;
/// on_hold 搁置 and lost 流失 from anywhere (on_hold may resume; lost is final).
enum class LeadStage : std::uint8_t {
  kLead,
  kNegotiating,
  kSigned,
  kRegistered,
  kConstruction,
  kProduction,
  kOnHold,
  kLost
};
inline constexpr std::size_t kLeadStageCount = 8;
inline constexpr std::array<LeadStage, kLeadStageCount> kLeadStages{
    LeadStage::kLead,         LeadStage::kNegotiating, LeadStage::kSigned, LeadStage::kRegistered,
    LeadStage::kConstruction, LeadStage::kProduction,  LeadStage::kOnHold, LeadStage::kLost};
std::string_view ToString(LeadStage s);
std::string_view ChineseName(LeadStage s);
std::optional<LeadStage> ParseLeadStage(std::string_view code);
/// Signed, registered, under construction or producing: a contract exists.
bool IsSignedOrBeyond(LeadStage s);

/// One place's part of a co-built project (共建), a fraction in (0, 1]; a project's shares sum to 1.
struct LeadShare {
  std::string place;
  double share = 0;
};

struct Lead {
  std::string id;        // LD00001…, allocated by the store
  std::string place;     // the bureau that reported it
  std::string investor;  // an enterprise id of the chain; empty: a new investor, named below
  std::string investor_name_zh, investor_name_en;
  std::string investor_uscc;            // unified social credit code, 18 characters, or empty
  std::vector<std::string> components;  // component codes, at least one; the first is the main one
  std::string project;                  // the project's name
  double investment_yuan = 0;           // planned investment
  std::int64_t annual_capacity = 0;     // units of the main component a year; 0: unknown
  std::int64_t jobs = 0;
  std::string expected_decision;  // YYYY-MM-DD or empty
  std::string contact, notes;
  LeadStage stage = LeadStage::kLead;
  std::string stage_date;            // YYYY-MM-DD: when it reached its stage
  std::string reported_on;           // YYYY-MM-DD: first reported (with the id, the first-report order)
  double contract_value_yuan = 0;    // when signed
  std::string signed_on;             // YYYY-MM-DD, when signed
  double funds_secured_yuan = 0;     // cumulative 资金到位
  std::vector<LeadShare> shares;     // a co-built project's places; empty: its place alone
  std::vector<std::string> clashes;  // live leads of other places courting the same investor for a component
  bool contested = false;   // a later lead of a protected project: held at 洽谈 until a coordinator decides
  std::string joined_into;  // the co-built lead it was joined into by arbitration (then it is closed)
  std::string closed_reason;  // a message code with parameters, JSON: why it was closed by arbitration
  std::string created_by, created_at, updated_at;  // actor; UTC times
  std::int64_t version = 1;                        // moves on every write (the ETag)

  /// The share of `p` in it: its shares' entry, or 1 for its own place without shares.
  double ShareOf(std::string_view p) const;
  /// Closed: lost, or joined into another project.
  bool closed() const { return stage == LeadStage::kLost || !joined_into.empty(); }
};

/// What happened to a lead, dated: stage changes, funds secured, clashes, arbitration.
struct LeadEvent {
  std::int64_t id = 0;  // allocated by the store
  std::string lead;
  std::string kind;        // "created", "updated", "stage", "funds", "clash", "arbitration"
  std::string stage;       // the stage reached (kind "stage"), else empty
  std::string date;        // YYYY-MM-DD: when it happened (stage, funds), as the bureau reports it
  double amount_yuan = 0;  // funds secured by this event, or the contract value when signing
  std::string detail;      // JSON object: a message (code, params) explaining it
  std::string actor, at;   // who recorded it, UTC
};

/// One incentive of a place, in both languages.
struct IncentivePolicy {
  std::string id;  // PL00001…
  std::string place;
  std::string kind;  // land, tax, subsidy, talent, finance, other
  std::string title_zh, title_en, text_zh, text_en;
  std::string valid_from, valid_until;  // YYYY-MM-DD; valid_until may be empty (open-ended)
  // What the policy takes off a new plant's cost, for site selection (unset: the policy does not say).
  std::optional<double> land_discount;                // fraction of the land price waived, [0, 1]
  std::optional<double> subsidy_rate;                 // fraction of the investment refunded, [0, 1]
  std::optional<double> subsidy_cap_yuan;             // at most this per project
  std::optional<double> subsidy_min_investment_yuan;  // only for investments of at least this
};
inline constexpr std::array<std::string_view, 6> kPolicyKinds{"land",   "tax",     "subsidy",
                                                              "talent", "finance", "other"};

/// The pilot's configuration, kept in the store and changed by coordinators.
struct PromotionSettings {
  double protection_threshold_yuan = 1e9;  // 首报首谈: projects at or above it are protected
  /// The probability a lead at each stage becomes real, for the weighted pipeline (kLeadStages order).
  std::array<double, kLeadStageCount> stage_probability{0.1, 0.3, 0.8, 0.9, 0.95, 1.0, 0.05, 0.0};
};

inline constexpr std::string_view kLeadIdPrefix = "LD";
inline constexpr std::string_view kPolicyIdPrefix = "PL";

}  // namespace chainscope
