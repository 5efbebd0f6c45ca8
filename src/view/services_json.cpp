// view: R&D, testing and talent services as JSON (services_json.h).
#include "view/services_json.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/taxonomy.h"
#include "io/json_text.h"
#include "view/json_out.h"

namespace chainscope {
namespace json = boost::json;
namespace {

/// `prefix`, `prefix`_name and `prefix`_name_zh of an enterprise (its id for both names when unknown).
void PutEnterprise(json::object& o, const Network& net, std::string_view prefix, const std::string& id) {
  const EnterpriseId e = net.FindEnterprise(id);
  o[prefix] = id;
  o[std::string(prefix) + "_name"] = e.valid() ? net.enterprise(e).name : id;
  o[std::string(prefix) + "_name_zh"] = e.valid() ? net.enterprise(e).name_zh : id;
}

/// Components or assemblies by code, each with its names.
json::array CodesWithNames(const Network& net, const std::vector<std::string>& codes) {
  json::array out;
  for (const std::string& code : codes) {
    const ComponentId c = net.FindComponent(code);
    const Assembly* a = c.valid() ? nullptr : FindAssembly(code);
    out.push_back(json::object{{"code", code},
                               {"name", c.valid() ? net.component(c).name
                                        : a       ? std::string(a->name)
                                                  : code},
                               {"name_zh", c.valid() ? net.component(c).name_zh
                                           : a       ? std::string(a->name_zh)
                                                     : code}});
  }
  return out;
}

json::array Texts(const std::vector<std::string>& items) {
  json::array out;
  for (const std::string& s : items) out.emplace_back(json::string(s));
  return out;
}

json::array Messages(const std::vector<Message>& messages) {
  json::array out;
  for (const Message& m : messages) out.push_back(MessageJson(m));
  return out;
}

}  // namespace

json::object ServiceJson(const Network& net, const Service& s) {
  json::object o{{"id", s.id}};
  PutEnterprise(o, net, "provider", s.provider);
  const EnterpriseId e = net.FindEnterprise(s.provider);
  const std::string place = e.valid() ? net.enterprise(e).place : std::string();
  o["place"] = TextOrNull(place);
  PutPlaceNames(o, net, place);
  o["kind"] = ToString(s.kind);
  o["kind_zh"] = ChineseName(s.kind);
  o["title_zh"] = s.title_zh;
  o["title_en"] = s.title_en;
  o["standards"] = Texts(s.standards);
  o["components"] = CodesWithNames(net, s.components);
  o["cnas"] = TextOrNull(s.cnas);
  o["cma"] = TextOrNull(s.cma);
  o["equipment"] = s.equipment;
  o["lead_time_days"] = s.lead_time_days;
  o["price_min_yuan"] = s.price_min_yuan;
  o["price_max_yuan"] = s.price_max_yuan;
  o["rush_surcharge"] = s.rush_surcharge;
  o["capacity_hours_per_year"] = s.capacity_hours_per_year;
  o["bookable"] = s.bookable;
  o["places"] = s.places;
  o["starts_on"] = TextOrNull(s.starts_on);
  o["ends_on"] = TextOrNull(s.ends_on);
  o["closed"] = s.closed;
  o["synthetic"] = s.synthetic;
  o["created_at"] = s.created_at;
  o["updated_at"] = s.updated_at;
  o["version"] = s.version;
  return o;
}

json::object ServiceRequestJson(const Network& net, const ServiceRequest& r, const Principal& viewer,
                                const RequestParties* parties) {
  json::object o{{"id", r.id}};
  if (SeesRequester(viewer, r)) {
    PutEnterprise(o, net, "requester", r.requester);
  } else {
    o["requester"] = nullptr;
    o["requester_name"] = nullptr;
    o["requester_name_zh"] = nullptr;
  }
  o["kind"] = ToString(r.kind);
  o["kind_zh"] = ChineseName(r.kind);
  o["standards"] = Texts(r.standards);
  o["component"] = TextOrNull(r.component);
  const json::array component = CodesWithNames(
      net, r.component.empty() ? std::vector<std::string>{} : std::vector<std::string>{r.component});
  o["component_name"] = component.empty() ? json::value(nullptr) : component[0].as_object().at("name");
  o["component_name_zh"] = component.empty() ? json::value(nullptr) : component[0].as_object().at("name_zh");
  o["needed_by"] = TextOrNull(r.needed_by);
  o["budget_yuan"] = r.budget_yuan;
  o["anonymous"] = r.anonymous;
  o["note"] = r.note;
  o["status"] = ToString(r.status);
  o["accepted_interest"] = TextOrNull(r.accepted_interest);
  if (r.accepted_provider.empty()) {
    o["accepted_provider"] = nullptr;
  } else {
    json::object provider;
    PutEnterprise(provider, net, "id", r.accepted_provider);
    o["accepted_provider"] = r.accepted_provider;
    o["accepted_provider_name"] = provider["id_name"];
    o["accepted_provider_name_zh"] = provider["id_name_zh"];
  }
  o["mine"] = IsMemberOf(viewer, r.requester);
  o["synthetic"] = r.synthetic;
  o["created_at"] = r.created_at;
  o["updated_at"] = r.updated_at;
  o["version"] = r.version;
  if (parties) {
    o["requester_contact"] = TextOrNull(parties->requester_contact);
    o["provider_contact"] = TextOrNull(parties->provider_contact);
  }
  return o;
}

json::object InterestJson(const Network& net, const ServiceInterest& i) {
  json::object o{{"id", i.id}, {"request", i.request}, {"service", i.service}};
  PutEnterprise(o, net, "provider", i.provider);
  o["note"] = i.note;
  o["status"] = ToString(i.status);
  o["created_at"] = i.created_at;
  return o;
}

json::object BookingJson(const Network& net, const Booking& b, const Principal& viewer,
                         const ServiceRequest* request) {
  json::object o{{"id", b.id}, {"service", b.service}, {"start", b.start}, {"end", b.end}};
  o["hours"] = b.hours();
  o["status"] = ToString(b.status);
  PutEnterprise(o, net, "provider", b.provider);
  const bool parties = SeesBooker(viewer, b, request);
  o["visible"] = parties;
  if (parties) {
    PutEnterprise(o, net, "booker", b.booker);
    o["request"] = TextOrNull(b.request);
    o["note"] = b.note;
  } else {
    o["booker"] = nullptr;
    o["booker_name"] = nullptr;
    o["booker_name_zh"] = nullptr;
    o["request"] = nullptr;
    o["note"] = nullptr;
  }
  o["mine"] = IsMemberOf(viewer, b.booker);
  o["synthetic"] = b.synthetic;
  o["created_at"] = b.created_at;
  return o;
}

json::object RequestMatchJson(const Network& net, const RequestMatch& m, const Principal& viewer) {
  json::array items;
  for (const ServiceCandidate& c : m.match.items) {
    const Service& s = m.services[c.service];
    json::object parts;
    for (const ScorePart& p : c.parts)
      parts[p.name] =
          json::object{{"value", p.value}, {"weight", p.weight}, {"contribution", p.contribution}};
    json::object item{{"service", s.id}};
    PutEnterprise(item, net, "provider", s.provider);
    item["title_zh"] = s.title_zh;
    item["title_en"] = s.title_en;
    item["score"] = c.score;
    item["parts"] = std::move(parts);
    item["reasons"] = Messages(c.reasons);
    item["distance_km"] = std::round(c.distance_km * 10) / 10;
    item["lead_time_days"] = s.lead_time_days;
    item["price_min_yuan"] = s.price_min_yuan;
    item["price_max_yuan"] = s.price_max_yuan;
    item["cnas"] = TextOrNull(s.cnas);
    item["cma"] = TextOrNull(s.cma);
    item["bookable"] = s.bookable;
    items.push_back(std::move(item));
  }
  json::array excluded;
  for (const ServiceExclusion& e : m.match.excluded) {
    const Service& s = m.services[e.service];
    json::object item{{"service", s.id}};
    PutEnterprise(item, net, "provider", s.provider);
    item["title_zh"] = s.title_zh;
    item["title_en"] = s.title_en;
    item["reasons"] = Messages(e.reasons);
    excluded.push_back(std::move(item));
  }
  return {{"request", ServiceRequestJson(net, m.request, viewer)},
          {"items", std::move(items)},
          {"excluded", std::move(excluded)}};
}

json::object UtilizationJson(const Network& net, const UtilizationReport& r) {
  const auto rows = [&](const std::vector<UtilizationRow>& from, bool with_service) {
    json::array out;
    for (const UtilizationRow& u : from) {
      json::object o;
      if (with_service) {
        o["service"] = u.service;
        o["title_zh"] = u.title_zh;
        o["title_en"] = u.title_en;
      }
      PutEnterprise(o, net, "provider", u.provider);
      o["services"] = u.services;
      o["booked_hours"] = std::round(u.booked_hours * 100) / 100;
      o["capacity_hours"] = u.capacity_hours;
      o["utilization"] = u.utilization;
      o["baseline_utilization"] = u.baseline_utilization;
      out.push_back(std::move(o));
    }
    return out;
  };
  return {{"year", r.year},
          {"baseline_hours", kInstrumentBaselineHours},
          {"items", rows(r.services, true)},
          {"institutes", rows(r.institutes, false)}};
}

}  // namespace chainscope
