#include "server/handlers.h"

#include <fmt/format.h>
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <optional>

#include "analytics/calibration.h"
#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "core/schema.h"
#include "core/taxonomy.h"
#include "io/records.h"
#include "match/allocator.h"
#include "match/matcher.h"
#include "server/analytics_json.h"
#include "server/json_out.h"
#include "server/openapi.h"
#include "server/resilience_json.h"
#include "service/matching.h"
#include "service/records.h"

namespace chainscope::handlers {
namespace json = boost::json;
namespace {

std::size_t SizeParam(const RequestContext& ctx, const std::string& name, std::size_t fallback,
                      std::size_t max) {
  auto it = ctx.query.find(name);
  if (it == ctx.query.end()) return fallback;
  std::size_t v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw InvalidInput(fmt::format("query parameter '{}' must be a whole number ≥ 0, got '{}'", name, s));
  if (v > max)
    throw InvalidInput(fmt::format("query parameter '{}' must be at most {}, got {}", name, max, v));
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::string* Param(const RequestContext& ctx, const std::string& name) {
  return ctx.Query(name);
}

template <class Ids>
json::object Page(const RequestContext& ctx, const Ids& ids, auto to_json) {
  const std::size_t limit = SizeParam(ctx, "limit", kDefaultPageSize, kMaxPageSize);
  const std::size_t offset = SizeParam(ctx, "offset", 0, SIZE_MAX);
  json::array items;
  for (std::size_t i = offset; i < ids.size() && i < offset + limit; ++i) items.push_back(to_json(ids[i]));
  return {{"total", ids.size()}, {"limit", limit}, {"offset", offset}, {"items", std::move(items)}};
}

Province ProvinceParam(const std::string& value, std::string_view name) {
  if (auto p = ParseProvince(value)) return *p;
  throw InvalidInput(fmt::format(
      "query parameter '{}': unknown province '{}' (Chongqing, Sichuan, OtherChina, Abroad)", name, value));
}

EnterpriseId EnterpriseParam(const Network& net, const std::string& value, std::string_view name) {
  EnterpriseId e = net.FindEnterprise(value);
  if (!e.valid())
    throw InvalidInput(fmt::format("query parameter '{}': unknown enterprise '{}'", name, value));
  return e;
}

ComponentId ComponentParam(const Network& net, const std::string& value, std::string_view name) {
  ComponentId c = net.FindComponent(value);
  if (!c.valid())
    throw InvalidInput(fmt::format("query parameter '{}': unknown component '{}'", name, value));
  return c;
}

// ---- handlers -----------------------------------------------------------------------------------------
json::object Places(const RequestContext& ctx, const Network& net) {
  std::optional<Province> province;
  if (auto* p = Param(ctx, "province")) province = ProvinceParam(*p, "province");
  std::vector<std::size_t> enterprises(net.place_count(), 0);
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e)
    ++enterprises[net.place_of(EnterpriseId(e)).value];
  json::array out;
  for (std::uint32_t p = 0; p < net.place_count(); ++p) {
    const Place& place = net.place(PlaceId(p));
    if (province && place.province != *province) continue;
    json::object o = PlaceJson(place);
    o["enterprises"] = enterprises[p];
    out.push_back(std::move(o));
  }
  return {{"places", std::move(out)}};
}

json::object Enterprises(const RequestContext& ctx, const Network& net) {
  std::optional<Role> role;
  if (auto* r = Param(ctx, "role")) {
    role = ParseRole(*r);
    if (!role)
      throw InvalidInput(
          fmt::format("query parameter 'role': unknown role '{}' (oem, tier1, tier2, material, logistics, "
                      "dealer, research)",
                      *r));
  }
  PlaceId place;
  if (auto* p = Param(ctx, "place")) {
    place = net.FindPlace(*p);
    if (!place.valid()) throw InvalidInput(fmt::format("query parameter 'place': unknown place '{}'", *p));
  }
  std::optional<Province> province;
  if (auto* p = Param(ctx, "province")) province = ProvinceParam(*p, "province");
  std::vector<bool> makes;
  if (auto* c = Param(ctx, "component")) {
    const ComponentId comp = ComponentParam(net, *c, "component");
    makes.assign(net.enterprise_count(), false);
    for (std::uint32_t ci : net.makers_of(comp)) makes[net.capabilities()[ci].supplier.value] = true;
  }
  std::string needle;
  if (auto* q = Param(ctx, "q")) needle = Lower(*q);
  std::vector<EnterpriseId> ids;
  for (std::uint32_t i = 0; i < net.enterprise_count(); ++i) {
    const EnterpriseId e(i);
    const Enterprise& en = net.enterprise(e);
    if (role && en.role != *role) continue;
    if (place.valid() && net.place_of(e) != place) continue;
    if (province && net.province_of(e) != *province) continue;
    if (!makes.empty() && !makes[i]) continue;
    if (!needle.empty() && Lower(en.name).find(needle) == std::string::npos &&
        en.name_zh.find(needle) == std::string::npos && Lower(en.id).find(needle) == std::string::npos)
      continue;
    ids.push_back(e);
  }
  return Page(ctx, ids, [&](EnterpriseId e) { return EnterpriseJson(net, e); });
}

json::object EnterpriseDetail(const Network& net, std::string_view id) {
  const EnterpriseId e = net.FindEnterprise(id);
  if (!e.valid()) throw ServiceError(ErrorCode::kNotFound, fmt::format("no enterprise with id '{}'", id));
  json::object o = EnterpriseJson(net, e);
  json::array capabilities;
  for (std::uint32_t ci : net.capabilities_of(e)) {
    const Capability& c = net.data().capabilities[ci];
    const ComponentType& comp = net.component(net.capabilities()[ci].component);
    capabilities.push_back(json::object{{"component", c.component},
                                        {"component_name", comp.name},
                                        {"component_name_zh", comp.name_zh},
                                        {"unit", comp.unit},
                                        {"annual_capacity", c.annual_capacity},
                                        {"committed", c.committed},
                                        {"free_capacity", c.annual_capacity - c.committed},
                                        {"unit_price_yuan", c.unit_price_yuan},
                                        {"lead_time_days", c.lead_time_days},
                                        {"quality", c.quality},
                                        {"inventory_days", c.inventory_days}});
  }
  json::array customers, suppliers, lines;
  for (std::uint32_t li : net.links_by_supplier(e)) customers.push_back(LinkJson(net, li));
  for (std::uint32_t li : net.links_by_buyer(e)) suppliers.push_back(LinkJson(net, li));
  for (std::uint32_t l : net.lines_of(e)) {
    const VehicleLine& v = net.line(LineId(l));
    lines.push_back(json::object{{"id", v.id},
                                 {"place", v.place},
                                 {"powertrain", ToString(v.powertrain)},
                                 {"annual_volume", v.annual_volume},
                                 {"unit_price_yuan", v.unit_price_yuan},
                                 {"bom_items", net.bom(LineId(l)).size()}});
  }
  o["capabilities"] = std::move(capabilities);
  o["customers"] = std::move(customers);
  o["suppliers"] = std::move(suppliers);
  o["vehicle_lines"] = std::move(lines);
  return o;
}

json::object Links(const RequestContext& ctx, const Network& net) {
  std::span<const std::uint32_t> candidates;
  std::vector<std::uint32_t> all;
  EnterpriseId buyer, supplier;
  ComponentId component;
  if (auto* b = Param(ctx, "buyer")) buyer = EnterpriseParam(net, *b, "buyer");
  if (auto* s = Param(ctx, "supplier")) supplier = EnterpriseParam(net, *s, "supplier");
  if (auto* c = Param(ctx, "component")) component = ComponentParam(net, *c, "component");
  std::optional<Province> buyer_province, supplier_province;
  if (auto* p = Param(ctx, "buyer_province")) buyer_province = ProvinceParam(*p, "buyer_province");
  if (auto* p = Param(ctx, "supplier_province")) supplier_province = ProvinceParam(*p, "supplier_province");
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
  for (std::uint32_t i : candidates) {
    const NetLink& l = net.link(i);
    if (buyer.valid() && l.buyer != buyer) continue;
    if (supplier.valid() && l.supplier != supplier) continue;
    if (component.valid() && l.component != component) continue;
    if (buyer_province && net.province_of(l.buyer) != *buyer_province) continue;
    if (supplier_province && net.province_of(l.supplier) != *supplier_province) continue;
    ids.push_back(i);
  }
  return Page(ctx, ids, [&](std::uint32_t i) { return LinkJson(net, i); });
}

json::object BodyObject(const RequestContext& ctx) {
  const HttpRequest& r = ctx.request;
  if (r.body.empty()) return {};
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec) throw InvalidInput(fmt::format("request body is not valid JSON: {}", ec.message()));
  if (!v.is_object()) throw InvalidInput("request body must be a JSON object");
  return std::move(v.as_object());
}

MatchWeights WeightsFromRequest(const json::object& body) {
  MatchWeights w;
  if (const json::value* v = body.if_contains("weights")) {
    if (!v->is_object()) throw InvalidInput("field 'weights' must be an object of name: number");
    for (const auto& kv : v->get_object()) {
      if (!kv.value().is_number())
        throw InvalidInput(fmt::format("weight '{}' must be a number", std::string_view(kv.key())));
      try {
        w.Set(kv.key(), kv.value().to_number<double>());
      } catch (const InvalidInput& e) {
        throw InvalidInput(e.what());
      }
    }
  }
  return w;
}

// ---- chain analytics (/api/v1/analytics/…) ------------------------------------------------------------
constexpr std::size_t kDefaultAnalyticsListSize = 100;
constexpr std::size_t kMaxAnalyticsListSize = 100000;
constexpr std::size_t kMaxCapacityUnits = 1'000'000'000'000;  // units a year

double RealParam(const RequestContext& ctx, const std::string& name, double fallback, double min,
                 double max) {
  const std::string* s = Param(ctx, name);
  if (!s) return fallback;
  double v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || !std::isfinite(v))
    throw InvalidInput(fmt::format("query parameter '{}' must be a number, got '{}'", name, *s));
  if (v < min || v > max)
    throw InvalidInput(
        fmt::format("query parameter '{}' must be between {} and {}, got {}", name, min, max, *s));
  return v;
}

