// core: enterprises registering themselves — an application (the company's names, credit code, place, role
// and components, the applicant, optionally the record it claims and its business licence scan) that an
// administrator approves or rejects — and the one-time links that let a new account set its password.
// Only a one-time link's hash is kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope {

/// What an applicant says its company is.
inline constexpr std::string_view kRegistrationRoles[] = {"oem", "supplier", "institute"};

struct Registration {
  std::int64_t id = 0;             // allocated by the store
  std::string created_at;          // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string status = "pending";  // pending, approved or rejected
  std::string name_zh, name_en;
  std::string uscc;  // canonical
  std::string place;
  std::string role;  // kRegistrationRoles
  std::vector<std::string> components;
  std::string applicant_name, applicant_email;  // the email normalized
  std::string claim;                            // the id of the enterprise it claims, or empty
  std::string client;                           // the address it came from
  std::string licence_type;                     // application/pdf, image/png, image/jpeg; empty: none
  std::int64_t licence_bytes = 0;
  std::string decided_at, decided_by, reason;  // once decided
  std::string enterprise;                      // approved: the enterprise created or claimed
  std::int64_t user_id = 0;                    // approved: the account made
};

/// A link that sets an account's password once (an approved registration's, an invitation's).
struct OneTimeToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string purpose = "set_password";
  std::string token_hash;  // of the secret in the link
  std::string created_at, expires_at, used_at;
};

/// How long a set-password link works.
inline constexpr int kOneTimeLinkHours = 72;
/// The password hash of an account whose password is not set yet: no password verifies against it.
inline constexpr std::string_view kPasswordNotSet = "!not-set";

}  // namespace chainscope
