// Chain analytics on a hand-computed network (tests/data/chain), as data-driven cases; properties on random
// chains against direct recomputation; calibration figures on the default dataset.
//
// The chain (yuan/yr = volume × price):
//   1 oemA(CQ) ← pack1(CQ)  PACK 1000 × 40,000 = 40 M     6 pack2 ← cell2(other) CELL 60,000 × 300 = 18 M
//   2 oemB(SC) ← pack2(SC)  PACK 1200 × 40,000 = 48 M     7 oemA ← eps1(CQ)  EPS 4000 × 2,500 = 10 M
//   3 oemB     ← pack1(CQ)  PACK  800 × 40,000 = 32 M     8 oemB ← eps2(abroad) EPS 2000 × 2,500 = 5 M
//   4 pack1    ← cell1(SC)  CELL 180,000 × 300 = 54 M     9 oemA ← ecu1(other) ECU 3000 × 1,000 = 3 M
//   5 pack2    ← cell1(SC)  CELL  60,000 × 300 = 18 M
// PACK needs 100 CELL: at 300 yuan that is 0.75 of the pack price, so a pack link's deep share is
// 0.25 (own value added) + 0.75 × (its maker's cell purchases' deep share).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../resilience/tiny_chain.h"
#include "analytics/calibration.h"
#include "analytics/critical_suppliers.h"
#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "random_chain.h"
#include "test_util.h"

