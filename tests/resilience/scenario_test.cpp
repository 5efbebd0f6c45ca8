// Scenarios on the time-bucketed program: hand-computed partial losses and carried stock, targets by place,
// province and component, and every parse error naming its path.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "resilience/scenario.h"
#include "tiny_chain.h"

namespace chainscope {
namespace {

Scenario Parse(const std::string& text) {
  return ScenarioFromJson(boost::json::parse(text), "test.json");
}

// One line of 2 vehicles a day on X; S makes exactly 2 a day; the OEM holds 2 days (4 units).
std::shared_ptr<const Network> TightChain() {
  return Network::Build(testing::TinyChain()
                            .Component("X")
                            .Oem("O")
                            .Supplier("S")
                            .Line("L", "O", 2, 100000, {{"X", 1}})
                            .Makes("S", "X", 2, 2)
                            .Buys("O", "S", "X", 2, 2)
                            .data());
}

TEST(Scenario, PartialCapacityLossWithStockCarriedBetweenDays) {
  const auto net = TightChain();
  const SupplyNetwork chain(*net);
  // Half of S's capacity for 10 days: 1 a day short; the 4 units in stock last 4 days, then 1 a day is lost.
  const ScenarioResult r = RunScenario(
      chain,
      Parse(
          R"({"name": "half", "horizon_days": 14, "disruptions": [{"enterprise": "S", "duration_days": 10, "capacity_loss": 0.5}]})"),
      {});
  EXPECT_EQ(r.bucket_days, 1);
  ASSERT_EQ(r.lost_vehicles_by_bucket.size(), 14u);
  for (int day = 0; day < 14; ++day)
    EXPECT_NEAR(r.lost_vehicles_by_bucket[day], day >= 4 && day < 10 ? 1 : 0, 1e-9) << day;
  EXPECT_NEAR(r.lost_vehicles, 6, 1e-9);
  EXPECT_NEAR(r.lost_value_yuan, 6e5, 1e-3);
  ASSERT_EQ(r.by_oem.size(), 1u);
  EXPECT_EQ(net->enterprise(r.by_oem[0].oem).id, "O");
  EXPECT_NEAR(r.by_oem[0].lost_vehicles_by_bucket[9], 1, 1e-9);
  // Weekly buckets: the same 6 vehicles, 3 in each of the first two weeks.
  const ScenarioResult weekly = RunScenario(
      chain,
      Parse(
          R"({"horizon_days": 14, "bucket_days": 7, "disruptions": [{"enterprise": "S", "duration_days": 10, "capacity_loss": 0.5}]})"),
      {});
  ASSERT_EQ(weekly.lost_vehicles_by_bucket.size(), 2u);
  EXPECT_NEAR(weekly.lost_vehicles, 6, 1e-9);
  EXPECT_NEAR(weekly.lost_vehicles_by_bucket[0], 3, 1e-9);
}

TEST(Scenario, PlaceProvinceAndComponentTargets) {
  const auto net = TightChain();
  const SupplyNetwork chain(*net);
  // The place holds the OEM's plant too: a full stop of 3 days there loses 6 vehicles, whatever the stock.
  const ScenarioResult place = RunScenario(
      chain, Parse(R"({"horizon_days": 10, "disruptions": [{"place": "500116", "duration_days": 3}]})"), {});
  EXPECT_NEAR(place.lost_vehicles, 6, 1e-9);
  EXPECT_EQ(place.plants_disrupted, 1u);
  // Without the plants only S stops: 4 units of stock cover 2 of the 3 days.
  const ScenarioResult sites = RunScenario(
      chain,
      Parse(
          R"({"horizon_days": 10, "disruptions": [{"province": "Chongqing", "duration_days": 3, "vehicle_plants": false}]})"),
      {});
  EXPECT_NEAR(sites.lost_vehicles, 2, 1e-9);
  const ScenarioResult component = RunScenario(
      chain, Parse(R"({"horizon_days": 10, "disruptions": [{"component": "X", "duration_days": 3}]})"), {});
  EXPECT_NEAR(component.lost_vehicles, 2, 1e-9);
  // Two overlapping half losses are one full loss.
  const ScenarioResult twice = RunScenario(
      chain,
      Parse(
          R"({"horizon_days": 10, "disruptions": [{"enterprise": "S", "duration_days": 3, "capacity_loss": 0.5},
                                                  {"component": "X", "duration_days": 3, "capacity_loss": 0.5}]})"),
      {});
  EXPECT_NEAR(twice.lost_vehicles, 2, 1e-9);
}

