// Users' spreadsheets: workbooks written by libxlsxwriter (shared and inline strings, numbers, dates,
// booleans, gaps), CSV in each accepted encoding, and every bound — a zip bomb made here with libzip.
#include "io/sheet.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>
#include <cstring>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/model.h"
#include "io/xlsx.h"
#include "test_util.h"

namespace chainscope::testing {
/// Runs `f`, which must throw InvalidInput whose text holds `part`.
template <class F>
void ExpectInvalid(F f, std::string_view part) {
  try {
    f();
    ADD_FAILURE() << "no InvalidInput; expected one saying " << part;
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string_view(e.what()).find(part), std::string_view::npos) << e.what();
  }
}
}  // namespace chainscope::testing

namespace chainscope {
namespace {

namespace fs = std::filesystem;

std::string FileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A workbook of two sheets written by libxlsxwriter; `constant_memory` writes inline strings.
std::string Workbook(bool constant_memory) {
  const fs::path file = fs::temp_directory_path() / fmt::format("sheet_test_{}_{}.xlsx", ::getpid(),
                                                                constant_memory ? "inline" : "shared");
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "供应商名录");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  const char* headers[] = {"企业名称", "统一社会信用代码", "所在地", "年产能",
                           "单价(元)", "投产日期",         "本地"};
  for (int c = 0; c < 7; ++c)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), headers[c], nullptr);
  worksheet_write_string(sheet, 1, 0, "重庆长安汽车股份有限公司", nullptr);
  worksheet_write_string(sheet, 1, 1, "9150011620230001X6", nullptr);
  worksheet_write_string(sheet, 1, 2, "重庆市江津区", nullptr);
  worksheet_write_number(sheet, 1, 3, 120000, nullptr);
  worksheet_write_number(sheet, 1, 4, 1234.5, nullptr);
  lxw_datetime when{2027, 1, 1, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 5, &when, date);
  worksheet_write_boolean(sheet, 1, 6, 1, nullptr);
  // Row 3 left blank; row 4 has a gap in column C and a long text.
  worksheet_write_string(sheet, 3, 0, "Chengdu Gear Works", nullptr);
  worksheet_write_number(sheet, 3, 3, 0.85, nullptr);
  worksheet_write_string(sheet, 3, 6, std::string(5000, 'x').c_str(), nullptr);
  lxw_worksheet* other = workbook_add_worksheet(book, "说明");
  worksheet_write_string(other, 0, 0, "not read", nullptr);
  EXPECT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::string bytes = FileBytes(file);
  fs::remove(file);
  return bytes;
}

TEST(Sheet, ReadsTheFirstWorksheetOfAWorkbookWithSharedOrInlineStrings) {
  for (bool constant_memory : {false, true}) {
    SCOPED_TRACE(constant_memory ? "inline strings" : "shared strings");
    const Sheet sheet = ReadSheet(Workbook(constant_memory));
    EXPECT_EQ(sheet.format, "xlsx");
    EXPECT_EQ(sheet.name, "供应商名录");
    ASSERT_EQ(sheet.rows.size(), 3u);  // the blank row is skipped
    EXPECT_EQ(sheet.rows[0].line, 1u);
    EXPECT_EQ(sheet.rows[0].cells, (std::vector<std::string>{"企业名称", "统一社会信用代码", "所在地",
                                                             "年产能", "单价(元)", "投产日期", "本地"}));
    EXPECT_EQ(sheet.rows[1].cells[0], "重庆长安汽车股份有限公司");
    EXPECT_EQ(sheet.rows[1].cells[3], "120000");
    EXPECT_EQ(sheet.rows[1].cells[4], "1234.5");
    EXPECT_EQ(ExcelSerialDate(sheet.rows[1].cells[5]), "2027-01-01");
    EXPECT_EQ(sheet.rows[1].cells[6], "true");
    EXPECT_EQ(sheet.rows[2].line, 4u);  // Excel's row number, for messages
    ASSERT_EQ(sheet.rows[2].cells.size(), 7u);
    EXPECT_EQ(sheet.rows[2].cells[2], "");  // the gap keeps the columns in place
    EXPECT_EQ(sheet.rows[2].cells[3], "0.85");
    EXPECT_EQ(sheet.rows[2].cells[6].size(), 5000u);
  }
}

