// service: reading a JSON request body's fields in the use cases — texts, numbers, whole numbers, lists —
// with errors that name the field. The door (the route table) has already refused wrong types and numbers
// out of range for the API; the CLI builds the same bodies from flags, so these check again.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope::body {

std::string Text(const boost::json::value& v, std::string_view field);
double Number(const boost::json::value& v, std::string_view field);
std::int64_t Whole(const boost::json::value& v, std::string_view field);
bool Flag(const boost::json::value& v, std::string_view field);
/// A list of texts.
std::vector<std::string> Texts(const boost::json::value& v, std::string_view field);
/// Characters (code points) of UTF-8 text.
std::size_t Characters(std::string_view utf8);
/// InvalidInput when required and empty, or longer than `max` characters.
void CheckLength(const std::string& text, std::string_view field, std::size_t max, bool required);
/// InvalidInput unless 0 ≤ x ≤ max.
void CheckRange(double x, std::string_view field, double max);
/// InvalidInput unless a calendar date YYYY-MM-DD.
void CheckDate(const std::string& date, std::string_view field);

}  // namespace chainscope::body
