#include "server/api.h"

#include <fmt/format.h>
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "analytics/calibration.h"
#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "core/schema.h"
#include "core/taxonomy.h"
#include "io/csv.h"
#include "io/records.h"
#include "match/allocator.h"
#include "match/matcher.h"
#include "server/analytics_json.h"
#include "server/json_out.h"
#include "server/openapi.h"
#include "server/resilience_json.h"

namespace chainscope {
namespace json = boost::json;
namespace {

constexpr std::string_view kApiPrefix = "/api/v1";

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  int status;
  std::string code;
};

HttpError BadRequest(const std::string& message) {
  return HttpError(400, "bad_request", message);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) throw BadRequest("malformed percent-encoding in URL");
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) throw BadRequest("malformed percent-encoding in URL");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

RequestContext ParseTarget(const HttpRequest& r) {
  RequestContext ctx;
  ctx.method = r.method;
  std::string_view target = r.target;
  if (target.empty() || target.front() != '/') throw BadRequest("request target must start with '/'");
  const std::size_t q = target.find('?');
  ctx.path = PercentDecode(target.substr(0, q), false);
  if (ctx.path.find('\0') != std::string::npos) throw BadRequest("the URL path contains a NUL byte");
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      if (!pair.empty()) {
        const std::size_t eq = pair.find('=');
        ctx.query[PercentDecode(pair.substr(0, eq), true)] =
            eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  // Everything later echoed in messages or matched against names must be text.
  bool utf8 = FindInvalidUtf8(ctx.path) == std::string_view::npos;
  for (const auto& [name, value] : ctx.query)
    utf8 = utf8 && FindInvalidUtf8(name) == std::string_view::npos &&
           FindInvalidUtf8(value) == std::string_view::npos;
  if (!utf8) throw BadRequest("the URL is not valid UTF-8 once percent-decoded");
  return ctx;
}

HttpResponse Json(const json::value& v, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

void AllowOnly(const RequestContext& ctx, std::initializer_list<std::string_view> params) {
  for (const auto& [name, value] : ctx.query)
    if (std::find(params.begin(), params.end(), name) == params.end()) {
      std::string allowed;
      for (auto p : params) allowed += (allowed.empty() ? "" : ", ") + std::string(p);
      throw BadRequest(fmt::format("unknown query parameter '{}' (allowed: {})", name,
                                   allowed.empty() ? "none" : allowed));
    }
}

std::size_t SizeParam(const RequestContext& ctx, const std::string& name, std::size_t fallback,
                      std::size_t max) {
  auto it = ctx.query.find(name);
  if (it == ctx.query.end()) return fallback;
  std::size_t v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw BadRequest(fmt::format("query parameter '{}' must be a whole number ≥ 0, got '{}'", name, s));
  if (v > max) throw BadRequest(fmt::format("query parameter '{}' must be at most {}, got {}", name, max, v));
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::string* Param(const RequestContext& ctx, const std::string& name) {
  auto it = ctx.query.find(name);
  return it == ctx.query.end() ? nullptr : &it->second;
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
  throw BadRequest(fmt::format(
      "query parameter '{}': unknown province '{}' (Chongqing, Sichuan, OtherChina, Abroad)", name, value));
}

EnterpriseId EnterpriseParam(const Network& net, const std::string& value, std::string_view name) {
  EnterpriseId e = net.FindEnterprise(value);
  if (!e.valid()) throw BadRequest(fmt::format("query parameter '{}': unknown enterprise '{}'", name, value));
  return e;
}

ComponentId ComponentParam(const Network& net, const std::string& value, std::string_view name) {
  ComponentId c = net.FindComponent(value);
  if (!c.valid()) throw BadRequest(fmt::format("query parameter '{}': unknown component '{}'", name, value));
  return c;
}

// ---- handlers -----------------------------------------------------------------------------------------
json::object Health(const Network& net, const std::string& store, int schema_version) {
  const Dataset& d = net.data();
  return {{"status", "ok"},
          {"api_version", "v1"},
          {"store", store.substr(0, store.find(':'))},  // the kind only: a path or URL is not public
          {"schema_version", schema_version},
          {"counts", json::object{{"places", d.places.size()},
                                  {"components", d.components.size()},
                                  {"enterprises", d.enterprises.size()},
                                  {"vehicle_lines", d.vehicle_lines.size()},
                                  {"capabilities", d.capabilities.size()},
                                  {"links", d.links.size()},
                                  {"demands", d.demands.size()},
                                  {"offers", d.offers.size()}}}};
}

json::object Places(const RequestContext& ctx, const Network& net) {
  AllowOnly(ctx, {"province"});
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
  AllowOnly(ctx, {"role", "place", "province", "component", "q", "limit", "offset"});
  std::optional<Role> role;
  if (auto* r = Param(ctx, "role")) {
    role = ParseRole(*r);
    if (!role)
      throw BadRequest(
          fmt::format("query parameter 'role': unknown role '{}' (oem, tier1, tier2, material, logistics, "
                      "dealer, research)",
                      *r));
  }
  PlaceId place;
  if (auto* p = Param(ctx, "place")) {
    place = net.FindPlace(*p);
    if (!place.valid()) throw BadRequest(fmt::format("query parameter 'place': unknown place '{}'", *p));
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

json::object EnterpriseDetail(const RequestContext& ctx, const Network& net, std::string_view id) {
  AllowOnly(ctx, {});
  const EnterpriseId e = net.FindEnterprise(id);
  if (!e.valid()) throw HttpError(404, "not_found", fmt::format("no enterprise with id '{}'", id));
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
  AllowOnly(ctx,
            {"buyer", "supplier", "component", "buyer_province", "supplier_province", "limit", "offset"});
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

json::object BodyObject(const HttpRequest& r) {
  if (r.body.empty()) return {};
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec) throw BadRequest(fmt::format("request body is not valid JSON: {}", ec.message()));
  if (!v.is_object()) throw BadRequest("request body must be a JSON object");
  return std::move(v.as_object());
}

void AllowFields(const json::object& body, std::initializer_list<std::string_view> fields) {
  for (const auto& kv : body)
    if (std::find(fields.begin(), fields.end(), kv.key()) == fields.end()) {
      std::string allowed;
      for (auto f : fields) allowed += (allowed.empty() ? "" : ", ") + std::string(f);
      throw BadRequest(fmt::format("unknown field '{}' (allowed: {})", std::string_view(kv.key()), allowed));
    }
}

DemandSpec DemandFromRequest(const Network& net, const json::object& body) {
  if (const json::value* id = body.if_contains("demand")) {
    if (!id->is_string()) throw BadRequest("field 'demand' must be a demand id");
    for (const Demand& d : net.data().demands)
      if (d.id == id->get_string()) return DemandSpecOf(net, d);
    throw HttpError(404, "not_found",
                    fmt::format("no demand with id '{}'", std::string_view(id->get_string())));
  }
  json::object inline_demand;
  for (const char* f : {"buyer", "component", "quantity", "start_date", "max_distance_km", "required_certs",
                        "prefer_local", "max_share"})
    if (const json::value* v = body.if_contains(f)) inline_demand[f] = *v;
  return DemandSpecOf(net, InlineDemandFromJson(net, std::move(inline_demand)));
}

MatchWeights WeightsFromRequest(const json::object& body) {
  MatchWeights w;
  if (const json::value* v = body.if_contains("weights")) {
    if (!v->is_object()) throw BadRequest("field 'weights' must be an object of name: number");
    for (const auto& kv : v->get_object()) {
      if (!kv.value().is_number())
        throw BadRequest(fmt::format("weight '{}' must be a number", std::string_view(kv.key())));
      try {
        w.Set(kv.key(), kv.value().to_number<double>());
      } catch (const InvalidInput& e) {
        throw BadRequest(e.what());
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
    throw BadRequest(fmt::format("query parameter '{}' must be a number, got '{}'", name, *s));
  if (v < min || v > max)
    throw BadRequest(
        fmt::format("query parameter '{}' must be between {} and {}, got {}", name, min, max, *s));
  return v;
}

BuyerScope ScopeParam(const RequestContext& ctx, BuyerScope fallback) {
  const std::string* s = Param(ctx, "buyers");
  if (!s) return fallback;
  if (auto scope = ParseBuyerScope(*s)) return *scope;
  throw BadRequest(fmt::format("query parameter 'buyers' must be oem or all, got '{}'", *s));
}

std::optional<Province> OptionalProvince(const RequestContext& ctx, const std::string& name) {
  if (const std::string* p = Param(ctx, name)) return ProvinceParam(*p, name);
  return std::nullopt;
}

json::object LocalizationRoute(const RequestContext& ctx, const Network& net) {
  AllowOnly(ctx, {"by", "buyers", "buyer_province", "oem", "component"});
  LocalizationQuery q;
  if (const std::string* by = Param(ctx, "by")) {
    const auto key = ParseLocalizationKey(*by);
    if (!key)
      throw BadRequest(
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
  AllowOnly(ctx, {"buyers", "component", "assembly", "oem", "limit"});
  FlowQuery q;
  q.scope = ScopeParam(ctx, BuyerScope::kAllTiers);
  if (const std::string* c = Param(ctx, "component")) q.component = ComponentParam(net, *c, "component");
  if (const std::string* a = Param(ctx, "assembly")) {
    if (!FindAssembly(*a))
      throw BadRequest(fmt::format("query parameter 'assembly': unknown assembly '{}'", *a));
    q.assembly = *a;
  }
  if (const std::string* e = Param(ctx, "oem")) q.oem = EnterpriseParam(net, *e, "oem");
  return FlowsJson(net, ComputeFlows(net, q),
                   SizeParam(ctx, "limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize));
}

json::object WeakLinksRoute(const RequestContext& ctx, const Network& net) {
  AllowOnly(ctx, {"buyers", "buyer_province", "gap_threshold", "limit"});
  WeakLinksQuery q;
  q.scope = ScopeParam(ctx, BuyerScope::kAllTiers);
  q.buyer_province = OptionalProvince(ctx, "buyer_province");
  q.gap_threshold = RealParam(ctx, "gap_threshold", q.gap_threshold, 0, 1e9);
  return WeakLinksJson(net, AnalyzeWeakLinks(net, q),
                       SizeParam(ctx, "limit", kDefaultAnalyticsListSize, kMaxAnalyticsListSize));
}

json::object InvestRoute(const RequestContext& ctx, const Network& net) {
  AllowOnly(ctx, {"top", "per_component", "radius_km", "capacity", "max_share", "component", "province",
                  "weight_gap", "weight_focus", "weight_buyers", "weight_cluster", "weight_resilience"});
  InvestQuery q;
  q.top = SizeParam(ctx, "top", q.top, kMaxPageSize);
  q.per_component = SizeParam(ctx, "per_component", q.per_component, kMaxPageSize);
  q.radius_km = RealParam(ctx, "radius_km", q.radius_km, 0, 5000);
  if (Param(ctx, "capacity"))
    q.capacity_units = static_cast<std::int64_t>(SizeParam(ctx, "capacity", 0, kMaxCapacityUnits));
  if (q.capacity_units && *q.capacity_units < 1)
    throw BadRequest("query parameter 'capacity' must be at least 1");
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
  AllowFields(body, {"component", "place", "capacity_units", "max_share", "id", "name"});
  WhatIfSupplier s;
  auto text = [&](const char* field, std::string& into, bool required) {
    const json::value* v = body.if_contains(field);
    if (!v) {
      if (required) throw BadRequest(fmt::format("field '{}' is required", field));
      return;
    }
    if (!v->is_string() || v->get_string().empty())
      throw BadRequest(fmt::format("field '{}' must be a non-empty text", field));
    into = std::string(v->get_string());
  };
  text("component", s.component, true);
  text("place", s.place, true);
  text("id", s.id, false);
  text("name", s.name, false);
  if (const json::value* v = body.if_contains("capacity_units")) {
    if (!v->is_int64() || v->get_int64() < 1)
      throw BadRequest("field 'capacity_units' must be a whole number ≥ 1");
    s.capacity_units = v->get_int64();
  }
  if (const json::value* v = body.if_contains("max_share")) {
    if (!v->is_number() || !(v->to_number<double>() > 0) || v->to_number<double>() > 1)
      throw BadRequest("field 'max_share' must be a number in (0, 1]");
    s.max_share = v->to_number<double>();
  }
  if (!net.FindComponent(s.component).valid())
    throw BadRequest(fmt::format("field 'component': unknown component '{}'", s.component));
  if (!net.FindPlace(s.place).valid())
    throw BadRequest(fmt::format("field 'place': unknown place '{}'", s.place));
  return WhatIfJson(net, RunWhatIf(net, s));
}

std::string ContentType(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

constexpr std::string_view kLandingPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chainscope</title></head>
<body style="font-family:sans-serif;max-width:48rem;margin:2rem auto">
<h1>chainscope</h1>
<p>The Chengdu–Chongqing automotive industry chain platform. The dashboard is not built on this server
(web/dist is absent); the API is available:</p>
<ul>
<li><a href="/api/v1/health">/api/v1/health</a></li>
<li><a href="/api/v1/taxonomy">/api/v1/taxonomy</a></li>
<li><a href="/api/v1/places">/api/v1/places</a></li>
<li><a href="/api/v1/enterprises?role=oem">/api/v1/enterprises?role=oem</a></li>
<li><a href="/api/v1/links?buyer=changan&amp;limit=20">/api/v1/links?buyer=changan</a></li>
<li><a href="/api/v1/calibration">/api/v1/calibration</a></li>
<li><a href="/api/v1/openapi.json">/api/v1/openapi.json</a></li>
</ul></body></html>
)";

}  // namespace

HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message) {
  std::string text(message);  // JSON text must be UTF-8: a stray byte becomes U+FFFD
  for (std::size_t bad; (bad = FindInvalidUtf8(text)) != std::string::npos;) text.replace(bad, 1, "\uFFFD");
  return Json(json::object{{"error", json::object{{"code", code}, {"message", text}}}}, status);
}

Api::Api(std::shared_ptr<const Network> snapshot, std::string store_description, int schema_version,
         std::filesystem::path static_root)
    : snapshot_(std::move(snapshot)),
      store_description_(std::move(store_description)),
      schema_version_(schema_version),
      static_root_(std::move(static_root)) {}

HttpResponse Api::Handle(const HttpRequest& request) const {
  try {
    const RequestContext ctx = ParseTarget(request);
    // Authentication, roles and the audit log go here, once, for every route.
    return Route(ctx, request);
  } catch (const HttpError& e) {
    return ErrorResponse(e.status, e.code, e.what());
  } catch (const NotFound& e) {
    return ErrorResponse(404, "not_found", e.what());
  } catch (const InvalidInput& e) {
    return ErrorResponse(400, "bad_request", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chainscope: internal error on %s: %s\n", request.target.c_str(), e.what());
    return ErrorResponse(500, "internal", "internal error");
  }
}

HttpResponse Api::Route(const RequestContext& ctx, const HttpRequest& request) const {
  const std::string& path = ctx.path;
  if (path != "/api" && !path.starts_with("/api/")) return Static(ctx);
  if (path != kApiPrefix && !path.starts_with(std::string(kApiPrefix) + "/"))
    throw HttpError(404, "not_found",
                    fmt::format("no API endpoint {} (this server speaks {})", path, kApiPrefix));
  const std::string_view rest = std::string_view(path).substr(kApiPrefix.size());
  const bool read = ctx.method == "GET" || ctx.method == "HEAD";
  auto require_get = [&] {
    if (!read)
      throw HttpError(405, "method_not_allowed", fmt::format("{} is not allowed on {}", ctx.method, path));
  };
  (void)request;
  const std::shared_ptr<const Network> net = snapshot();
  if (rest == "/health") return require_get(), Json(Health(*net, store_description_, schema_version_));
  if (rest == "/openapi.json") return require_get(), AllowOnly(ctx, {}), Json(OpenApiDocument());
  if (rest == "/places") return require_get(), Json(Places(ctx, *net));
  if (rest == "/taxonomy") return require_get(), AllowOnly(ctx, {}), Json(TaxonomyJson(*net));
  if (rest == "/calibration")
    return require_get(), AllowOnly(ctx, {}),
           Json(json::object{{"figures", CalibrationJson(MeasureCalibration(*net))}});
  if (rest == "/enterprises") return require_get(), Json(Enterprises(ctx, *net));
  if (rest.starts_with("/enterprises/") && rest.size() > 13 && rest.find('/', 13) == std::string_view::npos)
    return require_get(), Json(EnterpriseDetail(ctx, *net, rest.substr(13)));
  if (rest == "/links") return require_get(), Json(Links(ctx, *net));
  if (rest == "/match") {
    if (ctx.method != "POST")
      throw HttpError(405, "method_not_allowed", "use POST /api/v1/match with a JSON body");
    AllowOnly(ctx, {});
    const json::object body = BodyObject(request);
    AllowFields(body, {"demand", "buyer", "component", "quantity", "start_date", "max_distance_km",
                       "required_certs", "prefer_local", "max_share", "top", "weights", "explain"});
    const DemandSpec demand = DemandFromRequest(*net, body);
    const MatchWeights weights = WeightsFromRequest(body);
    std::size_t top = 10;
    if (const json::value* t = body.if_contains("top")) {
      if (!t->is_int64() || t->get_int64() < 1 || t->get_int64() > 1000)
        throw BadRequest("field 'top' must be a whole number 1–1000");
      top = static_cast<std::size_t>(t->get_int64());
    }
    const auto book = Book(net);
    const Matcher matcher(*net, *book);
    json::object out = MatchJson(*net, demand, matcher.TopK(demand, top, weights));
    if (const json::value* x = body.if_contains("explain")) {
      if (!x->is_string()) throw BadRequest("field 'explain' must be a supplier id");
      const EnterpriseId s = net->FindEnterprise(x->get_string());
      if (!s.valid())
        throw HttpError(404, "not_found",
                        fmt::format("no enterprise with id '{}'", std::string_view(x->get_string())));
      out["explain"] = ExplanationJson(*net, s, matcher.Explain(demand, s, weights));
    }
    return Json(out);
  }
  if (rest == "/allocations") {
    if (ctx.method != "POST") throw HttpError(405, "method_not_allowed", "use POST /api/v1/allocations");
    AllowOnly(ctx, {});
    const json::object body = BodyObject(request);
    AllowFields(body, {"unmet_penalty_factor", "algorithm"});
    AllocationOptions options;
    if (const json::value* f = body.if_contains("unmet_penalty_factor")) {
      if (!f->is_number() || !(f->to_number<double>() > 0))
        throw BadRequest("field 'unmet_penalty_factor' must be a number > 0");
      options.unmet_penalty_factor = f->to_number<double>();
    }
    if (const json::value* a = body.if_contains("algorithm")) {
      if (*a == "network_simplex")
        options.algorithm = TransportAlgorithm::kNetworkSimplex;
      else if (*a == "cost_scaling")
        options.algorithm = TransportAlgorithm::kCostScaling;
      else
        throw BadRequest("field 'algorithm' must be network_simplex or cost_scaling");
    }
    const auto book = Book(net);
    const std::vector<DemandSpec> demands = OpenDemands(*net);
    return Json(AllocationJson(*net, demands, Allocate(*net, *book, demands, options)));
  }
  if (rest == "/analytics/localization") return require_get(), Json(LocalizationRoute(ctx, *net));
  if (rest == "/analytics/flows") return require_get(), Json(FlowsRoute(ctx, *net));
  if (rest == "/analytics/weak-links") return require_get(), Json(WeakLinksRoute(ctx, *net));
  if (rest == "/analytics/invest") return require_get(), Json(InvestRoute(ctx, *net));
  if (rest == "/analytics/invest/what-if") {
    if (ctx.method != "POST")
      throw HttpError(405, "method_not_allowed",
                      "use POST /api/v1/analytics/invest/what-if with a JSON body");
    AllowOnly(ctx, {});
    return Json(WhatIfRoute(*net, BodyObject(request)));
  }
  if (rest == "/stress" || rest.starts_with("/stress/")) return StressJobs(ctx, request, rest.substr(7));
  if (rest == "/demands" || rest.starts_with("/demands/")) return Demands(ctx, request, rest.substr(8));
  if (rest == "/offers" || rest.starts_with("/offers/")) return Offers(ctx, request, rest.substr(7));
  throw HttpError(404, "not_found", fmt::format("no API endpoint {} (see /api/v1/openapi.json)", path));
}

std::shared_ptr<const SupplyBook> Api::Book(const std::shared_ptr<const Network>& net) const {
  std::lock_guard lock(book_mutex_);
  if (book_for_ != net) {  // holding the snapshot keeps its address from being reused by a newer one
    book_ = std::make_shared<const SupplyBook>(*net);
    book_for_ = net;
  }
  return book_;
}

std::shared_ptr<const Network> Api::Write(const std::function<void(Dataset&, Store&)>& change) const {
  if (!store_) throw HttpError(503, "read_only", "this server has no writable store");
  std::lock_guard lock(write_mutex_);
  Dataset next = snapshot()->data();
  change(next, *store_);
  auto built = Network::Build(std::move(next));
  snapshot_.store(built);
  return built;
}

namespace {

// GET list / POST create / GET one / PUT update / POST close, shared by demands and offers.
template <class T>
HttpResponse Records(
    const Api& api, const RequestContext& ctx, const HttpRequest& request, std::string_view rest,
    const std::function<std::shared_ptr<const Network>(const std::function<void(Dataset&, Store&)>&)>&
        write) {
  using Kind = RecordKind<T>;
  const std::shared_ptr<const Network> net = api.snapshot();
  const std::vector<T>& records = Kind::Rows(net->data());
  const std::string_view kind = SingularOf(Kind::kTable);
  if (rest.empty()) {
    if (ctx.method == "GET" || ctx.method == "HEAD") {
      AllowOnly(ctx, {Kind::kOwnerField, "component", "status", "limit", "offset"});
      const std::string* owner = Param(ctx, std::string(Kind::kOwnerField));
      const std::string* component = Param(ctx, "component");
      const std::string* status = Param(ctx, "status");
      if (status && *status != "open" && *status != "closed")
        throw BadRequest("query parameter 'status' must be open or closed");
      std::vector<const T*> ids;
      for (const T& r : records) {
        if (owner && Kind::Owner(r) != *owner) continue;
        if (component && r.component != *component) continue;
        if (status && r.open != (*status == "open")) continue;
        ids.push_back(&r);
      }
      return Json(Page(ctx, ids, [&](const T* r) { return RecordJson(*net, *r); }));
    }
    if (ctx.method != "POST")
      throw HttpError(405, "method_not_allowed",
                      fmt::format("{} is not allowed on {}", ctx.method, ctx.path));
    AllowOnly(ctx, {});
    json::object body = BodyObject(request);
    std::string id;
    if (const json::value* v = body.if_contains("id")) {
      if (!v->is_string() || v->get_string().empty()) throw BadRequest("field 'id' must be a non-empty text");
      id = std::string(v->get_string());
      for (const T& r : records)
        if (r.id == id)
          throw HttpError(409, "conflict", fmt::format("{} '{}' exists; use PUT to change it", kind, id));
    } else {
      id = NextRecordId(records);
    }
    const T record = Kind::FromJson(*net, body, id);
    auto next = write([&](Dataset& d, Store& store) {
      store.Put(record);
      Kind::Rows(d).push_back(record);
    });
    return Json(RecordJson(*next, record), 201);
  }
  // /{id} or /{id}/close
  std::string_view id = rest.substr(1);
  bool close = false;
  if (id.ends_with("/close")) {
    id.remove_suffix(6);
    close = true;
  }
  if (id.empty() || id.find('/') != std::string_view::npos)
    throw HttpError(404, "not_found", fmt::format("no API endpoint {}", ctx.path));
  const T* existing = nullptr;
  for (const T& r : records)
    if (r.id == id) existing = &r;
  if (!existing) throw HttpError(404, "not_found", fmt::format("no {} with id '{}'", kind, id));
  AllowOnly(ctx, {});
  if (!close && (ctx.method == "GET" || ctx.method == "HEAD")) return Json(RecordJson(*net, *existing));
  if (close ? ctx.method != "POST" : ctx.method != "PUT")
    throw HttpError(405, "method_not_allowed", fmt::format("{} is not allowed on {}", ctx.method, ctx.path));
  T record = *existing;
  if (close) {
    record.open = false;
  } else {
    json::object body = BodyObject(request);
    if (const json::value* v = body.if_contains("id"); v && (!v->is_string() || v->get_string() != id))
      throw BadRequest("field 'id' cannot change");
    record = Kind::FromJson(*net, body, std::string(id));
  }
  auto next = write([&](Dataset& d, Store& store) {
    store.Put(record);
    for (T& r : Kind::Rows(d))
      if (r.id == record.id) r = record;
  });
  return Json(RecordJson(*next, record));
}

}  // namespace

HttpResponse Api::Demands(const RequestContext& ctx, const HttpRequest& request,
                          std::string_view rest) const {
  return Records<Demand>(*this, ctx, request, rest, [this](const auto& change) { return Write(change); });
}

HttpResponse Api::Offers(const RequestContext& ctx, const HttpRequest& request, std::string_view rest) const {
  return Records<Offer>(*this, ctx, request, rest, [this](const auto& change) { return Write(change); });
}

HttpResponse Api::StressJobs(const RequestContext& ctx, const HttpRequest& request,
                             std::string_view rest) const {
  AllowOnly(ctx, {});
  if (rest.empty()) {
    if (ctx.method == "GET" || ctx.method == "HEAD") return Json(json::object{{"jobs", jobs_.List()}});
    if (ctx.method != "POST")
      throw HttpError(405, "method_not_allowed",
                      fmt::format("{} is not allowed on {}", ctx.method, ctx.path));
    const json::object body = BodyObject(request);
    AllowFields(body,
                {"ttr_days", "horizon_days", "alternatives", "qualification_days", "mitigate", "scenario"});
    auto number = [&](const char* field, double min, double max) -> std::optional<double> {
      const json::value* v = body.if_contains(field);
      if (!v) return std::nullopt;
      if (!v->is_number() || !(v->to_number<double>() >= min) || v->to_number<double>() > max)
        throw BadRequest(fmt::format("field '{}' must be a number from {} to {}", field, min, max));
      return v->to_number<double>();
    };
    StressOptions options;
    if (auto t = number("ttr_days", 0, 3650)) options.ttr_days = *t;
    if (auto h = number("horizon_days", 1, 3650)) options.horizon_days = *h;
    if (auto q = number("qualification_days", 0, 3650)) options.model.qualification_days = *q;
    if (const json::value* a = body.if_contains("alternatives")) {
      if (!a->is_bool()) throw BadRequest("field 'alternatives' must be true or false");
      options.model.alternatives = a->get_bool();
    }
    const std::size_t mitigate = static_cast<std::size_t>(number("mitigate", 0, 50).value_or(0));
    std::optional<Scenario> scenario;
    if (const json::value* s = body.if_contains("scenario")) {
      try {
        scenario = ScenarioFromJson(*s, "field 'scenario'");
      } catch (const InvalidInput& e) {
        throw BadRequest(e.what());
      }
    }
    const std::shared_ptr<const Network> net = snapshot();
    const std::shared_ptr<const SupplyBook> book = mitigate > 0 ? Book(net) : nullptr;
    const auto id =
        jobs_.Start(scenario ? "scenario" : "stress",
                    [net, book, options, mitigate, scenario](JobControl& control) -> json::value {
                      const SupplyNetwork chain(*net);
                      if (scenario) {
                        control.total = 1;
                        json::object out = ScenarioJson(*net, RunScenario(chain, *scenario, options.model));
                        control.done = 1;
                        return out;
                      }
                      const StressResult r = RunStress(
                          chain, options,
                          [&](std::size_t done, std::size_t total) {
                            control.total = total;
                            control.done = done;
                          },
                          &control.cancel);
                      json::object out = StressJson(*net, options, r);
                      json::array mitigations;
                      for (std::size_t i = 0; i < r.nodes.size() && i < mitigate && !control.cancel; ++i)
                        if (r.nodes[i].pi_value_yuan > 0)
                          mitigations.push_back(MitigationJson(
                              chain, Mitigate(chain, r.nodes[i].node, options,
                                              SecondSourcesFor(chain, *book, r.nodes[i].node))));
                      out["mitigations"] = std::move(mitigations);
                      return out;
                    });
    if (!id)
      throw HttpError(429, "too_many_jobs",
                      fmt::format("{} stress jobs are running; wait for one or cancel it", kMaxRunningJobs));
    HttpResponse r = Json(*jobs_.View(*id), 202);
    r.headers.push_back({"Location", "/api/v1/stress/" + *id});
    return r;
  }
  const std::string id(rest.substr(1));
  if (id.empty() || id.find('/') != std::string::npos)
    throw HttpError(404, "not_found", fmt::format("no API endpoint {}", ctx.path));
  if (ctx.method == "GET" || ctx.method == "HEAD") {
    if (auto view = jobs_.View(id)) return Json(*view);
    throw HttpError(404, "not_found", fmt::format("no stress job '{}'", id));
  }
  if (ctx.method == "DELETE") {
    const auto before = jobs_.View(id);
    if (!before || !jobs_.Cancel(id))
      throw HttpError(404, "not_found", fmt::format("no stress job '{}'", id));
    const bool running = before->at("status") == "running";
    return Json(json::object{{"job", id}, {"status", running ? "cancelling" : "deleted"}},
                running ? 202 : 200);
  }
  throw HttpError(405, "method_not_allowed", fmt::format("{} is not allowed on {}", ctx.method, ctx.path));
}

HttpResponse Api::Static(const RequestContext& ctx) const {
  if (ctx.method != "GET" && ctx.method != "HEAD")
    throw HttpError(405, "method_not_allowed", fmt::format("{} is not allowed on {}", ctx.method, ctx.path));
  const bool have_dist = !static_root_.empty() && std::filesystem::exists(static_root_ / "index.html");
  if (!have_dist) {
    if (ctx.path != "/" && ctx.path != "/index.html")
      throw HttpError(404, "not_found", fmt::format("no file {}", ctx.path));
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = kLandingPage;
    return r;
  }
  // Only plain relative paths below the root: every segment a non-empty name that does not start with '.'
  // (so no "..", no hidden files, no "//" that would make the path absolute) and no backslash; then the
  // canonical file (symbolic links resolved) must still lie inside the canonical root.
  const std::string_view rel_text =
      ctx.path == "/" ? std::string_view("index.html") : std::string_view(ctx.path).substr(1);
  std::size_t start = 0;
  while (start <= rel_text.size()) {
    const std::size_t slash = std::min(rel_text.find('/', start), rel_text.size());
    const std::string_view part = rel_text.substr(start, slash - start);
    if (part.empty() || part.front() == '.' || part.find('\\') != std::string_view::npos)
      throw HttpError(404, "not_found", "no such file");
    start = slash + 1;
  }
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(static_root_, ec);
  if (ec) throw HttpError(404, "not_found", "no such file");
  auto inside_root = [&](const std::filesystem::path& p) -> std::optional<std::filesystem::path> {
    std::error_code e;
    std::filesystem::path c = std::filesystem::canonical(p, e);
    if (e || !std::filesystem::is_regular_file(c, e)) return std::nullopt;
    const auto [root_end, c_it] = std::mismatch(root.begin(), root.end(), c.begin(), c.end());
    if (root_end != root.end()) return std::nullopt;
    return c;
  };
  std::optional<std::filesystem::path> found = inside_root(root / std::filesystem::path(rel_text));
  if (!found) found = inside_root(root / "index.html");  // single-page app routes
  if (!found) throw HttpError(404, "not_found", "no such file");
  const std::filesystem::path file = *found;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw HttpError(404, "not_found", "no such file");
  std::ostringstream ss;
  ss << in.rdbuf();
  HttpResponse r;
  r.content_type = ContentType(file);
  r.body = ss.str();
  return r;
}

}  // namespace chainscope
