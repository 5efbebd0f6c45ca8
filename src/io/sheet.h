// io: a user's spreadsheet as rows of texts — the first worksheet of an Excel workbook (.xlsx, read
// streaming with libzip and expat) or a CSV file in UTF-8, UTF-8 with a byte-order mark, or GB18030 (what
// Excel on Chinese Windows writes) — whatever the sheet's columns mean (the importer maps them). Reading is
// bounded: a zip bomb, a sheet of a million columns or a cell of a gigabyte is refused with the limit it
// passed, before the memory is spent. One implementation serves the API and the CLI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope {

/// What a read may spend. The defaults take Excel's cell length and a sheet far larger than the region's
/// directory (≈ 1,600 parts makers; the benchmark's 100,000 rows).
struct SheetLimits {
  std::size_t max_zip_entries = 2'000;
  std::uint64_t max_inflated_bytes = 256ull << 20;  // all workbook parts read, after inflation
  std::size_t max_rows = 250'000;                   // non-empty rows, the header included
  std::size_t max_columns = 256;
  std::size_t max_cell_chars = 32'767;  // bytes of UTF-8, Excel's limit
};

struct SheetRow {
  std::size_t line = 0;            // the row's number as the user sees it: Excel's row, or the CSV line
  std::vector<std::string> cells;  // UTF-8, as written (numbers as their shortest text); trailing empties cut
};

struct Sheet {
  std::string format;          // "xlsx" or "csv"
  std::string encoding;        // "utf-8", "utf-8-bom", "gb18030" (CSV); "utf-8" (xlsx)
  std::string name;            // the worksheet's name (xlsx), empty for CSV
  std::vector<SheetRow> rows;  // non-empty rows in order; the first is normally the header
};

/// Reads a workbook or CSV file from its bytes: a zip (PK\x03\x04) is read as a workbook, anything else as
/// CSV. Throws InvalidInput naming the problem (not a workbook, no worksheet, a limit passed, malformed XML
/// or CSV with its line). O(bytes inflated).
Sheet ReadSheet(std::string_view bytes, const SheetLimits& limits = {});
Sheet ReadXlsxSheet(std::string_view bytes, const SheetLimits& limits = {});
Sheet ReadCsvSheet(std::string_view bytes, const SheetLimits& limits = {});

/// The text as UTF-8 and the encoding it was in: a UTF-8 byte-order mark is dropped ("utf-8-bom"); valid
/// UTF-8 is kept ("utf-8"); anything else is read as GB18030 ("gb18030", a superset of GBK and GB2312).
/// Throws InvalidInput when it is neither.
std::pair<std::string, std::string> DecodeSpreadsheetText(std::string_view bytes);

/// An Excel date serial (days since 1899-12-30, as the 1900 system counts them) as YYYY-MM-DD; empty when
/// the text is not a whole or fractional number in 1 … 2958465 (9999-12-31).
std::string ExcelSerialDate(std::string_view text);

}  // namespace chainscope
