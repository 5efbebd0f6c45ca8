// bench: planning at scale — site selection (the facility-location MIP over every place and demonstration
// park, with the ranking, its sensitivity and the before/after what-if, as one API request runs it) for one
// maker of every component, and the 21-point localization frontier (each point a warm-started LP), on the
// calibrated chain at each scale with the demonstration policies' incentives. Each scale runs in its own
// child process ("peak MiB" is its high-water mark). Prints Markdown.
//   bench_planning [--scales 1,10] [--sites 2] [--radius-km 150]
// Targets: one site selection under 2 s and one frontier under 5 s at scale 10.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analytics/invest.h"
#include "bench_util.h"
#include "dataset/generator.h"
#include "dataset/promotion_demo.h"
#include "service/planning.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

std::string RunScale(int scale, const std::string& sites, const std::string& radius) {
  const Dataset d = GenerateDataset({scale, 20231229});
  const auto market = MarketOf(d);
  const auto net = Network::Build(d);
  const std::vector<IncentivePolicy> policies = MakePromotionDemo(*net).policies;
  std::vector<double> engine_s, request_s, gaps;
  std::size_t optimal = 0, runs = 0, columns = 0;
  std::string worst_component;
  double worst = 0;
  for (std::uint32_t c = 0; c < net->component_count(); ++c) {
    const ComponentId comp(c);
    EnterpriseId maker;
    for (std::uint32_t ci : net->makers_of(comp)) {
      const EnterpriseId e = net->capabilities()[ci].supplier;
      if (IsRegional(net->province_of(e))) {
        maker = e;
        break;
      }
    }
    if (!maker.valid()) continue;
    const Params p({{"enterprise", net->enterprise(maker).id},
                    {"component", net->component(comp).code},
                    {"capacity", std::to_string(DefaultCapacity(*net, comp))},
                    {"sites", sites},
                    {"radius_km", radius}},
                   Params::FlagNames());
    const auto t = Clock::now();
    const SiteSelectionAnswer a = AnswerSiteSelection(*net, *market, policies, LocalOperator(), p);
    const double s = Since(t);
    ++runs;
    request_s.push_back(s);
    engine_s.push_back(a.selection.solution.seconds);
    gaps.push_back(a.selection.solution.gap);
    optimal += a.selection.solution.status == MipStatus::kOptimal;
    columns = std::max<std::size_t>(columns, static_cast<std::size_t>(a.selection.solution.columns));
    if (s > worst) worst = s, worst_component = net->component(comp).code;
  }
  std::string out = fmt::format(
      "| {:>5} | {:>7} | site selection ×{} (K = {}, {} km) | {:>8.3f} | {:>8.3f} ({}) | {:>8.4f} | {}/{} "
      "optimal, "
      "gap ≤ {:.1e}, ≤ {} columns | {:>6.0f} |\n",
      scale, net->link_count(), runs, sites, radius, Quantile(request_s, 0.5), worst, worst_component,
      Quantile(engine_s, 0.5), optimal, runs, gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()),
      columns, bench::PeakMiB());
  using Query = std::map<std::string, std::string>;
  const std::vector<std::pair<std::string, Query>> frontiers{
      {"Chongqing NEV", {{"province", "Chongqing"}, {"powertrain", "nev"}}},
      {"Chongqing NEV, 15% switching cost",
       {{"province", "Chongqing"}, {"powertrain", "nev"}, {"switching_cost", "0.15"}}},
      {"Sichuan, all powertrains", {{"province", "Sichuan"}, {"powertrain", "all"}}},
      {"region, all powertrains", {{"province", "region"}, {"powertrain", "all"}}}};
  for (auto [which, values] : frontiers) {
    values["target"] = "0.45";
    const auto t = Clock::now();
    const FrontierAnswer a = AnswerFrontier(*net, Params(values, Params::QueryNames()));
    const double s = Since(t);
    const Frontier& f = a.frontier;
    out += fmt::format(
        "| {:>5} | {:>7} | frontier {} (21 points, target 0.45) | {:>8.3f} | | | {:.1f}% → {:.1f}% at 0.2; "
        "{} "
        "columns, {} solves; target {} | {:>6.0f} |\n",
        scale, net->link_count(), which, s, 100 * f.current_share, 100 * f.points.back().local_share,
        f.columns, f.solves,
        f.target.reachable ? fmt::format("at premium {:.4f}", *f.target.premium)
                           : std::string("out of reach"),
        bench::PeakMiB());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> scales{1, 10};
  std::string sites = "2", radius = "150";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scales") scales = bench::ParseScales(argv[i + 1]);
    if (flag == "--sites") sites = argv[i + 1];
    if (flag == "--radius-km") radius = argv[i + 1];
  }
  fmt::print(
      "| scale |   links | run | median s | worst s (component) | median MIP s | result | peak MiB |\n"
      "|------:|--------:|-----|---------:|--------------------:|-------------:|--------|---------:|\n");
  for (int scale : scales) {
    fmt::print("{}", bench::Isolated([&] { return RunScale(scale, sites, radius); }));
    std::fflush(stdout);
  }
  return 0;
}
