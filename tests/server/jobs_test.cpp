// Jobs in the store, on their own: parts claimed under leases, progress, the assembled result, failure,
// the bound on unfinished jobs, cancel within a renewal, and a part whose worker died (its lease ran out)
// taken over by another worker — on each store backend.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "io/dataset_io.h"
#include "service/jobs.h"
#include "store_backends.h"
#include "test_util.h"
#include "view/jobs_json.h"

namespace chainscope {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

/// "sum": parts sum the integers of their slice of [0, n); the assembly adds the parts' sums. With
/// "wait": true, a part waits for its cancel flag (at most 10 s) instead; with "fail", it throws an error the
/// user can act on; with "crash", an internal one.
JobKind SumKind() {
  JobKind k;
  k.split = [](const PlatformState&, const json::object& r) {
    const std::int64_t n = r.at("n").as_int64(), parts = r.at("parts").as_int64();
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (std::int64_t p = 0; p < parts; ++p) out.emplace_back(n * p / parts, n * (p + 1) / parts);
    return out;
  };
  k.run = [](const PlatformState&, const json::object& r, std::int64_t first, std::int64_t last,
             JobControl& c) -> json::value {
    if (r.contains("fail")) throw InvalidInput("no data for this part");
    if (r.contains("crash")) throw std::runtime_error("SQL: relation \"secret_table\" does not exist");
    c.total = static_cast<std::size_t>(last - first);
    if (r.contains("wait")) {
      c.done = 1;
      for (int i = 0; i < 1000 && !c.cancel; ++i) std::this_thread::sleep_for(10ms);
      return json::object{{"unfinished", true}};
    }
    std::int64_t sum = 0;
    for (std::int64_t i = first; i < last; ++i) sum += i;
    c.done = c.total.load();
    return sum;
  };
  k.assemble = [](const PlatformState&, const json::object&, std::vector<json::value> parts,
                  JobControl&) -> json::value {
    std::int64_t sum = 0;
    for (const json::value& p : parts) sum += p.as_int64();
    return json::object{{"sum", sum}, {"parts", parts.size()}};
  };
  return k;
}

class JobsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = db_.Open();
    store_->ReplaceDataset(ReadDataset(testing::MiniDataset()));
    platform_ = std::make_shared<Platform>(db_.Open());
  }
  std::unique_ptr<JobWorkers> Workers(JobOptions o) {
    return std::make_unique<JobWorkers>(platform_, *store_,
                                        std::map<std::string, JobKind>{{"sum", SumKind()}}, o);
  }
  Job Wait(const std::string& id, std::chrono::milliseconds limit = 10s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      Job j = store_->FindJob(id, true).value();
      if ((j.state != JobState::kQueued && j.state != JobState::kRunning) ||
          std::chrono::steady_clock::now() > until)
        return j;
      std::this_thread::sleep_for(10ms);
    }
  }
  testing::TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  std::shared_ptr<Platform> platform_;
};
INSTANTIATE_TEST_SUITE_P(Backends, JobsTest, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

TEST_P(JobsTest, PartsAreClaimedOnceAndAssembledInOrder) {
  JobOptions o;
  o.start = false;
  auto workers = Workers(o);
  const std::optional<Job> job = workers->Submit("sum", json::object{{"n", 100}, {"parts", 4}}, {});
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, "JB00001");
  EXPECT_EQ(store_->FindJob(job->id, false)->state, JobState::kQueued);
  EXPECT_EQ(store_->FindJob(job->id, false)->total, 100);
  // Four parts, then the assembly (only once all four are finished), then nothing.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(workers->RunOnce(static_cast<std::size_t>(i % 2))) << i;
  EXPECT_FALSE(workers->RunOnce());
  const Job done = *store_->FindJob(job->id, true);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(json::parse(done.result), (json::object{{"sum", 4950}, {"parts", 4}}));
  EXPECT_EQ(done.done, 100);
  EXPECT_FALSE(done.finished_at.empty());
  const json::object view = JobJson(done, true);
  EXPECT_EQ(view.at("status"), "done");
  EXPECT_EQ(view.at("result").at("sum"), 4950);
}

