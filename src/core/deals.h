// core: the matchmaking loop after a demand is posted — a supplier's response to it, and the deal a buyer
// makes by accepting one. A deal both sides confirm becomes a supply link of the chain, so the map learns
// from the platform. Plain data; the store keeps them, service/deals.h holds the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chainscope {

/// submitted → shortlisted → accepted (by the buyer, making a deal); submitted|shortlisted → declined (by
/// the buyer) or withdrawn (by the supplier). accepted, declined and withdrawn are final.
enum class ResponseStatus { kSubmitted, kShortlisted, kDeclined, kAccepted, kWithdrawn };
std::string_view ToString(ResponseStatus s);
std::optional<ResponseStatus> ParseResponseStatus(std::string_view text);

struct Response {
  std::string id;      // RS00001…, allocated by the store
  std::string demand;  // the demand answered
  std::string buyer;   // the demand's buyer (copied: the response stays its even if the demand changes)
  std::string supplier;
  std::string component;
  std::int64_t annual_quantity = 0;  // units a year offered, > 0
  double unit_price_yuan = 0;        // quoted, > 0
  double lead_time_days = 0;         // 0–365
  std::string message;               // up to 2,000 characters
  ResponseStatus status = ResponseStatus::kSubmitted;
  std::string created_at, updated_at;  // UTC, YYYY-MM-DDTHH:MM:SSZ
};

struct Deal {
  std::string id;        // DL00001…, allocated by the store
  std::string response;  // the accepted response (one deal per response)
  std::string demand, buyer, supplier, component;
  std::int64_t annual_quantity = 0;
  double unit_price_yuan = 0;
  std::string start_date;  // YYYY-MM-DD: when supply starts
  bool buyer_confirmed = false, supplier_confirmed = false;
  bool linked = false;     // both confirmed, and the supply link is in the chain
  std::string created_at;  // UTC
  double value_yuan() const { return static_cast<double>(annual_quantity) * unit_price_yuan; }
};

inline constexpr std::string_view kResponseIdPrefix = "RS";
inline constexpr std::string_view kDealIdPrefix = "DL";

}  // namespace chainscope
