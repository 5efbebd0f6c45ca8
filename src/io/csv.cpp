#include "io/csv.h"

namespace chainscope {

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Linear: each invalid byte is replaced and the scan goes on after it.
  for (std::size_t bad; (bad = FindInvalidUtf8(text)) != std::string::npos; text.remove_prefix(bad + 1)) {
    out.append(text.substr(0, bad));
    out += "\uFFFD";
  }
  out.append(text);
  return out;
}

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

std::expected<std::vector<CsvRecord>, CsvProblem> ParseCsv(std::string_view text) {
  if (text.starts_with(kUtf8ByteOrderMark)) text.remove_prefix(kUtf8ByteOrderMark.size());
  if (const std::size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < bad; ++i)
      if (text[i] == '\n') ++line, line_start = i + 1;
    return std::unexpected(CsvProblem{line, bad - line_start + 1, "invalid UTF-8"});
  }
  std::vector<CsvRecord> records;
  std::size_t i = 0, line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    // Skip blank lines between records.
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\n') ++line;
      ++i;
      continue;
    }
    CsvRecord record;
    record.line = line;
    std::size_t line_start = i;
    while (true) {
      std::string field;
      if (i < n && text[i] == '"') {
        const std::size_t quote_line = line, quote_col = i - line_start + 1;
        ++i;
        while (true) {
          if (i >= n) return std::unexpected(CsvProblem{quote_line, quote_col, "unterminated quoted field"});
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line, line_start = i + 1;
          field += text[i++];
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return std::unexpected(CsvProblem{line, i - line_start + 1, "text after a closing quote"});
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            return std::unexpected(CsvProblem{line, i - line_start + 1, "quote inside an unquoted field"});
          field += text[i++];
        }
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') ++i, ++line;
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (f) out += ',';
    const std::string& v = fields[f];
    const bool quote = v.find_first_of(",\"\n\r") != std::string::npos ||
                       (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) {
      out += v;
      continue;
    }
    out += '"';
    for (char c : v) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += '\n';
}

}  // namespace chainscope
