#include "cli/json_csv.h"

#include <fmt/format.h>
#include <string>
#include <vector>

#include "io/table.h"
#include "io/xlsx.h"

namespace chainscope::cli {
namespace json = boost::json;

namespace {
bool byte_order_mark = false;
std::string xlsx_file;
}  // namespace

void SetCsvByteOrderMark(bool on) {
  byte_order_mark = on;
}
bool CsvByteOrderMark() {
  return byte_order_mark;
}
void SetXlsxOutput(std::string file) {
  xlsx_file = std::move(file);
}

void PrintTable(const json::array& items, const Dataset& dataset, std::string_view what) {
  const FlatTable table = FlattenItems(items);
  if (!xlsx_file.empty()) {
    WriteXlsx(xlsx_file, table, AboutTable(dataset, what));
    fmt::print(stderr, "wrote {} rows to {}\n", table.rows.size(), xlsx_file);
    return;
  }
  const std::string out = TableCsv(table, byte_order_mark);
  fmt::print("{}", out);
}

}  // namespace chainscope::cli