TEST(Scenario, ErrorsNameThePathAndReason) {
  const std::pair<std::string, std::string> cases[] = {
      {"[]", "test.json: (top): a scenario is a JSON object"},
      {R"({"disruptions": []})", "test.json: disruptions: a non-empty list of disruptions is required"},
      {R"({"colour": 1, "disruptions": []})", "unknown field 'colour'"},
      {R"({"disruptions": [{"duration_days": 3}]})", "disruptions[0]: give exactly one of enterprise"},
      {R"({"disruptions": [{"enterprise": "S", "place": "500116", "duration_days": 3}]})",
       "give exactly one"},
      {R"({"disruptions": [{"enterprise": "S"}]})", "disruptions[0]: field 'duration_days' is required"},
      {R"({"disruptions": [{"enterprise": "S", "duration_days": -1}]})",
       "field 'duration_days' must be greater than 0"},
      {R"({"disruptions": [{"enterprise": "S", "duration_days": 3, "capacity_loss": 1.5}]})",
       "field 'capacity_loss' must be greater than 0 and at most 1"},
      {R"({"disruptions": [{"enterprise": "S", "duration_days": "3"}]})",
       "field 'duration_days' must be a number"},
      {R"({"disruptions": [{"enterprise": "S", "duration_days": 3, "vehicle_plants": 1}]})",
       "field 'vehicle_plants' must be true or false"},
      {R"({"horizon_days": 0, "disruptions": [{"enterprise": "S", "duration_days": 3}]})",
       "field 'horizon_days' must be greater than 0"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    try {
      Parse(text);
      ADD_FAILURE() << "no error";
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
  const auto net = TightChain();
  const SupplyNetwork chain(*net);
  for (const char* target : {R"({"enterprise": "ghost")", R"({"place": "999")", R"({"province": "Tibet")",
                             R"({"component": "NOPE")"}) {
    const std::string text = std::string(R"({"disruptions": [)") + target + R"(, "duration_days": 3}]})";
    EXPECT_THROW(RunScenario(chain, Parse(text), {}), InvalidInput) << text;
  }
}

}  // namespace
}  // namespace chainscope

#include <filesystem>

#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "test_util.h"

namespace chainscope {
namespace {

/// The period method (solve the runs of unchanged buckets as one, then each run with losses in its own
/// buckets) against the whole bucketed program (what --write-lp writes and solves): the same lost output, in
/// total and per vehicle maker.
void ExpectSameAsTheWholeProgram(const SupplyNetwork& chain, const std::string& scenario_json,
                                 const ModelOptions& options = {}) {
  SCOPED_TRACE(scenario_json);
  const Scenario scenario = Parse(scenario_json);
  const ScenarioResult periods = RunScenario(chain, scenario, options);
  testing::TempDir tmp;
  const ScenarioResult whole = RunScenario(chain, scenario, options, (tmp / "whole.mps").string());
  ASSERT_TRUE(std::filesystem::exists(tmp / "whole.mps"));
  std::printf("  %s: lost %.3f vehicles (whole program %.3f)\n", scenario.name.c_str(), periods.lost_vehicles,
              whole.lost_vehicles);
  EXPECT_GT(whole.lost_vehicles, 0);  // a case that loses nothing would prove nothing
  EXPECT_NEAR(periods.lost_vehicles, whole.lost_vehicles, 1e-6 * std::max(1.0, whole.lost_vehicles));
  EXPECT_NEAR(periods.lost_value_yuan, whole.lost_value_yuan, 1e-6 * std::max(1.0, whole.lost_value_yuan));
  ASSERT_EQ(periods.lost_vehicles_by_bucket.size(), whole.lost_vehicles_by_bucket.size());
  // Per bucket, the two may pick different optima (the same total: losses a day earlier or later): each
  // bucket loses at least 0 and the buckets add up.
  double sum = 0;
  for (double lost : periods.lost_vehicles_by_bucket) {
    EXPECT_GE(lost, 0);
    sum += lost;
  }
  EXPECT_NEAR(sum, periods.lost_vehicles, 1e-9 * std::max(1.0, sum));
  std::map<std::uint32_t, double> by_oem;
  for (const auto& o : whole.by_oem) by_oem[o.oem.value] = o.lost_vehicles;
  for (const auto& o : periods.by_oem)
    EXPECT_NEAR(o.lost_vehicles, by_oem[o.oem.value], 1e-6 * std::max(1.0, o.lost_vehicles)) << o.oem.value;
}

TEST(Scenario, PeriodsGiveTheWholeProgramsLossOnTheTestChain) {
  const auto net = Network::Build(ReadDataset(testing::TestData() / "chain"));
  const SupplyNetwork chain(*net);
  ExpectSameAsTheWholeProgram(
      chain, R"({"name": "a", "horizon_days": 40, "disruptions": [{"component": "PACK", "start_day": 5,
                 "duration_days": 25, "capacity_loss": 0.9}]})");
  ExpectSameAsTheWholeProgram(chain, R"({"name": "b", "horizon_days": 45, "disruptions": [
                 {"province": "Sichuan", "start_day": 3, "duration_days": 10, "capacity_loss": 0.5},
                 {"enterprise": "eps1", "start_day": 8, "duration_days": 20, "capacity_loss": 1},
                 {"component": "ECU", "start_day": 0.5, "duration_days": 6.25, "capacity_loss": 0.4}]})");
  ModelOptions alternatives;
  alternatives.alternatives = true;
  alternatives.qualification_days = 9;
  ExpectSameAsTheWholeProgram(
      chain, R"({"name": "c", "horizon_days": 50, "disruptions": [{"enterprise": "pack1", "start_day": 2,
                 "duration_days": 30, "capacity_loss": 1}]})",
      alternatives);
  ExpectSameAsTheWholeProgram(
      chain, R"({"name": "weekly", "horizon_days": 70, "bucket_days": 7, "disruptions": [{"place": "510100",
                 "start_day": 7, "duration_days": 21, "capacity_loss": 0.6}]})");
}

