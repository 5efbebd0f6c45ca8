#include "core/number_text.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace chainscope {
namespace {

TEST(PlainNumber, HandCheckedValues) {
  EXPECT_EQ(PlainNumber(4783.8), "4783.8");
  EXPECT_EQ(PlainNumber(1507010.200000002), "1507010.200000002");
  EXPECT_EQ(PlainNumber(0.125), "0.125");
  EXPECT_EQ(PlainNumber(3), "3");
  EXPECT_EQ(PlainNumber(-0.0), "0");
  EXPECT_EQ(PlainNumber(-2.5), "-2.5");
  EXPECT_EQ(PlainNumber(1e20), "100000000000000000000");
  EXPECT_EQ(PlainNumber(1e-7), "0.0000001");
  EXPECT_EQ(PlainNumber(0.1 + 0.2), "0.30000000000000004");
}

// Property: for random doubles over every magnitude, the text has no exponent and parses back to the same
// double (shortest round trip in plain notation).
TEST(PlainNumber, ReadsBackTheSameDoubleWithoutExponent) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-300, 300);
  for (int i = 0; i < 20000; ++i) {
    const double x = std::ldexp(mantissa(rng), exponent(rng));
    const std::string text = PlainNumber(x);
    ASSERT_EQ(text.find_first_of("eE"), std::string::npos) << text;
    double back = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_EQ(ec, std::errc()) << text;
    ASSERT_EQ(end, text.data() + text.size()) << text;
    ASSERT_EQ(back, x == 0 ? 0.0 : x) << text;
  }
}

TEST(Money, RoundsToTheFen) {
  EXPECT_EQ(MoneyText(1507010.200000002), "1507010.2");
  EXPECT_EQ(MoneyText(2300), "2300");
  EXPECT_EQ(MoneyText(0.125), "0.13");  // half away from zero
  EXPECT_EQ(MoneyText(-0.125), "-0.13");
  EXPECT_EQ(MoneyText(-0.001), "0");
  EXPECT_EQ(MoneyText(12345678901.234), "12345678901.23");
  EXPECT_DOUBLE_EQ(RoundToFen(19.999), 20);
}

TEST(Money, FieldsAreNamedInYuan) {
  EXPECT_TRUE(IsMoneyField("value_yuan"));
  EXPECT_TRUE(IsMoneyField("deal.unit_price_yuan"));
  EXPECT_FALSE(IsMoneyField("logistics_yuan_per_unit"));
  EXPECT_FALSE(IsMoneyField("annual_quantity"));
  EXPECT_FALSE(IsMoneyField("yuan"));
}

}  // namespace
}  // namespace chainscope
