#include "store/sqlite_store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/schema.h"
#include "store/migrations.h"

namespace chainscope {
namespace {

// A prepared statement that finalizes itself — or, when borrowed from the store's cache of hot
// statements, is reset for its next use instead.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw Error(fmt::format("SQLite: {} in: {}", sqlite3_errmsg(db), sql));
  }
  Statement(sqlite3* db, sqlite3_stmt* cached) : db_(db), stmt_(cached), cached_(true) {}
  ~Statement() {
    if (!cached_) {
      sqlite3_finalize(stmt_);
      return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return stmt_; }
  /// SQLITE_ROW or SQLITE_DONE; throws on error.
  int Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw Error(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
    return rc;
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool cached_ = false;
};

void Bind(sqlite3_stmt* s, int i, const Cell& cell) {
  struct Visitor {
    sqlite3_stmt* s;
    int i;
    void operator()(std::monostate) const { sqlite3_bind_null(s, i); }
    void operator()(const std::string& v) const {
      sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void operator()(std::int64_t v) const { sqlite3_bind_int64(s, i, v); }
    void operator()(double v) const { sqlite3_bind_double(s, i, v); }
    void operator()(bool v) const { sqlite3_bind_int(s, i, v ? 1 : 0); }
    void operator()(const std::vector<std::string>&) const {}
  };
  if (const auto* list = std::get_if<std::vector<std::string>>(&cell)) {
    const std::string text = FormatCell(cell);
    sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    (void)list;
    return;
  }
  std::visit(Visitor{s, i}, cell);
}

Cell Read(sqlite3_stmt* s, int i, const ColumnSpec& col) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL)
    return col.kind == FieldKind::kList ? Cell{std::vector<std::string>{}} : Cell{};
  switch (col.kind) {
    case FieldKind::kInt:
      return Cell{static_cast<std::int64_t>(sqlite3_column_int64(s, i))};
    case FieldKind::kReal:
      return Cell{sqlite3_column_double(s, i)};
    case FieldKind::kBool:
      return Cell{sqlite3_column_int(s, i) != 0};
    case FieldKind::kText:
    case FieldKind::kDate:
    case FieldKind::kList: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      std::string value(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
      if (col.kind != FieldKind::kList) return Cell{std::move(value)};
      auto parsed = ParseCell(value, col);
      if (!parsed) throw Error(fmt::format("SQLite: bad list in column {}: {}", col.name, parsed.error()));
      return *parsed;
    }
  }
  return Cell{};
}

/// UTC now as the store keeps times (YYYY-MM-DDTHH:MM:SSZ) — the one formatter of it in the store.
std::string NowUtc() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string ColumnList(const TableSpec& spec) {
  std::string out;
  for (const ColumnSpec& c : spec.columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

}  // namespace

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error(fmt::format("cannot open SQLite database {}: {}", path_, message));
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    Exec("PRAGMA journal_mode = WAL");
    Exec("PRAGMA foreign_keys = ON");
    Exec("PRAGMA synchronous = NORMAL");
    Migrate();
    // The trail is append-only for this store's users (SQLite's own triggers; a PostgreSQL store revokes
    // UPDATE and DELETE instead). Someone with the file can still drop them: the hash chain shows that.
    Exec(
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
    Exec(
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

SqliteStore::~SqliteStore() {
  for (auto& [sql, stmt] : cached_statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

sqlite3_stmt* SqliteStore::Cached(const char* sql) {
  sqlite3_stmt*& stmt = cached_statements_[sql];
  if (!stmt && sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK)
    throw Error(fmt::format("SQLite: {} in: {}", sqlite3_errmsg(db_), sql));
  return stmt;
}

void SqliteStore::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(fmt::format("SQLite ({}): {}", path_, text));
  }
}

void SqliteStore::Migrate() {
  Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
      "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  const int current = SchemaVersionLocked();
  for (const Migration& m : Migrations()) {
    if (m.version <= current) continue;
    Exec("BEGIN IMMEDIATE");
    try {
      Exec(std::string(m.sql));
      Statement record(db_, "INSERT INTO schema_migrations (version, description) VALUES (?, ?)");
      sqlite3_bind_int(record.get(), 1, m.version);
      sqlite3_bind_text(record.get(), 2, m.description.data(), static_cast<int>(m.description.size()),
                        SQLITE_STATIC);
      record.Step();
      Exec("COMMIT");
    } catch (...) {
      Exec("ROLLBACK");
      throw;
    }
  }
}

int SqliteStore::SchemaVersion() {
  std::lock_guard lock(mutex_);
  return SchemaVersionLocked();
}

int SqliteStore::SchemaVersionLocked() {
  Statement s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.Step();
  return sqlite3_column_int(s.get(), 0);
}

/// Runs `work` in one transaction (BEGIN IMMEDIATE: the write lock is taken at once, so two writers
/// queue instead of failing on upgrade) and commits; on any exception rolls back and rethrows.
template <class F>
auto SqliteStore::InTransaction(F&& work) {
  Exec("BEGIN IMMEDIATE");
  try {
    auto result = work();
    Exec("COMMIT");
    return result;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

StoreRevision SqliteStore::RevisionLocked() {
  Statement s(db_, "SELECT revision, chain_revision FROM store_revision WHERE id = 1");
  if (s.Step() != SQLITE_ROW) throw Error("SQLite: the store revision row is missing");
  return {static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0)),
          static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 1))};
}

StoreRevision SqliteStore::Revision() {
  std::lock_guard lock(mutex_);
  return RevisionLocked();
}

std::uint64_t SqliteStore::BumpRevision(bool chain) {
  Exec(chain ? "UPDATE store_revision SET revision = revision + 1, chain_revision = revision + 1 WHERE id = 1"
             : "UPDATE store_revision SET revision = revision + 1 WHERE id = 1");
  return RevisionLocked().revision;
}

void SqliteStore::ReplaceDataset(const Dataset& d, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  Exec("BEGIN IMMEDIATE");
  try {
    const auto specs = TableSpecs();
    for (auto it = specs.rbegin(); it != specs.rend(); ++it) Exec(fmt::format("DELETE FROM {}", it->name));
    Exec("DELETE FROM dataset_meta");
    {
      Statement meta(db_, "INSERT INTO dataset_meta (id, json) VALUES (1, ?)");
      sqlite3_bind_text(meta.get(), 1, d.meta_json.data(), static_cast<int>(d.meta_json.size()),
                        SQLITE_STATIC);
      meta.Step();
    }
    for (const TableSpec& spec : specs) {
      std::string marks;
      for (std::size_t i = 0; i < spec.columns.size(); ++i) marks += i ? ", ?" : "?";
      Statement insert(db_,
                       fmt::format("INSERT INTO {} ({}) VALUES ({})", spec.name, ColumnList(spec), marks));
      const std::size_t rows = RowCount(d, spec.table);
      for (std::size_t r = 0; r < rows; ++r) {
        const Row row = EncodeRow(d, spec.table, r);
        for (std::size_t c = 0; c < row.size(); ++c) Bind(insert.get(), static_cast<int>(c + 1), row[c]);
        try {
          insert.Step();
        } catch (const Error& e) {
          throw Error(fmt::format("{} row {}: {}", spec.name, r + 1, e.what()));
        }
        insert.Reset();
      }
    }
    // Allocation restarts after the highest imported number.
    Exec("DELETE FROM record_sequences");
    Statement sequence(db_, "INSERT INTO record_sequences (kind, last) VALUES (?, ?)");
    auto restart = [&](std::string_view kind, std::string_view prefix, auto ids) {
      sqlite3_bind_text(sequence.get(), 1, kind.data(), static_cast<int>(kind.size()), SQLITE_STATIC);
      sqlite3_bind_int64(sequence.get(), 2, static_cast<sqlite3_int64>(HighestRecordNumber(ids, prefix)));
      sequence.Step();
      sequence.Reset();
    };
    std::vector<std::string_view> ids;
    for (const Demand& r : d.demands) ids.push_back(r.id);
    restart("demands", kDemandIdPrefix, ids);
    ids.clear();
    for (const Offer& r : d.offers) ids.push_back(r.id);
    restart("offers", kOfferIdPrefix, ids);
    {
      // A record keeps the time it was first posted or imported across imports.
      Statement posted(db_, "INSERT OR IGNORE INTO record_times (kind, id, created_at) VALUES (?, ?, ?)");
      const std::string now = NowUtc();
      auto keep = [&](std::string_view kind, std::string_view id) {
        sqlite3_bind_text(posted.get(), 1, kind.data(), static_cast<int>(kind.size()), SQLITE_STATIC);
        sqlite3_bind_text(posted.get(), 2, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
        sqlite3_bind_text(posted.get(), 3, now.data(), static_cast<int>(now.size()), SQLITE_STATIC);
        posted.Step();
        posted.Reset();
      };
      for (const Demand& r : d.demands) keep("demands", r.id);
      for (const Offer& r : d.offers) keep("offers", r.id);
    }
    std::string counts;
    for (const TableSpec& spec : specs)
      counts += fmt::format("{}\"{}\":{}", counts.empty() ? "{" : ",", spec.name, RowCount(d, spec.table));
    AuditLocked(by, "dataset.import", "dataset", "null", counts + "}");
    BumpRevision(true);
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void SqliteStore::ReadTable(const TableSpec& spec, Dataset& into) {
  Statement select(db_, fmt::format("SELECT {} FROM {} ORDER BY rowid", ColumnList(spec), spec.name));
  Row row(spec.columns.size());
  while (select.Step() == SQLITE_ROW) {
    for (std::size_t c = 0; c < spec.columns.size(); ++c)
      row[c] = Read(select.get(), static_cast<int>(c), spec.columns[c]);
    AppendRow(into, spec.table, row);
  }
}

Dataset SqliteStore::LoadDataset(StoreRevision* at) {
  std::lock_guard lock(mutex_);
  Dataset d;
  Exec("BEGIN");  // one consistent read snapshot
  try {
    {
      Statement meta(db_, "SELECT json FROM dataset_meta WHERE id = 1");
      if (meta.Step() == SQLITE_ROW)
        d.meta_json = reinterpret_cast<const char*>(sqlite3_column_text(meta.get(), 0));
    }
    for (const TableSpec& spec : TableSpecs()) ReadTable(spec, d);
    if (at) *at = RevisionLocked();
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return d;
}

Market SqliteStore::LoadMarket() {
  std::lock_guard lock(mutex_);
  Dataset d;
  Market m;
  Exec("BEGIN");
  try {
    ReadTable(SpecOf(Table::kDemands), d);
    ReadTable(SpecOf(Table::kOffers), d);
    m.revision = RevisionLocked().revision;
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  m.demands = RecordTable<Demand>(d.demands);
  m.offers = RecordTable<Offer>(d.offers);
  return m;
}

namespace {

/// Binds every cell of `row` (parameters 1…n) and runs the INSERT or UPDATE; a foreign-key failure is the
/// user's (an unknown enterprise or component), anything else is the store's.
void WriteRow(sqlite3* db, Statement& statement, Table table, const Row& row, std::string_view id) {
  for (std::size_t c = 0; c < row.size(); ++c) Bind(statement.get(), static_cast<int>(c + 1), row[c]);
  if (sqlite3_step(statement.get()) == SQLITE_DONE) return;
  if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY)
    throw InvalidInput(fmt::format("{} '{}' refers to an enterprise or component that does not exist",
                                   SingularOf(table), id));
  throw Error(fmt::format("SQLite: {}", sqlite3_errmsg(db)));
}

bool IdExists(sqlite3* db, std::string_view table, std::string_view id) {
  Statement s(db, fmt::format("SELECT 1 FROM {} WHERE id = ?", table));
  sqlite3_bind_text(s.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  return s.Step() == SQLITE_ROW;
}

}  // namespace

std::uint64_t SqliteStore::CreateRow(Table table, std::string_view prefix, Dataset& one,
                                     const AuditContext& by) {
  const TableSpec& spec = SpecOf(table);
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    std::string& id = table == Table::kDemands ? one.demands[0].id : one.offers[0].id;
    if (id.empty()) {  // the next free number after the sequence, skipping ids taken by hand
      std::uint64_t n = 0;
      {
        Statement last(db_, "SELECT last FROM record_sequences WHERE kind = ?");
        sqlite3_bind_text(last.get(), 1, spec.name.data(), static_cast<int>(spec.name.size()), SQLITE_STATIC);
        if (last.Step() == SQLITE_ROW) n = static_cast<std::uint64_t>(sqlite3_column_int64(last.get(), 0));
      }
      do id = RecordIdOf(prefix, ++n);
      while (IdExists(db_, spec.name, id));
      Statement save(db_,
                     "INSERT INTO record_sequences (kind, last) VALUES (?, ?) "
                     "ON CONFLICT(kind) DO UPDATE SET last = excluded.last");
      sqlite3_bind_text(save.get(), 1, spec.name.data(), static_cast<int>(spec.name.size()), SQLITE_STATIC);
      sqlite3_bind_int64(save.get(), 2, static_cast<sqlite3_int64>(n));
      save.Step();
    } else if (IdExists(db_, spec.name, id)) {
      throw Conflict(fmt::format("{} '{}' exists", SingularOf(table), id));
    }
    std::string marks;
    for (std::size_t i = 0; i < spec.columns.size(); ++i) marks += i ? ", ?" : "?";
    Statement insert(db_, fmt::format("INSERT INTO {} ({}) VALUES ({})", spec.name, ColumnList(spec), marks));
    const Row row = EncodeRow(one, table, 0);
    WriteRow(db_, insert, table, row, id);
    {
      Statement posted(
          db_,
          "INSERT INTO record_times (kind, id, created_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', "
          "'now')) ON CONFLICT (kind, id) DO UPDATE SET created_at = excluded.created_at");
      sqlite3_bind_text(posted.get(), 1, spec.name.data(), static_cast<int>(spec.name.size()), SQLITE_STATIC);
      sqlite3_bind_text(posted.get(), 2, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      posted.Step();
    }
    AuditLocked(by, fmt::format("{}.create", SingularOf(table)), fmt::format("{}:{}", SingularOf(table), id),
                "null", RowJson(spec, row));
    return BumpRevision(false);
  });
}

std::uint64_t SqliteStore::UpdateRow(Table table, std::string_view id,
                                     const std::function<Dataset(const Dataset&)>& change,
                                     const AuditContext& by) {
  const TableSpec& spec = SpecOf(table);
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    Dataset current;
    Row stored(spec.columns.size());
    {
      Statement select(db_, fmt::format("SELECT {} FROM {} WHERE id = ?", ColumnList(spec), spec.name));
      sqlite3_bind_text(select.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      if (select.Step() != SQLITE_ROW)
        throw NotFound(fmt::format("no {} with id '{}'", SingularOf(table), id));
      for (std::size_t c = 0; c < spec.columns.size(); ++c)
        stored[c] = Read(select.get(), static_cast<int>(c), spec.columns[c]);
      AppendRow(current, table, stored);
    }
    const Row row = EncodeRow(change(current), table, 0);
    if (std::get<std::string>(row[spec.key[0]]) != id) throw Error("an update cannot change a record's id");
    std::string sets;
    for (std::size_t i = 0; i < spec.columns.size(); ++i)
      if (i != spec.key[0])
        sets += fmt::format("{}{} = ?{}", sets.empty() ? "" : ", ", spec.columns[i].name, i + 1);
    Statement update(db_, fmt::format("UPDATE {} SET {} WHERE {} = ?{}", spec.name, sets,
                                      spec.columns[spec.key[0]].name, spec.key[0] + 1));
    WriteRow(db_, update, table, row, id);
    AuditLocked(by, fmt::format("{}.update", SingularOf(table)), fmt::format("{}:{}", SingularOf(table), id),
                RowJson(spec, stored), RowJson(spec, row));
    return BumpRevision(false);
  });
}

std::uint64_t SqliteStore::Create(Demand& record, const AuditContext& by) {
  Dataset one;
  one.demands.push_back(std::move(record));
  const std::uint64_t revision = CreateRow(Table::kDemands, kDemandIdPrefix, one, by);
  record = std::move(one.demands[0]);
  return revision;
}

std::uint64_t SqliteStore::Create(Offer& record, const AuditContext& by) {
  Dataset one;
  one.offers.push_back(std::move(record));
  const std::uint64_t revision = CreateRow(Table::kOffers, kOfferIdPrefix, one, by);
  record = std::move(one.offers[0]);
  return revision;
}

std::uint64_t SqliteStore::Update(std::string_view id, const std::function<Demand(const Demand&)>& change,
                                  const AuditContext& by) {
  return UpdateRow(
      Table::kDemands, id,
      [&](const Dataset& current) {
        Dataset next;
        next.demands.push_back(change(current.demands[0]));
        return next;
      },
      by);
}

std::uint64_t SqliteStore::Update(std::string_view id, const std::function<Offer(const Offer&)>& change,
                                  const AuditContext& by) {
  return UpdateRow(
      Table::kOffers, id,
      [&](const Dataset& current) {
        Dataset next;
        next.offers.push_back(change(current.offers[0]));
        return next;
      },
      by);
}

}  // namespace chainscope

namespace chainscope {
namespace {

void BindText(sqlite3_stmt* s, int i, std::string_view text) {
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string ColumnText(sqlite3_stmt* s, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return {text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
}

constexpr std::string_view kUserColumns =
    "id, email, role, enterprise, disabled, password_hash, created_at, enterprise_admin";

User ReadUser(sqlite3_stmt* s) {
  User u;
  u.id = sqlite3_column_int64(s, 0);
  u.email = ColumnText(s, 1);
  const auto role = ParseAccountRole(ColumnText(s, 2));
  if (!role) throw Error("SQLite: an account has an unknown role");
  u.role = *role;
  u.enterprise = ColumnText(s, 3);
  u.disabled = sqlite3_column_int(s, 4) != 0;
  u.password_hash = ColumnText(s, 5);
  u.created_at = ColumnText(s, 6);
  u.enterprise_admin = sqlite3_column_int(s, 7) != 0;
  return u;
}

/// Checks what the schema cannot: the shape, and that a member's enterprise exists.
void CheckUser(sqlite3* db, const User& u) {
  CheckUserShape(u);
  if (u.password_hash.empty()) throw Error("an account must have a password hash");
  if (u.enterprise.empty()) return;
  Statement s(db, "SELECT 1 FROM enterprises WHERE id = ?");
  BindText(s.get(), 1, u.enterprise);
  if (s.Step() != SQLITE_ROW)
    throw InvalidInput(fmt::format("field 'enterprise': unknown enterprise '{}'", u.enterprise));
}

/// An account as the audit trail shows it: never its password hash.
std::string UserJson(const User& u) {
  return fmt::format(
      R"({{"id":{},"email":{},"role":{},"enterprise":{},"enterprise_admin":{},"disabled":{}}})", u.id,
      JsonQuote(u.email), JsonQuote(ToString(u.role)),
      u.enterprise.empty() ? "null" : JsonQuote(u.enterprise), u.enterprise_admin,
      u.disabled ? "true" : "false");
}

/// Binds role, enterprise (NULL for none), disabled, password hash and enterprise_admin to parameters
/// first…first+4.
void BindUserFields(sqlite3_stmt* s, int first, const User& u) {
  BindText(s, first, ToString(u.role));
  if (u.enterprise.empty())
    sqlite3_bind_null(s, first + 1);
  else
    BindText(s, first + 1, u.enterprise);
  sqlite3_bind_int(s, first + 2, u.disabled ? 1 : 0);
  BindText(s, first + 3, u.password_hash);
  sqlite3_bind_int(s, first + 4, u.enterprise_admin ? 1 : 0);
}

}  // namespace

void SqliteStore::AddUser(User& user, const AuditContext& by) {
  user.email = NormalizeEmail(user.email);
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    CheckUser(db_, user);
    if (FindUserLocked(user.email)) throw Conflict(fmt::format("an account for '{}' exists", user.email));
    Statement insert(
        db_,
        "INSERT INTO users (email, role, enterprise, disabled, password_hash, enterprise_admin, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) RETURNING id, created_at");
    BindText(insert.get(), 1, user.email);
    BindUserFields(insert.get(), 2, user);
    if (insert.Step() != SQLITE_ROW) throw Error("SQLite: the new account has no id");
    user.id = sqlite3_column_int64(insert.get(), 0);
    user.created_at = ColumnText(insert.get(), 1);
    insert.Step();
    AuditLocked(by, "user.create", "user:" + user.email, "null", UserJson(user));
    return 0;
  });
}

std::vector<User> SqliteStore::Users() {
  std::lock_guard lock(mutex_);
  Statement s(db_, fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns));
  std::vector<User> out;
  while (s.Step() == SQLITE_ROW) out.push_back(ReadUser(s.get()));
  return out;
}

std::optional<User> SqliteStore::FindUserLocked(std::string_view email) {
  Statement s(db_, fmt::format("SELECT {} FROM users WHERE email = ?", kUserColumns));
  BindText(s.get(), 1, email);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return ReadUser(s.get());
}

std::optional<User> SqliteStore::FindUser(std::string_view email) {
  const std::string normalized = NormalizeEmail(email);
  std::lock_guard lock(mutex_);
  return FindUserLocked(normalized);
}

std::optional<User> SqliteStore::UserById(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  sqlite3_bind_int64(s.get(), 1, id);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return ReadUser(s.get());
}

void SqliteStore::UpdateUser(std::string_view email, const std::function<User(const User&)>& change,
                             const AuditContext& by) {
  const std::string normalized = NormalizeEmail(email);
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    const std::optional<User> stored = FindUserLocked(normalized);
    if (!stored) throw NotFound(fmt::format("no account for '{}'", normalized));
    const User next = change(*stored);
    if (next.id != stored->id || next.email != stored->email)
      throw Error("an account's id and email cannot change");
    CheckUser(db_, next);
    Statement update(
        db_,
        "UPDATE users SET role = ?, enterprise = ?, disabled = ?, password_hash = ?, enterprise_admin = ? "
        "WHERE id = ?");
    BindUserFields(update.get(), 1, next);
    sqlite3_bind_int64(update.get(), 6, next.id);
    update.Step();
    std::string after = UserJson(next);
    if (next.password_hash != stored->password_hash)
      after.insert(after.size() - 1, R"(,"password_changed":true)");
    AuditLocked(by, "user.update", "user:" + next.email, UserJson(*stored), after);
    return 0;
  });
}

}  // namespace chainscope

namespace chainscope {
namespace {

constexpr std::string_view kCredentialColumns =
    "id, user_id, kind, name, secret_hash, created_at, expires_at, last_used_at, revoked";

Credential ReadCredential(sqlite3_stmt* s) {
  Credential c;
  c.id = sqlite3_column_int64(s, 0);
  c.user_id = sqlite3_column_int64(s, 1);
  c.kind = ColumnText(s, 2) == "token" ? Credential::Kind::kToken : Credential::Kind::kSession;
  c.name = ColumnText(s, 3);
  c.secret_hash = ColumnText(s, 4);
  c.created_at = ColumnText(s, 5);
  c.expires_at = ColumnText(s, 6);
  c.last_used_at = ColumnText(s, 7);
  c.revoked = sqlite3_column_int(s, 8) != 0;
  return c;
}

/// A session or token as the audit trail shows it: never the hash of its secret.
std::string CredentialJson(const Credential& c) {
  return fmt::format(R"({{"id":{},"user_id":{},"kind":{},"name":{},"expires_at":{},"revoked":{}}})", c.id,
                     c.user_id, JsonQuote(ToString(c.kind)), JsonQuote(c.name), JsonQuote(c.expires_at),
                     c.revoked ? "true" : "false");
}

}  // namespace

void SqliteStore::AddCredential(Credential& credential, const AuditContext& by) {
  if (credential.secret_hash.empty() || credential.expires_at.empty())
    throw Error("a credential needs the hash of its secret and an expiry");
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    Statement insert(
        db_,
        "INSERT INTO credentials (user_id, kind, name, secret_hash, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?) RETURNING id, created_at");
    sqlite3_bind_int64(insert.get(), 1, credential.user_id);
    BindText(insert.get(), 2, ToString(credential.kind));
    BindText(insert.get(), 3, credential.name);
    BindText(insert.get(), 4, credential.secret_hash);
    BindText(insert.get(), 5, credential.expires_at);
    const int rc = sqlite3_step(insert.get());
    if (rc != SQLITE_ROW) {
      if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_FOREIGNKEY)
        throw InvalidInput(fmt::format("no account with id {}", credential.user_id));
      throw Error(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
    }
    credential.id = sqlite3_column_int64(insert.get(), 0);
    credential.created_at = ColumnText(insert.get(), 1);
    insert.Step();
    AuditLocked(by, fmt::format("{}.create", ToString(credential.kind)),
                fmt::format("credential:{}", credential.id), "null", CredentialJson(credential));
    return 0;
  });
}