TEST(Sheet, ReadsBackWhatTheExporterWrites) {
  FlatTable table;
  table.columns = {"name", "value_yuan"};
  table.rows = {{boost::json::string("长安"), 12.5}, {boost::json::string("赛力斯"), std::int64_t{7}}};
  const Sheet sheet = ReadSheet(XlsxBytes(table, {}));
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(sheet.rows[1].cells, (std::vector<std::string>{"长安", "12.5"}));
  EXPECT_EQ(sheet.rows[2].cells, (std::vector<std::string>{"赛力斯", "7"}));
}

TEST(Sheet, ReadsCsvInUtf8WithOrWithoutAByteOrderMarkAndInGb18030) {
  const std::string text =
      "企业名称,所在地,年产能\n重庆长安汽车股份有限公司,江津区,120000\n\n\"成都，齿轮\",Chengdu,5\n";
  for (const auto& [bytes, encoding] : std::vector<std::pair<std::string, std::string>>{
           {text, "utf-8"}, {"\xEF\xBB\xBF" + text, "utf-8-bom"}, {testing::Gb18030(text), "gb18030"}}) {
    SCOPED_TRACE(encoding);
    const Sheet sheet = ReadSheet(bytes);
    EXPECT_EQ(sheet.format, "csv");
    EXPECT_EQ(sheet.encoding, encoding);
    ASSERT_EQ(sheet.rows.size(), 3u);
    EXPECT_EQ(sheet.rows[0].cells[0], "企业名称");
    EXPECT_EQ(sheet.rows[1].cells[2], "120000");
    EXPECT_EQ(sheet.rows[2].line, 4u);
    EXPECT_EQ(sheet.rows[2].cells[0], "成都，齿轮");
  }
  EXPECT_NE(testing::Gb18030(text), text);  // the GB18030 case is not UTF-8 in disguise
  testing::ExpectInvalid([] { ReadSheet("name\n\xFF\xFF\xFF\n"); }, "neither UTF-8 nor GB18030");
  testing::ExpectInvalid([] { ReadSheet("\xEF\xBB\xBFname\n\xFF\n"); }, "begins as UTF-8");
  testing::ExpectInvalid([] { ReadSheet("a,b\n\"open\n"); }, "line 2");
}

TEST(Sheet, RefusesRowsColumnsAndCellsBeyondItsBounds) {
  SheetLimits limits;
  limits.max_rows = 2;
  testing::ExpectInvalid([&] { ReadSheet(Workbook(false), limits); }, "more than 2 rows");
  testing::ExpectInvalid([&] { ReadSheet("a\nb\nc\n", limits); }, "more than 2 rows");
  limits = {};
  limits.max_columns = 5;
  testing::ExpectInvalid([&] { ReadSheet(Workbook(true), limits); }, "beyond the 5 columns allowed");
  testing::ExpectInvalid([&] { ReadSheet("a,b,c,d,e,f\n", limits); }, "more than the 5 allowed");
  limits = {};
  limits.max_cell_chars = 4000;
  for (bool constant_memory : {false, true})
    testing::ExpectInvalid([&] { ReadSheet(Workbook(constant_memory), limits); },
                           "more than 4000 characters");
  limits = {};
  limits.max_zip_entries = 3;
  testing::ExpectInvalid([&] { ReadSheet(Workbook(false), limits); }, "more than the 3 allowed");
}

