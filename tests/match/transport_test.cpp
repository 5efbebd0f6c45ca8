// The transportation solver: hand-checked optimum, certificates on every solution, and on a few hundred
// random instances the same optimum from NetworkSimplex, CostScaling, pruned pricing, COIN-OR CLP (an
// independent LP solver) and, on tiny ones, brute force.
#include <gtest/gtest.h>

#include <random>

#include "match/transport.h"
#include "match/transport_lp.h"

namespace chainscope {
namespace {

double ClpOptimum(const TransportProblem& p) {
  const auto lp = SolveTransportLp(p);
  EXPECT_TRUE(lp.has_value()) << "CLP did not prove optimality";
  return lp.value_or(-1);
}

long double BruteForce(const TransportProblem& p) {
  long double best = -1;
  std::vector<std::int64_t> flow(p.arcs.size(), 0);
  while (true) {
    std::vector<std::int64_t> out(p.supply.size(), 0), in(p.demand.size(), 0);
    long double cost = 0;
    for (std::size_t a = 0; a < p.arcs.size(); ++a) {
      out[p.arcs[a].supply] += flow[a];
      in[p.arcs[a].demand] += flow[a];
      cost += static_cast<long double>(flow[a]) * p.arcs[a].cost;
    }
    bool ok = true;
    for (std::size_t i = 0; i < p.supply.size(); ++i) ok &= out[i] <= p.supply[i];
    for (std::size_t d = 0; d < p.demand.size(); ++d) {
      ok &= in[d] <= p.demand[d];
      cost += static_cast<long double>(p.demand[d] - in[d]) * p.unmet_cost[d];
    }
    if (ok && (best < 0 || cost < best)) best = cost;
    std::size_t k = 0;  // next flow vector, odometer style
    while (k < flow.size() && flow[k] == p.arcs[k].cap) flow[k++] = 0;
    if (k == flow.size()) break;
    ++flow[k];
  }
  return best;
}

TransportProblem Random(std::mt19937& rng, int max_supply_nodes, int max_demand_nodes, int max_qty) {
  TransportProblem p;
  const int ns = 1 + static_cast<int>(rng() % max_supply_nodes),
            nd = 1 + static_cast<int>(rng() % max_demand_nodes);
  for (int i = 0; i < ns; ++i) p.supply.push_back(static_cast<std::int64_t>(rng() % (max_qty + 1)));
  for (int d = 0; d < nd; ++d) {
    p.demand.push_back(1 + static_cast<std::int64_t>(rng() % max_qty));
    p.unmet_cost.push_back(50 + static_cast<std::int64_t>(rng() % 200));
  }
  for (int i = 0; i < ns; ++i)
    for (int d = 0; d < nd; ++d)
      if (rng() % 3 != 0)
        p.arcs.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(d),
                          static_cast<std::int64_t>(rng() % (max_qty + 1)),
                          1 + static_cast<std::int64_t>(rng() % 150)});
  return p;
}

TEST(Transport, HandCheckedInstance) {
  // Two suppliers (A: 60 units at 10 or 20, B: 100 units at 12 or 11), two demands (50 and 70); A may send
  // at most 40 to demand 0. Unmet costs 100 per unit. By hand: demand 0 takes 40 from A (10) and 10 from B
  // (12); demand 1 takes 70 from B (11); A's remaining 20 would cost 20 > 11, so it idles. Cost = 40·10 +
  // 10·12 + 70·11 = 1,290.
  TransportProblem p;
  p.supply = {60, 100};
  p.demand = {50, 70};
  p.unmet_cost = {100, 100};
  p.arcs = {{0, 0, 40, 10}, {0, 1, 60, 20}, {1, 0, 100, 12}, {1, 1, 100, 11}};
  const TransportSolution s = SolveTransport(p);
  ASSERT_EQ(s.status, TransportStatus::kOptimal);
  EXPECT_EQ(s.flow, (std::vector<std::int64_t>{40, 0, 10, 70}));
  EXPECT_EQ(s.unmet, (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(s.cost, 1290);
  EXPECT_EQ(CheckTransportCertificate(p, s), "");
  // Not enough supply: demand 1 grows to 200, B has 100: 90 of demand 1 go unmet at 100.
  p.demand[1] = 200;
  p.arcs[3].cap = 100;
  const TransportSolution short_supply = SolveTransport(p);
  EXPECT_EQ(CheckTransportCertificate(p, short_supply), "");
  EXPECT_EQ(short_supply.unmet[0] + short_supply.unmet[1], 250 - 160);
}

TEST(Transport, CertificateCatchesAWrongSolution) {
  TransportProblem p;
  p.supply = {10};
  p.demand = {10};
  p.unmet_cost = {100};
  p.arcs = {{0, 0, 10, 5}};
  TransportSolution s = SolveTransport(p);
  ASSERT_EQ(CheckTransportCertificate(p, s), "");
  TransportSolution worse = s;  // leave 3 unmet although supplying is cheaper
  worse.flow[0] = 7;
  worse.unmet[0] = 3;
  worse.cost = 7 * 5 + 3 * 100;
  EXPECT_NE(CheckTransportCertificate(p, worse), "");
  TransportSolution over = s;
  over.flow[0] = 11;
  EXPECT_NE(CheckTransportCertificate(p, over).find("outside"), std::string::npos);
}

TEST(Transport, RandomInstancesAgreeWithClpAndEachOther) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const TransportProblem p = Random(rng, 8, 8, 60);
    const TransportSolution ns = SolveTransport(p);
    ASSERT_EQ(ns.status, TransportStatus::kOptimal);
    ASSERT_EQ(CheckTransportCertificate(p, ns), "");
    const TransportSolution cs = SolveTransport(p, {TransportAlgorithm::kCostScaling, 0});
    ASSERT_EQ(CheckTransportCertificate(p, cs), "");
    EXPECT_EQ(cs.cost, ns.cost);
    const TransportSolution pruned = SolveTransport(p, {TransportAlgorithm::kNetworkSimplex, 1});
    ASSERT_EQ(CheckTransportCertificate(p, pruned), "");
    EXPECT_EQ(pruned.cost, ns.cost);
    EXPECT_NEAR(ClpOptimum(p), static_cast<double>(ns.cost), 1e-6 * (1 + static_cast<double>(ns.cost)));
  }
}

TEST(Transport, TinyInstancesAgreeWithBruteForce) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    TransportProblem p = Random(rng, 2, 2, 3);
    const TransportSolution s = SolveTransport(p);
    ASSERT_EQ(CheckTransportCertificate(p, s), "");
    EXPECT_EQ(s.cost, BruteForce(p));
  }
}

TEST(Transport, PricingAddsBackTheArcsPruningDropped) {
  // Demand 0's cheapest arc comes from a supplier with 1 unit; pruned to one arc per demand the first
  // round must leave units unmet, and pricing must bring the second supplier's arc back.
  TransportProblem p;
  p.supply = {1, 100};
  p.demand = {10};
  p.unmet_cost = {1000};
  p.arcs = {{0, 0, 1, 5}, {1, 0, 100, 7}};
  const TransportSolution s = SolveTransport(p, {TransportAlgorithm::kNetworkSimplex, 1});
  EXPECT_EQ(CheckTransportCertificate(p, s), "");
  EXPECT_EQ(s.rounds, 2);
  EXPECT_EQ(s.cost, 5 + 9 * 7);
}

}  // namespace
}  // namespace chainscope
