// bench: import of the calibrated dataset at several scales — generate, write CSV, read + validate,
// SQLite import, load back, snapshot build — as rows/s and peak memory. Each scale runs in its own child
// process so that its peak RSS is its own. Prints a Markdown table.
//   bench_import [--scales 1,10] [--keep DIR]
#include <fmt/format.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_util.h"
#include "core/network.h"
#include "core/schema.h"
#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "store/store.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;

std::size_t Rows(const Dataset& d) {
  std::size_t n = 0;
  for (const TableSpec& s : TableSpecs()) n += RowCount(d, s.table);
  return n;
}

std::string RunScale(int scale, const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  auto t = Clock::now();
  const Dataset generated = GenerateDataset({scale, 20231229});
  const double gen_s = Since(t);
  const std::size_t rows = Rows(generated);
  t = Clock::now();
  WriteDatasetCsv(generated, dir / "csv");
  const double write_s = Since(t);
  t = Clock::now();
  const Dataset read = ReadDataset(dir / "csv");
  const double read_s = Since(t);
  auto store = OpenStore((dir / "bench.db").string());
  t = Clock::now();
  store->ReplaceDataset(read);
  const double import_s = Since(t);
  t = Clock::now();
  Dataset loaded = store->LoadDataset();
  const double load_s = Since(t);
  t = Clock::now();
  auto net = Network::Build(std::move(loaded));
  const double snapshot_s = Since(t);
  return fmt::format(
      "| {:>5} | {:>9} | {:>8} | {:>7.2f} | {:>7.2f} | {:>13.0f} | {:>13.0f} | {:>11.0f} | {:>10.3f} | "
      "{:>8.0f} |\n",
      scale, rows, net->link_count(), gen_s, write_s, rows / read_s, rows / import_s, rows / load_s,
      snapshot_s, bench::PeakMiB());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 10};
  std::filesystem::path keep = std::filesystem::temp_directory_path() / "chainscope-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scales") {
      scales = bench::ParseScales(argv[i + 1]);
    } else if (flag == "--keep") {
      keep = argv[i + 1];
    }
  }
  fmt::print(
      "| scale |      rows |    links |  gen s | write s | read+validate rows/s | SQLite import rows/s | "
      "load rows/s | snapshot s | peak MiB |\n");
  fmt::print(
      "|------:|----------:|---------:|-------:|--------:|--------------------:|--------------------:|-------"
      "----:|-----------:|---------:|\n");
  std::fflush(stdout);
  for (int scale : scales) {
    fmt::print("{}",
               bench::Isolated([&] { return RunScale(scale, keep / ("scale" + std::to_string(scale))); }));
    std::fflush(stdout);
  }
  std::filesystem::remove_all(keep);
  return 0;
}
