#include "store/sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "core/schema.h"
#include "store/migrations.h"

namespace chainscope {
namespace {

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw Error(fmt::format("SQLite: {} in: {}", sqlite3_errmsg(db), sql));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
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
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

SqliteStore::~SqliteStore() {
  sqlite3_close(db_);
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
  const int current = SchemaVersion();
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
  Statement s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.Step();
  return sqlite3_column_int(s.get(), 0);
}

void SqliteStore::ReplaceDataset(const Dataset& d) {
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
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

Dataset SqliteStore::LoadDataset() {
  Dataset d;
  Exec("BEGIN");  // one consistent read snapshot
  try {
    {
      Statement meta(db_, "SELECT json FROM dataset_meta WHERE id = 1");
      if (meta.Step() == SQLITE_ROW)
        d.meta_json = reinterpret_cast<const char*>(sqlite3_column_text(meta.get(), 0));
    }
    for (const TableSpec& spec : TableSpecs()) {
      Statement select(db_, fmt::format("SELECT {} FROM {} ORDER BY rowid", ColumnList(spec), spec.name));
      Row row(spec.columns.size());
      while (select.Step() == SQLITE_ROW) {
        for (std::size_t c = 0; c < spec.columns.size(); ++c)
          row[c] = Read(select.get(), static_cast<int>(c), spec.columns[c]);
        AppendRow(d, spec.table, row);
      }
    }
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return d;
}

void SqliteStore::Upsert(const TableSpec& spec, const Row& row) {
  std::string marks, updates;
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    marks += i ? ", ?" : "?";
    if (i == spec.key[0]) continue;
    updates += fmt::format("{}{} = excluded.{}", updates.empty() ? "" : ", ", spec.columns[i].name,
                           spec.columns[i].name);
  }
  // ON CONFLICT … DO UPDATE keeps the row (and its rowid, so export order) when the id exists.
  Statement upsert(db_,
                   fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT({}) DO UPDATE SET {}", spec.name,
                               ColumnList(spec), marks, spec.columns[spec.key[0]].name, updates));
  for (std::size_t c = 0; c < row.size(); ++c) Bind(upsert.get(), static_cast<int>(c + 1), row[c]);
  upsert.Step();
}

void SqliteStore::Put(const Demand& d) {
  Dataset one;
  one.demands.push_back(d);
  Upsert(SpecOf(Table::kDemands), EncodeRow(one, Table::kDemands, 0));
}

void SqliteStore::Put(const Offer& o) {
  Dataset one;
  one.offers.push_back(o);
  Upsert(SpecOf(Table::kOffers), EncodeRow(one, Table::kOffers, 0));
}

}  // namespace chainscope
