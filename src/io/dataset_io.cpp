#include "io/dataset_io.h"

#include <fmt/format.h>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/schema.h"
#include "io/csv.h"
#include "io/json_text.h"
#include "io/validate.h"

namespace chainscope {
namespace json = boost::json;
namespace {

constexpr std::string_view kMetaFile = "dataset.json";

bool RequiredTable(Table t) {
  return t == Table::kPlaces || t == Table::kComponents || t == Table::kEnterprises;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {}", path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(fmt::format("cannot write {}", path.string()));
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw Error(fmt::format("error writing {}", path.string()));
}

// Parses JSON text, reporting the line and column of a syntax error.
std::expected<json::value, std::string> ParseJsonText(std::string_view text) {
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < used && i < text.size(); ++i) text[i] == '\n' ? (++line, col = 1) : ++col;
    return std::unexpected(fmt::format("line {}, column {}: invalid JSON: {}", line, col, ec.message()));
  }
  return parser.release();
}

// Reads one CSV table from its file's text (nullopt: no such file) into `d`, recording line numbers; problems
// go to `issues`.
void ReadCsvTable(const std::optional<std::string>& text, const TableSpec& spec, Dataset& d, SourceMap& src,
                  std::vector<ImportIssue>& issues) {
  const std::string file = std::string(spec.name) + ".csv";
  const auto ti = static_cast<std::size_t>(spec.table);
  src.file[ti] = file;
  auto add = [&](std::size_t line, std::string column, std::string reason) {
    if (issues.size() < kMaxImportIssues)
      issues.push_back(
          {line ? fmt::format("{}:{}", file, line) : file, std::move(column), std::move(reason)});
  };
  if (!text) {
    if (RequiredTable(spec.table)) add(0, "", "missing file");
    return;
  }
  auto records = ParseCsv(*text);
  if (!records) {
    const CsvProblem& p = records.error();
    add(p.line, "", p.column ? fmt::format("byte {}: {}", p.column, p.reason) : p.reason);
    return;
  }
  if (records->empty()) return add(0, "", "empty file (a header row is required)");
  const CsvRecord& header = records->front();
  std::unordered_map<std::string, std::size_t> position;
  for (std::size_t f = 0; f < header.fields.size(); ++f)
    if (!position.emplace(header.fields[f], f).second)
      add(header.line, header.fields[f], "column appears twice in the header");
  std::vector<std::size_t> column_at(spec.columns.size(), SIZE_MAX);
  bool header_ok = true;
  for (std::size_t c = 0; c < spec.columns.size(); ++c) {
    auto it = position.find(std::string(spec.columns[c].name));
    if (it != position.end()) {
      column_at[c] = it->second;
    } else if (!spec.columns[c].extra) {
      add(header.line, std::string(spec.columns[c].name), "missing column in the header");
      header_ok = false;
    }
  }
  if (!header_ok) return;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    if (rec.fields.size() != header.fields.size()) {
      add(rec.line, "",
          fmt::format("wrong column count: {} fields, the header has {}", rec.fields.size(),
                      header.fields.size()));
      continue;
    }
    Row row;
    bool ok = true;
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
      const ColumnSpec& col = spec.columns[c];
      std::string_view text_value = column_at[c] == SIZE_MAX ? col.default_text : rec.fields[column_at[c]];
      auto cell = ParseCell(text_value, col);
      if (!cell) {
        add(rec.line, std::string(col.name), cell.error());
        ok = false;
        continue;
      }
      row.push_back(std::move(*cell));
    }
    if (!ok) continue;
    AppendRow(d, spec.table, row);
    src.line[ti].push_back(rec.line);
    if (issues.size() >= kMaxImportIssues) return;
  }
}

std::string ReadMeta(const std::optional<std::string>& text, std::vector<ImportIssue>& issues) {
  if (!text) return "{}";
  auto value = ParseJsonText(*text);
  if (!value) {
    issues.push_back({std::string(kMetaFile), "", value.error()});
    return "{}";
  }
  if (!value->is_object()) {
    issues.push_back({std::string(kMetaFile), "", "must be a JSON object"});
    return "{}";
  }
  return JsonText(*value, {.money_to_fen = false});
}