std::optional<Credential> SqliteStore::FindCredential(std::string_view secret_hash) {
  std::lock_guard lock(mutex_);
  Statement s(db_, fmt::format("SELECT {} FROM credentials WHERE secret_hash = ?", kCredentialColumns));
  BindText(s.get(), 1, secret_hash);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return ReadCredential(s.get());
}

std::optional<std::pair<Credential, User>> SqliteStore::FindCredentialAndUser(std::string_view secret_hash) {
  std::lock_guard lock(mutex_);
  // Credential columns 0–8, then the account's (kUserColumns order) 9–16.
  Statement s(
      db_,
      Cached(
          "SELECT c.id, c.user_id, c.kind, c.name, c.secret_hash, c.created_at, c.expires_at, "
          "c.last_used_at, "
          "c.revoked, u.id, u.email, u.role, u.enterprise, u.disabled, u.password_hash, u.created_at, "
          "u.enterprise_admin FROM credentials c JOIN users u ON u.id = c.user_id WHERE c.secret_hash = ?"));
  BindText(s.get(), 1, secret_hash);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  Credential c = ReadCredential(s.get());
  User u;
  u.id = sqlite3_column_int64(s.get(), 9);
  u.email = ColumnText(s.get(), 10);
  const auto role = ParseAccountRole(ColumnText(s.get(), 11));
  if (!role) throw Error("SQLite: an account has an unknown role");
  u.role = *role;
  u.enterprise = ColumnText(s.get(), 12);
  u.disabled = sqlite3_column_int(s.get(), 13) != 0;
  u.password_hash = ColumnText(s.get(), 14);
  u.created_at = ColumnText(s.get(), 15);
  u.enterprise_admin = sqlite3_column_int(s.get(), 16) != 0;
  return std::pair{std::move(c), std::move(u)};
}

