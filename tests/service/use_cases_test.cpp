// The service's use cases without HTTP: each reads its request as either front end gives it, checks it,
// runs its engine and returns what the views render — the same answer as the engine called by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <limits>

#include "io/dataset_io.h"
#include "service/accounts.h"
#include "service/analytics.h"
#include "service/database.h"
#include "service/deals.h"
#include "service/errors.h"
#include "service/inbox.h"
#include "service/matching.h"
#include "service/records.h"
#include "service/resilience.h"
#include "service/stress_jobs.h"
#include "store/store.h"
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

TEST_F(UseCases, AStressSweepIsSplitRunInPartsAndAssembledAsOneRankedRun) {
  // The hand-computed chain of tests/data/chain, its jobs in a SQLite file of its own.
  auto platform = std::make_shared<Platform>(ReadDataset(testing::TestData() / "chain"));
  const std::filesystem::path db = std::filesystem::temp_directory_path() / "chainscope-use-case-jobs.db";
  std::filesystem::remove(db);
  const std::unique_ptr<Store> store = OpenStore(db.string());
  CostBounds costs;
  std::vector<StressReport> assembled;
  StressRenderings render{
      [](const Network&, const ScenarioResult& r) { return json::value(r.lost_vehicles); },
      [&](const SupplyNetwork&, const StressOptions&, const StressReport& report) {
        assembled.push_back(report);
        return json::value(static_cast<std::int64_t>(report.mitigations.size()));
      }};
  JobOptions options;
  options.start = false;
  JobWorkers jobs(platform, *store, StressJobKinds(platform, costs, render), options);
  Principal analyst;
  analyst.role = AccountRole::kAnalyst;
  const StressStarted started =
      StartStress(jobs, *platform->state(), json::parse(R"({"ttr_days": 30, "mitigate": 2})").as_object(),
                  costs, analyst);
  EXPECT_FALSE(started.scenario_plan);
  EXPECT_EQ(started.job.total, 7);  // every node once
  while (jobs.RunOnce()) {
  }
  const Job done = StressJob(jobs, started.job.id, true);
  ASSERT_EQ(done.state, JobState::kDone) << done.error;
  EXPECT_EQ(done.result, "2");  // the two mitigations asked for
  // The parts, assembled, are the whole sweep run at once in this process (the CLI's use case), with the
  // same mitigations.
  StressOptions whole;
  whole.ttr_days = 30;
  whole.threads = 1;
  const SupplyNetwork chain(*platform->state()->chain);
  const StressReport by_hand = RunStressSweep(chain, *platform->Book(*platform->state()), whole, 2);
  ASSERT_EQ(assembled.size(), 1u);
  const StressReport& got = assembled[0];
  ASSERT_EQ(got.result.nodes.size(), by_hand.result.nodes.size());
  for (std::size_t i = 0; i < by_hand.result.nodes.size(); ++i) {
    EXPECT_EQ(got.result.nodes[i].node, by_hand.result.nodes[i].node);
    EXPECT_DOUBLE_EQ(got.result.nodes[i].pi_value_yuan, by_hand.result.nodes[i].pi_value_yuan);
  }
  ASSERT_EQ(got.mitigations.size(), by_hand.mitigations.size());
  for (std::size_t i = 0; i < got.mitigations.size(); ++i) {
    EXPECT_EQ(got.mitigations[i].node, by_hand.mitigations[i].node);
    EXPECT_EQ(got.mitigations[i].second_sources, by_hand.mitigations[i].second_sources);
  }
  // A scenario is planned before it is accepted: one over the bound on its program is refused then.
  costs.scenario_lp_columns = 1;
  EXPECT_THROW(
      StartStress(
          jobs, *platform->state(),
          json::parse(R"({"scenario": {"disruptions": [{"enterprise": "ecu1", "duration_days": 5}]}})")
              .as_object(),
          costs, analyst),
      InvalidInput);
  EXPECT_THROW(StressJob(jobs, "JB99999", false), ServiceError);
  EXPECT_FALSE(EndStressJob(jobs, started.job.id, analyst));  // a finished job is forgotten
  EXPECT_THROW(StressJob(jobs, started.job.id, false), ServiceError);
  std::filesystem::remove(db);
}

