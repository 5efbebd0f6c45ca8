#include "resilience/stress.h"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

namespace chainscope {
namespace {

DisruptedNodes NodeDisruption(const SupplyNetwork& chain, EnterpriseId node) {
  DisruptedNodes d;
  for (std::uint32_t q : chain.producers_of(node)) d.producers.push_back(q);
  for (std::uint32_t l : chain.net().lines_of(node)) d.lines.push_back(LineId(l));
  return d;
}

std::vector<double> SiteLosses(const BuiltModel& b, const DisruptedNodes& d) {
  std::vector<double> loss(b.model.sites.size(), 0);
  for (std::uint32_t q : d.producers)
    if (b.producer_site[q] != kNoSite) loss[b.producer_site[q]] = 1;
  for (LineId l : d.lines)
    if (b.line_site[l.value] != kNoSite) loss[b.line_site[l.value]] = 1;
  return loss;
}

double TtrOf(const SupplyNetwork& chain, EnterpriseId node, const StressOptions& o) {
  return o.ttr_days ? *o.ttr_days : chain.net().enterprise(node).ttr_days;
}

/// True when the node's other suppliers provably replace it at every moment: for each source it ships to,
/// the spare capacity (capacity − committed, per day) of that source's other suppliers covers the node's
/// daily volume, each such supplier makes its component from no bought input, serves only one of the node's
/// sources, and the node has no vehicle plants. Then nothing downstream changes: PI = 0, TTS = horizon.
bool SpareSourcesCover(const SupplyNetwork& chain, EnterpriseId node) {
  const Network& net = chain.net();
  if (!net.lines_of(node).empty()) return false;
  std::vector<std::uint32_t> used;  // co-suppliers already counted for one of the node's sources
  for (std::uint32_t l : net.links_by_supplier(node)) {
    const auto& source = chain.sources()[chain.link_source(l)];
    double spare = 0;
    for (std::uint32_t other : source.links) {
      const std::uint32_t q = chain.link_producer(other);
      const auto& p = chain.producers()[q];
      if (p.supplier == node || !p.inputs.empty()) continue;
      if (std::find(used.begin(), used.end(), q) != used.end()) return false;
      used.push_back(q);
      spare += p.free_per_day;
    }
    if (spare < static_cast<double>(net.link(l).annual_volume) / 365) return false;
  }
  return true;
}

}  // namespace

/// Every enterprise with something to lose for others: sales links, or vehicle lines.
double EstimateSweepSeconds(std::size_t nodes, unsigned cores) {
  return kSweepSecondsPerNode * static_cast<double>(nodes) / std::max(1u, cores);
}

std::vector<EnterpriseId> StressNodes(const Network& net) {
  std::vector<EnterpriseId> out;
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e)
    if (!net.links_by_supplier(EnterpriseId(e)).empty()) out.push_back(EnterpriseId(e));
  return out;
}

NodeRisk AssessNode(const SupplyNetwork& chain, EnterpriseId node, const StressOptions& o) {
  const Network& net = chain.net();
  NodeRisk r;
  r.node = node;
  r.ttr_days = TtrOf(chain, node, o);
  for (std::uint32_t l : net.links_by_supplier(node)) r.spend_yuan += net.link(l).value_yuan();
  const DisruptedNodes d = NodeDisruption(chain, node);
  const BuiltModel b = chain.Build(d, o.model, o.naive ? ModelScope::kWholeNetwork : ModelScope::kRestricted);
  r.reaches_vehicles = b.downstream_lines > 0;
  r.tts_days = o.horizon_days;
  if (!o.naive && (!r.reaches_vehicles || SpareSourcesCover(chain, node))) {
    r.skipped = true;  // provably nothing lost
    return r;
  }
  const std::vector<double> loss = SiteLosses(b, d);
  HorizonProgram program(b.model, loss);
  r.lp_columns = static_cast<std::size_t>(program.problem().columns());
  r.lp_rows = static_cast<std::size_t>(program.problem().rows());
  if (!o.write_lp_dir.empty()) {
    std::filesystem::create_directories(o.write_lp_dir);
    program.Write(
        (std::filesystem::path(o.write_lp_dir) / (net.enterprise(node).id + "." + o.lp_format)).string(),
        r.ttr_days);
  }
  const Impact impact = program.PerformanceImpact(r.ttr_days);
  r.status = impact.status;
  r.pi_vehicles = impact.lost_units;
  r.pi_value_yuan = impact.lost_value_yuan;
  if (o.naive) {
    HorizonProgram cold(b.model, loss);  // the naive method starts TTS from scratch too
    r.tts_days = cold.TimeToSurvive(o.horizon_days);
    r.lp_solves += cold.solves();
  } else {
    r.tts_days = program.TimeToSurvive(o.horizon_days);
  }
  r.lp_solves += program.solves();
  return r;
}

StressResult RunStress(const SupplyNetwork& chain, const StressOptions& o,
                       const std::function<void(std::size_t, std::size_t)>& progress,
                       const std::atomic<bool>* cancel) {
  const std::vector<EnterpriseId> nodes = StressNodes(chain.net());
  StressResult result = RunStressOn(chain, o, nodes, progress, cancel);
  RankStress(result);
  return result;
}

