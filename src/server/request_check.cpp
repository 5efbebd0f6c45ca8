#include "server/request_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "core/number_text.h"

namespace chainscope {
namespace json = boost::json;
namespace {

/// What the caller sent, as an error quotes it: at most kShownBytes (a value or a name may be as long as the
/// request line allows; the quote need not be).
constexpr std::size_t kShownBytes = 64;
std::string Shown(std::string_view text) {
  if (text.size() <= kShownBytes) return std::string(text);
  std::size_t end = kShownBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // a whole UTF-8 character
  return std::string(text.substr(0, end)) + "…";
}

std::string Listed(const std::vector<FieldDoc>& fields) {
  std::string out;
  for (const FieldDoc& f : fields) out += (out.empty() ? "" : ", ") + f.name;
  return out.empty() ? "none" : out;
}

const FieldDoc* Find(const std::vector<FieldDoc>& fields, std::string_view name) {
  const auto it =
      std::find_if(fields.begin(), fields.end(), [&](const FieldDoc& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

/// A number against the field's bounds; `who` names it ("query parameter 'limit'", "field 'top'").
void CheckRange(const FieldDoc& f, double x, const std::string& who) {
  const bool whole = f.type == "integer";
  if (f.minimum && x < *f.minimum) {
    if (whole)
      throw InvalidInput(fmt::format("{} must be a whole number ≥ {}, got {}", who, PlainNumber(*f.minimum),
                                     PlainNumber(x)));
    if (f.maximum)
      throw InvalidInput(fmt::format("{} must be a number from {} to {}, got {}", who,
                                     PlainNumber(*f.minimum), PlainNumber(*f.maximum), PlainNumber(x)));
    throw InvalidInput(
        fmt::format("{} must be at least {}, got {}", who, PlainNumber(*f.minimum), PlainNumber(x)));
  }
  if (f.maximum && x > *f.maximum) {
    if (!whole && f.minimum)
      throw InvalidInput(fmt::format("{} must be a number from {} to {}, got {}", who,
                                     PlainNumber(*f.minimum), PlainNumber(*f.maximum), PlainNumber(x)));
    throw InvalidInput(
        fmt::format("{} must be at most {}, got {}", who, PlainNumber(*f.maximum), PlainNumber(x)));
  }
}

/// "a, b or c".
std::string Alternatives(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i)
    out += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
  return out;
}

void CheckAllowed(const FieldDoc& f, std::string_view value, const std::string& who) {
  if (f.allowed.empty() || std::find(f.allowed.begin(), f.allowed.end(), value) != f.allowed.end()) return;
  if (!f.noun.empty())
    throw InvalidInput(
        fmt::format("{}: unknown {} '{}' ({})", who, f.noun, Shown(value), Alternatives(f.allowed)));
  throw InvalidInput(fmt::format("{} must be {}, got '{}'", who, Alternatives(f.allowed), Shown(value)));
}

void CheckQuery(const FieldDoc& f, const std::string& text) {
  const std::string who = fmt::format("query parameter '{}'", f.name);
  if (f.type == "integer" || f.type == "number") {
    double x = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    const bool whole = f.type == "integer";
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x) ||
        (whole && x != std::floor(x))) {
      if (whole)
        throw InvalidInput(fmt::format("{} must be a whole number ≥ {}, got '{}'", who,
                                       PlainNumber(f.minimum.value_or(0)), Shown(text)));
      throw InvalidInput(fmt::format("{} must be a number, got '{}'", who, Shown(text)));
    }
    CheckRange(f, x, who);
  } else if (f.type == "boolean") {
    if (text != "true" && text != "false")
      throw InvalidInput(fmt::format("{} must be true or false, got '{}'", who, Shown(text)));
  } else {
    CheckAllowed(f, text, who);
  }
}

void CheckField(const FieldDoc& f, const json::value& v) {
  if (v.is_null() || f.checked_by_use_case)
    return;  // whether null may stand for "absent" is the use case's to say
  const std::string who = fmt::format("field '{}'", f.name);
  auto wrong = [&](std::string_view wanted) {
    throw InvalidInput(fmt::format("{} must be {}", who, wanted));
  };
  if (f.type == "integer" || f.type == "number") {
    if (!v.is_number()) wrong(f.type == "integer" ? "a whole number" : "a number");
    const double x = v.to_number<double>();
    if (f.type == "integer" && x != std::floor(x)) wrong("a whole number");
    CheckRange(f, x, who);
  } else if (f.type == "string") {
    if (!v.is_string()) wrong("a text");
    CheckAllowed(f, v.get_string(), who);
  } else if (f.type == "boolean") {
    if (!v.is_bool()) wrong("true or false");
  } else if (f.type == "array") {
    if (!v.is_array()) wrong("a list");
    for (const json::value& item : v.get_array())
      if (item.is_string()) CheckAllowed(f, item.get_string(), who);
  } else if (f.type == "object") {
    if (!v.is_object()) wrong("an object");
  }
}

}  // namespace

void CheckRequest(const Route& route, RequestContext& ctx) {
  for (const auto& [name, value] : ctx.query) {
    const FieldDoc* f = Find(route.doc.query, name);
    if (!f)
      throw InvalidInput(
          fmt::format("unknown query parameter '{}' (allowed: {})", Shown(name), Listed(route.doc.query)));
    CheckQuery(*f, value);
  }
  for (const FieldDoc& f : route.doc.query)
    if (f.required && !f.checked_by_use_case && !ctx.query.contains(f.name))
      throw InvalidInput(fmt::format("query parameter '{}' is required", f.name));
  if (route.doc.body.empty()) return;
  json::object body;
  if (!ctx.request.body.empty()) {
    boost::system::error_code ec;
    json::value v = json::parse(ctx.request.body, ec);
    if (ec) throw InvalidInput(fmt::format("request body is not valid JSON: {}", ec.message()));
    if (!v.is_object()) throw InvalidInput("request body must be a JSON object");
    body = std::move(v.as_object());
    for (const auto& kv : body) {
      const FieldDoc* f = Find(route.doc.body, kv.key());
      if (!f)
        throw InvalidInput(
            fmt::format("unknown field '{}' (allowed: {})", Shown(kv.key()), Listed(route.doc.body)));
      CheckField(*f, kv.value());
    }
  }
  for (const FieldDoc& f : route.doc.body)
    if (f.required && !f.checked_by_use_case && (!body.contains(f.name) || body.at(f.name).is_null()))
      throw InvalidInput(fmt::format("field '{}' is required", f.name));
  if (!ctx.request.body.empty()) ctx.body = std::move(body);
}

}  // namespace chainscope
