// io: RFC 4180 CSV reading and writing. Reading checks UTF-8 and quoting and keeps each record's line
// number for error messages; writing quotes only where needed, so export is canonical.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope {

/// The UTF-8 byte-order mark: written first by --bom (Excel on Chinese Windows), skipped when read.
inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

struct CsvRecord {
  std::size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvProblem {
  std::size_t line = 0;
  std::size_t column = 0;  // 1-based byte column, 0 when not known
  std::string reason;
};

/// Parses a whole file. A leading UTF-8 byte-order mark is skipped; blank lines are skipped.
/// Fails on invalid UTF-8, a quote inside an unquoted field, text after a closing quote, an unterminated
/// quoted field. O(bytes).
std::expected<std::vector<CsvRecord>, CsvProblem> ParseCsv(std::string_view text);

/// Appends one record (fields quoted only where needed) and "\n".
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields);

/// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
std::size_t FindInvalidUtf8(std::string_view text);
/// The text with each byte that starts no valid UTF-8 sequence replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);

}  // namespace chainscope
