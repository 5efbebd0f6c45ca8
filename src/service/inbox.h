// service: who is told what. After a write commits, the parties it concerns get a notice in their inbox
// (and, through their webhooks, in their own systems): a supplier when a demand it could serve is posted
// (its match score at or above its own threshold), a buyer when a response or a matching offer arrives, a
// supplier when its response is shortlisted, declined or accepted, the other party when a deal moves.
// A failure to notify is logged and never undoes or fails the write. Also: an enterprise's inbox, its match
// threshold, and its webhooks (URLs checked: http(s), and no private or loopback address unless allowed).
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/deals.h"
#include "core/inbox.h"
#include "core/promotion.h"
#include "core/services.h"
#include "service/access.h"
#include "service/platform.h"
#include "service/secrets.h"

namespace chainscope {

inline constexpr double kDefaultMatchThreshold = 0.5;
/// A posted demand is notified to its best-matching suppliers only (those at or above their threshold among
/// this many), so that one demand costs one small transaction, not a message to every maker.
inline constexpr std::size_t kMaxSuppliersNotified = 50;

/// The notices a posted demand owes its matched suppliers (at most kMaxSuppliersNotified, each over its own
/// match threshold), over `state` (which holds the demand); none for a closed one. For the notice worker.
std::vector<Notification> DemandPostedNotices(Platform& platform, const PlatformState& state,
                                              const Demand& demand);
/// The notices a posted offer owes the buyers of open demands it fits (each buyer's best-fitting demand).
std::vector<Notification> OfferPostedNotices(Platform& platform, const PlatformState& state,
                                             const Offer& offer);
/// created: to the buyer (response.received); else to the supplier (response.updated).
void NotifyResponse(Platform& platform, const Response& response, bool created);
/// To the party of the deal that did not act (both when it became a supply link).
void NotifyDeal(Platform& platform, const Deal& deal, const Principal& actor, std::string_view what);

/// Whose inbox (and webhooks) a principal has: a member its enterprise's, a bureau its place's
/// ("bureau:<place>"), a coordinator the joint office's ("coordination"); analysts and admins none.
std::optional<std::string> InboxKey(const Principal& p);
inline constexpr std::string_view kCoordinationInbox = "coordination";
std::string BureauInbox(std::string_view place);
/// InboxKey, or Forbidden for analysts and admins.
std::string InboxOwner(const Principal& p);

/// After a lead was created or changed and clashes with `others` (leads of other places): a notice to
/// the bureau of each place involved and to the coordinators — investor, components, places, stages and
/// whether the lead is contested; never amounts, contacts or notes.
void NotifyLeadClash(Platform& platform, const Lead& lead, const std::vector<Lead>& others);
/// After a coordinator decided a clash: to the bureaus of the leads decided and the coordinators.
void NotifyArbitration(Platform& platform, const Lead& keeper, const std::vector<Lead>& closed,
                       std::string_view decision);
/// A new service request to the providers of the services that fit it (`fits`: service → score, best
/// first): kind, standards, component, needed-by, budget and the score; the requester only when the
/// request is not anonymous.
void NotifyServiceRequest(Platform& platform, const ServiceRequest& request,
                          const std::vector<std::pair<Service, double>>& fits);
/// A provider's interest, to the requester (the provider and its service by name).
void NotifyInterest(Platform& platform, const ServiceRequest& request, const ServiceInterest& interest);
/// An accepted interest, to its provider: now with the requester and its contact.
void NotifyInterestAccepted(Platform& platform, const ServiceRequest& request,
                            const ServiceInterest& interest);
/// A booking booked, confirmed or cancelled, to the side that did not act (the booker is named to the
/// provider, who may see it: bookings of anonymous requests wait for acceptance).
void NotifyBooking(Platform& platform, const Booking& booking, const Principal& actor);
double MatchThresholdOf(OutboxStore& store, std::string_view enterprise);
/// The store of inboxes and webhooks: the platform's (kReadOnly when it has none).
OutboxStore& OutboxOf(Platform& platform);

/// A page of a member's inbox, newest first, with how many pass the filter and how many are unread.
/// Analysts and administrators have no inbox: an empty page.
struct InboxPage {
  std::vector<Notification> notices;
  std::size_t total = 0, unread = 0;
};
InboxPage InboxOf(OutboxStore& store, const Principal& p, bool unread_only, std::size_t limit,
                  std::size_t offset);
/// Marks one of the member's notices read and returns it; NotFound when its inbox has no such notice.
Notification ReadNotice(OutboxStore& store, const Principal& p, std::int64_t id);
/// Sets the member's enterprise's match threshold, [0, 1] (InvalidInput otherwise); audit-logged.
void SetOwnMatchThreshold(OutboxStore& store, const Principal& p, double threshold);

/// Where a webhook sends, and whether private and loopback addresses may be targets.
struct WebhookPolicy {
  bool allow_private = false;
};
struct WebhookTarget {
  bool https = false;
  std::string host, port, path;  // path with its query, "/" at least
};
/// Throws InvalidInput ("field 'url': …") unless `url` is http:// or https://, a host, an optional port and
/// path, at most 2,000 characters, without user information or fragments.
WebhookTarget ParseWebhookUrl(std::string_view url);
/// Throws InvalidInput ("field 'url': …") unless every address `host` resolves to may be contacted:
/// public ones, or any when the policy allows private targets. Returns the addresses (text).
std::vector<std::string> CheckWebhookHost(const WebhookTarget& target, const WebhookPolicy& policy);
/// Whether an IPv4 or IPv6 address (text) is loopback, private, link-local, unique-local, CGNAT,
/// multicast or unspecified.
bool IsPrivateAddress(std::string_view address);

/// A new webhook of the actor's enterprise: {"url", "events" (optional: every event)}; the signing secret
/// is returned here once and stored sealed with `key`.
struct NewWebhook {
  Webhook webhook;
  std::string secret;
};
NewWebhook CreateWebhook(OutboxStore& store, const Principal& actor, const boost::json::object& body,
                         const SealingKey& key, const WebhookPolicy& policy);
/// One of the actor's enterprise's webhooks; NotFound otherwise.
Webhook OwnWebhook(OutboxStore& store, const Principal& actor, std::int64_t id);
/// The actor's enterprise's webhooks, active or not.
std::vector<Webhook> OwnWebhooks(OutboxStore& store, const Principal& actor);
/// Stops one of them (its pending deliveries fail); audit-logged.
Webhook RemoveWebhook(OutboxStore& store, const Principal& actor, std::int64_t id);
/// The last `limit` deliveries of one of them, newest first.
std::vector<WebhookDelivery> DeliveriesOf(OutboxStore& store, const Principal& actor, std::int64_t webhook,
                                          std::size_t limit = 100);
/// Sends a delivery's notice again, due now; Conflict when the webhook was removed.
WebhookDelivery Redeliver(OutboxStore& store, const Principal& actor, std::int64_t webhook,
                          std::int64_t delivery);

}  // namespace chainscope
