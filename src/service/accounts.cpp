#include "service/accounts.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cctype>

#include "io/csv.h"
#include "service/errors.h"
#include "service/log.h"
#include "service/passwords.h"
#include "service/secrets.h"

namespace chainscope {
namespace {

constexpr std::string_view kWrongCredentials = "wrong email or password";

/// A hash to verify against when the email is unknown, so that an unknown email takes as long as a wrong
/// password and response times do not tell which accounts exist.
const std::string& DecoyHash() {
  static const std::string hash = HashPassword("decoy password, never valid");
  return hash;
}

Principal PrincipalOf(const User& u, const Credential& c) {
  Principal p;
  p.user_id = u.id;
  p.email = u.email;
  p.role = u.role;
  p.enterprise = u.enterprise;
  p.place = u.place;
  p.enterprise_admin = u.enterprise_admin;
  p.credential_id = c.id;
  p.via = c.kind;
  return p;
}

}  // namespace

std::string UtcTimestamp(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

Accounts::Accounts(Store& store, AccountsOptions options)
    : store_(store),
      options_(options),
      // Counted in the store: every server on it sees the same failures.
      failures_by_address_(options.login_failures_per_address,
                           options.login_failures_per_address / (options.login_window_minutes * 60.0), 0,
                           &store),
      failures_by_account_(options.login_failures_per_account,
                           options.login_failures_per_account / (options.login_window_minutes * 60.0), 0,
                           &store) {}

IssuedSecret Accounts::Login(std::string_view email, std::string_view password, const Principal& caller) {
  const std::string_view client = caller.client;
  std::string normalized;
  try {
    normalized = NormalizeEmail(email);
  } catch (const InvalidInput&) {
    normalized = std::string(email);  // still counted against the address
  }
  const std::string address_key(client), account_key = "account:" + normalized;
  const int wait = std::max(failures_by_address_.Peek(address_key), failures_by_account_.Peek(account_key));
  if (wait > 0)
    throw ServiceError(ErrorCode::kTooManyRequests,
                       fmt::format("too many failed sign-ins; try again in {} s", wait), wait);
  std::optional<User> user;
  if (normalized.find('@') != std::string::npos && normalized.size() <= 254)
    user = store_.FindUser(normalized);
  const bool verified = VerifyPassword(user ? user->password_hash : DecoyHash(), password);
  if (!user || !verified || user->disabled) {
    failures_by_address_.Take(address_key);
    failures_by_account_.Take(account_key);
    // Only an email that passed normalization is named; the reason is not recorded either (the trail
    // must not tell which accounts exist any more than the answer does).
    store_.AppendAudit(AuditOf(caller, "auth.login_failed"),
                       normalized.find('@') != std::string::npos && normalized.size() <= 254
                           ? "user:" + normalized
                           : std::string("user:?"));
    throw ServiceError(ErrorCode::kUnauthorized, std::string(kWrongCredentials));
  }
  failures_by_account_.Reset(account_key);
  IssuedSecret issued;
  issued.secret = IssueSecret(kSessionPrefix);
  issued.credential.user_id = user->id;
  issued.credential.kind = Credential::Kind::kSession;
  issued.credential.secret_hash = SecretHash(issued.secret);
  issued.credential.expires_at =
      UtcTimestamp(std::chrono::system_clock::now() + std::chrono::hours(options_.session_hours));
  Principal signing_in = caller;
  signing_in.email = user->email;
  signing_in.user_id = user->id;
  signing_in.role = user->role;
  signing_in.enterprise = user->enterprise;
  store_.AddCredential(issued.credential, AuditOf(signing_in, "auth.login"));
  return issued;
}

std::optional<Principal> Accounts::Authenticate(std::string_view secret) {
  if (!secret.starts_with(kSessionPrefix) && !secret.starts_with(kTokenPrefix)) return std::nullopt;
  if (secret.size() > 128) return std::nullopt;
  const std::string hash = SecretHash(secret);
  const auto now = std::chrono::steady_clock::now();
  std::optional<std::pair<Credential, User>> found;
  {
    std::shared_lock lock(known_mutex_);
    if (const auto it = known_.find(hash); it != known_.end() && it->second.epoch == store_.AccountsEpoch() &&
                                           now - it->second.read_at < kCredentialRecheck)
      found.emplace(it->second.credential, it->second.user);
  }
  if (!found) {
    const std::uint64_t epoch = store_.AccountsEpoch();  // before the read: a write after it moves it
    found = store_.FindCredentialAndUser(hash);
    if (!found) return std::nullopt;  // unknown secrets are not kept: each is read again
    std::unique_lock lock(known_mutex_);
    if (known_.size() >= kKnownCredentials) known_.clear();
    known_.insert_or_assign(hash, KnownCredential{found->first, found->second, epoch, now});
  }
  const Credential* c = &found->first;
  const User* u = &found->second;
  if (c->revoked || c->expires_at <= UtcTimestamp() || u->disabled) return std::nullopt;
  bool touch = false;
  {
    std::lock_guard lock(touched_mutex_);
    auto [it, inserted] = touched_.try_emplace(c->id, now);
    if (inserted || now - it->second >= std::chrono::minutes(1)) {
      it->second = now;
      touch = true;
    }
    if (touched_.size() > 100'000) touched_.clear();
  }
  if (touch) store_.TouchCredential(c->id);
  return PrincipalOf(*u, *c);
}

void Accounts::Logout(const Principal& p) {
  if (p.credential_id > 0) store_.RevokeCredential(p.credential_id, AuditOf(p, "auth.logout"));
}

IssuedSecret Accounts::IssueToken(const Principal& p, std::string_view name, int expires_days) {
  if (name.empty() || name.size() > 64 || FindInvalidUtf8(name) != std::string_view::npos ||
      name.find_first_of(std::string_view("\0\r\n\t", 4)) != std::string_view::npos)
    throw InvalidInput("field 'name': give the token a name of 1–64 characters on one line");
  if (expires_days < 1 || expires_days > options_.max_token_days)
    throw InvalidInput(fmt::format("field 'expires_days' must be 1–{}", options_.max_token_days));
  IssuedSecret issued;
  issued.secret = IssueSecret(kTokenPrefix);
  issued.credential.user_id = p.user_id;
  issued.credential.kind = Credential::Kind::kToken;
  issued.credential.name = std::string(name);
  issued.credential.secret_hash = SecretHash(issued.secret);
  issued.credential.expires_at =
      UtcTimestamp(std::chrono::system_clock::now() + std::chrono::hours(24) * expires_days);
  store_.AddCredential(issued.credential, AuditOf(p, "token.create"));
  return issued;
}

std::vector<Credential> Accounts::Tokens(const Principal& p) {
  std::vector<Credential> out;
  for (Credential& c : store_.Credentials(p.user_id))
    if (c.kind == Credential::Kind::kToken) out.push_back(std::move(c));
  return out;
}

void Accounts::RevokeToken(const Principal& p, std::int64_t id) {
  for (const Credential& c : store_.Credentials(p.user_id))
    if (c.id == id && c.kind == Credential::Kind::kToken) {
      store_.RevokeCredential(id, AuditOf(p, "token.revoke"));
      return;
    }
  throw NotFound(fmt::format("no token {} of yours", id));
}

User Accounts::AddUser(const NewAccount& account, const Principal& by) {
  const auto parsed = ParseAccountRole(account.role);
  if (!parsed)
    throw InvalidInput(
        fmt::format("field 'role': '{}' is not admin, analyst, member, bureau or coordinator", account.role));
  User u;
  u.email = NormalizeEmail(account.email);
  u.role = *parsed;
  u.enterprise = account.enterprise;
  u.place = account.place;
  u.enterprise_admin = account.enterprise_admin;
  CheckUserShape(u);
  u.password_hash = HashPassword(account.password);
  store_.AddUser(u, AuditOf(by, "user.create"));
  return u;
}

User Accounts::SetDisabled(std::string_view email, bool disabled, const Principal& by) {
  User changed;
  store_.UpdateUser(
      email,
      [&](const User& u) {
        changed = u;
        changed.disabled = disabled;
        return changed;
      },
      AuditOf(by, disabled ? "user.disable" : "user.enable"));
  if (disabled)
    store_.RevokeCredentials(changed.id,
                             AuditOf(by, "user.disable"));  // its sessions and tokens stop at once
  return changed;
}

void Accounts::ResetPassword(std::string_view email, std::string_view password, const Principal& by) {
  const std::string hash = HashPassword(password);
  std::int64_t id = 0;
  store_.UpdateUser(
      email,
      [&](const User& u) {
        User next = u;
        next.password_hash = hash;
        id = u.id;
        return next;
      },
      AuditOf(by, "user.password"));
  store_.RevokeCredentials(id, AuditOf(by, "user.password"));  // a reset signs the account out everywhere
}

namespace {

/// YYYY-MM-DD, optionally followed by THH:MM:SSZ (UTC, as the trail keeps times).
bool IsUtcTimePrefix(std::string_view t) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != 10 && t.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != kShape[i]) return false;
  return true;
}

}  // namespace

void Accounts::RecordDenied(const Principal& who, std::string_view request, std::string_view reason) {
  try {
    store_.AppendAudit(AuditOf(who, "request.denied"), ValidUtf8(fmt::format("request:{}", request)), "null",
                       fmt::format(R"({{"reason":{}}})", JsonQuote(reason)));
  } catch (const std::exception& e) {
    LogEvent(LogLevel::kError,
             fmt::format("request {}: cannot record a denied request in the audit trail: {}", who.request_id,
                         e.what()));
  }
}

std::vector<User> Accounts::List(const Principal& by) {
  Authorize(Access::kAdmin, by);
  return store_.Users();
}

User Accounts::Get(const Principal& by, std::int64_t id) {
  Authorize(Access::kAdmin, by);
  if (std::optional<User> u = store_.UserById(id)) return *u;
  throw NotFound(fmt::format("no account with id {}", id));
}

std::vector<AuditRecord> Accounts::AuditTrail(const Principal& by, AuditQuery filter, std::size_t* total,
                                              const std::function<std::string(std::string_view)>& name) {
  if (!by.is_admin()) {
    if (!by.is_member() || !by.enterprise_admin)
      throw ServiceError(ErrorCode::kForbidden,
                         "the audit trail is for platform administrators, and an enterprise's administrator "
                         "reads its own enterprise's");
    filter.enterprise = by.enterprise;
  }
  return store_.AuditTrail(NormalizedAuditFilter(std::move(filter), name), total);
}

AuditQuery NormalizedAuditFilter(AuditQuery filter,
                                 const std::function<std::string(std::string_view)>& name) {
  if (!filter.actor.empty() && filter.actor != "anonymous" && filter.actor != "local operator")
    filter.actor = NormalizeEmail(filter.actor);
  if (!filter.since.empty() && !IsUtcTimePrefix(filter.since))
    throw InvalidInput(fmt::format("{}: a UTC time, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", name("since")));
  // A bare record id ("OF00003", "changan") means that id under any kind the trail names entities by.
  if (!filter.entity.empty() && filter.entity.find(':') == std::string::npos) {
    for (std::string_view kind : AuditEntityKinds())
      filter.entity_any.push_back(fmt::format("{}:{}", kind, filter.entity));
    filter.entity.clear();
  }
  return filter;
}

}  // namespace chainscope
