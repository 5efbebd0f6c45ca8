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
#include "service/inbox.h"
#include "service/params.h"
#include "service/webhook_dispatcher.h"
#include "view/accounts_json.h"

namespace chainscope::handlers {
namespace json = boost::json;
namespace {

Accounts& AccountsOf(const Api& api) {
  if (Accounts* a = api.accounts()) return *a;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no accounts");
}

std::string SessionCookie(const Api& api, std::string_view value, int max_age_seconds) {
  const bool secure = api.options().secure_cookies;
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}", SessionCookieName(secure), value,
                     max_age_seconds, secure ? "; Secure" : "");
}

/// A path parameter that names a numeric id (an account, token, notice, webhook or delivery); NotFound for
/// anything else.
std::int64_t IdParam(const RequestContext& ctx, const std::string& name = "id") {
  const std::string& text = ctx.PathParam(name);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw NotFound(fmt::format("no such {} '{}'", name, text));
  return id;
}

User UserOf(const Api& api, const RequestContext& ctx) {
  return AccountsOf(api).Get(ctx.principal, IdParam(ctx));
}

}  // namespace

HttpResponse Login(const Api& api, RequestContext& ctx) {
  // A JSON content type cannot be sent cross-site without a CORS preflight, which this server never
  // grants: no other site can sign a browser in (login CSRF).
  const std::string* type = ctx.request.Header("Content-Type");
  if (!type || !std::string_view(*type).starts_with("application/json"))
    throw InvalidInput("sign-in takes Content-Type: application/json");
  const json::object& body = BodyObject(ctx);
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
  const json::object& body = BodyObject(ctx);
  int days = 90;
  if (const json::value* v = body.if_contains("expires_days")) {
    if (!v->is_int64()) throw InvalidInput("field 'expires_days': must be a whole number of days");
    days = static_cast<int>(std::clamp<std::int64_t>(v->get_int64(), -1, 1'000'000));
  }
  const IssuedSecret t = AccountsOf(api).IssueToken(ctx.principal, TextField(body, "name"), days);
  json::object o = CredentialJson(t.credential);
  o["token"] = t.secret;
  o["note"] = "This is the only time the token is shown; keep it secret.";
  HttpResponse r = Json(std::move(o), 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse TokenRevoke(const Api& api, RequestContext& ctx) {
  const std::int64_t id = IdParam(ctx);
  AccountsOf(api).RevokeToken(ctx.principal, id);
  return Json(json::object{{"id", id}, {"revoked", true}});
}

HttpResponse UserList(const Api& api, RequestContext& ctx) {
  json::array items;
  for (const User& u : AccountsOf(api).List(ctx.principal)) items.push_back(UserJson(u, *ctx.state->chain));
  return Json(json::object{{"users", std::move(items)}});
}

HttpResponse UserCreate(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  NewAccount account{.email = TextField(body, "email"),
                     .role = TextField(body, "role"),
                     .enterprise = TextField(body, "enterprise"),
                     .place = TextField(body, "place"),
                     .password = TextField(body, "password")};
  if (const json::value* v = body.if_contains("enterprise_admin")) account.enterprise_admin = v->as_bool();
  const User u = AccountsOf(api).AddUser(account, ctx.principal);
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
  AccountsOf(api).ResetPassword(u.email, TextField(BodyObject(ctx), "password"), ctx.principal);
  return Json(json::object{{"id", u.id}, {"password_reset", true}, {"sessions_revoked", true}});
}

HttpResponse AuditList(const Api& api, RequestContext& ctx) {
  const Params p(ctx.query, Params::QueryNames());
  AuditQuery q;
  if (const std::string* entity = p.Get("entity")) q.entity = *entity;
  if (const std::string* actor = p.Get("actor")) q.actor = *actor;
  if (const std::string* since = p.Get("since")) q.since = *since;
  q.limit = p.Size("limit", kDefaultPageSize, kMaxPageSize);
  q.offset = p.Size("offset", 0, SIZE_MAX);
  std::size_t total = 0;
  json::array items;
  for (const AuditRecord& r : AccountsOf(api).AuditTrail(ctx.principal, q, &total, Params::QueryNames()))
    items.push_back(AuditRowJson(r));
  return Json(
      json::object{{"total", total}, {"limit", q.limit}, {"offset", q.offset}, {"items", std::move(items)}});
}

// ---- inbox and webhooks ---------------------------------------------------------------------------------
namespace {

OutboxStore& OutboxOf(const Api& api) {
  return chainscope::OutboxOf(api.platform());
}

}  // namespace

HttpResponse InboxList(const Api& api, RequestContext& ctx) {
  const Params p(ctx.query, Params::QueryNames());
  const bool unread = p.Get("unread") && *p.Get("unread") == "true";
  const std::size_t limit = p.Size("limit", kDefaultPageSize, kMaxPageSize);
  const std::size_t offset = p.Size("offset", 0, SIZE_MAX);
  InboxPage page;
  if (InboxKey(ctx.principal)) page = InboxOf(OutboxOf(api), ctx.principal, unread, limit, offset);
  json::array items;
  for (const Notification& n : page.notices) items.push_back(NoticeJson(n));
  return Json(json::object{{"total", page.total},
                           {"unread", page.unread},
                           {"limit", limit},
                           {"offset", offset},
                           {"items", std::move(items)}});
}

HttpResponse InboxRead(const Api& api, RequestContext& ctx) {
  return Json(NoticeJson(ReadNotice(OutboxOf(api), ctx.principal, IdParam(ctx))));
}

HttpResponse InboxSettingsGet(const Api& api, RequestContext& ctx) {
  const std::string& enterprise = InboxOwner(ctx.principal);
  return Json(json::object{{"enterprise", enterprise},
                           {"match_threshold", MatchThresholdOf(OutboxOf(api), enterprise)}});
}

HttpResponse InboxSettingsPut(const Api& api, RequestContext& ctx) {
  const std::string& enterprise = InboxOwner(ctx.principal);
  const double threshold = BodyObject(ctx).at("match_threshold").to_number<double>();  // the door checked it
  SetOwnMatchThreshold(OutboxOf(api), ctx.principal, threshold);
  return Json(json::object{{"enterprise", enterprise}, {"match_threshold", threshold}});
}

HttpResponse WebhookList(const Api& api, RequestContext& ctx) {
  json::array items;
  for (const Webhook& w : OwnWebhooks(OutboxOf(api), ctx.principal)) items.push_back(WebhookJson(w));
  return Json(json::object{{"items", std::move(items)}});
}

HttpResponse WebhookCreate(const Api& api, RequestContext& ctx) {
  const std::optional<SealingKey>& key = api.options().webhook_key;
  if (!key) throw ServiceError(ErrorCode::kReadOnly, "this server has no key to seal webhook secrets");
  const NewWebhook w =
      CreateWebhook(OutboxOf(api), ctx.principal, BodyObject(ctx), *key, api.options().webhooks);
  json::object out = WebhookJson(w.webhook);
  out["secret"] = w.secret;
  HttpResponse r = Json(std::move(out), 201);
  r.headers.emplace_back("Location", fmt::format("/api/v1/webhooks/{}", w.webhook.id));
  return r;
}

HttpResponse WebhookDelete(const Api& api, RequestContext& ctx) {
  const Webhook w = RemoveWebhook(OutboxOf(api), ctx.principal, IdParam(ctx));
  return Json(json::object{{"id", w.id}, {"active", false}});
}

HttpResponse WebhookDeliveries(const Api& api, RequestContext& ctx) {
  const std::int64_t webhook = IdParam(ctx);
  json::array items;
  for (const WebhookDelivery& d : DeliveriesOf(OutboxOf(api), ctx.principal, webhook))
    items.push_back(DeliveryJson(d));
  return Json(json::object{{"webhook", webhook}, {"items", std::move(items)}});
}

HttpResponse WebhookRedeliver(const Api& api, RequestContext& ctx) {
  return Json(DeliveryJson(Redeliver(OutboxOf(api), ctx.principal, IdParam(ctx), IdParam(ctx, "delivery"))),
              202);
}

}  // namespace chainscope::handlers
