// Site selection: CBC's optimum against brute force over every set of open sites (each assignment solved by
// LEMON's network simplex, an independent solver), a hand-checked instance, the suitability ranking's
// sensitivity, the model built from a chain, and degenerate inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/places.h"
#include "dataset/generator.h"
#include "match/transport.h"
#include "planning/site_selection.h"

namespace chainscope {
namespace {

/// A model with one customer per group and integer distances and costs, so that brute force is exact.
SiteModel RandomModel(std::mt19937& rng, int candidates, int groups, int max_sites, bool with_existing) {
  SiteModel m;
  m.cost.max_sites = max_sites;
  m.cost.transport_yuan_per_unit_km = std::uniform_int_distribution<int>(1, 3)(rng);
  m.cost.unmet_penalty_yuan_per_unit = std::uniform_int_distribution<int>(50, 400)(rng);
  if (with_existing) {
    SiteCandidate e;
    e.id = "E";
    e.kind = SiteKind::kExisting;
    e.capacity_units = std::uniform_int_distribution<int>(0, 40)(rng);
    m.candidates.push_back(e);
  }
  for (int j = 0; j < candidates; ++j) {
    SiteCandidate c;
    c.id = "S" + std::to_string(j);
    c.capacity_units = std::uniform_int_distribution<int>(20, 90)(rng);
    c.fixed_cost_yuan = std::uniform_int_distribution<int>(500, 6000)(rng);
    m.candidates.push_back(c);
  }
  for (int g = 0; g < groups; ++g) {
    SiteCustomer c;
    c.buyer = EnterpriseId(static_cast<std::uint32_t>(g));
    c.purchase_units = std::uniform_int_distribution<int>(5, 60)(rng);
    m.customers.push_back(c);
    m.groups.push_back(
        {PlaceId(static_cast<std::uint32_t>(g)), {static_cast<std::uint32_t>(g)}, c.purchase_units});
    for (std::uint32_t j = 0; j < m.candidates.size(); ++j) {
      const int d = std::uniform_int_distribution<int>(0, 200)(rng);
      if (d > 170) continue;  // beyond the radius
      m.arcs.push_back({static_cast<std::uint32_t>(g), j, static_cast<double>(d)});
    }
  }
  return m;
}

/// The best cost with exactly the new sites in `open` (and the existing plant) open.
double AssignmentCost(const SiteModel& m, const std::vector<std::uint32_t>& open) {
  std::vector<int> supply_of(m.candidates.size(), -1);
  TransportProblem p;
  double fixed = 0;
  for (std::uint32_t j = 0; j < m.candidates.size(); ++j) {
    const bool is_open =
        m.candidates[j].kind == SiteKind::kExisting || std::find(open.begin(), open.end(), j) != open.end();
    if (!is_open) continue;
    supply_of[j] = static_cast<int>(p.supply.size());
    p.supply.push_back(m.candidates[j].capacity_units);
    fixed += m.candidates[j].fixed_cost_yuan;
  }
  for (const auto& g : m.groups) {
    p.demand.push_back(g.units);
    p.unmet_cost.push_back(std::llround(m.cost.unmet_penalty_yuan_per_unit));
  }
  for (const auto& a : m.arcs) {
    if (supply_of[a.candidate] < 0) continue;
    p.arcs.push_back({static_cast<std::uint32_t>(supply_of[a.candidate]), a.group, m.groups[a.group].units,
                      std::llround(m.cost.transport_yuan_per_unit_km * a.distance_km)});
  }
  const TransportSolution s = SolveTransport(p);
  EXPECT_EQ(s.status, TransportStatus::kOptimal);
  return fixed + static_cast<double>(s.cost);
}

double BruteForce(const SiteModel& m) {
  std::vector<std::uint32_t> news;
  for (std::uint32_t j = 0; j < m.candidates.size(); ++j)
    if (m.candidates[j].kind != SiteKind::kExisting) news.push_back(j);
  double best = INFINITY;
  for (std::uint32_t mask = 0; mask < (1u << news.size()); ++mask) {
    if (std::popcount(mask) > m.cost.max_sites) continue;
    std::vector<std::uint32_t> open;
    for (std::size_t i = 0; i < news.size(); ++i)
      if (mask & (1u << i)) open.push_back(news[i]);
    best = std::min(best, AssignmentCost(m, open));
  }
  return best;
}

TEST(SiteSelection, CbcOptimumEqualsBruteForceOverEverySetOfSites) {
  std::mt19937 rng(20240611);
  for (int trial = 0; trial < 60; ++trial) {
    const int candidates = std::uniform_int_distribution<int>(1, 7)(rng);
    const int groups = std::uniform_int_distribution<int>(1, 8)(rng);
    const int k = std::uniform_int_distribution<int>(0, 3)(rng);
    const SiteModel m = RandomModel(rng, candidates, groups, k, trial % 2 == 0);
    const SiteSolution s = SolveSiteModel(m, {});
    ASSERT_EQ(s.status, MipStatus::kOptimal) << "trial " << trial;
    const double brute = BruteForce(m);
    EXPECT_NEAR(s.total_cost_yuan, brute, 1e-6 * std::max(1.0, brute)) << "trial " << trial;
    EXPECT_LE(s.bound_yuan, s.total_cost_yuan + 1e-6);
    EXPECT_LE(s.gap, 1e-6);
    int new_sites = 0;
    std::int64_t served = 0;
    for (const ChosenSite& c : s.chosen) {
      const SiteCandidate& cand = m.candidates[c.candidate];
      if (cand.kind != SiteKind::kExisting) ++new_sites;
      EXPECT_LE(c.units, cand.capacity_units);
      served += c.units;
    }
    EXPECT_LE(new_sites, k);
    EXPECT_EQ(served + s.unserved_units, s.demand_units);
    EXPECT_NEAR(s.total_cost_yuan, s.fixed_cost_yuan + s.transport_cost_yuan + s.penalty_yuan, 1e-6);
  }
}

TEST(SiteSelection, HandCheckedInstance) {
  // Customers: 100 units at g0, 60 at g1. Sites: A (0 km to g0, 100 km to g1, fixed 1,000, capacity 150),
  // B (100 km to g0, 0 km to g1, fixed 800, capacity 150). t = 1 yuan/unit-km, penalty 30 yuan/unit.
  // K = 1: A serves g0 (0) and g1 (60 × 100 = 6,000 > 60 × 30 = 1,800: unserved) → 1,000 + 1,800 = 2,800;
  //        B: g1 (0), g0 unserved 3,000 → 3,800. K = 2: both → 1,800. Best for K = 2 is 1,800.
  SiteModel m;
  m.cost.transport_yuan_per_unit_km = 1;
  m.cost.unmet_penalty_yuan_per_unit = 30;
  m.cost.max_sites = 1;
  m.candidates = {{"A", SiteKind::kPlace, PlaceId(0), 150, 0, 1000, {}},
                  {"B", SiteKind::kPlace, PlaceId(1), 150, 0, 800, {}}};
  m.customers = {{EnterpriseId(0), 100, 0, {}, {}}, {EnterpriseId(1), 60, 0, {}, {}}};
  m.groups = {{PlaceId(0), {0}, 100}, {PlaceId(1), {1}, 60}};
  m.arcs = {{0, 0, 0}, {0, 1, 100}, {1, 0, 100}, {1, 1, 0}};
  SiteSolution s = SolveSiteModel(m, {});
  EXPECT_DOUBLE_EQ(s.total_cost_yuan, 2800);
  ASSERT_EQ(s.chosen.size(), 1u);
  EXPECT_EQ(m.candidates[s.chosen[0].candidate].id, "A");
  EXPECT_EQ(s.chosen[0].units, 100);
  EXPECT_EQ(s.unserved_units, 60);
  m.cost.max_sites = 2;
  s = SolveSiteModel(m, {});
  EXPECT_DOUBLE_EQ(s.total_cost_yuan, 1800);
  EXPECT_EQ(s.chosen.size(), 2u);
  m.cost.max_sites = 0;  // K = 0: nothing opens, everything is unserved
  s = SolveSiteModel(m, {});
  EXPECT_DOUBLE_EQ(s.total_cost_yuan, 160 * 30);
  EXPECT_TRUE(s.chosen.empty());
}

TEST(SiteSelection, SensitivityIsTheWeightChangeAtWhichFirstPlaceTies) {
  std::vector<Suitability> items(3);
  items[0].candidate = 0;
  items[0].parts = {1, 0, 0, 0.5, 0, 0.2};
  items[1].candidate = 1;
  items[1].parts = {0.4, 1, 1, 0.5, 1, 0.9};
  items[2].candidate = 2;
  items[2].parts = {0.2, 0.1, 0, 0, 0, 0.1};
  SuitabilityWeights w{0.6, 0.1, 0.1, 0.1, 0.0, 0.1};
  const auto score = [](const Suitability& s, const SuitabilityWeights& w) {
    double x = 0;
    for (std::size_t k = 0; k < w.size(); ++k) x += w[k] * s.parts[k];
    return x;
  };
  for (auto& s : items) s.score = score(s, w);
  ASSERT_GT(items[0].score, items[1].score);
  const auto sens = WeightSensitivities(items, w);
  ASSERT_EQ(sens.size(), kSuitabilityPartCount);
  const auto moved = [&](std::size_t k, double delta) {
    SuitabilityWeights v = w;
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = i == k ? w[k] + delta : w[i] * (1 - w[k] - delta) / (1 - w[k]);
    return v;
  };
  // Lowering "buyers" (0.6) by the reported amount makes site 1 tie with site 0; a little more puts it first.
  ASSERT_TRUE(sens[0].down.has_value());
  EXPECT_EQ(sens[0].down_winner, 1u);
  EXPECT_FALSE(sens[0].up.has_value());  // raising buyers only helps site 0
  const auto at = moved(0, -*sens[0].down);
  EXPECT_NEAR(score(items[0], at), score(items[1], at), 1e-12);
  const auto past = moved(0, -*sens[0].down - 0.01);
  EXPECT_GT(score(items[1], past), score(items[0], past));
  const auto before = moved(0, -*sens[0].down + 0.01);
  EXPECT_GT(score(items[0], before), score(items[1], before));
  // Raising "incentives" (0) moves first place to site 1 too.
  ASSERT_TRUE(sens[4].up.has_value());
  EXPECT_EQ(sens[4].up_winner, 1u);
  const auto up = moved(4, *sens[4].up);
  EXPECT_NEAR(score(items[0], up), score(items[1], up), 1e-12);
}

class SiteSelectionOnChain : public ::testing::Test {
 protected:
  static const Network& Net() {
    static const auto net = Network::Build(GenerateDataset({}));
    return *net;
  }
  /// A parts maker of `component` in Sichuan, with its component.
  static std::pair<EnterpriseId, ComponentId> SichuanMaker(std::string_view component) {
    const Network& net = Net();
    const ComponentId c = net.FindComponent(component);
    for (std::uint32_t ci : net.makers_of(c)) {
      const EnterpriseId e = net.capabilities()[ci].supplier;
      if (net.province_of(e) == Province::kSichuan) return {e, c};
    }
    return {};
  }
};

TEST_F(SiteSelectionOnChain, ChoosesAtMostKSitesWithinTheRadiusAndStatesItsCosts) {
  const Network& net = Net();
  const auto [e, c] = SichuanMaker("BDY-SEAT");
  ASSERT_TRUE(e.valid());
  SiteQuery q;
  q.enterprise = e;
  q.component = c;
  q.capacity_units = 200'000;
  q.max_sites = 2;
  q.radius_km = 150;
  q.demands = net.data().demands;
  q.incentives["500153"] = {0.3, {{0.08, 2e7, 5e7}, {0.01, 1e9, 0}}, {"PL00001", "PL00002"}};  // Rongchang
  const SiteSelection r = SelectSites(net, q);
  ASSERT_EQ(r.solution.status, MipStatus::kOptimal);
  EXPECT_FALSE(r.model.customers.empty());
  EXPECT_LE(r.solution.gap, 1e-6);
  int new_sites = 0;
  for (const ChosenSite& s : r.solution.chosen) {
    const SiteCandidate& cand = r.model.candidates[s.candidate];
    new_sites += cand.kind != SiteKind::kExisting;
    EXPECT_LE(s.units, cand.capacity_units);
    std::int64_t units = 0;
    for (const ServedCustomer& sc : s.served) {
      EXPECT_LE(sc.distance_km, 150.0);
      std::int64_t moved = 0;
      for (const auto& [l, u] : sc.from_links) {
        EXPECT_EQ(net.link(l).buyer, sc.buyer);
        EXPECT_LE(u, net.link(l).annual_volume);
        moved += u;
      }
      EXPECT_EQ(moved, sc.purchase_units);
      units += sc.units;
    }
    EXPECT_EQ(units, s.units);
  }
  EXPECT_LE(new_sites, 2);
  // The cost model recomputes the fixed cost of Rongchang: 0.8 × price × capacity, minus 30% of the land
  // fifth and min(20 M, 8%) of it, over 10 years.
  const SiteCostModel& cm = r.model.cost;
  EXPECT_DOUBLE_EQ(cm.investment_yuan, 0.8 * cm.unit_price_yuan * 200'000);
  for (const SiteCandidate& cand : r.model.candidates) {
    if (cand.id != "500153") continue;
    const double once = 0.2 * cm.investment_yuan * 0.3 +
                        std::max(std::min(2e7, 0.08 * cm.investment_yuan), 0.01 * cm.investment_yuan);
    EXPECT_NEAR(cand.fixed_cost_yuan, (cm.investment_yuan - once) / 10, 1e-6);
  }
  // Every new candidate is ranked, the scores are the weighted parts, best first.
  EXPECT_EQ(r.ranking.items.size(),
            r.model.candidates.size() - (r.model.candidates.front().kind == SiteKind::kExisting));
  for (std::size_t i = 1; i < r.ranking.items.size(); ++i)
    EXPECT_GE(r.ranking.items[i - 1].score, r.ranking.items[i].score);
}

TEST_F(SiteSelectionOnChain, DegenerateInputsGiveClearAnswers) {
  const Network& net = Net();
  const auto [e, c] = SichuanMaker("BDY-SEAT");
  SiteQuery q;
  q.enterprise = e;
  q.component = c;
  q.capacity_units = 1000;
  q.max_sites = 0;
  SiteSelection r = SelectSites(net, q);
  for (const ChosenSite& s : r.solution.chosen)
    EXPECT_EQ(r.model.candidates[s.candidate].kind, SiteKind::kExisting);
  EXPECT_TRUE(std::any_of(r.warnings.begin(), r.warnings.end(),
                          [](const Message& m) { return m.code == "site.no_new_sites"; }));
  // Only candidates far from every buyer, a tiny radius: nobody can be served.
  q.max_sites = 1;
  q.radius_km = 0.001;
  q.candidates = {"513400"};  // Liangshan
  q.keep_existing = false;
  r = SelectSites(net, q);
  EXPECT_TRUE(r.solution.chosen.empty());
  EXPECT_EQ(r.solution.served_units, 0);
  q.capacity_units = 0;
  try {
    SelectSites(net, q);
    FAIL() << "capacity 0 accepted";
  } catch (const InvalidInput& x) {
    ASSERT_TRUE(x.reason());
    EXPECT_EQ(x.reason()->code, "site.bad_field");
    EXPECT_NE(std::string(x.what()).find("capacity"), std::string::npos);
  }
  q.capacity_units = 10;
  q.candidates = {"NOWHERE"};
  EXPECT_THROW(SelectSites(net, q), InvalidInput);
  q.candidates = {};
  q.weights = {0.5, 0.5, 0.5, 0, 0, 0};
  EXPECT_THROW(SelectSites(net, q), InvalidInput);
}

}  // namespace
}  // namespace chainscope
