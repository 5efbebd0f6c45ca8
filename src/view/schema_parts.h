// view: what the schema declarations of the API's answers share (schemas*.cpp): provinces, roles, times,
// counts, names in both languages, pages of a list. Inside the view module only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/json_schema.h"

namespace chainscope::schema_parts {
using namespace schema;

inline Schema Province() {
  return Enum({"Chongqing", "Sichuan", "OtherChina", "Abroad"});
}
inline Schema Role() {
  return Enum({"oem", "tier1", "tier2", "material", "logistics", "dealer", "institute"});
}
inline Schema Time() {
  return String("UTC time, ISO 8601");
}
inline Schema Date() {
  return String("YYYY-MM-DD");
}
inline Schema Units() {
  return Number(0);
}
inline Schema Count() {
  return Integer(0);
}
inline Schema Days() {
  return Number(0);
}
inline Schema Ids() {
  return Array(String());
}

/// An enterprise's, a component's or a place's name in English and Chinese, under `prefix`_name(_zh).
inline std::vector<Property> Names(const std::string& prefix) {
  return {{prefix + "_name", String()}, {prefix + "_name_zh", String()}};
}
inline std::vector<Property> Join(std::vector<Property> a, const std::vector<Property>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// A paginated list of `item`.
inline Schema PageOf(std::string_view item) {
  return Object({{"total", Count()}, {"limit", Count()}, {"offset", Count()}, {"items", Array(Ref(item))}});
}

inline Schema ComponentFields(std::vector<Property> more) {
  return Object(Join(Join({{"component", String()}}, Names("component")), more));
}

/// The schemas of the analytics' and the resilience jobs' answers, added to `s`.
void AddAnalysisSchemas(boost::json::object& s);
/// The schemas of joint investment promotion's answers, added to `s`.
void AddPromotionSchemas(boost::json::object& s);
/// The schemas of the planning answers (site selection, the localization frontier), added to `s`.
void AddPlanningSchemas(boost::json::object& s);
void AddImportSchemas(boost::json::object& s);
void AddRegistrationSchemas(boost::json::object& s);
/// R&D, testing and talent services.
void AddServiceSchemas(boost::json::object& s);

}  // namespace chainscope::schema_parts
