// view: accounts, credentials, the audit trail, notices, webhooks and deliveries as the API shows them —
// never a secret's hash, a sealed webhook secret or a password.
#pragma once

#include <boost/json/object.hpp>

#include "core/account.h"
#include "core/audit.h"
#include "core/inbox.h"
#include "core/network.h"
#include "service/access.h"

namespace chainscope {

/// {"id", "email", "role", "enterprise" (null for staff), "enterprise_admin", "disabled", "created_at",
/// "enterprise_name(_zh)" when the enterprise is in the chain}.
boost::json::object UserJson(const User& u, const Network& net);
/// The signed-in principal: UserJson without disabled and created_at, with "signed_in_with".
boost::json::object MeJson(const Principal& p, const Network& net);
/// A token or session: {"id", "name", "created_at", "expires_at", "last_used_at", "revoked"}.
boost::json::object CredentialJson(const Credential& c);
/// One row of the audit trail, its before and after as JSON values.
boost::json::object AuditRowJson(const AuditRecord& r);
boost::json::object NoticeJson(const Notification& n);
boost::json::object WebhookJson(const Webhook& w);
boost::json::object DeliveryJson(const WebhookDelivery& d);

}  // namespace chainscope
