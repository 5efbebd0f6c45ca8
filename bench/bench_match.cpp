// bench: matchmaking. Prints two Markdown tables:
//  1. top-k query latency (k = 10) over random demands of vehicle makers at dataset scales 1, 10, 100;
//  2. batch allocation of D demands over the supply options of a dataset scaled to ~O options, solved by
//     LEMON NetworkSimplex (prune-and-price), NetworkSimplex on all arcs, CostScaling, and the same LP in
//     COIN-OR CLP; all must reach the same optimum (certificate checked).
//   bench_match [--topk-scales 1,10,100] [--alloc 1000x5000,10000x50000] [--no-clp]
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench_util.h"
#include "dataset/generator.h"
#include "match/allocator.h"
#include "match/matcher.h"
#include "match/transport_lp.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;

std::vector<int> ParseList(const std::string& s) {
  std::vector<int> out;
  for (std::size_t start = 0; start < s.size();) {
    const std::size_t comma = s.find(',', start);
    out.push_back(std::stoi(s.substr(start, comma - start)));
    start = comma == std::string::npos ? s.size() : comma + 1;
  }
  return out;
}

// Random demands: a vehicle maker (or tier-1) and a component it buys, a share of its volume, typical
// filters.
std::vector<DemandSpec> RandomDemands(const Network& net, std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> buyer_links;  // links bought by OEMs and tier-1 makers
  for (std::uint32_t i = 0; i < net.link_count(); ++i) {
    const Role r = net.enterprise(net.link(i).buyer).role;
    if (r == Role::kOem || r == Role::kTier1) buyer_links.push_back(i);
  }
  std::vector<DemandSpec> out;
  for (std::size_t i = 0; i < count; ++i) {
    const NetLink& l = net.link(buyer_links[rng() % buyer_links.size()]);
    DemandSpec d;
    d.id = fmt::format("B{}", i + 1);
    d.buyer = l.buyer;
    d.component = l.component;
    d.quantity = std::max<std::int64_t>(1, l.annual_volume / 2);
    d.start_date = "2027-01-01";
    if (rng() % 10 < 4) d.max_distance_km = 600;
    if (rng() % 10 < 5) d.required_certs = {"IATF 16949"};
    d.prefer_local = rng() % 2 == 0;
    d.max_share = 0.5 + 0.05 * static_cast<double>(rng() % 11);
    out.push_back(std::move(d));
  }
  return out;
}

std::string TopKRow(int scale) {
  const Dataset data = GenerateDataset({scale, 20231229});
  auto net = Network::Build(data);
  auto t = Clock::now();
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  const double book_s = Since(t);
  const Matcher matcher(*net, book);
  const auto demands = RandomDemands(*net, 2000, 7);
  std::vector<double> us;
  std::size_t eligible = 0;
  for (const DemandSpec& d : demands) {
    t = Clock::now();
    const MatchResult r = matcher.TopK(d, 10);
    us.push_back(Since(t) * 1e6);
    eligible += r.eligible;
  }
  std::sort(us.begin(), us.end());
  return fmt::format("| {:>5} | {:>9} | {:>8} | {:>8.3f} | {:>7.0f} | {:>9.1f} | {:>9.1f} | {:>8.0f} |\n",
                     scale, net->enterprise_count(), book.all().size(), book_s,
                     static_cast<double>(eligible) / demands.size(), us[us.size() / 2],
                     us[us.size() * 99 / 100], bench::PeakMiB());
}

std::string AllocationRow(int demand_count, int option_target, bool with_clp) {
  const int scale = std::max(1, static_cast<int>(std::lround(option_target / 2450.0)));
  auto net = Network::Build(GenerateDataset({scale, 20231229}));
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  const auto demands = RandomDemands(*net, static_cast<std::size_t>(demand_count), 11);
  auto t = Clock::now();
  const Allocation pruned = Allocate(*net, book, demands);  // automatic prune-and-price on large problems
  const double pruned_s = Since(t);
  const std::string certificate = CheckTransportCertificate(pruned.problem, pruned.solution);
  const TransportProblem& p = pruned.problem;
  t = Clock::now();
  const TransportSolution full = SolveTransport(p, {TransportAlgorithm::kNetworkSimplex, 0});
  const double full_s = Since(t);
  t = Clock::now();
  const TransportSolution scaling =
      SolveTransport(p, {TransportAlgorithm::kCostScaling, p.arcs.size() > 1'000'000 ? std::size_t{24} : 0});
  const double scaling_s = Since(t);
  double clp_s = 0;
  std::optional<double> clp;
  if (with_clp) {
    t = Clock::now();
    clp = SolveTransportLp(p);
    clp_s = Since(t);
  }
  const bool same = full.cost == pruned.solution.cost && scaling.cost == pruned.solution.cost &&
                    (!with_clp || (clp && std::abs(*clp - static_cast<double>(pruned.solution.cost)) <=
                                              1e-7 * static_cast<double>(pruned.solution.cost)));
  return fmt::format(
      "| {:>6} | {:>7} | {:>9} | {:>14.3f} ({} rnd) | {:>11.3f} | {:>11.3f} | {:>9} | {:>9} | {:>7} | "
      "{:>8.0f} |\n",
      demands.size(), p.supply.size(), p.arcs.size(), pruned_s, pruned.solution.rounds, full_s, scaling_s,
      with_clp ? fmt::format("{:.2f}", clp_s) : "-",
      with_clp ? fmt::format("{:.0f}×", clp_s / pruned_s) : "-", (same && certificate.empty()) ? "yes" : "NO",
      bench::PeakMiB());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 10, 100};
  std::vector<std::pair<int, int>> allocations{{1000, 5000}, {10000, 50000}};
  bool with_clp = true;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--topk-scales" && i + 1 < argc) {
      scales = ParseList(argv[++i]);
    } else if (flag == "--alloc" && i + 1 < argc) {
      allocations.clear();
      for (const std::string& item : {std::string(argv[++i])}) {
        for (std::size_t start = 0; start < item.size();) {
          const std::size_t comma = item.find(',', start);
          const std::string one = item.substr(start, comma - start);
          const std::size_t x = one.find('x');
          allocations.push_back({std::stoi(one.substr(0, x)), std::stoi(one.substr(x + 1))});
          start = comma == std::string::npos ? item.size() : comma + 1;
        }
      }
    } else if (flag == "--no-clp") {
      with_clp = false;
    }
  }
  fmt::print("Top-k (k = 10) over 2,000 random demands\n\n");
  fmt::print("| scale | enterprises | options | book s | eligible | p50 µs | p99 µs | peak MiB |\n");
  fmt::print("|------:|----------:|--------:|-------:|--------:|-------:|-------:|---------:|\n");
  std::fflush(stdout);
  for (int scale : scales) {
    fmt::print("{}", bench::Isolated([&] { return TopKRow(scale); }));
    std::fflush(stdout);
  }
  fmt::print("\nBatch allocation (same instance for every solver; times in seconds)\n\n");
  fmt::print(
      "| demands | options | arcs | allocate s (rounds) | NS all arcs | CostScaling | CLP | CLP ÷ allocate | "
      "same optimum | peak MiB |\n");
  fmt::print(
      "|-------:|-------:|-----:|----------------------:|-----------:|-----------:|----:|--------:|:---------"
      "---:|---------:|\n");
  std::fflush(stdout);
  for (const auto& [demands, options] : allocations) {
    fmt::print("{}", bench::Isolated([&] { return AllocationRow(demands, options, with_clp); }));
    std::fflush(stdout);
  }
  return 0;
}
