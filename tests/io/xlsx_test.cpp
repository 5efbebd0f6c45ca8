// Tables of views (io/table.h) and their Excel workbooks (io/xlsx.h): columns from the first item, nested
// objects as "a.b", lists joined, cells keeping their kind; headings with units; the workbook read back
// from its zip (a small reader over zlib) — typed cells, the frozen bold header row, the "about" sheet.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <cstring>
#include <map>
#include <string>

#include "io/table.h"
#include "io/xlsx.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;

std::uint32_t U32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(b.at(at + static_cast<std::size_t>(i)));
  return v;
}
std::uint16_t U16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b.at(at)) |
                                    static_cast<unsigned char>(b.at(at + 1)) << 8);
}

/// The entries of a zip archive by name, inflated (stored or deflate), from its central directory.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  std::map<std::string, std::string> out;
  const std::size_t end = zip.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) return out;
  std::size_t at = U32(zip, end + 16);
  for (int n = U16(zip, end + 10); n > 0; --n) {
    const int method = U16(zip, at + 10);
    const std::uint32_t packed = U32(zip, at + 20), size = U32(zip, at + 24);
    const std::size_t name_len = U16(zip, at + 28), extra = U16(zip, at + 30), comment = U16(zip, at + 32);
    const std::size_t local = U32(zip, at + 42);
    const std::string name = zip.substr(at + 46, name_len);
    const std::size_t data = local + 30 + U16(zip, local + 26) + U16(zip, local + 28);
    std::string content(size, '\0');
    if (method == 0) {
      content = zip.substr(data, size);
    } else {
      z_stream s{};
      inflateInit2(&s, -MAX_WBITS);
      s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      s.avail_in = packed;
      s.next_out = reinterpret_cast<Bytef*>(content.data());
      s.avail_out = size;
      inflate(&s, Z_FINISH);
      inflateEnd(&s);
    }
    out[name] = std::move(content);
    at += 46 + name_len + extra + comment;
  }
  return out;
}

const json::array kItems = json::parse(R"([
  {"supplier": "S1", "name": "长安汽车", "distance_km": 12.5, "quantity": 300, "local": true,
   "place": {"code": "500116", "province": "Chongqing"}, "certs": ["IATF16949", "ISO14001"],
   "lines": [{"id": "L1"}], "unit_price_yuan": 2100.25},
  {"supplier": "S2", "name": "A \"quoted\", name", "distance_km": null, "quantity": 1e17, "local": false,
   "place": {"code": "510100", "province": "Sichuan"}, "certs": [], "lines": [], "unit_price_yuan": 0}
])")
                               .as_array();

TEST(FlatTable, ColumnsFromTheFirstItemCellsKeepTheirKind) {
  const FlatTable t = FlattenItems(kItems);
  EXPECT_EQ(t.columns,
            (std::vector<std::string>{"supplier", "name", "distance_km", "quantity", "local", "place.code",
                                      "place.province", "certs", "unit_price_yuan"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_TRUE(t.rows[0][2].is_double());
  EXPECT_TRUE(t.rows[0][3].is_int64());
  EXPECT_EQ(t.rows[0][7], "IATF16949;ISO14001");
  EXPECT_TRUE(t.rows[1][2].is_null());
  EXPECT_EQ(CellText(t.rows[1][3]), "100000000000000000");  // plain, no exponent
  EXPECT_EQ(CellText(t.rows[0][8]), "2100.25");
  EXPECT_EQ(CellText(t.rows[1][4]), "false");
  EXPECT_EQ(ColumnHeading("unit_price_yuan"), "unit price (yuan)");
  EXPECT_EQ(ColumnHeading("place.distance_km"), "place.distance (km)");
  EXPECT_EQ(ColumnHeading("ttr_days"), "ttr (days)");
  EXPECT_EQ(ColumnHeading("quantity"), "quantity");
}

TEST(Xlsx, TypedCellsFrozenHeaderAndAboutSheet) {
  Dataset d;
  d.meta_json = R"({"name": "mini test dataset", "version": "0.1.0", "source": "tests/data/mini"})";
  const std::string bytes = XlsxBytes(FlattenItems(kItems), AboutTable(d, "weak links: critical suppliers"));
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  const auto files = Unzip(bytes);
  ASSERT_TRUE(files.contains("xl/worksheets/sheet1.xml"));
  ASSERT_TRUE(files.contains("xl/worksheets/sheet2.xml"));
  EXPECT_NE(files.at("xl/workbook.xml").find(R"(name="about")"), std::string::npos);
  const std::string& sheet = files.at("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find(R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>)"),
            std::string::npos);
  // Headings with units, bold (style 1); numbers as numbers, booleans as booleans, texts as texts.
  EXPECT_NE(sheet.find(R"(<c r="C1" s="1" t="inlineStr"><is><t>distance (km)</t></is></c>)"),
            std::string::npos)
      << sheet.substr(0, 3000);
  EXPECT_NE(sheet.find(R"(<c r="I1" s="1" t="inlineStr"><is><t>unit price (yuan)</t></is></c>)"),
            std::string::npos);
  EXPECT_NE(sheet.find(R"(<c r="C2"><v>12.5</v></c>)"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find(R"(<c r="D2"><v>300</v></c>)"), std::string::npos);
  EXPECT_NE(sheet.find(R"(<c r="E2" t="b"><v>1</v></c>)"), std::string::npos);
  EXPECT_NE(sheet.find(R"(<t>长安汽车</t>)"), std::string::npos);
  EXPECT_NE(sheet.find(R"(<t>A "quoted", name</t>)"), std::string::npos);
  EXPECT_EQ(sheet.find(R"(r="C3")"), std::string::npos);  // null: no cell
  const std::string& about = files.at("xl/worksheets/sheet2.xml");
  for (const char* text : {"数据版本 data version", "0.1.0", "mini test dataset", "tests/data/mini",
                           "weak links: critical suppliers", "来源 source"})
    EXPECT_NE(about.find(text), std::string::npos) << text;
}

TEST(Xlsx, AnOverlongTextIsCutAtACharacterAndTooManyRowsAreRefused) {
  json::array items{json::object{{"name", std::string(40000, 'x') + "长"}}};
  items.push_back(json::object{{"name", std::string(32763, 'y') + "长安"}});
  const auto files = Unzip(XlsxBytes(FlattenItems(items), {}));
  const std::string& sheet = files.at("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find(std::string(32764, 'x') + "…</t>"), std::string::npos);
  EXPECT_NE(sheet.find(std::string(32763, 'y') + "…</t>"), std::string::npos);  // not half of 长
  FlatTable huge;
  huge.columns = {"n"};
  huge.rows.resize(kMaxXlsxRows + 1, std::vector<json::value>{json::value(1)});
  EXPECT_THROW(XlsxBytes(huge, {}), InvalidInput);
}

}  // namespace
}  // namespace chainscope
