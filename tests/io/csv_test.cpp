#include <gtest/gtest.h>

#include <random>

#include "io/csv.h"

namespace chainscope {
namespace {

std::vector<std::vector<std::string>> Fields(std::string_view text) {
  auto records = ParseCsv(text);
  EXPECT_TRUE(records.has_value()) << (records ? "" : records.error().reason);
  std::vector<std::vector<std::string>> out;
  if (records)
    for (auto& r : *records) out.push_back(r.fields);
  return out;
}

TEST(Csv, QuotingNewlinesAndLineNumbers) {
  const std::string text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",\n3,,\"\"\n";
  auto records = ParseCsv(text);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ((*records)[1].line, 2u);
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"2", "two\nlines", ""}));
  EXPECT_EQ((*records)[2].line, 4u);
  EXPECT_EQ((*records)[3].line, 6u);  // the quoted newline counts
  EXPECT_EQ((*records)[3].fields, (std::vector<std::string>{"3", "", ""}));
}

TEST(Csv, ByteOrderMarkAndMissingFinalNewline) {
  EXPECT_EQ(Fields("\xEF\xBB\xBFh1,h2\nv1,v2"),
            (std::vector<std::vector<std::string>>{{"h1", "h2"}, {"v1", "v2"}}));
  EXPECT_EQ(Fields("成都,重庆\n"), (std::vector<std::vector<std::string>>{{"成都", "重庆"}}));
}

struct BadCase {
  std::string text;
  std::size_t line, column;
  std::string reason;
};

TEST(Csv, ProblemsAreLocated) {
  const BadCase cases[] = {
      {"a,b\n1,\"open\n", 2, 3, "unterminated quoted field"},
      {"a,b\n1,x\"y\n", 2, 4, "quote inside an unquoted field"},
      {"a,b\n\"q\"z,1\n", 2, 4, "text after a closing quote"},
      {"a,b\n1,\xC3\x28\n", 2, 3, "invalid UTF-8"},     // bad continuation byte
      {"a\n\xC0\xAF\n", 2, 1, "invalid UTF-8"},         // overlong '/'
      {"a\nok,\xED\xA0\x80\n", 2, 4, "invalid UTF-8"},  // UTF-16 surrogate
      {"a\n\xF0\x9F\x98", 2, 1, "invalid UTF-8"},       // truncated 4-byte sequence
      {"a\n\xFF\n", 2, 1, "invalid UTF-8"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.reason);
    auto records = ParseCsv(c.text);
    ASSERT_FALSE(records.has_value());
    EXPECT_EQ(records.error().line, c.line);
    EXPECT_EQ(records.error().column, c.column);
    EXPECT_EQ(records.error().reason, c.reason);
  }
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98\x80 ok"), std::string_view::npos);  // a valid emoji
}

TEST(Csv, WriterOutputParsesBackToTheSameFields) {
  std::mt19937 rng(1);
  const std::string alphabet[] = {"a", "Z", "0", ",", "\"", "\n", "\r\n", " ", ";", "江", "津"};
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::vector<std::string>> rows(1 + rng() % 4);
    const std::size_t width = 1 + rng() % 5;
    for (auto& row : rows) {
      for (std::size_t f = 0; f < width; ++f) {
        std::string field;
        for (std::size_t k = rng() % 6; k > 0; --k) field += alphabet[rng() % std::size(alphabet)];
        row.push_back(field);
      }
    }
    // A record of one empty field is a blank line, which the reader skips by design.
    if (width == 1)
      for (auto& row : rows)
        if (row[0].empty()) row[0].assign(1, 'x');  // assign: GCC 12 warns falsely on = "x" here
    std::string text;
    for (const auto& row : rows) AppendCsvRecord(text, row);
    ASSERT_EQ(Fields(text), rows) << text;
  }
}

}  // namespace
}  // namespace chainscope
