#include "core/audit.h"

#include <fmt/format.h>

namespace chainscope {

std::vector<std::string_view> AuditEntityKinds() {
  std::vector<std::string_view> kinds;
  for (std::size_t t = 0; t < kTableCount; ++t) kinds.push_back(SingularOf(static_cast<Table>(t)));
  for (std::string_view k : {"user", "credential", "response", "deal", "webhook", "job", "lead", "policy",
                             "registration", "service", "service_request", "service_interest", "booking"})
    kinds.push_back(k);
  return kinds;
}

std::string AuditCanonicalForm(const AuditRecord& r) {
  std::string out;
  auto field = [&](std::string_view value) { out += fmt::format("{}:{}", value.size(), value); };
  field(std::to_string(r.id));
  field(r.at);
  field(r.by.actor);
  field(r.by.enterprise);
  field(r.by.request_id);
  field(r.by.client);
  field(r.by.action);
  field(r.entity);
  field(r.before);
  field(r.after);
  field(r.prev_hash);
  return out;
}

void AppendJsonQuote(std::string& out, std::string_view text) {
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += ch;
    }
  }
  out += '"';
}

std::string JsonQuote(std::string_view text) {
  std::string out;
  AppendJsonQuote(out, text);
  return out;
}

std::string RowJson(const TableSpec& spec, const Row& row) {
  std::string out = "{";
  for (std::size_t i = 0; i < spec.columns.size() && i < row.size(); ++i) {
    if (i) out += ',';
    out += JsonQuote(spec.columns[i].name);
    out += ':';
    const Cell& cell = row[i];
    if (std::holds_alternative<std::monostate>(cell)) {
      out += "null";
    } else if (const auto* s = std::get_if<std::string>(&cell)) {
      out += JsonQuote(*s);
    } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      out += std::to_string(*n);
    } else if (const auto* x = std::get_if<double>(&cell)) {
      out += fmt::format("{}", *x);
    } else if (const auto* b = std::get_if<bool>(&cell)) {
      out += *b ? "true" : "false";
    } else if (const auto* list = std::get_if<std::vector<std::string>>(&cell)) {
      out += '[';
      for (std::size_t k = 0; k < list->size(); ++k) {
        if (k) out += ',';
        out += JsonQuote((*list)[k]);
      }
      out += ']';
    }
  }
  return out + "}";
}

}  // namespace chainscope
