#include "store/sql_store.h"
#include "store/sql_rows.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <thread>

namespace chainscope {

SqlPool::SqlPool(std::vector<std::unique_ptr<SqlSession>> sessions,
                 std::unique_ptr<SqlMaintenance> maintenance)
    : sessions_(std::move(sessions)), maintenance_(std::move(maintenance)) {
  for (auto& s : sessions_) free_.push_back(s.get());
}

SqlPool::Lease SqlPool::Acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [&] { return !free_.empty(); });
  SqlSession* s = free_.back();
  free_.pop_back();
  lock.unlock();
  Lease lease(s, Releaser{this});
  if (!s->Usable()) s->Reopen();  // throws while the database is unreachable; the lease returns it
  return lease;
}

void SqlPool::Release(SqlSession* s) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(s);
  }
  freed_.notify_one();
}

std::string NumberedParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    int n = 0;
    std::size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = highest + 1;
    highest = std::max(highest, n);
    out += fmt::format("${}", n);
    i = j - 1;
  }
  return out;
}

namespace store_sql {

/// UTC now as the store keeps times (YYYY-MM-DDTHH:MM:SSZ) — the one formatter of it in the store.
std::string NowUtc() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

/// A time, or a leading part of one ("2026", "2026-12-01T08"), completed to a whole time: the earliest
/// it can mean. InvalidInput when it is not such a prefix.
std::string EarliestTime(std::string_view prefix) {
  static constexpr std::string_view kEpochShape = "0000-01-01T00:00:00Z";
  if (prefix.size() > kEpochShape.size()) throw InvalidInput(fmt::format("'{}' is not a UTC time", prefix));
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const bool digit = kEpochShape[i] == '0' || kEpochShape[i] == '1';
    if (digit ? !(prefix[i] >= '0' && prefix[i] <= '9') : prefix[i] != kEpochShape[i])
      throw InvalidInput(
          fmt::format("'{}' is not a UTC time (YYYY-MM-DDTHH:MM:SSZ or a prefix of it)", prefix));
  }
  std::string out(prefix);
  // A dangling separator is completed with what follows it in the epoch shape.
  out += kEpochShape.substr(prefix.size());
  return out;
}