TEST(Scenario, PeriodsGiveTheWholeProgramsLossOnTheCalibratedChain) {
  const auto net = Network::Build(GenerateDataset({}));
  const SupplyNetwork chain(*net);
  // A short daily horizon keeps the whole program small enough for a test; bench_stress compares the
  // example scenarios at full length.
  ExpectSameAsTheWholeProgram(
      chain,
      R"({"name": "Liangjiang and CATL", "horizon_days": 10, "disruptions": [{"enterprise": "catl-yibin",
                 "start_day": 1, "duration_days": 8, "capacity_loss": 1}, {"place": "LIANGJIANG", "start_day": 2,
                 "duration_days": 4.5, "capacity_loss": 0.5}]})");
  ExpectSameAsTheWholeProgram(
      chain, R"({"name": "rationing", "horizon_days": 12, "disruptions": [{"province": "Sichuan",
                 "start_day": 3, "duration_days": 6, "capacity_loss": 0.5}]})");
}

// O needs 4 X a day and buys 2 from S: the other 2 come from the unrecorded source, which a disruption of S's
// province leaves alone and a disruption of the component X takes too.
TEST(Scenario, TheUnrecordedSourceIsDisruptedOnlyWithItsComponent) {
  const auto net = Network::Build(testing::TinyChain()
                                      .Component("X")
                                      .Oem("O")
                                      .Supplier("S")
                                      .Line("L", "O", 4, 100000, {{"X", 1}})
                                      .Makes("S", "X", 2, 2)
                                      .Buys("O", "S", "X", 2, 0)
                                      .data());
  const SupplyNetwork chain(*net);
  const ScenarioResult province = RunScenario(
      chain,
      Parse(R"({"horizon_days": 10, "disruptions": [{"province": "Chongqing", "duration_days": 10, )"
            R"("vehicle_plants": false}]})"),
      {});
  EXPECT_NEAR(province.lost_vehicles, 20, 1e-9);
  ASSERT_EQ(province.assumptions.size(), 1u);
  EXPECT_EQ(province.assumptions[0].kind, ChainAssumption::Kind::kUnrecordedSupply);
  const ScenarioResult component = RunScenario(
      chain, Parse(R"({"horizon_days": 10, "disruptions": [{"component": "X", "duration_days": 10}]})"), {});
  EXPECT_NEAR(component.lost_vehicles, 40, 1e-9);
  // Half of every X maker's capacity, the unrecorded one's too, for 5 days of 10: 2 a day lost for 5 days.
  const ScenarioResult half = RunScenario(
      chain,
      Parse(R"({"horizon_days": 10, "disruptions": [{"component": "X", "duration_days": 5, "capacity_loss": )"
            R"(0.5}]})"),
      {});
  EXPECT_NEAR(half.lost_vehicles, 10, 1e-9);
}

}  // namespace
}  // namespace chainscope
