// The disruption model on hand-computed chains, properties on random chains, the naive method and GLPK as
// independent checks, and the calibrated dataset.
#include <gtest/gtest.h>

#include <random>

#include "../analytics/random_chain.h"
#include "io/dataset_io.h"
#include "resilience/stress.h"
#include "test_util.h"
#include "tiny_chain.h"

namespace chainscope {
namespace {

std::shared_ptr<const Network> Build(const testing::TinyChain& t) {
  return Network::Build(t.data());
}

/// A random chain (made consistent, or left unbalanced as generated) with 0–10 days of stock at each buyer
/// and 0–5 days of finished goods at each maker.
std::shared_ptr<const Network> RandomChainWithStock(std::uint64_t seed, bool consistent) {
  Dataset d = testing::RandomChain(seed);
  if (consistent) testing::MakeConsistent(d);
  std::mt19937_64 rng(seed);
  for (auto& l : d.links) l.buyer_inventory_days = std::uniform_int_distribution<int>(0, 10)(rng);
  for (auto& c : d.capabilities) c.inventory_days = std::uniform_int_distribution<int>(0, 5)(rng);
  return Network::Build(std::move(d));
}

NodeRisk Assess(const Network& net, const std::string& node, double ttr_days, bool naive = false) {
  const SupplyNetwork chain(net);
  EXPECT_TRUE(chain.assumptions().empty());
  StressOptions o;
  o.ttr_days = ttr_days;
  o.naive = naive;
  return AssessNode(chain, net.FindEnterprise(node), o);
}

struct HandCase {
  std::string name;
  testing::TinyChain chain;
  std::string node;
  double ttr_days, tts_days, lost_vehicles, lost_yuan;
};

TEST(Stress, HandComputedCases) {
  using testing::TinyChain;
  std::vector<HandCase> cases;
  // Single source: the buyer holds 6 days, the supplier 4 days of finished goods: TTS = 10 days.
  cases.push_back({"single-sourced chain",
                   TinyChain()
                       .Component("X")
                       .Oem("O")
                       .Supplier("S")
                       .Line("L", "O", 1, 100000, {{"X", 1}})
                       .Makes("S", "X", 2, 1, 4)
                       .Buys("O", "S", "X", 1, 6),
                   "S", 25, 10, 15, 1.5e6});
  // Two sources of 2/day each; S2 has 1/day spare, the buyer 3 days of 4/day: short 1/day after 12 days.
  cases.push_back({"dual sourcing, some spare capacity",
                   TinyChain()
                       .Component("X")
                       .Oem("O")
                       .Supplier("S1")
                       .Supplier("S2")
                       .Line("L", "O", 4, 100000, {{"X", 1}})
                       .Makes("S1", "X", 2, 2)
                       .Makes("S2", "X", 3, 2)
                       .Buys("O", "S1", "X", 2, 3)
                       .Buys("O", "S2", "X", 2, 3),
                   "S1", 20, 12, 8, 8e5});
  // With 2/day spare the other source covers everything: nothing lost, TTS = the horizon.
  cases.push_back({"dual sourcing, enough spare capacity",
                   TinyChain()
                       .Component("X")
                       .Oem("O")
                       .Supplier("S1")
                       .Supplier("S2")
                       .Line("L", "O", 4, 100000, {{"X", 1}})
                       .Makes("S1", "X", 2, 2)
                       .Makes("S2", "X", 4, 2)
                       .Buys("O", "S1", "X", 2, 3)
                       .Buys("O", "S2", "X", 2, 3),
                   "S1", 20, 365, 0, 0});
  // Tier 2: X needs 2 Y. The tier-1 holds 10 Y (5 X) and 2 X, the OEM 8 X: 15 X at 2/day → 7.5 days.
  cases.push_back({"tier-2 disruption through a tier-1",
                   TinyChain()
                       .Component("X")
                       .Component("Y")
                       .Recipe("X", "Y", 2)
                       .Oem("O")
                       .Supplier("T1")
                       .Supplier("T2")
                       .Line("L", "O", 2, 100000, {{"X", 1}})
                       .Makes("T1", "X", 3, 2, 1)
                       .Makes("T2", "Y", 4, 4)
                       .Buys("O", "T1", "X", 2, 4)
                       .Buys("T1", "T2", "Y", 4, 2.5),
                   "T2", 10, 7.5, 5, 5e5});
  // Two lines share X: 8 units in stock for 20 needed over 10 days; the 300,000-yuan line keeps 8 vehicles,
  // the 100,000-yuan line loses all 10: 10 × 100,000 + 2 × 300,000.
  cases.push_back({"two lines sharing a component",
                   TinyChain()
                       .Component("X")
                       .Oem("O")
                       .Supplier("S")
                       .Line("cheap", "O", 1, 100000, {{"X", 1}})
                       .Line("rich", "O", 1, 300000, {{"X", 1}})
                       .Makes("S", "X", 2, 2)
                       .Buys("O", "S", "X", 2, 4),
                   "S", 10, 4, 12, 1.6e6});
  // A supplier nobody downstream turns into vehicles loses nothing.
  cases.push_back({"no vehicle downstream",
                   TinyChain()
                       .Component("X")
                       .Component("Z")
                       .Oem("O")
                       .Supplier("S")
                       .Supplier("Idle")
                       .Line("L", "O", 1, 100000, {{"X", 1}})
                       .Makes("S", "X", 2, 1)
                       .Makes("Idle", "Z", 5, 1)
                       .Buys("O", "S", "X", 1, 30)
                       .Buys("S", "Idle", "Z", 1, 0),
                   "Idle", 30, 365, 0, 0});
  for (const HandCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto net = Build(c.chain);
    for (bool naive : {false, true}) {
      const NodeRisk r = Assess(*net, c.node, c.ttr_days, naive);
      EXPECT_EQ(r.status, LpStatus::kOptimal);
      EXPECT_NEAR(r.tts_days, c.tts_days, 1e-6) << (naive ? "naive" : "restricted");
      EXPECT_NEAR(r.pi_vehicles, c.lost_vehicles, 1e-6);
      EXPECT_NEAR(r.pi_value_yuan, c.lost_yuan, 1e-3);
    }
  }
}

TEST(Stress, NodesWhoseSpareSourcesCoverThemNeedNoProgram) {
  auto chain_with = [](double s2_capacity) {
    return Build(testing::TinyChain()
                     .Component("X")
                     .Oem("O")
                     .Supplier("S1")
                     .Supplier("S2")
                     .Line("L", "O", 4, 100000, {{"X", 1}})
                     .Makes("S1", "X", 2, 2)
                     .Makes("S2", "X", s2_capacity, 2)
                     .Buys("O", "S1", "X", 2, 3)
                     .Buys("O", "S2", "X", 2, 3));
  };
  const auto covered = chain_with(4);  // S2 has 2 a day spare for S1's 2 a day
  const NodeRisk a = Assess(*covered, "S1", 20);
  EXPECT_TRUE(a.skipped);
  EXPECT_EQ(a.lp_columns, 0u);
  const auto short_of_it = chain_with(3.9);  // 1.9 a day spare: the 12 in stock run out after ~120 days
  const NodeRisk b = Assess(*short_of_it, "S1", 20);
  EXPECT_FALSE(b.skipped);
  EXPECT_GT(b.tts_days, 100);
  EXPECT_LT(b.tts_days, 130);
}

TEST(Stress, ACancelledSweepReturnsNoRanking) {
  const auto net = Network::Build(ReadDataset(testing::TestData() / "chain"));
  const SupplyNetwork chain(*net);
  const std::atomic<bool> cancel{true};
  std::size_t progress_calls = 0;
  const StressResult r = RunStress(
      chain, StressOptions{}, [&](std::size_t, std::size_t) { ++progress_calls; }, &cancel);
  EXPECT_TRUE(r.cancelled);
  EXPECT_TRUE(r.nodes.empty());
  EXPECT_EQ(progress_calls, 0u);
  const std::atomic<bool> go{false};
  const StressResult full = RunStress(chain, StressOptions{}, {}, &go);
  EXPECT_FALSE(full.cancelled);
  EXPECT_EQ(full.nodes.size(), 7u);
}

TEST(Stress, TheLowerValueLineIsCutFirst) {
  const auto net = Build(testing::TinyChain()
                             .Component("X")
                             .Oem("O")
                             .Supplier("S")
                             .Line("cheap", "O", 1, 100000, {{"X", 1}})
                             .Line("rich", "O", 1, 300000, {{"X", 1}})
                             .Makes("S", "X", 2, 2)
                             .Buys("O", "S", "X", 2, 4));
  const SupplyNetwork chain(*net);
  DisruptedNodes d;
  for (std::uint32_t q : chain.producers_of(net->FindEnterprise("S"))) d.producers.push_back(q);
  const BuiltModel b = chain.Build(d, {}, ModelScope::kRestricted);
  std::vector<double> loss(b.model.sites.size(), 0);
  loss[b.producer_site[d.producers[0]]] = 1;
  HorizonProgram program(b.model, loss);
  const Impact impact = program.PerformanceImpact(10);
  for (std::size_t i = 0; i < b.model.items.size(); ++i) {
    if (!b.end_item_line[i].valid()) continue;
    EXPECT_NEAR(impact.lost_by_item[i], net->line(b.end_item_line[i]).id == "cheap" ? 10 : 2, 1e-9);
  }
}

/// S is O's only supplier of X (2 a day; O holds 4 days); A makes X with 2 a day free but sells only to P.
std::shared_ptr<const Network> SoleSupplierWithAnIdleMaker() {
  return Build(testing::TinyChain()
                   .Component("X")
                   .Oem("O")
                   .Supplier("S")
                   .Supplier("A")
                   .Oem("P")
                   .Line("L", "O", 2, 100000, {{"X", 1}})
                   .Line("M", "P", 1, 50000, {{"X", 1}})
                   .Makes("S", "X", 2, 2)
                   .Makes("A", "X", 3, 1)
                   .Buys("O", "S", "X", 2, 4)
                   .Buys("P", "A", "X", 1, 0));
}

TEST(Stress, AlternativesAfterQualification) {
  // With alternatives after 5 days, O's 4 days of stock leave one day short: 2 vehicles lost over a 30-day
  // outage, TTS 4 days.
  const auto net = SoleSupplierWithAnIdleMaker();
  const SupplyNetwork chain(*net);
  StressOptions o;
  o.ttr_days = 30;
  EXPECT_NEAR(AssessNode(chain, net->FindEnterprise("S"), o).pi_vehicles, 52, 1e-6);  // 60 needed, 8 in stock
  o.model.alternatives = true;
  o.model.qualification_days = 5;
  for (bool naive : {false, true}) {
    o.naive = naive;
    const NodeRisk r = AssessNode(chain, net->FindEnterprise("S"), o);
    EXPECT_NEAR(r.tts_days, 4, 1e-6);
    EXPECT_NEAR(r.pi_vehicles, 2, 1e-6);
    EXPECT_EQ(r.lp_solves, 2u);  // PI, and one TTS: the stock runs out (day 4) before A qualifies (day 5)
  }
  // Qualified after 2 days, A joins within the stock's 4 days and covers the 2 a day for good: TTS needs a
  // second solve with A in it, and reaches the horizon.
  o.model.qualification_days = 2;
  o.naive = false;
  const NodeRisk quick = AssessNode(chain, net->FindEnterprise("S"), o);
  EXPECT_NEAR(quick.tts_days, o.horizon_days, 1e-6);
  EXPECT_EQ(quick.lp_solves, 3u);
}

TEST(Stress, MitigationBufferAndSecondSource) {
  const auto net = SoleSupplierWithAnIdleMaker();
  const SupplyNetwork chain(*net);
  StressOptions o;
  o.ttr_days = 30;
  const std::uint32_t source = chain.FindSource(net->FindEnterprise("O"), net->FindComponent("X"));
  const std::uint32_t a = chain.FindProducer(net->FindEnterprise("A"), net->FindComponent("X"));
  o.model.qualification_days = 5;
  const Mitigation m = Mitigate(chain, net->FindEnterprise("S"), o, {{source, a}});
  EXPECT_NEAR(m.pi_vehicles, 52, 1e-6);
  ASSERT_TRUE(m.buffer_possible);
  ASSERT_EQ(m.buffers.size(), 1u);
  EXPECT_NEAR(m.buffers[0].extra_units, 52, 1e-6);  // 60 needed over 30 days, 8 held
  EXPECT_NEAR(m.buffers[0].extra_days, 26, 1e-6);   // of S's 2 a day
  EXPECT_NEAR(m.buffers[0].extra_value_yuan, 52 * 100, 1e-6);
  EXPECT_NEAR(m.buffers[0].marginal_value_yuan, 100000, 1e-6);  // one unit more saves one vehicle
  EXPECT_NEAR(m.pi_with_second_sources_vehicles, 2, 1e-6);
}

TEST(Stress, RestrictedEqualsWholeNetworkAndPropertiesOnRandomChains) {
  int compared = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE(seed);
    const auto net = RandomChainWithStock(seed, true);
    const SupplyNetwork chain(*net);
    ASSERT_TRUE(chain.assumptions().empty());
    StressOptions o;
    o.ttr_days = 20;
    o.model.alternatives = seed % 2 == 0;
    o.model.qualification_days = 7;
    StressOptions naive = o;
    naive.naive = true;
    for (std::uint32_t e = 0; e < net->enterprise_count(); ++e) {
      const EnterpriseId node(e);
      const NodeRisk fast = AssessNode(chain, node, o);
      const NodeRisk slow = AssessNode(chain, node, naive);
      ASSERT_EQ(fast.status, LpStatus::kOptimal);
      EXPECT_NEAR(fast.pi_value_yuan, slow.pi_value_yuan, 1e-6 * std::max(1.0, slow.pi_value_yuan)) << e;
      EXPECT_NEAR(fast.tts_days, slow.tts_days, 1e-6 * std::max(1.0, slow.tts_days)) << e;
      ++compared;
      // PI does not fall as the time to recover grows.
      StressOptions longer = o;
      longer.ttr_days = 40;
      EXPECT_GE(AssessNode(chain, node, longer).pi_value_yuan, fast.pi_value_yuan - 1e-6);
      // TTS is at least the shortest stock cover of the sources the node ships to (their normal use).
      double cover = o.horizon_days;
      for (std::uint32_t l : net->links_by_supplier(node)) {
        const auto& src = chain.sources()[chain.link_source(l)];
        double use = 0;
        for (std::uint32_t x : src.links) use += static_cast<double>(net->link(x).annual_volume) / 365;
        if (use > 0) cover = std::min(cover, src.stock_units / use);
      }
      if (fast.reaches_vehicles && net->lines_of(node).empty()) {
        EXPECT_GE(fast.tts_days, cover - 1e-6) << e;
      }
      // A node with no customers loses nothing.
      if (net->links_by_supplier(node).empty() && net->lines_of(node).empty()) {
        EXPECT_EQ(fast.pi_value_yuan, 0);
      }
    }
  }
  EXPECT_GT(compared, 500);
}

// Unbalanced data: a line buying half of what it needs, a maker selling twice its recorded capacity. The
// chain is balanced by stated assumptions (an unrecorded source; capacity raised to sales) and analysed, not
// refused.
TEST(Stress, UnbalancedChainsAreAnalysedUnderStatedAssumptions) {
  // O's line needs 4 X a day but buys 2 a day from S: the unrecorded source brings the other 2. S down for
  // 10 days with no stock anywhere: 2 vehicles a day are lost (the unrecorded 2 a day keep coming), TTS 0.
  const auto half_bought = Build(testing::TinyChain()
                                     .Component("X")
                                     .Oem("O")
                                     .Supplier("S")
                                     .Line("L", "O", 4, 100000, {{"X", 1}})
                                     .Makes("S", "X", 2, 2)
                                     .Buys("O", "S", "X", 2, 0));
  const SupplyNetwork a(*half_bought);
  ASSERT_EQ(a.assumptions().size(), 1u);
  const ChainAssumption& gap = a.assumptions()[0];
  EXPECT_EQ(gap.kind, ChainAssumption::Kind::kUnrecordedSupply);
  EXPECT_EQ(half_bought->enterprise(gap.enterprise).id, "O");
  EXPECT_EQ(half_bought->component(gap.component).code, "X");
  EXPECT_EQ(gap.recorded_units_per_year, 730);
  EXPECT_EQ(gap.needed_units_per_year, 1460);
  EXPECT_EQ(gap.assumed_units_per_year(), 730);
  StressOptions o;
  o.ttr_days = 10;
  for (bool naive : {false, true}) {
    o.naive = naive;
    const NodeRisk r = AssessNode(a, half_bought->FindEnterprise("S"), o);
    EXPECT_EQ(r.status, LpStatus::kOptimal);
    EXPECT_NEAR(r.pi_vehicles, 20, 1e-6) << naive;
    EXPECT_NEAR(r.tts_days, 0, 1e-6) << naive;
  }
  const StressResult sweep = RunStress(a, StressOptions{});
  EXPECT_EQ(sweep.assumptions.size(), 1u);
  ASSERT_EQ(sweep.nodes.size(), 1u);
  EXPECT_GT(sweep.nodes[0].pi_vehicles, 0);

  // S sells 2 a day but records a capacity of 1 a day: it is taken to make what it sells. O holds 3 days:
  // S down for 10 days loses 20 − 6 = 14 vehicles, TTS 3 days.
  const auto over_capacity = Build(testing::TinyChain()
                                       .Component("X")
                                       .Oem("O")
                                       .Supplier("S")
                                       .Line("L", "O", 2, 100000, {{"X", 1}})
                                       .Makes("S", "X", 1, 1)
                                       .Buys("O", "S", "X", 2, 3));
  const SupplyNetwork b(*over_capacity);
  ASSERT_EQ(b.assumptions().size(), 1u);
  EXPECT_EQ(b.assumptions()[0].kind, ChainAssumption::Kind::kCapacityBelowSales);
  EXPECT_EQ(b.assumptions()[0].recorded_units_per_year, 365);
  EXPECT_EQ(b.assumptions()[0].needed_units_per_year, 730);
  EXPECT_EQ(ToString(b.assumptions()[0].kind), "capacity_below_sales");
  for (bool naive : {false, true}) {
    o.naive = naive;
    const NodeRisk r = AssessNode(b, over_capacity->FindEnterprise("S"), o);
    EXPECT_EQ(r.status, LpStatus::kOptimal);
    EXPECT_NEAR(r.pi_vehicles, 14, 1e-6) << naive;
    EXPECT_NEAR(r.tts_days, 3, 1e-6) << naive;
  }
}

// Random chains left as generated (not made consistent): the restricted model still equals the whole network.
TEST(Stress, RestrictedEqualsWholeNetworkOnUnbalancedRandomChains) {
  int compared = 0, unbalanced = 0;
  for (std::uint64_t seed = 101; seed <= 130; ++seed) {
    SCOPED_TRACE(seed);
    const auto net = RandomChainWithStock(seed, false);
    const SupplyNetwork chain(*net);
    unbalanced += chain.assumptions().empty() ? 0 : 1;
    StressOptions o;
    o.ttr_days = 20;
    o.model.alternatives = seed % 2 == 0;
    o.model.qualification_days = 7;
    StressOptions naive = o;
    naive.naive = true;
    for (std::uint32_t e = 0; e < net->enterprise_count(); ++e) {
      const NodeRisk fast = AssessNode(chain, EnterpriseId(e), o);
      const NodeRisk slow = AssessNode(chain, EnterpriseId(e), naive);
      ASSERT_EQ(fast.status, LpStatus::kOptimal) << e;
      ASSERT_EQ(slow.status, LpStatus::kOptimal) << e;
      EXPECT_NEAR(fast.pi_value_yuan, slow.pi_value_yuan, 1e-6 * std::max(1.0, slow.pi_value_yuan)) << e;
      EXPECT_NEAR(fast.tts_days, slow.tts_days, 1e-6 * std::max(1.0, slow.tts_days)) << e;
      ++compared;
    }
  }
  EXPECT_GT(unbalanced, 20);
  EXPECT_GT(compared, 300);
}

}  // namespace
}  // namespace chainscope
