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

std::optional<char> OrganisationCodeCheckCharacter(std::string_view first8) {
  static constexpr std::array<int, 8> kOrgWeights{3, 7, 9, 10, 5, 8, 4, 2};
  if (first8.size() != 8) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const char c = first8[i];
    int value = 0;
    if (c >= '0' && c <= '9')
      value = c - '0';
    else if (c >= 'A' && c <= 'Z')
      value = c - 'A' + 10;
    else
      return std::nullopt;
    sum += value * kOrgWeights[i];
  }
  const int check = 11 - sum % 11;
  return check == 11 ? '0' : check == 10 ? 'X' : static_cast<char>('0' + check);
}

namespace {

/// `code` trimmed and upper-cased.
std::string Cleaned(std::string_view code) {
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front()))) code.remove_prefix(1);
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) code.remove_suffix(1);
  std::string out;
  for (char c : code) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<UsccProblem> CheckUscc(std::string_view code) {
  const std::string c = Cleaned(code);
  if (c.size() != 18) return UsccProblem{"length", 0};
  for (std::size_t i = 0; i < 18; ++i)
    if (kAlphabet.find(c[i]) == std::string_view::npos) return UsccProblem{"character", i + 1};
  if (UsccCheckCharacter(std::string_view(c).substr(0, 17)) != c[17]) return UsccProblem{"check", 18};
  if (OrganisationCodeCheckCharacter(std::string_view(c).substr(8, 8)) != c[16])
    return UsccProblem{"organisation_code", 17};
  return std::nullopt;
}

std::string Describe(const UsccProblem& problem) {
  if (problem.reason == "length") return "it is not 18 characters long";
  if (problem.reason == "character")
    return "character " + std::to_string(problem.position) +
           " is not in the alphabet (0-9 and capital letters but I, O, S, V, Z)";
  if (problem.reason == "check") return "the 18th character is not the check character of the first 17";
  return "the 17th character is not the check character of the organisation code (characters 9-16)";
}

std::optional<std::string> NormalizeUscc(std::string_view code) {
  if (CheckUscc(code)) return std::nullopt;
  return Cleaned(code);
}

}  // namespace chainscope