TEST_F(UseCases, InboxesWebhooksAccountsAndTheAuditTrailAsEachCallerMayUseThem) {
  const std::filesystem::path db = std::filesystem::temp_directory_path() / "chainscope-use-case-inbox.db";
  std::filesystem::remove(db);
  const std::unique_ptr<Store> store = OpenStore(db.string());
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  Accounts accounts(*store);
  const User admin_user =
      accounts.AddUser({.email = "admin@example.com", .role = "admin", .password = "a long enough one"});
  const User member_user = accounts.AddUser({.email = "buyer@oem1.example",
                                             .role = "member",
                                             .enterprise = "oem1",
                                             .password = "a long enough one"});
  auto principal = [](const User& u) {
    Principal p;
    p.user_id = u.id;
    p.email = u.email;
    p.role = u.role;
    p.enterprise = u.enterprise;
    return p;
  };
  const Principal admin = principal(admin_user), member = principal(member_user);
  std::vector<Notification> notices(3);
  for (Notification& n : notices) {
    n.enterprise = "oem1";
    n.event = "response.received";
    n.entity = "response:RS00001";
    n.payload = "{}";
  }
  store->AddNotifications(notices);
  // The member's inbox, newest first; staff have none.
  InboxPage page = InboxOf(*store, member, false, 2, 0);
  EXPECT_EQ(page.total, 3u);
  EXPECT_EQ(page.unread, 3u);
  ASSERT_EQ(page.notices.size(), 2u);
  EXPECT_EQ(page.notices[0].id, notices[2].id);
  EXPECT_EQ(InboxOf(*store, admin, false, 50, 0).total, 0u);
  EXPECT_FALSE(ReadNotice(*store, member, notices[0].id).read_at.empty());
  EXPECT_EQ(InboxOf(*store, member, true, 50, 0).total, 2u);
  EXPECT_THROW(ReadNotice(*store, member, 999999), NotFound);
  EXPECT_THROW(ReadNotice(*store, admin, notices[1].id), ServiceError);  // no inbox: forbidden
  // The match threshold, bounded, audit-logged.
  SetOwnMatchThreshold(*store, member, 0.7);
  EXPECT_DOUBLE_EQ(MatchThresholdOf(*store, "oem1"), 0.7);
  EXPECT_THROW(SetOwnMatchThreshold(*store, member, 1.5), InvalidInput);
  // Webhooks are the enterprise's own: no other caller finds them.
  WebhookPolicy loopback;
  loopback.allow_private = true;
  const NewWebhook hook =
      CreateWebhook(*store, member, json::parse(R"({"url":"http://127.0.0.1:9/h"})").as_object(),
                    SealingKey(std::array<unsigned char, 32>{7}), loopback);
  EXPECT_EQ(OwnWebhooks(*store, member).size(), 1u);
  EXPECT_THROW(OwnWebhooks(*store, admin), ServiceError);
  EXPECT_FALSE(RemoveWebhook(*store, member, hook.webhook.id).active);
  EXPECT_THROW(Redeliver(*store, member, hook.webhook.id, 1), Conflict);  // removed
  // Accounts are the administrator's to list; the trail too, or an enterprise's administrator's for its own.
  EXPECT_EQ(accounts.List(admin).size(), 2u);
  EXPECT_THROW(accounts.List(member), ServiceError);
  EXPECT_EQ(accounts.Get(admin, member_user.id).email, "buyer@oem1.example");
  EXPECT_THROW(accounts.Get(admin, 999999), NotFound);
  std::size_t total = 0;
  AuditQuery everything;
  EXPECT_FALSE(accounts.AuditTrail(admin, everything, &total, Params::QueryNames()).empty());
  EXPECT_THROW(accounts.AuditTrail(member, everything, &total, Params::QueryNames()), ServiceError);
  Principal enterprise_admin = member;
  enterprise_admin.enterprise_admin = true;
  for (const AuditRecord& r : accounts.AuditTrail(enterprise_admin, everything, &total, Params::QueryNames()))
    EXPECT_EQ(r.by.enterprise, "oem1");
  AuditQuery bad_time;
  bad_time.since = "yesterday";
  EXPECT_THROW(accounts.AuditTrail(admin, bad_time, &total, Params::QueryNames()), InvalidInput);
  std::filesystem::remove(db);
}

TEST_F(UseCases, RecordsAndTheMatchmakingLoopAsEachPartyMayUseThem) {
  const std::filesystem::path db = std::filesystem::temp_directory_path() / "chainscope-use-case-market.db";
  std::filesystem::remove(db);
  {
    const std::unique_ptr<Store> store = OpenStore(db.string());
    store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  }
  Platform platform(OpenStore(db.string()));
  auto member = [](std::int64_t id, const std::string& enterprise) {
    Principal p;
    p.user_id = id;
    p.email = enterprise + "@example.com";
    p.role = AccountRole::kMember;
    p.enterprise = enterprise;
    return p;
  };
  const Principal buyer = member(1, "oem1"), supplier = member(2, "eps1"), other = member(3, "cell1");
  Principal analyst = member(4, "");
  analyst.role = AccountRole::kAnalyst;
  const auto body = [](std::string_view text) { return json::parse(text).as_object(); };
  const std::string demand_fields =
      R"("component":"CHS-EPS","annual_quantity":100,"start_date":"2027-03-01")";
  // A member's record is its own enterprise's; another enterprise's is refused; the ETag guards a change.
  const WrittenRecord<Demand> first = CreateRecord<Demand>(platform, buyer, body("{" + demand_fields + "}"));
  EXPECT_EQ(first.record.buyer, "oem1");
  EXPECT_TRUE(first.record.open);
  EXPECT_THROW(CreateRecord<Demand>(platform, other, body(R"({"buyer":"oem1",)" + demand_fields + "}")),
               ServiceError);
  EXPECT_THROW(CloseRecord<Demand>(platform, buyer, first.record.id, std::string("\"stale\"")),
               PreconditionFailed);
  EXPECT_THROW(CloseRecord<Demand>(platform, other, first.record.id, std::nullopt), NotFound);
  EXPECT_FALSE(CloseRecord<Demand>(platform, buyer, first.record.id, RecordEtag(first.record)).record.open);
  const WrittenRecord<Demand> open = CreateRecord<Demand>(platform, buyer, body("{" + demand_fields + "}"));
  RecordQuery mine;
  mine.owner = "oem1";
  mine.open = true;
  const auto listed = ListRecords<Demand>(*platform.state()->market, mine, buyer);
  ASSERT_FALSE(listed.empty());
  EXPECT_TRUE(
      std::any_of(listed.begin(), listed.end(), [&](const Demand* d) { return d->id == open.record.id; }));
  // The supplier responds once; the buyer sees it ranked, shortlists and accepts it; both confirm.
  const Response r = Respond(platform, supplier, open.record.id,
                             body(R"({"annual_quantity":100,"unit_price_yuan":2200,"lead_time_days":30})"));
  EXPECT_THROW(Respond(platform, supplier, open.record.id,
                       body(R"({"annual_quantity":100,"unit_price_yuan":2200,"lead_time_days":30})")),
               Conflict);
  const std::vector<RankedResponse> ranked = ResponsesToDemand(platform, buyer, open.record.id);
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].response.id, r.id);
  EXPECT_GE(ranked[0].rank, 1u);
  EXPECT_THROW(ActOnResponse(platform, other, r.id, ResponseAction::kShortlist), NotFound);
  EXPECT_EQ(ActOnResponse(platform, buyer, r.id, ResponseAction::kShortlist).status,
            ResponseStatus::kShortlisted);
  const Deal deal = Accept(platform, buyer, r.id, {});
  EXPECT_FALSE(deal.linked);
  EXPECT_THROW(Confirm(platform, analyst, deal.id), ServiceError);  // no party
  EXPECT_FALSE(Confirm(platform, buyer, deal.id).linked);
  EXPECT_TRUE(Confirm(platform, supplier, deal.id).linked);
  EXPECT_EQ(GetDeal(platform, analyst, deal.id).id, deal.id);
  EXPECT_THROW(GetDeal(platform, other, deal.id), NotFound);
  std::filesystem::remove(db);
}

}  // namespace
}  // namespace chainscope
