// bench: the all-node stress sweep (TTS and PI of every supplier) on the calibrated dataset at several
// scales — on all cores and on one, LPs per second, peak memory — and, side by side on the same machine, the
// naive method (the whole network's LP, cold, for PI and again for TTS, per node), timed on a sample of
// nodes and extrapolated to all of them, with the largest difference in PI and TTS on that sample.
// Each scale runs in its own process. Prints Markdown tables.
// The scenario table runs every example scenario (scenarios/*.json) at each scale and bucket length by the
// period method, and compares it with the whole bucketed program up to --whole-up-to (default scale 1).
// The cancel table (--cancel-after) runs each example scenario in daily buckets and cancels it that many
// milliseconds after it starts: the time from the cancel to RunScenario giving up (a job also waits up to one
// lease renewal, 500 ms, before it sees the cancel).
//   bench_stress [--scales 1,3,10] [--naive-sample 40] [--scenario-buckets 7,1 | 0 for none] [--no-sweep]
//                [--whole-up-to 1] [--cancel-after 250,500,1000,2000,4000 (ms) | 0 for none]
//   bench_stress --cost-model [--scales 1] [--scenario-buckets 1,7] [--scenario-file F …]: the scenario cost
//                model (scenario.h) against the measured time, for the example scenarios and the files given
#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "dataset/generator.h"
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

Scenario ReadScenario(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return ScenarioFromJson(boost::json::parse(text.str()), file);
}

/// A scenario at one scale and bucket length, by the period method (what chainscope runs) and, when
/// `whole`, by the whole bucketed program (one LP over every bucket) for comparison.
std::string RunScenarioCase(int scale, const std::string& file, double bucket_days, bool whole) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const SupplyNetwork chain(*net);
  Scenario s = ReadScenario(file);
  s.bucket_days = bucket_days;
  const auto t = Clock::now();
  const ScenarioResult r = RunScenario(chain, s, {});
  const double seconds = Since(t);
  std::string whole_s = "—", whole_lost = "—", diff = "—";
  if (whole) {
    const std::string mps = fmt::format("/tmp/bench-stress-{}.mps", ::getpid());
    const auto tw = Clock::now();
    const ScenarioResult w = RunScenario(chain, s, {}, mps);
    whole_s = fmt::format("{:.2f}", Since(tw));
    std::remove(mps.c_str());
    whole_lost = fmt::format("{:.1f}", w.lost_vehicles);
    double by_bucket = 0;
    for (std::size_t b = 0; b < w.lost_vehicles_by_bucket.size() && b < r.lost_vehicles_by_bucket.size(); ++b)
      by_bucket = std::max(by_bucket, std::fabs(w.lost_vehicles_by_bucket[b] - r.lost_vehicles_by_bucket[b]));
    diff = fmt::format("{:.2g} / {:.2g}", std::fabs(w.lost_vehicles - r.lost_vehicles), by_bucket);
  }
  std::string name = std::filesystem::path(file).stem().string();
  return fmt::format(
      "| {:>5} | {:<24} | {:>4.0f} | {:>7} | {:>10} | {:>9.2f} | {:>8} | {:>10.1f} | {:>10} | {:>15} | "
      "{:>8.0f} |\n",
      scale, name, bucket_days, r.bucket_start_day.size(), r.lp_columns, seconds, whole_s, r.lost_vehicles,
      whole_lost, diff, bench::PeakMiB());
}

/// The scenario cost model against the measured time: the plan (runs, the programs it may solve and their
/// columns, the estimated seconds) before the run, then the programs actually solved and the seconds.
std::string RunCostCase(int scale, const std::string& file, double bucket_days) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const SupplyNetwork chain(*net);
  Scenario s = ReadScenario(file);
  if (bucket_days > 0) s.bucket_days = bucket_days;
  const ScenarioPlan plan = PlanScenario(chain, s, {});
  const auto t = Clock::now();
  const ScenarioResult r = RunScenario(chain, s, {});
  const double seconds = Since(t);
  return fmt::format(
      "| {:>5} | {:<24} | {:>4g} | {:>7} | {:>4} | {:>9} | {:>8} | {:>13} | {:>12} | {:>9.2f} | {:>10.2f} | "
      "{:>5.2f} |\n",
      scale, std::filesystem::path(file).stem().string(), plan.bucket_days, plan.buckets, plan.runs,
      plan.programs_at_most, r.programs, plan.program_columns_at_most, r.program_columns, seconds,
      plan.estimated_seconds, plan.estimated_seconds / std::max(seconds, 1e-3));
}

