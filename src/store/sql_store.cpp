#include "store/sql_store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <thread>

namespace chainscope {

SqlPool::SqlPool(std::vector<std::unique_ptr<SqlSession>> sessions) : sessions_(std::move(sessions)) {
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

namespace {

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
                  std::vector<SqlParam>& values, bool more = false) {
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

}  // namespace

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
  if (keep == drop) throw InvalidInput("--keep and --drop name the same enterprise");
  auto s = Session();
  EnterpriseMerge out;
  InWriteTransaction(*s, [&] {
    std::string before;
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
    }
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
        {"links", "buyer"},           {"links", "supplier"},
        {"capabilities", "supplier"}, {"vehicle_lines", "oem"},
        {"demands", "buyer"},         {"offers", "supplier"},
        {"distribution", "dealer"},   {"distribution", "oem"},
        {"responses", "buyer"},       {"responses", "supplier"},
        {"deals", "buyer"},           {"deals", "supplier"},
        {"users", "enterprise"},      {"notifications", "enterprise"},
        {"webhooks", "enterprise"},   {"enterprise_settings", "enterprise"}};
    for (const auto& [table, column] : kMoves) {
      const std::int64_t n =
          s->Run(fmt::format("UPDATE {} SET {} = ?1 WHERE {} = ?2", table, column, column), {keep, drop});
      if (n > 0) out.moved[std::string(table)] += n;
    }
    s->Run("DELETE FROM enterprises WHERE id = ?1", {drop});
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

// ---- accounts ----

namespace {

constexpr std::string_view kUserColumns =
    "id, email, role, enterprise, disabled, password_hash, created_at, enterprise_admin";

/// An account from columns first … first+7 (kUserColumns order).
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
  if (u.enterprise.empty()) return;
  if (!IdExists(s, "enterprises", u.enterprise))
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

SqlParam OptionalText(const std::string& text) {
  return text.empty() ? SqlParam{std::monostate{}} : SqlParam{std::string_view(text)};
}

}  // namespace

void SqlStore::AddUser(User& user, const AuditContext& by) {
  user.email = NormalizeEmail(user.email);
  auto s = Session();
  InWriteTransaction(*s, [&] {
    CheckUser(*s, user);
    if (FindUserIn(*s, user.email)) throw Conflict(fmt::format("an account for '{}' exists", user.email));
    user.created_at = NowUtc();
    const std::string role(ToString(user.role));
    s->Run(
        "INSERT INTO users (email, role, enterprise, disabled, password_hash, enterprise_admin, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        {user.email, role, OptionalText(user.enterprise), user.disabled, user.password_hash,
         user.enterprise_admin, user.created_at},
        [&](const SqlRow& r) { user.id = r.Int(0); });
    Audit(*s, by, "user.create", "user:" + user.email, "null", UserJson(user));
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
        "?5 "
        "WHERE id = ?6",
        {role, OptionalText(next.enterprise), next.disabled, next.password_hash, next.enterprise_admin,
         next.id});
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
  // Credential columns 0–8, then the account's (kUserColumns order) 9–16.
  s->Run(
      "SELECT c.id, c.user_id, c.kind, c.name, c.secret_hash, c.created_at, c.expires_at, c.last_used_at, "
      "c.revoked, u.id, u.email, u.role, u.enterprise, u.disabled, u.password_hash, u.created_at, "
      "u.enterprise_admin FROM credentials c JOIN users u ON u.id = c.user_id WHERE c.secret_hash = ?1",
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

// ---- responses and deals ----

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

std::vector<Response> ResponsesIn(SqlSession& s, const ResponseQuery& q) {
  std::vector<SqlParam> values;
  const std::string where =
      Where({{"id", &q.id}, {"demand", &q.demand}, {"supplier", &q.supplier}, {"buyer", &q.buyer}}, values);
  std::vector<Response> out;
  s.Run(fmt::format("SELECT {} FROM responses{} ORDER BY {}", kResponseColumns, where, s.InsertionOrder()),
        values, [&](const SqlRow& row) {
          Response r;
          std::string* texts[] = {&r.id, &r.demand, &r.buyer, &r.supplier, &r.component};
          for (int i = 0; i < 5; ++i) *texts[i] = row.Text(i);
          r.annual_quantity = row.Int(5);
          r.unit_price_yuan = row.Real(6);
          r.lead_time_days = row.Real(7);
          r.message = row.Text(8);
          const auto status = ParseResponseStatus(row.Text(9));
          if (!status) throw Error("store: a response has an unknown status");
          r.status = *status;
          r.created_at = row.Text(10);
          r.updated_at = row.Text(11);
          out.push_back(std::move(r));
        });
  return out;
}

std::vector<Deal> DealsIn(SqlSession& s, const DealQuery& q) {
  std::vector<SqlParam> values;
  std::string where = Where({{"id", &q.id}, {"demand", &q.demand}}, values);
  if (!q.party.empty()) {
    values.emplace_back(std::string_view(q.party));
    where += fmt::format("{} (buyer = ?{} OR supplier = ?{})", where.empty() ? " WHERE" : " AND",
                         values.size(), values.size());
  }
  std::vector<Deal> out;
  s.Run(fmt::format("SELECT {} FROM deals{} ORDER BY {}", kDealColumns, where, s.InsertionOrder()), values,
        [&](const SqlRow& row) {
          Deal d;
          std::string* texts[] = {&d.id, &d.response, &d.demand, &d.buyer, &d.supplier, &d.component};
          for (int i = 0; i < 6; ++i) *texts[i] = row.Text(i);
          d.annual_quantity = row.Int(6);
          d.unit_price_yuan = row.Real(7);
          d.start_date = row.Text(8);
          d.buyer_confirmed = row.Bool(9);
          d.supplier_confirmed = row.Bool(10);
          d.linked = row.Bool(11);
          d.created_at = row.Text(12);
          out.push_back(std::move(d));
        });
  return out;
}

void WriteResponse(SqlSession& s, const Response& r, bool insert) {
  const std::string status(ToString(r.status));
  const SqlParam all[] = {r.id,
                          r.demand,
                          r.buyer,
                          r.supplier,
                          r.component,
                          r.annual_quantity,
                          r.unit_price_yuan,
                          r.lead_time_days,
                          r.message,
                          status,
                          r.created_at,
                          r.updated_at};
  if (insert) {
    s.Run(fmt::format("INSERT INTO responses ({}) VALUES ({})", kResponseColumns, Marks(std::size(all))),
          all);
    return;
  }
  const SqlParam changed[] = {all[0], all[5], all[6], all[7], all[8], all[9], all[11]};
  s.Run(
      "UPDATE responses SET annual_quantity = ?2, unit_price_yuan = ?3, lead_time_days = ?4, message = ?5, "
      "status = ?6, updated_at = ?7 WHERE id = ?1",
      changed);
}

void WriteDeal(SqlSession& s, const Deal& d, bool insert) {
  if (insert) {
    s.Run(fmt::format("INSERT INTO deals ({}) VALUES ({})", kDealColumns, Marks(13)),
          {d.id, d.response, d.demand, d.buyer, d.supplier, d.component, d.annual_quantity, d.unit_price_yuan,
           d.start_date, d.buyer_confirmed, d.supplier_confirmed, d.linked, d.created_at});
    return;
  }
  s.Run("UPDATE deals SET buyer_confirmed = ?2, supplier_confirmed = ?3, linked = ?4 WHERE id = ?1",
        {d.id, d.buyer_confirmed, d.supplier_confirmed, d.linked});
}

}  // namespace

void SqlStore::AddResponse(Response& response, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    for (const Response& r : ResponsesIn(*s, {.demand = response.demand, .supplier = response.supplier}))
      if (r.status != ResponseStatus::kDeclined && r.status != ResponseStatus::kWithdrawn)
        throw Conflict(fmt::format("{} has answered demand {} already (response {}); withdraw it first",
                                   response.supplier, response.demand, r.id));
    response.id = NextId(*s, "responses", "responses", kResponseIdPrefix);
    response.created_at = response.updated_at = NowUtc();
    WriteResponse(*s, response, true);
    Audit(*s, by, "response.create", "response:" + response.id, "null", ResponseJson(response));
    return 0;
  });
}

std::vector<Response> SqlStore::Responses(const ResponseQuery& query) {
  auto s = Session();
  return ResponsesIn(*s, query);
}

Response SqlStore::UpdateResponse(std::string_view id, const std::function<Response(const Response&)>& change,
                                  const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<Response> stored = ResponsesIn(*s, {.id = std::string(id)});
    if (stored.empty()) throw NotFound(fmt::format("no response with id '{}'", id));
    Response next = change(stored[0]);
    if (next.id != stored[0].id || next.demand != stored[0].demand || next.supplier != stored[0].supplier)
      throw Error("an update cannot change a response's id, demand or supplier");
    next.updated_at = NowUtc();
    WriteResponse(*s, next, false);
    Audit(*s, by, "response.update", "response:" + next.id, ResponseJson(stored[0]), ResponseJson(next));
    return next;
  });
}

