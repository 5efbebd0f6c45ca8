// The API's contract in tests: what an answer breaks of the schema the OpenAPI document gives for its
// route and status (view/schemas.h), so that a test holding real answers to it fails on drift.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "io/json_schema.h"
#include "server/http.h"
#include "server/openapi.h"
#include "server/routes.h"

namespace chainscope::testing {

/// Empty when `answer` (to `method` on the route `pattern`, e.g. "/api/v1/stress/{id}") is a documented
/// status whose body fits its schema; otherwise what is wrong.
inline std::vector<std::string> ContractViolations(std::string method, const std::string& pattern,
                                                   const HttpResponse& answer) {
  namespace json = boost::json;
  const json::value& doc = OpenApiDocument();
  for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json::value* path = doc.at("paths").as_object().if_contains(pattern);
  if (!path || !path->as_object().contains(method)) return {"no route " + method + " " + pattern};
  const json::value* response =
      path->at(method).at("responses").as_object().if_contains(std::to_string(answer.status));
  if (!response) return {"status " + std::to_string(answer.status) + " is not documented"};
  boost::system::error_code ec;
  const json::value body = json::parse(answer.body, ec);
  if (ec) return {"not JSON: " + answer.body.substr(0, 200)};
  return schema::Violations(body, response->at("content").at("application/json").at("schema").as_object(),
                            doc.at("components").at("schemas").as_object());
}

/// The same for a request to `target` (a path with an optional query): the route is the one the pipeline
/// would match. Answers that are not JSON (CSV, XLSX, HEAD) and paths outside the API are not checked.
inline std::vector<std::string> ContractViolationsOf(const std::string& method, const std::string& target,
                                                     const HttpResponse& answer) {
  const std::string path = target.substr(0, target.find('?'));
  if (!path.starts_with("/api/") || !answer.content_type.starts_with("application/json") || method == "HEAD")
    return {};
  std::vector<std::string> segments;
  for (std::size_t at = 1; at <= path.size();) {
    const std::size_t slash = std::min(path.find('/', at), path.size());
    segments.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  const RouteMatch match = MatchRoute(RouteTable(), method, segments);
  if (!match.route) return {};
  std::vector<std::string> out = ContractViolations(method, match.route->pattern, answer);
  for (std::string& v : out) v = method + " " + target + ": " + v;
  return out;
}

}  // namespace chainscope::testing
