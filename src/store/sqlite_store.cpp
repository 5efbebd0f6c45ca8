#include "store/sqlite_store.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <sqlite3.h>

#include <unordered_map>

#include "store/migrations.h"
#include "store/sql_store.h"

namespace chainscope {
namespace {

class SqliteRow final : public SqlRow {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  bool IsNull(int i) const override { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
  std::string Text(int i) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return {text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(s_, i))};
  }
  std::int64_t Int(int i) const override { return sqlite3_column_int64(s_, i); }
  double Real(int i) const override { return sqlite3_column_double(s_, i); }
  bool Bool(int i) const override { return sqlite3_column_int(s_, i) != 0; }

 private:
  sqlite3_stmt* s_;
};

class SqliteSession;

/// A prepared INSERT run once per row.
class SqliteBulkLoad final : public SqlBulkLoad {
 public:
  SqliteBulkLoad(SqliteSession& session, std::string sql) : session_(session), sql_(std::move(sql)) {}
  void Add(std::span<const SqlParam> row) override;
  void Finish() override {}

 private:
  SqliteSession& session_;
  std::string sql_;
};

class SqliteSession final : public SqlSession {
 public:
  using SqlSession::Run;
  /// `writers`: shared by the sessions of one store, held from BeginWrite to Commit or Rollback, so that this
  /// process's writers queue in order on it (other processes' wait in SQLite's busy handler).
  SqliteSession(const std::string& path, std::shared_ptr<std::mutex> writers)
      : path_(path), writers_(std::move(writers)) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error(fmt::format("cannot open SQLite database {}: {}", path, message));
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~SqliteSession() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement.stmt);
    sqlite3_close(db_);
  }
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  std::int64_t Run(std::string_view sql, std::span<const SqlParam> params = {},
                   const SqlRowFn& on_row = {}) override {
    // Statements are prepared once and kept, by their text; one in use (a query run from inside another's
    // row callback) is prepared afresh.
    Prepared& kept = statements_[std::string(sql)];
    sqlite3_stmt* stmt = kept.stmt;
    const bool borrowed = stmt && !kept.busy;
    if (!borrowed) {
      stmt = nullptr;
      if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        throw Failure(fmt::format("in: {}", sql));
      if (!kept.stmt) kept.stmt = stmt;
    }
    const bool owned = stmt != kept.stmt;
    if (!owned) kept.busy = true;
    struct Done {
      sqlite3_stmt* stmt;
      bool owned;
      Prepared& kept;
      ~Done() {
        if (owned) {
          sqlite3_finalize(stmt);
          return;
        }
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        kept.busy = false;
      }
    } done{stmt, owned, kept};
    for (std::size_t i = 0; i < params.size(); ++i) Bind(stmt, static_cast<int>(i + 1), params[i]);
    SqliteRow row(stmt);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw Failure("");
      if (on_row) on_row(row);
    }
    return sqlite3_changes64(db_);
  }

  void Exec(std::string_view sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw SqlError(SqlError::Kind::kOther, fmt::format("SQLite ({}): {}", path_, text));
    }
  }

  void BeginWrite() override {
    std::unique_lock lock(*writers_);
    Exec("BEGIN IMMEDIATE");
    writing_ = std::move(lock);
  }
  void BeginClaim() override { BeginWrite(); }
  void BeginRead() override { Exec("BEGIN"); }
  void Commit() override {
    Exec("COMMIT");
    if (writing_.owns_lock()) writing_.unlock();
  }
  void Rollback() noexcept override {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (writing_.owns_lock()) writing_.unlock();
  }

  std::unique_ptr<SqlBulkLoad> BulkLoad(std::string_view table,
                                        std::span<const std::string_view> columns) override {
    std::string names, marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      names += fmt::format("{}{}", i ? ", " : "", columns[i]);
      marks += fmt::format("{}?{}", i ? ", " : "", i + 1);
    }
    return std::make_unique<SqliteBulkLoad>(
        *this, fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, marks));
  }
  void RevisionMoved(std::uint64_t, std::uint64_t) override {}  // other processes poll the revision
  std::string_view InsertionOrder() const override { return "rowid"; }
  std::string_view SkipLocked() const override { return ""; }

 private:
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;
  };

  static void Bind(sqlite3_stmt* s, int i, const SqlParam& p) {
    if (const auto* text = std::get_if<std::string_view>(&p))
      sqlite3_bind_text(s, i, text->data(), static_cast<int>(text->size()), SQLITE_TRANSIENT);
    else if (const auto* n = std::get_if<std::int64_t>(&p))
      sqlite3_bind_int64(s, i, *n);
    else if (const auto* x = std::get_if<double>(&p))
      sqlite3_bind_double(s, i, *x);
    else if (const auto* b = std::get_if<bool>(&p))
      sqlite3_bind_int(s, i, *b ? 1 : 0);
    else
      sqlite3_bind_null(s, i);
  }

  /// The connection's last error, by kind.
  SqlError Failure(std::string_view context) const {
    const int code = sqlite3_extended_errcode(db_);
    const SqlError::Kind kind = code == SQLITE_CONSTRAINT_FOREIGNKEY ? SqlError::Kind::kForeignKey
                                : code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
                                    ? SqlError::Kind::kUnique
                                    : SqlError::Kind::kOther;
    return SqlError(kind,
                    fmt::format("SQLite: {}{}{}", sqlite3_errmsg(db_), context.empty() ? "" : " ", context));
  }

  std::string path_;
  std::shared_ptr<std::mutex> writers_;
  std::unique_lock<std::mutex> writing_;  // held while this session's write transaction is open
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared> statements_;
};

