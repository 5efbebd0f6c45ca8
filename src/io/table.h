// io: the table of a JSON view's list — what --csv, --xlsx and the API's ?format=csv|xlsx write, so a
// table's columns are defined once, by the view: one row per list item, nested objects as "parent.child"
// columns, lists of texts or numbers ';'-joined, lists of objects left out. Cells keep their JSON kind, so a
// spreadsheet gets numbers as numbers.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace chainscope {

struct FlatTable {
  std::vector<std::string> columns;                   // from the first item, in its order
  std::vector<std::vector<boost::json::value>> rows;  // scalars (null, bool, number, string), one per column
};

/// The table of `items` (JSON objects). An item lacking a column of the first has null there; a column
/// only later items have is left out.
FlatTable FlattenItems(const boost::json::array& items);

/// A cell as CSV text: texts as they are, numbers as plain decimals (core/number_text.h; an amount of money,
/// `money`, to the fen), true/false, null as empty.
std::string CellText(const boost::json::value& cell, bool money = false);

/// The table as CSV text (RFC 4180, CellText cells, the header row first), beginning with the UTF-8
/// byte-order mark when `byte_order_mark`.
std::string TableCsv(const FlatTable& table, bool byte_order_mark);

/// A column's heading for people, with its unit: "unit_price_yuan" → "unit price (yuan)",
/// "demand.annual_quantity" → "demand.annual quantity"; the unit suffixes _yuan, _km, _days, _units,
/// _vehicles, _pct, _mib, _ms, _seconds.
std::string ColumnHeading(const std::string& column);

}  // namespace chainscope
