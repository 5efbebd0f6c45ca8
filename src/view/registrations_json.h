// view: registrations as JSON — the applicant's answer (its id, status and the records it may be), the
// review queue's entries (with a claim's differences side by side), and an account made with its one-time
// link (shown once).
#pragma once

#include <boost/json/object.hpp>

#include "core/network.h"
#include "service/registrations.h"

namespace chainscope {

/// {id, status, created_at, name_zh, name_en, uscc, place, place_name, place_name_zh, role, components,
/// applicant_name, applicant_email, claim, licence {type, bytes} | null, decided_at, decided_by, reason,
/// enterprise, proposed_claims[{enterprise, name, name_zh, score, reasons, reason_codes}],
/// differences[{field, registered, stored}]}.
boost::json::object RegistrationJson(const Network& net, const RegistrationReview& r);
/// What the applicant sees: {id, status, proposed_claims}.
boost::json::object SubmittedRegistrationJson(const RegistrationReview& r);
/// {enterprise, user, set_password_link, expires_at}.
boost::json::object AccountWithLinkJson(const AccountWithLink& a, const Network& net);

}  // namespace chainscope