std::string ColumnList(const TableSpec& spec) {
  std::string out;
  for (const ColumnSpec& c : spec.columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

std::string Marks(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{}?{}", i ? ", " : "", i + 1);
  return out;
}

/// The parameters of one row; list cells are joined into `texts`, which must outlive the parameters.
std::vector<SqlParam> ParamsOf(const Row& row, std::vector<std::string>& texts) {
  texts.clear();
  texts.reserve(row.size());
  std::vector<SqlParam> out;
  out.reserve(row.size());
  for (const Cell& cell : row) {
    if (std::holds_alternative<std::vector<std::string>>(cell)) {
      texts.push_back(FormatCell(cell));
      out.emplace_back(std::string_view(texts.back()));
    } else if (const auto* text = std::get_if<std::string>(&cell)) {
      out.emplace_back(std::string_view(*text));
    } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      out.emplace_back(*n);
    } else if (const auto* x = std::get_if<double>(&cell)) {
      out.emplace_back(*x);
    } else if (const auto* b = std::get_if<bool>(&cell)) {
      out.emplace_back(*b);
    } else {
      out.emplace_back(std::monostate{});
    }
  }
  return out;
}

Cell ReadCell(const SqlRow& row, int i, const ColumnSpec& col) {
  if (row.IsNull(i)) return col.kind == FieldKind::kList ? Cell{std::vector<std::string>{}} : Cell{};
  switch (col.kind) {
    case FieldKind::kInt:
      return Cell{row.Int(i)};
    case FieldKind::kReal:
      return Cell{row.Real(i)};
    case FieldKind::kBool:
      return Cell{row.Bool(i)};
    case FieldKind::kText:
    case FieldKind::kDate:
      return Cell{row.Text(i)};
    case FieldKind::kList: {
      auto parsed = ParseCell(row.Text(i), col);
      if (!parsed) throw Error(fmt::format("store: bad list in column {}: {}", col.name, parsed.error()));
      return *parsed;
    }
  }
  return Cell{};
}

/// " WHERE a = ?n AND b = ?n+1 …" (" AND a = …" when `more`: after another condition) over the non-empty
/// filters, their values appended to `values` and numbered after those already there.
std::string Where(std::initializer_list<std::pair<std::string_view, const std::string*>> filters,
                  std::vector<SqlParam>& values, bool more) {
  std::string out;
  for (const auto& [column, value] : filters) {
    if (value->empty()) continue;
    values.emplace_back(std::string_view(*value));
    out += fmt::format("{} {} = ?{}", out.empty() && !more ? " WHERE" : " AND", column, values.size());
  }
  return out;
}

/// Every row of a table, in insertion order, appended to `into`.
void ReadTable(SqlSession& s, const TableSpec& spec, Dataset& into) {
  Row row(spec.columns.size());
  s.Run(fmt::format("SELECT {} FROM {} ORDER BY {}", ColumnList(spec), spec.name, s.InsertionOrder()), {},
        [&](const SqlRow& r) {
          for (std::size_t c = 0; c < spec.columns.size(); ++c)
            row[c] = ReadCell(r, static_cast<int>(c), spec.columns[c]);
          AppendRow(into, spec.table, row);
        });
}

StoreRevision RevisionOf(SqlSession& s) {
  StoreRevision out;
  bool found = false;
  s.Run("SELECT revision, chain_revision FROM store_revision WHERE id = 1", {}, [&](const SqlRow& r) {
    out = {static_cast<std::uint64_t>(r.Int(0)), static_cast<std::uint64_t>(r.Int(1))};
    found = true;
  });
  if (!found) throw Error("store: the store revision row is missing");
  return out;
}

/// Bumps the revision (and the chain revision when `chain`) inside a write transaction; returns the new one.
std::uint64_t BumpRevision(SqlSession& s, bool chain) {
  StoreRevision next;
  s.Run(chain
            ? "UPDATE store_revision SET revision = revision + 1, chain_revision = revision + 1 WHERE id = 1 "
              "RETURNING revision, chain_revision"
            : "UPDATE store_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision, "
              "chain_revision",
        {}, [&](const SqlRow& r) {
          next = {static_cast<std::uint64_t>(r.Int(0)), static_cast<std::uint64_t>(r.Int(1))};
        });
  s.RevisionMoved(next.revision, next.chain_revision);
  return next.revision;
}

/// Appends one audit row inside the open write transaction (which serialises writers, so the chain has one
/// head); `action` is used when `by.action` is empty.
void Audit(SqlSession& s, const AuditContext& by, std::string_view action, std::string_view entity,
           std::string_view before, std::string_view after) {
  AuditRecord r;
  r.by = by;
  if (r.by.action.empty()) r.by.action = std::string(action);
  r.entity = std::string(entity);
  r.before = std::string(before);
  r.after = std::string(after);
  r.at = NowUtc();
  r.id = 1;
  r.prev_hash = std::string(kAuditGenesisHash);
  s.Run("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", {}, [&](const SqlRow& row) {
    r.id = row.Int(0) + 1;
    r.prev_hash = row.Text(1);
  });
  r.hash = AuditHash(r);
  s.Run(
      "INSERT INTO audit_log (id, at, actor, enterprise, request_id, client, action, entity, before_json, "
      "after_json, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      {r.id, r.at, r.by.actor, r.by.enterprise, r.by.request_id, r.by.client, r.by.action, r.entity, r.before,
       r.after, r.prev_hash, r.hash});
}

bool IdExists(SqlSession& s, std::string_view table, std::string_view id) {
  bool found = false;
  s.Run(fmt::format("SELECT 1 FROM {} WHERE id = ?1", table), {id}, [&](const SqlRow&) { found = true; });
  return found;
}

/// The next free record id of a kind (DM00001, …) after its sequence, skipping ids taken by hand; moves
/// the sequence. Inside a write transaction.
std::string NextId(SqlSession& s, std::string_view kind, std::string_view table, std::string_view prefix) {
  std::int64_t n = 0;
  s.Run("SELECT last FROM record_sequences WHERE kind = ?1", {kind}, [&](const SqlRow& r) { n = r.Int(0); });
  std::string id;
  do id = RecordIdOf(prefix, static_cast<std::uint64_t>(++n));
  while (IdExists(s, table, id));
  s.Run(
      "INSERT INTO record_sequences (kind, last) VALUES (?1, ?2) "
      "ON CONFLICT (kind) DO UPDATE SET last = excluded.last",
      {kind, n});
  return id;
}