/// A zip made with libzip: `parts` (name → content), and optionally a part of `bomb_bytes` of XML
/// whitespace streamed through deflate (never held in memory).
std::string Zip(const std::vector<std::pair<std::string, std::string>>& parts, std::uint64_t bomb_bytes = 0) {
  const fs::path file = fs::temp_directory_path() / fmt::format("sheet_test_{}.zip", ::getpid());
  int error = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
  }
  struct Stream {
    std::uint64_t left = 0;
  } stream{bomb_bytes};
  if (bomb_bytes > 0) {
    zip_source_t* s = zip_source_function(
        z,
        [](void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) -> zip_int64_t {
          auto& st = *static_cast<Stream*>(state);
          switch (command) {
            case ZIP_SOURCE_OPEN:
            case ZIP_SOURCE_CLOSE:
            case ZIP_SOURCE_FREE:
              return 0;
            case ZIP_SOURCE_READ: {
              const std::uint64_t n = std::min<std::uint64_t>(length, st.left);
              std::memset(data, ' ', n);
              st.left -= n;
              return static_cast<zip_int64_t>(n);
            }
            case ZIP_SOURCE_STAT: {
              zip_stat_init(static_cast<zip_stat_t*>(data));
              return sizeof(zip_stat_t);
            }
            case ZIP_SOURCE_SUPPORTS:
              return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                    ZIP_SOURCE_STAT, ZIP_SOURCE_FREE, ZIP_SOURCE_ERROR, -1);
            default:
              return -1;
          }
        },
        &stream);
    const zip_int64_t index = zip_file_add(z, "xl/worksheets/sheet1.xml", s, 0);
    EXPECT_GE(index, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::string bytes = FileBytes(file);
  fs::remove(file);
  return bytes;
}

const std::string kWorkbookXml =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" )"
    R"(sheetId="1"/></sheets></workbook>)";

TEST(Sheet, RefusesAZipBombBeforeInflatingIt) {
  // 300 MiB of whitespace inflate from about 300 KiB: refused at the default 256 MiB of inflated parts.
  const std::string bomb = Zip({{"xl/workbook.xml", kWorkbookXml}}, 300ull << 20);
  EXPECT_LT(bomb.size(), 1u << 20);
  testing::ExpectInvalid([&] { ReadSheet(bomb); }, "inflates to more than 256 MiB");
}

TEST(Sheet, RefusesWhatIsNotAWorkbookWithAReason) {
  testing::ExpectInvalid([] { ReadSheet(std::string("PK\x03\x04 not really a zip", 22)); },
                         "not a readable Excel workbook");
  testing::ExpectInvalid([] { ReadSheet(Zip({{"hello.txt", "hi"}})); }, "no part xl/workbook.xml");
  testing::ExpectInvalid([] { ReadSheet(Zip({{"xl/workbook.xml", kWorkbookXml}})); }, "no worksheet");
  testing::ExpectInvalid(
      [] {
        ReadSheet(Zip({{"xl/workbook.xml", kWorkbookXml}, {"xl/worksheets/sheet1.xml", "<worksheet><row>"}}));
      },
      "not well-formed XML");
  testing::ExpectInvalid(
      [] {
        ReadSheet(Zip({{"xl/workbook.xml", kWorkbookXml},
                       {"xl/worksheets/sheet1.xml",
                        R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData>)"
                        R"(</worksheet>)"}}));
      },
      "shared string 7");
  // Entity expansion (a "billion laughs") is stopped by expat itself.
  std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">)";
  for (int i = 1; i < 10; ++i)
    laughs += fmt::format(R"(<!ENTITY {0} "&{1};&{1};&{1};&{1};&{1};&{1};&{1};&{1};&{1};&{1};">)",
                          std::string(1, static_cast<char>('a' + i)),
                          std::string(1, static_cast<char>('a' + i - 1)));
  laughs += R"(]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>)"
            R"(</sheetData></worksheet>)";
  EXPECT_THROW(ReadSheet(Zip({{"xl/workbook.xml", kWorkbookXml}, {"xl/worksheets/sheet1.xml", laughs}})),
               InvalidInput);
}

TEST(Sheet, ExcelSerialDates) {
  EXPECT_EQ(ExcelSerialDate("45658"), "2025-01-01");
  EXPECT_EQ(ExcelSerialDate("46388.5"), "2027-01-01");
  EXPECT_EQ(ExcelSerialDate("61"), "1900-03-01");
  EXPECT_EQ(ExcelSerialDate("2958465"), "9999-12-31");
  EXPECT_EQ(ExcelSerialDate("2958466"), "");
  EXPECT_EQ(ExcelSerialDate("2027-01-01"), "");
  EXPECT_EQ(ExcelSerialDate("-3"), "");
}

}  // namespace
}  // namespace chainscope
