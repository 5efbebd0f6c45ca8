#include "service/deals.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "core/schema.h"
#include "io/csv.h"
#include "match/matcher.h"
#include "match/supply_book.h"
#include "service/errors.h"
#include "service/inbox.h"

namespace chainscope {
namespace {
namespace json = boost::json;

Store& StoreOf(Platform& platform) {
  if (Store* s = platform.store()) return *s;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
}

void RefuseUnknownFields(const json::object& body, std::initializer_list<std::string_view> known) {
  for (const auto& kv : body)
    if (std::find(known.begin(), known.end(), kv.key()) == known.end())
      throw InvalidInput(fmt::format("field '{}': unknown field", std::string_view(kv.key())));
}

std::optional<double> Number(const json::object& body, std::string_view name, double min, double max,
                             bool whole = false) {
  const json::value* v = body.if_contains(name);
  if (!v) return std::nullopt;
  double x = 0;
  if (v->is_int64())
    x = static_cast<double>(v->get_int64());
  else if (v->is_uint64())
    x = static_cast<double>(v->get_uint64());
  else if (v->is_double() && !whole)
    x = v->get_double();
  else
    throw InvalidInput(fmt::format("field '{}' must be a {}", name, whole ? "whole number" : "number"));
  if (!std::isfinite(x) || x < min || x > max)
    throw InvalidInput(fmt::format("field '{}' must be {}{}–{:g}", name, min > 0 && !whole ? "over " : "",
                                   min > 0 && !whole ? 0.0 : min, max));
  return x;
}

std::optional<std::string> Text(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw InvalidInput(fmt::format("field '{}' must be a text", name));
  return std::string(v->get_string());
}

template <class T>
T Required(std::optional<T> value, std::string_view name) {
  if (!value) throw InvalidInput(fmt::format("field '{}': required", name));
  return *value;
}

/// The demand, as `viewer` may see it; NotFound otherwise.
const Demand& VisibleDemand(const PlatformState& s, const Principal& viewer, std::string_view id) {
  const Demand* d = IsValidRecordId(id) ? s.market->demands.FindRecord(id) : nullptr;
  if (!d || !SeesRecord(viewer, *d)) throw NotFound(fmt::format("no demand with id '{}'", id));
  return *d;
}

Response VisibleResponse(Store& store, const Principal& viewer, std::string_view id) {
  if (IsValidRecordId(id))
    for (Response& r : store.Responses({.id = std::string(id)}))
      if (SeesDealings(viewer, r.buyer, r.supplier)) return r;
  throw NotFound(fmt::format("no response with id '{}'", id));
}

bool Live(ResponseStatus s) {
  return s == ResponseStatus::kSubmitted || s == ResponseStatus::kShortlisted;
}

/// Link terms of a new supply link: transit from the distance, the buyer's usual inventory cover.
LinkTerms TermsOf(const Network& net, const Deal& d) {
  LinkTerms t;
  const EnterpriseId buyer = net.FindEnterprise(d.buyer), supplier = net.FindEnterprise(d.supplier);
  if (!buyer.valid() || !supplier.valid())
    throw Conflict(fmt::format("deal {}: its buyer or supplier is no longer in the chain", d.id));
  const double km = PlaceDistance(net.place(net.place_of(buyer)), net.place(net.place_of(supplier))).km;
  t.in_transit_days = std::max(0.5, km / 500.0);
  std::vector<double> cover;
  for (std::uint32_t l : net.links_by_buyer(buyer)) cover.push_back(net.link(l).buyer_inventory_days);
  if (cover.empty()) {
    t.buyer_inventory_days = 7;
  } else {
    std::nth_element(cover.begin(), cover.begin() + static_cast<std::ptrdiff_t>(cover.size() / 2),
                     cover.end());
    t.buyer_inventory_days = cover[cover.size() / 2];
  }
  return t;
}

}  // namespace

Response Respond(Platform& platform, const Principal& actor, std::string_view demand_id,
                 const json::object& body) {
  Store& store = StoreOf(platform);
  const auto state = platform.state();
  const Demand& demand = VisibleDemand(*state, actor, demand_id);
  RefuseUnknownFields(body, {"supplier", "annual_quantity", "unit_price_yuan", "lead_time_days", "message"});
  Response r;
  r.demand = demand.id;
  r.buyer = demand.buyer;
  r.component = demand.component;
  r.supplier = Text(body, "supplier").value_or(actor.enterprise);
  if (r.supplier.empty()) throw InvalidInput("field 'supplier': required (the responding enterprise's id)");
  if (!MayEdit(actor, r.supplier))
    throw ServiceError(
        ErrorCode::kForbidden,
        fmt::format("field 'supplier': you may only respond for your own enterprise ({})", actor.enterprise));
  if (!state->chain->FindEnterprise(r.supplier).valid())
    throw InvalidInput(fmt::format("field 'supplier': unknown enterprise '{}'", r.supplier));
  if (r.supplier == demand.buyer)
    throw InvalidInput("field 'supplier': a buyer cannot answer its own demand");
  if (!demand.open) throw Conflict(fmt::format("demand {} is closed", demand.id));
  r.annual_quantity = static_cast<std::int64_t>(
      Required(Number(body, "annual_quantity", 1, kMaxAnnualUnits, true), "annual_quantity"));
  r.unit_price_yuan =
      Required(Number(body, "unit_price_yuan", kMinPriceYuan, kMaxPriceYuan), "unit_price_yuan");
  r.lead_time_days = Required(Number(body, "lead_time_days", 0, kMaxLeadTimeDays), "lead_time_days");
  r.message = Text(body, "message").value_or("");
  if (r.message.size() > 2000 || FindInvalidUtf8(r.message) != std::string_view::npos ||
      r.message.find('\0') != std::string::npos)
    throw InvalidInput("field 'message': at most 2,000 bytes of UTF-8 text");
  store.AddResponse(r, AuditOf(actor));
  NotifyResponse(platform, r, true);
  return r;
}

std::vector<RankedResponse> ResponsesToDemand(Platform& platform, const Principal& viewer,
                                              std::string_view demand_id) {
  const auto state = platform.state();
  const Demand& demand = VisibleDemand(*state, viewer, demand_id);
  if (!platform.store()) return {};  // a platform over a dataset has no dealings
  Store& store = *platform.store();
  const Network& net = *state->chain;
  const auto book = platform.Book(*state);
  const Matcher matcher(net, *book);
  const DemandSpec spec = DemandSpecOf(net, demand);
  std::vector<RankedResponse> out;
  for (Response& r : store.Responses({.demand = demand.id})) {
    if (!SeesDealings(viewer, r.buyer, r.supplier)) continue;
    RankedResponse ranked;
    const EnterpriseId supplier = net.FindEnterprise(r.supplier);
    if (!supplier.valid()) {
      ranked.exclusions.push_back({"match.supplier_gone", {}, "the supplier is no longer in the chain"});
    } else {
      Explanation why = matcher.Explain(spec, supplier);
      if (why.candidate) {
        ranked.score = why.candidate->score;
        ranked.rank = why.rank;
      }
      ranked.exclusions = std::move(why.exclusions);
    }
    ranked.response = std::move(r);
    out.push_back(std::move(ranked));
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedResponse& a, const RankedResponse& b) {
    if (a.score.has_value() != b.score.has_value()) return a.score.has_value();
    return a.score && *a.score > *b.score;
  });
  return out;
}

