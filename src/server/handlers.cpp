#include "server/handlers.h"

#include "io/csv.h"

#include <fmt/format.h>
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/schema.h"
#include "core/taxonomy.h"
#include "io/json_text.h"
#include "io/records.h"
#include "server/openapi.h"
#include "service/analytics.h"
#include "service/directory.h"
#include "service/kpis.h"
#include "service/log.h"
#include "service/matching.h"
#include "service/params.h"
#include "service/records.h"
#include "service/resilience.h"
#include "service/stress_jobs.h"
#include "view/analytics_json.h"
#include "view/jobs_json.h"
#include "view/json_out.h"
#include "view/resilience_json.h"

namespace chainscope::handlers {
namespace json = boost::json;
namespace {

// ---- handlers -----------------------------------------------------------------------------------------
json::object Places(const RequestContext& ctx, const Network& net) {
  const std::optional<Province> province = QueryParams(ctx).OptionalProvince("province");
  const auto by_role = RolesByPlace(net);
  json::array out;
  for (std::uint32_t p = 0; p < net.place_count(); ++p) {
    const Place& place = net.place(PlaceId(p));
    if (province && place.province != *province) continue;
    out.push_back(PlaceJson(place, by_role[p]));
  }
  return {{"places", std::move(out)}};
}

json::object Enterprises(const RequestContext& ctx, const Network& net) {
  const std::vector<EnterpriseId> ids = SelectEnterprises(net, DirectoryQueryOf(net, QueryParams(ctx)));
  return Page(ctx, ids, [&](EnterpriseId e) { return EnterpriseJson(net, e, ctx.principal); });
}

/// The links the query's filters select among those the caller may see, by the narrowest index.
std::vector<std::uint32_t> VisibleLinks(const RequestContext& ctx, const Network& net) {
  std::span<const std::uint32_t> candidates;
  std::vector<std::uint32_t> all;
  const Params params = QueryParams(ctx);
  const EnterpriseId buyer = params.Enterprise(net, "buyer"), supplier = params.Enterprise(net, "supplier");
  const ComponentId component = params.Component(net, "component");
  const std::optional<Province> buyer_province = params.OptionalProvince("buyer_province");
  const std::optional<Province> supplier_province = params.OptionalProvince("supplier_province");
  // Start from the narrowest index.
  if (buyer.valid()) {
    candidates = net.links_by_buyer(buyer);
  } else if (supplier.valid()) {
    candidates = net.links_by_supplier(supplier);
  } else if (component.valid()) {
    candidates = net.links_by_component(component);
  } else {
    all.resize(net.link_count());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    candidates = all;
  }
  std::vector<std::uint32_t> ids;
  const bool all_links = ctx.principal.reads_all();
  for (std::uint32_t i : candidates) {
    const NetLink& l = net.link(i);
    if (!all_links && !SeesLink(ctx.principal, net.enterprise(l.buyer).id, net.enterprise(l.supplier).id))
      continue;
    if (buyer.valid() && l.buyer != buyer) continue;
    if (supplier.valid() && l.supplier != supplier) continue;
    if (component.valid() && l.component != component) continue;
    if (buyer_province && net.province_of(l.buyer) != *buyer_province) continue;
    if (supplier_province && net.province_of(l.supplier) != *supplier_province) continue;
    ids.push_back(i);
  }
  return ids;
}

json::object Links(const RequestContext& ctx, const Network& net) {
  const std::vector<std::uint32_t> ids = VisibleLinks(ctx, net);
  return Page(ctx, ids, [&](std::uint32_t i) { return LinkJson(net, i); });
}

// ---- chain analytics (/api/v1/analytics/…) ------------------------------------------------------------
}  // namespace

const json::object& BodyObject(const RequestContext& ctx) {
  static const json::object kNone;
  return ctx.body ? *ctx.body : kNone;
}

std::string QueryText(const RequestContext& ctx, std::string_view name) {
  const std::string* v = ctx.Query(name);
  return v ? *v : std::string();
}

std::string IfMatchHeader(const RequestContext& ctx) {
  const std::string* v = ctx.request.Header("If-Match");
  return v ? *v : std::string();
}

std::string TextField(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

HttpResponse Json(json::value v, int status) {
  HttpResponse r;
  r.status = status;
  r.document = std::make_shared<const json::value>(std::move(v));
  const json::value& answer = *r.document;
  // A non-finite number is the server's fault (an input bound is missing): JsonText throws, so a 500, never
  // invalid JSON; a stored text with invalid bytes (a request path in the audit trail) gets U+FFFD in their
  // place, never bytes a client's parser refuses.
  r.body = JsonText(answer);
  return r;
}

// ---- the chain ------------------------------------------------------------------------------------------
HttpResponse Health(const Api& api, RequestContext& ctx) {
  const PlatformState& s = *ctx.state;
  const Dataset& d = s.chain->data();
  return Json(
      json::object{{"status", "ok"},
                   {"api_version", "v1"},
                   {"store", api.platform().StoreKind()},  // the kind only: a path or URL is not public
                   {"schema_version", api.platform().SchemaVersion()},
                   {"revision", s.revision.revision},
                   {"counts", json::object{{"places", d.places.size()},
                                           {"components", d.components.size()},
                                           {"enterprises", d.enterprises.size()},
                                           {"vehicle_lines", d.vehicle_lines.size()},
                                           {"capabilities", d.capabilities.size()},
                                           {"links", d.links.size()},
                                           {"demands", s.market->demands.size()},
                                           {"offers", s.market->offers.size()}}}});
}

HttpResponse OpenApi(const Api&, RequestContext&) {
  return Json(OpenApiDocument());
}

HttpResponse PlacesList(const Api&, RequestContext& ctx) {
  return Json(Places(ctx, *ctx.state->chain));
}

HttpResponse Taxonomy(const Api&, RequestContext& ctx) {
  return Json(TaxonomyJson(*ctx.state->chain, Certifications(*ctx.state->chain)));
}

HttpResponse Calibration(const Api&, RequestContext& ctx) {
  return Json(json::object{{"figures", CalibrationJson(CalibrationOf(*ctx.state->chain))}});
}

HttpResponse EnterpriseList(const Api&, RequestContext& ctx) {
  return Json(Enterprises(ctx, *ctx.state->chain));
}

HttpResponse EnterprisesByPlaceList(const Api&, RequestContext& ctx) {
  const Network& net = *ctx.state->chain;
  return Json(DirectoryCountsJson(net, CountByPlace(net, DirectoryQueryOf(net, QueryParams(ctx)))));
}

HttpResponse EnterpriseOne(const Api&, RequestContext& ctx) {
  return Json(EnterpriseDetailJson(*ctx.state->chain, ctx.PathParam("id"), ctx.principal));
}

HttpResponse LinkList(const Api&, RequestContext& ctx) {
  return Json(Links(ctx, *ctx.state->chain));
}

HttpResponse LinkBuyerList(const Api&, RequestContext& ctx) {
  const Network& net = *ctx.state->chain;
  return Json(BuyersJson(net, BuyersOf(net, VisibleLinks(ctx, net))));
}

// ---- matchmaking ----------------------------------------------------------------------------------------
HttpResponse Match(const Api& api, RequestContext& ctx) {
  const PlatformState& s = *ctx.state;
  const MatchRequest request = MatchRequestOf(s, BodyObject(ctx), ctx.principal);
  const MatchAnswer a = MatchDemand(api.platform(), s, request, ctx.stop());
  json::object out = MatchJson(*s.chain, request.demand, a.result, ctx.principal);
  if (a.explanation)
    out["explain"] = ExplanationJson(*s.chain, request.explain, *a.explanation, ctx.principal);
  return Json(std::move(out));
}

HttpResponse Allocations(const Api& api, RequestContext& ctx) {
  const PlatformState& s = *ctx.state;
  AllocationOptions options = AllocationOptionsOf(BodyObject(ctx));
  options.stop = ctx.stop();
  const AllocationAnswer a =
      AllocateOpenDemands(api.platform(), s, options, api.options().costs.allocation_arcs);
  json::object out = AllocationJson(*s.chain, a.demands, a.allocation, ctx.principal);
  out["cost"] = json::object{{"demands", a.size.demands},
                             {"supply_nodes", a.size.supply_nodes},
                             {"arcs_at_most", a.size.arcs_at_most},
                             {"arcs_bound", a.arcs_bound}};
  return Json(std::move(out));
}

// ---- demands and offers ---------------------------------------------------------------------------------
namespace {

template <class T>
HttpResponse RecordResponse(const PlatformState& s, const T& record, int status, const Principal& viewer) {
  HttpResponse r = Json(RecordJson(*s.chain, record, viewer), status);
  r.headers.emplace_back("ETag", RecordEtag(record));
  return r;
}

std::optional<std::string> IfMatch(const RequestContext& ctx) {
  if (const std::string* v = ctx.request.Header("If-Match")) return *v;
  return std::nullopt;
}

}  // namespace

template <class T>
HttpResponse RecordList(const Api&, RequestContext& ctx) {
  RecordQuery q;
  if (const std::string* o = ctx.Query(std::string(RecordKind<T>::kOwnerField))) q.owner = *o;
  if (const std::string* c = ctx.Query("component")) q.component = *c;
  if (const std::string* st = ctx.Query("status")) {
    if (*st != "open" && *st != "closed")
      throw InvalidInput("query parameter 'status' must be open or closed");
    q.open = *st == "open";
  }
  const auto records = ListRecords<T>(*ctx.state->market, q, ctx.principal);
  return Json(
      Page(ctx, records, [&](const T* r) { return RecordJson(*ctx.state->chain, *r, ctx.principal); }));
}

template <class T>
HttpResponse RecordCreate(const Api& api, RequestContext& ctx) {
  const auto written = CreateRecord<T>(api.platform(), ctx.principal, BodyObject(ctx));
  HttpResponse r = RecordResponse(*written.state, written.record, 201, ctx.principal);
  r.headers.emplace_back("Location",
                         fmt::format("/api/v1/{}/{}", SpecOf(RecordKind<T>::kTable).name, written.record.id));
  return r;
}

template <class T>
HttpResponse RecordGet(const Api&, RequestContext& ctx) {
  return RecordResponse(*ctx.state, GetRecord<T>(*ctx.state->market, ctx.PathParam("id"), ctx.principal), 200,
                        ctx.principal);
}

template <class T>
HttpResponse RecordReplace(const Api& api, RequestContext& ctx) {
  const auto written =
      ReplaceRecord<T>(api.platform(), ctx.principal, ctx.PathParam("id"), BodyObject(ctx), IfMatch(ctx));
  return RecordResponse(*written.state, written.record, 200, ctx.principal);
}

template <class T>
HttpResponse RecordClose(const Api& api, RequestContext& ctx) {
  const auto written = CloseRecord<T>(api.platform(), ctx.principal, ctx.PathParam("id"), IfMatch(ctx));
  return RecordResponse(*written.state, written.record, 200, ctx.principal);
}

template HttpResponse RecordList<Demand>(const Api&, RequestContext&);
template HttpResponse RecordList<Offer>(const Api&, RequestContext&);
template HttpResponse RecordCreate<Demand>(const Api&, RequestContext&);
template HttpResponse RecordCreate<Offer>(const Api&, RequestContext&);
template HttpResponse RecordGet<Demand>(const Api&, RequestContext&);
template HttpResponse RecordGet<Offer>(const Api&, RequestContext&);
template HttpResponse RecordReplace<Demand>(const Api&, RequestContext&);
template HttpResponse RecordReplace<Offer>(const Api&, RequestContext&);
template HttpResponse RecordClose<Demand>(const Api&, RequestContext&);
template HttpResponse RecordClose<Offer>(const Api&, RequestContext&);

// ---- the matchmaking loop ------------------------------------------------------------------------------
HttpResponse ResponseCreate(const Api& api, RequestContext& ctx) {
  const Response r = Respond(api.platform(), ctx.principal, ctx.PathParam("id"), BodyObject(ctx));
  HttpResponse out = Json(ResponseJson(*ctx.state->chain, r), 201);
  out.headers.emplace_back("Location", fmt::format("/api/v1/responses/{}", r.id));
  return out;
}

HttpResponse DemandResponses(const Api& api, RequestContext& ctx) {
  const std::vector<RankedResponse> ranked =
      ResponsesToDemand(api.platform(), ctx.principal, ctx.PathParam("id"));
  return Json(Page(ctx, ranked,
                   [&](const RankedResponse& r) { return ResponseJson(*ctx.state->chain, r.response, &r); }));
}

HttpResponse ResponseList(const Api& api, RequestContext& ctx) {
  const std::vector<Response> mine = ResponsesOf(api.platform(), ctx.principal);
  return Json(Page(ctx, mine, [&](const Response& r) { return ResponseJson(*ctx.state->chain, r); }));
}

namespace {
HttpResponse Act(const Api& api, RequestContext& ctx, ResponseAction action) {
  return Json(ResponseJson(*ctx.state->chain,
                           ActOnResponse(api.platform(), ctx.principal, ctx.PathParam("id"), action)));
}
}  // namespace

HttpResponse ResponseShortlist(const Api& api, RequestContext& ctx) {
  return Act(api, ctx, ResponseAction::kShortlist);
}
HttpResponse ResponseDecline(const Api& api, RequestContext& ctx) {
  return Act(api, ctx, ResponseAction::kDecline);
}
HttpResponse ResponseWithdraw(const Api& api, RequestContext& ctx) {
  return Act(api, ctx, ResponseAction::kWithdraw);
}

HttpResponse ResponseAccept(const Api& api, RequestContext& ctx) {
  const Deal d = Accept(api.platform(), ctx.principal, ctx.PathParam("id"), BodyObject(ctx));
  HttpResponse out = Json(DealJson(*ctx.state->chain, d), 201);
  out.headers.emplace_back("Location", fmt::format("/api/v1/deals/{}", d.id));
  return out;
}

HttpResponse DealList(const Api& api, RequestContext& ctx) {
  const std::vector<Deal> deals = DealsOf(api.platform(), ctx.principal);
  return Json(Page(ctx, deals, [&](const Deal& d) { return DealJson(*ctx.state->chain, d); }));
}

HttpResponse DealGet(const Api& api, RequestContext& ctx) {
  return Json(DealJson(*ctx.state->chain, GetDeal(api.platform(), ctx.principal, ctx.PathParam("id"))));
}

HttpResponse DealConfirm(const Api& api, RequestContext& ctx) {
  const Deal d = Confirm(api.platform(), ctx.principal, ctx.PathParam("id"));
  return Json(DealJson(*api.platform().state()->chain, d));
}

namespace {
json::object KpiJson(const KpiCounts& c) {
  return {{"demands", c.demands},           {"demanded_units", c.demanded_units},
          {"responses", c.responses},       {"deals", c.deals},
          {"linked_deals", c.linked_deals}, {"deal_value_yuan", c.deal_value_yuan}};
}
json::array KpiRows(const std::map<std::string, KpiCounts>& by, const char* key, auto&& extra) {
  json::array out;
  for (const auto& [name, counts] : by) {
    json::object row = KpiJson(counts);
    row.emplace(key, name);
    extra(name, row);
    out.push_back(std::move(row));
  }
  return out;
}
}  // namespace

HttpResponse PlatformKpisView(const Api& api, RequestContext& ctx) {
  const PlatformKpis k = KpisOf(api.platform());
  const Network& net = *ctx.state->chain;
  json::object total = KpiJson(k.total);
  total["open_demands"] = k.open_demands;
  total["demands_with_responses"] = k.demands_with_responses;
  total["response_rate"] =
      k.total.demands ? static_cast<double>(k.demands_with_responses) / k.total.demands : 0.0;
  auto none = [](const std::string&, json::object&) {};
  return Json(json::object{
      {"total", std::move(total)},
      {"by_month", KpiRows(k.by_month, "month", none)},
      {"by_province", KpiRows(k.by_province, "province", none)},
      {"by_assembly", KpiRows(k.by_assembly, "assembly", none)},
      {"by_component", KpiRows(k.by_component, "component", [&](const std::string& code, json::object& row) {
         const ComponentId c = net.FindComponent(code);
         row["name"] = c.valid() ? net.component(c).name : "";
         row["name_zh"] = c.valid() ? net.component(c).name_zh : "";
       })}});
}

// ---- chain analytics ------------------------------------------------------------------------------------
HttpResponse Localization(const Api&, RequestContext& ctx) {
  const LocalizationAnswer a = AnswerLocalization(*ctx.state->chain, QueryParams(ctx), ctx.stop());
  return Json(LocalizationJson(a.query, a.rows));
}
HttpResponse Flows(const Api&, RequestContext& ctx) {
  const Params p = QueryParams(ctx);
  const FlowsAnswer a = AnswerFlows(*ctx.state->chain, p, ctx.stop());
  return Json(FlowsJson(*ctx.state->chain, a.report,
                        p.Size("limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize)));
}
HttpResponse WeakLinks(const Api&, RequestContext& ctx) {
  const Params p = QueryParams(ctx);
  const WeakLinksAnswer a = AnswerWeakLinks(*ctx.state->chain, p, ctx.stop());
  return Json(WeakLinksJson(*ctx.state->chain, a.report,
                            p.Size("limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize)));
}
HttpResponse Invest(const Api&, RequestContext& ctx) {
  const InvestAnswer a = AnswerInvest(*ctx.state->chain, QueryParams(ctx), ctx.stop());
  return Json(InvestJson(*ctx.state->chain, a.query, a.targets));
}
HttpResponse Duplicates(const Api&, RequestContext& ctx) {
  const Dataset& d = ctx.state->chain->data();
  const Params p = QueryParams(ctx);
  DuplicateOptions options;
  options.threshold = p.Real("threshold", kDefaultDuplicateThreshold, 0, 1);
  options.stop = ctx.stop();
  const std::size_t limit = p.Size("limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize);
  DuplicateReport r = AnswerDuplicates(d, options);
  const std::size_t found = r.pairs.size();
  if (r.pairs.size() > limit) r.pairs.resize(limit);
  json::object out = DuplicatesJson(d, r, options.threshold);
  out["found"] = found;
  return Json(std::move(out));
}
HttpResponse MergeDuplicates(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  const std::string keep = TextField(body, "keep"), drop = TextField(body, "drop");
  const EnterpriseMerge m = MergeEnterprises(api.platform(), keep, drop, AuditOf(ctx.principal));
  json::object moved;
  for (const auto& [table, n] : m.moved) moved[table] = n;
  return Json(json::object{{"kept", keep},
                           {"dropped", drop},
                           {"moved", std::move(moved)},
                           {"capabilities_dropped", m.capabilities_dropped}});
}
HttpResponse WhatIf(const Api& api, RequestContext& ctx) {
  const Network& net = *ctx.state->chain;
  const WhatIfAnswer a = AnswerWhatIf(net, BodyObject(ctx), api.options().costs.what_if_links, ctx.stop());
  json::object out = WhatIfJson(net, a.result);
  out["cost"] = json::object{{"links", a.links}, {"links_bound", a.links_bound}};
  return Json(std::move(out));
}

// ---- stress jobs ----------------------------------------------------------------------------------------
std::map<std::string, JobKind> JobKinds(std::shared_ptr<const Platform> platform, const CostBounds& costs) {
  return StressJobKinds(
      std::move(platform), costs,
      {[](const Network& net, const ScenarioResult& r) { return json::value(ScenarioJson(net, r)); },
       [](const SupplyNetwork& chain, const StressOptions& options, const StressReport& report) {
         return json::value(StressReportJson(chain, options, report));
       }});
}

HttpResponse StressList(const Api& api, RequestContext&) {
  json::array jobs;
  for (const Job& job : StressJobs(api.jobs())) jobs.push_back(JobJson(job, false));
  return Json(json::object{{"jobs", std::move(jobs)}});
}

HttpResponse StressStart(const Api& api, RequestContext& ctx) {
  const StressStarted started =
      StartStress(api.jobs(), *ctx.state, BodyObject(ctx), api.options().costs, ctx.principal);
  json::object view = JobJson(started.job, false);
  view["cost"] =
      StressCostJson(started.job, started.scenario_plan, started.estimated_seconds, api.options().costs);
  HttpResponse r = Json(std::move(view), 202);
  r.headers.emplace_back("Location", "/api/v1/stress/" + started.job.id);
  return r;
}

HttpResponse StressGet(const Api& api, RequestContext& ctx) {
  return Json(JobJson(StressJob(api.jobs(), ctx.PathParam("id"), true), true));
}

HttpResponse StressDelete(const Api& api, RequestContext& ctx) {
  const std::string& id = ctx.PathParam("id");
  const bool cancelled = EndStressJob(api.jobs(), id, ctx.principal);
  return Json(json::object{{"job", id}, {"status", cancelled ? "cancelled" : "deleted"}},
              cancelled ? 202 : 200);
}

}  // namespace chainscope::handlers
