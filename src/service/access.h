// service: who is asking and what they may see — the one access policy (DESIGN §5a). Route permissions
// (Access, checked once by the request pipeline from the route table) and the visibility rules every JSON
// view applies (Sees*, MayEdit). Nothing else in the code decides who sees what.
//
//   anonymous   public directory, taxonomy, places, calibration KPIs
//   member of E everything of E; other enterprises' public fields; open demands; offers (a price only when
//               its supplier published it); match and allocation for E's own demands; edits E's records
//   analyst     reads everything, runs analytics and stress; edits no enterprise's records; of the
//               joint promotion, the aggregate KPIs only
//   bureau of P as an analyst on the chain; its own leads in full, other places' leads' investor,
//               components, stage and place only (never amounts, contacts, notes); P's policies
//   coordinator as an analyst on the chain; every lead in full; arbitrates clashes; the pilot's settings
//   admin       everything
// R&D and testing services: anyone sees the services; signed-in accounts see open service requests, whose
// requester — when the request is anonymous — only the requester's own members see, and after the
// requester accepts a provider's interest that provider's members too (no other role, admins included);
// contacts only those two sides. A booking's booker and request are shown as its request's requester is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/account.h"
#include "core/audit.h"
#include "core/model.h"
#include "core/promotion.h"
#include "core/services.h"

namespace chainscope {

/// The caller of one request, as authentication found it.
struct Principal {
  std::int64_t user_id = 0;  // 0: anonymous
  std::string email;         // empty when anonymous
  AccountRole role = AccountRole::kMember;
  std::string enterprise;         // a member's enterprise id
  std::string place;              // a bureau's place code
  bool enterprise_admin = false;  // a member who reads its enterprise's audit trail
  std::int64_t credential_id = 0;
  Credential::Kind via = Credential::Kind::kSession;
  std::string request_id = {};  // the request this principal made (X-Request-Id), for the audit trail
  std::string client = {};      // its address

  bool signed_in() const { return user_id != 0; }
  bool is_admin() const { return signed_in() && role == AccountRole::kAdmin; }
  bool is_member() const { return signed_in() && role == AccountRole::kMember; }
  /// Reads every enterprise's confidential data: analysts, bureaus, coordinators and admins.
  bool reads_all() const { return signed_in() && role != AccountRole::kMember; }
  bool is_bureau() const { return signed_in() && role == AccountRole::kBureau; }
  /// Sees every lead and arbitrates: coordinators and admins.
  bool coordinates() const {
    return signed_in() && (role == AccountRole::kCoordinator || role == AccountRole::kAdmin);
  }
  /// "anonymous" or the email, for logs and the audit trail.
  std::string Label() const { return signed_in() ? email : "anonymous"; }
};

/// The audit trail's view of `p` (actor, enterprise, request id, client); `action` empty lets the store
/// name the action from what it writes.
AuditContext AuditOf(const Principal& p, std::string action = {});

/// Whoever runs the CLI on the store's machine: it opens the database itself, so it reads everything.
Principal LocalOperator();

/// A route's permission (the route table's column).
enum class Access {
  kPublic,         // anyone, signed in or not
  kSignedIn,       // any account; what it sees is filtered by the visibility rules below
  kOwner,          // writes an enterprise's own records: members (MayEdit decides which) and admins
  kAnalyst,        // staff (analysts, bureaus, coordinators) and admins: chain-wide analytics, stress tests
  kAdmin,          // admins: accounts, imports, the audit log
  kPromotion,      // bureaus, coordinators and admins: the lead registry
  kPromotionKpis,  // the above and analysts: the pilot's aggregate KPIs
  kCoordinator,    // coordinators and admins: arbitration, the pilot's settings
};
std::string_view ToString(Access a);

/// Throws ServiceError: kUnauthorized (401) when `p` is anonymous and the route is not public, kForbidden
/// (403) when the role may not use it.
void Authorize(Access route, const Principal& p);

/// Whether `p` sees enterprise `enterprise`'s confidential data: prices, volumes, capacities, committed
/// volume, customers, suppliers, links, vehicle-line volumes, closed records.
bool SeesPrivate(const Principal& p, std::string_view enterprise);
/// A supply link is confidential to its two parties.
bool SeesLink(const Principal& p, std::string_view buyer, std::string_view supplier);
/// Open demands and offers are public (their public part); closed ones only to their owner.
bool SeesRecord(const Principal& p, const Demand& d);
bool SeesRecord(const Principal& p, const Offer& o);
/// An offer's price: when its supplier published it, or to the supplier itself.
bool SeesOfferPrice(const Principal& p, const Offer& o);
/// A response to a demand, and a deal, are confidential to their buyer and supplier.
bool SeesDealings(const Principal& p, std::string_view buyer, std::string_view supplier);
/// Writes records owned by `enterprise`: its members and admins. Others get 404 for its private records
/// (not 403, so ids of records they cannot see do not leak).
bool MayEdit(const Principal& p, std::string_view enterprise);

/// A lead in full (amounts, capacity, jobs, contacts, notes, its timeline): coordinators and admins, and
/// the bureau of a place it belongs to (its own, or one with a share of the co-built project). Other
/// bureaus see its investor, components, stage and place only; analysts and members no lead at all.
bool SeesLeadInFull(const Principal& p, const Lead& lead);

/// Whether `p` is a member of `enterprise` (not an admin acting for it).
bool IsMemberOf(const Principal& p, std::string_view enterprise);
/// The requester of a service request: anyone signed in for a named request; for an anonymous one its own
/// members, and after acceptance the accepted provider's members.
bool SeesRequester(const Principal& p, const ServiceRequest& r);
/// The request at all: open ones everyone signed in; accepted or closed ones its two sides and staff.
bool SeesServiceRequest(const Principal& p, const ServiceRequest& r);
/// The contacts (who posted the request, who expressed the accepted interest): the requester's members and,
/// after acceptance, the accepted provider's.
bool SeesRequestContacts(const Principal& p, const ServiceRequest& r);
/// An interest in a request: the requester's members (every interest), the provider's members (its own),
/// staff.
bool SeesInterest(const Principal& p, const ServiceRequest& r, const ServiceInterest& i);
/// Who booked a slot and for which request: the booker's and the provider's members, and staff unless the
/// request is anonymous; `request` null when the booking names none. Others see the slot as busy.
bool SeesBooker(const Principal& p, const Booking& b, const ServiceRequest* request);

/// Two principals of one class see identical views: "public", "all" (analysts, admins) or "member:E".
/// Cached views are keyed by it.
std::string ViewClass(const Principal& p);

}  // namespace chainscope
