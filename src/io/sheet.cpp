#include "io/sheet.h"

#include <expat.h>
#include <fmt/format.h>
#include <iconv.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>

#include "core/model.h"
#include "io/csv.h"

namespace chainscope {
namespace {

// ---- the zip ----------------------------------------------------------------------------------------------

/// A workbook's zip, read from memory; every byte inflated counts against one budget.
class Workbook {
 public:
  Workbook(std::string_view bytes, const SheetLimits& limits) : limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) {
      zip_.reset(zip_open_from_source(source, ZIP_RDONLY, &error));
      if (!zip_) zip_source_free(source);
    }
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (!zip_) throw InvalidInput(fmt::format("the file is not a readable Excel workbook (zip: {})", why));
    const zip_int64_t entries = zip_get_num_entries(zip_.get(), 0);
    if (entries < 0 || static_cast<std::uint64_t>(entries) > limits_.max_zip_entries)
      throw InvalidInput(fmt::format("the workbook holds {} parts, more than the {} allowed", entries,
                                     limits_.max_zip_entries));
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  bool Has(const std::string& name) const { return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0; }

  /// Streams one part's inflated bytes to `sink` in chunks; false when there is no such part.
  bool Read(const std::string& name, const std::function<void(std::string_view, bool last)>& sink) {
    const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), 0);
    if (index < 0) return false;
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
        zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0), zip_fclose);
    if (!file)
      throw InvalidInput(
          fmt::format("the workbook's part {} cannot be read: {}", name, zip_strerror(zip_.get())));
    std::string chunk(64 * 1024, '\0');
    for (;;) {
      const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
      if (n < 0)
        throw InvalidInput(fmt::format("the workbook's part {} is damaged: {}", name,
                                       zip_error_strerror(zip_file_get_error(file.get()))));
      inflated_ += static_cast<std::uint64_t>(n);
      if (inflated_ > limits_.max_inflated_bytes)
        throw InvalidInput(fmt::format("the workbook inflates to more than {} MiB, the most allowed",
                                       limits_.max_inflated_bytes >> 20));
      sink(std::string_view(chunk.data(), static_cast<std::size_t>(n)), n == 0);
      if (n == 0) return true;
    }
  }

 private:
  const SheetLimits& limits_;
  std::unique_ptr<zip_t, void (*)(zip_t*)> zip_{nullptr, zip_discard};  // freed when a check throws too
  std::uint64_t inflated_ = 0;
};

// ---- XML --------------------------------------------------------------------------------------------------

/// Element and attribute names without their namespace (expat reports "uri\x01local").
std::string_view Local(const XML_Char* name) {
  std::string_view s(name);
  const std::size_t cut = s.rfind('\x01');
  return cut == std::string_view::npos ? s : s.substr(cut + 1);
}

const XML_Char* Attribute(const XML_Char** attributes, std::string_view local) {
  for (std::size_t i = 0; attributes[i]; i += 2)
    if (Local(attributes[i]) == local) return attributes[i + 1];
  return nullptr;
}

