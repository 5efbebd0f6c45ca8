#include "server/openapi.h"

#include <algorithm>

#include "server/routes.h"

namespace chainscope {
namespace json = boost::json;
namespace {

json::object Ref(std::string_view name) {
  return {{"$ref", std::string("#/components/schemas/") + std::string(name)}};
}

json::object Schema(const FieldDoc& f) {
  json::object schema{{"type", f.type}};
  if (f.type == "array") schema["items"] = json::object{{"type", "string"}};
  return schema;
}

json::object Parameter(const FieldDoc& f, std::string_view in) {
  return {{"name", f.name},
          {"in", in},
          {"required", f.required || in == "path"},
          {"description", f.description},
          {"schema", Schema(f)}};
}

std::string_view Describe(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 400:
      return "Bad request: malformed, unknown or invalid parameter or field";
    case 404:
      return "Not found";
    case 409:
      return "Conflict: the id is taken";
    case 412:
      return "Precondition failed: the record changed since it was read (If-Match)";
    case 401:
      return "Not signed in, or the token is unknown, revoked or expired";
    case 403:
      return "Your role may not do this, or a cross-site write (no X-Requested-With: chainscope)";
    case 429:
      return "Too many requests (Retry-After)";
    case 503:
      return "Read-only server, or overloaded (Retry-After)";
    default:
      return "See the error body";
  }
}

json::object Operation(const Route& route) {
  const OperationDoc& doc = route.doc;
  json::array parameters;
  for (const FieldDoc& f : doc.path) parameters.push_back(Parameter(f, "path"));
  for (const FieldDoc& f : doc.query) parameters.push_back(Parameter(f, "query"));
  if (!route.table.empty())
    parameters.push_back(Parameter({"format", "string",
                                    "json (default), csv (UTF-8 with BOM) or xlsx (Excel): the '" +
                                        route.table + "' list as a table; also chosen by Accept"},
                                   "query"));
  for (const std::string& h : doc.headers)
    parameters.push_back(Parameter({h, "string", h == "If-Match" ? "The record's ETag" : ""}, "header"));
  json::object responses;
  // The pipeline's own answers: authentication and permission (from the route's access), the rate limit.
  std::vector<int> statuses = doc.statuses;
  if (route.access != Access::kPublic) statuses.push_back(401);
  if (route.access != Access::kPublic && route.access != Access::kSignedIn) statuses.push_back(403);
  statuses.push_back(429);
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  for (int status : statuses) {
    json::object r{{"description", Describe(status)}};
    const json::object schema = status >= 400                 ? Ref("Error")
                                : doc.response_schema.empty() ? json::object{{"type", "object"}}
                                                              : Ref(doc.response_schema);
    r["content"] = json::object{{"application/json", json::object{{"schema", schema}}}};
    responses[std::to_string(status)] = std::move(r);
  }
  for (int status : {405, 500})
    responses[std::to_string(status)] = json::object{
        {"description", status == 405 ? "Method not allowed (Allow lists the methods)" : "Internal error"},
        {"content", json::object{{"application/json", json::object{{"schema", Ref("Error")}}}}}};
  json::object op{{"summary", doc.summary},
                  {"operationId", route.method + " " + route.pattern},
                  {"x-permission", ToString(route.access)},
                  {"parameters", std::move(parameters)},
                  {"responses", std::move(responses)}};
  if (!doc.body.empty()) {
    json::object properties;
    json::array required;
    for (const FieldDoc& f : doc.body) {
      json::object p = Schema(f);
      p["description"] = f.description;
      properties[f.name] = std::move(p);
      if (f.required) required.emplace_back(json::string(f.name));
    }
    json::object schema{
        {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
    if (!required.empty()) schema["required"] = std::move(required);
    op["requestBody"] =
        json::object{{"required", true},
                     {"content", json::object{{"application/json", json::object{{"schema", schema}}}}}};
  }
  return op;
}

json::value Build() {
  json::object paths;
  for (const Route& route : RouteTable()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& entry = paths[route.pattern];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[method] = Operation(route);
  }
  json::object schemas{
      {"Error",
       json::object{
           {"type", "object"},
           {"properties",
            json::object{
                {"error",
                 json::object{{"type", "object"},
                              {"properties",
                               json::object{{"code", json::object{{"type", "string"}}},
                                            {"message", json::object{{"type", "string"}}},
                                            {"field", json::object{{"type", "string"},
                                                                   {"description",
                                                                    "The request field or query parameter "
                                                                    "to fix, when the error names one"}}},
                                            {"request_id", json::object{{"type", "string"}}}}}}}}}}},
      {"Place",
       json::object{
           {"type", "object"},
           {"properties",
            json::object{{"code", json::object{{"type", "string"}}},
                         {"name", json::object{{"type", "string"}}},
                         {"name_zh", json::object{{"type", "string"}}},
                         {"province", json::object{{"type", "string"}}},
                         {"lat", json::object{{"type", "number"}, {"nullable", true}}},
                         {"lon", json::object{{"type", "number"}, {"nullable", true}}},
                         {"pilot", json::object{{"type", "string"},
                                                {"nullable", true},
                                                {"description",
                                                 "western_chongqing or sichuan: one of the 16 places "
                                                 "of the joint investment-promotion pilot"}}}}}}},
      {"Enterprise",
       json::object{{"type", "object"},
                    {"properties", json::object{{"id", json::object{{"type", "string"}}},
                                                {"name", json::object{{"type", "string"}}},
                                                {"name_zh", json::object{{"type", "string"}}},
                                                {"role", json::object{{"type", "string"}}},
                                                {"place", json::object{{"type", "string"}}},
                                                {"province", json::object{{"type", "string"}}},
                                                {"synthetic", json::object{{"type", "boolean"}}}}}}},
      {"Page", json::object{{"type", "object"},
                            {"properties", json::object{{"total", json::object{{"type", "integer"}}},
                                                        {"limit", json::object{{"type", "integer"}}},
                                                        {"offset", json::object{{"type", "integer"}}},
                                                        {"items", json::object{{"type", "array"}}}}}}},
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
      {"components",
       json::object{
           {"schemas", std::move(schemas)},
           {"securitySchemes",
            json::object{
                {"token", json::object{{"type", "http"}, {"scheme", "bearer"}}},
                {"session", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "cs_session"}}}}}}},
      {"security", json::array{json::object{}, json::object{{"token", json::array{}}},
                               json::object{{"session", json::array{}}}}},
  };
}

}  // namespace

const json::value& OpenApiDocument() {
  static const json::value doc = Build();
  return doc;
}

}  // namespace chainscope
