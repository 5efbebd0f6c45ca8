#include "view/schemas.h"

#include <boost/json.hpp>

#include "core/inbox.h"
#include "view/schema_parts.h"

namespace chainscope {
namespace {

using namespace schema_parts;
namespace json = boost::json;

json::object Build() {
  json::object s;
  s["Error"] = Object(
      {{"error",
        Object({{"code", String("The error table's name: bad_request, not_found, …")},
                {"message", String()},
                Optional("field",
                         String("The request field or query parameter to fix, when the error names one")),
                Optional("request_id", String()),
                Optional("reason", Ref("Reason"))})}});
  s["Reason"] = Object({{"code", String("A stable code the dashboard renders in its language")},
                        {"params", Map(String())},
                        {"message", String("The English text")}});
  s["OpenApiDocument"] = Map(Any());

  // Reference data.
  s["Health"] = Object({{"status", Enum({"ok"})},
                        {"api_version", String()},
                        {"store", Enum({"sqlite", "postgres"})},
                        {"schema_version", Count()},
                        {"revision", Count()},
                        {"counts", Map(Count())}});
  s["Place"] =
      Object({{"code", String("Administrative code (adcode)")},
              {"name", String()},
              {"name_zh", String()},
              {"province", Province()},
              {"lat", Nullable(Number(-90, 90))},
              {"lon", Nullable(Number(-180, 180))},
              {"focus", Ids()},
              {"pilot", Nullable(Enum({"western_chongqing", "sichuan"}))},
              {"enterprises", Count()},
              {"by_role", Described(Map(Count()), "Enterprises here by role (roles with none left out)")}});
  s["PlaceList"] = Object({{"places", Array(Ref("Place"))}});
  s["LinkBuyers"] = Object({{"buyers", Array(Object({{"buyer", String()},
                                                     {"buyer_name", String()},
                                                     {"buyer_name_zh", String()},
                                                     {"province", Province()},
                                                     {"value_yuan", Yuan()},
                                                     {"volume", Units()},
                                                     {"suppliers", Count()},
                                                     {"local_share", Fraction()}}))}});
  s["PlaceEnterprises"] =
      Object({{"total", Count()},
              {"places", Array(Object({{"place", String("Place code")},
                                       {"enterprises", Count()},
                                       {"parts_makers", Count()},
                                       {"groups", Described(Map(Count()), "Enterprises by map group")}}))}});
  s["ComponentType"] =
      Object({{"code", String()},
              {"name", String()},
              {"name_zh", String()},
              {"powertrain", Enum({"ICE", "NEV", "BOTH"})},
              {"unit", String()},
              {"unit_price_yuan", Yuan()},
              {"typical_qty_per_vehicle", Number(0)},
              {"makers", Count()},
              {"inputs", Array(Object({{"component", String()}, {"qty_per_unit", Number(0)}}))}});
  s["Assembly"] = Object({{"code", String()},
                          {"name", String()},
                          {"name_zh", String()},
                          {"components", Array(Ref("ComponentType"))}});
  s["Direction"] = Object({{"code", String()},
                           {"name", String()},
                           {"name_zh", String()},
                           {"assemblies", Array(Ref("Assembly"))}});
  s["Taxonomy"] =
      Object({{"directions", Array(Ref("Direction"))},
              {"component_count", Count()},
              {"certifications", Described(Array(String()), "Every certification held in the directory")}});
  s["CalibrationFigure"] = Object({{"key", String()},
                                   {"figure", String()},
                                   {"value", Number()},
                                   {"unit", String()},
                                   {"target", String()},
                                   {"min", Number()},
                                   {"max", Number()},
                                   {"ok", Boolean()},
                                   {"source", String()},
                                   {"target_zh", String()},
                                   {"source_zh", String()}});
  s["Calibration"] = Object({{"figures", Array(Ref("CalibrationFigure"))}});

  // The chain.
  const std::vector<Property> enterprise{{"id", String()},
                                         {"name", String()},
                                         {"name_zh", String()},
                                         {"role", Role()},
                                         {"place", String()},
                                         {"place_name", String()},
                                         {"place_name_zh", String()},
                                         {"province", Province()},
                                         {"park", Nullable(String())},
                                         {"certifications", Ids()},
                                         {"components", Ids()},
                                         {"synthetic", Boolean()},
                                         {"employees", Count()},
                                         {"uscc", Nullable(String())},
                                         Optional("ttr_days", Days())};
  s["Enterprise"] = Object(enterprise);
  s["EnterprisePage"] = PageOf("Enterprise");
  s["Party"] = Object({{"id", String()},
                       {"name", String()},
                       {"name_zh", String()},
                       {"place", String()},
                       {"place_name", String()},
                       {"province", Province()}});
  s["Link"] = ComponentFields({{"buyer", Ref("Party")},
                               {"supplier", Ref("Party")},
                               {"unit", String()},
                               {"annual_volume", Units()},
                               {"unit_price_yuan", Yuan()},
                               {"value_yuan", Yuan()},
                               {"buyer_inventory_days", Days()},
                               {"in_transit_days", Days()},
                               {"distance_km", Nullable(Number(0))},
                               {"local", Boolean()},
                               {"regional", Boolean()}});
  s["LinkPage"] = PageOf("Link");
  s["Capability"] = ComponentFields({{"unit", String()},
                                     Optional("annual_capacity", Units()),
                                     Optional("committed", Units()),
                                     Optional("free_capacity", Units()),
                                     Optional("unit_price_yuan", Yuan()),
                                     {"lead_time_days", Days()},
                                     Optional("quality", Fraction()),
                                     Optional("inventory_days", Days())});
  s["VehicleLine"] = Object({{"id", String()},
                             {"place", String()},
                             {"powertrain", Enum({"ICE", "NEV"})},
                             {"bom_items", Count()},
                             Optional("annual_volume", Units()),
                             Optional("unit_price_yuan", Yuan())});
  s["EnterpriseDetail"] = Object(Join(enterprise, {{"private", Boolean()},
                                                   {"capabilities", Array(Ref("Capability"))},
                                                   {"vehicle_lines", Array(Ref("VehicleLine"))},
                                                   Optional("customers", Array(Ref("Link"))),
                                                   Optional("suppliers", Array(Ref("Link")))}));

  // Matchmaking.
  s["ScorePart"] = Object({{"value", Fraction()}, {"weight", Number(0)}, {"contribution", Number(-1, 1)}});
  s["Candidate"] = Object({{"supplier", String()},
                           {"name", String()},
                           {"name_zh", String()},
                           {"place", String()},
                           {"place_name", String()},
                           {"province", Province()},
                           {"score", Number()},
                           {"parts", Map(Ref("ScorePart"))},
                           {"distance_km", Number(0)},
                           {"distance_nominal", Boolean()},
                           {"offers", Ids()},
                           {"source", Enum({"offer", "capability"})},
                           {"local", Boolean()},
                           {"regional", Boolean()},
                           {"lead_time_days", Days()},
                           Optional("free_capacity", Units()),
                           Optional("unit_price_yuan", Yuan()),
                           Optional("logistics_yuan_per_unit", Yuan()),
                           Optional("landed_cost_yuan", Yuan()),
                           Optional("quality", Fraction())});
  s["MatchResult"] = Object({{"demand", Object({{"id", Nullable(String())},
                                                {"buyer", String()},
                                                {"component", String()},
                                                {"quantity", Units()}})},
                             {"makers", Count()},
                             {"eligible", Count()},
                             {"candidates", Array(Ref("Candidate"))},
                             Optional("explain", Object({{"supplier", String()},
                                                         {"eligible", Boolean()},
                                                         {"excluded_because", Ids()},
                                                         {"excluded_because_codes", Array(Ref("Reason"))},
                                                         Optional("rank", Integer(1)),
                                                         Optional("candidate", Ref("Candidate"))}))});
  s["Assignment"] = Object({{"demand", String()},
                            {"buyer", String()},
                            {"buyer_name", String()},
                            {"buyer_name_zh", String()},
                            {"component", String()},
                            {"component_name", String()},
                            {"component_name_zh", String()},
                            {"supplier", String()},
                            {"supplier_name", String()},
                            {"supplier_name_zh", String()},
                            {"province", Province()},
                            {"quantity", Units()},
                            {"distance_km", Number(0)},
                            {"reason", String()},
                            {"reason_code", Ref("Reason")},
                            Optional("unit_price_yuan", Yuan()),
                            Optional("logistics_yuan_per_unit", Yuan()),
                            Optional("unit_cost_yuan", Yuan())});
  s["AllocationResult"] = Object({{"scope", Enum({"all demands", "own demands"})},
                                  {"assignments", Array(Ref("Assignment"))},
                                  {"unmet", Array(Object({{"demand", String()},
                                                          {"quantity", Units()},
                                                          {"reason", String()},
                                                          {"reason_code", Ref("Reason")}}))},
                                  {"units_assigned", Units()},
                                  {"units_unmet", Units()},
                                  {"cost", Object({{"demands", Count()},
                                                   {"supply_nodes", Count()},
                                                   {"arcs_at_most", Count()},
                                                   {"arcs_bound", Count()}})},
                                  Optional("total_cost_yuan", Yuan()),
                                  Optional("penalty_yuan", Yuan()),
                                  Optional("regional_share_value", Fraction()),
                                  Optional("local_share_value", Fraction()),
                                  Optional("demands", Count()),
                                  Optional("supply_options", Count()),
                                  Optional("arcs", Count()),
                                  Optional("solver_rounds", Count())});
  const Schema open_or_closed = Enum({"open", "closed"});
  s["Demand"] = Object(Join(Join(Join({{"id", String()}, {"buyer", String()}}, Names("buyer")),
                                 Join({{"component", String()}}, Names("component"))),
                            {{"annual_quantity", Units()},
                             {"start_date", Date()},
                             {"max_distance_km", Nullable(Number(0))},
                             {"required_certs", Ids()},
                             {"prefer_local", Boolean()},
                             {"max_share", Number(0, 1)},
                             {"status", open_or_closed}}));
  s["DemandPage"] = PageOf("Demand");
  s["Offer"] = Object(Join(Join(Join({{"id", String()}, {"supplier", String()}}, Names("supplier")),
                                Join({{"component", String()}}, Names("component"))),
                           {Optional("annual_capacity", Units()),
                            Optional("unit_price_yuan", Yuan()),
                            {"valid_until", Nullable(Date())},
                            {"status", open_or_closed},
                            {"price_public", Boolean()}}));
  s["OfferPage"] = PageOf("Offer");

  // Responses, deals, the platform's figures.
  const std::vector<Property> parties =
      Join(Join(Join({{"demand", String()}, {"buyer", String()}}, Names("buyer")),
                Join({{"supplier", String()}}, Names("supplier"))),
           Join({{"component", String()}}, Names("component")));
  s["DemandResponse"] =
      Object(Join(Join({{"id", String()}}, parties),
                  {{"annual_quantity", Units()},
                   {"unit_price_yuan", Yuan()},
                   {"lead_time_days", Days()},
                   {"message", String()},
                   {"status", Enum({"submitted", "shortlisted", "declined", "accepted", "withdrawn"})},
                   {"created_at", Time()},
                   {"updated_at", Time()},
                   {"above_spare_capacity", Boolean()},
                   Optional("score", Nullable(Number())),
                   Optional("rank", Nullable(Integer(1))),
                   Optional("exclusions", Ids()),
                   Optional("exclusion_codes", Array(Ref("Reason")))}));
  s["DemandResponsePage"] = PageOf("DemandResponse");
  s["Deal"] = Object(
      Join(Join({{"id", String()}, {"response", String()}}, parties), {{"above_spare_capacity", Boolean()},
                                                                       {"annual_quantity", Units()},
                                                                       {"unit_price_yuan", Yuan()},
                                                                       {"value_yuan", Yuan()},
                                                                       {"start_date", Date()},
                                                                       {"buyer_confirmed", Boolean()},
                                                                       {"supplier_confirmed", Boolean()},
                                                                       {"linked", Boolean()},
                                                                       {"created_at", Time()}}));
  s["DealPage"] = PageOf("Deal");
  const std::vector<Property> kpis{{"demands", Count()},      {"demanded_units", Units()},
                                   {"responses", Count()},    {"deals", Count()},
                                   {"linked_deals", Count()}, {"deal_value_yuan", Yuan()}};
  s["PlatformKpis"] = Object(
      {{"total", Object(Join(kpis, {{"open_demands", Count()},
                                    {"demands_with_responses", Count()},
                                    {"response_rate", Fraction()}}))},
       {"by_month", Array(Object(Join(kpis, {{"month", String("YYYY-MM")}})))},
       {"by_province", Array(Object(Join(kpis, {{"province", Province()}})))},
       {"by_assembly", Array(Object(Join(kpis, {{"assembly", String()}})))},
       {"by_component",
        Array(Object(Join(kpis, {{"component", String()}, {"name", String()}, {"name_zh", String()}})))}});

  AddAnalysisSchemas(s);
  AddPromotionSchemas(s);
  AddPlanningSchemas(s);
  AddImportSchemas(s);
  AddRegistrationSchemas(s);
  AddServiceSchemas(s);

  // Accounts, sessions, tokens, the inbox, webhooks, the audit trail.
  const std::vector<Property> who{{"id", Integer(1)},
                                  {"email", String()},
                                  {"role", Enum({"admin", "analyst", "member", "bureau", "coordinator"})},
                                  {"enterprise", Nullable(String())},
                                  {"place", Nullable(String("A bureau's place code"))},
                                  {"enterprise_admin", Boolean()},
                                  Optional("enterprise_name", String()),
                                  Optional("enterprise_name_zh", String()),
                                  Optional("place_name", String()),
                                  Optional("place_name_zh", String())};
  s["User"] = Object(Join(who, {{"disabled", Boolean()}, {"created_at", Time()}}));
  s["UserList"] = Object({{"users", Array(Ref("User"))}});
  s["SignedInUser"] = Object(Join(who, {{"signed_in_with", Enum({"session", "token"})}}));
  s["Me"] = Object({{"user", Nullable(Ref("SignedInUser"))}});
  s["Session"] = Object({{"user", Ref("SignedInUser")}, {"expires_at", Time()}});
  s["SignedOut"] = Object({{"signed_out", String()}});
  s["PasswordReset"] =
      Object({{"id", Integer(1)}, {"password_reset", Boolean()}, {"sessions_revoked", Boolean()}});
  const std::vector<Property> token{{"id", Integer(1)},
                                    {"name", String()},
                                    {"created_at", Time()},
                                    {"expires_at", Time()},
                                    {"last_used_at", Nullable(Time())},
                                    {"revoked", Boolean()}};
  s["ApiToken"] = Object(token);
  s["NewApiToken"] =
      Object(Join(token, {{"token", String("The secret, shown in this answer only")}, {"note", String()}}));
  s["TokenList"] = Object({{"tokens", Array(Ref("ApiToken"))}});
  s["TokenRevoked"] = Object({{"id", Integer(1)}, {"revoked", Boolean()}});
  s["Notice"] = Object({{"id", Integer(1)},
                        {"event", Enum(std::vector<std::string>(std::begin(kEvents), std::end(kEvents)))},
                        {"entity", String()},
                        {"data", Map(Any())},
                        {"created_at", Time()},
                        {"read", Boolean()},
                        {"read_at", Nullable(Time())}});
  s["InboxPage"] = Extend(PageOf("Notice"), {{"unread", Count()}});
  s["InboxSettings"] = Object({{"enterprise", String()}, {"match_threshold", Fraction()}});
  const std::vector<Property> webhook{{"id", Integer(1)},
                                      {"url", String()},
                                      {"events", Ids()},
                                      {"active", Boolean()},
                                      {"created_at", Time()}};
  s["Webhook"] = Object(webhook);
  s["NewWebhook"] = Object(Join(webhook, {{"secret", String("Shown in this answer only")}}));
  s["WebhookList"] = Object({{"items", Array(Ref("Webhook"))}});
  s["WebhookRemoved"] = Object({{"id", Integer(1)}, {"active", Boolean()}});
  s["WebhookDelivery"] = Object({{"id", Integer(1)},
                                 {"notification", Integer(1)},
                                 {"status", Enum({"pending", "delivered", "failed"})},
                                 {"attempts", Count()},
                                 {"next_attempt_at", Nullable(Time())},
                                 {"last_http_status", Nullable(Integer(100, 599))},
                                 {"last_error", Nullable(String())},
                                 {"delivered_at", Nullable(Time())},
                                 {"created_at", Time()}});
  s["WebhookDeliveryList"] = Object({{"webhook", Integer(1)}, {"items", Array(Ref("WebhookDelivery"))}});
  s["AuditRow"] = Object({{"id", Integer(1)},
                          {"at", Time()},
                          {"actor", String()},
                          {"enterprise", Nullable(String())},
                          {"request_id", Nullable(String())},
                          {"client", Nullable(String())},
                          {"action", String()},
                          {"entity", String()},
                          {"before", Nullable(Map(Any()))},
                          {"after", Nullable(Map(Any()))},
                          {"hash", String("SHA-256 chaining this row to the one before")}});
  s["AuditPage"] = PageOf("AuditRow");
  return s;
}

}  // namespace

const json::object& ResponseSchemas() {
  static const json::object schemas = Build();
  return schemas;
}

}  // namespace chainscope
