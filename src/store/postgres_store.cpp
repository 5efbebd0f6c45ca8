#include "store/postgres_store.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <pqxx/pqxx>
#include <unordered_map>

#include "store/migrations.h"
#include "store/sql_store.h"

// One value of a COPY row (libpqxx 6.4 streams tuples, so a row goes as a std::array of these).
namespace chainscope {
struct CopyValue {
  const std::string* text = nullptr;  // nullptr: NULL
};
}  // namespace chainscope

namespace pqxx {
template <>
struct string_traits<chainscope::CopyValue> {
  static constexpr const char* name() noexcept { return "chainscope::CopyValue"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const chainscope::CopyValue& v) { return v.text == nullptr; }
  static chainscope::CopyValue null() { return {}; }
  static void from_string(const char[], chainscope::CopyValue&) {
    throw std::logic_error("a COPY value is written, never read");
  }
  static std::string to_string(const chainscope::CopyValue& v) { return *v.text; }
};
}  // namespace pqxx

namespace chainscope {
namespace {

constexpr unsigned kTimestamptzOid = 1184;

/// "2026-12-02 04:41:28.12+00" (PostgreSQL, time zone UTC) as the store writes times:
/// "2026-12-02T04:41:28.120Z" (milliseconds only when there is a fraction).
std::string StoreTime(std::string_view pg) {
  std::string out(pg.substr(0, 19));
  if (out.size() == 19) out[10] = 'T';
  const std::size_t dot = pg.find('.', 19);
  if (dot != std::string_view::npos) {
    std::size_t end = dot + 1;
    while (end < pg.size() && pg[end] >= '0' && pg[end] <= '9') ++end;
    std::string fraction(pg.substr(dot + 1, end - dot - 1));
    fraction.resize(3, '0');
    out += "." + fraction;
  }
  return out + "Z";
}

class PgRow final : public SqlRow {
 public:
  explicit PgRow(const pqxx::row& row) : row_(row) {}
  bool IsNull(int i) const override { return row_[i].is_null(); }
  std::string Text(int i) const override {
    const pqxx::field f = row_[i];
    if (f.is_null()) return {};
    if (f.type() == kTimestamptzOid) return StoreTime(f.c_str());
    return {f.c_str(), f.size()};
  }
  std::int64_t Int(int i) const override {
    const pqxx::field f = row_[i];
    std::int64_t v = 0;
    if (!f.is_null()) std::from_chars(f.c_str(), f.c_str() + f.size(), v);
    return v;
  }
  double Real(int i) const override {
    const pqxx::field f = row_[i];
    double v = 0;
    if (!f.is_null()) std::from_chars(f.c_str(), f.c_str() + f.size(), v);
    return v;
  }
  bool Bool(int i) const override {
    const pqxx::field f = row_[i];
    return !f.is_null() && (f.c_str()[0] == 't' || f.c_str()[0] == '1');
  }

