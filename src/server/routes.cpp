#include "server/routes.h"
#include "server/route_parts.h"

#include "io/records.h"

#include <fmt/format.h>
#include <cmath>
#include <stdexcept>

#include "core/schema.h"
#include "server/api.h"
#include "server/handlers.h"
#include "service/matching.h"
#include "service/params.h"
#include "view/schemas.h"

namespace chainscope {
namespace route_parts {

using handlers::Json;

const std::vector<std::string> kProvinces{"Chongqing", "Sichuan", "OtherChina", "Abroad"};

std::vector<FieldDoc> PageParams() {
  return {
      Ranged({"limit", "integer", fmt::format("Page size (default {})", kDefaultPageSize)}, 0, kMaxPageSize),
      Ranged({"offset", "integer", "Items to skip (default 0)"}, 0, kMaxRecordNumber)};
}

FieldDoc ProvinceParam(std::string name, std::string description) {
  return OneOf({std::move(name), "string", std::move(description)}, kProvinces, "province");
}

FieldDoc Scope(std::string_view fallback) {
  return OneOf(
      {"buyers", "string",
       fmt::format("Whose purchases: oem (vehicle makers) or all (every tier); default {}", fallback)},
      {"oem", "all"});
}

}  // namespace route_parts

namespace {

using namespace route_parts;
using handlers::Json;

/// A field of a match's inline demand: the demand's own validation checks it (naming the demand's field).
FieldDoc Inline(FieldDoc f) {
  f.checked_by_use_case = true;
  return f;
}

std::vector<FieldDoc> MatchFields() {
  return {
      {"demand", "string", "A stored demand id; or the inline fields below"},
      {"buyer", "string", "Buyer enterprise id (inline demand)"},
      {"component", "string", "Component code (inline demand)"},
      Inline(Ranged({"quantity", "integer", "Units a year (inline demand)"}, 1, kMaxAnnualUnits)),
      {"start_date", "string", "YYYY-MM-DD; offers ending before it are excluded"},
      Inline(Ranged({"max_distance_km", "number", "Farthest supplier, great-circle km"}, 0, kMaxDistanceKm)),
      {"required_certs", "array", "Certifications every candidate must hold"},
      {"prefer_local", "boolean", "Doubles the weight of the local part"},
      Inline(Ranged({"max_share", "number", "Largest share one supplier may take, (0, 1]"}, kMinShare, 1)),
      Ranged({"top", "integer", "Candidates to return (default 10)"}, 1, 1000),
      {"weights", "object",
       "Score weights by part name: fit, capacity, price, distance, quality, local, "
       "concentration, correlated"},
      {"explain", "string", "A supplier id: why it ranks where it does, or why it is excluded"}};
}

std::vector<Route> Build() {
  using namespace handlers;
  std::vector<Route> r;
  auto get = [&](std::string pattern, Handler h, OperationDoc doc, bool cacheable = true,
                 Cost cost = Cost::kLight, Access p = Access::kPublic) {
    r.push_back({"GET", std::move(pattern), p, cost, cacheable, std::move(h), std::move(doc)});
  };
  get("/api/v1/health", Health, {"Service status, store kind, schema version, revision and row counts"});
  get("/api/v1/openapi.json", OpenApi, {"This document, generated from the route table"});
  get("/api/v1/places", PlacesList,
      {"Places (Chongqing districts, Sichuan cities, elsewhere, abroad) with coordinates and enterprise "
       "counts",
       {ProvinceParam("province", "Only places in this province")}});
  get("/api/v1/taxonomy", Taxonomy, {"3 directions × 4 assemblies × component types"});
  get("/api/v1/calibration", Calibration,
      {"The calibration figures of the dataset against their public targets"});
  // The directory's filters, shared by the list and its counts per place.
  const std::vector<FieldDoc> directory_filters{
      OneOf({"role", "string", "Only enterprises of this role"},
            {"oem", "tier1", "tier2", "material", "logistics", "dealer", "institute"}, "role"),
      {"place", "string", "Place code (adcode), e.g. 500116 for Jiangjin"},
      ProvinceParam("province", "Only enterprises in this province"),
      {"component", "string", "Component code: only makers of it, e.g. EDS-MOT"},
      {"assembly", "string", "Assembly code: only makers of one of its components, e.g. EDS"},
      {"certification", "string", "Only holders of this certification, e.g. IATF 16949"},
      {"q", "string", "Text in the English or Chinese name, the id or the credit code"}};
  get("/api/v1/enterprises", EnterpriseList,
      {"Enterprises, filtered and paginated", Join(directory_filters, PageParams()), {}, {}, "", {200, 400}});
  get("/api/v1/places/enterprises", EnterprisesByPlaceList,
      {"How many enterprises the directory's filters select, per place: by map group (the assembly of an "
       "enterprise's first component, else OEM or OTHER) and parts makers; and every certification held in "
       "the directory. What a map draws, without the directory",
       directory_filters,
       {},
       {},
       "",
       {200, 400}});
  get("/api/v1/enterprises/{id}", EnterpriseOne,
      {"One enterprise with its capabilities, customers, suppliers and vehicle lines",
       {},
       {{"id", "string", "Enterprise id", true}},
       {},
       "",
       {200, 404}});
  const std::vector<FieldDoc> link_filters{{"buyer", "string", "Buyer enterprise id"},
                                           {"supplier", "string", "Supplier enterprise id"},
                                           {"component", "string", "Component code"},
                                           ProvinceParam("buyer_province", "Province of the buyer"),
                                           ProvinceParam("supplier_province", "Province of the supplier")};
  get("/api/v1/links", LinkList,
      {"Supply links, filtered and paginated", Join(link_filters, PageParams()), {}, {}, "", {200, 400}},
      true, Cost::kLight, Access::kSignedIn);
  // Per-buyer purchases are each buyer's confidential data: chain analytics, for those who read it all.
  get("/api/v1/links/buyers", LinkBuyerList,
      {"The buyers of the links the filters select, each with its purchases: value, volume, suppliers and "
       "the share of the value bought in its own province; largest first",
       link_filters,
       {},
       {},
       "",
       {200, 400}},
      true, Cost::kLight, Access::kAnalyst);
  r.push_back(
      {"POST",
       "/api/v1/match",
       Access::kSignedIn,
       Cost::kHeavy,
       false,
       Match,
       {"Ranked, explained candidates for one demand", {}, {}, MatchFields(), "", {200, 400, 403, 404}}});
  r.push_back(
      {"POST",
       "/api/v1/allocations",
       Access::kSignedIn,
       Cost::kHeavy,
       false,
       Allocations,
       {"Optimal allocation of every open demand (min-cost flow), with its cost {demands, supply_nodes, "
        "arcs_at_most, arcs_bound}; refused with 400 when arcs_at_most is over the server's bound "
        "(serve --max-allocation-arcs)",
        {},
        {},
        {Ranged({"unmet_penalty_factor", "number",
                 "Cost of an unmet unit ÷ the component's typical unit price (default 3)"},
                kMinUnmetPenaltyFactor, kMaxUnmetPenaltyFactor),
         OneOf({"algorithm", "string", "The min-cost-flow algorithm (default network_simplex)"},
               {"network_simplex", "cost_scaling"})},
        "",
        {200, 400}}});
  AddRecordRoutes(r);
  const FieldDoc limit =
      Ranged({"limit", "integer", fmt::format("Items per list (default {})", kDefaultAnalyticsListSize)}, 0,
             kMaxAnalyticsListSize);
  get("/api/v1/analytics/localization", Localization,
      {"Local and regional sourcing rates by value and volume, first tier and deep (whole upstream path)",
       {OneOf({"by", "string", "How rows are grouped (default total)"},
              {"total", "oem", "powertrain", "direction", "assembly", "component", "province", "place"}),
        Scope("oem"),
        ProvinceParam("buyer_province", "Only buyers in this province"),
        {"oem", "string", "Only this buyer's purchases"},
        {"component", "string", "Only this component"}}},
      true, Cost::kHeavy, Access::kAnalyst);
  get("/api/v1/analytics/flows", Flows,
      {"Origin–destination purchase flows between places and provinces, with a Sankey",
       {Scope("all"),
        {"component", "string", "Only this component"},
        {"assembly", "string", "Only components of this assembly, e.g. BAT"},
        {"oem", "string", "Only purchases by this buyer"},
        limit}},
      true, Cost::kHeavy, Access::kAnalyst);
  get("/api/v1/analytics/weak-links", WeakLinks,
      {"Single-sourced pairs, HHI, local coverage, critical suppliers and chain gaps",
       {Scope("all"), ProvinceParam("buyer_province", "Only buyers in this province"),
        Ranged({"gap_threshold", "number", "Coverage under which a component is a gap (default 0.5)"}, 0,
               kMaxGapThreshold),
        limit}},
      true, Cost::kHeavy, Access::kAnalyst);
  std::vector<FieldDoc> invest{
      Ranged({"top", "integer", "How many targets (default 20)"}, 0, kMaxRankedTargets),
      Ranged({"per_component", "integer", "At most this many places per component (default 3; 0 = no limit)"},
             0, kMaxRankedTargets),
      Ranged({"radius_km", "number", "Co-location radius, km (default 100)"}, 0, 5000),
      Ranged(
          {"capacity", "integer", "Annual capacity of the attracted maker (default: median of its makers)"},
          1, kMaxCapacityUnits),
      Ranged({"max_share", "number",
              "Largest share of a buyer's volume the new maker takes, (0, 1] (default 0.5)"},
             kMinShare, 1),
      {"component", "string", "Only this component"},
      ProvinceParam("province", "Only places in this province")};
  for (std::string_view w : {"gap", "focus", "buyers", "cluster", "resilience"})
    invest.push_back(Ranged(
        {fmt::format("weight_{}", w), "number", fmt::format("Score weight of the {} part", w)}, 0, 1e6));
  get("/api/v1/analytics/invest", Invest,
      {"Ranked (component, place) investment targets with the gain of one attracted maker", invest}, true,
      Cost::kHeavy, Access::kAnalyst);
  r.push_back(
      {"POST",
       "/api/v1/analytics/invest/what-if",
       Access::kAnalyst,
       Cost::kHeavy,
       false,
       WhatIf,
       {"Recompute the measures with one hypothetical maker, with its cost {links, links_bound}; "
        "refused with 400 when the chain has more links than the server's bound (serve "
        "--max-what-if-links)",
        {},
        {},
        {{"component", "string", "Component code", true},
         {"place", "string", "Place code", true},
         Ranged({"capacity_units", "integer", "Annual capacity (default: median of its makers)"}, 1,
                kMaxCapacityUnits),
         Ranged({"max_share", "number", "Largest share of a buyer's volume it takes, (0, 1]"}, kMinShare, 1),
         {"id", "string", "Id of the hypothetical maker"},
         {"name", "string", "Its name"}},
        "",
        {200, 400}}});
  get("/api/v1/duplicates", Duplicates,
      {"Likely duplicate enterprises (the same company under another spelling), highest score first, each "
       "pair "
       "with its reasons; found is how many pairs reach the threshold",
       {Ranged({"threshold", "number", "Least score of a pair (default 0.8)"}, 0, 1), limit}},
      true, Cost::kHeavy, Access::kAnalyst);
  r.push_back(
      {"POST",
       "/api/v1/duplicates/merge",
       Access::kAdmin,
       Cost::kHeavy,
       false,
       MergeDuplicates,
       {"Merge enterprise drop into keep (links, capabilities, demands, offers, responses, deals, accounts "
        "and settings move; audit-logged); 409 when a move would duplicate a link (admin)",
        {},
        {},
        {{"keep", "string", "The enterprise that stays", true},
         {"drop", "string", "The duplicate merged into it and deleted", true}},
        "",
        {200, 400, 401, 403, 404, 409}}});
  get("/api/v1/stress", StressList, {"Stress and scenario jobs, newest first"}, false, Cost::kLight,
      Access::kAnalyst);
  r.push_back(
      {"POST",
       "/api/v1/stress",
       Access::kAnalyst,
       Cost::kHeavy,  // a scenario is planned (its program sized) before it is accepted
       false,
       StressStart,
       {"Start a stress sweep (TTS, PI, REI, spend for every supplier; mitigations for the riskiest) or "
        "a scenario; answers 202 with the job (status queued, its parts) and what it will cost: {nodes, "
        "nodes_bound} for a sweep, {buckets, bucket_days, horizon_days, lp_columns, runs, "
        "largest_lp_columns(_bound), result_cells(_bound)} for a scenario. A scenario naming an unknown "
        "target, or a job over the server's bounds (serve --max-sweep-nodes, --max-scenario-columns, "
        "--max-scenario-results), is refused with 400; 429 when the bound on queued and running jobs (8 by "
        "default) is reached",
        {},
        {},
        {Ranged({"ttr_days", "number", "Time to recover of every node (default: each enterprise's)"}, 0,
                kMaxStressDays),
         Ranged({"horizon_days", "number", "TTS is at most this (default 365)"}, 1, kMaxStressDays),
         {"alternatives", "boolean", "Let makers with free capacity join after qualification"},
         Ranged({"qualification_days", "number", "Days to qualify an alternative (default 30)"}, 0,
                kMaxStressDays),
         Ranged({"mitigate", "integer", "Mitigations for the N riskiest nodes"}, 0, kMaxMitigations),
         {"scenario", "object",
          "{name, horizon_days, bucket_days, disruptions: [{enterprise|place|province|component, "
          "start_day, duration_days, capacity_loss, vehicle_plants}]}"}},
        "",
        {202, 400, 429}}});
  const FieldDoc job{"id", "string", "Job id", true};
  get("/api/v1/stress/{id}", StressGet,
      {"A job: status (queued, running, done, cancelled, failed), progress {done, total}, its parts "
       "(run by any server's workers), and the result once done (or the error)",
       {},
       {job},
       {},
       "",
       {200, 404}},
      false, Cost::kLight, Access::kAnalyst);
  r.push_back(
      {"DELETE",
       "/api/v1/stress/{id}",
       Access::kAnalyst,
       Cost::kLight,
       false,
       StressDelete,
       {"Cancel a running job (202), or forget a finished one (200)", {}, {job}, {}, "", {200, 202, 404}}});
  AddDealRoutes(r);
  AddAccountRoutes(r);
  AddPromotionRoutes(r);
  AddPlanningRoutes(r);
  AddImportRoutes(r);
  AddRegistrationRoutes(r);
  AddServiceRoutes(r);
  // The routes whose answer is a table, and the key of its list.
  const std::map<std::pair<std::string, std::string>, std::string> tables{
      {{"GET", "/api/v1/places"}, "items"},
      {{"GET", "/api/v1/calibration"}, "figures"},
      {{"GET", "/api/v1/enterprises"}, "items"},
      {{"GET", "/api/v1/links"}, "items"},
      {{"GET", "/api/v1/demands"}, "items"},
      {{"GET", "/api/v1/offers"}, "items"},
      {{"POST", "/api/v1/match"}, "candidates"},
      {{"POST", "/api/v1/allocations"}, "assignments"},
      {{"GET", "/api/v1/analytics/localization"}, "rows"},
      {{"GET", "/api/v1/analytics/flows"}, "places"},
      {{"GET", "/api/v1/analytics/weak-links"}, "critical_suppliers"},
      {{"GET", "/api/v1/analytics/invest"}, "targets"},
      {{"GET", "/api/v1/responses"}, "items"},
      {{"GET", "/api/v1/deals"}, "items"},
      {{"GET", "/api/v1/audit"}, "items"},
      {{"GET", "/api/v1/stress"}, "jobs"},
      {{"GET", "/api/v1/duplicates"}, "pairs"},
      {{"GET", "/api/v1/leads"}, "items"},
      {{"GET", "/api/v1/promotion/kpis"}, "items"},
      {{"GET", "/api/v1/policies"}, "items"},
      {{"POST", "/api/v1/analytics/site-selection"}, "chosen"},
      {{"POST", "/api/v1/imports"}, "rows"},
      {{"GET", "/api/v1/registrations"}, "items"},
      {{"GET", "/api/v1/analytics/localization-frontier"}, "points"},
      {{"GET", "/api/v1/services"}, "items"},
      {{"GET", "/api/v1/service-requests"}, "items"},
      {{"GET", "/api/v1/services/utilization"}, "items"},
      {{"GET", "/api/v1/services/{id}/bookings"}, "items"},
      {{"POST", "/api/v1/service-requests/{id}/match"}, "items"},
  };
  // The schema of each route's answer (view/schemas.h), for its success statuses.
  const std::map<std::pair<std::string, std::string>, std::string> answers{
      {{"GET", "/api/v1/health"}, "Health"},
      {{"GET", "/api/v1/openapi.json"}, "OpenApiDocument"},
      {{"GET", "/api/v1/places"}, "PlaceList"},
      {{"GET", "/api/v1/places/enterprises"}, "PlaceEnterprises"},
      {{"GET", "/api/v1/taxonomy"}, "Taxonomy"},
      {{"GET", "/api/v1/calibration"}, "Calibration"},
      {{"GET", "/api/v1/enterprises"}, "EnterprisePage"},
      {{"GET", "/api/v1/enterprises/{id}"}, "EnterpriseDetail"},
      {{"GET", "/api/v1/links"}, "LinkPage"},
      {{"GET", "/api/v1/links/buyers"}, "LinkBuyers"},
      {{"POST", "/api/v1/match"}, "MatchResult"},
      {{"POST", "/api/v1/allocations"}, "AllocationResult"},
      {{"GET", "/api/v1/demands"}, "DemandPage"},
      {{"POST", "/api/v1/demands"}, "Demand"},
      {{"GET", "/api/v1/demands/{id}"}, "Demand"},
      {{"PUT", "/api/v1/demands/{id}"}, "Demand"},
      {{"POST", "/api/v1/demands/{id}/close"}, "Demand"},
      {{"GET", "/api/v1/offers"}, "OfferPage"},
      {{"POST", "/api/v1/offers"}, "Offer"},
      {{"GET", "/api/v1/offers/{id}"}, "Offer"},
      {{"PUT", "/api/v1/offers/{id}"}, "Offer"},
      {{"POST", "/api/v1/offers/{id}/close"}, "Offer"},
      {{"POST", "/api/v1/demands/{id}/responses"}, "DemandResponse"},
      {{"GET", "/api/v1/demands/{id}/responses"}, "DemandResponsePage"},
      {{"GET", "/api/v1/responses"}, "DemandResponsePage"},
      {{"POST", "/api/v1/responses/{id}/shortlist"}, "DemandResponse"},
      {{"POST", "/api/v1/responses/{id}/decline"}, "DemandResponse"},
      {{"POST", "/api/v1/responses/{id}/withdraw"}, "DemandResponse"},
      {{"POST", "/api/v1/responses/{id}/accept"}, "Deal"},
      {{"GET", "/api/v1/platform/kpis"}, "PlatformKpis"},
      {{"GET", "/api/v1/deals"}, "DealPage"},
      {{"GET", "/api/v1/deals/{id}"}, "Deal"},
      {{"POST", "/api/v1/deals/{id}/confirm"}, "Deal"},
      {{"GET", "/api/v1/analytics/localization"}, "Localization"},
      {{"GET", "/api/v1/analytics/flows"}, "Flows"},
      {{"GET", "/api/v1/analytics/weak-links"}, "WeakLinks"},
      {{"GET", "/api/v1/analytics/invest"}, "Invest"},
      {{"POST", "/api/v1/analytics/invest/what-if"}, "WhatIf"},
      {{"GET", "/api/v1/duplicates"}, "Duplicates"},
      {{"POST", "/api/v1/duplicates/merge"}, "MergeResult"},
      {{"GET", "/api/v1/stress"}, "JobList"},
      {{"POST", "/api/v1/stress"}, "JobStarted"},
      {{"GET", "/api/v1/stress/{id}"}, "Job"},
      {{"DELETE", "/api/v1/stress/{id}"}, "JobEnded"},
      {{"POST", "/api/v1/auth/login"}, "Session"},
      {{"POST", "/api/v1/auth/logout"}, "SignedOut"},
      {{"GET", "/api/v1/me"}, "Me"},
      {{"GET", "/api/v1/inbox"}, "InboxPage"},
      {{"POST", "/api/v1/inbox/{id}/read"}, "Notice"},
      {{"GET", "/api/v1/inbox/settings"}, "InboxSettings"},
      {{"PUT", "/api/v1/inbox/settings"}, "InboxSettings"},
      {{"GET", "/api/v1/webhooks"}, "WebhookList"},
      {{"POST", "/api/v1/webhooks"}, "NewWebhook"},
      {{"DELETE", "/api/v1/webhooks/{id}"}, "WebhookRemoved"},
      {{"GET", "/api/v1/webhooks/{id}/deliveries"}, "WebhookDeliveryList"},
      {{"POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver"}, "WebhookDelivery"},
      {{"GET", "/api/v1/tokens"}, "TokenList"},
      {{"POST", "/api/v1/tokens"}, "NewApiToken"},
      {{"DELETE", "/api/v1/tokens/{id}"}, "TokenRevoked"},
      {{"GET", "/api/v1/users"}, "UserList"},
      {{"POST", "/api/v1/users"}, "User"},
      {{"POST", "/api/v1/users/{id}/disable"}, "User"},
      {{"POST", "/api/v1/users/{id}/enable"}, "User"},
      {{"POST", "/api/v1/users/{id}/password"}, "PasswordReset"},
      {{"GET", "/api/v1/audit"}, "AuditPage"},
      {{"GET", "/api/v1/leads"}, "LeadPage"},
      {{"POST", "/api/v1/leads"}, "Lead"},
      {{"GET", "/api/v1/leads/{id}"}, "LeadDetail"},
      {{"PUT", "/api/v1/leads/{id}"}, "Lead"},
      {{"POST", "/api/v1/leads/{id}/stage"}, "Lead"},
      {{"POST", "/api/v1/leads/{id}/funds"}, "Lead"},
      {{"POST", "/api/v1/leads/{id}/arbitration"}, "Lead"},
      {{"GET", "/api/v1/leads/{id}/recommendation"}, "LeadRecommendation"},
      {{"GET", "/api/v1/promotion/kpis"}, "PromotionKpis"},
      {{"GET", "/api/v1/promotion/settings"}, "PromotionSettings"},
      {{"GET", "/api/v1/promotion/localization-gain"}, "SignedLeadsGain"},
      {{"PUT", "/api/v1/promotion/settings"}, "PromotionSettings"},
      {{"GET", "/api/v1/policies"}, "PolicyList"},
      {{"POST", "/api/v1/analytics/site-selection"}, "SiteSelection"},
      {{"POST", "/api/v1/imports"}, "ImportAnswer"},
      {{"POST", "/api/v1/registrations"}, "SubmittedRegistration"},
      {{"GET", "/api/v1/registrations"}, "RegistrationList"},
      {{"GET", "/api/v1/registrations/{id}/licence"}, "LicenceScan"},
      {{"POST", "/api/v1/registrations/{id}/approve"}, "AccountWithLink"},
      {{"POST", "/api/v1/registrations/{id}/reject"}, "Registration"},
      {{"POST", "/api/v1/auth/set-password"}, "PasswordSet"},
      {{"POST", "/api/v1/invitations"}, "AccountWithLink"},
      {{"PUT", "/api/v1/enterprises/{id}"}, "EnterpriseDetail"},
      {{"GET", "/api/v1/colleagues"}, "UserList"},
      {{"POST", "/api/v1/colleagues/{id}/disable"}, "User"},
      {{"POST", "/api/v1/colleagues/{id}/enable"}, "User"},
      {{"GET", "/api/v1/analytics/localization-frontier"}, "LocalizationFrontier"},
      {{"POST", "/api/v1/policies"}, "Policy"},
      {{"PUT", "/api/v1/policies/{id}"}, "Policy"},
      {{"GET", "/api/v1/services/utilization"}, "Utilization"},
      {{"GET", "/api/v1/services"}, "ServicePage"},
      {{"POST", "/api/v1/services"}, "Service"},
      {{"GET", "/api/v1/services/{id}"}, "Service"},
      {{"PUT", "/api/v1/services/{id}"}, "Service"},
      {{"POST", "/api/v1/services/{id}/close"}, "Service"},
      {{"GET", "/api/v1/services/{id}/bookings"}, "BookingList"},
      {{"POST", "/api/v1/services/{id}/bookings"}, "Booking"},
      {{"DELETE", "/api/v1/services/{id}/bookings/{booking}"}, "Booking"},
      {{"POST", "/api/v1/services/{id}/bookings/{booking}/confirm"}, "Booking"},
      {{"GET", "/api/v1/service-requests"}, "ServiceRequestPage"},
      {{"POST", "/api/v1/service-requests"}, "ServiceRequest"},
      {{"GET", "/api/v1/service-requests/{id}"}, "ServiceRequest"},
      {{"PUT", "/api/v1/service-requests/{id}"}, "ServiceRequest"},
      {{"POST", "/api/v1/service-requests/{id}/close"}, "ServiceRequest"},
      {{"POST", "/api/v1/service-requests/{id}/match"}, "ServiceMatch"},
      {{"GET", "/api/v1/service-requests/{id}/interests"}, "ServiceInterestList"},
      {{"POST", "/api/v1/service-requests/{id}/interests"}, "ServiceInterest"},
      {{"POST", "/api/v1/service-requests/{id}/interests/{interest}/accept"}, "ServiceRequest"},
  };
  for (Route& route : r) {
    const std::pair<std::string, std::string> key{route.method, route.pattern};
    if (const auto it = tables.find(key); it != tables.end()) route.table = it->second;
    const auto answer = answers.find(key);
    if (answer == answers.end() || !ResponseSchemas().contains(answer->second))
      throw std::logic_error("no response schema for " + route.method + " " + route.pattern);
    route.doc.response_schema = answer->second;
  }
  return r;
}

}  // namespace

FieldDoc Ranged(FieldDoc f, std::optional<double> minimum, std::optional<double> maximum) {
  f.minimum = minimum;
  f.maximum = maximum;
  return f;
}
FieldDoc IntegerId(std::string name, std::string description) {
  return Ranged({std::move(name), "integer", std::move(description), true}, 1, kMaxRecordNumber);
}
FieldDoc OneOf(FieldDoc f, std::vector<std::string> allowed, std::string noun) {
  f.allowed = std::move(allowed);
  f.noun = std::move(noun);
  return f;
}

std::span<const Route> RouteTable() {
  static const std::vector<Route> routes = Build();
  return routes;
}

RouteMatch MatchRoute(std::span<const Route> routes, std::string_view method,
                      std::span<const std::string> segments) {
  RouteMatch out;
  const std::string_view wanted = method == "HEAD" ? "GET" : method;
  for (const Route& route : routes) {
    std::map<std::string, std::string> params;
    std::string_view pattern = std::string_view(route.pattern).substr(1);
    std::size_t i = 0;
    bool ok = true;
    while (ok) {
      const std::size_t slash = pattern.find('/');
      const std::string_view part = pattern.substr(0, slash);
      if (i >= segments.size()) {
        ok = false;
        break;
      }
      if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
        if (segments[i].empty()) ok = false;
        params[std::string(part.substr(1, part.size() - 2))] = segments[i];
      } else if (part != segments[i]) {
        ok = false;
      }
      ++i;
      if (slash == std::string_view::npos) break;
      pattern.remove_prefix(slash + 1);
    }
    if (!ok || i != segments.size()) continue;
    out.allowed.push_back(route.method);
    if (route.method == wanted && !out.route) {
      out.route = &route;
      out.path_params = std::move(params);
    }
  }
  return out;
}

}  // namespace chainscope