std::vector<Credential> SqliteStore::Credentials(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  Statement s(
      db_, fmt::format("SELECT {} FROM credentials WHERE user_id = ? ORDER BY id DESC", kCredentialColumns));
  sqlite3_bind_int64(s.get(), 1, user_id);
  std::vector<Credential> out;
  while (s.Step() == SQLITE_ROW) out.push_back(ReadCredential(s.get()));
  return out;
}

void SqliteStore::RevokeCredential(std::int64_t id, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    Statement s(db_, "UPDATE credentials SET revoked = 1 WHERE id = ?");
    sqlite3_bind_int64(s.get(), 1, id);
    s.Step();
    if (sqlite3_changes(db_) == 0) throw NotFound(fmt::format("no credential {}", id));
    AuditLocked(by, "credential.revoke", fmt::format("credential:{}", id), R"({"revoked":false})",
                R"({"revoked":true})");
    return 0;
  });
}

void SqliteStore::RevokeCredentials(std::int64_t user_id, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    Statement s(db_, "UPDATE credentials SET revoked = 1 WHERE user_id = ? AND revoked = 0");
    sqlite3_bind_int64(s.get(), 1, user_id);
    s.Step();
    AuditLocked(by, "credential.revoke_all", fmt::format("user_id:{}", user_id), "null",
                fmt::format(R"({{"revoked":{}}})", sqlite3_changes(db_)));
    return 0;
  });
}

