#include "io/table.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>

#include "core/number_text.h"
#include "io/csv.h"

namespace chainscope {
namespace json = boost::json;

namespace {

void Flatten(const json::object& o, const std::string& prefix,
             std::vector<std::pair<std::string, json::value>>& out) {
  for (const auto& kv : o) {
    const std::string name = prefix + std::string(kv.key());
    if (kv.value().is_object()) {
      Flatten(kv.value().get_object(), name + ".", out);
    } else if (kv.value().is_array()) {
      const auto& a = kv.value().get_array();
      if (!a.empty() && (a[0].is_object() || a[0].is_array())) continue;
      std::string joined;
      for (const auto& x : a) {
        if (!joined.empty()) joined += ';';
        joined += CellText(x);
      }
      out.emplace_back(name, json::string(joined));
    } else {
      out.emplace_back(name, kv.value());
    }
  }
}

}  // namespace

FlatTable FlattenItems(const json::array& items) {
  FlatTable t;
  for (const auto& item : items) {
    std::vector<std::pair<std::string, json::value>> cells;
    if (item.is_object()) Flatten(item.get_object(), "", cells);
    if (t.columns.empty() && t.rows.empty())
      for (const auto& [name, value] : cells) t.columns.push_back(name);
    std::vector<json::value> row(t.columns.size());
    // Cells arrive in the item's order, which is the first item's for every item of one view; otherwise
    // by name.
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i < t.columns.size() && t.columns[i] == cells[i].first) {
        row[i] = std::move(cells[i].second);
        continue;
      }
      for (std::size_t k = 0; k < t.columns.size(); ++k)
        if (t.columns[k] == cells[i].first) row[k] = std::move(cells[i].second);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string CellText(const json::value& v, bool money) {
  switch (v.kind()) {
    case json::kind::string:
      return std::string(v.get_string());
    case json::kind::int64:
      return std::to_string(v.get_int64());
    case json::kind::uint64:
      return std::to_string(v.get_uint64());
    case json::kind::double_:
      return money ? MoneyText(v.get_double()) : PlainNumber(v.get_double());
    case json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    default:
      return "";
  }
}

std::string TableCsv(const FlatTable& table, bool byte_order_mark) {
  std::string out = byte_order_mark ? std::string(kUtf8ByteOrderMark) : std::string();
  if (!table.columns.empty()) AppendCsvRecord(out, table.columns);
  std::vector<std::string> fields;
  for (const auto& row : table.rows) {
    fields.clear();
    for (std::size_t c = 0; c < row.size(); ++c)
      fields.push_back(CellText(row[c], IsMoneyField(table.columns[c])));
    AppendCsvRecord(out, fields);
  }
  return out;
}

std::string ColumnHeading(const std::string& column) {
  static constexpr std::pair<std::string_view, std::string_view> kUnits[] = {
      {"_yuan", "yuan"}, {"_km", "km"},   {"_days", "days"}, {"_units", "units"}, {"_vehicles", "vehicles"},
      {"_pct", "%"},     {"_mib", "MiB"}, {"_ms", "ms"},     {"_seconds", "s"}};
  std::string name = column, unit;
  for (const auto& [suffix, u] : kUnits) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      unit = u;
      break;
    }
  }
  for (char& ch : name)
    if (ch == '_') ch = ' ';
  return unit.empty() ? name : name + " (" + unit + ")";
}

}  // namespace chainscope
