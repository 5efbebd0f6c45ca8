// cli: `chainscope user add|list|disable|enable|reset-password` — platform accounts. A password is only
// ever read from standard input (--password-stdin), never from the command line, and only its Argon2id
// hash is stored. `chainscope audit verify|list` — the audit trail of every write.
#include <fmt/format.h>

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/account.h"
#include "core/model.h"
#include "service/accounts.h"
#include "service/database.h"
#include "service/params.h"

namespace chainscope::cli {
namespace {

/// The first line of standard input, without its line end.
std::string PasswordFromStdin(bool allowed) {
  if (!allowed) throw InvalidInput("give the password on standard input with --password-stdin");
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int Users(const UserOptions& o) {
  Database db(o.db);
  Accounts& accounts = db.accounts();
  if (o.action == "add") {
    if (o.email.empty()) throw InvalidInput("--email is required");
    if (!ParseAccountRole(o.role))
      throw InvalidInput(
          fmt::format("--role: '{}' is not admin, analyst, member, bureau or coordinator", o.role));
    const User u = accounts.AddUser({.email = o.email,
                                     .role = o.role,
                                     .enterprise = o.enterprise,
                                     .place = o.place,
                                     .password = PasswordFromStdin(o.password_stdin),
                                     .enterprise_admin = o.enterprise_admin});
    fmt::print("added {} ({}{}{}{}), id {}\n", u.email, ToString(u.role),
               u.enterprise.empty() ? "" : ", enterprise " + u.enterprise,
               u.place.empty() ? "" : ", place " + u.place, u.enterprise_admin ? ", its administrator" : "",
               u.id);
    return 0;
  }
  if (o.action == "list") {
    for (const User& u : db.Users())
      fmt::print("{:>4}  {:<36} {:<11} {:<16} {:<9} {}\n", u.id, u.email, ToString(u.role),
                 !u.enterprise.empty() ? u.enterprise
                 : !u.place.empty()    ? u.place
                                       : "-",
                 u.disabled ? "disabled" : "active", u.created_at);
    return 0;
  }
  if (o.email.empty()) throw InvalidInput("--email is required");
  if (o.action == "disable" || o.action == "enable") {
    accounts.SetDisabled(o.email, o.action == "disable");
    fmt::print("{} {}d\n", NormalizeEmail(o.email), o.action);
    return 0;
  }
  if (o.action == "reset-password") {
    accounts.ResetPassword(o.email, PasswordFromStdin(o.password_stdin));
    fmt::print("password of {} reset\n", NormalizeEmail(o.email));
    return 0;
  }
  throw InvalidInput(
      fmt::format("unknown action '{}' (add, list, disable, enable, reset-password)", o.action));
}

int Audit(const AuditOptions& o) {
  const Database db(o.db);
  if (o.action == "verify") {
    const AuditVerification v = db.VerifyAudit();
    if (v.ok()) {
      fmt::print("audit trail intact: {} rows, every hash and link holds\n", v.rows);
      return 0;
    }
    fmt::print("audit trail BROKEN at row {}: {} ({} rows read)\n", v.first_bad_id, v.problem, v.rows);
    return 1;
  }
  if (o.action == "list") {
    AuditQuery q;
    q.entity = o.entity;
    q.actor = o.actor;
    q.since = o.since;
    q.limit = o.limit;
    for (const AuditRecord& r : db.AuditTrail(q, Params::FlagNames()))
      fmt::print("{:>6}  {}  {:<28} {:<22} {:<24} {}\n", r.id, r.at, r.by.actor, r.by.action, r.entity,
                 r.by.request_id.empty() ? "" : "request " + r.by.request_id);
    return 0;
  }
  throw InvalidInput(fmt::format("unknown action '{}' (verify, list)", o.action));
}

int Promotion(const PromotionOptions& o) {
  Database db(o.db);
  if (o.if_empty && db.PromotionRegistryHasLeads()) {
    fmt::print("the lead registry has leads: nothing added\n");
    return 0;
  }
  const std::size_t leads = db.SeedPromotionDemo();
  fmt::print("added the demonstration registry: {} leads and the pilot places' policies (synthetic)\n",
             leads);
  return 0;
}

}  // namespace chainscope::cli
