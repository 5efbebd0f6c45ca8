#include "service/registrations.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "analytics/dedupe.h"
#include "core/network.h"
#include "core/schema.h"
#include "core/uscc.h"
#include "io/csv.h"
#include "service/accounts.h"
#include "service/errors.h"
#include "service/log.h"
#include "service/passwords.h"
#include "service/platform.h"
#include "service/rate_limit.h"
#include "service/secrets.h"

namespace chainscope {
namespace {

inline constexpr std::string_view kLinkPrefix = "cs_p_";

Store& StoreOf(Platform& platform) {
  if (!platform.store()) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  return *platform.store();
}

void RequireAdmin(const Principal& who, std::string_view what) {
  if (!who.signed_in()) throw ServiceError(ErrorCode::kUnauthorized, "sign in first");
  if (!who.is_admin())
    throw ServiceError(ErrorCode::kForbidden, fmt::format("{} is the administrators'", what));
}

/// A text field: trimmed, valid UTF-8, 1 … max characters (bytes) when required.
std::string Text(std::string_view value, std::string_view field, std::size_t max, bool required) {
  std::string_view s = value;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (required && s.empty()) throw InvalidInput(fmt::format("field '{}' is required", field));
  if (s.size() > max) throw InvalidInput(fmt::format("field '{}' is longer than {} bytes", field, max));
  if (FindInvalidUtf8(s) != std::string_view::npos ||
      s.find_first_of("\r\n\0", 0, 3) != std::string_view::npos)
    throw InvalidInput(fmt::format("field '{}' must be one line of text", field));
  return std::string(s);
}

Role RoleOf(std::string_view registered) {
  if (registered == "oem") return Role::kOem;
  if (registered == "institute") return Role::kInstitute;
  return Role::kTier1;
}

std::string LinkOf(std::string_view secret) {
  return fmt::format("/set-password?token={}", secret);
}

/// A member account without a password, and a one-time link for it: (account, link secret).
std::pair<User, OneTimeToken> NewAccountWithToken(std::string_view email, std::string_view enterprise,
                                                  bool enterprise_admin, std::string& secret) {
  User user;
  user.email = NormalizeEmail(email);
  user.role = AccountRole::kMember;
  user.enterprise = std::string(enterprise);
  user.enterprise_admin = enterprise_admin;
  user.password_hash = std::string(kPasswordNotSet);
  secret = IssueSecret(kLinkPrefix);
  OneTimeToken token;
  token.token_hash = SecretHash(secret);
  token.expires_at = UtcTimestamp(std::chrono::system_clock::now() + std::chrono::hours(kOneTimeLinkHours));
  return {user, token};
}

/// E-mails an account's link where a relay is configured; whether it went.
bool MailLink(const MailOptions* mail, const AccountWithLink& a, std::string_view enterprise_name) {
  if (!mail || mail->smtp_url.empty()) return false;
  try {
    const auto [subject, body] =
        LinkMessage(enterprise_name, mail->public_url + a.set_password_link, a.expires_at);
    SendMail(*mail, a.user.email, subject, body);
    return true;
  } catch (const std::exception& e) {
    LogEvent(LogLevel::kWarn,
             fmt::format("the set-password link of {} was not e-mailed: {}", a.user.email, e.what()));
    return false;
  }
}

std::vector<ProposedClaim> ProposedClaims(const Network& net, const Registration& r) {
  std::vector<ProposedClaim> out;
  const Dataset& d = net.data();
  for (const Enterprise& e : d.enterprises)
    if (!r.uscc.empty() && e.uscc == r.uscc)
      out.push_back({e.id,
                     e.name,
                     e.name_zh,
                     1,
                     {{"dedupe.same_uscc",
                       {{"uscc", r.uscc}},
                       fmt::format("the same unified social credit code {}", r.uscc)}}});
  const PairScorer score(d);
  NamedEnterprise applicant{r.name_en, r.name_zh, r.place, RoleOf(r.role), r.components, r.uscc};
  std::vector<std::string> makes;
  for (const Enterprise& e : d.enterprises) {
    if (!e.uscc.empty() && !r.uscc.empty()) continue;  // two codes decide by themselves (above)
    const EnterpriseId id = net.FindEnterprise(e.id);
    makes.clear();
    for (std::uint32_t ci : net.capabilities_of(id))
      makes.push_back(net.component(net.capabilities()[ci].component).code);
    DuplicatePair p = score(applicant, {e.name, e.name_zh, e.place, e.role, makes, e.uscc});
    if (p.score >= kDefaultDuplicateThreshold)
      out.push_back({e.id, e.name, e.name_zh, p.score, std::move(p.reasons)});
  }
  std::ranges::stable_sort(out,
                           [](const ProposedClaim& a, const ProposedClaim& b) { return a.score > b.score; });
  if (out.size() > 10) out.resize(10);
  return out;
}

std::vector<ClaimDifference> Differences(const Network& net, const Registration& r) {
  std::vector<ClaimDifference> out;
  const EnterpriseId id = net.FindEnterprise(r.claim);
  if (!id.valid()) return out;
  const Enterprise& e = net.enterprise(id);
  const auto add = [&](std::string field, const std::string& registered, const std::string& stored) {
    out.push_back({std::move(field), registered, stored});
  };
  add("name_zh", r.name_zh, e.name_zh);
  add("name_en", r.name_en, e.name);
  add("uscc", r.uscc, e.uscc);
  add("place", r.place, e.place);
  add("role", std::string(ToString(RoleOf(r.role))), std::string(ToString(e.role)));
  std::string made;
  for (std::uint32_t ci : net.capabilities_of(id))
    made += (made.empty() ? "" : ";") + net.component(net.capabilities()[ci].component).code;
  std::string registered;
  for (const std::string& c : r.components) registered += (registered.empty() ? "" : ";") + c;
  add("components", registered, made);
  return out;
}

}  // namespace

std::string_view LicenceTypeOf(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) return "application/pdf";
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (bytes.starts_with(std::string_view("\xFF\xD8\xFF", 3))) return "image/jpeg";
  return {};
}

