// server: the route of imports — a user's spreadsheet (the raw body, or a multipart form with `file` and
// `mapping` parts) into the store through service/imports.h, answered by view/imports_json.h. A commit with
// a row in error writes nothing and answers 422 with every row's fate.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "io/xlsx.h"
#include "server/handlers.h"
#include "server/multipart.h"
#include "server/route_parts.h"
#include "service/errors.h"
#include "service/imports.h"
#include "service/platform.h"
#include "view/imports_json.h"

namespace chainscope::route_parts {
namespace {
namespace json = boost::json;
using handlers::Json;

/// The largest spreadsheet an import takes (the reader's own bounds then apply to what it inflates).
constexpr std::size_t kMaxImportBytes = 64u << 20;

ImportMapping MappingOf(std::string_view text, std::string_view where) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    throw InvalidInput(fmt::format("{}: must be a JSON object {{\"field\": \"header\", …}}", where));
  ImportMapping m;
  for (const auto& [field, header] : v.as_object()) {
    if (!header.is_string() && !header.is_null())
      throw InvalidInput(
          fmt::format("{}: field '{}' must name a header (a text)", where, std::string(field)));
    m[std::string(field)] = header.is_string() ? std::string(header.as_string()) : std::string();
  }
  return m;
}

HttpResponse Import(const Api& api, RequestContext& ctx) {
  ImportRequest request;
  const std::string* kind = ctx.Query("kind");
  if (!kind) throw InvalidInput(fmt::format("query parameter 'kind' is required: one of {}", kImportKinds));
  request.kind = *ParseImportKind(*kind);       // the door checked a given one against the list
  CheckMayImport(ctx.principal, request.kind);  // before reading anything of the body
  const std::string* dry_run = ctx.Query("dry_run");
  request.dry_run = !dry_run || *dry_run == "true";
  if (const std::string* name = ctx.Query("file_name")) request.file_name = *name;
  if (const std::string* mapping = ctx.Query("mapping"))
    request.mapping = MappingOf(*mapping, "query parameter 'mapping'");
  const std::string* content_type = ctx.request.Header("Content-Type");
  const std::string type = content_type ? *content_type : "";
  std::vector<FormPart> parts;
  if (IsMultipartForm(type)) {
    parts = ParseMultipartForm(type, ctx.request.body);
    for (const FormPart& p : parts)
      if (p.name != "file" && p.name != "mapping")
        throw InvalidInput(fmt::format("multipart part '{}' is not one of file, mapping", p.name));
    const FormPart* file = FindPart(parts, "file");
    if (!file) throw InvalidInput("multipart part 'file' is missing: it carries the spreadsheet");
    request.file = file->body;
    if (request.file_name.empty()) request.file_name = file->filename;
    if (const FormPart* mapping = FindPart(parts, "mapping"); mapping && !mapping->body.empty())
      request.mapping = MappingOf(mapping->body, "multipart part 'mapping'");
  } else {
    const std::string base = type.substr(0, type.find(';'));
    if (base != kXlsxContentType && base != "text/csv" && base != "application/vnd.ms-excel" &&
        base != "application/octet-stream")
      throw InvalidInput(fmt::format("Content-Type must be {} or text/csv (or a multipart form), got '{}'",
                                     kXlsxContentType, type));
    request.file = ctx.request.body;
  }
  if (request.file.empty())
    throw InvalidInput("the request carries no file: send the spreadsheet as the body");
  const ImportAnswer answer = ImportTable(api.platform(), ctx.principal, request);
  if (!request.dry_run && answer.counts.errors > 0) {
    const std::size_t first = static_cast<std::size_t>(
        std::ranges::find(answer.rows, std::string("error"), &ImportRowOutcome::action)->row);
    throw ServiceError(
        ErrorCode::kUnprocessable,
        fmt::format("{} row{} in error (the first: row {}); nothing written — a dry run lists them",
                    answer.counts.errors, answer.counts.errors == 1 ? "" : "s", first));
  }
  return Json(ImportAnswerJson(answer));
}

}  // namespace

void AddImportRoutes(std::vector<Route>& routes) {
  std::vector<std::string> kinds;
  for (ImportKind k : {ImportKind::kEnterprises, ImportKind::kCapabilities, ImportKind::kLinks,
                       ImportKind::kDemands, ImportKind::kOffers, ImportKind::kLeads})
    kinds.emplace_back(ToString(k));
  Route r{
      "POST",
      "/api/v1/imports",
      Access::kSignedIn,
      Cost::kHeavy,
      false,
      Import,
      {"Import a spreadsheet (.xlsx, or CSV in UTF-8, UTF-8 with BOM or GB18030) with its own headers: the "
       "body is the file (Content-Type of xlsx or text/csv) or a multipart form with parts `file` and "
       "`mapping`. A dry run (the default) gives each row's fate and writes nothing; a commit writes every "
       "row in one transaction, or none (422, naming the first row in error) when a row is in error. Admins "
       "import anything; an "
       "enterprise's administrator its own capabilities, demands and offers; a bureau its place's leads, a "
       "coordinator any place's",
       {OneOf({"kind", "string", "What the rows are", true}, kinds, "kind"),
        {"dry_run", "boolean", "true (default): only say what would happen; false: write"},
        {"mapping", "string",
         "JSON object {\"field\": \"header\"} naming each field's column (default: the "
         "recognised headers)"},
        {"file_name", "string", "The file's name, for the audit trail"}},
       {},
       {},
       "ImportAnswer",
       {200, 400, 401, 403, 409, 413, 422}},
      "rows",
      kMaxImportBytes};
  routes.push_back(std::move(r));
}

}  // namespace chainscope::route_parts
