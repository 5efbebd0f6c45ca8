// bench: import of the calibrated dataset at several scales — generate, write CSV, read + validate,
// SQLite import, load back, snapshot build — as rows/s and peak memory. Each scale runs in its own child
// process so that its peak RSS is its own. Prints a Markdown table.
//   bench_import [--scales 1,10] [--keep DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/network.h"
#include "core/schema.h"
#include "io/dataset_io.h"
#include "io/generator.h"
#include "store/store.h"

namespace {
using namespace chainscope;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

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
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return fmt::format(
      "| {:>5} | {:>9} | {:>8} | {:>7.2f} | {:>7.2f} | {:>13.0f} | {:>13.0f} | {:>11.0f} | {:>10.3f} | "
      "{:>8.0f} |\n",
      scale, rows, net->link_count(), gen_s, write_s, rows / read_s, rows / import_s, rows / load_s,
      snapshot_s, usage.ru_maxrss / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 10};
  std::filesystem::path keep = std::filesystem::temp_directory_path() / "chainscope-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scales") {
      scales.clear();
      for (std::string s = argv[i + 1]; !s.empty();) {
        const auto comma = s.find(',');
        scales.push_back(std::stoi(s.substr(0, comma)));
        s = comma == std::string::npos ? "" : s.substr(comma + 1);
      }
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
    int fds[2];
    if (pipe(fds) != 0) return 1;
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      std::string line;
      try {
        line = RunScale(scale, keep / ("scale" + std::to_string(scale)));
      } catch (const std::exception& e) {
        line = fmt::format("| {:>5} | failed: {} |\n", scale, e.what());
      }
      (void)!write(fds[1], line.data(), line.size());
      _exit(0);
    }
    close(fds[1]);
    char buf[4096];
    std::string line;
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) line.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    fmt::print("{}", line);
    std::fflush(stdout);
  }
  std::filesystem::remove_all(keep);
  return 0;
}
