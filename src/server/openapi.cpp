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
