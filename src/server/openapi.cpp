#include "server/openapi.h"

namespace chainscope {
namespace json = boost::json;
namespace {

json::object Param(std::string_view name, std::string_view in, std::string_view description,
                   std::string_view type, bool required = false) {
  return {{"name", name},
          {"in", in},
          {"required", required || in == "path"},
          {"description", description},
          {"schema", json::object{{"type", type}}}};
}

json::object Ref(std::string_view name) {
  return {{"$ref", std::string("#/components/schemas/") + std::string(name)}};
}

json::object Get(std::string_view summary, json::array params, json::object ok_schema, bool can_404 = false) {
  json::object responses{
      {"200",
       json::object{{"description", "OK"},
                    {"content", json::object{{"application/json", json::object{{"schema", ok_schema}}}}}}},
      {"400", json::object{
                  {"description", "Bad request (unknown or malformed parameter)"},
                  {"content", json::object{{"application/json", json::object{{"schema", Ref("Error")}}}}}}}};
  if (can_404)
    responses["404"] =
        json::object{{"description", "Not found"},
                     {"content", json::object{{"application/json", json::object{{"schema", Ref("Error")}}}}}};
  return {{"get",
           json::object{{"summary", summary}, {"parameters", std::move(params)}, {"responses", responses}}}};
}

/// A POST operation taking a JSON object body whose fields are listed in the description.
json::object PostOp(std::string_view summary, std::string_view body_fields, int ok_status = 200) {
  json::object err{{"content", json::object{{"application/json", json::object{{"schema", Ref("Error")}}}}}};
  json::object bad = err, missing = err;
  bad["description"] = "Bad request (malformed JSON, unknown or invalid field)";
  missing["description"] = "Not found";
  return {
      {"summary", summary},
      {"requestBody",
       json::object{{"required", true},
                    {"description", body_fields},
                    {"content", json::object{{"application/json",
                                              json::object{{"schema", json::object{{"type", "object"}}}}}}}}},
      {"responses",
       json::object{
           {std::to_string(ok_status),
            json::object{
                {"description", "OK"},
                {"content", json::object{{"application/json",
                                          json::object{{"schema", json::object{{"type", "object"}}}}}}}}},
           {"400", bad},
           {"404", missing}}}};
}

json::array PageParams() {
  return {Param("limit", "query", "Page size (default 50, at most 1000)", "integer"),
          Param("offset", "query", "Items to skip (default 0)", "integer")};
}

json::value Build() {
  json::array enterprise_params{
      Param("role", "query", "oem, tier1, tier2, material, logistics, dealer or research", "string"),
      Param("place", "query", "Place code (adcode), e.g. 500116 for Jiangjin", "string"),
      Param("province", "query", "Chongqing, Sichuan, OtherChina or Abroad", "string"),
      Param("component", "query", "Component code: only makers of it, e.g. EDS-MOT", "string"),
      Param("q", "query", "Text in the English or Chinese name or the id", "string")};
  for (auto& p : PageParams()) enterprise_params.push_back(p);
  json::array link_params{Param("buyer", "query", "Buyer enterprise id", "string"),
                          Param("supplier", "query", "Supplier enterprise id", "string"),
                          Param("component", "query", "Component code", "string"),
                          Param("buyer_province", "query", "Province of the buyer", "string"),
                          Param("supplier_province", "query", "Province of the supplier", "string")};
  for (auto& p : PageParams()) link_params.push_back(p);
  auto page_of = [](std::string_view item) {
    return json::object{
        {"type", "object"},
        {"properties", json::object{{"total", json::object{{"type", "integer"}}},
                                    {"limit", json::object{{"type", "integer"}}},
                                    {"offset", json::object{{"type", "integer"}}},
                                    {"items", json::object{{"type", "array"}, {"items", Ref(item)}}}}}};
  };
  auto scope_param = [](std::string_view fallback) {
    return Param("buyers", "query",
                 std::string("Whose purchases: oem (vehicle makers) or all (every tier); default ") +
                     std::string(fallback),
                 "string");
  };
  auto limit_param = Param("limit", "query", "Items per list (default 100, at most 100000)", "integer");
  json::array localization_params{
      Param("by", "query",
            "total (default), oem, powertrain, direction, assembly, component, province or place", "string"),
      scope_param("oem"), Param("buyer_province", "query", "Only buyers in this province", "string"),
      Param("oem", "query", "Only this buyer's purchases", "string"),
      Param("component", "query", "Only this component", "string")};
  json::array flow_params{scope_param("all"), Param("component", "query", "Only this component", "string"),
                          Param("assembly", "query", "Only components of this assembly, e.g. BAT", "string"),
                          Param("oem", "query", "Only purchases by this buyer", "string"), limit_param};
  json::array weak_params{
      scope_param("all"), Param("buyer_province", "query", "Only buyers in this province", "string"),
      Param("gap_threshold", "query", "Coverage under which a component is a gap (default 0.5)", "number"),
      limit_param};
  json::array invest_params{
      Param("top", "query", "How many targets (default 20)", "integer"),
      Param("per_component", "query", "At most this many places per component (default 3; 0 = no limit)",
            "integer"),
      Param("radius_km", "query", "Co-location radius (default 100)", "number"),
      Param("capacity", "query", "Annual capacity of the attracted maker (default: median of its makers)",
            "integer"),
      Param("max_share", "query", "Largest share of a buyer's volume the new maker takes (default 0.5)",
            "number"),
      Param("component", "query", "Only this component", "string"),
      Param("province", "query", "Only places in this province", "string")};
  for (std::string_view w : {"gap", "focus", "buyers", "cluster", "resilience"})
    invest_params.push_back(Param("weight_" + std::string(w), "query",
                                  "Score weight of the " + std::string(w) + " part", "number"));
  json::object paths{
      {"/api/v1/health", Get("Service status, store and row counts", {}, json::object{{"type", "object"}})},
      {"/api/v1/openapi.json", Get("This document", {}, json::object{{"type", "object"}})},
      {"/api/v1/places",
       Get("Places (Chongqing districts, Sichuan cities, elsewhere, abroad) with coordinates",
           {Param("province", "query", "Only places in this province", "string")},
           json::object{{"type", "object"},
                        {"properties", json::object{{"places", json::object{{"type", "array"},
                                                                            {"items", Ref("Place")}}}}}})},
      {"/api/v1/taxonomy",
       Get("3 directions × 4 assemblies × component types", {}, json::object{{"type", "object"}})},
      {"/api/v1/calibration", Get("The calibration figures of the dataset against their public targets", {},
                                  json::object{{"type", "object"}})},
      {"/api/v1/enterprises",
       Get("Enterprises, filtered and paginated", enterprise_params, page_of("Enterprise"))},
      {"/api/v1/enterprises/{id}",
       Get("One enterprise with its capabilities, customers, suppliers and vehicle lines",
           {Param("id", "path", "Enterprise id", "string", true)}, Ref("Enterprise"), true)},
      {"/api/v1/links", Get("Supply links, filtered and paginated", link_params, page_of("Link"))},
      {"/api/v1/analytics/localization",
       Get("Local and regional sourcing rates by value and volume, first tier and deep (whole upstream path)",
           localization_params, json::object{{"type", "object"}})},
      {"/api/v1/analytics/flows",
       Get("Origin–destination purchase flows between places and provinces, with a Sankey", flow_params,
           json::object{{"type", "object"}})},
      {"/api/v1/analytics/weak-links",
       Get("Single-sourced pairs, HHI, local coverage, critical suppliers and chain gaps", weak_params,
           json::object{{"type", "object"}})},
      {"/api/v1/analytics/invest",
       Get("Ranked (component, place) investment targets with the gain of one attracted maker", invest_params,
           json::object{{"type", "object"}})},
      {"/api/v1/analytics/invest/what-if",
       json::object{{"post", PostOp("Recompute the measures with one hypothetical maker",
                                    "component (code), place (code), capacity_units, max_share, id, name")}}},
      {"/api/v1/stress",
       json::object{
           {"get",
            Get("Stress and scenario jobs, newest first", {}, json::object{{"type", "object"}})["get"]},
           {"post",
            PostOp("Start a stress sweep (TTS, PI, REI, spend for every supplier; mitigations for the "
                   "riskiest) or a scenario; answers 202 with the job",
                   "ttr_days, horizon_days, alternatives, qualification_days, mitigate (0–50), scenario "
                   "({name, horizon_days, bucket_days, disruptions: [{enterprise|place|province|component, "
                   "start_day, duration_days, capacity_loss, vehicle_plants}]})",
                   202)}}},
      {"/api/v1/stress/{id}",
       json::object{
           {"get", Get("A job: status, progress {done, total}, and the result once done (or the error)",
                       {Param("id", "path", "Job id", "string", true)}, json::object{{"type", "object"}},
                       true)["get"]},
           {"delete", json::object{{"summary", "Cancel a running job, or forget a finished one"},
                                   {"parameters", json::array{Param("id", "path", "Job id", "string", true)}},
                                   {"responses",
                                    json::object{{"202", json::object{{"description", "Cancelling"}}},
                                                 {"200", json::object{{"description", "Forgotten"}}},
                                                 {"404", json::object{{"description", "No such job"}}}}}}}}},
      {"/api/v1/match",
       json::object{{"post", PostOp("Ranked, explained candidates for one demand",
                                    "demand (id) or buyer, component, quantity, start_date, max_distance_km, "
                                    "required_certs, prefer_local, max_share; top, weights, explain")}}},
      {"/api/v1/allocations",
       json::object{{"post", PostOp("Optimal allocation of every open demand (min-cost flow)",
                                    "unmet_penalty_factor, algorithm (network_simplex or cost_scaling)")}}},
  };
  json::object schemas{
      {"Error",
       json::object{
           {"type", "object"},
           {"properties",
            json::object{
                {"error", json::object{{"type", "object"},
                                       {"properties",
                                        json::object{{"code", json::object{{"type", "string"}}},
                                                     {"message", json::object{{"type", "string"}}}}}}}}}}},
      {"Place", json::object{{"type", "object"},
                             {"properties",
                              json::object{{"code", json::object{{"type", "string"}}},
                                           {"name", json::object{{"type", "string"}}},
                                           {"name_zh", json::object{{"type", "string"}}},
                                           {"province", json::object{{"type", "string"}}},
                                           {"lat", json::object{{"type", "number"}, {"nullable", true}}},
                                           {"lon", json::object{{"type", "number"}, {"nullable", true}}}}}}},
      {"Enterprise",
       json::object{{"type", "object"},
                    {"properties", json::object{{"id", json::object{{"type", "string"}}},
                                                {"name", json::object{{"type", "string"}}},
                                                {"name_zh", json::object{{"type", "string"}}},
                                                {"role", json::object{{"type", "string"}}},
                                                {"place", json::object{{"type", "string"}}},
                                                {"province", json::object{{"type", "string"}}},
                                                {"synthetic", json::object{{"type", "boolean"}}}}}}},
      {"Link", json::object{{"type", "object"},
                            {"properties", json::object{{"component", json::object{{"type", "string"}}},
                                                        {"annual_volume", json::object{{"type", "integer"}}},
                                                        {"unit_price_yuan", json::object{{"type", "number"}}},
                                                        {"value_yuan", json::object{{"type", "number"}}},
                                                        {"distance_km", json::object{{"type", "number"},
                                                                                     {"nullable", true}}}}}}},
  };
  return json::object{
      {"openapi", "3.0.3"},
      {"info",
       json::object{
           {"title", "chainscope API"},
           {"version", "1.0.0"},
           {"description",
            "The Chengdu–Chongqing automotive industry chain: places, taxonomy, enterprises and supply "
            "links. Money in yuan, quantities per year, shares as fractions 0–1."}}},
      {"paths", std::move(paths)},
      {"components", json::object{{"schemas", std::move(schemas)}}},
  };
}

}  // namespace

const json::value& OpenApiDocument() {
  static const json::value doc = Build();
  return doc;
}

}  // namespace chainscope