Deal SqlStore::AcceptResponse(std::string_view response_id,
                              const std::function<Deal(const Response&)>& make_deal, const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<Response> stored = ResponsesIn(*s, {.id = std::string(response_id)});
    if (stored.empty()) throw NotFound(fmt::format("no response with id '{}'", response_id));
    Deal deal = make_deal(stored[0]);
    Response accepted = stored[0];
    accepted.status = ResponseStatus::kAccepted;
    accepted.updated_at = NowUtc();
    WriteResponse(*s, accepted, false);
    Audit(*s, by, "response.accept", "response:" + accepted.id, ResponseJson(stored[0]),
          ResponseJson(accepted));
    deal.id = NextId(*s, "deals", "deals", kDealIdPrefix);
    deal.response = accepted.id;
    deal.created_at = accepted.updated_at;
    deal.buyer_confirmed = deal.supplier_confirmed = deal.linked = false;
    WriteDeal(*s, deal, true);
    Audit(*s, by, "deal.create", "deal:" + deal.id, "null", DealJson(deal));
    return deal;
  });
}

std::vector<Deal> SqlStore::Deals(const DealQuery& query) {
  auto s = Session();
  return DealsIn(*s, query);
}

Deal SqlStore::ConfirmDeal(std::string_view id, bool buyer_side,
                           const std::function<void(const Deal&)>& check, const LinkTerms& terms,
                           const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<Deal> stored = DealsIn(*s, {.id = std::string(id)});
    if (stored.empty()) throw NotFound(fmt::format("no deal with id '{}'", id));
    check(stored[0]);
    Deal next = stored[0];
    (buyer_side ? next.buyer_confirmed : next.supplier_confirmed) = true;
    if (next.buyer_confirmed && next.supplier_confirmed && !next.linked) {
      try {
        s->Run(
            "INSERT INTO links (buyer, supplier, component, annual_volume, unit_price_yuan, "
            "buyer_inventory_days, "
            "in_transit_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (buyer, supplier, component) "
            "DO "
            "UPDATE SET unit_price_yuan = (links.annual_volume * links.unit_price_yuan + "
            "excluded.annual_volume * "
            "excluded.unit_price_yuan) / (links.annual_volume + excluded.annual_volume), "
            "annual_volume = links.annual_volume + excluded.annual_volume",
            {next.buyer, next.supplier, next.component, next.annual_quantity, next.unit_price_yuan,
             terms.buyer_inventory_days, terms.in_transit_days});
      } catch (const SqlError& e) {
        if (e.kind() != SqlError::Kind::kForeignKey) throw;
        throw Conflict(
            fmt::format("deal {}: its buyer, supplier or component is no longer in the chain", id));
      }
      // The confirmed volume is the supplier's commitment from now on (its spare capacity shrinks).
      s->Run("UPDATE capabilities SET committed = committed + ?3 WHERE supplier = ?1 AND component = ?2",
             {next.supplier, next.component, next.annual_quantity});
      next.linked = true;
      BumpRevision(*s, true);
    }
    WriteDeal(*s, next, false);
    Audit(*s, by, buyer_side ? "deal.confirm_buyer" : "deal.confirm_supplier", "deal:" + next.id,
          DealJson(stored[0]), DealJson(next));
    return next;
  });
}

