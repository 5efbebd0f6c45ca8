// bench: imports of users' spreadsheets — 100,000 enterprises with Chinese headers as CSV (UTF-8) and as
// an Excel workbook (written here with libxlsxwriter) into the calibrated chain on SQLite: the dry run
// (read, map, plan, validate; nothing written) and the commit (the same, then one transaction writing and
// auditing every row). Each case runs in its own child process, so its peak memory is its own. Prints a
// Markdown table.
//   bench_sheets [--rows 100000] [--keep DIR]
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench_util.h"
#include "core/uscc.h"
#include "dataset/generator.h"
#include "service/database.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;
namespace fs = std::filesystem;

std::string Code(int n) {
  const std::string org = fmt::format("{:08}", 50000000 + n);
  const std::string first17 = "91500116" + org + *OrganisationCodeCheckCharacter(org);
  return first17 + *UsccCheckCharacter(first17);
}

constexpr const char* kPlaces[] = {"重庆市江津区", "四川省成都市", "璧山区", "Yibin", "宜宾市", "永川区"};
constexpr const char* kHeaders[] = {"企业名称", "统一社会信用代码", "所在地", "企业类型", "从业人数", "备注"};

void WriteCsv(const fs::path& file, int rows) {
  std::ofstream out(file, std::ios::binary);
  out << "企业名称,统一社会信用代码,所在地,企业类型,从业人数,备注\n";
  for (int r = 1; r <= rows; ++r)
    out << "重庆测试零部件" << r << "有限公司," << Code(r) << ',' << kPlaces[r % 6] << ",零部件企业,"
        << 50 + r % 900 << ",已核实\n";
}

void WriteXlsx(const fs::path& file, int rows) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "名录");
  for (int c = 0; c < 6; ++c)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), kHeaders[c], nullptr);
  for (int r = 1; r <= rows; ++r) {
    const auto row = static_cast<lxw_row_t>(r);
    worksheet_write_string(sheet, row, 0, fmt::format("重庆测试零部件{}有限公司", r).c_str(), nullptr);
    worksheet_write_string(sheet, row, 1, Code(r).c_str(), nullptr);
    worksheet_write_string(sheet, row, 2, kPlaces[r % 6], nullptr);
    worksheet_write_string(sheet, row, 3, "零部件企业", nullptr);
    worksheet_write_number(sheet, row, 4, 50 + r % 900, nullptr);
    worksheet_write_string(sheet, row, 5, "已核实", nullptr);
  }
  workbook_close(book);
}

std::string FileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One case in a child: a fresh store of the calibrated chain, then the import of `file`.
std::string Case(const fs::path& dir, const fs::path& file, bool dry_run) {
  const fs::path db =
      dir / fmt::format("{}-{}.db", file.extension().string().substr(1), dry_run ? "dry" : "commit");
  fs::remove(db);
  Database database(db.string());
  database.Import(GenerateCalibratedDataset({1, 20231229}));
  const std::string bytes = FileBytes(file);
  const double base_mib = bench::PeakMiB();
  ImportRequest request;
  request.kind = ImportKind::kEnterprises;
  request.file = bytes;
  request.file_name = file.filename().string();
  request.dry_run = dry_run;
  const auto t = Clock::now();
  const ImportAnswer a = database.ImportTable(request);
  const double seconds = Since(t);
  if (a.counts.errors > 0 || a.counts.created != a.rows.size())
    return fmt::format("| {} | failed: {} errors |\n", file.filename().string(), a.counts.errors);
  return fmt::format("| {:>5} | {:>7} | {:>8} | {:>7.1f} | {:>8.2f} | {:>9.0f} | {:>8.0f} | {:>8.0f} |\n",
                     file.extension().string().substr(1), dry_run ? "dry run" : "commit", a.rows.size(),
                     static_cast<double>(fs::file_size(file)) / (1 << 20), seconds, a.rows.size() / seconds,
                     bench::PeakMiB(), base_mib);
}

}  // namespace

int main(int argc, char** argv) {
  int rows = 100'000;
  fs::path keep = fs::temp_directory_path() / "chainscope-bench-sheets";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--rows") rows = std::stoi(argv[i + 1]);
    if (flag == "--keep") keep = argv[i + 1];
  }
  fs::create_directories(keep);
  WriteCsv(keep / "list.csv", rows);
  WriteXlsx(keep / "list.xlsx", rows);
  fmt::print(
      "| file  | run     |     rows | file MiB | seconds |    rows/s | peak MiB | peak before import MiB "
      "|\n");
  fmt::print(
      "|-------|---------|---------:|---------:|--------:|----------:|---------:|----------------------:|\n");
  std::fflush(stdout);
  for (const char* name : {"list.csv", "list.xlsx"})
    for (bool dry_run : {true, false}) {
      fmt::print("{}", bench::Isolated([&] { return Case(keep, keep / name, dry_run); }));
      std::fflush(stdout);
    }
  fs::remove_all(keep);
  return 0;
}
