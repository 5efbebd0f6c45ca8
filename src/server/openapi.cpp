#include "server/openapi.h"

#include <algorithm>

#include "server/routes.h"
#include "view/schemas.h"

namespace chainscope {
namespace json = boost::json;
namespace {

json::object Ref(std::string_view name) {
  return {{"$ref", std::string("#/components/schemas/") + std::string(name)}};
}

json::array Values(const std::vector<std::string>& values) {
  json::array out;
  for (const std::string& v : values) out.emplace_back(v);
  return out;
}

/// A field's schema: its type, bounds and values, as the door checks them (request_check.h).
json::object Schema(const FieldDoc& f) {
  json::object schema{{"type", f.type}};
  if (f.type == "array") {
    json::object items{{"type", "string"}};
    if (!f.allowed.empty()) items["enum"] = Values(f.allowed);
    schema["items"] = std::move(items);
  } else if (!f.allowed.empty()) {
    schema["enum"] = Values(f.allowed);
  }
  if (f.minimum) schema["minimum"] = *f.minimum;
  if (f.maximum) schema["maximum"] = *f.maximum;
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
      return "Read-only server, overloaded (over the time budget or the queue bound; Retry-After), or "
             "stopped "
             "at the request deadline (serve --request-timeout)";
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
  statuses.push_back(400);  // every route refuses query parameters it does not document
  if (route.cost == Cost::kHeavy) statuses.push_back(503);  // over the time budget or the queue bound
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  for (int status : statuses) {
    json::object r{{"description", Describe(status)}};
    const json::object schema = Ref(status >= 400 ? "Error" : doc.response_schema);
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
  json::object schemas = ResponseSchemas();
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