BuyerScope ScopeParam(const RequestContext& ctx, BuyerScope fallback) {
  const std::string* s = Param(ctx, "buyers");
  if (!s) return fallback;
  if (auto scope = ParseBuyerScope(*s)) return *scope;
  throw InvalidInput(fmt::format("query parameter 'buyers' must be oem or all, got '{}'", *s));
}

std::optional<Province> OptionalProvince(const RequestContext& ctx, const std::string& name) {
  if (const std::string* p = Param(ctx, name)) return ProvinceParam(*p, name);
  return std::nullopt;
}

json::object LocalizationRoute(const RequestContext& ctx, const Network& net) {
  LocalizationQuery q;
  if (const std::string* by = Param(ctx, "by")) {
    const auto key = ParseLocalizationKey(*by);
    if (!key)
      throw InvalidInput(
          fmt::format("query parameter 'by' must be total, oem, powertrain, direction, assembly, "
                      "component, province or place, got '{}'",
                      *by));
    q.by = *key;
  }
  q.scope = ScopeParam(ctx, BuyerScope::kOems);
  q.buyer_province = OptionalProvince(ctx, "buyer_province");
  if (const std::string* e = Param(ctx, "oem")) q.oem = EnterpriseParam(net, *e, "oem");
  if (const std::string* c = Param(ctx, "component")) q.component = ComponentParam(net, *c, "component");
  return LocalizationJson(q, Localize(net, q));
}

