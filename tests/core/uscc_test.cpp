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

TEST(Uscc, TheOrganisationCodeInsideIsCheckedToo) {
  // 91350100M000100Y43: organisation code M000100Y4, whose check of M000100Y is 4 (Σ = 139, 11 − 139 mod 11).
  EXPECT_EQ(OrganisationCodeCheckCharacter("M000100Y"), '4');
  EXPECT_EQ(OrganisationCodeCheckCharacter("00000000"), '0');  // 11 − 0 = 11 → 0
  EXPECT_FALSE(CheckUscc("91350100M000100Y43"));
  // The 17th character changed and the 18th recomputed: GB 32100's check holds, GB 11714's does not.
  std::string code = "91350100M000100Y43";
  code[16] = '5';
  code[17] = *UsccCheckCharacter(std::string_view(code).substr(0, 17));
  const auto problem = CheckUscc(code);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->reason, "organisation_code");
  EXPECT_EQ(problem->position, 17u);
  EXPECT_FALSE(NormalizeUscc(code));
  // Each reason, in order, with its position.
  EXPECT_EQ(CheckUscc("91350100M000100Y4")->reason, "length");
  EXPECT_EQ(CheckUscc("91350100I000100Y43")->reason, "character");
  EXPECT_EQ(CheckUscc("91350100I000100Y43")->position, 9u);
  EXPECT_EQ(CheckUscc("91350100M000100Y44")->reason, "check");
  EXPECT_EQ(CheckUscc("91350100M000100Y44")->position, 18u);
  EXPECT_EQ(Describe(*CheckUscc("91350100I000100Y43")),
            "character 9 is not in the alphabet (0-9 and capital letters but I, O, S, V, Z)");
}

}  // namespace
}  // namespace chainscope
