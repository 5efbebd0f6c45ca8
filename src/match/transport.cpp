#include "match/transport.h"

#include <fmt/format.h>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <algorithm>
#include <numeric>

#include "core/model.h"

namespace chainscope {
namespace {

using Graph = lemon::SmartDigraph;

// Solves the sub-problem made of `arc_ids` (indexes into p.arcs); fills their flows and the potentials.
// The model is balanced for both algorithms: a slack node Z takes what supplies and U do not ship
// (arcs S→Z and U→Z of cost 0), so sup(Z) = −Σ supply. Potentials are then shifted by −π(Z) and clamped at 0
// on nodes that ship nothing, which gives potentials of the LEQ form (π ≥ 0, 0 on slack) with the same
// reduced costs on every supply→demand and unmet arc.
template <class Algorithm>
TransportStatus SolveOnce(const TransportProblem& p, const std::vector<std::uint32_t>& arc_ids,
                          TransportSolution& s) {
  // Only supplies with an arc in the model become nodes; the others ship nothing, so their LEQ constraint
  // has slack and their potential is 0 — which is what pricing and the certificate use for them.
  const std::size_t ns = p.supply.size(), nd = p.demand.size();
  std::vector<int> node_of_supply(ns, -1);
  std::vector<std::uint32_t> supplies;  // model supply index → problem supply index
  for (std::uint32_t a : arc_ids) {
    const std::uint32_t i = p.arcs[a].supply;
    if (node_of_supply[i] < 0) {
      node_of_supply[i] = static_cast<int>(supplies.size());
      supplies.push_back(i);
    }
  }
  const std::size_t ms = supplies.size();
  Graph g;
  g.reserveNode(static_cast<int>(ms + nd + 2));
  g.reserveArc(static_cast<int>(arc_ids.size() + nd + ms + 1));
  for (std::size_t i = 0; i < ms + nd + 2; ++i) g.addNode();
  auto supply_node = [&](std::size_t model_index) {
    return Graph::nodeFromId(static_cast<int>(model_index));
  };
  auto demand_node = [&](std::size_t d) { return Graph::nodeFromId(static_cast<int>(ms + d)); };
  const Graph::Node unmet = Graph::nodeFromId(static_cast<int>(ms + nd));
  const Graph::Node slack = Graph::nodeFromId(static_cast<int>(ms + nd + 1));
  Graph::ArcMap<long long> cap(g), cost(g);
  Graph::NodeMap<long long> sup(g);
  long long total_demand = 0, total_supply = 0;
  for (std::size_t m = 0; m < ms; ++m) {
    sup[supply_node(m)] = p.supply[supplies[m]];
    total_supply += p.supply[supplies[m]];
  }
  for (std::size_t d = 0; d < nd; ++d) {
    sup[demand_node(d)] = -p.demand[d];
    total_demand += p.demand[d];
  }
  sup[unmet] = total_demand;
  sup[slack] = -total_supply;
  for (std::uint32_t a : arc_ids) {
    const TransportArc& t = p.arcs[a];
    const Graph::Arc arc =
        g.addArc(supply_node(static_cast<std::size_t>(node_of_supply[t.supply])), demand_node(t.demand));
    cap[arc] = t.cap;
    cost[arc] = t.cost;
  }
  std::vector<Graph::Arc> unmet_arcs(nd), slack_arcs(ms);
  for (std::size_t d = 0; d < nd; ++d) {
    unmet_arcs[d] = g.addArc(unmet, demand_node(d));
    cap[unmet_arcs[d]] = p.demand[d];
    cost[unmet_arcs[d]] = p.unmet_cost[d];
  }
  for (std::size_t m = 0; m < ms; ++m) {
    slack_arcs[m] = g.addArc(supply_node(m), slack);
    cap[slack_arcs[m]] = p.supply[supplies[m]];
    cost[slack_arcs[m]] = 0;
  }
  const Graph::Arc unmet_slack = g.addArc(unmet, slack);
  cap[unmet_slack] = total_demand;
  cost[unmet_slack] = 0;
  Algorithm alg(g);
  alg.upperMap(cap).costMap(cost).supplyMap(sup);
  if (alg.run() != Algorithm::OPTIMAL) return TransportStatus::kInfeasible;
  for (std::size_t k = 0; k < arc_ids.size(); ++k)
    s.flow[arc_ids[k]] = alg.flow(Graph::arcFromId(static_cast<int>(k)));
  for (std::size_t d = 0; d < nd; ++d) s.unmet[d] = alg.flow(unmet_arcs[d]);
  const long long zero = alg.potential(slack);
  s.supply_potential.assign(ns, 0);
  s.demand_potential.resize(nd);
  for (std::size_t m = 0; m < ms; ++m) {
    const long long pi = alg.potential(supply_node(m)) - zero;
    s.supply_potential[supplies[m]] =
        alg.flow(slack_arcs[m]) == p.supply[supplies[m]] ? std::max(0LL, pi) : pi;
  }
  for (std::size_t d = 0; d < nd; ++d) s.demand_potential[d] = alg.potential(demand_node(d)) - zero;
  const long long pu = alg.potential(unmet) - zero;
  s.unmet_potential = alg.flow(unmet_slack) == total_demand ? std::max(0LL, pu) : pu;
  return TransportStatus::kOptimal;
}

TransportStatus Solve(const TransportProblem& p, const std::vector<std::uint32_t>& arc_ids,
                      TransportSolution& s, TransportAlgorithm algorithm) {
  if (algorithm == TransportAlgorithm::kCostScaling)
    return SolveOnce<lemon::CostScaling<Graph, long long, long long>>(p, arc_ids, s);
  return SolveOnce<lemon::NetworkSimplex<Graph, long long, long long>>(p, arc_ids, s);
}

}  // namespace

TransportSolution SolveTransport(const TransportProblem& p, const TransportOptions& options) {
  TransportSolution s;
  s.flow.assign(p.arcs.size(), 0);
  s.unmet.assign(p.demand.size(), 0);
  std::vector<std::uint32_t> in_model;
  std::vector<char> included(p.arcs.size(), 0);
  if (options.prune_k == 0) {
    in_model.resize(p.arcs.size());
    std::iota(in_model.begin(), in_model.end(), 0u);
    std::fill(included.begin(), included.end(), 1);
  } else {
    // Each demand's prune_k cheapest arcs.
    std::vector<std::vector<std::uint32_t>> by_demand(p.demand.size());
    for (std::uint32_t a = 0; a < p.arcs.size(); ++a) by_demand[p.arcs[a].demand].push_back(a);
    for (auto& arcs : by_demand) {
      const std::size_t keep = std::min(options.prune_k, arcs.size());
      std::partial_sort(arcs.begin(), arcs.begin() + static_cast<std::ptrdiff_t>(keep), arcs.end(),
                        [&](std::uint32_t x, std::uint32_t y) {
                          return p.arcs[x].cost != p.arcs[y].cost ? p.arcs[x].cost < p.arcs[y].cost : x < y;
                        });
      for (std::size_t k = 0; k < keep; ++k) included[arcs[k]] = 1;
    }
    for (std::uint32_t a = 0; a < p.arcs.size(); ++a)
      if (included[a]) in_model.push_back(a);
  }
  while (true) {
    ThrowIfStopped(options.stop, "allocation");
    ++s.rounds;
    s.arcs_in_model = in_model.size();
    s.status = Solve(p, in_model, s, options.algorithm);
    if (s.status != TransportStatus::kOptimal) return s;
    // Price the omitted arcs with the potentials. Partial pricing: each demand gets back at most prune_k of
    // its most negative ones per round (adding all of them at once swells the model many times over).
    std::vector<std::vector<std::pair<std::int64_t, std::uint32_t>>> negative(p.demand.size());
    for (std::uint32_t a = 0; a < p.arcs.size(); ++a) {
      if (included[a]) continue;
      const TransportArc& t = p.arcs[a];
      const std::int64_t reduced = t.cost + s.supply_potential[t.supply] - s.demand_potential[t.demand];
      if (t.cap > 0 && reduced < 0) negative[t.demand].push_back({reduced, a});
    }
    std::size_t added = 0;
    for (auto& arcs : negative) {
      const std::size_t keep = std::min(options.prune_k, arcs.size());
      std::partial_sort(arcs.begin(), arcs.begin() + static_cast<std::ptrdiff_t>(keep), arcs.end());
      for (std::size_t k = 0; k < keep; ++k) included[arcs[k].second] = 1;
      added += keep;
    }
    if (added == 0) break;
    in_model.clear();
    for (std::uint32_t a = 0; a < p.arcs.size(); ++a)
      if (included[a]) in_model.push_back(a);
  }
  s.cost = 0;
  for (std::size_t a = 0; a < p.arcs.size(); ++a)
    s.cost += static_cast<long double>(p.arcs[a].cost) * static_cast<long double>(s.flow[a]);
  for (std::size_t d = 0; d < p.demand.size(); ++d)
    s.cost += static_cast<long double>(p.unmet_cost[d]) * static_cast<long double>(s.unmet[d]);
  return s;
}

std::string CheckTransportCertificate(const TransportProblem& p, const TransportSolution& s) {
  const std::size_t ns = p.supply.size(), nd = p.demand.size();
  if (s.flow.size() != p.arcs.size() || s.unmet.size() != nd) return "solution has the wrong size";
  // Feasibility.
  std::vector<std::int64_t> out(ns, 0), in(nd, 0);
  long double primal = 0;
  for (std::size_t a = 0; a < p.arcs.size(); ++a) {
    const TransportArc& t = p.arcs[a];
    if (s.flow[a] < 0 || s.flow[a] > t.cap)
      return fmt::format("arc {} flow {} outside [0, {}]", a, s.flow[a], t.cap);
    out[t.supply] += s.flow[a];
    in[t.demand] += s.flow[a];
    primal += static_cast<long double>(t.cost) * static_cast<long double>(s.flow[a]);
  }
  for (std::size_t i = 0; i < ns; ++i)
    if (out[i] > p.supply[i]) return fmt::format("supply {} ships {} > {}", i, out[i], p.supply[i]);
  for (std::size_t d = 0; d < nd; ++d) {
    if (s.unmet[d] < 0) return fmt::format("demand {} has negative unmet {}", d, s.unmet[d]);
    if (in[d] + s.unmet[d] != p.demand[d])
      return fmt::format("demand {}: delivered {} + unmet {} ≠ {}", d, in[d], s.unmet[d], p.demand[d]);
    primal += static_cast<long double>(p.unmet_cost[d]) * static_cast<long double>(s.unmet[d]);
  }
  if (s.supply_potential.size() != ns || s.demand_potential.size() != nd) return "potentials missing";
  // Potentials: π ≥ 0, and π = 0 where a LEQ constraint has slack.
  std::int64_t total_demand = 0;
  for (std::int64_t q : p.demand) total_demand += q;
  std::int64_t unmet_total = 0;
  for (std::int64_t u : s.unmet) unmet_total += u;
  for (std::size_t i = 0; i < ns; ++i) {
    if (s.supply_potential[i] < 0) return fmt::format("supply {} potential {} < 0", i, s.supply_potential[i]);
    if (out[i] < p.supply[i] && s.supply_potential[i] != 0)
      return fmt::format("supply {} has slack but potential {}", i, s.supply_potential[i]);
  }
  if (s.unmet_potential < 0 || (unmet_total < total_demand && s.unmet_potential != 0))
    return fmt::format("unmet node potential {} violates slackness", s.unmet_potential);
  // Complementary slackness on every arc, and the dual objective
  //   D = −Σ_v sup(v)·π(v) + Σ_a cap(a)·min(0, reduced cost(a)).
  long double dual = 0;
  for (std::size_t i = 0; i < ns; ++i) dual -= static_cast<long double>(p.supply[i]) * s.supply_potential[i];
  for (std::size_t d = 0; d < nd; ++d) dual += static_cast<long double>(p.demand[d]) * s.demand_potential[d];
  dual -= static_cast<long double>(total_demand) * s.unmet_potential;
  auto check_arc = [&](std::string_view what, std::size_t index, std::int64_t flow, std::int64_t cap,
                       std::int64_t reduced) -> std::string {
    if (flow < cap && reduced < 0)
      return fmt::format("{} {}: flow {} < cap {} but reduced cost {}", what, index, flow, cap, reduced);
    if (flow > 0 && reduced > 0)
      return fmt::format("{} {}: flow {} > 0 but reduced cost {}", what, index, flow, reduced);
    dual += static_cast<long double>(cap) * std::min<std::int64_t>(0, reduced);
    return {};
  };
  for (std::size_t a = 0; a < p.arcs.size(); ++a) {
    const TransportArc& t = p.arcs[a];
    const std::int64_t reduced = t.cost + s.supply_potential[t.supply] - s.demand_potential[t.demand];
    if (auto e = check_arc("arc", a, s.flow[a], t.cap, reduced); !e.empty()) return e;
  }
  for (std::size_t d = 0; d < nd; ++d) {
    const std::int64_t reduced = p.unmet_cost[d] + s.unmet_potential - s.demand_potential[d];
    if (auto e = check_arc("unmet arc", d, s.unmet[d], p.demand[d], reduced); !e.empty()) return e;
  }
  if (primal != dual)
    return fmt::format("primal {} ≠ dual {}", static_cast<double>(primal), static_cast<double>(dual));
  if (primal != s.cost)
    return fmt::format("reported cost {} ≠ recomputed {}", static_cast<double>(s.cost),
                       static_cast<double>(primal));
  return {};
}

}  // namespace chainscope
