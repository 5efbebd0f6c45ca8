// server: the account routes — sign-in and sign-out, the caller's own account, API tokens, and account
// administration. The service layer (service/accounts.h) does the work; these turn it into JSON and the
// session cookie.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "core/network.h"
#include "server/handlers.h"
#include "service/errors.h"
#include "service/params.h"
#include "service/webhook_dispatcher.h"

namespace chainscope::handlers {
namespace json = boost::json;
namespace {

Accounts& AccountsOf(const Api& api) {
  if (Accounts* a = api.accounts()) return *a;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no accounts");
}

json::object BodyOf(const RequestContext& ctx) {
  if (!ctx.body) throw InvalidInput("the request body must be a JSON object");
  return *ctx.body;
}

std::string TextField(const json::object& body, std::string_view name, bool required = true) {
  const json::value* v = body.if_contains(name);
  if (!v) {
    if (required) throw InvalidInput(fmt::format("field '{}': required", name));
    return {};
  }
  if (!v->is_string()) throw InvalidInput(fmt::format("field '{}': must be a text", name));
  return std::string(v->get_string());
}

json::value Nullable(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(json::string(s));
}

json::object UserJson(const User& u, const Network& net) {
  json::object o{{"id", u.id},
                 {"email", u.email},
                 {"role", ToString(u.role)},
                 {"enterprise", Nullable(u.enterprise)},
                 {"enterprise_admin", u.enterprise_admin},
                 {"disabled", u.disabled},
                 {"created_at", u.created_at}};
  if (!u.enterprise.empty())
    if (const EnterpriseId e = net.FindEnterprise(u.enterprise); e.valid()) {
      o["enterprise_name"] = net.enterprise(e).name;
      o["enterprise_name_zh"] = net.enterprise(e).name_zh;
    }
  return o;
}

json::object CredentialJson(const Credential& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"created_at", c.created_at},
          {"expires_at", c.expires_at},
          {"last_used_at", Nullable(c.last_used_at)},
          {"revoked", c.revoked}};
}

json::object MeJson(const Principal& p, const Network& net) {
  User u;
  u.id = p.user_id;
  u.email = p.email;
  u.role = p.role;
  u.enterprise = p.enterprise;
  u.enterprise_admin = p.enterprise_admin;
  json::object o = UserJson(u, net);
  o.erase("created_at");
  o.erase("disabled");
  o["signed_in_with"] = ToString(p.via);
  return o;
}

std::string SessionCookie(const Api& api, std::string_view value, int max_age_seconds) {
  const bool secure = api.options().secure_cookies;
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}", SessionCookieName(secure), value,
                     max_age_seconds, secure ? "; Secure" : "");
}

std::int64_t IdParam(const RequestContext& ctx) {
  const std::string& text = ctx.PathParam("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw NotFound(fmt::format("no such id '{}'", text));
  return id;
}

User UserOf(const Api& api, const RequestContext& ctx) {
  Store* store = api.platform().store();
  if (!store) throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no accounts");
  const std::int64_t id = IdParam(ctx);
  if (auto u = store->UserById(id)) return *u;
  throw NotFound(fmt::format("no account with id {}", id));
}

}  // namespace