std::map<std::string, std::string> SqlStore::PostedTimes(std::string_view table) {
  auto s = Session();
  std::map<std::string, std::string> out;
  s->Run("SELECT id, created_at FROM record_times WHERE kind = ?1", {table},
         [&](const SqlRow& r) { out.emplace(r.Text(0), r.Text(1)); });
  return out;
}

std::vector<std::string> SqlStore::EnterpriseIds() {
  auto s = Session();
  std::vector<std::string> out;
  s->Run("SELECT id FROM enterprises", {}, [&](const SqlRow& r) { out.push_back(r.Text(0)); });
  return out;
}

// ---- inboxes and webhooks ----

namespace {

constexpr std::string_view kNotificationColumns =
    "id, enterprise, event, entity, payload, created_at, read_at";
constexpr std::string_view kWebhookColumns = "id, enterprise, url, events, sealed_secret, active, created_at";
constexpr std::string_view kDeliveryColumns =
    "id, webhook, notification, status, attempts, next_attempt_at, last_http_status, last_error, "
    "delivered_at, "
    "created_at";

Notification ReadNotification(const SqlRow& r) {
  Notification n;
  n.id = r.Int(0);
  n.enterprise = r.Text(1);
  n.event = r.Text(2);
  n.entity = r.Text(3);
  n.payload = r.Text(4);
  n.created_at = r.Text(5);
  n.read_at = r.Text(6);
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

Webhook ReadWebhook(const SqlRow& r) {
  Webhook w;
  w.id = r.Int(0);
  w.enterprise = r.Text(1);
  w.url = r.Text(2);
  const std::string events = r.Text(3);
  for (std::size_t at = 0; at < events.size();) {
    const std::size_t comma = std::min(events.find(',', at), events.size());
    w.events.push_back(events.substr(at, comma - at));
    at = comma + 1;
  }
  w.sealed_secret = r.Text(4);
  w.active = r.Bool(5);
  w.created_at = r.Text(6);
  return w;
}

WebhookDelivery ReadDelivery(const SqlRow& r) {
  WebhookDelivery d;
  d.id = r.Int(0);
  d.webhook = r.Int(1);
  d.notification = r.Int(2);
  const std::string status = r.Text(3);
  d.status = status == "delivered" ? WebhookDelivery::Status::kDelivered
             : status == "failed"  ? WebhookDelivery::Status::kFailed
                                   : WebhookDelivery::Status::kPending;
  d.attempts = static_cast<int>(r.Int(4));
  d.next_attempt_at = r.Text(5);
  d.last_http_status = static_cast<int>(r.Int(6));
  d.last_error = r.Text(7);
  d.delivered_at = r.Text(8);
  d.created_at = r.Text(9);
  return d;
}

std::string WebhookJson(const Webhook& w) {
  return fmt::format(R"({{"id":{},"enterprise":{},"url":{},"events":{},"active":{}}})", w.id,
                     JsonQuote(w.enterprise), JsonQuote(w.url), JsonQuote(JoinEvents(w.events)), w.active);
}

std::vector<WebhookDelivery> SelectDeliveries(SqlSession& s, std::string_view where, std::int64_t key,
                                              std::size_t limit) {
  std::vector<WebhookDelivery> out;
  s.Run(fmt::format("SELECT {} FROM webhook_deliveries {} LIMIT ?2", kDeliveryColumns, where),
        {key, static_cast<std::int64_t>(limit)}, [&](const SqlRow& r) { out.push_back(ReadDelivery(r)); });
  return out;
}

}  // namespace

void SqlStore::AddNotifications(std::vector<Notification>& notices) {
  if (notices.empty()) return;
  auto s = Session();
  InWriteTransaction(*s, [&] {
    const std::string now = NowUtc();
    const std::string due = UtcMillis();  // the outbox orders and retries to the millisecond
    // Active webhooks by enterprise, with the events each takes (",a,b," — or ",," for every event).
    std::multimap<std::string, std::pair<std::int64_t, std::string>> hooks;
    s->Run("SELECT id, enterprise, events FROM webhooks WHERE active = TRUE", {}, [&](const SqlRow& r) {
      hooks.emplace(r.Text(1), std::pair{r.Int(0), std::string(",").append(r.Text(2)).append(",")});
    });
    for (Notification& n : notices) {
      n.created_at = now;
      s->Run(
          "INSERT INTO notifications (enterprise, event, entity, payload, created_at) VALUES (?1, ?2, ?3, "
          "?4, ?5) "
          "RETURNING id",
          {n.enterprise, n.event, n.entity, n.payload, n.created_at},
          [&](const SqlRow& r) { n.id = r.Int(0); });
      // A delivery due now for every active webhook of the notice's enterprise taking its event.
      const std::string event = std::string(",").append(n.event).append(",");
      for (auto [it, end] = hooks.equal_range(n.enterprise); it != end; ++it) {
        const auto& [webhook, events] = it->second;
        if (events != ",," && events.find(event) == std::string::npos) continue;
        s->Run(
            "INSERT INTO webhook_deliveries (webhook, notification, status, attempts, next_attempt_at, "
            "last_http_status, last_error, created_at) VALUES (?1, ?2, 'pending', 0, ?3, 0, '', ?4)",
            {webhook, n.id, due, n.created_at});
      }
    }
    return 0;
  });
}

std::vector<Notification> SqlStore::Notifications(std::string_view enterprise, bool unread_only,
                                                  std::size_t limit, std::size_t offset, std::size_t* total) {
  const std::string_view where =
      unread_only ? "WHERE enterprise = ?1 AND read_at IS NULL" : "WHERE enterprise = ?1";
  auto s = Session();
  if (total)
    s->Run(fmt::format("SELECT COUNT(*) FROM notifications {}", where), {enterprise},
           [&](const SqlRow& r) { *total = static_cast<std::size_t>(r.Int(0)); });
  std::vector<Notification> out;
  s->Run(fmt::format("SELECT {} FROM notifications {} ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                     kNotificationColumns, where),
         {enterprise, static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)},
         [&](const SqlRow& r) { out.push_back(ReadNotification(r)); });
  return out;
}

std::optional<Notification> SqlStore::NotificationById(std::int64_t id) {
  auto s = Session();
  std::optional<Notification> out;
  s->Run(fmt::format("SELECT {} FROM notifications WHERE id = ?1", kNotificationColumns), {id},
         [&](const SqlRow& r) { out = ReadNotification(r); });
  return out;
}

bool SqlStore::MarkNotificationRead(std::string_view enterprise, std::int64_t id) {
  auto s = Session();
  return s->Run("UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND enterprise = ?2",
                {id, enterprise, NowUtc()}) > 0;
}

std::map<std::string, double> SqlStore::MatchThresholds() {
  auto s = Session();
  std::map<std::string, double> out;
  s->Run("SELECT enterprise, match_threshold FROM enterprise_settings", {},
         [&](const SqlRow& r) { out.emplace(r.Text(0), r.Real(1)); });
  return out;
}

void SqlStore::SetMatchThreshold(std::string_view enterprise, double threshold, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    s->Run(
        "INSERT INTO enterprise_settings (enterprise, match_threshold) VALUES (?1, ?2) "
        "ON CONFLICT (enterprise) DO UPDATE SET match_threshold = excluded.match_threshold",
        {enterprise, threshold});
    Audit(*s, by, "settings.update", fmt::format("enterprise:{}", enterprise), "null",
          fmt::format(R"({{"match_threshold":{}}})", threshold));
    return 0;
  });
}

