#include "core/uscc.h"

#include <array>
#include <cctype>

namespace chainscope {
namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 characters, value = index
constexpr std::array<int, 17> kWeights{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
}  // namespace

std::optional<char> UsccCheckCharacter(std::string_view first17) {
  if (first17.size() != 17) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const std::size_t value = kAlphabet.find(first17[i]);
    if (value == std::string_view::npos) return std::nullopt;
    sum += static_cast<int>(value) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kAlphabet[static_cast<std::size_t>(check)];
}

std::optional<std::string> NormalizeUscc(std::string_view code) {
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front()))) code.remove_prefix(1);
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) code.remove_suffix(1);
  if (code.size() != 18) return std::nullopt;
  std::string out;
  for (char c : code) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::optional<char> check = UsccCheckCharacter(std::string_view(out).substr(0, 17));
  if (!check || *check != out[17]) return std::nullopt;
  return out;
}

}  // namespace chainscope