/// Runs an INSERT or UPDATE of a market row; a foreign-key failure is the user's (an unknown enterprise
/// or component), anything else is the store's.
void WriteRow(SqlSession& s, std::string_view sql, Table table, const Row& row, std::string_view id) {
  std::vector<std::string> texts;
  const std::vector<SqlParam> params = ParamsOf(row, texts);
  try {
    s.Run(sql, params);
  } catch (const SqlError& e) {
    if (e.kind() != SqlError::Kind::kForeignKey) throw;
    throw InvalidInput(fmt::format("{} '{}' refers to an enterprise or component that does not exist",
                                   SingularOf(table), id));
  }
}

SqlParam OptionalText(const std::string& text) {
  return text.empty() ? SqlParam{std::monostate{}} : SqlParam{std::string_view(text)};
}

std::string JoinTexts(const std::vector<std::string>& items, char separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::vector<std::string> SplitTexts(std::string_view text, char separator) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find(separator, at), text.size());
    if (end > at) out.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

}  // namespace store_sql

using namespace store_sql;

int SchemaVersionOf(SqlSession& s) {
  int version = 0;
  s.Run("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {},
        [&](const SqlRow& r) { version = static_cast<int>(r.Int(0)); });
  return version;
}

void ApplyMigrations(SqlSession& s, std::string_view Migration::*dialect,
                     std::string_view create_migrations_table) {
  InWriteTransaction(s, [&] {
    s.Exec(create_migrations_table);
    return 0;
  });
  for (bool more = true; more;) {
    more = InWriteTransaction(s, [&] {
      const int current = SchemaVersionOf(s);
      for (const Migration& m : Migrations()) {
        if (m.version <= current) continue;
        s.Exec(m.*dialect);
        s.Run("INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)",
              {std::int64_t{m.version}, m.description});
        return true;
      }
      return false;
    });
  }
}

SqlStore::SqlStore(std::unique_ptr<SqlPool> pool, std::string kind, std::string description,
                   std::function<bool(std::chrono::milliseconds)> wait_for_write)
    : pool_(std::move(pool)),
      kind_(std::move(kind)),
      description_(std::move(description)),
      wait_for_write_(std::move(wait_for_write)) {}

bool SqlStore::WaitForWrite(std::chrono::milliseconds timeout) {
  if (wait_for_write_) return wait_for_write_(timeout);
  std::this_thread::sleep_for(timeout);
  return false;
}

int SqlStore::SchemaVersion() {
  auto s = Session();
  return SchemaVersionOf(*s);
}

StoreRevision SqlStore::Revision() {
  auto s = Session();
  return RevisionOf(*s);
}

void SqlStore::ReplaceDataset(const Dataset& d, const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  auto s = Session();
  InWriteTransaction(*s, [&] {
    const auto specs = TableSpecs();
    for (auto it = specs.rbegin(); it != specs.rend(); ++it) s->Run(fmt::format("DELETE FROM {}", it->name));
    s->Run("DELETE FROM dataset_meta");
    s->Run("INSERT INTO dataset_meta (id, json) VALUES (1, ?1)", {d.meta_json});
    std::vector<std::string> texts;
    for (const TableSpec& spec : specs) {
      std::vector<std::string_view> columns;
      for (const ColumnSpec& c : spec.columns) columns.push_back(c.name);
      const auto load = s->BulkLoad(spec.name, columns);
      const std::size_t rows = RowCount(d, spec.table);
      for (std::size_t r = 0; r < rows; ++r) {
        const Row row = EncodeRow(d, spec.table, r);  // the parameters borrow its text
        const std::vector<SqlParam> params = ParamsOf(row, texts);
        try {
          load->Add(params);
        } catch (const Error& e) {
          throw Error(fmt::format("{} row {}: {}", spec.name, r + 1, e.what()));
        }
      }
      try {
        load->Finish();
      } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", spec.name, e.what()));
      }
    }
    // Allocation restarts after the highest imported number.
    s->Run("DELETE FROM record_sequences");
    auto restart = [&](std::string_view kind, std::string_view prefix,
                       const std::vector<std::string_view>& ids) {
      s->Run("INSERT INTO record_sequences (kind, last) VALUES (?1, ?2)",
             {kind, static_cast<std::int64_t>(HighestRecordNumber(ids, prefix))});
    };
    std::vector<std::string_view> ids;
    for (const Demand& r : d.demands) ids.push_back(r.id);
    restart("demands", kDemandIdPrefix, ids);
    ids.clear();
    for (const Offer& r : d.offers) ids.push_back(r.id);
    restart("offers", kOfferIdPrefix, ids);
    // A record keeps the time it was first posted or imported across imports.
    const std::string now = NowUtc();
    auto keep = [&](std::string_view kind, std::string_view id) {
      s->Run(
          "INSERT INTO record_times (kind, id, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (kind, id) DO "
          "NOTHING",
          {kind, id, now});
    };
    for (const Demand& r : d.demands) keep("demands", r.id);
    for (const Offer& r : d.offers) keep("offers", r.id);
    std::string counts;
    for (const TableSpec& spec : specs)
      counts += fmt::format("{}\"{}\":{}", counts.empty() ? "{" : ",", spec.name, RowCount(d, spec.table));
    Audit(*s, by, "dataset.import", "dataset", "null", counts + "}");
    BumpRevision(*s, true);
    return 0;
  });
}

