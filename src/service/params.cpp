#include "service/params.h"

#include <fmt/format.h>
#include <charconv>
#include <cmath>

#include "core/number_text.h"
#include "core/schema.h"
#include "core/taxonomy.h"

namespace chainscope {
namespace json = boost::json;
namespace {}  // namespace

Params::Namer Params::QueryNames() {
  return [](std::string_view name) { return fmt::format("query parameter '{}'", name); };
}

Params::Namer Params::FlagNames() {
  return [](std::string_view name) {
    std::string flag = "--" + std::string(name);
    for (char& c : flag)
      if (c == '_') c = '-';
    return flag;
  };
}

const std::string* Params::Get(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::size_t Params::Size(std::string_view name, std::size_t fallback, std::size_t max) const {
  const std::string* s = Get(name);
  if (!s) return fallback;
  std::size_t v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size())
    throw InvalidInput(fmt::format("{} must be a whole number ≥ 0, got '{}'", Name(name), *s));
  if (v > max) throw InvalidInput(fmt::format("{} must be at most {}, got {}", Name(name), max, v));
  return v;
}

double Params::Real(std::string_view name, double fallback, double min, double max) const {
  const std::string* s = Get(name);
  if (!s) return fallback;
  double v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || !std::isfinite(v))
    throw InvalidInput(fmt::format("{} must be a number, got '{}'", Name(name), *s));
  if (v < min || v > max)
    throw InvalidInput(fmt::format("{} must be a number from {} to {}, got {}", Name(name), PlainNumber(min),
                                   PlainNumber(max), *s));
  return v;
}

std::optional<Province> Params::OptionalProvince(std::string_view name) const {
  const std::string* s = Get(name);
  if (!s) return std::nullopt;
  if (auto p = ParseProvince(*s)) return p;
  throw InvalidInput(
      fmt::format("{}: unknown province '{}' (Chongqing, Sichuan, OtherChina, Abroad)", Name(name), *s));
}

std::optional<Role> Params::OptionalRole(std::string_view name) const {
  const std::string* s = Get(name);
  if (!s) return std::nullopt;
  if (auto r = ParseRole(*s)) return r;
  throw InvalidInput(fmt::format(
      "{}: unknown role '{}' (oem, tier1, tier2, material, logistics, dealer, institute)", Name(name), *s));
}

std::string Params::Assembly(const Network& net, std::string_view name) const {
  const std::string* s = Get(name);
  if (!s) return {};
  for (std::uint32_t c = 0; c < net.component_count(); ++c)
    if (net.component(ComponentId(c)).assembly == *s) return *s;
  throw InvalidInput(fmt::format("{}: unknown assembly '{}'", Name(name), *s));
}

template <class Id, class Find>
Id Params::Lookup(std::string_view name, std::string_view kind, Find find) const {
  const std::string* s = Get(name);
  if (!s) return {};
  const Id id = find(*s);
  if (!id.valid()) throw InvalidInput(fmt::format("{}: unknown {} '{}'", Name(name), kind, *s));
  return id;
}

EnterpriseId Params::Enterprise(const Network& net, std::string_view name) const {
  return Lookup<EnterpriseId>(name, "enterprise", [&](std::string_view v) { return net.FindEnterprise(v); });
}

ComponentId Params::Component(const Network& net, std::string_view name) const {
  return Lookup<ComponentId>(name, "component", [&](std::string_view v) { return net.FindComponent(v); });
}

PlaceId Params::Place(const Network& net, std::string_view name) const {
  return Lookup<PlaceId>(name, "place", [&](std::string_view v) { return net.FindPlace(v); });
}

DirectoryQuery DirectoryQueryOf(const Network& net, const Params& p) {
  DirectoryQuery q;
  q.role = p.OptionalRole("role");
  q.place = p.Place(net, "place");
  q.province = p.OptionalProvince("province");
  q.component = p.Component(net, "component");
  q.assembly = p.Assembly(net, "assembly");
  if (const std::string* c = p.Get("certification")) q.certification = *c;
  if (const std::string* t = p.Get("q")) q.text = *t;
  return q;
}

BuyerScope Params::Scope(BuyerScope fallback) const {
  const std::string* s = Get("buyers");
  if (!s) return fallback;
  if (auto scope = ParseBuyerScope(*s)) return *scope;
  throw InvalidInput(fmt::format("{} must be oem or all, got '{}'", Name("buyers"), *s));
}

LocalizationQuery LocalizationQueryOf(const Network& net, const Params& p) {
  LocalizationQuery q;
  if (const std::string* by = p.Get("by")) {
    const auto key = ParseLocalizationKey(*by);
    if (!key)
      throw InvalidInput(fmt::format(
          "{} must be total, oem, powertrain, direction, assembly, component, province or place, got '{}'",
          p.Name("by"), *by));
    q.by = *key;
  }
  q.scope = p.Scope(BuyerScope::kOems);
  q.buyer_province = p.OptionalProvince("buyer_province");
  q.oem = p.Enterprise(net, "oem");
  q.component = p.Component(net, "component");
  return q;
}

FlowQuery FlowQueryOf(const Network& net, const Params& p) {
  FlowQuery q;
  q.scope = p.Scope(BuyerScope::kAllTiers);
  q.component = p.Component(net, "component");
  if (const std::string* a = p.Get("assembly")) {
    if (!FindAssembly(*a))
      throw InvalidInput(fmt::format("{}: unknown assembly '{}'", p.Name("assembly"), *a));
    q.assembly = *a;
  }
  q.oem = p.Enterprise(net, "oem");
  return q;
}

WeakLinksQuery WeakLinksQueryOf(const Params& p) {
  WeakLinksQuery q;
  q.scope = p.Scope(BuyerScope::kAllTiers);
  q.buyer_province = p.OptionalProvince("buyer_province");
  q.gap_threshold = p.Real("gap_threshold", q.gap_threshold, 0, kMaxGapThreshold);
  return q;
}

InvestQuery InvestQueryOf(const Network& net, const Params& p) {
  InvestQuery q;
  q.top = p.Size("top", q.top, kMaxRankedTargets);
  q.per_component = p.Size("per_component", q.per_component, kMaxRankedTargets);
  q.radius_km = p.Real("radius_km", q.radius_km, 0, 5000);
  if (p.Get("capacity")) {
    q.capacity_units = static_cast<std::int64_t>(p.Size("capacity", 0, kMaxCapacityUnits));
    if (*q.capacity_units < 1) throw InvalidInput(fmt::format("{} must be at least 1", p.Name("capacity")));
  }
  q.max_share = p.Real("max_share", q.max_share, kMinShare, 1);
  q.component = p.Component(net, "component");
  q.province = p.OptionalProvince("province");
  for (std::string_view part : kInvestPartNames) {
    const std::string name = fmt::format("weight_{}", part);
    if (p.Get(name)) q.weights.Set(part, p.Real(name, 0, 0, 1e6));
  }
  return q;
}

WhatIfSupplier WhatIfSupplierOf(const Network& net, const json::object& body) {
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
    if (!v->is_number() || !(v->to_number<double>() >= kMinShare) || v->to_number<double>() > 1)
      throw InvalidInput(
          fmt::format("field 'max_share' must be a number from {} to 1", PlainNumber(kMinShare)));
    s.max_share = v->to_number<double>();
  }
  if (!net.FindComponent(s.component).valid())
    throw InvalidInput(fmt::format("field 'component': unknown component '{}'", s.component));
  if (!net.FindPlace(s.place).valid())
    throw InvalidInput(fmt::format("field 'place': unknown place '{}'", s.place));
  return s;
}

}  // namespace chainscope