std::expected<Cell, std::string> CellFromJson(const json::value& v, const ColumnSpec& col) {
  Cell cell;
  switch (v.kind()) {
    case json::kind::null:
      break;
    case json::kind::string:
      cell = std::string(v.get_string());
      break;
    case json::kind::bool_:
      cell = v.get_bool();
      break;
    case json::kind::int64:
      if (col.kind == FieldKind::kReal)
        cell = static_cast<double>(v.get_int64());
      else
        cell = v.get_int64();
      break;
    case json::kind::uint64:
      if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX))
        return std::unexpected("number out of range");
      if (col.kind == FieldKind::kReal)
        cell = static_cast<double>(v.get_uint64());
      else
        cell = static_cast<std::int64_t>(v.get_uint64());
      break;
    case json::kind::double_: {
      const double x = v.get_double();
      if (col.kind == FieldKind::kInt) {
        if (x != std::floor(x) || std::abs(x) > 9e18)
          return std::unexpected(fmt::format("{} is not a whole number", x));
        cell = static_cast<std::int64_t>(x);
      } else {
        cell = x;
      }
      break;
    }
    case json::kind::array: {
      std::vector<std::string> items;
      for (const auto& item : v.get_array()) {
        if (!item.is_string()) return std::unexpected("list items must be texts");
        items.emplace_back(item.get_string());
      }
      cell = std::move(items);
      break;
    }
    case json::kind::object:
      return std::unexpected("unexpected object");
  }
  if (col.kind == FieldKind::kText && col.optional && std::holds_alternative<std::string>(cell) &&
      std::get<std::string>(cell).empty())
    cell = std::monostate{};
  if (col.kind == FieldKind::kList && std::holds_alternative<std::monostate>(cell))
    cell = std::vector<std::string>{};
  if (auto ok = CheckCell(cell, col); !ok) return std::unexpected(ok.error());
  return cell;
}

json::value CellToJson(const Cell& cell) {
  struct Visitor {
    json::value operator()(std::monostate) const { return nullptr; }
    json::value operator()(const std::string& s) const { return json::string(s); }
    json::value operator()(std::int64_t v) const { return v; }
    json::value operator()(double v) const { return v; }
    json::value operator()(bool v) const { return v; }
    json::value operator()(const std::vector<std::string>& v) const {
      json::array a;
      for (const auto& s : v) a.emplace_back(json::string(s));
      return a;
    }
  };
  return std::visit(Visitor{}, cell);
}

Row RowFromObject(const TableSpec& spec, const json::object& obj, std::string_view where,
                  std::vector<ImportIssue>& issues) {
  Row row;
  for (const ColumnSpec& col : spec.columns) {
    const json::value* v = obj.if_contains(col.name);
    std::expected<Cell, std::string> cell;
    if (!v) {
      if (col.extra)
        cell = ParseCell(col.default_text, col);
      else if (col.optional)
        cell = ParseCell("", col);
      else
        cell = std::unexpected("missing field");
    } else {
      cell = CellFromJson(*v, col);
    }
    if (!cell) {
      issues.push_back({std::string(where), std::string(col.name), cell.error()});
      continue;
    }
    row.push_back(std::move(*cell));
  }
  return row;
}

void Finish(Dataset& d, const SourceMap& src, std::vector<ImportIssue>& issues) {
  if (issues.empty()) ValidateDataset(d, src, issues);
  if (!issues.empty()) throw ImportError(std::move(issues));
}

}  // namespace

Row RowFromJson(Table t, const json::object& object, std::string_view where) {
  std::vector<ImportIssue> issues;
  Row row = RowFromObject(SpecOf(t), object, where, issues);
  if (!issues.empty()) throw ImportError(std::move(issues));
  return row;
}

std::string PrettyJson(std::string_view text) {
  auto value = ParseJsonText(text);
  if (!value) throw InvalidInput(value.error());
  return JsonText(*value, {.indent = true, .money_to_fen = false}) + '\n';
}

