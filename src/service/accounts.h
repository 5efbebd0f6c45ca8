// service: signing in and out, sessions and API tokens — who a request comes from. Passwords are checked
// with Argon2id (service/passwords); a session or token is a random secret of which only a hash is stored
// (service/secrets), looked up on every request, so revoking it or disabling its account takes effect at
// once, on every server sharing the store. Failed sign-ins are limited per client address and per account.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "service/access.h"
#include "service/rate_limit.h"
#include "store/store.h"

namespace chainscope {

struct AccountsOptions {
  int session_hours = 12;                  // a session lasts this long from sign-in
  int max_token_days = 366;                // the longest a token may be issued for
  double login_failures_per_address = 10;  // burst, refilled over login_window_minutes
  double login_failures_per_account = 5;
  int login_window_minutes = 15;
};

/// An account to add, as an administrator gives it (the CLI's flags, the API's body).
struct NewAccount {
  std::string email = {};
  std::string role = {};        // admin, analyst, member, bureau or coordinator
  std::string enterprise = {};  // a member's enterprise id
  std::string place = {};       // a bureau's place code
  std::string password = {};
  bool enterprise_admin = false;  // a member who reads its enterprise's audit trail
};

/// A new secret, shown once to whoever asked for it.
struct IssuedSecret {
  Credential credential;  // as stored (the hash only)
  std::string secret;     // the cookie value or bearer token
};

/// How long an authenticated credential is trusted without reading the store again, and how many are kept.
inline constexpr std::chrono::seconds kCredentialRecheck{1};
inline constexpr std::size_t kKnownCredentials = 100'000;

class Accounts {
 public:
  explicit Accounts(Store& store, AccountsOptions options = {});

  /// Signs in: a new session for the account. Throws ServiceError kUnauthorized ("wrong email or
  /// password" — the same for an unknown email, a wrong password and a disabled account) or
  /// kTooManyRequests with the seconds to wait, once `client` or the account failed too often.
  /// `caller` is the anonymous principal of the request: its client address is what failures are counted
  /// against, and it and the request id go to the audit trail (auth.login, auth.login_failed).
  IssuedSecret Login(std::string_view email, std::string_view password, const Principal& caller);
  /// The principal of a session or token secret; nullopt when it is unknown, revoked, expired, or its
  /// account is disabled or gone. Records its use (at most once a minute per credential).
  /// A known credential is read from the store at most once per kCredentialRecheck: a revocation or an
  /// account change through this store object is seen at once (Store::AccountsEpoch), one through
  /// another server or process within kCredentialRecheck.
  std::optional<Principal> Authenticate(std::string_view secret);
  /// Revokes the credential the principal signed in with (sign-out).
  void Logout(const Principal& p);

  /// A new API token of the principal's account; `name` 1–64 characters, `expires_days` 1–max_token_days.
  IssuedSecret IssueToken(const Principal& p, std::string_view name, int expires_days);
  /// The account's tokens, newest first (sessions are not listed).
  std::vector<Credential> Tokens(const Principal& p);
  /// Revokes one of the account's tokens; NotFound for any other id.
  void RevokeToken(const Principal& p, std::int64_t id);

  /// Account administration (the CLI's `user` commands and the admin API). AddUser: Argon2id of a
  /// password that passes the policy; InvalidInput for a bad email, role or enterprise, Conflict for a
  /// taken email. SetDisabled and ResetPassword revoke every session and token of the account at once.
  /// `by`: who does it, for the audit trail.
  User AddUser(const NewAccount& account, const Principal& by = LocalOperator());
  User SetDisabled(std::string_view email, bool disabled, const Principal& by = LocalOperator());
  void ResetPassword(std::string_view email, std::string_view password,
                     const Principal& by = LocalOperator());

  /// Records a refused request (request.denied: `request` is "METHOD /path") with its reason, naming `who`
  /// (its request id and client address too). A failure to record is logged, never thrown: the refusal
  /// stands either way.
  void RecordDenied(const Principal& who, std::string_view request, std::string_view reason);

  /// Every account, by id; one account (NotFound for an unknown id). Platform administrators only.
  std::vector<User> List(const Principal& by);
  User Get(const Principal& by, std::int64_t id);

  /// A page of the audit trail as `by` may read it: a platform administrator all of it; a member who is its
  /// enterprise's administrator the rows of its own enterprise's members (Forbidden for anyone else).
  /// `filter` as NormalizedAuditFilter reads it (`name` spells a parameter in its errors). `total` receives
  /// how many pass before paging.
  std::vector<AuditRecord> AuditTrail(const Principal& by, AuditQuery filter, std::size_t* total,
                                      const std::function<std::string(std::string_view)>& name);

  const AccountsOptions& options() const { return options_; }

 private:
  Store& store_;
  AccountsOptions options_;
  RateLimiter failures_by_address_, failures_by_account_;
  struct KnownCredential {
    Credential credential;
    User user;
    std::uint64_t epoch = 0;  // Store::AccountsEpoch before it was read
    std::chrono::steady_clock::time_point read_at;
  };
  std::shared_mutex known_mutex_;
  std::unordered_map<std::string, KnownCredential> known_;  // by secret hash; at most kKnownCredentials
  std::mutex touched_mutex_;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> touched_;  // credential → last recorded use
};

/// An audit filter as a person writes it, as the store compares it: the actor an email (normalised),
/// "anonymous" or "local operator"; since YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, else InvalidInput naming it as
/// `name` spells it ("query parameter 'since'", "--since"). The API's trail and the CLI's both read it.
AuditQuery NormalizedAuditFilter(AuditQuery filter, const std::function<std::string(std::string_view)>& name);

/// UTC time as the store keeps it: YYYY-MM-DDTHH:MM:SSZ.
std::string UtcTimestamp(std::chrono::system_clock::time_point t = std::chrono::system_clock::now());

}  // namespace chainscope
