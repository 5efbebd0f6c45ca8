#include "io/json_schema.h"

#include <fmt/format.h>
#include <boost/json.hpp>
#include <cmath>

#include "io/json_text.h"

namespace chainscope::schema {
namespace json = boost::json;

namespace {

Schema Bounded(std::string_view type, std::optional<double> minimum, std::optional<double> maximum) {
  Schema s{{"type", type}};
  if (minimum) s["minimum"] = *minimum;
  if (maximum) s["maximum"] = *maximum;
  return s;
}

}  // namespace

Schema String(std::string_view description) {
  Schema s{{"type", "string"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
Schema Integer(std::optional<double> minimum, std::optional<double> maximum) {
  return Bounded("integer", minimum, maximum);
}
Schema Number(std::optional<double> minimum, std::optional<double> maximum) {
  return Bounded("number", minimum, maximum);
}
Schema Fraction() {
  return Number(0, 1);
}
Schema Yuan(bool signed_amount) {
  return Described(signed_amount ? Number() : Number(0), "yuan");
}
Schema Boolean() {
  return {{"type", "boolean"}};
}
Schema Enum(std::initializer_list<std::string_view> values) {
  json::array list;
  for (std::string_view v : values) list.emplace_back(v);
  return {{"type", "string"}, {"enum", std::move(list)}};
}
Schema Enum(const std::vector<std::string>& values) {
  json::array list;
  for (const std::string& v : values) list.emplace_back(v);
  return {{"type", "string"}, {"enum", std::move(list)}};
}
Schema Array(Schema items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}
Schema Map(Schema values) {
  return {{"type", "object"}, {"additionalProperties", std::move(values)}};
}
Schema Ref(std::string_view name) {
  return {{"$ref", fmt::format("#/components/schemas/{}", name)}};
}
Schema Nullable(Schema s) {
  // OpenAPI 3.0 has no null type; a $ref takes no siblings, so a nullable reference is an allOf of one.
  if (s.contains("$ref")) return {{"allOf", json::array{std::move(s)}}, {"nullable", true}};
  s["nullable"] = true;
  return s;
}
Schema AnyOf(std::vector<Schema> alternatives) {
  json::array list;
  for (Schema& a : alternatives) list.emplace_back(std::move(a));
  return {{"anyOf", std::move(list)}};
}
Schema Any(std::string_view description) {
  Schema s;
  if (!description.empty()) s["description"] = description;
  return s;
}
Schema Described(Schema s, std::string_view description) {
  s["description"] = description;
  return s;
}

Property Optional(std::string name, Schema schema) {
  return {std::move(name), std::move(schema), false};
}

Schema Object(std::vector<Property> properties) {
  return Extend({{"type", "object"}, {"properties", json::object{}}, {"additionalProperties", false}},
                std::move(properties));
}

Schema Extend(Schema base, std::vector<Property> more) {
  json::object& properties = base["properties"].as_object();
  json::array required = base.contains("required") ? base["required"].as_array() : json::array{};
  for (Property& p : more) {
    if (p.required) required.emplace_back(p.name);
    properties[p.name] = std::move(p.schema);
  }
  if (!required.empty()) base["required"] = std::move(required);
  return base;
}

namespace {

class Checker {
 public:
  Checker(const json::object& components, std::size_t limit) : components_(components), limit_(limit) {}

  void Check(const json::value& v, const Schema& s, const std::string& at) {
    if (out.size() >= limit_) return;
    if (const json::value* ref = s.if_contains("$ref")) {
      const std::string_view target = ref->as_string();
      const std::string_view prefix = "#/components/schemas/";
      const json::value* named =
          target.starts_with(prefix) ? components_.if_contains(target.substr(prefix.size())) : nullptr;
      if (!named || !named->is_object()) return Fail(at, fmt::format("unknown schema {}", target));
      return Check(v, named->get_object(), at);
    }
    if (v.is_null()) {
      const json::value* nullable = s.if_contains("nullable");
      if ((nullable && nullable->is_bool() && nullable->get_bool()) ||
          (!s.contains("type") && !s.contains("allOf") && !s.contains("anyOf")))
        return;
      return Fail(at, "null where a value is required");
    }
    if (const json::value* any = s.if_contains("anyOf")) {
      std::vector<std::string> first;
      for (const json::value& alternative : any->as_array()) {
        Checker branch(components_, limit_);
        branch.Check(v, alternative.as_object(), at);
        if (branch.out.empty()) return;
        if (first.empty()) first = std::move(branch.out);
      }
      for (std::string& f : first) Fail(at, "none of anyOf fits; the first: " + f);
      return;
    }
    if (const json::value* all = s.if_contains("allOf"))
      for (const json::value& part : all->as_array()) Check(v, part.as_object(), at);
    const json::value* type = s.if_contains("type");
    if (!type) return;
    const std::string_view t = type->as_string();
    if (t == "object") return CheckObject(v, s, at);
    if (t == "array") {
      if (!v.is_array()) return Fail(at, fmt::format("{} where an array is required", Kind(v)));
      const json::value* items = s.if_contains("items");
      std::size_t i = 0;
      for (const json::value& x : v.get_array()) {
        if (items) Check(x, items->as_object(), fmt::format("{}[{}]", at, i));
        ++i;
      }
      return;
    }
    if (t == "string") {
      if (!v.is_string()) return Fail(at, fmt::format("{} where a string is required", Kind(v)));
      if (const json::value* allowed = s.if_contains("enum")) {
        for (const json::value& a : allowed->as_array())
          if (a == v) return;
        return Fail(at, fmt::format("\"{}\" is not one of {}", std::string_view(v.get_string()),
                                    json::serialize(*allowed)));
      }
      return;
    }
    if (t == "boolean") {
      if (!v.is_bool()) Fail(at, fmt::format("{} where a boolean is required", Kind(v)));
      return;
    }
    if (t == "integer" || t == "number") {
      if (!v.is_number()) return Fail(at, fmt::format("{} where a number is required", Kind(v)));
      const double x = v.to_number<double>();
      if (t == "integer" && (v.is_double() && x != std::floor(x)))
        return Fail(at, fmt::format("{} where an integer is required", JsonText(v)));
      if (const json::value* lo = s.if_contains("minimum"); lo && x < lo->to_number<double>())
        Fail(at, fmt::format("{} below the minimum {}", JsonText(v), JsonText(*lo)));
      if (const json::value* hi = s.if_contains("maximum"); hi && x > hi->to_number<double>())
        Fail(at, fmt::format("{} above the maximum {}", JsonText(v), JsonText(*hi)));
    }
  }

  std::vector<std::string> out;

 private:
  static std::string_view Kind(const json::value& v) {
    switch (v.kind()) {
      case json::kind::object:
        return "an object";
      case json::kind::array:
        return "an array";
      case json::kind::string:
        return "a string";
      case json::kind::bool_:
        return "a boolean";
      case json::kind::null:
        return "null";
      default:
        return "a number";
    }
  }

  void CheckObject(const json::value& v, const Schema& s, const std::string& at) {
    if (!v.is_object()) return Fail(at, fmt::format("{} where an object is required", Kind(v)));
    const json::object& o = v.get_object();
    const json::value* properties = s.if_contains("properties");
    if (const json::value* required = s.if_contains("required"))
      for (const json::value& name : required->as_array())
        if (!o.contains(name.as_string()))
          Fail(at, fmt::format("no \"{}\"", std::string_view(name.as_string())));
    const json::value* extra = s.if_contains("additionalProperties");
    for (const auto& kv : o) {
      const std::string here = fmt::format("{}.{}", at, std::string_view(kv.key()));
      if (properties)
        if (const json::value* p = properties->as_object().if_contains(kv.key())) {
          Check(kv.value(), p->as_object(), here);
          continue;
        }
      if (extra && extra->is_bool() && !extra->get_bool())
        Fail(at, fmt::format("\"{}\" is not in the schema", std::string_view(kv.key())));
      else if (extra && extra->is_object())
        Check(kv.value(), extra->get_object(), here);
    }
  }

  void Fail(const std::string& at, std::string what) {
    if (out.size() < limit_) out.push_back(fmt::format("{}: {}", at, what));
  }

  const json::object& components_;
  std::size_t limit_;
};

}  // namespace

std::vector<std::string> Violations(const json::value& value, const Schema& schema,
                                    const json::object& components, std::size_t limit) {
  Checker checker(components, limit);
  checker.Check(value, schema, "$");
  return std::move(checker.out);
}

}  // namespace chainscope::schema
