// match: the transportation problem behind batch allocation, in plain integers, and its solvers.
//
//   minimise  Σ_a cost_a · x_a + Σ_d unmet_cost_d · u_d
//   subject to Σ_{a from s} x_a ≤ supply_s          (each supply option's free units)
//              Σ_{a into d} x_a + u_d = demand_d     (each demand met or left unmet)
//              0 ≤ x_a ≤ cap_a  (cap = min(supply, ⌊max_share · demand⌋)),  u_d ≥ 0
//
// As a min-cost flow (LEMON, LEQ supply form: out − in ≤ sup): a node per supply (sup = supply_s), per
// demand (sup = −demand_d) and one "unmet" node U (sup = Σ demand) with an arc U→d of cost unmet_cost_d.
// Costs are integers (fen per unit) and flows whole units, both long long (totals pass 2^31).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace chainscope {

struct TransportArc {
  std::uint32_t supply = 0;
  std::uint32_t demand = 0;
  std::int64_t cap = 0;
  std::int64_t cost = 0;  // per unit
};

struct TransportProblem {
  std::vector<std::int64_t> supply;      // per supply node
  std::vector<std::int64_t> demand;      // per demand node
  std::vector<std::int64_t> unmet_cost;  // per demand node, per unit
  std::vector<TransportArc> arcs;
};

enum class TransportStatus { kOptimal, kInfeasible };

struct TransportSolution {
  TransportStatus status = TransportStatus::kOptimal;
  std::vector<std::int64_t> flow;   // per arc of the problem
  std::vector<std::int64_t> unmet;  // per demand
  long double cost = 0;             // Σ cost·x + Σ unmet_cost·u
  // Duals in LEMON's convention (LEQ): reduced cost of an arc u→v is cost + π(u) − π(v); π ≥ 0.
  std::vector<std::int64_t> supply_potential, demand_potential;
  std::int64_t unmet_potential = 0;
  int rounds = 0;                 // solve rounds (1 without pruning)
  std::size_t arcs_in_model = 0;  // supply→demand arcs in the last round
};

enum class TransportAlgorithm { kNetworkSimplex, kCostScaling };

struct TransportOptions {
  TransportAlgorithm algorithm = TransportAlgorithm::kNetworkSimplex;
  /// Keep only each demand's `prune_k` cheapest arcs, solve, then price the omitted arcs with the node
  /// potentials and add back, per demand, up to `prune_k` of those with the most negative reduced cost;
  /// repeat until none is negative — the result is optimal for the full problem. 0 = no pruning.
  std::size_t prune_k = 0;
  /// Looked at between rounds (a round's LEMON solve runs to its end): once set, SolveTransport throws
  /// Cancelled. Null: never stop.
  const std::atomic<bool>* stop = nullptr;
};

/// Solves to optimality. O(network simplex) per round.
TransportSolution SolveTransport(const TransportProblem& p, const TransportOptions& options = {});

/// Checks a solution's certificate: feasibility (bounds, supplies, demands met or unmet), complementary
/// slackness of the potentials on every arc (flow < cap ⇒ reduced cost ≥ 0; flow > 0 ⇒ ≤ 0; likewise the
/// unmet arcs; π ≥ 0 and π = 0 at supplies with slack), and dual objective = primal objective.
/// Returns an empty string when all hold, else the first violation. O(arcs + nodes).
std::string CheckTransportCertificate(const TransportProblem& p, const TransportSolution& s);

}  // namespace chainscope