HttpResponse Login(const Api& api, RequestContext& ctx) {
  // A JSON content type cannot be sent cross-site without a CORS preflight, which this server never
  // grants: no other site can sign a browser in (login CSRF).
  const std::string* type = ctx.request.Header("Content-Type");
  if (!type || !std::string_view(*type).starts_with("application/json"))
    throw InvalidInput("sign-in takes Content-Type: application/json");
  const json::object body = BodyOf(ctx);
  const std::string email = TextField(body, "email"), password = TextField(body, "password");
  Accounts& accounts = AccountsOf(api);
  const IssuedSecret session = accounts.Login(email, password, ctx.principal);
  const std::optional<Principal> p = accounts.Authenticate(session.secret);
  if (!p) throw Error("a new session did not authenticate");
  ctx.principal = *p;
  HttpResponse r = Json(
      json::object{{"user", MeJson(*p, *ctx.state->chain)}, {"expires_at", session.credential.expires_at}});
  r.headers.emplace_back("Set-Cookie",
                         SessionCookie(api, session.secret, accounts.options().session_hours * 3600));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse Logout(const Api& api, RequestContext& ctx) {
  AccountsOf(api).Logout(ctx.principal);
  HttpResponse r = Json(json::object{{"signed_out", ctx.principal.email}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(api, "", 0));
  return r;
}

HttpResponse Me(const Api&, RequestContext& ctx) {
  // Public, so that the dashboard can ask without a failed request: null when nobody is signed in.
  HttpResponse r = Json(
      json::object{{"user", ctx.principal.signed_in() ? json::value(MeJson(ctx.principal, *ctx.state->chain))
                                                      : json::value(nullptr)}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse TokenList(const Api& api, RequestContext& ctx) {
  json::array items;
  for (const Credential& c : AccountsOf(api).Tokens(ctx.principal)) items.push_back(CredentialJson(c));
  return Json(json::object{{"tokens", std::move(items)}});
}

HttpResponse TokenCreate(const Api& api, RequestContext& ctx) {
  const json::object body = BodyOf(ctx);
  int days = 90;
  if (const json::value* v = body.if_contains("expires_days")) {
    if (!v->is_int64()) throw InvalidInput("field 'expires_days': must be a whole number of days");
    days = static_cast<int>(std::clamp<std::int64_t>(v->get_int64(), -1, 1'000'000));
  }
  const IssuedSecret t = AccountsOf(api).IssueToken(ctx.principal, TextField(body, "name"), days);
  json::object o = CredentialJson(t.credential);
  o["token"] = t.secret;
  o["note"] = "This is the only time the token is shown; keep it secret.";
  HttpResponse r = Json(o, 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse TokenRevoke(const Api& api, RequestContext& ctx) {
  const std::int64_t id = IdParam(ctx);
  AccountsOf(api).RevokeToken(ctx.principal, id);
  return Json(json::object{{"id", id}, {"revoked", true}});
}

HttpResponse UserList(const Api& api, RequestContext& ctx) {
  Store* store = api.platform().store();
  if (!store) throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no accounts");
  json::array items;
  for (const User& u : store->Users()) items.push_back(UserJson(u, *ctx.state->chain));
  return Json(json::object{{"users", std::move(items)}});
}

HttpResponse UserCreate(const Api& api, RequestContext& ctx) {
  const json::object body = BodyOf(ctx);
  bool enterprise_admin = false;
  if (const json::value* v = body.if_contains("enterprise_admin")) {
    if (!v->is_bool()) throw InvalidInput("field 'enterprise_admin': true or false");
    enterprise_admin = v->get_bool();
  }
  const User u = AccountsOf(api).AddUser(TextField(body, "email"), TextField(body, "role"),
                                         TextField(body, "enterprise", false), TextField(body, "password"),
                                         ctx.principal, enterprise_admin);
  HttpResponse r = Json(UserJson(u, *ctx.state->chain), 201);
  r.headers.emplace_back("Location", fmt::format("/api/v1/users/{}", u.id));
  return r;
}

HttpResponse UserDisable(const Api& api, RequestContext& ctx) {
  const User u = UserOf(api, ctx);
  if (u.id == ctx.principal.user_id) throw InvalidInput("you cannot disable your own account");
  return Json(UserJson(AccountsOf(api).SetDisabled(u.email, true, ctx.principal), *ctx.state->chain));
}

HttpResponse UserEnable(const Api& api, RequestContext& ctx) {
  const User u = UserOf(api, ctx);
  return Json(UserJson(AccountsOf(api).SetDisabled(u.email, false, ctx.principal), *ctx.state->chain));
}

HttpResponse UserPassword(const Api& api, RequestContext& ctx) {
  const User u = UserOf(api, ctx);
  AccountsOf(api).ResetPassword(u.email, TextField(BodyOf(ctx), "password"), ctx.principal);
  return Json(json::object{{"id", u.id}, {"password_reset", true}, {"sessions_revoked", true}});
}

namespace {

/// A JSON text the store wrote (before/after) as a JSON value; "null" and anything unparsable as null.
json::value Embedded(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

/// YYYY-MM-DD, optionally followed by THH:MM:SSZ (UTC, as the trail keeps times).
bool IsUtcTimePrefix(std::string_view t) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != 10 && t.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != kShape[i]) return false;
  return true;
}

}  // namespace

HttpResponse AuditList(const Api& api, RequestContext& ctx) {
  Store* store = api.platform().store();
  if (!store) throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no audit trail");
  const Params p(ctx.query, Params::QueryNames());
  AuditQuery q;
  // Platform administrators read all of it; an enterprise's administrator the rows of its own members.
  if (!ctx.principal.is_admin()) {
    if (!ctx.principal.is_member() || !ctx.principal.enterprise_admin)
      throw ServiceError(ErrorCode::kForbidden,
                         "the audit trail is for platform administrators, and an enterprise's administrator "
                         "reads its own enterprise's");
    q.enterprise = ctx.principal.enterprise;
  }
  if (const std::string* entity = p.Get("entity")) q.entity = *entity;
  if (const std::string* actor = p.Get("actor"))
    q.actor = *actor == "anonymous" || *actor == "local operator" ? *actor : NormalizeEmail(*actor);
  if (const std::string* since = p.Get("since")) {
    if (!IsUtcTimePrefix(*since))
      throw InvalidInput("query parameter 'since': a UTC time, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
    q.since = *since;
  }
  q.limit = p.Size("limit", kDefaultPageSize, kMaxPageSize);
  q.offset = p.Size("offset", 0, SIZE_MAX);
  std::size_t total = 0;
  json::array items;
  for (const AuditRecord& r : store->AuditTrail(q, &total))
    items.push_back(json::object{{"id", r.id},
                                 {"at", r.at},
                                 {"actor", r.by.actor},
                                 {"enterprise", Nullable(r.by.enterprise)},
                                 {"request_id", Nullable(r.by.request_id)},
                                 {"client", Nullable(r.by.client)},
                                 {"action", r.by.action},
                                 {"entity", r.entity},
                                 {"before", Embedded(r.before)},
                                 {"after", Embedded(r.after)},
                                 {"hash", r.hash}});
  return Json(
      json::object{{"total", total}, {"limit", q.limit}, {"offset", q.offset}, {"items", std::move(items)}});
}

// ---- inbox and webhooks ---------------------------------------------------------------------------------
namespace {

Store& StoreOf(const Api& api) {
  if (Store* s = api.platform().store()) return *s;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no inboxes or webhooks");
}

std::int64_t IdParam(const RequestContext& ctx, const std::string& name) {
  const std::string& text = ctx.PathParam(name);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw NotFound(fmt::format("no such {} '{}'", name, text));
  return id;
}

json::object NoticeJson(const Notification& n) {
  return {{"id", n.id},
          {"event", n.event},
          {"entity", n.entity},
          {"data", Embedded(n.payload)},
          {"created_at", n.created_at},
          {"read", !n.read_at.empty()},
          {"read_at", Nullable(n.read_at)}};
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
          {"last_error", Nullable(d.last_error)},
          {"delivered_at", Nullable(d.delivered_at)},
          {"created_at", d.created_at}};
}

}  // namespace

HttpResponse InboxList(const Api& api, RequestContext& ctx) {
  const Params p(ctx.query, Params::QueryNames());
  bool unread = false;
  if (const std::string* u = p.Get("unread")) {
    if (*u != "true" && *u != "false") throw InvalidInput("query parameter 'unread': true or false");
    unread = *u == "true";
  }
  const std::size_t limit = p.Size("limit", kDefaultPageSize, kMaxPageSize);
  const std::size_t offset = p.Size("offset", 0, SIZE_MAX);
  json::array items;
  std::size_t total = 0, unread_total = 0;
  if (ctx.principal.is_member()) {
    Store& store = StoreOf(api);
    for (const Notification& n : store.Notifications(ctx.principal.enterprise, unread, limit, offset, &total))
      items.push_back(NoticeJson(n));
    store.Notifications(ctx.principal.enterprise, true, 0, 0, &unread_total);
  }
  return Json(json::object{{"total", total},
                           {"unread", unread_total},
                           {"limit", limit},
                           {"offset", offset},
                           {"items", std::move(items)}});
}

HttpResponse InboxRead(const Api& api, RequestContext& ctx) {
  const std::int64_t id = IdParam(ctx, "id");
  Store& store = StoreOf(api);
  if (!store.MarkNotificationRead(InboxOwner(ctx.principal), id))
    throw NotFound(fmt::format("no notice {} in your inbox", id));
  return Json(NoticeJson(*store.NotificationById(id)));
}

HttpResponse InboxSettingsGet(const Api& api, RequestContext& ctx) {
  const std::string& enterprise = InboxOwner(ctx.principal);
  return Json(json::object{{"enterprise", enterprise},
                           {"match_threshold", MatchThresholdOf(StoreOf(api), enterprise)}});
}

HttpResponse InboxSettingsPut(const Api& api, RequestContext& ctx) {
  const std::string& enterprise = InboxOwner(ctx.principal);
  const json::object body = BodyOf(ctx);
  for (const auto& kv : body)
    if (kv.key() != "match_threshold")
      throw InvalidInput(fmt::format("field '{}': unknown field", std::string_view(kv.key())));
  const json::value* t = body.if_contains("match_threshold");
  if (!t || !t->is_number()) throw InvalidInput("field 'match_threshold': required, a number 0–1");
  const double threshold = t->to_number<double>();
  if (!(threshold >= 0 && threshold <= 1)) throw InvalidInput("field 'match_threshold' must be 0–1");
  StoreOf(api).SetMatchThreshold(enterprise, threshold, AuditOf(ctx.principal));
  return Json(json::object{{"enterprise", enterprise}, {"match_threshold", threshold}});
}

HttpResponse WebhookList(const Api& api, RequestContext& ctx) {
  json::array items;
  for (const Webhook& w : StoreOf(api).Webhooks(InboxOwner(ctx.principal))) items.push_back(WebhookJson(w));
  return Json(json::object{{"items", std::move(items)}});
}

HttpResponse WebhookCreate(const Api& api, RequestContext& ctx) {
  const std::optional<SealingKey>& key = api.options().webhook_key;
  if (!key) throw ServiceError(ErrorCode::kReadOnly, "this server has no key to seal webhook secrets");
  const NewWebhook w = CreateWebhook(StoreOf(api), ctx.principal, BodyOf(ctx), *key, api.options().webhooks);
  json::object out = WebhookJson(w.webhook);
  out["secret"] = w.secret;
  HttpResponse r = Json(out, 201);
  r.headers.emplace_back("Location", fmt::format("/api/v1/webhooks/{}", w.webhook.id));
  return r;
}

HttpResponse WebhookDelete(const Api& api, RequestContext& ctx) {
  Store& store = StoreOf(api);
  const Webhook w = OwnWebhook(store, ctx.principal, IdParam(ctx, "id"));
  store.DeactivateWebhook(w.id, AuditOf(ctx.principal));
  return Json(json::object{{"id", w.id}, {"active", false}});
}

HttpResponse WebhookDeliveries(const Api& api, RequestContext& ctx) {
  Store& store = StoreOf(api);
  const Webhook w = OwnWebhook(store, ctx.principal, IdParam(ctx, "id"));
  json::array items;
  for (const WebhookDelivery& d : store.Deliveries(w.id, 100)) items.push_back(DeliveryJson(d));
  return Json(json::object{{"webhook", w.id}, {"items", std::move(items)}});
}

HttpResponse WebhookRedeliver(const Api& api, RequestContext& ctx) {
  Store& store = StoreOf(api);
  const Webhook w = OwnWebhook(store, ctx.principal, IdParam(ctx, "id"));
  if (!w.active) throw Conflict(fmt::format("webhook {} was removed", w.id));
  const WebhookDelivery d = store.Redeliver(w.id, IdParam(ctx, "delivery"), UtcMillis());
  return Json(DeliveryJson(d), 202);
}

}  // namespace chainscope::handlers
