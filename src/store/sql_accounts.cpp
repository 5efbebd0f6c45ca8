// store: the SQL of accounts, their credentials and the audit trail (AccountStore, AuditStore).
#include <fmt/format.h>

#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace chainscope {
using namespace store_sql;

// ---- accounts ----

namespace {

constexpr std::string_view kUserColumns =
    "id, email, role, enterprise, disabled, password_hash, created_at, enterprise_admin, place";

/// An account from columns first … first+8 (kUserColumns order).
User ReadUser(const SqlRow& r, int first = 0) {
  User u;
  u.id = r.Int(first);
  u.email = r.Text(first + 1);
  const auto role = ParseAccountRole(r.Text(first + 2));
  if (!role) throw Error("store: an account has an unknown role");
  u.role = *role;
  u.enterprise = r.Text(first + 3);
  u.disabled = r.Bool(first + 4);
  u.password_hash = r.Text(first + 5);
  u.created_at = r.Text(first + 6);
  u.enterprise_admin = r.Bool(first + 7);
  u.place = r.Text(first + 8);
  return u;
}

std::optional<User> FindUserIn(SqlSession& s, std::string_view email) {
  std::optional<User> out;
  s.Run(fmt::format("SELECT {} FROM users WHERE email = ?1", kUserColumns), {email},
        [&](const SqlRow& r) { out = ReadUser(r); });
  return out;
}

/// Checks what the schema cannot: the shape, and that a member's enterprise exists.
void CheckUser(SqlSession& s, const User& u) {
  CheckUserShape(u);
  if (u.password_hash.empty()) throw Error("an account must have a password hash");
  if (!u.place.empty()) {
    std::string province;
    s.Run("SELECT province FROM places WHERE code = ?1", {u.place},
          [&](const SqlRow& r) { province = r.Text(0); });
    if (province != "Chongqing" && province != "Sichuan")
      throw InvalidInput(fmt::format(
          "field 'place': unknown place '{}' (a district of Chongqing or a city of Sichuan, as in "
          "/api/v1/places)",
          u.place));
  }
  if (u.enterprise.empty()) return;
  if (!IdExists(s, "enterprises", u.enterprise))
    throw InvalidInput(fmt::format("field 'enterprise': unknown enterprise '{}'", u.enterprise));
}

/// An account as the audit trail shows it: never its password hash.
std::string UserJson(const User& u) {
  return fmt::format(
      R"({{"id":{},"email":{},"role":{},"enterprise":{},"place":{},"enterprise_admin":{},"disabled":{}}})",
      u.id, JsonQuote(u.email), JsonQuote(ToString(u.role)),
      u.enterprise.empty() ? "null" : JsonQuote(u.enterprise), u.place.empty() ? "null" : JsonQuote(u.place),
      u.enterprise_admin, u.disabled ? "true" : "false");
}

/// Adds an account inside the open write transaction (AddUser, an approval, an invitation); audited.
void InsertUser(SqlSession& s, User& user, const AuditContext& by) {
  CheckUser(s, user);
  if (FindUserIn(s, user.email)) throw Conflict(fmt::format("an account for '{}' exists", user.email));
  user.created_at = NowUtc();
  const std::string role(ToString(user.role));
  s.Run(
      "INSERT INTO users (email, role, enterprise, disabled, password_hash, enterprise_admin, created_at, "
      "place) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
      {user.email, role, OptionalText(user.enterprise), user.disabled, user.password_hash,
       user.enterprise_admin, user.created_at, OptionalText(user.place)},
      [&](const SqlRow& r) { user.id = r.Int(0); });
  Audit(s, by, "user.create", "user:" + user.email, "null", UserJson(user));
}

}  // namespace

void SqlStore::AddUser(User& user, const AuditContext& by) {
  user.email = NormalizeEmail(user.email);
  auto s = Session();
  InWriteTransaction(*s, [&] {
    InsertUser(*s, user, by);
    return 0;
  });
}