/// Cancels the scenario (daily buckets) `after_ms` after it starts, for each of `after_ms`: the seconds from
/// the cancel to RunScenario giving up (Cancelled), or "done" when it finished first.
std::string RunCancelCase(int scale, const std::string& file, const std::vector<int>& after_ms) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const SupplyNetwork chain(*net);
  Scenario s = ReadScenario(file);
  s.bucket_days = 1;
  const auto t = Clock::now();
  RunScenario(chain, s, {});
  const double whole_s = Since(t);
  std::string cells;
  double worst = 0;
  for (int ms : after_ms) {
    std::atomic<bool> stop{false};
    Clock::time_point cancelled_at{};
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      cancelled_at = Clock::now();
      stop = true;
    });
    bool finished = true;
    try {
      RunScenario(chain, s, {}, {}, &stop);
    } catch (const Cancelled&) {
      finished = false;
    }
    const auto ended = Clock::now();
    canceller.join();
    if (finished || ended < cancelled_at) {
      cells += fmt::format(" {:>8} |", "done");
      continue;
    }
    const double latency = std::chrono::duration<double>(ended - cancelled_at).count();
    worst = std::max(worst, latency);
    cells += fmt::format(" {:>8.3f} |", latency);
  }
  return fmt::format("| {:>5} | {:<24} | {:>7.2f} |{} {:>7.3f} |\n", scale,
                     std::filesystem::path(file).stem().string(), whole_s, cells, worst);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 3, 10}, buckets{7, 1}, cancel_after{250, 500, 1000, 2000, 4000};
  std::size_t sample = 40;
  bool sweep = true, cost_model = false;
  std::vector<std::string> extra_files;
  int whole_up_to = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--no-sweep") {
      sweep = false;
      continue;
    }
    if (flag == "--cost-model") {
      cost_model = true;
      continue;
    }
    if (i + 1 >= argc) break;
    if (flag == "--scales") scales = bench::ParseScales(argv[i + 1]);
    if (flag == "--naive-sample") sample = static_cast<std::size_t>(std::stoul(argv[i + 1]));
    if (flag == "--scenario-buckets") buckets = bench::ParseScales(argv[i + 1]);
    if (flag == "--whole-up-to") whole_up_to = std::stoi(argv[i + 1]);
    if (flag == "--cancel-after") cancel_after = bench::ParseScales(argv[i + 1]);
    if (flag == "--scenario-file") extra_files.push_back(argv[i + 1]);
    ++i;
  }
  fmt::print(
      "| scale |  nodes | no LP |   links | sweep s (2 cores) | 1 core s |    LPs |  LPs/s | peak MiB | "
      "naive s/node | naive s (est.) | speed-up | max PI diff | max TTS diff |\n");
  fmt::print(
      "|------:|-------:|------:|--------:|------------------:|---------:|-------:|-------:|---------:|"
      "-------------:|---------------:|---------:|------------:|-------------:|\n");
  std::fflush(stdout);
  for (int scale : scales) {
    if (!sweep) break;
    fmt::print("{}", bench::Isolated([&] { return RunScale(scale, sample); }));
    std::fflush(stdout);
  }
  std::erase(buckets, 0);
  std::erase(cancel_after, 0);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(CHAINSCOPE_SCENARIOS))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  if (cost_model) {
    fmt::print(
        "\nScenario cost model (scenario.h: EstimateScenarioSeconds) against the measured time; programs and "
        "columns: at most (planned) and solved\n\n"
        "| scale | scenario                 | days | buckets | runs | programs≤ | programs | columns≤      | "
        "columns      | measured s | estimate s | est ÷ measured |\n"
        "|------:|:-------------------------|-----:|--------:|-----:|----------:|---------:|--------------:|-"
        "------"
        "-------:|----------:|-----------:|------:|\n");
    files.insert(files.end(), extra_files.begin(), extra_files.end());
    for (int scale : scales)
      for (const std::string& file : files)
        for (int b : buckets) {
          fmt::print("{}", bench::Isolated([&] { return RunCostCase(scale, file, b); }));
          std::fflush(stdout);
        }
    return 0;
  }
  if (!cancel_after.empty()) {
    fmt::print(
        "\nCancel: seconds from the cancel to the scenario giving up (daily buckets), cancelled that many ms "
        "after it started\n\n| scale | scenario                 | run s   |");
    std::string rule = "|------:|:-------------------------|--------:|";
    for (int ms : cancel_after) {
      fmt::print(" {:>6} ms |", ms);
      rule += "---------:|";
    }
    fmt::print(" worst s |\n{}--------:|\n", rule);
    for (int scale : scales)
      for (const std::string& file : files) {
        fmt::print("{}", bench::Isolated([&] { return RunCancelCase(scale, file, cancel_after); }));
        std::fflush(stdout);
      }
  }
  if (buckets.empty() || scales.empty()) return 0;
  fmt::print(
      "\nScenarios (scenarios/*.json) by the period method, and by the whole bucketed program (one LP over "
      "every "
      "bucket) at scales up to {}; diff = |lost vehicles| in total / the largest in one bucket\n\n",
      whole_up_to);
  fmt::print(
      "| scale | scenario                 | days | buckets | LP columns | periods s |  whole s | lost veh. | "
      "whole lost "
      "|            diff | peak MiB |\n");
  fmt::print(
      "|------:|:-------------------------|-----:|--------:|-----------:|----------:|---------:|----------:|-"
      "----------"
      ":|----------------:|---------:|\n");
  for (int scale : scales)
    for (const std::string& file : files)
      for (int b : buckets) {
        fmt::print("{}",
                   bench::Isolated([&] { return RunScenarioCase(scale, file, b, scale <= whole_up_to); }));
        std::fflush(stdout);
      }
  return 0;
}