std::vector<std::string> SqlStore::WriteRows(const RowWrites& w, const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  const TableSpec& spec = SpecOf(w.table);
  if (w.expected.size() != w.rows.size()) throw Error("WriteRows: one expected row per row");
  const bool has_id = spec.key.size() == 1 && spec.columns[spec.key[0]].name == "id";
  const std::string_view prefix = w.table == Table::kDemands  ? kDemandIdPrefix
                                  : w.table == Table::kOffers ? kOfferIdPrefix
                                                              : kEnterpriseIdPrefix;
  const bool market = w.table == Table::kDemands || w.table == Table::kOffers;
  std::string key_match, sets;
  for (std::size_t k = 0; k < spec.key.size(); ++k)
    key_match += fmt::format("{}{} = ?{}", k ? " AND " : "", spec.columns[spec.key[k]].name, k + 1);
  for (std::size_t i = 0; i < spec.columns.size(); ++i)
    if (std::ranges::find(spec.key, i) == spec.key.end())
      sets += fmt::format("{}{} = ?{}", sets.empty() ? "" : ", ", spec.columns[i].name, i + 1);
  std::string update_where;
  for (std::size_t k = 0; k < spec.key.size(); ++k)
    update_where +=
        fmt::format("{}{} = ?{}", k ? " AND " : "", spec.columns[spec.key[k]].name, spec.key[k] + 1);
  const std::string select =
      fmt::format("SELECT {} FROM {} WHERE {}", ColumnList(spec), spec.name, key_match);
  const std::string insert =
      fmt::format("INSERT INTO {} ({}) VALUES ({})", spec.name, ColumnList(spec), Marks(spec.columns.size()));
  const std::string update = fmt::format("UPDATE {} SET {} WHERE {}", spec.name, sets, update_where);
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::vector<std::string> keys;
    keys.reserve(w.rows.size());
    const std::string now = NowUtc();
    for (std::size_t i = 0; i < w.rows.size(); ++i) {
      Row row = w.rows[i];
      if (has_id && std::get<std::string>(row[spec.key[0]]).empty())
        row[spec.key[0]] = NextId(*s, spec.name, spec.name, prefix);
      const std::string key = KeyOf(spec, row);
      std::vector<SqlParam> key_params;
      for (std::size_t k : spec.key) key_params.emplace_back(std::string_view(std::get<std::string>(row[k])));
      std::optional<Row> stored;
      s->Run(select, key_params, [&](const SqlRow& r) {
        stored.emplace(spec.columns.size());
        for (std::size_t c = 0; c < spec.columns.size(); ++c)
          (*stored)[c] = ReadCell(r, static_cast<int>(c), spec.columns[c]);
      });
      const std::optional<Row>& expected = w.expected[i];
      if (stored.has_value() != expected.has_value() ||
          (stored && RowJson(spec, *stored) != RowJson(spec, *expected)))
        throw Conflict(fmt::format("{} '{}' changed since the import was planned: read the file again",
                                   SingularOf(w.table), key));
      try {
        WriteRow(*s, stored ? update : insert, w.table, row, key);
      } catch (const SqlError& e) {
        if (e.kind() != SqlError::Kind::kUnique) throw;
        throw Conflict(fmt::format("{} '{}': its credit code or key is another's", SingularOf(w.table), key));
      }
      if (market && !stored)
        s->Run(
            "INSERT INTO record_times (kind, id, created_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (kind, id) DO UPDATE SET created_at = excluded.created_at",
            {spec.name, key, now});
      Audit(*s, by, fmt::format("{}.{}", SingularOf(w.table), stored ? "update" : "create"),
            fmt::format("{}:{}", SingularOf(w.table), key), stored ? RowJson(spec, *stored) : "null",
            RowJson(spec, row));
      keys.push_back(key);
    }
    if (!w.summary_json.empty())
      Audit(*s, by, fmt::format("import.{}", spec.name), fmt::format("import:{}", spec.name), "null",
            w.summary_json);
    BumpRevision(*s, !market);
    return keys;
  });
}

