// cli: --csv for every command from its JSON view (the API's), so a table's columns are defined once: one
// row per list item, nested objects as "parent.child" columns, lists of texts or numbers ';'-joined, lists of
// objects left out, numbers as plain decimals. RFC 4180 quoting (io/csv.h).
#pragma once

#include <boost/json.hpp>

namespace chainscope::cli {

/// Prints `items` (objects) as CSV on stdout, the header from the first item.
void PrintCsv(const boost::json::array& items);
/// --bom: CSV output begins with the UTF-8 byte-order mark (for Excel on Chinese Windows).
void SetCsvByteOrderMark(bool on);
bool CsvByteOrderMark();

}  // namespace chainscope::cli
