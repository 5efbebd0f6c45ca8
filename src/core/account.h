// core: platform accounts — who may sign in, with which role, for which enterprise. Secrets are never held
// here in clear: `password_hash` is an Argon2id string (service/passwords).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chainscope {

/// admin: everything (users, imports, audit); analyst: bureau staff, reads everything, edits no
/// enterprise's records; member: belongs to one enterprise and sees and edits only what is its own;
/// bureau: the investment-promotion bureau of one place (reads the chain like an analyst, keeps its own
/// leads); coordinator: the pilot's joint office (every lead, arbitration).
enum class AccountRole { kAdmin, kAnalyst, kMember, kBureau, kCoordinator };
inline constexpr AccountRole kAccountRoles[] = {AccountRole::kAdmin, AccountRole::kAnalyst,
                                                AccountRole::kMember, AccountRole::kBureau,
                                                AccountRole::kCoordinator};

std::string_view ToString(AccountRole r);
std::optional<AccountRole> ParseAccountRole(std::string_view text);

struct User {
  std::int64_t id = 0;  // allocated by the store
  std::string email;    // normalized: trimmed, lower case
  AccountRole role = AccountRole::kMember;
  std::string enterprise;  // a member's enterprise id; empty for every other role
  std::string place;       // a bureau's place code; empty for every other role
  bool disabled = false;
  bool enterprise_admin = false;  // a member who administers its enterprise: reads its audit trail
  std::string password_hash;      // Argon2id (crypto_pwhash_str), never the password
  std::string created_at;         // UTC, YYYY-MM-DDTHH:MM:SSZ
};

/// A sign-in session (a cookie) or an API token (a bearer header). Only a hash of its secret is stored;
/// the secret itself is shown once, when it is issued. Times are UTC, YYYY-MM-DDTHH:MM:SSZ.
struct Credential {
  enum class Kind { kSession, kToken };
  std::int64_t id = 0;  // allocated by the store
  std::int64_t user_id = 0;
  Kind kind = Kind::kSession;
  std::string name;  // a token's name, chosen by its owner; empty for sessions
  std::string secret_hash;
  std::string created_at, expires_at, last_used_at;
  bool revoked = false;
};

std::string_view ToString(Credential::Kind k);

/// The email as stored and compared: trimmed and lower-cased; throws InvalidInput ("field 'email': …")
/// unless it is one local part, '@', and a dotted domain, 3–254 characters without spaces or controls.
std::string NormalizeEmail(std::string_view email);

/// Throws InvalidInput unless the role, enterprise and place agree: a member has exactly one enterprise, a
/// bureau exactly one place, every other role neither.
void CheckUserShape(const User& u);

}  // namespace chainscope