Dataset SqlStore::LoadDataset(StoreRevision* at) {
  auto s = Session();
  return InReadTransaction(*s, [&] {
    Dataset d;
    s->Run("SELECT json FROM dataset_meta WHERE id = 1", {},
           [&](const SqlRow& r) { d.meta_json = r.Text(0); });
    for (const TableSpec& spec : TableSpecs()) ReadTable(*s, spec, d);
    if (at) *at = RevisionOf(*s);
    return d;
  });
}

EnterpriseMerge SqlStore::MergeEnterprises(std::string_view keep, std::string_view drop,
                                           const AuditContext& by) {
  const AccountsWrite accounts_write{accounts_epoch_};
  if (keep == drop) throw InvalidInput("--keep and --drop name the same enterprise");
  auto s = Session();
  EnterpriseMerge out;
  InWriteTransaction(*s, [&] {
    std::string before;
    std::string codes[2];  // keep's and drop's credit codes
    for (std::string_view id : {keep, drop}) {
      Dataset one;
      s->Run(fmt::format("SELECT {} FROM enterprises WHERE id = ?1", ColumnList(SpecOf(Table::kEnterprises))),
             {id}, [&](const SqlRow& r) {
               const TableSpec& spec = SpecOf(Table::kEnterprises);
               Row row(spec.columns.size());
               for (std::size_t c = 0; c < spec.columns.size(); ++c)
                 row[c] = ReadCell(r, static_cast<int>(c), spec.columns[c]);
               if (id == drop) before = RowJson(spec, row);
               AppendRow(one, Table::kEnterprises, row);
             });
      if (one.enterprises.empty()) throw NotFound(fmt::format("no enterprise '{}'", id));
      codes[id == drop ? 1 : 0] = one.enterprises[0].uscc;
    }
    // One credit code names one company: two codes are two companies, never one record.
    if (!codes[0].empty() && !codes[1].empty() && codes[0] != codes[1])
      throw Conflict(
          fmt::format("merging '{}' into '{}' is refused: their credit codes differ ({} / {}), so "
                      "they are two companies",
                      drop, keep, codes[1], codes[0]));
    // What the move would collide with: nothing changes then.
    std::vector<std::string> clashes;
    auto clash = [&](std::string sql, std::string_view what) {
      s->Run(sql, {keep, drop}, [&](const SqlRow& r) {
        if (clashes.size() < 5) clashes.push_back(fmt::format("{} {}", what, r.Text(0)));
      });
    };
    clash(
        "SELECT l.buyer || ' ← ' || l.supplier || ' (' || l.component || ')' FROM links l WHERE "
        "(l.buyer = ?1 AND l.supplier = ?2) OR (l.buyer = ?2 AND l.supplier = ?1)",
        "a link between the two would link an enterprise with itself:");
    clash(
        "SELECT l.buyer || ' ← ' || l.supplier || ' (' || l.component || ')' FROM links l WHERE "
        "(l.buyer = ?2 OR l.supplier = ?2) AND NOT (l.buyer = ?1 OR l.supplier = ?1) AND EXISTS (SELECT 1 "
        "FROM "
        "links k WHERE k.buyer = CASE WHEN l.buyer = ?2 THEN ?1 ELSE l.buyer END AND k.supplier = CASE WHEN "
        "l.supplier = ?2 THEN ?1 ELSE l.supplier END AND k.component = l.component)",
        "both have the link");
    clash(
        "SELECT d.dealer || ' → ' || d.oem FROM distribution d WHERE (d.dealer = ?2 OR d.oem = ?2) AND "
        "EXISTS "
        "(SELECT 1 FROM distribution k WHERE k.dealer = CASE WHEN d.dealer = ?2 THEN ?1 ELSE d.dealer END "
        "AND "
        "k.oem = CASE WHEN d.oem = ?2 THEN ?1 ELSE d.oem END)",
        "both sell for");
    clash(
        "SELECT r.demand FROM responses r WHERE r.supplier = ?2 AND r.status IN ('submitted', 'shortlisted', "
        "'accepted') AND EXISTS (SELECT 1 FROM responses k WHERE k.supplier = ?1 AND k.demand = r.demand AND "
        "k.status IN ('submitted', 'shortlisted', 'accepted'))",
        "both answer demand");
    if (!clashes.empty())
      throw Conflict(fmt::format("merging '{}' into '{}' is refused: {}; resolve these first", drop, keep,
                                 fmt::join(clashes, "; ")));
    // The dropped enterprise's capability for a component the kept one makes goes; the kept one's stays.
    out.capabilities_dropped = s->Run(
        "DELETE FROM capabilities WHERE supplier = ?2 AND component IN (SELECT component FROM capabilities "
        "WHERE supplier = ?1)",
        {keep, drop});
    bool keep_has_settings = false;
    s->Run("SELECT 1 FROM enterprise_settings WHERE enterprise = ?1", {keep},
           [&](const SqlRow&) { keep_has_settings = true; });
    if (keep_has_settings) s->Run("DELETE FROM enterprise_settings WHERE enterprise = ?1", {drop});
    constexpr std::pair<std::string_view, std::string_view> kMoves[] = {
        {"links", "buyer"},
        {"links", "supplier"},
        {"capabilities", "supplier"},
        {"vehicle_lines", "oem"},
        {"demands", "buyer"},
        {"offers", "supplier"},
        {"distribution", "dealer"},
        {"distribution", "oem"},
        {"responses", "buyer"},
        {"responses", "supplier"},
        {"deals", "buyer"},
        {"deals", "supplier"},
        {"users", "enterprise"},
        {"notifications", "enterprise"},
        {"webhooks", "enterprise"},
        {"enterprise_settings", "enterprise"},
        {"leads", "investor"},
        {"services", "provider"},
        {"service_requests", "requester"},
        {"service_requests", "accepted_provider"},
        {"service_interests", "provider"},
        {"bookings", "provider"},
        {"bookings", "booker"}};
    for (const auto& [table, column] : kMoves) {
      const std::int64_t n =
          s->Run(fmt::format("UPDATE {} SET {} = ?1 WHERE {} = ?2", table, column, column), {keep, drop});
      if (n > 0) out.moved[std::string(table)] += n;
    }
    s->Run("DELETE FROM enterprises WHERE id = ?1", {drop});
    if (codes[0].empty() && !codes[1].empty())  // the kept record takes the company's code
      s->Run("UPDATE enterprises SET uscc = ?2 WHERE id = ?1", {keep, codes[1]});
    // Leads now naming the kept enterprise read differently: the registry's version moves (its clashes are
    // found again when a lead is next written).
    if (out.moved.contains("leads"))
      s->Run("UPDATE promotion_revision SET revision = revision + 1 WHERE id = 1");
    std::string moved;
    for (const auto& [table, n] : out.moved)
      moved += fmt::format("{}{}:{}", moved.empty() ? "" : ",", JsonQuote(table), n);
    Audit(*s, by, "enterprise.merge", fmt::format("enterprise:{}", drop), before,
          fmt::format(R"({{"merged_into":{},"moved":{{{}}},"capabilities_dropped":{}}})", JsonQuote(keep),
                      moved, out.capabilities_dropped));
    return BumpRevision(*s, true);
  });
  return out;
}

