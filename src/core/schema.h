// core: the interchange schema of DESIGN §6 — one description of every table's columns (type, bounds,
// allowed values, references, unique key) that the CSV and JSON importers, the exporters and the SQL
// store all read, so that a column is defined once. A table's rows travel as vectors of typed Cells.
#pragma once

#include <cstdint>
#include <expected>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/model.h"

namespace chainscope {

/// What a person may state of the chain and the market, physically (the schema's columns, the route table's
/// declarations and the engines share these): a unit price from one fen to 1e9 yuan (a vehicle, a pack, a
/// licence), at most 1e12 units a year, times up to ten years, a distance up to half the Earth's
/// circumference. The engines are tested at both ends.
inline constexpr double kMinPriceYuan = 0.01;
inline constexpr double kMaxPriceYuan = 1e9;
inline constexpr double kMaxAnnualUnits = 1e12;
inline constexpr double kMaxDaysStated = 3650;
inline constexpr double kMaxQuantityPerUnit = 1e6;
inline constexpr double kMaxDistanceKm = 20040;
/// The least share of a buyer's volume one supplier may be allowed to take (max_share of demands, what-ifs,
/// investment targets): 0.1%. A share is at most 1.
inline constexpr double kMinShare = 0.001;
inline constexpr double kMaxEmployees = 1e7;

enum class Table {
  kPlaces,
  kParks,
  kComponents,
  kComponentInputs,
  kEnterprises,
  kVehicleLines,
  kBom,
  kCapabilities,
  kLinks,
  kDemands,
  kOffers,
  kDistribution,
};
inline constexpr std::size_t kTableCount = 12;

enum class FieldKind {
  kText,  // UTF-8 text; `allowed` restricts it to an enumeration
  kInt,   // 64-bit integer
  kReal,  // finite double
  kBool,  // true/false (also accepted: 1/0, yes/no)
  kList,  // ';'-separated texts
  kDate,  // YYYY-MM-DD
};

struct ColumnSpec {
  std::string_view name;
  FieldKind kind = FieldKind::kText;
  bool optional = false;  // an empty cell is allowed (NULL)
  double min = 0;         // numeric bounds, inclusive
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string_view> allowed;  // for enumerations
  bool uscc = false;                      // a text that is a unified social credit code (core/uscc.h)
  Table references = Table::kPlaces;      // meaningful when `is_reference`
  bool is_reference = false;              // the value must be a key of `references`
  /// chainscope's extra columns beyond DESIGN §6: a file may omit the column, and every row then takes
  /// `default_text` (which may be empty for an optional column).
  bool extra = false;
  std::string_view default_text;
};

struct TableSpec {
  Table table;
  std::string_view name;  // "enterprises"; the CSV file is name + ".csv"
  std::vector<ColumnSpec> columns;
  std::vector<std::size_t> key;  // column indexes forming the unique key
};

/// An absent optional value is std::monostate.
using Cell = std::variant<std::monostate, std::string, std::int64_t, double, bool, std::vector<std::string>>;
using Row = std::vector<Cell>;

/// All tables, in dependency order (a table refers only to tables before it).
std::span<const TableSpec> TableSpecs();
const TableSpec& SpecOf(Table t);
/// One row of the table, for messages: "enterprise", "vehicle line", "demand", …
std::string_view SingularOf(Table t);

/// Parses one cell's text per its column; the error is the reason only ("not a number", …).
std::expected<Cell, std::string> ParseCell(std::string_view text, const ColumnSpec& column);
/// Checks a typed cell (from JSON) against its column: bounds, allowed values, non-empty text.
std::expected<void, std::string> CheckCell(const Cell& cell, const ColumnSpec& column);
/// The canonical text of a cell: shortest round-trip numbers, "true"/"false", ';'-joined lists.
std::string FormatCell(const Cell& cell);
/// A calendar date YYYY-MM-DD (month 1–12, day valid for the month).
bool IsCalendarDate(std::string_view s);
/// The key of row `row` as one text ("a|b|c"), for uniqueness and lookups.
std::string KeyOf(const TableSpec& spec, const Row& row);

std::size_t RowCount(const Dataset& d, Table t);
/// Encodes row `i` of table `t` of `d`.
Row EncodeRow(const Dataset& d, Table t, std::size_t i);
/// Appends a row (already checked by ParseCell/CheckCell) to table `t` of `d`.
void AppendRow(Dataset& d, Table t, const Row& row);

}  // namespace chainscope
