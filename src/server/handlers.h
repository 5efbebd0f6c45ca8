// server: the route handlers — each reads its request context (parameters already checked against its
// route's documentation), calls the service layer or an engine over ctx.state, and returns the JSON view.
// Only the route table (routes.cpp) refers to them.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>

#include "server/api.h"
#include "service/params.h"

namespace chainscope::handlers {

HttpResponse Json(boost::json::value v, int status = 200);
/// The query string as the service reads parameters; errors say "query parameter 'x'".
inline Params QueryParams(const RequestContext& ctx) {
  return Params(ctx.query, Params::QueryNames());
}
/// One page ({total, limit, offset, items}) of `ids` by the query's limit and offset, each item rendered.
template <class Ids>
boost::json::object Page(const RequestContext& ctx, const Ids& ids, auto to_json) {
  const Params p = QueryParams(ctx);
  const std::size_t limit = p.Size("limit", kDefaultPageSize, kMaxPageSize);
  const std::size_t offset = p.Size("offset", 0, SIZE_MAX);
  boost::json::array items;
  for (std::size_t i = offset; i < ids.size() && i < offset + limit; ++i) items.push_back(to_json(ids[i]));
  return {{"total", ids.size()}, {"limit", limit}, {"offset", offset}, {"items", std::move(items)}};
}
/// The request's JSON body as the door parsed and checked it (server/request_check.h): every required
/// field is there; an empty object when the route takes none or none was sent.
const boost::json::object& BodyObject(const RequestContext& ctx);
/// A text field of a checked body ("" when an optional one is absent).
std::string TextField(const boost::json::object& body, std::string_view name);
/// A query parameter's (percent-decoded) value, "" when absent.
std::string QueryText(const RequestContext& ctx, std::string_view name);
/// The If-Match header, "" when absent.
std::string IfMatchHeader(const RequestContext& ctx);

HttpResponse Health(const Api&, RequestContext&);
HttpResponse OpenApi(const Api&, RequestContext&);
HttpResponse PlacesList(const Api&, RequestContext&);
HttpResponse EnterprisesByPlaceList(const Api&, RequestContext&);
HttpResponse Taxonomy(const Api&, RequestContext&);
HttpResponse Calibration(const Api&, RequestContext&);
HttpResponse EnterpriseList(const Api&, RequestContext&);
HttpResponse EnterpriseOne(const Api&, RequestContext&);
HttpResponse LinkList(const Api&, RequestContext&);
HttpResponse LinkBuyerList(const Api&, RequestContext&);
HttpResponse Match(const Api&, RequestContext&);
HttpResponse Allocations(const Api&, RequestContext&);
template <class T>
HttpResponse RecordList(const Api&, RequestContext&);
template <class T>
HttpResponse RecordCreate(const Api&, RequestContext&);
template <class T>
HttpResponse RecordGet(const Api&, RequestContext&);
template <class T>
HttpResponse RecordReplace(const Api&, RequestContext&);
template <class T>
HttpResponse RecordClose(const Api&, RequestContext&);
HttpResponse Localization(const Api&, RequestContext&);
HttpResponse Flows(const Api&, RequestContext&);
HttpResponse WeakLinks(const Api&, RequestContext&);
HttpResponse Invest(const Api&, RequestContext&);
HttpResponse WhatIf(const Api&, RequestContext&);
HttpResponse Duplicates(const Api&, RequestContext&);
HttpResponse MergeDuplicates(const Api&, RequestContext&);
HttpResponse StressList(const Api&, RequestContext&);
HttpResponse StressStart(const Api&, RequestContext&);
/// The kinds of job the stress routes start ("stress", "scenario"), for the API's job workers.
/// A sweep over `costs.sweep_nodes` is refused when it is split (400, no job).
std::map<std::string, JobKind> JobKinds(std::shared_ptr<const Platform> platform, const CostBounds& costs);
HttpResponse StressGet(const Api&, RequestContext&);
HttpResponse StressDelete(const Api&, RequestContext&);

// accounts (account_handlers.cpp)
HttpResponse Login(const Api&, RequestContext&);
HttpResponse Logout(const Api&, RequestContext&);
HttpResponse Me(const Api&, RequestContext&);
HttpResponse TokenList(const Api&, RequestContext&);
HttpResponse TokenCreate(const Api&, RequestContext&);
HttpResponse TokenRevoke(const Api&, RequestContext&);
HttpResponse UserList(const Api&, RequestContext&);
HttpResponse UserCreate(const Api&, RequestContext&);
HttpResponse UserDisable(const Api&, RequestContext&);
HttpResponse UserEnable(const Api&, RequestContext&);
HttpResponse UserPassword(const Api&, RequestContext&);
HttpResponse AuditList(const Api&, RequestContext&);
// The matchmaking loop (service/deals.h).
HttpResponse ResponseCreate(const Api&, RequestContext&);
HttpResponse DemandResponses(const Api&, RequestContext&);
HttpResponse ResponseList(const Api&, RequestContext&);
HttpResponse ResponseShortlist(const Api&, RequestContext&);
HttpResponse ResponseDecline(const Api&, RequestContext&);
HttpResponse ResponseWithdraw(const Api&, RequestContext&);
HttpResponse ResponseAccept(const Api&, RequestContext&);
HttpResponse DealList(const Api&, RequestContext&);
HttpResponse DealGet(const Api&, RequestContext&);
HttpResponse DealConfirm(const Api&, RequestContext&);
HttpResponse PlatformKpisView(const Api&, RequestContext&);
// Inbox and webhooks (service/inbox.h, account_handlers.cpp).
HttpResponse InboxList(const Api&, RequestContext&);
HttpResponse InboxRead(const Api&, RequestContext&);
HttpResponse InboxSettingsGet(const Api&, RequestContext&);
HttpResponse InboxSettingsPut(const Api&, RequestContext&);
HttpResponse WebhookList(const Api&, RequestContext&);
HttpResponse WebhookCreate(const Api&, RequestContext&);
HttpResponse WebhookDelete(const Api&, RequestContext&);
HttpResponse WebhookDeliveries(const Api&, RequestContext&);
HttpResponse WebhookRedeliver(const Api&, RequestContext&);

}  // namespace chainscope::handlers
