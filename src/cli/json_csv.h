// cli: --csv and --xlsx for every command from its JSON view (the API's), so a table's columns are defined
// once (io/table.h): CSV on stdout (RFC 4180 quoting, numbers as plain decimals, --bom for Excel on Chinese
// Windows), or an Excel workbook with typed cells and an "about" sheet (io/xlsx.h).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "core/model.h"

namespace chainscope::cli {

/// Prints `items` (objects) as CSV on stdout, the header from the first item; after SetXlsxOutput, writes
/// them to that workbook instead, its "about" sheet naming `what` and `dataset`'s name, version and source.
void PrintTable(const boost::json::array& items, const Dataset& dataset, std::string_view what);
/// --bom: CSV output begins with the UTF-8 byte-order mark (for Excel on Chinese Windows).
void SetCsvByteOrderMark(bool on);
bool CsvByteOrderMark();
/// --xlsx FILE: tables go to this workbook.
void SetXlsxOutput(std::string file);

}  // namespace chainscope::cli
