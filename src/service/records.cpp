#include "service/records.h"

#include <fmt/format.h>

#include "core/schema.h"
#include "service/access.h"
#include "service/errors.h"

namespace chainscope {
namespace {

/// Refuses fields that are not columns of the record's table.
void RequireKnownFields(Table table, const boost::json::object& body) {
  const TableSpec& spec = SpecOf(table);
  for (const auto& kv : body) {
    bool known = false;
    for (const ColumnSpec& c : spec.columns) known = known || c.name == kv.key();
    if (!known) {
      std::string allowed;
      for (const ColumnSpec& c : spec.columns) allowed += (allowed.empty() ? "" : ", ") + std::string(c.name);
      throw InvalidInput(
          fmt::format("unknown field '{}' (allowed: {})", std::string_view(kv.key()), allowed));
    }
  }
}

void RequireValidId(std::string_view id) {
  if (!IsValidRecordId(id))
    throw InvalidInput(
        fmt::format("field 'id': must be 1–{} characters from A–Z, a–z, 0–9, '.', '_', '-', starting with a "
                    "letter or digit",
                    kMaxRecordIdBytes));
}

/// The id in a URL path: one outside the alphabet cannot exist.
void RequirePathId(Table table, std::string_view id) {
  if (!IsValidRecordId(id)) throw NotFound(fmt::format("no {} with this id", SingularOf(table)));
}

template <class T>
void CheckEtag(const T& stored, const std::optional<std::string>& if_match) {
  if (!if_match || *if_match == "*") return;
  const std::string etag = RecordEtag(stored);
  // If-Match may list several ETags, comma-separated.
  std::string_view list = *if_match;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view one = list.substr(0, comma);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    if (one == etag) return;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  throw PreconditionFailed(fmt::format("{} '{}' has changed since it was read (its ETag is now {})",
                                       SingularOf(RecordKind<T>::kTable), stored.id, etag));
}

/// The market with `record` put in: appended when new, else replaced where its id is.
template <class T>
Market With(const Market& m, T record, std::uint64_t revision, bool created) {
  Market next = m;
  RecordTable<T>& table = [&]() -> RecordTable<T>& {
    if constexpr (std::is_same_v<T, Demand>)
      return next.demands;
    else
      return next.offers;
  }();
  const auto at = created ? std::nullopt : table.Find(record.id);
  table = at ? table.Replaced(*at, std::move(record)) : table.Appended(std::move(record));
  if constexpr (std::is_same_v<T, Offer>) next.offers_revision = revision;
  return next;
}

template <class T>
const RecordTable<T>& TableOf(const Market& m) {
  if constexpr (std::is_same_v<T, Demand>)
    return m.demands;
  else
    return m.offers;
}

/// NotFound — the same answer as for an id that does not exist — unless `actor` may edit the stored
/// record (service/access: MayEdit), so that ids of other enterprises' records do not leak.
template <class T>
void RequireEditable(const Principal& actor, const T& stored) {
  if (!MayEdit(actor, RecordKind<T>::Owner(stored)))
    throw NotFound(fmt::format("no {} with id '{}'", SingularOf(RecordKind<T>::kTable), stored.id));
}

/// A new or replacing record must belong to an enterprise the actor may edit.
template <class T>
void RequireOwnEnterprise(const Principal& actor, const T& record) {
  if (!MayEdit(actor, RecordKind<T>::Owner(record)))
    throw ServiceError(ErrorCode::kForbidden,
                       fmt::format("field '{}': you may only post for your own enterprise ({})",
                                   RecordKind<T>::kOwnerField, actor.enterprise));
}

template <class T>
WrittenRecord<T> Persist(Platform& platform, const Principal& actor, T record, bool create,
                         const std::optional<std::string>& if_match) {
  std::uint64_t revision = 0;
  const auto state = platform.WriteMarket(
      [&](chainscope::Store& store) {
        if (create) return revision = store.Create(record, AuditOf(actor));
        return revision =
                   store.Update(record.id, std::function<T(const T&)>([&](const T& stored) {
                                  RequireEditable(actor, stored);
                                  CheckEtag(stored, if_match);
                                  return record;
                                }),
                                AuditOf(actor, fmt::format("{}.replace", SingularOf(RecordKind<T>::kTable))));
      },
      [&](const Market& m) { return With(m, record, revision, create); });
  return {std::move(record), state};
}

}  // namespace

template <class T>
std::string RecordEtag(const T& record) {
  Dataset one;
  RecordKind<T>::Rows(one).push_back(record);
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a 64 over the cells, each followed by a separator
  for (const Cell& cell : EncodeRow(one, RecordKind<T>::kTable, 0)) {
    for (unsigned char c : FormatCell(cell) + '\x1f') {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  }
  return fmt::format("\"{:016x}\"", hash);
}

template <class T>
std::vector<const T*> ListRecords(const Market& market, const RecordQuery& q, const Principal& viewer) {
  std::vector<const T*> out;
  for (const T& r : TableOf<T>(market)) {
    if (!SeesRecord(viewer, r)) continue;
    if (q.owner && RecordKind<T>::Owner(r) != *q.owner) continue;
    if (q.component && r.component != *q.component) continue;
    if (q.open && r.open != *q.open) continue;
    out.push_back(&r);
  }
  return out;
}

template <class T>
const T& GetRecord(const Market& market, std::string_view id, const Principal& viewer) {
  RequirePathId(RecordKind<T>::kTable, id);
  if (const T* r = TableOf<T>(market).FindRecord(id); r && SeesRecord(viewer, *r)) return *r;
  throw NotFound(fmt::format("no {} with id '{}'", SingularOf(RecordKind<T>::kTable), id));
}

template <class T>
WrittenRecord<T> CreateRecord(Platform& platform, const Principal& actor, boost::json::object body) {
  using Kind = RecordKind<T>;
  if (!platform.writable()) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  RequireKnownFields(Kind::kTable, body);
  // A member posts for its own enterprise: the owner field may be left out.
  if (actor.is_member() && !body.contains(Kind::kOwnerField)) body[Kind::kOwnerField] = actor.enterprise;
  std::string id;
  if (const boost::json::value* v = body.if_contains("id")) {
    if (!v->is_string()) throw InvalidInput("field 'id': must be a text");
    id = std::string(v->get_string());
    RequireValidId(id);
  }
  const auto state = platform.state();
  T record = Kind::FromJson(*state->chain, std::move(body), id.empty() ? "new" : id);
  record.id = id;  // empty: allocated by the store
  RequireOwnEnterprise(actor, record);
  // The store writes the record's notice work in the same transaction; the notice worker
  // (service/notice_worker.h) computes the notices off this request's path.
  return Persist(platform, actor, std::move(record), true, std::nullopt);
}

template <class T>
WrittenRecord<T> ReplaceRecord(Platform& platform, const Principal& actor, std::string_view id,
                               boost::json::object body, const std::optional<std::string>& if_match) {
  using Kind = RecordKind<T>;
  if (!platform.writable()) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  RequirePathId(Kind::kTable, id);
  RequireKnownFields(Kind::kTable, body);
  if (const boost::json::value* v = body.if_contains("id"); v && (!v->is_string() || v->get_string() != id))
    throw InvalidInput("field 'id': cannot change (it is the path's)");
  for (const ColumnSpec& c : SpecOf(Kind::kTable).columns)
    if (c.extra && !c.optional && !body.contains(c.name))
      throw InvalidInput(
          fmt::format("field '{}': required (PUT replaces the whole {})", c.name, SingularOf(Kind::kTable)));
  const auto state = platform.state();
  if (const T* stored = TableOf<T>(*state->market).FindRecord(id)) RequireEditable(actor, *stored);
  T record = Kind::FromJson(*state->chain, std::move(body), std::string(id));
  RequireOwnEnterprise(actor, record);
  return Persist(platform, actor, std::move(record), false, if_match);
}

template <class T>
WrittenRecord<T> CloseRecord(Platform& platform, const Principal& actor, std::string_view id,
                             const std::optional<std::string>& if_match) {
  if (!platform.writable()) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  RequirePathId(RecordKind<T>::kTable, id);
  std::uint64_t revision = 0;
  T closed;
  const auto state = platform.WriteMarket(
      [&](chainscope::Store& store) {
        // The stored record, not our possibly older copy, is the one closed.
        return revision =
                   store.Update(id, std::function<T(const T&)>([&](const T& stored) {
                                  RequireEditable(actor, stored);
                                  CheckEtag(stored, if_match);
                                  closed = stored;
                                  closed.open = false;
                                  return closed;
                                }),
                                AuditOf(actor, fmt::format("{}.close", SingularOf(RecordKind<T>::kTable))));
      },
      [&](const Market& m) { return With(m, closed, revision, false); });
  return {closed, state};
}

#define CHAINSCOPE_RECORD_OPERATIONS(T)                                                               \
  template std::string RecordEtag<T>(const T&);                                                       \
  template std::vector<const T*> ListRecords<T>(const Market&, const RecordQuery&, const Principal&); \
  template const T& GetRecord<T>(const Market&, std::string_view, const Principal&);                  \
  template WrittenRecord<T> CreateRecord<T>(Platform&, const Principal&, boost::json::object);        \
  template WrittenRecord<T> ReplaceRecord<T>(Platform&, const Principal&, std::string_view,           \
                                             boost::json::object, const std::optional<std::string>&); \
  template WrittenRecord<T> CloseRecord<T>(Platform&, const Principal&, std::string_view,             \
                                           const std::optional<std::string>&);
CHAINSCOPE_RECORD_OPERATIONS(Demand)
CHAINSCOPE_RECORD_OPERATIONS(Offer)

}  // namespace chainscope
