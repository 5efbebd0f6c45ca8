// service: R&D, testing and talent services (services.h).
#include "service/services.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <set>

#include "core/inbox.h"
#include "core/schema.h"
#include "core/taxonomy.h"
#include "dataset/services_demo.h"
#include "service/body.h"
#include "service/errors.h"
#include "service/inbox.h"
#include "service/promotion.h"

namespace chainscope {
namespace json = boost::json;

namespace {

using body::CheckDate;
using body::CheckLength;
using body::CheckRange;

Store& StoreOf(Platform& platform) {
  if (Store* s = platform.store()) return *s;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no services");
}

std::string NowUtcSeconds() {
  return UtcMillis().substr(0, 19) + "Z";
}

/// The enterprise the actor acts for: a member's own; an admin's is `named` (required).
std::string ActingFor(const Network& net, const Principal& actor, const std::optional<std::string>& named,
                      std::string_view field) {
  std::string who;
  if (actor.is_member()) {
    if (named && !named->empty() && *named != actor.enterprise)
      throw ServiceError(ErrorCode::kForbidden,
                         fmt::format("field '{}': you act for your own enterprise only", field));
    who = actor.enterprise;
  } else if (actor.is_admin()) {
    if (!named || named->empty()) throw InvalidInput(fmt::format("field '{}' is required", field));
    who = *named;
  } else {
    throw ServiceError(ErrorCode::kForbidden, "only members of an enterprise and administrators do this");
  }
  if (!net.FindEnterprise(who).valid())
    throw InvalidInput(fmt::format("field '{}': unknown enterprise '{}'", field, who));
  return who;
}

std::vector<std::string> Standards(const std::vector<std::string>& given, std::string_view field) {
  if (given.size() > kMaxServiceStandards)
    throw InvalidInput(fmt::format("field '{}': at most {} standards", field, kMaxServiceStandards));
  std::vector<std::string> out;
  for (const std::string& g : given) {
    const auto code = NormalizeStandard(g);
    if (!code)
      throw InvalidInput(fmt::format(
          "field '{}': '{}' is not a standard code (e.g. GB 38031-2020, GB/T 18384, ISO 26262, ECE R100)",
          field, g));
    if (std::find(out.begin(), out.end(), *code) == out.end()) out.push_back(*code);
  }
  return out;
}

/// A component or assembly code of the chain.
void CheckComponent(const Network& net, const std::string& code, std::string_view field) {
  if (net.FindComponent(code).valid() || FindAssembly(code)) return;
  throw InvalidInput(fmt::format("field '{}': unknown component or assembly '{}'", field, code));
}

/// The draft's fields over `s`, each checked; the service as a whole is checked after.
void Apply(const Network& net, const ServiceDraft& d, Service& s) {
  if (d.kind) {
    const auto k = ParseServiceKind(*d.kind);
    if (!k) throw InvalidInput(fmt::format("field 'kind': unknown kind '{}'", *d.kind));
    s.kind = *k;
  }
  if (d.title_zh) s.title_zh = *d.title_zh;
  if (d.title_en) s.title_en = *d.title_en;
  if (d.equipment) s.equipment = *d.equipment;
  if (d.standards) s.standards = Standards(*d.standards, "standards");
  if (d.components) {
    if (d.components->size() > kMaxServiceComponents)
      throw InvalidInput(fmt::format("field 'components': at most {}", kMaxServiceComponents));
    for (const std::string& c : *d.components) CheckComponent(net, c, "components");
    s.components = *d.components;
  }
  if (d.cnas) {
    const auto n = d.cnas->empty() ? std::optional<std::string>("") : NormalizeCnas(*d.cnas);
    if (!n) throw InvalidInput(fmt::format("field 'cnas': '{}' is not a CNAS number (CNAS L1234)", *d.cnas));
    s.cnas = *n;
  }
  if (d.cma) {
    const auto n = d.cma->empty() ? std::optional<std::string>("") : NormalizeCma(*d.cma);
    if (!n) throw InvalidInput(fmt::format("field 'cma': '{}' is not a CMA number (twelve digits)", *d.cma));
    s.cma = *n;
  }
  if (d.lead_time_days) s.lead_time_days = *d.lead_time_days;
  if (d.price_min_yuan) s.price_min_yuan = *d.price_min_yuan;
  if (d.price_max_yuan) s.price_max_yuan = *d.price_max_yuan;
  if (d.rush_surcharge) s.rush_surcharge = *d.rush_surcharge;
  if (d.capacity_hours_per_year) s.capacity_hours_per_year = *d.capacity_hours_per_year;
  if (d.bookable) s.bookable = *d.bookable;
  if (d.places) s.places = *d.places;
  if (d.starts_on) s.starts_on = *d.starts_on;
  if (d.ends_on) s.ends_on = *d.ends_on;

  CheckLength(s.title_zh, "title_zh", kMaxServiceTitle, true);
  CheckLength(s.title_en, "title_en", kMaxServiceTitle, true);
  CheckLength(s.equipment, "equipment", kMaxServiceText, false);
  CheckRange(s.lead_time_days, "lead_time_days", kMaxServiceLeadDays);
  CheckRange(s.price_min_yuan, "price_min_yuan", kMaxServicePriceYuan);
  CheckRange(s.price_max_yuan, "price_max_yuan", kMaxServicePriceYuan);
  CheckRange(s.rush_surcharge, "rush_surcharge", kMaxRushSurcharge);
  CheckRange(s.capacity_hours_per_year, "capacity_hours_per_year", kMaxCapacityHoursPerYear);
  CheckRange(static_cast<double>(s.places), "places", kMaxTalentPlaces);
  if (s.price_min_yuan > s.price_max_yuan)
    throw InvalidInput("field 'price_min_yuan': must not be above price_max_yuan");
  if (s.bookable && s.capacity_hours_per_year <= 0)
    throw InvalidInput("field 'capacity_hours_per_year': a bookable service states its hours a year");
  if (!s.starts_on.empty()) CheckDate(s.starts_on, "starts_on");
  if (!s.ends_on.empty()) CheckDate(s.ends_on, "ends_on");
  if (!s.starts_on.empty() && !s.ends_on.empty() && s.ends_on < s.starts_on)
    throw InvalidInput("field 'ends_on': must not be before starts_on");
  if ((s.places > 0 || !s.starts_on.empty()) && !IsTalentKind(s.kind))
    throw InvalidInput("field 'places': only training and internships take places and dates");
}

void CheckProvider(const Network& net, const std::string& provider) {
  const EnterpriseId e = net.FindEnterprise(provider);
  if (!e.valid()) throw InvalidInput(fmt::format("field 'provider': unknown enterprise '{}'", provider));
  if (net.enterprise(e).role != Role::kInstitute)
    throw ServiceError(ErrorCode::kForbidden,
                       fmt::format("only institutes publish services; '{}' is not an institute", provider));
}

Service StoredService(Store& store, std::string_view id) {
  std::vector<Service> found = store.Services({.id = std::string(id)});
  if (found.empty()) throw NotFound(fmt::format("no service '{}'", id));
  return std::move(found.front());
}

/// The stored service the actor may change (NotFound for a member's view of another's: it cannot edit it).
Service EditableService(Store& store, const Principal& actor, std::string_view id) {
  Service s = StoredService(store, id);
  if (!MayEdit(actor, s.provider)) throw NotFound(fmt::format("no service '{}' of yours", id));
  return s;
}

void ApplyRequest(const Network& net, const RequestDraft& d, ServiceRequest& r, const std::string& today) {
  if (d.kind) {
    const auto k = ParseServiceKind(*d.kind);
    if (!k) throw InvalidInput(fmt::format("field 'kind': unknown kind '{}'", *d.kind));
    r.kind = *k;
  }
  if (d.standards) r.standards = Standards(*d.standards, "standards");
  if (d.component) {
    if (!d.component->empty()) CheckComponent(net, *d.component, "component");
    r.component = *d.component;
  }
  if (d.needed_by) {
    if (!d.needed_by->empty()) {
      CheckDate(*d.needed_by, "needed_by");
      if (*d.needed_by < today)
        throw InvalidInput(fmt::format("field 'needed_by': {} is in the past", *d.needed_by));
      if (*d.needed_by > fmt::format("{}{}", std::stoi(today.substr(0, 4)) + 5, today.substr(4)))
        throw InvalidInput("field 'needed_by': at most five years ahead");
    }
    r.needed_by = *d.needed_by;
  }
  if (d.budget_yuan) r.budget_yuan = *d.budget_yuan;
  if (d.anonymous) r.anonymous = *d.anonymous;
  if (d.note) r.note = *d.note;
  CheckRange(r.budget_yuan, "budget_yuan", kMaxServicePriceYuan);
  CheckLength(r.note, "note", kMaxServiceText, false);
}

ServiceRequest StoredRequest(Store& store, std::string_view id) {
  std::vector<ServiceRequest> found = store.ServiceRequests({.id = std::string(id)});
  if (found.empty()) throw NotFound(fmt::format("no service request '{}'", id));
  return std::move(found.front());
}

ServiceRequest EditableRequest(Store& store, const Principal& actor, std::string_view id) {
  ServiceRequest r = StoredRequest(store, id);
  if (!MayEdit(actor, r.requester)) throw NotFound(fmt::format("no service request '{}' of yours", id));
  return r;
}

/// provider → accepted interests in the requester's requests and its live bookings by the requester.
std::map<std::string, std::int64_t> PastDeals(Store& store, const std::string& requester) {
  std::map<std::string, std::int64_t> out;
  for (const ServiceRequest& r : store.ServiceRequests({.requester = requester}))
    if (!r.accepted_provider.empty()) ++out[r.accepted_provider];
  for (const Booking& b : store.Bookings({.booker = requester, .live_only = true}))
    if (b.provider != requester) ++out[b.provider];
  return out;
}

std::string Today(const std::string& given) {
  return given.empty() ? UtcToday() : given;
}

}  // namespace

ServiceDraft ServiceDraftOf(const json::object& b) {
  ServiceDraft d;
  for (const auto& kv : b) {
    const std::string_view k = kv.key();
    const json::value& v = kv.value();
    const auto text = [&] { return v.is_null() ? std::string() : body::Text(v, k); };
    if (k == "provider")
      d.provider = text();
    else if (k == "kind")
      d.kind = text();
    else if (k == "title_zh")
      d.title_zh = text();
    else if (k == "title_en")
      d.title_en = text();
    else if (k == "cnas")
      d.cnas = text();
    else if (k == "cma")
      d.cma = text();
    else if (k == "equipment")
      d.equipment = text();
    else if (k == "starts_on")
      d.starts_on = text();
    else if (k == "ends_on")
      d.ends_on = text();
    else if (k == "standards")
      d.standards = body::Texts(v, k);
    else if (k == "components")
      d.components = body::Texts(v, k);
    else if (k == "lead_time_days")
      d.lead_time_days = body::Number(v, k);
    else if (k == "price_min_yuan")
      d.price_min_yuan = body::Number(v, k);
    else if (k == "price_max_yuan")
      d.price_max_yuan = body::Number(v, k);
    else if (k == "rush_surcharge")
      d.rush_surcharge = body::Number(v, k);
    else if (k == "capacity_hours_per_year")
      d.capacity_hours_per_year = body::Number(v, k);
    else if (k == "bookable")
      d.bookable = body::Flag(v, k);
    else if (k == "places")
      d.places = body::Whole(v, k);
    else
      throw InvalidInput(fmt::format("field '{}': unknown field", k));
  }
  return d;
}

Service CreateService(Platform& platform, const Principal& actor, const ServiceDraft& draft) {
  Store& store = StoreOf(platform);
  const auto state = platform.state();
  const Network& net = *state->chain;
  Service s;
  s.provider = ActingFor(net, actor, draft.provider, "provider");
  CheckProvider(net, s.provider);
  if (!draft.kind) throw InvalidInput("field 'kind' is required");
  Apply(net, draft, s);
  s.created_by = actor.Label();
  store.PutService(s, {}, AuditOf(actor));
  return s;
}

Service UpdateService(Platform& platform, const Principal& actor, std::string_view id,
                      const ServiceDraft& draft, std::string_view if_match) {
  Store& store = StoreOf(platform);
  const Network& net = *platform.state()->chain;
  Service s = EditableService(store, actor, id);
  if (draft.provider && *draft.provider != s.provider)
    throw InvalidInput("field 'provider': a service stays with its provider");
  Apply(net, draft, s);
  const std::int64_t read_version = s.version;
  store.PutService(
      s,
      [&](const std::optional<Service>& stored) {
        if (!stored) throw NotFound(fmt::format("no service '{}'", id));
        if (!if_match.empty() && if_match != ServiceETag(*stored))
          throw PreconditionFailed(
              fmt::format("service {} changed since you read it (now {})", id, ServiceETag(*stored)));
        if (stored->version != read_version)
          throw Conflict(fmt::format("service {} was changed meanwhile; read it again", id));
      },
      AuditOf(actor));
  return s;
}

Service CloseService(Platform& platform, const Principal& actor, std::string_view id) {
  Store& store = StoreOf(platform);
  Service s = EditableService(store, actor, id);
  if (s.closed) return s;
  s.closed = true;
  store.PutService(s, {}, AuditOf(actor, "service.close"));
  return s;
}

std::string ServiceETag(const Service& s) {
  return fmt::format("\"service-{}-v{}\"", s.id, s.version);
}

std::vector<Service> ListServices(Platform& platform, const ServiceFilter& f) {
  Store& store = StoreOf(platform);
  const Network& net = *platform.state()->chain;
  std::optional<std::string> standard;
  if (!f.standard.empty()) {
    standard = NormalizeStandard(f.standard);
    if (!standard)
      throw InvalidInput(fmt::format("query parameter 'standard': '{}' is not a standard code", f.standard));
  }
  std::string q = f.q;
  std::transform(q.begin(), q.end(), q.begin(), [](unsigned char c) { return std::tolower(c); });
  std::vector<Service> out;
  for (Service& s : store.Services({.provider = f.provider, .open_only = !f.include_closed})) {
    if (!f.kind.empty() && ToString(s.kind) != f.kind) continue;
    if (f.accreditation == "cnas" && s.cnas.empty()) continue;
    if (f.accreditation == "cma" && s.cma.empty()) continue;
    if (f.accreditation == "any" && s.cnas.empty() && s.cma.empty()) continue;
    if (standard && std::none_of(s.standards.begin(), s.standards.end(),
                                 [&](const std::string& c) { return StandardCoverage(c, *standard) > 0; }))
      continue;
    if (!f.place.empty()) {
      const EnterpriseId e = net.FindEnterprise(s.provider);
      if (!e.valid() || net.enterprise(e).place != f.place) continue;
    }
    if (!f.component.empty() && ComponentFit(net, s, f.component) == 0) continue;
    if (!q.empty()) {
      std::string titles = s.title_en + "\n" + s.title_zh + "\n" + s.equipment;
      std::transform(titles.begin(), titles.end(), titles.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (titles.find(q) == std::string::npos) continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Service GetService(Platform& platform, std::string_view id) {
  return StoredService(StoreOf(platform), id);
}

RequestDraft RequestDraftOf(const json::object& b) {
  RequestDraft d;
  for (const auto& kv : b) {
    const std::string_view k = kv.key();
    const json::value& v = kv.value();
    const auto text = [&] { return v.is_null() ? std::string() : body::Text(v, k); };
    if (k == "requester")
      d.requester = text();
    else if (k == "kind")
      d.kind = text();
    else if (k == "component")
      d.component = text();
    else if (k == "needed_by")
      d.needed_by = text();
    else if (k == "note")
      d.note = text();
    else if (k == "standards")
      d.standards = body::Texts(v, k);
    else if (k == "budget_yuan")
      d.budget_yuan = body::Number(v, k);
    else if (k == "anonymous")
      d.anonymous = body::Flag(v, k);
    else
      throw InvalidInput(fmt::format("field '{}': unknown field", k));
  }
  return d;
}

ServiceRequest CreateServiceRequest(Platform& platform, const Principal& actor, const RequestDraft& draft,
                                    const std::string& today_given) {
  Store& store = StoreOf(platform);
  const auto state = platform.state();
  const Network& net = *state->chain;
  const std::string today = Today(today_given);
  ServiceRequest r;
  r.requester = ActingFor(net, actor, draft.requester, "requester");
  if (!draft.kind) throw InvalidInput("field 'kind' is required");
  ApplyRequest(net, draft, r, today);
  r.created_by = actor.Label();
  store.PutServiceRequest(r, {}, AuditOf(actor));
  // The institutes whose open services fit it.
  const std::vector<Service> services = store.Services({.open_only = true});
  const ServiceMatch m = RankServices(net, r, services, today, {});
  std::vector<std::pair<Service, double>> fits;
  for (const ServiceCandidate& c : m.items) fits.emplace_back(services[c.service], c.score);
  NotifyServiceRequest(platform, r, fits);
  return r;
}

ServiceRequest UpdateServiceRequest(Platform& platform, const Principal& actor, std::string_view id,
                                    const RequestDraft& draft, std::string_view if_match) {
  Store& store = StoreOf(platform);
  const Network& net = *platform.state()->chain;
  ServiceRequest r = EditableRequest(store, actor, id);
  if (draft.requester && *draft.requester != r.requester)
    throw InvalidInput("field 'requester': a request stays with its requester");
  if (r.status != RequestStatus::kOpen)
    throw Conflict(fmt::format("service request {} is {}: it no longer changes", id, ToString(r.status)));
  ApplyRequest(net, draft, r, UtcToday());
  const std::int64_t read_version = r.version;
  store.PutServiceRequest(
      r,
      [&](const std::optional<ServiceRequest>& stored) {
        if (!stored) throw NotFound(fmt::format("no service request '{}'", id));
        if (!if_match.empty() && if_match != ServiceRequestETag(*stored))
          throw PreconditionFailed(fmt::format("service request {} changed since you read it (now {})", id,
                                               ServiceRequestETag(*stored)));
        if (stored->version != read_version || stored->status != RequestStatus::kOpen)
          throw Conflict(fmt::format("service request {} was changed meanwhile; read it again", id));
      },
      AuditOf(actor));
  return r;
}

ServiceRequest CloseServiceRequest(Platform& platform, const Principal& actor, std::string_view id) {
  Store& store = StoreOf(platform);
  ServiceRequest r = EditableRequest(store, actor, id);
  if (r.status == RequestStatus::kClosed) return r;
  r.status = RequestStatus::kClosed;
  store.PutServiceRequest(r, {}, AuditOf(actor, "service_request.close"));
  return r;
}

std::string ServiceRequestETag(const ServiceRequest& r) {
  return fmt::format("\"service-request-{}-v{}\"", r.id, r.version);
}

std::vector<ServiceRequest> ListServiceRequests(Platform& platform, const Principal& actor,
                                                const RequestFilter& f) {
  Store& store = StoreOf(platform);
  std::optional<std::string> standard;
  if (!f.standard.empty()) {
    standard = NormalizeStandard(f.standard);
    if (!standard)
      throw InvalidInput(fmt::format("query parameter 'standard': '{}' is not a standard code", f.standard));
  }
  if (f.mine && !actor.is_member())
    throw InvalidInput("query parameter 'mine': only members of an enterprise have requests of their own");
  std::vector<ServiceRequest> out;
  for (ServiceRequest& r : store.ServiceRequests({.requester = f.mine ? actor.enterprise : std::string()})) {
    if (!SeesServiceRequest(actor, r)) continue;
    if (!f.kind.empty() && ToString(r.kind) != f.kind) continue;
    if (!f.status.empty() && ToString(r.status) != f.status) continue;
    if (!f.component.empty() && r.component != f.component) continue;
    if (standard && std::none_of(r.standards.begin(), r.standards.end(), [&](const std::string& c) {
          return StandardBase(c) == StandardBase(*standard);
        }))
      continue;
    out.push_back(std::move(r));
  }
  return out;
}

ServiceRequest GetServiceRequest(Platform& platform, const Principal& actor, std::string_view id) {
  ServiceRequest r = StoredRequest(StoreOf(platform), id);
  if (!SeesServiceRequest(actor, r)) throw NotFound(fmt::format("no service request '{}'", id));
  return r;
}

RequestMatch MatchServiceRequest(Platform& platform, const Principal& actor, std::string_view id,
                                 const std::string& today) {
  Store& store = StoreOf(platform);
  RequestMatch out;
  out.request = GetServiceRequest(platform, actor, id);
  if (!(actor.reads_all() || actor.is_admin() || IsMemberOf(actor, out.request.requester)))
    throw NotFound(fmt::format("no service request '{}' of yours", id));
  out.services = store.Services({});
  out.match = RankServices(*platform.state()->chain, out.request, out.services, Today(today),
                           PastDeals(store, out.request.requester));
  return out;
}

ServiceInterest ExpressInterest(Platform& platform, const Principal& actor, std::string_view request,
                                std::string_view service, const std::string& note) {
  Store& store = StoreOf(platform);
  const ServiceRequest r = GetServiceRequest(platform, actor, request);
  const Service s = StoredService(store, service);
  if (!MayEdit(actor, s.provider))
    throw ServiceError(ErrorCode::kForbidden, fmt::format("service '{}' is not yours", service));
  if (s.provider == r.requester)
    throw InvalidInput("field 'service': a provider does not answer its own request");
  if (s.closed) throw Conflict(fmt::format("service '{}' is closed", service));
  if (s.kind != r.kind)
    throw InvalidInput(fmt::format("field 'service': '{}' is {}, the request asks for {}", service,
                                   ToString(s.kind), ToString(r.kind)));
  CheckLength(note, "note", kMaxServiceText, false);
  ServiceInterest i;
  i.request = r.id;
  i.service = s.id;
  i.provider = s.provider;
  i.note = note;
  i.created_by = actor.Label();
  store.AddInterest(i, AuditOf(actor));
  NotifyInterest(platform, r, i);
  return i;
}

std::vector<ServiceInterest> InterestsOf(Platform& platform, const Principal& actor,
                                         std::string_view request) {
  const ServiceRequest r = GetServiceRequest(platform, actor, request);
  std::vector<ServiceInterest> out;
  for (ServiceInterest& i : StoreOf(platform).Interests(r.id))
    if (SeesInterest(actor, r, i)) out.push_back(std::move(i));
  return out;
}

ServiceRequest AcceptInterest(Platform& platform, const Principal& actor, std::string_view request,
                              std::string_view interest) {
  Store& store = StoreOf(platform);
  const ServiceRequest seen = GetServiceRequest(platform, actor, request);
  if (!MayEdit(actor, seen.requester))
    throw NotFound(fmt::format("no service request '{}' of yours", request));
  ServiceInterest accepted;
  const ServiceRequest r = store.AcceptInterest(
      request, interest,
      [&](const ServiceRequest& stored, const ServiceInterest& i) {
        if (stored.requester != seen.requester)
          throw NotFound(fmt::format("no service request '{}'", request));
        accepted = i;
      },
      AuditOf(actor));
  NotifyInterestAccepted(platform, r, accepted);
  return r;
}

RequestParties PartiesOf(Platform& platform, const Principal& actor, const ServiceRequest& r) {
  RequestParties out;
  if (SeesRequester(actor, r)) out.requester = r.requester;
  if (!r.accepted_provider.empty()) out.provider = r.accepted_provider;
  if (SeesRequestContacts(actor, r)) {
    out.requester_contact = r.created_by;
    if (!r.accepted_interest.empty() && platform.store())
      for (const ServiceInterest& i : platform.store()->Interests(r.id))
        if (i.id == r.accepted_interest) out.provider_contact = i.created_by;
  }
  return out;
}

Booking BookService(Platform& platform, const Principal& actor, std::string_view service,
                    const std::string& start, const std::string& end, const std::string& request,
                    const std::string& note, const std::string& now_given) {
  Store& store = StoreOf(platform);
  const Service s = StoredService(store, service);
  if (!actor.is_member() && !actor.is_admin())
    throw ServiceError(ErrorCode::kForbidden, "only members of an enterprise and administrators book");
  if (s.closed)
    throw Conflict(Message{
        "booking.service_closed", {{"service", s.id}}, fmt::format("service '{}' is closed", service)});
  if (!s.bookable || s.capacity_hours_per_year <= 0)
    throw Conflict(Message{"booking.not_bookable",
                           {{"service", s.id}},
                           fmt::format("service '{}' takes no bookings of time slots", service)});
  const auto from = NormalizeUtcTime(start), to = NormalizeUtcTime(end);
  if (!from)
    throw InvalidInput(
        fmt::format("field 'start': '{}' is not a date-time (2027-03-01T09:00:00+08:00)", start));
  if (!to)
    throw InvalidInput(fmt::format("field 'end': '{}' is not a date-time (2027-03-01T17:00:00+08:00)", end));
  if (*to <= *from) throw InvalidInput("field 'end': must be after start");
  const std::string now = now_given.empty() ? NowUtcSeconds() : now_given;
  if (*from < now) throw InvalidInput(fmt::format("field 'start': {} has passed", *from));
  if (EpochSeconds(*from) - EpochSeconds(now) > std::int64_t{kMaxBookingAheadDays} * 86400)
    throw InvalidInput(fmt::format("field 'start': at most {} days ahead", kMaxBookingAheadDays));
  Booking b;
  b.service = s.id;
  b.provider = s.provider;
  b.booker =
      actor.is_member() ? actor.enterprise : s.provider;  // an administrator blocks the provider's time
  b.start = *from;
  b.end = *to;
  if (b.hours() > kMaxBookingHours)
    throw InvalidInput(fmt::format("field 'end': a booking lasts at most {} hours", kMaxBookingHours));
  CheckLength(note, "note", kMaxServiceText, false);
  b.note = note;
  if (!request.empty()) {
    const ServiceRequest r = GetServiceRequest(platform, actor, request);
    if (r.requester != b.booker)
      throw InvalidInput(fmt::format("field 'request': '{}' is not your enterprise's request", request));
    if (r.anonymous && r.accepted_provider != s.provider)
      throw Conflict(
          fmt::format("request '{}' is anonymous: accept {}'s interest first, so that it may know who books",
                      request, s.provider));
    b.request = r.id;
  }
  b.status = b.booker == b.provider ? BookingStatus::kConfirmed : BookingStatus::kRequested;
  b.created_by = actor.Label();
  store.AddBooking(b, AuditOf(actor));
  NotifyBooking(platform, b, actor);
  return b;
}

ServiceBookings BookingsOf(Platform& platform, std::string_view service, const std::string& from,
                           const std::string& to) {
  Store& store = StoreOf(platform);
  (void)StoredService(store, service);
  BookingQuery q{.service = std::string(service)};
  for (const auto& [given, into, field] :
       {std::tuple{&from, &q.from, "from"}, std::tuple{&to, &q.to, "to"}}) {
    if (given->empty()) continue;
    const auto t = NormalizeUtcTime(given->size() == 10 ? *given + "T00:00:00Z" : *given);
    if (!t)
      throw InvalidInput(fmt::format("query parameter '{}': '{}' is not a date or date-time", field, *given));
    *into = *t;
  }
  ServiceBookings out;
  out.bookings = store.Bookings(q);
  if (std::any_of(out.bookings.begin(), out.bookings.end(),
                  [](const Booking& b) { return !b.request.empty(); }))
    for (ServiceRequest& r : store.ServiceRequests({})) {
      const std::string id = r.id;
      out.requests.emplace(id, std::move(r));
    }
  return out;
}

std::optional<ServiceRequest> RequestOfBooking(Platform& platform, const Booking& b) {
  if (b.request.empty()) return std::nullopt;
  std::vector<ServiceRequest> found = StoreOf(platform).ServiceRequests({.id = b.request});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

Booking CancelBooking(Platform& platform, const Principal& actor, std::string_view service,
                      std::string_view booking) {
  Store& store = StoreOf(platform);
  const Booking b = store.UpdateBooking(
      booking,
      [&](Booking stored) {
        if (stored.service != service || !(MayEdit(actor, stored.booker) || MayEdit(actor, stored.provider)))
          throw NotFound(fmt::format("no booking '{}' of yours on service '{}'", booking, service));
        if (stored.status == BookingStatus::kCancelled)
          throw Conflict(fmt::format("booking '{}' is cancelled already", booking));
        stored.status = BookingStatus::kCancelled;
        return stored;
      },
      AuditOf(actor));
  NotifyBooking(platform, b, actor);
  return b;
}

Booking ConfirmBooking(Platform& platform, const Principal& actor, std::string_view service,
                       std::string_view booking) {
  Store& store = StoreOf(platform);
  const Booking b = store.UpdateBooking(
      booking,
      [&](Booking stored) {
        if (stored.service != service || !(MayEdit(actor, stored.booker) || MayEdit(actor, stored.provider)))
          throw NotFound(fmt::format("no booking '{}' of yours on service '{}'", booking, service));
        if (!MayEdit(actor, stored.provider))
          throw ServiceError(ErrorCode::kForbidden, "only the provider confirms a booking");
        if (stored.status != BookingStatus::kRequested)
          throw Conflict(fmt::format("booking '{}' is {}", booking, ToString(stored.status)));
        stored.status = BookingStatus::kConfirmed;
        return stored;
      },
      AuditOf(actor));
  NotifyBooking(platform, b, actor);
  return b;
}

UtilizationReport Utilization(Platform& platform, int year) {
  Store& store = StoreOf(platform);
  if (year < 2000 || year > 2099) throw InvalidInput("query parameter 'year': from 2000 to 2099");
  UtilizationReport out;
  out.year = year;
  const std::string from = fmt::format("{}-01-01T00:00:00Z", year),
                    to = fmt::format("{}-01-01T00:00:00Z", year + 1);
  const std::int64_t from_s = EpochSeconds(from), to_s = EpochSeconds(to);
  std::map<std::string, UtilizationRow> rows;
  for (const Service& s : store.Services({}))
    if (s.bookable && s.capacity_hours_per_year > 0)
      rows[s.id] = {s.id, s.title_zh, s.title_en, s.provider, 1, 0, s.capacity_hours_per_year, 0, 0};
  for (const Booking& b : store.Bookings({.from = from, .to = to, .live_only = true})) {
    const auto it = rows.find(b.service);
    if (it == rows.end()) continue;
    const std::int64_t start = std::max(EpochSeconds(b.start), from_s),
                       end = std::min(EpochSeconds(b.end), to_s);
    it->second.booked_hours += static_cast<double>(end - start) / 3600.0;
  }
  std::map<std::string, UtilizationRow> institutes;
  for (auto& [id, row] : rows) {
    row.utilization = row.booked_hours / row.capacity_hours;
    row.baseline_utilization = row.booked_hours / kInstrumentBaselineHours;
    UtilizationRow& inst = institutes[row.provider];
    inst.provider = row.provider;
    inst.services = inst.capacity_hours > 0 ? inst.services + 1 : 1;
    inst.booked_hours += row.booked_hours;
    inst.capacity_hours += row.capacity_hours;
    out.services.push_back(row);
  }
  for (auto& [provider, row] : institutes) {
    row.utilization = row.booked_hours / row.capacity_hours;
    row.baseline_utilization =
        row.booked_hours / (kInstrumentBaselineHours * static_cast<double>(row.services));
    out.institutes.push_back(row);
  }
  const auto by_use = [](const UtilizationRow& a, const UtilizationRow& b) {
    if (a.utilization != b.utilization) return a.utilization > b.utilization;
    return a.service + a.provider < b.service + b.provider;
  };
  std::sort(out.services.begin(), out.services.end(), by_use);
  std::sort(out.institutes.begin(), out.institutes.end(), by_use);
  return out;
}

ServicesSeeded SeedServicesDemo(Platform& platform) {
  return SeedServicesDemo(StoreOf(platform), *platform.state()->chain, std::stoi(UtcToday().substr(0, 4)));
}

ServicesSeeded SeedServicesDemo(Store& store, const Network& net, int year) {
  if (!store.Services({}).empty()) return {};
  const ServicesDemo demo = BuildServicesDemo(net, year);
  const AuditContext by{.actor = "demo data"};
  for (Service s : demo.services) store.PutService(s, {}, by);
  for (ServiceRequest r : demo.requests) store.PutServiceRequest(r, {}, by);
  for (ServiceInterest i : demo.interests) store.AddInterest(i, by);
  for (const auto& [request, interest] : demo.accepted) store.AcceptInterest(request, interest, {}, by);
  std::size_t bookings = 0;
  for (Booking b : demo.bookings) {
    try {
      store.AddBooking(b, by);
      ++bookings;
    } catch (const Conflict&) {
      // The generator's slots never overlap; a clash would only mean the demo plan changed.
    }
  }
  std::set<std::string> institutes;
  for (const Service& s : demo.services) institutes.insert(s.provider);
  return {demo.services.size(), institutes.size(), demo.requests.size(), bookings};
}

}  // namespace chainscope
