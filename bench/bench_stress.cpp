// bench: the all-node stress sweep (TTS and PI of every supplier) on the calibrated dataset at several
// scales — on all cores and on one, LPs per second, peak memory — and, side by side on the same machine, the
// naive method (the whole network's LP, cold, for PI and again for TTS, per node), timed on a sample of
// nodes and extrapolated to all of them, with the largest difference in PI and TTS on that sample.
// Each scale runs in its own process. Prints a Markdown table.
//   bench_stress [--scales 1,3,10] [--naive-sample 40]
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_util.h"
#include "io/generator.h"
#include "resilience/stress.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;

std::string RunScale(int scale, std::size_t naive_sample) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const SupplyNetwork chain(*net);
  StressOptions fast;
  const StressResult all_cores = RunStress(chain, fast);
  StressOptions one = fast;
  one.threads = 1;
  const StressResult one_core = RunStress(chain, one);
  const double peak = bench::PeakMiB();
  std::size_t sites = 0;
  for (const auto& p : chain.producers()) sites += !p.sales.empty();
  // The naive method on an evenly spread sample of the nodes.
  StressOptions naive = fast;
  naive.naive = true;
  const std::size_t sample = std::min(naive_sample, all_cores.nodes.size());
  double naive_s = 0, pi_diff = 0, tts_diff = 0;
  for (std::size_t k = 0; k < sample; ++k) {
    const NodeRisk& reference = all_cores.nodes[k * all_cores.nodes.size() / sample];
    const auto t = Clock::now();
    const NodeRisk slow = AssessNode(chain, reference.node, naive);
    naive_s += Since(t);
    pi_diff = std::max(pi_diff, std::fabs(slow.pi_value_yuan - reference.pi_value_yuan) /
                                    std::max(1.0, reference.pi_value_yuan));
    tts_diff = std::max(tts_diff, std::fabs(slow.tts_days - reference.tts_days));
  }
  const double naive_all_s = naive_s / static_cast<double>(std::max<std::size_t>(1, sample)) *
                             static_cast<double>(all_cores.nodes.size());
  return fmt::format(
      "| {:>5} | {:>6} | {:>7} | {:>7} | {:>8.2f} | {:>8.2f} | {:>9.0f} | {:>8.0f} | {:>10.1f} | {:>6.0f}× | "
      "{:>9.1e} | {:>8.1e} |\n",
      scale, all_cores.nodes.size(), sites, net->link_count(), all_cores.seconds, one_core.seconds,
      static_cast<double>(all_cores.lps_solved) / all_cores.seconds, peak, naive_all_s,
      naive_all_s / all_cores.seconds, pi_diff, tts_diff);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 3, 10};
  std::size_t sample = 40;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scales") scales = bench::ParseScales(argv[i + 1]);
    if (flag == "--naive-sample") sample = static_cast<std::size_t>(std::stoul(argv[i + 1]));
  }
  fmt::print(
      "| scale |  nodes |   sites |   links | sweep s (2 cores) | 1 core s | LPs/s | peak MiB | naive s "
      "(est.) | speed-up | "
      "max PI diff | max TTS diff |\n");
  fmt::print(
      "|------:|-------:|--------:|--------:|------------------:|---------:|------:|---------:|--------------"
      "-:|---------:|"
      "------------:|-------------:|\n");
  std::fflush(stdout);
  for (int scale : scales) {
    fmt::print("{}", bench::Isolated([&] { return RunScale(scale, sample); }));
    std::fflush(stdout);
  }
  return 0;
}
