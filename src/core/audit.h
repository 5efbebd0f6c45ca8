// core: the audit trail — who changed what, when, through which request, and the hash chain that makes an
// edited or deleted row detectable. Rows are written by the store in the same transaction as the change
// they record (store.h); this header holds only the plain data and the canonical form that is hashed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"

namespace chainscope {

/// Who writes, as the trail names them, and the action when the caller knows better than the store
/// (e.g. "demand.close" rather than "demand.update").
struct AuditContext {
  std::string actor = "local operator";  // an account's email, "anonymous", or the local CLI's operator
  std::string enterprise = {};           // the actor's enterprise (members)
  std::string request_id = {};           // the HTTP request's X-Request-Id; empty for the CLI
  std::string client = {};               // the client's address; empty for the CLI
  std::string action = {};               // empty: the store names it from what it writes
};

/// One row of the trail. `before` and `after` are JSON texts ("null" when there is none); secrets (password
/// hashes, token hashes) never appear in them. `hash` = SHA-256 of the canonical form of every other field,
/// `prev_hash` included, so each row vouches for the whole trail before it.
/// The kinds of entity the trail names as "kind:id" ("demand", "offer", "user", "booking", …): every table's
/// singular and the aggregates beside the chain. A bare id is looked up under each.
std::vector<std::string_view> AuditEntityKinds();

struct AuditRecord {
  std::int64_t id = 0;  // 1, 2, … in write order
  std::string at;       // UTC, YYYY-MM-DDTHH:MM:SSZ
  AuditContext by;
  std::string entity;  // "demand:DM00001", "user:a@b.cn", "dataset", "request:/api/v1/users"
  std::string before = "null", after = "null";
  std::string prev_hash, hash;  // 64 hex digits; the first row's prev_hash is 64 zeros
};

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The bytes hashed for a row: every field but `hash`, each as its decimal length, ':', the bytes — so no
/// two different rows have the same form.
std::string AuditCanonicalForm(const AuditRecord& r);

/// A JSON string literal (quotes included) of UTF-8 text, control characters escaped.
std::string JsonQuote(std::string_view text);
/// JsonQuote(text) appended to `out`, without a string of its own (the JSON writer's every text).
void AppendJsonQuote(std::string& out, std::string_view text);
/// One table row as a JSON object keyed by column name (numbers, booleans, null, lists as arrays).
std::string RowJson(const TableSpec& spec, const Row& row);

}  // namespace chainscope