Market SqlStore::LoadMarket() {
  auto s = Session();
  Dataset d;
  Market m;
  InReadTransaction(*s, [&] {
    ReadTable(*s, SpecOf(Table::kDemands), d);
    ReadTable(*s, SpecOf(Table::kOffers), d);
    m.revision = RevisionOf(*s).revision;
    return 0;
  });
  m.demands = RecordTable<Demand>(d.demands);
  m.offers = RecordTable<Offer>(d.offers);
  return m;
}

std::uint64_t SqlStore::CreateRow(Table table, std::string_view prefix, Dataset& one,
                                  const AuditContext& by) {
  const TableSpec& spec = SpecOf(table);
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::string& id = table == Table::kDemands ? one.demands[0].id : one.offers[0].id;
    if (id.empty())
      id = NextId(*s, spec.name, spec.name, prefix);
    else if (IdExists(*s, spec.name, id))
      throw Conflict(fmt::format("{} '{}' exists", SingularOf(table), id));
    const Row row = EncodeRow(one, table, 0);
    WriteRow(*s,
             fmt::format("INSERT INTO {} ({}) VALUES ({})", spec.name, ColumnList(spec), Marks(row.size())),
             table, row, id);
    s->Run(
        "INSERT INTO record_times (kind, id, created_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (kind, id) DO UPDATE SET created_at = excluded.created_at",
        {spec.name, id, NowUtc()});
    Audit(*s, by, fmt::format("{}.create", SingularOf(table)), fmt::format("{}:{}", SingularOf(table), id),
          "null", RowJson(spec, row));
    // Its notices are owed from this transaction on, and worked off the write's path (NoticeWork).
    s->Run("INSERT INTO notice_work (event, entity, created_at) VALUES (?1, ?2, ?3)",
           {table == Table::kDemands ? kWorkDemandPosted : kWorkOfferPosted,
            fmt::format("{}:{}", SingularOf(table), id), NowUtc()});
    return BumpRevision(*s, false);
  });
}

