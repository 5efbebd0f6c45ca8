#include "io/json_text.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>

#include "core/model.h"

namespace chainscope {
namespace {
namespace json = boost::json;

TEST(JsonText, NumbersInPlainDecimalsAndMoneyToTheFen) {
  const json::value v = json::object{{"count", 3},
                                     {"share", 4783.8},
                                     {"duration_ms", 0.125},
                                     {"value_yuan", 1507010.200000002},
                                     {"monthly_value_yuan", json::array{1.005, 2.0}},
                                     {"logistics_yuan_per_unit", 0.0375},
                                     {"whole", 2.0},
                                     {"big", 1e20}};
  EXPECT_EQ(JsonText(v), R"({"count":3,"share":4783.8,"duration_ms":0.125,"value_yuan":1507010.2,)"
                         R"("monthly_value_yuan":[1,2],"logistics_yuan_per_unit":0.0375,"whole":2,)"
                         R"("big":100000000000000000000})");
  // Exact amounts where the text must read back the same (dataset files, stored job parts).
  EXPECT_EQ(JsonText(json::object{{"value_yuan", 0.125}}, {.money_to_fen = false}),
            R"({"value_yuan":0.125})");
}

TEST(JsonText, ParsesBackToTheSameValue) {
  const json::value v = json::parse(
      R"({"a":[1,-2,3.25,null,true,false,"x"],"b":{"c":"é\"\\\n\u0001","d":[]},"e":{},"f":-1e-9,"g":18446744073709551615})");
  const json::value back = json::parse(JsonText(v));
  EXPECT_EQ(back, v);
  EXPECT_EQ(json::parse(JsonText(v, {.indent = true})), v);
}

TEST(JsonText, EscapesLikeJsonAndRepairsInvalidUtf8) {
  EXPECT_EQ(JsonText(json::value("q\"b\\n\n\t\x01\b 成都")), R"("q\"b\\n\n\t\u0001\u0008 成都")");
  EXPECT_EQ(JsonText(json::value("a\xff"
                                 "b")),
            "\"a\uFFFDb\"");
}

TEST(JsonText, IndentsTwoSpacesALevel) {
  EXPECT_EQ(JsonText(json::object{{"a", json::array{1, 2}}, {"b", json::object{}}}, {.indent = true}),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
}

TEST(JsonText, RefusesNumbersThatAreNotFinite) {
  EXPECT_THROW(JsonText(json::array{1, std::numeric_limits<double>::infinity()}), Error);
  EXPECT_THROW(JsonText(json::object{{"x", std::numeric_limits<double>::quiet_NaN()}}), Error);
}

}  // namespace
}  // namespace chainscope