void SqliteStore::TouchCredential(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "UPDATE credentials SET last_used_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
  sqlite3_bind_int64(s.get(), 1, id);
  s.Step();
}

}  // namespace chainscope

namespace chainscope {

void SqliteStore::AuditLocked(const AuditContext& by, std::string_view action, std::string_view entity,
                              std::string_view before, std::string_view after) {
  AuditRecord r;
  r.by = by;
  if (r.by.action.empty()) r.by.action = std::string(action);
  r.entity = std::string(entity);
  r.before = std::string(before);
  r.after = std::string(after);
  r.at = NowUtc();
  {
    Statement head(db_, Cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    if (head.Step() == SQLITE_ROW) {
      r.id = sqlite3_column_int64(head.get(), 0) + 1;
      r.prev_hash = ColumnText(head.get(), 1);
    } else {
      r.id = 1;
      r.prev_hash = std::string(kAuditGenesisHash);
    }
  }
  r.hash = AuditHash(r);
  Statement insert(db_,
                   Cached("INSERT INTO audit_log (id, at, actor, enterprise, request_id, client, action, "
                          "entity, before_json, after_json, prev_hash, hash) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  sqlite3_bind_int64(insert.get(), 1, r.id);
  int i = 2;
  for (const std::string* text : {&r.at, &r.by.actor, &r.by.enterprise, &r.by.request_id, &r.by.client,
                                  &r.by.action, &r.entity, &r.before, &r.after, &r.prev_hash, &r.hash})
    BindText(insert.get(), i++, *text);
  insert.Step();
}

void SqliteStore::AppendAudit(const AuditContext& by, std::string_view entity, std::string_view before,
                              std::string_view after) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    AuditLocked(by, "event", entity, before, after);
    return 0;
  });
}

std::vector<AuditRecord> SqliteStore::AuditTrail(const AuditQuery& q, std::size_t* total) {
  std::string where = "WHERE id > ?1";
  if (!q.entity.empty()) where += " AND entity = ?2";
  if (!q.actor.empty()) where += " AND actor = ?3";
  if (!q.since.empty()) where += " AND at >= ?4";
  if (!q.enterprise.empty()) where += " AND enterprise = ?5";
  auto bind = [&](Statement& s) {
    sqlite3_bind_int64(s.get(), 1, q.after_id);
    if (!q.entity.empty()) BindText(s.get(), 2, q.entity);
    if (!q.actor.empty()) BindText(s.get(), 3, q.actor);
    if (!q.since.empty()) BindText(s.get(), 4, q.since);
    if (!q.enterprise.empty()) BindText(s.get(), 5, q.enterprise);
  };
  std::lock_guard lock(mutex_);
  if (total) {
    Statement count(db_, "SELECT COUNT(*) FROM audit_log " + where);
    bind(count);
    count.Step();
    *total = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
  }
  Statement s(
      db_, fmt::format("SELECT id, at, actor, enterprise, request_id, client, action, entity, before_json, "
                       "after_json, prev_hash, hash FROM audit_log {} ORDER BY id {} LIMIT ?6 OFFSET ?7",
                       where, q.newest_first ? "DESC" : "ASC"));
  bind(s);
  sqlite3_bind_int64(s.get(), 6, static_cast<sqlite3_int64>(q.limit));
  sqlite3_bind_int64(s.get(), 7, static_cast<sqlite3_int64>(q.offset));
  std::vector<AuditRecord> out;
  while (s.Step() == SQLITE_ROW) {
    AuditRecord r;
    r.id = sqlite3_column_int64(s.get(), 0);
    std::string* fields[] = {&r.at,        &r.by.actor,  &r.by.enterprise, &r.by.request_id,
                             &r.by.client, &r.by.action, &r.entity,        &r.before,
                             &r.after,     &r.prev_hash, &r.hash};
    for (int i = 0; i < 11; ++i) *fields[i] = ColumnText(s.get(), i + 1);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace chainscope

namespace chainscope {
namespace {

std::string ResponseJson(const Response& r) {
  return fmt::format(R"({{"id":{},"demand":{},"buyer":{},"supplier":{},"component":{},"annual_quantity":{},)"
                     R"("unit_price_yuan":{},"lead_time_days":{},"message":{},"status":{}}})",
                     JsonQuote(r.id), JsonQuote(r.demand), JsonQuote(r.buyer), JsonQuote(r.supplier),
                     JsonQuote(r.component), r.annual_quantity, r.unit_price_yuan, r.lead_time_days,
                     JsonQuote(r.message), JsonQuote(ToString(r.status)));
}

std::string DealJson(const Deal& d) {
  return fmt::format(
      R"({{"id":{},"response":{},"demand":{},"buyer":{},"supplier":{},"component":{},"annual_quantity":{},)"
      R"("unit_price_yuan":{},"start_date":{},"buyer_confirmed":{},"supplier_confirmed":{},"linked":{}}})",
      JsonQuote(d.id), JsonQuote(d.response), JsonQuote(d.demand), JsonQuote(d.buyer), JsonQuote(d.supplier),
      JsonQuote(d.component), d.annual_quantity, d.unit_price_yuan, JsonQuote(d.start_date),
      d.buyer_confirmed, d.supplier_confirmed, d.linked);
}

constexpr std::string_view kResponseColumns =
    "id, demand, buyer, supplier, component, annual_quantity, unit_price_yuan, lead_time_days, message, "
    "status, "
    "created_at, updated_at";
constexpr std::string_view kDealColumns =
    "id, response, demand, buyer, supplier, component, annual_quantity, unit_price_yuan, start_date, "
    "buyer_confirmed, supplier_confirmed, linked, created_at";

/// " WHERE a = ?1 AND b = ?2 …" over the non-empty filters, and their values in order.
std::string Where(std::initializer_list<std::pair<std::string_view, const std::string*>> filters,
                  std::vector<const std::string*>& values) {
  std::string out;
  for (const auto& [column, value] : filters) {
    if (value->empty()) continue;
    values.push_back(value);
    out += fmt::format("{} {} = ?{}", out.empty() ? " WHERE" : " AND", column, values.size());
  }
  return out;
}

}  // namespace

std::string SqliteStore::NextId(std::string_view kind, std::string_view table, std::string_view prefix) {
  std::uint64_t n = 0;
  {
    Statement last(db_, "SELECT last FROM record_sequences WHERE kind = ?");
    BindText(last.get(), 1, kind);
    if (last.Step() == SQLITE_ROW) n = static_cast<std::uint64_t>(sqlite3_column_int64(last.get(), 0));
  }
  std::string id;
  do id = RecordIdOf(prefix, ++n);
  while (IdExists(db_, table, id));
  Statement save(db_,
                 "INSERT INTO record_sequences (kind, last) VALUES (?, ?) "
                 "ON CONFLICT(kind) DO UPDATE SET last = excluded.last");
  BindText(save.get(), 1, kind);
  sqlite3_bind_int64(save.get(), 2, static_cast<sqlite3_int64>(n));
  save.Step();
  return id;
}

void SqliteStore::WriteResponse(const Response& r, bool insert) {
  Statement s(db_, insert
                       ? fmt::format("INSERT INTO responses ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                                     "?10, ?11, ?12)",
                                     kResponseColumns)
                       : std::string("UPDATE responses SET annual_quantity = ?6, unit_price_yuan = ?7, "
                                     "lead_time_days = ?8, message = ?9, status = ?10, updated_at = ?12 "
                                     "WHERE id = ?1"));
  int i = 1;
  for (const std::string* text : {&r.id, &r.demand, &r.buyer, &r.supplier, &r.component})
    BindText(s.get(), i++, *text);
  sqlite3_bind_int64(s.get(), 6, r.annual_quantity);
  sqlite3_bind_double(s.get(), 7, r.unit_price_yuan);
  sqlite3_bind_double(s.get(), 8, r.lead_time_days);
  BindText(s.get(), 9, r.message);
  BindText(s.get(), 10, ToString(r.status));
  BindText(s.get(), 11, r.created_at);
  BindText(s.get(), 12, r.updated_at);
  s.Step();
}

void SqliteStore::WriteDeal(const Deal& d, bool insert) {
  Statement s(db_,
              insert ? fmt::format("INSERT INTO deals ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                   "?11, ?12, ?13)",
                                   kDealColumns)
                     : std::string("UPDATE deals SET buyer_confirmed = ?10, supplier_confirmed = ?11, "
                                   "linked = ?12 WHERE id = ?1"));
  int i = 1;
  for (const std::string* text : {&d.id, &d.response, &d.demand, &d.buyer, &d.supplier, &d.component})
    BindText(s.get(), i++, *text);
  sqlite3_bind_int64(s.get(), 7, d.annual_quantity);
  sqlite3_bind_double(s.get(), 8, d.unit_price_yuan);
  BindText(s.get(), 9, d.start_date);
  sqlite3_bind_int(s.get(), 10, d.buyer_confirmed ? 1 : 0);
  sqlite3_bind_int(s.get(), 11, d.supplier_confirmed ? 1 : 0);
  sqlite3_bind_int(s.get(), 12, d.linked ? 1 : 0);
  BindText(s.get(), 13, d.created_at);
  s.Step();
}

std::vector<Response> SqliteStore::ResponsesLocked(const ResponseQuery& q) {
  std::vector<const std::string*> values;
  const std::string where =
      Where({{"id", &q.id}, {"demand", &q.demand}, {"supplier", &q.supplier}, {"buyer", &q.buyer}}, values);
  Statement s(db_, fmt::format("SELECT {} FROM responses{} ORDER BY rowid", kResponseColumns, where));
  for (std::size_t i = 0; i < values.size(); ++i) BindText(s.get(), static_cast<int>(i + 1), *values[i]);
  std::vector<Response> out;
  while (s.Step() == SQLITE_ROW) {
    Response r;
    r.id = ColumnText(s.get(), 0);
    r.demand = ColumnText(s.get(), 1);
    r.buyer = ColumnText(s.get(), 2);
    r.supplier = ColumnText(s.get(), 3);
    r.component = ColumnText(s.get(), 4);
    r.annual_quantity = sqlite3_column_int64(s.get(), 5);
    r.unit_price_yuan = sqlite3_column_double(s.get(), 6);
    r.lead_time_days = sqlite3_column_double(s.get(), 7);
    r.message = ColumnText(s.get(), 8);
    const auto status = ParseResponseStatus(ColumnText(s.get(), 9));
    if (!status) throw Error("SQLite: a response has an unknown status");
    r.status = *status;
    r.created_at = ColumnText(s.get(), 10);
    r.updated_at = ColumnText(s.get(), 11);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Deal> SqliteStore::DealsLocked(const DealQuery& q) {
  std::vector<const std::string*> values;
  std::string where = Where({{"id", &q.id}, {"demand", &q.demand}}, values);
  if (!q.party.empty()) {
    values.push_back(&q.party);
    where += fmt::format("{} (buyer = ?{} OR supplier = ?{})", where.empty() ? " WHERE" : " AND",
                         values.size(), values.size());
  }
  Statement s(db_, fmt::format("SELECT {} FROM deals{} ORDER BY rowid", kDealColumns, where));
  for (std::size_t i = 0; i < values.size(); ++i) BindText(s.get(), static_cast<int>(i + 1), *values[i]);
  std::vector<Deal> out;
  while (s.Step() == SQLITE_ROW) {
    Deal d;
    std::string* texts[] = {&d.id, &d.response, &d.demand, &d.buyer, &d.supplier, &d.component};
    for (int i = 0; i < 6; ++i) *texts[i] = ColumnText(s.get(), i);
    d.annual_quantity = sqlite3_column_int64(s.get(), 6);
    d.unit_price_yuan = sqlite3_column_double(s.get(), 7);
    d.start_date = ColumnText(s.get(), 8);
    d.buyer_confirmed = sqlite3_column_int(s.get(), 9) != 0;
    d.supplier_confirmed = sqlite3_column_int(s.get(), 10) != 0;
    d.linked = sqlite3_column_int(s.get(), 11) != 0;
    d.created_at = ColumnText(s.get(), 12);
    out.push_back(std::move(d));
  }
  return out;
}

void SqliteStore::AddResponse(Response& response, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    for (const Response& r : ResponsesLocked({.demand = response.demand, .supplier = response.supplier}))
      if (r.status != ResponseStatus::kDeclined && r.status != ResponseStatus::kWithdrawn)
        throw Conflict(fmt::format("{} has answered demand {} already (response {}); withdraw it first",
                                   response.supplier, response.demand, r.id));
    response.id = NextId("responses", "responses", kResponseIdPrefix);
    response.created_at = response.updated_at = NowUtc();
    WriteResponse(response, true);
    AuditLocked(by, "response.create", "response:" + response.id, "null", ResponseJson(response));
    return 0;
  });
}

std::vector<Response> SqliteStore::Responses(const ResponseQuery& query) {
  std::lock_guard lock(mutex_);
  return ResponsesLocked(query);
}

Response SqliteStore::UpdateResponse(std::string_view id,
                                     const std::function<Response(const Response&)>& change,
                                     const AuditContext& by) {
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    const std::vector<Response> stored = ResponsesLocked({.id = std::string(id)});
    if (stored.empty()) throw NotFound(fmt::format("no response with id '{}'", id));
    Response next = change(stored[0]);
    if (next.id != stored[0].id || next.demand != stored[0].demand || next.supplier != stored[0].supplier)
      throw Error("an update cannot change a response's id, demand or supplier");
    next.updated_at = NowUtc();
    WriteResponse(next, false);
    AuditLocked(by, "response.update", "response:" + next.id, ResponseJson(stored[0]), ResponseJson(next));
    return next;
  });
}