void SqliteBulkLoad::Add(std::span<const SqlParam> row) {
  session_.Run(sql_, row);
}

/// Copies the WAL back into the database file every kSqliteCheckpointInterval on its own connection, with
/// the writers' connections told not to (wal_autocheckpoint = 0): otherwise the commit that crosses
/// SQLite's 1,000-page threshold copies and syncs the pages itself, inside a request, and holds the write
/// lock meanwhile (tens of milliseconds under a stream of writes). A PASSIVE checkpoint waits for no one:
/// it copies what no reader still needs, and the next one goes on.
class SqliteCheckpointer final : public SqlMaintenance {
 public:
  SqliteCheckpointer(const std::string& path, std::shared_ptr<std::mutex> writers)
      : session_(path, std::move(writers)), thread_([this](const std::stop_token& stop) { Loop(stop); }) {}

 private:
  void Loop(const std::stop_token& stop) {
    std::mutex m;
    std::condition_variable_any tick;
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(m);
        tick.wait_for(lock, stop, kSqliteCheckpointInterval, [] { return false; });
      }
      if (stop.stop_requested()) break;
      try {
        session_.Exec("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (const SqlError&) {
        // Busy or interrupted: the next tick checkpoints what this one did not.
      }
    }
  }
  SqliteSession session_;
  std::jthread thread_;  // last: it uses the session
};

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
    "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path) {
  auto writers = std::make_shared<std::mutex>();
  auto session = std::make_unique<SqliteSession>(path, writers);
  // Switching a new file to WAL takes an exclusive lock that SQLite does not wait for with the busy
  // timeout: when several processes open one new file at once, the losers retry (the mode then holds).
  for (int attempt = 0;; ++attempt) {
    try {
      session->Exec("PRAGMA journal_mode = WAL");
      break;
    } catch (const SqlError& e) {
      if (attempt >= 200 || std::string_view(e.what()).find("locked") == std::string_view::npos) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  session->Exec("PRAGMA foreign_keys = ON");
  session->Exec("PRAGMA synchronous = NORMAL");
  const bool in_memory = path == ":memory:" || path.find("mode=memory") != std::string::npos;
  if (!in_memory) session->Exec("PRAGMA wal_autocheckpoint = 0");  // SqliteCheckpointer's work
  ApplyMigrations(*session, &Migration::sqlite, kCreateMigrationsTable);
  // The trail is append-only for this store's users (SQLite's own triggers; the PostgreSQL schema has its
  // own). Someone with the file can still drop them: the hash chain shows that.
  session->Exec(
      "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
      "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
  session->Exec(
      "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
      "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
  std::vector<std::unique_ptr<SqlSession>> sessions;
  sessions.push_back(std::move(session));
  // Reads run side by side on their own connections (WAL: a reader never waits for the writer); an
  // in-memory database is private to its one connection.
  while (!in_memory && sessions.size() < kSqliteConnections) {
    auto reader = std::make_unique<SqliteSession>(path, writers);
    reader->Exec("PRAGMA foreign_keys = ON");
    reader->Exec("PRAGMA synchronous = NORMAL");
    reader->Exec("PRAGMA wal_autocheckpoint = 0");
    sessions.push_back(std::move(reader));
  }
  std::unique_ptr<SqlMaintenance> checkpointer;
  if (!in_memory) checkpointer = std::make_unique<SqliteCheckpointer>(path, writers);
  return std::make_unique<SqlStore>(std::make_unique<SqlPool>(std::move(sessions), std::move(checkpointer)),
                                    "sqlite", "sqlite:" + path);
}

}  // namespace chainscope
