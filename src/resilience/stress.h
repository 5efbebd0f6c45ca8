// resilience: the all-node stress test — for every supplier, its time-to-survive (TTS: days the vehicle
// lines keep full output while it is down), its performance impact (PI: vehicles and value lost if it stays
// down for its time-to-recover), the risk exposure index (PI ÷ the largest PI) and the annual spend with it,
// so that spend can be set against risk; and, for the riskiest, mitigations — the cheapest extra buffer
// stock that brings PI to zero (with the LP duals' marginal value of a unit of stock), and the PI once named
// second sources are qualified.
//
// Speed: each node's LP is the restricted model (supply_network.h); PI and TTS share one CLP model (warm
// start); nodes that provably lose nothing — no vehicle line downstream, or other suppliers whose spare
// capacity replaces them at once — need no LP; nodes run on several
// threads. The naive method (StressOptions::naive) builds the whole network's LP cold for PI and again for
// TTS, one thread.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "resilience/supply_network.h"

namespace chainscope {

struct StressOptions {
  ModelOptions model;
  double horizon_days = 365;       // TTS is at most this
  std::optional<double> ttr_days;  // overrides every enterprise's ttr_days
  unsigned threads = 0;            // 0: all cores
  bool naive = false;              // whole network, cold LPs, one thread (the benchmark's baseline)
  std::string write_lp_dir;        // when set, each node's PI program is written there as <id>.<format>
  std::string lp_format = "mps";   // mps or lp
};

struct NodeRisk {
  EnterpriseId node;
  double ttr_days = 0;
  double tts_days = 0;
  double pi_vehicles = 0, pi_value_yuan = 0;
  double rei = 0;                 // pi_value ÷ the largest pi_value of the run
  double spend_yuan = 0;          // annual purchases from the node
  bool reaches_vehicles = false;  // false: nothing downstream is a vehicle line
  bool skipped = false;           // provably loses nothing (no vehicle downstream, or spare sources cover it)
  std::size_t lp_columns = 0, lp_rows = 0;
  std::size_t lp_solves = 0;  // PI, TTS (several with late alternatives), and the naive method's cold TTS
  LpStatus status = LpStatus::kOptimal;
};

struct StressResult {
  std::vector<NodeRisk> nodes;               // largest PI first, then shortest TTS
  std::vector<ChainAssumption> assumptions;  // where the data do not balance (SupplyNetwork::assumptions)
  std::size_t lps_solved = 0;                // Σ NodeRisk::lp_solves
  std::size_t skipped = 0;                   // nodes that provably lose nothing, with no LP
  double seconds = 0;
  bool cancelled = false;
};

/// Every enterprise that supplies something, on the balanced chain (the result carries its assumptions).
/// `progress(done, total)` is called from worker threads,
/// one call at a time (`done` may arrive out of order).
StressResult RunStress(const SupplyNetwork& chain, const StressOptions& options,
                       const std::function<void(std::size_t, std::size_t)>& progress = {},
                       const std::atomic<bool>* cancel = nullptr);

/// The nodes RunStress assesses, in a fixed order (a sweep split into parts takes slices of it).
std::vector<EnterpriseId> StressNodes(const Network& net);
/// The sweep cost model: seconds per node on one core of the benchmark machine (bench_stress: 0.44 ms at
/// scale 1, 0.64 ms at scale 10 — the restricted LPs grow a little with the network), and the estimate of
/// a sweep of `nodes` on `cores` working side by side (mitigations not included).
inline constexpr double kSweepSecondsPerNode = 0.55e-3;
double EstimateSweepSeconds(std::size_t nodes, unsigned cores);
/// RunStress over some of the nodes only, unranked (rei left 0, in the order given); RankStress ranks
/// the union of such parts exactly as RunStress ranks the whole.
StressResult RunStressOn(const SupplyNetwork& chain, const StressOptions& options,
                         std::span<const EnterpriseId> nodes,
                         const std::function<void(std::size_t, std::size_t)>& progress = {},
                         const std::atomic<bool>* cancel = nullptr);
/// Sets rei (PI ÷ the largest PI) and sorts: largest PI first, then shortest TTS, then node.
void RankStress(StressResult& result);
/// One node (any enterprise: a supplier's sites, or an OEM's plants), as in RunStress (rei left 0).
NodeRisk AssessNode(const SupplyNetwork& chain, EnterpriseId node, const StressOptions& options);

struct BufferAdvice {
  std::uint32_t source = 0;  // SupplyNetwork source: (buyer, component)
  double extra_units = 0;
  double extra_days = 0;           // of the node's daily volume into that source
  double extra_value_yuan = 0;     // at the buyer's price from the node
  double marginal_value_yuan = 0;  // lost value avoided by the first extra unit (LP dual at PI)
};

struct Mitigation {
  EnterpriseId node;
  double pi_value_yuan = 0, pi_vehicles = 0;
  bool buffer_possible = false;  // false when stock at the node's customers cannot prevent the loss
  std::vector<BufferAdvice> buffers;
  double buffer_value_yuan = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> second_sources;  // (source, producer) tried
  double pi_with_second_sources_yuan = 0, pi_with_second_sources_vehicles = 0;
};

/// Mitigations of one node: buffer stock at the sources it ships to, and PI with `second_sources`
/// (source, producer) qualified after options.model.qualification_days.
Mitigation Mitigate(const SupplyNetwork& chain, EnterpriseId node, const StressOptions& options,
                    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& second_sources);

}  // namespace chainscope