Deal SqliteStore::AcceptResponse(std::string_view response_id,
                                 const std::function<Deal(const Response&)>& make_deal,
                                 const AuditContext& by) {
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    const std::vector<Response> stored = ResponsesLocked({.id = std::string(response_id)});
    if (stored.empty()) throw NotFound(fmt::format("no response with id '{}'", response_id));
    Deal deal = make_deal(stored[0]);
    Response accepted = stored[0];
    accepted.status = ResponseStatus::kAccepted;
    accepted.updated_at = NowUtc();
    WriteResponse(accepted, false);
    AuditLocked(by, "response.accept", "response:" + accepted.id, ResponseJson(stored[0]),
                ResponseJson(accepted));
    deal.id = NextId("deals", "deals", kDealIdPrefix);
    deal.response = accepted.id;
    deal.created_at = accepted.updated_at;
    deal.buyer_confirmed = deal.supplier_confirmed = deal.linked = false;
    WriteDeal(deal, true);
    AuditLocked(by, "deal.create", "deal:" + deal.id, "null", DealJson(deal));
    return deal;
  });
}

std::vector<Deal> SqliteStore::Deals(const DealQuery& query) {
  std::lock_guard lock(mutex_);
  return DealsLocked(query);
}

Deal SqliteStore::ConfirmDeal(std::string_view id, bool buyer_side,
                              const std::function<void(const Deal&)>& check, const LinkTerms& terms,
                              const AuditContext& by) {
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    const std::vector<Deal> stored = DealsLocked({.id = std::string(id)});
    if (stored.empty()) throw NotFound(fmt::format("no deal with id '{}'", id));
    check(stored[0]);
    Deal next = stored[0];
    (buyer_side ? next.buyer_confirmed : next.supplier_confirmed) = true;
    if (next.buyer_confirmed && next.supplier_confirmed && !next.linked) {
      Statement upsert(
          db_,
          "INSERT INTO links (buyer, supplier, component, annual_volume, unit_price_yuan, "
          "buyer_inventory_days, in_transit_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
          "ON CONFLICT (buyer, supplier, component) DO UPDATE SET "
          "unit_price_yuan = (annual_volume * unit_price_yuan + ?4 * ?5) / (annual_volume + ?4), "
          "annual_volume = annual_volume + ?4");
      BindText(upsert.get(), 1, next.buyer);
      BindText(upsert.get(), 2, next.supplier);
      BindText(upsert.get(), 3, next.component);
      sqlite3_bind_int64(upsert.get(), 4, next.annual_quantity);
      sqlite3_bind_double(upsert.get(), 5, next.unit_price_yuan);
      sqlite3_bind_double(upsert.get(), 6, terms.buyer_inventory_days);
      sqlite3_bind_double(upsert.get(), 7, terms.in_transit_days);
      if (sqlite3_step(upsert.get()) != SQLITE_DONE) {
        if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_FOREIGNKEY)
          throw Conflict(
              fmt::format("deal {}: its buyer, supplier or component is no longer in the chain", id));
        throw Error(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
      }
      next.linked = true;
      BumpRevision(true);
    }
    WriteDeal(next, false);
    AuditLocked(by, buyer_side ? "deal.confirm_buyer" : "deal.confirm_supplier", "deal:" + next.id,
                DealJson(stored[0]), DealJson(next));
    return next;
  });
}