std::vector<User> SqlStore::Users() {
  auto s = Session();
  std::vector<User> out;
  s->Run(fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns), {},
         [&](const SqlRow& r) { out.push_back(ReadUser(r)); });
  return out;
}

std::optional<User> SqlStore::FindUser(std::string_view email) {
  const std::string normalized = NormalizeEmail(email);
  auto s = Session();
  return FindUserIn(*s, normalized);
}

std::optional<User> SqlStore::UserById(std::int64_t id) {
  auto s = Session();
  std::optional<User> out;
  s->Run(fmt::format("SELECT {} FROM users WHERE id = ?1", kUserColumns), {id},
         [&](const SqlRow& r) { out = ReadUser(r); });
  return out;
}

void SqlStore::UpdateUser(std::string_view email, const std::function<User(const User&)>& change,
                          const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  const std::string normalized = NormalizeEmail(email);
  auto s = Session();
  InWriteTransaction(*s, [&] {
    const std::optional<User> stored = FindUserIn(*s, normalized);
    if (!stored) throw NotFound(fmt::format("no account for '{}'", normalized));
    const User next = change(*stored);
    if (next.id != stored->id || next.email != stored->email)
      throw Error("an account's id and email cannot change");
    CheckUser(*s, next);
    const std::string role(ToString(next.role));
    s->Run(
        "UPDATE users SET role = ?1, enterprise = ?2, disabled = ?3, password_hash = ?4, enterprise_admin = "
        "?5, place = ?6 WHERE id = ?7",
        {role, OptionalText(next.enterprise), next.disabled, next.password_hash, next.enterprise_admin,
         OptionalText(next.place), next.id});
    std::string after = UserJson(next);
    if (next.password_hash != stored->password_hash)
      after.insert(after.size() - 1, R"(,"password_changed":true)");
    Audit(*s, by, "user.update", "user:" + next.email, UserJson(*stored), after);
    return 0;
  });
}

namespace {

constexpr std::string_view kCredentialColumns =
    "id, user_id, kind, name, secret_hash, created_at, expires_at, last_used_at, revoked";

Credential ReadCredential(const SqlRow& r) {
  Credential c;
  c.id = r.Int(0);
  c.user_id = r.Int(1);
  c.kind = r.Text(2) == "token" ? Credential::Kind::kToken : Credential::Kind::kSession;
  c.name = r.Text(3);
  c.secret_hash = r.Text(4);
  c.created_at = r.Text(5);
  c.expires_at = r.Text(6);
  c.last_used_at = r.Text(7);
  c.revoked = r.Bool(8);
  return c;
}

/// A session or token as the audit trail shows it: never the hash of its secret.
std::string CredentialJson(const Credential& c) {
  return fmt::format(R"({{"id":{},"user_id":{},"kind":{},"name":{},"expires_at":{},"revoked":{}}})", c.id,
                     c.user_id, JsonQuote(ToString(c.kind)), JsonQuote(c.name), JsonQuote(c.expires_at),
                     c.revoked ? "true" : "false");
}

}  // namespace

void SqlStore::AddCredential(Credential& credential, const AuditContext& by) {
  if (credential.secret_hash.empty() || credential.expires_at.empty())
    throw Error("a credential needs the hash of its secret and an expiry");
  auto s = Session();
  InWriteTransaction(*s, [&] {
    credential.created_at = NowUtc();
    const std::string kind(ToString(credential.kind));
    try {
      s->Run(
          "INSERT INTO credentials (user_id, kind, name, secret_hash, created_at, expires_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
          {credential.user_id, kind, credential.name, credential.secret_hash, credential.created_at,
           credential.expires_at},
          [&](const SqlRow& r) { credential.id = r.Int(0); });
    } catch (const SqlError& e) {
      if (e.kind() != SqlError::Kind::kForeignKey) throw;
      throw InvalidInput(fmt::format("no account with id {}", credential.user_id));
    }
    Audit(*s, by, fmt::format("{}.create", ToString(credential.kind)),
          fmt::format("credential:{}", credential.id), "null", CredentialJson(credential));
    return 0;
  });
}

