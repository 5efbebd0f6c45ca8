// service: reading a JSON request body's fields (body.h).
#include "service/body.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "core/model.h"
#include "core/number_text.h"
#include "core/schema.h"

namespace chainscope::body {
namespace json = boost::json;

std::string Text(const json::value& v, std::string_view field) {
  if (!v.is_string()) throw InvalidInput(fmt::format("field '{}' must be a text", field));
  return std::string(v.get_string());
}

double Number(const json::value& v, std::string_view field) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  throw InvalidInput(fmt::format("field '{}' must be a number", field));
}

std::int64_t Whole(const json::value& v, std::string_view field) {
  const double x = Number(v, field);
  if (x != std::floor(x) || std::abs(x) > 9e15)
    throw InvalidInput(fmt::format("field '{}' must be a whole number", field));
  return static_cast<std::int64_t>(x);
}

bool Flag(const json::value& v, std::string_view field) {
  if (!v.is_bool()) throw InvalidInput(fmt::format("field '{}' must be true or false", field));
  return v.get_bool();
}

std::vector<std::string> Texts(const json::value& v, std::string_view field) {
  if (!v.is_array()) throw InvalidInput(fmt::format("field '{}' must be a list of texts", field));
  std::vector<std::string> out;
  for (const json::value& item : v.get_array()) out.push_back(Text(item, field));
  return out;
}

std::size_t Characters(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void CheckLength(const std::string& text, std::string_view field, std::size_t max, bool required) {
  if (required && text.empty()) throw InvalidInput(fmt::format("field '{}' is required", field));
  if (Characters(text) > max)
    throw InvalidInput(fmt::format("field '{}' must be at most {} characters", field, max));
}

void CheckRange(double x, std::string_view field, double max) {
  if (!(x >= 0 && x <= max))
    throw InvalidInput(fmt::format("field '{}' must be a number from 0 to {}", field, PlainNumber(max)));
}

void CheckDate(const std::string& date, std::string_view field) {
  if (!IsCalendarDate(date))
    throw InvalidInput(fmt::format("field '{}' must be a date YYYY-MM-DD, got '{}'", field, date));
}

}  // namespace chainscope::body