void SqlStore::AddWebhook(Webhook& w, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    w.created_at = NowUtc();
    const std::string events = JoinEvents(w.events);
    s->Run(
        "INSERT INTO webhooks (enterprise, url, events, sealed_secret, active, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        {w.enterprise, w.url, events, w.sealed_secret, w.active, w.created_at},
        [&](const SqlRow& r) { w.id = r.Int(0); });
    Audit(*s, by, "webhook.create", fmt::format("webhook:{}", w.id), "null", WebhookJson(w));
    return 0;
  });
}

std::vector<Webhook> SqlStore::Webhooks(std::string_view enterprise) {
  auto s = Session();
  std::vector<Webhook> out;
  s->Run(fmt::format("SELECT {} FROM webhooks WHERE enterprise = ?1 ORDER BY id", kWebhookColumns),
         {enterprise}, [&](const SqlRow& r) { out.push_back(ReadWebhook(r)); });
  return out;
}

std::optional<Webhook> SqlStore::WebhookById(std::int64_t id) {
  auto s = Session();
  std::optional<Webhook> out;
  s->Run(fmt::format("SELECT {} FROM webhooks WHERE id = ?1", kWebhookColumns), {id},
         [&](const SqlRow& r) { out = ReadWebhook(r); });
  return out;
}