std::optional<Credential> SqlStore::FindCredential(std::string_view secret_hash) {
  auto s = Session();
  std::optional<Credential> out;
  s->Run(fmt::format("SELECT {} FROM credentials WHERE secret_hash = ?1", kCredentialColumns), {secret_hash},
         [&](const SqlRow& r) { out = ReadCredential(r); });
  return out;
}

std::optional<std::pair<Credential, User>> SqlStore::FindCredentialAndUser(std::string_view secret_hash) {
  auto s = Session();
  std::optional<std::pair<Credential, User>> out;
  // Credential columns 0–8, then the account's (kUserColumns order) 9–17.
  s->Run(
      "SELECT c.id, c.user_id, c.kind, c.name, c.secret_hash, c.created_at, c.expires_at, c.last_used_at, "
      "c.revoked, u.id, u.email, u.role, u.enterprise, u.disabled, u.password_hash, u.created_at, "
      "u.enterprise_admin, u.place FROM credentials c JOIN users u ON u.id = c.user_id WHERE c.secret_hash = "
      "?1",
      {secret_hash}, [&](const SqlRow& r) {
        out = std::pair{ReadCredential(r), ReadUser(r, 9)};
      });
  return out;
}

std::vector<Credential> SqlStore::Credentials(std::int64_t user_id) {
  auto s = Session();
  std::vector<Credential> out;
  s->Run(fmt::format("SELECT {} FROM credentials WHERE user_id = ?1 ORDER BY id DESC", kCredentialColumns),
         {user_id}, [&](const SqlRow& r) { out.push_back(ReadCredential(r)); });
  return out;
}

void SqlStore::RevokeCredential(std::int64_t id, const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  auto s = Session();
  InWriteTransaction(*s, [&] {
    if (s->Run("UPDATE credentials SET revoked = TRUE WHERE id = ?1", {id}) == 0)
      throw NotFound(fmt::format("no credential {}", id));
    Audit(*s, by, "credential.revoke", fmt::format("credential:{}", id), R"({"revoked":false})",
          R"({"revoked":true})");
    return 0;
  });
}

void SqlStore::RevokeCredentials(std::int64_t user_id, const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  auto s = Session();
  InWriteTransaction(*s, [&] {
    const std::int64_t changed =
        s->Run("UPDATE credentials SET revoked = TRUE WHERE user_id = ?1 AND revoked = FALSE", {user_id});
    Audit(*s, by, "credential.revoke_all", fmt::format("user_id:{}", user_id), "null",
          fmt::format(R"({{"revoked":{}}})", changed));
    return 0;
  });
}

void SqlStore::TouchCredential(std::int64_t id) {
  auto s = Session();
  s->Run("UPDATE credentials SET last_used_at = ?1 WHERE id = ?2", {NowUtc(), id});
}

// ---- the audit trail ----

void SqlStore::AppendAudit(const AuditContext& by, std::string_view entity, std::string_view before,
                           std::string_view after) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    Audit(*s, by, "event", entity, before, after);
    return 0;
  });
}