std::map<std::string, std::string> SqliteStore::PostedTimes(std::string_view table) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT id, created_at FROM record_times WHERE kind = ?");
  BindText(s.get(), 1, table);
  std::map<std::string, std::string> out;
  while (s.Step() == SQLITE_ROW) out.emplace(ColumnText(s.get(), 0), ColumnText(s.get(), 1));
  return out;
}

}  // namespace chainscope

namespace chainscope {
namespace {

constexpr std::string_view kNotificationColumns =
    "id, enterprise, event, entity, payload, created_at, read_at";
constexpr std::string_view kWebhookColumns = "id, enterprise, url, events, sealed_secret, active, created_at";
constexpr std::string_view kDeliveryColumns =
    "id, webhook, notification, status, attempts, next_attempt_at, last_http_status, last_error, "
    "delivered_at, "
    "created_at";

Notification ReadNotification(sqlite3_stmt* s) {
  Notification n;
  n.id = sqlite3_column_int64(s, 0);
  n.enterprise = ColumnText(s, 1);
  n.event = ColumnText(s, 2);
  n.entity = ColumnText(s, 3);
  n.payload = ColumnText(s, 4);
  n.created_at = ColumnText(s, 5);
  n.read_at = ColumnText(s, 6);
  return n;
}

std::string JoinEvents(const std::vector<std::string>& events) {
  std::string out;
  for (const std::string& e : events) {
    if (!out.empty()) out += ',';
    out += e;
  }
  return out;
}

Webhook ReadWebhook(sqlite3_stmt* s) {
  Webhook w;
  w.id = sqlite3_column_int64(s, 0);
  w.enterprise = ColumnText(s, 1);
  w.url = ColumnText(s, 2);
  const std::string events = ColumnText(s, 3);
  for (std::size_t at = 0; at < events.size();) {
    const std::size_t comma = std::min(events.find(',', at), events.size());
    w.events.push_back(events.substr(at, comma - at));
    at = comma + 1;
  }
  w.sealed_secret = ColumnText(s, 4);
  w.active = sqlite3_column_int(s, 5) != 0;
  w.created_at = ColumnText(s, 6);
  return w;
}

WebhookDelivery ReadDelivery(sqlite3_stmt* s) {
  WebhookDelivery d;
  d.id = sqlite3_column_int64(s, 0);
  d.webhook = sqlite3_column_int64(s, 1);
  d.notification = sqlite3_column_int64(s, 2);
  const std::string status = ColumnText(s, 3);
  d.status = status == "delivered" ? WebhookDelivery::Status::kDelivered
             : status == "failed"  ? WebhookDelivery::Status::kFailed
                                   : WebhookDelivery::Status::kPending;
  d.attempts = sqlite3_column_int(s, 4);
  d.next_attempt_at = ColumnText(s, 5);
  d.last_http_status = sqlite3_column_int(s, 6);
  d.last_error = ColumnText(s, 7);
  d.delivered_at = ColumnText(s, 8);
  d.created_at = ColumnText(s, 9);
  return d;
}

std::string WebhookJson(const Webhook& w) {
  return fmt::format(R"({{"id":{},"enterprise":{},"url":{},"events":{},"active":{}}})", w.id,
                     JsonQuote(w.enterprise), JsonQuote(w.url), JsonQuote(JoinEvents(w.events)), w.active);
}

/// Active webhooks by enterprise, with the events each takes (",a,b," — or ",," for every event).
std::multimap<std::string, std::pair<std::int64_t, std::string>> ActiveWebhooks(sqlite3* db) {
  Statement hooks(db, "SELECT id, enterprise, events FROM webhooks WHERE active = 1");
  std::multimap<std::string, std::pair<std::int64_t, std::string>> out;
  while (hooks.Step() == SQLITE_ROW)
    out.emplace(ColumnText(hooks.get(), 1),
                std::pair{sqlite3_column_int64(hooks.get(), 0),
                          std::string(",").append(ColumnText(hooks.get(), 2)).append(",")});
  return out;
}

}  // namespace

void SqliteStore::AddNotifications(std::vector<Notification>& notices) {
  if (notices.empty()) return;
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    const std::string now = NowUtc();
    const auto hooks = ActiveWebhooks(db_);
    Statement insert(db_,
                     "INSERT INTO notifications (enterprise, event, entity, payload, created_at) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id");
    Statement queue(
        db_,
        "INSERT INTO webhook_deliveries (webhook, notification, status, attempts, next_attempt_at, "
        "last_http_status, last_error, created_at) VALUES (?, ?, 'pending', 0, "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0, '', ?)");
    for (Notification& n : notices) {
      n.created_at = now;
      BindText(insert.get(), 1, n.enterprise);
      BindText(insert.get(), 2, n.event);
      BindText(insert.get(), 3, n.entity);
      BindText(insert.get(), 4, n.payload);
      BindText(insert.get(), 5, n.created_at);
      if (insert.Step() != SQLITE_ROW) throw Error("SQLite: the new notice has no id");
      n.id = sqlite3_column_int64(insert.get(), 0);
      insert.Step();
      insert.Reset();
      // A delivery due now for every active webhook of the notice's enterprise taking its event.
      const std::string event = std::string(",").append(n.event).append(",");
      for (auto [it, end] = hooks.equal_range(n.enterprise); it != end; ++it) {
        const auto& [webhook, events] = it->second;
        if (events != ",," && events.find(event) == std::string::npos) continue;
        sqlite3_bind_int64(queue.get(), 1, webhook);
        sqlite3_bind_int64(queue.get(), 2, n.id);
        BindText(queue.get(), 3, n.created_at);
        queue.Step();
        queue.Reset();
      }
    }
    return 0;
  });
}

