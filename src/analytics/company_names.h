// analytics: company names as the duplicate finder compares them — UTF-8 folded (full-width to
// half-width, case), legal forms and generic words taken out, place words and former names noted, in
// Chinese and in English or pinyin. Inside the analytics module only (dedupe.h is the interface).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/dedupe.h"

namespace chainscope::company_names {

std::u32string Decode(std::string_view s);
std::string Encode(std::u32string_view s);

/// A name, normalised, with what normalisation found in it.
struct Parsed {
  std::string normal;               // "" when nothing is left
  std::string core;                 // without generic words ("长安", "changan"); may equal normal
  bool chinese = false;             // CJK (else an English, pinyin or Latin name)
  std::vector<std::string> former;  // "（原东风小康）", "(formerly Dongfeng Sokon)"
  std::set<Province> places;        // provinces of the place words it named
  std::set<std::string> named;      // the places (below a province) it named
  std::string digits;               // its digit runs, in order, ';'-joined
};
Parsed Parse(std::string_view raw, const std::vector<PlaceWord>& places);

}  // namespace chainscope::company_names