std::vector<AuditRecord> SqlStore::AuditTrail(const AuditQuery& q, std::size_t* total) {
  const std::string since = q.since.empty() ? std::string() : EarliestTime(q.since);
  std::vector<SqlParam> params = {q.after_id};
  std::string where =
      "WHERE id > ?1" +
      Where({{"entity", &q.entity}, {"actor", &q.actor}, {"enterprise", &q.enterprise}}, params, true);
  if (!since.empty()) {
    params.emplace_back(std::string_view(since));
    where += fmt::format(" AND at >= ?{}", params.size());
  }
  if (!q.entity_any.empty()) {
    std::string marks;
    for (const std::string& e : q.entity_any) {
      params.emplace_back(std::string_view(e));
      marks += fmt::format("{}?{}", marks.empty() ? "" : ", ", params.size());
    }
    where += fmt::format(" AND entity IN ({})", marks);
  }
  auto s = Session();
  if (total)
    s->Run("SELECT COUNT(*) FROM audit_log " + where, params,
           [&](const SqlRow& r) { *total = static_cast<std::size_t>(r.Int(0)); });
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  params.emplace_back(static_cast<std::int64_t>(q.offset));
  const std::string sql = fmt::format(
      "SELECT id, at, actor, enterprise, request_id, client, action, entity, before_json, after_json, "
      "prev_hash, "
      "hash FROM audit_log {} ORDER BY id {} LIMIT ?{} OFFSET ?{}",
      where, q.newest_first ? "DESC" : "ASC", params.size() - 1, params.size());
  std::vector<AuditRecord> out;
  s->Run(sql, params, [&](const SqlRow& row) {
    AuditRecord r;
    r.id = row.Int(0);
    std::string* fields[] = {&r.at,        &r.by.actor,  &r.by.enterprise, &r.by.request_id,
                             &r.by.client, &r.by.action, &r.entity,        &r.before,
                             &r.after,     &r.prev_hash, &r.hash};
    for (int i = 0; i < 11; ++i) *fields[i] = row.Text(i + 1);
    out.push_back(std::move(r));
  });
  return out;
}

// ---- registrations and one-time links ----
namespace {

constexpr std::string_view kRegistrationColumns =
    "id, created_at, status, name_zh, name_en, uscc, place, role, components, applicant_name, "
    "applicant_email, "
    "claim, client, licence_type, licence_bytes, decided_at, decided_by, reason, enterprise, user_id";

Registration ReadRegistration(const SqlRow& r) {
  Registration g;
  g.id = r.Int(0);
  g.created_at = r.Text(1);
  g.status = r.Text(2);
  g.name_zh = r.Text(3);
  g.name_en = r.Text(4);
  g.uscc = r.Text(5);
  g.place = r.Text(6);
  g.role = r.Text(7);
  g.components = SplitTexts(r.Text(8), ';');
  g.applicant_name = r.Text(9);
  g.applicant_email = r.Text(10);
  g.claim = r.Text(11);
  g.client = r.Text(12);
  g.licence_type = r.Text(13);
  g.licence_bytes = r.Int(14);
  g.decided_at = r.Text(15);
  g.decided_by = r.Text(16);
  g.reason = r.Text(17);
  g.enterprise = r.Text(18);
  g.user_id = r.Int(19);
  return g;
}

std::optional<Registration> RegistrationIn(SqlSession& s, std::int64_t id) {
  std::optional<Registration> out;
  s.Run(fmt::format("SELECT {} FROM registrations WHERE id = ?1", kRegistrationColumns), {id},
        [&](const SqlRow& r) { out = ReadRegistration(r); });
  return out;
}

/// A registration as the audit trail shows it: never the licence's bytes.
std::string RegistrationJson(const Registration& g) {
  return fmt::format(
      R"({{"id":{},"status":{},"name_zh":{},"name_en":{},"uscc":{},"place":{},"role":{},"applicant_email":{},)"
      R"("claim":{},"licence_bytes":{},"reason":{},"enterprise":{}}})",
      g.id, JsonQuote(g.status), JsonQuote(g.name_zh), JsonQuote(g.name_en), JsonQuote(g.uscc),
      JsonQuote(g.place), JsonQuote(g.role), JsonQuote(g.applicant_email), JsonQuote(g.claim),
      g.licence_bytes, JsonQuote(g.reason), JsonQuote(g.enterprise));
}

void InsertToken(SqlSession& s, OneTimeToken& token, const User& user, const AuditContext& by) {
  token.user_id = user.id;
  token.created_at = NowUtc();
  s.Run(
      "INSERT INTO one_time_tokens (user_id, purpose, token_hash, created_at, expires_at, used_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, '') RETURNING id",
      {token.user_id, token.purpose, token.token_hash, token.created_at, token.expires_at},
      [&](const SqlRow& r) { token.id = r.Int(0); });
  Audit(s, by, "link.create", "user:" + user.email, "null",
        fmt::format(R"({{"purpose":{},"expires_at":{}}})", JsonQuote(token.purpose),
                    JsonQuote(token.expires_at)));
}

}  // namespace

