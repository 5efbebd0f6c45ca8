// io: tables as Excel workbooks (libxlsxwriter) — what --xlsx and the API's ?format=xlsx write: the table
// on its first sheet with typed cells (numbers as numbers, true/false as booleans), headings with their
// units, the header row bold and frozen; a second sheet "about" with the data's name, version and source,
// what the table is, and when it was made.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.h"
#include "io/table.h"

namespace chainscope {

inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr std::size_t kMaxXlsxRows = 1'048'575;  // Excel's sheet has 1,048,576 rows, one is the header
inline constexpr std::size_t kMaxXlsxColumns = 16'384;
inline constexpr std::size_t kMaxXlsxCellChars = 32'767;  // a longer text is cut there, marked with …

/// The "about" sheet's rows: (label in Chinese and English, value).
using TableAbout = std::vector<std::pair<std::string, std::string>>;
/// What a table of `dataset` is: `what` (e.g. "chainscope localization --by powertrain"), the dataset's
/// name, version and source (its dataset.json), the time now (UTC) and the units.
TableAbout AboutTable(const Dataset& dataset, std::string_view what);

/// Writes the workbook to `file`. Throws InvalidInput when the table is over Excel's rows or columns, Error
/// when the file cannot be written.
void WriteXlsx(const std::filesystem::path& file, const FlatTable& table, const TableAbout& about);
/// The workbook's bytes (libxlsxwriter 1.1 writes files only: through a private temporary file).
std::string XlsxBytes(const FlatTable& table, const TableAbout& about);

}  // namespace chainscope
