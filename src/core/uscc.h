// core: the unified social credit code (统一社会信用代码, GB 32100-2015) that names every registered
// enterprise in China: 18 characters over 0-9 and 21 capital letters (no I, O, S, V, Z), the last a
// check character of the first 17.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chainscope {

/// The check character of the first 17 characters of a code; nullopt when one is outside the alphabet.
std::optional<char> UsccCheckCharacter(std::string_view first17);
/// The code trimmed and upper-cased when it is a valid code (length, alphabet, check character); nullopt
/// otherwise.
std::optional<std::string> NormalizeUscc(std::string_view code);

}  // namespace chainscope