TEST_P(JobsTest, FailureBoundAndCancelWithinARenewal) {
  JobOptions o;
  o.workers = 2;
  o.max_unfinished = 2;
  o.renew = 100ms;
  o.poll = 20ms;
  auto workers = Workers(o);
  const Job failed =
      Wait(workers->Submit("sum", json::object{{"n", 4}, {"parts", 1}, {"fail", true}}, {})->id);
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(failed.error, "no data for this part");
  // An internal failure's detail stays in the server log: the job names only where to look.
  const Job crashed =
      Wait(workers->Submit("sum", json::object{{"n", 4}, {"parts", 1}, {"crash", true}}, {})->id);
  EXPECT_EQ(crashed.state, JobState::kFailed);
  EXPECT_EQ(crashed.error.find("secret_table"), std::string::npos) << crashed.error;
  EXPECT_NE(crashed.error.find("internal error"), std::string::npos) << crashed.error;
  EXPECT_NE(crashed.error.find(crashed.id), std::string::npos) << crashed.error;
  // Two waiting jobs are the bound; a third is refused until one ends.
  const auto a = workers->Submit("sum", json::object{{"n", 4}, {"parts", 1}, {"wait", true}}, {});
  const auto b = workers->Submit("sum", json::object{{"n", 4}, {"parts", 1}, {"wait", true}}, {});
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(workers->Submit("sum", json::object{{"n", 4}, {"parts", 1}}, {}));
  // Running, with its part's progress reported by the renewals.
  const auto started = std::chrono::steady_clock::now();
  while (store_->FindJob(a->id, false)->done < 1 && std::chrono::steady_clock::now() - started < 5s)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(store_->FindJob(a->id, false)->state, JobState::kRunning);
  EXPECT_EQ(store_->FindJob(a->id, false)->done, 1);
  const auto cancel_at = std::chrono::steady_clock::now();
  EXPECT_TRUE(store_->CancelJob(a->id));
  // The worker is free again within a renewal: it takes the next job.
  const auto c = workers->Submit("sum", json::object{{"n", 10}, {"parts", 2}}, {});
  ASSERT_TRUE(c);
  EXPECT_EQ(Wait(c->id).state, JobState::kDone);
  EXPECT_LT(std::chrono::steady_clock::now() - cancel_at, 2s);
  const Job cancelled = *store_->FindJob(a->id, true);
  EXPECT_EQ(cancelled.state, JobState::kCancelled);
  EXPECT_TRUE(cancelled.result.empty());
  // A finished job is forgotten by a second cancel; an unknown one is not found.
  EXPECT_FALSE(store_->CancelJob(a->id));
  EXPECT_FALSE(store_->FindJob(a->id, false));
  EXPECT_THROW(store_->CancelJob("JB99999"), NotFound);
  EXPECT_TRUE(store_->CancelJob(b->id));
}

// Issue 27: a part running past the run-time bound (serve: 3 × --max-job-seconds) is stopped and its job
// fails saying so, where it used to hold a worker for as long as it ran; the worker then takes the next job.
TEST_P(JobsTest, APartPastTheRunTimeBoundIsStoppedAndItsJobFails) {
  JobOptions o;
  o.renew = 50ms;
  o.poll = 20ms;
  o.max_part_run = 300ms;
  auto workers = Workers(o);
  const auto start = std::chrono::steady_clock::now();
  const Job stopped =
      Wait(workers->Submit("sum", json::object{{"n", 4}, {"parts", 1}, {"wait", true}}, {})->id);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);  // the part itself would wait 10 s
  EXPECT_EQ(stopped.state, JobState::kFailed);
  EXPECT_TRUE(stopped.error.starts_with(kJobOverTime)) << stopped.error;
  EXPECT_NE(stopped.error.find("0.3 s"), std::string::npos) << stopped.error;
  EXPECT_EQ(Wait(workers->Submit("sum", json::object{{"n", 10}, {"parts", 2}}, {})->id).state,
            JobState::kDone);
}

TEST_P(JobsTest, APartWhoseWorkerDiedIsTakenOverWhenItsLeaseRunsOut) {
  JobOptions o;
  o.start = false;
  o.lease = 300ms;
  auto workers = Workers(o);
  const std::optional<Job> job = workers->Submit("sum", json::object{{"n", 10}, {"parts", 2}}, {});
  // A worker that claims part 0 and then dies: it never renews nor finishes.
  const auto now = std::chrono::system_clock::now();
  const std::optional<JobClaim> dead =
      store_->ClaimJobPart("dead:1/0", UtcMillis(now), UtcMillis(now + 300ms));
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->part, 0);
  // Others take part 1, but neither part 0 (leased) nor the assembly (part 0 unfinished).
  EXPECT_TRUE(workers->RunOnce());
  EXPECT_FALSE(workers->RunOnce());
  std::this_thread::sleep_for(350ms);
  EXPECT_TRUE(workers->RunOnce());  // part 0, attempt 2
  EXPECT_TRUE(workers->RunOnce());  // the assembly
  const Job done = *store_->FindJob(job->id, true);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(json::parse(done.result).at("sum"), 45);
  // The dead worker's late result is refused: its lease is gone.
  EXPECT_FALSE(store_->FinishJobPart(*dead, "dead:1/0", "999"));
  EXPECT_EQ(store_->RenewJobPart(*dead, "dead:1/0", UtcMillis(), 0, 0), JobLease::kLost);
}

TEST_P(JobsTest, TwoWorkersOnTwoConnectionsNeverClaimTheSamePart) {
  const std::optional<Job> job =
      Workers({.start = false})->Submit("sum", json::object{{"n", 400}, {"parts", 24}}, {});
  ASSERT_TRUE(job);
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(db_.Open());
  std::vector<std::vector<int>> claimed(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (;;) {
        const auto now = std::chrono::system_clock::now();
        const auto claim =
            stores[i]->ClaimJobPart(fmt::format("w{}", i), UtcMillis(now), UtcMillis(now + 60s));
        if (!claim) return;
        claimed[i].push_back(claim->part);
        if (claim->part < 24) {
          EXPECT_TRUE(stores[i]->FinishJobPart(*claim, fmt::format("w{}", i), "0"));
        }
      }
    });
  for (auto& t : threads) t.join();
  std::multiset<int> all;
  for (const auto& c : claimed) all.insert(c.begin(), c.end());
  for (int p = 0; p < 24; ++p) EXPECT_EQ(all.count(p), 1u) << p;
  EXPECT_LE(all.count(24), 1u);  // the assembly, claimed by whoever found every part finished
}

}  // namespace
}  // namespace chainscope
