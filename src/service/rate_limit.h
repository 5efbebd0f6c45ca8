// service: token-bucket rate limits keyed by a string (a client address, an account, a token). In memory,
// per process; bounded in size. Used for failed sign-ins and for the request rate.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chainscope {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// `burst` tokens at most per key, refilled at `per_second`; per_second = 0 turns the limiter off.
  RateLimiter(double burst, double per_second, std::size_t max_keys = 100'000);

  /// Takes one token of `key`: 0 when there was one, else the whole seconds (≥ 1) until there will be.
  int Take(std::string_view key, Clock::time_point now = Clock::now());
  /// Like Take, without taking: whether a token is there now (0) or the seconds until one is.
  int Peek(std::string_view key, Clock::time_point now = Clock::now());
  /// Forgets a key (a successful sign-in clears its failures).
  void Reset(std::string_view key);
  bool enabled() const { return per_second_ > 0; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  Bucket& Refilled(std::string_view key, Clock::time_point now);
  int WaitSeconds(const Bucket& b) const;
  double burst_, per_second_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace chainscope
