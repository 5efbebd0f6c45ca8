#include "io/xlsx.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/number_text.h"
#include "io/json_text.h"

namespace chainscope {
namespace json = boost::json;

namespace {

/// Text for a cell: valid UTF-8, within Excel's length (cut at a character boundary).
std::string CellString(std::string_view text) {
  if (text.size() <= kMaxXlsxCellChars) return std::string(text);
  std::size_t end = kMaxXlsxCellChars - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

struct Workbook {
  lxw_workbook* book = nullptr;
  ~Workbook() {
    if (book) workbook_close(book);  // only on an error path: the file is discarded
  }
};

}  // namespace

TableAbout AboutTable(const Dataset& dataset, std::string_view what) {
  json::object meta;
  boost::system::error_code ec;
  if (json::value v = json::parse(dataset.meta_json, ec); !ec && v.is_object()) meta = v.get_object();
  auto field = [&](std::string_view name) -> std::string {
    const json::value* v = meta.if_contains(name);
    if (!v) return "";
    return v->is_string() ? std::string(v->get_string()) : JsonText(*v);
  };
  return {{"表 table", std::string(what)},
          {"数据集 dataset", field("name")},
          {"数据版本 data version", field("version")},
          {"来源 source", field("source").empty() ? field("description") : field("source")},
          {"生成时间 made at (UTC)",
           fmt::format("{:%Y-%m-%d %H:%M:%S}",
                       std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()))},
          {"单位 units",
           "yuan = 元 (CNY); km; days = 天; units = 件/套 a year unless the heading says otherwise"},
          {"工具 made by", "chainscope"}};
}

void WriteXlsx(const std::filesystem::path& file, const FlatTable& table, const TableAbout& about) {
  if (table.rows.size() > kMaxXlsxRows)
    throw InvalidInput(fmt::format("{} rows do not fit one Excel sheet ({} at most); use CSV",
                                   table.rows.size(), kMaxXlsxRows));
  if (table.columns.size() > kMaxXlsxColumns)
    throw InvalidInput(fmt::format("{} columns do not fit one Excel sheet", table.columns.size()));
  Workbook w;
  lxw_workbook_options options{};
  options.constant_memory = 1;  // rows are written in order: memory stays flat for a long table
  std::string tmpdir = file.parent_path().empty() ? "." : file.parent_path().string();
  options.tmpdir = tmpdir.data();
  w.book = workbook_new_opt(file.c_str(), &options);
  if (!w.book) throw Error(fmt::format("cannot create {}", file.string()));
  lxw_worksheet* sheet = workbook_add_worksheet(w.book, "table");
  lxw_worksheet* about_sheet = workbook_add_worksheet(w.book, "about");
  lxw_format* bold = workbook_add_format(w.book);
  format_set_bold(bold);

  worksheet_freeze_panes(sheet, 1, 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    const std::string heading = ColumnHeading(table.columns[c]);
    worksheet_set_column(sheet, col, col, std::clamp<double>(static_cast<double>(heading.size()) + 2, 10, 40),
                         nullptr);
    worksheet_write_string(sheet, 0, col, CellString(heading).c_str(), bold);
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const json::value& v = table.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      if (v.is_string()) {
        if (!v.get_string().empty())
          worksheet_write_string(sheet, row, col, CellString(v.get_string()).c_str(), nullptr);
      } else if (v.is_number()) {
        const double x = v.to_number<double>();
        worksheet_write_number(sheet, row, col, IsMoneyField(table.columns[c]) ? RoundToFen(x) : x, nullptr);
      } else if (v.is_bool()) {
        worksheet_write_boolean(sheet, row, col, v.get_bool(), nullptr);
      }
    }
  }
  worksheet_set_column(about_sheet, 0, 0, 26, nullptr);
  worksheet_set_column(about_sheet, 1, 1, 80, nullptr);
  for (std::size_t r = 0; r < about.size(); ++r) {
    worksheet_write_string(about_sheet, static_cast<lxw_row_t>(r), 0, CellString(about[r].first).c_str(),
                           bold);
    worksheet_write_string(about_sheet, static_cast<lxw_row_t>(r), 1, CellString(about[r].second).c_str(),
                           nullptr);
  }
  lxw_workbook* book = w.book;
  w.book = nullptr;
  if (const lxw_error e = workbook_close(book); e != LXW_NO_ERROR)
    throw Error(fmt::format("cannot write {}: {}", file.string(), lxw_strerror(e)));
}

std::string XlsxBytes(const FlatTable& table, const TableAbout& about) {
  char dir_template[] = "/tmp/chainscope-xlsx.XXXXXX";
  if (!mkdtemp(dir_template)) throw Error("cannot make a temporary folder for a workbook");
  const std::filesystem::path dir(dir_template);
  struct Remove {
    std::filesystem::path dir;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } remove{dir};
  WriteXlsx(dir / "table.xlsx", table, about);
  std::ifstream in(dir / "table.xlsx", std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace chainscope
