// service: the matchmaking loop after a demand is posted — suppliers respond, the buyer ranks the
// responses by the explained match score, shortlists, declines or accepts one (a deal), and both sides
// confirm the deal, which then becomes a supply link of the chain. The rules of who may do what live here;
// who may see what is the access policy's (SeesDealings). A response or deal of others is NotFound (404),
// never Forbidden, so their ids do not leak.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/deals.h"
#include "core/message.h"
#include "service/access.h"
#include "service/platform.h"

namespace chainscope {

/// Bounds of a response's and a deal's terms (the route table declares the same ones for the door): the
/// chain's (core/schema.h: kMaxAnnualUnits, kMaxPriceYuan) and a lead time of at most a year.
inline constexpr double kMaxLeadTimeDays = 365;

/// Creates the actor's response to an open demand. Body: annual_quantity (1–10¹²), unit_price_yuan
/// (> 0), lead_time_days (0–365), message (optional, ≤ 2,000 characters), supplier (a member's own
/// enterprise by default; an admin names it). Throws NotFound (no such open demand visible to the actor),
/// InvalidInput (a field, or answering one's own demand), Forbidden (another enterprise as supplier),
/// Conflict (a live response of this supplier exists, or the demand is closed).
Response Respond(Platform& platform, const Principal& actor, std::string_view demand_id,
                 const boost::json::object& body);

/// A response with where its supplier ranks for the demand (Matcher::Explain): the score and the rank
/// among all eligible makers, or why it is not eligible.
struct RankedResponse {
  Response response;
  std::optional<double> score;
  std::size_t rank = 0;  // 1-based among eligible makers; 0 when not eligible
  std::vector<Message> exclusions;
};

/// The responses to a demand that `viewer` may see — its buyer and analysts all, a supplier its own —
/// ranked: eligible by score (best first), then the rest, ties by time. NotFound for a demand the viewer
/// cannot see.
std::vector<RankedResponse> ResponsesToDemand(Platform& platform, const Principal& viewer,
                                              std::string_view demand_id);
/// Every response the viewer is a party to (analysts and admins: all), newest first.
std::vector<Response> ResponsesOf(Platform& platform, const Principal& viewer);

/// The buyer shortlists or declines; the supplier withdraws. Only from submitted or shortlisted
/// (Conflict otherwise); NotFound for a response the actor may not change.
enum class ResponseAction { kShortlist, kDecline, kWithdraw };
Response ActOnResponse(Platform& platform, const Principal& actor, std::string_view response_id,
                       ResponseAction action);

/// The buyer accepts a submitted or shortlisted response of an open demand: a deal, in the same
/// transaction. Body (all optional): annual_quantity (default the response's, at most it), unit_price_yuan
/// (default the quote), start_date (default the demand's).
Deal Accept(Platform& platform, const Principal& actor, std::string_view response_id,
            const boost::json::object& body);

/// Deals the viewer is a party to (analysts and admins: all), newest first; one deal (NotFound if not
/// visible).
std::vector<Deal> DealsOf(Platform& platform, const Principal& viewer);
Deal GetDeal(Platform& platform, const Principal& viewer, std::string_view deal_id);

/// A party confirms its side (the buyer's member its side, the supplier's its). When both have, the link
/// is added to the chain (in_transit_days from the great-circle distance at 500 km a day, at least half a
/// day; buyer_inventory_days the buyer's median over its links, 7 without any) and the platform reloads
/// the chain. Confirming a side twice changes nothing. Admins and analysts are no party: Forbidden.
Deal Confirm(Platform& platform, const Principal& actor, std::string_view deal_id);

}  // namespace chainscope
