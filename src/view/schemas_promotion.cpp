// view: the schemas of joint investment promotion's answers — leads (in full or in summary), their
// timeline and policies, the pilot places recommended for a lead, the KPIs and the settings.
#include <boost/json.hpp>

#include "view/schema_parts.h"

namespace chainscope::schema_parts {
namespace json = boost::json;

void AddPromotionSchemas(json::object& s) {
  const Schema stage =
      Enum({"lead", "negotiating", "signed", "registered", "construction", "production", "on_hold", "lost"});
  const Schema component = Object(Join({{"component", String()}}, Names("component")));
  s["LeadShare"] = Object(Join({{"place", String()}, {"share", Number(0, 1)}}, Names("place")));
  // What every bureau sees of every lead, and what only its own bureau and the coordinators see.
  const std::vector<Property> summary =
      Join(Join({{"id", String()}, {"place", String()}}, Names("place")),
           {{"investor", Nullable(String("An enterprise id of the chain; null for a new investor"))},
            {"investor_name_zh", String()},
            {"investor_name_en", String()},
            {"components", Array(component)},
            {"stage", stage},
            {"stage_zh", String()},
            {"clashes", Ids()},
            {"contested", Boolean()},
            {"closed", Boolean()},
            {"joined_into", Nullable(String())},
            {"full", Boolean()}});
  const std::vector<Property> full{Optional("investor_uscc", Nullable(String())),
                                   Optional("project", String()),
                                   Optional("investment_yuan", Yuan()),
                                   Optional("annual_capacity", Units()),
                                   Optional("jobs", Count()),
                                   Optional("expected_decision", Nullable(Date())),
                                   Optional("contact", String()),
                                   Optional("notes", String()),
                                   Optional("reported_on", Date()),
                                   Optional("stage_date", Date()),
                                   Optional("contract_value_yuan", Yuan()),
                                   Optional("signed_on", Nullable(Date())),
                                   Optional("funds_secured_yuan", Yuan()),
                                   Optional("shares", Array(Ref("LeadShare"))),
                                   Optional("closed_reason", Nullable(Ref("Reason"))),
                                   Optional("created_by", String()),
                                   Optional("created_at", Time()),
                                   Optional("updated_at", Time()),
                                   Optional("version", Integer(1))};
  s["Lead"] = Object(Join(summary, full));
  s["LeadPage"] = PageOf("Lead");
  s["LeadEvent"] = Object({{"id", Integer(1)},
                           {"kind", Enum({"created", "updated", "stage", "funds", "clash", "arbitration"})},
                           {"stage", Nullable(String())},
                           {"date", Nullable(Date())},
                           {"amount_yuan", Yuan()},
                           {"detail", Nullable(Map(Any()))},
                           {"actor", String()},
                           {"at", Time()}});
  s["Policy"] = Object(Join(Join({{"id", String()}, {"place", String()}}, Names("place")),
                            {{"kind", Enum({"land", "tax", "subsidy", "talent", "finance", "other"})},
                             {"title_zh", String()},
                             {"title_en", String()},
                             {"text_zh", String()},
                             {"text_en", String()},
                             {"valid_from", Date()},
                             {"valid_until", Nullable(Date())},
                             {"land_discount", Nullable(Fraction())},
                             {"subsidy_rate", Nullable(Fraction())},
                             {"subsidy_cap_yuan", Nullable(Yuan())},
                             {"subsidy_min_investment_yuan", Nullable(Yuan())}}));
  s["PolicyList"] = Object({{"items", Array(Ref("Policy"))}});
  s["LeadDetail"] = Object(
      Join(Join(summary, full), {{"timeline", Array(Ref("LeadEvent"))}, {"policies", Array(Ref("Policy"))}}));
  const Schema share_part =
      Object({{"value", Fraction()}, {"weight", Number(0)}, {"contribution", Number(0)}});
  s["PlaceRecommendation"] = Object(Join(Join({{"place", String()}}, Names("place")),
                                         {{"province", Province()},
                                          {"own", Boolean()},
                                          {"score", Number(0)},
                                          {"parts", Object({{"gap", share_part},
                                                            {"focus", share_part},
                                                            {"buyers", share_part},
                                                            {"cluster", share_part},
                                                            {"resilience", share_part}})},
                                          {"focus", Boolean()},
                                          {"capacity_units", Units()},
                                          {"moved_units", Units()},
                                          {"moved_value_yuan", Yuan()},
                                          {"buyers_served", Count()},
                                          {"gain", Object({{"local_share_pp", Number()},
                                                           {"local_share_all_tiers_pp", Number()},
                                                           {"single_sourced_drop_yuan", Yuan(true)}})},
                                          {"reasons", Array(Ref("Reason"))}}));
  s["LeadRecommendation"] = Object({{"lead", String()},
                                    {"radius_km", Number(0)},
                                    {"components", Array(component)},
                                    {"items", Array(Ref("PlaceRecommendation"))}});
  s["PromotionKpiRow"] = Object({{"key", String("Place code, YYYY-MM, stage or assembly code; total")},
                                 {"label", String()},
                                 {"label_zh", String()},
                                 {"leads", Number(0)},
                                 {"signed", Number(0)},
                                 {"contract_value_yuan", Yuan()},
                                 {"funds_secured_yuan", Yuan()},
                                 {"registered_rate", Nullable(Fraction())},
                                 {"started_rate", Nullable(Fraction())},
                                 {"funds_rate", Nullable(Number(0))},
                                 {"weighted_pipeline_yuan", Yuan()}});
  s["PromotionKpis"] = Object({{"by", Enum({"place", "month", "stage", "assembly"})},
                               {"from", Nullable(Date())},
                               {"to", Nullable(Date())},
                               {"items", Array(Ref("PromotionKpiRow"))},
                               {"total", Ref("PromotionKpiRow")},
                               {"pilots", Array(Ref("PromotionKpiRow"))}});
  s["SignedLeadsGain"] =
      Object({{"signed_leads", Count()},
              {"makers", Count()},
              {"skipped", Count()},
              {"rounds", Count()},
              {"moved_value_yuan", Yuan()},
              {"local_share",
               Array(Object({{"province", Province()}, {"before", Fraction()}, {"after", Fraction()}}))},
              {"single_sourced_before_yuan", Yuan()},
              {"single_sourced_after_yuan", Yuan()}});
  s["PromotionSettings"] = Object({{"protection_threshold_yuan", Yuan()},
                                   {"stage_probability", Object({{"lead", Fraction()},
                                                                 {"negotiating", Fraction()},
                                                                 {"signed", Fraction()},
                                                                 {"registered", Fraction()},
                                                                 {"construction", Fraction()},
                                                                 {"production", Fraction()},
                                                                 {"on_hold", Fraction()},
                                                                 {"lost", Fraction()}})}});
}

}  // namespace chainscope::schema_parts
