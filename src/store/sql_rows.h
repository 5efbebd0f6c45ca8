// store: what every aggregate's SQL shares (sql_store*.cpp) — the store's one clock format, rows as
// parameters and cells, WHERE clauses from filters, the revision counter, audit rows, id allocation. Inside
// the store module only.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/audit.h"
#include "core/schema.h"
#include "store/sql.h"
#include "store/store.h"

namespace chainscope::store_sql {

/// UTC now as the store keeps times (YYYY-MM-DDTHH:MM:SSZ) — the one formatter of it in the store.
std::string NowUtc();

/// A time, or a leading part of one ("2026", "2026-12-01T08"), completed to a whole time: the earliest
/// it can mean. InvalidInput when it is not such a prefix.
std::string EarliestTime(std::string_view prefix);

std::string ColumnList(const TableSpec& spec);

std::string Marks(std::size_t n);

/// The parameters of one row; list cells are joined into `texts`, which must outlive the parameters.
std::vector<SqlParam> ParamsOf(const Row& row, std::vector<std::string>& texts);

Cell ReadCell(const SqlRow& row, int i, const ColumnSpec& col);

/// " WHERE a = ?n AND b = ?n+1 …" (" AND a = …" when `more`: after another condition) over the non-empty
/// filters, their values appended to `values` and numbered after those already there.
std::string Where(std::initializer_list<std::pair<std::string_view, const std::string*>> filters,
                  std::vector<SqlParam>& values, bool more = false);

/// Every row of a table, in insertion order, appended to `into`.
void ReadTable(SqlSession& s, const TableSpec& spec, Dataset& into);

StoreRevision RevisionOf(SqlSession& s);

/// Bumps the revision (and the chain revision when `chain`) inside a write transaction; returns the new one.
std::uint64_t BumpRevision(SqlSession& s, bool chain);

/// Appends one audit row inside the open write transaction (which serialises writers, so the chain has one
/// head); `action` is used when `by.action` is empty.
void Audit(SqlSession& s, const AuditContext& by, std::string_view action, std::string_view entity,
           std::string_view before, std::string_view after);

bool IdExists(SqlSession& s, std::string_view table, std::string_view id);

/// The next free record id of a kind (DM00001, …) after its sequence, skipping ids taken by hand; moves
/// the sequence. Inside a write transaction.
std::string NextId(SqlSession& s, std::string_view kind, std::string_view table, std::string_view prefix);

/// Runs an INSERT or UPDATE of a market row; a foreign-key failure is the user's (an unknown enterprise
/// or component), anything else is the store's.
void WriteRow(SqlSession& s, std::string_view sql, Table table, const Row& row, std::string_view id);

SqlParam OptionalText(const std::string& text);

/// A list kept in one text column, its items joined by `separator` (items never contain it); empty items
/// are dropped when split.
std::string JoinTexts(const std::vector<std::string>& items, char separator);
std::vector<std::string> SplitTexts(std::string_view text, char separator);

}  // namespace chainscope::store_sql