void SqlStore::DeactivateWebhook(std::int64_t id, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    if (s->Run("UPDATE webhooks SET active = FALSE WHERE id = ?1", {id}) == 0)
      throw NotFound(fmt::format("no webhook {}", id));
    s->Run(
        "UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook removed' "
        "WHERE webhook = ?1 AND status = 'pending'",
        {id});
    Audit(*s, by, "webhook.delete", fmt::format("webhook:{}", id), R"({"active":true})",
          R"({"active":false})");
    return 0;
  });
}

std::vector<WebhookDelivery> SqlStore::Deliveries(std::int64_t webhook, std::size_t limit) {
  auto s = Session();
  return SelectDeliveries(*s, "WHERE webhook = ?1 ORDER BY id DESC", webhook, limit);
}

std::vector<WebhookDelivery> SqlStore::ClaimDueDeliveries(std::string_view now, std::string_view lease_until,
                                                          std::size_t limit) {
  auto s = Session();
  // Claimed rows are skipped by other servers' claims (PostgreSQL) or excluded by the write lock (SQLite);
  // the lease moves their next attempt past now, so a claim that is never recorded is retried.
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    std::vector<WebhookDelivery> due;
    s->Run(fmt::format("SELECT {} FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?1 "
                       "ORDER BY next_attempt_at, id LIMIT ?2{}",
                       kDeliveryColumns, s->SkipLocked()),
           {now, static_cast<std::int64_t>(limit)}, [&](const SqlRow& r) { due.push_back(ReadDelivery(r)); });
    for (WebhookDelivery& d : due) {
      s->Run("UPDATE webhook_deliveries SET next_attempt_at = ?1 WHERE id = ?2", {lease_until, d.id});
      d.next_attempt_at = std::string(lease_until);
    }
    return due;
  });
}

