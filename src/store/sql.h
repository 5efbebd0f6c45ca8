// store: what the SQL store needs of a database engine — a session that runs one statement with bound
// parameters and hands back rows, transactions, a bulk load, and the few dialect words that differ — and a
// pool of sessions. SqlStore (sql_store.h) holds every query once; SQLite and PostgreSQL each implement a
// session (sqlite_store.cpp, postgres_store.cpp).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/model.h"

namespace chainscope {

/// A bound parameter. Text is borrowed: it must outlive the call that binds it.
using SqlParam = std::variant<std::monostate, std::string_view, std::int64_t, double, bool>;

/// One result row, valid only inside the callback that receives it. Columns count from 0.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool IsNull(int column) const = 0;
  /// Text; a time column reads as the store writes times (YYYY-MM-DDTHH:MM:SS[.mmm]Z); NULL reads as "".
  virtual std::string Text(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;  // NULL reads as 0
  virtual double Real(int column) const = 0;       // NULL reads as 0
  virtual bool Bool(int column) const = 0;         // NULL reads as false
};
using SqlRowFn = std::function<void(const SqlRow&)>;

/// A statement the database refused, by what the caller may tell its user.
class SqlError : public Error {
 public:
  enum class Kind { kOther, kForeignKey, kUnique };
  SqlError(Kind kind, const std::string& message) : Error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// A bulk load of one table's rows in one statement stream (COPY in PostgreSQL, a prepared INSERT in
/// SQLite); rows are sent as they are added, inside the session's open write transaction.
class SqlBulkLoad {
 public:
  virtual ~SqlBulkLoad() = default;
  virtual void Add(std::span<const SqlParam> row) = 0;
  /// Ends the load and reports a row the database refused; throws SqlError.
  virtual void Finish() = 0;
};

/// One connection, used by one caller at a time (SqlPool hands it out).
///
/// Statements are written once for every engine: parameters as ?1, ?2 … (or ? for the next number), flags
/// compared with TRUE/FALSE, UPSERT as ON CONFLICT, ids returned with RETURNING, times bound as text in the
/// store's form. What still differs is asked of the session (InsertionOrder, SkipLocked).
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  /// Runs one statement; `on_row` (may be empty) gets each result row. Returns the number of rows it
  /// changed. Throws SqlError.
  virtual std::int64_t Run(std::string_view sql, std::span<const SqlParam> params = {},
                           const SqlRowFn& on_row = {}) = 0;
  std::int64_t Run(std::string_view sql, std::initializer_list<SqlParam> params,
                   const SqlRowFn& on_row = {}) {
    return Run(sql, std::span<const SqlParam>(params.begin(), params.size()), on_row);
  }
  /// Runs statements without parameters (a migration script).
  virtual void Exec(std::string_view sql) = 0;

  /// A write transaction: writers are serialised from here to Commit (SQLite: BEGIN IMMEDIATE;
  /// PostgreSQL: one transaction-level advisory lock), so reads in it see the latest committed state
  /// and the audit chain has one head.
  virtual void BeginWrite() = 0;
  /// A write transaction that takes rows with SkipLocked() instead of excluding every other writer
  /// (SQLite, which has no row locks: BEGIN IMMEDIATE as BeginWrite).
  virtual void BeginClaim() = 0;
  /// A read transaction: one consistent snapshot of every table.
  virtual void BeginRead() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() noexcept = 0;

  /// Starts a bulk load of `columns` of `table`; needs an open write transaction.
  virtual std::unique_ptr<SqlBulkLoad> BulkLoad(std::string_view table,
                                                std::span<const std::string_view> columns) = 0;
  /// Called in the write transaction that moved the store to `revision` (PostgreSQL tells other servers).
  virtual void RevisionMoved(std::uint64_t revision, std::uint64_t chain_revision) = 0;

  /// The column that orders a table's rows as they were inserted ("rowid" in SQLite, "row_order" in
  /// PostgreSQL, where the schema has one).
  virtual std::string_view InsertionOrder() const = 0;
  /// " FOR UPDATE SKIP LOCKED" where rows can be claimed that way (PostgreSQL); "" where the write
  /// transaction already excludes every other writer (SQLite).
  virtual std::string_view SkipLocked() const = 0;
  /// False after the connection was lost; the pool then reopens it before handing it out.
  virtual bool Usable() const { return true; }
  virtual void Reopen() {}
};

/// Sessions handed out one caller at a time; Acquire waits for a free one.
/// Background work over a database that lives as long as its pool (SQLite's WAL checkpoints).
class SqlMaintenance {
 public:
  virtual ~SqlMaintenance() = default;
};

class SqlPool {
 public:
  struct Releaser {
    SqlPool* pool;
    void operator()(SqlSession* s) const { pool->Release(s); }
  };
  using Lease = std::unique_ptr<SqlSession, Releaser>;

  explicit SqlPool(std::vector<std::unique_ptr<SqlSession>> sessions,
                   std::unique_ptr<SqlMaintenance> maintenance = nullptr);
  Lease Acquire();
  std::size_t size() const { return sessions_.size(); }

 private:
  void Release(SqlSession* s);
  std::vector<std::unique_ptr<SqlSession>> sessions_;
  std::vector<SqlSession*> free_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::unique_ptr<SqlMaintenance> maintenance_;  // last: stopped before the sessions close
};

/// Runs `work()` in a transaction the session opens with `begin` (BeginWrite, BeginClaim, BeginRead) and
/// commits; on any exception rolls back and rethrows.
template <class F>
auto InTransaction(SqlSession& session, void (SqlSession::*begin)(), F&& work) {
  (session.*begin)();
  try {
    auto result = work();
    session.Commit();
    return result;
  } catch (...) {
    session.Rollback();
    throw;
  }
}
template <class F>
auto InWriteTransaction(SqlSession& session, F&& work) {
  return InTransaction(session, &SqlSession::BeginWrite, std::forward<F>(work));
}
template <class F>
auto InReadTransaction(SqlSession& session, F&& work) {
  return InTransaction(session, &SqlSession::BeginRead, std::forward<F>(work));
}

/// `sql` with SQLite's parameter marks (?N, and ? for one more than the highest so far) written as
/// PostgreSQL's ($N). Marks inside quoted literals and identifiers are left alone.
std::string NumberedParameters(std::string_view sql);

}  // namespace chainscope
