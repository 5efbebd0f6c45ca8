#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <map>
#include <random>

#include "core/schema.h"

namespace chainscope {
namespace {

const ColumnSpec& Col(Table t, std::string_view name) {
  for (const ColumnSpec& c : SpecOf(t).columns)
    if (c.name == name) return c;
  throw std::logic_error("no column");
}

struct CellCase {
  Table table;
  std::string_view column;
  std::string_view text;
  std::string_view expect;  // canonical text, or "ERROR: <reason>"
};

TEST(Schema, ParseCellCases) {
  const CellCase cases[] = {
      {Table::kLinks, "annual_volume", "120", "120"},
      {Table::kLinks, "annual_volume", "-5", "ERROR: negative value -5"},
      {Table::kLinks, "annual_volume", "1e3", "ERROR: '1e3' is not a whole number"},
      {Table::kLinks, "annual_volume", "", "ERROR: empty value"},
      {Table::kLinks, "annual_volume", "99999999999999999999",
       "ERROR: '99999999999999999999' is out of range"},
      {Table::kLinks, "unit_price_yuan", "44000.50", "44000.5"},
      {Table::kLinks, "unit_price_yuan", "1e3", "1000"},
      {Table::kLinks, "unit_price_yuan", "abc", "ERROR: 'abc' is not a number"},
      {Table::kLinks, "unit_price_yuan", "nan", "ERROR: not a finite number"},
      {Table::kLinks, "unit_price_yuan", " 5", "ERROR: ' 5' is not a number"},
      {Table::kCapabilities, "quality", "1", "1"},
      {Table::kCapabilities, "quality", "1.01", "ERROR: 1.01 is above the maximum 1"},
      {Table::kPlaces, "lat", "", ""},
      {Table::kPlaces, "lat", "-91", "ERROR: -91 is below the minimum -90"},
      {Table::kPlaces, "province", "Sichuan", "Sichuan"},
      {Table::kPlaces, "province", "sichuan",
       "ERROR: 'sichuan' is not one of Chongqing, Sichuan, OtherChina, Abroad"},
      {Table::kDemands, "prefer_local", "yes", "true"},
      {Table::kDemands, "prefer_local", "0", "false"},
      {Table::kDemands, "prefer_local", "Y", "ERROR: 'Y' is not true or false"},
      {Table::kDemands, "start_date", "2028-02-29", "2028-02-29"},
      {Table::kDemands, "start_date", "2100-02-29", "ERROR: '2100-02-29' is not a date YYYY-MM-DD"},
      {Table::kDemands, "start_date", "2027-13-01", "ERROR: '2027-13-01' is not a date YYYY-MM-DD"},
      {Table::kDemands, "start_date", "2027-1-01", "ERROR: '2027-1-01' is not a date YYYY-MM-DD"},
      {Table::kDemands, "required_certs", "IATF 16949; ISO 14001", "IATF 16949;ISO 14001"},
      {Table::kDemands, "required_certs", "", ""},
      {Table::kDemands, "required_certs", "A;;B", "ERROR: empty item in ';'-separated list"},
      {Table::kEnterprises, "park", "", ""},
  };
  for (const CellCase& c : cases) {
    SCOPED_TRACE(std::string(c.column) + " = '" + std::string(c.text) + "'");
    auto cell = ParseCell(c.text, Col(c.table, c.column));
    if (c.expect.starts_with("ERROR: ")) {
      ASSERT_FALSE(cell.has_value());
      EXPECT_EQ(cell.error(), c.expect.substr(7));
    } else {
      ASSERT_TRUE(cell.has_value()) << cell.error();
      EXPECT_EQ(FormatCell(*cell), c.expect);
    }
  }
}

TEST(Schema, ACreditCodeColumnTakesOnlyValidCodesInCanonicalForm) {
  const TableSpec& spec = SpecOf(Table::kEnterprises);
  const auto column = std::ranges::find(spec.columns, std::string_view("uscc"), &ColumnSpec::name);
  ASSERT_NE(column, spec.columns.end());
  EXPECT_TRUE(column->optional && column->extra);
  // Read from a file: trimmed and upper-cased.
  EXPECT_EQ(std::get<std::string>(*ParseCell(" 91350100m000100y43", *column)), "91350100M000100Y43");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(*ParseCell("", *column)));
  const auto wrong = ParseCell("91350100M000100Y44", *column);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().find("the 18th character is not the check character"), std::string::npos);
  EXPECT_NE(ParseCell("91350100M000100Y4", *column).error().find("not 18 characters"), std::string::npos);
  EXPECT_NE(ParseCell("91350100I000100Y43", *column).error().find("character 9"), std::string::npos);
  // From JSON the code must already be canonical.
  EXPECT_TRUE(CheckCell(Cell{std::string("91350100M000100Y43")}, *column));
  EXPECT_NE(CheckCell(Cell{std::string("91350100m000100y43")}, *column).error().find("capitals"),
            std::string::npos);
  EXPECT_FALSE(CheckCell(Cell{std::string("91350100M000100Y44")}, *column));
}