namespace chainscope {
namespace {

constexpr double kEps = 1e-9;

std::shared_ptr<const Network> Chain() {
  static const auto net = Network::Build(ReadDataset(testing::TestData() / "chain"));
  return net;
}

const LocalizationRow* Row(const std::vector<LocalizationRow>& rows, std::string_view key) {
  for (const auto& r : rows)
    if (r.key == key) return &r;
  return nullptr;
}

struct LocalizationCase {
  std::string name;
  LocalizationKey by;
  BuyerScope scope;
  std::optional<Province> province;
  std::string key;
  double value_yuan, local_value, local_volume, regional_value, deep_local, deep_regional;
};

TEST(Localization, HandComputedCases) {
  const auto net = Chain();
  const double M = 1e6;
  const LocalizationCase cases[] = {
      // OEM purchases: 138 M; local 40 + 48 + 10 = 98 M; volume 12,000 of which local 6,200.
      // Deep local: link 1 0.25 × 40, link 2 (0.25 + 0.75 × 0.5) × 48 = 30, link 7 10 → 50 M.
      // Deep regional: link 1 40, link 2 30, link 3 32, link 7 10 → 112 M.
      {"total", LocalizationKey::kTotal, BuyerScope::kOems, std::nullopt, "total", 138 * M, 98.0 / 138,
       6200.0 / 12000, 130.0 / 138, 50.0 / 138, 112.0 / 138},
      // oemA's EPS feeds 1,000 NEV and 3,000 ICE vehicles: a quarter of link 7 is NEV.
      {"NEV", LocalizationKey::kPowertrain, BuyerScope::kOems, std::nullopt, "NEV", 127.5 * M, 90.5 / 127.5,
       (1000 + 1200 + 1000) / 6000.0, 122.5 / 127.5, 42.5 / 127.5, 104.5 / 127.5},
      {"ICE", LocalizationKey::kPowertrain, BuyerScope::kOems, std::nullopt, "ICE", 10.5 * M, 7.5 / 10.5,
       3000.0 / 6000, 7.5 / 10.5, 7.5 / 10.5, 7.5 / 10.5},
      {"Sichuan buyers", LocalizationKey::kTotal, BuyerScope::kOems, Province::kSichuan, "total", 85 * M,
       48.0 / 85, 1200.0 / 4000, 80.0 / 85, 30.0 / 85, 62.0 / 85},
      {"oemA", LocalizationKey::kOem, BuyerScope::kOems, std::nullopt, "oemA", 53 * M, 50.0 / 53,
       5000.0 / 8000, 50.0 / 53, 20.0 / 53, 50.0 / 53},
      // Every tier: + cells 90 M; cells' own share is 1 (no inputs).
      {"BAT all tiers", LocalizationKey::kAssembly, BuyerScope::kAllTiers, std::nullopt, "BAT", 210 * M,
       (40 + 48 + 18) / 210.0, (1000 + 1200 + 60000) / 303000.0, (120 + 72) / 210.0, (10 + 30 + 18) / 210.0,
       (40 + 30 + 32 + 72) / 210.0},
      {"cells in Chongqing", LocalizationKey::kComponent, BuyerScope::kAllTiers, Province::kChongqing, "CELL",
       54 * M, 0, 0, 1, 0, 1},
      {"place Chengdu", LocalizationKey::kPlace, BuyerScope::kAllTiers, std::nullopt, "510100",
       (48 + 32 + 5 + 18 + 18) * M, (48 + 18) / 121.0, (1200 + 60000) / 124000.0, (48 + 32 + 18) / 121.0,
       (30 + 18) / 121.0, (30 + 32 + 18) / 121.0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LocalizationQuery q;
    q.by = c.by;
    q.scope = c.scope;
    q.buyer_province = c.province;
    const auto rows = Localize(*net, q);
    const LocalizationRow* r = Row(rows, c.key);
    ASSERT_NE(r, nullptr);
    EXPECT_NEAR(r->value_yuan, c.value_yuan, 1e-3);
    EXPECT_NEAR(r->local_share_value(), c.local_value, kEps);
    EXPECT_NEAR(r->local_share_volume(), c.local_volume, kEps);
    EXPECT_NEAR(r->regional_share_value(), c.regional_value, kEps);
    EXPECT_NEAR(r->deep_local_share_value(), c.deep_local, kEps);
    EXPECT_NEAR(r->deep_regional_share_value(), c.deep_regional, kEps);
    EXPECT_NEAR(r->deep_unknown_value_yuan, 0, 1e-6);
  }
}

TEST(Localization, PowertrainAttributionReachesTheCellMakers) {
  // pack1 sells 1,000 packs to oemA (NEV) and 800 to oemB (NEV): all its cells are NEV. With every tier in
  // scope nothing is unattributed; EPS splits 1/4 NEV, 3/4 ICE at oemA.
  const auto shares = AttributePowertrains(*Chain(), BuyerScope::kAllTiers);
  for (std::size_t l = 0; l < 6; ++l) EXPECT_NEAR(shares[l][1], 1, kEps) << l;
  EXPECT_NEAR(shares[6][0], 0.75, kEps);
  EXPECT_NEAR(shares[6][1], 0.25, kEps);
  const auto oem_only = AttributePowertrains(*Chain(), BuyerScope::kOems);
  EXPECT_EQ(oem_only[3], (std::array<double, 3>{0, 0, 0}));  // a cell link has no vehicle line of its own
}

TEST(Localization, AnInputWithoutARecordedPurchaseIsOfUnknownOrigin) {
  Dataset d = ReadDataset(testing::TestData() / "chain");
  std::erase_if(d.links, [](const SupplyLink& l) { return l.buyer == "pack1"; });  // pack1's cells unknown
  const auto net = Network::Build(std::move(d));
  const DeepShares deep = ComputeDeepShares(*net);
  // Without purchases the cell is valued at its typical price, 320: 100 × 320 / 40,000 = 0.8 of the pack.
  EXPECT_NEAR(deep.per_link[0][DeepShares::kRegional], 0.2, kEps);  // only pack1's own value added
  EXPECT_NEAR(deep.per_link[0][DeepShares::kUnknown], 0.8, kEps);
}

TEST(Localization, EveryInputOfALongRecipeCounts) {
  // A is made of 20 inputs, each bought locally at the price of A: input shares 20 × 1, scaled to 1/20 each.
  testing::TinyChain t;
  t.Component("A").Oem("O").Supplier("S").Line("L", "O", 1, 100000, {{"A", 1}}).Makes("S", "A", 2, 1);
  for (int i = 0; i < 20; ++i) {
    const std::string input = testing::Id("I", i), maker = testing::Id("T", i);
    t.Component(input)
        .Recipe("A", input, 1)
        .Supplier(maker)
        .Makes(maker, input, 2, 1)
        .Buys("S", maker, input, 1);
  }
  t.Buys("O", "S", "A", 1);
  const auto net = Network::Build(t.data());
  const DeepShares deep = ComputeDeepShares(*net);
  const std::uint32_t top = net->link_count() - 1;  // O ← S
  EXPECT_NEAR(deep.per_link[top][DeepShares::kRegional], 1, 1e-12);
  EXPECT_NEAR(deep.per_link[top][DeepShares::kUnknown], 0, 1e-12);
}

TEST(Flows, CategoriesAndMatricesSumToThePurchases) {
  const FlowReport r = ComputeFlows(*Chain(), FlowQuery{});
  const double M = 1e6;
  EXPECT_NEAR(r.total_value_yuan, 228 * M, 1e-3);
  const auto cat = [&](FlowCategory c) { return r.category_value_yuan[static_cast<std::size_t>(c)]; };
  EXPECT_NEAR(cat(FlowCategory::kWithinChongqing), 50 * M, 1e-3);
  EXPECT_NEAR(cat(FlowCategory::kWithinSichuan), 66 * M, 1e-3);
  EXPECT_NEAR(cat(FlowCategory::kChongqingToSichuan), 32 * M, 1e-3);
  EXPECT_NEAR(cat(FlowCategory::kSichuanToChongqing), 54 * M, 1e-3);
  EXPECT_NEAR(cat(FlowCategory::kFromElsewhereInChina), 21 * M, 1e-3);
  EXPECT_NEAR(cat(FlowCategory::kFromAbroad), 5 * M, 1e-3);
  EXPECT_EQ(cat(FlowCategory::kOutsideRegion), 0);
  FlowQuery battery;
  battery.assembly = "BAT";
  battery.oem = Chain()->FindEnterprise("oemB");
  const FlowReport b = ComputeFlows(*Chain(), battery);
  ASSERT_EQ(b.places.size(), 2u);  // Chengdu → Chengdu 48 M, Jiangjin → Chengdu 32 M
  EXPECT_NEAR(b.places[0].value_yuan, 48 * M, 1e-3);
  EXPECT_EQ(Chain()->place(b.places[1].from).code, "500116");
}

TEST(WeakLinks, SingleSourcesConcentrationCoverageAndGaps) {
  const auto net = Chain();
  const WeakLinksReport r = AnalyzeWeakLinks(*net, WeakLinksQuery{});
  const double M = 1e6;
  EXPECT_EQ(r.source_pairs, 7u);
  ASSERT_EQ(r.single_sourced.size(), 5u);
  EXPECT_NEAR(r.single_sourced_value_yuan, 112 * M, 1e-3);
  EXPECT_EQ(net->enterprise(r.single_sourced[0].buyer).id, "pack1");  // 54 M of cells from cell1
  EXPECT_NEAR(r.purchase_value_yuan, 228 * M, 1e-3);
  auto hhi = [&](std::string_view code) {
    for (const Concentration& c : r.hhi_region)
      if (net->component(c.component).code == code) return c.hhi;
    return -1.0;
  };
  EXPECT_NEAR(hhi("PACK"), 5200, 1e-6);  // pack1 72 M, pack2 48 M
  EXPECT_NEAR(hhi("CELL"), 6800, 1e-6);  // cell1 72 M, cell2 18 M
  EXPECT_NEAR(hhi("EPS"), 50000.0 / 9, 1e-6);
  EXPECT_NEAR(hhi("ECU"), 10000, 1e-6);
  for (const Concentration& c : r.hhi_by_oem) {
    if (net->enterprise(c.oem).id == "oemB" && net->component(c.component).code == "PACK") {
      EXPECT_NEAR(c.hhi, 5200, 1e-6);
    }
  }
  struct Expect {
    std::string component;
    Area area;
    double demand, capacity;
  };
  const Expect coverage[] = {
      {"PACK", Area::kChongqing, 1000, 2000},   {"CELL", Area::kChongqing, 180000, 0},
      {"EPS", Area::kChongqing, 4000, 5000},    {"PACK", Area::kSichuan, 2000, 1500},
      {"CELL", Area::kSichuan, 120000, 300000}, {"EPS", Area::kSichuan, 2000, 0},
      {"PACK", Area::kRegion, 3000, 3500},      {"CELL", Area::kRegion, 300000, 300000},
      {"EPS", Area::kRegion, 6000, 5000},       {"ECU", Area::kRegion, 3000, 0}};
  for (const Expect& e : coverage) {
    SCOPED_TRACE(e.component + " " + std::string(ToString(e.area)));
    const Coverage* found = nullptr;
    for (const Coverage& c : r.coverage)
      if (net->component(c.component).code == e.component && c.area == e.area) found = &c;
    ASSERT_NE(found, nullptr);
    EXPECT_DOUBLE_EQ(found->demand_units, e.demand);
    EXPECT_DOUBLE_EQ(found->capacity_units, e.capacity);
  }
  // Gaps under 50%: CELL in Chongqing (54 M uncovered), EPS in Sichuan (5 M), ECU region and Chongqing (3 M).
  ASSERT_EQ(r.gaps.size(), 4u);
  EXPECT_EQ(net->component(r.gaps[0].component).code, "CELL");
  EXPECT_NEAR(r.gaps[0].uncovered_value_yuan(), 54 * M, 1e-3);
  EXPECT_EQ(net->component(r.gaps[1].component).code, "EPS");
  EXPECT_EQ(r.gaps[2].area, Area::kRegion);
  WeakLinksQuery strict;
  strict.gap_threshold = 1.0;  // PACK in Sichuan (75%) and EPS in the region (83%) join
  EXPECT_EQ(AnalyzeWeakLinks(*net, strict).gaps.size(), 6u);
}

TEST(CriticalSuppliers, HandComputedIncludingTierTwo) {
  const auto net = Chain();
  const auto critical = FindCriticalSuppliers(*net);
  // K(oemA, PACK) = {pack1, cell1}: cell1 is pack1's only cell source. oemB's packs have two independent
  // sources; pack2's cells too. eps1 feeds both of oemA's lines.
  struct Expect {
    std::string supplier;
    std::vector<std::pair<std::string, std::string>> cut;
    double vehicles, value_yuan;
  };
  const Expect expected[] = {
      {"eps1", {{"oemA", "EPS"}}, 4000, 500e6},
      {"eps2", {{"oemB", "EPS"}}, 2000, 300e6},
      {"ecu1", {{"oemA", "ECU"}}, 3000, 300e6},
      {"cell1", {{"oemA", "PACK"}, {"pack1", "CELL"}}, 1000, 200e6},
      {"pack1", {{"oemA", "PACK"}}, 1000, 200e6},
  };
  ASSERT_EQ(critical.size(), std::size(expected));
  for (std::size_t i = 0; i < critical.size(); ++i) {
    SCOPED_TRACE(expected[i].supplier);
    EXPECT_EQ(net->enterprise(critical[i].supplier).id, expected[i].supplier);
    std::vector<std::pair<std::string, std::string>> cut;
    for (const SourcePair& p : critical[i].cut)
      cut.push_back({net->enterprise(p.buyer).id, net->component(p.component).code});
    std::sort(cut.begin(), cut.end());
    EXPECT_EQ(cut, expected[i].cut);
    EXPECT_DOUBLE_EQ(critical[i].vehicles_exposed, expected[i].vehicles);
    EXPECT_DOUBLE_EQ(critical[i].value_exposed_yuan, expected[i].value_yuan);
  }
  WeakLinksQuery oems;
  oems.scope = BuyerScope::kOems;
  const auto r = AnalyzeWeakLinks(*net, oems);
  for (const CriticalSupplier& c : r.critical_suppliers)
    for (const SourcePair& p : c.cut) EXPECT_EQ(net->enterprise(p.buyer).role, Role::kOem);
}

struct ShiftCase {
  std::string name, component, place;
  std::int64_t capacity;
  std::int64_t units;
  double value_yuan, oem_gain_pp, all_tiers_gain_pp, single_sourced_drop_yuan;
};

TEST(Invest, PlannedShiftsByHand) {
  const auto net = Chain();
  const auto totals = [&](Province p, bool oem_only) {
    double v = 0;
    for (const NetLink& l : net->links())
      if (net->province_of(l.buyer) == p && (!oem_only || net->enterprise(l.buyer).role == Role::kOem))
        v += l.value_yuan();
    return v;
  };
  EXPECT_NEAR(totals(Province::kSichuan, true), 85e6, 1e-3);
  EXPECT_NEAR(totals(Province::kChongqing, false), 107e6, 1e-3);
  const ShiftCase cases[] = {
      // oemB buys 800 packs from Chongqing: 600 move (capacity), oemB keeps three sources.
      {"pack in Chengdu", "PACK", "510100", 600, 600, 24e6, 100 * 24.0 / 85, 100 * 24.0 / 121, 0},
      // at most half of oemB's 2,000 packs, and only the 800 non-local ones exist.
      {"pack, large", "PACK", "510100", 5000, 800, 32e6, 100 * 32.0 / 85, 100 * 32.0 / 121, 0},
      // oemB's EPS is single-sourced from abroad: half of it moves, a second source relieves 5 M.
      {"steering", "EPS", "510100", 5000, 1000, 2.5e6, 100 * 2.5 / 85, 100 * 2.5 / 121, 5e6},
      // pack1's cells come from Sichuan: half of 180,000 move to a Chongqing cell maker.
      {"cells in Jiangjin", "CELL", "500116", 300000, 90000, 27e6, 0, 100 * 27.0 / 107, 54e6},
      // oemA's packs are already local: nothing to take over.
      {"pack in Yongchuan", "PACK", "500118", 1000, 0, 0, 0, 0, 0},
  };
  for (const ShiftCase& c : cases) {
    SCOPED_TRACE(c.name);
    const ShiftPlan plan =
        PlanShift(*net, net->FindComponent(c.component), net->FindPlace(c.place), c.capacity, 0.5);
    EXPECT_EQ(plan.units, c.units);
    EXPECT_NEAR(plan.value_yuan, c.value_yuan, 1e-3);
    EXPECT_NEAR(plan.single_sourced_drop_yuan(), c.single_sourced_drop_yuan, 1e-3);
    if (c.units == 0) continue;
    // The ranking reports the same gains, and a full recomputation with the maker added agrees.
    InvestQuery q;
    q.component = net->FindComponent(c.component);
    q.capacity_units = c.capacity;
    q.top = 100;
    q.per_component = 0;
    bool ranked = false;
    for (const InvestTarget& t : RankInvestTargets(*net, q)) {
      if (net->place(t.place).code != c.place) continue;
      ranked = true;
      EXPECT_EQ(t.moved_units, c.units);
      EXPECT_NEAR(t.local_share_gain_pp, c.oem_gain_pp, 1e-9);
      EXPECT_NEAR(t.local_share_all_tiers_gain_pp, c.all_tiers_gain_pp, 1e-9);
    }
    EXPECT_TRUE(ranked);
    WhatIfSupplier s;
    s.component = c.component;
    s.place = c.place;
    s.capacity_units = c.capacity;
    const WhatIfResult w = RunWhatIf(*net, s);
    EXPECT_NEAR(100 * (w.after.local_share_value - w.before.local_share_value), c.oem_gain_pp, 1e-9);
    EXPECT_NEAR(100 * (w.after.local_share_all_tiers_value - w.before.local_share_all_tiers_value),
                c.all_tiers_gain_pp, 1e-9);
    EXPECT_NEAR(w.before.single_sourced_value_yuan - w.after.single_sourced_value_yuan,
                c.single_sourced_drop_yuan, 1e-3);
  }
}

TEST(Invest, RankingExplainsFocusAndRejectsBadInput) {
  const auto net = Chain();
  InvestQuery q;
  q.top = 100;
  q.per_component = 0;
  const auto targets = RankInvestTargets(*net, q);
  ASSERT_FALSE(targets.empty());
  for (std::size_t i = 1; i < targets.size(); ++i) EXPECT_GE(targets[i - 1].score, targets[i].score);
  // oemA (Jiangjin) buys its ECUs from elsewhere in China; Yongchuan's stated focus includes ECU, Jiangjin's
  // does not. Both are within 100 km of oemA, so only the focus part tells them apart.
  const InvestTarget *yongchuan = nullptr, *jiangjin = nullptr;
  for (const InvestTarget& t : targets)
    if (net->component(t.component).code == "ECU")
      (net->place(t.place).code == "500118" ? yongchuan : jiangjin) = &t;
  ASSERT_TRUE(yongchuan && jiangjin);
  EXPECT_TRUE(yongchuan->focus);
  EXPECT_FALSE(jiangjin->focus);
  EXPECT_NEAR(yongchuan->score - jiangjin->score, InvestWeights{}.focus, 1e-12);
  for (const InvestTarget& t : targets) {
    double score = 0;
    const InvestWeights w;
    const double weights[] = {w.gap, w.focus, w.buyers, w.cluster, w.resilience};
    for (std::size_t k = 0; k < 5; ++k) {
      EXPECT_GE(t.parts[k], 0);
      EXPECT_LE(t.parts[k], 1);
      score += weights[k] * t.parts[k];
    }
    EXPECT_NEAR(t.score, score, 1e-12);
  }
  // The what-if measures agree with the localization engine's total rows.
  for (Province p : {Province::kChongqing, Province::kSichuan}) {
    const WhatIfMeasures m = MeasureForWhatIf(*net, net->FindComponent("PACK"), p);
    LocalizationQuery lq;
    lq.buyer_province = p;
    EXPECT_NEAR(m.local_share_value, Localize(*net, lq).front().local_share_value(), 1e-12);
    EXPECT_NEAR(m.regional_share_value, Localize(*net, lq).front().regional_share_value(), 1e-12);
    lq.scope = BuyerScope::kAllTiers;
    EXPECT_NEAR(m.local_share_all_tiers_value, Localize(*net, lq).front().local_share_value(), 1e-12);
    lq.component = net->FindComponent("PACK");
    EXPECT_NEAR(m.component_local_share_value, Localize(*net, lq).front().local_share_value(), 1e-12);
  }
  q.max_share = 0;
  EXPECT_THROW(RankInvestTargets(*net, q), InvalidInput);
  WhatIfSupplier abroad;
  abroad.component = "PACK";
  abroad.place = "ABROAD";
  EXPECT_THROW(RunWhatIf(*net, abroad), InvalidInput);
  WhatIfSupplier taken;
  taken.component = "PACK";
  taken.place = "500116";
  taken.id = "pack1";
  EXPECT_THROW(RunWhatIf(*net, taken), InvalidInput);
  // A stop (a request's deadline) ends the ranking and the what-if with Cancelled.
  std::atomic<bool> stop{true};
  q.max_share = 0.5;
  EXPECT_THROW(RankInvestTargets(*net, q, &stop), Cancelled);
  WhatIfSupplier fine;
  fine.component = "PACK";
  fine.place = "500116";
  EXPECT_THROW(RunWhatIf(*net, fine, &stop), Cancelled);
  stop = false;
  EXPECT_NO_THROW(RunWhatIf(*net, fine, &stop));
  InvestWeights weights;
  EXPECT_THROW(weights.Set("colour", 1), InvalidInput);
  EXPECT_THROW(weights.Set("gap", -1), InvalidInput);
}

// ---- properties on random chains -------------------------------------------------------------------

TEST(CriticalSuppliers, KillSetsAgreeWithDirectPropagationOnRandomChains) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    testing::RandomChainOptions o;
    o.max_sources = 1 + static_cast<int>(seed % 3);
    const auto net = Network::Build(testing::RandomChain(seed, o));
    const SourcingGraph graph(*net);
    std::map<std::uint32_t, std::vector<SourcePair>> fast;
    for (const CriticalSupplier& c : graph.CriticalSuppliers()) fast[c.supplier.value] = c.cut;
    for (std::uint32_t e = 0; e < net->enterprise_count(); ++e) {
      const auto direct = graph.CutByLoss(EnterpriseId(e));
      const auto it = fast.find(e);
      EXPECT_EQ(direct, it == fast.end() ? std::vector<SourcePair>{} : it->second)
          << net->enterprise(EnterpriseId(e)).id;
    }
  }
}

TEST(Analytics, InvariantsOnRandomChains) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    SCOPED_TRACE(seed);
    const auto net = Network::Build(testing::RandomChain(seed));
    double all_value = 0;
    for (const NetLink& l : net->links()) all_value += l.value_yuan();
    for (LocalizationKey by : {LocalizationKey::kTotal, LocalizationKey::kPowertrain,
                               LocalizationKey::kComponent, LocalizationKey::kPlace}) {
      LocalizationQuery q;
      q.by = by;
      q.scope = BuyerScope::kAllTiers;
      double sum = 0;
      for (const LocalizationRow& r : Localize(*net, q)) {
        sum += r.value_yuan;
        for (double share : {r.local_share_value(), r.local_share_volume(), r.regional_share_value(),
                             r.deep_local_share_value(), r.deep_regional_share_value()}) {
          EXPECT_GE(share, -kEps);
          EXPECT_LE(share, 1 + kEps);
        }
        EXPECT_LE(r.deep_local_value_yuan, r.local_value_yuan * (1 + kEps) + 1e-6);  // deep ⊆ first tier
        EXPECT_LE(r.deep_regional_value_yuan, r.regional_value_yuan * (1 + kEps) + 1e-6);
        EXPECT_LE(r.local_value_yuan, r.regional_value_yuan * (1 + kEps) + 1e-6);
      }
      EXPECT_NEAR(sum, all_value,
                  1e-6 * std::max(1.0, all_value));  // every link is in exactly one row (or split)
    }
    const FlowReport f = ComputeFlows(*net, FlowQuery{});
    double places = 0, categories = 0, provinces = 0;
    for (const Flow& x : f.places) places += x.value_yuan;
    for (double v : f.category_value_yuan) categories += v;
    for (const auto& row : f.province_value_yuan)
      for (double v : row) provinces += v;
    for (double v : {places, categories, provinces, f.total_value_yuan})
      EXPECT_NEAR(v, all_value, 1e-6 * std::max(1.0, all_value));
    const WeakLinksReport w = AnalyzeWeakLinks(*net, WeakLinksQuery{});
    for (const Concentration& c : w.hhi_region) {
      EXPECT_GE(c.hhi, 10000.0 / static_cast<double>(c.suppliers) - 1e-6);
      EXPECT_LE(c.hhi, 10000 + 1e-6);
    }
    EXPECT_LE(w.single_sourced_value_yuan, w.purchase_value_yuan + 1e-6);
  }
}

