#include "cli/json_csv.h"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "io/csv.h"

namespace chainscope::cli {
namespace json = boost::json;

namespace {

std::string ScalarText(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return std::string(v.get_string());
    case json::kind::int64:
      return std::to_string(v.get_int64());
    case json::kind::uint64:
      return std::to_string(v.get_uint64());
    case json::kind::double_: {
      // Plain decimals (no exponent) for the magnitudes of money and volumes; shortest round-trip digits.
      const double x = v.get_double();
      const bool plain = x == 0 || (std::fabs(x) >= 1e-4 && std::fabs(x) < 1e18);
      char buf[400];
      auto [end, ec] = plain ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                             : std::to_chars(buf, buf + sizeof buf, x);
      return std::string(buf, end);
    }
    case json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    default:
      return "";
  }
}

void Flatten(const json::object& o, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
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
        joined += ScalarText(x);
      }
      out.push_back({name, joined});
    } else {
      out.push_back({name, ScalarText(kv.value())});
    }
  }
}

}  // namespace

namespace {
bool byte_order_mark = false;
}  // namespace

void SetCsvByteOrderMark(bool on) {
  byte_order_mark = on;
}
bool CsvByteOrderMark() {
  return byte_order_mark;
}

void PrintCsv(const json::array& items) {
  std::string out = byte_order_mark ? std::string(kUtf8ByteOrderMark) : std::string();
  std::vector<std::string> header;
  for (const auto& item : items) {
    std::vector<std::pair<std::string, std::string>> cells;
    Flatten(item.as_object(), "", cells);
    if (header.empty()) {
      for (const auto& [name, value] : cells) header.push_back(name);
      AppendCsvRecord(out, header);
    }
    std::vector<std::string> row;
    for (const auto& [name, value] : cells) row.push_back(value);
    AppendCsvRecord(out, row);
  }
  fmt::print("{}", out);
}

}  // namespace chainscope::cli
