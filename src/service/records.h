// service: demands and offers — list, read, create, replace, close — for the API and the CLI alike.
// Every write is validated against the current chain first (field types and bounds, references, roles,
// the id alphabet, unknown fields), then stored in one transaction (ids allocated there), then published.
// Each record has an ETag (a hash of its stored form); a replace or close given an If-Match value that is
// not the stored record's ETag fails with PreconditionFailed and changes nothing.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"
#include "service/access.h"
#include "service/platform.h"

namespace chainscope {

/// A strong ETag ("\"…\"", quotes included) of a record's stored form: it changes when any field does.
template <class T>
std::string RecordEtag(const T& record);

struct RecordQuery {
  std::optional<std::string> owner;  // buyer (demands) or supplier (offers)
  std::optional<std::string> component;
  std::optional<bool> open;
};

/// The records of the market that pass the query and that `viewer` may see (SeesRecord), in table order.
/// Pointers live as long as `market`.
template <class T>
std::vector<const T*> ListRecords(const Market& market, const RecordQuery& query, const Principal& viewer);

/// The record with this id; NotFound otherwise, or when `viewer` may not see it (an id outside the id
/// alphabet cannot exist).
template <class T>
const T& GetRecord(const Market& market, std::string_view id, const Principal& viewer);

/// A record as written, and the state it was published in.
template <class T>
struct WrittenRecord {
  T record;
  std::shared_ptr<const PlatformState> state;
};

/// Writes are the `actor`'s: a record must belong to an enterprise it may edit (MayEdit) — a new one or a
/// replacement naming another owner is refused (403), an existing one of another enterprise is NotFound.

/// Creates a record from a JSON object with the table's fields (id optional: allocated when absent; status
/// optional: open; the owner optional for a member: its enterprise). Unknown fields are refused. Throws
/// InvalidInput, Conflict (id taken), ServiceError.
template <class T>
WrittenRecord<T> CreateRecord(Platform& platform, const Principal& actor, boost::json::object body);

/// Replaces the whole record: the body must give every field, status included (an absent optional field
/// is cleared, not kept); `id`, when present, must equal the path's. Throws NotFound, PreconditionFailed
/// when `if_match` is given and is not the stored record's ETag ("*" matches any), InvalidInput.
template <class T>
WrittenRecord<T> ReplaceRecord(Platform& platform, const Principal& actor, std::string_view id,
                               boost::json::object body, const std::optional<std::string>& if_match);

/// Closes the record (status closed), keeping every other field. Same errors as ReplaceRecord.
template <class T>
WrittenRecord<T> CloseRecord(Platform& platform, const Principal& actor, std::string_view id,
                             const std::optional<std::string>& if_match);

}  // namespace chainscope