std::uint64_t SqlStore::UpdateRow(Table table, std::string_view id,
                                  const std::function<Dataset(const Dataset&)>& change,
                                  const AuditContext& by) {
  const TableSpec& spec = SpecOf(table);
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    Dataset current;
    Row stored(spec.columns.size());
    bool found = false;
    s->Run(fmt::format("SELECT {} FROM {} WHERE id = ?1", ColumnList(spec), spec.name), {id},
           [&](const SqlRow& r) {
             for (std::size_t c = 0; c < spec.columns.size(); ++c)
               stored[c] = ReadCell(r, static_cast<int>(c), spec.columns[c]);
             found = true;
           });
    if (!found) throw NotFound(fmt::format("no {} with id '{}'", SingularOf(table), id));
    AppendRow(current, table, stored);
    const Row row = EncodeRow(change(current), table, 0);
    if (std::get<std::string>(row[spec.key[0]]) != id) throw Error("an update cannot change a record's id");
    std::string sets;
    for (std::size_t i = 0; i < spec.columns.size(); ++i)
      if (i != spec.key[0])
        sets += fmt::format("{}{} = ?{}", sets.empty() ? "" : ", ", spec.columns[i].name, i + 1);
    WriteRow(*s,
             fmt::format("UPDATE {} SET {} WHERE {} = ?{}", spec.name, sets, spec.columns[spec.key[0]].name,
                         spec.key[0] + 1),
             table, row, id);
    Audit(*s, by, fmt::format("{}.update", SingularOf(table)), fmt::format("{}:{}", SingularOf(table), id),
          RowJson(spec, stored), RowJson(spec, row));
    return BumpRevision(*s, false);
  });
}

std::uint64_t SqlStore::Create(Demand& record, const AuditContext& by) {
  Dataset one;
  one.demands.push_back(std::move(record));
  const std::uint64_t revision = CreateRow(Table::kDemands, kDemandIdPrefix, one, by);
  record = std::move(one.demands[0]);
  return revision;
}

std::uint64_t SqlStore::Create(Offer& record, const AuditContext& by) {
  Dataset one;
  one.offers.push_back(std::move(record));
  const std::uint64_t revision = CreateRow(Table::kOffers, kOfferIdPrefix, one, by);
  record = std::move(one.offers[0]);
  return revision;
}

std::uint64_t SqlStore::Update(std::string_view id, const std::function<Demand(const Demand&)>& change,
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

std::uint64_t SqlStore::Update(std::string_view id, const std::function<Offer(const Offer&)>& change,
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