 private:
  const pqxx::row& row_;
};

/// A parameter as libpq's text: numbers in shortest round-trip form, flags as t/f.
std::string ParamText(const SqlParam& p) {
  if (const auto* text = std::get_if<std::string_view>(&p)) return std::string(*text);
  if (const auto* n = std::get_if<std::int64_t>(&p)) return fmt::format("{}", *n);
  if (const auto* x = std::get_if<double>(&p)) return fmt::format("{}", *x);
  if (const auto* b = std::get_if<bool>(&p)) return *b ? "t" : "f";
  return {};
}

template <std::size_t N>
void StreamRow(pqxx::stream_to& stream, const std::vector<CopyValue>& values) {
  std::array<CopyValue, N> row;
  std::copy_n(values.begin(), N, row.begin());
  stream << row;
}
using StreamRowFn = void (*)(pqxx::stream_to&, const std::vector<CopyValue>&);
template <std::size_t... I>
constexpr std::array<StreamRowFn, sizeof...(I)> StreamRowFns(std::index_sequence<I...>) {
  return {&StreamRow<I + 1>...};
}
/// COPY rows of 1 … 24 columns.
constexpr auto kStreamRow = StreamRowFns(std::make_index_sequence<24>{});

/// The error a libpqxx exception stands for, by kind.
[[noreturn]] void Rethrow(std::string_view context) {
  try {
    throw;
  } catch (const pqxx::foreign_key_violation& e) {
    throw SqlError(SqlError::Kind::kForeignKey, fmt::format("PostgreSQL: {}", e.what()));
  } catch (const pqxx::unique_violation& e) {
    throw SqlError(SqlError::Kind::kUnique, fmt::format("PostgreSQL: {}", e.what()));
  } catch (const pqxx::sql_error& e) {
    throw SqlError(SqlError::Kind::kOther,
                   fmt::format("PostgreSQL: {}{}{}", e.what(), context.empty() ? "" : " in: ", context));
  } catch (const pqxx::broken_connection& e) {
    throw SqlError(SqlError::Kind::kOther, fmt::format("PostgreSQL: connection lost: {}", e.what()));
  } catch (const SqlError&) {
    throw;
  } catch (const std::exception& e) {
    throw SqlError(SqlError::Kind::kOther, fmt::format("PostgreSQL: {}", e.what()));
  }
}

/// The session settings every connection runs with: times read back in UTC, ISO dates, floats in
/// shortest exact form.
void Configure(pqxx::connection& c) {
  pqxx::nontransaction t(c);
  t.exec(
      "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1; "
      "SET client_min_messages = warning");
}

class PgSession;

class PgBulkLoad final : public SqlBulkLoad {
 public:
  PgBulkLoad(pqxx::transaction_base& txn, std::string_view table, std::span<const std::string_view> columns)
      : width_(columns.size()) {
    if (width_ == 0 || width_ > kStreamRow.size()) throw Error(fmt::format("COPY of {} columns", width_));
    std::vector<std::string> names(columns.begin(), columns.end());
    try {
      stream_ = std::make_unique<pqxx::stream_to>(txn, std::string(table), names);
    } catch (...) {
      Rethrow("");
    }
  }
  ~PgBulkLoad() override = default;
  void Add(std::span<const SqlParam> row) override {
    texts_.resize(width_);
    values_.resize(width_);
    for (std::size_t i = 0; i < width_; ++i) {
      if (std::holds_alternative<std::monostate>(row[i])) {
        values_[i].text = nullptr;
        continue;
      }
      texts_[i] = ParamText(row[i]);
      values_[i].text = &texts_[i];
    }
    try {
      kStreamRow[width_ - 1](*stream_, values_);
    } catch (...) {
      Rethrow("");
    }
  }
  void Finish() override {
    try {
      stream_->complete();
    } catch (...) {
      Rethrow("");
    }
  }

 private:
  std::size_t width_;
  std::unique_ptr<pqxx::stream_to> stream_;
  std::vector<std::string> texts_;
  std::vector<CopyValue> values_;
};

class PgSession final : public SqlSession {
 public:
  using SqlSession::Run;
  explicit PgSession(std::string url) : url_(std::move(url)) { Reopen(); }

  std::int64_t Run(std::string_view sql, std::span<const SqlParam> params = {},
                   const SqlRowFn& on_row = {}) override {
    const std::string& name = Prepared(sql);
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::monostate>(params[i])) continue;  // NULL
      texts[i] = ParamText(params[i]);
      values[i] = texts[i].c_str();
    }
    try {
      pqxx::result result;
      if (txn_) {
        result = txn_->exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
      } else {
        pqxx::nontransaction t(*conn_);
        result = t.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
      }
      if (on_row)
        for (const pqxx::row& row : result) on_row(PgRow(row));
      return static_cast<std::int64_t>(result.affected_rows());
    } catch (const SqlError&) {
      throw;
    } catch (const Error&) {
      throw;  // from a row callback
    } catch (...) {
      Lost();
      Rethrow(sql);
    }
  }

  void Exec(std::string_view sql) override {
    try {
      if (txn_) {
        txn_->exec(std::string(sql));
      } else {
        pqxx::nontransaction t(*conn_);
        t.exec(std::string(sql));
      }
    } catch (...) {
      Lost();
      Rethrow("");
    }
  }