TEST(Schema, NumbersRoundTripThroughTheirCanonicalText) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(0, 1);
  std::uniform_int_distribution<int> exponent(-8, 12);
  ColumnSpec price = Col(Table::kLinks, "unit_price_yuan");
  price.min = 0;  // the text's round trip over a wider range than a price may take
  price.max = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 20000; ++i) {
    const double v = mantissa(rng) * std::pow(10.0, exponent(rng));
    auto parsed = ParseCell(FormatCell(Cell{v}), price);
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(std::get<double>(*parsed), v) << FormatCell(Cell{v});
  }
}

TEST(Schema, EveryReferenceNamesAnEarlierTableWithASingleKey) {
  for (const TableSpec& spec : TableSpecs()) {
    EXPECT_FALSE(spec.key.empty()) << spec.name;
    for (const ColumnSpec& c : spec.columns) {
      if (!c.is_reference) continue;
      EXPECT_LT(static_cast<int>(c.references), static_cast<int>(spec.table)) << spec.name << "." << c.name;
      EXPECT_EQ(SpecOf(c.references).key.size(), 1u) << spec.name << "." << c.name;
    }
  }
}

TEST(Schema, DesignColumnsArePresent) {
  // DESIGN §6: these columns at least, in every file.
  const std::map<std::string_view, std::vector<std::string_view>> design = {
      {"places", {"code", "name", "name_zh", "province", "lat", "lon"}},
      {"parks", {"id", "name", "place"}},
      {"components",
       {"code", "name", "name_zh", "assembly", "direction", "powertrain", "unit", "unit_price_yuan"}},
      {"component_inputs", {"component", "input_component", "qty_per_unit"}},
      {"enterprises", {"id", "name", "name_zh", "role", "place", "park", "certifications", "ttr_days"}},
      {"vehicle_lines", {"id", "oem", "place", "powertrain", "annual_volume", "unit_price_yuan"}},
      {"bom", {"vehicle_line", "component", "qty_per_vehicle"}},
      {"capabilities",
       {"supplier", "component", "annual_capacity", "committed", "unit_price_yuan", "lead_time_days",
        "quality", "inventory_days"}},
      {"links",
       {"buyer", "supplier", "component", "annual_volume", "unit_price_yuan", "buyer_inventory_days"}},
      {"demands",
       {"id", "buyer", "component", "annual_quantity", "start_date", "max_distance_km", "required_certs",
        "prefer_local", "max_share"}},
      {"offers", {"id", "supplier", "component", "annual_capacity", "unit_price_yuan", "valid_until"}},
      {"distribution", {"dealer", "oem", "annual_volume"}},
  };
  ASSERT_EQ(TableSpecs().size(), design.size());
  for (const TableSpec& spec : TableSpecs()) {
    const auto& want = design.at(spec.name);
    for (std::string_view col : want) {
      bool found = false;
      for (const ColumnSpec& c : spec.columns) found |= c.name == col && c.default_text.empty();
      EXPECT_TRUE(found) << spec.name << "." << col;
    }
  }
}

}  // namespace
}  // namespace chainscope
