#include "service/access.h"

#include <fmt/format.h>

#include "service/errors.h"

namespace chainscope {

std::string_view ToString(Access a) {
  switch (a) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed-in";
    case Access::kOwner:
      return "owner";
    case Access::kAnalyst:
      return "analyst";
    case Access::kAdmin:
      return "admin";
    case Access::kPromotion:
      return "bureau or coordinator";
    case Access::kPromotionKpis:
      return "bureau, coordinator or analyst";
    case Access::kCoordinator:
      return "coordinator";
  }
  return "admin";
}

Principal LocalOperator() {
  Principal p;
  p.user_id = -1;
  p.email = "local operator";
  p.role = AccountRole::kAdmin;
  return p;
}

AuditContext AuditOf(const Principal& p, std::string action) {
  AuditContext c;
  c.actor = p.Label();
  c.enterprise = p.enterprise;
  c.request_id = p.request_id;
  c.client = p.client;
  c.action = std::move(action);
  return c;
}

void Authorize(Access route, const Principal& p) {
  if (route == Access::kPublic) return;
  if (!p.signed_in())
    throw ServiceError(
        ErrorCode::kUnauthorized,
        "sign in first (POST /api/v1/auth/login) or send an API token (Authorization: Bearer …)");
  bool allowed = false;
  switch (route) {
    case Access::kPublic:
    case Access::kSignedIn:
      allowed = true;
      break;
    case Access::kOwner:
      allowed = p.role == AccountRole::kMember || p.role == AccountRole::kAdmin;
      break;
    case Access::kAnalyst:
      allowed = p.role != AccountRole::kMember;
      break;
    case Access::kAdmin:
      allowed = p.role == AccountRole::kAdmin;
      break;
    case Access::kPromotion:
      allowed = p.is_bureau() || p.coordinates();
      break;
    case Access::kPromotionKpis:
      allowed = p.is_bureau() || p.coordinates() || p.role == AccountRole::kAnalyst;
      break;
    case Access::kCoordinator:
      allowed = p.coordinates();
      break;
  }
  if (!allowed)
    throw ServiceError(ErrorCode::kForbidden,
                       fmt::format("this needs the {} role; you are signed in as {} ({})",
                                   route == Access::kOwner ? "member or admin" : ToString(route), p.email,
                                   ToString(p.role)));
}

bool SeesPrivate(const Principal& p, std::string_view enterprise) {
  if (p.reads_all()) return true;
  return p.is_member() && !p.enterprise.empty() && p.enterprise == enterprise;
}

bool SeesLink(const Principal& p, std::string_view buyer, std::string_view supplier) {
  return SeesPrivate(p, buyer) || SeesPrivate(p, supplier);
}

bool SeesRecord(const Principal& p, const Demand& d) {
  return d.open || SeesPrivate(p, d.buyer);
}

bool SeesRecord(const Principal& p, const Offer& o) {
  return o.open || SeesPrivate(p, o.supplier);
}

bool SeesOfferPrice(const Principal& p, const Offer& o) {
  return o.price_public || SeesPrivate(p, o.supplier);
}

bool SeesDealings(const Principal& p, std::string_view buyer, std::string_view supplier) {
  return SeesLink(p, buyer, supplier);
}

bool MayEdit(const Principal& p, std::string_view enterprise) {
  if (p.is_admin()) return true;
  return p.is_member() && !p.enterprise.empty() && p.enterprise == enterprise;
}

bool SeesLeadInFull(const Principal& p, const Lead& lead) {
  if (p.coordinates()) return true;
  return p.is_bureau() && !p.place.empty() && lead.ShareOf(p.place) > 0;
}

bool IsMemberOf(const Principal& p, std::string_view enterprise) {
  return p.is_member() && !p.enterprise.empty() && p.enterprise == enterprise;
}

bool SeesRequester(const Principal& p, const ServiceRequest& r) {
  if (!p.signed_in()) return false;
  if (!r.anonymous) return true;
  return IsMemberOf(p, r.requester) || (!r.accepted_provider.empty() && IsMemberOf(p, r.accepted_provider));
}

bool SeesServiceRequest(const Principal& p, const ServiceRequest& r) {
  if (!p.signed_in()) return false;
  if (r.status == RequestStatus::kOpen || p.reads_all() || IsMemberOf(p, r.requester)) return true;
  return !r.accepted_provider.empty() && IsMemberOf(p, r.accepted_provider);
}

bool SeesRequestContacts(const Principal& p, const ServiceRequest& r) {
  return IsMemberOf(p, r.requester) || (!r.accepted_provider.empty() && IsMemberOf(p, r.accepted_provider));
}

bool SeesInterest(const Principal& p, const ServiceRequest& r, const ServiceInterest& i) {
  return p.reads_all() || IsMemberOf(p, r.requester) || IsMemberOf(p, i.provider);
}

bool SeesBooker(const Principal& p, const Booking& b, const ServiceRequest* request) {
  if (IsMemberOf(p, b.booker) || IsMemberOf(p, b.provider)) return true;
  return p.reads_all() && (request == nullptr || !request->anonymous);
}

std::string ViewClass(const Principal& p) {
  if (!p.signed_in()) return "public";
  if (p.reads_all()) return "all";
  return "member:" + p.enterprise;
}

}  // namespace chainscope
