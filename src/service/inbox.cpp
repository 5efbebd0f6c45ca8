#include "service/inbox.h"

#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <set>

#include "core/audit.h"
#include "io/json_text.h"
#include "match/matcher.h"
#include "service/errors.h"
#include "service/log.h"

namespace chainscope {
namespace {
namespace json = boost::json;
namespace ip = boost::asio::ip;

/// Runs `notify`; a failure is logged, never thrown (the write it follows is acknowledged already).
template <class F>
void Safely(std::string_view what, F&& notify) {
  try {
    notify();
  } catch (const std::exception& e) {
    LogEvent(LogLevel::kError, fmt::format("cannot notify ({}): {}", what, e.what()));
  }
}

/// The notices one write causes, stored together in one transaction.
class Notices {
 public:
  void Add(std::string_view enterprise, std::string_view event, std::string entity, std::string payload) {
    Notification n;
    n.enterprise = std::string(enterprise);
    n.event = std::string(event);
    n.entity = std::move(entity);
    n.payload = std::move(payload);
    notices_.push_back(std::move(n));
  }
  void Send(Store& store) { store.AddNotifications(notices_); }
  std::vector<Notification> Take() { return std::move(notices_); }

 private:
  std::vector<Notification> notices_;
};

/// `"role":id,"role_name":…,"role_name_zh":…` — an enterprise of a notice, named in both languages.
std::string Party(const Network& net, std::string_view role, std::string_view id) {
  const EnterpriseId e = net.FindEnterprise(id);
  const std::string name = e.valid() ? net.enterprise(e).name : std::string(id);
  const std::string name_zh = e.valid() ? net.enterprise(e).name_zh : std::string(id);
  return fmt::format(R"("{0}":{1},"{0}_name":{2},"{0}_name_zh":{3})", role, JsonQuote(id), JsonQuote(name),
                     JsonQuote(name_zh));
}

/// `"component":code,"component_name":…,"component_name_zh":…`.
std::string ComponentOf(const Network& net, std::string_view code) {
  const ComponentId c = net.FindComponent(code);
  return fmt::format(R"("component":{},"component_name":{},"component_name_zh":{})", JsonQuote(code),
                     JsonQuote(c.valid() ? net.component(c).name : std::string(code)),
                     JsonQuote(c.valid() ? net.component(c).name_zh : std::string(code)));
}

}  // namespace

double MatchThresholdOf(OutboxStore& store, std::string_view enterprise) {
  const auto all = store.MatchThresholds();
  const auto it = all.find(std::string(enterprise));
  return it == all.end() ? kDefaultMatchThreshold : it->second;
}

std::vector<Notification> DemandPostedNotices(Platform& platform, const PlatformState& state,
                                              const Demand& demand) {
  Store* store = platform.store();
  if (!store || !demand.open) return {};
  Notices notices;
  const Network& net = *state.chain;
  const auto book = platform.Book(state);
  const Matcher matcher(net, *book);
  const MatchResult result = matcher.TopK(DemandSpecOf(net, demand), kMaxSuppliersNotified);
  const std::map<std::string, double> thresholds = store->MatchThresholds();
  for (const Candidate& c : result.candidates) {
    const std::string& supplier = net.enterprise(c.supplier).id;
    if (supplier == demand.buyer) continue;
    const auto t = thresholds.find(supplier);
    if (c.score < (t == thresholds.end() ? kDefaultMatchThreshold : t->second)) continue;
    notices.Add(supplier, kEventDemandMatched, "demand:" + demand.id,
                fmt::format(R"({{"demand":{},{},{},"annual_quantity":{},"start_date":{},"score":{}}})",
                            JsonQuote(demand.id), Party(net, "buyer", demand.buyer),
                            ComponentOf(net, demand.component), demand.annual_quantity,
                            JsonQuote(demand.start_date), c.score));
  }
  return notices.Take();
}

std::vector<Notification> OfferPostedNotices(Platform& platform, const PlatformState& state,
                                             const Offer& offer) {
  Store* store = platform.store();
  if (!store || !offer.open) return {};
  Notices notices;
  const Network& net = *state.chain;
  const EnterpriseId supplier = net.FindEnterprise(offer.supplier);
  if (!supplier.valid()) return {};
  const auto book = platform.Book(state);
  const Matcher matcher(net, *book);
  const std::map<std::string, double> thresholds = store->MatchThresholds();
  std::map<std::string, std::pair<std::string, double>> best;  // buyer → its best-fitting demand and score
  for (const Demand& d : state.market->demands) {
    if (!d.open || d.component != offer.component || d.buyer == offer.supplier) continue;
    const Explanation why = matcher.Explain(DemandSpecOf(net, d), supplier);
    if (!why.candidate) continue;
    const auto t = thresholds.find(d.buyer);
    if (why.candidate->score < (t == thresholds.end() ? kDefaultMatchThreshold : t->second)) continue;
    auto& b = best[d.buyer];
    if (b.first.empty() || why.candidate->score > b.second) b = {d.id, why.candidate->score};
  }
  // The offer's public part: its capacity, and its price only when its supplier published it.
  const std::string price =
      offer.price_public ? fmt::format(R"(,"unit_price_yuan":{})", offer.unit_price_yuan) : std::string();
  for (const auto& [buyer, fit] : best)
    notices.Add(
        buyer, kEventOfferMatched, "offer:" + offer.id,
        fmt::format(R"({{"offer":{},{},{},"annual_capacity":{},"price_public":{}{},"demand":{},"score":{}}})",
                    JsonQuote(offer.id), Party(net, "supplier", offer.supplier),
                    ComponentOf(net, offer.component), offer.annual_capacity, offer.price_public, price,
                    JsonQuote(fit.first), fit.second));
  return notices.Take();
}

void NotifyResponse(Platform& platform, const Response& r, bool created) {
  Store* store = platform.store();
  if (!store) return;
  Safely("response", [&] {
    Notices notices;
    const Network& net = *platform.state()->chain;
    notices.Add(
        created ? r.buyer : r.supplier, created ? kEventResponseReceived : kEventResponseUpdated,
        "response:" + r.id,
        fmt::format(R"({{"response":{},"demand":{},{},{},{},"annual_quantity":{},"unit_price_yuan":{},)"
                    R"("status":{}}})",
                    JsonQuote(r.id), JsonQuote(r.demand), Party(net, "supplier", r.supplier),
                    Party(net, "buyer", r.buyer), ComponentOf(net, r.component), r.annual_quantity,
                    r.unit_price_yuan, JsonQuote(ToString(r.status))));
    notices.Send(*store);
  });
}

void NotifyDeal(Platform& platform, const Deal& d, const Principal& actor, std::string_view what) {
  Store* store = platform.store();
  if (!store) return;
  Safely("deal", [&] {
    Notices notices;
    const Network& net = *platform.state()->chain;
    const std::string payload = fmt::format(
        R"({{"deal":{},"what":{},{},{},{},"annual_quantity":{},"unit_price_yuan":{},"buyer_confirmed":{},)"
        R"("supplier_confirmed":{},"linked":{}}})",
        JsonQuote(d.id), JsonQuote(what), Party(net, "buyer", d.buyer), Party(net, "supplier", d.supplier),
        ComponentOf(net, d.component), d.annual_quantity, d.unit_price_yuan, d.buyer_confirmed,
        d.supplier_confirmed, d.linked);
    for (const std::string* party : {&d.buyer, &d.supplier})
      if (d.linked || *party != actor.enterprise)
        notices.Add(*party, kEventDealUpdated, "deal:" + d.id, payload);
    notices.Send(*store);
  });
}

std::string BureauInbox(std::string_view place) {
  return fmt::format("bureau:{}", place);
}

std::optional<std::string> InboxKey(const Principal& p) {
  if (p.is_member()) return p.enterprise;
  if (p.is_bureau()) return BureauInbox(p.place);
  if (p.signed_in() && p.role == AccountRole::kCoordinator) return std::string(kCoordinationInbox);
  return std::nullopt;
}

std::string InboxOwner(const Principal& p) {
  std::optional<std::string> key = InboxKey(p);
  if (!key)
    throw ServiceError(
        ErrorCode::kForbidden,
        "inboxes and webhooks are an enterprise's, a bureau's or the coordinators': sign in as "
        "one of them");
  return *key;
}

namespace {

/// A lead as a notice names it: who courts whom for what, never amounts, contacts or notes.
std::string LeadSummary(const Network& net, const Lead& l) {
  const PlaceId p = net.FindPlace(l.place);
  std::string components;
  for (const std::string& c : l.components) components += (components.empty() ? "" : ",") + JsonQuote(c);
  return fmt::format(
      R"({{"lead":{},"place":{},"place_name":{},"place_name_zh":{},"investor":{},"investor_name":{},)"
      R"("investor_name_zh":{},"components":[{}],"stage":{},"contested":{}}})",
      JsonQuote(l.id), JsonQuote(l.place), JsonQuote(p.valid() ? net.place(p).name : l.place),
      JsonQuote(p.valid() ? net.place(p).name_zh : l.place),
      l.investor.empty() ? "null" : JsonQuote(l.investor), JsonQuote(l.investor_name_en),
      JsonQuote(l.investor_name_zh), components, JsonQuote(ToString(l.stage)), l.contested);
}

void NotifyLeads(Platform& platform, std::string_view event, const Lead& lead,
                 const std::vector<Lead>& others, std::string_view extra) {
  Store* store = platform.store();
  if (!store || others.empty()) return;
  Safely("lead", [&] {
    const Network& net = *platform.state()->chain;
    std::string listed;
    for (const Lead& o : others) listed += (listed.empty() ? "" : ",") + LeadSummary(net, o);
    const std::string payload =
        fmt::format(R"({{"lead":{},"others":[{}]{}}})", LeadSummary(net, lead), listed, extra);
    std::set<std::string> places{lead.place};
    for (const LeadShare& s : lead.shares) places.insert(s.place);
    for (const Lead& o : others) places.insert(o.place);
    Notices notices;
    for (const std::string& place : places)
      notices.Add(BureauInbox(place), event, "lead:" + lead.id, payload);
    notices.Add(kCoordinationInbox, event, "lead:" + lead.id, payload);
    notices.Send(*store);
  });
}

}  // namespace

void NotifyServiceRequest(Platform& platform, const ServiceRequest& request,
                          const std::vector<std::pair<Service, double>>& fits) {
  Store* store = platform.store();
  if (!store || fits.empty()) return;
  Safely("service request", [&] {
    const Network& net = *platform.state()->chain;
    Notices notices;
    std::set<std::string> told;
    for (const auto& [service, score] : fits) {
      if (!told.insert(service.provider).second) continue;  // a provider once, for its best service
      json::array standards;
      for (const std::string& s : request.standards) standards.emplace_back(s);
      const std::string requester =
          request.anonymous ? R"("requester":null)" : Party(net, "requester", request.requester);
      notices.Add(
          service.provider, kEventServiceRequestMatched, "service_request:" + request.id,
          fmt::format(R"({{"request":{},"kind":{},"standards":{},{},{},"needed_by":{},)"
                      R"("budget_yuan":{},"anonymous":{},"service":{},"score":{}}})",
                      JsonQuote(request.id), JsonQuote(ToString(request.kind)), json::serialize(standards),
                      ComponentOf(net, request.component), requester, JsonQuote(request.needed_by),
                      request.budget_yuan, request.anonymous, JsonQuote(service.id), score));
    }
    notices.Send(*store);
  });
}

void NotifyInterest(Platform& platform, const ServiceRequest& request, const ServiceInterest& interest) {
  Store* store = platform.store();
  if (!store) return;
  Safely("service interest", [&] {
    const Network& net = *platform.state()->chain;
    Notices notices;
    notices.Add(request.requester, kEventServiceInterest, "service_request:" + request.id,
                fmt::format(R"({{"request":{},"interest":{},"service":{},{}}})", JsonQuote(request.id),
                            JsonQuote(interest.id), JsonQuote(interest.service),
                            Party(net, "provider", interest.provider)));
    notices.Send(*store);
  });
}

void NotifyInterestAccepted(Platform& platform, const ServiceRequest& request,
                            const ServiceInterest& interest) {
  Store* store = platform.store();
  if (!store) return;
  Safely("service interest accepted", [&] {
    const Network& net = *platform.state()->chain;
    Notices notices;
    notices.Add(interest.provider, kEventServiceInterestAccepted, "service_request:" + request.id,
                fmt::format(R"({{"request":{},"interest":{},"service":{},{},"requester_contact":{}}})",
                            JsonQuote(request.id), JsonQuote(interest.id), JsonQuote(interest.service),
                            Party(net, "requester", request.requester), JsonQuote(request.created_by)));
    notices.Send(*store);
  });
}

void NotifyBooking(Platform& platform, const Booking& booking, const Principal& actor) {
  Store* store = platform.store();
  if (!store || booking.booker == booking.provider) return;
  Safely("booking", [&] {
    const Network& net = *platform.state()->chain;
    Notices notices;
    const bool by_provider = actor.is_member() && actor.enterprise == booking.provider;
    notices.Add(
        by_provider ? booking.booker : booking.provider, kEventBookingUpdated, "booking:" + booking.id,
        fmt::format(R"({{"booking":{},"service":{},"status":{},"start":{},"end":{},{},{}}})",
                    JsonQuote(booking.id), JsonQuote(booking.service), JsonQuote(ToString(booking.status)),
                    JsonQuote(booking.start), JsonQuote(booking.end), Party(net, "booker", booking.booker),
                    Party(net, "provider", booking.provider)));
    notices.Send(*store);
  });
}

void NotifyLeadClash(Platform& platform, const Lead& lead, const std::vector<Lead>& others) {
  NotifyLeads(platform, kEventLeadClash, lead, others, "");
}

void NotifyArbitration(Platform& platform, const Lead& keeper, const std::vector<Lead>& closed,
                       std::string_view decision) {
  NotifyLeads(platform, kEventLeadArbitrated, keeper, closed, fmt::format(R"(,"decision":{})", decision));
}

bool IsPrivateAddress(std::string_view text) {
  boost::system::error_code ec;
  ip::address a = ip::make_address(std::string(text), ec);
  if (ec) return true;  // not an address we understand: treat as not public
  if (a.is_v6() && a.to_v6().is_v4_mapped()) a = ip::make_address_v4(ip::v4_mapped, a.to_v6());
  if (a.is_v4()) {
    const std::uint32_t v = a.to_v4().to_uint();
    auto in = [&](std::uint32_t net, int bits) { return (v >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x7F000000, 8) || in(0xA9FE0000, 16) ||
           in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10) || in(0xC0000000, 24) ||
           v >= 0xE0000000;  // multicast, reserved, broadcast
  }
  const ip::address_v6 v6 = a.to_v6();
  const auto bytes = v6.to_bytes();
  return v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() || v6.is_multicast() ||
         v6.is_site_local() || (bytes[0] & 0xFE) == 0xFC;  // fc00::/7 unique local
}

WebhookTarget ParseWebhookUrl(std::string_view url) {
  auto bad = [&](std::string_view why) { return InvalidInput(fmt::format("field 'url': {}", why)); };
  if (url.size() > 2000) throw bad("at most 2,000 characters");
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
      throw bad("no spaces, controls or non-ASCII characters (percent-encode them)");
  WebhookTarget t;
  std::string_view rest;
  if (url.starts_with("https://")) {
    t.https = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    throw bad("must start with https:// or http://");
  }
  if (rest.find('#') != std::string_view::npos) throw bad("no fragment (#…)");
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  t.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (t.path.front() == '?') t.path.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) throw bad("no user or password in the URL");
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) throw bad("an IPv6 address must be in [ ]");
    t.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() != ':') throw bad("a port follows ']' after ':'");
    if (!authority.empty()) t.port = std::string(authority.substr(1));
  } else {
    const std::size_t colon = authority.find(':');
    t.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) t.port = std::string(authority.substr(colon + 1));
  }
  if (t.host.empty()) throw bad("a host is required");
  if (t.port.empty()) t.port = t.https ? "443" : "80";
  if (t.port.size() > 5 || t.port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(t.port) < 1 || std::stoi(t.port) > 65535)
    throw bad("the port must be 1–65535");
  return t;
}

