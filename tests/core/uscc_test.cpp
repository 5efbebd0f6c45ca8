#include "core/uscc.h"

#include <gtest/gtest.h>

namespace chainscope {
namespace {

TEST(Uscc, TheCheckCharacterOfPublishedCodes) {
  // Codes as printed on business licences (GB 32100-2015 examples and registrations).
  EXPECT_EQ(NormalizeUscc("91350100M000100Y43"), "91350100M000100Y43");
  EXPECT_EQ(NormalizeUscc(" 91350100m000100y43 "), "91350100M000100Y43");  // trimmed, upper-cased
  EXPECT_EQ(UsccCheckCharacter("91350100M000100Y4"), '3');
}

TEST(Uscc, RefusesAWrongCheckCharacterLengthOrAlphabet) {
  EXPECT_FALSE(NormalizeUscc("91350100M000100Y44"));  // check character
  EXPECT_FALSE(NormalizeUscc("91350100M000100Y4"));   // 17 characters
  EXPECT_FALSE(NormalizeUscc("91350100M000100Y433"));
  EXPECT_FALSE(NormalizeUscc("91350100I000100Y43"));  // I is not in the alphabet
  EXPECT_FALSE(NormalizeUscc(""));
  // Every single-character change of a valid code is caught.
  const std::string valid = "91350100M000100Y43";
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (std::size_t i = 0; i < 17; ++i)
    for (char c : alphabet) {
      if (c == valid[i]) continue;
      std::string changed = valid;
      changed[i] = c;
      EXPECT_FALSE(NormalizeUscc(changed)) << changed;
    }
}

}  // namespace
}  // namespace chainscope
