// view: the schemas of registrations, their review and one-time links (view/registrations_json.h).
#include <boost/json.hpp>

#include "view/schema_parts.h"

namespace chainscope::schema_parts {
namespace json = boost::json;

void AddRegistrationSchemas(json::object& s) {
  s["ProposedClaim"] = Object({{"enterprise", String()},
                               {"name", String()},
                               {"name_zh", String()},
                               {"score", Fraction()},
                               {"reasons", Array(String())},
                               {"reason_codes", Array(Ref("Reason"))}});
  s["SubmittedRegistration"] = Object(
      {{"id", Integer(1)}, {"status", Enum({"pending"})}, {"proposed_claims", Array(Ref("ProposedClaim"))}});
  s["Registration"] = Object(
      Join(Join({{"id", Integer(1)},
                 {"status", Enum({"pending", "approved", "rejected"})},
                 {"created_at", Time()},
                 {"name_zh", String()},
                 {"name_en", Nullable(String())},
                 {"uscc", String()},
                 {"place", String()}},
                Names("place")),
           {{"role", Enum({"oem", "supplier", "institute"})},
            {"components", Ids()},
            {"applicant_name", String()},
            {"applicant_email", String()},
            {"claim", Nullable(String())},
            {"licence", Nullable(Object({{"type", Enum({"application/pdf", "image/png", "image/jpeg"})},
                                         {"bytes", Count()}}))},
            {"decided_at", Nullable(Time())},
            {"decided_by", Nullable(String())},
            {"reason", Nullable(String())},
            {"enterprise", Nullable(String())},
            {"proposed_claims", Array(Ref("ProposedClaim"))},
            {"differences",
             Array(Object({{"field", String()}, {"registered", String()}, {"stored", String()}}))}}));
  s["RegistrationList"] = Object({{"items", Array(Ref("Registration"))}});
  s["AccountWithLink"] = Object({{"enterprise", String()},
                                 {"user", Ref("User")},
                                 {"set_password_link", String("The path of the one-time link, shown once")},
                                 {"expires_at", Time()},
                                 {"emailed", Boolean()}});
  s["LicenceScan"] = String("The scan's bytes (application/pdf, image/png or image/jpeg), as an attachment");
  s["PasswordSet"] = Object({{"email", String()}, {"password_set", Boolean()}});
}

}  // namespace chainscope::schema_parts
