#include "server/route_parts.h"
#include "service/accounts.h"
#include "service/deals.h"

#include "io/records.h"

#include <fmt/format.h>
#include <cmath>
#include <stdexcept>

#include "core/inbox.h"
#include "core/schema.h"
#include "server/api.h"
#include "server/handlers.h"
#include "service/params.h"
#include "view/schemas.h"

namespace chainscope::route_parts {
namespace {

using handlers::Json;

std::string JsonType(FieldKind kind) {
  switch (kind) {
    case FieldKind::kInt:
      return "integer";
    case FieldKind::kReal:
      return "number";
    case FieldKind::kBool:
      return "boolean";
    case FieldKind::kList:
      return "array";
    default:
      return "string";
  }
}

/// A record's fields, from the table's one description (core/schema).
std::vector<FieldDoc> RecordFields(Table table, bool create) {
  std::vector<FieldDoc> out;
  for (const ColumnSpec& c : SpecOf(table).columns) {
    std::string description;
    if (c.name == "id")
      description = create
                        ? "Optional: allocated (DM00001, OF00001, …) when absent; 1–64 of A–Z a–z 0–9 . _ -"
                        : "Optional; must equal the path's id";
    else if (c.kind == FieldKind::kDate)
      description = "YYYY-MM-DD";
    else if (!c.allowed.empty())
      for (auto a : c.allowed) description += (description.empty() ? "" : " | ") + std::string(a);
    else if (c.is_reference)
      description = fmt::format("An id in {}", SpecOf(c.references).name);
    bool required = c.name != "id" && !c.optional && (!c.extra || !create);
    // What DemandFromJson and the service fill in when a field is left out.
    const bool owner = c.name == (table == Table::kDemands ? "buyer" : "supplier");
    if (owner) {
      description += "; a member may leave it out (its own enterprise); administrators name it";
      required = false;
    } else if (table == Table::kDemands && c.name == "prefer_local") {
      description = "Prefer suppliers in the buyer's province (default false)";
      required = false;
    } else if (table == Table::kDemands && c.name == "max_share") {
      description = "Largest share of the quantity one supplier may take, (0, 1] (default 1)";
      required = false;
    } else if (table == Table::kDemands && c.name == "start_date") {
      description = fmt::format("YYYY-MM-DD, at most {} days before today", kStartDateGraceDays);
    }
    FieldDoc f{std::string(c.name), JsonType(c.kind), description, required};
    if (c.kind == FieldKind::kInt || c.kind == FieldKind::kReal) {
      f.minimum = c.min;
      if (std::isfinite(c.max)) f.maximum = c.max;
    }
    for (auto a : c.allowed) f.allowed.emplace_back(a);
    f.checked_by_use_case = true;  // the record's validation reads the same ColumnSpec
    out.push_back(std::move(f));
  }
  return out;
}

template <class T>
void AddRecordRoutes(std::vector<Route>& routes, std::string_view kind, std::string_view owner) {
  using namespace handlers;
  const Table table = std::is_same_v<T, Demand> ? Table::kDemands : Table::kOffers;
  const std::string base = fmt::format("/api/v1/{}", SpecOf(table).name);
  const std::string one = std::string(SingularOf(table));
  const FieldDoc id{"id", "string", fmt::format("The {}'s id", one), true};
  routes.push_back(
      {"GET",
       base,
       Access::kSignedIn,
       Cost::kLight,
       true,
       RecordList<T>,
       {fmt::format("{}, filtered and paginated", kind),
        Join(std::vector<FieldDoc>{{std::string(owner), "string", fmt::format("Only this {}'s", owner)},
                                   {"component", "string", "Only this component"},
                                   OneOf({"status", "string", "Only open or only closed ones"},
                                         {"open", "closed"})},
             PageParams()),
        {},
        {},
        "",
        {200, 400}}});
  routes.push_back(
      {"POST",
       base,
       Access::kOwner,
       Cost::kHeavy,
       false,
       RecordCreate<T>,
       {fmt::format("Create a {} (201 with Location and ETag); the id is allocated when absent", one),
        {},
        {},
        RecordFields(table, true),
        "",
        {201, 400, 409, 503}}});
  routes.push_back({"GET",
                    base + "/{id}",
                    Access::kSignedIn,
                    Cost::kLight,
                    false,
                    RecordGet<T>,
                    {fmt::format("One {}, with its ETag", one), {}, {id}, {}, "", {200, 404}}});
  routes.push_back({"PUT",
                    base + "/{id}",
                    Access::kOwner,
                    Cost::kHeavy,
                    false,
                    RecordReplace<T>,
                    {fmt::format("Replace the whole {} (every field, status included); If-Match: its ETag "
                                 "(412 when it changed since)",
                                 one),
                     {},
                     {id},
                     RecordFields(table, false),
                     "",
                     {200, 400, 404, 412, 503},
                     {"If-Match"}}});
  routes.push_back({"POST",
                    base + "/{id}/close",
                    Access::kOwner,
                    Cost::kHeavy,
                    false,
                    RecordClose<T>,
                    {fmt::format("Close the {}, keeping its other fields; If-Match: its ETag", one),
                     {},
                     {id},
                     {},
                     "",
                     {200, 404, 412, 503},
                     {"If-Match"}}});
}

}  // namespace

void AddDealRoutes(std::vector<Route>& r) {
  using namespace handlers;
  auto add = [&](std::string method, std::string pattern, Access access, Handler h, OperationDoc doc) {
    r.push_back(
        {std::move(method), std::move(pattern), access, Cost::kLight, false, std::move(h), std::move(doc)});
  };
  const FieldDoc demand{"id", "string", "The demand's id", true};
  const FieldDoc response{"id", "string", "The response's id", true};
  const FieldDoc deal{"id", "string", "The deal's id", true};
  add("POST", "/api/v1/demands/{id}/responses", Access::kOwner, ResponseCreate,
      {"Respond to an open demand as a supplier (201); one live response per supplier and demand",
       {},
       {demand},
       {Ranged({"annual_quantity", "integer", "Units a year offered", true}, 1, kMaxAnnualUnits),
        Ranged({"unit_price_yuan", "number", "Quoted price per unit, yuan (one fen at least)", true},
               kMinPriceYuan, kMaxPriceYuan),
        Ranged({"lead_time_days", "number", "Days from order to first delivery", true}, 0, kMaxLeadTimeDays),
        {"message", "string", "To the buyer, up to 2,000 bytes"},
        {"supplier", "string", "The responding enterprise (default: yours; an admin names it)"}},
       "",
       {201, 400, 403, 404, 409}});
  add("GET", "/api/v1/demands/{id}/responses", Access::kSignedIn, DemandResponses,
      {"Responses to a demand ranked by the explained match score (its buyer: all; a supplier: its own)",
       PageParams(),
       {demand},
       {},
       "",
       {200, 404}});
  add("GET", "/api/v1/responses", Access::kSignedIn, ResponseList,
      {"Responses you sent or received (analysts: all), newest first", PageParams(), {}, {}, "", {200}});
  add("POST", "/api/v1/responses/{id}/shortlist", Access::kOwner, ResponseShortlist,
      {"The buyer shortlists a response", {}, {response}, {}, "", {200, 403, 404, 409}});
  add("POST", "/api/v1/responses/{id}/decline", Access::kOwner, ResponseDecline,
      {"The buyer declines a response", {}, {response}, {}, "", {200, 403, 404, 409}});
  add("POST", "/api/v1/responses/{id}/withdraw", Access::kOwner, ResponseWithdraw,
      {"The supplier withdraws its response", {}, {response}, {}, "", {200, 403, 404, 409}});
  add("POST", "/api/v1/responses/{id}/accept", Access::kOwner, ResponseAccept,
      {"The buyer accepts a response: a deal (201)",
       {},
       {response},
       {Ranged({"annual_quantity", "integer", "Units a year (default: the response's, at most it)"}, 1,
               kMaxAnnualUnits),
        Ranged({"unit_price_yuan", "number", "Agreed price, yuan (default: the quote)"}, kMinPriceYuan,
               kMaxPriceYuan),
        {"start_date", "string", "YYYY-MM-DD (default: the demand's)"}},
       "",
       {201, 400, 403, 404, 409}});
  add("GET", "/api/v1/platform/kpis", Access::kAnalyst, PlatformKpisView,
      {"The platform's figures (analysts): demands posted, responses, deals and their value a year — in "
       "total and by month, buyer's province, assembly and component",
       {},
       {},
       {},
       "",
       {200, 401, 403}});
  add("GET", "/api/v1/deals", Access::kSignedIn, DealList,
      {"Deals you are a party to (analysts: all), newest first", PageParams(), {}, {}, "", {200}});
  add("GET", "/api/v1/deals/{id}", Access::kSignedIn, DealGet, {"One deal", {}, {deal}, {}, "", {200, 404}});
  add("POST", "/api/v1/deals/{id}/confirm", Access::kOwner, DealConfirm,
      {"Confirm your side of a deal; once both sides have, it is a supply link of the chain",
       {},
       {deal},
       {},
       "",
       {200, 403, 404, 409}});
}

void AddAccountRoutes(std::vector<Route>& r) {
  using namespace handlers;
  auto add = [&](std::string method, std::string pattern, Access access, Cost cost, Handler h,
                 OperationDoc doc) {
    r.push_back({std::move(method), std::move(pattern), access, cost, false, std::move(h), std::move(doc)});
  };
  const FieldDoc id = IntegerId("id", "Its id");
  add("POST", "/api/v1/auth/login", Access::kPublic, Cost::kHeavy, Login,
      {"Sign in (Content-Type: application/json): sets the HttpOnly session cookie; 429 with Retry-After "
       "after too many failures from one address or for one account",
       {},
       {},
       {{"email", "string", "The account's email", true}, {"password", "string", "Its password", true}},
       "",
       {200, 400, 401, 429}});
  add("POST", "/api/v1/auth/logout", Access::kSignedIn, Cost::kLight, Logout,
      {"Sign out: the session (or the token used) stops working at once", {}, {}, {}, "", {200, 401}});
  add("GET", "/api/v1/me", Access::kPublic, Cost::kLight, Me,
      {"Who you are signed in as: email, role, enterprise ({\"user\": null} when not signed in; 401 for a "
       "bearer token that does not work)",
       {},
       {},
       {},
       "",
       {200, 401}});
  add("GET", "/api/v1/inbox", Access::kSignedIn, Cost::kLight, InboxList,
      {"Your enterprise's notices, newest first, with the unread count (members; others have none)",
       Join(
           std::vector<FieldDoc>{OneOf({"unread", "string", "true: only unread notices"}, {"true", "false"})},
           PageParams()),
       {},
       {},
       "",
       {200, 400, 401}});
  add("POST", "/api/v1/inbox/{id}/read", Access::kSignedIn, Cost::kLight, InboxRead,
      {"Mark a notice read", {}, {id}, {}, "", {200, 401, 403, 404}});
  add("GET", "/api/v1/inbox/settings", Access::kOwner, Cost::kLight, InboxSettingsGet,
      {"Your enterprise's match threshold: demands matching you at least this well are notified (default "
       "0.5)",
       {},
       {},
       {},
       "",
       {200, 401, 403}});
  add("PUT", "/api/v1/inbox/settings", Access::kOwner, Cost::kLight, InboxSettingsPut,
      {"Set your enterprise's match threshold",
       {},
       {},
       {Ranged({"match_threshold", "number", "The least match score notified", true}, 0, 1)},
       "",
       {200, 400, 401, 403}});
  add("GET", "/api/v1/webhooks", Access::kSignedIn, Cost::kLight, WebhookList,
      {"Your inbox's webhooks — your enterprise's, your bureau's or the coordinators' (never their secrets)",
       {},
       {},
       {},
       "",
       {200, 401, 403}});
  add("POST", "/api/v1/webhooks", Access::kSignedIn, Cost::kLight, WebhookCreate,
      {"Add a webhook: notices are POSTed there, signed as Standard Webhooks (HMAC-SHA256); the secret is "
       "shown in this answer only",
       {},
       {},
       {{"url", "string", "https:// (or http://) URL of a public host", true},
        OneOf({"events", "array", "Event types to send (default all)"},
              std::vector<std::string>(std::begin(kEvents), std::end(kEvents)))},
       "",
       {201, 400, 401, 403, 409}});
  add("DELETE", "/api/v1/webhooks/{id}", Access::kSignedIn, Cost::kLight, WebhookDelete,
      {"Remove a webhook (its pending deliveries fail)", {}, {id}, {}, "", {200, 401, 403, 404}});
  add("GET", "/api/v1/webhooks/{id}/deliveries", Access::kSignedIn, Cost::kLight, WebhookDeliveries,
      {"The delivery log of a webhook, newest first (the last 100)", {}, {id}, {}, "", {200, 401, 403, 404}});
  add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", Access::kSignedIn, Cost::kLight,
      WebhookRedeliver,
      {"Send a delivery's message again (a new delivery, due now)",
       {},
       {id, IntegerId("delivery", "The delivery's id")},
       {},
       "",
       {202, 401, 403, 404, 409}});
  add("GET", "/api/v1/tokens", Access::kSignedIn, Cost::kLight, TokenList,
      {"Your API tokens (never their secrets), newest first", {}, {}, {}, "", {200, 401}});
  add("POST", "/api/v1/tokens", Access::kSignedIn, Cost::kLight, TokenCreate,
      {"Issue an API token (Authorization: Bearer …); the token is shown in this answer only",
       {},
       {},
       {{"name", "string", "What it is for, 1–64 characters", true},
        Ranged({"expires_days", "integer", "Days it stays valid (default 90)"}, 1,
               AccountsOptions{}.max_token_days)},
       "",
       {201, 400, 401}});
  add("DELETE", "/api/v1/tokens/{id}", Access::kSignedIn, Cost::kLight, TokenRevoke,
      {"Revoke one of your tokens", {}, {id}, {}, "", {200, 401, 404}});
  add("GET", "/api/v1/users", Access::kAdmin, Cost::kLight, UserList,
      {"Every account (admin)", {}, {}, {}, "", {200, 401, 403}});
  add("POST", "/api/v1/users", Access::kAdmin, Cost::kHeavy, UserCreate,
      {"Create an account (admin)",
       {},
       {},
       {{"email", "string", "Email, the sign-in name", true},
        OneOf({"role", "string", "What the account may do", true},
              {"admin", "analyst", "member", "bureau", "coordinator"}),
        {"enterprise", "string", "A member's enterprise id (members only)"},
        {"place", "string", "A bureau's place code, as in /api/v1/places (bureaus only)"},
        {"password", "string", "At least 10 characters", true},
        {"enterprise_admin", "boolean", "A member who reads its enterprise's audit trail (default false)"}},
       "",
       {201, 400, 401, 403, 409}});
  add("POST", "/api/v1/users/{id}/disable", Access::kAdmin, Cost::kLight, UserDisable,
      {"Disable an account: its sessions and tokens stop at once (admin)",
       {},
       {id},
       {},
       "",
       {200, 401, 403, 404}});
  add("POST", "/api/v1/users/{id}/enable", Access::kAdmin, Cost::kLight, UserEnable,
      {"Enable an account again (admin)", {}, {id}, {}, "", {200, 401, 403, 404}});
  add("GET", "/api/v1/audit", Access::kOwner, Cost::kLight, AuditList,
      {"The audit trail, newest first: every write with who, when, request, before and after; sign-ins, "
       "failed sign-ins and refused requests (admins: all; an enterprise's administrator: its members' rows)",
       Join(std::vector<FieldDoc>{{"entity", "string", "Only rows about this entity, e.g. demand:DM00001"},
                                  {"actor", "string", "Only rows by this account (email)"},
                                  {"since", "string",
                                   "Only rows at or after this UTC time, YYYY-MM-DD[THH:MM:SSZ]"}},
            PageParams()),
       {},
       {},
       "",
       {200, 400, 401, 403}});
  add("POST", "/api/v1/users/{id}/password", Access::kAdmin, Cost::kHeavy, UserPassword,
      {"Set a new password; signs the account out everywhere (admin)",
       {},
       {id},
       {{"password", "string", "At least 10 characters", true}},
       "",
       {200, 400, 401, 403, 404}});
}

void AddRecordRoutes(std::vector<Route>& routes) {
  AddRecordRoutes<Demand>(routes, "Buyers' demands", "buyer");
  AddRecordRoutes<Offer>(routes, "Suppliers' offers of free capacity", "supplier");
}

}  // namespace chainscope::route_parts
