// view: the schema of an import's answer (view/imports_json.h).
#include <boost/json.hpp>

#include "view/schema_parts.h"

namespace chainscope::schema_parts {
namespace json = boost::json;

void AddImportSchemas(json::object& s) {
  s["ImportField"] = Object({{"name", String("The field, an interchange column (annual_capacity, …)")},
                             {"label_zh", String()},
                             {"label_en", String()},
                             {"required", Boolean()},
                             {"default", Nullable(String("A new record's value when no column gives one"))}});
  s["ImportRow"] =
      Object({{"row", Count()},
              {"action", Enum({"new", "update", "unchanged", "error"})},
              {"id", Nullable(String("The record's id or key; a new one's only once committed"))},
              {"field", Nullable(String())},
              {"reason", Nullable(String())},
              {"reason_code", Nullable(Ref("Reason"))}});
  s["ImportAnswer"] =
      Object({{"kind", Enum({"enterprises", "capabilities", "links", "demands", "offers", "leads"})},
              {"format", Enum({"xlsx", "csv"})},
              {"encoding", Enum({"utf-8", "utf-8-bom", "gb18030"})},
              {"sheet", Nullable(String())},
              {"header", Array(String())},
              {"fields", Array(Ref("ImportField"))},
              {"proposed_mapping", Described(Map(String()), "field → header")},
              {"mapping", Described(Map(String()), "field → header")},
              {"counts",
               Object({{"new", Count()}, {"update", Count()}, {"unchanged", Count()}, {"error", Count()}})},
              {"rows", Array(Ref("ImportRow"))},
              {"dry_run", Boolean()},
              {"committed", Boolean()}});
}

}  // namespace chainscope::schema_parts