std::vector<std::string> CheckWebhookHost(const WebhookTarget& t, const WebhookPolicy& policy) {
  boost::asio::io_context io;
  ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto results = resolver.resolve(t.host, t.port, ec);
  if (ec || results.empty())
    throw InvalidInput(fmt::format("field 'url': the host '{}' does not resolve", t.host));
  std::vector<std::string> addresses;
  for (const auto& r : results) {
    const std::string a = r.endpoint().address().to_string();
    if (!policy.allow_private && IsPrivateAddress(a))
      throw InvalidInput(fmt::format(
          "field 'url': '{}' is a private or loopback address ({}); webhooks go to public addresses only",
          t.host, a));
    addresses.push_back(a);
  }
  return addresses;
}

NewWebhook CreateWebhook(OutboxStore& store, const Principal& actor, const json::object& body,
                         const SealingKey& key, const WebhookPolicy& policy) {
  const std::string enterprise = InboxOwner(actor);
  for (const auto& kv : body)
    if (kv.key() != "url" && kv.key() != "events")
      throw InvalidInput(fmt::format("field '{}': unknown field", std::string_view(kv.key())));
  const json::value* url = body.if_contains("url");
  if (!url || !url->is_string()) throw InvalidInput("field 'url': required, a text");
  NewWebhook out;
  out.webhook.enterprise = enterprise;
  out.webhook.url = std::string(url->get_string());
  CheckWebhookHost(ParseWebhookUrl(out.webhook.url), policy);
  if (const json::value* events = body.if_contains("events")) {
    if (!events->is_array()) throw InvalidInput("field 'events': a list of event types");
    for (const json::value& e : events->get_array()) {
      const bool known = e.is_string() && std::find(std::begin(kEvents), std::end(kEvents),
                                                    std::string_view(e.get_string())) != std::end(kEvents);
      if (!known) {
        std::string list;
        for (std::string_view k : kEvents) {
          if (!list.empty()) list += ", ";
          list += k;
        }
        throw InvalidInput(fmt::format("field 'events': {} is not one of {}", JsonText(e), list));
      }
      out.webhook.events.emplace_back(e.get_string());
    }
  }
  if (store.Webhooks(enterprise).size() >= 10) throw Conflict("an enterprise has at most 10 webhooks");
  out.secret = IssueWebhookSecret();
  out.webhook.sealed_secret = key.Seal(out.secret);
  store.AddWebhook(out.webhook, AuditOf(actor));
  return out;
}

