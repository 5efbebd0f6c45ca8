// server: the routes of R&D, testing and talent services — services, service requests, their ranked
// providers, interests and their acceptance, bookings and the utilization. Each handler reads its checked
// request, calls service/services.h and renders view/services_json.h.
#include <fmt/format.h>

#include "server/handlers.h"
#include "server/route_parts.h"
#include "service/promotion.h"
#include "service/services.h"
#include "view/services_json.h"

namespace chainscope::route_parts {
namespace {
namespace json = boost::json;
using handlers::BodyObject;
using handlers::IfMatchHeader;
using handlers::Json;
using handlers::Page;
using handlers::QueryText;
using handlers::TextField;

HttpResponse ServiceAnswer(const RequestContext& ctx, const Service& s, int status = 200) {
  HttpResponse r = Json(ServiceJson(*ctx.state->chain, s), status);
  r.headers.emplace_back("ETag", ServiceETag(s));
  if (status == 201) r.headers.emplace_back("Location", fmt::format("/api/v1/services/{}", s.id));
  return r;
}

HttpResponse RequestAnswer(const Api& api, const RequestContext& ctx, const ServiceRequest& q,
                           int status = 200) {
  const RequestParties parties = PartiesOf(api.platform(), ctx.principal, q);
  HttpResponse r = Json(ServiceRequestJson(*ctx.state->chain, q, ctx.principal, &parties), status);
  r.headers.emplace_back("ETag", ServiceRequestETag(q));
  if (status == 201) r.headers.emplace_back("Location", fmt::format("/api/v1/service-requests/{}", q.id));
  return r;
}

HttpResponse BookingAnswer(const Api& api, const RequestContext& ctx, const Booking& b, int status = 200) {
  const std::optional<ServiceRequest> request = RequestOfBooking(api.platform(), b);
  return Json(BookingJson(*ctx.state->chain, b, ctx.principal, request ? &*request : nullptr), status);
}

HttpResponse ServiceList(const Api& api, RequestContext& ctx) {
  ServiceFilter f;
  f.kind = QueryText(ctx, "kind");
  f.standard = QueryText(ctx, "standard");
  f.accreditation = QueryText(ctx, "accreditation");
  f.place = QueryText(ctx, "place");
  f.provider = QueryText(ctx, "provider");
  f.component = QueryText(ctx, "component");
  f.q = QueryText(ctx, "q");
  f.include_closed = QueryText(ctx, "closed") == "true";
  const std::vector<Service> services = ListServices(api.platform(), f);
  return Json(Page(ctx, services, [&](const Service& s) { return ServiceJson(*ctx.state->chain, s); }));
}

HttpResponse ServiceCreate(const Api& api, RequestContext& ctx) {
  return ServiceAnswer(ctx, CreateService(api.platform(), ctx.principal, ServiceDraftOf(BodyObject(ctx))),
                       201);
}

HttpResponse ServiceGet(const Api& api, RequestContext& ctx) {
  return ServiceAnswer(ctx, GetService(api.platform(), ctx.PathParam("id")));
}

HttpResponse ServicePut(const Api& api, RequestContext& ctx) {
  return ServiceAnswer(ctx, UpdateService(api.platform(), ctx.principal, ctx.PathParam("id"),
                                          ServiceDraftOf(BodyObject(ctx)), IfMatchHeader(ctx)));
}

HttpResponse ServiceClose(const Api& api, RequestContext& ctx) {
  return ServiceAnswer(ctx, CloseService(api.platform(), ctx.principal, ctx.PathParam("id")));
}

HttpResponse RequestList(const Api& api, RequestContext& ctx) {
  RequestFilter f;
  f.kind = QueryText(ctx, "kind");
  f.status = QueryText(ctx, "status");
  f.standard = QueryText(ctx, "standard");
  f.component = QueryText(ctx, "component");
  f.mine = QueryText(ctx, "mine") == "true";
  const std::vector<ServiceRequest> requests = ListServiceRequests(api.platform(), ctx.principal, f);
  return Json(Page(ctx, requests, [&](const ServiceRequest& q) {
    const RequestParties parties = PartiesOf(api.platform(), ctx.principal, q);
    return ServiceRequestJson(*ctx.state->chain, q, ctx.principal, &parties);
  }));
}

HttpResponse RequestCreate(const Api& api, RequestContext& ctx) {
  return RequestAnswer(
      api, ctx, CreateServiceRequest(api.platform(), ctx.principal, RequestDraftOf(BodyObject(ctx))), 201);
}

HttpResponse RequestGet(const Api& api, RequestContext& ctx) {
  return RequestAnswer(api, ctx, GetServiceRequest(api.platform(), ctx.principal, ctx.PathParam("id")));
}

HttpResponse RequestPut(const Api& api, RequestContext& ctx) {
  return RequestAnswer(api, ctx,
                       UpdateServiceRequest(api.platform(), ctx.principal, ctx.PathParam("id"),
                                            RequestDraftOf(BodyObject(ctx)), IfMatchHeader(ctx)));
}

HttpResponse RequestClose(const Api& api, RequestContext& ctx) {
  return RequestAnswer(api, ctx, CloseServiceRequest(api.platform(), ctx.principal, ctx.PathParam("id")));
}

HttpResponse RequestMatchView(const Api& api, RequestContext& ctx) {
  return Json(RequestMatchJson(*ctx.state->chain,
                               MatchServiceRequest(api.platform(), ctx.principal, ctx.PathParam("id")),
                               ctx.principal));
}

HttpResponse InterestCreate(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  const ServiceInterest i = ExpressInterest(api.platform(), ctx.principal, ctx.PathParam("id"),
                                            TextField(body, "service"), TextField(body, "note"));
  HttpResponse r = Json(InterestJson(*ctx.state->chain, i), 201);
  r.headers.emplace_back("Location",
                         fmt::format("/api/v1/service-requests/{}/interests/{}", i.request, i.id));
  return r;
}

HttpResponse InterestList(const Api& api, RequestContext& ctx) {
  json::array items;
  for (const ServiceInterest& i : InterestsOf(api.platform(), ctx.principal, ctx.PathParam("id")))
    items.push_back(InterestJson(*ctx.state->chain, i));
  return Json(json::object{{"items", std::move(items)}});
}

HttpResponse InterestAccept(const Api& api, RequestContext& ctx) {
  return RequestAnswer(
      api, ctx,
      AcceptInterest(api.platform(), ctx.principal, ctx.PathParam("id"), ctx.PathParam("interest")));
}

HttpResponse BookingCreate(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  return BookingAnswer(
      api, ctx,
      BookService(api.platform(), ctx.principal, ctx.PathParam("id"), TextField(body, "start"),
                  TextField(body, "end"), TextField(body, "request"), TextField(body, "note")),
      201);
}

HttpResponse BookingList(const Api& api, RequestContext& ctx) {
  json::array items;
  const ServiceBookings listed =
      BookingsOf(api.platform(), ctx.PathParam("id"), QueryText(ctx, "from"), QueryText(ctx, "to"));
  for (const Booking& b : listed.bookings)
    items.push_back(BookingJson(*ctx.state->chain, b, ctx.principal, listed.RequestOf(b)));
  return Json(json::object{{"items", std::move(items)}});
}

HttpResponse BookingCancel(const Api& api, RequestContext& ctx) {
  return BookingAnswer(
      api, ctx, CancelBooking(api.platform(), ctx.principal, ctx.PathParam("id"), ctx.PathParam("booking")));
}

HttpResponse BookingConfirm(const Api& api, RequestContext& ctx) {
  return BookingAnswer(
      api, ctx, ConfirmBooking(api.platform(), ctx.principal, ctx.PathParam("id"), ctx.PathParam("booking")));
}

HttpResponse UtilizationView(const Api& api, RequestContext& ctx) {
  const std::string* year = ctx.Query("year");
  const int y = year ? std::stoi(*year) : std::stoi(UtcToday().substr(0, 4));  // the door checked the range
  return Json(UtilizationJson(*ctx.state->chain, Utilization(api.platform(), y)));
}

const std::vector<std::string> kKinds{"testing", "certification", "joint_research",
                                      "design",  "training",      "internship"};

std::vector<FieldDoc> ServiceFields(bool create) {
  return {
      {"provider", "string", "The institute's enterprise id (administrators; a member's is its own)"},
      OneOf({"kind", "string", "What it is", create}, kKinds, "service kind"),
      {"title_zh", "string", "Title in Chinese, up to 200 characters", create},
      {"title_en", "string", "Title in English, up to 200 characters", create},
      {"standards", "array",
       "Standard codes covered (GB 38031-2020, GB/T 18384, ISO 26262, ECE R100), up to 30"},
      {"components", "array", "Component or assembly codes concerned (none: any), up to 30"},
      {"cnas", "string", "CNAS accreditation number, CNAS L1234 (empty: none)"},
      {"cma", "string", "CMA certificate number, twelve digits (empty: none)"},
      {"equipment", "string", "What it runs on, up to 2,000 characters"},
      Ranged({"lead_time_days", "number", "Typical lead time, working days"}, 0, kMaxServiceLeadDays),
      Ranged({"price_min_yuan", "number", "The price band's low end, yuan (0 and 0: on quotation)"}, 0,
             kMaxServicePriceYuan),
      Ranged({"price_max_yuan", "number", "The price band's high end, yuan"}, 0, kMaxServicePriceYuan),
      Ranged({"rush_surcharge", "number", "A rush job's extra, a fraction of the price (0.5: +50%)"}, 0,
             kMaxRushSurcharge),
      Ranged({"capacity_hours_per_year", "number", "Bookable hours a year"}, 0, kMaxCapacityHoursPerYear),
      {"bookable", "boolean", "Takes bookings of time slots (needs capacity_hours_per_year)"},
      Ranged({"places", "integer", "Training and internships: people taken"}, 0, kMaxTalentPlaces),
      {"starts_on", "string", "Training and internships: first day, YYYY-MM-DD"},
      {"ends_on", "string", "Training and internships: last day, YYYY-MM-DD"},
  };
}

std::vector<FieldDoc> RequestFields(bool create) {
  return {
      {"requester", "string", "The requesting enterprise (administrators; a member's is its own)"},
      OneOf({"kind", "string", "What is needed", create}, kKinds, "service kind"),
      {"standards", "array", "Standard codes wanted, up to 30"},
      {"component", "string", "The component or assembly concerned"},
      {"needed_by", "string", "When it is needed, YYYY-MM-DD (today to five years ahead)"},
      Ranged({"budget_yuan", "number", "The budget, yuan (0: not stated)"}, 0, kMaxServicePriceYuan),
      {"anonymous", "boolean", "Hide the requester until it accepts a provider's interest"},
      {"note", "string", "A note, up to 2,000 characters"},
  };
}

}  // namespace

void AddServiceRoutes(std::vector<Route>& r) {
  auto add = [&](std::string method, std::string pattern, Access access, Cost cost, Handler h,
                 OperationDoc doc) {
    r.push_back({std::move(method), std::move(pattern), access, cost, false, std::move(h), std::move(doc)});
  };
  const FieldDoc service{"id", "string", "The service's id", true};
  const FieldDoc request{"id", "string", "The service request's id", true};
  add("GET", "/api/v1/services/utilization", Access::kAnalyst, Cost::kLight, UtilizationView,
      {"Booked hours of each bookable service and institute in a calendar year against its capacity and the "
       "1,400-hour instrument-sharing baseline (analysts)",
       {Ranged({"year", "integer", "The calendar year (default this year)"}, 2000, 2099)},
       {},
       {},
       "",
       {200, 400, 401, 403}});
  add("GET", "/api/v1/services", Access::kPublic, Cost::kLight, ServiceList,
      {"Institutes' R&D, testing and talent services, filtered, oldest first",
       Join(PageParams(),
            std::vector<FieldDoc>{
                OneOf({"kind", "string", "Only services of this kind"}, kKinds, "service kind"),
                {"standard", "string", "Only services covering this standard (any edition)"},
                OneOf({"accreditation", "string", "Only CNAS-, CMA- or either-accredited ones"},
                      {"cnas", "cma", "any"}),
                {"place", "string", "Only services of institutes in this place"},
                {"provider", "string", "Only this institute's"},
                {"component", "string", "Only services concerning this component or assembly"},
                {"q", "string", "Text in the titles or equipment"},
                {"closed", "boolean", "true: closed ones too"}}),
       {},
       {},
       "",
       {200, 400}});
  add("POST", "/api/v1/services", Access::kOwner, Cost::kHeavy, ServiceCreate,
      {"Publish a service of your institute (201)", {}, {}, ServiceFields(true), "", {201, 400, 401, 403}});
  add("GET", "/api/v1/services/{id}", Access::kPublic, Cost::kLight, ServiceGet,
      {"One service", {}, {service}, {}, "", {200, 404}});
  OperationDoc put{"Change a service of yours (send If-Match with its ETag to refuse a stale change)",
                   {},
                   {service},
                   ServiceFields(false),
                   "",
                   {200, 400, 401, 403, 404, 409, 412}};
  put.headers = {"If-Match"};
  add("PUT", "/api/v1/services/{id}", Access::kOwner, Cost::kHeavy, ServicePut, std::move(put));
  add("POST", "/api/v1/services/{id}/close", Access::kOwner, Cost::kHeavy, ServiceClose,
      {"Close a service of yours: it takes no more requests or bookings",
       {},
       {service},
       {},
       "",
       {200, 401, 403, 404}});
  add("GET", "/api/v1/services/{id}/bookings", Access::kSignedIn, Cost::kLight, BookingList,
      {"A service's bookings by start: who booked only for its two sides (and staff, unless the request is "
       "anonymous); to others a busy slot",
       {{"from", "string", "Only those ending after this date or date-time"},
        {"to", "string", "Only those starting before this date or date-time"}},
       {service},
       {},
       "",
       {200, 400, 401, 404}});
  add("POST", "/api/v1/services/{id}/bookings", Access::kOwner, Cost::kHeavy, BookingCreate,
      {"Book a time slot of a bookable service for your enterprise (201), or 409 when it overlaps a booking",
       {},
       {service},
       {{"start", "string", "The slot's start, an ISO date-time (2027-03-01T09:00:00+08:00)", true},
        {"end", "string", "The slot's end (after start, at most 744 hours later)", true},
        {"request", "string",
         "Your service request it serves (an anonymous one: after accepting this "
         "provider's interest)"},
        {"note", "string", "A note, up to 2,000 characters"}},
       "",
       {201, 400, 401, 403, 404, 409}});
  const FieldDoc booking{"booking", "string", "The booking's id", true};
  add("DELETE", "/api/v1/services/{id}/bookings/{booking}", Access::kOwner, Cost::kHeavy, BookingCancel,
      {"Cancel a booking (its booker or the provider)",
       {},
       {service, booking},
       {},
       "",
       {200, 401, 403, 404, 409}});
  add("POST", "/api/v1/services/{id}/bookings/{booking}/confirm", Access::kOwner, Cost::kHeavy,
      BookingConfirm,
      {"Confirm a requested booking (the provider)",
       {},
       {service, booking},
       {},
       "",
       {200, 401, 403, 404, 409}});

  add("GET", "/api/v1/service-requests", Access::kSignedIn, Cost::kLight, RequestList,
      {"Service requests you see, oldest first: open ones, and your own; an anonymous request's requester is "
       "null except to its own members (and, once accepted, to the accepted provider)",
       Join(PageParams(),
            std::vector<FieldDoc>{
                OneOf({"kind", "string", "Only of this kind"}, kKinds, "service kind"),
                OneOf({"status", "string", "Only in this status"}, {"open", "accepted", "closed"}),
                {"standard", "string", "Only those wanting this standard"},
                {"component", "string", "Only those for this component or assembly"},
                {"mine", "boolean", "true: only your enterprise's"}}),
       {},
       {},
       "",
       {200, 400, 401}});
  add("POST", "/api/v1/service-requests", Access::kOwner, Cost::kHeavy, RequestCreate,
      {"Post a service request of your enterprise (201); institutes whose services fit are told",
       {},
       {},
       RequestFields(true),
       "",
       {201, 400, 401, 403}});
  add("GET", "/api/v1/service-requests/{id}", Access::kSignedIn, Cost::kLight, RequestGet,
      {"One service request as you may see it", {}, {request}, {}, "", {200, 401, 404}});
  OperationDoc put_request{"Change an open request of yours (If-Match: its ETag)",
                           {},
                           {request},
                           RequestFields(false),
                           "",
                           {200, 400, 401, 403, 404, 409, 412}};
  put_request.headers = {"If-Match"};
  add("PUT", "/api/v1/service-requests/{id}", Access::kOwner, Cost::kHeavy, RequestPut,
      std::move(put_request));
  add("POST", "/api/v1/service-requests/{id}/close", Access::kOwner, Cost::kHeavy, RequestClose,
      {"Close a request of yours", {}, {request}, {}, "", {200, 401, 403, 404}});
  add("POST", "/api/v1/service-requests/{id}/match", Access::kSignedIn, Cost::kHeavy, RequestMatchView,
      {"The services ranked for a request of yours (analysts: any), with each score's parts and reasons, and "
       "why the others of its kind are excluded",
       {},
       {request},
       {},
       "",
       {200, 401, 404}});
  add("GET", "/api/v1/service-requests/{id}/interests", Access::kSignedIn, Cost::kLight, InterestList,
      {"Providers' interest in a request: all to its requester, its own to a provider",
       {},
       {request},
       {},
       "",
       {200, 401, 404}});
  add("POST", "/api/v1/service-requests/{id}/interests", Access::kOwner, Cost::kHeavy, InterestCreate,
      {"Express interest in a request through one of your institute's services (201)",
       {},
       {request},
       {{"service", "string", "Your service of the request's kind", true},
        {"note", "string", "A note to the requester, up to 2,000 characters"}},
       "",
       {201, 400, 401, 403, 404, 409}});
  add("POST", "/api/v1/service-requests/{id}/interests/{interest}/accept", Access::kOwner, Cost::kHeavy,
      InterestAccept,
      {"Accept a provider's interest in your request: both sides now see each other and their contacts",
       {},
       {request, {"interest", "string", "The interest's id", true}},
       {},
       "",
       {200, 401, 403, 404, 409}});
}

}  // namespace chainscope::route_parts
