// The job runner on its own: progress, result, failure, the running limit and cancel, with work that waits
// for its cancel flag (so "running" is certain, not a race).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "server/jobs.h"

namespace chainscope {
namespace {
namespace json = boost::json;

/// Work that reports 1 of 2 done, then waits until it is cancelled (at most 10 s).
json::value UntilCancelled(JobControl& control) {
  control.total = 2;
  control.done = 1;
  for (int i = 0; i < 1000 && !control.cancel; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return json::object{{"unfinished", true}};
}

json::object Finished(const JobRunner& jobs, const std::string& id) {
  for (int i = 0; i < 1000; ++i) {
    auto view = jobs.View(id);
    EXPECT_TRUE(view.has_value());
    if (!view || view->at("status") != "running") return view ? *view : json::object{};
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << id << " still running";
  return {};
}

TEST(JobRunner, ResultFailureLimitAndCancel) {
  JobRunner jobs;
  const auto done = jobs.Start("sum", [](JobControl& c) -> json::value {
    c.total = 1;
    c.done = 1;
    return 42;
  });
  ASSERT_TRUE(done);
  const json::object ok = Finished(jobs, *done);
  EXPECT_EQ(ok.at("status"), "done");
  EXPECT_EQ(ok.at("result"), 42);
  EXPECT_EQ(ok.at("progress").at("done"), 1);

  const auto bad =
      jobs.Start("fail", [](JobControl&) -> json::value { throw std::runtime_error("no data"); });
  const json::object failed = Finished(jobs, *bad);
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_EQ(failed.at("error"), "no data");
  EXPECT_FALSE(failed.contains("result"));

  // Two waiting jobs fill the runner; a third is refused until one ends.
  const auto a = jobs.Start("wait", UntilCancelled), b = jobs.Start("wait", UntilCancelled);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(jobs.Start("wait", UntilCancelled).has_value());
  const json::object running = *jobs.View(*a);
  EXPECT_EQ(running.at("status"), "running");
  EXPECT_FALSE(running.contains("result"));
  ASSERT_TRUE(jobs.Cancel(*a));
  const json::object cancelled = Finished(jobs, *a);
  EXPECT_EQ(cancelled.at("status"), "cancelled");
  EXPECT_FALSE(cancelled.contains("result"));  // what it returned after the cancel is not a result
  EXPECT_EQ(cancelled.at("progress").at("done"), 1);
  EXPECT_TRUE(jobs.Start("wait", UntilCancelled).has_value());  // room again
  // A finished job is forgotten by Cancel; an unknown id is not found.
  EXPECT_TRUE(jobs.Cancel(*done));
  EXPECT_FALSE(jobs.View(*done).has_value());
  EXPECT_FALSE(jobs.Cancel("J999"));
  EXPECT_EQ(jobs.List().size(), 4u);  // fail, a (cancelled), b and the new one (running)
}  // the runner's destructor cancels and joins the jobs still waiting

}  // namespace
}  // namespace chainscope
