// The deadline timer: a flag is set at its deadline (not before), at once for one already past, never for a
// dropped handle, and many armed deadlines fire in time order from one thread.
#include "service/deadlines.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace chainscope {
namespace {
using namespace std::chrono_literals;
using Clock = DeadlineTimer::Clock;

bool WaitFor(const std::atomic<bool>& flag, std::chrono::milliseconds most) {
  const auto until = Clock::now() + most;
  while (!flag.load() && Clock::now() < until) std::this_thread::sleep_for(1ms);
  return flag.load();
}

TEST(DeadlineTimer, SetsTheFlagAtItsDeadlineAndNotBefore) {
  DeadlineTimer timer;
  const auto start = Clock::now();
  const auto flag = timer.Arm(start + 80ms);
  EXPECT_FALSE(flag->load());
  ASSERT_TRUE(WaitFor(*flag, 5000ms));
  EXPECT_GE(Clock::now() - start, 80ms);
}

TEST(DeadlineTimer, APassedDeadlineIsSetAtOnceAndADroppedOneIsForgotten) {
  DeadlineTimer timer;
  EXPECT_TRUE(timer.Arm(Clock::now() - 1ms)->load());
  { auto dropped = timer.Arm(Clock::now() + 20ms); }
  EXPECT_EQ(timer.armed(), 1u);
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(timer.armed(), 0u);  // fired into nothing: the handle was gone
}

TEST(DeadlineTimer, AnEarlierDeadlineArmedLaterFiresFirst) {
  DeadlineTimer timer;
  const auto late = timer.Arm(Clock::now() + 10s);
  const auto early = timer.Arm(Clock::now() + 30ms);
  ASSERT_TRUE(WaitFor(*early, 5000ms));
  EXPECT_FALSE(late->load());
}

TEST(DeadlineTimer, DroppedHandlesAreSweptSoTheMapStaysSmall) {
  DeadlineTimer timer;
  for (int i = 0; i < 10'000; ++i) timer.Arm(Clock::now() + 1h);  // each dropped at once
  EXPECT_LT(timer.armed(), 2100u);
  std::vector<std::shared_ptr<std::atomic<bool>>> kept;
  for (int i = 0; i < 3000; ++i) kept.push_back(timer.Arm(Clock::now() + 1h));
  EXPECT_GE(timer.armed(), 3000u);  // live handles are never swept
}

}  // namespace
}  // namespace chainscope