RegistrationReview SubmitRegistration(Platform& platform, const Principal& who, const RegistrationInput& in) {
  Store& store = StoreOf(platform);
  const auto state = platform.state();
  const Network& net = *state->chain;
  Registration r;
  r.name_zh = Text(in.name_zh, "name_zh", 200, true);
  r.name_en = Text(in.name_en, "name_en", 200, false);
  const std::string code = Text(in.uscc, "uscc", 40, true);
  if (const std::optional<UsccProblem> problem = CheckUscc(code))
    throw InvalidInput(
        fmt::format("field 'uscc': '{}' is not a unified social credit code: {}", code, Describe(*problem)));
  r.uscc = *NormalizeUscc(code);
  r.place = Text(in.place, "place", 40, true);
  const PlaceId place = net.FindPlace(r.place);
  if (!place.valid() ||
      (net.place(place).province != Province::kChongqing && net.place(place).province != Province::kSichuan))
    throw InvalidInput(
        fmt::format("field 'place': '{}' is not a district of Chongqing or a city of Sichuan "
                    "(as in /api/v1/places)",
                    r.place));
  r.role = Text(in.role, "role", 20, true);
  if (std::ranges::find(kRegistrationRoles, r.role) == std::end(kRegistrationRoles))
    throw InvalidInput(fmt::format("field 'role': '{}' is not one of oem, supplier, institute", r.role));
  if (in.components.size() > 60) throw InvalidInput("field 'components': more than 60 components");
  for (const std::string& c : in.components) {
    if (!net.FindComponent(c).valid())
      throw InvalidInput(
          fmt::format("field 'components': unknown component '{}' (as in /api/v1/taxonomy)", c));
    if (std::ranges::find(r.components, c) == r.components.end()) r.components.push_back(c);
  }
  r.applicant_name = Text(in.applicant_name, "applicant_name", 100, true);
  try {
    r.applicant_email = NormalizeEmail(Text(in.applicant_email, "applicant_email", 254, true));
  } catch (const InvalidInput&) {
    throw InvalidInput(
        fmt::format("field 'applicant_email': '{}' is not an e-mail address", in.applicant_email));
  }
  r.claim = Text(in.claim, "claim", 100, false);
  if (!r.claim.empty() && !net.FindEnterprise(r.claim).valid())
    throw InvalidInput(
        fmt::format("field 'claim': no enterprise '{}' (the directory search finds it)", r.claim));
  std::string licence;
  if (!in.licence.empty()) {
    if (in.licence.size() > kMaxLicenceBytes)
      throw InvalidInput(fmt::format("field 'licence': the scan is {} bytes, more than the {} MiB allowed",
                                     in.licence.size(), kMaxLicenceBytes >> 20));
    r.licence_type = std::string(LicenceTypeOf(in.licence));
    if (r.licence_type.empty())
      throw InvalidInput("field 'licence': the scan must be a PDF, PNG or JPEG file (by its content)");
    r.licence_bytes = static_cast<std::int64_t>(in.licence.size());
    EnsureSodium();
    licence.resize(sodium_base64_ENCODED_LEN(in.licence.size(), sodium_base64_VARIANT_ORIGINAL));
    sodium_bin2base64(licence.data(), licence.size(),
                      reinterpret_cast<const unsigned char*>(in.licence.data()), in.licence.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    licence.resize(licence.size() - 1);  // the terminating NUL
  }
  r.client = who.client;
  for (const Registration& pending : store.Registrations("pending"))
    if (pending.uscc == r.uscc)
      throw Conflict(fmt::format("a registration for credit code {} is waiting for review", r.uscc));
  // Per address, shared by every server of the store; counted only for a registration that is sent.
  RateLimiter limit(kRegistrationsPerHour, kRegistrationsPerHour / 3600, 100'000, &store);
  if (const int wait = limit.Take("registration:" + who.client); wait > 0)
    throw ServiceError(ErrorCode::kTooManyRequests,
                       fmt::format("too many registrations from this address: try again in {} s", wait),
                       wait);
  store.AddRegistration(r, licence, AuditOf(who));
  return {r, ProposedClaims(net, r), r.claim.empty() ? std::vector<ClaimDifference>{} : Differences(net, r)};
}

std::vector<RegistrationReview> ReviewRegistrations(Platform& platform, const Principal& who,
                                                    std::string_view status) {
  RequireAdmin(who, "the registration queue");
  if (!status.empty() && status != "pending" && status != "approved" && status != "rejected")
    throw InvalidInput(
        fmt::format("query parameter 'status': '{}' is not pending, approved or rejected", status));
  const auto state = platform.state();
  std::vector<RegistrationReview> out;
  for (Registration& r : StoreOf(platform).Registrations(status)) {
    RegistrationReview review{std::move(r), {}, {}};
    if (review.registration.status == "pending")
      review.proposed = ProposedClaims(*state->chain, review.registration);
    if (!review.registration.claim.empty())
      review.differences = Differences(*state->chain, review.registration);
    out.push_back(std::move(review));
  }
  return out;
}

std::pair<std::string, std::string> RegistrationLicence(Platform& platform, const Principal& who,
                                                        std::int64_t id) {
  RequireAdmin(who, "a registration's licence");
  Store& store = StoreOf(platform);
  const std::optional<Registration> r = store.RegistrationById(id);
  const std::optional<std::string> encoded = r ? store.RegistrationLicence(id) : std::nullopt;
  if (!encoded) throw NotFound(fmt::format("registration {} has no licence scan", id));
  std::string bytes(encoded->size(), '\0');
  std::size_t length = 0;
  EnsureSodium();
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), encoded->data(),
                        encoded->size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw Error("store: a licence scan is not base64");
  bytes.resize(length);
  return {r->licence_type, std::move(bytes)};
}

AccountWithLink ApproveRegistration(Platform& platform, const Principal& who, std::int64_t id,
                                    const MailOptions* mail) {
  RequireAdmin(who, "approving a registration");
  Store& store = StoreOf(platform);
  const std::optional<Registration> r = store.RegistrationById(id);
  if (!r) throw NotFound(fmt::format("no registration {}", id));
  std::optional<Enterprise> create;
  if (r->claim.empty()) {
    create.emplace();
    create->name_zh = r->name_zh;
    create->name = r->name_en.empty() ? r->name_zh : r->name_en;
    create->role = RoleOf(r->role);
    create->place = r->place;
    create->ttr_days = 30;
    create->synthetic = false;
    create->uscc = r->uscc;
  }
  AccountWithLink out;
  std::string secret;
  auto [user, token] = NewAccountWithToken(r->applicant_email, "", true, secret);
  // The enterprise is known inside the transaction (created or claimed): the store sets it.
  user.enterprise = r->claim.empty() ? std::string() : r->claim;
  out.registration = store.ApproveRegistration(id, create ? &*create : nullptr, user, token, AuditOf(who));
  out.user = user;
  out.set_password_link = LinkOf(secret);
  out.expires_at = token.expires_at;
  out.emailed = MailLink(mail, out, r->name_zh);
  try {
    platform.Refresh();  // a new enterprise is in the chain
  } catch (const std::exception& e) {
    LogEvent(LogLevel::kWarn,
             fmt::format("after approving registration {}: reload failed: {}", id, e.what()));
  }
  return out;
}

Registration RejectRegistration(Platform& platform, const Principal& who, std::int64_t id,
                                std::string_view reason) {
  RequireAdmin(who, "rejecting a registration");
  const std::string why = Text(reason, "reason", 500, true);
  return StoreOf(platform).RejectRegistration(id, why, AuditOf(who));
}

AccountWithLink InviteColleague(Platform& platform, const Principal& who, std::string_view email,
                                std::string_view enterprise, const MailOptions* mail) {
  if (!who.signed_in()) throw ServiceError(ErrorCode::kUnauthorized, "sign in first");
  std::string of(enterprise);
  if (who.is_member()) {
    if (!who.enterprise_admin)
      throw ServiceError(ErrorCode::kForbidden, "only your enterprise's administrator invites colleagues");
    if (!of.empty() && of != who.enterprise)
      throw ServiceError(ErrorCode::kForbidden, "you invite colleagues to your own enterprise only");
    of = who.enterprise;
  } else if (!who.is_admin()) {
    throw ServiceError(ErrorCode::kForbidden, "invitations are enterprises' administrators'");
  } else if (of.empty()) {
    throw InvalidInput("field 'enterprise' is required: the enterprise the colleague joins");
  }
  AccountWithLink out;
  std::string secret;
  auto [user, token] = NewAccountWithToken(Text(email, "email", 254, true), of, false, secret);
  StoreOf(platform).AddUserWithToken(user, token, AuditOf(who, "user.invite"));
  out.user = user;
  out.set_password_link = LinkOf(secret);
  out.expires_at = token.expires_at;
  const auto state = platform.state();
  const EnterpriseId e = state->chain->FindEnterprise(of);
  out.emailed = MailLink(mail, out, e.valid() ? state->chain->enterprise(e).name_zh : of);
  return out;
}

void EditEnterpriseProfile(Platform& platform, const Principal& who, std::string_view enterprise,
                           const ProfileChange& change) {
  if (!who.signed_in()) throw ServiceError(ErrorCode::kUnauthorized, "sign in first");
  if (!who.is_admin() && !(who.is_member() && who.enterprise_admin && who.enterprise == enterprise))
    throw ServiceError(ErrorCode::kForbidden, "an enterprise's profile is edited by its administrator");
  Store& store = StoreOf(platform);
  const auto state = platform.state();
  const Network& net = *state->chain;
  const EnterpriseId id = net.FindEnterprise(enterprise);
  if (!id.valid()) throw NotFound(fmt::format("no enterprise with id '{}'", enterprise));
  const Enterprise& stored = net.enterprise(id);
  Enterprise e = stored;
  if (change.name) e.name = Text(*change.name, "name", 200, true);
  if (change.name_zh) e.name_zh = Text(*change.name_zh, "name_zh", 200, true);
  if (change.place) {
    e.place = Text(*change.place, "place", 40, true);
    if (!net.FindPlace(e.place).valid())
      throw InvalidInput(fmt::format("field 'place': unknown place '{}' (as in /api/v1/places)", e.place));
  }
  if (change.park) {
    e.park = Text(*change.park, "park", 40, false);
    const auto park = std::ranges::find(net.data().parks, e.park, &Park::id);
    if (!e.park.empty() && (park == net.data().parks.end() || park->place != e.place))
      throw InvalidInput(
          fmt::format("field 'park': '{}' is not a demonstration park of place {}", e.park, e.place));
  } else if (change.place && !e.park.empty()) {
    const auto park = std::ranges::find(net.data().parks, e.park, &Park::id);
    if (park != net.data().parks.end() && park->place != e.place) e.park.clear();  // it left the park's place
  }
  if (change.uscc) {
    const std::string code = Text(*change.uscc, "uscc", 40, false);
    if (code.empty()) {
      e.uscc.clear();
    } else {
      if (const std::optional<UsccProblem> problem = CheckUscc(code))
        throw InvalidInput(fmt::format("field 'uscc': '{}' is not a unified social credit code: {}", code,
                                       Describe(*problem)));
      e.uscc = *NormalizeUscc(code);
      for (const Enterprise& other : net.data().enterprises)
        if (other.id != e.id && other.uscc == e.uscc)
          throw Conflict(fmt::format("credit code {} is enterprise '{}''s", e.uscc, other.id));
    }
  }
  if (change.certifications) {
    e.certifications.clear();
    for (const std::string& c : *change.certifications) {
      const std::string cert = Text(c, "certifications", 100, true);
      if (cert.find(';') != std::string::npos)
        throw InvalidInput("field 'certifications': an item contains ';'");
      e.certifications.push_back(cert);
    }
  }
  if (change.employees) {
    if (*change.employees < 0 || *change.employees > 10'000'000)
      throw InvalidInput("field 'employees' must be within 0 … 10,000,000");
    e.employees = *change.employees;
  }
  Dataset before, after;
  before.enterprises.push_back(stored);
  after.enterprises.push_back(e);
  RowWrites w;
  w.table = Table::kEnterprises;
  w.rows.push_back(EncodeRow(after, Table::kEnterprises, 0));
  w.expected.emplace_back(EncodeRow(before, Table::kEnterprises, 0));
  w.summary_json.clear();  // one row, audited as enterprise.update
  store.WriteRows(w, AuditOf(who));
  try {
    platform.Refresh();
  } catch (const std::exception& ex) {
    LogEvent(LogLevel::kWarn, fmt::format("after editing {}: reload failed: {}", e.id, ex.what()));
  }
}

namespace {
void RequireEnterpriseAdmin(const Principal& who) {
  if (!who.signed_in()) throw ServiceError(ErrorCode::kUnauthorized, "sign in first");
  if (!who.is_member() || !who.enterprise_admin)
    throw ServiceError(ErrorCode::kForbidden, "an enterprise's colleagues are its administrator's to manage");
}
}  // namespace

std::vector<User> Colleagues(Platform& platform, const Principal& who) {
  RequireEnterpriseAdmin(who);
  std::vector<User> out;
  for (User& u : StoreOf(platform).Users())
    if (u.role == AccountRole::kMember && u.enterprise == who.enterprise) out.push_back(std::move(u));
  return out;
}

User SetColleagueDisabled(Platform& platform, const Principal& who, std::int64_t user_id, bool disabled) {
  RequireEnterpriseAdmin(who);
  Store& store = StoreOf(platform);
  const std::optional<User> u = store.UserById(user_id);
  if (!u || u->role != AccountRole::kMember || u->enterprise != who.enterprise)
    throw NotFound(fmt::format("no colleague with id {}", user_id));
  if (u->id == who.user_id) throw InvalidInput("you cannot disable your own account");
  return Accounts(store).SetDisabled(u->email, disabled, who);
}

User SetPasswordByLink(Platform& platform, const Principal& who, std::string_view token,
                       std::string_view password) {
  if (!token.starts_with(kLinkPrefix) || token.size() > 100)
    throw NotFound("this link does not work: it was used, it expired, or its account is disabled");
  CheckPasswordPolicy(password);
  return StoreOf(platform).UseOneTimeToken(SecretHash(token), UtcTimestamp(), HashPassword(password),
                                           AuditOf(who));
}

}  // namespace chainscope