  void BeginWrite() override {
    Begin<pqxx::work>();
    Exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()))");
  }
  void BeginClaim() override { Begin<pqxx::work>(); }
  void BeginRead() override { Begin<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(); }
  void Commit() override {
    try {
      txn_->commit();
      txn_.reset();
    } catch (...) {
      txn_.reset();
      Lost();
      Rethrow("COMMIT");
    }
  }
  void Rollback() noexcept override {
    try {
      if (txn_) txn_->abort();
    } catch (...) {
    }
    txn_.reset();
  }

  std::unique_ptr<SqlBulkLoad> BulkLoad(std::string_view table,
                                        std::span<const std::string_view> columns) override {
    if (!txn_) throw Error("a bulk load needs a write transaction");
    return std::make_unique<PgBulkLoad>(*txn_, table, columns);
  }
  void RevisionMoved(std::uint64_t revision, std::uint64_t chain_revision) override {
    // Delivered to every listener when the transaction commits, not before.
    const std::string payload = fmt::format("{} {}", revision, chain_revision);
    Run("SELECT pg_notify(?1, ?2)", {kRevisionChannel, std::string_view(payload)});
  }
  std::string_view InsertionOrder() const override { return "row_order"; }
  std::string_view SkipLocked() const override { return " FOR UPDATE SKIP LOCKED"; }
  bool Usable() const override { return conn_ && conn_->is_open(); }
  void Reopen() override {
    txn_.reset();
    prepared_.clear();
    try {
      conn_ = std::make_unique<pqxx::connection>(url_);
      Configure(*conn_);
    } catch (...) {
      conn_.reset();
      Rethrow("");
    }
  }

 private:
  template <class Txn>
  void Begin() {
    if (txn_) throw Error("PostgreSQL: a transaction is open already");
    try {
      txn_ = std::make_unique<Txn>(*conn_);
    } catch (...) {
      Lost();
      Rethrow("BEGIN");
    }
  }

  /// The name of `sql` prepared on this connection (prepared on first use).
  const std::string& Prepared(std::string_view sql) {
    auto [it, added] = prepared_.try_emplace(std::string(sql));
    if (added) {
      it->second = fmt::format("s{}", prepared_.size());
      try {
        conn_->prepare(it->second, NumberedParameters(sql));
      } catch (...) {
        prepared_.erase(it);
        Lost();
        Rethrow(sql);
      }
    }
    return it->second;
  }

  /// Drops a broken connection, so that the pool reopens it.
  void Lost() {
    if (conn_ && !conn_->is_open()) {
      txn_.reset();
      conn_.reset();
    }
  }

  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::transaction_base> txn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
};

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, "
    "applied_at timestamptz NOT NULL DEFAULT now())";

/// A connection that LISTENs for committed writes (Store::WaitForWrite), reopened when lost.
class RevisionListener {
 public:
  explicit RevisionListener(std::string url) : url_(std::move(url)) {}

  bool Wait(std::chrono::milliseconds timeout) {
    std::lock_guard lock(mutex_);
    try {
      if (!conn_ || !conn_->is_open()) {
        receiver_.reset();
        conn_ = std::make_unique<pqxx::connection>(url_);
        receiver_ = std::make_unique<Receiver>(*conn_, std::string(kRevisionChannel));
        return true;  // writes may have been missed while not listening
      }
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
      return conn_->await_notification(static_cast<long>(us / 1'000'000), static_cast<long>(us % 1'000'000)) >
                 0 ||
             !conn_->is_open();
    } catch (const std::exception&) {
      receiver_.reset();
      conn_.reset();
      std::this_thread::sleep_for(timeout);  // the database is away: try again after a while
      return true;
    }
  }

 private:
  class Receiver final : public pqxx::notification_receiver {
   public:
    using pqxx::notification_receiver::notification_receiver;
    void operator()(const std::string&, int) override {}  // the caller compares revisions
  };
  std::string url_;
  std::mutex mutex_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<Receiver> receiver_;
};

}  // namespace

std::string RedactedUrl(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos) return std::string(url);
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return fmt::format("{}***{}", url.substr(0, colon + 1), url.substr(at));
}

std::unique_ptr<Store> OpenPostgresStore(const std::string& url) {
  std::vector<std::unique_ptr<SqlSession>> sessions;
  try {
    sessions.push_back(std::make_unique<PgSession>(url));
  } catch (const Error& e) {
    throw Error(fmt::format("cannot open PostgreSQL database {}: {}", RedactedUrl(url), e.what()));
  }
  ApplyMigrations(*sessions[0], &Migration::postgresql, kCreateMigrationsTable);
  while (sessions.size() < kPostgresConnections) sessions.push_back(std::make_unique<PgSession>(url));
  auto listener = std::make_shared<RevisionListener>(url);
  return std::make_unique<SqlStore>(
      std::make_unique<SqlPool>(std::move(sessions)), "postgresql", RedactedUrl(url),
      [listener](std::chrono::milliseconds timeout) { return listener->Wait(timeout); });
}

}  // namespace chainscope
