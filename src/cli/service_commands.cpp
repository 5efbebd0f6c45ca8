// cli: R&D, testing and talent services from the command line — list and publish services, seed the
// demonstration catalogue, and rank the services for a request (service/services.h, as the local operator).
#include <fmt/format.h>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/json_csv.h"
#include "core/number_text.h"
#include "io/json_text.h"
#include "service/services.h"
#include "view/services_json.h"

namespace chainscope::cli {
namespace json = boost::json;

namespace {

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const std::string& s : items) out.emplace_back(json::string(s));
  return out;
}

/// The flags given, as the API's body (the same use case reads both).
json::object ServiceBody(const ServiceOptions& o) {
  json::object b;
  const auto text = [&](const char* name, const std::string& v) {
    if (!v.empty()) b[name] = v;
  };
  text("provider", o.provider);
  text("kind", o.kind);
  text("title_zh", o.title_zh);
  text("title_en", o.title_en);
  text("cnas", o.cnas);
  text("cma", o.cma);
  text("equipment", o.equipment);
  if (!o.standards.empty()) b["standards"] = Strings(o.standards);
  if (!o.components.empty()) b["components"] = Strings(o.components);
  if (o.lead_time_days >= 0) b["lead_time_days"] = o.lead_time_days;
  if (o.price_min_yuan >= 0) b["price_min_yuan"] = o.price_min_yuan;
  if (o.price_max_yuan >= 0) b["price_max_yuan"] = o.price_max_yuan;
  if (o.capacity_hours >= 0) b["capacity_hours_per_year"] = o.capacity_hours;
  if (o.bookable) b["bookable"] = true;
  return b;
}

std::string Band(const Service& s) {
  if (s.price_max_yuan <= 0) return "on quotation";
  return fmt::format("{}–{} yuan", PlainNumber(s.price_min_yuan), PlainNumber(s.price_max_yuan));
}

}  // namespace

int Services(const ServiceOptions& o) {
  const std::shared_ptr<Platform> opened = Platform::Open(o.db);
  Platform& platform = *opened;
  const auto state = platform.state();
  const Network& net = *state->chain;
  if (o.action == "seed") {
    const ServicesSeeded seeded = SeedServicesDemo(platform);
    if (seeded.services == 0) {
      fmt::print("the store has services: nothing added\n");
      return 0;
    }
    fmt::print(
        "added the demonstration catalogue (synthetic): {} services of {} institutes, {} requests, {} "
        "bookings\n",
        seeded.services, seeded.institutes, seeded.requests, seeded.bookings);
    return 0;
  }
  if (o.action == "add") {
    const Service s = CreateService(platform, LocalOperator(), ServiceDraftOf(ServiceBody(o)));
    if (o.json) {
      fmt::print("{}\n", JsonText(ServiceJson(net, s)));
      return 0;
    }
    fmt::print("added {} ({}, {}) of {}\n", s.id, s.title_en, ToString(s.kind), s.provider);
    return 0;
  }
  if (o.action == "list") {
    ServiceFilter f;
    f.kind = o.kind;
    f.standard = o.standard;
    f.accreditation = o.accreditation;
    f.place = o.place;
    f.provider = o.provider;
    f.include_closed = o.all;
    const std::vector<Service> services = ListServices(platform, f);
    if (o.json) {
      json::array items;
      for (const Service& s : services) items.push_back(ServiceJson(net, s));
      fmt::print("{}\n", JsonText(json::object{{"total", services.size()}, {"items", std::move(items)}}));
      return 0;
    }
    fmt::print("{} services\n", services.size());
    for (const Service& s : services)
      fmt::print("{}  {:<15} {:<10} {:<48} {:>10} d  {:<24} {}{}\n", s.id, ToString(s.kind), s.provider,
                 s.title_en.substr(0, 48), PlainNumber(s.lead_time_days), Band(s),
                 fmt::format("{}", fmt::join(s.standards, ", ")), s.synthetic ? "  (synthetic)" : "");
    return 0;
  }
  throw InvalidInput(fmt::format("unknown action '{}' (list, add, seed)", o.action));
}

int ServiceRequests(const ServiceRequestOptions& o) {
  if (o.action != "match") throw InvalidInput(fmt::format("unknown action '{}' (match)", o.action));
  const std::shared_ptr<Platform> opened = Platform::Open(o.db);
  Platform& platform = *opened;
  const Network& net = *platform.state()->chain;
  const RequestMatch m = MatchServiceRequest(platform, LocalOperator(), o.id);
  if (o.json) {
    fmt::print("{}\n", JsonText(RequestMatchJson(net, m, LocalOperator())));
    return 0;
  }
  const ServiceRequest& r = m.request;
  fmt::print("{}: {} for {}{}{}; {} services rank, {} of its kind are excluded\n", r.id, ToString(r.kind),
             r.component.empty() ? "any component" : r.component,
             r.standards.empty() ? "" : fmt::format(" ({})", fmt::join(r.standards, ", ")),
             r.needed_by.empty() ? "" : ", needed by " + r.needed_by, m.match.items.size(),
             m.match.excluded.size());
  for (std::size_t i = 0; i < m.match.items.size(); ++i) {
    const ServiceCandidate& c = m.match.items[i];
    const Service& s = m.services[c.service];
    fmt::print("{:>3}. {}  {:.3f}  {:<10} {}\n", i + 1, s.id, c.score, s.provider, s.title_en);
    for (const Message& why : c.reasons) fmt::print("       {}\n", why.text);
  }
  for (const ServiceExclusion& e : m.match.excluded) {
    const Service& s = m.services[e.service];
    fmt::print("  excluded {} ({}): {}\n", s.id, s.provider, fmt::join(TextsOf(e.reasons), "; "));
  }
  return 0;
}

}  // namespace chainscope::cli