void SqlStore::AddRegistration(Registration& r, std::string_view licence_base64, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    r.created_at = NowUtc();
    r.status = "pending";
    s->Run(
        "INSERT INTO registrations (created_at, status, name_zh, name_en, uscc, place, role, components, "
        "applicant_name, applicant_email, claim, client, licence_type, licence_bytes, licence, decided_at, "
        "decided_by, reason, enterprise, user_id) VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, "
        "?12, ?13, ?14, '', '', '', '', 0) RETURNING id",
        {r.created_at, r.name_zh, r.name_en, r.uscc, r.place, r.role, JoinTexts(r.components, ';'),
         r.applicant_name, r.applicant_email, r.claim, r.client, r.licence_type, r.licence_bytes,
         licence_base64},
        [&](const SqlRow& row) { r.id = row.Int(0); });
    Audit(*s, by, "registration.create", fmt::format("registration:{}", r.id), "null", RegistrationJson(r));
    return 0;
  });
}

std::vector<Registration> SqlStore::Registrations(std::string_view status) {
  auto s = Session();
  std::vector<Registration> out;
  s->Run(fmt::format("SELECT {} FROM registrations WHERE (?1 = '' OR status = ?1) ORDER BY id",
                     kRegistrationColumns),
         {status}, [&](const SqlRow& r) { out.push_back(ReadRegistration(r)); });
  return out;
}

std::optional<Registration> SqlStore::RegistrationById(std::int64_t id) {
  auto s = Session();
  return RegistrationIn(*s, id);
}

std::optional<std::string> SqlStore::RegistrationLicence(std::int64_t id) {
  auto s = Session();
  std::optional<std::string> out;
  s->Run("SELECT licence FROM registrations WHERE id = ?1 AND licence_type <> ''", {id},
         [&](const SqlRow& r) { out = r.Text(0); });
  return out;
}

Registration SqlStore::ApproveRegistration(std::int64_t id, const Enterprise* create, User& user,
                                           OneTimeToken& token, const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::optional<Registration> g = RegistrationIn(*s, id);
    if (!g) throw NotFound(fmt::format("no registration {}", id));
    if (g->status != "pending")
      throw Conflict(fmt::format("registration {} is {}, not pending", id, g->status));
    const std::string before = RegistrationJson(*g);
    std::string holder;  // who has the credit code now
    s->Run("SELECT id FROM enterprises WHERE uscc = ?1", {g->uscc},
           [&](const SqlRow& r) { holder = r.Text(0); });
    if (create) {
      if (!holder.empty())
        throw Conflict(
            fmt::format("credit code {} is enterprise '{}''s: approve the registration as a claim of it",
                        g->uscc, holder));
      Dataset one;
      one.enterprises.push_back(*create);
      Enterprise& e = one.enterprises[0];
      if (e.id.empty()) e.id = NextId(*s, "enterprises", "enterprises", kEnterpriseIdPrefix);
      const TableSpec& spec = SpecOf(Table::kEnterprises);
      const Row row = EncodeRow(one, Table::kEnterprises, 0);
      WriteRow(*s,
               fmt::format("INSERT INTO enterprises ({}) VALUES ({})", ColumnList(spec), Marks(row.size())),
               Table::kEnterprises, row, e.id);
      Audit(*s, by, "enterprise.create", "enterprise:" + e.id, "null", RowJson(spec, row));
      g->enterprise = e.id;
    } else {
      if (!IdExists(*s, "enterprises", g->claim)) throw NotFound(fmt::format("no enterprise '{}'", g->claim));
      if (!holder.empty() && holder != g->claim)
        throw Conflict(
            fmt::format("credit code {} is enterprise '{}''s, not '{}''s", g->uscc, holder, g->claim));
      std::string stored;
      s->Run("SELECT COALESCE(uscc, '') FROM enterprises WHERE id = ?1", {g->claim},
             [&](const SqlRow& r) { stored = r.Text(0); });
      if (!stored.empty() && stored != g->uscc)
        throw Conflict(fmt::format("enterprise '{}' has credit code {}, not {}: another company", g->claim,
                                   stored, g->uscc));
      if (stored.empty()) {
        s->Run("UPDATE enterprises SET uscc = ?2 WHERE id = ?1", {g->claim, g->uscc});
        Audit(*s, by, "enterprise.update", "enterprise:" + g->claim, "null",
              fmt::format(R"({{"uscc":{}}})", JsonQuote(g->uscc)));
      }
      g->enterprise = g->claim;
    }
    user.enterprise = g->enterprise;
    InsertUser(*s, user, by);
    InsertToken(*s, token, user, by);
    g->status = "approved";
    g->decided_at = NowUtc();
    g->decided_by = by.actor;
    g->user_id = user.id;
    s->Run(
        "UPDATE registrations SET status = 'approved', decided_at = ?2, decided_by = ?3, enterprise = ?4, "
        "user_id = ?5 WHERE id = ?1",
        {id, g->decided_at, g->decided_by, g->enterprise, user.id});
    Audit(*s, by, "registration.approve", fmt::format("registration:{}", id), before, RegistrationJson(*g));
    BumpRevision(*s, create != nullptr);
    return *g;
  });
}

