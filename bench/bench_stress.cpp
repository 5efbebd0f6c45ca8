// bench: the all-node stress sweep (TTS and PI of every supplier) on the calibrated dataset at several
// scales — on all cores and on one, LPs per second, peak memory — and, side by side on the same machine, the
// naive method (the whole network's LP, cold, for PI and again for TTS, per node), timed on a sample of
// nodes and extrapolated to all of them, with the largest difference in PI and TTS on that sample.
// Each scale runs in its own process. A second table runs the Sichuan power-rationing scenario at the first
// scale with weekly and daily buckets: program size, solve time, vehicles lost. Prints Markdown tables.
//   bench_stress [--scales 1,3,10] [--naive-sample 40] [--scenario-buckets 7,1 | 0 for none]
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_util.h"
#include "io/generator.h"
#include "resilience/scenario.h"
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
  // The naive method on an evenly spread sample of the nodes.
  StressOptions naive = fast;
  naive.naive = true;
  const std::size_t sample = std::max<std::size_t>(1, std::min(naive_sample, all_cores.nodes.size()));
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
  const double naive_per_node_s = naive_s / static_cast<double>(sample);
  const double naive_all_s = naive_per_node_s * static_cast<double>(all_cores.nodes.size());
  return fmt::format(
      "| {:>5} | {:>6} | {:>5} | {:>7} | {:>8.2f} | {:>8.2f} | {:>6} | {:>6.0f} | {:>8.0f} | {:>9.3f} | "
      "{:>11.1f} | "
      "{:>7.0f}× | {:>9.1e} | {:>8.1e} |\n",
      scale, all_cores.nodes.size(), all_cores.skipped, net->link_count(), all_cores.seconds,
      one_core.seconds, all_cores.lps_solved, static_cast<double>(all_cores.lps_solved) / all_cores.seconds,
      peak, naive_per_node_s, naive_all_s, naive_all_s / all_cores.seconds, pi_diff, tts_diff);
}

/// The Sichuan power-rationing scenario (half of every Sichuan site and plant, days 7–21, over 60 days) at
/// one bucket length.
std::string RunScenarioCase(int scale, double bucket_days) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const SupplyNetwork chain(*net);
  Scenario s;
  s.name = "Sichuan power rationing";
  s.horizon_days = 60;
  s.bucket_days = bucket_days;
  s.disruptions.push_back({ScenarioDisruption::Kind::kProvince, "Sichuan", 7, 14, 0.5, true});
  const auto t = Clock::now();
  const ScenarioResult r = RunScenario(chain, s, {});
  const double seconds = Since(t);
  return fmt::format("| {:>5} | {:>11.0f} | {:>7} | {:>10} | {:>7.2f} | {:>13.0f} | {:>8.0f} |\n", scale,
                     bucket_days, r.bucket_start_day.size(), r.lp_columns, seconds, r.lost_vehicles,
                     bench::PeakMiB());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 3, 10}, buckets{7, 1};
  std::size_t sample = 40;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scales") scales = bench::ParseScales(argv[i + 1]);
    if (flag == "--naive-sample") sample = static_cast<std::size_t>(std::stoul(argv[i + 1]));
    if (flag == "--scenario-buckets") buckets = bench::ParseScales(argv[i + 1]);
  }
  fmt::print(
      "| scale |  nodes | no LP |   links | sweep s (2 cores) | 1 core s |    LPs |  LPs/s | peak MiB | "
      "naive s/node | naive s (est.) | speed-up | max PI diff | max TTS diff |\n");
  fmt::print(
      "|------:|-------:|------:|--------:|------------------:|---------:|-------:|-------:|---------:|"
      "-------------:|---------------:|---------:|------------:|-------------:|\n");
  std::fflush(stdout);
  for (int scale : scales) {
    fmt::print("{}", bench::Isolated([&] { return RunScale(scale, sample); }));
    std::fflush(stdout);
  }
  std::erase(buckets, 0);
  if (buckets.empty() || scales.empty()) return 0;
  fmt::print(
      "\nScenario: Sichuan power rationing (half of every Sichuan site and plant, days 7–21, 60 days)\n\n");
  fmt::print("| scale | bucket days | buckets | LP columns | solve s | lost vehicles | peak MiB |\n");
  fmt::print("|------:|------------:|--------:|-----------:|--------:|--------------:|---------:|\n");
  for (int b : buckets) {
    fmt::print("{}", bench::Isolated([&] { return RunScenarioCase(scales.front(), b); }));
    std::fflush(stdout);
  }
  return 0;
}