json::object FlowsRoute(const RequestContext& ctx, const Network& net) {
  FlowQuery q;
  q.scope = ScopeParam(ctx, BuyerScope::kAllTiers);
  if (const std::string* c = Param(ctx, "component")) q.component = ComponentParam(net, *c, "component");
  if (const std::string* a = Param(ctx, "assembly")) {
    if (!FindAssembly(*a))
      throw InvalidInput(fmt::format("query parameter 'assembly': unknown assembly '{}'", *a));
    q.assembly = *a;
  }
  if (const std::string* e = Param(ctx, "oem")) q.oem = EnterpriseParam(net, *e, "oem");
  return FlowsJson(net, ComputeFlows(net, q),
                   SizeParam(ctx, "limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize));
}

json::object WeakLinksRoute(const RequestContext& ctx, const Network& net) {
  WeakLinksQuery q;
  q.scope = ScopeParam(ctx, BuyerScope::kAllTiers);
  q.buyer_province = OptionalProvince(ctx, "buyer_province");
  q.gap_threshold = RealParam(ctx, "gap_threshold", q.gap_threshold, 0, 1e9);
  return WeakLinksJson(net, AnalyzeWeakLinks(net, q),
                       SizeParam(ctx, "limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize));
}

json::object InvestRoute(const RequestContext& ctx, const Network& net) {
  InvestQuery q;
  q.top = SizeParam(ctx, "top", q.top, kMaxPageSize);
  q.per_component = SizeParam(ctx, "per_component", q.per_component, kMaxPageSize);
  q.radius_km = RealParam(ctx, "radius_km", q.radius_km, 0, 5000);
  if (Param(ctx, "capacity"))
    q.capacity_units = static_cast<std::int64_t>(SizeParam(ctx, "capacity", 0, kMaxCapacityUnits));
  if (q.capacity_units && *q.capacity_units < 1)
    throw InvalidInput("query parameter 'capacity' must be at least 1");
  q.max_share = RealParam(ctx, "max_share", q.max_share, 1e-9, 1);
  if (const std::string* c = Param(ctx, "component")) q.component = ComponentParam(net, *c, "component");
  q.province = OptionalProvince(ctx, "province");
  for (std::string_view part : kInvestPartNames) {
    const std::string name = "weight_" + std::string(part);
    if (Param(ctx, name)) q.weights.Set(part, RealParam(ctx, name, 0, 0, 1e6));
  }
  return InvestJson(net, q, RankInvestTargets(net, q));
}

json::object WhatIfRoute(const Network& net, const json::object& body) {
  WhatIfSupplier s;
  auto text = [&](const char* field, std::string& into, bool required) {
    const json::value* v = body.if_contains(field);
    if (!v) {
      if (required) throw InvalidInput(fmt::format("field '{}' is required", field));
      return;
    }
    if (!v->is_string() || v->get_string().empty())
      throw InvalidInput(fmt::format("field '{}' must be a non-empty text", field));
    into = std::string(v->get_string());
  };
  text("component", s.component, true);
  text("place", s.place, true);
  text("id", s.id, false);
  text("name", s.name, false);
  if (const json::value* v = body.if_contains("capacity_units")) {
    if (!v->is_int64() || v->get_int64() < 1)
      throw InvalidInput("field 'capacity_units' must be a whole number ≥ 1");
    s.capacity_units = v->get_int64();
  }
  if (const json::value* v = body.if_contains("max_share")) {
    if (!v->is_number() || !(v->to_number<double>() > 0) || v->to_number<double>() > 1)
      throw InvalidInput("field 'max_share' must be a number in (0, 1]");
    s.max_share = v->to_number<double>();
  }
  if (!net.FindComponent(s.component).valid())
    throw InvalidInput(fmt::format("field 'component': unknown component '{}'", s.component));
  if (!net.FindPlace(s.place).valid())
    throw InvalidInput(fmt::format("field 'place': unknown place '{}'", s.place));
  return WhatIfJson(net, RunWhatIf(net, s));
}

}  // namespace

HttpResponse Json(const json::value& v, int status) {
  HttpResponse r;
  r.status = status;
  r.body = json::serialize(v);
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
  return Json(TaxonomyJson(*ctx.state->chain));
}

HttpResponse Calibration(const Api&, RequestContext& ctx) {
  return Json(json::object{{"figures", CalibrationJson(MeasureCalibration(*ctx.state->chain))}});
}

HttpResponse EnterpriseList(const Api&, RequestContext& ctx) {
  return Json(Enterprises(ctx, *ctx.state->chain));
}

HttpResponse EnterpriseOne(const Api&, RequestContext& ctx) {
  return Json(EnterpriseDetail(*ctx.state->chain, ctx.PathParam("id")));
}

HttpResponse LinkList(const Api&, RequestContext& ctx) {
  return Json(Links(ctx, *ctx.state->chain));
}

// ---- matchmaking ----------------------------------------------------------------------------------------
HttpResponse Match(const Api& api, RequestContext& ctx) {
  const PlatformState& s = *ctx.state;
  const json::object body = BodyObject(ctx);
  const DemandSpec demand = DemandOfRequest(s, body);
  const MatchWeights weights = WeightsFromRequest(body);
  std::size_t top = 10;
  if (const json::value* t = body.if_contains("top")) {
    if (!t->is_int64() || t->get_int64() < 1 || t->get_int64() > 1000)
      throw InvalidInput("field 'top' must be a whole number 1–1000");
    top = static_cast<std::size_t>(t->get_int64());
  }
  const auto book = api.platform().Book(s);
  const Matcher matcher(*s.chain, *book);
  json::object out = MatchJson(*s.chain, demand, matcher.TopK(demand, top, weights));
  if (const json::value* x = body.if_contains("explain")) {
    if (!x->is_string()) throw InvalidInput("field 'explain' must be a supplier id");
    const EnterpriseId supplier = s.chain->FindEnterprise(x->get_string());
    if (!supplier.valid())
      throw ServiceError(ErrorCode::kNotFound,
                         fmt::format("no enterprise with id '{}'", std::string_view(x->get_string())));
    out["explain"] = ExplanationJson(*s.chain, supplier, matcher.Explain(demand, supplier, weights));
  }
  return Json(out);
}

HttpResponse Allocations(const Api& api, RequestContext& ctx) {
  const PlatformState& s = *ctx.state;
  const AllocationOptions options = AllocationOptionsOf(BodyObject(ctx));
  const auto book = api.platform().Book(s);
  const std::vector<DemandSpec> demands = OpenDemands(*s.chain, s.market->demands);
  return Json(AllocationJson(*s.chain, demands, Allocate(*s.chain, *book, demands, options)));
}

// ---- demands and offers ---------------------------------------------------------------------------------
namespace {

template <class T>
HttpResponse RecordResponse(const PlatformState& s, const T& record, int status) {
  HttpResponse r = Json(RecordJson(*s.chain, record), status);
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
  const auto records = ListRecords<T>(*ctx.state->market, q);
  return Json(Page(ctx, records, [&](const T* r) { return RecordJson(*ctx.state->chain, *r); }));
}

template <class T>
HttpResponse RecordCreate(const Api& api, RequestContext& ctx) {
  const auto written = CreateRecord<T>(api.platform(), BodyObject(ctx));
  HttpResponse r = RecordResponse(*written.state, written.record, 201);
  r.headers.emplace_back("Location",
                         fmt::format("/api/v1/{}/{}", SpecOf(RecordKind<T>::kTable).name, written.record.id));
  return r;
}

template <class T>
HttpResponse RecordGet(const Api&, RequestContext& ctx) {
  return RecordResponse(*ctx.state, GetRecord<T>(*ctx.state->market, ctx.PathParam("id")), 200);
}

template <class T>
HttpResponse RecordReplace(const Api& api, RequestContext& ctx) {
  const auto written = ReplaceRecord<T>(api.platform(), ctx.PathParam("id"), BodyObject(ctx), IfMatch(ctx));
  return RecordResponse(*written.state, written.record, 200);
}

template <class T>
HttpResponse RecordClose(const Api& api, RequestContext& ctx) {
  const auto written = CloseRecord<T>(api.platform(), ctx.PathParam("id"), IfMatch(ctx));
  return RecordResponse(*written.state, written.record, 200);
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

// ---- chain analytics ------------------------------------------------------------------------------------
HttpResponse Localization(const Api&, RequestContext& ctx) {
  return Json(LocalizationRoute(ctx, *ctx.state->chain));
}
HttpResponse Flows(const Api&, RequestContext& ctx) {
  return Json(FlowsRoute(ctx, *ctx.state->chain));
}
HttpResponse WeakLinks(const Api&, RequestContext& ctx) {
  return Json(WeakLinksRoute(ctx, *ctx.state->chain));
}
HttpResponse Invest(const Api&, RequestContext& ctx) {
  return Json(InvestRoute(ctx, *ctx.state->chain));
}
HttpResponse WhatIf(const Api&, RequestContext& ctx) {
  return Json(WhatIfRoute(*ctx.state->chain, BodyObject(ctx)));
}

// ---- stress jobs ----------------------------------------------------------------------------------------
namespace {

/// A job's work: the scenario, or the sweep and then mitigations for the riskiest nodes.
json::value RunStressRequest(const PlatformState& state, const SupplyBook* book, const StressRequest& request,
                             JobControl& control) {
  const Network& net = *state.chain;
  const SupplyNetwork chain(net);
  if (request.scenario) {
    control.total = 1;
    json::object out =
        ScenarioJson(net, RunScenario(chain, *request.scenario, request.options.model, {}, &control.cancel));
    control.done = 1;
    return out;
  }
  const StressResult r = RunStress(
      chain, request.options,
      [&](std::size_t done, std::size_t total) {
        control.total = total;
        control.done = done;
      },
      &control.cancel);
  json::object out = StressJson(net, request.options, r);
  json::array mitigations;
  for (std::size_t i = 0; i < r.nodes.size() && i < request.mitigate && !control.cancel; ++i)
    if (r.nodes[i].pi_value_yuan > 0)
      mitigations.push_back(MitigationJson(chain, Mitigate(chain, r.nodes[i].node, request.options,
                                                           SecondSourcesFor(chain, *book, r.nodes[i].node))));
  out["mitigations"] = std::move(mitigations);
  return out;
}

}  // namespace

HttpResponse StressList(const Api& api, RequestContext&) {
  return Json(json::object{{"jobs", api.jobs().List()}});
}

HttpResponse StressStart(const Api& api, RequestContext& ctx) {
  const StressRequest request = StressRequestOf(BodyObject(ctx));
  const std::shared_ptr<const PlatformState> state = ctx.state;
  const std::shared_ptr<const SupplyBook> book = request.mitigate > 0 ? api.platform().Book(*state) : nullptr;
  const auto id =
      api.jobs().Start(request.scenario ? "scenario" : "stress", [state, book, request](JobControl& control) {
        return RunStressRequest(*state, book.get(), request, control);
      });
  if (!id)
    throw ServiceError(ErrorCode::kTooManyRequests,
                       fmt::format("{} stress jobs are running; wait for one or cancel it", kMaxRunningJobs));
  HttpResponse r = Json(*api.jobs().View(*id), 202);
  r.headers.emplace_back("Location", "/api/v1/stress/" + *id);
  return r;
}

HttpResponse StressGet(const Api& api, RequestContext& ctx) {
  const std::string& id = ctx.PathParam("id");
  if (auto view = api.jobs().View(id)) return Json(*view);
  throw ServiceError(ErrorCode::kNotFound, fmt::format("no stress job '{}'", id));
}

HttpResponse StressDelete(const Api& api, RequestContext& ctx) {
  const std::string& id = ctx.PathParam("id");
  const auto before = api.jobs().View(id);
  if (!before || !api.jobs().Cancel(id))
    throw ServiceError(ErrorCode::kNotFound, fmt::format("no stress job '{}'", id));
  const bool running = before->at("status") == "running";
  return Json(json::object{{"job", id}, {"status", running ? "cancelling" : "deleted"}}, running ? 202 : 200);
}

}  // namespace chainscope::handlers
