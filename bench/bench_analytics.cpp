// bench: every chain analysis on the calibrated dataset at several scales — time (best of --repeat runs) and
// peak memory. Each (scale, analysis) runs in its own child process, so "peak MiB" is that process's high
// water (dataset + snapshot + analysis) and "extra MiB" what the analysis added above the loaded snapshot.
// The critical-supplier analysis is also timed the direct way (one propagation per supplier) on a sample
// of suppliers, extrapolated to all of them, to show what the kill sets save. Prints Markdown tables.
//   bench_analytics [--scales 1,10,100] [--repeat 3] [--only TEXT (analyses whose name has it)]
#include <fmt/format.h>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "analytics/critical_suppliers.h"
#include "analytics/dedupe.h"
#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "bench_util.h"
#include "core/network.h"
#include "dataset/generator.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;

struct Analysis {
  std::string name;
  std::function<std::size_t(const Network&)> run;  // returns a count for the table (rows, suppliers, …)
};

std::vector<Analysis> Analyses() {
  return {
      {"localization by powertrain (vehicle makers)",
       [](const Network& n) {
         LocalizationQuery q;
         q.by = LocalizationKey::kPowertrain;
         return Localize(n, q).size();
       }},
      {"localization by component (every tier, deep)",
       [](const Network& n) {
         LocalizationQuery q;
         q.by = LocalizationKey::kComponent;
         q.scope = BuyerScope::kAllTiers;
         return Localize(n, q).size();
       }},
      {"flows (places and provinces)",
       [](const Network& n) { return ComputeFlows(n, FlowQuery{}).places.size(); }},
      {"critical suppliers (kill sets)", [](const Network& n) { return FindCriticalSuppliers(n).size(); }},
      {"weak links (all five lists)",
       [](const Network& n) { return AnalyzeWeakLinks(n, WeakLinksQuery{}).single_sourced.size(); }},
      {"investment targets (every component × place)",
       [](const Network& n) {
         InvestQuery q;
         q.top = 1000000;
         q.per_component = 0;
         return RankInvestTargets(n, q).size();
       }},
      {"what-if: one attracted maker (EDS-INV, Jiangjin)",
       [](const Network& n) {
         WhatIfSupplier s;
         s.component = "EDS-INV";
         s.place = "500116";
         return RunWhatIf(n, s).plan.moves.size();
       }},
      {"duplicate enterprises (count: candidate pairs)",
       [](const Network& n) { return FindDuplicates(n.data()).candidate_pairs; }},
  };
}

std::string RunOne(int scale, const Analysis& a, int repeat) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const double base = bench::PeakMiB();
  double best = 1e300;
  std::size_t count = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto t = Clock::now();
    count = a.run(*net);
    best = std::min(best, Since(t));
  }
  const double peak = bench::PeakMiB();
  return fmt::format("| {:>5} | {:>9} | {:<48} | {:>9.4f} | {:>9} | {:>8.0f} | {:>9.0f} |\n", scale,
                     net->link_count(), a.name, best, count, peak, peak - base);
}

// Critical suppliers: kill sets over the whole network vs one direct propagation per supplier (sampled).
std::string RunCritical(int scale) {
  const auto net = Network::Build(GenerateDataset({scale, 20231229}));
  auto t = Clock::now();
  const SourcingGraph graph(*net);
  const double build_s = Since(t);
  t = Clock::now();
  const auto critical = graph.CriticalSuppliers();
  const double kill_s = Since(t);
  std::vector<EnterpriseId> suppliers;
  for (std::uint32_t e = 0; e < net->enterprise_count(); ++e)
    if (!net->links_by_supplier(EnterpriseId(e)).empty()) suppliers.push_back(EnterpriseId(e));
  const std::size_t sample = std::min<std::size_t>(suppliers.size(), 300);
  t = Clock::now();
  std::size_t cut = 0;
  for (std::size_t i = 0; i < sample; ++i)
    cut += graph.CutByLoss(suppliers[i * suppliers.size() / sample]).size();
  const double per_supplier_s = Since(t) / static_cast<double>(sample);
  const double nodes =
      static_cast<double>(graph.source_nodes() + graph.production_nodes() + net->link_count());
  return fmt::format(
      "| {:>5} | {:>9} | {:>9} | {:>9} | {:>8.3f} | {:>9.4f} | {:>10.1f} | {:>13.2f} | {:>8.0f}× |\n", scale,
      net->link_count(), suppliers.size(), critical.size(), build_s, kill_s, 1e9 * (build_s + kill_s) / nodes,
      per_supplier_s * static_cast<double>(suppliers.size()),
      per_supplier_s * static_cast<double>(suppliers.size()) / (build_s + kill_s));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 10, 100};
  int repeat = 3;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--only") {
      only = argv[i + 1];
    } else if (flag == "--scales") {
      scales = bench::ParseScales(argv[i + 1]);
    } else if (flag == "--repeat") {
      repeat = std::max(1, std::stoi(argv[i + 1]));
    }
  }
  fmt::print(
      "| scale |     links | analysis                                         |    best s |     count | peak "
      "MiB | extra MiB |\n");
  fmt::print(
      "|------:|----------:|:-------------------------------------------------|----------:|----------:|------"
      "---:|----------:|\n");
  std::fflush(stdout);
  for (int scale : scales)
    for (const Analysis& a : Analyses()) {
      if (a.name.find(only) == std::string::npos) continue;
      fmt::print("{}", bench::Isolated([&] { return RunOne(scale, a, repeat); }));
      std::fflush(stdout);
    }
  if (std::string("critical suppliers").find(only) == std::string::npos) return 0;
  fmt::print(
      "\nCritical suppliers: kill sets vs one direct propagation per supplier (sampled on 300 suppliers, "
      "extrapolated)\n\n");
  fmt::print(
      "| scale |     links | suppliers |  critical | graph s | kill sets s | ns per node | direct, all s | "
      "speed-up |\n");
  fmt::print(
      "|------:|----------:|----------:|----------:|--------:|------------:|------------:|--------------:|---"
      "------:|\n");
  std::fflush(stdout);
  for (int scale : scales) {
    fmt::print("{}", bench::Isolated([&] { return RunCritical(scale); }));
    std::fflush(stdout);
  }
  return 0;
}
