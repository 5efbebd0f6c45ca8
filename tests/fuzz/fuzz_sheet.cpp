// Fuzzer: a user's spreadsheet as uploaded to POST /api/v1/imports or given to `chainscope import-table` —
// a workbook (zip + XML) or CSV in any encoding — read under small bounds. Anything may be refused with
// InvalidInput; nothing may crash, leak, or pass a bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/model.h"
#include "io/sheet.h"

using namespace chainscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  SheetLimits limits;
  limits.max_zip_entries = 64;
  limits.max_inflated_bytes = 4u << 20;
  limits.max_rows = 500;
  limits.max_columns = 40;
  limits.max_cell_chars = 2000;
  try {
    const Sheet sheet = ReadSheet(bytes, limits);
    if (sheet.rows.size() > limits.max_rows) __builtin_trap();
    for (const SheetRow& row : sheet.rows) {
      if (row.cells.size() > limits.max_columns) __builtin_trap();
      for (const std::string& cell : row.cells)
        if (cell.size() > limits.max_cell_chars) __builtin_trap();
    }
  } catch (const InvalidInput&) {
  }
  return 0;
}
