#include "core/number_text.h"

#include <charconv>
#include <cmath>

namespace chainscope {

std::string PlainNumber(double x) {
  if (x == 0) return "0";
  // The longest fixed form of a double is 1 sign + 309 integral digits or "0." + 323 fractional + 17 digits.
  char buf[360];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  return std::string(buf, end);
}

double RoundToFen(double yuan) {
  const double fen = std::round(yuan * 100);
  return fen == 0 ? 0 : fen / 100;
}

std::string MoneyText(double yuan) {
  return PlainNumber(RoundToFen(yuan));
}

bool IsMoneyField(std::string_view name) {
  return name.ends_with("_yuan");
}

}  // namespace chainscope
