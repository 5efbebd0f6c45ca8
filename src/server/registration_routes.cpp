// server: the routes of real enterprises coming in — the public registration (JSON; the licence scan as
// base64), the administrators' review queue with approval and rejection, the licence scan (administrators
// only, as an attachment never rendered inline), the one-time set-password link, and invitations of
// colleagues. Each handler reads its checked request, calls service/registrations.h and renders
// view/registrations_json.h.
#include <fmt/format.h>
#include <sodium.h>

#include <boost/json.hpp>
#include <charconv>

#include "server/handlers.h"
#include "server/route_parts.h"
#include "service/platform.h"
#include "service/registrations.h"
#include "service/secrets.h"
#include "view/accounts_json.h"
#include "view/json_out.h"
#include "view/registrations_json.h"

namespace chainscope::route_parts {
namespace {
namespace json = boost::json;
using handlers::BodyObject;
using handlers::Json;

std::string Optional(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) throw InvalidInput(fmt::format("field '{}' must be a text", name));
  return std::string(v->as_string());
}

std::int64_t RegistrationId(const RequestContext& ctx) {
  const std::string& text = ctx.PathParam("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw NotFound(fmt::format("no registration '{}'", text));
  return id;
}

HttpResponse Register(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  RegistrationInput in;
  in.name_zh = Optional(body, "name_zh");
  in.name_en = Optional(body, "name_en");
  in.uscc = Optional(body, "uscc");
  in.place = Optional(body, "place");
  in.role = Optional(body, "role");
  if (const json::value* c = body.if_contains("components"); c && c->is_array())
    for (const json::value& item : c->as_array()) {
      if (!item.is_string()) throw InvalidInput("field 'components' must list component codes");
      in.components.emplace_back(item.as_string());
    }
  in.applicant_name = Optional(body, "applicant_name");
  in.applicant_email = Optional(body, "applicant_email");
  in.claim = Optional(body, "claim");
  const std::string licence64 = Optional(body, "licence_base64");
  std::string licence;
  if (!licence64.empty()) {
    EnsureSodium();
    licence.resize(licence64.size());
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(licence.data()), licence.size(), licence64.data(),
                          licence64.size(), "\r\n ", &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
      throw InvalidInput("field 'licence_base64' is not base64");
    licence.resize(length);
    in.licence = licence;
  }
  const RegistrationReview r = SubmitRegistration(api.platform(), ctx.principal, in);
  return Json(SubmittedRegistrationJson(r), 202);
}

HttpResponse RegistrationList(const Api& api, RequestContext& ctx) {
  const std::string* status = ctx.Query("status");
  const auto state = api.platform().state();
  json::array items;
  for (const RegistrationReview& r :
       ReviewRegistrations(api.platform(), ctx.principal, status ? *status : ""))
    items.push_back(RegistrationJson(*state->chain, r));
  return Json(json::object{{"items", std::move(items)}});
}

HttpResponse Licence(const Api& api, RequestContext& ctx) {
  auto [type, bytes] = RegistrationLicence(api.platform(), ctx.principal, RegistrationId(ctx));
  HttpResponse r;
  r.content_type = type;
  r.body = std::move(bytes);
  // Downloaded, never rendered in the dashboard's origin; not cached anywhere.
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"licence-{}.{}\"", ctx.PathParam("id"),
                                     type == "application/pdf" ? "pdf"
                                     : type == "image/png"     ? "png"
                                                               : "jpg"));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse Approve(const Api& api, RequestContext& ctx) {
  const AccountWithLink a =
      ApproveRegistration(api.platform(), ctx.principal, RegistrationId(ctx), &api.options().mail);
  HttpResponse r = Json(AccountWithLinkJson(a, *api.platform().state()->chain));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse Reject(const Api& api, RequestContext& ctx) {
  const Registration g = RejectRegistration(api.platform(), ctx.principal, RegistrationId(ctx),
                                            Optional(BodyObject(ctx), "reason"));
  return Json(RegistrationJson(*api.platform().state()->chain, {g, {}, {}}));
}

HttpResponse SetPassword(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  const User u =
      SetPasswordByLink(api.platform(), ctx.principal, Optional(body, "token"), Optional(body, "password"));
  return Json(json::object{{"email", u.email}, {"password_set", true}});
}

HttpResponse Invite(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  const AccountWithLink a = InviteColleague(api.platform(), ctx.principal, Optional(body, "email"),
                                            Optional(body, "enterprise"), &api.options().mail);
  HttpResponse r = Json(AccountWithLinkJson(a, *api.platform().state()->chain), 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::int64_t UserIdParam(const RequestContext& ctx) {
  const std::string& text = ctx.PathParam("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw NotFound(fmt::format("no colleague '{}'", text));
  return id;
}

HttpResponse ColleagueList(const Api& api, RequestContext& ctx) {
  const auto state = api.platform().state();
  json::array users;
  for (const User& u : Colleagues(api.platform(), ctx.principal)) users.push_back(UserJson(u, *state->chain));
  return Json(json::object{{"users", std::move(users)}});
}

HttpResponse ColleagueDisable(const Api& api, RequestContext& ctx) {
  return Json(UserJson(SetColleagueDisabled(api.platform(), ctx.principal, UserIdParam(ctx), true),
                       *api.platform().state()->chain));
}

HttpResponse ColleagueEnable(const Api& api, RequestContext& ctx) {
  return Json(UserJson(SetColleagueDisabled(api.platform(), ctx.principal, UserIdParam(ctx), false),
                       *api.platform().state()->chain));
}

HttpResponse EditProfile(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  ProfileChange change;
  const auto text = [&](std::string_view name, std::optional<std::string>& into) {
    if (body.contains(name)) into = Optional(body, name);
  };
  text("name", change.name);
  text("name_zh", change.name_zh);
  text("place", change.place);
  text("park", change.park);
  text("uscc", change.uscc);
  if (const json::value* c = body.if_contains("certifications"); c && !c->is_null()) {
    change.certifications.emplace();
    for (const json::value& item : c->as_array()) {
      if (!item.is_string()) throw InvalidInput("field 'certifications' must list texts");
      change.certifications->emplace_back(item.as_string());
    }
  }
  if (const json::value* n = body.if_contains("employees"); n && !n->is_null())
    change.employees = n->to_number<std::int64_t>();
  const std::string id = ctx.PathParam("id");
  EditEnterpriseProfile(api.platform(), ctx.principal, id, change);
  return Json(EnterpriseDetailJson(*api.platform().state()->chain, id, ctx.principal));
}

}  // namespace

void AddRegistrationRoutes(std::vector<Route>& r) {
  const FieldDoc id = IntegerId("id", "The registration's id");
  Route reg{
      "POST",
      "/api/v1/registrations",
      Access::kPublic,
      Cost::kHeavy,
      false,
      Register,
      {"Register an enterprise (anyone; a few an hour per address): 202, pending an administrator's review, "
       "with the existing records it may be",
       {},
       {},
       {{"name_zh", "string", "The company's name in Chinese, as on its licence", true},
        {"name_en", "string", "Its English name"},
        {"uscc", "string", "Its unified social credit code (18 characters)", true},
        {"place", "string", "Its district of Chongqing or city of Sichuan (a place code)", true},
        OneOf({"role", "string", "What it is", true}, {"oem", "supplier", "institute"}, "role"),
        {"components", "array", "The components it makes (codes)"},
        {"applicant_name", "string", "Who applies", true},
        {"applicant_email", "string", "Their e-mail: the account's", true},
        {"claim", "string", "The id of an existing enterprise it is (the directory search finds it)"},
        {"licence_base64", "string", "Its business licence scan (PDF, PNG or JPEG, at most 5 MiB), base64"}},
       "",
       {202, 400, 409, 413, 429}},
      "",
      8u << 20};
  r.push_back(std::move(reg));
  const auto add = [&](std::string method, std::string pattern, Access access, Handler h, OperationDoc doc) {
    r.push_back(
        {std::move(method), std::move(pattern), access, Cost::kLight, false, std::move(h), std::move(doc)});
  };
  add("GET", "/api/v1/registrations", Access::kAdmin, RegistrationList,
      {"The review queue (admins): registrations with the records each may be and a claim's differences",
       {OneOf({"status", "string", "Only these"}, {"pending", "approved", "rejected"}, "status")},
       {},
       {},
       "",
       {200, 400, 401, 403}});
  add("GET", "/api/v1/registrations/{id}/licence", Access::kAdmin, Licence,
      {"A registration's licence scan, as an attachment (admins only)",
       {},
       {id},
       {},
       "",
       {200, 401, 403, 404}});
  add("POST", "/api/v1/registrations/{id}/approve", Access::kAdmin, Approve,
      {"Approve a pending registration (admins): the enterprise is created, or the claimed one takes its "
       "credit "
       "code; its administrator's account is made with a one-time set-password link (72 h), shown once",
       {},
       {id},
       {},
       "",
       {200, 401, 403, 404, 409}});
  add("POST", "/api/v1/registrations/{id}/reject", Access::kAdmin, Reject,
      {"Reject a pending registration with a reason (admins)",
       {},
       {id},
       {{"reason", "string", "Why, for the applicant (1–500 characters)", true}},
       "",
       {200, 400, 401, 403, 404, 409}});
  add("POST", "/api/v1/auth/set-password", Access::kPublic, SetPassword,  // Argon2id: heavy below
      {"Set the password of a new account with its one-time link's token (once; 72 h)",
       {},
       {},
       {{"token", "string", "The token of the link", true},
        {"password", "string", "At least 10 characters", true}},
       "",
       {200, 400, 404}});
  r.back().cost = Cost::kHeavy;
  add("POST", "/api/v1/invitations", Access::kSignedIn, Invite,
      {"Invite a colleague (an enterprise's administrator; admins name the enterprise): a member account "
       "without a password, and its one-time link, shown once",
       {},
       {},
       {{"email", "string", "The colleague's e-mail", true},
        {"enterprise", "string", "The enterprise (admins; an enterprise's administrator: its own)"}},
       "",
       {201, 400, 401, 403, 409}});
  const FieldDoc colleague = IntegerId("id", "The colleague's account id");
  add("GET", "/api/v1/colleagues", Access::kSignedIn, ColleagueList,
      {"Your enterprise's accounts (its administrator)", {}, {}, {}, "", {200, 401, 403}});
  add("POST", "/api/v1/colleagues/{id}/disable", Access::kSignedIn, ColleagueDisable,
      {"Disable a colleague's account (its administrator): its sessions and tokens stop at once; audited",
       {},
       {colleague},
       {},
       "",
       {200, 400, 401, 403, 404}});
  add("POST", "/api/v1/colleagues/{id}/enable", Access::kSignedIn, ColleagueEnable,
      {"Enable a colleague's account again (its administrator); audited",
       {},
       {colleague},
       {},
       "",
       {200, 400, 401, 403, 404}});
  add("PUT", "/api/v1/enterprises/{id}", Access::kSignedIn, EditProfile,
      {"Edit an enterprise's profile (its administrator, or an admin): each field given replaces the stored "
       "one; "
       "audited",
       {},
       {{"id", "string", "Enterprise id", true}},
       {{"name", "string", "Its English name"},
        {"name_zh", "string", "Its Chinese name"},
        {"place", "string", "Its place code"},
        {"park", "string", "Its demonstration park's id (empty: none)"},
        {"uscc", "string", "Its unified social credit code (empty: not known)"},
        {"certifications", "array", "Its certifications"},
        Ranged({"employees", "integer", "Its employees"}, 0, 10'000'000)},
       "",
       {200, 400, 401, 403, 404, 409}});
}

}  // namespace chainscope::route_parts
