#include <gtest/gtest.h>

#include <map>

#include "core/schema.h"
#include "dataset/generator.h"
#include "match/allocator.h"
#include "match_fixture.h"

namespace chainscope {
namespace {

TEST(Allocator, PricesAtBothBoundsAllocateAndOneBeyondIsRefusedNotAStall) {
  // The bounds a user may state: one fen and 1e9 yuan a unit, penalties of 1% and 1,000×; a price stored
  // beyond them (1e308, as an offer once could be) is refused naming the supplier, where its overflowing
  // integer cost made the min-cost flow run on without end.
  for (const double price : {kMinPriceYuan, kMaxPriceYuan})
    for (const double penalty : {0.01, 1000.0}) {
      Dataset d = testing::SteeringMarket();
      for (Capability& c : d.capabilities) c.unit_price_yuan = price;
      auto net = Network::Build(std::move(d));
      const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
      const std::vector<DemandSpec> demands{DemandSpecOf(*net, testing::SteeringDemand())};
      const Allocation a = Allocate(*net, book, demands, {.unmet_penalty_factor = penalty});
      EXPECT_EQ(CheckTransportCertificate(a.problem, a.solution), "") << price << " " << penalty;
      EXPECT_EQ(a.units_assigned + a.units_unmet, 10000) << price << " " << penalty;
    }
  Dataset d = testing::SteeringMarket();
  d.capabilities[1].unit_price_yuan = 1e308;
  auto net = Network::Build(std::move(d));
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  const std::vector<DemandSpec> demands{DemandSpecOf(*net, testing::SteeringDemand())};
  try {
    Allocate(*net, book, demands, {.unmet_penalty_factor = 1e-300});
    ADD_FAILURE() << "an overflowing price was allocated";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("supplier chengdu"), std::string::npos) << e.what();
  }
}

TEST(Allocator, ShareCapsByHand) {
  auto net = Network::Build(testing::SteeringMarket());
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  Demand d = testing::SteeringDemand();
  d.max_share = 0.6;
  const std::vector<DemandSpec> demands{DemandSpecOf(*net, d)};
  const Allocation a = Allocate(*net, book, demands);
  ASSERT_EQ(CheckTransportCertificate(a.problem, a.solution), "");
  // Chengdu is cheapest landed (2,300 + 2,300 × 2% × 260.3 km / 1,000 = 2,311.97 → 2,311.98 in whole fen)
  // but may take only 60% = 6,000; near (2,400 + 2,400 × 2% × 20 km / 1,000 = 2,400.96) takes the rest.
  ASSERT_EQ(a.assignments.size(), 2u);
  EXPECT_EQ(net->enterprise(a.assignments[0].supplier).id, "chengdu");
  EXPECT_EQ(a.assignments[0].quantity, 6000);
  EXPECT_NE(AssignmentReason(a.assignments[0], true).text.find("lowest landed cost of 2 eligible suppliers"),
            std::string::npos);
  EXPECT_NE(AssignmentReason(a.assignments[0], true).text.find("takes the largest share allowed (60%)"),
            std::string::npos);
  EXPECT_EQ(net->enterprise(a.assignments[1].supplier).id, "near");
  EXPECT_EQ(a.assignments[1].quantity, 4000);
  EXPECT_NE(AssignmentReason(a.assignments[1], true).text.find("no. 2 of 2 eligible suppliers"),
            std::string::npos);
  // Without prices (a viewer who may not see the supplier's): the rank and the limit, no yuan figure.
  const Message hidden = AssignmentReason(a.assignments[0], false);
  EXPECT_EQ(hidden.code, "alloc.cheapest");
  EXPECT_EQ(
      hidden.text,
      "lowest landed cost of 2 eligible suppliers (260 km away); takes the largest share allowed (60%)");
  for (const auto& [name, value] : hidden.params) EXPECT_EQ(name.find("yuan"), std::string::npos) << name;
  EXPECT_EQ(hidden.text.find("2311"), std::string::npos);
  EXPECT_TRUE(a.unmet.empty());
  EXPECT_NEAR(a.total_cost_yuan, 6000 * 2311.98 + 4000 * 2400.96, 1e-6);
  EXPECT_DOUBLE_EQ(a.regional_share_value, 1.0);

  // A 30% cap leaves 4,000 units that no eligible supplier may take.
  d.max_share = 0.3;
  const std::vector<DemandSpec> capped{DemandSpecOf(*net, d)};
  const Allocation b = Allocate(*net, book, capped);
  ASSERT_EQ(CheckTransportCertificate(b.problem, b.solution), "");
  ASSERT_EQ(b.unmet.size(), 1u);
  EXPECT_EQ(b.unmet[0].quantity, 4000);
  EXPECT_EQ(b.unmet[0].reason.text, "eligible suppliers can take at most 6000 units under the share cap");
}

TEST(Allocator, CompetingDemandsShareTheCheapSupply) {
  auto net = Network::Build(testing::SteeringMarket());
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  Demand a = testing::SteeringDemand(), b = testing::SteeringDemand();
  b.id = "DM2";
  a.annual_quantity = 15000;
  b.annual_quantity = 15000;
  b.required_certs = {"ISO 26262"};  // only near qualifies for DM2
  const std::vector<DemandSpec> demands{DemandSpecOf(*net, a), DemandSpecOf(*net, b)};
  const Allocation x = Allocate(*net, book, demands);
  ASSERT_EQ(CheckTransportCertificate(x.problem, x.solution), "");
  // near's 6,000 go to DM2 (its only source); DM1 takes 15,000 from chengdu. DM2 misses 9,000.
  std::map<std::pair<std::string, std::string>, std::int64_t> got;
  for (const Assignment& as : x.assignments)
    got[{demands[as.demand].id, net->enterprise(as.supplier).id}] += as.quantity;
  EXPECT_EQ(got[std::make_pair(std::string("DM1"), std::string("chengdu"))], 15000);
  EXPECT_EQ(got[std::make_pair(std::string("DM2"), std::string("near"))], 6000);
  EXPECT_EQ(x.units_unmet, 9000);
  ASSERT_EQ(x.unmet.size(), 1u);
  EXPECT_EQ(x.unmet[0].reason.text, "eligible suppliers can take at most 6000 units under the share cap");
}

// A stop (a request's deadline, Ctrl-C) ends the allocation with Cancelled, whichever phase it is in; the
// same allocation without one finishes.
TEST(Allocator, AStopRequestEndsTheAllocationWithCancelled) {
  auto net = Network::Build(GenerateDataset({2, 9}));
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  const auto demands = OpenDemands(*net, RecordTable<Demand>(net->data().demands));
  std::atomic<bool> stop{true};
  AllocationOptions options;
  options.stop = &stop;
  EXPECT_THROW(Allocate(*net, book, demands, options), Cancelled);
  options.prune_k = 2;  // the pricing rounds look at it too
  EXPECT_THROW(Allocate(*net, book, demands, options), Cancelled);
  stop = false;
  EXPECT_GT(Allocate(*net, book, demands, options).units_assigned, 0);
  TransportProblem p{{10}, {5}, {100}, {{0, 0, 5, 1}}};
  TransportOptions t;
  stop = true;
  t.stop = &stop;
  EXPECT_THROW(SolveTransport(p, t), Cancelled);
}

TEST(Allocator, GeneratedDemandsHaveACertifiedOptimumWithEitherAlgorithm) {
  auto net = Network::Build(GenerateDataset({2, 9}));
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  const auto demands = OpenDemands(*net, RecordTable<Demand>(net->data().demands));
  ASSERT_GT(demands.size(), 50u);
  const Allocation ns = Allocate(*net, book, demands);
  EXPECT_EQ(CheckTransportCertificate(ns.problem, ns.solution), "");
  // Its size, known before it is built (the cost the API bounds): the same supply and demand nodes, and no
  // fewer arcs than the eligible ones built.
  const AllocationSize size = SizeAllocation(*net, book, demands);
  EXPECT_EQ(size.demands, ns.problem.demand.size());
  EXPECT_EQ(size.supply_nodes, ns.problem.supply.size());
  EXPECT_GE(size.arcs_at_most, ns.problem.arcs.size());
  EXPECT_LE(size.arcs_at_most, size.supply_nodes * size.demands);
  AllocationOptions cost_scaling;
  cost_scaling.algorithm = TransportAlgorithm::kCostScaling;
  const Allocation cs = Allocate(*net, book, demands, cost_scaling);
  EXPECT_EQ(CheckTransportCertificate(cs.problem, cs.solution), "");
  EXPECT_EQ(cs.solution.cost, ns.solution.cost);
  AllocationOptions pruned;
  pruned.prune_k = 2;
  const Allocation pr = Allocate(*net, book, demands, pruned);
  EXPECT_EQ(CheckTransportCertificate(pr.problem, pr.solution), "");
  EXPECT_EQ(pr.solution.cost, ns.solution.cost);
  EXPECT_GT(pr.solution.rounds, 1);
  // Every unit of every demand is assigned or reported unmet; every assignment respects its cap.
  std::vector<std::int64_t> got(demands.size(), 0);
  for (const Assignment& as : ns.assignments) {
    got[as.demand] += as.quantity;
    EXPECT_LE(as.quantity,
              static_cast<std::int64_t>(
                  demands[as.demand].max_share * static_cast<double>(demands[as.demand].quantity) + 1e-9));
    EXPECT_FALSE(AssignmentReason(as, true).text.empty());
  }
  for (const UnmetDemand& u : ns.unmet) got[u.demand] += u.quantity;
  for (std::size_t i = 0; i < demands.size(); ++i) EXPECT_EQ(got[i], demands[i].quantity) << demands[i].id;
  // Deterministic: the same input gives the same allocation.
  const Allocation again = Allocate(*net, book, demands);
  ASSERT_EQ(again.assignments.size(), ns.assignments.size());
  for (std::size_t i = 0; i < ns.assignments.size(); ++i) {
    EXPECT_EQ(again.assignments[i].supplier, ns.assignments[i].supplier);
    EXPECT_EQ(again.assignments[i].quantity, ns.assignments[i].quantity);
  }
}

}  // namespace
}  // namespace chainscope