void SqlStore::RecordDeliveryAttempt(const WebhookDelivery& d) {
  auto s = Session();
  const std::string status(ToString(d.status));
  s->Run(
      "UPDATE webhook_deliveries SET status = ?1, attempts = ?2, next_attempt_at = ?3, last_http_status = "
      "?4, "
      "last_error = ?5, delivered_at = ?6 WHERE id = ?7",
      {status, std::int64_t{d.attempts}, d.next_attempt_at, std::int64_t{d.last_http_status}, d.last_error,
       OptionalText(d.delivered_at), d.id});
}

WebhookDelivery SqlStore::Redeliver(std::int64_t webhook, std::int64_t delivery, std::string_view now) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<WebhookDelivery> old = SelectDeliveries(*s, "WHERE id = ?1", delivery, 1);
    if (old.empty() || old[0].webhook != webhook)
      throw NotFound(fmt::format("no delivery {} of webhook {}", delivery, webhook));
    std::int64_t id = 0;
    s->Run(
        "INSERT INTO webhook_deliveries (webhook, notification, status, attempts, next_attempt_at, "
        "last_http_status, last_error, created_at) VALUES (?1, ?2, 'pending', 0, ?3, 0, '', ?4) RETURNING id",
        {webhook, old[0].notification, now, NowUtc()}, [&](const SqlRow& r) { id = r.Int(0); });
    return SelectDeliveries(*s, "WHERE id = ?1", id, 1).at(0);
  });
}

}  // namespace chainscope