std::vector<Notification> SqliteStore::Notifications(std::string_view enterprise, bool unread_only,
                                                     std::size_t limit, std::size_t offset,
                                                     std::size_t* total) {
  const std::string where =
      unread_only ? "WHERE enterprise = ?1 AND read_at IS NULL" : "WHERE enterprise = ?1";
  std::lock_guard lock(mutex_);
  if (total) {
    Statement count(db_, "SELECT COUNT(*) FROM notifications " + where);
    BindText(count.get(), 1, enterprise);
    count.Step();
    *total = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
  }
  Statement s(db_, fmt::format("SELECT {} FROM notifications {} ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                               kNotificationColumns, where));
  BindText(s.get(), 1, enterprise);
  sqlite3_bind_int64(s.get(), 2, static_cast<sqlite3_int64>(limit));
  sqlite3_bind_int64(s.get(), 3, static_cast<sqlite3_int64>(offset));
  std::vector<Notification> out;
  while (s.Step() == SQLITE_ROW) out.push_back(ReadNotification(s.get()));
  return out;
}

std::optional<Notification> SqliteStore::NotificationById(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, fmt::format("SELECT {} FROM notifications WHERE id = ?", kNotificationColumns));
  sqlite3_bind_int64(s.get(), 1, id);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return ReadNotification(s.get());
}

bool SqliteStore::MarkNotificationRead(std::string_view enterprise, std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "UPDATE notifications SET read_at = COALESCE(read_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
              "WHERE id = ? AND enterprise = ?");
  sqlite3_bind_int64(s.get(), 1, id);
  BindText(s.get(), 2, enterprise);
  s.Step();
  return sqlite3_changes(db_) > 0;
}