Dataset ParseDatasetJson(std::string_view text, std::string_view file) {
  std::vector<ImportIssue> issues;
  auto value = ParseJsonText(text);
  if (!value) throw ImportError({{std::string(file), "", value.error()}});
  if (!value->is_object())
    throw ImportError({{std::string(file), "", "must be a JSON object with one array per table"}});
  const json::object& root = value->get_object();
  Dataset d;
  SourceMap src;
  src.json = true;
  if (const auto* meta = root.if_contains("dataset")) {
    if (!meta->is_object())
      issues.push_back({std::string(file), "dataset", "must be a JSON object"});
    else
      d.meta_json = JsonText(*meta, {.money_to_fen = false});
  }
  for (const TableSpec& spec : TableSpecs()) {
    const auto ti = static_cast<std::size_t>(spec.table);
    src.file[ti] = std::string(file);
    const json::value* table = root.if_contains(spec.name);
    if (!table) {
      if (RequiredTable(spec.table))
        issues.push_back({std::string(file), std::string(spec.name), "missing table"});
      continue;
    }
    if (!table->is_array()) {
      issues.push_back({std::string(file), std::string(spec.name), "must be an array of objects"});
      continue;
    }
    const json::array& rows = table->get_array();
    for (std::size_t r = 0; r < rows.size() && issues.size() < kMaxImportIssues; ++r) {
      const std::string where = fmt::format("{}: {}[{}]", file, spec.name, r);
      if (!rows[r].is_object()) {
        issues.push_back({where, "", "must be an object"});
        continue;
      }
      std::vector<ImportIssue> row_issues;
      Row row = RowFromObject(spec, rows[r].get_object(), where, row_issues);
      const bool ok = row_issues.empty();
      for (auto& issue : row_issues) issues.push_back(std::move(issue));
      if (!ok) continue;
      AppendRow(d, spec.table, row);
      src.line[ti].push_back(r);
    }
  }
  Finish(d, src, issues);
  return d;
}

Dataset ParseDatasetFiles(const std::map<std::string, std::string>& files) {
  auto text_of = [&](const std::string& name) -> std::optional<std::string> {
    const auto it = files.find(name);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  Dataset d;
  SourceMap src;
  std::vector<ImportIssue> issues;
  d.meta_json = ReadMeta(text_of(std::string(kMetaFile)), issues);
  for (const TableSpec& spec : TableSpecs())
    ReadCsvTable(text_of(std::string(spec.name) + ".csv"), spec, d, src, issues);
  Finish(d, src, issues);
  return d;
}

Dataset ReadDataset(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw Error(fmt::format("{}: no such file or folder", path.string()));
  if (!std::filesystem::is_directory(path)) return ParseDatasetJson(ReadFile(path), path.filename().string());
  std::map<std::string, std::string> files;
  for (const TableSpec& spec : TableSpecs()) {
    const std::string name = std::string(spec.name) + ".csv";
    if (std::filesystem::exists(path / name)) files[name] = ReadFile(path / name);
  }
  if (std::filesystem::exists(path / kMetaFile)) files[std::string(kMetaFile)] = ReadFile(path / kMetaFile);
  return ParseDatasetFiles(files);
}

void WriteDatasetCsv(const Dataset& d, const std::filesystem::path& dir, bool byte_order_mark) {
  std::filesystem::create_directories(dir);
  for (const TableSpec& spec : TableSpecs()) {
    std::string out = byte_order_mark ? std::string(kUtf8ByteOrderMark) : std::string();
    std::vector<std::string> fields;
    for (const ColumnSpec& c : spec.columns) fields.emplace_back(c.name);
    AppendCsvRecord(out, fields);
    const std::size_t rows = RowCount(d, spec.table);
    for (std::size_t r = 0; r < rows; ++r) {
      const Row row = EncodeRow(d, spec.table, r);
      fields.clear();
      for (const Cell& cell : row) fields.push_back(FormatCell(cell));
      AppendCsvRecord(out, fields);
    }
    WriteFile(dir / (std::string(spec.name) + ".csv"), out);
  }
  WriteFile(dir / kMetaFile, PrettyJson(d.meta_json));
}

std::string DatasetToJson(const Dataset& d) {
  json::object root;
  auto meta = ParseJsonText(d.meta_json);
  root["dataset"] = meta ? *meta : json::object{};
  for (const TableSpec& spec : TableSpecs()) {
    json::array rows;
    const std::size_t n = RowCount(d, spec.table);
    rows.reserve(n);
    for (std::size_t r = 0; r < n; ++r) {
      const Row row = EncodeRow(d, spec.table, r);
      json::object obj;
      for (std::size_t c = 0; c < spec.columns.size(); ++c) obj[spec.columns[c].name] = CellToJson(row[c]);
      rows.push_back(std::move(obj));
    }
    root[spec.name] = std::move(rows);
  }
  return JsonText(root, {.money_to_fen = false});
}

void WriteDatasetJson(const Dataset& d, const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  WriteFile(file, DatasetToJson(d) + "\n");
}

}  // namespace chainscope