namespace chainscope {

// ---- jobs ----

namespace {

/// A job's columns, then its progress summed over the working parts (and its result when asked).
constexpr std::string_view kJobColumns =
    "id, kind, owner, request, chain_revision, state, parts, error, created_at, finished_at, "
    "(SELECT COALESCE(SUM(p.done), 0) FROM job_parts p WHERE p.job = jobs.id AND p.part < jobs.parts), "
    "(SELECT COALESCE(SUM(p.total), 0) FROM job_parts p WHERE p.job = jobs.id AND p.part < jobs.parts)";

Job ReadJob(const SqlRow& r, bool with_result) {
  Job j;
  j.id = r.Text(0);
  j.kind = r.Text(1);
  j.owner = r.Text(2);
  j.request = r.Text(3);
  j.chain_revision = static_cast<std::uint64_t>(r.Int(4));
  const std::string state = r.Text(5);
  for (JobState s :
       {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kCancelled, JobState::kFailed})
    if (ToString(s) == state) j.state = s;
  j.parts = static_cast<int>(r.Int(6));
  j.error = r.Text(7);
  j.created_at = r.Text(8);
  j.finished_at = r.Text(9);
  j.done = r.Int(10);
  j.total = r.Int(11);
  if (with_result) j.result = r.Text(12);
  return j;
}

std::optional<Job> FindJobIn(SqlSession& s, std::string_view id, bool with_result) {
  std::optional<Job> out;
  s.Run(fmt::format("SELECT {}{} FROM jobs WHERE id = ?1", kJobColumns, with_result ? ", result" : ""), {id},
        [&](const SqlRow& r) { out = ReadJob(r, with_result); });
  return out;
}

std::string JobJson(const Job& j) {
  return fmt::format(R"({{"id":{},"kind":{},"state":{},"parts":{}}})", JsonQuote(j.id), JsonQuote(j.kind),
                     JsonQuote(ToString(j.state)), j.parts);
}

/// A job that can still be worked on: the SQL condition on `jobs` (alias j).
constexpr std::string_view kJobLive = "j.state IN ('queued', 'running')";

}  // namespace

bool SqlStore::AddJob(Job& job, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges,
                      std::size_t max_unfinished, const AuditContext& by) {
  if (ranges.empty()) throw Error("a job needs at least one part");
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::int64_t unfinished = 0;
    s->Run("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')", {},
           [&](const SqlRow& r) { unfinished = r.Int(0); });
    if (unfinished >= static_cast<std::int64_t>(max_unfinished)) return false;
    job.id = NextId(*s, "jobs", "jobs", kJobIdPrefix);
    job.state = JobState::kQueued;
    job.parts = static_cast<int>(ranges.size());
    job.created_at = NowUtc();
    job.done = job.total = 0;
    s->Run(
        "INSERT INTO jobs (id, kind, owner, request, chain_revision, state, parts, result, error, "
        "created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, NULL, '', ?7)",
        {job.id, job.kind, job.owner, job.request, static_cast<std::int64_t>(job.chain_revision),
         std::int64_t{job.parts}, job.created_at});
    for (std::size_t i = 0; i <= ranges.size(); ++i) {
      const auto [first, last] = i < ranges.size() ? ranges[i] : std::pair<std::int64_t, std::int64_t>{0, 0};
      job.total += last - first;
      s->Run(
          "INSERT INTO job_parts (job, part, node_first, node_last, done, total, finished, worker, "
          "lease_until, "
          "attempts, result) VALUES (?1, ?2, ?3, ?4, 0, ?5, FALSE, '', NULL, 0, NULL)",
          {job.id, static_cast<std::int64_t>(i), first, last, last - first});
    }
    s->Run(
        "DELETE FROM jobs WHERE state IN ('done', 'cancelled', 'failed') AND id NOT IN (SELECT id FROM jobs "
        "WHERE state IN ('done', 'cancelled', 'failed') ORDER BY id DESC LIMIT ?1)",
        {static_cast<std::int64_t>(kKeptFinishedJobs)});
    Audit(*s, by, "job.create", "job:" + job.id, "null", JobJson(job));
    return true;
  });
}

std::optional<Job> SqlStore::FindJob(std::string_view id, bool with_result) {
  auto s = Session();
  return FindJobIn(*s, id, with_result);
}

std::vector<Job> SqlStore::Jobs(std::size_t limit) {
  auto s = Session();
  std::vector<Job> out;
  s->Run(fmt::format("SELECT {} FROM jobs ORDER BY id DESC LIMIT ?1", kJobColumns),
         {static_cast<std::int64_t>(limit)}, [&](const SqlRow& r) { out.push_back(ReadJob(r, false)); });
  return out;
}

std::optional<JobClaim> SqlStore::ClaimJobPart(std::string_view worker, std::string_view now,
                                               std::string_view lease_until) {
  auto s = Session();
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    std::optional<JobClaim> claim;
    std::string job;
    s->Run(
        fmt::format(
            "SELECT job, part, node_first, node_last, attempts FROM job_parts p WHERE finished = FALSE AND "
            "(lease_until IS NULL OR lease_until < ?1) AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = p.job "
            "AND "
            "{} AND (p.part < j.parts OR NOT EXISTS (SELECT 1 FROM job_parts q WHERE q.job = p.job AND "
            "q.part < j.parts AND q.finished = FALSE))) ORDER BY job, part LIMIT 1{}",
            kJobLive, s->SkipLocked()),
        {now}, [&](const SqlRow& r) {
          claim.emplace();
          job = r.Text(0);
          claim->part = static_cast<int>(r.Int(1));
          claim->first = r.Int(2);
          claim->last = r.Int(3);
          claim->attempt = static_cast<int>(r.Int(4)) + 1;
        });
    if (claim) {
      s->Run(
          "UPDATE job_parts SET worker = ?3, lease_until = ?4, attempts = attempts + 1 WHERE job = ?1 AND "
          "part = ?2",
          {job, std::int64_t{claim->part}, worker, lease_until});
      s->Run("UPDATE jobs SET state = 'running' WHERE id = ?1 AND state = 'queued'", {job});
      claim->job = FindJobIn(*s, job, false).value();
    }
    return claim;
  });
}