/// One XML part parsed by a handler's Start/End/Text; a handler's refusal (a limit) stops the parser and
/// is thrown after it returns, never through expat's C frames.
template <class Handler>
void ParsePart(Workbook& book, const std::string& name, Handler& handler, bool required) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(
      XML_ParserCreateNS(nullptr, '\x01'), XML_ParserFree);
  if (!parser) throw Error("out of memory for the XML parser");
  XML_SetUserData(parser.get(), &handler);
  XML_SetElementHandler(
      parser.get(),
      [](void* h, const XML_Char* element, const XML_Char** attributes) {
        auto& self = *static_cast<Handler*>(h);
        if (self.refusal.empty()) self.Start(Local(element), attributes);
        if (!self.refusal.empty()) XML_StopParser(self.parser, XML_FALSE);
      },
      [](void* h, const XML_Char* element) {
        auto& self = *static_cast<Handler*>(h);
        if (self.refusal.empty()) self.End(Local(element));
        if (!self.refusal.empty()) XML_StopParser(self.parser, XML_FALSE);
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* h, const XML_Char* text, int length) {
    auto& self = *static_cast<Handler*>(h);
    if (self.refusal.empty()) self.Text(std::string_view(text, static_cast<std::size_t>(length)));
    if (!self.refusal.empty()) XML_StopParser(self.parser, XML_FALSE);
  });
  handler.parser = parser.get();
  const bool found = book.Read(name, [&](std::string_view chunk, bool last) {
    if (!handler.refusal.empty()) return;
    if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(chunk.size()), last) == XML_STATUS_ERROR &&
        handler.refusal.empty())
      handler.refusal = fmt::format("the workbook's part {} is not well-formed XML (line {}: {})", name,
                                    XML_GetCurrentLineNumber(parser.get()),
                                    XML_ErrorString(XML_GetErrorCode(parser.get())));
  });
  if (!found && required) throw InvalidInput(fmt::format("the workbook has no part {}", name));
  if (!handler.refusal.empty()) throw InvalidInput(handler.refusal);
}

struct XmlHandler {
  XML_Parser parser = nullptr;
  std::string refusal;  // set to stop
};

/// xl/workbook.xml: the first worksheet's name and relationship id.
struct WorkbookPart : XmlHandler {
  std::string sheet_name, sheet_relation;
  void Start(std::string_view element, const XML_Char** attributes) {
    if (element != "sheet" || !sheet_relation.empty()) return;
    if (const XML_Char* id = Attribute(attributes, "id")) sheet_relation = id;
    if (const XML_Char* name = Attribute(attributes, "name")) sheet_name = name;
  }
  void End(std::string_view) {}
  void Text(std::string_view) {}
};

/// xl/_rels/workbook.xml.rels: the part a relationship id points to.
struct RelationsPart : XmlHandler {
  std::string wanted, target;
  void Start(std::string_view element, const XML_Char** attributes) {
    if (element != "Relationship") return;
    const XML_Char* id = Attribute(attributes, "Id");
    const XML_Char* to = Attribute(attributes, "Target");
    if (id && to && wanted == id) target = to;
  }
  void End(std::string_view) {}
  void Text(std::string_view) {}
};

/// Text of <t> elements, leaving out phonetic runs (<rPh>), with the cell length bounded.
struct TextCollector {
  bool in_text = false;
  int in_phonetic = 0;
  std::string text;
  bool Add(std::string_view s, std::size_t max_chars) {
    if (!in_text || in_phonetic > 0) return true;
    if (text.size() + s.size() > max_chars) return false;
    text.append(s);
    return true;
  }
};

std::string CellTooLong(std::size_t max_chars) {
  return fmt::format("a cell holds more than {} characters, the most allowed", max_chars);
}

/// xl/sharedStrings.xml: the workbook's strings, by index.
struct SharedStringsPart : XmlHandler {
  const SheetLimits* limits = nullptr;
  std::vector<std::string> strings;
  TextCollector t;
  void Start(std::string_view element, const XML_Char**) {
    if (element == "si") t.text.clear();
    if (element == "t") t.in_text = true;
    if (element == "rPh") ++t.in_phonetic;
  }
  void End(std::string_view element) {
    if (element == "t") t.in_text = false;
    if (element == "rPh") --t.in_phonetic;
    if (element == "si") strings.push_back(std::move(t.text)), t.text.clear();
  }
  void Text(std::string_view s) {
    if (!t.Add(s, limits->max_cell_chars)) refusal = CellTooLong(limits->max_cell_chars);
  }
};

/// "BC12" → 54 (0-based column); nullopt when it does not start with letters.
std::optional<std::size_t> ColumnOf(std::string_view reference) {
  std::size_t column = 0, letters = 0;
  for (char c : reference) {
    if (c < 'A' || c > 'Z') break;
    if (++letters > 3) return std::nullopt;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
  }
  if (letters == 0) return std::nullopt;
  return column - 1;
}

