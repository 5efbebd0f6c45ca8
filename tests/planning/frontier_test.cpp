// The localization frontier: against a brute force on a tiny chain (the LP optimum lies on a segment
// between two integral points of the transportation polytope, so the best point on any such segment within
// the budget is the optimum), monotone and at or above today's share on the calibrated chain, and clear
// answers when nothing can move or the target is out of reach.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <random>

#include "analytics/localization.h"
#include "core/places.h"
#include "dataset/generator.h"
#include "planning/frontier.h"
#include "solver/lp.h"

namespace chainscope {
namespace {

Dataset TinyFrontierChain() {
  Dataset d;
  for (const Place& p : BuiltinPlaces())
    if (p.code == "500116" || p.code == "CN-OTHER") d.places.push_back(p);
  const auto component = [&](const std::string& code) {
    d.components.push_back(
        {code, code, code, "CHS", Direction::kTraditional, ComponentUse::kBoth, "piece", 100, 1});
  };
  component("C1");
  component("C2");
  const auto enterprise = [&](const std::string& id, Role role, const std::string& place) {
    d.enterprises.push_back({id, id, id, role, place, "", {}, 30, 0, true, ""});
  };
  enterprise("B", Role::kOem, "500116");
  enterprise("F1", Role::kTier1, "CN-OTHER");
  enterprise("F2", Role::kTier1, "CN-OTHER");
  enterprise("F3", Role::kTier1, "CN-OTHER");
  enterprise("L1", Role::kTier1, "500116");
  enterprise("L2", Role::kTier1, "500116");
  enterprise("L3", Role::kTier1, "500116");
  // (supplier, component, capacity, committed, price)
  d.capabilities = {{"F1", "C1", 100, 6, 100, 5, 0.9, 0}, {"F2", "C1", 100, 4, 120, 5, 0.9, 0},
                    {"F3", "C2", 100, 6, 50, 5, 0.9, 0},  {"L1", "C1", 5, 0, 110, 5, 0.9, 0},
                    {"L2", "C1", 3, 0, 135, 5, 0.9, 0},   {"L3", "C2", 4, 2, 42, 5, 0.9, 0}};
  d.links = {{"B", "F1", "C1", 6, 100, 0, 0},
             {"B", "F2", "C1", 4, 120, 0, 0},
             {"B", "F3", "C2", 6, 50, 0, 0},
             {"B", "L3", "C2", 2, 40, 0, 0}};
  return d;
}

/// The brute force: every integral point (z per non-local link, y per local maker) of the polytope
/// without the budget; the best value on any segment between two of them within the budget.
double BruteForceMoved(double budget) {
  struct Point {
    double value, cost;
  };
  std::vector<Point> points;
  // C1: z1 ≤ 6 (price 100), z2 ≤ 4 (price 120); y_L1 ≤ min(5 spare, 0.5·10 room) = 5 at 110, y_L2 ≤ 3 at
  // 135; z1 + z2 = y_L1 + y_L2. C2: z3 ≤ 6 (price 50); y_L3 ≤ min(2 spare, 0.5·8 − 2) = 2 at 42.
  for (int z1 = 0; z1 <= 6; ++z1)
    for (int z2 = 0; z2 <= 4; ++z2)
      for (int y1 = 0; y1 <= 5; ++y1)
        for (int y2 = 0; y2 <= 3; ++y2) {
          if (z1 + z2 != y1 + y2) continue;
          for (int z3 = 0; z3 <= 2; ++z3) {
            const double value = 100.0 * z1 + 120.0 * z2 + 50.0 * z3;
            const double cost = 110.0 * y1 + 135.0 * y2 + 42.0 * z3 - value;
            points.push_back({value, cost});
          }
        }
  double best = 0;
  for (const Point& a : points) {
    if (a.cost <= budget) best = std::max(best, a.value);
    for (const Point& b : points) {
      if (!(a.cost > budget && b.cost <= budget)) continue;
      const double lambda = (budget - b.cost) / (a.cost - b.cost);
      best = std::max(best, b.value + lambda * (a.value - b.value));
    }
  }
  return best;
}

TEST(Frontier, EqualsBruteForceOnATinyChain) {
  const auto net = Network::Build(TinyFrontierChain());
  FrontierQuery q;
  q.link_weight.assign(net->link_count(), 1.0);
  q.max_premium = 0.1;
  q.steps = 11;
  q.target_share = 0.9;
  const Frontier f = ComputeFrontier(*net, q);
  const double value = 600 + 480 + 300 + 80;
  EXPECT_DOUBLE_EQ(f.value_yuan, value);
  EXPECT_DOUBLE_EQ(f.current_share, 80 / value);
  ASSERT_EQ(f.points.size(), 11u);
  for (const FrontierPoint& p : f.points) {
    const double moved = BruteForceMoved(p.premium * value);
    EXPECT_NEAR(p.moved_value_yuan, moved, 1e-6) << "premium " << p.premium;
    EXPECT_NEAR(p.local_share, (80 + moved) / value, 1e-9);
    EXPECT_LE(p.extra_cost_yuan, p.premium * value + 1e-6);
  }
  // Capacity: C1 can move 8 of its 10 units, C2 2 of 6; at most 80 + 1,000-ish of 1,460 stays out of 0.9.
  EXPECT_FALSE(f.target.reachable);
  EXPECT_NEAR(f.target.reachable_share, (80 + BruteForceMoved(1e12)) / value, 1e-9);
  ASSERT_FALSE(f.target.blocking.empty());
  const auto c2 = std::find_if(f.by_component.begin(), f.by_component.end(), [&](const ComponentFrontier& c) {
    return net->component(c.component).code == "C2";
  });
  ASSERT_NE(c2, f.by_component.end());
  EXPECT_NEAR(c2->stuck_value_yuan, 4 * 50, 1e-6);
  EXPECT_EQ(c2->limit, FrontierLimit::kCapacity);
  // A reachable target: the least premium found by its own LP is where the brute force first reaches it.
  // (At no premium 808 of value moves already — cheaper local makers pay for dearer ones — a share of
  // 0.61; capacity allows 0.726.)
  q.target_share = 0.7;
  const Frontier g = ComputeFrontier(*net, q);
  ASSERT_TRUE(g.target.reachable);
  ASSERT_TRUE(g.target.premium.has_value());
  EXPECT_GT(*g.target.premium, 0);
  EXPECT_NEAR((80 + BruteForceMoved(*g.target.premium * value)) / value, 0.7, 1e-9);
  EXPECT_LT((80 + BruteForceMoved(*g.target.premium * value - 1)) / value, 0.7);
  EXPECT_EQ(g.target.reached, *g.target.premium <= 0.1);
  q.target_share = 0.5;  // below the share at no premium: reached at 0
  EXPECT_EQ(ComputeFrontier(*net, q).target.premium, 0.0);
}

TEST(Frontier, MonotoneAndAtOrAboveTodayOnTheCalibratedChain) {
  const auto net = Network::Build(GenerateDataset({}));
  const auto shares = AttributePowertrains(*net, BuyerScope::kOems);
  for (Province province : {Province::kChongqing, Province::kSichuan}) {
    FrontierQuery q;
    q.link_weight.assign(net->link_count(), 0);
    for (std::uint32_t l = 0; l < net->link_count(); ++l) {
      const NetLink& link = net->link(l);
      if (net->enterprise(link.buyer).role == Role::kOem && net->province_of(link.buyer) == province)
        q.link_weight[l] = shares[l][1];  // NEV
    }
    const Frontier f = ComputeFrontier(*net, q);
    ASSERT_EQ(f.points.size(), 21u);
    EXPECT_GE(f.points.front().local_share, f.current_share - 1e-12);
    for (std::size_t i = 1; i < f.points.size(); ++i)
      EXPECT_GE(f.points[i].local_share, f.points[i - 1].local_share - 1e-9);
    EXPECT_LE(f.points.back().local_share, f.target.reachable_share + 1e-9);
    // Today's share is the localization engine's NEV row for the province.
    LocalizationQuery lq;
    lq.by = LocalizationKey::kPowertrain;
    lq.buyer_province = province;
    lq.deep = false;
    bool found = false;
    for (const LocalizationRow& row : Localize(*net, lq))
      if (row.key == "NEV") {
        EXPECT_NEAR(f.current_share, row.local_share_value(), 1e-9);
        found = true;
      }
    EXPECT_TRUE(found);
  }
}

/// The frontier's program written in full (a column for every group and local maker), solved at one premium.
double FullProgramMoved(const Network& net, const FrontierQuery& q, double premium, double value) {
  LpProblem lp;
  std::map<std::uint32_t, int> balance, capacity;
  const int budget = lp.AddRow(-kLpInfinity, premium * value);
  for (std::uint32_t l = 0; l < net.link_count(); ++l) {
    const NetLink& link = net.link(l);
    const Province bp = net.province_of(link.buyer);
    if (q.link_weight[l] <= 0 || net.province_of(link.supplier) == bp) continue;
    const std::uint32_t g = net.purchase_group_of(l);
    if (!balance.contains(g)) balance[g] = lp.AddRow(0, 0);
    const int z =
        lp.AddColumn(0, static_cast<double>(link.annual_volume) * q.link_weight[l], -link.unit_price_yuan);
    lp.Set(balance[g], z, 1);
    lp.Set(budget, z, -(1 - q.switching_cost) * link.unit_price_yuan);
  }
  for (const auto& [g, row] : balance) {
    const LinkGroup& group = net.purchase_group(g);
    double total = 0;
    std::map<std::uint32_t, double> current;
    for (std::uint32_t l : net.purchase_group_links(g)) {
      total += static_cast<double>(net.link(l).annual_volume);
      current[net.link(l).supplier.value] += static_cast<double>(net.link(l).annual_volume);
    }
    for (std::uint32_t ci : net.makers_of(group.component)) {
      const NetCapability& cap = net.capabilities()[ci];
      if (net.province_of(cap.supplier) != net.province_of(group.enterprise) ||
          cap.supplier == group.enterprise)
        continue;
      const double spare = static_cast<double>(cap.annual_capacity - cap.committed);
      const double room = q.max_share * total - current[cap.supplier.value];
      if (spare <= 0 || room <= 0) continue;
      if (!capacity.contains(ci)) capacity[ci] = lp.AddRow(-kLpInfinity, spare);
      const int y = lp.AddColumn(0, room, 0);
      lp.Set(row, y, -1);
      lp.Set(capacity[ci], y, 1);
      lp.Set(budget, y, net.data().capabilities[ci].unit_price_yuan);
    }
  }
  LpSolver solver;
  solver.Load(lp);
  const LpSolution s = solver.Solve();
  EXPECT_EQ(s.status, LpStatus::kOptimal);
  return -s.objective;
}

TEST(Frontier, PricingReachesTheFullProgramsOptimum) {
  // Many local makers of one component (more than a buyer starts with), random prices and capacities.
  std::mt19937 rng(7);
  for (int trial = 0; trial < 12; ++trial) {
    Dataset d = TinyFrontierChain();
    d.capabilities.erase(std::remove_if(d.capabilities.begin(), d.capabilities.end(),
                                        [](const Capability& c) { return c.supplier[0] == 'L'; }),
                         d.capabilities.end());
    for (int m = 0; m < 14; ++m) {
      const std::string id = fmt::format("M{}", m);
      d.enterprises.push_back({id, id, id, Role::kTier1, "500116", "", {}, 30, 0, true, ""});
      const int spare = std::uniform_int_distribution<int>(0, 4)(rng);
      d.capabilities.push_back({id, m % 3 == 0 ? "C2" : "C1", 10, 10 - spare,
                                std::uniform_real_distribution<double>(30, 160)(rng), 5, 0.9, 0});
    }
    for (int b = 0; b < 5; ++b) {  // more buyers, each buying from far away
      const std::string id = fmt::format("B{}", b);
      d.enterprises.push_back({id, id, id, Role::kOem, "500116", "", {}, 30, 0, true, ""});
      d.links.push_back({id, "F1", "C1", std::uniform_int_distribution<int>(2, 12)(rng), 100, 0, 0});
      d.links.push_back({id, "F3", "C2", std::uniform_int_distribution<int>(2, 12)(rng), 50, 0, 0});
    }
    const auto net = Network::Build(d);
    FrontierQuery q;
    q.link_weight.assign(net->link_count(), 1.0);
    q.max_premium = 0.15;
    q.steps = 4;
    q.max_share = trial % 2 ? 0.5 : 1.0;
    q.switching_cost = 0.05;
    const Frontier f = ComputeFrontier(*net, q);
    for (const FrontierPoint& p : f.points)
      EXPECT_NEAR(p.moved_value_yuan, FullProgramMoved(*net, q, p.premium, f.value_yuan), 1e-6)
          << "trial " << trial << " premium " << p.premium;
  }
}

TEST(Frontier, NothingToMoveAndBadInputs) {
  Dataset d = TinyFrontierChain();
  for (Capability& c : d.capabilities)
    if (c.supplier[0] == 'L') c.committed = c.annual_capacity;  // no spare capacity anywhere local
  const auto net = Network::Build(d);
  FrontierQuery q;
  q.link_weight.assign(net->link_count(), 1.0);
  const Frontier f = ComputeFrontier(*net, q);
  for (const FrontierPoint& p : f.points) EXPECT_DOUBLE_EQ(p.local_share, f.current_share);
  EXPECT_TRUE(std::any_of(f.warnings.begin(), f.warnings.end(),
                          [](const Message& m) { return m.code == "frontier.no_moves"; }));
  EXPECT_FALSE(f.target.reachable);
  q.steps = 1;
  EXPECT_THROW(ComputeFrontier(*net, q), InvalidInput);
  q.steps = 5;
  q.link_weight.pop_back();
  EXPECT_THROW(ComputeFrontier(*net, q), InvalidInput);
}

}  // namespace
}  // namespace chainscope
