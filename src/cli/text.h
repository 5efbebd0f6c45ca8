// cli: text helpers for the tables the commands print — thousands separators, money in readable units,
// clipping names without cutting a UTF-8 sequence.
#pragma once

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/model.h"

namespace chainscope::cli {

/// 1234567 → "1,234,567".
inline std::string Thousands(std::int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return v < 0 ? "-" + out : out;
}

/// At most n bytes of s, ending in "…" when cut; never cuts inside a UTF-8 sequence.
inline std::string Clip(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  std::size_t cut = n - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

/// "--weight name=value" → (name, value); InvalidInput when malformed.
inline std::pair<std::string, double> ParseWeight(const std::string& w) {
  const auto eq = w.find('=');
  if (eq == std::string::npos) throw InvalidInput(fmt::format("--weight takes name=value, got '{}'", w));
  double v = 0;
  const std::string text = w.substr(eq + 1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw InvalidInput(fmt::format("--weight {}: '{}' is not a number", w.substr(0, eq), text));
  return {w.substr(0, eq), v};
}

/// Yuan in a readable unit: "1.23 bn", "45.6 M", "7,890".
inline std::string Yuan(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{:.2f} bn", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.1f} M", v / 1e6);
  return Thousands(static_cast<std::int64_t>(std::llround(v)));
}

/// A fraction as a percentage with one decimal: 0.7 → "70.0%".
inline std::string Percent(double fraction) {
  return fmt::format("{:.1f}%", fraction * 100);
}

}  // namespace chainscope::cli
