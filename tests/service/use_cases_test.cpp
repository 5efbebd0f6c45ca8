// The service's use cases without HTTP: each reads its request as either front end gives it, checks it,
// runs its engine and returns what the views render — the same answer as the engine called by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <limits>

#include "io/dataset_io.h"
#include "service/analytics.h"
#include "service/database.h"
#include "service/errors.h"
#include "service/matching.h"
#include "service/resilience.h"
#include "test_util.h"
#include "with_duplicates.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class UseCases : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { net_ = Network::Build(ReadDataset(testing::MiniDataset())); }
  static Params Query(std::map<std::string, std::string> values) {
    return Params(std::move(values), Params::QueryNames());
  }
  static Params Flags(std::map<std::string, std::string> values) {
    return Params(std::move(values), Params::FlagNames());
  }
  static inline std::shared_ptr<const Network> net_;
};

TEST_F(UseCases, LocalizationIsTheEnginesAnswerToTheParsedQuery) {
  const LocalizationAnswer a = AnswerLocalization(*net_, Query({{"by", "component"}, {"buyers", "all"}}));
  EXPECT_EQ(a.query.by, LocalizationKey::kComponent);
  EXPECT_EQ(a.query.scope, BuyerScope::kAllTiers);
  const std::vector<LocalizationRow> by_hand = Localize(*net_, a.query);
  ASSERT_EQ(a.rows.size(), by_hand.size());
  ASSERT_FALSE(a.rows.empty());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].key, by_hand[i].key);
    EXPECT_EQ(a.rows[i].value_yuan, by_hand[i].value_yuan);
  }
}

TEST_F(UseCases, ParametersAreNamedAsEachFrontEndSpellsThem) {
  try {
    AnswerLocalization(*net_, Query({{"buyer_province", "Tibet"}}));
    FAIL() << "an unknown province was taken";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("query parameter 'buyer_province'"), std::string::npos) << e.what();
  }
  try {
    AnswerLocalization(*net_, Flags({{"buyer_province", "Tibet"}}));
    FAIL() << "an unknown province was taken";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("--buyer-province"), std::string::npos) << e.what();
  }
}

TEST_F(UseCases, FlowsWeakLinksAndInvestTargets) {
  const FlowsAnswer f = AnswerFlows(*net_, Query({{"buyers", "all"}}));
  EXPECT_EQ(f.report.total_value_yuan, ComputeFlows(*net_, f.query).total_value_yuan);
  EXPECT_GT(f.report.total_value_yuan, 0);
  const WeakLinksAnswer w = AnswerWeakLinks(*net_, Query({}));
  EXPECT_EQ(w.report.critical_suppliers.size(), AnalyzeWeakLinks(*net_, w.query).critical_suppliers.size());
  const InvestAnswer i = AnswerInvest(*net_, Query({{"top", "5"}}));
  EXPECT_LE(i.targets.size(), 5u);
  EXPECT_EQ(i.targets.size(), RankInvestTargets(*net_, i.query).size());
}

TEST_F(UseCases, AWhatIfOverTheServersBoundIsRefusedWithItsCost) {
  const json::object body{{"component", "CHS-EPS"}, {"place", "510100"}};
  const WhatIfAnswer a = AnswerWhatIf(*net_, body, std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(a.links, net_->link_count());
  EXPECT_EQ(a.result.supplier.component, "CHS-EPS");
  try {
    AnswerWhatIf(*net_, body, net_->link_count() - 1);
    FAIL() << "a what-if over the bound ran";
  } catch (const Error& e) {
    ASSERT_TRUE(e.reason());
    EXPECT_EQ(e.reason()->code, "cost.over_bound");
  }
}

TEST_F(UseCases, DuplicatesCheckTheThresholdAndMergesNeedAStore) {
  DuplicateOptions options;
  options.threshold = 1.5;
  try {
    AnswerDuplicates(net_->data(), options, "--threshold");
    FAIL() << "a threshold over 1 was taken";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("--threshold"), std::string::npos);
  }
  options.threshold = 0.5;
  EXPECT_EQ(AnswerDuplicates(net_->data(), options).pairs.size(),
            FindDuplicates(net_->data(), options).pairs.size());

  testing::TempDir dir;
  Database db((dir / "store.db").string());
  db.Import(ReadDataset(testing::MiniDataset()));
  EXPECT_THROW(db.Merge("eps1", "eps1"), InvalidInput);
  EXPECT_THROW(db.Merge("", "eps1"), InvalidInput);
  Platform read_only(ReadDataset(testing::MiniDataset()));
  try {
    MergeEnterprises(read_only, "eps1", "eps2", {});
    FAIL() << "a merge without a store";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kReadOnly);
  }
}