std::optional<std::size_t> Number(std::string_view s) {
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

/// The worksheet: rows of cells, shared strings resolved.
struct WorksheetPart : XmlHandler {
  const SheetLimits* limits = nullptr;
  const std::vector<std::string>* shared = nullptr;
  std::vector<SheetRow> rows;
  SheetRow row;
  std::size_t next_line = 1, next_column = 0, column = 0;
  std::string type;
  std::string value;  // <v>
  bool in_value = false, in_cell = false;
  TextCollector inline_text;  // <is><t>

  void Start(std::string_view element, const XML_Char** attributes) {
    if (element == "row") {
      row = {};
      row.line = next_line;
      if (const XML_Char* r = Attribute(attributes, "r"))
        if (const auto n = Number(r); n && *n >= 1) row.line = *n;
      next_line = row.line + 1;
      next_column = 0;
    } else if (element == "c") {
      in_cell = true;
      column = next_column;
      if (const XML_Char* r = Attribute(attributes, "r"))
        if (const auto c = ColumnOf(r)) column = *c;
      next_column = column + 1;
      const XML_Char* t = Attribute(attributes, "t");
      type = t ? t : "n";
      value.clear();
      inline_text.text.clear();
      if (column >= limits->max_columns)
        refusal = fmt::format("row {} has a cell in column {}, beyond the {} columns allowed", row.line,
                              column + 1, limits->max_columns);
    } else if (element == "v" && in_cell) {
      in_value = true;
    } else if (element == "t" && in_cell) {
      inline_text.in_text = true;
    } else if (element == "rPh") {
      ++inline_text.in_phonetic;
    }
  }
  void Text(std::string_view s) {
    if (in_value) {
      if (value.size() + s.size() > limits->max_cell_chars) refusal = CellTooLong(limits->max_cell_chars);
      value.append(s);
    } else if (in_cell && !inline_text.Add(s, limits->max_cell_chars)) {
      refusal = CellTooLong(limits->max_cell_chars);
    }
  }
  void End(std::string_view element) {
    if (element == "v") {
      in_value = false;
    } else if (element == "t") {
      inline_text.in_text = false;
    } else if (element == "rPh") {
      --inline_text.in_phonetic;
    } else if (element == "c" && in_cell) {
      in_cell = false;
      std::string text;
      if (type == "s") {
        const auto index = Number(value);
        if (!index || *index >= shared->size()) {
          refusal = fmt::format("row {}: a cell names shared string {}, which the workbook does not have",
                                row.line, value);
          return;
        }
        text = (*shared)[*index];
      } else if (type == "inlineStr") {
        text = std::move(inline_text.text);
      } else if (type == "b") {
        text = value == "1" ? "true" : value == "0" ? "false" : value;
      } else {
        text = std::move(value);  // numbers as written; "str" formulas' results; "e" errors (#N/A); "d" dates
      }
      if (text.empty()) return;
      if (row.cells.size() <= column) row.cells.resize(column + 1);
      row.cells[column] = std::move(text);
    } else if (element == "row") {
      if (row.cells.empty()) return;
      if (rows.size() >= limits->max_rows) {
        refusal = fmt::format("the sheet has more than {} rows, the most allowed", limits->max_rows);
        return;
      }
      rows.push_back(std::move(row));
      row = {};
    }
  }
};

std::string PartPath(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::string path = "xl/";
  path.append(target);
  return path;
}

// ---- text encodings ---------------------------------------------------------------------------------------

std::optional<std::string> FromGb18030(std::string_view bytes, std::size_t* bad_at) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw Error("this system's iconv cannot read GB18030");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* to = out.data();
  std::size_t to_left = out.size();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &to, &to_left) != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      const std::size_t used = static_cast<std::size_t>(to - out.data());
      out.resize(out.size() * 2);
      to = out.data() + used;
      to_left = out.size() - used;
      continue;
    }
    ok = false;
    *bad_at = bytes.size() - in_left;
    break;
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
  iconv_close(cd);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

