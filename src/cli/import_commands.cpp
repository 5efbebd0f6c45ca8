// cli: `chainscope import-table` — a user's spreadsheet into the store (service/imports.h), as text or as
// the API's JSON (view/imports_json.h).
#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "io/json_text.h"
#include "service/database.h"
#include "view/imports_json.h"

namespace chainscope::cli {
namespace {

std::string FileBytes(const std::string& path, std::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidInput(fmt::format("{}: cannot read '{}'", flag, path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ImportMapping MappingFile(const std::string& path) {
  const std::string text = FileBytes(path, "--mapping");
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    throw InvalidInput(
        fmt::format("--mapping: '{}' is not a JSON object {{\"field\": \"header\", …}}", path));
  ImportMapping m;
  for (const auto& [field, header] : v.as_object()) {
    if (!header.is_string())
      throw InvalidInput(
          fmt::format("--mapping: field '{}' must name a header (a text)", std::string(field)));
    m[std::string(field)] = std::string(header.as_string());
  }
  return m;
}

}  // namespace

int ImportTable(const ImportTableOptions& o) {
  const std::optional<ImportKind> kind = ParseImportKind(o.kind);
  if (!kind) throw InvalidInput(fmt::format("--kind: '{}' is not one of {}", o.kind, kImportKinds));
  const std::string bytes = FileBytes(o.file, "--file");
  ImportRequest request;
  request.kind = *kind;
  request.file = bytes;
  request.file_name = std::filesystem::path(o.file).filename().string();
  if (!o.mapping.empty()) request.mapping = MappingFile(o.mapping);
  request.dry_run = o.dry_run;
  Database db(o.db);
  const ImportAnswer a = db.ImportTable(request);
  const int exit_code = a.counts.errors > 0 ? 2 : 0;
  if (o.json) {
    fmt::print("{}\n", JsonText(ImportAnswerJson(a)));
    return exit_code;
  }
  fmt::print("read {} ({}{}{}): {} rows after the header\n", request.file_name, a.format,
             a.format == "csv" ? ", " + a.encoding : "", a.sheet.empty() ? "" : ", sheet " + a.sheet,
             a.rows.size());
  std::string mapped;
  for (const auto& [field, header] : a.mapping)
    if (!header.empty()) mapped += fmt::format("{}{} ← {}", mapped.empty() ? "" : ", ", field, header);
  fmt::print("mapping: {}\n", mapped.empty() ? "no column recognised (give --mapping)" : mapped);
  std::size_t shown = 0;
  for (const ImportRowOutcome& r : a.rows) {
    if (r.action != "error") continue;
    if (++shown > 50) {
      fmt::print("… and {} more rows in error (--json lists all)\n", a.counts.errors - 50);
      break;
    }
    fmt::print("row {}: {}{}\n", r.row, r.field.empty() ? "" : r.field + ": ",
               r.reason ? r.reason->text : "");
  }
  const std::string counts = fmt::format("{} new, {} update, {} unchanged, {} error", a.counts.created,
                                         a.counts.updated, a.counts.unchanged, a.counts.errors);
  if (a.committed)
    fmt::print("committed: {} (in {})\n", counts, db.Describe());
  else if (o.dry_run)
    fmt::print("dry run: {}; nothing written\n", counts);
  else
    fmt::print("{}; nothing written{}\n", counts, a.counts.errors ? ": fix the rows in error" : "");
  return exit_code;
}

}  // namespace chainscope::cli
