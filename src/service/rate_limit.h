// service: token-bucket rate limits keyed by a string (a client address, an account, a token) — in memory,
// per process and bounded in size (the request rate), or kept in the store so that every server on it
// counts against the same buckets (failed sign-ins: N servers must not give an attacker N times the
// tries).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.h"

namespace chainscope {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// `burst` tokens at most per key, refilled at `per_second`; per_second = 0 turns the limiter off.
  /// With `shared`, the buckets are the store's (Store::UpdateBucket), timed by the wall clock (UTC), and
  /// the `now` arguments are ignored.
  RateLimiter(double burst, double per_second, std::size_t max_keys = 100'000,
              AccountStore* shared = nullptr);

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
  /// The shared bucket of `key`, refilled to now, passed to `use` (which may take a token); stored back.
  int Shared(std::string_view key, bool take);
  int WaitSeconds(const Bucket& b) const;
  double burst_, per_second_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  AccountStore* shared_ = nullptr;
};

}  // namespace chainscope
