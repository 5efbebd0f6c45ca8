#include "service/resilience.h"

#include <algorithm>
#include <thread>

#include "match/matcher.h"

namespace chainscope {

std::vector<std::pair<std::uint32_t, std::uint32_t>> SecondSourcesFor(const SupplyNetwork& chain,
                                                                      const SupplyBook& book,
                                                                      EnterpriseId node) {
  const Network& net = chain.net();
  const Matcher matcher(net, book);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  constexpr std::size_t kCandidates = 20;
  for (std::uint32_t l : net.links_by_supplier(node)) {
    const NetLink& link = net.link(l);
    DemandSpec demand;
    demand.buyer = link.buyer;
    demand.component = link.component;
    demand.quantity = std::max<std::int64_t>(1, link.annual_volume);
    const std::uint32_t source = chain.link_source(l);
    for (const Candidate& c : matcher.TopK(demand, kCandidates, MatchWeights{}).candidates) {
      if (c.supplier == node) continue;
      bool existing = false;
      for (std::uint32_t x : chain.sources()[source].links)
        existing = existing || net.link(x).supplier == c.supplier;
      if (existing) continue;
      const std::uint32_t producer = chain.FindProducer(c.supplier, link.component);
      if (producer == UINT32_MAX) continue;
      out.push_back({source, producer});
      break;
    }
  }
  return out;
}

std::vector<Mitigation> MitigateRiskiest(const SupplyNetwork& chain, const SupplyBook& book,
                                         const StressResult& ranked, const StressOptions& options,
                                         std::size_t count,
                                         const std::function<void(std::size_t, std::size_t)>& progress,
                                         const std::atomic<bool>* cancel) {
  std::vector<Mitigation> out;
  count = std::min(count, ranked.nodes.size());
  for (std::size_t i = 0; i < count && !(cancel && *cancel); ++i) {
    const NodeRisk& n = ranked.nodes[i];
    if (n.pi_value_yuan > 0)
      out.push_back(Mitigate(chain, n.node, options, SecondSourcesFor(chain, book, n.node)));
    if (progress) progress(i + 1, count);
  }
  return out;
}

double CheckJobSeconds(const std::optional<ScenarioPlan>& scenario, std::size_t nodes, unsigned cores,
                       double bound_seconds, std::string_view flag) {
  if (scenario) {
    RefuseOverSeconds("job_scenario", "scenario", scenario->estimated_seconds, bound_seconds, flag,
                      "use longer buckets (bucket_days), a shorter horizon or shorter disruptions");
    return scenario->estimated_seconds;
  }
  const double seconds = EstimateSweepSeconds(nodes, cores);
  RefuseOverSeconds("job_sweep", "sweep", seconds, bound_seconds, flag,
                    "run a scenario for the part of the chain in question instead");
  return seconds;
}

StressReport RunStressSweep(const SupplyNetwork& chain, const SupplyBook& book, const StressOptions& options,
                            std::size_t mitigate,
                            const std::function<void(std::size_t, std::size_t)>& progress,
                            const RunBounds& bounds) {
  const unsigned cores =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const double seconds =
      CheckJobSeconds(std::nullopt, StressNodes(chain.net()).size(), cores, bounds.max_seconds, bounds.flag);
  if (bounds.on_estimate) bounds.on_estimate(seconds);
  StressReport report{RunStress(chain, options, progress, bounds.stop), {}};
  ThrowIfStopped(bounds.stop, "sweep");
  if (mitigate > 0)
    report.mitigations = MitigateRiskiest(chain, book, report.result, options, mitigate, {}, bounds.stop);
  ThrowIfStopped(bounds.stop, "sweep");
  return report;
}

ScenarioResult RunScenarioDocument(const SupplyNetwork& chain, const boost::json::value& document,
                                   std::string_view source, const ModelOptions& model,
                                   const std::string& write_lp_path, const RunBounds& bounds) {
  const Scenario scenario = ScenarioFromJson(document, std::string(source));
  const ScenarioPlan plan = PlanScenario(chain, scenario, model);
  CheckJobSeconds(plan, 0, 1, bounds.max_seconds, bounds.flag);
  if (bounds.on_estimate) bounds.on_estimate(plan.estimated_seconds);
  return RunScenario(chain, scenario, model, write_lp_path, bounds.stop);
}

}  // namespace chainscope