std::map<std::string, double> SqliteStore::MatchThresholds() {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT enterprise, match_threshold FROM enterprise_settings");
  std::map<std::string, double> out;
  while (s.Step() == SQLITE_ROW) out.emplace(ColumnText(s.get(), 0), sqlite3_column_double(s.get(), 1));
  return out;
}

void SqliteStore::SetMatchThreshold(std::string_view enterprise, double threshold, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    Statement s(db_,
                "INSERT INTO enterprise_settings (enterprise, match_threshold) VALUES (?, ?) "
                "ON CONFLICT (enterprise) DO UPDATE SET match_threshold = excluded.match_threshold");
    BindText(s.get(), 1, enterprise);
    sqlite3_bind_double(s.get(), 2, threshold);
    s.Step();
    AuditLocked(by, "settings.update", fmt::format("enterprise:{}", enterprise), "null",
                fmt::format(R"({{"match_threshold":{}}})", threshold));
    return 0;
  });
}

void SqliteStore::AddWebhook(Webhook& w, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    w.created_at = NowUtc();
    Statement insert(db_,
                     "INSERT INTO webhooks (enterprise, url, events, sealed_secret, active, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    BindText(insert.get(), 1, w.enterprise);
    BindText(insert.get(), 2, w.url);
    BindText(insert.get(), 3, JoinEvents(w.events));
    BindText(insert.get(), 4, w.sealed_secret);
    sqlite3_bind_int(insert.get(), 5, w.active ? 1 : 0);
    BindText(insert.get(), 6, w.created_at);
    if (insert.Step() != SQLITE_ROW) throw Error("SQLite: the new webhook has no id");
    w.id = sqlite3_column_int64(insert.get(), 0);
    insert.Step();
    AuditLocked(by, "webhook.create", fmt::format("webhook:{}", w.id), "null", WebhookJson(w));
    return 0;
  });
}

std::vector<Webhook> SqliteStore::Webhooks(std::string_view enterprise) {
  std::lock_guard lock(mutex_);
  Statement s(db_, fmt::format("SELECT {} FROM webhooks WHERE enterprise = ? ORDER BY id", kWebhookColumns));
  BindText(s.get(), 1, enterprise);
  std::vector<Webhook> out;
  while (s.Step() == SQLITE_ROW) out.push_back(ReadWebhook(s.get()));
  return out;
}

std::optional<Webhook> SqliteStore::WebhookById(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, fmt::format("SELECT {} FROM webhooks WHERE id = ?", kWebhookColumns));
  sqlite3_bind_int64(s.get(), 1, id);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return ReadWebhook(s.get());
}

void SqliteStore::DeactivateWebhook(std::int64_t id, const AuditContext& by) {
  std::lock_guard lock(mutex_);
  InTransaction([&] {
    Statement s(db_, "UPDATE webhooks SET active = 0 WHERE id = ?");
    sqlite3_bind_int64(s.get(), 1, id);
    s.Step();
    if (sqlite3_changes(db_) == 0) throw NotFound(fmt::format("no webhook {}", id));
    Statement pending(db_,
                      "UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook removed' "
                      "WHERE webhook = ? AND status = 'pending'");
    sqlite3_bind_int64(pending.get(), 1, id);
    pending.Step();
    AuditLocked(by, "webhook.delete", fmt::format("webhook:{}", id), R"({"active":true})",
                R"({"active":false})");
    return 0;
  });
}

std::vector<WebhookDelivery> SqliteStore::SelectDeliveries(const std::string& where, std::int64_t key,
                                                           std::size_t limit) {
  Statement s(db_, fmt::format("SELECT {} FROM webhook_deliveries {} LIMIT ?2", kDeliveryColumns, where));
  sqlite3_bind_int64(s.get(), 1, key);
  sqlite3_bind_int64(s.get(), 2, static_cast<sqlite3_int64>(limit));
  std::vector<WebhookDelivery> out;
  while (s.Step() == SQLITE_ROW) out.push_back(ReadDelivery(s.get()));
  return out;
}

std::vector<WebhookDelivery> SqliteStore::Deliveries(std::int64_t webhook, std::size_t limit) {
  std::lock_guard lock(mutex_);
  return SelectDeliveries("WHERE webhook = ?1 ORDER BY id DESC", webhook, limit);
}

std::vector<WebhookDelivery> SqliteStore::ClaimDueDeliveries(std::string_view now,
                                                             std::string_view lease_until,
                                                             std::size_t limit) {
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    std::vector<WebhookDelivery> due;
    {
      Statement s(db_, fmt::format("SELECT {} FROM webhook_deliveries WHERE status = 'pending' AND "
                                   "next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2",
                                   kDeliveryColumns));
      BindText(s.get(), 1, now);
      sqlite3_bind_int64(s.get(), 2, static_cast<sqlite3_int64>(limit));
      while (s.Step() == SQLITE_ROW) due.push_back(ReadDelivery(s.get()));
    }
    for (WebhookDelivery& d : due) {
      Statement claim(db_, "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?");
      BindText(claim.get(), 1, lease_until);
      sqlite3_bind_int64(claim.get(), 2, d.id);
      claim.Step();
      d.next_attempt_at = std::string(lease_until);
    }
    return due;
  });
}

void SqliteStore::RecordDeliveryAttempt(const WebhookDelivery& d) {
  std::lock_guard lock(mutex_);
  Statement s(
      db_,
      "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_http_status = ?, "
      "last_error = ?, delivered_at = ? WHERE id = ?");
  BindText(s.get(), 1, ToString(d.status));
  sqlite3_bind_int(s.get(), 2, d.attempts);
  BindText(s.get(), 3, d.next_attempt_at);
  sqlite3_bind_int(s.get(), 4, d.last_http_status);
  BindText(s.get(), 5, d.last_error);
  if (d.delivered_at.empty())
    sqlite3_bind_null(s.get(), 6);
  else
    BindText(s.get(), 6, d.delivered_at);
  sqlite3_bind_int64(s.get(), 7, d.id);
  s.Step();
}

WebhookDelivery SqliteStore::Redeliver(std::int64_t webhook, std::int64_t delivery, std::string_view now) {
  std::lock_guard lock(mutex_);
  return InTransaction([&] {
    const std::vector<WebhookDelivery> old = SelectDeliveries("WHERE id = ?1", delivery, 1);
    if (old.empty() || old[0].webhook != webhook)
      throw NotFound(fmt::format("no delivery {} of webhook {}", delivery, webhook));
    Statement insert(
        db_,
        "INSERT INTO webhook_deliveries (webhook, notification, status, attempts, next_attempt_at, "
        "last_http_status, last_error, created_at) VALUES (?, ?, 'pending', 0, ?, 0, '', ?) "
        "RETURNING id");
    sqlite3_bind_int64(insert.get(), 1, webhook);
    sqlite3_bind_int64(insert.get(), 2, old[0].notification);
    BindText(insert.get(), 3, now);
    const std::string created = NowUtc();
    BindText(insert.get(), 4, created);
    if (insert.Step() != SQLITE_ROW) throw Error("SQLite: the new delivery has no id");
    const std::int64_t id = sqlite3_column_int64(insert.get(), 0);
    insert.Step();
    return SelectDeliveries("WHERE id = ?1", id, 1).at(0);
  });
}

}  // namespace chainscope