std::pair<std::string, std::string> DecodeSpreadsheetText(std::string_view bytes) {
  if (bytes.starts_with(kUtf8ByteOrderMark)) {
    const std::string_view rest = bytes.substr(kUtf8ByteOrderMark.size());
    if (const std::size_t bad = FindInvalidUtf8(rest); bad != std::string_view::npos)
      throw InvalidInput(fmt::format("the file begins as UTF-8 but byte {} is not UTF-8", bad + 4));
    return {std::string(rest), "utf-8-bom"};
  }
  if (FindInvalidUtf8(bytes) == std::string_view::npos) return {std::string(bytes), "utf-8"};
  std::size_t bad_at = 0;
  if (std::optional<std::string> text = FromGb18030(bytes, &bad_at)) return {std::move(*text), "gb18030"};
  throw InvalidInput(fmt::format(
      "the file is neither UTF-8 nor GB18030 text (byte {} is neither); save it as CSV UTF-8", bad_at + 1));
}

Sheet ReadXlsxSheet(std::string_view bytes, const SheetLimits& limits) {
  Workbook book(bytes, limits);
  Sheet sheet;
  sheet.format = "xlsx";
  sheet.encoding = "utf-8";
  WorkbookPart workbook;
  ParsePart(book, "xl/workbook.xml", workbook, true);
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  if (!workbook.sheet_relation.empty()) {
    RelationsPart relations;
    relations.wanted = workbook.sheet_relation;
    ParsePart(book, "xl/_rels/workbook.xml.rels", relations, false);
    if (!relations.target.empty()) sheet_path = PartPath(relations.target);
  }
  sheet.name = workbook.sheet_name;
  SharedStringsPart shared;
  shared.limits = &limits;
  ParsePart(book, "xl/sharedStrings.xml", shared, false);
  WorksheetPart worksheet;
  worksheet.limits = &limits;
  worksheet.shared = &shared.strings;
  if (!book.Has(sheet_path)) throw InvalidInput("the workbook has no worksheet");
  ParsePart(book, sheet_path, worksheet, true);
  sheet.rows = std::move(worksheet.rows);
  return sheet;
}

Sheet ReadCsvSheet(std::string_view bytes, const SheetLimits& limits) {
  auto [text, encoding] = DecodeSpreadsheetText(bytes);
  auto records = ParseCsv(text);
  if (!records) throw InvalidInput(fmt::format("line {}: {}", records.error().line, records.error().reason));
  Sheet sheet;
  sheet.format = "csv";
  sheet.encoding = std::move(encoding);
  for (CsvRecord& record : *records) {
    while (!record.fields.empty() && record.fields.back().empty()) record.fields.pop_back();
    if (record.fields.empty()) continue;
    if (record.fields.size() > limits.max_columns)
      throw InvalidInput(fmt::format("line {} has {} columns, more than the {} allowed", record.line,
                                     record.fields.size(), limits.max_columns));
    for (const std::string& field : record.fields)
      if (field.size() > limits.max_cell_chars)
        throw InvalidInput(fmt::format("line {}: {}", record.line, CellTooLong(limits.max_cell_chars)));
    if (sheet.rows.size() >= limits.max_rows)
      throw InvalidInput(fmt::format("the file has more than {} rows, the most allowed", limits.max_rows));
    sheet.rows.push_back({record.line, std::move(record.fields)});
  }
  return sheet;
}

Sheet ReadSheet(std::string_view bytes, const SheetLimits& limits) {
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) return ReadXlsxSheet(bytes, limits);
  return ReadCsvSheet(bytes, limits);
}

std::string ExcelSerialDate(std::string_view text) {
  double serial = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), serial);
  if (ec != std::errc() || end != text.data() + text.size() || !(serial >= 61 && serial < 2958466)) return {};
  // Days since 1970-01-01, then the civil date (H. Hinnant's days_from_civil inverse).
  long z = static_cast<long>(std::floor(serial)) - 25569 + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long day = doy - (153 * mp + 2) / 5 + 1;
  const long month = mp < 10 ? mp + 3 : mp - 9;
  const long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

}  // namespace chainscope