JobLease SqlStore::RenewJobPart(const JobClaim& claim, std::string_view worker, std::string_view lease_until,
                                std::int64_t done, std::int64_t total) {
  auto s = Session();
  const std::int64_t changed = s->Run(
      fmt::format(
          "UPDATE job_parts SET lease_until = ?4, done = ?5, total = ?6 WHERE job = ?1 AND part = ?2 AND "
          "worker = ?3 AND finished = FALSE AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = job_parts.job "
          "AND {})",
          kJobLive),
      {claim.job.id, std::int64_t{claim.part}, worker, lease_until, done, total});
  return changed > 0 ? JobLease::kHeld : JobLease::kLost;
}

bool SqlStore::FinishJobPart(const JobClaim& claim, std::string_view worker, std::string_view result) {
  auto s = Session();
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    const std::int64_t changed = s->Run(
        fmt::format(
            "UPDATE job_parts SET finished = TRUE, done = total, lease_until = NULL, result = ?4 WHERE "
            "job = ?1 AND part = ?2 AND worker = ?3 AND finished = FALSE AND EXISTS (SELECT 1 FROM jobs j "
            "WHERE j.id = job_parts.job AND {})",
            kJobLive),
        {claim.job.id, std::int64_t{claim.part}, worker, result});
    if (changed > 0 && claim.part == claim.job.parts)
      s->Run("UPDATE jobs SET state = 'done', result = ?2, finished_at = ?3 WHERE id = ?1",
             {claim.job.id, result, NowUtc()});
    return changed > 0;
  });
}

std::vector<std::string> SqlStore::JobPartResults(std::string_view job) {
  auto s = Session();
  std::vector<std::string> out;
  s->Run(
      "SELECT result FROM job_parts WHERE job = ?1 AND part < (SELECT parts FROM jobs WHERE id = ?1) ORDER "
      "BY part",
      {job}, [&](const SqlRow& r) { out.push_back(r.Text(0)); });
  return out;
}

void SqlStore::FailJob(std::string_view job, std::string_view error) {
  auto s = Session();
  s->Run(
      "UPDATE jobs SET state = 'failed', error = ?2, finished_at = ?3 WHERE id = ?1 AND state IN ('queued', "
      "'running')",
      {job, error, NowUtc()});
}

bool SqlStore::CancelJob(std::string_view id, const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::optional<Job> job = FindJobIn(*s, id, false);
    if (!job) throw NotFound(fmt::format("no job '{}'", id));
    if (job->state == JobState::kQueued || job->state == JobState::kRunning) {
      s->Run("UPDATE jobs SET state = 'cancelled', finished_at = ?2 WHERE id = ?1", {id, NowUtc()});
      Job after = *job;
      after.state = JobState::kCancelled;
      Audit(*s, by, "job.cancel", "job:" + job->id, JobJson(*job), JobJson(after));
      return true;
    }
    s->Run("DELETE FROM jobs WHERE id = ?1", {id});
    Audit(*s, by, "job.delete", "job:" + job->id, JobJson(*job), "null");
    return false;
  });
}

}  // namespace chainscope

namespace chainscope {

void SqlStore::UpdateBucket(
    std::string_view key,
    const std::function<std::optional<StoredBucket>(std::optional<StoredBucket>)>& update) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    std::optional<StoredBucket> stored;
    s->Run("SELECT tokens, at_ms FROM rate_limits WHERE key = ?1", {key}, [&](const SqlRow& r) {
      stored = StoredBucket{r.Real(0), r.Int(1)};
    });
    const std::optional<StoredBucket> next = update(stored);
    if (!next)
      s->Run("DELETE FROM rate_limits WHERE key = ?1", {key});
    else
      s->Run(
          "INSERT INTO rate_limits (key, tokens, at_ms) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at_ms = excluded.at_ms",
          {key, next->tokens, next->at_ms});
    return 0;
  });
}

}  // namespace chainscope