Webhook OwnWebhook(OutboxStore& store, const Principal& actor, std::int64_t id) {
  const std::string enterprise = InboxOwner(actor);
  const std::optional<Webhook> w = store.WebhookById(id);
  if (!w || w->enterprise != enterprise) throw NotFound(fmt::format("no webhook {} of yours", id));
  return *w;
}

OutboxStore& OutboxOf(Platform& platform) {
  if (Store* s = platform.store()) return *s;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no inboxes or webhooks");
}

InboxPage InboxOf(OutboxStore& store, const Principal& p, bool unread_only, std::size_t limit,
                  std::size_t offset) {
  InboxPage page;
  const std::optional<std::string> key = InboxKey(p);
  if (!key) return page;
  page.notices = store.Notifications(*key, unread_only, limit, offset, &page.total);
  store.Notifications(*key, true, 0, 0, &page.unread);
  return page;
}

Notification ReadNotice(OutboxStore& store, const Principal& p, std::int64_t id) {
  if (!store.MarkNotificationRead(InboxOwner(p), id))
    throw NotFound(fmt::format("no notice {} in your inbox", id));
  return *store.NotificationById(id);
}

void SetOwnMatchThreshold(OutboxStore& store, const Principal& p, double threshold) {
  if (!p.is_member())
    throw ServiceError(ErrorCode::kForbidden,
                       "a match threshold is an enterprise's: sign in as a member of one");
  const std::string& enterprise = p.enterprise;
  if (!(threshold >= 0 && threshold <= 1)) throw InvalidInput("field 'match_threshold' must be 0–1");
  store.SetMatchThreshold(enterprise, threshold, AuditOf(p));
}

std::vector<Webhook> OwnWebhooks(OutboxStore& store, const Principal& actor) {
  return store.Webhooks(InboxOwner(actor));
}

Webhook RemoveWebhook(OutboxStore& store, const Principal& actor, std::int64_t id) {
  Webhook w = OwnWebhook(store, actor, id);
  store.DeactivateWebhook(w.id, AuditOf(actor));
  w.active = false;
  return w;
}

std::vector<WebhookDelivery> DeliveriesOf(OutboxStore& store, const Principal& actor, std::int64_t webhook,
                                          std::size_t limit) {
  return store.Deliveries(OwnWebhook(store, actor, webhook).id, limit);
}

WebhookDelivery Redeliver(OutboxStore& store, const Principal& actor, std::int64_t webhook,
                          std::int64_t delivery) {
  const Webhook w = OwnWebhook(store, actor, webhook);
  if (!w.active) throw Conflict(fmt::format("webhook {} was removed", w.id));
  return store.Redeliver(w.id, delivery, UtcMillis());
}

}  // namespace chainscope
