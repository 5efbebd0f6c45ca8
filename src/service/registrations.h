// service: real enterprises coming in by themselves — an anonymous registration (checked at the door: the
// credit code by GB 32100/GB 11714, the place, the role, the components, the applicant's e-mail, the
// licence scan by its content and size), rate-limited per address; the administrators' review queue with
// the records it may be (an equal credit code, the duplicate scorer's pairs) and a claim's differences side
// by side; approval, which creates or claims the enterprise and makes its administrator's account with a
// one-time set-password link; rejection with a reason; invitations of colleagues by an enterprise's
// administrator; the set-password link used once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account.h"
#include "core/message.h"
#include "core/registration.h"
#include "service/access.h"
#include "service/mailer.h"

namespace chainscope {

class Platform;

/// The most a licence scan may be, and what it may be (PDF, PNG, JPEG, recognised by their first bytes).
inline constexpr std::size_t kMaxLicenceBytes = 5u << 20;
/// Registrations one address may send an hour (a burst of this many, then one every 12 minutes).
inline constexpr double kRegistrationsPerHour = 5;

struct RegistrationInput {
  std::string name_zh, name_en, uscc, place, role;
  std::vector<std::string> components;
  std::string applicant_name, applicant_email, claim;
  std::string_view licence;  // the scan's bytes; empty: none
};

/// A record the registration may be: the enterprise, its score (1 for an equal credit code) and why.
struct ProposedClaim {
  std::string enterprise, name, name_zh;
  double score = 0;
  std::vector<Message> reasons;
};
/// One field of a claim as registered and as the claimed record has it.
struct ClaimDifference {
  std::string field, registered, stored;
};
struct RegistrationReview {
  Registration registration;
  std::vector<ProposedClaim> proposed;
  std::vector<ClaimDifference> differences;  // of the claim, when there is one
};

/// The content type of a licence scan by its first bytes: application/pdf, image/png or image/jpeg; empty
/// when it is none of them.
std::string_view LicenceTypeOf(std::string_view bytes);

/// Checks and stores a registration from anyone (who: its address for the rate limit and the audit).
/// Throws InvalidInput naming the field, ServiceError kTooManyRequests past the address's rate, Conflict
/// when one for the credit code is pending. Returns it with the records it may be.
RegistrationReview SubmitRegistration(Platform& platform, const Principal& who, const RegistrationInput& in);

/// The queue (status: pending, approved, rejected or empty for all), oldest first. Admins only.
std::vector<RegistrationReview> ReviewRegistrations(Platform& platform, const Principal& who,
                                                    std::string_view status);
/// The licence scan: (content type, bytes). Admins only; NotFound when there is none.
std::pair<std::string, std::string> RegistrationLicence(Platform& platform, const Principal& who,
                                                        std::int64_t id);

/// An account made with a one-time link to set its password: the link's path ("/set-password?token=…"),
/// shown once.
struct AccountWithLink {
  Registration registration;  // for an approval
  User user;
  std::string set_password_link;
  std::string expires_at;
  bool emailed = false;  // sent to the account's address through the relay (when one is configured)
};
/// Approves a pending registration (admins): a new enterprise, or the claimed one; its administrator's
/// account (the applicant, password not set) and the link. Throws as Store::ApproveRegistration.
/// With `mail` naming a relay, the link is also e-mailed to the applicant (a failure is logged, the
/// approval stands: `emailed` says which).
AccountWithLink ApproveRegistration(Platform& platform, const Principal& who, std::int64_t id,
                                    const MailOptions* mail = nullptr);
/// Rejects a pending registration with a reason (1–500 characters). Admins only.
Registration RejectRegistration(Platform& platform, const Principal& who, std::int64_t id,
                                std::string_view reason);

/// An enterprise's administrator (or an admin, naming the enterprise) invites a colleague: a member account
/// of the enterprise without a password, and its link.
AccountWithLink InviteColleague(Platform& platform, const Principal& who, std::string_view email,
                                std::string_view enterprise, const MailOptions* mail = nullptr);

/// An enterprise's profile as its administrator (or an admin) edits it: each field given replaces the
/// stored one.
struct ProfileChange {
  std::optional<std::string> name, name_zh, place, park, uscc;
  std::optional<std::vector<std::string>> certifications;
  std::optional<std::int64_t> employees;
};
/// Checks and writes the change (one audited transaction; Conflict when the record changed meanwhile or the
/// credit code is another's). Admins, or the enterprise's administrator.
void EditEnterpriseProfile(Platform& platform, const Principal& who, std::string_view enterprise,
                           const ProfileChange& change);

/// The accounts of `who`'s enterprise, for its administrator (others: 403).
std::vector<User> Colleagues(Platform& platform, const Principal& who);
/// An enterprise's administrator disables (its sessions and tokens stop at once) or enables a colleague's
/// account — one of its enterprise, not its own. NotFound for an account of another enterprise.
User SetColleagueDisabled(Platform& platform, const Principal& who, std::int64_t user_id, bool disabled);

/// Sets the password of the link's account (the policy of service/passwords.h) and spends the link.
/// NotFound when the link is unknown, used, expired or its account disabled.
User SetPasswordByLink(Platform& platform, const Principal& who, std::string_view token,
                       std::string_view password);

}  // namespace chainscope
