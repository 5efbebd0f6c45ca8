#include "service/deadlines.h"

#include <algorithm>

namespace chainscope {

DeadlineTimer::DeadlineTimer() : thread_([this] { Run(); }) {}

DeadlineTimer::~DeadlineTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::shared_ptr<std::atomic<bool>> DeadlineTimer::Arm(Clock::time_point deadline) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  if (deadline <= Clock::now()) {
    flag->store(true);
    return flag;
  }
  bool earliest = false;
  {
    std::lock_guard lock(mutex_);
    // Handles dropped before their time (the usual case: the work finished) are swept when the map has
    // doubled since the last sweep, so it holds O(live handles) entries at amortised O(1) per Arm.
    if (armed_.size() >= std::max<std::size_t>(1024, 2 * after_sweep_)) {
      std::erase_if(armed_, [](const auto& entry) { return entry.second.expired(); });
      after_sweep_ = armed_.size();
    }
    earliest = armed_.empty() || deadline < armed_.begin()->first;
    armed_.emplace(deadline, flag);
  }
  if (earliest) wake_.notify_all();
  return flag;
}

std::size_t DeadlineTimer::armed() const {
  std::lock_guard lock(mutex_);
  return armed_.size();
}

void DeadlineTimer::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (armed_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto next = armed_.begin()->first;
    if (Clock::now() < next) {
      wake_.wait_until(lock, next);
      continue;
    }
    if (auto flag = armed_.begin()->second.lock()) flag->store(true);
    armed_.erase(armed_.begin());
  }
}

}  // namespace chainscope
