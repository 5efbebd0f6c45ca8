// service: deadlines for work that must not run without end. A DeadlineTimer owns one thread that sets a
// stop flag (core/model.h, StopRequested) when its deadline passes; the engines look at the flag between
// units of work and throw Cancelled, which the front end turns into its own answer (the API: 503 naming
// `serve --request-timeout`).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace chainscope {

/// A heavy request's deadline by default (serve --request-timeout), in seconds, and the most it may be.
inline constexpr int kDefaultRequestTimeoutSeconds = 30;
inline constexpr int kMaxRequestTimeoutSeconds = 3600;

class DeadlineTimer {
 public:
  using Clock = std::chrono::steady_clock;
  DeadlineTimer();
  ~DeadlineTimer();
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

  /// A flag that becomes true at `deadline` (at once when it has passed). Dropping the last handle disarms
  /// it. O(log armed).
  std::shared_ptr<std::atomic<bool>> Arm(Clock::time_point deadline);
  /// Deadlines armed and not yet fired (dropped ones count until they are swept or their time comes).
  std::size_t armed() const;

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<Clock::time_point, std::weak_ptr<std::atomic<bool>>> armed_;
  std::size_t after_sweep_ = 0;  // entries left by the last sweep of dropped handles
  bool stopping_ = false;
  std::thread thread_;  // started last: it uses the members above
};

}  // namespace chainscope
