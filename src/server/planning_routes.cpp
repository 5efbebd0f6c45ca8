// server: the routes of planning — site selection for an enterprise's new plant (a POST whose body is
// flattened into the service's named parameters) and the localization frontier. Each handler reads its
// checked request, calls service/planning.h and renders view/planning_json.h.
#include <fmt/format.h>

#include "core/number_text.h"
#include "server/handlers.h"
#include "server/route_parts.h"
#include "service/planning.h"
#include "view/planning_json.h"

namespace chainscope::route_parts {
namespace {
namespace json = boost::json;
using handlers::BodyObject;
using handlers::Json;
using handlers::QueryParams;

/// The body's fields as named texts: numbers in plain decimals, candidates comma-joined, weights.<part> as
/// weight_<part>; errors name the body's field.
Params BodyParams(const json::object& body) {
  std::map<std::string, std::string> values;
  const auto text = [](const json::value& v, std::string_view field) -> std::string {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_bool()) return v.as_bool() ? "true" : "false";
    if (v.is_number()) return PlainNumber(v.to_number<double>());
    throw InvalidInput(fmt::format("field '{}' must be a string, a number or a boolean", field));
  };
  for (const auto& kv : body) {
    const std::string key(kv.key());
    if (key == "candidates") {
      std::string joined;
      for (const json::value& c : kv.value().as_array()) {
        if (!c.is_string()) throw InvalidInput("field 'candidates' must list place codes or park ids");
        const std::string id(c.as_string());
        if (id.find(',') != std::string::npos)
          throw InvalidInput(fmt::format("field 'candidates': bad id '{}'", id));
        joined += (joined.empty() ? "" : ",") + id;
      }
      values[key] = joined;
    } else if (key == "weights") {
      for (const auto& w : kv.value().as_object()) {
        const std::string part(w.key());
        if (std::find(kSuitabilityParts.begin(), kSuitabilityParts.end(), part) == kSuitabilityParts.end())
          throw InvalidInput(
              fmt::format("field 'weights.{}': unknown part (buyers, demands, focus, cluster, "
                          "incentives, logistics)",
                          part));
        values["weight_" + part] = text(w.value(), "weights." + part);
      }
    } else {
      values[key] = text(kv.value(), key);
    }
  }
  return Params(std::move(values), [](std::string_view name) {
    return name.starts_with("weight_") ? fmt::format("field 'weights.{}'", name.substr(7))
                                       : fmt::format("field '{}'", name);
  });
}

HttpResponse SiteSelection(const Api& api, RequestContext& ctx) {
  const Network& net = *ctx.state->chain;
  const SiteSelectionAnswer a =
      AnswerSiteSelection(api.platform(), *ctx.state, ctx.principal, BodyParams(BodyObject(ctx)), ctx.stop());
  return Json(SiteSelectionJson(net, a));
}

HttpResponse LocalizationFrontier(const Api&, RequestContext& ctx) {
  const Network& net = *ctx.state->chain;
  return Json(FrontierJson(net, AnswerFrontier(net, QueryParams(ctx), ctx.stop())));
}

}  // namespace

void AddPlanningRoutes(std::vector<Route>& r) {
  std::vector<FieldDoc> site{
      {"enterprise", "string", "The enterprise that builds (a member: its own)", true},
      {"component", "string", "The component the plant makes", true},
      Ranged({"capacity", "integer", "Annual capacity of each new plant, units", true}, 1, kMaxCapacityUnits),
      Ranged({"sites", "integer", "At most this many new plants (default 1)"}, 0, kMaxSites),
      Ranged({"radius_km", "number",
              "Delivery radius, km (default: none; far purchases are then those from "
              "outside the buyer's province)"},
             1, kMaxSiteRadiusKm),
      {"candidates", "array",
       "Place codes or park ids (default: every place of Sichuan and Chongqing and "
       "every demonstration park)"},
      {"keep_existing", "boolean",
       "Keep the enterprise's existing plant open with its spare capacity "
       "(default true)"},
      Ranged({"max_share", "number",
              "Largest share of a buyer's volume taken from its far suppliers "
              "(default 0.5)"},
             0.01, 1),
      {"weights", "object",
       "Suitability weights {buyers, demands, focus, cluster, incentives, logistics}, "
       "fractions summing to 1 (all six)"},
      Ranged({"investment_yuan_per_unit", "number",
              "Investment per unit of annual capacity, yuan (default 0.8 × "
              "the component's price)"},
             0, kMaxCostRateYuan),
      Ranged({"land_share", "number", "Share of the investment that is land (default 0.2)"}, 0, 1),
      Ranged({"amortisation_years", "number", "Years the investment is spread over (default 10)"}, 1, 100),
      Ranged({"transport_yuan_per_unit_km", "number",
              "Transport cost, yuan per unit-km (default 0.00005 × "
              "price, at least 0.0001)"},
             0, kMaxCostRateYuan),
      Ranged({"unmet_penalty_yuan_per_unit", "number",
              "Penalty per unit left unserved, yuan (default 0.15 × "
              "price)"},
             0, kMaxCostRateYuan),
      Ranged({"time_limit_seconds", "number", "The solver's time limit (default 10)"}, 0.1,
             kMaxSiteTimeLimitSeconds)};
  r.push_back(
      {"POST",
       "/api/v1/analytics/site-selection",
       Access::kSignedIn,
       Cost::kHeavy,
       false,
       SiteSelection,
       {"Where to build: a capacitated facility-location MIP (CBC) for an enterprise's new plants — the "
        "cost model, the chosen sites and whom they serve, the bound and gap, every candidate's "
        "suitability with the sensitivity of first place to each weight, and the before/after of "
        "local sourcing and Sichuan↔Chongqing flows. A member asks for its own enterprise (403 "
        "otherwise); analysts, bureaus, coordinators and admins for any",
        {},
        {},
        site,
        "",
        {200, 400, 401, 403}}});
  r.push_back(
      {"GET",
       "/api/v1/analytics/localization-frontier",
       Access::kAnalyst,
       Cost::kHeavy,
       true,
       LocalizationFrontier,
       {"How far the local share of vehicle makers' purchases (by value) can rise for each allowed cost "
        "premium, re-sourcing to local makers with spare capacity (a parametric LP, warm-started); per "
        "component; where the target is reached, or which components' missing capacity stops it",
        {OneOf({"province", "string", "Chongqing (default), Sichuan or region"},
               {"Chongqing", "Sichuan", "region"}),
         OneOf({"powertrain", "string", "ice, nev or all (default)"}, {"ice", "nev", "all"}),
         Ranged(
             {"max_premium", "number", "Largest premium, a fraction of today's purchase value (default 0.2)"},
             0, kMaxFrontierPremium),
         Ranged({"steps", "integer", "Points from 0 to max_premium (default 21)"}, 2, kMaxFrontierSteps),
         Ranged({"target", "number", "The local share asked (default 0.3)"}, 0.001, 1),
         Ranged({"max_share", "number", "Largest share of a buyer's volume per supplier (default 0.5)"}, 0.01,
                1),
         Ranged({"switching_cost", "number",
                 "Cost of moving a unit besides the price difference, a fraction of today's price (default "
                 "0.05)"},
                0, 1),
         {"component", "string", "Only this component's purchases move"}},
        {},
        {},
        "",
        {200, 400, 401, 403}}});
}

}  // namespace chainscope::route_parts
