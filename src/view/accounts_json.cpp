#include "view/accounts_json.h"

#include "view/json_out.h"

#include <boost/json.hpp>

namespace chainscope {
namespace json = boost::json;

json::object UserJson(const User& u, const Network& net) {
  json::object o{{"id", u.id},
                 {"email", u.email},
                 {"role", ToString(u.role)},
                 {"enterprise", TextOrNull(u.enterprise)},
                 {"place", TextOrNull(u.place)},
                 {"enterprise_admin", u.enterprise_admin},
                 {"disabled", u.disabled},
                 {"created_at", u.created_at}};
  if (!u.enterprise.empty())
    if (const EnterpriseId e = net.FindEnterprise(u.enterprise); e.valid()) {
      o["enterprise_name"] = net.enterprise(e).name;
      o["enterprise_name_zh"] = net.enterprise(e).name_zh;
    }
  if (!u.place.empty() && net.FindPlace(u.place).valid()) PutPlaceNames(o, net, u.place);
  return o;
}

json::object MeJson(const Principal& p, const Network& net) {
  User u;
  u.id = p.user_id;
  u.email = p.email;
  u.role = p.role;
  u.enterprise = p.enterprise;
  u.place = p.place;
  u.enterprise_admin = p.enterprise_admin;
  json::object o = UserJson(u, net);
  o.erase("created_at");
  o.erase("disabled");
  o["signed_in_with"] = ToString(p.via);
  return o;
}

json::object CredentialJson(const Credential& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"created_at", c.created_at},
          {"expires_at", c.expires_at},
          {"last_used_at", TextOrNull(c.last_used_at)},
          {"revoked", c.revoked}};
}

json::object AuditRowJson(const AuditRecord& r) {
  return {{"id", r.id},
          {"at", r.at},
          {"actor", r.by.actor},
          {"enterprise", TextOrNull(r.by.enterprise)},
          {"request_id", TextOrNull(r.by.request_id)},
          {"client", TextOrNull(r.by.client)},
          {"action", r.by.action},
          {"entity", r.entity},
          {"before", Embedded(r.before)},
          {"after", Embedded(r.after)},
          {"hash", r.hash}};
}

json::object NoticeJson(const Notification& n) {
  return {{"id", n.id},
          {"event", n.event},
          {"entity", n.entity},
          {"data", Embedded(n.payload)},
          {"created_at", n.created_at},
          {"read", !n.read_at.empty()},
          {"read_at", TextOrNull(n.read_at)}};
}

json::object WebhookJson(const Webhook& w) {
  json::array events;
  for (const std::string& e : w.events) events.emplace_back(json::string(e));
  return {{"id", w.id},
          {"url", w.url},
          {"events", std::move(events)},
          {"active", w.active},
          {"created_at", w.created_at}};
}

json::object DeliveryJson(const WebhookDelivery& d) {
  return {{"id", d.id},
          {"notification", d.notification},
          {"status", ToString(d.status)},
          {"attempts", d.attempts},
          {"next_attempt_at", d.status == WebhookDelivery::Status::kPending ? json::value(d.next_attempt_at)
                                                                            : json::value(nullptr)},
          {"last_http_status", d.last_http_status ? json::value(d.last_http_status) : json::value(nullptr)},
          {"last_error", TextOrNull(d.last_error)},
          {"delivered_at", TextOrNull(d.delivered_at)},
          {"created_at", d.created_at}};
}

}  // namespace chainscope