TEST_F(UseCases, MatchingOneDemandIsTheMatchersRankingWithItsExplanation) {
  Platform platform(ReadDataset(testing::MiniDataset()));
  const auto state = platform.state();
  const MatchRequest request = MatchRequestOf(
      *state, json::object{{"demand", "DM1"}, {"top", 2}, {"explain", "eps1"}, {"weights", {{"price", 0.5}}}},
      LocalOperator());
  EXPECT_EQ(request.top, 2u);
  EXPECT_EQ(request.explain, state->chain->FindEnterprise("eps1"));
  const MatchAnswer a = MatchDemand(platform, *state, request);
  const Matcher matcher(*state->chain, *platform.Book(*state));
  const MatchResult by_hand = matcher.TopK(request.demand, 2, request.weights);
  ASSERT_EQ(a.result.candidates.size(), by_hand.candidates.size());
  for (std::size_t i = 0; i < by_hand.candidates.size(); ++i) {
    EXPECT_EQ(a.result.candidates[i].supplier, by_hand.candidates[i].supplier);
    EXPECT_DOUBLE_EQ(a.result.candidates[i].score, by_hand.candidates[i].score);
  }
  ASSERT_TRUE(a.explanation);
  EXPECT_EQ(a.explanation->rank, matcher.Explain(request.demand, request.explain, request.weights).rank);
  // Each invalid part of the body is named; an unknown supplier to explain is not found.
  EXPECT_THROW(MatchRequestOf(*state, json::object{{"demand", "DM1"}, {"top", 0}}, LocalOperator()),
               InvalidInput);
  try {
    MatchRequestOf(*state, json::object{{"demand", "DM1"}, {"explain", "nobody"}}, LocalOperator());
    FAIL() << "an unknown supplier was explained";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

TEST_F(UseCases, AllocationIsMeasuredBeforeItRunsAndRefusedOverTheBound) {
  Platform platform(ReadDataset(testing::MiniDataset()));
  const auto state = platform.state();
  const AllocationAnswer a =
      AllocateOpenDemands(platform, *state, AllocationOptions{}, std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(a.demands.size(), OpenDemands(*state->chain, state->market->demands).size());
  ASSERT_GT(a.size.arcs_at_most, 0u);
  EXPECT_GE(a.size.arcs_at_most, a.allocation.problem.arcs.size());
  try {
    AllocateOpenDemands(platform, *state, AllocationOptions{}, a.size.arcs_at_most - 1);
    FAIL() << "an allocation over the bound ran";
  } catch (const Error& e) {
    ASSERT_TRUE(e.reason());
    EXPECT_EQ(e.reason()->code, "cost.over_bound");
  }
}

TEST_F(UseCases, AnImportWarnsOfTheDuplicatesItBringsInOnce) {
  testing::TempDir dir;
  Database db((dir / "store.db").string());
  const Dataset d = testing::WithDuplicates();
  const DuplicateReport first = db.Import(d);
  ASSERT_FALSE(first.pairs.empty());
  EXPECT_EQ(first.pairs.size(), FindDuplicates(d).pairs.size());
  // The same data again brings in no enterprise the store did not have: nothing new to warn of.
  EXPECT_TRUE(db.Import(d).pairs.empty());
  EXPECT_EQ(db.Load().enterprises.size(), d.enterprises.size());
  EXPECT_TRUE(db.VerifyAudit().ok());
}

TEST_F(UseCases, MitigationsForTheRiskiestNodesAreMitigateOfEachThatLoses) {
  const SupplyNetwork chain(*net_);
  StressOptions options;
  options.threads = 1;
  const StressResult ranked = RunStress(chain, options);
  Platform platform(ReadDataset(testing::MiniDataset()));
  const auto book = platform.Book(*platform.state());
  std::vector<std::size_t> progress;
  const std::vector<Mitigation> got = MitigateRiskiest(
      chain, *book, ranked, options, 3, [&](std::size_t done, std::size_t) { progress.push_back(done); });
  std::vector<Mitigation> by_hand;
  for (std::size_t i = 0; i < 3 && i < ranked.nodes.size(); ++i)
    if (ranked.nodes[i].pi_value_yuan > 0)
      by_hand.push_back(Mitigate(chain, ranked.nodes[i].node, options,
                                 SecondSourcesFor(chain, *book, ranked.nodes[i].node)));
  ASSERT_EQ(got.size(), by_hand.size());
  ASSERT_FALSE(got.empty());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].node, by_hand[i].node);
    EXPECT_EQ(got[i].second_sources, by_hand[i].second_sources);
    EXPECT_DOUBLE_EQ(got[i].pi_with_second_sources_yuan, by_hand[i].pi_with_second_sources_yuan);
  }
  EXPECT_EQ(progress, (std::vector<std::size_t>{1, 2, 3}));
  // A cancelled job's mitigations stop at once.
  std::atomic<bool> cancel{true};
  EXPECT_TRUE(MitigateRiskiest(chain, *book, ranked, options, 3, {}, &cancel).empty());
}

}  // namespace
}  // namespace chainscope
