#include "view/registrations_json.h"

#include <boost/json.hpp>

#include "view/accounts_json.h"
#include "view/json_out.h"

namespace chainscope {
namespace json = boost::json;
namespace {

json::array ClaimsJson(const std::vector<ProposedClaim>& claims) {
  json::array out;
  for (const ProposedClaim& c : claims) {
    json::object o{
        {"enterprise", c.enterprise}, {"name", c.name}, {"name_zh", c.name_zh}, {"score", c.score}};
    PutMessages(o, "reasons", "reason_codes", c.reasons);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

json::object RegistrationJson(const Network& net, const RegistrationReview& review) {
  const Registration& r = review.registration;
  json::array components, differences;
  for (const std::string& c : r.components) components.emplace_back(json::string(c));
  for (const ClaimDifference& d : review.differences)
    differences.push_back(
        json::object{{"field", d.field}, {"registered", d.registered}, {"stored", d.stored}});
  json::object o{{"id", r.id},
                 {"status", r.status},
                 {"created_at", r.created_at},
                 {"name_zh", r.name_zh},
                 {"name_en", TextOrNull(r.name_en)},
                 {"uscc", r.uscc},
                 {"role", r.role},
                 {"components", std::move(components)},
                 {"applicant_name", r.applicant_name},
                 {"applicant_email", r.applicant_email},
                 {"claim", TextOrNull(r.claim)},
                 {"licence", r.licence_type.empty() ? json::value(nullptr)
                                                    : json::value(json::object{{"type", r.licence_type},
                                                                               {"bytes", r.licence_bytes}})},
                 {"decided_at", TextOrNull(r.decided_at)},
                 {"decided_by", TextOrNull(r.decided_by)},
                 {"reason", TextOrNull(r.reason)},
                 {"enterprise", TextOrNull(r.enterprise)},
                 {"proposed_claims", ClaimsJson(review.proposed)},
                 {"differences", std::move(differences)}};
  o["place"] = r.place;
  PutPlaceNames(o, net, r.place);
  return o;
}

json::object SubmittedRegistrationJson(const RegistrationReview& r) {
  return json::object{{"id", r.registration.id},
                      {"status", r.registration.status},
                      {"proposed_claims", ClaimsJson(r.proposed)}};
}

json::object AccountWithLinkJson(const AccountWithLink& a, const Network& net) {
  return json::object{{"enterprise", a.user.enterprise},
                      {"user", UserJson(a.user, net)},
                      {"set_password_link", a.set_password_link},
                      {"expires_at", a.expires_at},
                      {"emailed", a.emailed}};
}

}  // namespace chainscope