std::vector<Response> ResponsesOf(Platform& platform, const Principal& viewer) {
  if (!platform.store()) return {};
  Store& store = *platform.store();
  std::vector<Response> out;
  if (viewer.reads_all()) {
    out = store.Responses({});
  } else {
    out = store.Responses({.supplier = viewer.enterprise});
    for (Response& r : store.Responses({.buyer = viewer.enterprise})) out.push_back(std::move(r));
    std::sort(out.begin(), out.end(), [](const Response& a, const Response& b) { return a.id < b.id; });
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Response ActOnResponse(Platform& platform, const Principal& actor, std::string_view response_id,
                       ResponseAction action) {
  Store& store = StoreOf(platform);
  const Response seen = VisibleResponse(store, actor, response_id);
  const bool by_supplier = action == ResponseAction::kWithdraw;
  if (!MayEdit(actor, by_supplier ? seen.supplier : seen.buyer)) {
    // The other party sees the response but may not do this to it.
    throw ServiceError(ErrorCode::kForbidden, by_supplier
                                                  ? "only the responding supplier withdraws a response"
                                                  : "only the demand's buyer shortlists or declines");
  }
  const ResponseStatus to = action == ResponseAction::kShortlist ? ResponseStatus::kShortlisted
                            : action == ResponseAction::kDecline ? ResponseStatus::kDeclined
                                                                 : ResponseStatus::kWithdrawn;
  const Response changed = store.UpdateResponse(
      seen.id,
      [&](const Response& stored) {
        if (!Live(stored.status))
          throw Conflict(fmt::format("response {} is {}: it can no longer be changed", stored.id,
                                     ToString(stored.status)));
        Response next = stored;
        next.status = to;
        return next;
      },
      AuditOf(actor, fmt::format("response.{}", action == ResponseAction::kShortlist ? "shortlist"
                                                : action == ResponseAction::kDecline ? "decline"
                                                                                     : "withdraw")));
  if (action != ResponseAction::kWithdraw) NotifyResponse(platform, changed, false);
  return changed;
}

Deal Accept(Platform& platform, const Principal& actor, std::string_view response_id,
            const json::object& body) {
  Store& store = StoreOf(platform);
  const Response seen = VisibleResponse(store, actor, response_id);
  if (!MayEdit(actor, seen.buyer))
    throw ServiceError(ErrorCode::kForbidden, "only the demand's buyer accepts a response");
  RefuseUnknownFields(body, {"annual_quantity", "unit_price_yuan", "start_date"});
  const std::optional<double> quantity = Number(body, "annual_quantity", 1, kMaxAnnualUnits, true);
  const std::optional<double> price = Number(body, "unit_price_yuan", kMinPriceYuan, kMaxPriceYuan);
  const std::optional<std::string> start = Text(body, "start_date");
  if (start && !IsCalendarDate(*start)) throw InvalidInput("field 'start_date': a date YYYY-MM-DD");
  const auto state = platform.state();
  const Deal deal = store.AcceptResponse(
      seen.id,
      [&](const Response& r) {
        if (!Live(r.status))
          throw Conflict(fmt::format("response {} is {}: only a submitted or shortlisted one is accepted",
                                     r.id, ToString(r.status)));
        const Demand* demand = state->market->demands.FindRecord(r.demand);
        if (!demand || !demand->open) throw Conflict(fmt::format("demand {} is closed", r.demand));
        if (quantity && *quantity > static_cast<double>(r.annual_quantity))
          throw InvalidInput(fmt::format("field 'annual_quantity': at most the {} units the supplier offered",
                                         r.annual_quantity));
        Deal d;
        d.demand = r.demand;
        d.buyer = r.buyer;
        d.supplier = r.supplier;
        d.component = r.component;
        d.annual_quantity = quantity ? static_cast<std::int64_t>(*quantity) : r.annual_quantity;
        d.unit_price_yuan = price.value_or(r.unit_price_yuan);
        d.start_date = start.value_or(demand->start_date);
        return d;
      },
      AuditOf(actor));
  Response accepted = seen;
  accepted.status = ResponseStatus::kAccepted;
  NotifyResponse(platform, accepted, false);
  NotifyDeal(platform, deal, actor, "created");
  return deal;
}

std::vector<Deal> DealsOf(Platform& platform, const Principal& viewer) {
  if (!platform.store()) return {};
  Store& store = *platform.store();
  std::vector<Deal> out = viewer.reads_all() ? store.Deals({}) : store.Deals({.party = viewer.enterprise});
  std::reverse(out.begin(), out.end());
  return out;
}

Deal GetDeal(Platform& platform, const Principal& viewer, std::string_view deal_id) {
  if (IsValidRecordId(deal_id) && platform.store())
    for (Deal& d : platform.store()->Deals({.id = std::string(deal_id)}))
      if (SeesDealings(viewer, d.buyer, d.supplier)) return d;
  throw NotFound(fmt::format("no deal with id '{}'", deal_id));
}

Deal Confirm(Platform& platform, const Principal& actor, std::string_view deal_id) {
  Store& store = StoreOf(platform);
  const Deal seen = GetDeal(platform, actor, deal_id);
  if (!actor.is_member() || (actor.enterprise != seen.buyer && actor.enterprise != seen.supplier))
    throw ServiceError(ErrorCode::kForbidden, "only the buyer's and the supplier's members confirm a deal");
  const bool buyer_side = actor.enterprise == seen.buyer;
  if (buyer_side ? seen.buyer_confirmed : seen.supplier_confirmed) return seen;
  const auto state = platform.state();
  const Deal stored = store.ConfirmDeal(
      seen.id, buyer_side, [](const Deal&) {}, TermsOf(*state->chain, seen), AuditOf(actor));
  if (stored.linked) platform.Refresh();  // the chain has the new link: publish it now
  NotifyDeal(platform, stored, actor, stored.linked ? "linked" : "confirmed");
  return stored;
}

}  // namespace chainscope