Registration SqlStore::RejectRegistration(std::int64_t id, std::string_view reason, const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::optional<Registration> g = RegistrationIn(*s, id);
    if (!g) throw NotFound(fmt::format("no registration {}", id));
    if (g->status != "pending")
      throw Conflict(fmt::format("registration {} is {}, not pending", id, g->status));
    const std::string before = RegistrationJson(*g);
    g->status = "rejected";
    g->decided_at = NowUtc();
    g->decided_by = by.actor;
    g->reason = std::string(reason);
    s->Run(
        "UPDATE registrations SET status = 'rejected', decided_at = ?2, decided_by = ?3, reason = ?4 WHERE "
        "id = ?1",
        {id, g->decided_at, g->decided_by, g->reason});
    Audit(*s, by, "registration.reject", fmt::format("registration:{}", id), before, RegistrationJson(*g));
    return *g;
  });
}

void SqlStore::AddUserWithToken(User& user, OneTimeToken& token, const AuditContext& by) {
  user.email = NormalizeEmail(user.email);
  auto s = Session();
  InWriteTransaction(*s, [&] {
    InsertUser(*s, user, by);
    InsertToken(*s, token, user, by);
    return 0;
  });
}

User SqlStore::UseOneTimeToken(std::string_view token_hash, std::string_view now,
                               std::string_view password_hash, const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::optional<OneTimeToken> token;
    s->Run("SELECT id, user_id, expires_at, used_at FROM one_time_tokens WHERE token_hash = ?1", {token_hash},
           [&](const SqlRow& r) {
             token.emplace();
             token->id = r.Int(0);
             token->user_id = r.Int(1);
             token->expires_at = r.Text(2);
             token->used_at = r.Text(3);
           });
    std::optional<User> user;
    if (token)
      s->Run(fmt::format("SELECT {} FROM users WHERE id = ?1", kUserColumns), {token->user_id},
             [&](const SqlRow& r) { user = ReadUser(r); });
    if (!token || !token->used_at.empty() || token->expires_at <= now || !user || user->disabled)
      throw NotFound("this link does not work: it was used, it expired, or its account is disabled");
    s->Run("UPDATE one_time_tokens SET used_at = ?2 WHERE id = ?1", {token->id, now});
    s->Run("UPDATE users SET password_hash = ?2 WHERE id = ?1", {user->id, password_hash});
    user->password_hash = std::string(password_hash);
    Audit(*s, by, "user.set_password", "user:" + user->email, "null", UserJson(*user));
    return *user;
  });
}

}  // namespace chainscope
