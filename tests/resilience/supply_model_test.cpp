// The LP core of the resilience model on published and hand-computed instances.
#include <gtest/gtest.h>

#include "resilience/supply_model.h"

namespace chainscope {
namespace {

// Case 3.1 "Disruption Risk Analytics" (HEC Montréal supply-chain analytics course): suppliers S1, S2, S3
// with capacity 30, 45, 60 per period, each able to make both products; P1 and P2 with demand 75 and 50 per
// period, inventory 20 and 25, loss 5,000 and 6,500 per unit; time to recover 2 periods.
SupplyModel HecCase() {
  SupplyModel m;
  const std::uint32_t p1 = m.AddItem({"P1", 20, 0, 75, 5000});
  const std::uint32_t p2 = m.AddItem({"P2", 25, 0, 50, 6500});
  for (double capacity : {30.0, 45.0, 60.0}) {
    const std::uint32_t k = m.AddSite({"S", capacity});
    m.AddActivity({"make P1", p1, k, {}});
    m.AddActivity({"make P2", p2, k, {}});
  }
  return m;
}

TEST(HorizonProgram, ReproducesThePublishedDisruptionCase) {
  const SupplyModel m = HecCase();
  struct Expect {
    double loss_yuan, lost_units, tts;
  };
  const Expect expected[] = {{0, 0, 2.25}, {125000, 25, 45.0 / 35}, {275000, 55, 0.9}};
  double largest = 0;
  std::vector<double> pi;
  for (std::uint32_t down = 0; down < 3; ++down) {
    SCOPED_TRACE(down);
    std::vector<double> loss(3, 0);
    loss[down] = 1;
    HorizonProgram program(m, loss);
    const Impact impact = program.PerformanceImpact(2);
    ASSERT_EQ(impact.status, LpStatus::kOptimal);
    EXPECT_NEAR(impact.lost_value_yuan, expected[down].loss_yuan, 1e-6);
    EXPECT_NEAR(impact.lost_units, expected[down].lost_units, 1e-9);
    if (impact.lost_units > 0) {
      EXPECT_NEAR(impact.lost_by_item[0], expected[down].lost_units, 1e-9);  // P1 first
    }
    EXPECT_NEAR(program.TimeToSurvive(365), expected[down].tts, 1e-9);
    // The same program answers PI again after TTS (warm start, same result).
    EXPECT_NEAR(program.PerformanceImpact(2).lost_value_yuan, expected[down].loss_yuan, 1e-6);
    pi.push_back(impact.lost_value_yuan);
    largest = std::max(largest, impact.lost_value_yuan);
  }
  EXPECT_NEAR(pi[1] / largest, 0.455, 5e-4);  // risk exposure index
  EXPECT_NEAR(pi[2] / largest, 1.0, 1e-12);
}

TEST(HorizonProgram, NothingDisruptedLosesNothingAndSurvivesTheHorizon) {
  HorizonProgram program(HecCase(), {});
  EXPECT_NEAR(program.PerformanceImpact(30).lost_value_yuan, 0, 1e-6);
  EXPECT_NEAR(program.TimeToSurvive(365), 365, 1e-9);
}

TEST(HorizonProgram, LateAlternativeJoinsAfterItsDelay) {
  // One product, 10/day, stock 30, its only site down; an alternative of 10/day qualifies after 5 days.
  SupplyModel m;
  const std::uint32_t p = m.AddItem({"P", 30, 0, 10, 100});
  const std::uint32_t k = m.AddSite({"main", 10});
  m.AddActivity({"make", p, k, {}});
  m.AddActivity({"alternative", p, kNoSite, {}, 0, 10, 5});
  HorizonProgram program(m, {1.0});
  // Stock covers 3 days; the alternative only arrives after day 5: loss 20 units over 5 days.
  EXPECT_NEAR(program.TimeToSurvive(365), 3, 1e-9);
  EXPECT_NEAR(program.PerformanceImpact(5).lost_units, 20, 1e-9);
  // Over 10 days: 100 needed, 30 stock + 10 × 5 from the alternative → 20 lost.
  EXPECT_NEAR(program.PerformanceImpact(10).lost_units, 20, 1e-9);
  // With a 2-day delay the stock bridges it: 30 + 10 (T − 2) ≥ 10 T for every T.
  m.activities[1].delay_days = 2;
  HorizonProgram quick(m, {1.0});
  EXPECT_NEAR(quick.TimeToSurvive(365), 365, 1e-9);
}

TEST(SolveBuckets, InventoryIsCarriedBetweenBuckets) {
  // 10/day demand, stock 25, capacity 10/day lost completely on days 2–5 (4 days).
  SupplyModel m;
  const std::uint32_t p = m.AddItem({"P", 25, 0, 10, 1000});
  const std::uint32_t k = m.AddSite({"plant", 10});
  m.AddActivity({"make", p, k, {}});
  const BucketImpact r = SolveBuckets(m, {{k, 2, 4, 1.0}}, 10, 1);
  ASSERT_EQ(r.status, LpStatus::kOptimal);
  // Days 0–1 made as usual; the stock of 25 covers days 2, 3 and half of 4; 15 units lost on days 4–5.
  EXPECT_NEAR(r.lost_units_total, 15, 1e-9);
  EXPECT_NEAR(r.lost_units[4][p], 5, 1e-9);
  EXPECT_NEAR(r.lost_units[5][p], 10, 1e-9);
  EXPECT_NEAR(r.lost_value_yuan, 15000, 1e-6);
  // Weekly buckets see the same 15 units within the first week.
  const BucketImpact weekly = SolveBuckets(m, {{k, 2, 4, 1.0}}, 2, 7);
  EXPECT_NEAR(weekly.lost_units[0][p], 15, 1e-9);
  EXPECT_NEAR(weekly.lost_units[1][p], 0, 1e-9);
}

}  // namespace
}  // namespace chainscope
