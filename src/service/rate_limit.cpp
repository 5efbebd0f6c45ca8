#include "service/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace chainscope {

RateLimiter::RateLimiter(double burst, double per_second, std::size_t max_keys, AccountStore* shared)
    : burst_(std::max(1.0, burst)),
      per_second_(std::max(0.0, per_second)),
      max_keys_(max_keys),
      shared_(shared) {}

int RateLimiter::Shared(std::string_view key, bool take) {
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  int wait = 0;
  shared_->UpdateBucket(key, [&](std::optional<StoredBucket> stored) -> std::optional<StoredBucket> {
    Bucket b{burst_, Clock::time_point{}};
    if (stored)
      b.tokens = std::min(
          burst_, stored->tokens + std::max<std::int64_t>(0, now_ms - stored->at_ms) / 1000.0 * per_second_);
    wait = WaitSeconds(b);
    if (take && wait == 0) b.tokens -= 1;
    if (b.tokens >= burst_) return std::nullopt;  // full: the same as no bucket
    return StoredBucket{b.tokens, now_ms};
  });
  return wait;
}

RateLimiter::Bucket& RateLimiter::Refilled(std::string_view key, Clock::time_point now) {
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      // Drop every bucket that has refilled to full: it holds no state a fresh one would not.
      std::erase_if(buckets_, [&](const auto& kv) {
        const double elapsed = std::chrono::duration<double>(now - kv.second.at).count();
        return kv.second.tokens + elapsed * per_second_ >= burst_;
      });
      if (buckets_.size() >= max_keys_) buckets_.clear();  // a flood of distinct keys: start over
    }
    it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.at).count();
  if (elapsed > 0) {
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.at = now;
  }
  return b;
}

int RateLimiter::WaitSeconds(const Bucket& b) const {
  if (b.tokens >= 1) return 0;
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / per_second_)));
}

int RateLimiter::Take(std::string_view key, Clock::time_point now) {
  if (!enabled()) return 0;
  if (shared_) return Shared(key, true);
  std::lock_guard lock(mutex_);
  Bucket& b = Refilled(key, now);
  if (const int wait = WaitSeconds(b)) return wait;
  b.tokens -= 1;
  return 0;
}

int RateLimiter::Peek(std::string_view key, Clock::time_point now) {
  if (!enabled()) return 0;
  if (shared_) return Shared(key, false);
  std::lock_guard lock(mutex_);
  return WaitSeconds(Refilled(key, now));
}

void RateLimiter::Reset(std::string_view key) {
  if (shared_) {
    shared_->UpdateBucket(key, [](std::optional<StoredBucket>) { return std::nullopt; });
    return;
  }
  std::lock_guard lock(mutex_);
  buckets_.erase(std::string(key));
}

}  // namespace chainscope