TEST(Invest, RankedGainsEqualFullRecomputationOnRandomChains) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE(seed);
    const auto net = Network::Build(testing::RandomChain(seed));
    InvestQuery q;
    q.top = 3;
    q.max_share = 0.3 + 0.1 * static_cast<double>(seed % 7);
    for (const InvestTarget& t : RankInvestTargets(*net, q)) {
      WhatIfSupplier s;
      s.component = net->component(t.component).code;
      s.place = net->place(t.place).code;
      s.capacity_units = t.capacity_units;
      s.max_share = q.max_share;
      const WhatIfResult w = RunWhatIf(*net, s);
      EXPECT_EQ(w.plan.units, t.moved_units);
      EXPECT_NEAR(100 * (w.after.local_share_value - w.before.local_share_value), t.local_share_gain_pp,
                  1e-7);
      EXPECT_NEAR(100 * (w.after.local_share_all_tiers_value - w.before.local_share_all_tiers_value),
                  t.local_share_all_tiers_gain_pp, 1e-7);
      EXPECT_NEAR(w.before.single_sourced_value_yuan - w.after.single_sourced_value_yuan,
                  t.single_sourced_drop_yuan, 1e-6 * std::max(1.0, w.before.single_sourced_value_yuan));
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

// ---- the calibrated default dataset ------------------------------------------------------------------

TEST(Analytics, DefaultDatasetReproducesTheCalibratedLocalSourcing) {
  const auto net = Network::Build(GenerateDataset({}));
  LocalizationQuery q;
  q.by = LocalizationKey::kPowertrain;
  q.buyer_province = Province::kChongqing;
  const auto rows = Localize(*net, q);
  const LocalizationRow* ice = Row(rows, "ICE");
  const LocalizationRow* nev = Row(rows, "NEV");
  ASSERT_TRUE(ice && nev);
  EXPECT_NEAR(ice->local_share_value(), 0.70, 0.03);
  EXPECT_NEAR(nev->local_share_value(), 0.30, 0.03);
  for (const CalibrationFigure& f : MeasureCalibration(*net)) {
    if (f.key == "local_share_ice_chongqing") {
      EXPECT_NEAR(ice->local_share_value(), f.value, 1e-12);
    }
    if (f.key == "local_share_nev_chongqing") {
      EXPECT_NEAR(nev->local_share_value(), f.value, 1e-12);
    }
  }
  // The deep view never exceeds the first tier; every input of the generated chain has a recorded source.
  EXPECT_LT(nev->deep_local_share_value(), nev->local_share_value());
  EXPECT_NEAR(nev->deep_unknown_value_yuan, 0, 1e-6 * nev->value_yuan);
}

TEST(CriticalSuppliers, DefaultDatasetAgreesWithDirectPropagation) {
  const auto net = Network::Build(GenerateDataset({}));
  const SourcingGraph graph(*net);
  const auto critical = graph.CriticalSuppliers();
  ASSERT_FALSE(critical.empty());
  std::map<std::uint32_t, const CriticalSupplier*> by_id;
  for (const CriticalSupplier& c : critical) by_id[c.supplier.value] = &c;
  // Every enterprise that supplies something (the others cannot cut a source).
  std::size_t checked = 0;
  for (std::uint32_t e = 0; e < net->enterprise_count(); ++e) {
    if (net->links_by_supplier(EnterpriseId(e)).empty()) continue;
    const auto direct = graph.CutByLoss(EnterpriseId(e));
    const auto it = by_id.find(e);
    ASSERT_EQ(direct, it == by_id.end() ? std::vector<SourcePair>{} : it->second->cut) << e;
    ++checked;
  }
  EXPECT_GT(checked, 1500u);
}

}  // namespace
}  // namespace chainscope
