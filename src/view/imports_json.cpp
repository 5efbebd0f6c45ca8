#include "view/imports_json.h"

#include <boost/json.hpp>

#include "io/json_text.h"
#include "view/json_out.h"

namespace chainscope {

namespace json = boost::json;

namespace {

json::object MappingJson(const ImportMapping& m) {
  json::object o;
  for (const auto& [field, header] : m) o[field] = header;
  return o;
}

}  // namespace

json::object ImportAnswerJson(const ImportAnswer& a) {
  json::array header, fields, rows;
  for (const std::string& h : a.header) header.emplace_back(json::string(h));
  for (const ImportField& f : ImportFieldsOf(a.kind))
    fields.push_back(
        json::object{{"name", f.name},
                     {"label_zh", f.label_zh},
                     {"label_en", f.label_en},
                     {"required", f.required_for_new},
                     {"default", f.default_text.empty() ? json::value(nullptr)
                                                        : json::value(json::string(f.default_text))}});
  for (const ImportRowOutcome& r : a.rows) {
    json::object o{{"row", r.row},
                   {"action", r.action},
                   {"id", TextOrNull(r.id)},
                   {"field", TextOrNull(r.field)},
                   {"reason", r.reason ? json::value(json::string(r.reason->text)) : json::value(nullptr)},
                   {"reason_code", r.reason ? json::value(MessageJson(*r.reason)) : json::value(nullptr)}};
    rows.push_back(std::move(o));
  }
  return json::object{{"kind", ToString(a.kind)},
                      {"format", a.format},
                      {"encoding", a.encoding},
                      {"sheet", TextOrNull(a.sheet)},
                      {"header", std::move(header)},
                      {"fields", std::move(fields)},
                      {"proposed_mapping", MappingJson(a.proposed)},
                      {"mapping", MappingJson(a.mapping)},
                      {"counts", json::object{{"new", a.counts.created},
                                              {"update", a.counts.updated},
                                              {"unchanged", a.counts.unchanged},
                                              {"error", a.counts.errors}}},
                      {"rows", std::move(rows)},
                      {"dry_run", a.dry_run},
                      {"committed", a.committed}};
}

}  // namespace chainscope
