// core: what the platform tells an enterprise — notices in its inbox (a demand it could serve was posted,
// a response or a matching offer arrived, a deal moved) — and the webhooks that carry the same notices to
// its own systems, with the log of every delivery. Plain data; service/inbox.h decides who is told what,
// server/webhook_dispatcher.h delivers.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace chainscope {

/// UTC with milliseconds, as delivery times are kept: YYYY-MM-DDTHH:MM:SS.mmmZ.
std::string UtcMillis(std::chrono::system_clock::time_point t = std::chrono::system_clock::now());

/// Event types, as notices and webhook payloads name them.
inline constexpr std::string_view kEventDemandMatched =
    "demand.matched";  // to a supplier that could serve it
inline constexpr std::string_view kEventOfferMatched =
    "offer.matched";  // to a buyer with an open demand it fits
inline constexpr std::string_view kEventResponseReceived = "response.received";  // to the buyer
inline constexpr std::string_view kEventResponseUpdated = "response.updated";    // to the supplier
inline constexpr std::string_view kEventDealUpdated = "deal.updated";            // to the other party
inline constexpr std::string_view kEventLeadClash =
    "lead.clash";  // to the bureaus of clashing leads and the coordinators
inline constexpr std::string_view kEventLeadArbitrated = "lead.arbitrated";  // to the same, once decided
inline constexpr std::string_view kEventServiceRequestMatched =
    "service_request.matched";  // to an institute with a service that fits a new request
inline constexpr std::string_view kEventServiceInterest =
    "service_interest.received";  // to the requester: a provider is interested
inline constexpr std::string_view kEventServiceInterestAccepted =
    "service_interest.accepted";  // to the provider: the requester accepted (and who it is)
inline constexpr std::string_view kEventBookingUpdated =
    "booking.updated";  // to the other side: a slot was booked, confirmed or cancelled
inline constexpr std::string_view kEvents[] = {
    kEventDemandMatched,           kEventOfferMatched,          kEventResponseReceived,
    kEventResponseUpdated,         kEventDealUpdated,           kEventLeadClash,
    kEventLeadArbitrated,          kEventServiceRequestMatched, kEventServiceInterest,
    kEventServiceInterestAccepted, kEventBookingUpdated};

struct Notification {
  std::int64_t id = 0;     // allocated by the store; also the webhook message id (msg_<id>)
  std::string enterprise;  // whose inbox: an enterprise id, "bureau:<place>" or "coordination"
  std::string event;       // one of kEvents
  std::string entity;      // "demand:DM00001", "response:RS00001", …
  std::string payload;     // a JSON object: what happened (ids, names, score)
  std::string created_at;  // UTC
  std::string read_at;     // empty while unread
};

/// What a write still owes its notices: "demand.posted" or "offer.posted" of an entity ("demand:DM00001").
/// The notices themselves are computed when the work is done (the matching then sees the record).
struct NoticeWork {
  std::int64_t id = 0;
  std::string event;
  std::string entity;
  std::string created_at;  // UTC
};
/// A claimed row of notice work, done: its notices (none, when they were owed to nobody).
struct DoneNoticeWork {
  std::int64_t id = 0;
  std::vector<Notification> notices;
};
inline constexpr std::string_view kWorkDemandPosted = "demand.posted";
inline constexpr std::string_view kWorkOfferPosted = "offer.posted";

struct Webhook {
  std::int64_t id = 0;
  std::string enterprise;
  std::string url;                  // http:// or https://
  std::vector<std::string> events;  // subscribed; empty = all
  std::string sealed_secret;        // the signing secret, encrypted with the server's key (never in clear)
  bool active = true;
  std::string created_at;
};

/// One message to one webhook: retried with backoff until delivered or out of attempts.
struct WebhookDelivery {
  enum class Status { kPending, kDelivered, kFailed };
  std::int64_t id = 0;
  std::int64_t webhook = 0;
  std::int64_t notification = 0;
  Status status = Status::kPending;
  int attempts = 0;
  std::string next_attempt_at;  // UTC, with milliseconds: YYYY-MM-DDTHH:MM:SS.mmmZ
  int last_http_status = 0;     // 0: no answer
  std::string last_error;
  std::string delivered_at, created_at;
};
std::string_view ToString(WebhookDelivery::Status s);

}  // namespace chainscope
