// core: the unified social credit code (统一社会信用代码, GB 32100-2015) that names every registered
// enterprise in China: 18 characters over 0-9 and 21 capital letters (no I, O, S, V, Z), the last a
// check character of the first 17; characters 9–17 are the organisation code (GB 11714-1997), whose last
// character is its own check of the eight before it (weights 3 7 9 10 5 8 4 2, modulus 11, 10 → X).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chainscope {

/// The check character of the first 17 characters of a code; nullopt when one is outside the alphabet.
std::optional<char> UsccCheckCharacter(std::string_view first17);
/// Why a code (trimmed, upper-cased) is not valid: `reason` is "length" (not 18 characters), "character"
/// (outside the alphabet), "check" (the 18th character is not the check of the first 17) or
/// "organisation_code" (the 17th is not the organisation code's check); `position` counts from 1 (0 for
/// "length"). Checked in that order.
struct UsccProblem {
  std::string reason;
  std::size_t position = 0;
};
std::optional<UsccProblem> CheckUscc(std::string_view code);
/// The problem in English: "it is not 18 characters long", "character 9 is not in the alphabet …", ….
std::string Describe(const UsccProblem& problem);
/// The code trimmed and upper-cased when CheckUscc finds no problem; nullopt otherwise.
std::optional<std::string> NormalizeUscc(std::string_view code);
/// GB 11714's check character of an organisation code's first eight characters (0-9, A-Z); nullopt when
/// one is outside them.
std::optional<char> OrganisationCodeCheckCharacter(std::string_view first8);

}  // namespace chainscope
