// server: the one route table. Each route is one entry — method, path pattern with named parameters,
// required permission, cost class, handler and its OpenAPI operation. The pipeline (api.cpp) matches
// requests against it (unknown /api paths: 404; a known path with another method: 405 with Allow),
// refuses query parameters and body fields the operation does not document, and the OpenAPI document
// (openapi.cpp) is generated from it: a route cannot exist undocumented.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/http.h"
#include "service/access.h"

namespace chainscope {

class Api;

/// Where a route runs: light ones on the I/O thread (bounded, microseconds), heavy ones (engines at scale,
/// writes) on the compute pool with a time budget.
enum class Cost { kLight, kHeavy };

/// One documented parameter or body field. `type` is a JSON Schema type (string, integer, number,
/// boolean, array, object).
/// The declaration is also the check: the pipeline (server/request_check.h) refuses a value of another type,
/// outside [minimum, maximum] or not one of `allowed` before the handler runs, and the OpenAPI document
/// states the same bounds — one source for the docs and the door.
struct FieldDoc {
  std::string name;
  std::string type;
  std::string description = {};
  bool required = false;
  std::optional<double> minimum = {};
  std::optional<double> maximum = {};
  std::vector<std::string> allowed = {};  // its values (an array field: its items' values)
  std::string noun = {};                  // what a value is, for the error: "unknown province 'Tibet'"
  /// The use case checks the value against the same declaration with more context (a record's fields
  /// against core/schema, every invalid field at once); the door then only refuses the unknown field.
  bool checked_by_use_case = false;
};
/// The largest number a stored row's integer id or a list's offset may be (10^15: exact in a double, and so
/// in JSON).
inline constexpr double kMaxRecordNumber = 1e15;
/// An integer id in a path ({id} of an account, a webhook, a registration …): 1 … kMaxRecordNumber.
FieldDoc IntegerId(std::string name, std::string description);
/// `f` with bounds, or with its values listed (named `noun` in the error, when given).
FieldDoc Ranged(FieldDoc f, std::optional<double> minimum, std::optional<double> maximum);
FieldDoc OneOf(FieldDoc f, std::vector<std::string> allowed, std::string noun = {});

struct OperationDoc {
  std::string summary;
  std::vector<FieldDoc> query = {};  // every query parameter the route accepts
  std::vector<FieldDoc> path = {};   // the pattern's {names}, described
  std::vector<FieldDoc> body = {};   // a JSON object body's fields; empty = no body
  std::string response_schema = {};  // its answer's schema: a name in view/schemas.h (every route has one)
  std::vector<int> statuses{200};    // success and error statuses it can answer
  std::vector<std::string> headers = {};  // request headers it reads (If-Match, …)
};

struct RequestContext;
using Handler = std::function<HttpResponse(const Api&, RequestContext&)>;

struct Route {
  std::string method;               // GET (also answers HEAD), POST, PUT, DELETE
  std::string pattern;              // "/api/v1/demands/{id}/close"
  Access access = Access::kPublic;  // who may call it (service/access.h); what they see is the views' job
  Cost cost = Cost::kLight;
  bool cacheable = false;  // a GET whose answer depends only on the query and the platform state
  Handler handler;
  OperationDoc doc;
  /// The key of the list its answer holds ("items", "rows"), when it is a table: the route then also
  /// answers ?format=csv|xlsx (or Accept: text/csv | the XLSX type) with that list as a table (io/table.h).
  std::string table = {};
  /// The largest request body it takes (0: the server's kMaxBodyBytes): uploads of files say more.
  std::size_t max_body_bytes = 0;
};

/// Every route of the API, in the order the OpenAPI document lists them.
std::span<const Route> RouteTable();

struct RouteMatch {
  const Route* route = nullptr;                    // null: no route for this method
  std::map<std::string, std::string> path_params;  // percent-decoded segments
  std::vector<std::string> allowed;                // methods the path answers (for 405's Allow)
};
/// Matches a method and a path given as its segments, each percent-decoded on its own (so an encoded '/'
/// stays inside its segment); a {name} matches one non-empty segment.
RouteMatch MatchRoute(std::span<const Route> routes, std::string_view method,
                      std::span<const std::string> segments);

}  // namespace chainscope