StressResult RunStressOn(const SupplyNetwork& chain, const StressOptions& o,
                         std::span<const EnterpriseId> nodes,
                         const std::function<void(std::size_t, std::size_t)>& progress,
                         const std::atomic<bool>* cancel) {
  if (!(o.horizon_days > 0)) throw InvalidInput("horizon_days must be greater than 0");
  if (o.ttr_days && !(*o.ttr_days >= 0)) throw InvalidInput("ttr_days must be ≥ 0");
  if (o.lp_format != "mps" && o.lp_format != "lp") throw InvalidInput("the LP format must be mps or lp");
  const auto start = std::chrono::steady_clock::now();
  StressResult result;
  result.assumptions = chain.assumptions();
  result.nodes.resize(nodes.size());
  std::atomic<std::size_t> next{0}, done{0}, lps{0}, skipped{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex, progress_mutex;
  auto work = [&] {
    for (;;) {
      if (cancel && cancel->load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= nodes.size() || failed) return;
      try {
        result.nodes[i] = AssessNode(chain, nodes[i], o);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
        return;
      }
      if (result.nodes[i].skipped) ++skipped;
      lps += result.nodes[i].lp_solves;
      const std::size_t n = ++done;
      if (progress) {  // one call at a time: callers may count or draw without locks of their own
        std::lock_guard lock(progress_mutex);
        progress(n, nodes.size());
      }
    }
  };
  const unsigned threads =
      o.naive ? 1 : (o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  result.cancelled = cancel && cancel->load() && done < nodes.size();
  if (result.cancelled) result.nodes.resize(0);
  result.lps_solved = lps;
  result.skipped = skipped;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

void RankStress(StressResult& result) {
  double largest = 0;
  for (const NodeRisk& r : result.nodes) largest = std::max(largest, r.pi_value_yuan);
  for (NodeRisk& r : result.nodes) r.rei = largest > 0 ? r.pi_value_yuan / largest : 0;
  std::sort(result.nodes.begin(), result.nodes.end(), [](const NodeRisk& a, const NodeRisk& b) {
    if (a.pi_value_yuan != b.pi_value_yuan) return a.pi_value_yuan > b.pi_value_yuan;
    if (a.tts_days != b.tts_days) return a.tts_days < b.tts_days;
    return a.node < b.node;
  });
}

Mitigation Mitigate(const SupplyNetwork& chain, EnterpriseId node, const StressOptions& o,
                    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& second_sources) {
  const Network& net = chain.net();
  Mitigation m;
  m.node = node;
  const double ttr = TtrOf(chain, node, o);
  const DisruptedNodes d = NodeDisruption(chain, node);
  const BuiltModel b = chain.Build(d, o.model, ModelScope::kRestricted);
  // Buffers at the sources the node ships to directly.
  std::vector<std::uint32_t> sources, items;
  std::vector<double> daily, price;
  for (std::uint32_t l : net.links_by_supplier(node)) {
    const std::uint32_t n = chain.link_source(l);
    if (b.source_item[n] == UINT32_MAX) continue;
    sources.push_back(n);
    items.push_back(b.source_item[n]);
    daily.push_back(static_cast<double>(net.link(l).annual_volume) / 365);
    price.push_back(net.link(l).unit_price_yuan);
  }
  const std::vector<double> loss = SiteLosses(b, d);
  HorizonProgram program(b.model, loss, items);
  const Impact impact = program.PerformanceImpact(ttr);
  m.pi_value_yuan = impact.lost_value_yuan;
  m.pi_vehicles = impact.lost_units;
  if (impact.status == LpStatus::kOptimal && impact.lost_value_yuan > 0) {
    if (const auto extra = program.BufferForNoLoss(ttr, price)) {
      m.buffer_possible = true;
      for (std::size_t k = 0; k < sources.size(); ++k) {
        BufferAdvice a;
        a.source = sources[k];
        a.extra_units = (*extra)[k];
        a.extra_days = daily[k] > 0 ? a.extra_units / daily[k] : 0;
        a.extra_value_yuan = a.extra_units * price[k];
        a.marginal_value_yuan = impact.stock_value[items[k]];
        m.buffer_value_yuan += a.extra_value_yuan;
        m.buffers.push_back(a);
      }
    }
  } else if (impact.status == LpStatus::kOptimal) {
    m.buffer_possible = true;  // nothing to buffer
  }
  // PI with the named second sources qualified.
  m.second_sources = second_sources;
  StressOptions with = o;
  with.model.second_sources = second_sources;
  const BuiltModel b2 = chain.Build(d, with.model, ModelScope::kRestricted);
  HorizonProgram second(b2.model, SiteLosses(b2, d));
  const Impact after = second.PerformanceImpact(ttr);
  m.pi_with_second_sources_yuan = after.lost_value_yuan;
  m.pi_with_second_sources_vehicles = after.lost_units;
  return m;
}

}  // namespace chainscope
